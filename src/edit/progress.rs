//! A comparison told as a monthly show-and-tell: a one-line headline and a Markdown
//! report of what changed between two versions of a map.

use super::diff::{BOOKKEEPING, FieldChange, MapDiff};
use crate::analysis::money::format_gbp_short;
use crate::model::SupportStatus;
use chrono::NaiveDate;
use serde_json::Value;
use std::fmt::Write;

/// "3 November 2026", how the headline names a version's date.
fn long_date(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(|d| d.format("%-d %B %Y").to_string())
        .unwrap_or_else(|_| iso.to_string())
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "Since 3 November 2026: 2 systems retired, 3 moved to supported, unsupported 9 -> 6".
pub fn headline(diff: &MapDiff) -> String {
    let s = &diff.summary;
    let mut parts = Vec::new();
    if !s.retired.is_empty() {
        parts.push(format!(
            "{} retired",
            plural(s.retired.len(), "system", "systems")
        ));
    }
    let to_supported = s
        .status_changes
        .iter()
        .filter(|c| c.new == SupportStatus::Supported)
        .count();
    if to_supported > 0 {
        parts.push(format!("{to_supported} moved to supported"));
    }
    let key = SupportStatus::Unsupported.key();
    let (before, after) = (s.status_before[key], s.status_after[key]);
    if before != after {
        parts.push(format!("unsupported {before} -> {after}"));
    }
    let added = diff.added.len();
    if added > 0 {
        parts.push(format!(
            "{} added",
            plural(added, "component", "components")
        ));
    }
    if parts.is_empty() {
        parts.push(if diff.is_empty() {
            "no changes".to_string()
        } else {
            format!(
                "{} changed",
                plural(s.components_changed, "component", "components")
            )
        });
    }
    format!("Since {}: {}", long_date(&s.old_modified), parts.join(", "))
}

/// A field value as a reader would write it: text without quotes, absent as "(none)".
pub fn show_value(value: &Value) -> String {
    match value {
        Value::Null => "(none)".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn field_line(out: &mut String, change: &FieldChange) {
    let _ = writeln!(
        out,
        "  - {}: {} -> {}",
        change.field,
        show_value(&change.old),
        show_value(&change.new)
    );
}

/// Markdown for a show-and-tell or a code review of a map file.
pub fn markdown(diff: &MapDiff) -> String {
    let s = &diff.summary;
    let mut out = String::new();
    let _ = writeln!(out, "# Progress: {}\n", s.new_title);
    let _ = writeln!(
        out,
        "From {} to {}.\n\n**{}**\n",
        long_date(&s.old_modified),
        long_date(&s.new_modified),
        headline(diff)
    );
    out.push_str("| status | before | after |\n| --- | --- | --- |\n");
    for status in SupportStatus::ALL {
        let key = status.key();
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            status.label(),
            s.status_before[key],
            s.status_after[key]
        );
    }
    if !s.retired.is_empty() {
        out.push_str("\n## Retired\n\n");
        for r in &s.retired {
            match &r.replaced_by {
                Some(by) => {
                    let _ = writeln!(out, "- {} (replaced by {by})", r.name);
                }
                None => {
                    let _ = writeln!(out, "- {}", r.name);
                }
            }
        }
    }
    if !s.status_changes.is_empty() {
        out.push_str("\n## Status changes\n\n");
        for c in &s.status_changes {
            let _ = writeln!(out, "- {}: {} -> {}", c.name, c.old.label(), c.new.label());
        }
    }
    register_section(&mut out, diff);
    if !diff.added.is_empty() {
        out.push_str("\n## Added\n\n");
        for e in &diff.added {
            let _ = writeln!(out, "- {} ({})", e.name, e.id);
        }
    }
    if !diff.removed.is_empty() {
        out.push_str("\n## Removed\n\n");
        for e in &diff.removed {
            let _ = writeln!(out, "- {} ({})", e.name, e.id);
        }
    }
    if !diff.changed.is_empty() {
        out.push_str("\n## Changed\n\n");
        for c in &diff.changed {
            let _ = writeln!(out, "- {} ({})", c.name, c.id);
            for f in &c.fields {
                field_line(&mut out, f);
            }
        }
    }
    let links = [
        ("Links added", &diff.links_added),
        ("Links removed", &diff.links_removed),
    ];
    for (title, list) in links {
        if !list.is_empty() {
            let _ = writeln!(out, "\n## {title}\n");
            for l in list {
                let _ = writeln!(out, "- {} -> {}", l.from_name, l.to_name);
            }
        }
    }
    if !diff.links_changed.is_empty() {
        out.push_str("\n## Links changed\n\n");
        for l in &diff.links_changed {
            let _ = writeln!(out, "- {} -> {}", l.from, l.to);
            for f in &l.fields {
                field_line(&mut out, f);
            }
        }
    }
    let notes = diff.notes_added.len() + diff.notes_removed.len() + diff.notes_changed.len();
    if notes > 0 {
        out.push_str("\n## Notes\n\n");
        for n in &diff.notes_added {
            let _ = writeln!(out, "- added: {}", n.text);
        }
        for n in &diff.notes_removed {
            let _ = writeln!(out, "- removed: {}", n.text);
        }
        for n in &diff.notes_changed {
            let _ = writeln!(out, "- changed: {}", n.id);
            for f in &n.fields {
                field_line(&mut out, f);
            }
        }
    }
    let map_fields: Vec<&FieldChange> = diff
        .map_changed
        .iter()
        .filter(|c| !BOOKKEEPING.contains(&c.field.as_str()))
        .collect();
    if !map_fields.is_empty() {
        out.push_str("\n## Map\n\n");
        for f in map_fields {
            field_line(&mut out, f);
        }
    }
    out
}

fn or_dash<T>(value: Option<T>, show: impl Fn(T) -> String) -> String {
    value.map_or_else(|| "-".to_string(), show)
}

/// The risk register's movements: rank, score and expected loss before and after.
fn register_section(out: &mut String, diff: &MapDiff) {
    let s = &diff.summary;
    if let (Some(before), Some(after)) = (s.estate_loss_before, s.estate_loss_after) {
        let _ = writeln!(
            out,
            "\nExpected loss of the whole estate: {} a year before, {} a year after.",
            format_gbp_short(before.median),
            format_gbp_short(after.median)
        );
    }
    // A board reads what changed a system's risk; places that shifted only because
    // others moved are summed up in one line instead of a row each.
    let (rows, shifted): (Vec<_>, Vec<_>) = s.register.iter().partition(|r| {
        r.old_score != r.new_score || r.old_expected_loss_gbp != r.new_expected_loss_gbp
    });
    if rows.is_empty() && shifted.is_empty() {
        return;
    }
    out.push_str("\n## Risk register\n");
    if !rows.is_empty() {
        out.push_str(
            "\n| system | rank | score | expected loss a year |\n| --- | --- | --- | --- |\n",
        );
    }
    for r in rows {
        let rank = format!(
            "{} -> {}",
            or_dash(r.old_rank, |n| n.to_string()),
            or_dash(r.new_rank, |n| n.to_string())
        );
        let score = format!(
            "{} -> {}",
            or_dash(r.old_score, |x| format!("{x:.1}")),
            or_dash(r.new_score, |x| format!("{x:.1}"))
        );
        let loss = format!(
            "{} -> {}",
            or_dash(r.old_expected_loss_gbp, format_gbp_short),
            or_dash(r.new_expected_loss_gbp, format_gbp_short)
        );
        let _ = writeln!(out, "| {} | {rank} | {score} | {loss} |", r.name);
    }
    if !shifted.is_empty() {
        let _ = writeln!(
            out,
            "\n{} changed place only, as others above {} moved.",
            plural(shifted.len(), "other system", "other systems"),
            if shifted.len() == 1 { "it" } else { "them" }
        );
    }
}

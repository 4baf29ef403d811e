//! `estate-map merge AREA.json... -o ESTATE.json [--into ESTATE.json] [--review FILE.csv]
//! [--decisions FILE.csv]`: disease-area maps merged into one estate map.
//!
//! Prints what was merged, the near matches and the conflicts. Exit codes: 0 merged
//! with nothing left to review; 1 merged, but near matches or conflicts are still
//! undecided (decide them in the `--review` file and pass it back as `--decisions`);
//! 2 bad input (an unreadable or invalid map, two areas with one title, a bad
//! decisions file, an output that cannot be written); nothing is written then.

use crate::edit::estate::review::{read_decisions, review_csv, values_text};
use crate::edit::estate::{
    Decision, Decisions, MergeOutcome, area_title, duplicate_area, merge_areas,
};
use crate::model::{Map, load_file, to_json_bytes, write_atomically};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const TO_REVIEW: u8 = 1;
const BAD_INPUT: u8 = 2;

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// Area maps to merge, in order; each area is named by its map's title.
    #[arg(required = true)]
    pub areas: Vec<PathBuf>,
    /// The estate map to write (.json).
    #[arg(short, long)]
    pub output: PathBuf,
    /// An estate to merge into: components from an area merged before are updated in
    /// place, not duplicated.
    #[arg(long)]
    pub into: Option<PathBuf>,
    /// Write the near matches and conflicts to review as CSV (decision column blank).
    #[arg(long)]
    pub review: Option<PathBuf>,
    /// Apply a reviewed file (decision accept / reject, or a conflict's value).
    #[arg(long)]
    pub decisions: Option<PathBuf>,
}

pub fn run(args: &MergeArgs) -> ExitCode {
    match merge(args) {
        Ok(outcome) => {
            print!("{}", summary(&outcome));
            if outcome.undecided() > 0 {
                ExitCode::from(TO_REVIEW)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(messages) => {
            for m in messages {
                eprintln!("error: {m}");
            }
            ExitCode::from(BAD_INPUT)
        }
    }
}

fn merge(args: &MergeArgs) -> Result<MergeOutcome, Vec<String>> {
    let one = |m: String| vec![m];
    let mut areas: Vec<(String, Map)> = Vec::new();
    for path in &args.areas {
        if same_file(path, &args.output) {
            return Err(one(format!(
                "{} would overwrite an area map",
                args.output.display()
            )));
        }
        let map = load_file(path).map_err(|e| one(e.to_string()))?;
        areas.push((area_title(&map, path), map));
    }
    if let Some(title) = duplicate_area(&areas) {
        return Err(one(format!(
            "two area maps are titled '{title}': give each area its own title"
        )));
    }
    let estate = match &args.into {
        Some(path) => Some(load_file(path).map_err(|e| one(e.to_string()))?),
        None => None,
    };
    let decisions = match &args.decisions {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| one(format!("cannot read {}: {e}", path.display())))?;
            read_decisions(&text).map_err(|errors| {
                let at = |e: String| format!("{}: {e}", path.display());
                errors.into_iter().map(at).collect::<Vec<_>>()
            })?
        }
        None => Decisions::default(),
    };
    let outcome = merge_areas(estate.as_ref(), &areas, &decisions);
    if !outcome.problems.is_empty() {
        let at = |p: &String| match &args.decisions {
            Some(path) => format!("{}: {p}", path.display()),
            None => p.clone(),
        };
        return Err(outcome.problems.iter().map(at).collect());
    }
    write(&args.output, &to_json_bytes(&outcome.map))?;
    if let Some(path) = &args.review {
        write(path, review_csv(&outcome).as_bytes())?;
    }
    Ok(outcome)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Vec<String>> {
    write_atomically(path, bytes, false)
        .map_err(|e| vec![format!("cannot write '{}': {e}", path.display())])
}

/// What was merged, then the near matches and conflicts as tables.
pub fn summary(outcome: &MergeOutcome) -> String {
    let mut out = String::new();
    for line in &outcome.report {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&format!(
        "Estate: {} components, {} links\n",
        outcome.map.components.len(),
        outcome.map.links.len()
    ));
    if !outcome.near_matches.is_empty() {
        out.push_str("\nNear matches (never merged unless accepted):\n");
        let mut rows = vec![vec![
            "A".to_string(),
            "B".to_string(),
            "score".to_string(),
            "reason".to_string(),
            "decision".to_string(),
        ]];
        for m in &outcome.near_matches {
            let decision = match m.decision {
                Some(Decision::Accept) => "accepted",
                Some(Decision::Reject) => "rejected",
                None => "to review",
            };
            rows.push(vec![
                format!("{} ({})", m.a.name, m.a.area),
                format!("{} ({})", m.b.name, m.b.area),
                format!("{:.2}", m.score),
                m.reason.clone(),
                decision.to_string(),
            ]);
        }
        out.push_str(&table(&rows));
    }
    if !outcome.conflicts.is_empty() {
        out.push_str("\nConflicts (the estate keeps the chosen value):\n");
        let mut rows = vec![
            ["component", "field", "values", "chosen", "rule"]
                .map(String::from)
                .to_vec(),
        ];
        for c in &outcome.conflicts {
            let rule = if c.decided {
                "decided".to_string()
            } else {
                c.rule.clone()
            };
            rows.push(vec![
                c.component.clone(),
                c.field.clone(),
                values_text(&c.values),
                c.chosen.clone(),
                rule,
            ]);
        }
        out.push_str(&table(&rows));
    }
    let undecided = outcome.undecided();
    if undecided > 0 {
        out.push_str(&format!(
            "\n{undecided} to review: write them with --review FILE.csv, fill in the decision column, and merge again with --decisions FILE.csv\n"
        ));
    }
    out
}

/// Columns padded to their widest cell, two spaces apart.
fn table(rows: &[Vec<String>]) -> String {
    let columns = rows.first().map_or(0, Vec::len);
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns).map(width).collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        out.push_str("  ");
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

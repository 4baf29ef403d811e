//! The review file: near matches and conflicts as CSV for a person to decide in a
//! spreadsheet, and the decisions read back.
//!
//! Columns: `kind,a_area,a_name,b_area,b_name,score,reason,field,values,chosen,decision`.
//! A `match` row proposes that `a_name` on `a_area` and `b_name` on `b_area` are one
//! system; its decision is blank (undecided), `accept` or `reject`. A `conflict` row
//! names the component (`a_name`, its areas in `a_area`), the `field`, each area's
//! `values` and the value the estate keeps (`chosen`, by the rule in `reason`); its
//! decision is blank, `accept` (keep the chosen value) or the value to use instead.

use super::{Decision, Decisions, MergeOutcome, Side, ValueDecision};

pub const HEADER: [&str; 11] = [
    "kind", "a_area", "a_name", "b_area", "b_name", "score", "reason", "field", "values", "chosen",
    "decision",
];

/// The review file for an outcome: every near match, then every conflict.
pub fn review_csv(outcome: &MergeOutcome) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record(HEADER);
    for m in &outcome.near_matches {
        let decision = match m.decision {
            Some(Decision::Accept) => "accept",
            Some(Decision::Reject) => "reject",
            None => "",
        };
        let score = format!("{:.2}", m.score);
        let _ = out.write_record([
            "match", &m.a.area, &m.a.name, &m.b.area, &m.b.name, &score, &m.reason, "", "", "",
            decision,
        ]);
    }
    for c in &outcome.conflicts {
        let areas = outcome
            .map
            .component(&c.id)
            .map(|comp| comp.areas.join("; "))
            .unwrap_or_default();
        let values = values_text(&c.values);
        let decision = if c.decided { "accept" } else { "" };
        let _ = out.write_record([
            "conflict",
            &areas,
            &c.component,
            "",
            "",
            "",
            &c.rule,
            &c.field,
            &values,
            &c.chosen,
            decision,
        ]);
    }
    let bytes = out.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// "stroke: Unsupported; diabetes: Supported".
pub fn values_text(values: &[(String, String)]) -> String {
    let parts: Vec<String> = values.iter().map(|(a, v)| format!("{a}: {v}")).collect();
    parts.join("; ")
}

/// Reads a reviewed file. Every bad row is reported with its row number as a
/// spreadsheet shows it (the header is row 1); blank decisions are skipped.
pub fn read_decisions(text: &str) -> Result<Decisions, Vec<String>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_lowercase()).collect(),
        Err(e) => return Err(vec![format!("row 1: cannot read the header: {e}")]),
    };
    let column = |name: &str| header.iter().position(|h| h == name);
    let needed = ["a_area", "a_name", "b_area", "b_name", "decision"];
    let missing: Vec<&str> = needed.into_iter().filter(|n| column(n).is_none()).collect();
    if !missing.is_empty() {
        return Err(vec![format!(
            "row 1: the header lacks the column(s) {}; expected {}",
            missing.join(", "),
            HEADER.join(",")
        )]);
    }
    let mut decisions = Decisions::default();
    let mut errors = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("row {row}: {e}"));
                continue;
            }
        };
        let get = |name: &str| {
            column(name)
                .and_then(|i| record.get(i))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let decision = get("decision");
        if decision.is_empty() {
            continue;
        }
        let kind = get("kind").to_lowercase();
        match kind.as_str() {
            "" | "match" => {
                let d = match decision.to_lowercase().as_str() {
                    "accept" | "accepted" | "yes" => Decision::Accept,
                    "reject" | "rejected" | "no" => Decision::Reject,
                    _ => {
                        errors.push(format!(
                            "row {row}: decision \u{201C}{decision}\u{201D} is not accept or reject (or blank)"
                        ));
                        continue;
                    }
                };
                let (a, b) = (
                    Side::new(get("a_area"), get("a_name")),
                    Side::new(get("b_area"), get("b_name")),
                );
                if [&a.area, &a.name, &b.area, &b.name]
                    .iter()
                    .any(|s| s.is_empty())
                {
                    errors.push(format!(
                        "row {row}: a match needs a_area, a_name, b_area and b_name"
                    ));
                    continue;
                }
                decisions.decide(a, b, d);
            }
            "conflict" => {
                let (component, field) = (get("a_name"), get("field"));
                if component.is_empty() || field.is_empty() {
                    errors.push(format!("row {row}: a conflict needs a_name and field"));
                    continue;
                }
                let value = (!decision.eq_ignore_ascii_case("accept")).then_some(decision);
                decisions.values.push(ValueDecision {
                    component,
                    field,
                    value,
                    row,
                });
            }
            other => errors.push(format!(
                "row {row}: kind \u{201C}{other}\u{201D} is not match or conflict"
            )),
        }
    }
    if errors.is_empty() {
        Ok(decisions)
    } else {
        Err(errors)
    }
}

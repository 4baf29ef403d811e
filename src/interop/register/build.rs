//! Rows -> components: each mapped cell through `loose_text` and its field's parser;
//! what cannot be read is reported by row and column and kept in the description.

use super::Table;
use super::columns::{Mapping, fold};
use super::shelf::{SHELF_NOTE, shelf_places};
use crate::edit::estate::matching::near_match;
use crate::model::catalogue::lookup;
use crate::model::fields::{field, loose_text};
use crate::model::{Component, ComponentId, Map, Note, NoteId, SourceRef};
use std::collections::{BTreeMap, HashMap};

/// A cell that could not be read (or a row without a name).
#[derive(Clone, Debug, PartialEq)]
pub struct CellProblem {
    /// As the spreadsheet shows it (header = row 1).
    pub row: usize,
    pub column: String,
    pub value: String,
    pub message: String,
}

impl std::fmt::Display for CellProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "row {}, column \u{201C}{}\u{201D}: {}",
            self.row, self.column, self.message
        )
    }
}

/// What an import produced: a map of the register's systems on the shelf, the
/// problems, and for each component the field keys its row gave (what `merge_into`
/// updates).
#[derive(Clone, Debug)]
pub struct Imported {
    pub map: Map,
    pub problems: Vec<CellProblem>,
    pub given: Vec<Vec<&'static str>>,
}

/// Reads every row of `table` with `mapping`; `source` is the register's file name.
pub fn import(table: &Table, mapping: &Mapping, source: &str) -> Imported {
    let title = source.rsplit_once('.').map_or(source, |(stem, _)| stem);
    let mut map = Map::new(title);
    let mut problems = Vec::new();
    let mut given = Vec::new();
    let mut keys: HashMap<String, usize> = HashMap::new();
    let name_column = mapping.column_of("name");
    for row in &table.rows {
        let id = map.allocate_component_id();
        let (mut component, fields) = read_row(table, mapping, row, id, &mut problems);
        if name_column.is_none_or(|c| row.cells[c].trim().is_empty()) {
            component.name = format!("Row {}", row.number);
            problems.push(CellProblem {
                row: row.number,
                column: name_column.map_or("(none)".into(), |c| table.headers[c].clone()),
                value: String::new(),
                message: format!(
                    "the name is blank: imported as \u{201C}Row {}\u{201D}",
                    row.number
                ),
            });
        }
        let key = match keys.get(&fold(&component.name)) {
            Some(first) => {
                problems.push(CellProblem {
                    row: row.number,
                    column: name_column.map_or(String::new(), |c| table.headers[c].clone()),
                    value: component.name.clone(),
                    message: format!(
                        "\u{201C}{}\u{201D} is also on row {first}: imported as a second component",
                        component.name
                    ),
                });
                format!("{} (row {})", component.name, row.number)
            }
            None => {
                keys.insert(fold(&component.name), row.number);
                component.name.clone()
            }
        };
        component.sources.push(SourceRef {
            source: source.to_string(),
            id: key,
        });
        map.components.push(component);
        given.push(fields);
    }
    let stages: Vec<_> = map.components.iter().map(stage).collect();
    let (slots, note_at) = shelf_places(&stages, &[]);
    for (c, (evolution, visibility)) in map.components.iter_mut().zip(slots) {
        c.evolution = evolution;
        c.visibility = visibility;
    }
    if !map.components.is_empty() {
        add_note(&mut map, note_at);
    }
    Imported {
        map,
        problems,
        given,
    }
}

/// One row as a component (unplaced), and the field keys it gave.
fn read_row(
    table: &Table,
    mapping: &Mapping,
    row: &super::Row,
    id: ComponentId,
    problems: &mut Vec<CellProblem>,
) -> (Component, Vec<&'static str>) {
    let mut c = Component::new(id, "", 0.0, 0.0);
    let mut given = Vec::new();
    let mut kept = Vec::new();
    let mut unread = Vec::new();
    for (column, cell) in row.cells.iter().enumerate() {
        let value = cell.trim();
        if value.is_empty() {
            continue;
        }
        let header = &table.headers[column];
        let Some(spec) = mapping.columns[column].and_then(field) else {
            kept.push(format!("{header}: {value}"));
            continue;
        };
        let read = loose_text(spec.key, value).and_then(|text| (spec.parse)(&mut c, &text));
        match read {
            Ok(()) => given.push(spec.key),
            Err(message) => {
                unread.push(format!("Unread {header}: {value}"));
                problems.push(CellProblem {
                    row: row.number,
                    column: header.clone(),
                    value: value.to_string(),
                    message,
                });
            }
        }
    }
    let lines: Vec<String> = c
        .description
        .take()
        .into_iter()
        .chain(kept)
        .chain(unread)
        .collect();
    if !lines.is_empty() {
        c.description = Some(lines.join("\n"));
        if !given.contains(&"description") {
            given.push("description");
        }
    }
    (c, given)
}

/// The catalogue's usual evolution for a system it knows by name or alias.
fn stage(c: &Component) -> Option<f64> {
    lookup(&c.name).map(|entry| entry.evolution)
}

fn add_note(map: &mut Map, (evolution, visibility): (f64, f64)) {
    if map.notes.iter().any(|n| n.text == SHELF_NOTE) {
        return;
    }
    let id: NoteId = map.allocate_note_id();
    map.notes.push(Note {
        id,
        text: SHELF_NOTE.to_string(),
        visibility,
        evolution,
        extra: BTreeMap::new(),
    });
}

/// What `merge_into` did with one row.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// An estate component took the row's values for these field keys.
    Updated {
        id: ComponentId,
        name: String,
        fields: Vec<&'static str>,
    },
    Added {
        id: ComponentId,
        name: String,
        /// An estate component the row's system may be (a near match, never merged
        /// without a person): listed for review.
        possible: Option<PossibleMatch>,
    },
}

/// An estate component a row near-matches (`edit::estate::matching::near_match`).
#[derive(Clone, Debug, PartialEq)]
pub struct PossibleMatch {
    pub id: ComponentId,
    pub name: String,
    pub reason: String,
}

impl std::fmt::Display for PossibleMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "possible match for {} ({}): {}",
            self.name, self.id, self.reason
        )
    }
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Updated { id, name, fields } if fields.is_empty() => {
                write!(f, "unchanged: {name} ({id})")
            }
            Change::Updated { id, name, fields } => {
                write!(f, "updated: {name} ({id}): {}", fields.join(", "))
            }
            Change::Added {
                id,
                name,
                possible: None,
            } => write!(f, "added: {name} ({id})"),
            Change::Added {
                id,
                name,
                possible: Some(possible),
            } => write!(f, "added: {name} ({id}), {possible}"),
        }
    }
}

/// Folds an import into `estate`: a row whose source reference is on an estate
/// component (or, failing that, whose name matches one ignoring case, spacing and
/// punctuation) updates that component's fields the row gave; any other row is added
/// on a shelf clear of what is on the map, with the estate component it near-matches
/// (acronym, catalogue alias, similar name) if any, for a person to review.
pub fn merge_into(estate: &mut Map, imported: &Imported) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut added = Vec::new();
    let known = estate.components.len();
    for (row, given) in imported.map.components.iter().zip(&imported.given) {
        let by_source = estate
            .components
            .iter()
            .position(|c| c.sources.iter().any(|s| row.sources.contains(s)));
        let by_name = || {
            let name = fold(&row.name);
            estate.components.iter().position(|c| fold(&c.name) == name)
        };
        match by_source.or_else(by_name) {
            Some(index) => {
                let target = &mut estate.components[index];
                let fields = update(target, row, given);
                for source in &row.sources {
                    if !target.sources.contains(source) {
                        target.sources.push(source.clone());
                    }
                }
                changes.push(Change::Updated {
                    id: target.id.clone(),
                    name: target.name.clone(),
                    fields,
                });
            }
            None => {
                let possible = possible_match(&estate.components[..known], row);
                let mut component = row.clone();
                component.id = estate.allocate_component_id();
                changes.push(Change::Added {
                    id: component.id.clone(),
                    name: component.name.clone(),
                    possible,
                });
                added.push(estate.components.len());
                estate.components.push(component);
            }
        }
    }
    let taken: Vec<(f64, f64)> = estate
        .components
        .iter()
        .enumerate()
        .filter(|(i, _)| !added.contains(i))
        .map(|(_, c)| (c.evolution, c.visibility))
        .chain(estate.notes.iter().map(|n| (n.evolution, n.visibility)))
        .collect();
    let stages: Vec<_> = added
        .iter()
        .map(|&i| stage(&estate.components[i]))
        .collect();
    let (slots, note_at) = shelf_places(&stages, &taken);
    for (&i, (evolution, visibility)) in added.iter().zip(slots) {
        estate.components[i].evolution = evolution;
        estate.components[i].visibility = visibility;
    }
    if !added.is_empty() {
        add_note(estate, note_at);
    }
    changes
}

/// The estate component `row` is likeliest to be, by `near_match` (the first of the
/// best score).
fn possible_match(estate: &[Component], row: &Component) -> Option<PossibleMatch> {
    let mut best: Option<(f64, &Component, String)> = None;
    for c in estate {
        if let Some((score, reason)) = near_match(c, row)
            && best.as_ref().is_none_or(|(b, _, _)| score > *b)
        {
            best = Some((score, c, reason));
        }
    }
    best.map(|(_, c, reason)| PossibleMatch {
        id: c.id.clone(),
        name: c.name.clone(),
        reason,
    })
}

/// The rows `merge_into` added as possible matches of estate components, as problems
/// to review (one per row, on the name column). `changes` is `merge_into`'s answer
/// for an import of `table` read with `mapping` (one change per row, in order).
pub fn possible_match_problems(
    table: &Table,
    mapping: &Mapping,
    changes: &[Change],
) -> Vec<CellProblem> {
    let column = mapping
        .column_of("name")
        .map_or(String::new(), |c| table.headers[c].clone());
    table
        .rows
        .iter()
        .zip(changes)
        .filter_map(|(row, change)| match change {
            Change::Added {
                name,
                possible: Some(possible),
                ..
            } => Some(CellProblem {
                row: row.number,
                column: column.clone(),
                value: name.clone(),
                message: format!(
                    "\u{201C}{name}\u{201D} was added as a new component; {possible}: merge them by hand if they are one system"
                ),
            }),
            _ => None,
        })
        .collect()
}

/// Copies the fields `given` from `row` onto `target` (through the field table, so
/// each value is shown and read back as the inspector would), bar the name; the description gains
/// the lines it lacks rather than losing the estate's own. Returns the keys that
/// changed.
fn update(target: &mut Component, row: &Component, given: &[&'static str]) -> Vec<&'static str> {
    let mut changed = Vec::new();
    // The estate's name stays: it matched, and may be the one the areas agreed on.
    for &key in given.iter().filter(|k| **k != "name") {
        let Some(spec) = field(key) else { continue };
        let before = (spec.show)(target);
        let value = if key == "description" {
            let mut lines: Vec<String> = before.lines().map(str::to_string).collect();
            for line in (spec.show)(row).lines() {
                if !lines.iter().any(|l| l == line) {
                    lines.push(line.to_string());
                }
            }
            lines.join("\n")
        } else {
            (spec.show)(row)
        };
        if value != before && (spec.parse)(target, &value).is_ok() {
            changed.push(key);
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::register::read_csv;

    #[test]
    fn catalogue_systems_take_the_shelf_columns_in_stage_order() {
        let csv = "System\nPACS\nStroke audit\nEPR\n";
        let table = read_csv(csv.as_bytes()).unwrap();
        let imported = import(&table, &Mapping::detect(&table.headers), "r.csv");
        let at: Vec<_> = imported
            .map
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.evolution, c.visibility))
            .collect();
        // One row of 3 slots at 0.06, 0.2, 0.34: EPR (0.62) then PACS (0.7), then the
        // system the catalogue does not know.
        assert_eq!(
            at,
            [
                ("PACS", 0.2, 0.05),
                ("Stroke audit", 0.34, 0.05),
                ("EPR", 0.06, 0.05)
            ]
        );
    }

    #[test]
    fn near_matches_are_added_and_listed_for_review_never_merged() {
        let mut estate = Map::new("Estate");
        let id = estate.allocate_component_id();
        estate.components.push(Component::new(id, "EPR", 0.6, 0.5));
        let csv = "System\nElectronic patient record (EPR)\nStroke audit\n";
        let table = read_csv(csv.as_bytes()).unwrap();
        let mapping = Mapping::detect(&table.headers);
        let imported = import(&table, &mapping, "r.csv");
        let changes = merge_into(&mut estate, &imported);
        assert_eq!(estate.components.len(), 3, "both rows added");
        let lines: Vec<String> = changes.iter().map(|c| c.to_string()).collect();
        assert_eq!(
            lines,
            [
                "added: Electronic patient record (EPR) (c2), possible match for EPR (c1): \
                 'EPR' is the acronym of 'Electronic patient record (EPR)'",
                "added: Stroke audit (c3)",
            ]
        );
        let problems = possible_match_problems(&table, &mapping, &changes);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            (problems[0].row, problems[0].column.as_str()),
            (2, "System")
        );
        assert!(
            problems[0].message.contains("possible match for EPR (c1)"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn duplicates_nameless_rows_and_stray_cells_are_kept_and_reported() {
        let csv = "System,Status\nEPR,Live\n\n,EOL\nepr ,Retired,spare\n";
        let table = read_csv(csv.as_bytes()).unwrap();
        assert_eq!(table.headers, ["System", "Status", "Column 3"]);
        let imported = import(&table, &Mapping::detect(&table.headers), "r.csv");
        let names: Vec<_> = imported
            .map
            .components
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        // The blank line is row 3, as a spreadsheet shows it.
        assert_eq!(names, ["EPR", "Row 4", "epr"]);
        let second = &imported.map.components[2];
        assert_eq!(second.sources[0].id, "epr (row 5)");
        assert_eq!(
            second.description.as_deref(),
            Some("Column 3: spare\nUnread Status: Retired")
        );
        let problems: Vec<String> = imported.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("row 4, column \u{201C}System\u{201D}: the name is blank"));
        assert!(problems[1].starts_with(
            "row 5, column \u{201C}Status\u{201D}: \u{201C}Retired\u{201D} is not a support status"
        ));
        assert!(problems[2].starts_with(
            "row 5, column \u{201C}System\u{201D}: \u{201C}epr\u{201D} is also on row 2"
        ));
    }
}

//! `estate-map merge-driver BASE OURS THEIRS`: a three-way merge of two people's edits,
//! as git calls a merge driver (`%O %A %B`). Writes the merge into OURS. Exit 0 when
//! clean, 1 when there are conflicts (OURS is still a valid map: ours is kept for each
//! conflicting field and both values are recorded under `merge_conflicts`), 2 when a
//! file cannot be read or is not a valid map (OURS is left untouched).

use crate::edit::merge3::merge;
use crate::edit::progress::show_value;
use crate::model::{ConflictKind, load_file, to_json_bytes, write_atomically};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

const CONFLICTS: u8 = 1;
const TROUBLE: u8 = 2;

#[derive(Args, Debug)]
pub struct MergeDriverArgs {
    /// The common ancestor (git's %O).
    pub base: PathBuf,
    /// Our version (git's %A); the merge is written here.
    pub ours: PathBuf,
    /// Their version (git's %B).
    pub theirs: PathBuf,
}

pub fn run(args: &MergeDriverArgs) -> ExitCode {
    let mut maps = Vec::new();
    for path in [&args.base, &args.ours, &args.theirs] {
        match load_file(path) {
            Ok(map) => maps.push(map),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(TROUBLE);
            }
        }
    }
    let outcome = match merge(&maps[0], &maps[1], &maps[2]) {
        Ok(outcome) => outcome,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(TROUBLE);
        }
    };
    if let Err(e) = write_atomically(&args.ours, &to_json_bytes(&outcome.map), false) {
        eprintln!("error: cannot write '{}': {e}", args.ours.display());
        return ExitCode::from(TROUBLE);
    }
    for (from, to) in &outcome.renumbered {
        eprintln!("both sides added '{from}': theirs is now '{to}'");
    }
    for c in &outcome.conflicts {
        let what = match c.kind {
            ConflictKind::Component => format!("component '{}' ({})", c.name, c.id),
            ConflictKind::Note => format!("note {}", c.id),
            ConflictKind::Link => format!("link {}", c.id),
            ConflictKind::Map => "the map".to_string(),
        };
        let detail = match &c.field {
            Some(field) => format!(
                "{field}: ours {}, theirs {} (kept ours)",
                show_value(&c.ours),
                show_value(&c.theirs)
            ),
            None if c.ours.is_null() => "removed by us, changed by them (kept removed)".into(),
            None if c.theirs.is_null() => "changed by us, removed by them (kept ours)".into(),
            None => "changed on both sides".into(),
        };
        eprintln!("conflict: {what}: {detail}");
    }
    if outcome.is_clean() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "{} conflict(s) recorded under merge_conflicts in '{}'",
            outcome.conflicts.len(),
            args.ours.display()
        );
        ExitCode::from(CONFLICTS)
    }
}

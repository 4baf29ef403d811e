//! `estate-map check FILE...`: one summary line per valid file, every error otherwise.

use crate::model::{FileLoadError, Kind, Map, load_file};
use clap::Args;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Map files to validate.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// One JSON object per file, for scripts.
    #[arg(long)]
    pub json: bool,
}

const OK: u8 = 0;
const INVALID: u8 = 1;
const UNREADABLE: u8 = 2;

pub fn run(args: &CheckArgs) -> ExitCode {
    let mut worst = OK;
    let mut reports = Vec::new();
    for path in &args.files {
        let result = load_file(path);
        let code = match &result {
            Ok(_) => OK,
            Err(e) if e.is_unreadable() => UNREADABLE,
            Err(_) => INVALID,
        };
        worst = worst.max(code);
        if args.json {
            reports.push(json_report(path, &result));
        } else {
            print_text(path, &result);
        }
    }
    if args.json {
        let out = serde_json::to_string_pretty(&reports).expect("JSON values serialise");
        println!("{out}");
    }
    ExitCode::from(worst)
}

fn print_text(path: &std::path::Path, result: &Result<Map, FileLoadError>) {
    match result {
        Ok(map) => println!("{}: ok: {}", path.display(), summary(map)),
        Err(e) => eprintln!("{e}"),
    }
}

/// "42 components (6 user needs), 51 links; supported 20, extended support 5, ...":
/// the status counts are of systems and activities.
pub fn summary(map: &Map) -> String {
    let counts: Vec<String> = map
        .status_counts()
        .iter()
        .map(|(s, n)| format!("{} {n}", s.label().to_lowercase()))
        .collect();
    format!(
        "{} components ({} user needs), {} links; {}",
        map.components.len(),
        user_needs(map),
        map.links.len(),
        counts.join(", ")
    )
}

fn user_needs(map: &Map) -> usize {
    let needs = map.components.iter().filter(|c| c.kind == Kind::UserNeed);
    needs.count()
}

fn json_report(path: &std::path::Path, result: &Result<Map, FileLoadError>) -> serde_json::Value {
    match result {
        Ok(map) => {
            let by_status: serde_json::Map<String, serde_json::Value> = map
                .status_counts()
                .iter()
                .map(|(s, n)| (s.key().to_string(), json!(n)))
                .collect();
            json!({
                "file": path.display().to_string(),
                "ok": true,
                "title": map.title,
                "components": map.components.len(),
                "user_needs": user_needs(map),
                "links": map.links.len(),
                "notes": map.notes.len(),
                "by_status": by_status,
            })
        }
        Err(e) => {
            let problems: Vec<_> = e
                .error
                .problems()
                .iter()
                .map(|p| json!({"location": p.location, "message": p.message}))
                .collect();
            json!({
                "file": path.display().to_string(),
                "ok": false,
                "unreadable": e.is_unreadable(),
                "error": e.error.to_string(),
                "problems": problems,
            })
        }
    }
}

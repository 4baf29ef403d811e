//! Load and save errors. Each names what is wrong and where: file, line and column for
//! JSON syntax; the component, link or note for problems with the map's content.

use super::repair::Fix;
use std::fmt;
use std::io;
use std::path::PathBuf;
use thiserror::Error;

/// One problem with a map's content, located by the thing it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// e.g. `component 'EPR' (c12)`, `link c3 -> c99`, `settings.risk_matrix`.
    pub location: String,
    pub message: String,
    /// The one-click repair, where there is one.
    pub fix: Option<Fix>,
}

impl Problem {
    pub fn new(location: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            location: location.into(),
            message: message.into(),
            fix: None,
        }
    }

    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

#[derive(Debug, Error)]
pub enum LoadError {
    #[error("cannot read the file: {0}")]
    Read(#[source] io::Error),
    #[error("the file is {size} bytes, more than the {limit}-byte limit for a map")]
    TooLarge { size: u64, limit: u64 },
    #[error("line {line}, column {column}: JSON syntax error: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("not an Estate Map file: {0}")]
    NotEstateMap(String),
    /// A file of another kind, named by what it is: "a PNG image".
    #[error("this is {0}, not an Estate Map file")]
    OtherFormat(&'static str),
    #[error(
        "the map was written in file format version {found}, newer than this app reads \
         (up to {supported}); update Estate Map to open it"
    )]
    NewerVersion { found: u64, supported: u64 },
    #[error("{}", list_problems(.0))]
    Invalid(Vec<Problem>),
}

fn list_problems(problems: &[Problem]) -> String {
    let mut out = match problems.len() {
        1 => "1 problem:".to_string(),
        n => format!("{n} problems:"),
    };
    for p in problems {
        out.push_str("\n  - ");
        out.push_str(&p.to_string());
    }
    out
}

impl LoadError {
    /// The problems found in the content (empty for other kinds of error).
    pub fn problems(&self) -> &[Problem] {
        match self {
            LoadError::Invalid(p) => p,
            _ => &[],
        }
    }
}

/// A load error with the file it came from.
#[derive(Debug, Error)]
#[error("{}: {error}", path.display())]
pub struct FileLoadError {
    pub path: PathBuf,
    #[source]
    pub error: LoadError,
}

impl FileLoadError {
    /// The file could not be read at all (missing, no permission), as opposed to invalid.
    pub fn is_unreadable(&self) -> bool {
        matches!(self.error, LoadError::Read(_))
    }
}

#[derive(Debug, Error)]
#[error("could not save {}: {stage}: {source}", path.display())]
pub struct SaveError {
    pub path: PathBuf,
    /// What the save was doing when it failed, in plain words.
    pub stage: String,
    #[source]
    pub source: io::Error,
}

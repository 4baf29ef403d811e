//! Stable identifiers. An id is short, unique within its map, survives renames and is
//! never reused: the map hands out ids from a counter that only ever grows.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Identifies a component (system, activity or user need).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ComponentId(pub String);

/// Identifies a free-text note on the map.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NoteId(pub String);

impl ComponentId {
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl NoteId {
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ComponentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for NoteId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The numeric part of an id such as `c12` or `n3`, used to keep the id counter above
/// every id already in a file (ids written by hand, like `epr`, have none).
pub fn numeric_suffix(id: &str) -> Option<u64> {
    let digits = id.trim_start_matches(|c: char| !c.is_ascii_digit());
    if digits.is_empty() || digits.len() == id.len() {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_suffix_reads_trailing_number() {
        assert_eq!(numeric_suffix("c12"), Some(12));
        assert_eq!(numeric_suffix("n3"), Some(3));
        assert_eq!(numeric_suffix("epr"), None);
        assert_eq!(numeric_suffix("42"), None);
    }
}

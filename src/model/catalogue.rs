//! The catalogue of common NHS system types (EPR, PAS, PACS, ...), each with its usual
//! evolution stage and the other names it goes by, so facilitators in different areas
//! write one name for one system. Shipped in `assets/catalogue.json`; the name box
//! suggests from it, and merging proposes (never forces) a match where two names are
//! aliases of one entry.

use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct CatalogueEntry {
    /// The name to write.
    pub name: String,
    /// Usual evolution, 0 (genesis) to 1 (commodity).
    pub evolution: f64,
    /// Other names, acronyms and old names for the same kind of system.
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl CatalogueEntry {
    /// The name and every alias.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// The shipped catalogue.
pub fn catalogue() -> &'static [CatalogueEntry] {
    static CATALOGUE: OnceLock<Vec<CatalogueEntry>> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        serde_json::from_str(include_str!("../../assets/catalogue.json"))
            .expect("assets/catalogue.json is valid (tested)")
    })
}

/// A name as matching compares it: lower case, letters and digits only, so case,
/// spacing and punctuation do not matter ("Windows Server 2012 VMs" = "windows-server
/// 2012 vms").
pub fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The catalogue entry `name` is the name or an alias of, if any. A name ending in an
/// acronym in brackets ("Electronic patient record (EPR)") is also looked up by it.
pub fn lookup(name: &str) -> Option<&'static CatalogueEntry> {
    static BY_KEY: OnceLock<HashMap<String, usize>> = OnceLock::new();
    let by_key = BY_KEY.get_or_init(|| {
        let mut keys = HashMap::new();
        for (i, entry) in catalogue().iter().enumerate() {
            for n in entry.names() {
                keys.entry(name_key(n)).or_insert(i);
            }
        }
        keys
    });
    let found = by_key.get(&name_key(name)).or_else(|| {
        let acronym = bracketed_acronym(name)?;
        by_key.get(&name_key(&acronym))
    })?;
    catalogue().get(*found)
}

/// "EPR" from "Electronic patient record (EPR)".
pub fn bracketed_acronym(name: &str) -> Option<String> {
    let inner = name.trim().strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let acronym = inner[open + 1..].trim();
    (!acronym.is_empty() && acronym.len() <= 8 && !acronym.contains(' '))
        .then(|| acronym.to_string())
}

/// Names to offer while `typed` is being written: catalogue names and aliases, then
/// `known` names (those already on the open maps), that start with what was typed or
/// hold it at a word start, ignoring case. Aliases suggest their entry's name. At
/// most `limit`, without repeats, and never the typed text itself.
pub fn suggestions<'a>(
    typed: &str,
    known: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<String> {
    let typed_lower = typed.trim().to_lowercase();
    if typed_lower.chars().count() < 2 {
        return Vec::new();
    }
    let fits = |candidate: &str| {
        let lower = candidate.to_lowercase();
        lower.starts_with(&typed_lower)
            || lower
                .match_indices(&typed_lower)
                .any(|(i, _)| !lower[..i].ends_with(|c: char| c.is_alphanumeric()))
    };
    let mut out: Vec<String> = Vec::new();
    let mut push = |name: &str| {
        let fresh = !out.iter().any(|o| name_key(o) == name_key(name));
        if fresh && name_key(name) != name_key(typed) && out.len() < limit {
            out.push(name.to_string());
        }
    };
    for entry in catalogue() {
        if entry.names().any(fits) {
            push(&entry.name);
        }
    }
    for name in known {
        if fits(name) {
            push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_catalogue_loads_with_stages_in_range_and_unique_names() {
        let all = catalogue();
        assert!(all.len() >= 20);
        let mut keys = std::collections::HashSet::new();
        for entry in all {
            assert!((0.0..=1.0).contains(&entry.evolution), "{}", entry.name);
            for n in entry.names() {
                assert!(keys.insert(name_key(n)), "'{n}' is in the catalogue twice");
            }
        }
    }

    #[test]
    fn aliases_and_bracketed_acronyms_find_their_entry() {
        let epr = lookup("EPR").unwrap();
        assert_eq!(epr.name, "Electronic patient record (EPR)");
        assert_eq!(lookup("electronic patient record"), Some(epr));
        assert_eq!(lookup("Our EPR (EPR)"), Some(epr));
        assert_eq!(lookup("CIS2").unwrap().name, "Smartcards / CIS2");
        assert_eq!(
            lookup("e-RS").unwrap().name,
            "NHS e-Referral Service (e-RS)"
        );
        assert_eq!(lookup("Stroke audit spreadsheet"), None);
    }

    #[test]
    fn suggestions_come_from_the_catalogue_then_the_open_maps() {
        let known = [
            "Stroke audit spreadsheet",
            "Electronic patient record (EPR)",
        ];
        let got = suggestions("ep", known, 5);
        assert_eq!(got[0], "Electronic patient record (EPR)");
        assert!(got.contains(&"Electronic prescribing and medicines administration (EPMA)".into()));
        assert_eq!(got.iter().filter(|g| g.contains("(EPR)")).count(), 1);
        assert_eq!(
            suggestions("audit", known, 5),
            vec!["Stroke audit spreadsheet"]
        );
        assert!(suggestions("e", known, 5).is_empty());
        assert_eq!(suggestions("ep", known, 1).len(), 1);
    }
}

//! How merging tells that two names mean one system. Names equal after ignoring case,
//! spacing and punctuation are the same system; near matches are only proposed, for a
//! person to accept or reject.

use crate::model::Component;
use crate::model::catalogue::{bracketed_acronym, lookup, name_key};

/// Names at least this alike (normalised Levenshtein on the name keys) are proposed.
const SIMILAR: f64 = 0.8;
/// Names from one supplier need only be this alike.
const SIMILAR_SAME_SUPPLIER: f64 = 0.5;

/// Whether two names are the same system without asking.
pub fn same_name(a: &str, b: &str) -> bool {
    let key = name_key(a);
    !key.is_empty() && key == name_key(b)
}

/// Why `a` and `b` may be one system, with a score from 0 to 1 (higher is likelier),
/// or none. Exact matches are not near matches.
pub fn near_match(a: &Component, b: &Component) -> Option<(f64, String)> {
    if same_name(&a.name, &b.name) || a.kind != b.kind {
        return None;
    }
    if let Some(reason) = acronym_of(&a.name, &b.name).or_else(|| acronym_of(&b.name, &a.name)) {
        return Some((0.95, reason));
    }
    if let (Some(x), Some(y)) = (lookup(&a.name), lookup(&b.name))
        && x == y
    {
        return Some((
            0.9,
            format!("both are names for the catalogue's '{}'", x.name),
        ));
    }
    let (ka, kb) = (name_key(&a.name), name_key(&b.name));
    // "Windows Server 2012" and "Windows Server 2016" are alike but different systems.
    if digits(&ka) != digits(&kb) {
        return None;
    }
    let score = strsim::normalized_levenshtein(&ka, &kb);
    if score >= SIMILAR {
        return Some((round(score), "similar names".into()));
    }
    let supplier = |c: &Component| {
        c.supplier
            .as_deref()
            .map(name_key)
            .filter(|k| !k.is_empty())
    };
    if let (Some(sa), Some(sb)) = (supplier(a), supplier(b))
        && sa == sb
        && (score >= SIMILAR_SAME_SUPPLIER || ka.contains(&kb) || kb.contains(&ka))
    {
        let name = a.supplier.as_deref().unwrap_or_default().trim();
        return Some((
            round(score.max(0.6)),
            format!("same supplier ({name}) and similar names"),
        ));
    }
    None
}

/// "'EPR' is the acronym of 'Electronic patient record (EPR)'" when `short` is the
/// bracketed acronym or the initials of `long`.
fn acronym_of(short: &str, long: &str) -> Option<String> {
    let short = short.trim();
    if short.contains(' ') || !(2..=8).contains(&short.chars().count()) {
        return None;
    }
    let key = name_key(short);
    let bracketed = bracketed_acronym(long).map(|a| name_key(&a));
    let words = long.split('(').next().unwrap_or_default();
    let initials: String = words
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP_WORDS.contains(&w.to_lowercase().as_str()))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_lowercase)
        .collect();
    (bracketed.as_deref() == Some(key.as_str()) || (initials.len() >= 2 && initials == key))
        .then(|| format!("'{short}' is the acronym of '{}'", long.trim()))
}

const STOP_WORDS: [&str; 6] = ["of", "and", "the", "for", "in", "to"];

fn digits(key: &str) -> String {
    key.chars().filter(char::is_ascii_digit).collect()
}

fn round(score: f64) -> f64 {
    (score * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ComponentId;

    fn system(name: &str) -> Component {
        Component::new(ComponentId::new("x"), name, 0.5, 0.5)
    }

    #[test]
    fn case_spacing_and_punctuation_do_not_matter() {
        assert!(same_name(
            "Windows Server 2012 VMs",
            "windows server 2012 VM's"
        ));
        assert!(same_name("e-RS", "E RS"));
        assert!(!same_name("EPR", "Electronic patient record (EPR)"));
        assert!(!same_name("", " "));
    }

    #[test]
    fn acronyms_catalogue_aliases_and_similar_names_are_proposed() {
        let epr = system("EPR");
        let long = system("Electronic patient record (EPR)");
        let (score, reason) = near_match(&epr, &long).unwrap();
        assert_eq!(score, 0.95);
        assert!(reason.contains("acronym"), "{reason}");
        // Initials without brackets count too.
        assert!(near_match(&system("Patient administration system"), &system("PAS")).is_some());
        let (_, reason) = near_match(&system("Smartcards"), &system("CIS2")).unwrap();
        assert!(reason.contains("Smartcards / CIS2"), "{reason}");
        let (score, _) =
            near_match(&system("Diabetes registry"), &system("Diabetes register")).unwrap();
        assert!((0.8..1.0).contains(&score));
    }

    #[test]
    fn different_versions_and_unlike_names_are_not_proposed() {
        assert_eq!(
            near_match(
                &system("Windows Server 2012"),
                &system("Windows Server 2016")
            ),
            None
        );
        assert_eq!(near_match(&system("PACS"), &system("Stroke audit")), None);
        let need = system("EPR").with_kind(crate::model::Kind::UserNeed);
        assert_eq!(
            near_match(&need, &system("Electronic patient record (EPR)")),
            None
        );
    }

    #[test]
    fn one_supplier_lowers_the_bar() {
        let mut a = system("Lorenzo");
        let mut b = system("Lorenzo Regional Care");
        assert_eq!(near_match(&a, &b), None);
        a.supplier = Some("DXC".into());
        b.supplier = Some("dxc ".into());
        let (_, reason) = near_match(&a, &b).unwrap();
        assert!(reason.contains("same supplier (DXC)"), "{reason}");
    }
}

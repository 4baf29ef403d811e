//! The maps in `sample_maps/` are what new users open first and what the README points
//! to: each must load, be realistic in size and content, be in canonical file form, and
//! be laid out so that it reads when drawn.

use estate_map::model::{Kind, Map, SupportStatus, load_file, to_json_bytes};
use std::path::{Path, PathBuf};

/// Closer than this in both directions and two ~150x45 boxes on a 1600x1000 map overlap.
const MIN_EVOLUTION_GAP: f64 = 0.11;
const MIN_VISIBILITY_GAP: f64 = 0.07;
/// Room for floating-point rounding of positions written with two decimals.
const EPSILON: f64 = 1e-9;

fn sample_paths() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_maps");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    paths
}

fn samples() -> Vec<(String, Map)> {
    sample_paths()
        .into_iter()
        .map(|path| {
            let map = load_file(&path).unwrap_or_else(|e| panic!("{e}"));
            (path.display().to_string(), map)
        })
        .collect()
}

#[test]
fn there_are_at_least_three_samples_and_all_load() {
    let samples = samples();
    assert!(
        samples.len() >= 3,
        "expected at least 3 sample maps, found {}",
        samples.len()
    );
}

#[test]
fn each_sample_has_a_realistic_number_of_components() {
    for (name, map) in samples() {
        let count = map.components.len();
        assert!(
            (25..=60).contains(&count),
            "{name}: {count} components, expected 25 to 60"
        );
    }
}

#[test]
fn each_sample_is_anchored_by_user_needs_at_the_top() {
    for (name, map) in samples() {
        let (needs, others): (Vec<_>, Vec<_>) = map
            .components
            .iter()
            .partition(|c| c.kind == Kind::UserNeed);
        assert!(!needs.is_empty(), "{name}: no user needs");
        let lowest_need = needs.iter().map(|c| c.visibility).fold(1.0, f64::min);
        for c in others {
            assert!(
                c.visibility < lowest_need,
                "{name}: {} sits at or above the user needs",
                c.describe()
            );
        }
    }
}

#[test]
fn each_sample_shows_every_support_status() {
    for (name, map) in samples() {
        for status in SupportStatus::ALL {
            assert!(
                map.components.iter().any(|c| c.status == status),
                "{name}: no component is '{}'",
                status.label()
            );
        }
    }
}

#[test]
fn each_sample_is_in_canonical_form() {
    for path in sample_paths() {
        let on_disk = std::fs::read(&path).expect("readable sample");
        let map = load_file(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            to_json_bytes(&map) == on_disk,
            "{}: saving it again changes the bytes; re-save it through the library",
            path.display()
        );
    }
}

#[test]
fn every_link_points_down_the_value_chain() {
    for (name, map) in samples() {
        for link in &map.links {
            let from = map.component(&link.from).expect("validated link end");
            let to = map.component(&link.to).expect("validated link end");
            assert!(
                from.visibility > to.visibility,
                "{name}: link {} -> {} points upward or sideways",
                from.describe(),
                to.describe()
            );
        }
    }
}

#[test]
fn no_two_components_overlap_when_drawn() {
    for (name, map) in samples() {
        for (i, a) in map.components.iter().enumerate() {
            for b in &map.components[i + 1..] {
                let apart = (a.evolution - b.evolution).abs() >= MIN_EVOLUTION_GAP - EPSILON
                    || (a.visibility - b.visibility).abs() >= MIN_VISIBILITY_GAP - EPSILON;
                assert!(
                    apart,
                    "{name}: {} and {} are too close to label",
                    a.describe(),
                    b.describe()
                );
            }
        }
    }
}

#[test]
fn every_component_takes_part_in_the_value_chain() {
    for (name, map) in samples() {
        for c in &map.components {
            let linked = map.links.iter().any(|l| l.from == c.id || l.to == c.id);
            assert!(linked, "{name}: {} has no links", c.describe());
        }
    }
}

#[test]
fn every_unsupported_system_has_a_clinical_risk_assessment() {
    for (name, map) in samples() {
        for c in &map.components {
            if c.status == SupportStatus::Unsupported {
                let assessed = c
                    .clinical_risk
                    .is_some_and(|r| r.likelihood.is_some() && r.consequence.is_some());
                assert!(assessed, "{name}: {} has no clinical risk", c.describe());
            }
        }
    }
}

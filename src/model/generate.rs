//! Synthetic estates for benchmarks and tests: `components` systems in value-chain
//! layers, about two dependency links each, every link pointing down the chain.

use super::component::{ClinicalRisk, Component, Consequence, Kind, Likelihood, SupportStatus};
use super::map::{Link, Map};
use chrono::NaiveDate;

/// SplitMix64: tiny, seedable and stable across releases, so a seed always gives the
/// same map (a general-purpose RNG crate does not promise that).
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

pub fn generate(components: usize, seed: u64) -> Map {
    let mut rng = SplitMix(seed);
    let mut map = Map::new(format!(
        "Synthetic estate ({components} components, seed {seed})"
    ));
    map.organisation = Some("Example NHS Trust".into());
    let needs = (components / 20).clamp(usize::from(components > 0), 50);
    for i in 0..components {
        let component = synthetic_component(&mut map, &mut rng, i, i < needs);
        map.components.push(component);
    }
    add_links(&mut map, &mut rng);
    map
}

fn synthetic_component(map: &mut Map, rng: &mut SplitMix, i: usize, is_need: bool) -> Component {
    let id = map.allocate_component_id();
    let (name, visibility, kind) = if is_need {
        (
            format!("User need {}", i + 1),
            0.9 + rng.unit() * 0.1,
            Kind::UserNeed,
        )
    } else {
        (format!("System {}", i + 1), rng.unit() * 0.88, Kind::System)
    };
    let status = match rng.below(10) {
        0..=4 => SupportStatus::Supported,
        5 => SupportStatus::ExtendedSupport,
        6 | 7 => SupportStatus::Unsupported,
        8 => SupportStatus::ShadowIt,
        _ => SupportStatus::Unknown,
    };
    let mut c = Component::new(id, name, visibility, rng.unit())
        .with_kind(kind)
        .with_status(status);
    if !is_need && rng.below(3) == 0 {
        c.clinical_risk = Some(ClinicalRisk {
            likelihood: Some(Likelihood::ALL[rng.below(5)]),
            consequence: Some(Consequence::ALL[rng.below(5)]),
        });
        c.end_of_support = NaiveDate::from_ymd_opt(2022 + rng.below(8) as i32, 3, 31);
        c.annual_cost_gbp = Some((rng.below(500) * 1000) as f64);
    }
    c
}

/// Each component depends on two lower ones (one near the bottom); never on itself, never twice.
fn add_links(map: &mut Map, rng: &mut SplitMix) {
    let mut order: Vec<usize> = (0..map.components.len()).collect();
    order.sort_by(|&a, &b| {
        map.components[b]
            .visibility
            .total_cmp(&map.components[a].visibility)
    });
    for (rank, &from) in order.iter().enumerate() {
        let lower = &order[rank + 1..];
        if lower.is_empty() {
            continue;
        }
        let window = lower.len().min(200);
        let first = rng.below(window);
        let mut targets = vec![lower[first]];
        if window > 1 {
            // A second, different target: step 1..window-1 places on from the first.
            targets.push(lower[(first + 1 + rng.below(window - 1)) % window]);
        }
        for to in targets {
            let link = Link::new(
                map.components[from].id.clone(),
                map.components[to].id.clone(),
            );
            map.links.push(link);
        }
    }
}

/// Makes `map` an estate of these areas: user needs take them in turn, and every
/// other component is on the areas of the needs that rest on it (directly or
/// transitively), as if each area's map had been merged in; a component no need rests
/// on is on no area.
pub fn assign_areas(map: &mut Map, areas: &[&str]) {
    use std::collections::HashMap;
    if areas.is_empty() {
        return;
    }
    let index: HashMap<String, usize> = map
        .components
        .iter()
        .enumerate()
        .map(|(n, c)| (c.id.0.clone(), n))
        .collect();
    let mut below: Vec<Vec<usize>> = vec![Vec::new(); map.components.len()];
    for link in &map.links {
        if let (Some(&from), Some(&to)) = (index.get(&link.from.0), index.get(&link.to.0)) {
            below[from].push(to);
        }
    }
    let mut on: Vec<Vec<usize>> = vec![Vec::new(); map.components.len()];
    let needs = map.components.iter().enumerate();
    let needs: Vec<usize> = needs
        .filter(|(_, c)| c.kind == Kind::UserNeed)
        .map(|(n, _)| n)
        .collect();
    for (turn, &need) in needs.iter().enumerate() {
        let area = turn % areas.len();
        let mut stack = vec![need];
        while let Some(n) = stack.pop() {
            if !on[n].contains(&area) {
                on[n].push(area);
                stack.extend(&below[n]);
            }
        }
    }
    for (c, mut on) in map.components.iter_mut().zip(on) {
        on.sort_unstable();
        c.areas = on.into_iter().map(|a| areas[a].to_string()).collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate;

    #[test]
    fn generated_map_is_valid_and_sized() {
        let map = generate(500, 7);
        assert_eq!(map.components.len(), 500);
        assert!(map.links.len() > 800, "{} links", map.links.len());
        assert!(validate(&map).is_empty(), "{:?}", validate(&map));
    }

    #[test]
    fn areas_follow_the_needs_that_rest_on_each_component() {
        let mut map = generate(200, 5);
        assign_areas(&mut map, &["Stroke", "Diabetes", "Cancer"]);
        let needs: Vec<&Component> = map
            .components
            .iter()
            .filter(|c| c.kind == Kind::UserNeed)
            .collect();
        assert_eq!(needs[0].areas, ["Stroke"]);
        assert_eq!(needs[1].areas, ["Diabetes"]);
        assert_eq!(needs[3].areas, ["Stroke"]);
        // Every link's lower end is on every area of its upper end.
        for link in &map.links {
            let from = map.component(&link.from).unwrap();
            let to = map.component(&link.to).unwrap();
            for area in &from.areas {
                assert!(to.areas.contains(area), "{} lacks {area}", to.name);
            }
        }
        assert!(map.components.iter().any(|c| c.areas.len() == 3));
    }

    #[test]
    fn same_seed_same_map() {
        let a = generate(100, 3);
        let b = generate(100, 3);
        assert_eq!(a.components, b.components);
        assert_eq!(a.links, b.links);
        assert_ne!(generate(100, 4).components, a.components);
    }
}

//! Hand-built maps with hand-worked answers.

use super::*;
use crate::model::{
    ClinicalRisk, Component, Consequence, Kind, Likelihood, Link, ScoreWeights, SupportStatus,
};

use Kind::{System, UserNeed};
use SupportStatus::{ExtendedSupport, ShadowIt, Supported, Unknown, Unsupported};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn today() -> NaiveDate {
    date("2026-11-21")
}

fn id(text: &str) -> ComponentId {
    ComponentId::new(text)
}

fn ids(texts: &[&str]) -> Vec<ComponentId> {
    texts.iter().map(|t| id(t)).collect()
}

/// Components `(id, kind, status, visibility)`, named after their ids; links
/// `(dependant, dependency)`.
fn map_of(components: &[(&str, Kind, SupportStatus, f64)], links: &[(&str, &str)]) -> Map {
    let mut map = Map::new("test");
    for &(name, kind, status, visibility) in components {
        map.components.push(
            Component::new(id(name), name, visibility, 0.5)
                .with_kind(kind)
                .with_status(status),
        );
    }
    for &(from, to) in links {
        map.links.push(Link::new(id(from), id(to)));
    }
    map
}

fn ids_at(map: &Map, nodes: &[usize]) -> Vec<ComponentId> {
    nodes
        .iter()
        .map(|&n| map.components[n].id.clone())
        .collect()
}

fn radius(map: &Map, analysis: &Analysis, of: &str) -> (Vec<ComponentId>, Vec<ComponentId>) {
    let r = analysis.blast_radius(&id(of)).unwrap();
    (ids_at(map, &r.components), ids_at(map, &r.user_needs))
}

/// (need, rests on, at risk) for each user need.
fn exposures(map: &Map, analysis: &Analysis) -> Vec<(ComponentId, usize, Vec<ComponentId>)> {
    analysis
        .exposures()
        .iter()
        .map(|e| {
            (
                map.components[e.need].id.clone(),
                e.rests_on,
                ids_at(map, &e.at_risk),
            )
        })
        .collect()
}

fn facts<'a>(analysis: &'a Analysis, of: &str) -> &'a ComponentFacts {
    analysis.component(&id(of)).unwrap()
}

fn check_kinds(analysis: &Analysis) -> Vec<(CheckKind, Vec<ComponentId>)> {
    analysis
        .checks()
        .iter()
        .map(|c| (c.kind, c.components.clone()))
        .collect()
}

/// need -> a -> b -> c
fn chain() -> Map {
    map_of(
        &[
            ("need", UserNeed, Supported, 0.95),
            ("a", System, Supported, 0.7),
            ("b", System, Unsupported, 0.5),
            ("c", System, Supported, 0.2),
        ],
        &[("need", "a"), ("a", "b"), ("b", "c")],
    )
}

#[test]
fn chain_blast_radius_is_everything_above() {
    let map = chain();
    let analysis = Analysis::new(&map, today());
    assert_eq!(
        radius(&map, &analysis, "c"),
        (ids(&["need", "a", "b"]), ids(&["need"]))
    );
    assert_eq!(
        radius(&map, &analysis, "b"),
        (ids(&["need", "a"]), ids(&["need"]))
    );
    assert_eq!(radius(&map, &analysis, "need"), (vec![], vec![]));
    assert_eq!(analysis.blast_radius(&id("nowhere")), None);
    let graph = analysis.graph();
    let below: Vec<usize> = graph.downstream(1).ones().collect();
    assert_eq!(below, vec![2, 3]);
    assert_eq!(graph.dependencies(1).collect::<Vec<_>>(), vec![2]);
    assert_eq!(graph.dependants(1).collect::<Vec<_>>(), vec![0]);
}

#[test]
fn chain_exposure_and_exposed_flags() {
    let map = chain();
    let analysis = Analysis::new(&map, today());
    assert_eq!(
        exposures(&map, &analysis),
        vec![(id("need"), 3, ids(&["b"]))]
    );
    // a rests on unsupported b; c rests on nothing; b is at risk itself, not "exposed";
    // the need has its exposure list instead of the flag.
    assert!(facts(&analysis, "a").exposed);
    assert!(!facts(&analysis, "need").exposed);
    assert!(!facts(&analysis, "b").exposed);
    assert!(!facts(&analysis, "c").exposed);
    assert!(analysis.checks().is_empty(), "{:?}", analysis.checks());
}

/// need -> left, need -> right, left -> base, right -> base: base counts one need, once.
#[test]
fn diamond_counts_each_need_once() {
    let map = map_of(
        &[
            ("need", UserNeed, Supported, 0.95),
            ("left", System, Supported, 0.6),
            ("right", System, ShadowIt, 0.6),
            ("base", System, ExtendedSupport, 0.2),
        ],
        &[
            ("need", "left"),
            ("need", "right"),
            ("left", "base"),
            ("right", "base"),
        ],
    );
    let analysis = Analysis::new(&map, today());
    assert_eq!(
        radius(&map, &analysis, "base"),
        (ids(&["need", "left", "right"]), ids(&["need"]))
    );
    assert_eq!(facts(&analysis, "base").dependent_needs, 1);
    assert_eq!(analysis.needs_depending_on(&id("base")), vec![0]);
    assert_eq!(
        exposures(&map, &analysis),
        vec![(id("need"), 3, ids(&["right", "base"]))]
    );
    assert!(facts(&analysis, "left").exposed);
}

#[test]
fn shared_dependency_counts_every_need_above_it() {
    let map = map_of(
        &[
            ("n1", UserNeed, Supported, 0.95),
            ("n2", UserNeed, Supported, 0.95),
            ("n3", UserNeed, Supported, 0.95),
            ("a", System, Supported, 0.6),
            ("shared", System, Supported, 0.3),
        ],
        &[("n1", "a"), ("a", "shared"), ("n2", "shared"), ("n3", "a")],
    );
    let analysis = Analysis::new(&map, today());
    assert_eq!(facts(&analysis, "shared").dependent_needs, 3);
    assert_eq!(facts(&analysis, "a").dependent_needs, 2);
    assert_eq!(analysis.needs_depending_on(&id("a")), vec![0, 2]);
    assert_eq!(facts(&analysis, "n1").dependent_needs, 0);
    assert!(analysis.exposures().iter().all(|e| e.at_risk.is_empty()));
}

/// need -> a -> b -> c -> a
#[test]
fn cycle_members_are_each_others_dependants_but_not_their_own() {
    let map = map_of(
        &[
            ("need", UserNeed, Supported, 0.95),
            ("a", System, Supported, 0.7),
            ("b", System, Unsupported, 0.5),
            ("c", System, Supported, 0.3),
        ],
        &[("need", "a"), ("a", "b"), ("b", "c"), ("c", "a")],
    );
    let analysis = Analysis::new(&map, today());
    assert_eq!(
        radius(&map, &analysis, "a"),
        (ids(&["need", "b", "c"]), ids(&["need"]))
    );
    assert_eq!(
        radius(&map, &analysis, "c"),
        (ids(&["need", "a", "b"]), ids(&["need"]))
    );
    for member in ["a", "b", "c"] {
        assert_eq!(facts(&analysis, member).dependent_needs, 1, "{member}");
    }
    // c rests on b round the loop; a rests on b directly.
    assert!(facts(&analysis, "a").exposed);
    assert!(facts(&analysis, "c").exposed);
    assert_eq!(analysis.exposures()[0].rests_on, 3);
    assert_eq!(
        check_kinds(&analysis),
        vec![
            (CheckKind::Cycle, ids(&["a", "b", "c"])),
            (CheckKind::UpwardLink, ids(&["c", "a"])),
        ]
    );
    assert_eq!(
        analysis.checks()[0].message,
        "dependency cycle: 'a' (a), 'b' (b) and 'c' (c) depend on each other"
    );
}

/// A user need inside a loop is not counted as depending on itself.
#[test]
fn user_need_in_a_cycle_is_not_its_own_dependant() {
    let map = map_of(
        &[
            ("need", UserNeed, Supported, 0.95),
            ("a", System, Supported, 0.5),
        ],
        &[("need", "a"), ("a", "need")],
    );
    let analysis = Analysis::new(&map, today());
    assert_eq!(facts(&analysis, "need").dependent_needs, 0);
    assert_eq!(facts(&analysis, "a").dependent_needs, 1);
    assert_eq!(radius(&map, &analysis, "need"), (ids(&["a"]), vec![]));
    assert_eq!(analysis.exposures()[0].rests_on, 1);
    // Supported everywhere: nobody is exposed, even round the loop.
    assert!(!facts(&analysis, "a").exposed);
    let kinds = check_kinds(&analysis);
    assert_eq!(kinds[0], (CheckKind::Cycle, ids(&["need", "a"])));
    assert_eq!(kinds[1].0, CheckKind::UpwardLink);
}

#[test]
fn disconnected_parts_do_not_reach_each_other() {
    let map = map_of(
        &[
            ("n1", UserNeed, Supported, 0.95),
            ("x", System, Unsupported, 0.5),
            ("n2", UserNeed, Supported, 0.95),
            ("y", System, Unknown, 0.5),
            ("loose", System, Unsupported, 0.4),
            ("lonely need", UserNeed, Supported, 0.9),
        ],
        &[("n1", "x"), ("n2", "y")],
    );
    let analysis = Analysis::new(&map, today());
    assert_eq!(radius(&map, &analysis, "x"), (ids(&["n1"]), ids(&["n1"])));
    assert_eq!(radius(&map, &analysis, "y"), (ids(&["n2"]), ids(&["n2"])));
    assert_eq!(radius(&map, &analysis, "loose"), (vec![], vec![]));
    assert_eq!(
        exposures(&map, &analysis),
        vec![
            (id("n1"), 1, ids(&["x"])),
            (id("n2"), 1, ids(&["y"])),
            (id("lonely need"), 0, vec![]),
        ]
    );
    assert_eq!(
        check_kinds(&analysis),
        vec![
            (CheckKind::NeedWithoutDependencies, ids(&["lonely need"])),
            (CheckKind::Unlinked, ids(&["loose"])),
        ]
    );
}

#[test]
fn upward_link_is_reported_with_both_ends() {
    let map = map_of(
        &[
            ("need", UserNeed, Supported, 0.95),
            ("low", System, Supported, 0.2),
            ("high", System, Supported, 0.6),
        ],
        &[("need", "low"), ("low", "high")],
    );
    let analysis = Analysis::new(&map, today());
    assert_eq!(
        check_kinds(&analysis),
        vec![(CheckKind::UpwardLink, ids(&["low", "high"]))]
    );
    assert_eq!(
        analysis.checks()[0].message,
        "upward link: 'low' (low) depends on 'high' (high), which is drawn above it"
    );
}

#[test]
fn links_to_missing_components_are_reported_not_fatal() {
    let map = map_of(
        &[("need", UserNeed, Supported, 0.95)],
        &[("need", "ghost"), ("need", "need")],
    );
    let analysis = Analysis::new(&map, today());
    assert_eq!(
        check_kinds(&analysis),
        vec![
            (CheckKind::Cycle, ids(&["need"])),
            (CheckKind::MissingComponent, ids(&["need"])),
        ]
    );
    assert_eq!(
        analysis.checks()[0].message,
        "dependency cycle: 'need' (need) depends on itself"
    );
    assert_eq!(radius(&map, &analysis, "need"), (vec![], vec![]));
}

#[test]
fn a_very_long_chain_does_not_overflow_the_stack() {
    let n = 50_000;
    let names: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
    let components: Vec<(&str, Kind, SupportStatus, f64)> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let kind = if i == 0 { UserNeed } else { System };
            (name.as_str(), kind, Supported, 1.0 - i as f64 / n as f64)
        })
        .collect();
    let links: Vec<(&str, &str)> = names
        .windows(2)
        .map(|w| (w[0].as_str(), w[1].as_str()))
        .collect();
    let analysis = Analysis::new(&map_of(&components, &links), today());
    assert_eq!(analysis.exposures()[0].rests_on, n - 1);
    assert_eq!(facts(&analysis, &names[n - 1]).dependent_needs, 1);
    assert_eq!(
        analysis
            .blast_radius(&id(&names[n - 1]))
            .unwrap()
            .components
            .len(),
        n - 1
    );
}

fn assessed(likelihood: Likelihood, consequence: Consequence) -> Option<ClinicalRisk> {
    Some(ClinicalRisk {
        likelihood: Some(likelihood),
        consequence: Some(consequence),
    })
}

#[test]
fn clinical_rating_uses_the_maps_own_matrix() {
    let mut map = chain();
    map.components[1].clinical_risk = assessed(Likelihood::High, Consequence::Major);
    assert_eq!(
        Analysis::new(&map, today()).components()[1].rating.rating(),
        Some(4)
    );
    map.settings.risk_matrix.high[Consequence::Major.index()] = 2;
    assert_eq!(
        Analysis::new(&map, today()).components()[1].rating.rating(),
        Some(2)
    );
}

#[test]
fn missing_assessment_is_not_assessed_never_zero() {
    let matrix = crate::model::RiskMatrix::default();
    assert_eq!(
        ClinicalRating::of(None, &matrix),
        ClinicalRating::NotAssessed
    );
    let empty = ClinicalRisk::default();
    assert_eq!(
        ClinicalRating::of(Some(&empty), &matrix),
        ClinicalRating::NotAssessed
    );
    let half = ClinicalRisk {
        likelihood: Some(Likelihood::High),
        consequence: None,
    };
    let rating = ClinicalRating::of(Some(&half), &matrix);
    assert_eq!(rating.rating(), None);
    assert_eq!(rating.to_string(), "not assessed (no consequence)");
    assert_eq!(ClinicalRating::NotAssessed.to_string(), "not assessed");
}

fn inputs(rating: ClinicalRating, status: SupportStatus, needs: usize) -> ScoreInputs {
    ScoreInputs {
        rating,
        status,
        dependent_needs: needs,
        deadline: None,
        today: today(),
    }
}

fn rated(rating: u8) -> ClinicalRating {
    ClinicalRating::Rated {
        rating,
        likelihood: Likelihood::High,
        consequence: Consequence::Major,
    }
}

#[test]
fn score_adds_weighted_parts_and_explains_them() {
    let mut i = inputs(rated(4), Unsupported, 3);
    i.deadline = Some(Deadline {
        kind: DeadlineKind::EndOfSupport,
        date: date("2023-03-31"),
    });
    let score = RiskScore::compute(i, &ScoreWeights::default());
    // 2 x 4 + 2 x 3 + 1 x 3 + 1 x 3
    assert_eq!(score.total, 20.0);
    assert_eq!(
        score.explain(),
        "rating 4 (+8); unsupported (+6); 3 user needs depend on it (+3); \
         support ended 2023-03-31 (+3)"
    );
}

#[test]
fn score_follows_the_maps_weights() {
    let weights = ScoreWeights {
        clinical: 0.5,
        support: 0.0,
        dependants: 2.5,
        expiry: 10.0,
    };
    let mut i = inputs(ClinicalRating::NotAssessed, ShadowIt, 1);
    i.deadline = Some(Deadline {
        kind: DeadlineKind::ContractEnd,
        date: date("2027-03-01"),
    });
    let score = RiskScore::compute(i, &weights);
    // 0.5 x 3 (not assessed) + 0 + 2.5 x 1 + 10 x 2 (within 6 months)
    assert_eq!(score.total, 24.0);
    assert_eq!(
        score.explain(),
        "clinical risk not assessed, counted as 3 (+1.5); 1 user need depends on it (+2.5); \
         contract ends 2027-03-01 (+20)"
    );
}

#[test]
fn supported_component_with_nothing_urgent_explains_only_its_rating() {
    let score = RiskScore::compute(inputs(rated(1), Supported, 0), &ScoreWeights::default());
    assert_eq!(score.total, 2.0);
    assert_eq!(score.explain(), "rating 1 (+2)");
}

#[test]
fn support_severity_orders_statuses() {
    let severities: Vec<u8> = [Supported, ExtendedSupport, Unknown, ShadowIt, Unsupported]
        .into_iter()
        .map(support_severity)
        .collect();
    assert_eq!(severities, vec![0, 1, 2, 3, 3]);
}

fn deadline_on(text: &str) -> Deadline {
    Deadline {
        kind: DeadlineKind::EndOfSupport,
        date: date(text),
    }
}

#[test]
fn date_categories_and_urgency_at_their_boundaries() {
    let cases = [
        ("2026-11-20", DateCategory::Expired, 3),
        ("2026-11-21", DateCategory::Within12Months, 2),
        ("2027-05-21", DateCategory::Within12Months, 2),
        ("2027-05-22", DateCategory::Within12Months, 1),
        ("2027-11-21", DateCategory::Within12Months, 1),
        ("2027-11-22", DateCategory::Later, 0),
    ];
    for (text, category, urgency) in cases {
        let d = deadline_on(text);
        assert_eq!(DateCategory::of(Some(d), today()), category, "{text}");
        assert_eq!(d.urgency(today()), urgency, "{text}");
    }
    assert_eq!(DateCategory::of(None, today()), DateCategory::NoDate);
}

#[test]
fn deadline_is_the_earlier_date() {
    let mut c = Component::new(id("x"), "x", 0.5, 0.5);
    assert_eq!(Deadline::of(&c), None);
    c.end_of_support = Some(date("2027-01-01"));
    c.contract_end = Some(date("2026-06-30"));
    assert_eq!(
        Deadline::of(&c),
        Some(Deadline {
            kind: DeadlineKind::ContractEnd,
            date: date("2026-06-30")
        })
    );
    c.contract_end = Some(date("2027-01-01"));
    assert_eq!(Deadline::of(&c).unwrap().kind, DeadlineKind::EndOfSupport);
}

#[test]
fn heat_is_relative_to_the_highest_score() {
    assert_eq!(HeatLevel::of(10.0, 10.0), HeatLevel::VeryHigh);
    assert_eq!(HeatLevel::of(8.0, 10.0), HeatLevel::High);
    assert_eq!(HeatLevel::of(5.0, 10.0), HeatLevel::Medium);
    assert_eq!(HeatLevel::of(3.0, 10.0), HeatLevel::Low);
    assert_eq!(HeatLevel::of(2.0, 10.0), HeatLevel::VeryLow);
    assert_eq!(HeatLevel::of(0.0, 0.0), HeatLevel::VeryLow);
}

fn register_map() -> Map {
    let mut map = chain();
    map.components[1].clinical_risk = assessed(Likelihood::Medium, Consequence::Minor);
    map.components[2].clinical_risk = assessed(Likelihood::VeryHigh, Consequence::Catastrophic);
    map.components[2].end_of_support = Some(date("2023-03-31"));
    map.components[3].contract_end = Some(date("2027-08-31"));
    map
}

#[test]
fn register_ranks_by_score_and_leaves_out_user_needs() {
    let map = register_map();
    let analysis = Analysis::new(&map, today());
    let register = RiskRegister::new(&map, &analysis);
    let order: Vec<(usize, &str, f64)> = register
        .rows()
        .map(|r| (r.rank, r.component.id.as_str(), r.facts.score.total))
        .collect();
    // b: 2x5 + 2x3 + 1 + 3 = 20; c: 2x3 (not assessed) + 0 + 1 + 1 (9 months) = 8;
    // a: 2x2 + 0 + 1 + 0 = 5. The need itself (not assessed: 6) is on the map's heat
    // scale but not in the register.
    assert_eq!(order, vec![(1, "b", 20.0), (2, "c", 8.0), (3, "a", 5.0)]);
    let last = register.rows().last().unwrap();
    assert_eq!(last.status_label(), "Supported (exposed)");
    // Ranks are also on the facts; the user need has none.
    let ranks: Vec<Option<usize>> = analysis.components().iter().map(|f| f.rank).collect();
    assert_eq!(ranks, vec![None, Some(3), Some(1), Some(2)]);
    assert_eq!(register.row_of(0).map(|r| r.rank), None);
    assert_eq!(register.row_of(3).map(|r| r.rank), Some(2));
    assert_eq!(
        analysis
            .components()
            .iter()
            .map(|f| f.heat)
            .collect::<Vec<_>>(),
        vec![
            HeatLevel::Low,
            HeatLevel::Low,
            HeatLevel::VeryHigh,
            HeatLevel::Low
        ]
    );
}

#[test]
fn register_filters_by_status_and_by_months_to_expiry() {
    let map = register_map();
    let analysis = Analysis::new(&map, today());
    let register = RiskRegister::new(&map, &analysis);
    let shown = |filter: &RegisterFilter| -> Vec<String> {
        register
            .filtered(filter)
            .map(|r| r.component.id.to_string())
            .collect()
    };
    let supported = RegisterFilter {
        statuses: vec![Supported],
        expires_within_months: None,
        view: None,
    };
    assert_eq!(shown(&supported), vec!["c", "a"]);
    let within_6 = RegisterFilter {
        statuses: vec![],
        expires_within_months: Some(6),
        view: None,
    };
    assert_eq!(shown(&within_6), vec!["b"]);
    let within_12 = RegisterFilter {
        expires_within_months: Some(12),
        ..supported
    };
    assert_eq!(shown(&within_12), vec!["c"]);
    assert_eq!(shown(&RegisterFilter::default()), vec!["b", "c", "a"]);
}

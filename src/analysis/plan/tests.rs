//! Hand-worked plans: every expected figure below is written as its arithmetic.

use super::*;
use crate::model::{
    AppraisalSettings, ClinicalRisk, Component, Consequence, CostKind, Funding, Likelihood, Link,
    NewSystem, OneOffCost, Phase, Plan, Range3, Step, SupportStatus,
};
use proptest::prelude::*;

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn id(s: &str) -> ComponentId {
    ComponentId::new(s)
}

/// A need costing £1,000 a day when stopped, resting on an old unsupported system
/// (£30,000 a year) and on its replacement (£4,000 a year, live from 1 April 2027).
/// Money ranges collapsed to points: supported systems fail 0.1 times a year,
/// unsupported 0.5, each outage lasts 2 days, no extra for years past end of support.
fn hand_map() -> Map {
    let mut map = Map::new("hand");
    let mut need = Component::new(id("n"), "Patients", 0.95, 0.5).with_kind(Kind::UserNeed);
    need.outage_cost_gbp_per_day = Some(1000.0);
    let mut old =
        Component::new(id("old"), "Old register", 0.5, 0.2).with_status(SupportStatus::Unsupported);
    old.annual_cost_gbp = Some(30_000.0);
    old.clinical_risk = Some(ClinicalRisk {
        likelihood: Some(Likelihood::High),
        consequence: Some(Consequence::Major),
    });
    let mut new =
        Component::new(id("new"), "New register", 0.5, 0.7).with_status(SupportStatus::Supported);
    new.annual_cost_gbp = Some(4_000.0);
    map.components = vec![need, old, new];
    map.links = vec![Link::new(id("n"), id("old")), Link::new(id("n"), id("new"))];
    let money = &mut map.settings.money;
    money.failures_per_year.supported = Range3::exact(0.1);
    money.failures_per_year.unsupported = Range3::exact(0.5);
    money.extra_failures_per_year_past_end_of_support = Range3::exact(0.0);
    money.outage_days = Range3::exact(2.0);
    money.draws = 50;
    let mut phase = Phase::new("p1", "Replace", date("2027-01-01"), date("2027-12-31"));
    let mut step = Step::new(Action::Replace {
        from: id("old"),
        to: id("new"),
        parallel_from: Some(date("2027-04-01")),
        parallel_to: date("2027-09-30"),
    });
    step.cutover_days = Some(1.0);
    step.change_risk = Some(ClinicalRisk {
        likelihood: Some(Likelihood::Medium),
        consequence: Some(Consequence::Major),
    });
    phase.steps.push(step);
    phase.costs = vec![
        cost("Data cleansing", 10_000.0, "2027-02-01", Funding::Revenue),
        cost("Training", 5_000.0, "2027-09-01", Funding::Capital),
    ];
    let mut plan = Plan::default();
    plan.appraisal.years = 3;
    plan.phases.push(phase);
    plan.new_systems.push(NewSystem {
        component: id("new"),
        from: date("2027-04-01"),
    });
    map.plan = Some(plan);
    map
}

fn cost(label: &str, amount: f64, on: &str, funding: Funding) -> OneOffCost {
    OneOffCost {
        label: label.into(),
        amount_gbp: amount,
        date: date(on),
        kind: CostKind::Other,
        capital_or_revenue: funding,
        component: None,
    }
}

fn settings(map: &Map) -> AppraisalSettings {
    map.plan.as_ref().unwrap().appraisal.clone()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn hand_worked_appraisal_with_six_months_parallel_running() {
    let map = hand_map();
    let a = appraise(&map, &settings(&map), date("2026-01-01"));
    assert_eq!(a.start, date("2027-01-01"));
    assert_eq!(a.years.len(), 3);
    // Doing nothing: the old system's £30,000 plus its loss 0.5 x 2 days x £1,000.
    let do_nothing = 30_000.0 + 0.5 * 2.0 * 1000.0;
    // Year 0 (2027, 365 days): the old system runs 1 Jan - 30 Sep (273 days), the new
    // 1 Apr - 31 Dec (275 days); one-off costs (10,000 + 5,000) x (1 + 2.0); at
    // mid-year (1 July) both run: loss 0.5 x 2 x 1000 + 0.1 x 2 x 1000; cut-over one
    // day of the old system's services: 1 x 1000.
    let y0_run = 30_000.0 * 273.0 / 365.0 + 4_000.0 * 275.0 / 365.0;
    let y0_plan = y0_run + 15_000.0 * 3.0 + (1000.0 + 200.0) + 1000.0;
    // Years 1 and 2: the new system alone, loss 0.1 x 2 x 1000.
    let later_plan = 4_000.0 + 200.0;
    let y = &a.years;
    assert!(
        close(y[0].do_nothing_gbp, do_nothing),
        "{}",
        y[0].do_nothing_gbp
    );
    assert!(
        close(y[0].plan_gbp, y0_plan),
        "{} vs {y0_plan}",
        y[0].plan_gbp
    );
    assert!(close(y[0].capital_gbp, 5_000.0 * 3.0));
    assert!(close(y[0].revenue_gbp, y0_run + 10_000.0 * 3.0));
    assert!(close(y[0].plan_loss_gbp, 1200.0));
    assert!(close(y[0].plan_cutover_gbp, 1000.0));
    assert_eq!(y[0].discount_factor, 1.0);
    for year in &y[1..] {
        assert!(close(year.do_nothing_gbp, do_nothing));
        assert!(close(year.plan_gbp, later_plan), "{}", year.plan_gbp);
        assert!(close(year.capital_gbp, 0.0));
    }
    assert!(close(y[1].discount_factor, 1.0 / 1.035));
    assert!(close(y[2].discount_factor, 1.0 / (1.035 * 1.035)));
    let d0 = do_nothing - y0_plan;
    let d1 = (do_nothing - later_plan) / 1.035;
    let d2 = (do_nothing - later_plan) / (1.035 * 1.035);
    assert!(
        close(a.npv_gbp, d0 + d1 + d2),
        "{} vs {}",
        a.npv_gbp,
        d0 + d1 + d2
    );
    // -41,652 after year 0, -15,758 after year 1, +9,260 after year 2.
    assert!(d0 + d1 < 0.0 && d0 + d1 + d2 > 0.0);
    assert_eq!(a.payback_year, Some(2));
    // The move (medium x major = 3) is under way in year 0 only; staying on the old
    // system (high x major = 4) every year.
    assert_eq!(y[0].risk_of_move, Some(3));
    assert_eq!(y[1].risk_of_move, None);
    assert_eq!(y[0].risk_of_staying, Some(4));
    let json = serde_json::to_value(&a).unwrap();
    for key in ["years", "discount_rate", "npv_gbp", "payback_year"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    for key in [
        "year",
        "start",
        "do_nothing_gbp",
        "plan_gbp",
        "discount_factor",
    ] {
        assert!(json["years"][0].get(key).is_some(), "{key}");
    }
}

#[test]
fn a_plan_with_no_steps_is_doing_nothing() {
    let mut map = hand_map();
    map.plan = Some(Plan {
        appraisal: AppraisalSettings {
            start: Some(date("2027-01-01")),
            ..Default::default()
        },
        ..Default::default()
    });
    let a = appraise(&map, &settings(&map), date("2026-01-01"));
    assert_eq!(a.years.len(), 5);
    assert_eq!(a.npv_gbp, 0.0);
    // Nothing spent, nothing saved: the cumulative difference is 0 from year 0.
    assert_eq!(a.payback_year, Some(0));
    for y in &a.years {
        assert_eq!(y.do_nothing_gbp, y.plan_gbp);
    }
}

#[test]
fn the_map_before_during_and_after_parallel_running() {
    let map = hand_map();
    let before = as_of(&map, date("2027-03-31"));
    assert!(before.component(&id("new")).is_none());
    assert!(!is_ghost(before.component(&id("old")).unwrap()));
    assert!(!before.has_link(&id("n"), &id("new")));
    assert!(before.plan.is_none());

    let during = as_of(&map, date("2027-09-30"));
    assert!(is_ghost(during.component(&id("old")).unwrap()));
    assert!(during.component(&id("new")).is_some());
    assert!(during.has_link(&id("n"), &id("old")));

    let after = as_of(&map, date("2027-10-01"));
    assert!(after.component(&id("old")).is_none());
    assert!(after.has_link(&id("n"), &id("new")));
    assert_eq!(after.links.len(), 1);
    assert!(crate::model::validate(&after).is_empty());
}

#[test]
fn support_ends_and_steps_change_status_and_evolution() {
    let mut map = hand_map();
    let c = map.component_mut(&id("new")).unwrap();
    c.end_of_support = Some(date("2028-06-30"));
    let plan = map.plan.as_mut().unwrap();
    plan.phases[0].steps.push(Step::new(Action::SetStatus {
        component: id("new"),
        status: SupportStatus::ExtendedSupport,
        on: date("2028-09-01"),
        end_of_support: Some(date("2030-06-30")),
        reason: Some("extended support bought".into()),
    }));
    plan.phases[0].steps.push(Step::new(Action::Move {
        component: id("new"),
        evolution: 0.9,
        on: date("2028-01-01"),
    }));
    let status = |d: &str| as_of(&map, date(d)).component(&id("new")).unwrap().status;
    // Support runs on its last day.
    assert_eq!(status("2028-06-30"), SupportStatus::Supported);
    assert_eq!(status("2028-07-01"), SupportStatus::Unsupported);
    assert_eq!(status("2028-09-01"), SupportStatus::ExtendedSupport);
    assert_eq!(status("2030-07-01"), SupportStatus::Unsupported);
    let evolution = |d: &str| {
        as_of(&map, date(d))
            .component(&id("new"))
            .unwrap()
            .evolution
    };
    assert_eq!(evolution("2027-12-31"), 0.7);
    assert_eq!(evolution("2028-01-01"), 0.9);
}

fn kinds(map: &Map) -> Vec<WarningKind> {
    warnings(map, date("2026-01-01"))
        .into_iter()
        .map(|w| w.kind)
        .collect()
}

#[test]
fn a_well_run_replacement_gives_no_warnings() {
    assert_eq!(kinds(&hand_map()), []);
}

#[test]
fn a_replacement_without_parallel_running_is_a_big_bang() {
    let mut map = hand_map();
    let step = &mut map.plan.as_mut().unwrap().phases[0].steps[0];
    if let Action::Replace { parallel_from, .. } = &mut step.action {
        *parallel_from = None;
    }
    let found = warnings(&map, date("2026-01-01"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, WarningKind::BigBangReplacement);
    assert!(
        found[0]
            .message
            .contains("'Old register' is replaced by 'New register'")
    );
    assert!(found[0].message.starts_with("phase 'Replace' (p1), step 1"));
}

#[test]
fn retiring_what_is_still_depended_on_and_many_on_one_day() {
    let mut map = hand_map();
    for name in ["a", "b", "c"] {
        map.components
            .push(Component::new(id(name), name.to_uppercase(), 0.3, 0.3));
    }
    map.links.push(Link::new(id("new"), id("a")));
    let phase = &mut map.plan.as_mut().unwrap().phases[0];
    for name in ["a", "b", "c"] {
        phase.steps.push(Step::new(Action::Retire {
            component: id(name),
            on: date("2027-11-01"),
        }));
    }
    let found = warnings(&map, date("2026-01-01"));
    let kinds: Vec<_> = found.iter().map(|w| w.kind).collect();
    assert_eq!(
        kinds,
        [
            WarningKind::RetiresDependedOn,
            WarningKind::BigBangSwitchOff
        ]
    );
    assert!(
        found[0]
            .message
            .contains("'A' is retired on 2027-11-01 while 'New register' still depends on it")
    );
    assert!(
        found[1]
            .message
            .contains("3 systems are switched off on 2027-11-01")
    );
}

#[test]
fn a_replacement_before_its_new_system_is_live_is_warned() {
    let mut map = hand_map();
    map.plan.as_mut().unwrap().new_systems[0].from = date("2027-05-01");
    let found = warnings(&map, date("2026-01-01"));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].kind, WarningKind::ReplacementNotLive);
    assert!(found[0].message.contains(
        "'New register' takes over from 'Old register' on 2027-04-01 but is not live until 2027-05-01"
    ));
}

#[test]
fn a_retired_system_goes_with_its_links_on_the_day() {
    let mut map = hand_map();
    map.plan.as_mut().unwrap().phases[0]
        .steps
        .push(Step::new(Action::Retire {
            component: id("new"),
            on: date("2029-01-01"),
        }));
    let eve = as_of(&map, date("2028-12-31"));
    assert!(eve.component(&id("new")).is_some());
    let day = as_of(&map, date("2029-01-01"));
    assert!(day.component(&id("new")).is_none());
    assert!(day.links.is_empty());
    assert_eq!(
        kinds(&map),
        [WarningKind::OutsidePhase, WarningKind::RetiresDependedOn],
        "after the phase's end, and the need still depends on it"
    );
}

#[test]
fn steps_naming_missing_components_and_stray_costs_are_warned() {
    let mut map = hand_map();
    let plan = map.plan.as_mut().unwrap();
    plan.phases[0].steps.push(Step::new(Action::Retire {
        component: id("gone"),
        on: date("2027-05-01"),
    }));
    plan.phases[0]
        .costs
        .push(cost("Late", 1.0, "2031-01-01", Funding::Capital));
    plan.appraisal.optimism_bias = 0.5;
    assert_eq!(
        kinds(&map),
        [
            WarningKind::MissingComponent,
            WarningKind::CostOutsideAppraisal,
            WarningKind::BiasWithoutReason
        ]
    );
}

#[test]
fn waves_put_the_costliest_risk_first() {
    let mut map = hand_map();
    let mut shadow =
        Component::new(id("s"), "Spreadsheet", 0.4, 0.1).with_status(SupportStatus::ShadowIt);
    shadow.annual_cost_gbp = None;
    map.components.push(shadow);
    let w = waves(&map, date("2027-01-01"));
    assert_eq!(w.len(), 1);
    let names: Vec<&str> = w[0].systems.iter().map(|s| s.name.as_str()).collect();
    // The old register: 0.5 x 2 x 1000 = £1,000 a year; the spreadsheet nothing
    // depends on: £0.
    assert_eq!(names, ["Old register", "Spreadsheet"]);
    assert!(close(w[0].systems[0].expected_loss_gbp, 1000.0));
    assert!(
        w[0].systems[0]
            .planned
            .as_deref()
            .unwrap()
            .starts_with("replace")
    );
}

#[test]
fn risk_at_a_date_weighs_staying_against_moving() {
    let map = hand_map();
    let during = risk_at(&map, date("2027-06-01"));
    assert_eq!(during.staying, Some(4));
    assert_eq!(during.moving, Some(3));
    assert_eq!(during.at_risk_systems, ["Old register"]);
    let after = risk_at(&map, date("2028-01-01"));
    assert_eq!(after.staying, None);
    assert_eq!(after.moving, None);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn costs_never_negative_and_npv_is_the_discounted_sum(
        old_cost in 0.0..1e6f64,
        new_cost in 0.0..1e6f64,
        one_off in 0.0..1e6f64,
        parallel_days in 0i64..400,
        start_offset in 0i64..700,
        rate in 0.0..0.2f64,
        bias in 0.0..3.0f64,
        years in 1u32..8,
    ) {
        let mut map = hand_map();
        map.component_mut(&id("old")).unwrap().annual_cost_gbp = Some(old_cost);
        map.component_mut(&id("new")).unwrap().annual_cost_gbp = Some(new_cost);
        let from = date("2027-01-01") + chrono::Duration::days(start_offset);
        let plan = map.plan.as_mut().unwrap();
        plan.new_systems[0].from = from;
        plan.phases[0].steps[0].action = Action::Replace {
            from: id("old"),
            to: id("new"),
            parallel_from: Some(from),
            parallel_to: from + chrono::Duration::days(parallel_days),
        };
        plan.phases[0].costs[0].amount_gbp = one_off;
        plan.appraisal.discount_rate = rate;
        plan.appraisal.optimism_bias = bias;
        plan.appraisal.years = years;
        let a = appraise(&map, &settings(&map), date("2026-01-01"));
        let mut sum = 0.0;
        for y in &a.years {
            for v in [y.do_nothing_gbp, y.plan_gbp, y.plan_run_gbp, y.plan_one_off_gbp,
                      y.plan_loss_gbp, y.capital_gbp, y.revenue_gbp, y.discount_factor] {
                prop_assert!(v >= 0.0, "{v}");
            }
            prop_assert!((y.discount_factor - 1.0 / (1.0 + rate).powi(y.year as i32)).abs() < 1e-12);
            sum += (y.do_nothing_gbp - y.plan_gbp) * y.discount_factor;
        }
        prop_assert!((a.npv_gbp - sum).abs() < 1e-6 * (1.0 + sum.abs()));
    }
}

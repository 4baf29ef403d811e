//! Views of the hand-made estate `tests/fixtures/estate/estate.json` (15 components over
//! Stroke, Diabetes and Cancer; HSCN network c14 has no areas). Member sets worked out
//! on paper from its links.

use super::*;
use crate::model::{Group, from_json_bytes};

fn estate() -> Map {
    from_json_bytes(include_bytes!("../../../tests/fixtures/estate/estate.json")).unwrap()
}

fn ids(list: &[&str]) -> Vec<ComponentId> {
    list.iter().map(|s| ComponentId(s.to_string())).collect()
}

fn members(view: MapView) -> Vec<ComponentId> {
    view_members(&estate(), &view).unwrap()
}

#[test]
fn the_estate_lists_its_three_areas_sorted() {
    assert_eq!(areas_of(&estate()), ["Cancer", "Diabetes", "Stroke"]);
}

#[test]
fn an_area_keeps_its_components_and_the_links_among_them() {
    let map = view_map(&estate(), &MapView::area("stroke")).unwrap();
    let kept: Vec<&str> = map.components.iter().map(|c| c.id.as_str()).collect();
    // The need, EPR, PAS, the VMs, PACS, tele-stroke, the spreadsheet, the engine; not
    // HSCN (no areas) nor any diabetes or cancer system.
    assert_eq!(kept, ["c1", "c4", "c5", "c6", "c7", "c8", "c9", "c15"]);
    let links: Vec<(&str, &str)> = map
        .links
        .iter()
        .map(|l| (l.from.as_str(), l.to.as_str()))
        .collect();
    // c8->c14 and c15->c14 go to HSCN, outside the view.
    assert_eq!(
        links,
        [
            ("c1", "c8"),
            ("c1", "c9"),
            ("c1", "c4"),
            ("c8", "c7"),
            ("c4", "c5"),
            ("c4", "c15"),
            ("c5", "c6"),
            ("c7", "c6")
        ]
    );
    assert_eq!(map.title, "Example Trust estate \u{2014} Stroke area");
    assert!(crate::model::validate(&map).is_empty());
}

#[test]
fn a_component_with_no_areas_is_in_no_area_but_in_the_whole_map() {
    let hscn = ComponentId("c14".into());
    for area in ["Stroke", "Diabetes", "Cancer"] {
        assert!(!members(MapView::area(area)).contains(&hscn), "{area}");
    }
    assert!(members(MapView::default()).contains(&hscn));
}

#[test]
fn at_risk_keeps_the_at_risk_systems_and_everything_above_them() {
    // At risk: PAS c5, VMs c6, PACS c7, spreadsheet c9, glucose uploads c11, MDT
    // tracker c13 (unknown). Above them: EPR c4 (on PAS), tele-stroke c8 (on PACS),
    // chemo prescribing c12 (on EPR) and the three needs. Retinal screening c10, HSCN
    // c14 and the engine c15 rest on nothing at risk.
    assert_eq!(
        members(MapView::at_risk()),
        ids(&[
            "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c11", "c12", "c13"
        ])
    );
}

#[test]
fn at_risk_within_an_area_follows_links_inside_the_area_only() {
    let view = MapView {
        area: Some("Cancer".into()),
        at_risk: true,
    };
    // Cancer: c3 c4 c5 c6 c7 c12 c13 c15. At risk: c5 c6 c7 c13; above them in the area:
    // c4 (PAS), c12 (EPR), c3. Tele-stroke c8 depends on PACS but is not in Cancer.
    assert_eq!(
        members(view),
        ids(&["c3", "c4", "c5", "c6", "c7", "c12", "c13"])
    );
}

#[test]
fn an_unknown_area_names_the_areas_the_map_has() {
    let err = view_map(&estate(), &MapView::area("Renal")).unwrap_err();
    assert_eq!(err.known, ["Cancer", "Diabetes", "Stroke"]);
    assert_eq!(
        err.to_string(),
        "the map has no area 'Renal'; its areas are: Cancer, Diabetes, Stroke"
    );
}

#[test]
fn the_whole_map_view_is_the_map_itself() {
    assert_eq!(view_map(&estate(), &MapView::default()).unwrap(), estate());
}

#[test]
fn groups_keep_only_members_in_the_view() {
    let mut map = estate();
    map.groups = vec![
        Group::new("Imaging", ids(&["c7", "c10"]), true),
        Group::new("Diabetes apps", ids(&["c10", "c11"]), true),
    ];
    let view = view_map(&map, &MapView::area("Stroke")).unwrap();
    assert_eq!(view.groups, [Group::new("Imaging", ids(&["c7"]), true)]);
}

#[test]
fn the_dependants_of_the_vms_span_three_areas() {
    let map = estate();
    let analysis = crate::analysis::Analysis::new(&map, "2026-11-21".parse().unwrap());
    let radius = analysis.blast_radius(&ComponentId("c6".into())).unwrap();
    assert_eq!(
        areas_spanned(&map, radius.components),
        ["Cancer", "Diabetes", "Stroke"]
    );
    let spreadsheet = analysis.blast_radius(&ComponentId("c9".into())).unwrap();
    assert_eq!(areas_spanned(&map, spreadsheet.components), ["Stroke"]);
}

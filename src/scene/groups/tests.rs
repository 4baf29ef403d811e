use super::*;
use crate::model::{Group, from_json_bytes};
use crate::scene::{ItemId, SceneOptions, build};

fn estate() -> Map {
    from_json_bytes(include_bytes!("../../../tests/fixtures/estate/estate.json")).unwrap()
}

fn id(s: &str) -> ComponentId {
    ComponentId(s.into())
}

fn with_stroke_group(collapsed: bool) -> Map {
    let mut map = estate();
    // Tele-stroke video (supported), the thrombolysis spreadsheet (shadow IT), PACS
    // (extended support).
    map.groups = vec![Group::new(
        "Stroke apps",
        vec![id("c8"), id("c9"), id("c7")],
        collapsed,
    )];
    map
}

#[test]
fn a_collapsed_group_draws_one_box_with_its_counts_and_no_member_markers() {
    let scene = build(&with_stroke_group(true), &SceneOptions::default());
    let drawn: Vec<&str> = scene.components.iter().map(|c| c.id.as_str()).collect();
    assert!(drawn.contains(&"group:0"), "{drawn:?}");
    for member in ["c7", "c8", "c9"] {
        assert!(!drawn.contains(&member), "{member} is drawn");
    }
    assert_eq!(drawn.len(), 15 - 3 + 1);
    let item = scene
        .items
        .iter()
        .find(|i| i.id == ItemId::Component(box_id(0)))
        .unwrap();
    assert!(
        item.name
            .starts_with("Stroke apps (3 systems: 1 shadow IT, 1 extended support, 1 supported)"),
        "{}",
        item.name
    );
    // The most at-risk member's status: shadow IT.
    assert!(
        item.name.to_lowercase().contains("shadow it"),
        "{}",
        item.name
    );
}

#[test]
fn links_to_members_are_drawn_to_the_box_once() {
    let scene = build(&with_stroke_group(true), &SceneOptions::default());
    let mut links: Vec<(String, String)> = scene
        .items
        .iter()
        .filter_map(|i| match &i.id {
            ItemId::Link { from, to } => Some((from.0.clone(), to.0.clone())),
            _ => None,
        })
        .filter(|(f, t)| f.starts_with("group") || t.starts_with("group"))
        .collect();
    links.sort();
    // c1->c8 and c1->c9 become one link; c8->c7 falls inside the group; c7->c6 and
    // c8->c14 leave it.
    let expected = [("c1", "group:0"), ("group:0", "c14"), ("group:0", "c6")];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(f, t)| (f.to_string(), t.to_string()))
        .collect();
    assert_eq!(links, expected);
}

#[test]
fn the_box_sits_at_the_members_mean_position() {
    let map = collapse(&with_stroke_group(true)).unwrap();
    let group = map.components.iter().find(|c| c.id == box_id(0)).unwrap();
    assert!((group.visibility - (0.78 + 0.60 + 0.45) / 3.0).abs() < 1e-9);
    assert!((group.evolution - (0.40 + 0.12 + 0.70) / 3.0).abs() < 1e-9);
    assert_eq!(group.status, SupportStatus::ShadowIt);
}

#[test]
fn an_expanded_group_draws_its_members() {
    assert!(collapse(&with_stroke_group(false)).is_none());
    let scene = build(&with_stroke_group(false), &SceneOptions::default());
    assert_eq!(scene.components.len(), 15);
}

#[test]
fn box_ids_name_their_group() {
    assert_eq!(group_of_box(&box_id(7)), Some(7));
    assert_eq!(group_of_box(&id("c7")), None);
}

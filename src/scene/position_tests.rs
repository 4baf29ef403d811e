//! Positions are data: whatever the map and sizes, every component's marker is centred
//! on its coordinates and no label overlaps another label or another marker.

use super::{Rect, Scene, SceneOptions, Shape, Text, build, build_view, to_scene};
use crate::model::Map;
use crate::model::generate::generate;
use proptest::prelude::*;

/// The marker (first shape) of each component's run, with the run.
fn markers(scene: &Scene) -> Vec<(Rect, std::ops::Range<usize>)> {
    scene
        .components
        .iter()
        .map(|group| match &scene.shapes[group.shapes.start] {
            Shape::Rect { rect, .. } => (*rect, group.shapes.clone()),
            // An overview's dot.
            dot @ Shape::Circle { .. } => (dot.bounds(), group.shapes.clone()),
            other => panic!("{:?}'s first shape is {other:?}", group.id),
        })
        .collect()
}

/// The texts but status badge glyphs (part of a marker: markers of components at
/// nearly one position overlap, as their positions do).
fn texts(scene: &Scene) -> Vec<(usize, &Text)> {
    let texts = scene.shapes.iter().enumerate();
    texts
        .filter_map(|(i, s)| match s {
            Shape::Text(t) if t.text != "!" && t.text != "?" => Some((i, t)),
            _ => None,
        })
        .collect()
}

/// What is wrong with `scene` of `map`, if anything.
pub(super) fn check(map: &Map, scene: &Scene) -> Result<(), String> {
    if scene.components.len() != map.components.len() {
        return Err(format!(
            "{} component runs for {} components",
            scene.components.len(),
            map.components.len()
        ));
    }
    for (group, (marker, _)) in scene.components.iter().zip(markers(scene)) {
        let c = map.component(&group.id).ok_or("a run of no component")?;
        let want = to_scene(c.evolution, c.visibility);
        let got = marker.center();
        if (got.x - want.x).abs() > 0.5 || (got.y - want.y).abs() > 0.5 {
            return Err(format!("{} drawn at {got:?}, not {want:?}", c.name));
        }
    }
    let texts = texts(scene);
    for (i, (_, a)) in texts.iter().enumerate() {
        for (_, b) in &texts[i + 1..] {
            if a.bounds().expand(-0.5).intersects(&b.bounds().expand(-0.5)) {
                return Err(format!("text {:?} overlaps {:?}", a.text, b.text));
            }
        }
    }
    for (marker, run) in markers(scene) {
        for (index, t) in &texts {
            if !run.contains(index) && t.bounds().expand(-0.5).intersects(&marker) {
                return Err(format!("text {:?} covers a marker at {marker:?}", t.text));
            }
        }
    }
    Ok(())
}

fn sample_maps() -> Vec<Map> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("tests/golden/stroke.json")];
    let dir = std::fs::read_dir(root.join("sample_maps")).expect("sample maps");
    files.extend(
        dir.filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "json")),
    );
    files
        .iter()
        .map(|f| crate::model::load_file(f).expect("sample map loads"))
        .collect()
}

fn options(presenter: bool) -> SceneOptions {
    SceneOptions {
        presenter,
        frame: super::FrameOptions {
            summary: true,
            ..super::FrameOptions::board_pack()
        },
        ..SceneOptions::default()
    }
}

#[test]
fn sample_maps_are_drawn_where_their_coordinates_say() {
    let maps = sample_maps();
    assert!(maps.len() >= 4);
    for map in &maps {
        for presenter in [false, true] {
            let scene = build(map, &options(presenter));
            check(map, &scene)
                .unwrap_or_else(|e| panic!("{} (presenter {presenter}): {e}", map.title));
        }
    }
}

#[test]
fn a_dense_corner_moves_labels_not_components() {
    // Six systems on almost one spot: their markers stay there, the names move off.
    let mut map = generate(6, 1);
    for (i, c) in map.components.iter_mut().enumerate() {
        c.evolution = 0.5 + i as f64 * 0.004;
        c.visibility = 0.5;
    }
    let scene = build(&map, &options(true));
    check(&map, &scene).unwrap();
    let leaders = scene.shapes.iter().filter(|s| matches!(s, Shape::Polyline { arrowhead: None, stroke, .. } if stroke.style == super::StrokeStyle::Dashed));
    assert!(
        leaders.count() > 0,
        "labels set off their markers get a leader line"
    );
}

#[test]
fn a_cropped_view_keeps_a_run_per_component_in_view() {
    let map = &sample_maps()[0];
    let view = Rect::from_min_size(super::Point::new(0.0, 0.0), 800.0, 500.0);
    let scene = build_view(map, &options(false), view);
    assert!(!scene.components.is_empty());
    for (marker, _) in markers(&scene) {
        // Scaled two-fold into the map area, clipped to it.
        assert!(
            super::MAP_AREA.expand(60.0).contains_rect(&marker),
            "{marker:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn generated_maps_are_drawn_where_their_coordinates_say(
        components in 2usize..160,
        seed in 0u64..1000,
        presenter in any::<bool>(),
    ) {
        let map = generate(components, seed);
        let scene = build(&map, &options(presenter));
        prop_assert!(check(&map, &scene).is_ok(), "{:?}", check(&map, &scene));
    }
}

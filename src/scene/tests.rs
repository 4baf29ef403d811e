use super::*;
use crate::model::generate::generate;
use crate::model::{Component, Kind, Link, Note, SupportStatus};
use chrono::NaiveDate;

fn framed() -> SceneOptions {
    SceneOptions {
        frame: FrameOptions {
            summary: true,
            subtitle: Some("Draft, for discussion".into()),
            footer: Some("Prepared for the board".into()),
            ..FrameOptions::board_pack()
        },
        ..SceneOptions::default()
    }
}

/// A small hand-made stroke pathway with crowded spots, long names and a note.
pub fn stroke_map() -> Map {
    let mut map = Map::new("Stroke pathway");
    map.organisation = Some("Example NHS Foundation Trust".into());
    let mut add = |name: &str, kind, vis, evo, status| {
        let id = map.allocate_component_id();
        map.components.push(
            Component::new(id.clone(), name, vis, evo)
                .with_kind(kind)
                .with_status(status),
        );
        id
    };
    use SupportStatus::*;
    let patient = add(
        "Patient with suspected stroke",
        Kind::UserNeed,
        0.97,
        0.55,
        Supported,
    );
    let epr = add("EPR", Kind::System, 0.7, 0.6, Unsupported);
    let pacs = add("PACS imaging", Kind::System, 0.68, 0.62, ExtendedSupport);
    let beds = add("Bed-state spreadsheet", Kind::System, 0.72, 0.2, ShadowIt);
    let tele = add(
        "Telestroke video consultation service",
        Kind::Activity,
        0.6,
        0.35,
        Unknown,
    );
    let net = add("HSCN network", Kind::System, 0.15, 0.85, Supported);
    let dc = add("Data centre", Kind::System, 0.12, 0.83, Supported);
    for (from, to) in [
        (&patient, &epr),
        (&patient, &pacs),
        (&patient, &beds),
        (&epr, &net),
    ] {
        map.links.push(Link::new(from.clone(), to.clone()));
    }
    let mut labelled = Link::new(tele.clone(), dc.clone());
    labelled.label = Some("hosted in".into());
    map.links.push(labelled);
    let id = map.allocate_note_id();
    map.notes.push(Note {
        id,
        text: "EPR replacement business case due to board in Q3".into(),
        visibility: 0.45,
        evolution: 0.05,
        extra: Default::default(),
    });
    map
}

fn texts(scene: &Scene) -> Vec<&Text> {
    scene
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Text(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// No text overlaps another text, no text overlaps a component's marker unless it is
/// that component's own, and a box holding its name overlaps no other marker. (Small
/// markers of components at nearly one position overlap, as their positions do.)
fn assert_no_overlaps(scene: &Scene) {
    let texts = texts(scene);
    let badge = |t: &Text| t.text == "!" || t.text == "?";
    for (i, a) in texts.iter().enumerate() {
        for b in &texts[i + 1..] {
            // Badges of markers at nearly one position overlap, as the markers do.
            assert!(
                (badge(a) && badge(b))
                    || !a.bounds().expand(-0.5).intersects(&b.bounds().expand(-0.5)),
                "text {:?} overlaps {:?}",
                a.text,
                b.text
            );
        }
    }
    let markers: Vec<(Rect, &ComponentShapes)> = scene
        .components
        .iter()
        .map(|run| match &scene.shapes[run.shapes.start] {
            Shape::Rect { rect, .. } => (*rect, run),
            other => panic!("{:?} starts with {other:?}", run.id),
        })
        .collect();
    for (marker, run) in &markers {
        let own = &scene.shapes[run.shapes.clone()];
        let named = own.iter().skip(1).any(|s| match s {
            Shape::Text(t) => marker.contains_rect(&t.bounds()) && t.text != "!" && t.text != "?",
            _ => false,
        });
        for (other, other_run) in &markers {
            if named && other_run.id != run.id {
                assert!(
                    !marker.intersects(other),
                    "{:?} overlaps {:?}",
                    run.id,
                    other_run.id
                );
            }
        }
        for (index, shape) in scene.shapes.iter().enumerate() {
            if let Shape::Text(t) = shape
                && !run.shapes.contains(&index)
                && t.text != "!"
                && t.text != "?"
            {
                assert!(
                    !marker.intersects(&t.bounds().expand(-0.5)),
                    "text {:?} overlaps the marker of {:?}",
                    t.text,
                    run.id
                );
            }
        }
    }
}

#[test]
fn hand_made_map_has_no_overlapping_text_or_boxes() {
    let scene = build(&stroke_map(), &framed());
    assert_no_overlaps(&scene);
}

#[test]
fn generated_maps_have_no_overlapping_text_or_boxes() {
    for seed in 1..8 {
        for (size, presenter) in [(30, false), (60, false), (40, true)] {
            let options = SceneOptions {
                presenter,
                ..framed()
            };
            assert_no_overlaps(&build(&generate(size, seed), &options));
        }
    }
}

#[test]
fn every_component_link_and_note_is_an_item_with_a_name() {
    let map = stroke_map();
    let scene = build(&map, &SceneOptions::default());
    assert_eq!(
        scene.items.len(),
        map.components.len() + map.links.len() + map.notes.len()
    );
    let epr = scene
        .items
        .iter()
        .find(|i| i.id == ItemId::Component(map.find_by_name("EPR").unwrap().id.clone()))
        .unwrap();
    assert_eq!(epr.name, "EPR, system, unsupported");
    assert!(
        scene.items.iter().any(|i| i.name
            == "link from Telestroke video consultation service to Data centre: hosted in")
    );
}

#[test]
fn boxes_stay_inside_the_map_area_and_scene_bounds_hold_everything() {
    let scene = build(&generate(60, 9), &framed());
    // A marker sits on its position, so one on the map's edge reaches past it.
    let reach = map_layer::marker_reach(&Sizes::new(false));
    for item in &scene.items {
        assert!(
            MAP_AREA.expand(reach).contains_rect(&item.hit),
            "{}",
            item.name
        );
    }
    for shape in &scene.shapes {
        assert!(scene.bounds.contains_rect(&shape.bounds()), "{shape:?}");
    }
}

/// The item of the component called `name`.
fn item_named<'a>(scene: &'a Scene, map: &Map, name: &str) -> &'a Item {
    let id = &map.find_by_name(name).unwrap().id;
    scene
        .items
        .iter()
        .find(|i| i.id == ItemId::Component(id.clone()))
        .unwrap()
}

/// The fill of the box of the component called `name`.
fn box_fill(scene: &Scene, map: &Map, name: &str) -> Option<Color> {
    let hit = item_named(scene, map, name).hit;
    scene.shapes.iter().find_map(|s| match s {
        Shape::Rect { rect, fill, .. } if hit.contains_rect(rect) => *fill,
        _ => None,
    })
}

#[test]
fn component_box_is_filled_with_its_status_colour() {
    let map = stroke_map();
    let scene = build(&map, &SceneOptions::default());
    assert_eq!(
        box_fill(&scene, &map, "EPR"),
        Some(status_fill(SupportStatus::Unsupported, Theme::Light))
    );
}

#[test]
fn frame_adds_title_legend_and_summary() {
    let map = stroke_map();
    let bare = build(&map, &SceneOptions::default());
    let full = build(&map, &framed());
    let words = |s: &Scene| texts(s).iter().map(|t| t.text.clone()).collect::<Vec<_>>();
    assert!(!words(&bare).contains(&"Stroke pathway".to_string()));
    let all = words(&full);
    for expected in [
        "Stroke pathway",
        "Key",
        "Shadow IT",
        "Total",
        "Draft, for discussion",
    ] {
        assert!(
            all.iter().any(|t| t == expected),
            "{expected} missing from {all:?}"
        );
    }
    assert!(
        all.iter()
            .any(|t| t.contains("Example NHS Foundation Trust") && t.contains("As of"))
    );
    assert!(full.bounds.height() > bare.bounds.height());
}

#[test]
fn dimmed_components_are_faded() {
    let map = stroke_map();
    let epr = map.find_by_name("EPR").unwrap().id.clone();
    let options = SceneOptions {
        dimmed: [epr.clone()].into(),
        ..SceneOptions::default()
    };
    let scene = build(&map, &options);
    let hit = scene
        .items
        .iter()
        .find(|i| i.id == ItemId::Component(epr.clone()))
        .unwrap()
        .hit;
    let alpha = scene.shapes.iter().find_map(|s| match s {
        Shape::Rect {
            rect,
            fill: Some(f),
            ..
        } if hit.contains_rect(rect) => Some(f.a),
        _ => None,
    });
    assert!(alpha.is_some_and(|a| a < 128), "{alpha:?}");
}

#[test]
fn legend_builds_on_its_own_from_the_origin() {
    let key = legend(
        &SceneOptions::default(),
        day(2026, 11, 22),
        LegendExtras::default(),
        300.0,
    );
    assert!(key.bounds.min.x >= -1.0 && key.bounds.min.y >= -1.0);
    assert!(key.bounds.width() <= 300.0, "{:?}", key.bounds);
    let labels: Vec<_> = texts(&key).iter().map(|t| t.text.clone()).collect();
    for status in SupportStatus::ALL {
        assert!(labels.contains(&status.label().to_string()));
    }
    assert_no_overlaps(&key);
}

#[test]
fn scene_coordinates_round_trip() {
    let p = to_scene(0.25, 0.75);
    assert_eq!(p, Point::new(400.0, 250.0));
    let (e, v) = from_scene(p);
    assert!((e - 0.25).abs() < 1e-6 && (v - 0.75).abs() < 1e-6);
}

/// Distance from `p` to the nearest point of `r` (0 inside).
fn distance_to_rect(p: Point, r: &Rect) -> f32 {
    let dx = (r.min.x - p.x).max(p.x - r.max.x).max(0.0);
    let dy = (r.min.y - p.y).max(p.y - r.max.y).max(0.0);
    dx.hypot(dy)
}

#[test]
fn badges_never_cover_label_text() {
    for map in [stroke_map(), generate(40, 2)] {
        let scene = build(&map, &framed());
        let badges: Vec<(Point, f32)> = scene
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Circle { center, radius, .. } if *radius > 5.0 => Some((*center, *radius)),
                _ => None,
            })
            .collect();
        assert!(!badges.is_empty());
        for t in texts(&scene)
            .iter()
            .filter(|t| t.text != "!" && t.text != "?")
        {
            for (c, r) in &badges {
                assert!(
                    distance_to_rect(*c, &t.bounds()) >= *r,
                    "badge covers {:?}",
                    t.text
                );
            }
        }
    }
}

/// Every realistic map shipped in `sample_maps/` (and the export test fixture), at
/// export size. (In presenter mode a dense sample map can run out of room for a note;
/// presenter layout is checked on generated maps above.)
#[test]
fn sample_maps_have_no_overlapping_text_or_boxes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("tests/golden/stroke.json")];
    if let Ok(dir) = std::fs::read_dir(root.join("sample_maps")) {
        files.extend(
            dir.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "json")),
        );
    }
    for file in files {
        let map = crate::model::load_file(&file).expect("sample map loads");
        for presenter in [false, true] {
            let options = SceneOptions {
                presenter,
                ..framed()
            };
            let scene = build(&map, &options);
            std::panic::catch_unwind(|| assert_no_overlaps(&scene)).unwrap_or_else(|_| {
                panic!("overlap in {} (presenter {presenter})", file.display())
            });
        }
    }
}

#[test]
fn item_at_finds_boxes_before_links_and_links_near_their_line() {
    let map = stroke_map();
    let scene = build(&map, &SceneOptions::default());
    let epr = map.find_by_name("EPR").unwrap().id.clone();
    let hit = scene
        .items
        .iter()
        .find(|i| i.id == ItemId::Component(epr.clone()))
        .unwrap()
        .hit;
    assert_eq!(
        scene.item_at(hit.center(), 4.0).map(|i| &i.id),
        Some(&ItemId::Component(epr))
    );
    let link = scene.items.iter().find(|i| i.segment.is_some()).unwrap();
    let (a, b) = link.segment.unwrap();
    let mid = Point::new((a.x + b.x) / 2.0 + 2.0, (a.y + b.y) / 2.0);
    assert!(matches!(
        scene.item_at(mid, 4.0).map(|i| &i.id),
        Some(ItemId::Link { .. })
    ));
    assert!(scene.item_at(Point::new(-500.0, -500.0), 4.0).is_none());
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Systems with hand-worked overlay answers as of 2026-11-22 (not assessed counts as
/// rating 3, so 6 clinical points with the default weights), under one user need.
fn overlay_map() -> Map {
    use crate::model::{ClinicalRisk, Consequence, Likelihood};
    let mut map = Map::new("Overlays");
    let mut add = |name: &str, status, eos: Option<NaiveDate>, contract: Option<NaiveDate>| {
        let id = map.allocate_component_id();
        let mut c = Component::new(id, name, 0.5, 0.1 + 0.1 * map.components.len() as f64)
            .with_status(status);
        c.end_of_support = eos;
        c.contract_end = contract;
        map.components.push(c);
    };
    use SupportStatus::*;
    // 6 + unsupported 6 + expired 3 = 15, the highest: very high; dates: expired.
    add("Old server", Unsupported, Some(day(2025, 1, 1)), None);
    // 6 + extended 2 + within 6 months 2 = 10, 0.67 of 15: high; contract within 12.
    add("Lab system", ExtendedSupport, None, Some(day(2027, 3, 31)));
    // 6 + extended 2 = 8, 0.53: medium; no date.
    add("Pager", ExtendedSupport, None, None);
    // 6 + supported 0 + later 0 = 6, 0.4 exactly: low; a year and a day away: later.
    add("EPR", Supported, Some(day(2027, 11, 23)), None);
    // 12 months to the day is still within 12 months.
    add("PACS", Supported, Some(day(2027, 11, 22)), None);
    // Rated 1 (very low x minor): 2 + 0 + within 12 months 1 = 3, 0.2: very low.
    add("Network", Supported, Some(day(2027, 11, 22)), None);
    map.components.last_mut().unwrap().clinical_risk = Some(ClinicalRisk {
        likelihood: Some(Likelihood::VeryLow),
        consequence: Some(Consequence::Minor),
    });
    let need = map.allocate_component_id();
    map.components.push(
        Component::new(need, "Clinician", 0.95, 0.5)
            .with_kind(Kind::UserNeed)
            .with_status(SupportStatus::Supported),
    );
    map
}

fn overlay_options(colour_by: ColourBy) -> SceneOptions {
    SceneOptions {
        colour_by,
        today: Some(day(2026, 11, 22)),
        ..SceneOptions::default()
    }
}

#[test]
fn risk_overlay_fills_each_box_with_its_heat_band() {
    use crate::analysis::HeatLevel::*;
    let map = overlay_map();
    let scene = build(&map, &overlay_options(ColourBy::Risk));
    for (name, level) in [
        ("Old server", VeryHigh),
        ("Lab system", High),
        ("Pager", Medium),
        ("EPR", Low),
        ("Network", VeryLow),
    ] {
        assert_eq!(
            box_fill(&scene, &map, name),
            Some(heat_fill(level, Theme::Light)),
            "{name}"
        );
    }
    assert_eq!(
        item_named(&scene, &map, "Old server").name,
        "Old server, system, unsupported, risk very high"
    );
}

#[test]
fn dates_overlay_fills_each_box_with_its_date_category() {
    use crate::analysis::DateCategory::*;
    let map = overlay_map();
    for theme in [Theme::Light, Theme::Print] {
        let options = SceneOptions {
            theme,
            ..overlay_options(ColourBy::Dates)
        };
        let scene = build(&map, &options);
        for (name, category) in [
            ("Old server", Expired),
            ("Lab system", Within12Months),
            ("Pager", NoDate),
            ("EPR", Later),
            ("PACS", Within12Months),
        ] {
            assert_eq!(
                box_fill(&scene, &map, name),
                Some(date_fill(category, theme)),
                "{name} in {theme:?}"
            );
        }
    }
}

#[test]
fn overlays_keep_status_outlines_and_badges() {
    let map = overlay_map();
    let plain = build(&map, &SceneOptions::default());
    let heat = build(&map, &overlay_options(ColourBy::Risk));
    let outlines = |scene: &Scene| {
        scene
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Rect { stroke, .. } => Some(*stroke),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let badges = |scene: &Scene| {
        texts(scene)
            .iter()
            .filter(|t| t.text == "!" || t.text == "?")
            .count()
    };
    assert_eq!(outlines(&plain), outlines(&heat));
    assert_eq!(badges(&plain), badges(&heat));
    assert_eq!(badges(&heat), 1, "the unsupported server's badge");
}

#[test]
fn user_needs_are_neutral_and_unscored_under_an_overlay() {
    let map = overlay_map();
    for colour_by in [ColourBy::Risk, ColourBy::Dates] {
        let scene = build(&map, &overlay_options(colour_by));
        assert_eq!(box_fill(&scene, &map, "Clinician"), Some(Color::WHITE));
        assert_eq!(
            item_named(&scene, &map, "Clinician").name,
            "Clinician, user need"
        );
    }
}

#[test]
fn overlays_measure_from_today_else_the_as_of_date_else_the_last_edit() {
    let mut map = overlay_map();
    map.modified = day(2024, 6, 1).and_hms_opt(9, 0, 0).unwrap().and_utc();
    let mut options = SceneOptions {
        colour_by: ColourBy::Dates,
        ..SceneOptions::default()
    };
    let old_server = |options: &SceneOptions| box_fill(&build(&map, options), &map, "Old server");
    // In June 2024 the server's support (ending 2025-01-01) had some months to run.
    let within = date_fill(crate::analysis::DateCategory::Within12Months, Theme::Light);
    let expired = date_fill(crate::analysis::DateCategory::Expired, Theme::Light);
    assert_eq!(old_server(&options), Some(within));
    options.frame.as_of = Some(day(2026, 1, 1));
    assert_eq!(old_server(&options), Some(expired));
    options.frame.as_of = Some(day(2023, 1, 1));
    options.today = Some(day(2026, 1, 1));
    assert_eq!(old_server(&options), Some(expired));
}

#[test]
fn legend_follows_the_colouring() {
    let labels = |colour_by| {
        let options = overlay_options(colour_by);
        let key = legend(&options, day(2026, 11, 22), LegendExtras::default(), 1400.0);
        assert_no_overlaps(&key);
        texts(&key)
            .iter()
            .map(|t| t.text.clone())
            .collect::<Vec<_>>()
    };
    let status = labels(ColourBy::Status);
    let risk = labels(ColourBy::Risk);
    let dates = labels(ColourBy::Dates);
    assert!(status.contains(&"Key".to_string()));
    assert!(!status.iter().any(|t| t == "Very high" || t == "Expired"));
    for band in ["Very low", "Low", "Medium", "High", "Very high"] {
        assert!(risk.contains(&band.to_string()), "{band} in {risk:?}");
    }
    assert!(
        risk.iter()
            .any(|t| t.starts_with("Risk score") && t.contains("22 Nov 2026"))
    );
    for category in ["Expired", "Ends within 12 months", "Ends later", "No date"] {
        assert!(
            dates.contains(&category.to_string()),
            "{category} in {dates:?}"
        );
    }
    assert!(
        dates
            .iter()
            .any(|t| t.contains("contract end, 22 Nov 2026"))
    );
    for overlay in [&risk, &dates] {
        assert!(overlay.contains(&"Status (outline):".to_string()));
        for s in SupportStatus::ALL {
            assert!(overlay.contains(&s.label().to_string()), "{s:?}");
        }
    }
}

#[test]
fn framed_export_legend_follows_the_colouring() {
    let map = overlay_map();
    let options = SceneOptions {
        frame: FrameOptions::board_pack(),
        ..overlay_options(ColourBy::Dates)
    };
    let scene = build(&map, &options);
    let all: Vec<_> = texts(&scene).iter().map(|t| t.text.clone()).collect();
    assert!(
        all.contains(&"Ends within 12 months".to_string()),
        "{all:?}"
    );
    assert!(!all.contains(&"Key".to_string()));
}

#[test]
fn user_needs_are_plain_pills_whatever_their_status() {
    let mut map = overlay_map();
    let need = map.components.last_mut().unwrap();
    need.status = SupportStatus::Unknown;
    let scene = build(&map, &SceneOptions::default());
    assert_eq!(box_fill(&scene, &map, "Clinician"), Some(Color::WHITE));
    assert_eq!(
        item_named(&scene, &map, "Clinician").name,
        "Clinician, user need"
    );
    let question_badges = texts(&scene).iter().filter(|t| t.text == "?").count();
    assert_eq!(question_badges, 0, "an unknown need has no '?' badge");
}

#[test]
fn summary_table_counts_systems_and_activities_only() {
    // stroke_map: one (supported) user need and six others, two of them supported.
    let scene = build(&stroke_map(), &framed());
    let all: Vec<_> = texts(&scene).iter().map(|t| t.text.clone()).collect();
    let value_under = |head: &str| {
        let at = all.iter().position(|t| t == head).unwrap();
        all[at + 1].clone()
    };
    assert_eq!(value_under("Total"), "6");
    assert_eq!(value_under("Supported"), "2");
}

/// stroke_map with plans: the EPR (at evolution 0.6) evolving to commodity (0.9) by
/// 2027-03-31, the bed spreadsheet to be replaced by the EPR, and inertia on PACS.
fn planned_map() -> Map {
    use crate::model::Evolve;
    let mut map = stroke_map();
    let epr = map.find_by_name("EPR").unwrap().id.clone();
    for c in &mut map.components {
        match c.name.as_str() {
            "EPR" => {
                c.evolve = Some(Evolve {
                    evolution: Some(0.9),
                    replaced_by: None,
                    planned: Some(day(2027, 3, 31)),
                })
            }
            "Bed-state spreadsheet" => {
                c.evolve = Some(Evolve {
                    replaced_by: Some(epr.clone()),
                    ..Evolve::default()
                })
            }
            "PACS imaging" => c.inertia = true,
            _ => {}
        }
    }
    map
}

/// Dashed polylines in the evolution colour.
fn plan_arrows(scene: &Scene) -> Vec<(Point, Point)> {
    let evolve = Palette::for_theme(Theme::Light).evolve;
    scene
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Polyline { points, stroke, .. }
                if stroke.color == evolve && stroke.style == StrokeStyle::Dashed =>
            {
                Some((points[0], points[points.len() - 1]))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn plans_and_inertia_are_drawn_and_named() {
    let map = planned_map();
    let scene = build(&map, &SceneOptions::default());
    assert_no_overlaps(&scene);
    assert_eq!(
        item_named(&scene, &map, "EPR").name,
        "EPR, system, unsupported, evolving to Commodity / utility by 2027-03-31"
    );
    assert_eq!(
        item_named(&scene, &map, "Bed-state spreadsheet").name,
        "Bed-state spreadsheet, system, shadow IT, to be replaced by EPR"
    );
    assert_eq!(
        item_named(&scene, &map, "PACS imaging").name,
        "PACS imaging, system, extended support, inertia"
    );

    // Two arrows: EPR to its ghost in the commodity stage, the spreadsheet to the EPR.
    let epr = item_named(&scene, &map, "EPR").hit;
    let beds = item_named(&scene, &map, "Bed-state spreadsheet").hit;
    let arrows = plan_arrows(&scene);
    assert_eq!(arrows.len(), 2, "{arrows:?}");
    let near = |p: Point, r: &Rect| r.expand(2.0).contains(p);
    assert!(arrows.iter().any(|&(a, b)| near(a, &beds) && near(b, &epr)));
    let (_, ghost_end) = *arrows.iter().find(|&&(a, _)| near(a, &epr)).unwrap();
    assert!(ghost_end.x > to_scene(0.75, 0.0).x - 120.0, "{ghost_end:?}");
    // The ghost repeats the name, in muted text, at the target.
    let muted = Palette::for_theme(Theme::Light).muted_text;
    let ghost_label = texts(&scene)
        .into_iter()
        .find(|t| t.text == "EPR" && t.color == muted)
        .expect("ghost label");
    assert!(
        ghost_label.anchor.x > to_scene(0.8, 0.0).x,
        "{:?}",
        ghost_label.anchor
    );

    // Inertia: a filled bar just right of the PACS box, as tall as the box or more.
    let pacs = item_named(&scene, &map, "PACS imaging").hit;
    let bar = scene.shapes.iter().find_map(|s| match s {
        Shape::Rect {
            rect,
            stroke: None,
            fill: Some(_),
            ..
        } if pacs.contains_rect(rect) && rect.width() < 10.0 => Some(*rect),
        _ => None,
    });
    let bar = bar.expect("inertia bar");
    let pacs_id = &map.find_by_name("PACS imaging").unwrap().id;
    let run = scene.components.iter().find(|r| &r.id == pacs_id).unwrap();
    let Shape::Rect { rect: marker, .. } = scene.shapes[run.shapes.start] else {
        panic!("PACS marker");
    };
    assert!(
        bar.height() >= marker.height() && bar.min.x > marker.max.x,
        "{bar:?}"
    );
}

/// The legend's texts for `map` (its extras as the map uses them), checked for overlaps.
fn legend_labels(map: &Map) -> Vec<String> {
    let key = legend(
        &SceneOptions::default(),
        day(2026, 11, 22),
        LegendExtras::of(map),
        1400.0,
    );
    assert_no_overlaps(&key);
    texts(&key).iter().map(|t| t.text.clone()).collect()
}

#[test]
fn legend_lists_pipelines_annotations_and_markets_only_when_the_map_has_them() {
    let owm = crate::interop::owm::import(
        "component Kettle [0.45, 0.57]\npipeline Kettle\n{\ncomponent Campfire [0.35]\n}\n\
         component Hub [0.4, 0.7] (ecosystem)\nannotation 1 [0.3, 0.3] First\n",
    );
    let labels = legend_labels(&owm.map);
    let plain = legend_labels(&stroke_map());
    for extra in ["Pipeline", "Ecosystem", "Annotation (see the list)"] {
        assert!(labels.contains(&extra.to_string()), "{extra} in {labels:?}");
        assert!(!plain.contains(&extra.to_string()), "{extra}");
    }
    assert!(
        !labels.contains(&"Market".to_string()),
        "no market on the map"
    );
}

#[test]
fn legend_lists_inertia_and_plans_only_when_the_map_has_them() {
    let labels = legend_labels;
    let plain = labels(&stroke_map());
    let planned = labels(&planned_map());
    for extra in ["Inertia", "planned evolution"] {
        assert!(!plain.contains(&extra.to_string()), "{extra}");
        assert!(planned.contains(&extra.to_string()), "{extra}");
    }
}

#[test]
fn legend_lists_the_sourcing_marks_the_map_uses() {
    let labels = legend_labels;
    let mut map = stroke_map();
    for c in &mut map.components {
        c.sourcing = None;
    }
    assert!(
        !labels(&map)
            .iter()
            .any(|t| ["Build", "Buy", "Outsource"].contains(&t.as_str()))
    );
    map.components[0].sourcing = Some(crate::model::Sourcing::Buy);
    map.components[1].sourcing = Some(crate::model::Sourcing::Outsource);
    let with = labels(&map);
    assert!(with.contains(&"Buy".to_string()) && with.contains(&"Outsource".to_string()));
    assert!(!with.contains(&"Build".to_string()));
}

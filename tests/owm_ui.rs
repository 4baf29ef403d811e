//! Pasting OnlineWardleyMaps text onto the canvas, driven through the real app.

use egui::{Event, Key, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use estate_map::model::{Component, Map, Sourcing};
use estate_map::ui::{Document, EstateApp};

fn harness() -> Harness<'static, EstateApp> {
    let mut map = Map::new("Workshop");
    let id = map.allocate_component_id();
    map.components
        .push(Component::new(id, "Existing EPR", 0.5, 0.5));
    harness_of(map)
}

fn harness_of(map: Map) -> Harness<'static, EstateApp> {
    let doc = Document::new(map, None);
    let mut harness = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(120)
        .build_eframe(move |cc| EstateApp::new(&cc.egui_ctx, doc));
    harness.run();
    harness
}

fn map<'a>(h: &'a Harness<'_, EstateApp>) -> &'a Map {
    &h.state().document().map
}

const OWM: &str = "\
title Drafted in OWM
anchor Patient [0.95, 0.6]
component Booking [0.8, 0.45] (buy)
component Kettle [0.45, 0.57]
pipeline Kettle
{
component Campfire Kettle [0.35]
component Electric Kettle [0.73]
}
Patient->Booking
Booking->Kettle; daily
";

#[test]
fn pasting_owm_text_adds_its_components_at_owms_coordinates_in_one_undo() {
    let mut h = harness();
    h.event(Event::Paste(OWM.into()));
    h.run();
    let m = map(&h);
    assert_eq!(m.components.len(), 6, "the existing one and five pasted");
    let booking = m.find_by_name("Booking").unwrap();
    assert_eq!((booking.visibility, booking.evolution), (0.8, 0.45));
    assert_eq!(booking.sourcing, Some(Sourcing::Buy));
    let kettle = m.find_by_name("Kettle").unwrap();
    let campfire = m.find_by_name("Campfire Kettle").unwrap();
    assert_eq!(
        campfire.pipeline_of.as_ref(),
        Some(&kettle.id),
        "variant follows its pasted pipeline"
    );
    assert_eq!((campfire.visibility, campfire.evolution), (0.45, 0.35));
    let patient = m.find_by_name("Patient").unwrap();
    assert!(m.has_link(&patient.id, &booking.id));
    let daily = m.links.iter().find(|l| l.from == booking.id).unwrap();
    assert_eq!(daily.label.as_deref(), Some("daily"));
    assert_eq!(
        m.title, "Workshop",
        "a paste adds to the map, it does not replace it"
    );
    // The pasted components are on the canvas, with their marks in their names.
    h.get_by_label_contains("Booking, ");
    h.get_by_label_contains(", buy");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        map(&h).components.len(),
        1,
        "one undo takes the whole paste back"
    );
}

#[test]
fn pasting_owm_text_with_unreadable_lines_says_so() {
    let mut h = harness();
    h.event(Event::Paste(
        "component A [0.5, 0.2]\nnonsense here\n".into(),
    ));
    h.run();
    assert!(map(&h).find_by_name("A").is_some());
    h.get_by_label_contains("line 2");
}

#[test]
fn plain_text_is_not_taken_for_owm() {
    let mut h = harness();
    h.event(Event::Paste("just some words".into()));
    h.run();
    assert_eq!(map(&h).components.len(), 1);
}

#[test]
fn opening_or_dropping_an_owm_file_imports_it_as_a_new_unsaved_map() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("drafted.owm");
    std::fs::write(&path, OWM).unwrap();
    let mut h = harness();
    h.state_mut().open_path(&path);
    h.run();
    let m = map(&h);
    assert_eq!(m.title, "Drafted in OWM");
    assert_eq!(m.components.len(), 5);
    assert_eq!(
        h.state().document().path,
        None,
        "saving asks for a map file name"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        OWM,
        "the OWM file is untouched"
    );
    // Dropping a file goes the same way.
    let dropped = dir.path().join("dropped.wm");
    std::fs::write(&dropped, "title Dropped\ncomponent X [0.4, 0.4]\n").unwrap();
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(dropped)));
    h.run();
    assert_eq!(map(&h).title, "Dropped");
}

/// A file dropped on the window, as the window system hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Pipelines edited in the inspector (issue 16): Kettle made a pipeline, Campfire made
/// a variant in it (taking Kettle's visibility, 0.45), each one undoable step.
#[test]
fn a_pipeline_and_its_variant_are_set_in_the_inspector_and_undone() {
    let mut map = Map::new("Pipelines");
    for (name, visibility) in [("Kettle", 0.45), ("Campfire", 0.3)] {
        let id = map.allocate_component_id();
        map.components
            .push(Component::new(id, name, visibility, 0.5));
    }
    let doc = Document::new(map, None);
    let mut h = Harness::builder()
        .with_size(Vec2::new(1400.0, 1400.0))
        .with_max_steps(120)
        .build_eframe(move |cc| EstateApp::new(&cc.egui_ctx, doc));
    h.run();
    let find = |h: &Harness<'_, EstateApp>, name: &str| {
        h.state().document().map.find_by_name(name).unwrap().clone()
    };
    h.get_by_label_contains("Kettle, ").click();
    h.run();
    h.get_by_label("Pipeline").click_accesskit();
    h.run();
    assert!(find(&h, "Kettle").pipeline.is_some());
    h.get_by_label_contains("Campfire, ").click();
    h.run();
    h.get_by_label("Variant in pipeline").click_accesskit();
    h.run();
    h.get_by_label("Kettle").click_accesskit();
    h.run();
    let campfire = find(&h, "Campfire");
    assert_eq!(campfire.pipeline_of, Some(find(&h, "Kettle").id));
    assert_eq!(campfire.visibility, 0.45);
    h.get_by_label("Market or ecosystem").click_accesskit();
    h.run();
    h.get_by_label("Ecosystem").click_accesskit();
    h.run();
    assert_eq!(
        find(&h, "Campfire").market,
        Some(estate_map::model::Market::Ecosystem)
    );
    for _ in 0..2 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
    }
    let campfire = find(&h, "Campfire");
    assert_eq!((campfire.pipeline_of, campfire.visibility), (None, 0.3));
    assert_eq!(campfire.market, None);
    assert!(
        find(&h, "Kettle").pipeline.is_some(),
        "the first edit stays"
    );
}

/// Annotations edited in their window (issue 16): added, worded, removed, and each of
/// those one undo step (typing a text is one step, not one per letter).
#[test]
fn annotations_are_added_worded_and_removed_as_undoable_edits() {
    let mut h = harness();
    for label in ["Analysis", "Annotations\u{2026}"] {
        h.get_by_label(label).click();
        h.run();
    }
    h.get_by_label("Add annotation").click();
    h.run();
    let annotations = |h: &Harness<'_, EstateApp>| h.state().document().map.annotations.clone();
    assert_eq!(annotations(&h).len(), 1);
    assert_eq!(
        (annotations(&h)[0].number, annotations(&h)[0].points.clone()),
        (1, vec![[0.5, 0.5]])
    );
    h.get_by_label("Annotation 1 text").focus();
    h.run();
    for part in ["Fir", "st"] {
        h.event(Event::Text(part.into()));
        h.run();
    }
    assert_eq!(annotations(&h)[0].text, "First");
    h.get_by_label("Remove annotation 1").click();
    h.run();
    assert!(annotations(&h).is_empty());
    let undo = |h: &mut Harness<'_, EstateApp>| {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
    };
    undo(&mut h);
    assert_eq!(annotations(&h)[0].text, "First");
    undo(&mut h);
    assert_eq!(annotations(&h)[0].text, "", "the typing was one step");
    undo(&mut h);
    assert!(annotations(&h).is_empty());
}

// Custom stage labels (OWM `evolution A->B->C->D`) are a map property: typed in Map
// properties (a blank one keeps its usual name), one undo step.
#[test]
fn stage_labels_are_edited_in_map_properties_and_undone() {
    use egui::accesskit::Role;
    let mut h = harness();
    h.get_by_label("File").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Map properties\u{2026}")
        .click();
    h.run();
    h.get_by_label("Stage 1 name").focus();
    h.run();
    h.event(Event::Text("Novel".into()));
    h.run();
    h.get_by_label("OK").click();
    h.run();
    assert_eq!(
        map(&h).stage_labels,
        [
            "Novel",
            "Custom-built",
            "Product / rental",
            "Commodity / utility"
        ]
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(map(&h).stage_labels.is_empty());
}

fn pointer(h: &Harness<'_, EstateApp>, pos: Pos2, pressed: bool) {
    h.event(Event::PointerButton {
        pos,
        button: PointerButton::Primary,
        pressed,
        modifiers: Modifiers::NONE,
    });
}

/// Presses at `from`, moves in steps a user's hand would make, releases at `to`.
fn drag(h: &mut Harness<'_, EstateApp>, from: Pos2, to: Pos2) {
    h.event(Event::PointerMoved(from));
    pointer(h, from, true);
    h.run();
    for step in 1..=8 {
        h.event(Event::PointerMoved(
            from + (to - from) * (step as f32 / 8.0),
        ));
        h.run();
    }
    pointer(h, to, false);
    h.run();
}

fn click_at(h: &mut Harness<'_, EstateApp>, pos: Pos2) {
    h.event(Event::PointerMoved(pos));
    pointer(h, pos, true);
    pointer(h, pos, false);
    h.run();
}

fn undo(h: &mut Harness<'_, EstateApp>) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
}

fn centre(h: &Harness<'_, EstateApp>, label: &str) -> Pos2 {
    h.get_by_label(label).rect().center()
}

/// OWM's `label [x, y]` (issue 16): the name is drawn at its offset; dragging it sets
/// the offset (the name follows the pointer, the component stays), one undo step; the
/// inspector's "Reset label position" clears it.
#[test]
fn dragging_a_label_places_it_in_one_undo_step_and_the_inspector_resets_it() {
    let mut m = Map::new("Labels");
    let id = m.allocate_component_id();
    let mut cup = Component::new(id, "Cup of Tea", 0.79, 0.61);
    cup.label_offset = Some([19.0, -4.0]);
    m.components.push(cup);
    let mut h = harness_of(m);
    let cup = |h: &Harness<'_, EstateApp>| map(h).find_by_name("Cup of Tea").unwrap().clone();
    let from = centre(&h, "Label of Cup of Tea");
    let to = from + Vec2::new(60.0, 40.0);
    drag(&mut h, from, to);
    let [x, y] = cup(&h).label_offset.expect("an offset");
    assert!(x > 29.0 && y > 6.0, "moved right and down: [{x}, {y}]");
    // Whole OWM pixels are under two screen points here.
    let now = centre(&h, "Label of Cup of Tea");
    assert!(
        now.distance(to) < 2.0,
        "{now:?} follows the pointer to {to:?}"
    );
    assert_eq!((cup(&h).visibility, cup(&h).evolution), (0.79, 0.61));
    undo(&mut h);
    assert_eq!(
        cup(&h).label_offset,
        Some([19.0, -4.0]),
        "one drag, one step"
    );
    h.get_by_label_contains("Cup of Tea, ").click();
    h.run();
    h.get_by_label("Label offset x").set_value_accesskit(25.0);
    h.run();
    assert_eq!(
        cup(&h).label_offset,
        Some([25.0, -4.0]),
        "typed in the inspector"
    );
    undo(&mut h);
    h.get_by_label("Reset label position").click_accesskit();
    h.run();
    assert_eq!(cup(&h).label_offset, None);
    h.get_by_label("Place the name beside the marker")
        .click_accesskit();
    h.run();
    assert_eq!(cup(&h).label_offset, Some([16.0, 5.0]));
    h.get_by_label("Label of Cup of Tea");
    undo(&mut h);
    undo(&mut h);
    assert_eq!(cup(&h).label_offset, Some([19.0, -4.0]));
}

/// Annotations on the canvas (issue 16): a point and the list are dragged, one undo
/// step each, and "Add a point" then a click on the map adds a point there.
#[test]
fn annotation_points_and_the_list_are_dragged_and_points_added_by_clicking() {
    let mut m = Map::new("Workshop");
    let id = m.allocate_component_id();
    m.components
        .push(Component::new(id, "Existing EPR", 0.5, 0.5));
    m.annotations.push(estate_map::model::Annotation {
        number: 1,
        points: vec![[0.3, 0.3]],
        text: "Kettle too slow".into(),
    });
    let mut h = harness_of(m);
    let number = |h: &Harness<'_, EstateApp>| map(h).annotations.clone();
    let from = centre(&h, "Annotation 1 point 1");
    let to = from + Vec2::new(50.0, -30.0);
    drag(&mut h, from, to);
    let [v, e] = number(&h)[0].points[0];
    assert!(v > 0.3 && e > 0.3, "moved up and right: [{v}, {e}]");
    assert!(centre(&h, "Annotation 1 point 1").distance(to) < 1.5);
    undo(&mut h);
    assert_eq!(number(&h)[0].points, [[0.3, 0.3]]);
    let list = h.get_by_label("Annotations list").rect();
    let shift = Vec2::new(120.0, 90.0);
    drag(&mut h, list.center(), list.center() + shift);
    assert!(map(&h).annotations_box.is_some());
    let moved = h.get_by_label("Annotations list").rect();
    assert!(moved.min.distance(list.min + shift) < 1.5, "{moved:?}");
    undo(&mut h);
    assert_eq!(map(&h).annotations_box, None);
    for label in [
        "Analysis",
        "Annotations\u{2026}",
        "Add a point to annotation 1",
    ] {
        h.get_by_label(label).click();
        h.run();
    }
    let epr = h.get_by_label_contains("Existing EPR, ").rect().center();
    click_at(&mut h, epr);
    let points = number(&h)[0].points.clone();
    assert_eq!(points.len(), 2, "{points:?}");
    assert!((points[1][0] - 0.5).abs() < 0.01 && (points[1][1] - 0.5).abs() < 0.01);
    undo(&mut h);
    assert_eq!(number(&h)[0].points.len(), 1);
}

/// A pipeline's span (OWM `pipeline Name [start, end]`) in the inspector: it shows the
/// variants' span until set; dragging its end is one undo step.
#[test]
fn a_pipeline_span_is_dragged_in_the_inspector_in_one_undo_step() {
    let mut h = harness();
    h.event(Event::Paste(OWM.into()));
    h.run();
    let span = |h: &Harness<'_, EstateApp>| {
        let kettle = map(h).find_by_name("Kettle").unwrap();
        kettle.pipeline.as_ref().unwrap().span
    };
    h.get_all_by_label_contains("Kettle, ")
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with("Kettle, "))
        })
        .unwrap()
        .click();
    h.run();
    let end = h.get_by_label("Pipeline end");
    assert_eq!(end.value().as_deref(), Some("0.730"), "the variants' span");
    end.scroll_to_me();
    h.run();
    let from = h.get_by_label("Pipeline end").rect().center();
    drag(&mut h, from, from - Vec2::new(20.0, 0.0));
    let [start, end] = span(&h).expect("set by the drag");
    assert_eq!(start, 0.35);
    // 0.005 a point; egui counts the drag from its start threshold, a few points in.
    assert!((0.625..0.7).contains(&end), "20 points left of 0.73: {end}");
    undo(&mut h);
    assert_eq!(span(&h), None, "the drag was one step");
    h.get_by_label("Pipeline start").set_value_accesskit(0.5);
    h.run();
    assert_eq!(span(&h), Some([0.5, 0.73]));
}

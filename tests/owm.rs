//! OnlineWardleyMaps text in and out: a fixture for every construct of the grammar
//! with the map it must give, OWM's own examples, round trips, the sample maps, the
//! command line, and no panic on any input.

use estate_map::interop::{mermaid, owm};
use estate_map::model::{
    Attitude, Component, ComponentId, FlowDirection, Kind, Map, Market, Sourcing, SupportStatus,
    from_json_bytes, load_file, to_json_bytes,
};
use proptest::prelude::*;
use std::path::Path;
use std::process::Command;

fn clean(text: &str) -> Map {
    let imported = owm::import(text);
    assert!(
        imported.problems.is_empty(),
        "unexpected problems: {:#?}",
        imported.problems
    );
    imported.map
}

fn named<'a>(map: &'a Map, name: &str) -> &'a Component {
    map.find_by_name(name)
        .unwrap_or_else(|| panic!("no component named {name:?}"))
}

fn id(map: &Map, name: &str) -> ComponentId {
    named(map, name).id.clone()
}

fn at(map: &Map, name: &str) -> (f64, f64) {
    let c = named(map, name);
    (c.visibility, c.evolution)
}

/// The same map, whatever the clock said when each copy was made.
fn assert_same(a: &Map, b: &Map) {
    assert_eq!(
        String::from_utf8(to_json_bytes(a)).unwrap(),
        String::from_utf8(to_json_bytes(b)).unwrap()
    );
}

/// OWM text -> map -> OWM text -> map loses nothing.
fn assert_round_trip(text: &str) -> Map {
    let first = owm::import(text).map;
    let again = owm::import(&owm::export(&first));
    assert!(again.problems.is_empty(), "{:#?}", again.problems);
    assert_same(&first, &again.map);
    first
}

const DOMAIN_EXAMPLE: &str = "\
title Diabetes pathway
anchor Patient [0.96, 0.62]
component Clinic Booking [0.85, 0.45]
component Results Spreadsheet [0.55, 0.20] inertia
component EPR [0.60, 0.62] (buy)
evolve Results Spreadsheet->Lab Results API 0.65
pipeline EPR
{
  component Legacy PAS [0.45]
  component Cloud EPR [0.75]
}
Patient->Clinic Booking
Clinic Booking->EPR
EPR->Results Spreadsheet; manual re-keying
note Shadow IT kept by clinic admin [0.52, 0.05]
annotation 1 [[0.55, 0.20],[0.72, 0.30]] Unsupported, no vendor contract
";

#[test]
fn the_domain_example_imports_with_every_statement() {
    let map = clean(DOMAIN_EXAMPLE);
    assert_eq!(map.title, "Diabetes pathway");
    assert_eq!(map.components.len(), 6);
    let patient = named(&map, "Patient");
    assert_eq!(patient.kind, Kind::UserNeed);
    assert_eq!(at(&map, "Patient"), (0.96, 0.62));
    assert_eq!(at(&map, "Clinic Booking"), (0.85, 0.45));
    let sheet = named(&map, "Results Spreadsheet");
    assert!(sheet.inertia);
    assert_eq!(sheet.evolve.as_ref().unwrap().evolution, Some(0.65));
    assert_eq!(sheet.evolve_name.as_deref(), Some("Lab Results API"));
    let epr = named(&map, "EPR");
    assert_eq!(epr.sourcing, Some(Sourcing::Buy));
    assert!(epr.pipeline.is_some());
    // Variants sit at the pipeline's visibility, at their own evolution.
    for (name, evolution) in [("Legacy PAS", 0.45), ("Cloud EPR", 0.75)] {
        let v = named(&map, name);
        assert_eq!(v.pipeline_of.as_ref(), Some(&epr.id));
        assert_eq!((v.visibility, v.evolution), (0.6, evolution));
        assert_eq!(v.kind, Kind::System);
    }
    assert_eq!(map.links.len(), 3);
    assert!(map.has_link(&id(&map, "Patient"), &id(&map, "Clinic Booking")));
    assert!(map.has_link(&id(&map, "Clinic Booking"), &id(&map, "EPR")));
    let rekey = map
        .links
        .iter()
        .find(|l| l.to == id(&map, "Results Spreadsheet"))
        .unwrap();
    assert_eq!(rekey.label.as_deref(), Some("manual re-keying"));
    assert_eq!(map.notes.len(), 1);
    assert_eq!(map.notes[0].text, "Shadow IT kept by clinic admin");
    assert_eq!(
        (map.notes[0].visibility, map.notes[0].evolution),
        (0.52, 0.05)
    );
    assert_eq!(map.annotations.len(), 1);
    let a = &map.annotations[0];
    assert_eq!(a.number, 1);
    assert_eq!(a.points, vec![[0.55, 0.2], [0.72, 0.3]]);
    assert_eq!(a.text, "Unsupported, no vendor contract");
    assert_round_trip(DOMAIN_EXAMPLE);
}

/// OWM's own Tea Shop example (its docs and its default map).
const TEA_SHOP: &str = "\
title Tea Shop
anchor Business [0.95, 0.63]
anchor Public [0.95, 0.78]
component Cup of Tea [0.79, 0.61] label [19, -4]
component Cup [0.73, 0.78]
component Tea [0.63, 0.81]
component Hot Water [0.52, 0.80]
component Water [0.38, 0.82]
component Kettle [0.43, 0.35] label [-57, 4]
evolve Kettle 0.62 label [16, 7]
component Power [0.1, 0.7] label [-27, 20]
evolve Power 0.89 label [-12, 21]
Business->Cup of Tea
Public->Cup of Tea
Cup of Tea->Cup
Cup of Tea->Tea
Cup of Tea->Hot Water
Hot Water->Water
Hot Water->Kettle 
Kettle->Power

annotation 1 [[0.43,0.49],[0.08,0.79]] Standardising power allows Kettles to evolve faster
annotation 2 [0.48, 0.85] Hot water is obvious and well known
annotations [0.60, 0.02]

note +a generic note appeared [0.23, 0.33]

style wardley
";

#[test]
fn owms_tea_shop_imports_at_its_coordinates_with_every_link() {
    let map = clean(TEA_SHOP);
    assert_eq!(map.components.len(), 9);
    assert_eq!(map.links.len(), 8);
    assert_eq!(at(&map, "Kettle"), (0.43, 0.35));
    assert_eq!(at(&map, "Power"), (0.1, 0.7));
    assert_eq!(named(&map, "Cup of Tea").label_offset, Some([19.0, -4.0]));
    let kettle = named(&map, "Kettle");
    assert_eq!(kettle.evolve.as_ref().unwrap().evolution, Some(0.62));
    assert_eq!(kettle.evolve_label_offset, Some([16.0, 7.0]));
    assert_eq!(kettle.evolve_name, None);
    // The trailing space after "Kettle" does not hide the link.
    assert!(map.has_link(&id(&map, "Hot Water"), &id(&map, "Kettle")));
    assert_eq!(map.annotations[1].points, vec![[0.48, 0.85]]);
    assert_eq!(
        map.annotations[1].text,
        "Hot water is obvious and well known"
    );
    assert_eq!(map.annotations_box, Some([0.6, 0.02]));
    assert_eq!(map.notes[0].text, "+a generic note appeared");
    assert_eq!(map.presentation.style.as_deref(), Some("wardley"));
    assert_round_trip(TEA_SHOP);
}

#[test]
fn decorators_markets_methods_and_defaults() {
    let text = "\
component A [0.5, 0.5] (build)
component B [0.5, 0.6] (market, buy)
component C [0.4, 0.3] (ecosystem) inertia
market D [0.3, 0.7]
ecosystem E [0.2, 0.8]
component F
component G [0.7, 0.2] (outsource) label [-10, 5]
outsource A
component H [0.6, 0.1] (inertia)
";
    let map = clean(text);
    // `outsource A` comes after the decorator, and wins as in OWM.
    assert_eq!(named(&map, "A").sourcing, Some(Sourcing::Outsource));
    let b = named(&map, "B");
    assert_eq!(
        (b.market, b.sourcing),
        (Some(Market::Market), Some(Sourcing::Buy))
    );
    let c = named(&map, "C");
    assert_eq!(c.market, Some(Market::Ecosystem));
    assert!(c.inertia);
    assert_eq!(named(&map, "D").market, Some(Market::Market));
    assert_eq!(named(&map, "E").market, Some(Market::Ecosystem));
    assert_eq!(at(&map, "F"), (0.9, 0.1), "OWM's default place");
    let g = named(&map, "G");
    assert_eq!(g.sourcing, Some(Sourcing::Outsource));
    assert_eq!(g.label_offset, Some([-10.0, 5.0]));
    assert!(named(&map, "H").inertia);
    assert_round_trip(text);
}

#[test]
fn every_kind_of_link_and_flow() {
    let text = "\
component A [0.9, 0.1]
component B [0.8, 0.2]
component C [0.7, 0.3]
component D [0.6, 0.4]
component E [0.5, 0.5]
component F [0.4, 0.6]
component G [0.3, 0.7]
A->B
A+>C
A+<D
A+<>E; data and money
B+'£10'>C
B+'claims'<D
B+'both ways'<>E
";
    let map = clean(text);
    let link = |from: &str, to: &str| {
        map.links
            .iter()
            .find(|l| l.from == id(&map, from) && l.to == id(&map, to))
            .unwrap_or_else(|| panic!("no link {from}->{to}"))
    };
    assert_eq!(link("A", "B").flow, None);
    assert_eq!(
        link("A", "C").flow.as_ref().unwrap().direction,
        FlowDirection::Forward
    );
    assert_eq!(
        link("A", "D").flow.as_ref().unwrap().direction,
        FlowDirection::Back
    );
    let ae = link("A", "E");
    assert_eq!(ae.flow.as_ref().unwrap().direction, FlowDirection::Both);
    assert_eq!(ae.label.as_deref(), Some("data and money"));
    let bc = link("B", "C").flow.clone().unwrap();
    assert_eq!(
        (bc.direction, bc.label.as_deref()),
        (FlowDirection::Forward, Some("£10"))
    );
    let bd = link("B", "D").flow.clone().unwrap();
    assert_eq!(
        (bd.direction, bd.label.as_deref()),
        (FlowDirection::Back, Some("claims"))
    );
    let be = link("B", "E").flow.clone().unwrap();
    assert_eq!(be.direction, FlowDirection::Both);
    assert_eq!(map.links.len(), 7);
    assert_round_trip(text);
}

#[test]
fn pipelines_legacy_spans_and_hidden_ones() {
    let text = "\
component Kettle [0.45, 0.57]
pipeline Kettle
{
component Campfire Kettle [0.50] label [-20, 10]
component Electric Kettle [0.63]
}
component Customer [0.8, 0.5]
pipeline Customer [0.15, 0.9]
component Payment [0.3, 0.5]
pipeline Payment
";
    let map = clean(text);
    let kettle = named(&map, "Kettle");
    let variants: Vec<&Component> =
        estate_map::model::pipeline_variants(&map.components, &kettle.id).collect();
    assert_eq!(variants.len(), 2);
    assert_eq!(at(&map, "Campfire Kettle"), (0.45, 0.5));
    assert_eq!(
        named(&map, "Campfire Kettle").label_offset,
        Some([-20.0, 10.0])
    );
    let pipe = kettle.pipeline.as_ref().unwrap();
    assert_eq!(
        pipe.drawn_span(variants.iter().map(|v| v.evolution)),
        Some([0.5, 0.63])
    );
    assert_eq!(
        named(&map, "Customer").pipeline.as_ref().unwrap().span,
        Some([0.15, 0.9])
    );
    let hidden = named(&map, "Payment").pipeline.as_ref().unwrap();
    assert_eq!(hidden.drawn_span(std::iter::empty()), None);
    assert_round_trip(text);
}

#[test]
fn notes_annotations_areas_accelerators_stages_submaps_and_urls() {
    let text = "\
title Map settings
evolution Uncharted->Emerging->Good->Best
style handwritten
size [1200, 800]
anchor User [0.95, 0.5]
submap Website [0.83, 0.50] url(submapUrl)
component Portal [0.7, 0.4] url(docs)
url submapUrl [https://onlinewardleymaps.com/#clone:qu4VDDQryoZEnuw0ZZ]
url docs [stroke.json]
note \"Two\\nlines (with brackets)\" [0.2, 0.3]
annotation 3 [0.5, 0.5] Single point
annotations [0.1, 0.9]
pioneers [0.59, 0.43, 0.49, 0.63]
settlers [0.59, 0.43, 0.49, 0.63]
townplanners [0.31, 0.74, 0.15, 0.95]
accelerator Open source [0.4, 0.6]
deaccelerator Regulation [0.3, 0.3]
User->Website
";
    let map = clean(text);
    assert_eq!(map.stage_labels, ["Uncharted", "Emerging", "Good", "Best"]);
    assert_eq!(map.presentation.style.as_deref(), Some("handwritten"));
    assert_eq!(map.presentation.size, Some([1200.0, 800.0]));
    let website = named(&map, "Website");
    assert!(website.submap);
    assert_eq!(
        website.url.as_deref(),
        Some("https://onlinewardleymaps.com/#clone:qu4VDDQryoZEnuw0ZZ")
    );
    assert_eq!(named(&map, "Portal").url.as_deref(), Some("stroke.json"));
    assert_eq!(map.notes[0].text, "Two\nlines (with brackets)");
    assert_eq!(map.annotations[0].number, 3);
    assert_eq!(map.annotations_box, Some([0.1, 0.9]));
    assert_eq!(map.attitudes.len(), 3);
    assert_eq!(map.attitudes[2].attitude, Attitude::Townplanners);
    assert_eq!(
        (map.attitudes[2].from, map.attitudes[2].to),
        ([0.31, 0.74], [0.15, 0.95])
    );
    assert_eq!(map.accelerators.len(), 2);
    assert!(map.accelerators[1].deaccelerator);
    assert_eq!(map.accelerators[0].name, "Open source");
    assert_round_trip(text);
}

#[test]
fn comments_and_quoted_multi_line_names() {
    let text = "\
// a comment line
title Quoted names /* inline */
/* a block
component Hidden [0.5, 0.5]
*/
component \"Data\\nwarehouse\" [0.4, 0.6] // trailing comment
component Feed [0.6, 0.6]
Feed->\"Data\\nwarehouse\"
evolve \"Data\\nwarehouse\" 0.8
";
    let map = clean(text);
    assert_eq!(map.title, "Quoted names");
    assert!(map.find_by_name("Hidden").is_none());
    let dw = named(&map, "Data\nwarehouse");
    assert_eq!((dw.visibility, dw.evolution), (0.4, 0.6));
    assert_eq!(dw.evolve.as_ref().unwrap().evolution, Some(0.8));
    assert!(map.has_link(&id(&map, "Feed"), &dw.id));
    assert_round_trip(text);
}

#[test]
fn links_match_names_as_owm_does_ignoring_case_and_spacing() {
    let map = clean(
        "component Clinic  Booking [0.5, 0.5]\ncomponent EPR [0.4, 0.6]\nclinic booking->epr\n",
    );
    assert_eq!(map.links.len(), 1);
}

#[test]
fn unreadable_lines_are_reported_with_number_and_text_never_dropped() {
    let text = "\
title Problems
component A [0.5, 0.5]
this line means nothing
component B [0.5, oops]
A->Nowhere
component C [1.4, 0.5]
A->B
A->B
component D [0.3, 0.3] sparkles
evolve Missing 0.7
{
";
    let imported = owm::import(text);
    let lines: Vec<usize> = imported.problems.iter().map(|p| p.line).collect();
    for expected in [3, 4, 5, 6, 8, 9, 10, 11] {
        assert!(
            lines.contains(&expected),
            "line {expected} not reported: {:#?}",
            imported.problems
        );
    }
    let nothing = imported.problems.iter().find(|p| p.line == 3).unwrap();
    assert_eq!(nothing.text, "this line means nothing");
    assert!(nothing.to_string().contains("line 3"));
    let map = imported.map;
    // What could be read of a line is kept: B at OWM's default evolution, C at the top.
    assert_eq!(at(&map, "B"), (0.5, 0.1));
    assert_eq!(at(&map, "C"), (1.0, 0.5));
    assert!(map.find_by_name("D").is_some());
    assert_eq!(map.links.len(), 1);
    assert!(estate_map::model::validate(&map).is_empty());
}

/// Names that OWM's line parser would misread, and fields it has no syntax for.
fn awkward_map() -> Map {
    let mut map = Map::new("Awkward // names; and ->");
    let names = [
        "A->B; c",
        "Electronic patient record (EPR)",
        "Drug label printer",
        "note taker",
        "Windows 10.1 server",
        "Multi\nline \"quoted\" [x]",
        "EPR",
        "EPR",
        " padded ",
        "http://intranet",
    ];
    for (i, name) in names.iter().enumerate() {
        let cid = map.allocate_component_id();
        let mut c = Component::new(cid, *name, 0.1 + i as f64 / 20.0, 0.05 + i as f64 / 12.0)
            .with_status(SupportStatus::ALL[i % 5]);
        c.kind = [Kind::System, Kind::Activity, Kind::UserNeed][i % 3];
        c.sourcing = [None, Some(Sourcing::Buy), Some(Sourcing::Build)][i % 3];
        c.market = [None, Some(Market::Market), None, Some(Market::Ecosystem)][i % 4];
        c.inertia = i % 2 == 0;
        c.end_of_support = chrono::NaiveDate::from_ymd_opt(2026, 1 + i as u32, 28);
        c.annual_cost_gbp = Some(1000.0 * i as f64 + 0.5);
        c.tags = vec![format!("tag {i}")];
        if i % 3 == 1 {
            c.evolve = Some(estate_map::model::Evolve {
                evolution: Some(0.9),
                replaced_by: None,
                planned: chrono::NaiveDate::from_ymd_opt(2027, 3, 31),
            });
            c.evolve_name = Some("Next 2.0".into());
        }
        map.components.push(c);
    }
    let ids: Vec<ComponentId> = map.components.iter().map(|c| c.id.clone()).collect();
    // Links between the two EPRs of the same name must keep their ends.
    for (a, b, label) in [
        (0, 1, Some("x; y")),
        (6, 7, None),
        (7, 4, Some("//")),
        (5, 6, None),
    ] {
        let mut link = estate_map::model::Link::new(ids[a].clone(), ids[b].clone());
        link.label = label.map(String::from);
        map.links.push(link);
    }
    map.links[1].flow = Some(estate_map::model::Flow {
        direction: FlowDirection::Both,
        label: Some("it's >".into()),
    });
    let note = map.allocate_note_id();
    map.notes.push(estate_map::model::Note {
        id: note,
        text: "see http://x // [y]".into(),
        visibility: 0.2,
        evolution: 0.3,
        extra: Default::default(),
    });
    map.components[3].pipeline = Some(Default::default());
    map.components[9].pipeline_of = Some(ids[3].clone());
    map
}

#[test]
fn awkward_names_and_estate_fields_survive_map_to_owm_to_map() {
    let map = awkward_map();
    let text = owm::export(&map);
    let back = owm::import(&text);
    assert!(back.problems.is_empty(), "{:#?}\n{text}", back.problems);
    assert_same(&map, &back.map);
}

/// OWM's reading of a component line, as its extraction functions do it:
/// the name before " [", the first [..] split on commas.
fn owm_position(line: &str) -> (f64, f64) {
    let inside = line.split('[').nth(1).unwrap().split(']').next().unwrap();
    let parts: Vec<f64> = inside
        .replace(' ', "")
        .split(',')
        .map(|p| p.parse().unwrap())
        .collect();
    (parts[0], parts[1])
}

#[test]
fn exported_lines_read_as_owms_parser_reads_them() {
    for path in sample_paths() {
        let map = load_file(&path).unwrap();
        let text = owm::export(&map);
        let mut positions = Vec::new();
        for line in text.lines() {
            let t = line.trim();
            if t.is_empty() || t.starts_with("//") {
                continue;
            }
            // No stray comment markers: OWM would cut the line there.
            assert!(!t.contains("//") || t.starts_with("url "), "{t}");
            if t.starts_with("component ") || t.starts_with("anchor ") {
                positions.push(owm_position(t));
                // Decorators sit between the line's first '(' and ')', as OWM looks.
                for word in ["build", "buy", "outsource"] {
                    if let Some(at) = t
                        .find(&format!("{word})"))
                        .or_else(|| t.find(&format!("{word},")))
                    {
                        let (open, close) = (t.find('(').unwrap(), t.find(')').unwrap());
                        assert!(open < at && at < close, "{t}");
                    }
                }
            } else if !KEYWORD_LINES.iter().any(|k| t.starts_with(k)) {
                // A link: OWM splits on "->" and takes two names.
                assert_eq!(t.split("->").count(), 2, "{t}");
            }
        }
        let expected: Vec<(f64, f64)> = map
            .components
            .iter()
            .map(|c| (c.visibility, c.evolution))
            .collect();
        assert_eq!(positions, expected, "{}", path.display());
    }
}

const KEYWORD_LINES: &[&str] = &[
    "title ",
    "evolve ",
    "note ",
    "annotation",
    "build ",
    "buy ",
    "outsource ",
    "market ",
    "ecosystem ",
    "pipeline ",
    "url ",
    "submap ",
    "{",
    "}",
];

fn sample_paths() -> Vec<std::path::PathBuf> {
    ["stroke", "diabetes", "cancer"]
        .iter()
        .map(|m| Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("sample_maps/{m}.json")))
        .collect()
}

#[test]
fn sample_maps_exported_to_owm_and_imported_back_are_equal() {
    for path in sample_paths() {
        let map = load_file(&path).unwrap();
        let back = owm::import(&owm::export(&map));
        assert!(
            back.problems.is_empty(),
            "{}: {:#?}",
            path.display(),
            back.problems
        );
        assert_eq!(back.map, map, "{}", path.display());
        let unsupported = map.status_counts()[2].1;
        assert!(
            unsupported > 0,
            "the sample has unsupported systems to keep"
        );
        assert_eq!(back.map.status_counts(), map.status_counts());
    }
}

#[test]
fn owm_edits_win_over_the_comments() {
    let map = load_file(&sample_paths()[0]).unwrap();
    let pacs = map
        .components
        .iter()
        .find(|c| c.kind == Kind::System)
        .unwrap()
        .clone();
    let text = owm::export(&map);
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("component {} [", pacs.name)))
        .unwrap()
        .to_string();
    let moved = line.replacen(
        &format!("[{}, {}]", pacs.visibility, pacs.evolution),
        "[0.33, 0.77]",
        1,
    );
    let back = clean(&text.replace(&line, &moved));
    let c = back.component(&pacs.id).unwrap();
    assert_eq!((c.visibility, c.evolution), (0.33, 0.77));
    assert_eq!(
        c.status, pacs.status,
        "the comment still carries the status"
    );
}

#[test]
fn mermaid_export_follows_the_wardley_beta_grammar() {
    let map = clean(DOMAIN_EXAMPLE);
    let text = mermaid::export(&map);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "wardley-beta");
    assert!(lines.contains(&"title Diabetes pathway"));
    assert!(lines.contains(&"anchor Patient [0.96, 0.62]"));
    // WARDLEY_NUMBER needs a decimal point.
    assert!(lines.contains(&"component Results Spreadsheet [0.55, 0.2] inertia"));
    assert!(lines.contains(&"component EPR [0.6, 0.62] (buy)"));
    assert!(lines.contains(&"pipeline EPR {"));
    assert!(lines.contains(&"  component Legacy PAS [0.45]"));
    assert!(lines.contains(&"EPR -> Results Spreadsheet ; manual re-keying"));
    assert!(lines.contains(&"evolve Results Spreadsheet 0.65"));
    assert!(lines.contains(&"note \"Shadow IT kept by clinic admin\" [0.52, 0.05]"));
    assert!(lines.contains(&"annotation 1, [0.55, 0.2] \"Unsupported, no vendor contract\""));
    let mut m = Map::new("t");
    let c = m.allocate_component_id();
    m.components
        .push(Component::new(c, "EPR (Cerner) 2.0", 1.0, 0.0));
    let text = mermaid::export(&m);
    assert!(
        text.contains("component \"EPR (Cerner) 2.0\" [1.0, 0.0]"),
        "{text}"
    );
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_estate-map"))
}

#[test]
fn command_line_import_and_export_with_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let owm_in = dir.path().join("diabetes.owm");
    std::fs::write(&owm_in, DOMAIN_EXAMPLE).unwrap();
    let json = dir.path().join("diabetes.json");
    let status = bin()
        .args(["import"])
        .arg(&owm_in)
        .arg("-o")
        .arg(&json)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let map = from_json_bytes(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(map.components.len(), 6);

    let back = dir.path().join("back.owm");
    let status = bin()
        .arg("export")
        .arg(&json)
        .arg("-o")
        .arg(&back)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    let again = owm::import(&std::fs::read_to_string(&back).unwrap());
    assert_eq!(again.map, map);
    let mmd = dir.path().join("back.mmd");
    let status = bin()
        .arg("export")
        .arg(&json)
        .arg("-o")
        .arg(&mmd)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&mmd)
            .unwrap()
            .starts_with("wardley-beta\n")
    );

    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "component A [0.5, 0.5]\nwhat is this\n").unwrap();
    let out = bin()
        .arg("import")
        .arg(&bad)
        .arg("-o")
        .arg(&json)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 2") && stderr.contains("what is this"),
        "{stderr}"
    );
    assert!(json.exists(), "what could be read is still written");

    let missing = dir.path().join("missing.owm");
    let status = bin()
        .arg("import")
        .arg(&missing)
        .arg("-o")
        .arg(&json)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
    let binary = dir.path().join("binary.wm");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let status = bin()
        .arg("import")
        .arg(&binary)
        .arg("-o")
        .arg(&json)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
}

/// Lines made of OWM's own tokens, to reach deep into the parser.
fn owm_like_line() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("component ".to_string()),
        Just("anchor ".to_string()),
        Just("pipeline ".to_string()),
        Just("evolve ".to_string()),
        Just("annotation ".to_string()),
        Just("note ".to_string()),
        Just("url(".to_string()),
        Just("label ".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("[[".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("->".to_string()),
        Just("+'".to_string()),
        Just("'>".to_string()),
        Just("+<>".to_string()),
        Just(";".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("//".to_string()),
        Just("/*".to_string()),
        Just("*/".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just(",".to_string()),
        Just(" ".to_string()),
        Just("0.5".to_string()),
        Just("-1e9".to_string()),
        Just("NaN".to_string()),
        "\\PC{0,4}",
    ];
    proptest::collection::vec(token, 0..12).prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_imports_without_panic_into_a_valid_map(text in "\\PC{0,200}") {
        let imported = owm::import(&text);
        prop_assert!(estate_map::model::validate(&imported.map).is_empty());
    }

    #[test]
    fn owm_like_text_imports_without_panic_into_a_valid_map(
        lines in proptest::collection::vec(owm_like_line(), 0..30)
    ) {
        let imported = owm::import(&lines.join("\n"));
        prop_assert!(estate_map::model::validate(&imported.map).is_empty());
        // Whatever was imported survives a second trip.
        let again = owm::import(&owm::export(&imported.map));
        prop_assert!(again.problems.is_empty(), "{:#?}", again.problems);
        prop_assert_eq!(to_json_bytes(&again.map), to_json_bytes(&imported.map));
    }

    #[test]
    fn any_map_with_any_names_survives_owm(names in proptest::collection::vec("\\PC{1,12}", 1..12),
                                           seed in 0u64..1000) {
        let mut map = estate_map::model::generate::generate(names.len(), seed);
        for (c, n) in map.components.iter_mut().zip(&names) {
            if !n.trim().is_empty() {
                c.name = n.clone();
            }
        }
        let back = owm::import(&owm::export(&map));
        prop_assert!(back.problems.is_empty(), "{:#?}", back.problems);
        prop_assert_eq!(back.map, map);
    }
}

#[test]
fn annotation_edits_refuse_duplicate_numbers_and_points_off_the_map() {
    use estate_map::edit::{Command, History};
    use estate_map::model::Annotation;
    let mut map = Map::new("Annotated");
    let mut history = History::new();
    let one = |number, point| Annotation {
        number,
        points: vec![point],
        text: "x".into(),
    };
    let twice = vec![one(1, [0.5, 0.5]), one(1, [0.2, 0.2])];
    let err = history
        .apply(&mut map, Command::SetAnnotations(twice))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "annotation numbers must be unique and start at 1 (1 is not)"
    );
    let off = vec![one(1, [1.5, 0.5])];
    let err = history
        .apply(&mut map, Command::SetAnnotations(off))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "annotation 1's points must lie on the map (0 to 1)"
    );
    assert!(map.annotations.is_empty());
    let good = vec![one(1, [0.5, 0.5]), one(2, [0.0, 1.0])];
    history
        .apply(&mut map, Command::SetAnnotations(good.clone()))
        .unwrap();
    assert_eq!(map.annotations, good);
    history.undo(&mut map).unwrap();
    assert!(map.annotations.is_empty());
}

/// A label placed and a pipeline span set in the app (issue 16) are written back as
/// OWM's `label [x, y]` and `pipeline Name [start, end]`, read back the same, and each
/// edit is refused when out of range and undone on its own.
#[test]
fn label_offsets_and_pipeline_spans_edited_in_the_app_go_to_owm_and_back() {
    use estate_map::edit::{Command, Field, History};
    let mut map =
        clean("component Cup [0.79, 0.61]\ncomponent Kettle [0.45, 0.57]\npipeline Kettle\n");
    let (cup, kettle) = (id(&map, "Cup"), id(&map, "Kettle"));
    let mut history = History::new();
    let set = |id: &ComponentId, field| Command::SetField {
        id: id.clone(),
        field,
    };
    history
        .apply(&mut map, set(&cup, Field::LabelOffset(Some([19.0, -4.0]))))
        .unwrap();
    history
        .apply(
            &mut map,
            set(&kettle, Field::PipelineSpan(Some([0.2, 0.8]))),
        )
        .unwrap();
    for refused in [
        set(&kettle, Field::PipelineSpan(Some([0.8, 0.2]))),
        set(&kettle, Field::PipelineSpan(Some([0.5, 1.5]))),
        set(&cup, Field::PipelineSpan(Some([0.2, 0.8]))),
        set(&cup, Field::LabelOffset(Some([f64::NAN, 0.0]))),
        Command::SetAnnotationsBox(Some([1.5, 0.2])),
    ] {
        assert!(
            history.apply(&mut map, refused.clone()).is_err(),
            "{refused:?}"
        );
    }
    let text = owm::export(&map);
    assert!(
        text.contains("component Cup [0.79, 0.61] label [19, -4]"),
        "{text}"
    );
    assert!(text.contains("pipeline Kettle [0.2, 0.8]"), "{text}");
    let back = clean(&text);
    assert_eq!(named(&back, "Cup").label_offset, Some([19.0, -4.0]));
    let span = named(&back, "Kettle").pipeline.as_ref().unwrap().span;
    assert_eq!(span, Some([0.2, 0.8]));
    history.undo(&mut map).unwrap();
    assert_eq!(named(&map, "Kettle").pipeline.as_ref().unwrap().span, None);
    assert_eq!(named(&map, "Cup").label_offset, Some([19.0, -4.0]));
    history.undo(&mut map).unwrap();
    assert_eq!(named(&map, "Cup").label_offset, None);
    // Reset label position clears it, and the export writes no label.
    history
        .apply(&mut map, set(&cup, Field::LabelOffset(Some([5.0, -10.0]))))
        .unwrap();
    history
        .apply(&mut map, set(&cup, Field::LabelOffset(None)))
        .unwrap();
    assert!(!owm::export(&map).contains("label"));
}

/// Every component of a public map at the coordinates its text gives, and every link.
fn assert_public_map(map: &Map, components: &[(&str, f64, f64)], links: &[(&str, &str)]) {
    assert_eq!(map.components.len(), components.len(), "component count");
    for &(name, visibility, evolution) in components {
        assert_eq!(at(map, name), (visibility, evolution), "{name}");
    }
    assert_eq!(map.links.len(), links.len(), "link count");
    for &(from, to) in links {
        assert!(map.has_link(&id(map, from), &id(map, to)), "{from}->{to}");
    }
}

/// OWM's own example map (damonsk/onlinewardleymaps, frontend/src/constants/defaults.ts).
#[test]
fn owms_campfire_coffee_shop_imports_every_component_and_link() {
    let text = include_str!("fixtures/owm/campfire-coffee-shop.owm");
    let map = clean(text);
    // 14 statements at [visibility, maturity]; the 5 pipeline variants sit at their
    // pipeline's visibility (Kettle 0.45, Power 0.26).
    assert_public_map(
        &map,
        &[
            ("Business", 0.95, 0.63),
            ("Public", 0.95, 0.78),
            ("Cup of Coffee", 0.79, 0.61),
            ("Cup", 0.73, 0.78),
            ("Coffee", 0.63, 0.81),
            ("Hot Water", 0.52, 0.80),
            ("Water", 0.38, 0.82),
            ("Kettle", 0.45, 0.57),
            ("Campfire Kettle", 0.45, 0.50),
            ("Electric Kettle", 0.45, 0.63),
            ("Power", 0.26, 0.80),
            ("Nuclear", 0.26, 0.81),
            ("Solar", 0.26, 0.73),
            ("Coal", 0.26, 0.88),
            ("Campfire", 0.35, 0.30),
            ("Wood", 0.10, 0.80),
            ("Flint & Steel", 0.19, 0.45),
            ("Trees", 0.04, 0.82),
            ("Areopress", 0.68, 0.51),
        ],
        &[
            ("Business", "Cup of Coffee"),
            ("Public", "Cup of Coffee"),
            ("Cup of Coffee", "Cup"),
            ("Cup of Coffee", "Coffee"),
            ("Cup of Coffee", "Hot Water"),
            ("Hot Water", "Water"),
            ("Hot Water", "Kettle"),
            ("Electric Kettle", "Power"),
            ("Wood", "Campfire"),
            ("Flint & Steel", "Campfire"),
            ("Campfire Kettle", "Campfire"),
            ("Wood", "Trees"),
            ("Cup of Coffee", "Areopress"),
        ],
    );
    for anchor in ["Business", "Public"] {
        assert_eq!(named(&map, anchor).kind, Kind::UserNeed);
    }
    let power = id(&map, "Power");
    for v in ["Nuclear", "Solar", "Coal"] {
        assert_eq!(named(&map, v).pipeline_of.as_ref(), Some(&power), "{v}");
    }
    assert_eq!(named(&map, "Coal").label_offset, Some([-13.0, 35.0]));
    let limited = map
        .links
        .iter()
        .find(|l| l.to == id(&map, "Kettle"))
        .unwrap();
    assert_eq!(limited.label.as_deref(), Some("limited by"));
    assert_eq!(map.annotations.len(), 2);
    assert_eq!(map.annotations[0].points, vec![[0.51, 0.62], [0.29, 0.86]]);
    assert_eq!(map.notes[0].text, "campfires give customers a warm feeling");
    assert_round_trip(text);
}

/// OWM's golden master, "a map that contains all possible elements"
/// (damonsk/onlinewardleymaps, frontend/src/__tests__/GoldenMasterMapText.txt).
#[test]
fn owms_golden_master_imports_every_component_and_link() {
    let text = include_str!("fixtures/owm/golden-master.owm");
    let map = clean(text);
    assert_public_map(
        &map,
        &[
            ("FooWithNoCoords", 0.9, 0.1),
            ("FooWithCoords", 0.91, 0.23),
            ("BuildComponent", 0.70, 0.09),
            ("BuyComponent", 0.59, 0.09),
            ("OutsourceComponent", 0.51, 0.09),
            ("EcoSystemNoCoords", 0.9, 0.1),
            ("EcoSystemWithCoords", 0.1, 0.9),
            ("MarketNoCoords", 0.9, 0.1),
            ("MarketWithCoords", 0.3, 0.9),
            ("EvolveComponennt", 0.07, 0.27),
            ("InertiaComponent", 0.20, 0.22),
            ("Inertia Alternative", 0.15, 0.22),
            ("foo", 0.73, 0.32),
            ("Power", 0.21, 0.67),
            ("Wind", 0.21, 0.72),
            ("Batteries", 0.21, 0.58),
            ("Nuclear", 0.21, 0.77),
            ("Website", 0.83, 0.50),
        ],
        &[("FooWithCoords", "InertiaComponent")],
    );
    assert_eq!(map.links[0].label.as_deref(), Some("Constraint"));
    assert_eq!(map.stage_labels, ["one", "two", "three", "four"]);
    for (name, sourcing) in [
        ("BuildComponent", Sourcing::Build),
        ("BuyComponent", Sourcing::Buy),
        ("OutsourceComponent", Sourcing::Outsource),
    ] {
        assert_eq!(named(&map, name).sourcing, Some(sourcing), "{name}");
    }
    assert_eq!(named(&map, "MarketWithCoords").market, Some(Market::Market));
    assert_eq!(
        named(&map, "EcoSystemNoCoords").market,
        Some(Market::Ecosystem)
    );
    assert!(named(&map, "InertiaComponent").inertia);
    assert!(named(&map, "Inertia Alternative").inertia);
    let evolve = |name: &str| named(&map, name).evolve.as_ref().unwrap().evolution;
    assert_eq!(evolve("EvolveComponennt"), Some(0.7));
    // An evolve inside a pipeline block evolves that variant.
    assert_eq!(evolve("Batteries"), Some(0.65));
    assert_eq!(
        named(&map, "foo").pipeline.as_ref().unwrap().span,
        Some([0.24, 0.39])
    );
    assert_eq!(named(&map, "Wind").pipeline_of, Some(id(&map, "Power")));
    let website = named(&map, "Website");
    assert!(website.submap);
    assert_eq!(
        website.url.as_deref(),
        Some("https://onlinewardleymaps.com/#clone:qu4VDDQryoZEnuw0ZZ")
    );
    assert_eq!(map.attitudes.len(), 3);
    assert_eq!(map.accelerators.len(), 2);
    assert!(map.accelerators[1].deaccelerator);
    assert_eq!(map.annotations.len(), 2);
    assert_eq!(map.annotations_box, Some([0.97, 0.64]));
    assert_eq!(map.notes.len(), 1);
    assert_round_trip(text);
}

/// A complete OWM map from another tool's tests (owulveryck/wardleyToGo,
/// exp/owm2wtg2/testdata/complete.owm): flows over plain links, evolve with a
/// decorator after its target, a renamed evolution, a submap.
#[test]
fn wardleytogo_complete_map_imports_every_component_and_link() {
    let text = include_str!("fixtures/owm/tea-shop-complete.owm");
    let map = clean(text);
    // 11 lines with links between 9 pairs: `Hot Water->Kettle` then
    // `Hot Water+'$0.10'>Kettle`, and `Hot Water->Water` then `Hot Water+>Water`, are
    // one link each that carries the flow.
    assert_public_map(
        &map,
        &[
            ("Business", 0.95, 0.63),
            ("Public", 0.95, 0.78),
            ("Cup of Tea", 0.79, 0.61),
            ("Cup", 0.73, 0.78),
            ("Tea", 0.63, 0.81),
            ("Hot Water", 0.52, 0.79),
            ("Water", 0.38, 0.82),
            ("Kettle", 0.43, 0.35),
            ("Power", 0.1, 0.72),
            ("Market Research", 0.85, 0.45),
            ("Supplier", 0.2, 0.65),
        ],
        &[
            ("Business", "Cup of Tea"),
            ("Cup of Tea", "Cup"),
            ("Cup of Tea", "Tea"),
            ("Cup of Tea", "Hot Water"),
            ("Hot Water", "Water"),
            ("Hot Water", "Kettle"),
            ("Kettle", "Power"),
            ("Cup of Tea", "Market Research"),
            ("Hot Water", "Power"),
        ],
    );
    let link = |from: &str, to: &str| {
        map.links
            .iter()
            .find(|l| l.from == id(&map, from) && l.to == id(&map, to))
            .unwrap()
    };
    let paid = link("Hot Water", "Kettle").flow.clone().unwrap();
    assert_eq!(
        (paid.direction, paid.label.as_deref()),
        (FlowDirection::Forward, Some("$0.10"))
    );
    assert_eq!(
        link("Hot Water", "Water").flow.as_ref().unwrap().direction,
        FlowDirection::Forward
    );
    assert_eq!(
        link("Hot Water", "Power").flow.as_ref().unwrap().direction,
        FlowDirection::Back
    );
    assert_eq!(
        link("Cup of Tea", "Market Research")
            .flow
            .as_ref()
            .unwrap()
            .direction,
        FlowDirection::Both
    );
    assert_eq!(link("Kettle", "Power").flow, None);
    let kettle = named(&map, "Kettle");
    assert!(kettle.inertia);
    assert_eq!(kettle.evolve.as_ref().unwrap().evolution, Some(0.62));
    let tea = named(&map, "Tea");
    assert_eq!(tea.evolve.as_ref().unwrap().evolution, Some(0.9));
    assert_eq!(tea.evolve_name.as_deref(), Some("Premium Tea"));
    assert_eq!(named(&map, "Cup").sourcing, Some(Sourcing::Buy));
    assert_eq!(named(&map, "Market Research").market, Some(Market::Market));
    assert_eq!(
        named(&map, "Cup").pipeline.as_ref().unwrap().span,
        Some([0.6, 0.9])
    );
    let supplier = named(&map, "Supplier");
    assert!(supplier.submap);
    assert_eq!(supplier.url.as_deref(), Some("https://example.com/map"));
    assert_eq!(
        map.stage_labels,
        ["Genesis", "Custom", "Product", "Commodity"]
    );
    assert_eq!(map.attitudes.len(), 3);
    assert_eq!(map.accelerators.len(), 2);
    assert_round_trip(text);
}

#[test]
fn evolve_reads_decorators_after_its_target_as_owm_does() {
    let text = "\
component Kettle [0.43, 0.35]
component Power [0.1, 0.7]
component EPR (Cerner) [0.5, 0.5]
evolve Kettle 0.62 label [22, 9] (buy)
evolve Power 0.89 (outsource) label [-12, 21]
evolve EPR (Cerner) 0.8 (build)
";
    let map = clean(text);
    let kettle = named(&map, "Kettle");
    assert_eq!(kettle.evolve.as_ref().unwrap().evolution, Some(0.62));
    assert_eq!(kettle.evolve_label_offset, Some([22.0, 9.0]));
    let power = named(&map, "Power");
    assert_eq!(power.evolve.as_ref().unwrap().evolution, Some(0.89));
    assert_eq!(power.evolve_label_offset, Some([-12.0, 21.0]));
    let epr = named(&map, "EPR (Cerner)");
    assert_eq!(epr.evolve.as_ref().unwrap().evolution, Some(0.8));
}

#[test]
fn a_flow_over_a_plain_link_joins_it_and_true_repeats_are_still_reported() {
    let map = clean("component A [0.9, 0.1]\ncomponent B [0.5, 0.5]\nA->B; data\nA+'£5'<B\n");
    assert_eq!(map.links.len(), 1);
    let flow = map.links[0].flow.clone().unwrap();
    assert_eq!(
        (flow.direction, flow.label.as_deref()),
        (FlowDirection::Back, Some("£5"))
    );
    assert_eq!(map.links[0].label.as_deref(), Some("data"));
    for repeat in ["A->B\nA->B\n", "A+>B\nA+<B\n", "A->B; x\nA->B; y\n"] {
        let text = format!("component A [0.9, 0.1]\ncomponent B [0.5, 0.5]\n{repeat}");
        let imported = owm::import(&text);
        assert_eq!(imported.map.links.len(), 1, "{repeat}");
        assert_eq!(imported.problems.len(), 1, "{repeat}");
        assert_eq!(imported.problems[0].line, 4, "{repeat}");
    }
}

#[test]
fn multi_line_names_are_written_quoted_with_their_line_breaks() {
    let mut map = Map::new("t");
    let a = map.allocate_component_id();
    let b = map.allocate_component_id();
    map.components
        .push(Component::new(a.clone(), "Referring\nclinician", 0.9, 0.3));
    map.components
        .push(Component::new(b.clone(), "EPR", 0.5, 0.6));
    map.links.push(estate_map::model::Link::new(a, b));
    let tab = map.allocate_component_id();
    map.components
        .push(Component::new(tab, "Tab\tname", 0.2, 0.2));
    let text = owm::export(&map);
    // OWM reads a tab in a name as a space: the line says so, the comment keeps the tab.
    assert!(text.contains("component Tab name [0.2, 0.2]\n"), "{text}");
    // OWM reads `\n` in a quoted name as a line break, in elements and links alike.
    assert!(
        text.contains("component \"Referring\\nclinician\" [0.9, 0.3]\n"),
        "{text}"
    );
    assert!(text.contains("\"Referring\\nclinician\"->EPR\n"), "{text}");
    let back = clean(&text);
    assert_same(&map, &back);
}

#[test]
fn mermaid_quotes_names_whose_later_words_start_with_a_digit() {
    let mut m = Map::new("t");
    for name in ["System 2", "Windows Server 2012 R2", "Web2 portal"] {
        let c = m.allocate_component_id();
        m.components.push(Component::new(c, name, 0.5, 0.5));
    }
    let text = mermaid::export(&m);
    // NAME_WITH_SPACES: every word starts with a letter; "Web2" is one word.
    assert!(text.contains("component \"System 2\" [0.5, 0.5]"), "{text}");
    assert!(
        text.contains("component \"Windows Server 2012 R2\" [0.5, 0.5]"),
        "{text}"
    );
    assert!(text.contains("component Web2 portal [0.5, 0.5]"), "{text}");
}

#[test]
fn mermaid_quotes_names_that_start_like_its_keywords_and_escapes_strings() {
    let mut m = Map::new("t");
    for name in [
        "notebook app",
        "buy-in tracker",
        "marketing portal",
        "title deeds",
        "\"Quoted\" name",
        "trailing\\",
    ] {
        let c = m.allocate_component_id();
        m.components.push(Component::new(c, name, 0.5, 0.5));
    }
    let text = mermaid::export(&m);
    // Mermaid's lexer reads "note", "buy", "market" and "title " as keyword tokens
    // wherever a bare name starts with them, so those names are strings.
    for quoted in [
        "\"notebook app\"",
        "\"buy-in tracker\"",
        "\"marketing portal\"",
        "\"title deeds\"",
    ] {
        assert!(
            text.contains(&format!("component {quoted} [0.5, 0.5]")),
            "{quoted}\n{text}"
        );
    }
    // Mermaid draws `\"` as a quote and `\\` as a backslash.
    assert!(
        text.contains(r#"component "\"Quoted\" name" [0.5, 0.5]"#),
        "{text}"
    );
    assert!(
        text.contains(r#"component "trailing\\" [0.5, 0.5]"#),
        "{text}"
    );
}

/// The maps `.ci/checks/owm.sh` gives to the real parsers round-trip here too.
#[test]
fn the_parser_checks_own_maps_round_trip() {
    let constructs = include_str!("fixtures/owm/constructs.owm");
    let map = assert_round_trip(constructs);
    assert!(owm::import(constructs).problems.is_empty());
    assert_eq!(named(&map, "Referring\nclinician").kind, Kind::UserNeed);
    assert_eq!(
        named(&map, "Thrombolysis register (Access 2010)")
            .evolve_name
            .as_deref(),
        Some("Stroke registry")
    );
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/owm/awkward-names.json");
    let awkward = load_file(&path).unwrap();
    let text = owm::export(&awkward);
    // Every name is written as it is, with no comment needed to restore it.
    for c in &awkward.components {
        assert!(
            !text.contains(&format!(
                "\"name\":{}",
                serde_json::to_string(&c.name).unwrap()
            )),
            "{}",
            c.name
        );
    }
    let back = owm::import(&text);
    assert!(back.problems.is_empty(), "{:#?}", back.problems);
    assert_eq!(back.map, awkward);
}

#[test]
fn evolve_with_text_after_its_target_keeps_the_evolution_and_reports_the_rest() {
    // Seen in published maps: a label given as words. OWM's parser fails on the line;
    // ours keeps what OWM's grammar says (name, then the first " 0.N") and reports
    // the words, with the line's number.
    let text = "component Learning Capture [0.68, 0.66]\n\
                evolve Learning Capture 0.76 label Meeting platforms absorbing capture\n";
    let imported = owm::import(text);
    let c = named(&imported.map, "Learning Capture");
    assert_eq!(c.evolve.as_ref().unwrap().evolution, Some(0.76));
    assert_eq!(imported.problems.len(), 1, "{:#?}", imported.problems);
    assert_eq!(imported.problems[0].line, 2);
    assert!(
        imported.problems[0]
            .message
            .contains("label Meeting platforms absorbing capture"),
        "{}",
        imported.problems[0].message
    );
}

//! The interactive HTML export: one well-formed, self-contained file holding every
//! component under its accessible name, the analysis the page shows, and a size bound.

mod common;

use common::{SharedDialogs, app_with_dialogs, wait_for_preview, ward_map};
use egui_kittest::kittest::Queryable;
use estate_map::export::{ExportOptions, Format, export};
use estate_map::model::generate::generate;
use estate_map::model::{Map, from_json_bytes, load_file};
use estate_map::scene::{self, ItemId};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// n1 -> a, n1 -> b, a -> c, b -> c, c -> d, n2 -> b. Worked by hand: what depends on
/// c is a, b, n1, n2 (4; user needs n1, n2); on d, also c (5); on a, only n1 (1).
const DIAMOND: &str = r#"{"format":"estate-map","version":1,"title":"Diamond <&> \"quoted\"",
 "organisation":"Example Trust",
 "components":[
  {"id":"n1","name":"Stroke patient","kind":"user_need","visibility":0.95,"evolution":0.5,"status":"supported"},
  {"id":"n2","name":"Outpatient","kind":"user_need","visibility":0.95,"evolution":0.8,"status":"supported"},
  {"id":"a","name":"Booking </script><b>&amp;","visibility":0.8,"evolution":0.4,"status":"supported","clinical_risk":{"likelihood":"high","consequence":"major"}},
  {"id":"b","name":"Results viewer","visibility":0.75,"evolution":0.6,"status":"supported","description":"See https://example.org/results"},
  {"id":"d","name":"Database server","visibility":0.2,"evolution":0.8},
  {"id":"c","name":"PAS","visibility":0.5,"evolution":0.5,"status":"unsupported","end_of_support":"2025-12-31","annual_cost_gbp":12000,"supplier":"Old Systems plc","clinical_risk":{"likelihood":"medium","consequence":"considerable"}}
 ],
 "links":[{"from":"n1","to":"a"},{"from":"n1","to":"b"},{"from":"a","to":"c"},{"from":"b","to":"c"},{"from":"c","to":"d"},{"from":"n2","to":"b"}]}"#;

fn diamond() -> Map {
    from_json_bytes(DIAMOND.as_bytes()).expect("test map loads")
}

fn html(map: &Map) -> String {
    let bytes = export(map, Format::Html, &ExportOptions::board_pack()).expect("exports");
    String::from_utf8(bytes).expect("UTF-8")
}

fn sample(name: &str) -> Map {
    load_file(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample_maps")
            .join(name),
    )
    .expect("sample map loads")
}

/// The page's inline data.
fn data(doc: &roxmltree::Document) -> Value {
    let script = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("estate-data"))
        .expect("inline data");
    serde_json::from_str(script.text().expect("data text")).expect("data is JSON")
}

#[test]
fn page_is_well_formed_and_fetches_nothing() {
    for map in [diamond(), sample("stroke.json"), sample("diabetes.json")] {
        let text = html(&map);
        assert!(text.starts_with("<!DOCTYPE html>"));
        let doc = roxmltree::Document::parse_with_options(
            &text,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .unwrap_or_else(|e| panic!("{}: not well-formed: {e}", map.title));
        for node in doc.descendants().filter(|n| n.is_element()) {
            let tag = node.tag_name().name();
            assert_ne!(tag, "link", "no external stylesheet");
            assert_ne!(tag, "iframe");
            assert_ne!(tag, "img", "no image to fetch");
            for attr in node.attributes() {
                let value = attr.value().trim();
                if matches!(attr.name(), "src" | "href" | "action" | "srcset" | "poster") {
                    assert!(
                        value.starts_with('#'),
                        "{tag} {}={value} fetches",
                        attr.name()
                    );
                }
                for url in value.split("url(").skip(1) {
                    assert!(
                        url.starts_with('#'),
                        "{tag} {}: url({url} fetches",
                        attr.name()
                    );
                }
            }
            if tag == "style" || tag == "script" {
                let body = node.text().unwrap_or_default();
                for url in body.split("url(").skip(1) {
                    assert!(
                        url.starts_with('#'),
                        "url({} in {tag}",
                        &url[..20.min(url.len())]
                    );
                }
                for word in ["@import", "fetch(", "XMLHttpRequest", "import(", "//cdn"] {
                    assert!(!body.contains(word), "{word} in {tag}");
                }
            }
        }
        // The only absolute URL is a description's text, never an attribute.
        for needle in [
            "src=\"http",
            "href=\"http",
            "src=\"//",
            "href=\"//",
            "url(http",
            "url(//",
        ] {
            assert!(!text.contains(needle), "{needle} in the page");
        }
    }
}

#[test]
fn every_component_is_a_keyboard_target_named_as_in_the_app() {
    for map in [diamond(), sample("stroke.json"), sample("cancer.json")] {
        let text = html(&map);
        let doc = roxmltree::Document::parse_with_options(
            &text,
            roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            },
        )
        .expect("well-formed");
        let targets: Vec<(String, String)> = doc
            .descendants()
            .filter(|n| n.has_class("hot"))
            .map(|n| {
                assert_eq!(n.attribute("tabindex"), Some("0"));
                assert_eq!(n.attribute("role"), Some("button"));
                (
                    n.attribute("aria-label").expect("named").to_string(),
                    n.attribute("data-i").expect("indexed").to_string(),
                )
            })
            .collect();
        assert_eq!(targets.len(), map.components.len(), "{}", map.title);
        // The names the app's canvas gives its scene items.
        let canvas = scene::build(&map, &Default::default());
        for item in &canvas.items {
            let ItemId::Component(id) = &item.id else {
                continue;
            };
            let index = map.components.iter().position(|c| &c.id == id).unwrap();
            assert!(
                targets.contains(&(item.name.clone(), index.to_string())),
                "{} lacks a target named '{}'",
                map.title,
                item.name
            );
        }
    }
}

trait HasClass {
    fn has_class(&self, class: &str) -> bool;
}

impl HasClass for roxmltree::Node<'_, '_> {
    fn has_class(&self, class: &str) -> bool {
        self.attribute("class")
            .is_some_and(|c| c.split_whitespace().any(|w| w == class))
    }
}

#[test]
fn data_holds_the_hand_worked_impact_and_the_register() {
    let map = diamond();
    let text = html(&map);
    let doc = roxmltree::Document::parse_with_options(
        &text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .expect("well-formed");
    let data = data(&doc);
    let comps = data["components"].as_array().unwrap();
    let by_id = |id: &str| {
        &comps[map
            .components
            .iter()
            .position(|c| c.id.as_str() == id)
            .unwrap()]
    };
    let index = |id: &str| {
        map.components
            .iter()
            .position(|c| c.id.as_str() == id)
            .unwrap()
    };
    assert_eq!(by_id("c")["blast"], 4);
    assert_eq!(by_id("d")["blast"], 5);
    assert_eq!(by_id("a")["blast"], 1);
    assert_eq!(
        by_id("c")["needs"],
        serde_json::json!([index("n1"), index("n2")])
    );
    assert_eq!(
        by_id("a")["name"],
        "Booking </script><b>&amp;",
        "markup survives as text"
    );
    // What depends on c directly: a and b.
    let mut direct: Vec<u64> = by_id("c")["dependants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    direct.sort_unstable();
    assert_eq!(direct, [index("a") as u64, index("b") as u64]);
    // The hover card, as the app's.
    let tip: Vec<&str> = by_id("c")["tip"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(tip[0], "PAS");
    assert_eq!(tip[1], "System \u{2022} Unsupported");
    assert!(tip.contains(&"Annual cost: £12,000"));
    assert!(tip.contains(&"Depends on 1, needed by 2"));
    // The register: four systems, PAS first, its cost in pounds.
    let register = &data["register"];
    let labels: Vec<&str> = register["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(&labels[..3], ["Rank", "Component", "Status"]);
    let rows = register["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0]["i"], index("c"));
    let cost = labels.iter().position(|l| *l == "Annual cost").unwrap();
    assert_eq!(rows[0]["cells"][cost][0], "£12,000");
    // Exposure: both needs rest on PAS.
    let exposure = data["exposure"].as_array().unwrap();
    assert_eq!(exposure.len(), 2);
    assert!(exposure.iter().all(|e| {
        e["at_risk"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["name"] == "PAS")
    }));
    // The header names title, organisation and date; the title escaped.
    assert!(text.contains("<h1>Diamond &lt;&amp;&gt; &quot;quoted&quot;</h1>"));
    assert!(text.contains("Example Trust"));
    assert!(text.contains("As of "));
}

#[test]
fn thousand_component_map_is_under_five_megabytes() {
    let map = generate(1000, 1);
    let size = html(&map).len();
    assert!(size < 5_000_000, "{size} bytes");
}

#[test]
fn cli_writes_html_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("stroke.html");
    let map = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_maps/stroke.json");
    let status = Command::new(env!("CARGO_BIN_EXE_estate-map"))
        .arg("export")
        .arg(&map)
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>") && text.contains("Hyper-acute stroke pathway"));
}

#[test]
fn file_export_offers_html_and_writes_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = SharedDialogs::answering([Some(dir.path().join("board pack"))]);
    let map = ward_map();
    let mut h = app_with_dialogs(
        estate_map::ui::Document::new(map.clone(), None),
        &dialogs,
        true,
    );
    for label in ["File", "Export\u{2026} Ctrl+Shift+E"] {
        h.get_by_label(label).click();
        h.run();
    }
    wait_for_preview(&mut h);
    for label in ["HTML (interactive)", "Export to file\u{2026}"] {
        h.get_by_label(label).click();
        h.run();
    }
    let text = std::fs::read_to_string(dir.path().join("board pack.html")).expect("written");
    assert!(text.starts_with("<!DOCTYPE html>"));
    for c in &map.components {
        assert!(
            text.contains(&format!("aria-label=\"{}", c.name)),
            "{} missing",
            c.name
        );
    }
    assert!(
        h.state().status_text().contains("Exported HTML"),
        "{}",
        h.state().status_text()
    );
}

/// The hand-worked money map (tests/money.rs): by expected loss the register reads
/// Interface server £45,000, PACS £15,000, Network £5,400, Booking app £2,000, Fax
/// gateway £0; the side panel, the summary's top risks and the register follow that.
#[test]
fn the_side_panel_and_summary_follow_the_registers_ranking_by_loss() {
    let map = load_file(Path::new("tests/maps/money_handworked.json")).unwrap();
    // The day the figures were worked for (dates past end of support add failures).
    let mut options = ExportOptions::board_pack();
    options.scene.today = Some("2026-03-15".parse().unwrap());
    let text = String::from_utf8(export(&map, Format::Html, &options).unwrap()).unwrap();
    assert!(text.contains("Ranked by expected annual loss;"));
    let doc = roxmltree::Document::parse_with_options(
        &text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .unwrap();
    let data = data(&doc);
    let component = |name: &str| {
        data["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("{name}"))
            .clone()
    };
    let field = |c: &Value, label: &str| {
        c["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f[0] == label)
            .map(|f| f[1].as_str().unwrap().to_string())
    };
    let order = [
        "Interface server",
        "PACS",
        "Network",
        "Booking app",
        "Fax gateway",
    ];
    for (rank, name) in (1..).zip(order) {
        assert_eq!(component(name)["rank"], rank, "{name}");
    }
    let server = component("Interface server");
    let loss = field(&server, "Expected loss").unwrap();
    assert!(
        loss.starts_with("£45k a year") && loss.ends_with("(rank 1)"),
        "{loss}"
    );
    let score = field(&server, "Risk score").unwrap();
    assert!(
        !score.contains("rank"),
        "the rank is shown beside the loss: {score}"
    );
    assert!(
        field(&server, "Harm if it fails")
            .unwrap()
            .starts_with("If Interface server fails")
    );
    let top: Vec<(String, String)> = data["summary"]["top"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap().into(),
                t["figure"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(top[0], ("Interface server".into(), "£45k a year".into()));
    assert_eq!(top[1], ("PACS".into(), "£15k a year".into()));
    let names: Vec<&str> = top.iter().map(|t| t.0.as_str()).collect();
    assert_eq!(names, order);
    // The register table's first row and its loss column.
    let register = &data["register"];
    let columns: Vec<&str> = register["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    let loss_col = columns
        .iter()
        .position(|&k| k == "expected_loss_gbp")
        .unwrap();
    assert_eq!(register["rows"][0]["cells"][loss_col][0], "£45,000");
    // A map without service facts still ranks by score.
    assert!(html(&diamond()).contains("Ranked by risk score;"));
}

//! The board summary (issue 14, point 5): a panel beside the map (PNG, SVG) or a second
//! PDF page with the top 10 risks by expected loss and their harm statements, the
//! estate's expected loss, counts by status and a loss-exceedance curve.
//!
//! Figures come from `tests/maps/money_handworked.json` (worked by hand in
//! `tests/money.rs`): interface server £45,000 a year, PACS £15,000, network £5,400,
//! booking app £2,000, fax gateway £0 (nothing depends on it); estate £67,400; ranges
//! collapsed, so the 90 % range is £67k to £67k (pounds as the register words them).

mod common;

use common::{SharedDialogs, app_with_dialogs, wait_for_preview, ward_map};
use egui_kittest::kittest::Queryable;
use estate_map::model::{Map, from_json_bytes};
use estate_map::scene::{
    BOARD_SUMMARY_LEFT, BOARD_SUMMARY_NO_FACTS, BOARD_SUMMARY_PAGE, FrameOptions, Rect, Scene,
    SceneOptions, Shape, build,
};
use estate_map::ui::Document;
use std::process::Command;

const HAND: &str = "tests/maps/money_handworked.json";

fn load(path: &str) -> Map {
    from_json_bytes(&std::fs::read(path).unwrap()).unwrap()
}

fn scene(map: &Map, day: &str) -> Scene {
    let day = day.parse().unwrap();
    let options = SceneOptions {
        frame: FrameOptions {
            board_summary: true,
            summary: true,
            as_of: Some(day),
            ..FrameOptions::board_pack()
        },
        today: Some(day),
        ..SceneOptions::default()
    };
    build(map, &options)
}

/// The panel's texts with their boxes, top to bottom.
fn panel_texts(scene: &Scene) -> Vec<(String, Rect)> {
    scene
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Text(t) if t.bounds().min.x >= BOARD_SUMMARY_LEFT => {
                Some((t.text.clone(), t.bounds()))
            }
            _ => None,
        })
        .collect()
}

fn panel_text(scene: &Scene) -> String {
    let lines: Vec<String> = panel_texts(scene).into_iter().map(|(t, _)| t).collect();
    lines.join("\n")
}

#[test]
fn the_panel_reads_the_hand_worked_figures_in_order() {
    let text = panel_text(&scene(&load(HAND), "2026-03-15"));
    assert!(text.starts_with("Board summary\n"), "{text}");
    assert!(
        text.contains("Expected loss for the estate: £67k a year"),
        "{text}"
    );
    assert!(text.contains("90 % range £67k to £67k a year"), "{text}");
    assert!(
        text.contains("Supported 1 · Extended support 1 · Unsupported 1 · Shadow IT 1"),
        "{text}"
    );
    assert!(text.contains("Total 5"), "{text}");
    let order = [
        "1. Interface server: £45k a year",
        "2. PACS: £15k a year",
        "3. Network: £5.4k a year",
        "4. Booking app: £2k a year",
    ];
    let at: Vec<usize> = order
        .iter()
        .map(|o| {
            text.find(o)
                .unwrap_or_else(|| panic!("{o} missing in {text}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert!(
        !text.contains("5. "),
        "a system with no loss is no risk: {text}"
    );
    assert!(!text.contains("Fax gateway"), "{text}");
    // The harm statement, wrapped under its risk.
    let statement = text
        .split("1. Interface server: £45k a year\n")
        .nth(1)
        .unwrap();
    let statement: String = statement
        .lines()
        .take_while(|l| !l.starts_with("2. "))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        statement.starts_with("If Interface server fails, 2 services stop"),
        "{statement}"
    );
    assert!(
        statement.contains("about 140 patients a day"),
        "{statement}"
    );
    assert!(
        statement.contains("worst harm: catastrophic"),
        "{statement}"
    );
    // The curve's labels.
    for label in ["100 %", "0 %", "£0", "Annual loss"] {
        assert!(text.lines().any(|l| l == label), "{label} in {text}");
    }
}

#[test]
fn a_map_without_service_facts_says_so_rather_than_showing_zeros() {
    let text = panel_text(&scene(&ward_map(), "2026-11-21"));
    assert!(text.contains(BOARD_SUMMARY_NO_FACTS), "{text}");
    assert!(!text.contains('£'), "{text}");
    assert!(text.contains("Systems by status"), "{text}");
}

#[test]
fn nothing_in_the_panel_overlaps_and_the_panel_keeps_clear_of_the_map() {
    for (path, day) in [
        (HAND, "2026-03-15"),
        ("sample_maps/stroke.json", "2026-11-21"),
    ] {
        let scene = scene(&load(path), day);
        let texts = panel_texts(&scene);
        assert!(texts.len() > 10, "{path}");
        for (i, (a, ra)) in texts.iter().enumerate() {
            assert!(scene.bounds.contains_rect(ra), "{a} clipped in {path}");
            for (b, rb) in &texts[i + 1..] {
                assert!(!ra.intersects(rb), "{a:?} overlaps {b:?} in {path}");
            }
        }
        // Everything else (map, frame, legend) stays left of the panel.
        let panel_start = scene
            .shapes
            .iter()
            .position(|s| matches!(s, Shape::Text(t) if t.text == "Board summary"))
            .unwrap();
        let rest_right = scene.shapes[..panel_start]
            .iter()
            .map(|s| s.bounds().max.x)
            .fold(f32::MIN, f32::max);
        assert!(rest_right < BOARD_SUMMARY_LEFT, "{path}: {rest_right}");
    }
}

#[test]
fn the_cli_flag_adds_the_panel_to_svg_png_and_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let export = |out: &str, extra: &[&str]| {
        let out = dir.path().join(out);
        let status = Command::new(env!("CARGO_BIN_EXE_estate-map"))
            .args(["export", HAND, "-o"])
            .arg(&out)
            .args(["--as-of", "2026-03-15"])
            .args(extra)
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::read(out).unwrap()
    };
    let with = String::from_utf8(export("with.svg", &["--board-summary"])).unwrap();
    assert!(with.contains("Board summary"));
    assert!(with.contains("Interface server: £45k a year"));
    let without = String::from_utf8(export("without.svg", &[])).unwrap();
    assert!(!without.contains("Board summary"));
    for out in ["with.png", "with.pdf"] {
        assert!(!export(out, &["--board-summary"]).is_empty());
    }
}

#[test]
fn the_export_dialog_checkbox_adds_the_panel() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = SharedDialogs::answering([Some(dir.path().join("pack"))]);
    let mut h = app_with_dialogs(Document::new(ward_map(), None), &dialogs, false);
    for label in ["File", "Export\u{2026} Ctrl+Shift+E"] {
        h.get_by_label(label).click();
        h.run();
    }
    wait_for_preview(&mut h);
    for label in ["Board summary", "SVG", "Export to file\u{2026}"] {
        h.get_by_label(label).click();
        h.run();
    }
    let svg = std::fs::read_to_string(dir.path().join("pack.svg")).unwrap();
    assert!(svg.contains("Board summary"));
    assert!(svg.contains("No service facts"));
}

/// The `/Type /Page` objects of a PDF (not the `/Type /Pages` tree), counted in its
/// uncompressed object headers.
fn pdf_page_count(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type /Page")
        .filter(|(at, m)| !text[at + m.len()..].starts_with('s'))
        .count()
}

/// Every `/MediaBox` of a PDF, as its four numbers.
fn media_boxes(pdf: &[u8]) -> Vec<Vec<f32>> {
    let text = String::from_utf8_lossy(pdf);
    text.split("/MediaBox [")
        .skip(1)
        .map(|rest| {
            rest.split(']')
                .next()
                .unwrap()
                .split_whitespace()
                .map(|n| n.parse().unwrap())
                .collect()
        })
        .collect()
}

#[test]
fn a_pdf_puts_the_summary_on_a_second_page_printed_at_ten_points_or_more() {
    let map = load(HAND);
    let day = "2026-03-15".parse().unwrap();
    let options = estate_map::export::ExportOptions {
        scene: SceneOptions {
            frame: FrameOptions {
                board_summary: true,
                as_of: Some(day),
                ..FrameOptions::board_pack()
            },
            today: Some(day),
            ..SceneOptions::default()
        },
        ..estate_map::export::ExportOptions::default()
    };
    let pdf = estate_map::export::export(&map, estate_map::export::Format::Pdf, &options).unwrap();
    assert_eq!(pdf_page_count(&pdf), 2);
    // Both pages A4 landscape: 3508 x 2480 pixels at 300 dpi = 841.92 x 595.2 points.
    let boxes = media_boxes(&pdf);
    assert_eq!(boxes.len(), 2, "{boxes:?}");
    for b in &boxes {
        assert!(
            (b[2] - 841.92).abs() < 0.01 && (b[3] - 595.2).abs() < 0.01,
            "{b:?}"
        );
    }
    // Without the option, one page.
    let mut plain = options.clone();
    plain.scene.frame.board_summary = false;
    let one = estate_map::export::export(&map, estate_map::export::Format::Pdf, &plain).unwrap();
    assert_eq!(pdf_page_count(&one), 1);

    // The second page is the summary page, fitted to the paper's width: 841.92 points
    // for the page's 1400 units.
    let page = estate_map::scene::board_summary_page(&map, &options.scene);
    assert_eq!(page.bounds, BOARD_SUMMARY_PAGE);
    let points_per_unit = 841.92 / BOARD_SUMMARY_PAGE.width();
    let texts: Vec<&estate_map::scene::Text> = page
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Text(t) => Some(t),
            _ => None,
        })
        .collect();
    let smallest = texts.iter().map(|t| t.size).fold(f32::MAX, f32::min);
    assert!(smallest * points_per_unit >= 10.0, "{smallest} units");
    for (i, a) in texts.iter().enumerate() {
        assert!(
            BOARD_SUMMARY_PAGE.contains_rect(&a.bounds()),
            "{} off the page",
            a.text
        );
        for b in &texts[i + 1..] {
            assert!(
                !a.bounds().intersects(&b.bounds()),
                "{:?} overlaps {:?}",
                a.text,
                b.text
            );
        }
    }
    let all: Vec<&str> = texts.iter().map(|t| t.text.as_str()).collect();
    let all = all.join("\n");
    assert!(
        all.starts_with("Board summary\nStroke money · As of 15 March 2026\n"),
        "{all}"
    );
    for expected in [
        "Expected loss for the estate: £67k a year",
        "1. Interface server: £45k a year",
        "4. Booking app: £2k a year",
        // Wrapped, not cut short.
        "90 % range £67k to £67k a year (estimates: the trust should own the inputs)",
    ] {
        assert!(
            all.replace('\n', " ").contains(expected),
            "{expected} in {all}"
        );
    }
    if let Ok(dir) = std::env::var("BOARD_SUMMARY_PNG") {
        let png = estate_map::export::export_scene(
            &page,
            &map.title,
            estate_map::export::Format::Png,
            &options,
        )
        .unwrap();
        std::fs::write(format!("{dir}/page2.png"), png).unwrap();
    }
}

//! `estate-map roadmap`: the roadmap of a sample map as SVG and PNG, and the refusals.

use std::path::Path;
use std::process::Command;

fn roadmap(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_estate-map"))
        .arg("roadmap")
        .args(args)
        .output()
        .expect("binary runs")
}

fn sample() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_maps/stroke.json")
        .display()
        .to_string()
}

#[test]
fn the_stroke_roadmap_is_written_as_svg_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("roadmap.svg");
    let o = roadmap(&[
        &sample(),
        "-o",
        svg.to_str().unwrap(),
        "--today",
        "2026-12-02",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = std::fs::read_to_string(&svg).unwrap();
    for want in [
        "Roadmap: Hyper-acute stroke pathway",
        "Today 2 Dec 2026",
        // Tele-stroke video: extended support and contract both end 31 Dec 2026; 12
        // months' notice was due a year before.
        "Tele-stroke video",
        "Notice by 31 Dec 2025 (passed)",
        "End of support",
        "Contract end",
    ] {
        assert!(text.contains(want), "{want} missing");
    }
    let png = dir.path().join("roadmap.png");
    let o = roadmap(&[
        &sample(),
        "-o",
        png.to_str().unwrap(),
        "--today",
        "2026-12-02",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
}

#[test]
fn an_html_output_or_a_missing_map_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("roadmap.html");
    let o = roadmap(&[&sample(), "-o", html.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!html.exists());
    let png = dir.path().join("roadmap.png");
    let o = roadmap(&["/nonexistent/map.json", "-o", png.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
}

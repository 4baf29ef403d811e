//! Exports end to end: PNG pixels, SVG text, PDF fonts, a golden image, and the CLI.

use estate_map::export::{
    Background, ExportOptions, Format, Page, Paper, Size, View, export, to_svg,
};
use estate_map::model::generate::generate;
use estate_map::model::{Map, SupportStatus, load_file};
use estate_map::scene::{self, Color, Point, Rect, Shape, status_fill};
use resvg::tiny_skia::Pixmap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/stroke.json")
}

fn fixture() -> Map {
    load_file(&fixture_path()).expect("fixture map loads")
}

fn pixels(width: u32, height: u32) -> ExportOptions {
    ExportOptions {
        size: Size::Pixels {
            width: Some(width),
            height: Some(height),
        },
        ..ExportOptions::board_pack()
    }
}

fn decode(png: &[u8]) -> Pixmap {
    Pixmap::decode_png(png).expect("export is a valid PNG")
}

/// The demultiplied colour at a scene point.
fn colour_at(pixmap: &Pixmap, page: &Page, p: Point) -> Color {
    let vb = page.viewbox;
    let x = ((p.x - vb.min.x) * page.width as f32 / vb.width()) as u32;
    let y = ((p.y - vb.min.y) * page.height as f32 / vb.height()) as u32;
    let c = pixmap.pixel(x, y).expect("point on the page").demultiply();
    Color {
        r: c.red(),
        g: c.green(),
        b: c.blue(),
        a: c.alpha(),
    }
}

fn close(a: Color, b: Color, tolerance: u8) -> bool {
    a.r.abs_diff(b.r) <= tolerance
        && a.g.abs_diff(b.g) <= tolerance
        && a.b.abs_diff(b.b) <= tolerance
        && a.a.abs_diff(b.a) <= tolerance
}

/// The filled box drawn for the first component named `name`.
fn box_of(scene: &scene::Scene, map: &Map, name: &str) -> Rect {
    let id = &map.find_by_name(name).expect("component in map").id;
    let hit = scene
        .items
        .iter()
        .find(|i| i.id == scene::ItemId::Component(id.clone()))
        .expect("component item")
        .hit;
    scene
        .shapes
        .iter()
        .find_map(|s| match s {
            Shape::Rect {
                rect,
                fill: Some(_),
                ..
            } if hit.contains_rect(rect) => Some(*rect),
            _ => None,
        })
        .expect("component box")
}

#[test]
fn png_has_the_requested_size() {
    let map = fixture();
    let png = export(&map, Format::Png, &pixels(1200, 700)).unwrap();
    let pixmap = decode(&png);
    assert_eq!((pixmap.width(), pixmap.height()), (1200, 700));

    let mut options = ExportOptions::board_pack();
    options.size = Size::Paper(Paper::A3);
    let pixmap = decode(&export(&map, Format::Png, &options).unwrap());
    assert_eq!((pixmap.width(), pixmap.height()), (4961, 3508));

    options.size = Size::Pixels {
        width: Some(800),
        height: None,
    };
    options.scale = 2.0;
    let pixmap = decode(&export(&map, Format::Png, &options).unwrap());
    assert_eq!(pixmap.width(), 1600);
    let scene = scene::build(&map, &options.scene);
    let expected = 1600.0 * scene.bounds.height() / scene.bounds.width();
    assert!((pixmap.height() as f32 - expected).abs() <= 1.0);
}

#[test]
fn components_are_drawn_in_their_status_colour_on_white() {
    let map = fixture();
    let options = pixels(2400, 1700);
    let scene = scene::build(&map, &options.scene);
    let page = Page::new(&scene, Format::Png, &options).unwrap();
    let pixmap = decode(&export(&map, Format::Png, &options).unwrap());
    let samples = [
        ("PACS imaging", SupportStatus::ExtendedSupport),
        ("Integration engine", SupportStatus::Unsupported),
        ("Bed-state spreadsheet", SupportStatus::ShadowIt),
        ("HSCN network", SupportStatus::Supported),
        ("Telestroke video consultation", SupportStatus::Unknown),
    ];
    for (name, status) in samples {
        let rect = box_of(&scene, &map, name);
        // Between the (double) outline and the label text.
        let p = Point::new(rect.min.x + 6.5, rect.center().y);
        let got = colour_at(&pixmap, &page, p);
        let want = status_fill(status, scene::Theme::Light);
        assert!(close(got, want, 6), "{name}: {got:?} is not {want:?}");
    }
    // Empty map area, and the page corner outside everything.
    let empty = scene::to_scene(0.95, 0.98);
    assert_eq!(colour_at(&pixmap, &page, empty), Color::WHITE);
    assert_eq!(colour_at(&pixmap, &page, page.viewbox.min), Color::WHITE);
}

#[test]
fn transparent_background_leaves_empty_space_clear() {
    let map = fixture();
    let mut options = pixels(1200, 850);
    options.background = Background::Transparent;
    let scene = scene::build(&map, &options.scene);
    let page = Page::new(&scene, Format::Png, &options).unwrap();
    let pixmap = decode(&export(&map, Format::Png, &options).unwrap());
    assert_eq!(colour_at(&pixmap, &page, scene::to_scene(0.95, 0.98)).a, 0);
    let epr = box_of(&scene, &map, "Integration engine");
    let p = Point::new(epr.min.x + 6.5, epr.center().y);
    assert_eq!(colour_at(&pixmap, &page, p).a, 255);
}

#[test]
fn print_theme_is_greyscale() {
    let map = fixture();
    let mut options = pixels(1200, 850);
    options.scene.theme = scene::Theme::Print;
    let pixmap = decode(&export(&map, Format::Png, &options).unwrap());
    let coloured = pixmap
        .pixels()
        .iter()
        .filter(|p| {
            let p = p.demultiply();
            p.red().abs_diff(p.green()) > 8 || p.green().abs_diff(p.blue()) > 8
        })
        .count();
    assert_eq!(coloured, 0);
}

#[test]
fn view_rectangle_without_a_frame_exports_only_that_part() {
    let map = fixture();
    let mut options = pixels(800, 500);
    options.scene.frame = scene::FrameOptions::default();
    let area = Rect::from_min_size(Point::new(800.0, 500.0), 800.0, 500.0);
    options.view = View::Rect(area);
    let scene = scene::build(&map, &options.scene);
    let page = Page::new(&scene, Format::Png, &options).unwrap();
    assert_eq!(page.viewbox, area);
    let pixmap = decode(&export(&map, Format::Png, &options).unwrap());
    let rect = box_of(&scene, &map, "HSCN network");
    let p = Point::new(rect.min.x + 6.5, rect.center().y);
    let want = status_fill(SupportStatus::Supported, scene::Theme::Light);
    assert!(close(colour_at(&pixmap, &page, p), want, 6));
}

#[test]
fn view_rectangle_with_a_frame_is_enlarged_between_title_and_legend() {
    let map = fixture();
    let mut options = pixels(1600, 1130);
    // The lower right quarter of the map area (the same shape as the whole).
    let area = Rect::from_min_size(Point::new(800.0, 500.0), 800.0, 500.0);
    options.view = View::Rect(area);
    let svg = to_svg(&map, &options).unwrap();
    assert!(svg.contains("Hyper-acute stroke pathway"), "title missing");
    assert!(svg.contains(">Key<"), "legend missing");
    assert!(
        svg.contains("clip-path"),
        "the enlarged map is clipped to its area"
    );
    // HSCN sits in that quarter; a user need at the top does not reach into it.
    let whole = scene::build(&map, &options.scene);
    let hscn = box_of(&whole, &map, "HSCN network");
    assert!(area.contains_rect(&hscn));
    assert!(svg.contains("HSCN network"));
    assert!(!svg.contains("Patient with suspected stroke"));

    // In the picture, HSCN's box is twice as large, at its place in the enlarged quarter.
    let cropped = scene::build_view(&map, &options.scene, area);
    let page = Page::new(
        &cropped,
        Format::Png,
        &ExportOptions {
            view: View::Fit,
            ..options.clone()
        },
    )
    .unwrap();
    let pixmap = decode(&export(&map, Format::Png, &options).unwrap());
    let at = |p: Point| Point::new(2.0 * (p.x - 800.0), 2.0 * (p.y - 500.0));
    let inside = at(Point::new(hscn.min.x + 4.0, hscn.center().y));
    let want = status_fill(SupportStatus::Supported, scene::Theme::Light);
    let got = colour_at(&pixmap, &page, inside);
    assert!(close(got, want, 6), "{got:?}");
}

#[test]
fn svg_parses_back_and_holds_every_name_as_text() {
    for map in [fixture(), generate(40, 3)] {
        let svg = to_svg(&map, &ExportOptions::board_pack()).unwrap();
        let options = usvg::Options::default();
        // Parsing checks the markup; text nodes survive even without fonts loaded.
        let tree = usvg::Tree::from_str(&svg, &options).expect("valid SVG");
        assert!(tree.size().width() > 0.0);
        let doc = usvg::roxmltree::Document::parse(&svg).unwrap();
        let texts: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        let joined = texts.join(" ");
        for c in &map.components {
            assert!(joined.contains(&c.name), "{} missing from the SVG", c.name);
        }
        assert!(texts.contains(&map.title.as_str()));
        assert!(texts.contains(&"Shadow IT"), "legend missing");
    }
}

#[test]
fn pdf_is_a_pdf_with_the_font_embedded() {
    let pdf = export(&fixture(), Format::Pdf, &ExportOptions::board_pack()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let has = |needle: &[u8]| pdf.windows(needle.len()).any(|w| w == needle);
    assert!(has(b"DejaVuSans"), "font not named");
    assert!(has(b"/FontFile2"), "font program not embedded");
    // A4 landscape in points.
    assert!(has(b"/MediaBox [0 0 841.9"), "not A4 landscape");
}

#[test]
fn smallest_text_is_at_least_8pt_on_a4() {
    // The tallest frame: a title on two lines, subtitle, summary and footer.
    let mut long_title = fixture();
    long_title.title = "Suspected cancer: urgent referral to treatment, with every \
                        diagnostic and treatment system in the trust"
        .into();
    for (map, summary) in [
        (fixture(), true),
        (generate(50, 2), false),
        (long_title, true),
    ] {
        let mut options = ExportOptions::board_pack();
        options.scene.frame.summary = summary;
        options.scene.frame.subtitle = Some("Draft, for discussion".into());
        options.scene.frame.footer = Some("Draft".into());
        options.size = Size::Paper(Paper::A4);
        let scene = scene::build(&map, &options.scene);
        let page = Page::new(&scene, Format::Png, &options).unwrap();
        let px_per_unit = page.width as f32 / page.viewbox.width();
        let smallest = scene
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Text(t) => Some(t.size),
                _ => None,
            })
            .fold(f32::MAX, f32::min);
        // 8 pt at 300 dpi is 33.3 px.
        assert!(smallest * px_per_unit >= 33.0, "{}", smallest * px_per_unit);
        assert!(
            page.viewbox.expand(0.01).contains_rect(&scene.bounds),
            "clipped"
        );
    }
}

/// Mean absolute channel difference, and the share of pixels that differ visibly.
fn image_difference(a: &Pixmap, b: &Pixmap) -> (f64, f64) {
    let mut total = 0u64;
    let mut visibly = 0usize;
    for (p, q) in a.data().chunks(4).zip(b.data().chunks(4)) {
        let d: Vec<u8> = p.iter().zip(q).map(|(x, y)| x.abs_diff(*y)).collect();
        total += d.iter().map(|&v| u64::from(v)).sum::<u64>();
        visibly += usize::from(d.iter().any(|&v| v > 48));
    }
    let n = (a.width() * a.height()) as f64;
    (total as f64 / (n * 4.0), visibly as f64 / n)
}

#[test]
fn png_matches_the_golden_image() {
    let mut map = fixture();
    map.modified = "2026-11-20T16:30:00Z".parse().unwrap();
    let mut options = pixels(1600, 1130);
    options.scene.frame.summary = true;
    options.scene.frame.subtitle = Some("Draft, for discussion".into());
    let png = export(&map, Format::Png, &options).unwrap();
    let golden_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/stroke.png");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden_path, &png).unwrap();
    }
    let golden = Pixmap::load_png(&golden_path).expect("golden image (UPDATE_GOLDEN=1 writes it)");
    let actual = decode(&png);
    assert_eq!(
        (actual.width(), actual.height()),
        (golden.width(), golden.height())
    );
    let (mean, share) = image_difference(&actual, &golden);
    assert!(
        mean < 1.0 && share < 0.002,
        "mean {mean}, {share} of pixels differ"
    );
}

/// The fixture with hand-set dates: as of 2026-11-22 the EPR's support has ended, the
/// order comms contract ends within 12 months and the PACS support ends later.
fn dated_fixture() -> Map {
    let mut map = fixture();
    let mut set = |name: &str, eos: Option<&str>, contract: Option<&str>| {
        let c = map
            .components
            .iter_mut()
            .find(|c| c.name == name)
            .expect(name);
        c.end_of_support = eos.map(|d| d.parse().unwrap());
        c.contract_end = contract.map(|d| d.parse().unwrap());
    };
    set("Electronic patient record (EPR)", Some("2026-03-31"), None);
    set("Order comms", None, Some("2027-05-31"));
    set("PACS imaging", Some("2029-12-31"), Some("2030-01-31"));
    set("HSCN network", None, None);
    map
}

#[test]
fn dates_overlay_colours_boxes_by_date_in_the_png() {
    use estate_map::analysis::DateCategory;
    let map = dated_fixture();
    let mut options = pixels(2400, 1700);
    options.scene.colour_by = scene::ColourBy::Dates;
    options.scene.today = Some("2026-11-22".parse().unwrap());
    let scene = scene::build(&map, &options.scene);
    let page = Page::new(&scene, Format::Png, &options).unwrap();
    let pixmap = decode(&export(&map, Format::Png, &options).unwrap());
    let samples = [
        ("Electronic patient record (EPR)", DateCategory::Expired),
        ("Order comms", DateCategory::Within12Months),
        ("PACS imaging", DateCategory::Later),
        ("HSCN network", DateCategory::NoDate),
    ];
    for (name, category) in samples {
        let rect = box_of(&scene, &map, name);
        let p = Point::new(rect.min.x + 6.5, rect.center().y);
        let got = colour_at(&pixmap, &page, p);
        let want = scene::date_fill(category, scene::Theme::Light);
        assert!(close(got, want, 6), "{name}: {got:?} is not {want:?}");
    }
}

// ---- command line ----

fn cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_estate-map"))
        .arg("export")
        .args(args)
        .output()
        .expect("binary runs")
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn cli_writes_each_format() {
    let dir = tempfile::tempdir().unwrap();
    let map = fixture_path();
    for (name, magic) in [
        ("out.png", &b"\x89PNG"[..]),
        ("out.svg", b"<svg"),
        ("out.pdf", b"%PDF"),
    ] {
        let out = dir.path().join(name);
        let o = cli(&[path_str(&map), "-o", path_str(&out), "--width", "900"]);
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(std::fs::read(&out).unwrap().starts_with(magic), "{name}");
    }
    let png = decode(&std::fs::read(dir.path().join("out.png")).unwrap());
    assert_eq!(png.width(), 900);
}

#[test]
fn cli_options_reach_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("board.svg");
    let o = cli(&[
        path_str(&fixture_path()),
        "-o",
        path_str(&out),
        "--theme",
        "print",
        "--subtitle",
        "Draft, for discussion",
        "--footer",
        "Prepared by the digital team",
        "--summary",
        "--as-of",
        "2026-12-01",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = std::fs::read_to_string(&out).unwrap();
    for text in [
        "Draft, for discussion",
        "Prepared by the digital team",
        ">Total<",
        "As of 1 December 2026",
    ] {
        assert!(svg.contains(text), "{text}");
    }
    assert!(!svg.contains("#d55e00"), "print theme still has colour");
}

#[test]
fn cli_batch_writes_a_file_per_map_into_a_folder_with_progress() {
    let dir = tempfile::tempdir().unwrap();
    let second = dir.path().join("synthetic.json");
    estate_map::model::save_file(&generate(25, 4), &second).unwrap();
    let folder = dir.path().join("pack");
    let o = cli(&[
        path_str(&fixture_path()),
        path_str(&second),
        "-o",
        path_str(&folder),
        "--format",
        "pdf",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("[1/2]") && stdout.contains("[2/2]"),
        "{stdout}"
    );
    for name in ["stroke.pdf", "synthetic.pdf"] {
        assert!(
            std::fs::read(folder.join(name))
                .unwrap()
                .starts_with(b"%PDF")
        );
    }
}

#[test]
fn cli_single_map_into_an_existing_folder() {
    let dir = tempfile::tempdir().unwrap();
    let o = cli(&[
        path_str(&fixture_path()),
        "-o",
        path_str(dir.path()),
        "--format",
        "svg",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = std::fs::read_to_string(dir.path().join("stroke.svg")).unwrap();
    assert!(svg.contains("Hyper-acute stroke pathway"));
}

fn assert_fails(o: &std::process::Output, code: i32, message: &str) {
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "{stderr}");
    assert!(
        stderr.contains(message),
        "expected '{message}' in: {stderr}"
    );
}

#[test]
fn cli_reports_bad_maps_and_carries_on_with_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"format\": \"estate-map\", \"version\": 1, ").unwrap();
    let missing = dir.path().join("missing.json");
    let out = dir.path().join("out.png");
    assert_fails(
        &cli(&[path_str(&broken), "-o", path_str(&out)]),
        1,
        "broken.json",
    );
    assert_fails(
        &cli(&[path_str(&missing), "-o", path_str(&out)]),
        1,
        "missing.json",
    );
    assert!(!out.exists());

    let folder = dir.path().join("batch");
    let o = cli(&[
        path_str(&broken),
        path_str(&fixture_path()),
        "-o",
        path_str(&folder),
    ]);
    assert_fails(&o, 1, "line 1");
    assert!(folder.join("stroke.png").exists(), "good map not exported");
}

#[test]
fn cli_rejects_unknown_formats_and_bad_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let map = fixture_path();
    let map = path_str(&map);
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    assert_fails(
        &cli(&[map, "-o", &out("map.jpg")]),
        2,
        "unknown export format",
    );
    assert_fails(&cli(&[map, "-o", &out("map")]), 2, "unknown export format");
    assert_fails(
        &cli(&[map, map, "-o", &out("two.png")]),
        2,
        "must be a folder",
    );
    assert_fails(
        &cli(&[map, map, "-o", &out("dup")]),
        2,
        "would both be written",
    );
    assert_fails(
        &cli(&[map, "-o", &out("a.png"), "--format", "svg"]),
        2,
        "does not match",
    );
    assert_fails(
        &cli(&[map, "-o", &out("a.png"), "--scale", "0"]),
        2,
        "--scale",
    );
    assert_fails(
        &cli(&[map, "-o", &out("a.png"), "--width", "90000"]),
        2,
        "out of range",
    );
    assert_fails(
        &cli(&[map, "-o", &out("a.png"), "--view", "1,2,3"]),
        2,
        "X,Y,WIDTH,HEIGHT",
    );
    assert_fails(
        &cli(&[map, "-o", &out("a.png"), "--as-of", "31/12/2026"]),
        2,
        "--as-of",
    );
    assert_fails(
        &cli(&[map, "-o", &out("a.png"), "--paper", "a4", "--width", "10"]),
        2,
        "cannot be used with",
    );
    assert!(
        std::fs::read_dir(dir.path()).unwrap().next().is_none(),
        "nothing written"
    );
}

#[test]
fn cli_reports_unwritable_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-folder");
    std::fs::write(&file, "x").unwrap();
    let out = file.join("map.png");
    let o = cli(&[path_str(&fixture_path()), "-o", path_str(&out)]);
    assert_fails(&o, 3, "not-a-folder");
}

#[test]
fn unusual_maps_export_without_clipping() {
    use estate_map::model::{Component, ComponentId, Kind};
    let mut empty = Map::new("Empty map");
    empty.organisation = None;
    let mut odd = Map::new(
        "A very long map title that goes on and on about the integrated care system's \
         shared care record and every one of its many feeds",
    );
    let names = [
        "R&D <trial> \"database\"",
        "Supercalifragilisticexpialidocious-laboratory-information-management-system",
        "A",
        "Same spot one",
        "Same spot two",
        "Same spot three",
    ];
    for (i, name) in names.iter().enumerate() {
        let (vis, evo) = match i {
            0 => (0.0, 0.0),
            1 => (1.0, 1.0),
            2 => (1.0, 0.0),
            _ => (0.5, 0.5),
        };
        let id = ComponentId::new(format!("c{i}"));
        odd.components
            .push(Component::new(id, *name, vis, evo).with_kind(Kind::Activity));
    }
    for map in [empty, odd] {
        let options = ExportOptions::board_pack();
        let svg = to_svg(&map, &options).unwrap();
        usvg::Tree::from_str(&svg, &usvg::Options::default()).expect("valid SVG");
        let scene = scene::build(&map, &options.scene);
        let page = Page::new(&scene, Format::Png, &options).unwrap();
        for shape in &scene.shapes {
            assert!(
                page.viewbox.contains_rect(&shape.bounds()),
                "clipped: {shape:?}"
            );
        }
        let pixmap = decode(&export(&map, Format::Png, &options).unwrap());
        assert_eq!((pixmap.width(), pixmap.height()), (3508, 2480));
        let pdf = export(&map, Format::Pdf, &options).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}

#[test]
fn cli_colours_by_dates_or_risk_with_a_matching_legend() {
    let dir = tempfile::tempdir().unwrap();
    let map_path = dir.path().join("dated.json");
    estate_map::model::save_file(&dated_fixture(), &map_path).unwrap();
    let out = dir.path().join("dates.svg");
    let o = cli(&[
        path_str(&map_path),
        "-o",
        path_str(&out),
        "--colour-by",
        "dates",
        "--as-of",
        "2026-11-22",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = std::fs::read_to_string(&out).unwrap();
    for text in [
        "Support or contract end, 22 Nov 2026:",
        ">Expired<",
        ">Ends within 12 months<",
        "Status (outline):",
    ] {
        assert!(svg.contains(text), "{text}");
    }
    assert!(svg.contains("#e8603c"), "expired is red-orange");

    let out = dir.path().join("risk.svg");
    let o = cli(&[
        path_str(&map_path),
        "-o",
        path_str(&out),
        "--colour-by",
        "risk",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains(">Very high<") && svg.contains("Risk score vs highest on map"));

    let o = cli(&[
        path_str(&map_path),
        "-o",
        path_str(&out),
        "--colour-by",
        "heat",
    ]);
    assert_fails(&o, 2, "invalid value 'heat' for '--colour-by");
}

/// Centre of an SVG `<rect>` in user units.
fn rect_centre(node: usvg::roxmltree::Node) -> (f32, f32) {
    let attr = |name: &str| -> f32 { node.attribute(name).expect(name).parse().expect(name) };
    (
        attr("x") + attr("width") / 2.0,
        attr("y") + attr("height") / 2.0,
    )
}

#[test]
fn svg_groups_each_component_with_its_marker_centred_on_its_position() {
    let sizes = [
        Size::Pixels {
            width: Some(800),
            height: None,
        },
        Size::Pixels {
            width: Some(3000),
            height: Some(2000),
        },
        Size::Paper(Paper::A3),
    ];
    for map in [fixture(), generate(120, 5)] {
        for (size, presenter) in sizes.iter().zip([false, true, true]) {
            let mut options = ExportOptions {
                size: *size,
                ..ExportOptions::board_pack()
            };
            options.scene.presenter = presenter;
            let svg = to_svg(&map, &options).unwrap();
            let doc = usvg::roxmltree::Document::parse(&svg).unwrap();
            let groups: Vec<_> = doc
                .descendants()
                .filter(|n| n.has_tag_name("g") && n.attribute("class") == Some("component"))
                .collect();
            assert_eq!(groups.len(), map.components.len());
            for group in groups {
                let id = group.attribute("data-id").expect("data-id");
                let c = map.components.iter().find(|c| c.id.as_str() == id).unwrap();
                let first = group.children().find(|n| n.is_element()).unwrap();
                assert!(first.has_tag_name("rect"), "{id} starts with {first:?}");
                // Evolution 0..1 across 0..1600, visibility 1..0 down 0..1000.
                let want = (
                    c.evolution as f32 * 1600.0,
                    (1.0 - c.visibility as f32) * 1000.0,
                );
                let (x, y) = rect_centre(first);
                assert!(
                    (x - want.0).abs() <= 0.5 && (y - want.1).abs() <= 0.5,
                    "{} at {:?}, not {want:?}",
                    c.name,
                    (x, y)
                );
            }
        }
    }
}

/// A big map on a small page is an overview (dots, few labels); on a page big enough
/// for it, every component is its box again (see `scene::Detail`).
#[test]
fn a_big_map_on_a_small_page_is_an_overview() {
    let map = generate(2_000, 1);
    let count = |svg: &str, what: &str| svg.matches(what).count();
    // One pixel per map unit: 1.6 million pixels for 2,000 components.
    let small = to_svg(&map, &ExportOptions::default()).expect("svg");
    assert!(count(&small, "<circle") > 1_500, "drawn as dots");
    assert!(count(&small, "<text") < 800, "few labels");
    let big = to_svg(&map, &pixels(8_000, 5_000)).expect("svg");
    assert!(count(&big, "<rect") > 2_000, "every component is its box");
    assert!(count(&big, "<circle") < count(&small, "<circle") / 2);
}

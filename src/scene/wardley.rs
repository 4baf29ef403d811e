//! Wardley elements beyond boxes and links, drawn as OnlineWardleyMaps draws them:
//! pipelines (a band along the variants), attitude areas, numbered annotations with
//! their list, build/buy/outsource and market/ecosystem marks, submap and URL marks,
//! accelerators, and custom evolution stage names on the axis.

use super::decor::STAGES;
use super::geometry::{Point, Rect};
use super::shape::{Align, Shape, Stroke, StrokeStyle, Text, arrowhead};
use super::style::{Palette, Sizes};
use super::{Item, ItemId, MAP_AREA, font, to_scene};
use crate::model::{Attitude, Component, ComponentId, Map, Market, Sourcing, pipeline_variants};
use std::collections::HashMap;

/// OWM draws component names at 14 px and measures label offsets (`label [x, y]`) in
/// those pixels from the marker's centre to the start of the name's baseline. One OWM
/// pixel is therefore a fourteenth of our name text size, so an offset keeps its
/// proportion to the name (in presenter mode too).
pub const OWM_TEXT_PX: f32 = 14.0;
/// Room either side of a label's text on its background patch.
pub const LABEL_PAD: f32 = 3.0;

/// Map units per OWM pixel of a label offset.
pub fn label_scale(sizes: &Sizes) -> f32 {
    sizes.label / OWM_TEXT_PX
}

/// Where a label at `offset` (OWM pixels) from a marker centred on `centre` starts:
/// the left end of its first line's baseline.
pub fn label_anchor(centre: Point, [x, y]: [f64; 2], sizes: &Sizes) -> Point {
    let s = label_scale(sizes);
    Point::new(centre.x + x as f32 * s, centre.y + y as f32 * s)
}

/// The offset (whole OWM pixels) that puts a label's start at `anchor`.
pub fn label_offset_at(centre: Point, anchor: Point, sizes: &Sizes) -> [f64; 2] {
    let s = label_scale(sizes);
    // `+ 0.0` turns a rounded -0 into 0, so the file says `0`.
    let px = |d: f32| f64::from(d / s).round() + 0.0;
    [px(anchor.x - centre.x), px(anchor.y - centre.y)]
}

/// The patch a `w` x `h` label at `offset` fills, kept on the map.
pub fn label_rect(centre: Point, offset: [f64; 2], (w, h): (f32, f32), sizes: &Sizes) -> Rect {
    let a = label_anchor(centre, offset, sizes);
    Rect::from_min_size(Point::new(a.x - LABEL_PAD, a.y - sizes.label), w, h)
        .clamped_into(&MAP_AREA)
}

/// Where the label drawn in `rect` starts (`label_rect`'s inverse on the map).
pub fn label_anchor_of(rect: &Rect, sizes: &Sizes) -> Point {
    Point::new(rect.min.x + LABEL_PAD, rect.min.y + sizes.label)
}

/// Custom stage names (map setting) in place of the four defaults on the axis.
pub fn relabel_stages(shapes: &mut [Shape], map: &Map) {
    if map.stage_labels.is_empty() {
        return;
    }
    for shape in shapes {
        if let Shape::Text(t) = shape
            && let Some(i) = STAGES.iter().position(|s| *s == t.text)
            && let Some(label) = map.stage_labels.get(i)
        {
            t.text = label.replace('\n', " ");
        }
    }
}

/// Drawn behind the components: attitude areas and pipeline bands.
pub fn behind(map: &Map, palette: &Palette, sizes: &Sizes) -> Vec<Shape> {
    let mut shapes = Vec::new();
    for area in &map.attitudes {
        let a = to_scene(area.from[1], area.from[0]);
        let b = to_scene(area.to[1], area.to[0]);
        let rect = Rect::spanning(a, b);
        let (fill, dash) = match area.attitude {
            Attitude::Pioneers => (palette.evolve.with_alpha(24), StrokeStyle::Dashed),
            Attitude::Settlers => (palette.link.with_alpha(24), StrokeStyle::Dashed),
            Attitude::Townplanners => (palette.outline.with_alpha(24), StrokeStyle::Dashed),
        };
        shapes.push(Shape::Rect {
            rect,
            corner_radius: 12.0,
            fill: Some(fill),
            stroke: Some(Stroke {
                width: sizes.outline,
                color: palette.muted_text,
                style: dash,
            }),
        });
        shapes.push(Shape::Text(Text::line(
            attitude_label(area.attitude),
            rect.center().x,
            rect.min.y + 4.0,
            sizes.small,
            palette.muted_text,
            Align::Center,
            true,
        )));
    }
    for parent in map
        .components
        .iter()
        .filter(|c| c.pipeline.is_some() && c.pipeline_of.is_none())
    {
        let pipe = parent.pipeline.as_ref().expect("filtered");
        let variants = pipeline_variants(&map.components, &parent.id).map(|v| v.evolution);
        let Some([from, to]) = pipe.drawn_span(variants) else {
            continue;
        };
        let y = to_scene(0.0, parent.visibility).y;
        let (left, right) = (to_scene(from, 0.0).x, to_scene(to, 0.0).x);
        let half = sizes.label * 1.6;
        shapes.push(Shape::Rect {
            rect: Rect::from_min_max(
                Point::new(left - half, y - half),
                Point::new(right + half, y + half),
            ),
            corner_radius: 4.0,
            fill: Some(palette.background),
            stroke: Some(Stroke::solid(sizes.outline * 1.5, palette.outline)),
        });
    }
    shapes
}

fn attitude_label(a: Attitude) -> &'static str {
    match a {
        Attitude::Pioneers => "Pioneers",
        Attitude::Settlers => "Settlers",
        Attitude::Townplanners => "Town planners",
    }
}

/// Drawn over the components: their marks, annotations and accelerators. Adds the
/// marks to the components' accessible names too.
pub fn on_top(
    map: &Map,
    items: &mut [Item],
    markers: &HashMap<&ComponentId, Rect>,
    palette: &Palette,
    sizes: &Sizes,
) -> Vec<Shape> {
    let mut shapes = Vec::new();
    let by_id: HashMap<&str, &Component> =
        map.components.iter().map(|c| (c.id.as_str(), c)).collect();
    for item in items.iter_mut() {
        let ItemId::Component(id) = &item.id else {
            continue;
        };
        let Some(c) = by_id.get(id.as_str()) else {
            continue;
        };
        let marker = markers.get(id).unwrap_or(&item.hit);
        let words = marks(c, marker, palette, sizes, &mut shapes);
        for w in words {
            item.name.push_str(", ");
            item.name.push_str(&w);
        }
    }
    for a in &map.accelerators {
        let p = to_scene(a.evolution, a.visibility);
        let (dx, colour) = if a.deaccelerator {
            (-60.0, palette.evolve)
        } else {
            (60.0, palette.link)
        };
        let tip = Point::new(p.x + dx, p.y);
        shapes.push(Shape::Polyline {
            points: vec![p, tip],
            stroke: Stroke::solid(sizes.link * 4.0, colour.with_alpha(160)),
            arrowhead: arrowhead(p, tip, sizes.arrow * 2.0),
        });
        shapes.push(Shape::Text(Text::line(
            a.name.replace('\n', " "),
            p.x + dx / 2.0,
            p.y + sizes.link * 4.0 + 4.0,
            sizes.small,
            palette.text,
            Align::Center,
            false,
        )));
    }
    annotations(map, palette, sizes, &mut shapes);
    shapes
}

/// OWM's build / buy / outsource mark: a circle, empty for build, grey for buy, dark for
/// outsource (fill lightness, so greyscale print keeps it). The legend draws it too.
pub fn sourcing_mark(s: Sourcing, center: Point, palette: &Palette, sizes: &Sizes) -> Shape {
    let fill = match s {
        Sourcing::Build => palette.background,
        Sourcing::Buy => palette.divider,
        Sourcing::Outsource => palette.outline,
    };
    Shape::Circle {
        center,
        radius: sizes.badge_radius * 0.8,
        fill: Some(fill),
        stroke: Some(Stroke::solid(sizes.outline * 1.5, palette.outline)),
    }
}

/// A market's mark (three dots in a circle, as OWM draws it) or an ecosystem's (rings
/// round a dot), centred on `center`; the legend draws the same.
pub fn market_mark(m: Market, center: Point, palette: &Palette, sizes: &Sizes) -> Vec<Shape> {
    let r = sizes.badge_radius;
    let stroke = Some(Stroke::solid(sizes.outline, palette.outline));
    let mut shapes = vec![Shape::Circle {
        center,
        radius: r,
        fill: Some(palette.background),
        stroke,
    }];
    match m {
        Market::Market => {
            for k in 0..3 {
                let angle = std::f32::consts::TAU * k as f32 / 3.0 - std::f32::consts::FRAC_PI_2;
                let p = Point::new(
                    center.x + r * 0.5 * angle.cos(),
                    center.y + r * 0.5 * angle.sin(),
                );
                shapes.push(Shape::Circle {
                    center: p,
                    radius: r * 0.28,
                    fill: Some(palette.outline),
                    stroke: None,
                });
            }
        }
        Market::Ecosystem => {
            shapes.push(Shape::Circle {
                center,
                radius: r * 0.6,
                fill: None,
                stroke,
            });
            shapes.push(Shape::Circle {
                center,
                radius: r * 0.25,
                fill: Some(palette.outline),
                stroke: None,
            });
        }
    }
    shapes
}

/// A component's sourcing, market and link marks; returns their words.
fn marks(
    c: &Component,
    hit: &Rect,
    palette: &Palette,
    sizes: &Sizes,
    shapes: &mut Vec<Shape>,
) -> Vec<String> {
    let mut words = Vec::new();
    let r = sizes.badge_radius;
    if let Some(s) = c.sourcing {
        // OWM's marks: a circle on the box's lower left corner, empty for build, grey
        // for buy, dark for outsource (fill lightness, so greyscale print keeps it).
        shapes.push(sourcing_mark(
            s,
            Point::new(hit.min.x, hit.max.y),
            palette,
            sizes,
        ));
        words.push(s.label().to_lowercase());
    }
    if let Some(m) = c.market {
        let center = Point::new(hit.min.x - r - 3.0, hit.center().y);
        shapes.extend(market_mark(m, center, palette, sizes));
        words.push(m.label().to_lowercase());
    }
    if let Some(url) = &c.url {
        // A small arrow out of the top left corner: this leads elsewhere.
        let from = Point::new(hit.min.x + r * 0.2, hit.min.y - r * 0.2);
        let tip = Point::new(from.x - r * 1.2, from.y - r * 1.2);
        shapes.push(Shape::Polyline {
            points: vec![from, tip],
            stroke: Stroke::solid(sizes.outline * 1.5, palette.heading),
            arrowhead: arrowhead(from, tip, r * 0.8),
        });
        let what = if c.submap { "submap" } else { "links to" };
        words.push(format!("{what} {url}"));
    }
    if c.pipeline.is_some() {
        words.push("pipeline".into());
    }
    words
}

/// Radius of an annotation's numbered circle.
pub fn annotation_radius(sizes: &Sizes) -> f32 {
    sizes.label * 0.75
}

/// The annotations list's lines, sorted by number.
fn annotation_lines(map: &Map) -> Vec<String> {
    let mut sorted: Vec<_> = map.annotations.iter().collect();
    sorted.sort_by_key(|a| a.number);
    sorted
        .iter()
        .map(|a| format!("{}. {}", a.number, a.text.replace('\n', " ")))
        .collect()
}

/// Where the annotations list is drawn (None without annotations): at the map's
/// `annotations_box` corner, else OWM's default, the top left; kept on the map.
pub fn annotations_box_rect(map: &Map, sizes: &Sizes) -> Option<Rect> {
    if map.annotations.is_empty() {
        return None;
    }
    let lines = annotation_lines(map);
    let corner = map.annotations_box.map_or(
        Point::new(MAP_AREA.min.x + 20.0, MAP_AREA.min.y + 20.0),
        |[v, m]| to_scene(m, v),
    );
    let line_height = sizes.small * font::LINE_HEIGHT;
    let width = lines
        .iter()
        .map(|l| font::text_width(l, sizes.small, false))
        .fold(font::text_width("Annotations", sizes.small, true), f32::max)
        + 16.0;
    let height = line_height * (lines.len() + 1) as f32 + 12.0;
    Some(Rect::from_min_size(corner, width, height).clamped_into(&MAP_AREA))
}

fn annotations(map: &Map, palette: &Palette, sizes: &Sizes, shapes: &mut Vec<Shape>) {
    let Some(rect) = annotations_box_rect(map, sizes) else {
        return;
    };
    let r = annotation_radius(sizes);
    for a in &map.annotations {
        for p in &a.points {
            let center = to_scene(p[1], p[0]);
            shapes.push(Shape::Circle {
                center,
                radius: r,
                fill: Some(palette.background),
                stroke: Some(Stroke::solid(sizes.outline * 1.5, palette.heading)),
            });
            let number = a.number.to_string();
            let lines = [number];
            shapes.extend(Text::centred_lines(
                &lines,
                &Rect::from_center_size(center, 2.0 * r, 2.0 * r),
                sizes.small,
                palette.heading,
                true,
            ));
        }
    }
    // The list, where the map puts it (OWM's default: top left).
    let line_height = sizes.small * font::LINE_HEIGHT;
    shapes.push(Shape::Rect {
        rect,
        corner_radius: 4.0,
        fill: Some(palette.note_fill),
        stroke: Some(Stroke::solid(sizes.outline, palette.note_outline)),
    });
    let x = rect.min.x + 8.0;
    shapes.push(Shape::Text(Text::line(
        "Annotations",
        x,
        rect.min.y + 6.0,
        sizes.small,
        palette.heading,
        Align::Left,
        true,
    )));
    for (i, line) in annotation_lines(map).into_iter().enumerate() {
        let top = rect.min.y + 6.0 + line_height * (i + 1) as f32;
        shapes.push(Shape::Text(Text::line(
            line,
            x,
            top,
            sizes.small,
            palette.text,
            Align::Left,
            false,
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::owm;
    use crate::scene::{SceneOptions, build};

    fn scene_of(text: &str) -> (Map, crate::scene::Scene) {
        let map = owm::import(text).map;
        let scene = build(&map, &SceneOptions::default());
        (map, scene)
    }

    fn item<'a>(scene: &'a crate::scene::Scene, map: &Map, name: &str) -> &'a Item {
        let id = &map.find_by_name(name).unwrap().id;
        scene
            .items
            .iter()
            .find(|i| i.id == ItemId::Component(id.clone()))
            .unwrap()
    }

    #[test]
    fn a_pipeline_band_spans_its_variants_at_the_parents_visibility() {
        let (_, scene) = scene_of(
            "component Kettle [0.45, 0.57]\npipeline Kettle\n{\ncomponent Campfire [0.35]\ncomponent Electric [0.73]\n}\n",
        );
        let sizes = Sizes::new(false);
        let half = sizes.label * 1.6;
        let (left, right) = (to_scene(0.35, 0.0).x - half, to_scene(0.73, 0.0).x + half);
        let y = to_scene(0.0, 0.45).y;
        let band = scene.shapes.iter().find_map(|s| match s {
            Shape::Rect { rect, .. } if (rect.min.x - left).abs() < 0.01 => Some(*rect),
            _ => None,
        });
        let band = band.expect("a band from the leftmost variant");
        assert!((band.max.x - right).abs() < 0.01);
        assert!((band.center().y - y).abs() < 0.01);
    }

    #[test]
    fn custom_stage_names_replace_the_axis_labels() {
        let (_, scene) =
            scene_of("evolution Uncharted->Emerging->Good->Best\ncomponent A [0.5, 0.5]\n");
        let texts: Vec<&str> = scene
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Text(t) => Some(t.text.as_str()),
                _ => None,
            })
            .collect();
        for label in ["Uncharted", "Emerging", "Good", "Best"] {
            assert!(texts.contains(&label), "{label} missing");
        }
        assert!(!texts.contains(&"Genesis"));
    }

    #[test]
    fn marks_are_drawn_and_named_for_screen_readers() {
        let (map, scene) = scene_of(
            "component EPR [0.5, 0.5] (market, buy)\ncomponent Hub [0.4, 0.7] (ecosystem) url(x)\nurl x [stroke.json]\n",
        );
        let epr = item(&scene, &map, "EPR");
        assert!(
            epr.name.contains("buy") && epr.name.contains("market"),
            "{}",
            epr.name
        );
        let hub = item(&scene, &map, "Hub");
        assert!(hub.name.contains("ecosystem") && hub.name.contains("links to stroke.json"));
        // The buy circle sits on EPR's lower left corner.
        let corner = Point::new(epr.hit.min.x, epr.hit.max.y);
        assert!(
            scene.shapes.iter().any(
                |s| matches!(s, Shape::Circle { center, .. } if center.distance(corner) < 0.01)
            )
        );
    }

    #[test]
    fn annotations_draw_a_numbered_circle_per_point_and_the_list() {
        let (_, scene) = scene_of(
            "annotation 1 [[0.4, 0.2],[0.6, 0.8]] First\nannotation 2 [0.3, 0.3] Second\nannotations [0.2, 0.05]\n",
        );
        let circles = scene
            .shapes
            .iter()
            .filter(|s| matches!(s, Shape::Circle { .. }))
            .count();
        assert_eq!(circles, 3);
        let has = |t: &str| {
            scene
                .shapes
                .iter()
                .any(|s| matches!(s, Shape::Text(x) if x.text == t))
        };
        assert!(has("1. First") && has("2. Second") && has("Annotations"));
    }

    #[test]
    fn label_offsets_are_owm_pixels_scaled_to_the_name_text() {
        // Our names are 18 units high where OWM's are 14 px: 1 px is 18/14 units.
        let sizes = Sizes::new(false);
        let centre = Point::new(100.0, 200.0);
        let anchor = label_anchor(centre, [14.0, -7.0], &sizes);
        assert!((anchor.x - 118.0).abs() < 1e-4 && (anchor.y - 191.0).abs() < 1e-4);
        assert_eq!(label_offset_at(centre, anchor, &sizes), [14.0, -7.0]);
        // The patch starts a pad left of the text and a text height above its baseline.
        let rect = label_rect(centre, [14.0, -7.0], (40.0, 20.0), &sizes);
        assert!((rect.min.x - 115.0).abs() < 1e-4 && (rect.min.y - 173.0).abs() < 1e-4);
        assert_eq!(
            label_offset_at(centre, label_anchor_of(&rect, &sizes), &sizes),
            [14.0, -7.0]
        );
        // Dragged to a point between pixels: whole pixels, and never "-0".
        let near = Point::new(100.3, 199.8);
        let offset = label_offset_at(centre, near, &sizes);
        assert_eq!(offset, [0.0, 0.0]);
        assert!(offset[1].is_sign_positive());
        // Presenter text is larger: the same offset reaches further.
        let big = Sizes::new(true);
        let far = label_anchor(centre, [14.0, 0.0], &big);
        assert!((far.x - (100.0 + big.label)).abs() < 1e-4);
    }

    #[test]
    fn a_label_offset_puts_the_name_there_and_other_labels_keep_off_it() {
        let (map, scene) = scene_of(
            "component Cup of Tea [0.79, 0.61] label [19, -4]\ncomponent Water [0.78, 0.64]\n",
        );
        let sizes = Sizes::new(false);
        let drawn = |name: &str| {
            let id = &map.find_by_name(name).unwrap().id;
            scene.components.iter().find(|c| &c.id == id).unwrap()
        };
        let cup = drawn("Cup of Tea");
        let label = cup.label.expect("drawn off the marker");
        let centre = to_scene(0.61, 0.79);
        let s = 18.0 / 14.0;
        assert!((label.min.x - (centre.x + 19.0 * s - LABEL_PAD)).abs() < 1e-3);
        assert!((label.min.y - (centre.y - 4.0 * s - sizes.label)).abs() < 1e-3);
        // Its marker is the small one, centred on the position, not a named box.
        let marker = scene.shapes[cup.shapes.start].bounds();
        assert!(marker.center().distance(centre) < 1e-3);
        assert!(marker.width() < 30.0, "{marker:?}");
        assert!(scene.shapes[cup.shapes.clone()].iter().any(
            |s| matches!(s, Shape::Text(t) if t.text == "Cup of Tea" && label.contains(t.anchor))
        ));
        // Water's name would have sat there (in a box on its marker); the fixed label
        // kept it off. Its marker and badge were there first, so they may touch it.
        let water = drawn("Water");
        let name = scene.shapes[water.shapes.clone()]
            .iter()
            .find(|s| matches!(s, Shape::Text(t) if t.text == "Water"))
            .expect("Water is named");
        assert!(
            !name.bounds().intersects(&label),
            "{name:?} covers {label:?}"
        );
        let without = scene_of("component Water [0.78, 0.64]\n").1;
        let marker = &without.shapes[without.components[0].shapes.start];
        assert!(
            marker.bounds().expand(4.0).intersects(&label),
            "alone, Water's box would have covered the label"
        );
    }

    #[test]
    fn a_pipeline_span_set_wins_over_its_variants() {
        let (_, scene) = scene_of(
            "component Kettle [0.45, 0.57]\npipeline Kettle [0.2, 0.9]\n{\ncomponent Campfire [0.35]\n}\n",
        );
        let half = Sizes::new(false).label * 1.6;
        let (left, right) = (to_scene(0.2, 0.0).x - half, to_scene(0.9, 0.0).x + half);
        assert!(scene.shapes.iter().any(|s| matches!(s,
            Shape::Rect { rect, .. } if (rect.min.x - left).abs() < 0.01 && (rect.max.x - right).abs() < 0.01)));
    }
}

//! Scene -> SVG text. Text stays text (DejaVu Sans), so the SVG is searchable and
//! editable; PNG and PDF are rendered from this same SVG.

use super::Page;
use crate::scene::{Align, Color, ComponentShapes, Point, Rect, Scene, Shape, Stroke, Text, font};
use std::fmt::Write;
use std::ops::Range;

pub fn write(scene: &Scene, page: &Page) -> String {
    write_part(scene, page, None)
}

/// The SVG with only the shapes that reach into `part` (map units), if given: a
/// renderer that draws one band of the page needs no more.
pub fn write_part(scene: &Scene, page: &Page, part: Option<Rect>) -> String {
    let mut out = String::with_capacity(256 + scene.shapes.len() * 160);
    let v = page.viewbox;
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="{} {} {} {}" font-family="{}">"#,
        page.width,
        page.height,
        num(v.min.x),
        num(v.min.y),
        num(v.width()),
        num(v.height()),
        font::FAMILY,
    );
    out.push('\n');
    if let Some(background) = page.background {
        rect(&mut out, &v, 0.0, Some(background), None);
    }
    let clipped = scene.clip.map_or(0, |c| c.count.min(scene.shapes.len()));
    let mut groups: Vec<&ComponentShapes> = scene.components.iter().collect();
    groups.sort_by_key(|g| g.shapes.start);
    let shapes = Shapes {
        all: &scene.shapes,
        groups: &groups,
        part,
    };
    if let Some(clip) = scene.clip {
        out.push_str(r#"<clipPath id="view">"#);
        rect(&mut out, &clip.rect, 0.0, None, None);
        out.push_str("</clipPath>\n<g clip-path=\"url(#view)\">\n");
        shapes.range_svg(&mut out, 0..clipped);
        out.push_str("</g>\n");
    }
    shapes.range_svg(&mut out, clipped..scene.shapes.len());
    out.push_str("</svg>\n");
    out
}

/// A scene's shapes, with the runs that draw components and the part of the map
/// (if any) to write.
struct Shapes<'a> {
    all: &'a [Shape],
    /// By first shape.
    groups: &'a [&'a ComponentShapes],
    part: Option<Rect>,
}

impl Shapes<'_> {
    fn in_part(&self, range: Range<usize>) -> Vec<&Shape> {
        let part = self.part;
        self.all[range]
            .iter()
            .filter(|s| part.is_none_or(|p| s.bounds().expand(2.0).intersects(&p)))
            .collect()
    }

    /// The shapes of `range`, each component's run as a
    /// `<g class="component" data-id="ID">`, so tools can find it by its id.
    fn range_svg(&self, out: &mut String, range: Range<usize>) {
        let mut at = range.start;
        let inside = self
            .groups
            .iter()
            .filter(|g| g.shapes.start >= range.start && g.shapes.end <= range.end);
        for group in inside {
            shapes_svg(out, &self.in_part(at..group.shapes.start.max(at)));
            let shapes = self.in_part(group.shapes.clone());
            if !shapes.is_empty() {
                out.push_str(r#"<g class="component" data-id=""#);
                escape_into(out, group.id.as_str());
                out.push_str("\">\n");
                shapes_svg(out, &shapes);
                out.push_str("</g>\n");
            }
            at = group.shapes.end.max(at);
        }
        shapes_svg(out, &self.in_part(at..range.end.max(at)));
    }
}

/// The shapes in order, runs of same-style lines as one path.
fn shapes_svg(out: &mut String, shapes: &[&Shape]) {
    let mut rest = shapes;
    while let Some(first) = rest.first() {
        let run = same_style_lines(rest);
        if run > 1 {
            lines_svg(out, &rest[..run]);
        } else {
            shape_svg(out, first);
        }
        rest = &rest[run.max(1)..];
    }
}

/// How many shapes at the start of `shapes` are lines with the same stroke.
fn same_style_lines(shapes: &[&Shape]) -> usize {
    let Some(Shape::Polyline { stroke: first, .. }) = shapes.first() else {
        return 0;
    };
    shapes
        .iter()
        .take_while(|s| matches!(s, Shape::Polyline { stroke, .. } if stroke == first))
        .count()
}

/// A run of same-styled lines (e.g. every dependency link) as one path for the lines
/// and one for their arrowheads: it looks the same, and renders several times faster
/// than one element per line.
fn lines_svg(out: &mut String, lines: &[&Shape]) {
    let mut strokes = String::new();
    let mut heads = String::new();
    let mut style = None;
    for shape in lines {
        let Shape::Polyline {
            points,
            stroke,
            arrowhead,
        } = shape
        else {
            continue;
        };
        style = Some(*stroke);
        strokes.push_str(&path_data(points, false));
        if let Some(head) = arrowhead {
            heads.push_str(&path_data(head, true));
        }
    }
    let Some(stroke) = style else {
        return;
    };
    let _ = write!(out, r#"<path d="{}" fill="none""#, strokes.trim_end());
    stroke_attrs(out, Some((stroke, stroke.dash_pattern())));
    out.push_str("/>\n");
    if !heads.is_empty() {
        let _ = write!(out, r#"<path d="{}""#, heads.trim_end());
        fill_attrs(out, Some(stroke.color));
        out.push_str("/>\n");
    }
}

/// `M x,y L x,y ... [Z] ` for one subpath.
fn path_data(points: &[Point], closed: bool) -> String {
    let mut d = String::new();
    for (i, p) in points.iter().enumerate() {
        let _ = write!(
            d,
            "{}{},{} ",
            if i == 0 { 'M' } else { 'L' },
            num(p.x),
            num(p.y)
        );
    }
    if closed {
        d.push_str("Z ");
    }
    d
}

fn shape_svg(out: &mut String, shape: &Shape) {
    match shape {
        Shape::Rect {
            rect: r,
            corner_radius,
            fill,
            stroke,
        } => {
            rect(out, r, *corner_radius, *fill, None);
            for pass in stroke
                .iter()
                .flat_map(|s| s.passes().into_iter().map(move |p| (s, p)))
            {
                let (s, p) = pass;
                let inner = r.expand(-p.inset);
                let radius = (corner_radius - p.inset).max(0.0);
                let plain = Stroke::solid(p.width, s.color);
                rect(out, &inner, radius, None, Some((plain, p.dash)));
            }
        }
        Shape::Circle {
            center,
            radius,
            fill,
            stroke,
        } => {
            circle(out, *center, *radius, *fill, None);
            for (s, p) in stroke
                .iter()
                .flat_map(|s| s.passes().into_iter().map(move |p| (s, p)))
            {
                let plain = Stroke::solid(p.width, s.color);
                circle(out, *center, radius - p.inset, None, Some((plain, p.dash)));
            }
        }
        Shape::Polyline {
            points,
            stroke,
            arrowhead,
        } => {
            let _ = write!(
                out,
                r#"<polyline points="{}" fill="none""#,
                points_attr(points)
            );
            stroke_attrs(out, Some((*stroke, stroke.dash_pattern())));
            out.push_str("/>\n");
            if let Some(head) = arrowhead {
                polygon(out, head, Some(stroke.color), None);
            }
        }
        Shape::Polygon {
            points,
            fill,
            stroke,
        } => polygon(out, points, *fill, stroke.map(|s| (s, s.dash_pattern()))),
        Shape::Text(text) => text_svg(out, text),
    }
}

type StrokeAttr = Option<(Stroke, Option<[f32; 2]>)>;

fn rect(out: &mut String, r: &Rect, radius: f32, fill: Option<Color>, stroke: StrokeAttr) {
    let _ = write!(
        out,
        r#"<rect x="{}" y="{}" width="{}" height="{}""#,
        num(r.min.x),
        num(r.min.y),
        num(r.width().max(0.0)),
        num(r.height().max(0.0)),
    );
    if radius > 0.0 {
        let _ = write!(out, r#" rx="{}""#, num(radius));
    }
    fill_attrs(out, fill);
    stroke_attrs(out, stroke);
    out.push_str("/>\n");
}

fn circle(out: &mut String, c: Point, radius: f32, fill: Option<Color>, stroke: StrokeAttr) {
    let _ = write!(
        out,
        r#"<circle cx="{}" cy="{}" r="{}""#,
        num(c.x),
        num(c.y),
        num(radius.max(0.0))
    );
    fill_attrs(out, fill);
    stroke_attrs(out, stroke);
    out.push_str("/>\n");
}

fn polygon(out: &mut String, points: &[Point], fill: Option<Color>, stroke: StrokeAttr) {
    let _ = write!(out, r#"<polygon points="{}""#, points_attr(points));
    fill_attrs(out, fill);
    stroke_attrs(out, stroke);
    out.push_str("/>\n");
}

fn text_svg(out: &mut String, t: &Text) {
    let anchor = match t.align {
        Align::Left => "start",
        Align::Center => "middle",
        Align::Right => "end",
    };
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" font-size="{}" text-anchor="{anchor}""#,
        num(t.anchor.x),
        num(t.anchor.y),
        num(t.size)
    );
    if t.bold {
        out.push_str(r#" font-weight="bold""#);
    }
    if t.rotated {
        let _ = write!(
            out,
            r#" transform="rotate(-90 {} {})""#,
            num(t.anchor.x),
            num(t.anchor.y)
        );
    }
    fill_attrs(out, Some(t.color));
    out.push('>');
    escape_into(out, &t.text);
    out.push_str("</text>\n");
}

fn fill_attrs(out: &mut String, fill: Option<Color>) {
    match fill {
        None => out.push_str(r#" fill="none""#),
        Some(c) => {
            let _ = write!(out, r#" fill="{}""#, c.to_hex());
            if c.a < 255 {
                let _ = write!(out, r#" fill-opacity="{}""#, num(f32::from(c.a) / 255.0));
            }
        }
    }
}

fn stroke_attrs(out: &mut String, stroke: StrokeAttr) {
    let Some((s, dash)) = stroke else {
        return;
    };
    let _ = write!(
        out,
        r#" stroke="{}" stroke-width="{}" stroke-linejoin="round""#,
        s.color.to_hex(),
        num(s.width)
    );
    if s.color.a < 255 {
        let _ = write!(
            out,
            r#" stroke-opacity="{}""#,
            num(f32::from(s.color.a) / 255.0)
        );
    }
    if let Some([dash, gap]) = dash {
        let _ = write!(out, r#" stroke-dasharray="{} {}""#, num(dash), num(gap));
    }
}

fn points_attr(points: &[Point]) -> String {
    points
        .iter()
        .map(|p| format!("{},{}", num(p.x), num(p.y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Two decimals without trailing zeros: compact and exact enough at any export size.
fn num(v: f32) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

fn escape_into(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in XML; names should never hold them.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_compact() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(2.345_67), "2.35");
    }

    #[test]
    fn markup_in_names_is_escaped() {
        let mut out = String::new();
        escape_into(&mut out, "A & B <script>\"x\"\u{7}");
        assert_eq!(out, "A &amp; B &lt;script&gt;&quot;x&quot; ");
    }
}

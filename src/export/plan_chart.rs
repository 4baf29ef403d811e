//! The business case as an SVG chart for exports and board papers: per year, the cost
//! of doing nothing beside the cost of the plan (bars), and the cumulative discounted
//! saving (line), with payback marked. The app draws its own with egui_plot.

use crate::analysis::money::format_gbp_short;
use crate::analysis::plan::Appraisal;
use std::fmt::Write;

const WIDTH: f64 = 800.0;
const HEIGHT: f64 = 440.0;
const LEFT: f64 = 90.0;
const RIGHT: f64 = 30.0;
const TOP: f64 = 60.0;
const BOTTOM: f64 = 90.0;
/// Doing nothing: grey; the plan: blue; cumulative saving: dark green (colour-blind
/// safe pair, and the line is dashed, so greyscale prints still tell them apart).
const DO_NOTHING: &str = "#8c8c8c";
const PLAN: &str = "#1f5fa8";
const CUMULATIVE: &str = "#1b6e3a";

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Signed short pounds: "-£42k", "£1.1m".
fn short(amount: f64) -> String {
    if amount < 0.0 {
        format!("-{}", format_gbp_short(-amount))
    } else {
        format_gbp_short(amount)
    }
}

/// A standalone SVG document of `appraisal`, titled `title`.
pub fn appraisal_svg(appraisal: &Appraisal, title: &str) -> String {
    let years = &appraisal.years;
    let mut high: f64 = 0.0;
    let mut low: f64 = 0.0;
    for y in years {
        high = high
            .max(y.do_nothing_gbp)
            .max(y.plan_gbp)
            .max(y.cumulative_discounted_gbp);
        low = low.min(y.cumulative_discounted_gbp);
    }
    if high - low <= 0.0 {
        high = 1.0;
    }
    let plot_h = HEIGHT - TOP - BOTTOM;
    let plot_w = WIDTH - LEFT - RIGHT;
    let y_of = |v: f64| TOP + (high - v) / (high - low) * plot_h;
    let slot = plot_w / years.len().max(1) as f64;
    let bar = slot * 0.3;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="12">"#
    );
    let _ = write!(
        s,
        r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>"#
    );
    let _ = write!(
        s,
        r#"<text x="{LEFT}" y="24" font-size="16" font-weight="bold">{}</text>"#,
        escape(&format!("Business case: {title}"))
    );
    let payback = match appraisal.payback_year {
        Some(y) => format!("pays back in year {y}"),
        None => "does not pay back within the appraisal".to_string(),
    };
    let _ = write!(
        s,
        r#"<text x="{LEFT}" y="44">{}</text>"#,
        escape(&format!(
            "Net present value {} at {} % a year; {payback}",
            short(appraisal.npv_gbp),
            format!("{:.2}", appraisal.discount_rate * 100.0)
                .trim_end_matches('0')
                .trim_end_matches('.')
        ))
    );
    // Gridlines at five levels, and the zero line.
    for i in 0..=4 {
        let v = low + (high - low) * i as f64 / 4.0;
        let y = y_of(v);
        let _ = write!(
            s,
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#e0e0e0"/><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            escape(&short(v))
        );
    }
    let zero = y_of(0.0);
    let _ = write!(
        s,
        r##"<line x1="{LEFT}" y1="{zero:.1}" x2="{:.1}" y2="{zero:.1}" stroke="#404040"/>"##,
        WIDTH - RIGHT
    );
    let mut points = Vec::new();
    for (i, y) in years.iter().enumerate() {
        let x = LEFT + slot * i as f64 + slot * 0.5;
        for (value, colour, dx, what) in [
            (y.do_nothing_gbp, DO_NOTHING, -bar, "Do nothing"),
            (y.plan_gbp, PLAN, 0.0, "Plan"),
        ] {
            let top = y_of(value);
            let _ = write!(
                s,
                r#"<rect x="{:.1}" y="{top:.1}" width="{bar:.1}" height="{:.1}" fill="{colour}"><title>{}</title></rect>"#,
                x + dx,
                (zero - top).max(0.0),
                escape(&format!("{what}, year {}: {}", y.year, short(value)))
            );
        }
        let _ = write!(
            s,
            r##"<text x="{x:.1}" y="{:.1}" text-anchor="middle">Year {}</text><text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="#606060">{}</text>"##,
            HEIGHT - BOTTOM + 18.0,
            y.year,
            HEIGHT - BOTTOM + 32.0,
            y.start.format("%b %Y")
        );
        points.push((x, y_of(y.cumulative_discounted_gbp)));
    }
    let path: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect();
    let _ = write!(
        s,
        r#"<polyline points="{}" fill="none" stroke="{CUMULATIVE}" stroke-width="2.5" stroke-dasharray="6 3"/>"#,
        path.join(" ")
    );
    for (x, y) in &points {
        let _ = write!(
            s,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="3.5" fill="{CUMULATIVE}"/>"#
        );
    }
    // Entries wrap onto a second row rather than run off the chart's right edge.
    let mut legend_y = HEIGHT - 40.0;
    let mut x = LEFT;
    for (colour, label, line) in [
        (DO_NOTHING, "Do nothing (run costs + expected loss)", false),
        (PLAN, "Plan (run, one-off with optimism bias, loss)", false),
        (CUMULATIVE, "Cumulative discounted saving", true),
    ] {
        // Measured with the export font, with room to spare for a viewer's own sans-serif.
        let width = 20.0 + f64::from(crate::scene::font::text_width(label, 12.0, false)) * 1.15;
        if x > LEFT && x + width > WIDTH - RIGHT {
            x = LEFT;
            legend_y += 18.0;
        }
        if line {
            let _ = write!(
                s,
                r#"<line x1="{x:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="2.5" stroke-dasharray="6 3"/>"#,
                legend_y - 4.0,
                x + 14.0,
                legend_y - 4.0
            );
        } else {
            let _ = write!(
                s,
                r#"<rect x="{x:.1}" y="{:.1}" width="14" height="10" fill="{colour}"/>"#,
                legend_y - 9.0
            );
        }
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{legend_y:.1}">{}</text>"#,
            x + 20.0,
            escape(label)
        );
        x += width + 18.0;
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::plan::appraise;
    use crate::model::{AppraisalSettings, Map};

    #[test]
    fn the_chart_has_a_bar_pair_a_label_per_year_and_parses() {
        let map = Map::new("A & B");
        let settings = AppraisalSettings {
            start: Some("2027-01-01".parse().unwrap()),
            ..Default::default()
        };
        let a = appraise(&map, &settings, "2027-01-01".parse().unwrap());
        let svg = appraisal_svg(&a, &map.title);
        assert!(svg.contains("Business case: A &amp; B"));
        assert_eq!(svg.matches("<rect x=").count(), 5 * 2 + 2);
        for year in 0..5 {
            assert!(svg.contains(&format!(">Year {year}<")));
        }
        assert!(svg.contains("at 3.5 % a year; pays back in year 0"));
        usvg::Tree::from_str(&svg, &usvg::Options::default()).expect("valid SVG");
        // Every text ends inside the chart: the legend wraps rather than running off.
        let doc = roxmltree::Document::parse(&svg).unwrap();
        for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
            let x: f64 = t.attribute("x").unwrap().parse().unwrap();
            let text = t.text().unwrap_or("");
            let width = f64::from(crate::scene::font::text_width(text, 12.0, false));
            let anchored = t.attribute("text-anchor").unwrap_or("start");
            if anchored == "start" {
                assert!(x + width <= WIDTH, "{text:?} runs off at {}", x + width);
            }
        }
    }
}

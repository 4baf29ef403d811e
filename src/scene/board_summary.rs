//! The board summary: a panel to the right of the map with the estate's expected annual
//! loss (median and 90 % range), counts by status, the top 10 risks by expected loss with
//! their harm statements, and a small loss-exceedance curve. Plain scene primitives, so
//! every export format draws it. A PDF gets it as a second page instead ([`page`]),
//! laid out for the paper so its text prints at a readable size.

use super::geometry::{Point, Rect};
use super::shape::{Align, Shape, Stroke, Text};
use super::style::{Palette, Sizes};
use super::{MAP_AREA, Scene, SceneOptions, font};
use crate::analysis::money::format_gbp_short;
use crate::analysis::{Analysis, MoneyAnalysis};
use crate::model::Map;

/// Left edge of the panel: clear of the map and its axis arrow.
pub const PANEL_LEFT: f32 = MAP_AREA.max.x + 64.0;
/// Width of the panel's text.
pub const PANEL_WIDTH: f32 = 820.0;
/// Risks listed.
const TOP: usize = 10;
/// Lines a harm statement may take.
const STATEMENT_LINES: usize = 4;
/// Said instead of zeros when no user need records a service fact.
pub const NO_FACTS: &str = "No service facts: add patients a day and outage cost to user needs.";

/// The panel's shapes, laid out from the top of the map area down.
pub fn panel(map: &Map, options: &SceneOptions, palette: &Palette, sizes: &Sizes) -> Vec<Shape> {
    let analysis = Analysis::new(map, options.reference_date(map));
    let money = MoneyAnalysis::new(map, &analysis);
    let column = Column {
        left: PANEL_LEFT,
        width: PANEL_WIDTH,
        bottom: f32::INFINITY,
    };
    let mut p = Panel::new(palette, sizes, column, MAP_AREA.min.y);
    p.line("Board summary", sizes.title * 0.8, true, palette.heading);
    p.gap(0.5);
    if p.overview(map, &money) {
        let risks = top_risks(&money);
        p.risks(map, &money, &risks, None);
    }
    p.shapes
}

/// The board summary's own page (the PDF's second page): `PAGE` in size, the overview
/// (counts, estate loss, curve) in the left column and the top risks flowing on into
/// the right one, so that on A4 the text is printed at about 11 pt.
pub fn page(map: &Map, options: &SceneOptions) -> Scene {
    let sizes = Sizes::new(false);
    let palette = Palette::for_theme(options.theme);
    let analysis = Analysis::new(map, options.reference_date(map));
    let money = MoneyAnalysis::new(map, &analysis);
    let full = Column {
        left: PAGE_MARGIN,
        width: PAGE.width() - 2.0 * PAGE_MARGIN,
        bottom: PAGE.max.y - PAGE_MARGIN,
    };
    let mut p = Panel::new(&palette, &sizes, full, PAGE_MARGIN);
    p.line("Board summary", sizes.title * 0.8, true, palette.heading);
    let as_of = options
        .frame
        .as_of
        .unwrap_or_else(|| options.reference_date(map));
    let mut details = vec![map.title.clone()];
    details.extend(map.organisation.iter().cloned());
    details.push(format!("As of {}", as_of.format("%-d %B %Y")));
    p.line(
        &details.join(" · "),
        sizes.subtitle,
        false,
        palette.muted_text,
    );
    p.gap(1.0);
    let top = p.y;
    let width = (full.width - PAGE_GUTTER) / 2.0;
    p.column = Column { width, ..full };
    if p.overview(map, &money) {
        let risks = top_risks(&money);
        let right = Column {
            left: full.left + width + PAGE_GUTTER,
            ..p.column
        };
        p.risks(map, &money, &risks, Some((right, top)));
    }
    Scene {
        bounds: PAGE,
        shapes: p.shapes,
        items: Vec::new(),
        clip: None,
        components: Vec::new(),
        layout: None,
    }
}

/// The board summary page in map units: A4 landscape's proportions, narrow enough that
/// the 18-unit text prints at 297 mm / 1400 * 18 = 3.8 mm (10.8 pt) on A4.
pub const PAGE: Rect = Rect::from_min_max(Point::new(0.0, 0.0), Point::new(1400.0, 990.0));
const PAGE_MARGIN: f32 = 50.0;
const PAGE_GUTTER: f32 = 60.0;

/// Systems with a service loss, by expected loss, at most `TOP`.
fn top_risks(money: &MoneyAnalysis) -> Vec<usize> {
    money
        .ranking()
        .iter()
        .copied()
        .filter(|&i| money.system(i).is_some_and(|s| s.expected_loss.p95 > 0.0))
        .take(TOP)
        .collect()
}

/// Where text goes: a left edge, a width and the lowest a line may reach.
#[derive(Clone, Copy)]
struct Column {
    left: f32,
    width: f32,
    bottom: f32,
}

struct Panel<'a> {
    shapes: Vec<Shape>,
    /// Top of the next line.
    y: f32,
    column: Column,
    palette: &'a Palette,
    sizes: &'a Sizes,
}

impl<'a> Panel<'a> {
    fn new(palette: &'a Palette, sizes: &'a Sizes, column: Column, top: f32) -> Panel<'a> {
        Panel {
            shapes: Vec::new(),
            y: top,
            column,
            palette,
            sizes,
        }
    }

    /// Counts by status, the estate's loss and its curve; false (after saying so) when
    /// no user need records a service fact, so there are no risks to list.
    fn overview(&mut self, map: &Map, money: &MoneyAnalysis) -> bool {
        let (sizes, palette) = (self.sizes, self.palette);
        self.counts(map);
        self.gap(1.0);
        if !money.has_service_facts() {
            self.wrapped(NO_FACTS, sizes.subtitle, true, palette.text, 3);
            return false;
        }
        let estate = money.estate();
        self.wrapped(
            &format!(
                "Expected loss for the estate: {} a year",
                format_gbp_short(estate.median)
            ),
            sizes.subtitle,
            true,
            palette.text,
            2,
        );
        self.wrapped(
            &format!(
                "90 % range {} to {} a year (estimates: the trust should own the inputs)",
                format_gbp_short(estate.p5),
                format_gbp_short(estate.p95)
            ),
            sizes.small,
            false,
            palette.muted_text,
            3,
        );
        self.gap(1.0);
        self.curve(money);
        self.gap(1.0);
        true
    }

    /// "Top risks by expected annual loss" and the numbered risks with their harm
    /// statements. With `next`, a risk that would pass the column's bottom starts the
    /// next column at its top; one that fits in neither is counted in a last line.
    fn risks(
        &mut self,
        map: &Map,
        money: &MoneyAnalysis,
        risks: &[usize],
        mut next: Option<(Column, f32)>,
    ) {
        let (sizes, palette) = (self.sizes, self.palette);
        self.line(
            "Top risks by expected annual loss",
            sizes.subtitle,
            true,
            palette.heading,
        );
        self.gap(0.3);
        if risks.is_empty() {
            self.line(
                "No system has a service loss.",
                sizes.small,
                false,
                palette.text,
            );
        }
        let row = sizes.small * font::LINE_HEIGHT;
        for (n, &i) in risks.iter().enumerate() {
            let Some(system) = money.system(i) else {
                continue;
            };
            let title = format!(
                "{}. {}: {} a year",
                n + 1,
                map.components[i].name,
                format_gbp_short(system.expected_loss.median)
            );
            let statement = self.statement_lines(&system.statement);
            let height = (1 + statement.len()) as f32 * row;
            // The last column keeps a line for the count of risks left out.
            let reserve = |next: &Option<_>| {
                if next.is_none() && n + 1 < risks.len() {
                    row
                } else {
                    0.0
                }
            };
            while self.y + height + reserve(&next) > self.column.bottom {
                match next.take() {
                    Some((column, top)) => {
                        self.column = column;
                        self.y = top;
                    }
                    None => {
                        let left = risks.len() - n;
                        self.line(
                            &format!("… and {left} more in the register"),
                            sizes.small,
                            false,
                            palette.muted_text,
                        );
                        return;
                    }
                }
            }
            self.wrapped(&title, sizes.small, true, palette.text, 1);
            let indent = 2.0 * sizes.small;
            for l in statement {
                self.text_at(
                    &l,
                    self.column.left + indent,
                    sizes.small,
                    false,
                    palette.text,
                );
            }
            self.gap(0.35);
        }
    }

    fn statement_lines(&self, text: &str) -> Vec<String> {
        let size = self.sizes.small;
        font::wrap(
            text,
            size,
            false,
            self.column.width - 2.0 * size,
            STATEMENT_LINES,
        )
    }

    fn gap(&mut self, lines: f32) {
        self.y += lines * self.sizes.small * font::LINE_HEIGHT;
    }

    fn text_at(&mut self, text: &str, x: f32, size: f32, bold: bool, color: super::Color) {
        self.shapes.push(Shape::Text(Text::line(
            text,
            x,
            self.y,
            size,
            color,
            Align::Left,
            bold,
        )));
        self.y += size * font::LINE_HEIGHT;
    }

    fn line(&mut self, text: &str, size: f32, bold: bool, color: super::Color) {
        let fitted = font::with_ellipsis(text, size, bold, self.column.width);
        self.text_at(&fitted, self.column.left, size, bold, color);
    }

    fn wrapped(&mut self, text: &str, size: f32, bold: bool, color: super::Color, lines: usize) {
        for l in font::wrap(text, size, bold, self.column.width, lines) {
            self.text_at(&l, self.column.left, size, bold, color);
        }
    }

    /// "Systems by status: Supported 3 · Extended support 1 · ... · Total 7".
    fn counts(&mut self, map: &Map) {
        let counts = map.status_counts();
        let total: usize = counts.iter().map(|(_, n)| n).sum();
        let mut parts: Vec<String> = counts
            .iter()
            .map(|(s, n)| format!("{} {n}", s.label()))
            .collect();
        parts.push(format!("Total {total}"));
        let text = format!("Systems by status: {}", parts.join(" · "));
        let (size, color) = (self.sizes.small, self.palette.text);
        self.wrapped(&text, size, false, color, 3);
    }

    /// The estate's loss-exceedance curve: the chance that a year's loss exceeds an
    /// amount, in a small chart with labelled axes.
    fn curve(&mut self, money: &MoneyAnalysis) {
        let sizes = self.sizes;
        let palette = self.palette;
        let size = sizes.small;
        let row = size * font::LINE_HEIGHT;
        self.line(
            "Chance a year's loss exceeds an amount",
            size,
            true,
            palette.text,
        );
        self.y += 0.3 * row;
        let label_width = font::text_width("100 %", size, false) + 10.0;
        let plot = Rect::from_min_size(
            Point::new(self.column.left + label_width, self.y + row / 2.0),
            self.column.width - label_width - 20.0,
            170.0,
        );
        let curve = money.exceedance_curve();
        let max = curve
            .iter()
            .map(|p| p.loss_gbp)
            .fold(0.0_f64, f64::max)
            .max(1.0);
        let axis = Stroke::solid(sizes.link, palette.axis);
        let origin = Point::new(plot.min.x, plot.max.y);
        for end in [
            Point::new(plot.min.x, plot.min.y),
            Point::new(plot.max.x, plot.max.y),
        ] {
            self.shapes.push(Shape::Polyline {
                points: vec![origin, end],
                stroke: axis,
                arrowhead: None,
            });
        }
        let to_plot = |loss: f64, probability: f64| {
            Point::new(
                plot.min.x + (loss / max) as f32 * plot.width(),
                plot.max.y - probability as f32 * plot.height(),
            )
        };
        let points: Vec<Point> = curve
            .iter()
            .map(|p| to_plot(p.loss_gbp, p.probability))
            .collect();
        if points.len() >= 2 {
            self.shapes.push(Shape::Polyline {
                points,
                stroke: Stroke::solid(sizes.link * 1.6, palette.heading),
                arrowhead: None,
            });
        }
        let muted = palette.muted_text;
        let label = |text: &str, x: f32, top: f32, align: Align| {
            Shape::Text(Text::line(text, x, top, size, muted, align, false))
        };
        let left = plot.min.x - 8.0;
        self.shapes
            .push(label("100 %", left, plot.min.y - row / 2.0, Align::Right));
        self.shapes
            .push(label("0 %", left, plot.max.y - row / 2.0, Align::Right));
        let below = plot.max.y + 4.0;
        self.shapes
            .push(label("£0", plot.min.x, below, Align::Left));
        self.shapes.push(label(
            &format!("{} a year", format_gbp_short(max)),
            plot.max.x,
            below,
            Align::Right,
        ));
        self.shapes
            .push(label("Annual loss", plot.center().x, below, Align::Center));
        self.y = below + row;
    }
}

//! The legend (key): what fills, outlines, badges, pills and arrows mean. It follows
//! the colouring: by status, one swatch per status; under an overlay, the overlay's
//! scale first, then the outlines and badges that still show status.

use super::evolution::{inertia_bar, inertia_reach, plan_arrow};
use super::geometry::{Color, Point, Rect};
use super::map_layer::badge_shapes;
use super::overlay::legend_entries;
use super::shape::{Align, Shape, Stroke, Text, arrowhead};
use super::style::{Palette, Sizes, Theme, status_style};
use super::wardley::{market_mark, sourcing_mark};
use super::{Scene, SceneOptions, font};
use crate::model::{Component, Map, Market, Sourcing, SupportStatus};
use chrono::NaiveDate;

/// Entries shown only for maps that use them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct LegendExtras {
    pub inertia: bool,
    pub evolution: bool,
    /// Build, buy and outsource marks, in `Sourcing::ALL` order.
    pub sourcing: [bool; 3],
    /// A pipeline band, a numbered annotation, market and ecosystem marks (in
    /// `Market::ALL` order).
    pub pipeline: bool,
    pub annotation: bool,
    pub market: [bool; 2],
}

impl LegendExtras {
    pub fn of(map: &Map) -> Self {
        let planned = |c: &Component| {
            c.evolve
                .as_ref()
                .is_some_and(|e| e.evolution.is_some() || e.replaced_by.is_some())
        };
        Self {
            inertia: map.components.iter().any(|c| c.inertia),
            evolution: map.components.iter().any(planned),
            sourcing: Sourcing::ALL.map(|s| map.components.iter().any(|c| c.sourcing == Some(s))),
            pipeline: map.components.iter().any(|c| c.pipeline.is_some()),
            annotation: !map.annotations.is_empty(),
            market: Market::ALL.map(|m| map.components.iter().any(|c| c.market == Some(m))),
        }
    }
}

/// The legend on its own, laid out from (0, 0) in rows no wider than `max_width`.
/// Overlays name `reference`, the day their dates are measured from. The canvas draws
/// the legend as an overlay; framed exports place it under the map.
pub fn legend(
    options: &SceneOptions,
    reference: NaiveDate,
    extras: LegendExtras,
    max_width: f32,
) -> Scene {
    let mut key = Key::new(options.theme, options.presenter, max_width);
    match legend_entries(options.colour_by, options.theme, reference) {
        None => {
            key.heading("Key");
            for status in SupportStatus::ALL {
                key.status(status, true);
            }
            key.user_need();
            key.link();
        }
        Some((heading, entries)) => {
            key.heading(&heading);
            for (label, fill) in entries {
                key.swatch(label, fill);
            }
            key.link();
            key.flow.new_row();
            key.heading("Status (outline):");
            for status in SupportStatus::ALL {
                key.status(status, false);
            }
            key.user_need();
        }
    }
    if extras.inertia {
        key.inertia();
    }
    if extras.evolution {
        key.evolution();
    }
    for (s, used) in Sourcing::ALL.into_iter().zip(extras.sourcing) {
        if used {
            key.sourcing(s);
        }
    }
    for (m, used) in Market::ALL.into_iter().zip(extras.market) {
        if used {
            key.market(m);
        }
    }
    if extras.pipeline {
        key.pipeline();
    }
    if extras.annotation {
        key.annotation();
    }
    key.finish()
}

/// A legend being laid out, entry by entry, left to right in wrapping rows.
struct Key {
    theme: Theme,
    sizes: Sizes,
    palette: Palette,
    flow: Flow,
    /// Width and height of a sample box.
    swatch: (f32, f32),
    shapes: Vec<Shape>,
}

impl Key {
    fn new(theme: Theme, presenter: bool, max_width: f32) -> Self {
        let sizes = Sizes::new(presenter);
        let size = sizes.small;
        let row_height = size * font::LINE_HEIGHT + 2.0 * sizes.padding_y + sizes.badge_radius;
        Self {
            theme,
            sizes,
            palette: Palette::for_theme(theme),
            flow: Flow::new(max_width, row_height),
            swatch: (
                46.0 * size / 17.0,
                size * font::LINE_HEIGHT + 2.0 * sizes.padding_y,
            ),
            shapes: Vec::new(),
        }
    }

    /// Top of the sample boxes in the row starting at `at`, leaving room for a badge.
    fn top(&self, at: Point) -> f32 {
        at.y + self.sizes.badge_radius / 2.0
    }

    fn text(&self, text: &str, align: Align, bold: bool) -> Text {
        let color = self.palette.text;
        Text::line(text, 0.0, 0.0, self.sizes.small, color, align, bold)
    }

    fn heading(&mut self, heading: &str) {
        let text = self.text(heading, Align::Left, true);
        let at = self.flow.next(text.width + 12.0);
        let offset = (at.x, self.top(at) + self.sizes.padding_y);
        self.shapes
            .push(Shape::translated(Shape::Text(text), offset));
    }

    /// A sample box with its label to the right; returns the box.
    fn sample(&mut self, label: &str, fill: Color, stroke: Stroke) -> Rect {
        let text = self.text(label, Align::Left, false);
        let at = self.flow.next(self.swatch.0 + 10.0 + text.width + 24.0);
        let top = self.top(at);
        let rect = Rect::from_min_size(Point::new(at.x, top), self.swatch.0, self.swatch.1);
        self.shapes.push(Shape::Rect {
            rect,
            corner_radius: 6.0,
            fill: Some(fill),
            stroke: Some(stroke),
        });
        let offset = (rect.max.x + 14.0, top + self.sizes.padding_y);
        self.shapes
            .push(Shape::translated(Shape::Text(text), offset));
        rect
    }

    /// An overlay band or category: its fill in a plain outline.
    fn swatch(&mut self, label: &str, fill: Color) {
        let stroke = Stroke::solid(self.sizes.outline, self.palette.outline);
        self.sample(label, fill, stroke);
    }

    /// A status's outline and badge, with its fill when colouring by status and on
    /// the background otherwise.
    fn status(&mut self, status: SupportStatus, filled: bool) {
        let style = status_style(status, self.theme, &self.sizes);
        let fill = if filled {
            style.fill
        } else {
            self.palette.background
        };
        let rect = self.sample(status.label(), fill, style.outline);
        if let Some(badge) = style.badge {
            let corner = Point::new(rect.max.x, rect.min.y);
            let badge = badge_shapes(corner, badge.glyph(), &self.palette, &self.sizes);
            self.shapes.extend(badge);
        }
    }

    fn user_need(&mut self) {
        let text = self.text("User need", Align::Center, true);
        let width = text.width + 2.0 * self.sizes.padding_x;
        let at = self.flow.next(width + 24.0);
        let top = self.top(at);
        let rect = Rect::from_min_size(Point::new(at.x, top), width, self.swatch.1);
        self.shapes.push(Shape::Rect {
            rect,
            corner_radius: self.swatch.1 / 2.0,
            fill: Some(self.palette.background),
            stroke: Some(Stroke::solid(self.sizes.outline, self.palette.outline)),
        });
        let offset = (rect.center().x, top + self.sizes.padding_y);
        self.shapes
            .push(Shape::translated(Shape::Text(text), offset));
    }

    fn link(&mut self) {
        let stroke = Stroke::solid(self.sizes.link, self.palette.link);
        let length = self.sizes.arrow;
        self.arrow_entry("depends on", |a, b| Shape::Polyline {
            points: vec![a, b],
            stroke,
            arrowhead: arrowhead(a, b, length),
        });
    }

    fn evolution(&mut self) {
        let (palette, sizes) = (self.palette, self.sizes);
        self.arrow_entry("planned evolution", |a, b| {
            plan_arrow(a, b, &palette, &sizes)
        });
    }

    /// A short arrow drawn by `arrow` from its start to its tip, then `label`.
    fn arrow_entry(&mut self, label: &str, arrow: impl FnOnce(Point, Point) -> Shape) {
        let text = self.text(label, Align::Left, false);
        let line_width = 56.0;
        let at = self.flow.next(line_width + 10.0 + text.width + 24.0);
        let top = self.top(at);
        let mid = top + self.swatch.1 / 2.0;
        let (a, b) = (Point::new(at.x, mid), Point::new(at.x + line_width, mid));
        self.shapes.push(arrow(a, b));
        let offset = (b.x + 10.0, top + self.sizes.padding_y);
        self.shapes
            .push(Shape::translated(Shape::Text(text), offset));
    }

    fn sourcing(&mut self, s: Sourcing) {
        let text = self.text(s.label(), Align::Left, false);
        let r = self.sizes.badge_radius;
        let at = self.flow.next(2.0 * r + 10.0 + text.width + 24.0);
        let top = self.top(at);
        let center = Point::new(at.x + r, top + self.swatch.1 / 2.0);
        self.shapes
            .push(sourcing_mark(s, center, &self.palette, &self.sizes));
        let offset = (at.x + 2.0 * r + 10.0, top + self.sizes.padding_y);
        self.shapes
            .push(Shape::translated(Shape::Text(text), offset));
    }

    fn market(&mut self, m: Market) {
        let label = match m {
            Market::Market => "Market",
            Market::Ecosystem => "Ecosystem",
        };
        let text = self.text(label, Align::Left, false);
        let r = self.sizes.badge_radius;
        let at = self.flow.next(2.0 * r + 10.0 + text.width + 24.0);
        let top = self.top(at);
        let center = Point::new(at.x + r, top + self.swatch.1 / 2.0);
        self.shapes
            .extend(market_mark(m, center, &self.palette, &self.sizes));
        let offset = (at.x + 2.0 * r + 10.0, top + self.sizes.padding_y);
        self.shapes
            .push(Shape::translated(Shape::Text(text), offset));
    }

    /// A pipeline's band (as drawn behind its variants) with a variant in it.
    fn pipeline(&mut self) {
        let text = self.text("Pipeline", Align::Left, false);
        let width = self.swatch.0 * 1.6;
        let at = self.flow.next(width + 10.0 + text.width + 24.0);
        let top = self.top(at);
        let band = Rect::from_min_size(Point::new(at.x, top), width, self.swatch.1);
        self.shapes.push(Shape::Rect {
            rect: band,
            corner_radius: 4.0,
            fill: Some(self.palette.background),
            stroke: Some(Stroke::solid(
                self.sizes.outline * 1.5,
                self.palette.outline,
            )),
        });
        let inner = Rect::from_center_size(band.center(), width * 0.35, self.swatch.1 * 0.55);
        self.shapes.push(Shape::Rect {
            rect: inner,
            corner_radius: 3.0,
            fill: Some(self.palette.background),
            stroke: Some(Stroke::solid(self.sizes.outline, self.palette.outline)),
        });
        let offset = (band.max.x + 10.0, top + self.sizes.padding_y);
        self.shapes
            .push(Shape::translated(Shape::Text(text), offset));
    }

    /// A numbered annotation's circle, as on the map.
    fn annotation(&mut self) {
        let text = self.text("Annotation (see the list)", Align::Left, false);
        let r = self.sizes.label * 0.75;
        let at = self.flow.next(2.0 * r + 10.0 + text.width + 24.0);
        let top = self.top(at);
        let center = Point::new(at.x + r, top + self.swatch.1 / 2.0);
        self.shapes.push(Shape::Circle {
            center,
            radius: r,
            fill: Some(self.palette.background),
            stroke: Some(Stroke::solid(
                self.sizes.outline * 1.5,
                self.palette.heading,
            )),
        });
        self.shapes.extend(Text::centred_lines(
            &["1".to_string()],
            &Rect::from_center_size(center, 2.0 * r, 2.0 * r),
            self.sizes.small,
            self.palette.heading,
            true,
        ));
        let offset = (at.x + 2.0 * r + 10.0, top + self.sizes.padding_y);
        self.shapes
            .push(Shape::translated(Shape::Text(text), offset));
    }

    fn inertia(&mut self) {
        let text = self.text("Inertia", Align::Left, false);
        let reach = inertia_reach(&self.sizes);
        let box_width = self.swatch.0 * 0.6;
        let at = self.flow.next(box_width + reach + 10.0 + text.width + 24.0);
        let top = self.top(at);
        let rect = Rect::from_min_size(Point::new(at.x, top), box_width, self.swatch.1);
        self.shapes.push(Shape::Rect {
            rect,
            corner_radius: 6.0,
            fill: Some(self.palette.background),
            stroke: Some(Stroke::solid(self.sizes.outline, self.palette.outline)),
        });
        self.shapes
            .push(inertia_bar(&rect, &self.palette, &self.sizes));
        let offset = (rect.max.x + reach + 10.0, top + self.sizes.padding_y);
        self.shapes
            .push(Shape::translated(Shape::Text(text), offset));
    }

    /// The legend shifted so that its top-left corner is exactly the origin.
    fn finish(self) -> Scene {
        let first = self.shapes.first().map(Shape::bounds).unwrap_or_default();
        let bounds = self
            .shapes
            .iter()
            .map(Shape::bounds)
            .fold(first, |a, b| a.union(&b));
        let shift = (-bounds.min.x, -bounds.min.y);
        Scene {
            bounds: bounds.translate(shift.0, shift.1),
            shapes: self
                .shapes
                .into_iter()
                .map(|s| s.translated(shift))
                .collect(),
            items: Vec::new(),
            clip: None,
            components: Vec::new(),
            layout: None,
        }
    }
}

/// Left-to-right placement that wraps to a new row at `max_width`.
struct Flow {
    max_width: f32,
    row_height: f32,
    x: f32,
    y: f32,
}

impl Flow {
    fn new(max_width: f32, row_height: f32) -> Self {
        Self {
            max_width,
            row_height,
            x: 0.0,
            y: 0.0,
        }
    }

    fn next(&mut self, width: f32) -> Point {
        if self.x > 0.0 && self.x + width > self.max_width {
            self.new_row();
        }
        let at = Point::new(self.x, self.y);
        self.x += width;
        at
    }

    fn new_row(&mut self) {
        if self.x > 0.0 {
            self.x = 0.0;
            self.y += self.row_height + 8.0;
        }
    }
}

//! The roadmap: a Gantt-style timeline, one row per system with a date (end of support,
//! contract end) or a step in the plan. Each row's bar is coloured by the system's
//! support status as it changes over time (end-of-support dates passing, `set_status`
//! steps), starts when a new system comes in and stops when the plan retires or
//! replaces the system; parallel running is marked on the bar; contract ends, end of
//! support and notice deadlines (from a break clause's "N months' notice") are marked.
//! Phases are bars above the axis, and a dashed line marks today. The same primitives
//! as the map scene, so every exporter draws it.
//!
//! Layout is fixed and collision free by construction: every row, phase and column has
//! its own band, and texts are wrapped or cut to their cell.

use super::font;
use super::geometry::{Color, Point, Rect};
use super::shape::{Align, Shape, Stroke, StrokeStyle, Text};
use super::style::{Palette, Theme, status_fill};
use super::{Item, ItemId, Scene};
use crate::model::{Action, Plan};
use crate::model::{ComponentId, Kind, Map, SupportStatus};
use chrono::{Datelike, Months, NaiveDate};

#[derive(Clone, Debug, PartialEq)]
pub struct RoadmapOptions {
    /// Where the today line is drawn; the scene never reads the clock.
    pub today: NaiveDate,
    pub theme: Theme,
    /// Larger text for a projector.
    pub presenter: bool,
}

impl RoadmapOptions {
    pub fn new(today: NaiveDate) -> Self {
        Self {
            today,
            theme: Theme::Light,
            presenter: false,
        }
    }
}

/// A run of days with one support status.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    pub from: NaiveDate,
    /// Exclusive.
    pub to: NaiveDate,
    pub status: SupportStatus,
}

/// What the plan does to a row's system.
#[derive(Clone, Debug, PartialEq)]
pub enum Fate {
    /// Replaced by the named system: gone from `gone`, both running from `parallel_from`.
    Replaced {
        by: String,
        parallel_from: Option<NaiveDate>,
        gone: NaiveDate,
    },
    Retired(NaiveDate),
}

/// One system's line of the roadmap.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub id: ComponentId,
    pub name: String,
    /// The bar, inside the roadmap's years, in date order.
    pub segments: Vec<Segment>,
    pub end_of_support: Option<NaiveDate>,
    pub contract_end: Option<NaiveDate>,
    /// The last day to give notice, from "N months' notice" in the break clause.
    pub notice_by: Option<NaiveDate>,
    pub break_clause: Option<String>,
    /// When a system the plan brings in comes in.
    pub starts: Option<NaiveDate>,
    pub fate: Option<Fate>,
    /// Parallel running as the new system of a replacement.
    pub replaces: Option<(String, Option<NaiveDate>, NaiveDate)>,
}

impl Row {
    /// The days both old and new run, inclusive start, exclusive end.
    pub fn parallel(&self) -> Option<(NaiveDate, NaiveDate)> {
        match (&self.fate, &self.replaces) {
            (
                Some(Fate::Replaced {
                    parallel_from: Some(from),
                    gone,
                    ..
                }),
                _,
            ) => Some((*from, *gone)),
            (_, Some((_, Some(from), gone))) => Some((*from, *gone)),
            _ => None,
        }
    }

    /// The accessible name: the system and its dates in words.
    pub fn describe(&self) -> String {
        let mut parts = vec![self.name.clone()];
        if let Some(d) = self.starts {
            parts.push(format!("comes in {}", long(d)));
        }
        if let Some(d) = self.end_of_support {
            parts.push(format!("end of support {}", long(d)));
        }
        if let Some(d) = self.contract_end {
            parts.push(format!("contract ends {}", long(d)));
        }
        if let Some(d) = self.notice_by {
            parts.push(format!("notice by {}", long(d)));
        }
        if let Some((old, from, gone)) = &self.replaces {
            parts.push(replacing(old, *from, *gone));
        }
        if let Some(fate) = &self.fate {
            parts.push(fate_text(fate));
        }
        parts.join("; ")
    }
}

fn replacing(old: &str, from: Option<NaiveDate>, gone: NaiveDate) -> String {
    match from {
        Some(from) => format!(
            "replaces {old}, in parallel {} to {}",
            long(from),
            long(gone.pred_opt().unwrap_or(gone))
        ),
        None => format!("replaces {old} on {} (no parallel running)", long(gone)),
    }
}

fn fate_text(fate: &Fate) -> String {
    match fate {
        Fate::Replaced { by, gone, .. } => format!("replaced by {by}, gone {}", long(*gone)),
        Fate::Retired(on) => format!("retired {}", long(*on)),
    }
}

/// "31 Mar 2027", as the roadmap writes dates.
pub fn long(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

/// The roadmap's first and last (exclusive) day: whole years from the year of the
/// earliest of today and the plan's start to the year after the last date shown, at
/// least three years and at most twelve.
pub fn window(map: &Map, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let plan = map.plan.as_ref();
    let mut first = today;
    let mut last = today;
    if let Some(plan) = plan {
        for p in &plan.phases {
            first = first.min(p.start);
            last = last.max(p.end);
        }
        for (_, s) in plan.steps() {
            first = first.min(s.action.begins());
            last = last.max(s.action.takes_effect());
        }
        for n in &plan.new_systems {
            first = first.min(n.from);
        }
    }
    for c in &map.components {
        for d in [c.end_of_support, c.contract_end].into_iter().flatten() {
            if d >= first {
                last = last.max(d);
            }
        }
    }
    let start = year_start(first.year());
    let years = (last.year() - first.year() + 1).clamp(3, 12);
    (start, year_start(first.year() + years))
}

fn year_start(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// "12 months' notice" in a break clause: the months.
fn notice_months(text: &str) -> Option<u32> {
    let lower = text.to_lowercase();
    let at = lower.find("month")?;
    let before = lower[..at].trim_end();
    let digits: String = before
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let rest = &lower[at..];
    (rest.contains("notice")).then_some(())?;
    digits.parse().ok().filter(|m| *m > 0 && *m <= 120)
}

/// The rows, in order of their earliest date.
pub fn rows(map: &Map, today: NaiveDate) -> Vec<Row> {
    let (start, end) = window(map, today);
    let empty = Plan::default();
    let plan = map.plan.as_ref().unwrap_or(&empty);
    let name_of = |id: &ComponentId| {
        map.component(id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    };
    let mut out: Vec<(NaiveDate, Row)> = Vec::new();
    for c in &map.components {
        let steps: Vec<&Action> = plan
            .steps()
            .map(|(_, s)| &s.action)
            .filter(|a| a.components().iter().any(|(_, id)| **id == c.id))
            .collect();
        let starts = plan.new_system_from(&c.id);
        let dated = c.end_of_support.is_some() || c.contract_end.is_some();
        if c.kind == Kind::UserNeed || !(dated || !steps.is_empty() || starts.is_some()) {
            continue;
        }
        let mut fate = None;
        let mut replaces = None;
        let mut changes: Vec<(NaiveDate, SupportStatus, Option<NaiveDate>)> = Vec::new();
        for a in &steps {
            match a {
                Action::Replace {
                    from,
                    to,
                    parallel_from,
                    ..
                } => {
                    let gone = a.takes_effect();
                    if *from == c.id {
                        fate = Some(Fate::Replaced {
                            by: name_of(to),
                            parallel_from: *parallel_from,
                            gone,
                        });
                    } else if *to == c.id {
                        replaces = Some((name_of(from), *parallel_from, gone));
                    }
                }
                Action::Retire { on, .. } => fate = Some(Fate::Retired(*on)),
                Action::SetStatus {
                    status,
                    on,
                    end_of_support,
                    ..
                } => changes.push((*on, *status, *end_of_support)),
                Action::Move { .. } => {}
            }
        }
        changes.sort_by_key(|c| c.0);
        let gone = match &fate {
            Some(Fate::Replaced { gone, .. }) => Some(*gone),
            Some(Fate::Retired(on)) => Some(*on),
            None => None,
        };
        let begin = starts.unwrap_or(start).clamp(start, end);
        let stop = gone.unwrap_or(end).clamp(begin, end);
        let status_at = |d: NaiveDate| {
            let mut status = c.status;
            let mut eos = c.end_of_support;
            for (on, s, e) in &changes {
                if *on <= d {
                    status = *s;
                    eos = e.or(eos);
                }
            }
            let lapses = matches!(
                status,
                SupportStatus::Supported | SupportStatus::ExtendedSupport
            );
            match eos {
                Some(e) if lapses && d > e => SupportStatus::Unsupported,
                _ => status,
            }
        };
        let mut cuts: Vec<NaiveDate> = vec![begin, stop];
        let eos_dates = c
            .end_of_support
            .into_iter()
            .chain(changes.iter().filter_map(|c| c.2));
        cuts.extend(eos_dates.filter_map(|d| d.succ_opt()));
        cuts.extend(changes.iter().map(|c| c.0));
        cuts.retain(|d| *d >= begin && *d <= stop);
        cuts.sort();
        cuts.dedup();
        let mut segments: Vec<Segment> = Vec::new();
        for pair in cuts.windows(2) {
            let status = status_at(pair[0]);
            match segments.last_mut() {
                Some(last) if last.status == status => last.to = pair[1],
                _ => segments.push(Segment {
                    from: pair[0],
                    to: pair[1],
                    status,
                }),
            }
        }
        let notice_by = c
            .break_clause
            .as_deref()
            .and_then(notice_months)
            .zip(c.contract_end)
            .and_then(|(m, end)| end.checked_sub_months(Months::new(m)));
        let first = [
            c.end_of_support,
            c.contract_end,
            starts,
            steps.iter().map(|a| a.begins()).min(),
        ]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(end);
        out.push((
            first,
            Row {
                id: c.id.clone(),
                name: c.name.clone(),
                segments,
                end_of_support: c.end_of_support,
                contract_end: c.contract_end,
                notice_by,
                break_clause: c.break_clause.clone(),
                starts,
                fate,
                replaces,
            },
        ));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)));
    out.into_iter().map(|(_, r)| r).collect()
}

struct Sizes {
    text: f32,
    small: f32,
    title: f32,
    row: f32,
    bar: f32,
    lane: f32,
    line: f32,
}

impl Sizes {
    fn new(presenter: bool) -> Self {
        let k = if presenter { 1.3 } else { 1.0 };
        Sizes {
            text: 26.0 * k,
            small: 22.0 * k,
            title: 40.0 * k,
            row: 66.0 * k,
            bar: 30.0 * k,
            lane: 58.0 * k,
            line: 2.0 * k,
        }
    }
}

const CHART_WIDTH: f32 = 1250.0;
const GAP: f32 = 24.0;
const CONTRACT: Color = Color::hex(0x005EB8);
const TODAY: Color = Color::hex(0xB3261E);
const PHASE: Color = Color::hex(0x41B6E6);

fn text(s: impl Into<String>, x: f32, top: f32, size: f32, color: Color, align: Align) -> Shape {
    Shape::Text(Text::line(s, x, top, size, color, align, false))
}

fn bold(s: impl Into<String>, x: f32, top: f32, size: f32, color: Color, align: Align) -> Shape {
    Shape::Text(Text::line(s, x, top, size, color, align, true))
}

fn rect(r: Rect, fill: Option<Color>, stroke: Option<Stroke>) -> Shape {
    Shape::Rect {
        rect: r,
        corner_radius: 0.0,
        fill,
        stroke,
    }
}

fn diamond(c: Point, r: f32, fill: Color, outline: Color, w: f32) -> Shape {
    Shape::Polygon {
        points: vec![
            Point::new(c.x, c.y - r),
            Point::new(c.x + r, c.y),
            Point::new(c.x, c.y + r),
            Point::new(c.x - r, c.y),
        ],
        fill: Some(fill),
        stroke: Some(Stroke::solid(w, outline)),
    }
}

fn triangle(c: Point, r: f32, fill: Color, outline: Color, w: f32) -> Shape {
    // Pointing down, its tip on `c`'s line: "support ends here".
    Shape::Polygon {
        points: vec![
            Point::new(c.x - r, c.y - r * 1.6),
            Point::new(c.x + r, c.y - r * 1.6),
            Point::new(c.x, c.y),
        ],
        fill: Some(fill),
        stroke: Some(Stroke::solid(w, outline)),
    }
}

fn ring(c: Point, r: f32, w: f32) -> Shape {
    Shape::Circle {
        center: c,
        radius: r,
        fill: Some(Color::WHITE),
        stroke: Some(Stroke::solid(w * 1.5, CONTRACT)),
    }
}

fn today_stroke(sizes: &Sizes) -> Stroke {
    Stroke {
        width: sizes.line * 1.5,
        color: TODAY,
        style: StrokeStyle::Dashed,
    }
}

fn parallel_shape(r: Rect, sizes: &Sizes, palette: &Palette) -> Shape {
    rect(
        r,
        Some(Color::WHITE.with_alpha(150)),
        Some(Stroke {
            width: sizes.line * 1.5,
            color: palette.text,
            style: StrokeStyle::Dashed,
        }),
    )
}

/// The roadmap of `map` as a scene. Items name each row's system and dates.
pub fn build(map: &Map, options: &RoadmapOptions) -> Scene {
    let sizes = Sizes::new(options.presenter);
    let palette = Palette::for_theme(options.theme);
    let rows = rows(map, options.today);
    let (start, end) = window(map, options.today);
    let plan = map.plan.as_ref();
    let phases = plan.map_or(&[][..], |p| &p.phases[..]);
    let mut shapes = Vec::new();
    let mut items = Vec::new();

    // Columns: names | chart | end of support | contract end | plan.
    let widest = rows
        .iter()
        .map(|r| font::text_width(&r.name, sizes.text, false))
        .chain(phases.iter().map(|_| 0.0))
        .fold(font::text_width("Phases", sizes.text, true), f32::max);
    let names_w = widest.clamp(220.0 * sizes.text / 26.0, 420.0 * sizes.text / 26.0);
    let chart_l = names_w + GAP;
    let chart_r = chart_l + CHART_WIDTH;
    let date_w = font::text_width("End of support", sizes.small, true).max(font::text_width(
        "30 Sep 2027 (past)",
        sizes.small,
        false,
    ));
    let eos_l = chart_r + GAP;
    let contract_l = eos_l + date_w + GAP;
    let plan_l = contract_l + date_w + GAP;
    let plan_w = 420.0 * sizes.text / 26.0;
    let right = plan_l + plan_w;
    let days = (end - start).num_days().max(1) as f32;
    let x_of = |d: NaiveDate| {
        let d = d.clamp(start, end);
        chart_l + (d - start).num_days() as f32 / days * CHART_WIDTH
    };

    // Title.
    let mut y = 0.0;
    shapes.push(bold(
        format!("Roadmap: {}", map.title),
        0.0,
        y,
        sizes.title,
        palette.heading,
        Align::Left,
    ));
    y += sizes.title * font::LINE_HEIGHT;
    shapes.push(text(
        format!(
            "Contract ends, end of support and the plan's steps, {} to {}; today {}",
            start.year(),
            end.year() - 1,
            long(options.today)
        ),
        0.0,
        y,
        sizes.small,
        palette.muted_text,
        Align::Left,
    ));
    y += sizes.small * font::LINE_HEIGHT + GAP;

    // Today's label has a strip of its own above the chart.
    let today_x = x_of(options.today);
    let today_label = format!("Today {}", long(options.today));
    let label_w = font::text_width(&today_label, sizes.small, true);
    let label_x = (today_x - label_w / 2.0).clamp(chart_l, chart_r - label_w);
    shapes.push(bold(
        today_label,
        label_x,
        y,
        sizes.small,
        TODAY,
        Align::Left,
    ));
    y += sizes.small * font::LINE_HEIGHT + 4.0;
    let chart_top = y;

    // Phases, a lane each: the name on the left, the bar and its months in the chart.
    for phase in phases {
        let (x0, x1) = (
            x_of(phase.start),
            x_of(phase.end.succ_opt().unwrap_or(phase.end)),
        );
        let bar = Rect::from_min_max(
            Point::new(x0, y + 6.0),
            Point::new(x1.max(x0 + 2.0), y + sizes.lane - 6.0),
        );
        let lines = font::wrap(&phase.name, sizes.small, true, names_w, 2);
        let n = lines.len();
        let cell = Rect::from_min_max(Point::new(0.0, y), Point::new(names_w, y + sizes.lane));
        shapes.extend(Text::centred_lines(
            &lines,
            &cell,
            sizes.small,
            palette.heading,
            true,
        ));
        for s in shapes.iter_mut().rev().take(n) {
            if let Shape::Text(t) = s {
                t.anchor.x = 0.0;
                t.align = Align::Left;
            }
        }
        shapes.push(rect(
            bar,
            Some(PHASE),
            Some(Stroke::solid(sizes.line, palette.heading)),
        ));
        let label = format!(
            "{} \u{2013} {}",
            phase.start.format("%b %Y"),
            phase.end.format("%b %Y")
        );
        let top = y + (sizes.lane - sizes.small * font::LINE_HEIGHT) / 2.0;
        let width = font::text_width(&label, sizes.small, false);
        if width + 16.0 <= bar.width() {
            shapes.push(text(
                label,
                bar.center().x,
                top,
                sizes.small,
                palette.text,
                Align::Center,
            ));
        } else if width + 8.0 <= chart_r - bar.max.x {
            shapes.push(text(
                label,
                bar.max.x + 8.0,
                top,
                sizes.small,
                palette.text,
                Align::Left,
            ));
        } else if width + 8.0 <= bar.min.x - chart_l {
            shapes.push(text(
                label,
                bar.min.x - 8.0,
                top,
                sizes.small,
                palette.text,
                Align::Right,
            ));
        }
        y += sizes.lane;
    }

    // The axis: years, then months (or quarters when months are too narrow).
    let axis_top = y + 6.0;
    let year_h = sizes.text * font::LINE_HEIGHT;
    let month_h = sizes.small * font::LINE_HEIGHT;
    let mut year = start.year();
    while year_start(year) < end {
        let (x0, x1) = (x_of(year_start(year)), x_of(year_start(year + 1)));
        shapes.push(bold(
            year.to_string(),
            (x0 + x1) / 2.0,
            axis_top,
            sizes.text,
            palette.text,
            Align::Center,
        ));
        year += 1;
    }
    let month_w = CHART_WIDTH / (days / 30.44);
    let initial_w = font::text_width("M", sizes.small, false) + 6.0;
    let step = if month_w >= initial_w { 1 } else { 3 };
    let mut m = start;
    while m < end {
        let next = m.checked_add_months(Months::new(step)).unwrap_or(end);
        let (x0, x1) = (x_of(m), x_of(next));
        let label = if step == 1 {
            m.format("%b")
                .to_string()
                .chars()
                .next()
                .unwrap_or(' ')
                .to_string()
        } else {
            format!("Q{}", m.month0() / 3 + 1)
        };
        if font::text_width(&label, sizes.small, false) + 4.0 <= x1 - x0 {
            shapes.push(text(
                label,
                (x0 + x1) / 2.0,
                axis_top + year_h,
                sizes.small,
                palette.muted_text,
                Align::Center,
            ));
        }
        m = next;
    }
    let rows_top = axis_top + year_h + month_h + 6.0;
    let rows_bottom = rows_top + rows.len().max(1) as f32 * sizes.row;

    // Column headings sit on the month line, right of the chart.
    let heading_top = axis_top + year_h;
    for (x, label) in [
        (eos_l, "End of support"),
        (contract_l, "Contract end"),
        (plan_l, "Plan"),
    ] {
        shapes.push(bold(
            label,
            x,
            heading_top,
            sizes.small,
            palette.text,
            Align::Left,
        ));
    }
    shapes.push(bold(
        "System",
        0.0,
        heading_top,
        sizes.small,
        palette.text,
        Align::Left,
    ));

    // Row stripes, behind the grid.
    for (i, _) in rows.iter().enumerate() {
        if i % 2 == 1 {
            let top = rows_top + i as f32 * sizes.row;
            shapes.push(rect(
                Rect::from_min_max(Point::new(0.0, top), Point::new(right, top + sizes.row)),
                Some(Color::hex(0xF0F4F5)),
                None,
            ));
        }
    }
    // Grid: a line at each year, lighter at each quarter.
    let mut q = start;
    while q <= end {
        let x = x_of(q);
        let (w, color) = if q.month() == 1 {
            (sizes.line, palette.axis)
        } else {
            (sizes.line * 0.5, palette.divider)
        };
        let top = if q.month() == 1 { axis_top } else { rows_top };
        shapes.push(Shape::Polyline {
            points: vec![Point::new(x, top), Point::new(x, rows_bottom)],
            stroke: Stroke::solid(w, color),
            arrowhead: None,
        });
        match q.checked_add_months(Months::new(3)) {
            Some(next) => q = next,
            None => break,
        }
    }
    shapes.push(Shape::Polyline {
        points: vec![Point::new(0.0, rows_top), Point::new(right, rows_top)],
        stroke: Stroke::solid(sizes.line, palette.axis),
        arrowhead: None,
    });

    if rows.is_empty() {
        shapes.push(text(
            "No system has an end of support, a contract end or a step in the plan",
            chart_l + 12.0,
            rows_top + (sizes.row - sizes.text * font::LINE_HEIGHT) / 2.0,
            sizes.text,
            palette.muted_text,
            Align::Left,
        ));
    }

    let past = |d: NaiveDate| d < start;
    for (i, row) in rows.iter().enumerate() {
        let top = rows_top + i as f32 * sizes.row;
        let mid = top + sizes.row / 2.0;
        let lines = font::wrap(&row.name, sizes.text, false, names_w, 2);
        shapes.extend(Text::centred_lines(
            &lines,
            &Rect::from_min_max(Point::new(0.0, top), Point::new(names_w, top + sizes.row)),
            sizes.text,
            palette.text,
            false,
        ));
        // Centred lines are centred horizontally too: align them left instead.
        for s in shapes.iter_mut().rev().take(lines.len()) {
            if let Shape::Text(t) = s {
                t.anchor.x = 0.0;
                t.align = Align::Left;
            }
        }
        let bar_top = mid - sizes.bar / 2.0;
        let bar_bottom = mid + sizes.bar / 2.0;
        for seg in &row.segments {
            let r = Rect::from_min_max(
                Point::new(x_of(seg.from), bar_top),
                Point::new(x_of(seg.to), bar_bottom),
            );
            shapes.push(rect(
                r,
                Some(status_fill(seg.status, options.theme)),
                Some(Stroke::solid(sizes.line * 0.75, palette.outline)),
            ));
        }
        if let (Some(_), Some(last)) = (&row.fate, row.segments.last()) {
            // The end of the line: retired or replaced.
            let x = x_of(last.to);
            shapes.push(rect(
                Rect::from_min_max(
                    Point::new(x - 3.0, bar_top - 6.0),
                    Point::new(x + 3.0, bar_bottom + 6.0),
                ),
                Some(palette.text),
                None,
            ));
        }
        if let Some((from, to)) = row.parallel() {
            let r = Rect::from_min_max(
                Point::new(x_of(from), bar_top - 3.0),
                Point::new(x_of(to), bar_bottom + 3.0),
            );
            shapes.push(parallel_shape(r, &sizes, &palette));
            let word = "parallel";
            if font::text_width(word, sizes.small, true) + 8.0 <= r.width() {
                shapes.push(bold(
                    word,
                    r.center().x,
                    mid - sizes.small * font::LINE_HEIGHT / 2.0,
                    sizes.small,
                    palette.text,
                    Align::Center,
                ));
            }
        }
        let r = sizes.bar * 0.38;
        if let Some(d) = row.end_of_support.filter(|d| !past(*d) && *d < end) {
            shapes.push(triangle(
                Point::new(x_of(d), bar_top - 1.0),
                r,
                palette.text,
                Color::WHITE,
                sizes.line * 0.75,
            ));
        }
        if let Some(d) = row.notice_by.filter(|d| !past(*d) && *d < end) {
            shapes.push(ring(Point::new(x_of(d), mid), r * 0.8, sizes.line));
        }
        if let Some(d) = row.contract_end.filter(|d| !past(*d) && *d < end) {
            shapes.push(diamond(
                Point::new(x_of(d), mid),
                r * 1.1,
                CONTRACT,
                Color::WHITE,
                sizes.line,
            ));
        }
        // The columns: dates and what the plan does.
        let cell_top = mid - sizes.small * font::LINE_HEIGHT / 2.0;
        let date_cell = |d: Option<NaiveDate>| match d {
            Some(d) if d < options.today => (format!("{} (past)", short(d)), TODAY),
            Some(d) => (short(d), palette.text),
            None => ("\u{2013}".to_string(), palette.muted_text),
        };
        for (x, d) in [(eos_l, row.end_of_support), (contract_l, row.contract_end)] {
            let (s, color) = date_cell(d);
            shapes.push(text(s, x, cell_top, sizes.small, color, Align::Left));
        }
        let mut what = Vec::new();
        if let Some(d) = row.starts {
            what.push(format!("New from {}", short(d)));
        }
        if let Some((old, _, gone)) = &row.replaces {
            what.push(format!("Replaces {old} {}", short(*gone)));
        }
        match &row.fate {
            Some(Fate::Replaced { by, gone, .. }) => {
                what.push(format!("Replaced by {by} {}", short(*gone)))
            }
            Some(Fate::Retired(on)) => what.push(format!("Retired {}", short(*on))),
            None => {}
        }
        match row.notice_by {
            Some(d) if d < options.today => what.push(format!("Notice by {} (passed)", short(d))),
            Some(d) => what.push(format!("Notice by {}", short(d))),
            None => {}
        }
        if !what.is_empty() {
            let lines = font::wrap(&what.join("; "), sizes.small, false, plan_w, 2);
            let rect =
                Rect::from_min_max(Point::new(plan_l, top), Point::new(right, top + sizes.row));
            let n = lines.len();
            shapes.extend(Text::centred_lines(
                &lines,
                &rect,
                sizes.small,
                palette.text,
                false,
            ));
            for s in shapes.iter_mut().rev().take(n) {
                if let Shape::Text(t) = s {
                    t.anchor.x = plan_l;
                    t.align = Align::Left;
                }
            }
        }
        items.push(Item {
            id: ItemId::Component(row.id.clone()),
            hit: Rect::from_min_max(Point::new(0.0, top), Point::new(right, top + sizes.row)),
            segment: None,
            name: row.describe(),
        });
    }

    // Today's line, over the rows.
    if options.today >= start && options.today < end {
        shapes.push(Shape::Polyline {
            points: vec![
                Point::new(today_x, chart_top),
                Point::new(today_x, rows_bottom),
            ],
            stroke: today_stroke(&sizes),
            arrowhead: None,
        });
    }

    // The legend, flowing left to right under the rows.
    let legend_top = rows_bottom + GAP;
    let mut keys: Vec<(Shape, String)> = Vec::new();
    let swatch = |x: f32, y: f32| {
        Rect::from_min_max(
            Point::new(x, y + 4.0),
            Point::new(x + 40.0, y + sizes.bar - 4.0),
        )
    };
    let mut statuses: Vec<SupportStatus> = Vec::new();
    for s in rows
        .iter()
        .flat_map(|r| r.segments.iter().map(|s| s.status))
    {
        if !statuses.contains(&s) {
            statuses.push(s);
        }
    }
    statuses.sort_by_key(|s| SupportStatus::ALL.iter().position(|a| a == s));
    for s in statuses {
        keys.push((
            rect(
                swatch(0.0, 0.0),
                Some(status_fill(s, options.theme)),
                Some(Stroke::solid(sizes.line * 0.75, palette.outline)),
            ),
            s.label().to_string(),
        ));
    }
    let centre = Point::new(20.0, sizes.bar / 2.0);
    let r = sizes.bar * 0.38;
    keys.push((
        parallel_shape(swatch(0.0, 0.0), &sizes, &palette),
        "Parallel running".into(),
    ));
    keys.push((
        rect(
            Rect::from_min_max(Point::new(17.0, 0.0), Point::new(23.0, sizes.bar)),
            Some(palette.text),
            None,
        ),
        "Retired or replaced".into(),
    ));
    keys.push((
        triangle(
            Point::new(20.0, sizes.bar / 2.0 + r * 0.8),
            r,
            palette.text,
            Color::WHITE,
            sizes.line * 0.75,
        ),
        "End of support".into(),
    ));
    keys.push((
        diamond(centre, r * 1.1, CONTRACT, Color::WHITE, sizes.line),
        "Contract end".into(),
    ));
    keys.push((
        ring(centre, r * 0.8, sizes.line),
        "Notice by (break clause)".into(),
    ));
    if !phases.is_empty() {
        keys.push((
            rect(
                swatch(0.0, 0.0),
                Some(PHASE),
                Some(Stroke::solid(sizes.line, palette.heading)),
            ),
            "Phase".into(),
        ));
    }
    keys.push((
        Shape::Polyline {
            points: vec![Point::new(20.0, 0.0), Point::new(20.0, sizes.bar)],
            stroke: today_stroke(&sizes),
            arrowhead: None,
        },
        "Today".into(),
    ));
    let mut x = 0.0;
    let mut ly = legend_top;
    for (shape, label) in keys {
        let w = 40.0 + 10.0 + font::text_width(&label, sizes.small, false) + 36.0;
        if x > 0.0 && x + w > right {
            x = 0.0;
            ly += sizes.bar + 12.0;
        }
        shapes.push(shape.translated((x, ly)));
        shapes.push(text(
            label,
            x + 50.0,
            ly + (sizes.bar - sizes.small * font::LINE_HEIGHT) / 2.0,
            sizes.small,
            palette.text,
            Align::Left,
        ));
        x += w;
    }
    let bounds = shapes
        .iter()
        .map(Shape::bounds)
        .fold(
            Rect::from_min_max(Point::new(0.0, 0.0), Point::new(right, ly + sizes.bar)),
            |a, b| a.union(&b),
        )
        .expand(24.0);
    Scene {
        bounds,
        shapes,
        items,
        clip: None,
        components: Vec::new(),
        layout: None,
    }
}

/// "Mar 2027": dates in cells and phase labels.
fn short(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Component;
    use crate::model::{NewSystem, Phase, Step};

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn system(id: &str, name: &str) -> Component {
        let mut c = Component::new(ComponentId::new(id), name, 0.5, 0.5);
        c.kind = Kind::System;
        c
    }

    /// An old register replaced by a new one with six months in parallel, a server
    /// whose support lapses, and a system without dates (left out).
    fn sample() -> Map {
        let mut map = Map::new("Stroke");
        let mut old = system("c1", "Old register");
        old.status = SupportStatus::Unsupported;
        old.end_of_support = Some(date("2020-10-13"));
        let new = system("c2", "New register");
        let mut vms = system("c3", "Server VMs");
        vms.status = SupportStatus::ExtendedSupport;
        vms.end_of_support = Some(date("2027-06-30"));
        vms.contract_end = Some(date("2028-03-31"));
        vms.break_clause = Some("6 months' notice".into());
        let plain = system("c4", "No dates");
        map.components = vec![old, new, vms, plain];
        let mut phase = Phase::new(
            "p1",
            "Replace the register",
            date("2027-01-01"),
            date("2027-09-30"),
        );
        phase.steps.push(Step::new(Action::Replace {
            from: ComponentId::new("c1"),
            to: ComponentId::new("c2"),
            parallel_from: Some(date("2027-04-01")),
            parallel_to: date("2027-09-30"),
        }));
        let mut plan = Plan::default();
        plan.phases.push(phase);
        plan.new_systems.push(NewSystem {
            component: ComponentId::new("c2"),
            from: date("2027-04-01"),
        });
        map.plan = Some(plan);
        map
    }

    #[test]
    fn the_window_is_whole_years_from_today_to_the_last_date() {
        let (start, end) = window(&sample(), date("2026-12-02"));
        assert_eq!((start, end), (date("2026-01-01"), date("2029-01-01")));
    }

    #[test]
    fn rows_follow_status_and_plan() {
        let rows = rows(&sample(), date("2026-12-02"));
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        // Earliest date first; the system without dates is left out.
        assert_eq!(names, ["Old register", "New register", "Server VMs"]);
        let old = &rows[0];
        assert_eq!(
            old.segments,
            [Segment {
                from: date("2026-01-01"),
                to: date("2027-10-01"),
                status: SupportStatus::Unsupported
            }]
        );
        assert_eq!(
            old.parallel(),
            Some((date("2027-04-01"), date("2027-10-01")))
        );
        let new = &rows[1];
        assert_eq!(new.segments[0].from, date("2027-04-01"));
        assert_eq!(new.segments[0].to, date("2029-01-01"));
        assert_eq!(new.parallel(), old.parallel());
        let vms = &rows[2];
        assert_eq!(
            vms.segments,
            [
                Segment {
                    from: date("2026-01-01"),
                    to: date("2027-07-01"),
                    status: SupportStatus::ExtendedSupport
                },
                Segment {
                    from: date("2027-07-01"),
                    to: date("2029-01-01"),
                    status: SupportStatus::Unsupported
                }
            ]
        );
        // Six months' notice before a contract ending 31 March 2028.
        assert_eq!(vms.notice_by, Some(date("2027-09-30")));
        assert_eq!(
            old.describe(),
            "Old register; end of support 13 Oct 2020; replaced by New register, gone 1 Oct 2027"
        );
    }

    #[test]
    fn the_scene_has_a_bar_per_row_and_nothing_overlaps() {
        let map = sample();
        let scene = build(&map, &RoadmapOptions::new(date("2026-12-02")));
        assert_eq!(scene.items.len(), 3);
        let texts: Vec<Rect> = scene
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Text(t) => Some(t.bounds()),
                _ => None,
            })
            .collect();
        for (i, a) in texts.iter().enumerate() {
            for b in &texts[i + 1..] {
                // Line boxes may touch (rounding), not overlap.
                assert!(
                    !a.expand(-0.5).intersects(&b.expand(-0.5)),
                    "{a:?} overlaps {b:?}"
                );
            }
        }
        let all: Vec<&str> = scene
            .shapes
            .iter()
            .filter_map(|s| match s {
                Shape::Text(t) => Some(t.text.as_str()),
                _ => None,
            })
            .collect();
        for want in [
            "2026",
            "2027",
            "2028",
            "Today 2 Dec 2026",
            "30 Jun 2027",
            "Parallel running",
        ] {
            assert!(all.contains(&want), "{want} missing from {all:?}");
        }
        for b in texts {
            assert!(scene.bounds.contains_rect(&b));
        }
    }

    #[test]
    fn notice_months_are_read_from_the_break_clause() {
        assert_eq!(notice_months("12 months' notice; shared"), Some(12));
        assert_eq!(notice_months("Annual extension; 6 months' notice"), Some(6));
        assert_eq!(notice_months("none"), None);
        assert_eq!(notice_months("renewed monthly"), None);
    }
}

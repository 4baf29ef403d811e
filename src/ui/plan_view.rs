//! The plan in the app (issue 15): the timeline (a date slider and phase buttons; the
//! canvas, register and money show the map as planned at that date, read-only), the
//! roadmap window and the business case window. The Plan panel that edits the plan is
//! `plan_panel.rs`.
//!
//! The map at a date and the appraisal come from the plan analysis through the two
//! adapter functions below, `map_as_of` and `business_case`, and nowhere else.

use super::app::EstateApp;
use super::file_export::RenderedFile;
use super::paint::paint_shapes;
use super::view::View;
use crate::analysis::plan;
use crate::export::{ExportOptions, Format, export_scene};
use crate::model::{ComponentId, Map};
use crate::scene::Scene;
use crate::scene::roadmap::{self, RoadmapOptions, long};
use chrono::{Datelike, NaiveDate};
use egui::{Context, Panel, Role, ScrollArea, Sense, Ui, Vec2, WidgetInfo};
use std::collections::HashSet;
use std::sync::Arc;

// The map at a date and the appraisal come from `analysis::plan`, through these two
// functions and their small result types.

/// The map as planned on a date, and the systems drawn as ghosts (replaced, in their
/// parallel running).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AsOf {
    pub map: Map,
    pub ghosts: HashSet<ComponentId>,
}

/// `analysis::plan::as_of`, with its ghosts as a set for the canvas.
pub fn map_as_of(map: &Map, date: NaiveDate) -> AsOf {
    let map = plan::as_of(map, date);
    let ghosts = map
        .components
        .iter()
        .filter(|c| plan::is_ghost(c))
        .map(|c| c.id.clone())
        .collect();
    AsOf { map, ghosts }
}

/// One year of the business case.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseYear {
    pub year: u32,
    pub start: NaiveDate,
    pub do_nothing_gbp: f64,
    pub plan_gbp: f64,
    pub discount_factor: f64,
}

/// The Green Book appraisal of the plan against doing nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    pub years: Vec<CaseYear>,
    pub discount_rate: f64,
    pub npv_gbp: f64,
    pub payback_year: Option<u32>,
}

/// `analysis::plan::appraise` with the map's appraisal settings.
pub fn business_case(map: &Map, today: NaiveDate) -> Case {
    let settings = map
        .plan
        .as_ref()
        .map(|p| p.appraisal.clone())
        .unwrap_or_default();
    let appraisal = plan::appraise(map, &settings, today);
    Case {
        years: appraisal
            .years
            .iter()
            .map(|y| CaseYear {
                year: y.year,
                start: y.start,
                do_nothing_gbp: y.do_nothing_gbp,
                plan_gbp: y.plan_gbp,
                discount_factor: y.discount_factor,
            })
            .collect(),
        discount_rate: appraisal.discount_rate,
        npv_gbp: appraisal.npv_gbp,
        payback_year: appraisal.payback_year,
    }
}

type Dimmed = Arc<HashSet<ComponentId>>;

/// The plan windows' state.
#[derive(Default)]
pub(super) struct PlanUi {
    pub roadmap_open: bool,
    pub timeline_open: bool,
    pub case_open: bool,
    pub panel_open: bool,
    /// The date the timeline shows (none: today, the map itself).
    pub shown: Option<NaiveDate>,
    /// The map at `shown`, for the document revision it was worked out from.
    as_of: Option<(NaiveDate, u64, Arc<AsOf>)>,
    /// Read-only before the timeline made it so.
    was_read_only: bool,
    roadmap: Option<(u64, NaiveDate, Arc<Scene>)>,
    /// The canvas's dimmed set with the ghosts, for (shown revision, dimmed set).
    ghosted: Option<((u64, usize), Dimmed)>,
    pub(super) panel: super::plan_panel::PanelState,
}

/// The map shown: as planned at the timeline's date, else the document's.
pub(super) fn shown<'a>(doc: &'a super::Document, plan_ui: &'a PlanUi) -> &'a Map {
    match &plan_ui.as_of {
        Some((_, _, as_of)) if plan_ui.shown.is_some() => &as_of.map,
        _ => &doc.map,
    }
}

/// Why an edit is refused while the timeline shows another date.
pub(super) const TIMELINE_READ_ONLY: &str =
    "The timeline shows another date: the map is read-only until you go back to today";

impl EstateApp {
    /// `dimmed` with the timeline's ghosts added (the same `Arc` while neither changes,
    /// as the canvas's scene cache wants).
    pub(super) fn with_timeline_ghosts(
        &mut self,
        dimmed: Arc<HashSet<ComponentId>>,
    ) -> Arc<HashSet<ComponentId>> {
        let Some(ghosts) = self.timeline_ghosts().filter(|g| !g.is_empty()) else {
            return dimmed;
        };
        let key = (self.shown_revision(), Arc::as_ptr(&dimmed) as usize);
        if let Some((k, merged)) = &self.plan_ui.ghosted
            && *k == key
        {
            return merged.clone();
        }
        let merged: Arc<HashSet<ComponentId>> =
            Arc::new(dimmed.iter().chain(ghosts.iter()).cloned().collect());
        self.plan_ui.ghosted = Some((key, merged.clone()));
        merged
    }

    /// The revision caches of the shown map key on: the document's, moved by the date.
    pub(super) fn shown_revision(&self) -> u64 {
        match self.plan_ui.shown {
            Some(d) => self.doc.revision() ^ ((d.num_days_from_ce() as u64) << 40),
            None => self.doc.revision(),
        }
    }

    /// The components drawn as ghosts at the timeline's date.
    pub(super) fn timeline_ghosts(&self) -> Option<&HashSet<ComponentId>> {
        match &self.plan_ui.as_of {
            Some((_, _, as_of)) if self.plan_ui.shown.is_some() => Some(&as_of.ghosts),
            _ => None,
        }
    }

    /// The date the timeline shows, `None` for today: read-only while it is not today.
    pub fn show_plan_date(&mut self, date: Option<NaiveDate>) {
        let date = date.filter(|d| *d != super::insight::today());
        match (self.plan_ui.shown.is_some(), date.is_some()) {
            (false, true) => {
                self.plan_ui.was_read_only = self.doc.read_only;
                self.doc.end_gesture();
                self.canvas.editor = None;
                self.doc.read_only = true;
            }
            (true, false) => self.doc.read_only = self.plan_ui.was_read_only,
            _ => {}
        }
        self.plan_ui.shown = date;
        self.status.info(match date {
            Some(d) => format!("Showing the map as planned on {}: read-only", long(d)),
            None => "Showing the map as it is today".to_string(),
        });
    }

    /// Back to today if the timeline shows another date (leaving a tab).
    pub(super) fn leave_timeline(&mut self) {
        if self.plan_ui.shown.is_some() {
            self.show_plan_date(None);
        }
    }

    pub fn shown_plan_date(&self) -> Option<NaiveDate> {
        self.plan_ui.shown
    }

    /// Every frame, before the canvas: the map at the shown date, the banner and the
    /// plan windows.
    pub(super) fn plan_ui_frame(&mut self, ui: &mut Ui) {
        if let Some(date) = self.plan_ui.shown {
            let revision = self.doc.revision();
            let current = self
                .plan_ui
                .as_of
                .as_ref()
                .is_some_and(|(d, r, _)| *d == date && *r == revision);
            if !current {
                let as_of = Arc::new(map_as_of(&self.doc.map, date));
                self.plan_ui.as_of = Some((date, revision, as_of));
            }
            Panel::top("timeline banner").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.strong(format!(
                        "Showing the map as planned on {}: read-only",
                        long(date)
                    ));
                    if ui.button("Back to today").clicked() {
                        self.show_plan_date(None);
                    }
                });
            });
        }
        let ctx = ui.ctx().clone();
        self.timeline_window(&ctx);
        self.roadmap_window(&ctx);
        self.case_window(&ctx);
        self.plan_panel_window(&ctx);
    }

    fn timeline_window(&mut self, ctx: &Context) {
        let mut open = self.plan_ui.timeline_open;
        let today = super::insight::today();
        let (start, end) = roadmap::window(&self.doc.map, today);
        let mut chosen = None;
        egui::Window::new("Timeline")
            .open(&mut open)
            .default_pos(egui::pos2(420.0, 180.0))
            .default_width(560.0)
            .show(ctx, |ui| {
                let shown = self.plan_ui.shown.unwrap_or(today);
                ui.label(format!("Date shown: {}", long(shown)));
                let mut day = (shown - start).num_days();
                let last = (end - start).num_days() - 1;
                let response = ui
                    .horizontal(|ui| {
                        let label = ui.label("Date");
                        ui.spacing_mut().slider_width = (ui.available_width() - 16.0).max(200.0);
                        ui.add(egui::Slider::new(&mut day, 0..=last).show_value(false))
                            .labelled_by(label.id)
                            .on_hover_text("Drag to see the map as planned on a day")
                    })
                    .inner;
                if response.changed() {
                    chosen = Some(start + chrono::Duration::days(day));
                }
                ui.horizontal_wrapped(|ui| {
                    if ui.button("Today").clicked() {
                        chosen = Some(today);
                    }
                    let phases = self.doc.map.plan.as_ref().map(|p| p.phases.clone());
                    for phase in phases.unwrap_or_default() {
                        let label = format!("After {}", phase.name);
                        let day_after = phase.end.succ_opt().unwrap_or(phase.end);
                        if ui
                            .button(label)
                            .on_hover_text(format!("The map on {}", long(day_after)))
                            .clicked()
                        {
                            chosen = Some(day_after);
                        }
                    }
                });
                if self.doc.map.plan.is_none() {
                    ui.label("This map has no plan: only end-of-support dates change it.");
                }
            });
        self.plan_ui.timeline_open = open;
        if let Some(d) = chosen {
            self.show_plan_date(Some(d));
        }
    }

    fn roadmap_window(&mut self, ctx: &Context) {
        let mut open = self.plan_ui.roadmap_open;
        if !open {
            return;
        }
        let today = super::insight::today();
        let revision = self.doc.revision();
        let scene = match &self.plan_ui.roadmap {
            Some((r, d, s)) if *r == revision && *d == today => s.clone(),
            _ => {
                let options = RoadmapOptions {
                    presenter: self.presenter,
                    ..RoadmapOptions::new(today)
                };
                let s = Arc::new(roadmap::build(&self.doc.map, &options));
                self.plan_ui.roadmap = Some((revision, today, s.clone()));
                s
            }
        };
        let mut export = None;
        egui::Window::new("Roadmap")
            .open(&mut open)
            .default_size(Vec2::new(1400.0, 800.0))
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.label("For the board pack:");
                    for format in [Format::Pdf, Format::Png, Format::Svg] {
                        let name = format.extension().to_ascii_uppercase();
                        if ui
                            .button(format!("Export roadmap as {name}\u{2026}"))
                            .on_hover_text(
                                "A4 landscape, as estate-map roadmap MAP.json -o OUT writes it",
                            )
                            .clicked()
                        {
                            export = Some(format);
                        }
                    }
                });
                ScrollArea::both().show(ui, |ui| {
                    // Fitted to the window, but text no smaller than about 12 points:
                    // a narrow window scrolls sideways instead.
                    let b = scene.bounds;
                    let zoom = (ui.available_width() / b.width().max(1.0)).max(0.48);
                    let size = Vec2::new(b.width() * zoom, b.height() * zoom);
                    let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
                    let view = View {
                        zoom,
                        offset: Vec2::new(-b.min.x * zoom, -b.min.y * zoom),
                    };
                    paint_shapes(&ui.painter_at(rect), rect, &view, &scene.shapes);
                    for (i, item) in scene.items.iter().enumerate() {
                        let hit = view.rect_to_screen(rect, &item.hit);
                        let response = ui
                            .interact(hit, egui::Id::unique(("roadmap row", i)), Sense::hover())
                            .on_hover_text(&item.name);
                        response.widget_info(|| WidgetInfo::labeled(Role::Label, true, &item.name));
                    }
                });
            });
        self.plan_ui.roadmap_open = open;
        if let Some(format) = export {
            self.export_roadmap(&scene, format);
        }
    }

    /// Writes the roadmap as the `roadmap` command does, asking where.
    fn export_roadmap(&mut self, scene: &Scene, format: Format) {
        let title = format!("Roadmap: {}", self.doc.map.title);
        match export_scene(scene, &title, format, &ExportOptions::default()) {
            Ok(bytes) => self.save_rendered_file(RenderedFile {
                bytes,
                ext: format.extension(),
                what: "roadmap",
                title: format!("{} roadmap", self.doc.map.title),
            }),
            Err(e) => self
                .status
                .error(format!("Could not export the roadmap: {e}")),
        }
    }

    fn case_window(&mut self, ctx: &Context) {
        let mut open = self.plan_ui.case_open;
        if !open {
            return;
        }
        let case = business_case(&self.doc.map, super::insight::today());
        egui::Window::new("Business case")
            .open(&mut open)
            .default_width(640.0)
            .show(ctx, |ui| case_ui(ui, &case));
        self.plan_ui.case_open = open;
    }
}

fn gbp(v: f64) -> String {
    crate::analysis::money::format_gbp_short(v)
}

fn case_ui(ui: &mut Ui, case: &Case) {
    // A plan that changes no cost has nothing to pay back: say so, not "year 0".
    let same = case
        .years
        .iter()
        .all(|y| (y.do_nothing_gbp - y.plan_gbp).abs() < 0.005);
    let payback = match case.payback_year {
        _ if same => "no difference from doing nothing".to_string(),
        Some(y) => format!("year {y}"),
        None => "never, within the appraisal".to_string(),
    };
    ui.label(format!(
        "Net present value: {}  \u{2022}  Pays back: {payback}  \u{2022}  Discount rate {:.1} %",
        gbp(case.npv_gbp),
        case.discount_rate * 100.0
    ));
    egui::Grid::new("business case years")
        .striped(true)
        .show(ui, |ui| {
            for h in [
                "Year",
                "From",
                "Do nothing",
                "Plan",
                "Discount factor",
                "Saving (discounted)",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for y in &case.years {
                ui.label(y.year.to_string());
                ui.label(long(y.start));
                ui.label(gbp(y.do_nothing_gbp));
                ui.label(gbp(y.plan_gbp));
                ui.label(format!("{:.3}", y.discount_factor));
                ui.label(gbp((y.do_nothing_gbp - y.plan_gbp) * y.discount_factor));
                ui.end_row();
            }
        });
    use egui_plot::{Legend, Line, Plot, PlotPoints};
    let series = |f: &dyn Fn(&CaseYear) -> f64| -> PlotPoints {
        case.years
            .iter()
            .map(|y| [f64::from(y.year), f(y)])
            .collect()
    };
    let mut cumulative = 0.0;
    let difference: PlotPoints = case
        .years
        .iter()
        .map(|y| {
            cumulative += (y.do_nothing_gbp - y.plan_gbp) * y.discount_factor;
            [f64::from(y.year), cumulative]
        })
        .collect();
    Plot::new("business case chart")
        .legend(Legend::default())
        .height(240.0)
        .x_axis_label("Year")
        .y_axis_formatter(|mark, _| gbp(mark.value))
        .allow_drag(false)
        .allow_scroll(false)
        .allow_zoom(false)
        .show(ui, |plot| {
            plot.line(Line::new("Do nothing", series(&|y| y.do_nothing_gbp)).width(2.0));
            plot.line(Line::new("Plan", series(&|y| y.plan_gbp)).width(2.0));
            plot.line(Line::new("Cumulative discounted saving", difference).width(2.0));
        });
    ui.small(
        "Until the plan analysis is merged, this is run costs and one-off costs with optimism \
         bias only (no expected loss).",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, Component, Kind, Link, NewSystem, OneOffCost, Phase, Plan, Step};

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Old (£100k a year) replaced by New (£60k) with parallel running April to
    /// September 2027; a one-off cost of £10k with 200 % optimism bias.
    fn map() -> Map {
        let mut map = Map::new("t");
        for (id, name, cost) in [("c1", "Old", 100_000.0), ("c2", "New", 60_000.0)] {
            let mut c =
                Component::new(ComponentId::new(id), name, 0.5, 0.5).with_kind(Kind::System);
            c.annual_cost_gbp = Some(cost);
            map.components.push(c);
        }
        map.links
            .push(Link::new(ComponentId::new("c1"), ComponentId::new("c2")));
        let mut p = Phase::new("p1", "Replace", date("2027-01-01"), date("2027-12-31"));
        p.steps.push(Step::new(Action::Replace {
            from: ComponentId::new("c1"),
            to: ComponentId::new("c2"),
            parallel_from: Some(date("2027-04-01")),
            parallel_to: date("2027-09-30"),
        }));
        p.costs.push(OneOffCost {
            label: "Migration".into(),
            amount_gbp: 10_000.0,
            date: date("2027-02-01"),
            kind: Default::default(),
            capital_or_revenue: Default::default(),
            component: None,
        });
        let mut plan = Plan::default();
        plan.phases.push(p);
        plan.new_systems.push(NewSystem {
            component: ComponentId::new("c2"),
            from: date("2027-04-01"),
        });
        map.plan = Some(plan);
        map
    }

    #[test]
    fn the_map_before_during_and_after_parallel_running() {
        let m = map();
        let before = map_as_of(&m, date("2027-03-31"));
        assert!(before.map.component(&ComponentId::new("c2")).is_none());
        assert!(before.ghosts.is_empty());
        let during = map_as_of(&m, date("2027-09-30"));
        assert_eq!(during.map.components.len(), 2);
        assert!(during.ghosts.contains(&ComponentId::new("c1")));
        let after = map_as_of(&m, date("2027-10-01"));
        assert_eq!(after.map.components.len(), 1);
        assert!(after.map.links.is_empty());
    }

    #[test]
    fn the_business_case_counts_both_in_parallel_and_uplifts_one_offs() {
        let case = business_case(&map(), date("2026-12-02"));
        let y0 = &case.years[0];
        // 2027 (365 days): Old runs to 30 September (273 days), New from 1 April (275).
        let plan = 100_000.0 * 273.0 / 365.0 + 60_000.0 * 275.0 / 365.0 + 30_000.0;
        assert!((y0.plan_gbp - plan).abs() < 0.01, "{}", y0.plan_gbp);
        assert_eq!(y0.do_nothing_gbp, 100_000.0);
        let y1 = &case.years[1];
        assert_eq!(y1.plan_gbp, 60_000.0);
        assert!((y1.discount_factor - 1.0 / 1.035).abs() < 1e-12);
        let npv: f64 = case
            .years
            .iter()
            .map(|y| (y.do_nothing_gbp - y.plan_gbp) * y.discount_factor)
            .sum();
        assert!((case.npv_gbp - npv).abs() < 1e-6);
        // Year 0 costs £50k more than doing nothing, each later year saves £40k: still
        // behind after year 1 (-50k + 38.6k), ahead after year 2 (+37.3k).
        assert!((y0.plan_gbp - 150_000.0).abs() < 0.01);
        assert_eq!(case.payback_year, Some(2));
    }
}

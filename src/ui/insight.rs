//! Analysis in the app: the analysis kept current with the map (recomputed only after an
//! edit), impact highlighting (the selection's blast radius stays bright, the rest is
//! dimmed), the risk register and checks panel, and the inspector's risk section.
//! On a big map the analysis after an edit comes from a worker (`analysis_job`): until
//! it arrives these show the previous analysis, read with the map it was made from.

use super::analysis_job::{ASYNC_ABOVE, Analysed, AnalysisJob, drop_off_thread};
use super::app::EstateApp;
use super::money_job::{MoneyJob, MoneyKey};
use super::register::RegisterPanel;
use super::registry::ActionId;
use crate::analysis::{Analysis, BlastRadius, Check, MoneyAnalysis, NeedExposure, RiskRegister};
use crate::model::{ComponentId, Map};
use crate::scene::{ColourBy, ItemId};
use chrono::NaiveDate;
use egui::{Panel, RichText, Ui};
use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

/// Which list the bottom panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InsightTab {
    #[default]
    Register,
    Checks,
    /// The estate's loss-exceedance curve.
    Loss,
}

/// The analysis of one map revision, as of one day.
struct CachedAnalysis {
    revision: u64,
    /// Results index `map.components`: a replaced document that reuses a revision
    /// number must never be read through an analysis of another size.
    components: usize,
    today: NaiveDate,
    analysis: Arc<Analysis>,
    /// The copy of the map the analysis was made from; None: the document's map at
    /// `revision` (small maps, analysed in the frame).
    map: Option<Arc<Map>>,
    /// The inspector's blast radius, kept while the component stays the same.
    inspected: Option<(ComponentId, BlastRadius)>,
}

impl CachedAnalysis {
    /// The map the analysis describes: its own copy, or the document's map if that is
    /// still the one analysed (None if it is not: results index the map analysed).
    fn map<'a>(&'a self, doc: &'a Map, revision: u64) -> Option<&'a Map> {
        match &self.map {
            Some(map) => Some(map),
            None => (self.revision == revision && self.components == doc.components.len())
                .then_some(doc),
        }
    }
}

fn money_key_of(cached: &CachedAnalysis) -> MoneyKey {
    MoneyKey {
        revision: cached.revision,
        components: cached.components,
        today: cached.today,
    }
}

/// What the dimmed set was computed from.
#[derive(Clone, Debug, PartialEq)]
struct DimmedKey {
    /// The revision analysed (the dimmed set follows the analysis, not the edit).
    revision: u64,
    impact: bool,
    selected: BTreeSet<ComponentId>,
}

#[derive(Default)]
pub struct InsightState {
    cached: Option<CachedAnalysis>,
    /// How many times the analysis has been computed (it must not be per frame).
    runs: u64,
    pub impact: bool,
    dimmed: Arc<HashSet<ComponentId>>,
    dimmed_key: Option<DimmedKey>,
    pub panel_open: bool,
    pub tab: InsightTab,
    pub register: RegisterPanel,
    pub settings_open: bool,
    /// Expected loss and harm, computed off the UI thread.
    pub money: MoneyJob,
    /// The analysis of a big map after an edit, computed off the UI thread.
    job: AnalysisJob,
    /// The copy of the map that jobs started for this key work on, made once.
    snapshot: Option<(MoneyKey, Arc<Map>)>,
}

impl InsightState {
    /// The analysis of the map as last refreshed.
    pub fn analysis(&self) -> Option<&Analysis> {
        self.cached.as_ref().map(|c| &*c.analysis)
    }

    /// Forgets the analysis (another document): the next refresh analyses in the frame.
    pub fn forget_analysis(&mut self) {
        self.cached = None;
        self.job.forget();
        self.snapshot = None;
    }

    /// The analysis for `key`, if it is the one installed.
    fn current_analysis(&self, key: MoneyKey) -> Option<Arc<Analysis>> {
        let cached = self.cached.as_ref().filter(|c| money_key_of(c) == key)?;
        Some(cached.analysis.clone())
    }

    fn install(&mut self, done: Analysed) {
        let old = self.cached.replace(CachedAnalysis {
            revision: done.key.revision,
            components: done.key.components,
            today: done.key.today,
            analysis: done.analysis,
            map: Some(done.map),
            inspected: None,
        });
        drop_off_thread(old);
    }
}

/// A shared copy of `map` for `key`, made only the first time a job asks for it.
fn snapshot(slot: &mut Option<(MoneyKey, Arc<Map>)>, key: MoneyKey, map: &Map) -> Arc<Map> {
    match slot {
        Some((k, copy)) if *k == key => copy.clone(),
        _ => {
            let copy = Arc::new(map.clone());
            drop_off_thread(slot.replace((key, copy.clone())));
            copy
        }
    }
}

/// Everything outside the selection and what depends on it (empty when nothing
/// component-like is selected, so the map is not dimmed for nothing).
pub fn dimmed_by_impact(
    map: &Map,
    analysis: &Analysis,
    selected: &BTreeSet<ComponentId>,
) -> HashSet<ComponentId> {
    let mut bright: HashSet<usize> = HashSet::new();
    for id in selected {
        let Some(node) = analysis.graph().node(id) else {
            continue;
        };
        bright.insert(node);
        if let Some(radius) = analysis.blast_radius(id) {
            bright.extend(radius.components);
        }
    }
    if bright.is_empty() {
        return HashSet::new();
    }
    map.components
        .iter()
        .enumerate()
        .filter(|(n, _)| !bright.contains(n))
        .map(|(_, c)| c.id.clone())
        .collect()
}

pub(super) fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

impl EstateApp {
    /// Recomputes the analysis if the map changed since (or the day did): in the frame
    /// for a small map or one not analysed yet, else on a worker (one job at a time).
    pub(super) fn refresh_analysis(&mut self) {
        let key = self.money_key();
        let insight = &mut self.insight;
        let current = |insight: &InsightState| {
            insight
                .cached
                .as_ref()
                .is_some_and(|c| money_key_of(c) == key)
        };
        if !current(insight)
            && let Some(done) = insight.job.poll()
        {
            insight.install(done);
        }
        if !current(insight) {
            let map = super::plan_view::shown(&self.doc, &self.plan_ui);
            if insight.cached.is_none() || key.components <= ASYNC_ABOVE {
                insight.job.forget();
                let copy = (key.components > ASYNC_ABOVE)
                    .then(|| snapshot(&mut insight.snapshot, key, map));
                let old = insight.cached.replace(CachedAnalysis {
                    revision: key.revision,
                    components: key.components,
                    today: key.today,
                    analysis: Arc::new(Analysis::new(map, key.today)),
                    map: copy,
                    inspected: None,
                });
                drop_off_thread(old);
                insight.runs += 1;
            } else if !insight.job.running() {
                let copy = snapshot(&mut insight.snapshot, key, map);
                let ctx = self.ctx.clone();
                insight.job.start(key, copy, move || ctx.request_repaint());
                insight.runs += 1;
            }
        }
        // The money figures start from this analysis: while a worker is still making
        // it, they wait for it rather than analysing the map a second time.
        let Some(analysis) = insight.current_analysis(key) else {
            return;
        };
        let ctx = self.ctx.clone();
        let (slot, map) = (
            &mut insight.snapshot,
            super::plan_view::shown(&self.doc, &self.plan_ui),
        );
        insight.money.refresh(
            key,
            || snapshot(slot, key, map),
            analysis,
            move || ctx.request_repaint(),
        );
    }

    /// Waits for the money figures of the map as it is now (exports, tests and
    /// benchmarks that need them at once).
    pub fn wait_for_money(&mut self) -> Option<Arc<MoneyAnalysis>> {
        self.wait_for_analysis();
        let key = self.money_key();
        let analysis = self.insight.current_analysis(key)?;
        let map = super::plan_view::shown(&self.doc, &self.plan_ui);
        let slot = &mut self.insight.snapshot;
        self.insight
            .money
            .wait(key, || snapshot(slot, key, map), analysis);
        self.insight.money.get(key)
    }

    /// Waits for the analysis of the map as it is now (exports, tests and benchmarks
    /// that need it at once).
    pub fn wait_for_analysis(&mut self) {
        self.refresh_analysis();
        if let Some(done) = self.insight.job.wait() {
            self.insight.install(done);
        }
        // The job that ended may have been for an older revision.
        self.refresh_analysis();
        if let Some(done) = self.insight.job.wait() {
            self.insight.install(done);
        }
    }

    /// What the money figures of the map as it is now are computed from.
    pub(super) fn money_key(&self) -> MoneyKey {
        // The whole estate (at the timeline's date) is analysed; an area view only
        // filters the register's rows.
        let analysed = super::plan_view::shown(&self.doc, &self.plan_ui);
        MoneyKey {
            revision: self.shown_revision(),
            components: analysed.components.len(),
            today: today(),
        }
    }

    /// The components the canvas draws faded, recomputed only when the map, the
    /// selection or the impact toggle changed.
    pub(super) fn refresh_dimmed(&mut self) -> Arc<HashSet<ComponentId>> {
        self.refresh_analysis();
        let revision = self.shown_revision();
        let key = DimmedKey {
            revision: self
                .insight
                .cached
                .as_ref()
                .map_or(revision, |c| c.revision),
            impact: self.insight.impact,
            selected: self.canvas.selection.components.clone(),
        };
        if self.insight.dimmed_key.as_ref() != Some(&key) {
            let cached = self.insight.cached.as_ref();
            let analysed = cached.and_then(|c| {
                Some((
                    c.map(super::plan_view::shown(&self.doc, &self.plan_ui), revision)?,
                    c,
                ))
            });
            let dimmed = match (analysed, key.impact) {
                (Some((map, c)), true) => dimmed_by_impact(map, &c.analysis, &key.selected),
                _ => HashSet::new(),
            };
            // After an edit the status line keeps saying what the edit did.
            let focus_changed = self
                .insight
                .dimmed_key
                .as_ref()
                .is_none_or(|old| old.impact != key.impact || old.selected != key.selected);
            if key.impact && focus_changed {
                self.report_impact(&key.selected);
            }
            if *self.insight.dimmed != dimmed {
                self.insight.dimmed = Arc::new(dimmed);
                // The canvas may have painted this frame already.
                self.ctx.request_repaint();
            }
            self.insight.dimmed_key = Some(key);
        }
        self.insight.dimmed.clone()
    }

    /// Says on the status line what the highlight shows, for the room to read.
    fn report_impact(&mut self, selected: &BTreeSet<ComponentId>) {
        let Some(analysis) = self.insight.analysis() else {
            return;
        };
        let mut components = HashSet::new();
        let mut needs = HashSet::new();
        for id in selected {
            if let Some(radius) = analysis.blast_radius(id) {
                components.extend(radius.components);
                needs.extend(radius.user_needs);
            }
        }
        let (what, pronoun) = match (selected.len(), selected.first()) {
            (1, Some(id)) => (self.name_of(id), "it"),
            (0, _) | (_, None) => return,
            (n, _) => (format!("the {n} selected"), "them"),
        };
        self.status.info(format!(
            "Impact of {what}: {} component(s) and {} user need(s) depend on {pronoun}",
            components.len(),
            needs.len()
        ));
    }

    /// Whether impact highlighting is on.
    pub fn impact(&self) -> bool {
        self.insight.impact
    }

    /// The components drawn faded on the canvas.
    pub fn dimmed(&self) -> &HashSet<ComponentId> {
        &self.insight.dimmed
    }

    /// How many times the analysis has been computed since the app opened.
    pub fn analysis_runs(&self) -> u64 {
        self.insight.runs
    }

    pub(super) fn toggle_impact(&mut self) {
        self.insight.impact = !self.insight.impact;
        if !self.insight.impact {
            self.status.info("Impact highlighting off");
        } else if self.canvas.selection.components.is_empty() {
            self.status
                .info("Impact on: select a component to see what depends on it");
        } else {
            self.status
                .info("Impact on: what depends on the selection stays bright");
        }
    }

    pub(super) fn show_panel(&mut self, tab: InsightTab) {
        let insight = &mut self.insight;
        insight.panel_open = !(insight.panel_open && insight.tab == tab);
        insight.tab = tab;
    }

    /// The analysis buttons: actions from the registry, and the colouring list.
    pub(super) fn insight_buttons(&mut self, ui: &mut Ui) {
        self.tool_action(ui, ActionId::Impact, None);
        self.tool_action(ui, ActionId::Register, None);
        let count = self.insight.analysis().map_or(0, |a| a.checks().len());
        self.tool_action(ui, ActionId::Checks, Some(&format!("Checks ({count})")));
        self.colour_by_selector(ui);
        self.tool_action(ui, ActionId::RiskSettings, None);
    }

    /// "Colour by": status, risk score or dates, for the canvas and exports.
    fn colour_by_selector(&mut self, ui: &mut Ui) {
        let mut chosen = self.colour_by;
        let label = ui.label("Colour by");
        egui::ComboBox::from_id_salt("colour by")
            .selected_text(chosen.label())
            .show_ui(ui, |ui| {
                for option in ColourBy::ALL {
                    ui.selectable_value(&mut chosen, option, option.label());
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text(
                "What box fills show: support status, risk score (heat) or end of support and \
                 contract dates; outlines always show status (C cycles)",
            );
        if chosen != self.colour_by {
            self.set_colour_by(chosen);
        }
    }

    /// The register / checks panel and the settings window; call before the canvas.
    pub(super) fn insight_panels(&mut self, ui: &mut Ui) {
        self.refresh_analysis();
        if self.insight.panel_open {
            Panel::bottom("insight panel")
                .resizable(true)
                .default_size(280.0)
                .show(ui, |ui| self.insight_panel_ui(ui));
        }
        self.risk_settings_window(ui);
        self.money_settings_window(ui);
        self.annotations_window(ui);
    }

    fn insight_panel_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let tab = &mut self.insight.tab;
            ui.selectable_value(tab, InsightTab::Register, "Risk register");
            ui.selectable_value(tab, InsightTab::Checks, "Checks");
            ui.selectable_value(tab, InsightTab::Loss, "Loss curve");
            if self.insight.tab == InsightTab::Register {
                ui.separator();
                let export = ui.button("Export CSV\u{2026}").on_hover_text(
                    "Save the register rows shown, highest risk first, as CSV for a risk \
                     register spreadsheet",
                );
                if export.clicked() {
                    self.export_register_csv();
                }
            }
        });
        ui.separator();
        match self.insight.tab {
            InsightTab::Register => self.register_ui(ui),
            InsightTab::Checks => self.checks_ui(ui),
            InsightTab::Loss => {
                let money = self.insight.money.get(self.money_key());
                super::loss_chart::loss_chart_ui(ui, money.as_deref());
            }
        }
    }

    fn register_ui(&mut self, ui: &mut Ui) {
        let revision = self.shown_revision();
        let insight = &mut self.insight;
        let Some(cached) = &insight.cached else {
            return;
        };
        let selected = self.canvas.selection.single_component().cloned();
        insight.register.set_selected(selected);
        let shown = super::plan_view::shown(&self.doc, &self.plan_ui);
        let Some(map) = cached.map(shown, revision) else {
            return;
        };
        let money = insight.money.get(money_key_of(cached));
        let mut register = RiskRegister::new(map, &cached.analysis);
        if let Some(money) = &money {
            register = register.with_money(money, insight.register.rank_by_for(money));
        }
        if let Some(id) = insight.register.ui(ui, register) {
            self.select_and_centre(&[id]);
        }
    }

    fn checks_ui(&mut self, ui: &mut Ui) {
        let Some(analysis) = self.insight.analysis() else {
            return;
        };
        let checks: Vec<Check> = analysis.checks().to_vec();
        if checks.is_empty() {
            ui.label(
                "No problems found: every component is linked, with no cycles or upward links.",
            );
            return;
        }
        ui.label("Click a warning to select the components it names.");
        let mut clicked = None;
        egui::ScrollArea::vertical().show(ui, |ui| {
            for check in &checks {
                let link = ui.selectable_label(false, &check.message);
                if link.clicked() {
                    clicked = Some(check.components.clone());
                }
            }
        });
        if let Some(ids) = clicked {
            self.select_and_centre(&ids);
        }
    }

    /// Selects these components and centres the view on the first.
    fn select_and_centre(&mut self, ids: &[ComponentId]) {
        let existing: Vec<&ComponentId> = ids
            .iter()
            .filter(|id| self.doc.map.component(id).is_some())
            .collect();
        let Some(first) = existing.first() else {
            self.status.error("That component is no longer on the map");
            return;
        };
        self.canvas.centre_on_component(&self.doc.map, first);
        self.canvas.selection.clear();
        for id in &existing {
            self.canvas.selection.add(&ItemId::Component((*id).clone()));
        }
        let names: Vec<String> = existing.iter().map(|id| self.name_of(id)).collect();
        self.status.info(format!("Selected {}", names.join(", ")));
    }

    /// The inspector's risk and impact facts for one component.
    pub(super) fn risk_section(&mut self, ui: &mut Ui, id: &ComponentId) {
        self.refresh_analysis();
        let Some(cached) = &mut self.insight.cached else {
            return;
        };
        let own = cached.map.clone();
        let doc = &self.doc;
        let map: &Map = match own.as_deref() {
            Some(map) => map,
            None if cached.revision == doc.revision()
                && cached.components == doc.map.components.len() =>
            {
                &doc.map
            }
            None => return,
        };
        let analysis = &cached.analysis;
        let Some(facts) = analysis.component(id) else {
            return;
        };
        ui.separator();
        ui.label(RichText::new("Risk").strong());
        ui.label(format!("Clinical risk rating: {}", facts.rating));
        if let Some(rank) = facts.rank {
            ui.label(format!(
                "Risk score {} (rank {rank} in the register)",
                crate::analysis::format_points(facts.score.total)
            ));
            ui.label(RichText::new(facts.score.explain()).weak());
        }
        if facts.exposed {
            ui.label("Exposed: supported itself, but it rests on at-risk components");
        }
        if let Some(node) = analysis.graph().node(id)
            && let Some(exposure) = analysis.exposures().iter().find(|e| e.need == node)
        {
            exposure_lines(ui, map, exposure);
            return;
        }
        ui.separator();
        ui.label(RichText::new("Impact if it fails").strong());
        let radius = match &cached.inspected {
            Some((at, radius)) if at == id => radius,
            _ => {
                let radius = analysis.blast_radius(id).unwrap_or_default();
                &cached.inspected.insert((id.clone(), radius)).1
            }
        };
        ui.label(format!(
            "{} component(s) depend on it, {} user need(s):",
            radius.components.len(),
            radius.user_needs.len()
        ));
        for &need in &radius.user_needs {
            ui.label(format!("\u{2022} {}", map.components[need].name));
        }
        if let Some(line) = super::area_filter::areas_line(map, &radius.components) {
            ui.label(line);
        }
        if radius.user_needs.is_empty() {
            ui.label(RichText::new("No user need depends on it").weak());
        }
    }
}

/// For a user need: what it rests on and which of those are at risk.
fn exposure_lines(ui: &mut Ui, map: &Map, exposure: &NeedExposure) {
    ui.separator();
    ui.label(RichText::new("Exposure").strong());
    ui.label(format!(
        "Rests on {} component(s), {} at risk:",
        exposure.rests_on,
        exposure.at_risk.len()
    ));
    for &n in &exposure.at_risk {
        let c = &map.components[n];
        ui.label(format!("\u{2022} {} ({})", c.name, c.status.label()));
    }
    if exposure.at_risk.is_empty() {
        ui.label(RichText::new("Nothing it rests on is at risk").weak());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Command;
    use crate::model::SupportStatus;
    use crate::model::generate::generate;
    use crate::ui::Document;

    fn app(components: usize) -> EstateApp {
        let ctx = egui::Context::default();
        EstateApp::new(&ctx, Document::new(generate(components, 1), None))
    }

    #[test]
    fn a_big_map_is_analysed_on_a_worker_and_read_with_its_copy_meanwhile() {
        let mut app = app(ASYNC_ABOVE + 50);
        app.refresh_analysis();
        assert_eq!(
            app.analysis_runs(),
            1,
            "the first analysis is made in the frame"
        );
        let first = app.doc.map.components[0].clone();
        let command = Command::Delete {
            components: vec![first.id.clone()],
            notes: vec![],
        };
        app.doc.apply(command).unwrap();
        app.refresh_analysis();
        assert_eq!(app.analysis_runs(), 2, "a job started");
        let revision = app.doc.revision();
        let cached = app.insight.cached.as_ref().unwrap();
        assert_ne!(
            cached.revision, revision,
            "the old analysis until the job ends"
        );
        let map = cached
            .map(&app.doc.map, revision)
            .expect("read with its copy");
        assert_eq!(map.components.len(), ASYNC_ABOVE + 50);
        assert_eq!(map.components[0].name, first.name);
        assert!(cached.analysis.component(&first.id).is_some());
        app.refresh_analysis();
        assert_eq!(app.analysis_runs(), 2, "one job at a time");
        app.wait_for_analysis();
        let cached = app.insight.cached.as_ref().unwrap();
        assert_eq!(
            (cached.revision, cached.components),
            (revision, ASYNC_ABOVE + 49)
        );
        assert!(cached.analysis.component(&first.id).is_none());
        assert_eq!(app.analysis_runs(), 2);
    }

    #[test]
    fn a_small_map_is_analysed_in_the_frame_of_the_edit() {
        let mut app = app(60);
        app.refresh_analysis();
        let id = app.doc.map.components[5].id.clone();
        let command = Command::SetStatus {
            ids: vec![id.clone()],
            status: SupportStatus::Unsupported,
        };
        app.doc.apply(command).unwrap();
        app.refresh_analysis();
        assert_eq!(app.analysis_runs(), 2);
        let cached = app.insight.cached.as_ref().unwrap();
        assert_eq!(cached.revision, app.doc.revision());
        assert!(
            cached.map.is_none(),
            "no copy of a small map for the analysis"
        );
        let facts = cached.analysis.component(&id).unwrap();
        assert!(facts.rank.is_some(), "unsupported: in the register at once");
        // An analysis without its copy is not read with another revision of the map.
        assert!(cached.map(&app.doc.map, app.doc.revision() + 1).is_none());
    }
}

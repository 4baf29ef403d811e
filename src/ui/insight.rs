//! Analysis in the app: the analysis kept current with the map (recomputed only after an
//! edit), impact highlighting (the selection's blast radius stays bright, the rest is
//! dimmed), the risk register and checks panel, and the inspector's risk section.

use super::app::EstateApp;
use super::register::RegisterPanel;
use crate::analysis::{Analysis, BlastRadius, Check, NeedExposure, RiskRegister};
use crate::model::{ComponentId, Map};
use crate::scene::{ColourBy, ItemId};
use chrono::NaiveDate;
use egui::{Context, Key, Modifiers, Panel, RichText, Ui};
use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

/// Which list the bottom panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InsightTab {
    #[default]
    Register,
    Checks,
}

/// The analysis of one map revision, as of one day.
struct CachedAnalysis {
    revision: u64,
    /// Results index `map.components`: a replaced document that reuses a revision
    /// number must never be read through an analysis of another size.
    components: usize,
    today: NaiveDate,
    analysis: Analysis,
    /// The inspector's blast radius, kept while the component stays the same.
    inspected: Option<(ComponentId, BlastRadius)>,
}

/// What the dimmed set was computed from.
#[derive(Clone, Debug, PartialEq)]
struct DimmedKey {
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
}

impl InsightState {
    /// The analysis of the map as last refreshed.
    pub fn analysis(&self) -> Option<&Analysis> {
        self.cached.as_ref().map(|c| &c.analysis)
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
    /// Recomputes the analysis if the map changed since (or the day did).
    pub(super) fn refresh_analysis(&mut self) {
        let revision = self.doc.revision();
        let components = self.doc.map.components.len();
        let today = today();
        let current = self.insight.cached.as_ref().is_some_and(|c| {
            c.revision == revision && c.components == components && c.today == today
        });
        if !current {
            self.insight.cached = Some(CachedAnalysis {
                revision,
                components,
                today,
                analysis: Analysis::new(&self.doc.map, today),
                inspected: None,
            });
            self.insight.runs += 1;
        }
    }

    /// The components the canvas draws faded, recomputed only when the map, the
    /// selection or the impact toggle changed.
    pub(super) fn refresh_dimmed(&mut self) -> Arc<HashSet<ComponentId>> {
        let key = DimmedKey {
            revision: self.doc.revision(),
            impact: self.insight.impact,
            selected: self.canvas.selection.components.clone(),
        };
        if self.insight.dimmed_key.as_ref() != Some(&key) {
            self.refresh_analysis();
            let dimmed = match (&self.insight.cached, key.impact) {
                (Some(c), true) => dimmed_by_impact(&self.doc.map, &c.analysis, &key.selected),
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

    fn show_panel(&mut self, tab: InsightTab) {
        let insight = &mut self.insight;
        insight.panel_open = !(insight.panel_open && insight.tab == tab);
        insight.tab = tab;
    }

    /// I, R and C; called by the shortcut handler when no text field has focus.
    pub(super) fn insight_shortcuts(&mut self, ctx: &Context) {
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::I)) {
            self.toggle_impact();
        }
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::R)) {
            self.show_panel(InsightTab::Register);
        }
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::C)) {
            self.set_colour_by(self.colour_by.next());
        }
    }

    pub(super) fn insight_buttons(&mut self, ui: &mut Ui) {
        let impact = ui
            .selectable_label(self.insight.impact, "Impact")
            .on_hover_text("Highlight what depends on the selected component and dim the rest (I)");
        if impact.clicked() {
            self.toggle_impact();
        }
        let register_open = self.insight.panel_open && self.insight.tab == InsightTab::Register;
        let register = ui
            .selectable_label(register_open, "Register")
            .on_hover_text("Show the risk register, highest risk first (R)");
        if register.clicked() {
            self.show_panel(InsightTab::Register);
        }
        let checks_open = self.insight.panel_open && self.insight.tab == InsightTab::Checks;
        let count = self.insight.analysis().map_or(0, |a| a.checks().len());
        let checks = ui
            .selectable_label(checks_open, format!("Checks ({count})"))
            .on_hover_text("Cycles, unlinked components, needs with no dependencies, upward links");
        if checks.clicked() {
            self.show_panel(InsightTab::Checks);
        }
        self.colour_by_selector(ui);
        let settings = ui
            .button("Risk settings\u{2026}")
            .on_hover_text("Edit this map's clinical risk matrix and risk score weights");
        if settings.clicked() {
            self.insight.settings_open = true;
        }
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
    }

    fn insight_panel_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let tab = &mut self.insight.tab;
            ui.selectable_value(tab, InsightTab::Register, "Risk register");
            ui.selectable_value(tab, InsightTab::Checks, "Checks");
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
        }
    }

    fn register_ui(&mut self, ui: &mut Ui) {
        let insight = &mut self.insight;
        let Some(cached) = &insight.cached else {
            return;
        };
        let selected = self.canvas.selection.single_component().cloned();
        insight.register.set_selected(selected);
        let register = RiskRegister::new(&self.doc.map, &cached.analysis);
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
        let analysis = &cached.analysis;
        let map = &self.doc.map;
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

//! File > Merge maps…: disease-area maps merged into one estate. Picks area files with
//! the same file dialogs as Open (so tests script them), shows each near match's two
//! records side by side to accept or reject, lists the conflicts with the value the
//! estate keeps, and opens the estate as a new untitled tab. The merging itself is
//! `edit::estate`, as the `merge` command uses it.

use super::app::EstateApp;
use super::document::Document;
use super::files::dialogs::ask_open_path;
use super::files::disk;
use crate::edit::estate::matching::same_name;
use crate::edit::estate::review::values_text;
use crate::edit::estate::{
    Decision, Decisions, MergeOutcome, NearMatch, Side, ValueDecision, area_title, merge_areas,
};
use crate::model::{Component, Map};
use egui::{Context, RichText, Ui};

/// The dialog's state while it is open.
#[derive(Default)]
pub struct MergeDialog {
    /// Each area's title and map, in merge order.
    areas: Vec<(String, Map)>,
    decisions: Decisions,
    outcome: Option<MergeOutcome>,
    error: Option<String>,
}

impl MergeDialog {
    fn remerge(&mut self) {
        self.outcome =
            (!self.areas.is_empty()).then(|| merge_areas(None, &self.areas, &self.decisions));
    }

    /// An area's own record of a near match's side.
    fn record(&self, side: &Side) -> Option<&Component> {
        let (_, map) = self.areas.iter().find(|(t, _)| t == &side.area)?;
        map.components
            .iter()
            .find(|c| same_name(&c.name, &side.name))
    }
}

/// What the user did this frame.
enum Step {
    Add,
    Remove(usize),
    Decide(Side, Side, Option<Decision>),
    /// Keep this value for a conflict: component name, field key, value.
    Choose(String, String, String),
    Open,
    Close,
}

impl EstateApp {
    /// File > Merge maps…: opens the dialog and asks for the first area.
    pub(super) fn open_merge_maps(&mut self) {
        // The open estate's remembered match decisions start the review.
        self.merge_maps = Some(MergeDialog {
            decisions: crate::edit::estate::remembered::remembered(&self.doc.map),
            ..MergeDialog::default()
        });
        self.add_merge_area();
    }

    fn add_merge_area(&mut self) {
        let start = self.doc.path.clone();
        let path = ask_open_path(self.files.dialogs.as_mut(), start.as_deref());
        let unavailable = self.files.dialogs.unavailable();
        let Some(dialog) = self.merge_maps.as_mut() else {
            return;
        };
        let Some(path) = path else {
            if unavailable {
                dialog.error = Some(
                    "No file dialog is available on this desktop: merge with \
                     `estate-map merge AREA.json... -o ESTATE.json` instead"
                        .into(),
                );
            }
            return;
        };
        match disk::open_map(&path) {
            Ok(opened) => {
                let title = area_title(&opened.map, &path);
                if dialog.areas.iter().any(|(t, _)| t == &title) {
                    dialog.error = Some(format!(
                        "An area titled '{title}' is already in the list: give each area map its own title"
                    ));
                    return;
                }
                dialog.error = None;
                dialog.areas.push((title, opened.map));
                dialog.remerge();
            }
            Err(e) => dialog.error = Some(format!("Cannot add that area: {e}")),
        }
    }

    /// Draws the dialog, if open, and carries out what was clicked.
    pub(super) fn merge_dialog_ui(&mut self, ctx: &Context) {
        let Some(dialog) = self.merge_maps.as_ref() else {
            return;
        };
        let mut step = None;
        let mut open = true;
        egui::Window::new("Merge maps")
            .open(&mut open)
            .collapsible(false)
            .default_width(760.0)
            .default_height(560.0)
            .show(ctx, |ui| step = dialog_ui(ui, dialog));
        if !open {
            step = Some(Step::Close);
        }
        match step {
            None => {}
            Some(Step::Add) => self.add_merge_area(),
            Some(Step::Close) => self.merge_maps = None,
            Some(Step::Remove(i)) => {
                let dialog = self.merge_maps.as_mut().expect("open");
                dialog.areas.remove(i);
                dialog.remerge();
            }
            Some(Step::Decide(a, b, decision)) => {
                let dialog = self.merge_maps.as_mut().expect("open");
                match decision {
                    Some(d) => dialog.decisions.decide(a, b, d),
                    None => {
                        let undecided = |(x, y, _): &(Side, Side, Decision)| {
                            !((x == &a && y == &b) || (x == &b && y == &a))
                        };
                        dialog.decisions.matches.retain(undecided);
                    }
                }
                dialog.remerge();
            }
            Some(Step::Choose(component, field, value)) => {
                let dialog = self.merge_maps.as_mut().expect("open");
                let values = &mut dialog.decisions.values;
                values.retain(|d| !(d.component == component && d.field == field));
                values.push(ValueDecision {
                    component,
                    field,
                    value: Some(value),
                    row: 0,
                });
                dialog.remerge();
            }
            Some(Step::Open) => {
                let Some(outcome) = self.merge_maps.take().and_then(|d| d.outcome) else {
                    return;
                };
                let (components, areas) = (
                    outcome.map.components.len(),
                    outcome
                        .report
                        .iter()
                        .filter(|l| l.contains(" components ("))
                        .count(),
                );
                self.open_tab(Document::new(outcome.map, None));
                self.status.info(format!(
                    "Opened the estate of {areas} areas ({components} components) in a new tab: Save asks where to keep it"
                ));
            }
        }
    }
}

fn dialog_ui(ui: &mut Ui, dialog: &MergeDialog) -> Option<Step> {
    let mut step = None;
    ui.label("Each area is named by its map's title. Names equal apart from case, spacing and punctuation become one system; near matches wait for your decision.");
    ui.heading("Areas");
    for (i, (title, map)) in dialog.areas.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(format!("{title}: {} components", map.components.len()));
            if ui.button(format!("Remove {title}")).clicked() {
                step = Some(Step::Remove(i));
            }
        });
    }
    if ui
        .button("Add area map\u{2026}")
        .on_hover_text("Pick another disease-area map to merge")
        .clicked()
    {
        step = Some(Step::Add);
    }
    if let Some(error) = &dialog.error {
        ui.colored_label(ui.visuals().error_fg_color, error);
    }
    let Some(outcome) = &dialog.outcome else {
        ui.label("Add at least one area map.");
        return step.or_else(|| buttons(ui, false));
    };
    ui.separator();
    ui.label(format!(
        "Estate: {} components, {} links; {} near matches and conflicts to review",
        outcome.map.components.len(),
        outcome.map.links.len(),
        outcome.undecided()
    ));
    egui::ScrollArea::vertical()
        .max_height(ui.ctx().content_rect().height() * 0.6)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            if !outcome.near_matches.is_empty() {
                ui.heading("Near matches");
            }
            for (i, m) in outcome.near_matches.iter().enumerate() {
                if let Some(s) = near_match_ui(ui, dialog, i + 1, m) {
                    step = Some(s);
                }
            }
            if !outcome.conflicts.is_empty() {
                ui.heading("Conflicts");
                ui.label("The estate keeps the value shown under Kept: pick another to decide.");
                if let Some(s) = conflicts_ui(ui, outcome) {
                    step = Some(s);
                }
            }
        });
    ui.separator();
    step.or_else(|| buttons(ui, true))
}

fn buttons(ui: &mut Ui, can_open: bool) -> Option<Step> {
    let mut step = None;
    ui.horizontal(|ui| {
        let open = ui
            .add_enabled(can_open, egui::Button::new("Open estate"))
            .on_hover_text("Open the merged estate as a new, untitled map");
        if open.clicked() {
            step = Some(Step::Open);
        }
        if ui.button("Cancel").clicked() {
            step = Some(Step::Close);
        }
    });
    step
}

/// One near match: both records side by side, and Accept / Reject toggles.
fn near_match_ui(ui: &mut Ui, dialog: &MergeDialog, n: usize, m: &NearMatch) -> Option<Step> {
    let mut step = None;
    ui.group(|ui| {
        ui.label(RichText::new(format!("Match {n}: {} (score {:.2})", m.reason, m.score)).strong());
        egui::Grid::new(("near match", n))
            .num_columns(3)
            .striped(true)
            .show(ui, |ui| {
                let (a, b) = (dialog.record(&m.a), dialog.record(&m.b));
                ui.label("");
                ui.label(RichText::new(&m.a.area).strong());
                ui.label(RichText::new(&m.b.area).strong());
                ui.end_row();
                for (label, show) in RECORD_ROWS {
                    ui.label(*label);
                    ui.label(a.map(show).unwrap_or_default());
                    ui.label(b.map(show).unwrap_or_default());
                    ui.end_row();
                }
            });
        ui.horizontal(|ui| {
            let accepted = m.decision == Some(Decision::Accept);
            let rejected = m.decision == Some(Decision::Reject);
            let accept = ui
                .selectable_label(accepted, format!("Accept match {n}"))
                .on_hover_text("The same system: merge them into one component");
            let reject = ui
                .selectable_label(rejected, format!("Reject match {n}"))
                .on_hover_text("Different systems: keep both");
            let (a, b) = (m.a.clone(), m.b.clone());
            if accept.clicked() {
                step = Some(Step::Decide(a, b, (!accepted).then_some(Decision::Accept)));
            } else if reject.clicked() {
                step = Some(Step::Decide(a, b, (!rejected).then_some(Decision::Reject)));
            }
        });
    });
    step
}

type Show = fn(&Component) -> String;

/// The key fields shown for each side of a near match.
const RECORD_ROWS: &[(&str, Show)] = &[
    ("Name", |c| c.name.clone()),
    ("Status", |c| c.status.label().to_string()),
    ("Supplier", |c| c.supplier.clone().unwrap_or_default()),
    ("End of support", |c| {
        c.end_of_support.map(|d| d.to_string()).unwrap_or_default()
    }),
    ("Annual cost", |c| {
        c.annual_cost_gbp
            .map(|v| format!("\u{a3}{v:.0}"))
            .unwrap_or_default()
    }),
    ("Evolution", |c| format!("{:.2}", c.evolution)),
];

fn conflicts_ui(ui: &mut Ui, outcome: &MergeOutcome) -> Option<Step> {
    let mut step = None;
    egui::Grid::new("merge conflicts")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for header in ["Component", "Field", "Values", "Kept"] {
                ui.label(RichText::new(header).strong());
            }
            ui.end_row();
            for c in &outcome.conflicts {
                ui.label(&c.component);
                ui.label(&c.field);
                ui.label(values_text(&c.values));
                let mut kept = c.chosen.clone();
                ui.horizontal(|ui| {
                    egui::ComboBox::from_id_salt(("kept", &c.id, &c.field))
                        .selected_text(&kept)
                        .show_ui(ui, |ui| {
                            let mut offered: Vec<&str> = Vec::new();
                            for (_, value) in &c.values {
                                if !offered.contains(&value.as_str()) {
                                    offered.push(value);
                                    ui.selectable_value(&mut kept, value.clone(), value.as_str());
                                }
                            }
                        })
                        .response
                        .on_hover_text(format!("Kept for {} {}", c.component, c.field));
                    ui.weak(&c.rule);
                });
                if kept != c.chosen {
                    step = Some(Step::Choose(c.component.clone(), c.field.clone(), kept));
                }
                ui.end_row();
            }
        });
    step
}

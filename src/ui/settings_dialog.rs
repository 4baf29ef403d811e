//! The map's risk settings: the clinical risk matrix (5 x 5 ratings 1-5) and the risk
//! score weights. Each change is an edit command, so it can be undone; dragging one value
//! is one undo step.

use super::app::EstateApp;
use super::editor::capitalise;
use crate::edit::{Coalesce, Command};
use crate::model::{Consequence, Likelihood, ScoreWeights};
use egui::{DragValue, Grid, Response, Ui};

/// Picks one weight out of the score weights.
type WeightField = fn(&mut ScoreWeights) -> &mut f64;

impl EstateApp {
    pub(super) fn risk_settings_window(&mut self, ui: &mut Ui) {
        let mut open = self.insight.settings_open;
        egui::Window::new("Risk settings")
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .show(ui.ctx(), |ui| {
                if self.doc.read_only {
                    ui.label("Read-only: the settings cannot be changed");
                }
                ui.add_enabled_ui(!self.doc.read_only, |ui| {
                    self.matrix_grid(ui);
                    ui.separator();
                    self.weight_fields(ui);
                    ui.separator();
                    let reset = ui.button("Reset to defaults").on_hover_text(
                        "The DCB0160 example matrix and the default weights (undoable)",
                    );
                    if reset.clicked() {
                        self.run_command(Command::ResetRiskSettings);
                    }
                });
            });
        self.insight.settings_open = open;
    }

    fn matrix_grid(&mut self, ui: &mut Ui) {
        ui.label("Clinical risk matrix: rating 1 (acceptable) to 5 (unacceptable)");
        let matrix = self.doc.map.settings.risk_matrix.clone();
        let mut edits = Vec::new();
        Grid::new("risk matrix").striped(true).show(ui, |ui| {
            ui.label("Likelihood \\ consequence");
            for consequence in Consequence::ALL {
                ui.label(consequence.label());
            }
            ui.end_row();
            for likelihood in Likelihood::ALL {
                ui.label(likelihood.label());
                for consequence in Consequence::ALL {
                    let mut rating = matrix.rating(likelihood, consequence);
                    let name = format!(
                        "Rating for {} likelihood, {} consequence",
                        likelihood.label(),
                        consequence.label()
                    );
                    let response = ui
                        .add(DragValue::new(&mut rating).range(1..=5).speed(0.05))
                        .accessible_name(&name)
                        .on_hover_text(crate::model::RiskMatrix::rating_meaning(rating));
                    let command = Command::SetRiskRating {
                        likelihood,
                        consequence,
                        rating,
                    };
                    edits.push((response, command, name));
                }
                ui.end_row();
            }
        });
        for (response, command, gesture) in edits {
            self.settings_edit(&response, command, &gesture);
        }
    }

    fn weight_fields(&mut self, ui: &mut Ui) {
        ui.label("Risk score weights (points per unit; see the register's explanations)");
        let weights = self.doc.map.settings.score_weights.clone();
        let fields: [(&str, WeightField); 4] = [
            ("Clinical rating weight", |w| &mut w.clinical),
            ("Support status weight", |w| &mut w.support),
            ("Dependent user needs weight", |w| &mut w.dependants),
            ("Expiry weight", |w| &mut w.expiry),
        ];
        let mut edits = Vec::new();
        Grid::new("score weights").show(ui, |ui| {
            for (name, field) in fields {
                let mut edited = weights.clone();
                ui.label(name);
                let response = ui
                    .add(
                        DragValue::new(field(&mut edited))
                            .range(0.0..=100.0)
                            .speed(0.05)
                            .max_decimals(2),
                    )
                    .accessible_name(name);
                ui.end_row();
                edits.push((response, Command::SetScoreWeights(edited), name));
            }
        });
        for (response, command, gesture) in edits {
            self.settings_edit(&response, command, gesture);
        }
    }

    /// Applies a changed value as part of that field's gesture: one drag is one undo
    /// step, and a typed or stepped value is a step of its own.
    fn settings_edit(&mut self, response: &Response, command: Command, gesture: &str) {
        if response.changed() {
            let what = command.describe();
            match self
                .doc
                .apply_in_gesture(command, Coalesce::Setting(gesture.to_string()))
            {
                Ok(_) => self.status.info(capitalise(&what)),
                Err(e) => self.status.error(format!("Cannot {what}: {e}")),
            }
            if !response.dragged() {
                self.doc.end_gesture();
            }
        } else if response.drag_stopped() {
            self.doc.end_gesture();
        }
    }
}

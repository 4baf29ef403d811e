//! The Money settings dialog: the expected-loss model's defaults (failures a year by
//! support status, the extra failures past end of support, outage days, the cost per
//! patient a day, draws and seed). The fields edit a draft; Apply writes it as one
//! undoable edit, and is greyed while a field is wrong (each error shown on its row,
//! in the words the map's checks use).

use super::app::EstateApp;
use crate::edit::Command;
use crate::model::{MoneySettings, Range3, money_problems};
use egui::{Button, DragValue, Grid, Id, Ui};

/// Picks one range out of the settings.
type RangeField = fn(&mut MoneySettings) -> &mut Range3;

/// The rows of ranges: label, key under `settings.money` (as the checks name it), field.
const RANGES: [(&str, &str, RangeField); 7] = [
    (
        "Failures a year, supported",
        "failures_per_year.supported",
        |m| &mut m.failures_per_year.supported,
    ),
    (
        "Failures a year, extended support",
        "failures_per_year.extended_support",
        |m| &mut m.failures_per_year.extended_support,
    ),
    (
        "Failures a year, unsupported",
        "failures_per_year.unsupported",
        |m| &mut m.failures_per_year.unsupported,
    ),
    (
        "Failures a year, shadow IT",
        "failures_per_year.shadow_it",
        |m| &mut m.failures_per_year.shadow_it,
    ),
    (
        "Failures a year, unknown status",
        "failures_per_year.unknown",
        |m| &mut m.failures_per_year.unknown,
    ),
    (
        "Extra failures a year per year past end of support",
        "extra_failures_per_year_past_end_of_support",
        |m| &mut m.extra_failures_per_year_past_end_of_support,
    ),
    ("Outage days per failure", "outage_days", |m| {
        &mut m.outage_days
    }),
];

/// Where the open dialog keeps its draft (None: closed).
fn draft_id() -> Id {
    Id::unique("money settings draft")
}

/// The problems of `draft` whose field is `key` or one of its parts.
fn errors_for(draft: &MoneySettings, key: &str) -> Vec<String> {
    money_problems(draft)
        .into_iter()
        .filter(|(field, _)| field == key || field.starts_with(&format!("{key}.")))
        .map(|(_, message)| message)
        .collect()
}

impl EstateApp {
    /// Opens the dialog on the map's current settings.
    pub(super) fn open_money_settings(&mut self) {
        let draft = self.doc.map.settings.money.clone();
        self.ctx
            .data_mut(|d| d.insert_temp(draft_id(), Some(draft)));
    }

    pub(super) fn money_settings_window(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let Some(mut draft) = ctx
            .data(|d| d.get_temp::<Option<MoneySettings>>(draft_id()))
            .flatten()
        else {
            return;
        };
        let mut open = true;
        let mut apply = false;
        let mut cancel = false;
        let read_only = self.doc.read_only;
        let current = self.doc.map.settings.money.clone();
        egui::Window::new("Money settings")
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .show(&ctx, |ui| {
                ui.label(
                    "The expected-loss model's defaults: estimates the trust should own \
                     (see docs/analysis.md). Ranges read low, likely, high.",
                );
                if read_only {
                    ui.label("Read-only: the settings cannot be changed");
                }
                ui.add_enabled_ui(!read_only, |ui| fields(ui, &mut draft));
                ui.separator();
                ui.horizontal(|ui| {
                    let ok = money_problems(&draft).is_empty();
                    let changed = draft != current;
                    let button = ui
                        .add_enabled(ok && changed && !read_only, Button::new("Apply"))
                        .on_disabled_hover_text(if ok {
                            "Nothing changed"
                        } else {
                            "Correct the fields marked in red first"
                        });
                    apply = button.clicked();
                    if ui
                        .add_enabled(!read_only, Button::new("Reset to defaults"))
                        .on_hover_text("Puts the defaults in the fields; Apply keeps them")
                        .clicked()
                    {
                        draft = MoneySettings::default();
                    }
                    cancel = ui.button("Cancel").clicked();
                });
            });
        if apply {
            self.run_command(Command::SetMoneySettings(Box::new(draft.clone())));
        }
        let keep = open && !apply && !cancel;
        ctx.data_mut(|d| d.insert_temp(draft_id(), keep.then_some(draft)));
    }
}

/// The draft's fields in a grid, each row's errors at its end.
fn fields(ui: &mut Ui, draft: &mut MoneySettings) {
    let error_color = ui.visuals().error_fg_color;
    Grid::new("money settings").show(ui, |ui| {
        ui.label("");
        for part in ["Low", "Likely", "High"] {
            ui.strong(part);
        }
        ui.end_row();
        for (label, key, field) in RANGES {
            ui.label(label);
            let range = field(draft);
            for (part, value) in [
                ("low", &mut range.low),
                ("likely", &mut range.likely),
                ("high", &mut range.high),
            ] {
                ui.add(DragValue::new(value).speed(0.01).max_decimals(3))
                    .accessible_name(format!("{label}, {part}"));
            }
            row_errors(ui, &errors_for(draft, key), error_color);
        }
        let label = "Cost per patient a day (£), when no outage cost is given";
        ui.label(label);
        ui.add(DragValue::new(&mut draft.cost_gbp_per_patient_day).speed(1.0))
            .accessible_name(label);
        ui.label("");
        ui.label("");
        row_errors(
            ui,
            &errors_for(draft, "cost_gbp_per_patient_day"),
            error_color,
        );
        let label = "Simulation draws";
        ui.label(label);
        ui.add(DragValue::new(&mut draft.draws).speed(100.0))
            .accessible_name(label);
        ui.label("");
        ui.label("");
        row_errors(ui, &errors_for(draft, "draws"), error_color);
        let label = "Simulation seed";
        ui.label(label);
        ui.add(DragValue::new(&mut draft.seed))
            .accessible_name(label);
        ui.end_row();
    });
}

/// The last cell of a row: its errors, one a line, and the row's end.
fn row_errors(ui: &mut Ui, errors: &[String], color: egui::Color32) {
    if errors.is_empty() {
        ui.label("");
    } else {
        ui.colored_label(color, errors.join("\n"));
    }
    ui.end_row();
}

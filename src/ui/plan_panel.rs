//! The Plan panel (View > Plan): the plan's phases and their steps and one-off costs,
//! built by a facilitator in the room. Phases are added, renamed and deleted; steps
//! (replace with parallel running, retire, change status, move) and costs are added and
//! deleted. Dates are typed as ISO (2027-03-31) or UK dates (31/03/2027, 31 Mar 2027),
//! with the error beside the field. Every change is one undoable edit
//! (`Command::SetPlan`, the whole plan replaced).

use super::app::EstateApp;
use crate::edit::Command;
use crate::model::{
    Action, AppraisalSettings, ClinicalRisk, ComponentId, Consequence, CostKind, Funding, Kind,
    Likelihood, Map, NewSystem, OneOffCost, Phase, Plan, Step, SupportStatus,
};
use chrono::NaiveDate;
use egui::{ComboBox, Context, Response, ScrollArea, Ui};

/// A date as typed: ISO `2027-03-31`, or UK `31/03/2027`, `31-03-2027`, `31.03.2027`,
/// `31 Mar 2027`, `31 March 2027`.
pub fn parse_plan_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("type a date, e.g. 31/03/2027 or 2027-03-31".into());
    }
    for format in [
        "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y", "%d %B %Y",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(t, format) {
            return Ok(d);
        }
    }
    Err(format!(
        "\u{201C}{t}\u{201D} is not a date: write 31/03/2027 or 2027-03-31"
    ))
}

/// Which step the step form adds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum StepKind {
    #[default]
    Replace,
    Retire,
    SetStatus,
    Move,
}

impl StepKind {
    const ALL: [StepKind; 4] = [
        StepKind::Replace,
        StepKind::Retire,
        StepKind::SetStatus,
        StepKind::Move,
    ];

    fn label(self) -> &'static str {
        match self {
            StepKind::Replace => "Replace",
            StepKind::Retire => "Retire",
            StepKind::SetStatus => "Change status",
            StepKind::Move => "Move evolution",
        }
    }
}

/// The forms' text as typed, kept between frames.
#[derive(Default)]
pub(super) struct PanelState {
    phase_name: String,
    phase_start: String,
    phase_end: String,
    /// The phase the step and cost forms add to (index).
    target: usize,
    step: StepKind,
    from: Option<ComponentId>,
    to: Option<ComponentId>,
    status: SupportStatus,
    date_a: String,
    date_b: String,
    evolution: String,
    cost_label: String,
    cost_amount: String,
    cost_date: String,
    cost_kind: CostKind,
    funding: Funding,
    /// Renames being typed, by phase index.
    renames: Vec<(usize, String)>,
    /// The step's own DCB0160 assessment of the change, and its cut-over outage.
    change_likelihood: Option<Likelihood>,
    change_consequence: Option<Consequence>,
    cutover_days: String,
    /// For a replacement by a system the plan brings in: the date it goes live (empty:
    /// it exists already).
    new_from: String,
    /// The appraisal settings as typed; None shows the plan's.
    appraisal: Option<AppraisalForm>,
    error: Option<String>,
    /// The step (phase index, step index) the step form is editing; None adds.
    editing: Option<(usize, usize)>,
}

impl PanelState {
    /// Fills the step form with a step of phase `phase`, to edit it in place.
    fn load_step(&mut self, phase: usize, index: usize, step: &Step, plan: &Plan) {
        let text = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
        self.target = phase;
        self.editing = Some((phase, index));
        self.to = None;
        self.new_from.clear();
        self.date_b.clear();
        match &step.action {
            Action::Replace {
                from,
                to,
                parallel_from,
                parallel_to,
            } => {
                self.step = StepKind::Replace;
                self.from = Some(from.clone());
                self.to = Some(to.clone());
                self.date_a = parallel_from.map(text).unwrap_or_default();
                self.date_b = text(*parallel_to);
                if let Some(n) = plan.new_systems.iter().find(|n| &n.component == to) {
                    self.new_from = text(n.from);
                }
            }
            Action::Retire { component, on } => {
                self.step = StepKind::Retire;
                self.from = Some(component.clone());
                self.date_a = text(*on);
            }
            Action::SetStatus {
                component,
                status,
                on,
                ..
            } => {
                self.step = StepKind::SetStatus;
                self.from = Some(component.clone());
                self.status = *status;
                self.date_a = text(*on);
            }
            Action::Move {
                component,
                evolution,
                on,
            } => {
                self.step = StepKind::Move;
                self.from = Some(component.clone());
                self.evolution = evolution.to_string();
                self.date_a = text(*on);
            }
        }
        let risk = step.change_risk.unwrap_or_default();
        self.change_likelihood = risk.likelihood;
        self.change_consequence = risk.consequence;
        self.cutover_days = step.cutover_days.map(|d| d.to_string()).unwrap_or_default();
        self.error = None;
    }

    /// Empties the step form and leaves editing.
    fn clear_step(&mut self) {
        self.editing = None;
        self.date_a.clear();
        self.date_b.clear();
        self.new_from.clear();
        self.cutover_days.clear();
        self.change_likelihood = None;
        self.change_consequence = None;
        self.error = None;
    }
}

/// The Green Book settings as typed: years, discount rate and optimism bias in per cent,
/// the reason for a changed bias, and an optional start date.
#[derive(Clone, Default)]
struct AppraisalForm {
    years: String,
    discount: String,
    bias: String,
    reason: String,
    start: String,
}

impl AppraisalForm {
    fn of(a: &AppraisalSettings) -> Self {
        Self {
            years: a.years.to_string(),
            discount: percent(a.discount_rate),
            bias: percent(a.optimism_bias),
            reason: a.optimism_bias_reason.clone().unwrap_or_default(),
            start: a.start.map(|d| d.to_string()).unwrap_or_default(),
        }
    }

    /// The settings, or what is wrong, naming the field. A bias other than the Green
    /// Book default needs its reason recorded.
    fn read(&self) -> Result<AppraisalSettings, String> {
        let years = match self.years.trim().parse::<u32>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => return Err("Years: a whole number from 1 to 100".into()),
        };
        let per_cent = |text: &str, what: &str| match text
            .trim()
            .trim_end_matches('%')
            .trim()
            .parse::<f64>()
        {
            Ok(v) if v.is_finite() && v >= 0.0 => Ok(v / 100.0),
            _ => Err(format!("{what}: a number of per cent, 0 or more")),
        };
        let discount_rate = per_cent(&self.discount, "Discount rate")?;
        if discount_rate >= 1.0 {
            return Err("Discount rate: below 100 %".into());
        }
        let optimism_bias = per_cent(&self.bias, "Optimism bias")?;
        let reason = self.reason.trim();
        let default_bias = (optimism_bias - AppraisalSettings::DEFAULT_OPTIMISM_BIAS).abs() < 1e-9;
        if !default_bias && reason.is_empty() {
            return Err(
                "Optimism bias differs from the Green Book's 200 %: record why in Reason".into(),
            );
        }
        let start = match self.start.trim() {
            "" => None,
            text => Some(parse_plan_date(text).map_err(|e| format!("Start: {e}"))?),
        };
        Ok(AppraisalSettings {
            start,
            years,
            discount_rate,
            optimism_bias,
            optimism_bias_reason: (!reason.is_empty()).then(|| reason.to_string()),
        })
    }
}

/// 0.035 as "3.5".
fn percent(v: f64) -> String {
    let text = format!("{:.4}", v * 100.0);
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The appraisal settings form; Apply changes them as one undo step.
fn appraisal_form(ui: &mut Ui, s: &mut PanelState, plan: &Plan) -> Option<(Plan, String)> {
    ui.heading("Appraisal (Green Book)");
    let form = s
        .appraisal
        .get_or_insert_with(|| AppraisalForm::of(&plan.appraisal));
    field(ui, "Years appraised", &mut form.years, "5");
    field(ui, "Discount rate (%)", &mut form.discount, "3.5");
    field(ui, "Optimism bias (%)", &mut form.bias, "200");
    field(
        ui,
        "Reason for the optimism bias",
        &mut form.reason,
        "why not 200 %",
    );
    field(
        ui,
        "Appraisal start",
        &mut form.start,
        "first phase's start",
    );
    let read = form.read();
    if let Err(e) = &read {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    let changed = read.as_ref().is_ok_and(|a| *a != plan.appraisal);
    let apply = ui.add_enabled(changed, egui::Button::new("Apply appraisal settings"));
    match read {
        Ok(appraisal) if apply.clicked() => {
            let mut p = plan.clone();
            p.appraisal = appraisal;
            s.appraisal = None;
            Some((p, "change appraisal settings".into()))
        }
        _ => None,
    }
}

/// A labelled one-line text field; its accessible name is the label.
fn field(ui: &mut Ui, label: &str, text: &mut String, hint: &str) -> Response {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        ui.add(
            egui::TextEdit::singleline(text)
                .hint_text(hint)
                .desired_width(140.0),
        )
        .labelled_by(l.id)
    })
    .inner
}

/// A combo box of `options` with "(not assessed)" for none; its accessible name is
/// `label`.
fn optional_choice<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<T>,
    options: &[T],
    name: fn(T) -> &'static str,
) {
    ComboBox::from_label(label)
        .selected_text(value.map_or("(not assessed)", name))
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "(not assessed)");
            for option in options {
                ui.selectable_value(value, Some(*option), name(*option));
            }
        });
}

/// The error of a typed date, shown beside its field.
fn date_error(ui: &mut Ui, text: &str) {
    if !text.trim().is_empty()
        && let Err(e) = parse_plan_date(text)
    {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
}

fn pick_component(ui: &mut Ui, label: &str, map: &Map, chosen: &mut Option<ComponentId>) {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        let name = chosen
            .as_ref()
            .and_then(|id| map.component(id))
            .map_or("Choose\u{2026}".to_string(), |c| c.name.clone());
        ComboBox::from_id_salt(("plan pick", label))
            .selected_text(name)
            .width(260.0)
            .show_ui(ui, |ui| {
                for c in map.components.iter().filter(|c| c.kind != Kind::UserNeed) {
                    ui.selectable_value(chosen, Some(c.id.clone()), &c.name);
                }
            })
            .response
            .labelled_by(l.id);
    });
}

fn name_of(map: &Map, id: &ComponentId) -> String {
    map.component(id)
        .map_or_else(|| id.to_string(), |c| c.name.clone())
}

/// One line describing a step.
pub fn describe_step(map: &Map, step: &Step) -> String {
    let d = |d: NaiveDate| crate::scene::roadmap::long(d);
    match &step.action {
        Action::Replace {
            from,
            to,
            parallel_from,
            parallel_to,
        } => match parallel_from {
            Some(f) => format!(
                "Replace {} by {}, in parallel {} to {}",
                name_of(map, from),
                name_of(map, to),
                d(*f),
                d(*parallel_to)
            ),
            None => format!(
                "Replace {} by {} after {} (big bang)",
                name_of(map, from),
                name_of(map, to),
                d(*parallel_to)
            ),
        },
        Action::Retire { component, on } => {
            format!("Retire {} on {}", name_of(map, component), d(*on))
        }
        Action::SetStatus {
            component,
            status,
            on,
            ..
        } => format!(
            "{} becomes {} on {}",
            name_of(map, component),
            status.label().to_lowercase(),
            d(*on)
        ),
        Action::Move {
            component,
            evolution,
            on,
        } => format!(
            "Move {} to evolution {evolution:.2} on {}",
            name_of(map, component),
            d(*on)
        ),
    }
}

/// A fresh phase id: p1, p2... not yet used.
fn next_phase_id(plan: &Plan) -> String {
    (1..)
        .map(|n| format!("p{n}"))
        .find(|id| plan.phases.iter().all(|p| &p.id != id))
        .unwrap_or_else(|| "p".into())
}

impl EstateApp {
    /// Replaces the plan in one undoable edit described by `what`.
    fn set_plan(&mut self, plan: Plan, what: String) {
        self.run_command(Command::SetPlan {
            plan: Some(Box::new(plan)),
            what,
        });
    }

    pub(super) fn plan_panel_window(&mut self, ctx: &Context) {
        let mut open = self.plan_ui.panel_open;
        if !open {
            return;
        }
        let mut change: Option<(Plan, String)> = None;
        egui::Window::new("Plan")
            .open(&mut open)
            .default_size(egui::Vec2::new(620.0, 640.0))
            .show(ctx, |ui| {
                if self.doc.read_only {
                    let why = if self.plan_ui.shown.is_some() {
                        super::plan_view::TIMELINE_READ_ONLY
                    } else {
                        "This map is open read-only: the plan cannot be changed"
                    };
                    ui.label(why);
                }
                ui.add_enabled_ui(!self.doc.read_only, |ui| {
                    ScrollArea::vertical().show(ui, |ui| change = self.plan_panel_ui(ui));
                });
            });
        self.plan_ui.panel_open = open;
        if let Some((plan, what)) = change {
            self.set_plan(plan, what);
        }
    }

    /// The panel's contents; returns the changed plan and what changed.
    fn plan_panel_ui(&mut self, ui: &mut Ui) -> Option<(Plan, String)> {
        let map = &self.doc.map;
        let plan = map.plan.clone().unwrap_or_default();
        let s = &mut self.plan_ui.panel;
        let mut out = appraisal_form(ui, s, &plan);
        if plan.phases.is_empty() {
            ui.separator();
            ui.label("No phases yet: add the first below.");
        }
        for (i, phase) in plan.phases.iter().enumerate() {
            ui.separator();
            ui.horizontal(|ui| {
                ui.strong(format!(
                    "Phase {}: {} ({} to {})",
                    i + 1,
                    phase.name,
                    crate::scene::roadmap::long(phase.start),
                    crate::scene::roadmap::long(phase.end)
                ));
                if ui.button(format!("Delete phase {}", i + 1)).clicked() {
                    let mut p = plan.clone();
                    let gone = p.phases.remove(i);
                    s.editing = None;
                    out = Some((p, format!("delete phase '{}'", gone.name)));
                }
            });
            let at = s.renames.iter().position(|(n, _)| *n == i);
            let mut text = at.map_or_else(|| phase.name.clone(), |k| s.renames[k].1.clone());
            let response = field(ui, &format!("Name of phase {}", i + 1), &mut text, "");
            if response.changed() {
                match at {
                    Some(k) => s.renames[k].1 = text.clone(),
                    None => s.renames.push((i, text.clone())),
                }
            }
            if response.lost_focus() && text.trim() != phase.name && !text.trim().is_empty() {
                let mut p = plan.clone();
                p.phases[i].name = text.trim().to_string();
                s.renames.retain(|(n, _)| *n != i);
                out = Some((p, format!("rename phase to '{}'", text.trim())));
            }
            for (k, step) in phase.steps.iter().enumerate() {
                ui.horizontal(|ui| {
                    let mut text = format!("\u{2022} {}", describe_step(map, step));
                    if let Some(ClinicalRisk {
                        likelihood: Some(l),
                        consequence: Some(q),
                    }) = step.change_risk
                    {
                        let rating = map.settings.risk_matrix.rating(l, q);
                        text.push_str(&format!(" \u{2022} risk of the change {rating}"));
                    }
                    if let Some(days) = step.cutover_days {
                        text.push_str(&format!(" \u{2022} cut-over {days} days"));
                    }
                    ui.label(text);
                    if ui
                        .small_button(format!("Edit step {} of phase {}", k + 1, i + 1))
                        .on_hover_text("Load this step into the step form below to change it")
                        .clicked()
                    {
                        s.load_step(i, k, step, &plan);
                    }
                    if ui
                        .small_button("Delete")
                        .on_hover_text("Delete this step")
                        .clicked()
                    {
                        s.editing = None;
                        let mut p = plan.clone();
                        p.phases[i].steps.remove(k);
                        out = Some((p, "delete a step".into()));
                    }
                });
            }
            for (k, cost) in phase.costs.iter().enumerate() {
                ui.horizontal(|ui| {
                    ui.label(format!(
                        "\u{2022} {}: {} on {} ({}, {})",
                        cost.label,
                        crate::analysis::money::format_gbp_short(cost.amount_gbp),
                        crate::scene::roadmap::long(cost.date),
                        cost.kind.label(),
                        cost.capital_or_revenue.label()
                    ));
                    if ui
                        .small_button("Delete")
                        .on_hover_text("Delete this cost")
                        .clicked()
                    {
                        let mut p = plan.clone();
                        p.phases[i].costs.remove(k);
                        out = Some((p, "delete a one-off cost".into()));
                    }
                });
            }
        }

        ui.separator();
        ui.heading("Add a phase");
        field(ui, "Phase name", &mut s.phase_name, "e.g. Stabilise");
        field(ui, "Phase start", &mut s.phase_start, "31/03/2027");
        date_error(ui, &s.phase_start);
        field(ui, "Phase end", &mut s.phase_end, "30/09/2027");
        date_error(ui, &s.phase_end);
        if ui.button("Add phase").clicked() {
            match (
                parse_plan_date(&s.phase_start),
                parse_plan_date(&s.phase_end),
                s.phase_name.trim(),
            ) {
                (_, _, "") => s.error = Some("Give the phase a name".into()),
                (Ok(a), Ok(b), _) if b < a => {
                    s.error = Some("The phase ends before it starts".into())
                }
                (Ok(a), Ok(b), name) => {
                    let mut p = plan.clone();
                    let phase = Phase::new(next_phase_id(&p), name, a, b);
                    p.phases.push(phase);
                    out = Some((p, format!("add phase '{name}'")));
                    s.target = plan.phases.len();
                    s.phase_name.clear();
                    s.phase_start.clear();
                    s.phase_end.clear();
                    s.error = None;
                }
                (Err(e), _, _) | (_, Err(e), _) => s.error = Some(e),
            }
        }

        if !plan.phases.is_empty() {
            ui.separator();
            // A step being edited may have gone (undo, another edit): then the form adds.
            if let Some((pi, si)) = s.editing
                && plan.phases.get(pi).is_none_or(|p| si >= p.steps.len())
            {
                s.editing = None;
            }
            ui.heading(match s.editing {
                Some((pi, si)) => format!("Edit step {} of phase {}", si + 1, pi + 1),
                None => "Add a step".to_string(),
            });
            s.target = s.target.min(plan.phases.len() - 1);
            ui.horizontal(|ui| {
                let l = ui.label("To phase");
                ComboBox::from_id_salt("plan target phase")
                    .selected_text(&plan.phases[s.target].name)
                    .show_ui(ui, |ui| {
                        for (i, p) in plan.phases.iter().enumerate() {
                            ui.selectable_value(&mut s.target, i, &p.name);
                        }
                    })
                    .response
                    .labelled_by(l.id);
            });
            ui.horizontal(|ui| {
                for kind in StepKind::ALL {
                    ui.radio_value(&mut s.step, kind, kind.label());
                }
            });
            let (a_label, a_hint, b_label) = match s.step {
                StepKind::Replace => (
                    "Parallel running from",
                    "empty: big bang",
                    "Parallel running to",
                ),
                _ => ("On", "01/04/2027", ""),
            };
            pick_component(
                ui,
                if s.step == StepKind::Replace {
                    "Replace"
                } else {
                    "System"
                },
                map,
                &mut s.from,
            );
            if s.step == StepKind::Replace {
                pick_component(ui, "By", map, &mut s.to);
                field(
                    ui,
                    "New system live from",
                    &mut s.new_from,
                    "empty: exists already",
                );
                date_error(ui, &s.new_from);
            }
            if s.step == StepKind::SetStatus {
                ui.horizontal(|ui| {
                    let l = ui.label("New status");
                    ComboBox::from_id_salt("plan status")
                        .selected_text(s.status.label())
                        .show_ui(ui, |ui| {
                            for st in SupportStatus::ALL {
                                ui.selectable_value(&mut s.status, st, st.label());
                            }
                        })
                        .response
                        .labelled_by(l.id);
                });
            }
            if s.step == StepKind::Move {
                field(ui, "Evolution (0 to 1)", &mut s.evolution, "0.8");
            }
            field(ui, a_label, &mut s.date_a, a_hint);
            date_error(ui, &s.date_a);
            if !b_label.is_empty() {
                field(ui, b_label, &mut s.date_b, "30/09/2027");
                date_error(ui, &s.date_b);
            }
            ui.horizontal(|ui| {
                ui.label("Risk of the change (DCB0160)");
                optional_choice(
                    ui,
                    "Change likelihood",
                    &mut s.change_likelihood,
                    &Likelihood::ALL,
                    Likelihood::label,
                );
                optional_choice(
                    ui,
                    "Change consequence",
                    &mut s.change_consequence,
                    &Consequence::ALL,
                    Consequence::label,
                );
            });
            field(ui, "Cut-over outage (days)", &mut s.cutover_days, "0.5");
            ui.horizontal(|ui| {
                let label = if s.editing.is_some() {
                    "Save step"
                } else {
                    "Add step"
                };
                if ui.button(label).clicked() {
                    match step_from_form(s, &plan) {
                        Ok((p, what)) => {
                            out = Some((p, what));
                            s.clear_step();
                        }
                        Err(e) => s.error = Some(e),
                    }
                }
                if s.editing.is_some() && ui.button("Cancel editing").clicked() {
                    s.clear_step();
                }
            });

            ui.separator();
            ui.heading("Add a one-off cost");
            field(ui, "Cost", &mut s.cost_label, "e.g. Data cleansing");
            field(ui, "Amount (\u{a3})", &mut s.cost_amount, "18,000");
            field(ui, "Cost date", &mut s.cost_date, "01/02/2027");
            date_error(ui, &s.cost_date);
            ui.horizontal(|ui| {
                let l = ui.label("Kind");
                ComboBox::from_id_salt("plan cost kind")
                    .selected_text(s.cost_kind.label())
                    .show_ui(ui, |ui| {
                        for k in CostKind::ALL {
                            ui.selectable_value(&mut s.cost_kind, k, k.label());
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.radio_value(&mut s.funding, Funding::Capital, "Capital");
                ui.radio_value(&mut s.funding, Funding::Revenue, "Revenue");
            });
            if ui.button("Add cost").clicked() {
                let amount = crate::model::fields::parse_amount(&s.cost_amount, "an amount");
                match (amount, parse_plan_date(&s.cost_date), s.cost_label.trim()) {
                    (_, _, "") => s.error = Some("Say what the cost is for".into()),
                    (Ok(Some(amount)), Ok(date), label) => {
                        let mut p = plan.clone();
                        p.phases[s.target].costs.push(OneOffCost {
                            label: label.to_string(),
                            amount_gbp: amount,
                            date,
                            kind: s.cost_kind,
                            capital_or_revenue: s.funding,
                            component: None,
                        });
                        out = Some((p, format!("add cost '{label}'")));
                        s.cost_label.clear();
                        s.cost_amount.clear();
                        s.cost_date.clear();
                        s.error = None;
                    }
                    (Ok(None), _, _) => s.error = Some("Type the amount in pounds".into()),
                    (Err(e), _, _) | (_, Err(e), _) => s.error = Some(e),
                }
            }
        }
        if let Some(e) = &s.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        out
    }
}

/// The plan with the step form's step added, or what is wrong with the form.
fn step_from_form(s: &PanelState, plan: &Plan) -> Result<(Plan, String), String> {
    let from = s.from.clone().ok_or("Choose the system first")?;
    let old = s
        .editing
        .and_then(|(pi, si)| plan.phases.get(pi)?.steps.get(si));
    let on = || parse_plan_date(&s.date_a);
    let action = match s.step {
        StepKind::Replace => {
            let to = s.to.clone().ok_or("Choose the system that replaces it")?;
            if to == from {
                return Err("A system cannot replace itself".into());
            }
            let until = parse_plan_date(&s.date_b)?;
            // No parallel running: a big bang cut-over on the end date.
            let parallel_from = match s.date_a.trim() {
                "" => None,
                _ => Some(on()?),
            };
            if parallel_from.is_some_and(|f| until < f) {
                return Err("Parallel running ends before it starts".into());
            }
            Action::Replace {
                from,
                to,
                parallel_from,
                parallel_to: until,
            }
        }
        StepKind::Retire => Action::Retire {
            component: from,
            on: on()?,
        },
        StepKind::SetStatus => {
            // What the form does not show survives an edit.
            let (end_of_support, reason) = match old.map(|o| &o.action) {
                Some(Action::SetStatus {
                    end_of_support,
                    reason,
                    ..
                }) => (*end_of_support, reason.clone()),
                _ => (None, None),
            };
            Action::SetStatus {
                component: from,
                status: s.status,
                on: on()?,
                end_of_support,
                reason,
            }
        }
        StepKind::Move => {
            let on = on()?;
            let evolution: f64 = s
                .evolution
                .trim()
                .parse()
                .ok()
                .filter(|e: &f64| (0.0..=1.0).contains(e))
                .ok_or("Evolution is a number from 0 to 1")?;
            Action::Move {
                component: from,
                evolution,
                on,
            }
        }
    };
    let mut step = Step::new(action);
    if let Some(old) = old {
        step.cutover_risk = old.cutover_risk;
        step.note.clone_from(&old.note);
    }
    if s.change_likelihood.is_some() || s.change_consequence.is_some() {
        step.change_risk = Some(ClinicalRisk {
            likelihood: s.change_likelihood,
            consequence: s.change_consequence,
        });
    }
    step.cutover_days = match s.cutover_days.trim() {
        "" => None,
        text => Some(
            text.parse::<f64>()
                .ok()
                .filter(|d| d.is_finite() && *d >= 0.0)
                .ok_or("Cut-over outage: a number of days, 0 or more")?,
        ),
    };
    let mut p = plan.clone();
    // A replacement by a system not yet live: absent, and costing nothing, before then.
    if let (Action::Replace { to, .. }, text) = (&step.action, s.new_from.trim())
        && !text.is_empty()
    {
        let from = parse_plan_date(text).map_err(|e| format!("New system live from: {e}"))?;
        p.new_systems.retain(|n| &n.component != to);
        p.new_systems.push(NewSystem {
            component: to.clone(),
            from,
        });
    }
    let kind = s.step.label().to_lowercase();
    match s.editing {
        Some((pi, si)) if pi < p.phases.len() && si < p.phases[pi].steps.len() => {
            p.phases[pi].steps.remove(si);
            // Kept in its place unless the form moved it to another phase.
            if pi == s.target {
                p.phases[pi].steps.insert(si, step);
            } else {
                p.phases[s.target].steps.push(step);
            }
            Ok((p, format!("edit a {kind} step")))
        }
        _ => {
            p.phases[s.target].steps.push(step);
            Ok((p, format!("add a {kind} step")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_carries_the_risk_of_the_change_and_its_cut_over() {
        let mut plan = Plan::default();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        plan.phases
            .push(Phase::new("p1", "Move", d("2027-01-01"), d("2027-12-31")));
        let mut s = PanelState {
            step: StepKind::Retire,
            from: Some(ComponentId::new("c1")),
            date_a: "01/06/2027".into(),
            change_likelihood: Some(Likelihood::Medium),
            change_consequence: Some(Consequence::Major),
            cutover_days: "0.5".into(),
            ..Default::default()
        };
        let (p, _) = step_from_form(&s, &plan).unwrap();
        let step = &p.phases[0].steps[0];
        let risk = step.change_risk.unwrap();
        assert_eq!(
            (risk.likelihood, risk.consequence),
            (Some(Likelihood::Medium), Some(Consequence::Major))
        );
        assert_eq!(step.cutover_days, Some(0.5));
        s.cutover_days = "-1".into();
        assert!(step_from_form(&s, &plan).unwrap_err().contains("0 or more"));
        s.cutover_days.clear();
        s.change_likelihood = None;
        s.change_consequence = None;
        let (p, _) = step_from_form(&s, &plan).unwrap();
        assert_eq!(p.phases[0].steps[0].change_risk, None);
        // A replacement by a new system records when it goes live.
        s.step = StepKind::Replace;
        s.to = Some(ComponentId::new("c2"));
        s.date_b = "30/09/2027".into();
        s.new_from = "01/05/2027".into();
        let (p, _) = step_from_form(&s, &plan).unwrap();
        assert_eq!(
            p.new_system_from(&ComponentId::new("c2")),
            Some(d("2027-05-01"))
        );
    }

    #[test]
    fn iso_and_uk_dates_are_read() {
        let d = NaiveDate::from_ymd_opt(2027, 3, 31).unwrap();
        for text in [
            "2027-03-31",
            "31/03/2027",
            "31-03-2027",
            "31.03.2027",
            "31 Mar 2027",
            " 31 March 2027 ",
        ] {
            assert_eq!(parse_plan_date(text), Ok(d), "{text}");
        }
        assert!(parse_plan_date("31/13/2027").is_err());
        assert!(parse_plan_date("03/31/2027").is_err());
        assert!(parse_plan_date("").is_err());
    }
}

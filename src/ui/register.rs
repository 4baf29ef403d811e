//! The risk register panel: the ranked register as a sortable, filterable table.
//! Self-contained: the app passes the current `RiskRegister` each frame and gets back
//! the component whose row was clicked, to select and centre it on the map.

use crate::analysis::money::format_gbp_short;
use crate::analysis::report::format_gbp;
use crate::analysis::{
    MoneyAnalysis, RankBy, RegisterFilter, RegisterRow, RiskRegister, ViewRows, format_points,
};
use crate::model::{ComponentId, SupportStatus};
use egui::{DragValue, Label, Sense, Ui};
use egui_extras::{Column, TableBuilder};
use std::cmp::Ordering;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortColumn {
    Rank,
    Component,
    Status,
    Rating,
    Score,
    UserNeeds,
    AnnualCost,
    Supplier,
    EndOfSupport,
    ContractEnd,
    ExpectedLoss,
    Patients,
    WorstHarm,
    Areas,
}

impl SortColumn {
    pub const ALL: [SortColumn; 14] = [
        SortColumn::Rank,
        SortColumn::Component,
        SortColumn::Status,
        SortColumn::Rating,
        SortColumn::Score,
        SortColumn::UserNeeds,
        SortColumn::AnnualCost,
        SortColumn::Supplier,
        SortColumn::EndOfSupport,
        SortColumn::ContractEnd,
        SortColumn::ExpectedLoss,
        SortColumn::Patients,
        SortColumn::WorstHarm,
        SortColumn::Areas,
    ];

    pub fn title(self) -> &'static str {
        match self {
            SortColumn::Rank => "Rank",
            SortColumn::Component => "Component",
            SortColumn::Status => "Status",
            SortColumn::Rating => "Rating",
            SortColumn::Score => "Score",
            SortColumn::UserNeeds => "User needs",
            SortColumn::AnnualCost => "Annual cost",
            SortColumn::Supplier => "Supplier",
            SortColumn::EndOfSupport => "End of support",
            SortColumn::ContractEnd => "Contract end",
            SortColumn::ExpectedLoss => "Expected loss a year (90 % range)",
            SortColumn::Patients => "Patients a day",
            SortColumn::WorstHarm => "Worst harm",
            SortColumn::Areas => "Areas",
        }
    }

    /// Ascending order for this column; ties keep the register's rank.
    fn compare(self, a: &RegisterRow, b: &RegisterRow) -> Ordering {
        let (ca, cb) = (a.component, b.component);
        let (fa, fb) = (a.facts, b.facts);
        let by = match self {
            SortColumn::Rank => Ordering::Equal,
            SortColumn::Component => caseless(&ca.name).cmp(caseless(&cb.name)),
            SortColumn::Status => ca.status.cmp(&cb.status),
            SortColumn::Rating => fa.rating.rating().cmp(&fb.rating.rating()),
            SortColumn::Score => fa.score.total.total_cmp(&fb.score.total),
            SortColumn::UserNeeds => fa.dependent_needs.cmp(&fb.dependent_needs),
            SortColumn::AnnualCost => cmp_optional_f64(ca.annual_cost_gbp, cb.annual_cost_gbp),
            SortColumn::Supplier => ca.supplier.cmp(&cb.supplier),
            SortColumn::EndOfSupport => ca.end_of_support.cmp(&cb.end_of_support),
            SortColumn::ContractEnd => ca.contract_end.cmp(&cb.contract_end),
            SortColumn::ExpectedLoss => cmp_optional_f64(
                a.money.map(|m| m.expected_loss.median),
                b.money.map(|m| m.expected_loss.median),
            ),
            SortColumn::Patients => cmp_optional_f64(
                a.money.and_then(|m| m.harm.patients_per_day),
                b.money.and_then(|m| m.harm.patients_per_day),
            ),
            SortColumn::WorstHarm => a
                .money
                .and_then(|m| m.harm.worst)
                .cmp(&b.money.and_then(|m| m.harm.worst)),
            SortColumn::Areas => ca.areas.len().cmp(&cb.areas.len()),
        };
        by.then(a.rank.cmp(&b.rank))
    }
}

/// Case-insensitive order without allocating (sorting runs every frame).
fn caseless(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().flat_map(char::to_lowercase)
}

fn cmp_optional_f64(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        (a, b) => a.is_some().cmp(&b.is_some()),
    }
}

pub struct RegisterPanel {
    sort: SortColumn,
    descending: bool,
    /// One per `SupportStatus::ALL`; all shown at first.
    shown_statuses: [bool; 5],
    expiry_filter_on: bool,
    expiry_months: u32,
    selected: Option<ComponentId>,
    /// What the user chose to rank by; None: by loss when the map has service facts.
    rank_by: Option<RankBy>,
    /// The area or at-risk view the app shows (src/ui/area_filter.rs).
    view: Option<ViewRows>,
}

impl Default for RegisterPanel {
    fn default() -> Self {
        Self {
            sort: SortColumn::Rank,
            descending: false,
            shown_statuses: [true; 5],
            expiry_filter_on: false,
            expiry_months: 12,
            selected: None,
            rank_by: None,
            view: None,
        }
    }
}

impl RegisterPanel {
    /// Highlights the row of the component selected elsewhere (e.g. on the map).
    pub fn set_selected(&mut self, id: Option<ComponentId>) {
        self.selected = id;
    }

    /// Only the rows of this view of the map (None: every row).
    pub fn set_view(&mut self, view: Option<ViewRows>) {
        self.view = view;
    }

    /// What the register is ranked by for this money analysis.
    pub fn rank_by_for(&self, money: &MoneyAnalysis) -> RankBy {
        self.rank_by.unwrap_or_else(|| RankBy::default_for(money))
    }

    pub fn sort(&self) -> (SortColumn, bool) {
        (self.sort, self.descending)
    }

    /// The filter the controls describe; None when every status is unticked.
    pub fn filter(&self) -> Option<RegisterFilter> {
        let statuses: Vec<SupportStatus> = SupportStatus::ALL
            .into_iter()
            .zip(self.shown_statuses)
            .filter_map(|(status, shown)| shown.then_some(status))
            .collect();
        if statuses.is_empty() {
            return None;
        }
        Some(RegisterFilter {
            statuses,
            expires_within_months: self.expiry_filter_on.then_some(self.expiry_months),
            view: self.view.clone(),
        })
    }

    /// The rows shown, in the order shown.
    pub fn visible_rows<'a>(&self, register: RiskRegister<'a>) -> Vec<RegisterRow<'a>> {
        let Some(filter) = self.filter() else {
            return Vec::new();
        };
        let today = register.today();
        let mut rows: Vec<RegisterRow> = register
            .rows()
            .filter(|row| filter.matches(row, today))
            .collect();
        rows.sort_by(|a, b| {
            let order = self.sort.compare(a, b);
            if self.descending {
                order.reverse()
            } else {
                order
            }
        });
        rows
    }

    /// Draws the panel. Returns the component whose row was clicked this frame.
    pub fn ui(&mut self, ui: &mut Ui, register: RiskRegister<'_>) -> Option<ComponentId> {
        self.filter_controls(ui);
        self.rank_controls(ui, register);
        ui.separator();
        let rows = self.visible_rows(register);
        let of = match &self.view {
            Some(view) => format!(" ({})", view.label),
            None => String::new(),
        };
        ui.label(format!(
            "{} of {} components{of}, as of {}",
            rows.len(),
            register.len(),
            register.today()
        ));
        // One line, there before the figures are: the table (and the buttons above it)
        // must not jump when they arrive.
        let estate = register
            .money()
            .map_or("working out\u{2026}".to_string(), |m| m.estate().describe());
        ui.add(egui::Label::new(format!("Expected loss of the whole estate: {estate}")).truncate())
            .on_hover_text(
                "Estimates: the trust should own their inputs (Risk settings, \
                 docs/analysis.md).",
            );
        if rows.is_empty() {
            ui.label("No component matches the filter.");
            return None;
        }
        let clicked = self.table(ui, &rows);
        if let Some(id) = &clicked {
            self.selected = Some(id.clone());
        }
        clicked
    }

    fn filter_controls(&mut self, ui: &mut Ui) {
        ui.horizontal_wrapped(|ui| {
            ui.label("Show:");
            for (status, shown) in SupportStatus::ALL.iter().zip(&mut self.shown_statuses) {
                ui.checkbox(shown, status.label());
            }
        });
        ui.horizontal(|ui| {
            ui.checkbox(
                &mut self.expiry_filter_on,
                "Only support or contract ending within",
            );
            let months = ui.add_enabled(
                self.expiry_filter_on,
                DragValue::new(&mut self.expiry_months)
                    .range(1..=120)
                    .suffix(" months"),
            );
            months.on_hover_text("Already ended counts too");
        });
    }

    fn rank_controls(&mut self, ui: &mut Ui, register: RiskRegister<'_>) {
        ui.horizontal(|ui| {
            let Some(money) = register.money() else {
                ui.label("Ranked by risk score; working out expected losses…");
                return;
            };
            let mut chosen = self.rank_by_for(money);
            ui.label("Rank by:");
            for by in RankBy::ALL {
                ui.radio_value(&mut chosen, by, by.label())
                    .on_hover_text(match by {
                        RankBy::Loss => "Expected annual loss in pounds (median)",
                        RankBy::Score => "The explained risk score (points, not pounds)",
                    });
            }
            if chosen != self.rank_by_for(money) {
                self.rank_by = Some(chosen);
            }
        });
    }

    fn table(&mut self, ui: &mut Ui, rows: &[RegisterRow]) -> Option<ComponentId> {
        let mut clicked = None;
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        TableBuilder::new(ui)
            .id_salt("risk register")
            .striped(true)
            .resizable(true)
            .sense(Sense::click())
            .column(Column::auto())
            .column(Column::initial(200.0).at_least(80.0).clip(true))
            .columns(Column::auto(), SortColumn::ALL.len() - 2)
            .header(row_height, |mut header| {
                for column in SortColumn::ALL {
                    header.col(|ui| self.header_button(ui, column));
                }
            })
            .body(|body| {
                body.rows(row_height, rows.len(), |mut table_row| {
                    let row = &rows[table_row.index()];
                    let id = &row.component.id;
                    table_row.set_selected(self.selected.as_ref() == Some(id));
                    for text in cells(row) {
                        table_row.col(|ui| {
                            // Not selectable: a click anywhere on the row picks the row.
                            ui.add(Label::new(text).selectable(false));
                        });
                    }
                    let hover = match row.money {
                        Some(m) => format!("{}\n{}", row.explain(), m.statement),
                        None => row.explain(),
                    };
                    let response = table_row.response().on_hover_text(hover);
                    if response.clicked() {
                        clicked = Some(id.clone());
                    }
                });
            });
        clicked
    }

    /// Clicking a header sorts by it; clicking it again reverses the order.
    fn header_button(&mut self, ui: &mut Ui, column: SortColumn) {
        let active = self.sort == column;
        let response = ui
            .selectable_label(active, column.title())
            .on_hover_text("Sort by this column; click again to reverse");
        if active {
            sort_arrow(ui, self.descending);
        }
        if response.clicked() {
            if active {
                self.descending = !self.descending;
            } else {
                self.sort = column;
                // Biggest first for the measures a reader scans for.
                self.descending = matches!(
                    column,
                    SortColumn::Score
                        | SortColumn::Rating
                        | SortColumn::UserNeeds
                        | SortColumn::AnnualCost
                        | SortColumn::ExpectedLoss
                        | SortColumn::Patients
                        | SortColumn::WorstHarm
                );
            }
        }
    }
}

/// A small triangle after the sorted column's title, drawn rather than typed so that it
/// does not depend on the font having arrow glyphs.
fn sort_arrow(ui: &mut Ui, descending: bool) {
    let size = ui.text_style_height(&egui::TextStyle::Body) * 0.5;
    let (rect, _) = ui.allocate_exact_size(egui::vec2(size, size), Sense::hover());
    let (tip, base) = if descending {
        (rect.bottom(), rect.top())
    } else {
        (rect.top(), rect.bottom())
    };
    let points = vec![
        egui::pos2(rect.center().x, tip),
        egui::pos2(rect.left(), base),
        egui::pos2(rect.right(), base),
    ];
    let colour = ui.visuals().strong_text_color();
    ui.painter().add(egui::Shape::convex_polygon(
        points,
        colour,
        egui::Stroke::NONE,
    ));
}

/// The cells of one row, in `SortColumn::ALL` order.
fn cells(row: &RegisterRow) -> [String; 14] {
    let (c, facts) = (row.component, row.facts);
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    [
        row.rank.to_string(),
        c.name.clone(),
        row.status_label(),
        facts.rating.to_string(),
        format_points(facts.score.total),
        facts.dependent_needs.to_string(),
        c.annual_cost_gbp.map(format_gbp).unwrap_or_default(),
        c.supplier.clone().unwrap_or_default(),
        date(c.end_of_support),
        date(c.contract_end),
        row.money.map_or("…".to_string(), |m| {
            format!(
                "{} ({} to {})",
                format_gbp_short(m.expected_loss.median),
                format_gbp_short(m.expected_loss.p5),
                format_gbp_short(m.expected_loss.p95)
            )
        }),
        row.money
            .and_then(|m| m.harm.patients_per_day)
            .map(format_points)
            .unwrap_or_default(),
        row.money
            .and_then(|m| m.harm.worst)
            .map(|h| h.label().to_string())
            .unwrap_or_default(),
        c.areas.join(", "),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Analysis;
    use crate::model::{Component, Kind, Link, Map};
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    /// need -> pas (unsupported) -> host (supported); fax (unknown) alone.
    fn estate() -> (Map, Analysis) {
        let mut map = Map::new("t");
        let parts = [
            (
                "need",
                "Patient",
                Kind::UserNeed,
                SupportStatus::Supported,
                0.9,
            ),
            ("pas", "PAS", Kind::System, SupportStatus::Unsupported, 0.6),
            ("host", "Host", Kind::System, SupportStatus::Supported, 0.2),
            ("fax", "Fax", Kind::System, SupportStatus::Unknown, 0.4),
        ];
        for (id, name, kind, status, visibility) in parts {
            map.components.push(
                Component::new(ComponentId::new(id), name, visibility, 0.5)
                    .with_kind(kind)
                    .with_status(status),
            );
        }
        map.components[2].contract_end = "2027-01-31".parse().ok();
        for (from, to) in [("need", "pas"), ("pas", "host")] {
            map.links
                .push(Link::new(ComponentId::new(from), ComponentId::new(to)));
        }
        let analysis = Analysis::new(&map, "2026-11-21".parse().unwrap());
        (map, analysis)
    }

    struct State {
        panel: RegisterPanel,
        map: Map,
        analysis: Analysis,
        clicked: Vec<ComponentId>,
    }

    impl State {
        fn register(&self) -> RiskRegister<'_> {
            RiskRegister::new(&self.map, &self.analysis)
        }
    }

    fn harness() -> Harness<'static, State> {
        let (map, analysis) = estate();
        let state = State {
            panel: RegisterPanel::default(),
            map,
            analysis,
            clicked: Vec::new(),
        };
        Harness::builder()
            .with_size(egui::vec2(1200.0, 400.0))
            .build_ui_state(
                |ui, state: &mut State| {
                    let register = RiskRegister::new(&state.map, &state.analysis);
                    if let Some(id) = state.panel.ui(ui, register) {
                        state.clicked.push(id);
                    }
                },
                state,
            )
    }

    fn shown(harness: &Harness<'_, State>) -> Vec<String> {
        let state = harness.state();
        state
            .panel
            .visible_rows(state.register())
            .iter()
            .map(|r| r.component.id.to_string())
            .collect()
    }

    #[test]
    fn clicking_a_row_returns_its_component_and_selects_it() {
        let mut harness = harness();
        // PAS 2x3 + 2x3 + 1 = 13; Fax 6 + 4 = 10; Host 6 + 0 + 1 + 1 (contract) = 8.
        assert_eq!(shown(&harness), vec!["pas", "fax", "host"]);
        harness.get_by_label("Host").click();
        harness.run();
        assert_eq!(harness.state().clicked, vec![ComponentId::new("host")]);
        assert_eq!(
            harness.state().panel.selected,
            Some(ComponentId::new("host"))
        );
    }

    #[test]
    fn clicking_a_header_sorts_and_clicking_again_reverses() {
        let mut harness = harness();
        harness.get_by_label("Component").click();
        harness.run();
        assert_eq!(shown(&harness), vec!["fax", "host", "pas"]);
        assert_eq!(harness.state().panel.sort(), (SortColumn::Component, false));
        harness.get_by_label("Component").click();
        harness.run();
        assert_eq!(shown(&harness), vec!["pas", "host", "fax"]);
        assert_eq!(harness.state().panel.sort(), (SortColumn::Component, true));
    }

    #[test]
    fn filters_by_status_and_months_to_expiry() {
        let mut harness = harness();
        harness
            .get_by_role_and_label(Role::CheckBox, "Unsupported")
            .click();
        harness.run();
        assert_eq!(shown(&harness), vec!["fax", "host"]);
        harness
            .get_by_role_and_label(Role::CheckBox, "Only support or contract ending within")
            .click();
        harness.run();
        // Host's contract ends in a little over 2 months; Fax has no date.
        assert_eq!(shown(&harness), vec!["host"]);
        assert!(harness.state().clicked.is_empty());
    }

    struct MoneyState {
        panel: RegisterPanel,
        map: Map,
        analysis: Analysis,
        money: MoneyAnalysis,
    }

    impl MoneyState {
        fn shown(&self) -> Vec<String> {
            let register = RiskRegister::new(&self.map, &self.analysis)
                .with_money(&self.money, self.panel.rank_by_for(&self.money));
            self.panel
                .visible_rows(register)
                .iter()
                .map(|r| r.component.id.to_string())
                .collect()
        }
    }

    #[test]
    fn pounds_and_harm_columns_rank_by_loss_until_the_score_is_chosen() {
        let (mut map, _) = estate();
        map.components[0].outage_cost_gbp_per_day = Some(1_000.0);
        map.components[0].patients_per_day = Some(25.0);
        let analysis = Analysis::new(&map, "2026-11-21".parse().unwrap());
        let money = MoneyAnalysis::new(&map, &analysis);
        let state = MoneyState {
            panel: RegisterPanel::default(),
            map,
            analysis,
            money,
        };
        let mut harness = Harness::builder()
            .with_size(egui::vec2(1600.0, 400.0))
            .build_ui_state(
                |ui, state: &mut MoneyState| {
                    let rank_by = state.panel.rank_by_for(&state.money);
                    let register = RiskRegister::new(&state.map, &state.analysis)
                        .with_money(&state.money, rank_by);
                    state.panel.ui(ui, register);
                },
                state,
            );
        harness.run();
        // Fax: nothing depends on it, no loss though its score (10) beats Host's (8).
        assert_eq!(harness.state().shown(), vec!["pas", "host", "fax"]);
        harness.get_by_label("Expected loss a year (90 % range)");
        harness.get_by_label("Patients a day");
        assert_eq!(harness.query_all_by_label("25").count(), 2);
        harness
            .get_by_role_and_label(Role::RadioButton, "Risk score")
            .click();
        harness.run();
        assert_eq!(harness.state().shown(), vec!["pas", "fax", "host"]);
    }

    /// The figures arrive a moment after the panel opens: nothing in it may move then,
    /// or a click aimed at a row or a button lands on the one beside it.
    #[test]
    fn the_table_stays_put_when_the_money_figures_arrive() {
        let (map, _) = estate();
        let analysis = Analysis::new(&map, "2026-11-21".parse().unwrap());
        let money = MoneyAnalysis::new(&map, &analysis);
        let state = (
            MoneyState {
                panel: RegisterPanel::default(),
                map,
                analysis,
                money,
            },
            false,
        );
        let mut harness = Harness::builder()
            .with_size(egui::vec2(900.0, 400.0))
            .build_ui_state(
                |ui, (state, arrived): &mut (MoneyState, bool)| {
                    let mut register = RiskRegister::new(&state.map, &state.analysis);
                    if *arrived {
                        let rank_by = state.panel.rank_by_for(&state.money);
                        register = register.with_money(&state.money, rank_by);
                    }
                    state.panel.ui(ui, register);
                },
                state,
            );
        harness.run();
        let header = |h: &Harness<'_, (MoneyState, bool)>| h.get_by_label("Component").rect();
        let before = header(&harness);
        harness.state_mut().1 = true;
        harness.run();
        harness.get_by_label_contains("Expected loss of the whole estate: ");
        assert_eq!(header(&harness), before);
    }
}

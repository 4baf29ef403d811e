//! The risk report as text: Markdown for reading, CSV for a trust's risk register
//! spreadsheet, JSON for scripts. Each holds the ranked register and the exposure of
//! each user need; Markdown and JSON add the structural checks.

use super::money::{LossRange, MoneyAnalysis, SystemMoney};
use super::register::{RankBy, RegisterFilter, RegisterRow, RiskRegister};
use super::score::format_points;
use super::{Analysis, NeedExposure};
use crate::model::{Component, Map, SupportStatus, fields};
use serde_json::{Value, json};
use std::fmt::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Markdown,
    Csv,
    Json,
}

/// A map with its analysis, ready to be written in any format.
pub struct Report<'a> {
    map: &'a Map,
    analysis: &'a Analysis,
    register: RiskRegister<'a>,
    filter: &'a RegisterFilter,
}

impl<'a> Report<'a> {
    /// `analysis` must have been made from `map`; `filter` chooses the register rows.
    pub fn new(map: &'a Map, analysis: &'a Analysis, filter: &'a RegisterFilter) -> Self {
        Self {
            map,
            analysis,
            register: RiskRegister::new(map, analysis),
            filter,
        }
    }

    /// Rows carry expected loss and harm, ranked by `rank_by`; `money` must have been
    /// made from the same map and analysis.
    pub fn with_money(mut self, money: &'a MoneyAnalysis, rank_by: RankBy) -> Self {
        self.register = self.register.with_money(money, rank_by);
        self
    }

    pub fn render(&self, format: ReportFormat) -> Result<String, csv::Error> {
        Ok(match format {
            ReportFormat::Markdown => self.markdown(),
            ReportFormat::Csv => self.csv()?,
            ReportFormat::Json => self.json(),
        })
    }

    /// DSPT standard 8 evidence: the unsupported and extended-support systems, ranked
    /// as the register is, with their risk decisions and what is missing from them.
    /// Markdown or CSV (JSON scripts read the register's own fields).
    pub fn dspt(&self, format: ReportFormat) -> Result<String, csv::Error> {
        let rows: Vec<RegisterRow> = self
            .rows()
            .filter(|row| {
                matches!(
                    row.component.status,
                    SupportStatus::Unsupported | SupportStatus::ExtendedSupport
                )
            })
            .collect();
        let today = self.register.today();
        Ok(match format {
            ReportFormat::Csv => {
                let mut writer = csv::Writer::from_writer(Vec::new());
                writer.write_record(DSPT_HEADER)?;
                for row in &rows {
                    writer.write_record(dspt_record(row, today))?;
                }
                let bytes = writer.into_inner().map_err(|e| e.into_error())?;
                String::from_utf8(bytes).expect("every field written is UTF-8")
            }
            _ => self.dspt_markdown(&rows),
        })
    }

    fn dspt_markdown(&self, rows: &[RegisterRow]) -> String {
        let today = self.register.today();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# Unsupported software: {} (DSPT standard 8)\n",
            md(&self.map.title)
        );
        if let Some(organisation) = &self.map.organisation {
            let _ = writeln!(out, "Organisation: {}  ", md(organisation));
        }
        let _ = writeln!(out, "As of {today}  ");
        let by = match self.register.rank_by() {
            RankBy::Loss => "expected annual loss",
            RankBy::Score => "risk score",
        };
        let _ = writeln!(
            out,
            "Unsupported and extended-support systems, highest business risk first (by {by})  "
        );
        let flagged = rows
            .iter()
            .filter(|row| !dspt_flags(row, today).is_empty())
            .count();
        let _ = writeln!(
            out,
            "{} systems; {flagged} need attention (no decision, owner or review date, or past \
             their review date)\n",
            rows.len()
        );
        if rows.is_empty() {
            out.push_str("The map has no unsupported or extended-support systems.\n");
            return out;
        }
        out.push_str(
            "| Rank | System | Status | End of support | Expected loss a year | If it fails \
             | Decision | Decision owner | Review date | Needs attention |\n\
             | ---: | --- | --- | --- | ---: | --- | --- | --- | --- | --- |\n",
        );
        for row in rows {
            let r = dspt_record(row, today);
            let _ = writeln!(
                out,
                "| {} | {} ({}) | {} | {} | {} | {} | {} | {} | {} | {} |",
                r[0],
                md(&r[2]),
                md(&r[1]),
                r[3],
                r[4],
                r[5].parse::<f64>().map(format_gbp).unwrap_or_default(),
                md(&r[8]),
                md(&r[9]),
                md(&r[10]),
                r[11],
                md(&r[12]),
            );
        }
        out
    }

    /// Markdown and CSV carry pounds and harm columns when the map records service
    /// facts; without any, every loss would read £0 (JSON always has them).
    fn money_columns(&self) -> Option<&'a MoneyAnalysis> {
        self.register.money().filter(|m| m.has_service_facts())
    }

    fn rows(&self) -> impl Iterator<Item = RegisterRow<'a>> + 'a {
        self.register.filtered(self.filter)
    }

    /// The component at a position the analysis gave.
    fn at(&self, node: usize) -> &'a Component {
        &self.map.components[node]
    }

    fn needs_of(&self, row: &RegisterRow) -> Vec<&'a Component> {
        self.analysis
            .needs_depending_on(&row.component.id)
            .into_iter()
            .map(|n| self.at(n))
            .collect()
    }

    fn weights_line(&self) -> String {
        let w = &self.map.settings.score_weights;
        format!(
            "clinical {}, support {}, dependants {}, expiry {}",
            format_points(w.clinical),
            format_points(w.support),
            format_points(w.dependants),
            format_points(w.expiry)
        )
    }

    fn filter_line(&self) -> Option<String> {
        let mut parts = Vec::new();
        parts.extend(self.filter.view.as_ref().map(|v| v.label.clone()));
        if !self.filter.statuses.is_empty() {
            let names: Vec<&str> = self.filter.statuses.iter().map(|s| s.label()).collect();
            parts.push(format!("status {}", names.join(", ")));
        }
        if let Some(months) = self.filter.expires_within_months {
            parts.push(format!(
                "support or contract ending within {months} months (or already ended)"
            ));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }

    fn markdown(&self) -> String {
        let mut out = String::new();
        self.markdown_register(&mut out);
        self.markdown_exposure(&mut out);
        self.markdown_checks(&mut out);
        out
    }

    fn markdown_register(&self, out: &mut String) {
        let map = self.map;
        let _ = writeln!(out, "# Risk register: {}\n", md(&map.title));
        if let Some(organisation) = &map.organisation {
            let _ = writeln!(out, "Organisation: {}  ", md(organisation));
        }
        let _ = writeln!(out, "As of {}  ", self.register.today());
        match self.register.rank_by() {
            RankBy::Score => {
                let _ = writeln!(
                    out,
                    "Ranked by risk score (weights: {}; see docs/analysis.md)  ",
                    self.weights_line()
                );
            }
            RankBy::Loss => {
                let _ = writeln!(
                    out,
                    "Ranked by expected annual loss (see docs/analysis.md; the figures are \
                     estimates whose inputs the trust should own)  "
                );
            }
        }
        if let Some(money) = self.money_columns() {
            let _ = writeln!(
                out,
                "Expected loss of the whole estate: {} ({} draws)  ",
                money.estate().describe(),
                money.draws()
            );
        }
        if let Some(filter) = self.filter_line() {
            let _ = writeln!(out, "Showing only: {filter}  ");
        }
        out.push('\n');
        let rows: Vec<RegisterRow> = self.rows().collect();
        if rows.is_empty() {
            out.push_str(if self.register.is_empty() {
                "The map has no systems or activities to rank.\n"
            } else {
                "No component matches the filter.\n"
            });
            return;
        }
        let money = self.money_columns().is_some();
        out.push_str(
            "| Rank | Component | Status | Clinical rating | Score | User needs | Annual cost \
             | Supplier | End of support | Contract end | Why |",
        );
        if money {
            out.push_str(
                " Expected loss a year | 90 % range | Patients a day | Worst harm | If it fails |",
            );
        }
        // An estate merged from areas says where each system is used.
        let areas = self.map.components.iter().any(|c| !c.areas.is_empty());
        if areas {
            out.push_str(" Areas |");
        }
        out.push_str("\n| ---: | --- | --- | --- | ---: | ---: | ---: | --- | --- | --- | --- |");
        if money {
            out.push_str(" ---: | --- | ---: | --- | --- |");
        }
        if areas {
            out.push_str(" --- |");
        }
        out.push('\n');
        for row in rows {
            let (c, facts) = (row.component, row.facts);
            let _ = write!(
                out,
                "| {} | {} ({}) | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                row.rank,
                md(&c.name),
                md(c.id.as_str()),
                row.status_label(),
                facts.rating,
                format_points(facts.score.total),
                facts.dependent_needs,
                c.annual_cost_gbp.map(format_gbp).unwrap_or_default(),
                md(c.supplier.as_deref().unwrap_or("")),
                optional(c.end_of_support),
                optional(c.contract_end),
                md(&row.explain()),
            );
            if let Some(m) = row.money.filter(|_| money) {
                let _ = write!(
                    out,
                    " {} | {} to {} | {} | {} | {} |",
                    format_gbp(m.expected_loss.median.round()),
                    format_gbp(m.expected_loss.p5.round()),
                    format_gbp(m.expected_loss.p95.round()),
                    m.harm
                        .patients_per_day
                        .map(format_points)
                        .unwrap_or_default(),
                    m.harm.worst.map(|h| h.label()).unwrap_or(""),
                    md(&m.statement),
                );
            }
            if areas {
                let _ = write!(out, " {} |", md(&c.areas.join(", ")));
            }
            out.push('\n');
        }
    }

    fn markdown_exposure(&self, out: &mut String) {
        out.push_str("\n## Exposure of each user need\n");
        if self.exposures().next().is_none() {
            out.push_str("\nThe map has no user needs.\n");
        }
        for exposure in self.exposures() {
            let need = self.at(exposure.need);
            let _ = writeln!(out, "\n### {} ({})\n", md(&need.name), md(need.id.as_str()));
            let _ = writeln!(out, "{}", exposure_summary(exposure));
            for node in self.at_risk_by_rank(exposure) {
                let _ = writeln!(out, "- {}", self.at_risk_line(node));
            }
        }
    }

    /// The exposure of each user need the filter's view shows.
    fn exposures(&self) -> impl Iterator<Item = &'a NeedExposure> + 'a {
        let (map, filter) = (self.map, self.filter);
        self.analysis
            .exposures()
            .iter()
            .filter(move |e| filter.shows(&map.components[e.need].id))
    }

    /// Highest-ranked first: what to fix first for this need.
    fn at_risk_by_rank(&self, exposure: &NeedExposure) -> Vec<usize> {
        let mut nodes = exposure.at_risk.clone();
        nodes.sort_by_key(|&n| self.analysis.components()[n].rank.unwrap_or(usize::MAX));
        nodes
    }

    fn at_risk_line(&self, node: usize) -> String {
        let c = self.at(node);
        match self.register.row_of(node) {
            Some(row) => format!(
                "{} ({}): {}, rank {}, score {}",
                md(&c.name),
                md(c.id.as_str()),
                c.status.label(),
                row.rank,
                format_points(row.facts.score.total)
            ),
            // Another user need it rests on: not in the register.
            None => format!(
                "{} ({}): user need, {}",
                md(&c.name),
                md(c.id.as_str()),
                c.status.label().to_lowercase()
            ),
        }
    }

    fn markdown_checks(&self, out: &mut String) {
        out.push_str("\n## Checks\n\n");
        if self.analysis.checks().is_empty() {
            out.push_str("No warnings.\n");
        }
        for check in self.analysis.checks() {
            let _ = writeln!(out, "- {}", md(&check.message));
        }
    }

    fn csv(&self) -> Result<String, csv::Error> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let money = self.money_columns().is_some();
        let fields = CSV_FIELDS.map(|key| fields::field(key).expect("a field of the table"));
        let mut header = CSV_HEADER.to_vec();
        header.extend(fields.iter().map(|f| f.header));
        header.extend(["Dates", "Areas"]);
        if money {
            header.extend(CSV_MONEY_HEADER);
        }
        writer.write_record(&header)?;
        for row in self.rows() {
            let (c, facts) = (row.component, row.facts);
            let (likelihood, consequence) = match facts.rating {
                super::ClinicalRating::Rated {
                    likelihood,
                    consequence,
                    ..
                } => (likelihood.label(), consequence.label()),
                _ => ("", ""),
            };
            let needs: Vec<&str> = self
                .needs_of(&row)
                .iter()
                .map(|n| n.name.as_str())
                .collect();
            let mut record = vec![
                row.rank.to_string(),
                c.id.to_string(),
                c.name.clone(),
                c.kind.label().to_string(),
                c.status.label().to_string(),
                if facts.exposed { "yes" } else { "no" }.to_string(),
                facts.rating.to_string(),
                likelihood.to_string(),
                consequence.to_string(),
                format_points(facts.score.total),
                row.explain(),
                facts.dependent_needs.to_string(),
                needs.join("; "),
            ];
            record.extend(fields.iter().map(|f| (f.show)(c)));
            record.push(facts.date_category.label().to_string());
            record.push(c.areas.join("; "));
            if let Some(m) = row.money.filter(|_| money) {
                record.extend(csv_money(m));
            }
            writer.write_record(&record)?;
        }
        let bytes = writer.into_inner().map_err(|e| e.into_error())?;
        Ok(String::from_utf8(bytes).expect("every field written is UTF-8"))
    }

    fn json(&self) -> String {
        let filter = json!({
            "statuses": self.filter.statuses.iter().map(|s| s.key()).collect::<Vec<_>>(),
            "expires_within_months": self.filter.expires_within_months,
            "view": self.filter.view.as_ref().map(|v| &v.label),
        });
        let report = json!({
            "title": self.map.title,
            "organisation": self.map.organisation,
            "today": self.register.today(),
            "score_weights": self.map.settings.score_weights,
            "filter": filter,
            "rank_by": self.register.rank_by().key(),
            "register": self.rows().map(|row| self.json_row(&row)).collect::<Vec<_>>(),
            "exposure": self.exposures().map(|e| self.json_exposure(e)).collect::<Vec<_>>(),
            "checks": self.analysis.checks(),
        });
        let mut report = report;
        if let Some(money) = self.register.money() {
            report["estate_expected_loss_gbp"] = loss_json(&money.estate());
            report["draws"] = json!(money.draws());
            report["money_settings"] = json!(self.map.settings.money);
            report["loss_exceedance"] = json!(money.exceedance_curve());
        }
        let mut text = serde_json::to_string_pretty(&report).expect("JSON values serialise");
        text.push('\n');
        text
    }

    fn json_row(&self, row: &RegisterRow) -> Value {
        let (c, facts) = (row.component, row.facts);
        let score = &facts.score;
        let mut value = json!({
            "rank": row.rank,
            "id": c.id,
            "name": c.name,
            "kind": c.kind,
            "status": c.status.key(),
            "exposed": facts.exposed,
            "clinical": facts.rating,
            "score": score.total,
            "score_parts": {
                "clinical": score.clinical_points,
                "support": score.support_points,
                "dependants": score.dependant_points,
                "expiry": score.expiry_points,
            },
            "explanation": row.explain(),
            "dependent_user_needs": self.needs_of(row).iter().map(|n| &n.id).collect::<Vec<_>>(),
            "annual_cost_gbp": c.annual_cost_gbp,
            "supplier": c.supplier,
            "owner": c.owner,
            "end_of_support": c.end_of_support,
            "contract_end": c.contract_end,
            "date_category": facts.date_category,
            "areas": c.areas,
        });
        if let Some(m) = row.money {
            value["expected_loss_gbp"] = loss_json(&m.expected_loss);
            value["failures_per_year"] = json!(m.failures_per_year);
            value["harm"] = json!({
                "statement": m.statement,
                "worst": m.harm.worst,
                "patients_per_day": m.harm.patients_per_day,
                "areas": m.harm.areas,
                "user_needs": m.harm.user_needs.iter().map(|&n| &self.at(n).id).collect::<Vec<_>>(),
            });
        }
        value
    }

    fn json_exposure(&self, exposure: &NeedExposure) -> Value {
        let need = self.at(exposure.need);
        let at_risk: Vec<Value> = self
            .at_risk_by_rank(exposure)
            .into_iter()
            .map(|node| {
                let c = self.at(node);
                json!({
                    "id": c.id,
                    "name": c.name,
                    "status": c.status.key(),
                    "rank": self.analysis.components()[node].rank,
                })
            })
            .collect();
        json!({
            "need": need.id,
            "name": need.name,
            "rests_on": exposure.rests_on,
            "at_risk": at_risk,
        })
    }
}

/// The register's own columns; then [`CSV_FIELDS`], then "Dates" and "Areas".
const CSV_HEADER: [&str; 13] = [
    "Rank",
    "ID",
    "Component",
    "Kind",
    "Status",
    "Exposed",
    "Clinical rating",
    "Likelihood",
    "Consequence",
    "Score",
    "Score explanation",
    "User needs affected",
    "User needs",
];

/// Component facts the CSV carries as the map file has them: header and text come
/// from the field table.
const CSV_FIELDS: [&str; 5] = [
    "annual_cost_gbp",
    "supplier",
    "owner",
    "end_of_support",
    "contract_end",
];

const DSPT_HEADER: [&str; 13] = [
    "Rank",
    "ID",
    "System",
    "Status",
    "End of support",
    "Expected loss median (GBP a year)",
    "Expected loss p5 (GBP a year)",
    "Expected loss p95 (GBP a year)",
    "Harm statement",
    "Decision",
    "Decision owner",
    "Review date",
    "Needs attention",
];

fn dspt_record(row: &RegisterRow, today: chrono::NaiveDate) -> [String; 13] {
    let c = row.component;
    let loss = |f: fn(&LossRange) -> f64| {
        row.money
            .map(|m| format_points(f(&m.expected_loss).round()))
            .unwrap_or_default()
    };
    [
        row.rank.to_string(),
        c.id.to_string(),
        c.name.clone(),
        c.status.label().to_string(),
        optional(c.end_of_support),
        loss(|l| l.median),
        loss(|l| l.p5),
        loss(|l| l.p95),
        row.money.map(|m| m.statement.clone()).unwrap_or_default(),
        c.decision
            .map(|d| d.label().to_string())
            .unwrap_or_default(),
        c.decision_owner.clone().unwrap_or_default(),
        optional(c.review_date),
        dspt_flags(row, today).join("; "),
    ]
}

/// What DSPT evidence a system still lacks: a decision, an owner, a review date that
/// has not passed.
fn dspt_flags(row: &RegisterRow, today: chrono::NaiveDate) -> Vec<String> {
    let c = row.component;
    let mut flags = Vec::new();
    if c.decision.is_none() {
        flags.push("no decision recorded".to_string());
    }
    if c.decision_owner
        .as_deref()
        .is_none_or(|o| o.trim().is_empty())
    {
        flags.push("no decision owner".to_string());
    }
    match c.review_date {
        None => flags.push("no review date".to_string()),
        Some(date) if date < today => flags.push(format!("review overdue (due {date})")),
        Some(_) => {}
    }
    flags
}

const CSV_MONEY_HEADER: [&str; 6] = [
    "Expected loss median (GBP a year)",
    "Expected loss p5 (GBP a year)",
    "Expected loss p95 (GBP a year)",
    "Patients a day",
    "Worst harm",
    "Harm statement",
];

fn csv_money(m: &SystemMoney) -> [String; 6] {
    [
        format_points(m.expected_loss.median.round()),
        format_points(m.expected_loss.p5.round()),
        format_points(m.expected_loss.p95.round()),
        m.harm
            .patients_per_day
            .map(format_points)
            .unwrap_or_default(),
        m.harm
            .worst
            .map(|h| h.label().to_string())
            .unwrap_or_default(),
        m.statement.clone(),
    ]
}

/// `{median, p5, p95}`, pounds a year.
fn loss_json(loss: &LossRange) -> Value {
    json!({"median": loss.median, "p5": loss.p5, "p95": loss.p95})
}

fn exposure_summary(exposure: &NeedExposure) -> String {
    let rests_on = match exposure.rests_on {
        1 => "Rests on 1 component".to_string(),
        n => format!("Rests on {n} components"),
    };
    match exposure.at_risk.len() {
        0 => format!("{rests_on}; none at risk."),
        n => format!(
            "{rests_on}; {n} at risk (unsupported, extended support, shadow IT or unknown):\n"
        ),
    }
}

fn optional<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// Text safe inside a Markdown table cell.
fn md(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// "£120,000", "£99.50".
pub fn format_gbp(amount: f64) -> String {
    let pence = (amount * 100.0).round() as u64;
    let (pounds, pence) = (pence / 100, pence % 100);
    let digits = pounds.to_string();
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if pence == 0 {
        format!("£{grouped}")
    } else {
        format!("£{grouped}.{pence:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pounds_are_grouped_in_thousands() {
        assert_eq!(format_gbp(0.0), "£0");
        assert_eq!(format_gbp(999.0), "£999");
        assert_eq!(format_gbp(120_000.0), "£120,000");
        assert_eq!(format_gbp(1_234_567.5), "£1,234,567.50");
    }

    #[test]
    fn empty_map_says_so_rather_than_printing_an_empty_table() {
        let map = Map::new("Empty");
        let analysis = Analysis::new(&map, "2026-11-21".parse().unwrap());
        let filter = RegisterFilter::default();
        let text = Report::new(&map, &analysis, &filter)
            .render(ReportFormat::Markdown)
            .unwrap();
        assert!(text.contains("\nThe map has no systems or activities to rank.\n"));
        assert!(text.contains("\nThe map has no user needs.\n"));
        assert!(!text.contains("| Rank |"));
    }

    #[test]
    fn table_cells_cannot_break_the_table() {
        assert_eq!(md("a|b\nc"), "a\\|b c");
    }
}

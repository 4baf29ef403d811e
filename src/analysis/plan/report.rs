//! The business case as a board reads it (Markdown), as a spreadsheet (CSV, one row a
//! year) and for scripts (JSON): `estate-map plan`.

use super::{Appraisal, RiskAt, Warning, Wave, describe_step};
use crate::analysis::report::format_gbp;
use crate::model::Map;
use serde_json::{Value, json};
use std::fmt::Write;

/// Whole pounds, negatives with a minus: "-£41,652".
pub fn pounds(amount: f64) -> String {
    let rounded = amount.round();
    if rounded < 0.0 {
        format!("-{}", format_gbp(-rounded))
    } else {
        format_gbp(rounded)
    }
}

fn rating(r: Option<u8>) -> String {
    r.map_or_else(|| "-".to_string(), |r| r.to_string())
}

/// Everything `estate-map plan` reports, together.
pub struct PlanReport<'a> {
    pub map: &'a Map,
    pub appraisal: &'a Appraisal,
    pub warnings: &'a [Warning],
    pub waves: &'a [Wave],
    pub as_of: Option<&'a RiskAt>,
}

impl PlanReport<'_> {
    pub fn markdown(&self) -> String {
        let a = self.appraisal;
        let mut s = String::new();
        let _ = writeln!(s, "# Business case: {}\n", self.map.title);
        if self.map.plan.as_ref().is_none_or(|p| p.phases.is_empty()) {
            s.push_str("This map has no plan yet: the plan below is doing nothing.\n\n");
        }
        let last = a.years.last().map_or(a.start, |y| y.end);
        let _ = writeln!(
            s,
            "Appraised the Green Book way over {} years, {} to {}: year 0 undiscounted, \
             later years discounted at {} % a year; one-off costs uplifted by {} % optimism \
             bias{}. Doing nothing costs today's run costs plus the estate's expected \
             annual loss (the money analysis's {}); the plan costs run costs of old and new \
             (both during parallel running), one-off costs, the expected loss of the \
             estate as the plan changes it (at mid-year) and planned cut-over outages.\n",
            a.years.len(),
            a.start,
            last,
            trim_pct(a.discount_rate * 100.0),
            trim_pct(a.optimism_bias * 100.0),
            a.optimism_bias_reason
                .as_deref()
                .map_or(String::new(), |r| format!(" ({r})")),
            a.expected_loss_measure
        );
        let verdict = if a.npv_gbp >= 0.0 {
            format!("the plan saves {} over doing nothing", pounds(a.npv_gbp))
        } else {
            format!(
                "the plan costs {} more than doing nothing",
                pounds(-a.npv_gbp)
            )
        };
        let _ = writeln!(
            s,
            "**Net present value: {}**: {verdict}, in today's money.  ",
            pounds(a.npv_gbp)
        );
        match a.payback_year {
            Some(y) => {
                let _ = writeln!(
                    s,
                    "**Pays back in year {y}** (the year from {}).\n",
                    a.years[y as usize].start
                );
            }
            None => s.push_str("**Does not pay back** within the appraisal.\n\n"),
        }
        s.push_str(
            "| Year | From | Do nothing | Plan | Saving | Discount factor | Discounted saving | \
             Cumulative | Plan capital | Plan revenue | Risk of staying | Risk of moving |\n",
        );
        s.push_str("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for y in &a.years {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {:.4} | {} | {} | {} | {} | {} | {} |",
                y.year,
                y.start,
                pounds(y.do_nothing_gbp),
                pounds(y.plan_gbp),
                pounds(y.difference_gbp),
                y.discount_factor,
                pounds(y.discounted_difference_gbp),
                pounds(y.cumulative_discounted_gbp),
                pounds(y.capital_gbp),
                pounds(y.revenue_gbp),
                rating(y.risk_of_staying),
                rating(y.risk_of_move)
            );
        }
        s.push_str(
            "\nRisk of staying: the highest DCB0160 rating among the legacy systems still in \
             place if nothing is done; risk of moving: the highest rating of the plan's \
             steps under way that year (1 acceptable .. 5 unacceptable; - none rated).\n\n",
        );
        s.push_str("## Where the money goes\n\n");
        s.push_str(
            "| Year | Do nothing: run | Do nothing: expected loss | Plan: run | Plan: one-off \
             (with bias) | Plan: expected loss | Plan: cut-over |\n",
        );
        s.push_str("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for y in &a.years {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} |",
                y.year,
                pounds(y.do_nothing_run_gbp),
                pounds(y.do_nothing_loss_gbp),
                pounds(y.plan_run_gbp),
                pounds(y.plan_one_off_gbp),
                pounds(y.plan_loss_gbp),
                pounds(y.plan_cutover_gbp)
            );
        }
        let _ = writeln!(
            s,
            "\nOne-off costs before optimism bias: {}.",
            pounds(a.one_off_before_bias_gbp)
        );
        if let Some(plan) = &self.map.plan
            && !plan.phases.is_empty()
        {
            s.push_str("\n## Phases\n");
            for phase in &plan.phases {
                let _ = writeln!(
                    s,
                    "\n### {} ({} to {})\n",
                    phase.name, phase.start, phase.end
                );
                for step in &phase.steps {
                    let _ = writeln!(s, "- {}", capitalise(&describe_step(self.map, step)));
                }
                for cost in &phase.costs {
                    let _ = writeln!(
                        s,
                        "- {}: {} ({}, {}, {})",
                        cost.label,
                        pounds(cost.amount_gbp),
                        cost.kind.label().to_lowercase(),
                        cost.capital_or_revenue.label().to_lowercase(),
                        cost.date
                    );
                }
            }
        }
        if let Some(risk) = self.as_of {
            let _ = writeln!(s, "\n## On {}\n", risk.date);
            let _ = writeln!(
                s,
                "Risk of staying: {} ({} legacy system{} in place{}). Risk of moving: {}.",
                rating(risk.staying),
                risk.at_risk_systems.len(),
                if risk.at_risk_systems.len() == 1 {
                    ""
                } else {
                    "s"
                },
                if risk.at_risk_systems.is_empty() {
                    String::new()
                } else {
                    format!(": {}", risk.at_risk_systems.join(", "))
                },
                rating(risk.moving)
            );
            for m in &risk.steps_under_way {
                let _ = writeln!(
                    s,
                    "- Under way ({}, step {}): {}; change risk {}, cut-over risk {}",
                    m.phase,
                    m.step,
                    m.description,
                    rating(m.change_rating),
                    rating(m.cutover_rating)
                );
            }
        }
        s.push_str("\n## Warnings\n\n");
        if self.warnings.is_empty() {
            s.push_str("None: the plan runs old and new in parallel and breaks no dependency.\n");
        }
        for w in self.warnings {
            let _ = writeln!(s, "- {}", w.message);
        }
        s.push_str("\n## Suggested order of work\n\n");
        if self.waves.is_empty() {
            s.push_str("No legacy systems: nothing to migrate.\n");
        } else {
            s.push_str(
                "Legacy systems, highest expected loss and most dependent user needs first.\n",
            );
        }
        for wave in self.waves {
            let _ = writeln!(s, "\n**Wave {}**\n", wave.wave);
            for sys in &wave.systems {
                let _ = writeln!(
                    s,
                    "- {} ({}): expected loss {} a year, {} user need{} depend{} on it; {}",
                    sys.name,
                    sys.status.label(),
                    pounds(sys.expected_loss_gbp),
                    sys.dependent_needs,
                    if sys.dependent_needs == 1 { "" } else { "s" },
                    if sys.dependent_needs == 1 { "s" } else { "" },
                    sys.planned
                        .as_deref()
                        .map_or("not in the plan yet".to_string(), |p| format!(
                            "planned: {p}"
                        ))
                );
            }
        }
        s
    }

    /// One row a year, every figure of the appraisal.
    pub fn csv(&self) -> Result<String, csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            "year",
            "start",
            "end",
            "do_nothing_gbp",
            "plan_gbp",
            "discount_factor",
            "difference_gbp",
            "discounted_difference_gbp",
            "cumulative_discounted_gbp",
            "do_nothing_run_gbp",
            "do_nothing_loss_gbp",
            "plan_run_gbp",
            "plan_one_off_gbp",
            "plan_loss_gbp",
            "plan_cutover_gbp",
            "capital_gbp",
            "revenue_gbp",
            "risk_of_staying",
            "risk_of_move",
        ])?;
        let money = |v: f64| format!("{v:.2}");
        let opt = |r: Option<u8>| r.map_or(String::new(), |r| r.to_string());
        for y in &self.appraisal.years {
            w.write_record([
                y.year.to_string(),
                y.start.to_string(),
                y.end.to_string(),
                money(y.do_nothing_gbp),
                money(y.plan_gbp),
                format!("{:.6}", y.discount_factor),
                money(y.difference_gbp),
                money(y.discounted_difference_gbp),
                money(y.cumulative_discounted_gbp),
                money(y.do_nothing_run_gbp),
                money(y.do_nothing_loss_gbp),
                money(y.plan_run_gbp),
                money(y.plan_one_off_gbp),
                money(y.plan_loss_gbp),
                money(y.plan_cutover_gbp),
                money(y.capital_gbp),
                money(y.revenue_gbp),
                opt(y.risk_of_staying),
                opt(y.risk_of_move),
            ])?;
        }
        let bytes = w.into_inner().map_err(|e| e.into_error())?;
        Ok(String::from_utf8(bytes).expect("CSV of text is UTF-8"))
    }

    /// The appraisal's keys (`years`, `discount_rate`, `npv_gbp`, `payback_year`...)
    /// with `warnings`, `waves` and, given a date, `as_of`.
    pub fn json(&self) -> Value {
        let mut value = serde_json::to_value(self.appraisal).expect("an appraisal serialises");
        if let Value::Object(o) = &mut value {
            o.insert("title".into(), json!(self.map.title));
            o.insert("warnings".into(), json!(self.warnings));
            o.insert("waves".into(), json!(self.waves));
            if let Some(risk) = self.as_of {
                o.insert("as_of".into(), json!(risk));
            }
        }
        value
    }
}

fn trim_pct(v: f64) -> String {
    let text = format!("{v:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

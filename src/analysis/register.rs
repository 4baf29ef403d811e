//! The ranked risk register: one row per system or activity (user needs are what the
//! register protects, not entries in it), highest score first.

use super::clinical::ClinicalRating;
use super::dates::{DateCategory, Deadline};
use super::score::RiskScore;
use super::{Analysis, ComponentFacts};
use crate::model::{Component, ComponentId, Kind, Map, SupportStatus};
use chrono::NaiveDate;
use std::cmp::Ordering;

#[derive(Clone, Debug, PartialEq)]
pub struct RegisterRow {
    /// 1 for the highest score; kept when the register is filtered.
    pub rank: usize,
    pub id: ComponentId,
    pub name: String,
    pub kind: Kind,
    pub status: SupportStatus,
    /// Supported itself, but resting on unsupported, extended-support, shadow-IT or
    /// unknown components.
    pub exposed: bool,
    pub rating: ClinicalRating,
    pub score: RiskScore,
    /// User needs that depend on it, directly or transitively.
    pub dependent_needs: usize,
    pub annual_cost_gbp: Option<f64>,
    pub supplier: Option<String>,
    pub owner: Option<String>,
    pub end_of_support: Option<NaiveDate>,
    pub contract_end: Option<NaiveDate>,
    pub deadline: Option<Deadline>,
    pub date_category: DateCategory,
}

impl RegisterRow {
    /// "Supported (exposed)" for a supported component resting on at-risk ones.
    pub fn status_label(&self) -> String {
        if self.exposed {
            format!("{} (exposed)", self.status.label())
        } else {
            self.status.label().to_string()
        }
    }

    pub fn explain(&self) -> String {
        self.score.explain()
    }
}

/// Which rows to show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RegisterFilter {
    /// Only these statuses; empty means every status.
    pub statuses: Vec<SupportStatus>,
    /// Only rows whose end of support or contract end falls within this many months of
    /// today, or has already passed.
    pub expires_within_months: Option<u32>,
}

impl RegisterFilter {
    pub fn matches(&self, row: &RegisterRow, today: NaiveDate) -> bool {
        let status_ok = self.statuses.is_empty() || self.statuses.contains(&row.status);
        let date_ok = match self.expires_within_months {
            None => true,
            Some(months) => row.deadline.is_some_and(|d| d.ends_within(today, months)),
        };
        status_ok && date_ok
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct RiskRegister {
    pub today: NaiveDate,
    /// Highest score first; ties by rating, then dependent user needs, then name and id.
    pub rows: Vec<RegisterRow>,
}

impl RiskRegister {
    /// `analysis` must have been made from this `map`.
    pub fn new(map: &Map, analysis: &Analysis) -> Self {
        let facts = analysis.components();
        // Sort compact keys, then build rows in rank order: much cheaper than sorting
        // the large rows themselves.
        let mut keys: Vec<RankKey> = map
            .components
            .iter()
            .zip(facts)
            .enumerate()
            .filter(|(_, (c, _))| c.kind != Kind::UserNeed)
            .map(|(node, (c, f))| RankKey {
                score: f.score.total,
                rating: f.rating.rating(),
                dependent_needs: f.dependent_needs,
                name: &c.name,
                id: &c.id,
                node,
            })
            .collect();
        keys.sort_unstable_by(RankKey::order);
        let rows = keys
            .into_iter()
            .zip(1..)
            .map(|(key, rank)| row(rank, &map.components[key.node], &facts[key.node]))
            .collect();
        Self {
            today: analysis.today(),
            rows,
        }
    }

    pub fn filtered<'a>(
        &'a self,
        filter: &'a RegisterFilter,
    ) -> impl Iterator<Item = &'a RegisterRow> + 'a {
        self.rows
            .iter()
            .filter(move |row| filter.matches(row, self.today))
    }
}

fn row(rank: usize, c: &Component, facts: &ComponentFacts) -> RegisterRow {
    RegisterRow {
        rank,
        id: c.id.clone(),
        name: c.name.clone(),
        kind: c.kind,
        status: c.status,
        exposed: facts.exposed,
        rating: facts.rating,
        score: facts.score,
        dependent_needs: facts.dependent_needs,
        annual_cost_gbp: c.annual_cost_gbp,
        supplier: c.supplier.clone(),
        owner: c.owner.clone(),
        end_of_support: c.end_of_support,
        contract_end: c.contract_end,
        deadline: facts.deadline,
        date_category: facts.date_category,
    }
}

struct RankKey<'a> {
    score: f64,
    rating: Option<u8>,
    dependent_needs: usize,
    name: &'a str,
    id: &'a ComponentId,
    node: usize,
}

impl RankKey<'_> {
    /// Highest score first; ties by rating, then dependent user needs, then name and id.
    fn order(a: &Self, b: &Self) -> Ordering {
        b.score
            .total_cmp(&a.score)
            .then_with(|| b.rating.cmp(&a.rating))
            .then_with(|| b.dependent_needs.cmp(&a.dependent_needs))
            .then_with(|| a.name.cmp(b.name))
            .then_with(|| a.id.cmp(b.id))
    }
}

//! The ranked risk register: one row per system or activity (user needs are what the
//! register protects, not entries in it), highest score first.

use super::{Analysis, ComponentFacts, NOT_ASSESSED_SCORED_AS};
use crate::model::{Component, ComponentId, Kind, Map, SupportStatus};
use chrono::NaiveDate;
use std::cmp::Ordering;

/// One row of the register: a view of a component and what the analysis found.
#[derive(Clone, Copy, Debug)]
pub struct RegisterRow<'a> {
    /// 1 for the highest score; kept when the register is filtered.
    pub rank: usize,
    /// Position in `map.components`.
    pub node: usize,
    pub component: &'a Component,
    pub facts: &'a ComponentFacts,
}

impl RegisterRow<'_> {
    /// "Supported (exposed)" for a supported component resting on at-risk ones.
    pub fn status_label(&self) -> String {
        let status = self.component.status.label();
        if self.facts.exposed {
            format!("{status} (exposed)")
        } else {
            status.to_string()
        }
    }

    pub fn explain(&self) -> String {
        self.facts.score.explain()
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
        let status_ok = self.statuses.is_empty() || self.statuses.contains(&row.component.status);
        let date_ok = match self.expires_within_months {
            None => true,
            Some(months) => row
                .facts
                .deadline
                .is_some_and(|d| d.ends_within(today, months)),
        };
        status_ok && date_ok
    }
}

/// The ranked register of a map: a cheap view over the map and its analysis (the
/// ranking itself is computed with the analysis).
#[derive(Clone, Copy)]
pub struct RiskRegister<'a> {
    map: &'a Map,
    analysis: &'a Analysis,
}

impl<'a> RiskRegister<'a> {
    /// `analysis` must have been made from this `map`.
    pub fn new(map: &'a Map, analysis: &'a Analysis) -> Self {
        Self { map, analysis }
    }

    pub fn today(&self) -> NaiveDate {
        self.analysis.today()
    }

    pub fn len(&self) -> usize {
        self.analysis.ranking().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every row, highest score first.
    pub fn rows(self) -> impl Iterator<Item = RegisterRow<'a>> + 'a {
        self.analysis
            .ranking()
            .iter()
            .zip(1..)
            .map(move |(&node, rank)| self.row(node, rank))
    }

    /// The rows the filter lets through, highest score first.
    pub fn filtered(
        self,
        filter: &'a RegisterFilter,
    ) -> impl Iterator<Item = RegisterRow<'a>> + 'a {
        let today = self.today();
        self.rows().filter(move |row| filter.matches(row, today))
    }

    /// The row of the component at `node`; None for a user need.
    pub fn row_of(&self, node: usize) -> Option<RegisterRow<'a>> {
        let rank = self.analysis.components().get(node)?.rank?;
        Some(self.row(node, rank))
    }

    fn row(&self, node: usize, rank: usize) -> RegisterRow<'a> {
        RegisterRow {
            rank,
            node,
            component: &self.map.components[node],
            facts: &self.analysis.components()[node],
        }
    }
}

/// Systems and activities (user needs are what the register protects, not entries in
/// it) as positions in `map.components`: highest score first; ties by rating, then
/// dependent user needs, then name and id. Compact keys are sorted rather than the
/// components, for speed.
pub(crate) fn ranking(map: &Map, facts: &[ComponentFacts]) -> Vec<usize> {
    let mut keys: Vec<RankKey> = map
        .components
        .iter()
        .zip(facts)
        .enumerate()
        .filter(|(_, (c, _))| c.kind != Kind::UserNeed)
        .map(|(node, (c, f))| RankKey {
            score: f.score.total,
            // "Not assessed" ties as the rating it is scored as, never below rating 1.
            rating: f.rating.rating().unwrap_or(NOT_ASSESSED_SCORED_AS),
            dependent_needs: f.dependent_needs,
            name: &c.name,
            id: &c.id,
            node,
        })
        .collect();
    keys.sort_unstable_by(RankKey::order);
    keys.into_iter().map(|key| key.node).collect()
}

struct RankKey<'a> {
    score: f64,
    rating: u8,
    dependent_needs: usize,
    name: &'a str,
    id: &'a ComponentId,
    node: usize,
}

impl RankKey<'_> {
    fn order(a: &Self, b: &Self) -> Ordering {
        b.score
            .total_cmp(&a.score)
            .then_with(|| b.rating.cmp(&a.rating))
            .then_with(|| b.dependent_needs.cmp(&a.dependent_needs))
            .then_with(|| a.name.cmp(b.name))
            .then_with(|| a.id.cmp(b.id))
    }
}

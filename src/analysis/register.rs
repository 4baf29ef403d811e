//! The ranked risk register: one row per system or activity (user needs are what the
//! register protects, not entries in it), highest score first.

use super::areas::{MapView, UnknownArea};
use super::{Analysis, ComponentFacts, MoneyAnalysis, NOT_ASSESSED_SCORED_AS, SystemMoney};
use crate::model::{Component, ComponentId, Kind, Map, SupportStatus};
use chrono::NaiveDate;
use std::cmp::Ordering;
use std::collections::BTreeSet;

/// One row of the register: a view of a component and what the analysis found.
#[derive(Clone, Copy, Debug)]
pub struct RegisterRow<'a> {
    /// 1 for the highest score; kept when the register is filtered.
    pub rank: usize,
    /// Position in `map.components`.
    pub node: usize,
    pub component: &'a Component,
    pub facts: &'a ComponentFacts,
    /// Its expected loss and harm, when the register was given the money analysis.
    pub money: Option<&'a SystemMoney>,
}

/// What the register is ranked by: never a mix, points are not pounds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum RankBy {
    /// Expected annual loss in pounds (median, then 95th percentile).
    Loss,
    /// The explained risk score.
    #[default]
    Score,
}

impl RankBy {
    pub const ALL: [RankBy; 2] = [RankBy::Loss, RankBy::Score];

    /// By loss when the map records service facts on its user needs, else by score.
    pub fn default_for(money: &MoneyAnalysis) -> Self {
        if money.has_service_facts() {
            RankBy::Loss
        } else {
            RankBy::Score
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RankBy::Loss => "Expected loss",
            RankBy::Score => "Risk score",
        }
    }

    /// The name used on the command line and in JSON reports.
    pub fn key(self) -> &'static str {
        match self {
            RankBy::Loss => "loss",
            RankBy::Score => "score",
        }
    }
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
    /// Only the components of an area or at-risk view (`areas::view_members`), named
    /// by the view's label; ranks and scores stay the whole map's.
    pub view: Option<ViewRows>,
}

/// The rows of one view of the map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewRows {
    /// E.g. "Stroke area".
    pub label: String,
    pub members: BTreeSet<ComponentId>,
}

impl RegisterFilter {
    /// The rows of `view` only; the whole map's rows for the whole map.
    pub fn with_view(self, map: &Map, view: &MapView) -> Result<Self, UnknownArea> {
        let view = if view.is_all() {
            None
        } else {
            let members = super::areas::view_members(map, view)?;
            let area = view
                .area
                .as_deref()
                .map(|a| super::areas::find_area(map, a));
            let named = MapView {
                area: area.transpose()?,
                at_risk: view.at_risk,
            };
            Some(ViewRows {
                label: named.label(),
                members: members.into_iter().collect(),
            })
        };
        Ok(Self { view, ..self })
    }

    /// Whether the view (if any) shows the component `id`.
    pub fn shows(&self, id: &ComponentId) -> bool {
        self.view.as_ref().is_none_or(|v| v.members.contains(id))
    }

    pub fn matches(&self, row: &RegisterRow, today: NaiveDate) -> bool {
        if !self.shows(&row.component.id) {
            return false;
        }
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
    money: Option<&'a MoneyAnalysis>,
    rank_by: RankBy,
}

impl<'a> RiskRegister<'a> {
    /// `analysis` must have been made from this `map`.
    pub fn new(map: &'a Map, analysis: &'a Analysis) -> Self {
        Self {
            map,
            analysis,
            money: None,
            rank_by: RankBy::Score,
        }
    }

    /// Rows carry their expected loss and harm, ranked by `rank_by`. `money` must have
    /// been made from the same map and analysis.
    pub fn with_money(self, money: &'a MoneyAnalysis, rank_by: RankBy) -> Self {
        Self {
            money: Some(money),
            rank_by,
            ..self
        }
    }

    /// What the rows are ranked by.
    pub fn rank_by(&self) -> RankBy {
        match self.money {
            Some(_) => self.rank_by,
            None => RankBy::Score,
        }
    }

    pub fn money(&self) -> Option<&'a MoneyAnalysis> {
        self.money
    }

    fn order(&self) -> &'a [usize] {
        match (self.money, self.rank_by) {
            (Some(money), RankBy::Loss) => money.ranking(),
            _ => self.analysis.ranking(),
        }
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

    /// Every row, highest first.
    pub fn rows(self) -> impl Iterator<Item = RegisterRow<'a>> + 'a {
        self.order()
            .iter()
            .zip(1..)
            .map(move |(&node, rank)| self.row(node, rank))
    }

    /// The rows the filter lets through, highest first.
    pub fn filtered(
        self,
        filter: &'a RegisterFilter,
    ) -> impl Iterator<Item = RegisterRow<'a>> + 'a {
        let today = self.today();
        self.rows().filter(move |row| filter.matches(row, today))
    }

    /// The row of the component at `node`; None for a user need.
    pub fn row_of(&self, node: usize) -> Option<RegisterRow<'a>> {
        let rank = match (self.money, self.rank_by) {
            (Some(money), RankBy::Loss) => money.rank(node)?,
            _ => self.analysis.components().get(node)?.rank?,
        };
        Some(self.row(node, rank))
    }

    fn row(&self, node: usize, rank: usize) -> RegisterRow<'a> {
        RegisterRow {
            rank,
            node,
            component: &self.map.components[node],
            facts: &self.analysis.components()[node],
            money: self.money.and_then(|m| m.system(node)),
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

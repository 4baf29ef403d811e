//! Per-map settings: the clinical risk matrix and the risk score weights. Trusts set
//! their own, so these are defaults a file may override, never constants in code.

use super::component::{Consequence, Likelihood, Range3, SupportStatus};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// Ratings 1-5 for each likelihood row, one per consequence (Minor..Catastrophic).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskMatrix {
    pub very_high: [u8; 5],
    pub high: [u8; 5],
    pub medium: [u8; 5],
    pub low: [u8; 5],
    pub very_low: [u8; 5],
}

impl Default for RiskMatrix {
    /// The DCB0129/DCB0160 guidance's example matrix.
    fn default() -> Self {
        Self {
            very_high: [3, 4, 4, 5, 5],
            high: [2, 3, 3, 4, 5],
            medium: [2, 2, 3, 3, 4],
            low: [1, 2, 2, 3, 4],
            very_low: [1, 1, 2, 2, 3],
        }
    }
}

impl RiskMatrix {
    pub fn row(&self, likelihood: Likelihood) -> &[u8; 5] {
        match likelihood {
            Likelihood::VeryHigh => &self.very_high,
            Likelihood::High => &self.high,
            Likelihood::Medium => &self.medium,
            Likelihood::Low => &self.low,
            Likelihood::VeryLow => &self.very_low,
        }
    }

    pub fn row_mut(&mut self, likelihood: Likelihood) -> &mut [u8; 5] {
        match likelihood {
            Likelihood::VeryHigh => &mut self.very_high,
            Likelihood::High => &mut self.high,
            Likelihood::Medium => &mut self.medium,
            Likelihood::Low => &mut self.low,
            Likelihood::VeryLow => &mut self.very_low,
        }
    }

    /// The clinical risk rating (1-5) for a hazard.
    pub fn rating(&self, likelihood: Likelihood, consequence: Consequence) -> u8 {
        self.row(likelihood)[consequence.index()]
    }

    /// What a rating means, in the guidance's words.
    pub fn rating_meaning(rating: u8) -> &'static str {
        match rating {
            5 => "Unacceptable",
            4 => "Mandatory elimination or control",
            3 => "Undesirable: acceptable only if further reduction is impractical",
            2 => "Acceptable where further reduction costs more than it gains",
            1 => "Acceptable, no further action",
            _ => "Not a valid rating",
        }
    }
}

/// Weights of the explainable risk score (see `analysis::score` and `docs/analysis.md`):
/// score = clinical x rating + support x severity + dependants x user needs
/// + expiry x urgency. A component not (fully) assessed is scored as rating 3.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreWeights {
    /// Per point of clinical rating (1-5).
    pub clinical: f64,
    /// Per point of support-status severity (0 supported, 1 extended support, 2 unknown,
    /// 3 unsupported or shadow IT).
    pub support: f64,
    /// Per user need that depends on the component.
    pub dependants: f64,
    /// Per point of date urgency, from the earlier of end of support and contract end
    /// (0 later or no date, 1 within 12 months, 2 within 6 months, 3 already passed).
    pub expiry: f64,
}

impl Default for ScoreWeights {
    fn default() -> Self {
        Self {
            clinical: 2.0,
            support: 2.0,
            dependants: 1.0,
            expiry: 1.0,
        }
    }
}

/// How often a system of each support status fails in a way that stops the services
/// resting on it, a year (low / likely / high).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FailuresByStatus {
    pub supported: Range3,
    pub extended_support: Range3,
    pub unsupported: Range3,
    pub shadow_it: Range3,
    pub unknown: Range3,
}

impl Default for FailuresByStatus {
    /// Estimates for a trust to replace with its own incident history: see
    /// `docs/analysis.md` for where they come from.
    fn default() -> Self {
        Self {
            supported: Range3::new(0.05, 0.1, 0.25),
            extended_support: Range3::new(0.1, 0.25, 0.5),
            unsupported: Range3::new(0.25, 0.5, 1.0),
            shadow_it: Range3::new(0.25, 0.5, 1.0),
            unknown: Range3::new(0.1, 0.3, 0.75),
        }
    }
}

impl FailuresByStatus {
    pub fn of(&self, status: SupportStatus) -> Range3 {
        match status {
            SupportStatus::Supported => self.supported,
            SupportStatus::ExtendedSupport => self.extended_support,
            SupportStatus::Unsupported => self.unsupported,
            SupportStatus::ShadowIt => self.shadow_it,
            SupportStatus::Unknown => self.unknown,
        }
    }
}

/// The expected-loss model's defaults: every figure an estimate the trust should own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MoneySettings {
    /// Failures a year by support status.
    pub failures_per_year: FailuresByStatus,
    /// Failures a year added for each year a system is past its end of support.
    pub extra_failures_per_year_past_end_of_support: Range3,
    /// How long one failure stops the services resting on the system, in days.
    pub outage_days: Range3,
    /// Daily cost of a user need that records patients a day but no outage cost, per
    /// patient (0: such a need costs nothing until the trust gives a figure).
    pub cost_gbp_per_patient_day: f64,
    /// Monte Carlo draws; more draws, steadier percentiles.
    pub draws: u32,
    /// The simulation's seed: the same map always gives the same figures.
    pub seed: u64,
}

impl MoneySettings {
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

impl Default for MoneySettings {
    fn default() -> Self {
        Self {
            failures_per_year: FailuresByStatus::default(),
            extra_failures_per_year_past_end_of_support: Range3::new(0.05, 0.1, 0.2),
            outage_days: Range3::new(0.5, 2.0, 14.0),
            cost_gbp_per_patient_day: 0.0,
            draws: 10_000,
            seed: 14,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MapSettings {
    #[serde(default)]
    pub risk_matrix: RiskMatrix,
    #[serde(default)]
    pub score_weights: ScoreWeights,
    /// Defaults of the expected-loss model (`analysis::money`, `docs/analysis.md`).
    #[serde(default, skip_serializing_if = "MoneySettings::is_default")]
    pub money: MoneySettings,
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_matrix_matches_dcb0160_corners() {
        let m = RiskMatrix::default();
        assert_eq!(m.rating(Likelihood::VeryHigh, Consequence::Catastrophic), 5);
        assert_eq!(m.rating(Likelihood::VeryLow, Consequence::Minor), 1);
        assert_eq!(m.rating(Likelihood::Medium, Consequence::Considerable), 3);
        assert_eq!(m.rating(Likelihood::Low, Consequence::Catastrophic), 4);
    }
}

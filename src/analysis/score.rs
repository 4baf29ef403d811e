//! The explainable risk score (see `docs/analysis.md`):
//!
//! score = clinical x rating + support x severity + dependants x user needs
//!         + expiry x urgency
//!
//! with the weights from `map.settings.score_weights`. Every part keeps its inputs so
//! the score can be explained in words.

use super::clinical::ClinicalRating;
use super::dates::Deadline;
use crate::model::{ScoreWeights, SupportStatus};
use chrono::NaiveDate;
use serde::Serialize;

/// A component with no (or half an) assessment is scored as if rated 3, "undesirable",
/// so that it cannot drop to the bottom of the register for lack of an assessment. The
/// register still shows it as "not assessed".
pub const NOT_ASSESSED_SCORED_AS: u8 = 3;

/// 0 supported, 1 extended support, 2 unknown, 3 unsupported or shadow IT (no support
/// at all).
pub fn support_severity(status: SupportStatus) -> u8 {
    match status {
        SupportStatus::Supported => 0,
        SupportStatus::ExtendedSupport => 1,
        SupportStatus::Unknown => 2,
        SupportStatus::Unsupported | SupportStatus::ShadowIt => 3,
    }
}

/// What the score is computed from.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ScoreInputs {
    pub rating: ClinicalRating,
    pub status: SupportStatus,
    /// How many user needs depend on the component, directly or transitively.
    pub dependent_needs: usize,
    pub deadline: Option<Deadline>,
    pub today: NaiveDate,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct RiskScore {
    pub total: f64,
    pub clinical_points: f64,
    pub support_points: f64,
    pub dependant_points: f64,
    pub expiry_points: f64,
    #[serde(skip)]
    pub inputs: ScoreInputs,
}

impl RiskScore {
    pub fn compute(inputs: ScoreInputs, weights: &ScoreWeights) -> Self {
        let rating = inputs.rating.rating().unwrap_or(NOT_ASSESSED_SCORED_AS);
        let urgency = inputs.deadline.map_or(0, |d| d.urgency(inputs.today));
        let clinical_points = weights.clinical * f64::from(rating);
        let support_points = weights.support * f64::from(support_severity(inputs.status));
        let dependant_points = weights.dependants * inputs.dependent_needs as f64;
        let expiry_points = weights.expiry * f64::from(urgency);
        Self {
            total: clinical_points + support_points + dependant_points + expiry_points,
            clinical_points,
            support_points,
            dependant_points,
            expiry_points,
            inputs,
        }
    }

    /// "rating 4 (+8); unsupported (+6); 3 user needs depend on it (+3); support ended
    /// 2023-03-31 (+3)". The clinical part is always given; other parts when they add
    /// points.
    pub fn explain(&self) -> String {
        let inputs = &self.inputs;
        let mut parts = vec![format!(
            "{} (+{})",
            clinical_words(inputs.rating),
            format_points(self.clinical_points)
        )];
        let optional = [
            (support_words(inputs.status), self.support_points),
            (needs_words(inputs.dependent_needs), self.dependant_points),
            (
                inputs
                    .deadline
                    .map(|d| d.describe(inputs.today))
                    .unwrap_or_default(),
                self.expiry_points,
            ),
        ];
        for (words, points) in optional {
            if points > 0.0 {
                parts.push(format!("{words} (+{})", format_points(points)));
            }
        }
        parts.join("; ")
    }
}

fn clinical_words(rating: ClinicalRating) -> String {
    match rating {
        ClinicalRating::Rated { rating, .. } => format!("rating {rating}"),
        other => format!("clinical risk {other}, counted as {NOT_ASSESSED_SCORED_AS}"),
    }
}

fn support_words(status: SupportStatus) -> String {
    match status {
        SupportStatus::Supported => "supported",
        SupportStatus::ExtendedSupport => "on extended support",
        SupportStatus::Unsupported => "unsupported",
        SupportStatus::ShadowIt => "shadow IT",
        SupportStatus::Unknown => "support status unknown",
    }
    .to_string()
}

fn needs_words(count: usize) -> String {
    match count {
        1 => "1 user need depends on it".to_string(),
        n => format!("{n} user needs depend on it"),
    }
}

/// Whole numbers without decimals, others to at most two places: "8", "2.5".
pub fn format_points(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A score's place between the lowest possible (0) and the highest on the map, in
/// fifths: what the "risk heat" overlay colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeatLevel {
    VeryLow,
    Low,
    Medium,
    High,
    VeryHigh,
}

impl HeatLevel {
    pub const ALL: [HeatLevel; 5] = [
        HeatLevel::VeryLow,
        HeatLevel::Low,
        HeatLevel::Medium,
        HeatLevel::High,
        HeatLevel::VeryHigh,
    ];

    /// `score` relative to `highest`, the highest score on the map.
    pub fn of(score: f64, highest: f64) -> Self {
        let fraction = if highest > 0.0 { score / highest } else { 0.0 };
        match fraction {
            f if f > 0.8 => HeatLevel::VeryHigh,
            f if f > 0.6 => HeatLevel::High,
            f if f > 0.4 => HeatLevel::Medium,
            f if f > 0.2 => HeatLevel::Low,
            _ => HeatLevel::VeryLow,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            HeatLevel::VeryLow => "Very low",
            HeatLevel::Low => "Low",
            HeatLevel::Medium => "Medium",
            HeatLevel::High => "High",
            HeatLevel::VeryHigh => "Very high",
        }
    }
}

//! Clinical risk rating through the map's own matrix, with "not assessed" kept distinct
//! from any rating so that a missing assessment never reads as "no risk".

use crate::model::{ClinicalRisk, Consequence, Likelihood, RiskMatrix};
use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum ClinicalRating {
    /// A rating 1-5 from the matrix.
    Rated {
        rating: u8,
        likelihood: Likelihood,
        consequence: Consequence,
    },
    /// No hazard assessment recorded.
    NotAssessed,
    /// Only one half of the assessment recorded.
    PartlyAssessed {
        likelihood: Option<Likelihood>,
        consequence: Option<Consequence>,
    },
}

impl ClinicalRating {
    pub fn of(risk: Option<&ClinicalRisk>, matrix: &RiskMatrix) -> Self {
        let Some(risk) = risk else {
            return ClinicalRating::NotAssessed;
        };
        match (risk.likelihood, risk.consequence) {
            (Some(likelihood), Some(consequence)) => ClinicalRating::Rated {
                rating: matrix.rating(likelihood, consequence),
                likelihood,
                consequence,
            },
            (None, None) => ClinicalRating::NotAssessed,
            (likelihood, consequence) => ClinicalRating::PartlyAssessed {
                likelihood,
                consequence,
            },
        }
    }

    /// The rating, if there is one.
    pub fn rating(self) -> Option<u8> {
        match self {
            ClinicalRating::Rated { rating, .. } => Some(rating),
            _ => None,
        }
    }
}

/// "4", "not assessed", or "not assessed (no consequence)": the register's rating cell.
impl fmt::Display for ClinicalRating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClinicalRating::Rated { rating, .. } => write!(f, "{rating}"),
            ClinicalRating::NotAssessed => f.write_str("not assessed"),
            ClinicalRating::PartlyAssessed {
                likelihood: None, ..
            } => f.write_str("not assessed (no likelihood)"),
            ClinicalRating::PartlyAssessed { .. } => f.write_str("not assessed (no consequence)"),
        }
    }
}

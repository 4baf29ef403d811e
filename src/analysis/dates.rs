//! End-of-support and contract-end dates, always relative to a given `today` (never the
//! clock) so that every answer can be checked.

use crate::model::Component;
use chrono::{Months, NaiveDate};
use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    EndOfSupport,
    ContractEnd,
}

/// The date that matters most for a component: the earlier of its end of support and
/// its contract end (end of support when both fall on the same day).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub date: NaiveDate,
}

impl Deadline {
    pub fn of(component: &Component) -> Option<Self> {
        let support = component.end_of_support.map(|date| Deadline {
            kind: DeadlineKind::EndOfSupport,
            date,
        });
        let contract = component.contract_end.map(|date| Deadline {
            kind: DeadlineKind::ContractEnd,
            date,
        });
        match (support, contract) {
            (Some(s), Some(c)) if c.date < s.date => Some(c),
            (Some(s), _) => Some(s),
            (None, c) => c,
        }
    }

    /// Passed: the date is before today (support still runs on its last day).
    pub fn has_passed(self, today: NaiveDate) -> bool {
        self.date < today
    }

    /// Ends on or before `today` + `months` (already passed included).
    pub fn ends_within(self, today: NaiveDate, months: u32) -> bool {
        match today.checked_add_months(Months::new(months)) {
            Some(limit) => self.date <= limit,
            None => true,
        }
    }

    /// Date urgency for the risk score: 3 passed, 2 within 6 months, 1 within 12
    /// months, 0 later.
    pub fn urgency(self, today: NaiveDate) -> u8 {
        if self.has_passed(today) {
            3
        } else if self.ends_within(today, 6) {
            2
        } else if self.ends_within(today, 12) {
            1
        } else {
            0
        }
    }

    /// "support ended 2023-03-31", "contract ends 2026-05-31".
    pub fn describe(self, today: NaiveDate) -> String {
        let what = match self.kind {
            DeadlineKind::EndOfSupport => "support",
            DeadlineKind::ContractEnd => "contract",
        };
        let verb = if self.has_passed(today) {
            "ended"
        } else {
            "ends"
        };
        format!("{what} {verb} {}", self.date)
    }
}

/// For the "dates" overlay and its legend.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateCategory {
    Expired,
    Within12Months,
    Later,
    NoDate,
}

impl DateCategory {
    pub const ALL: [DateCategory; 4] = [
        DateCategory::Expired,
        DateCategory::Within12Months,
        DateCategory::Later,
        DateCategory::NoDate,
    ];

    pub fn of(deadline: Option<Deadline>, today: NaiveDate) -> Self {
        match deadline {
            None => DateCategory::NoDate,
            Some(d) if d.has_passed(today) => DateCategory::Expired,
            Some(d) if d.ends_within(today, 12) => DateCategory::Within12Months,
            Some(_) => DateCategory::Later,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DateCategory::Expired => "Expired",
            DateCategory::Within12Months => "Ends within 12 months",
            DateCategory::Later => "Ends later",
            DateCategory::NoDate => "No date",
        }
    }
}

impl fmt::Display for DateCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

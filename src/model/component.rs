//! A component: one system, activity or user need on the map, with the fields that
//! `shared/domain.md` lists for a system record.

use super::ids::ComponentId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// What a component is. User needs sit at the top of the value chain and anchor it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    UserNeed,
    #[default]
    System,
    Activity,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::UserNeed, Kind::System, Kind::Activity];

    pub fn label(self) -> &'static str {
        match self {
            Kind::UserNeed => "User need",
            Kind::System => "System",
            Kind::Activity => "Activity",
        }
    }
}

/// Support status, as defined in `shared/domain.md` (CDDO legacy definition).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum SupportStatus {
    Supported,
    ExtendedSupport,
    Unsupported,
    ShadowIt,
    #[default]
    Unknown,
}

impl SupportStatus {
    /// In the order of the legend and of the 1-5 shortcut keys.
    pub const ALL: [SupportStatus; 5] = [
        SupportStatus::Supported,
        SupportStatus::ExtendedSupport,
        SupportStatus::Unsupported,
        SupportStatus::ShadowIt,
        SupportStatus::Unknown,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SupportStatus::Supported => "Supported",
            SupportStatus::ExtendedSupport => "Extended support",
            SupportStatus::Unsupported => "Unsupported",
            SupportStatus::ShadowIt => "Shadow IT",
            SupportStatus::Unknown => "Unknown",
        }
    }

    /// The name used in files and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            SupportStatus::Supported => "supported",
            SupportStatus::ExtendedSupport => "extended_support",
            SupportStatus::Unsupported => "unsupported",
            SupportStatus::ShadowIt => "shadow_it",
            SupportStatus::Unknown => "unknown",
        }
    }

    /// Legacy by the CDDO definition, or not known to be otherwise.
    pub fn is_at_risk(self) -> bool {
        self != SupportStatus::Supported
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sourcing {
    Build,
    Buy,
    Outsource,
}

impl Sourcing {
    pub const ALL: [Sourcing; 3] = [Sourcing::Build, Sourcing::Buy, Sourcing::Outsource];

    pub fn label(self) -> &'static str {
        match self {
            Sourcing::Build => "Build",
            Sourcing::Buy => "Buy",
            Sourcing::Outsource => "Outsource",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hosting {
    OnPremises,
    Cloud,
    ThirdParty,
}

impl Hosting {
    pub const ALL: [Hosting; 3] = [Hosting::OnPremises, Hosting::Cloud, Hosting::ThirdParty];

    pub fn label(self) -> &'static str {
        match self {
            Hosting::OnPremises => "On-premises",
            Hosting::Cloud => "Cloud",
            Hosting::ThirdParty => "Third party",
        }
    }
}

/// Likelihood of a hazard (DCB0129/DCB0160), lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Likelihood {
    VeryLow,
    Low,
    Medium,
    High,
    VeryHigh,
}

impl Likelihood {
    pub const ALL: [Likelihood; 5] = [
        Likelihood::VeryLow,
        Likelihood::Low,
        Likelihood::Medium,
        Likelihood::High,
        Likelihood::VeryHigh,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Likelihood::VeryLow => "Very low",
            Likelihood::Low => "Low",
            Likelihood::Medium => "Medium",
            Likelihood::High => "High",
            Likelihood::VeryHigh => "Very high",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// Consequence of a hazard (DCB0129/DCB0160), least severe first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consequence {
    Minor,
    Significant,
    Considerable,
    Major,
    Catastrophic,
}

impl Consequence {
    pub const ALL: [Consequence; 5] = [
        Consequence::Minor,
        Consequence::Significant,
        Consequence::Considerable,
        Consequence::Major,
        Consequence::Catastrophic,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Consequence::Minor => "Minor",
            Consequence::Significant => "Significant",
            Consequence::Considerable => "Considerable",
            Consequence::Major => "Major",
            Consequence::Catastrophic => "Catastrophic",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// A clinical hazard assessment; either half may still be missing while it is drafted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClinicalRisk {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<Likelihood>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consequence: Option<Consequence>,
}

/// An estimate given as a range: lowest, most likely and highest value.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Range3 {
    pub low: f64,
    pub likely: f64,
    pub high: f64,
}

impl Range3 {
    pub const fn new(low: f64, likely: f64, high: f64) -> Self {
        Self { low, likely, high }
    }

    /// All three the same: an exact figure.
    pub const fn exact(value: f64) -> Self {
        Self::new(value, value, value)
    }
}

/// The risk decision DSPT standard 8 asks for on each unsupported system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskDecision {
    Replace,
    Mitigate,
    Accept,
}

impl RiskDecision {
    pub const ALL: [RiskDecision; 3] = [
        RiskDecision::Replace,
        RiskDecision::Mitigate,
        RiskDecision::Accept,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RiskDecision::Replace => "Replace",
            RiskDecision::Mitigate => "Mitigate",
            RiskDecision::Accept => "Accept",
        }
    }
}

/// Planned evolution: a move to the right, or replacement by another component.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Evolve {
    /// Target evolution (0..1) the component is planned to move to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evolution: Option<f64>,
    /// The component that will replace this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaced_by: Option<ComponentId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned: Option<NaiveDate>,
}

/// One system, activity or user need. Only id, name and position are required.
/// One origin of an estate component: the source (an area map's title, or an imported
/// register's file name) and the component's id or row key there.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SourceRef {
    pub source: String,
    pub id: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Component {
    pub id: ComponentId,
    pub name: String,
    #[serde(default)]
    pub kind: Kind,
    /// Value chain position: 1.0 is the user need at the top, 0.0 the bottom.
    pub visibility: f64,
    /// Evolution: 0.0 genesis (left) to 1.0 commodity (right).
    pub evolution: f64,
    #[serde(default)]
    pub status: SupportStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_of_support: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_end: Option<NaiveDate>,
    /// Break clause or terminate-for-convenience notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub break_clause: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_cost_gbp: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sourcing: Option<Sourcing>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosting: Option<Hosting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clinical_risk: Option<ClinicalRisk>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evolve: Option<Evolve>,
    /// Resistance to change (drawn as a bar on Wardley maps).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inertia: bool,
    /// Service facts of a user need (see `docs/analysis.md`, risk in money): patients
    /// it serves a day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patients_per_day: Option<f64>,
    /// What a day without this user need's service costs (cancelled activity, agency
    /// staff, workarounds), in pounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outage_cost_gbp_per_day: Option<f64>,
    /// The worst harm to patients if this user need's service is lost (DCB0160 scale).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub harm_if_lost: Option<Consequence>,
    /// What the trust knows of how often this system fails a year, overriding the
    /// map's default for its support status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failures_per_year: Option<Range3>,
    /// DSPT standard 8: the recorded risk decision, its owner and review date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<RiskDecision>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_date: Option<NaiveDate>,
    /// A market or ecosystem rather than one system (OWM `(market)`, `(ecosystem)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market: Option<super::extras::Market>,
    /// This component is a pipeline of variants (OWM `pipeline Name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline: Option<super::extras::Pipeline>,
    /// The pipeline this component is a variant in; it shares that one's visibility.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline_of: Option<ComponentId>,
    /// A web address or a map file (a submap) this component refers to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The component stands for a whole map of its own, the one `url` names.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub submap: bool,
    /// Label position relative to the marker, in pixels (OWM `label [x, y]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_offset: Option<[f64; 2]>,
    /// Name of the evolved form drawn at the planned evolution (OWM `evolve A->B 0.8`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evolve_name: Option<String>,
    /// Label offset of the evolved form, in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evolve_label_offset: Option<[f64; 2]>,
    /// In an estate map: the areas (source maps' titles) this component appears on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<String>,
    /// Where a merged or imported component came from, so merging or importing the same
    /// source again updates it in place instead of adding a duplicate.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceRef>,
    /// Fields written by a newer Estate Map, kept and written back unchanged.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

impl Component {
    pub fn new(id: ComponentId, name: impl Into<String>, visibility: f64, evolution: f64) -> Self {
        Self {
            id,
            name: name.into(),
            kind: Kind::System,
            visibility,
            evolution,
            status: SupportStatus::Unknown,
            description: None,
            owner: None,
            supplier: None,
            end_of_support: None,
            contract_end: None,
            break_clause: None,
            annual_cost_gbp: None,
            sourcing: None,
            hosting: None,
            clinical_risk: None,
            tags: Vec::new(),
            evolve: None,
            inertia: false,
            patients_per_day: None,
            outage_cost_gbp_per_day: None,
            harm_if_lost: None,
            failures_per_year: None,
            decision: None,
            decision_owner: None,
            review_date: None,
            market: None,
            pipeline: None,
            pipeline_of: None,
            url: None,
            submap: false,
            label_offset: None,
            evolve_name: None,
            evolve_label_offset: None,
            areas: Vec::new(),
            sources: Vec::new(),
            extra: BTreeMap::new(),
        }
    }

    pub fn with_kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
        self
    }

    pub fn with_status(mut self, status: SupportStatus) -> Self {
        self.status = status;
        self
    }

    /// "EPR (c12)", how errors and reports name a component.
    pub fn describe(&self) -> String {
        format!("'{}' ({})", self.name, self.id)
    }
}

//! The map model and its file format. No UI code lives here.

pub mod catalogue;
mod component;
mod error;
mod extras;
pub mod fields;
mod format;
pub mod generate;
mod groups;
mod ids;
mod map;
mod plan;
mod repair;
mod save;
mod settings;
mod validate;

pub use component::{
    ClinicalRisk, Component, Consequence, Evolve, Hosting, Kind, Likelihood, Sourcing,
    SupportStatus,
};
pub use component::{Range3, RiskDecision, SourceRef};
pub use error::{FileLoadError, LoadError, Problem, SaveError};
pub use extras::{
    Accelerator, Annotation, Area, Attitude, Flow, FlowDirection, MapPoint, Market, Pipeline,
    Presentation, pipeline_variants,
};
pub use format::{
    CURRENT_VERSION, FORMAT_NAME, MAX_FILE_BYTES, from_json_bytes, from_json_bytes_with_problems,
    from_json_value, load_file, to_json_bytes,
};
pub use groups::Group;
pub use ids::{ComponentId, NoteId};
pub use map::{ConflictKind, Link, Map, MergeConflict, Note, now};
pub use plan::{
    Action, AppraisalSettings, CostKind, Funding, NewSystem, OneOffCost, Phase, Plan, Step,
    drop_dangling as drop_dangling_plan_steps,
};
pub use repair::Fix;
pub use save::{backup_path, mark_app_start, save_file, write_atomically};
pub use settings::{FailuresByStatus, MoneySettings};
pub use settings::{MapSettings, RiskMatrix, ScoreWeights};
pub use validate::money_problems;
pub use validate::validate;

//! The map model and its file format. No UI code lives here.

mod component;
mod error;
mod format;
pub mod generate;
mod ids;
mod map;
mod save;
mod settings;
mod validate;

pub use component::{
    ClinicalRisk, Component, Consequence, Evolve, Hosting, Kind, Likelihood, Sourcing,
    SupportStatus,
};
pub use error::{FileLoadError, LoadError, Problem, SaveError};
pub use format::{
    CURRENT_VERSION, FORMAT_NAME, MAX_FILE_BYTES, from_json_bytes, from_json_value, load_file,
    to_json_bytes,
};
pub use ids::{ComponentId, NoteId};
pub use map::{Link, Map, Note, now};
pub use save::{backup_path, save_file, write_atomically};
pub use settings::{MapSettings, RiskMatrix, ScoreWeights};
pub use validate::validate;

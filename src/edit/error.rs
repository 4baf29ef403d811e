//! Why an edit was refused, in words a facilitator can act on.

use thiserror::Error;

#[derive(Clone, Debug, PartialEq, Error)]
pub enum EditError {
    #[error("a name cannot be empty: type at least one letter")]
    EmptyName,
    #[error("a map title cannot be empty: type at least one letter")]
    EmptyTitle,
    #[error("note text cannot be empty: type something or delete the note")]
    EmptyNote,
    #[error("there is no component '{0}' on this map (was it deleted?)")]
    NoSuchComponent(String),
    #[error("there is no note '{0}' on this map (was it deleted?)")]
    NoSuchNote(String),
    #[error("there is no link from '{from}' to '{to}'")]
    NoSuchLink { from: String, to: String },
    #[error("'{0}' cannot depend on itself: drop the link on another component")]
    SelfLink(String),
    #[error("'{from}' already depends on '{to}'")]
    DuplicateLink { from: String, to: String },
    #[error("{what} must be between 0 and 1, not {value}")]
    OutOfRange { what: &'static str, value: f64 },
    #[error("annual cost must be a number of pounds, zero or more, not {0}")]
    BadCost(f64),
    #[error("'{0}' cannot be replaced by itself")]
    ReplacedBySelf(String),
    #[error("nothing is selected: select one or more components first")]
    NothingSelected,
    #[error("a clinical risk rating must be a whole number from 1 to 5, not {0}")]
    BadRating(u8),
    #[error("the {what} weight must be a number, zero or more, not {value}")]
    BadWeight { what: &'static str, value: f64 },
    #[error("nothing to paste: copy some components first")]
    NothingToPaste,
    /// A field table parser's own explanation.
    #[error("{0}")]
    BadField(String),
    #[error("components have no field '{0}'")]
    NoSuchField(&'static str),
}

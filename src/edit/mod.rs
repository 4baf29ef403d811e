//! Editing: commands that change the map, and the undo/redo history. The UI never
//! mutates the model directly; it sends a `Command` through `History`.

mod change;
mod clipboard;
mod command;
pub mod diff;
mod error;
pub mod estate;
mod history;
pub mod merge3;
pub mod progress;
pub mod resolve;
mod selection;

pub use change::{Change, LinkKey};
pub use clipboard::Clipboard;
pub use command::{Coalesce, Command, Field, MapProperties, Outcome, Position};
pub use error::EditError;
pub use history::{Edited, History, Undone};
pub use selection::Selection;

#[cfg(test)]
mod tests;

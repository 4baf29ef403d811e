//! Editing: commands that change the map, and the undo/redo history. The UI never
//! mutates the model directly; it sends a `Command` through `History`.

mod change;
mod clipboard;
mod command;
mod error;
mod history;

pub use change::{Change, LinkKey};
pub use clipboard::Clipboard;
pub use command::{Command, Field, MapProperties, Outcome, Position};
pub use error::EditError;
pub use history::History;

#[cfg(test)]
mod tests;

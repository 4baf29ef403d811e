//! The eframe app: canvas, panels and dialogs. It changes the map only through `edit`.

mod actions;
mod app;
mod canvas;
mod document;
mod editor;
pub mod files;
mod fonts;
mod insight;
mod inspector;
mod keys;
mod legend;
mod menus;
mod paint;
pub mod register;
mod selection;
mod settings_dialog;
mod status;
mod toolbar;
mod tooltip;
mod view;

pub use app::EstateApp;
pub use document::{DocError, Document, FilePicker, NativePicker};
pub use selection::Selection;
pub use view::View;

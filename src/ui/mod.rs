//! The eframe app: canvas, panels and dialogs. It changes the map only through `edit`.

mod actions;
mod app;
mod canvas;
mod document;
mod editor;
mod export_dialog;
mod file_menu;
pub mod files;
mod fonts;
mod gesture;
mod insight;
mod inspector;
mod keys;
mod legend;
mod map_mesh;
mod menus;
mod paint;
mod prompts;
pub mod register;
mod register_export;
mod selection;
mod settings_dialog;
mod start_screen;
mod status;
mod toolbar;
mod tooltip;
mod view;

pub use app::EstateApp;
pub use document::{DocError, Document};
pub use file_menu::Intent;
pub use prompts::Prompt;
pub use selection::Selection;
pub use view::View;

//! The eframe app: canvas, panels and dialogs. It changes the map only through `edit`.

pub mod files;
pub mod register;

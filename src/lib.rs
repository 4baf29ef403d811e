//! Estate Map: Wardley-style maps of an NHS IT estate, with legacy and clinical risk.
//!
//! Layers, data flowing one way: `model` <- `analysis` <- `edit` <- `scene` <- `export`
//! and `ui`; `cli` parses arguments and calls into them.

pub mod analysis;
pub mod cli;
pub mod edit;
pub mod export;
pub mod interop;
pub mod model;
pub mod scene;
pub mod ui;

//! Other tools' formats in and out: OnlineWardleyMaps text, Mermaid `wardley-beta`,
//! asset registers (CSV, XLSX) in.
//! No egui here; importers produce a `Map` and the problems found, like the JSON loader.

pub mod mermaid;
pub mod owm;
pub mod register;

//! Named groups of components that an estate map can collapse into one box, so a map of
//! several hundred systems stays readable (drawn by `scene::collapse`).

use super::ids::ComponentId;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// A named set of components, drawn as one box while `collapsed`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub name: String,
    /// Component ids; ids no longer on the map are ignored when drawing.
    #[serde(default)]
    pub members: Vec<ComponentId>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub collapsed: bool,
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

impl Group {
    pub fn new(name: impl Into<String>, members: Vec<ComponentId>, collapsed: bool) -> Self {
        Self {
            name: name.into(),
            members,
            collapsed,
            extra: BTreeMap::new(),
        }
    }
}

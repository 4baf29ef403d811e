//! `--area NAME` and `--at-risk`, shared by `export` and `report`: which view of an
//! estate map to draw or report on (see `analysis::areas`).

use crate::analysis::areas::MapView;
use clap::Args;

#[derive(Args, Debug, Default, Clone)]
pub struct ViewArgs {
    /// Only the components on this area of an estate map (a source map's title, as in
    /// their `areas`), with the links among them. An unknown area is an error listing
    /// the map's areas.
    #[arg(long, value_name = "NAME")]
    pub area: Option<String>,
    /// Only the at-risk systems (unsupported, extended support, shadow IT, unknown) and
    /// everything that depends on them; with --area, within that area.
    #[arg(long)]
    pub at_risk: bool,
}

impl ViewArgs {
    pub fn view(&self) -> MapView {
        MapView {
            area: self.area.clone(),
            at_risk: self.at_risk,
        }
    }
}

//! Wardley-map elements beyond systems and links, as OnlineWardleyMaps draws them:
//! pipelines, market and ecosystem components, link flows, numbered annotations,
//! pioneer/settler/town-planner areas, accelerators and presentation settings. All are
//! optional fields of file format version 1.

use super::ids::ComponentId;
use serde::{Deserialize, Serialize};

/// A component that stands for a market or an ecosystem rather than one system.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Market {
    Market,
    Ecosystem,
}

impl Market {
    pub const ALL: [Market; 2] = [Market::Market, Market::Ecosystem];

    pub fn label(self) -> &'static str {
        match self {
            Market::Market => "Market",
            Market::Ecosystem => "Ecosystem",
        }
    }

    /// The OWM decorator and keyword.
    pub fn key(self) -> &'static str {
        match self {
            Market::Market => "market",
            Market::Ecosystem => "ecosystem",
        }
    }
}

/// Marks a component as a pipeline: its variants (components whose `pipeline_of`
/// names it) sit along one line at its visibility.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pipeline {
    /// Evolution span `[from, to]` of the pipeline box when it has no variants to
    /// measure it by (OWM `pipeline Name [0.2, 0.8]`); without either it is hidden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<[f64; 2]>,
}

impl Pipeline {
    /// The evolution span drawn: the stored span (set in the inspector or OWM's
    /// `pipeline Name [start, end]`), else from the leftmost to the rightmost variant.
    pub fn drawn_span(&self, variants: impl IntoIterator<Item = f64>) -> Option<[f64; 2]> {
        if self.span.is_some() {
            return self.span;
        }
        let mut span: Option<[f64; 2]> = None;
        for e in variants {
            span = Some(match span {
                None => [e, e],
                Some([a, b]) => [a.min(e), b.max(e)],
            });
        }
        span
    }
}

/// Which way a flow runs along a link (OWM `+>`, `+<`, `+<>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowDirection {
    /// `A+>B`, `A+'x'>B`
    Forward,
    /// `A+<B`, `A+'x'<B`
    Back,
    /// `A+<>B`, `A+'x'<>B`
    Both,
}

impl FlowDirection {
    pub const ALL: [FlowDirection; 3] = [
        FlowDirection::Forward,
        FlowDirection::Back,
        FlowDirection::Both,
    ];

    /// The OWM arrow after `+` (or after `+'label'`).
    pub fn arrow(self) -> &'static str {
        match self {
            FlowDirection::Forward => ">",
            FlowDirection::Back => "<",
            FlowDirection::Both => "<>",
        }
    }
}

/// A value flow on a link, e.g. money or data, with an optional label (`+'£10'>`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Flow {
    pub direction: FlowDirection,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// A point on the map, `[visibility, evolution]` as OWM writes it.
pub type MapPoint = [f64; 2];

/// A numbered annotation: circles with its number at one or more points, and its text
/// in the map's annotation box.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub number: u32,
    pub points: Vec<MapPoint>,
    #[serde(default)]
    pub text: String,
}

/// Pioneers, settlers and town planners (Wardley's attitudes), drawn as areas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attitude {
    Pioneers,
    Settlers,
    Townplanners,
}

impl Attitude {
    pub const ALL: [Attitude; 3] = [
        Attitude::Pioneers,
        Attitude::Settlers,
        Attitude::Townplanners,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Attitude::Pioneers => "pioneers",
            Attitude::Settlers => "settlers",
            Attitude::Townplanners => "townplanners",
        }
    }
}

/// An attitude area between two corners.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Area {
    pub attitude: Attitude,
    pub from: MapPoint,
    pub to: MapPoint,
}

/// An accelerator (or a deaccelerator, something that slows evolution) on the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Accelerator {
    pub name: String,
    pub visibility: f64,
    pub evolution: f64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deaccelerator: bool,
}

/// How OWM was asked to present the map; kept so a round trip loses nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Presentation {
    /// `style plain|wardley|handwritten|colour|dark`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<String>,
    /// `size [width, height]` in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<[f64; 2]>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hide_evolution: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hide_value_chain: bool,
}

impl Presentation {
    pub fn is_empty(&self) -> bool {
        *self == Presentation::default()
    }
}

/// The variants of pipeline `parent`, in map order.
pub fn pipeline_variants<'a>(
    components: &'a [super::Component],
    parent: &'a ComponentId,
) -> impl Iterator<Item = &'a super::Component> + 'a {
    components
        .iter()
        .filter(move |c| c.pipeline_of.as_ref() == Some(parent))
}

//! Board-pack exports of the one scene: SVG (text as text), PNG rendered from that SVG
//! with resvg, and PDF converted from it with svg2pdf. Both renderers use only the
//! fonts compiled into the binary, so output is the same on every machine.

mod page;
mod render;
mod svg;

pub use page::{Background, Page, Paper, Size, View};

use crate::model::Map;
use crate::scene::{self, Scene, SceneOptions};
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
    Pdf,
}

impl Format {
    /// The format named by a file's extension (case-insensitive).
    pub fn from_path(path: &Path) -> Result<Format, ExportError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("svg") => Ok(Format::Svg),
            Some("png") => Ok(Format::Png),
            Some("pdf") => Ok(Format::Pdf),
            _ => Err(ExportError::UnknownFormat(path.display().to_string())),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("unknown export format for '{0}': use a .png, .svg or .pdf file name")]
    UnknownFormat(String),
    #[error("{0}")]
    BadSize(String),
    #[error("could not render the map: {0}")]
    Render(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExportOptions {
    /// Theme, presenter sizes, dimmed components and the board-pack frame.
    pub scene: SceneOptions,
    pub size: Size,
    /// Multiplies the output size in pixels (like a display's pixel ratio).
    pub scale: f32,
    pub background: Background,
    pub view: View,
}

impl Default for ExportOptions {
    /// The map alone (no frame), fitted, on white, at the format's default size.
    fn default() -> Self {
        Self {
            scene: SceneOptions::default(),
            size: Size::default(),
            scale: 1.0,
            background: Background::default(),
            view: View::default(),
        }
    }
}

impl ExportOptions {
    /// A framed board-pack export, fitted to the map, on white.
    pub fn board_pack() -> Self {
        Self {
            scene: SceneOptions {
                frame: scene::FrameOptions::board_pack(),
                ..SceneOptions::default()
            },
            ..Self::default()
        }
    }
}

/// Exports `map` in `format`, returning the file's bytes.
pub fn export(map: &Map, format: Format, options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    let (scene, options) = scene_of(map, options);
    let page = Page::new(&scene, format, &options)?;
    match format {
        Format::Svg => Ok(svg::write(&scene, &page).into_bytes()),
        Format::Png => render::png(&scene, &page),
        Format::Pdf => render::pdf(&svg::write(&scene, &page), &page),
    }
}

/// The scene as SVG text, for callers that want the markup itself.
pub fn to_svg(map: &Map, options: &ExportOptions) -> Result<String, ExportError> {
    let (scene, options) = scene_of(map, options);
    let page = Page::new(&scene, Format::Svg, &options)?;
    Ok(svg::write(&scene, &page))
}

/// The scene to draw and the options to page it with. A view rectangle with a frame
/// becomes a framed, enlarged crop that fills the page; without a frame the page just
/// shows that rectangle of the whole scene.
fn scene_of(map: &Map, options: &ExportOptions) -> (Scene, ExportOptions) {
    let frame = &options.scene.frame;
    let framed = frame.title_block || frame.legend || frame.summary || frame.footer.is_some();
    match options.view {
        View::Rect(view) if framed && view.width() > 0.0 && view.height() > 0.0 => {
            let scene = scene::build_view(map, &options.scene, view);
            let whole = ExportOptions {
                view: View::Fit,
                ..options.clone()
            };
            (scene, whole)
        }
        _ => (scene::build(map, &options.scene), options.clone()),
    }
}

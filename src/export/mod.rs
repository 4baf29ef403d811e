//! Board-pack exports of the one scene: SVG (text as text), PNG rendered from that SVG
//! with resvg, and PDF converted from it with svg2pdf. Both renderers use only the
//! fonts compiled into the binary, so output is the same on every machine.

mod html;
mod page;
mod plan_chart;
mod render;
mod svg;

pub use page::{Background, Page, Paper, Size, View};
pub use plan_chart::appraisal_svg;

use crate::model::Map;
use crate::scene::{self, Scene, SceneOptions};
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
    Pdf,
    /// One self-contained interactive page (see `html`).
    Html,
    /// OnlineWardleyMaps text (`interop::owm`), for the app's Export dialog.
    Owm,
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
            Some("html" | "htm") => Ok(Format::Html),
            _ => Err(ExportError::UnknownFormat(path.display().to_string())),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Owm => "owm",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("unknown export format for '{0}': use a .png, .svg, .pdf or .html file name")]
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
    if format == Format::Html {
        return Ok(html::write(map, options)?.into_bytes());
    }
    if format == Format::Owm {
        return Ok(crate::interop::owm::export(map).into_bytes());
    }
    if format == Format::Pdf && options.scene.frame.board_summary {
        return board_summary_pdf(map, options);
    }
    let (scene, options) = scene_of(map, format, options);
    export_scene(&scene, &map.title, format, &options)
}

/// A PDF with the board summary: the map (without the panel) on the first page and the
/// summary laid out on its own page of the same paper (issue 14: "adding a page").
fn board_summary_pdf(map: &Map, options: &ExportOptions) -> Result<Vec<u8>, ExportError> {
    let mut first = options.clone();
    first.scene.frame.board_summary = false;
    let (scene, first) = scene_of(map, Format::Pdf, &first);
    let page = Page::new(&scene, Format::Pdf, &first)?;
    let summary = scene::board_summary_page(map, &options.scene);
    let summary_options = ExportOptions {
        view: View::Fit,
        ..first
    };
    let summary_page = Page::new(&summary, Format::Pdf, &summary_options)?;
    render::pdf_pages(
        &[
            (svg::write(&scene, &page), page),
            (svg::write(&summary, &summary_page), summary_page),
        ],
        &map.title,
    )
}

/// Exports a scene built by the caller (e.g. one with changes marked on it); `title`
/// becomes the PDF's document title.
pub fn export_scene(
    scene: &Scene,
    title: &str,
    format: Format,
    options: &ExportOptions,
) -> Result<Vec<u8>, ExportError> {
    let page = Page::new(scene, format, options)?;
    match format {
        Format::Html => Err(ExportError::Render(
            "an HTML page is written from a map, not from a prepared scene".into(),
        )),
        Format::Owm => Err(ExportError::Render(
            "OWM text is written from a map, not from a prepared scene".into(),
        )),
        Format::Svg => Ok(svg::write(scene, &page).into_bytes()),
        Format::Png => render::png(scene, &page),
        Format::Pdf => render::pdf(&svg::write(scene, &page), &page)
            .map(|pdf| render::with_pdf_title(pdf, title)),
    }
}

/// The scene as SVG text, for callers that want the markup itself.
pub fn to_svg(map: &Map, options: &ExportOptions) -> Result<String, ExportError> {
    let (scene, options) = scene_of(map, Format::Svg, options);
    let page = Page::new(&scene, Format::Svg, &options)?;
    Ok(svg::write(&scene, &page))
}

/// The scene to draw and the options to page it with. A view rectangle with a frame
/// becomes a framed, enlarged crop that fills the page; without a frame the page just
/// shows that rectangle of the whole scene.
fn scene_of(map: &Map, format: Format, options: &ExportOptions) -> (Scene, ExportOptions) {
    let detailed;
    let options = match detail_for_export(map, format, options) {
        scene::Detail::Full => options,
        detail => {
            detailed = ExportOptions {
                scene: SceneOptions {
                    detail,
                    ..options.scene.clone()
                },
                ..options.clone()
            };
            &detailed
        }
    };
    let frame = &options.scene.frame;
    let framed = frame.title_block
        || frame.legend
        || frame.summary
        || frame.board_summary
        || frame.footer.is_some();
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

/// A big map rendered small is drawn as an overview, as on the canvas (see
/// `scene::Detail`): the pixels the output gives the map area decide.
fn detail_for_export(map: &Map, format: Format, options: &ExportOptions) -> scene::Detail {
    let probe = Scene {
        bounds: scene::MAP_AREA,
        ..Scene::default()
    };
    let Ok(page) = Page::new(&probe, format, options) else {
        return scene::Detail::Full;
    };
    let view = match options.view {
        View::Rect(r) => r,
        View::Fit => scene::MAP_AREA,
    };
    let pixels_per_unit = page.width as f32 / page.viewbox.width();
    scene::detail_for(map, &view, pixels_per_unit, Default::default)
}

/// The progress slide of a show-and-tell (`estate-map diff -o`, the app's Export
/// progress): the newer map with its title block, legend and counts by status, the headline as its
/// subtitle, and the changes marked.
pub fn progress_slide(
    old: &Map,
    new: &Map,
    changes: &crate::edit::diff::MapDiff,
    format: Format,
    presenter: bool,
) -> Result<Vec<u8>, String> {
    let options = ExportOptions {
        scene: crate::scene::SceneOptions {
            presenter,
            frame: crate::scene::FrameOptions {
                subtitle: Some(crate::edit::progress::headline(changes)),
                summary: true,
                as_of: Some(new.modified.date_naive()),
                ..crate::scene::FrameOptions::board_pack()
            },
            ..crate::scene::SceneOptions::default()
        },
        ..ExportOptions::default()
    };
    let mut built = crate::scene::build(new, &options.scene);
    crate::scene::mark_changes(&mut built, old, changes, options.scene.theme, presenter);
    export_scene(&built, &new.title, format, &options).map_err(|e| e.to_string())
}

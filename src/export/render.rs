//! SVG -> PNG (resvg, tiny-skia) and SVG -> PDF (svg2pdf), with only the embedded fonts.

use super::{ExportError, Page};
use crate::scene::font;
use std::sync::{Arc, OnceLock};
use usvg::fontdb;

/// The embedded DejaVu Sans faces, never system fonts.
fn fonts() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_font_data(font::REGULAR_TTF.to_vec());
        db.load_font_data(font::BOLD_TTF.to_vec());
        db.set_sans_serif_family(font::FAMILY);
        Arc::new(db)
    })
    .clone()
}

fn parse(svg: &str) -> Result<usvg::Tree, ExportError> {
    let options = usvg::Options {
        font_family: font::FAMILY.to_string(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| ExportError::Render(e.to_string()))
}

pub fn png(svg: &str, page: &Page) -> Result<Vec<u8>, ExportError> {
    let tree = parse(svg)?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(page.width, page.height).ok_or_else(|| {
        ExportError::Render(format!(
            "cannot allocate {} x {} pixels",
            page.width, page.height
        ))
    })?;
    let size = tree.size();
    let transform = resvg::tiny_skia::Transform::from_scale(
        page.width as f32 / size.width(),
        page.height as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| ExportError::Render(e.to_string()))
}

pub fn pdf(svg: &str, page: &Page) -> Result<Vec<u8>, ExportError> {
    let tree = parse(svg)?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions { dpi: page.dpi },
    )
    .map_err(|e| ExportError::Render(e.to_string()))
}

//! SVG -> PNG (resvg, tiny-skia) and SVG -> PDF (svg2pdf), with only the embedded fonts.

use super::{ExportError, Page};
use crate::scene::font;
use resvg::tiny_skia::{Pixmap, Transform};
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
    let size = tree.size();
    let scale = Transform::from_scale(
        page.width as f32 / size.width(),
        page.height as f32 / size.height(),
    );
    let mut pixmap = new_pixmap(page.width, page.height)?;
    // Horizontal bands rendered side by side on the available cores, then stitched.
    let bands = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4) as u32;
    let band_height = page.height.div_ceil(bands);
    let rendered: Vec<Result<Pixmap, ExportError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..bands)
            .map(|i| i * band_height)
            .filter(|&top| top < page.height)
            .map(|top| {
                let tree = &tree;
                let height = band_height.min(page.height - top);
                scope.spawn(move || {
                    let mut band = new_pixmap(page.width, height)?;
                    let shift = Transform::from_translate(0.0, -(top as f32));
                    resvg::render(tree, shift.pre_concat(scale), &mut band.as_mut());
                    Ok(band)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(ExportError::Render("the renderer stopped".into())))
            })
            .collect()
    });
    let mut offset = 0;
    for band in rendered {
        let band = band?;
        let bytes = band.data();
        pixmap.data_mut()[offset..offset + bytes.len()].copy_from_slice(bytes);
        offset += bytes.len();
    }
    pixmap
        .encode_png()
        .map_err(|e| ExportError::Render(e.to_string()))
}

fn new_pixmap(width: u32, height: u32) -> Result<Pixmap, ExportError> {
    Pixmap::new(width, height)
        .ok_or_else(|| ExportError::Render(format!("cannot allocate {width} x {height} pixels")))
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

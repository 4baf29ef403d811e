//! SVG -> PNG (resvg, tiny-skia) and SVG -> PDF (svg2pdf), with only the embedded fonts.

use super::{ExportError, Page, svg};
use crate::scene::{Point, Rect, Scene, font};
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

/// Renders the page in horizontal bands side by side on the available cores; each band
/// parses and draws only the shapes that reach into it.
pub fn png(scene: &Scene, page: &Page) -> Result<Vec<u8>, ExportError> {
    let bands = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4) as u32;
    let band_height = page.height.div_ceil(bands);
    let rendered: Vec<Result<Pixmap, ExportError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..bands)
            .map(|i| i * band_height)
            .filter(|&top| top < page.height)
            .map(|top| {
                let height = band_height.min(page.height - top);
                scope.spawn(move || render_band(scene, page, top, height))
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
    let mut pixmap = new_pixmap(page.width, page.height)?;
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

/// Pixel rows `top..top + height` of the page.
fn render_band(scene: &Scene, page: &Page, top: u32, height: u32) -> Result<Pixmap, ExportError> {
    let vb = page.viewbox;
    let units_per_row = vb.height() / page.height as f32;
    let part = Rect::from_min_max(
        Point::new(vb.min.x, vb.min.y + top as f32 * units_per_row),
        Point::new(vb.max.x, vb.min.y + (top + height) as f32 * units_per_row),
    );
    let tree = parse(&svg::write_part(scene, page, Some(part)))?;
    let size = tree.size();
    let transform =
        Transform::from_translate(0.0, -(top as f32)).pre_concat(Transform::from_scale(
            page.width as f32 / size.width(),
            page.height as f32 / size.height(),
        ));
    let mut band = new_pixmap(page.width, height)?;
    resvg::render(&tree, transform, &mut band.as_mut());
    Ok(band)
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

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

/// A PDF of several pages, one SVG each, with `title` as its document title: each page
/// is the SVG converted to a form XObject (svg2pdf) drawn over the whole page.
pub fn pdf_pages(pages: &[(String, Page)], title: &str) -> Result<Vec<u8>, ExportError> {
    use pdf_writer::{Content, Finish, Name, Pdf, Rect as PdfRect, Ref, TextStr};
    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let tree = alloc.bump();
    let ids: Vec<Ref> = pages.iter().map(|_| alloc.bump()).collect();
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(ids.iter().copied())
        .count(ids.len() as i32);
    let name = Name(b"S1");
    for ((svg, page), &id) in pages.iter().zip(&ids) {
        let (chunk, svg_id) =
            svg2pdf::to_chunk(&parse(svg)?, svg2pdf::ConversionOptions::default())
                .map_err(|e| ExportError::Render(e.to_string()))?;
        let mut renumbered = std::collections::HashMap::new();
        let chunk = chunk.renumber(|old| *renumbered.entry(old).or_insert_with(|| alloc.bump()));
        let svg_id = renumbered[&svg_id];
        let content_id = alloc.bump();
        let points = 72.0 / page.dpi;
        let (w, h) = (page.width as f32 * points, page.height as f32 * points);
        let mut p = pdf.page(id);
        p.media_box(PdfRect::new(0.0, 0.0, w, h));
        p.parent(tree);
        p.contents(content_id);
        p.resources().x_objects().pair(name, svg_id);
        p.finish();
        let mut content = Content::new();
        content.transform([w, 0.0, 0.0, h, 0.0, 0.0]).x_object(name);
        pdf.stream(content_id, &content.finish());
        pdf.extend(&chunk);
    }
    pdf.document_info(alloc.bump())
        .title(TextStr(title))
        .producer(TextStr("Estate Map, svg2pdf"));
    Ok(pdf.finish())
}

/// Gives a PDF written by [`pdf`] the map's title in its document information (what
/// viewers show as the document's title), as a standard incremental update: a new
/// version of the information dictionary appended with its own cross-reference section.
/// A PDF whose trailer cannot be read is returned as it was.
pub fn with_pdf_title(mut pdf: Vec<u8>, title: &str) -> Vec<u8> {
    let Some(update) = title_update(&pdf, title) else {
        return pdf;
    };
    pdf.extend(update);
    pdf
}

fn title_update(pdf: &[u8], title: &str) -> Option<Vec<u8>> {
    // The trailer is plain text at the end; stream data before it may be binary.
    let tail = String::from_utf8_lossy(&pdf[pdf.len().saturating_sub(4096)..]);
    let trailer = &tail[tail.rfind("trailer")?..];
    let after = |key: &str| {
        let rest = &trailer[trailer.find(key)? + key.len()..];
        Some(rest.trim_start())
    };
    let size: u64 = after("/Size")?.split_whitespace().next()?.parse().ok()?;
    let root = after("/Root")?;
    let root: Vec<&str> = root.split_whitespace().take(3).collect();
    let info_id: u64 = match after("/Info") {
        Some(info) => info.split_whitespace().next()?.parse().ok()?,
        None => size,
    };
    let prev: u64 = after("startxref")?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    // The title as UTF-16BE with a byte order mark, so any character survives.
    let mut hex = String::from("FEFF");
    for unit in title.encode_utf16() {
        hex.push_str(&format!("{unit:04X}"));
    }
    let mut out = String::from("\n");
    let offset = pdf.len() + out.len();
    out.push_str(&format!(
        "{info_id} 0 obj\n<< /Title <{hex}> /Producer (Estate Map, svg2pdf) >>\nendobj\n"
    ));
    let xref = pdf.len() + out.len();
    out.push_str(&format!(
        "xref\n{info_id} 1\n{offset:010} 00000 n \ntrailer\n<< /Size {} /Root {} {} {} \
         /Info {info_id} 0 R /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n",
        size.max(info_id + 1),
        root.first()?,
        root.get(1)?,
        root.get(2)?,
    ));
    Some(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::{ExportOptions, Format, export};
    use crate::model::Map;

    /// The text after `key` up to the next whitespace, in the last trailer.
    fn last_trailer_value(pdf: &str, key: &str) -> String {
        let trailer = &pdf[pdf.rfind("trailer").unwrap()..];
        let rest = &trailer[trailer.find(key).unwrap() + key.len()..];
        rest.split_whitespace().next().unwrap().to_string()
    }

    #[test]
    fn a_pdf_carries_the_map_title_where_its_cross_reference_says() {
        let pdf = export(
            &Map::new("Ward: £ round"),
            Format::Pdf,
            &ExportOptions::default(),
        )
        .unwrap();
        let text = String::from_utf8_lossy(&pdf).into_owned();
        assert!(text.ends_with("%%EOF\n"));
        // The last startxref points at the new xref, whose one entry points at the info.
        let xref: usize = last_trailer_value(&text, "startxref").parse().unwrap();
        assert!(pdf[xref..].starts_with(b"xref\n"));
        let section = String::from_utf8_lossy(&pdf[xref..]).into_owned();
        let mut lines = section.lines().skip(1);
        let id = lines.next().unwrap().split(' ').next().unwrap().to_string();
        let offset: usize = lines.next().unwrap()[..10].parse().unwrap();
        let object = String::from_utf8_lossy(&pdf[offset..]).into_owned();
        assert!(object.starts_with(&format!("{id} 0 obj\n")), "{object:.40}");
        assert_eq!(last_trailer_value(&text, "/Info"), id);
        // "Ward: £ round" in UTF-16BE after the byte order mark.
        assert!(
            object.contains("/Title <FEFF0057006100720064003A002000A300200072006F0075006E0064>")
        );
        let prev: usize = last_trailer_value(&text, "/Prev").parse().unwrap();
        assert!(
            pdf[prev..].starts_with(b"xref\n"),
            "the update chains to the original"
        );
    }

    #[test]
    fn a_pdf_without_a_readable_trailer_is_left_as_it_was() {
        let bytes = b"%PDF-1.7\nnot really".to_vec();
        assert_eq!(with_pdf_title(bytes.clone(), "t"), bytes);
    }
}

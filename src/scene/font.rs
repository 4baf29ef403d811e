//! Text measurement with the embedded DejaVu Sans, the font every backend draws with
//! (the canvas registers it in egui, the exporters load it into usvg), so that labels
//! wrapped here fit the same way everywhere.

use std::sync::OnceLock;
use ttf_parser::Face;

pub static REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub static BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The family name both font files declare; SVG text refers to it.
pub const FAMILY: &str = "DejaVu Sans";

/// Line height as a multiple of the font size.
pub const LINE_HEIGHT: f32 = 1.2;

fn face(bold: bool) -> &'static Face<'static> {
    static REGULAR: OnceLock<Face<'static>> = OnceLock::new();
    static BOLD: OnceLock<Face<'static>> = OnceLock::new();
    let (cell, bytes) = if bold {
        (&BOLD, BOLD_TTF)
    } else {
        (&REGULAR, REGULAR_TTF)
    };
    // The bytes are compiled in and known good; a failure here is a build defect.
    cell.get_or_init(|| Face::parse(bytes, 0).expect("embedded DejaVu font parses"))
}

/// Characters whose advances are looked up once: measuring labels is the hot path of
/// laying out a big map, and the font's character map is slow to search.
const TABLED: usize = 0x250;

fn advance(face: &Face, ch: char) -> u32 {
    let glyph = face.glyph_index(ch).unwrap_or(ttf_parser::GlyphId(0));
    u32::from(face.glyph_hor_advance(glyph).unwrap_or(0))
}

/// The advances of the first `TABLED` characters, in font units.
fn advances(bold: bool) -> &'static [u32] {
    static REGULAR: OnceLock<Vec<u32>> = OnceLock::new();
    static BOLD: OnceLock<Vec<u32>> = OnceLock::new();
    let cell = if bold { &BOLD } else { &REGULAR };
    cell.get_or_init(|| {
        let face = face(bold);
        (0..TABLED as u32)
            .map(|code| char::from_u32(code).map_or(0, |ch| advance(face, ch)))
            .collect()
    })
}

/// Width of one line of text at `size` map units (advances only, no kerning).
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let face = face(bold);
    let table = advances(bold);
    let units: u32 = text
        .chars()
        .map(|ch| match table.get(ch as usize) {
            Some(&units) => units,
            None => advance(face, ch),
        })
        .sum();
    units as f32 * size / f32::from(face.units_per_em())
}

/// Distance from the top of a line box to its baseline.
pub fn ascent(size: f32, bold: bool) -> f32 {
    let face = face(bold);
    let em = f32::from(face.units_per_em());
    let (ascender, descender) = (f32::from(face.ascender()), f32::from(face.descender()));
    // Centre the glyph box inside the taller line box.
    (LINE_HEIGHT - (ascender - descender) / em) / 2.0 * size + ascender / em * size
}

/// Greedy word wrap into at most `max_lines` lines no wider than `max_width`; words
/// longer than a line are broken, and text that does not fit ends in an ellipsis.
pub fn wrap(text: &str, size: f32, bold: bool, max_width: f32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if text_width(&candidate, size, bold) <= max_width {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        current = break_long_word(word, size, bold, max_width, &mut lines);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last = lines.pop().unwrap_or_default();
        lines.push(with_ellipsis(&format!("{last} …"), size, bold, max_width));
    }
    lines
}

/// Pushes full-width pieces of `word` to `lines` and returns the remainder.
fn break_long_word(
    word: &str,
    size: f32,
    bold: bool,
    max_width: f32,
    lines: &mut Vec<String>,
) -> String {
    let mut piece = String::new();
    for ch in word.chars() {
        piece.push(ch);
        if text_width(&piece, size, bold) > max_width && piece.chars().count() > 1 {
            piece.pop();
            lines.push(std::mem::take(&mut piece));
            piece.push(ch);
        }
    }
    piece
}

/// Shortens `text` until it plus "…" fits in `max_width`.
pub fn with_ellipsis(text: &str, size: f32, bold: bool, max_width: f32) -> String {
    if text_width(text, size, bold) <= max_width && !text.ends_with(" …") {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.trim_end_matches(" …").chars().collect();
    loop {
        let candidate: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if chars.is_empty() || text_width(&candidate, size, bold) <= max_width {
            return candidate;
        }
        chars.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wider_text_measures_wider() {
        let short = text_width("EPR", 18.0, false);
        let long = text_width("Electronic patient record", 18.0, false);
        assert!(short > 20.0 && long > 4.0 * short, "{short} {long}");
        assert!(text_width("EPR", 18.0, true) > short);
        assert!((text_width("EPR", 36.0, false) - 2.0 * short).abs() < 0.01);
    }

    #[test]
    fn wrapped_lines_fit_and_keep_words() {
        let lines = wrap("Patient administration system (PAS)", 18.0, false, 150.0, 3);
        assert!(lines.len() >= 2, "{lines:?}");
        for line in &lines {
            assert!(text_width(line, 18.0, false) <= 150.0, "{line}");
        }
        assert_eq!(lines.join(" "), "Patient administration system (PAS)");
    }

    #[test]
    fn overflow_ends_in_ellipsis_within_width() {
        let lines = wrap(
            "A very long component name that cannot possibly fit in two short lines",
            18.0,
            false,
            120.0,
            2,
        );
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert!(text_width(&lines[1], 18.0, false) <= 120.0);
    }

    #[test]
    fn unbreakable_word_is_split() {
        let lines = wrap("Supercalifragilisticexpialidocious", 18.0, false, 80.0, 9);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| text_width(l, 18.0, false) <= 80.0));
    }
}

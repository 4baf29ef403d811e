//! The embedded DejaVu Sans, registered as egui's proportional font so the canvas
//! measures and draws labels exactly as the exports do.

use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The family name scene text marked bold is drawn with.
pub const BOLD_FAMILY: &str = "DejaVu Sans Bold";

pub fn install(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "DejaVuSans".into(),
        Arc::new(FontData::from_static(REGULAR)),
    );
    fonts
        .font_data
        .insert(BOLD_FAMILY.into(), Arc::new(FontData::from_static(BOLD)));
    // First choice for proportional text; egui's own fonts stay as fallbacks for emoji.
    fonts
        .families
        .entry(FontFamily::Proportional)
        .or_default()
        .insert(0, "DejaVuSans".into());
    let bold_chain = std::iter::once(BOLD_FAMILY.to_string())
        .chain(fonts.families[&FontFamily::Proportional].iter().cloned())
        .collect();
    fonts
        .families
        .insert(FontFamily::Name(BOLD_FAMILY.into()), bold_chain);
    ctx.set_fonts(fonts);
}

pub fn family(bold: bool) -> FontFamily {
    if bold {
        FontFamily::Name(BOLD_FAMILY.into())
    } else {
        FontFamily::Proportional
    }
}

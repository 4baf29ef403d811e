//! Colouring components by something other than their support status: risk score
//! (heat) or end-of-support / contract dates. The fill changes; the outline and badge
//! keep showing status, so no information is lost under an overlay.

use super::geometry::Color;
use super::style::Theme;
use crate::analysis::{Analysis, DateCategory, HeatLevel};
use crate::model::{Kind, Map};
use chrono::NaiveDate;

/// What a component's fill colour shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ColourBy {
    /// Support status (the default).
    #[default]
    Status,
    /// Risk score relative to the highest on the map, in five bands.
    Risk,
    /// End of support or contract end: expired, within 12 months, later, no date.
    Dates,
}

impl ColourBy {
    pub const ALL: [ColourBy; 3] = [ColourBy::Status, ColourBy::Risk, ColourBy::Dates];

    pub fn label(self) -> &'static str {
        match self {
            ColourBy::Status => "Support status",
            ColourBy::Risk => "Risk score",
            ColourBy::Dates => "Dates",
        }
    }

    /// The next in `ALL`, wrapping round (a shortcut cycles through them).
    pub fn next(self) -> ColourBy {
        let i = ColourBy::ALL.iter().position(|&c| c == self).unwrap_or(0);
        ColourBy::ALL[(i + 1) % ColourBy::ALL.len()]
    }
}

/// Fill of a risk band: pale yellow to red-orange in colour, light to mid grey in
/// print. Lightness rises steadily, so the order survives greyscale and colour-vision
/// deficiencies, and label text keeps at least 4.5:1 contrast on every band.
pub fn heat_fill(level: HeatLevel, theme: Theme) -> Color {
    let (light, print) = match level {
        HeatLevel::VeryLow => (0xFFF5CC, 0xF7F7F7),
        HeatLevel::Low => (0xFEE391, 0xD9D9D9),
        HeatLevel::Medium => (0xFEC44F, 0xBDBDBD),
        HeatLevel::High => (0xFE9929, 0xA0A0A0),
        HeatLevel::VeryHigh => (0xE8603C, 0x808080),
    };
    themed(theme, light, print)
}

/// Fill of a date category: red-orange expired, amber soon, sky blue later, pale grey
/// for no date; greys from dark to white in print.
pub fn date_fill(category: DateCategory, theme: Theme) -> Color {
    let (light, print) = match category {
        DateCategory::Expired => (0xE8603C, 0x808080),
        DateCategory::Within12Months => (0xFEC44F, 0xBDBDBD),
        DateCategory::Later => (0x56B4E9, 0xE3E3E3),
        DateCategory::NoDate => (0xF0F0F0, 0xFFFFFF),
    };
    themed(theme, light, print)
}

fn themed(theme: Theme, light: u32, print: u32) -> Color {
    match theme {
        Theme::Light => Color::hex(light),
        Theme::Print => Color::hex(print),
    }
}

/// A component's fill under an overlay, and the words that say what it means (for its
/// accessible name); user needs are not scored or dated, so they get neither.
#[derive(Clone, Debug, PartialEq)]
pub struct OverlayFill {
    pub fill: Option<Color>,
    pub words: Option<String>,
}

/// One entry per component of `map`, in map order; None when colouring by status.
pub fn overlay_fills(
    map: &Map,
    colour_by: ColourBy,
    theme: Theme,
    today: NaiveDate,
) -> Option<Vec<OverlayFill>> {
    if colour_by == ColourBy::Status {
        return None;
    }
    let analysis = Analysis::new(map, today);
    let fills = map
        .components
        .iter()
        .zip(analysis.components())
        .map(|(component, facts)| {
            if component.kind == Kind::UserNeed {
                // Drawn plain as always: a need is not scored or dated itself.
                return OverlayFill {
                    fill: None,
                    words: None,
                };
            }
            let (fill, words) = match colour_by {
                ColourBy::Risk => (
                    heat_fill(facts.heat, theme),
                    format!("risk {}", facts.heat.label().to_lowercase()),
                ),
                _ => (
                    date_fill(facts.date_category, theme),
                    facts.date_category.label().to_lowercase(),
                ),
            };
            OverlayFill {
                fill: Some(fill),
                words: Some(words),
            }
        })
        .collect();
    Some(fills)
}

/// The legend's swatches for an overlay: a heading and (label, fill) pairs, most
/// urgent last for risk (a scale) and first for dates (categories).
pub fn legend_entries(
    colour_by: ColourBy,
    theme: Theme,
    today: NaiveDate,
) -> Option<(String, Vec<(&'static str, Color)>)> {
    let date = today.format("%-d %b %Y");
    match colour_by {
        ColourBy::Status => None,
        ColourBy::Risk => Some((
            format!("Risk score vs highest on map, {date}:"),
            HeatLevel::ALL
                .iter()
                .map(|&h| (h.label(), heat_fill(h, theme)))
                .collect(),
        )),
        ColourBy::Dates => Some((
            format!("Support or contract end, {date}:"),
            DateCategory::ALL
                .iter()
                .map(|&d| (d.label(), date_fill(d, theme)))
                .collect(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::Palette;

    #[test]
    fn label_text_contrast_meets_wcag_aa_on_every_overlay_fill() {
        for theme in [Theme::Light, Theme::Print] {
            let text = Palette::for_theme(theme).text;
            let fills = HeatLevel::ALL
                .iter()
                .map(|&h| heat_fill(h, theme))
                .chain(DateCategory::ALL.iter().map(|&d| date_fill(d, theme)));
            for fill in fills {
                let ratio = text.contrast(fill);
                assert!(ratio >= 4.5, "{fill:?} in {theme:?}: {ratio}");
            }
        }
    }

    #[test]
    fn heat_gets_darker_with_every_band_in_both_themes() {
        for theme in [Theme::Light, Theme::Print] {
            let lightness: Vec<f32> = HeatLevel::ALL
                .iter()
                .map(|&h| heat_fill(h, theme).luminance())
                .collect();
            for pair in lightness.windows(2) {
                assert!(pair[0] - pair[1] > 0.1, "{theme:?}: {lightness:?}");
            }
        }
    }

    #[test]
    fn date_categories_differ_in_greyscale() {
        let lightness: Vec<f32> = DateCategory::ALL
            .iter()
            .map(|&d| date_fill(d, Theme::Print).luminance())
            .collect();
        for pair in lightness.windows(2) {
            assert!(pair[1] - pair[0] > 0.1, "{lightness:?}");
        }
    }

    #[test]
    fn cycling_visits_every_colouring_and_returns() {
        let mut c = ColourBy::Status;
        let mut seen = vec![c];
        for _ in 0..3 {
            c = c.next();
            seen.push(c);
        }
        assert_eq!(
            seen,
            [
                ColourBy::Status,
                ColourBy::Risk,
                ColourBy::Dates,
                ColourBy::Status
            ]
        );
    }
}

//! Colours and sizes: the status encoding of /work/shared/ux.md (Okabe-Ito colour plus
//! a second channel that survives greyscale), per theme and presenter mode.

use super::geometry::Color;
use super::shape::{Stroke, StrokeStyle};
use crate::model::SupportStatus;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Light,
    /// Greyscale for black-and-white printing; the second channel carries status.
    Print,
}

/// A status's second channel, besides its fill colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Badge {
    Warning,
    Question,
}

impl Badge {
    pub fn glyph(self) -> &'static str {
        match self {
            Badge::Warning => "!",
            Badge::Question => "?",
        }
    }
}

/// How a component of one status is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StatusStyle {
    pub fill: Color,
    pub outline: Stroke,
    pub badge: Option<Badge>,
}

/// Every colour the scene uses, for one theme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    pub background: Color,
    pub text: Color,
    pub heading: Color,
    pub muted_text: Color,
    pub axis: Color,
    pub divider: Color,
    pub link: Color,
    pub outline: Color,
    pub note_fill: Color,
    pub note_outline: Color,
    pub badge_fill: Color,
    pub badge_text: Color,
    /// Planned evolution: dashed arrows and ghost boxes.
    pub evolve: Color,
}

impl Palette {
    pub fn for_theme(theme: Theme) -> Palette {
        match theme {
            Theme::Light => Palette {
                background: Color::WHITE,
                text: Color::hex(0x1A1A1A),
                heading: Color::hex(0x003087),
                muted_text: Color::hex(0x425563),
                axis: Color::hex(0x425563),
                divider: Color::hex(0xC8D1D4),
                link: Color::hex(0x5C6B76),
                outline: Color::hex(0x1A1A1A),
                note_fill: Color::hex(0xFFF6D5),
                note_outline: Color::hex(0xB8A96A),
                badge_fill: Color::hex(0x1A1A1A),
                badge_text: Color::WHITE,
                evolve: Color::hex(0xB3261E),
            },
            Theme::Print => Palette {
                background: Color::WHITE,
                text: Color::BLACK,
                heading: Color::BLACK,
                muted_text: Color::hex(0x404040),
                axis: Color::hex(0x404040),
                divider: Color::hex(0xC0C0C0),
                link: Color::hex(0x505050),
                outline: Color::BLACK,
                note_fill: Color::hex(0xF2F2F2),
                note_outline: Color::hex(0x808080),
                badge_fill: Color::BLACK,
                badge_text: Color::WHITE,
                evolve: Color::BLACK,
            },
        }
    }
}

/// Fill colour of a status: Okabe-Ito in colour, distinct greys in print.
pub fn status_fill(status: SupportStatus, theme: Theme) -> Color {
    match (theme, status) {
        (Theme::Light, SupportStatus::Supported) => Color::hex(0x009E73),
        (Theme::Light, SupportStatus::ExtendedSupport) => Color::hex(0xE69F00),
        (Theme::Light, SupportStatus::Unsupported) => Color::hex(0xD55E00),
        (Theme::Light, SupportStatus::ShadowIt) => Color::hex(0xCC79A7),
        (Theme::Light, SupportStatus::Unknown) => Color::hex(0x999999),
        (Theme::Print, SupportStatus::Supported) => Color::hex(0xFFFFFF),
        (Theme::Print, SupportStatus::ExtendedSupport) => Color::hex(0xD9D9D9),
        (Theme::Print, SupportStatus::Unsupported) => Color::hex(0xA6A6A6),
        (Theme::Print, SupportStatus::ShadowIt) => Color::hex(0xEDEDED),
        (Theme::Print, SupportStatus::Unknown) => Color::hex(0xF7F7F7),
    }
}

pub fn status_style(status: SupportStatus, theme: Theme, sizes: &Sizes) -> StatusStyle {
    let palette = Palette::for_theme(theme);
    let line = sizes.outline;
    let (style, width, badge) = match status {
        SupportStatus::Supported => (StrokeStyle::Solid, line, None),
        SupportStatus::ExtendedSupport => (StrokeStyle::Double, line, None),
        SupportStatus::Unsupported => (StrokeStyle::Solid, line * 1.6, Some(Badge::Warning)),
        SupportStatus::ShadowIt => (StrokeStyle::Dashed, line * 1.3, None),
        SupportStatus::Unknown => (StrokeStyle::Solid, line, Some(Badge::Question)),
    };
    StatusStyle {
        fill: status_fill(status, theme),
        outline: Stroke {
            width,
            color: palette.outline,
            style,
        },
        badge,
    }
}

/// Text sizes and line widths in map units. The smallest text (18 units) stays above
/// 8 pt when a framed map is printed on A4 at 300 dpi.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sizes {
    pub label: f32,
    pub small: f32,
    pub axis: f32,
    pub title: f32,
    pub subtitle: f32,
    pub outline: f32,
    pub link: f32,
    pub arrow: f32,
    pub padding_x: f32,
    pub padding_y: f32,
    pub badge_radius: f32,
    /// Widest a component label may be before it wraps.
    pub label_max_width: f32,
}

impl Sizes {
    pub fn new(presenter: bool) -> Sizes {
        // Presenter labels are 29 units: over 20 px when a 1080p window fits the map
        // (ui/legend.rs tests it).
        let (text, line) = if presenter { (1.6, 1.8) } else { (1.0, 1.0) };
        let title = if presenter { 1.4 } else { 1.0 };
        Sizes {
            label: 18.0 * text,
            small: 18.0 * text,
            axis: 18.0 * text,
            title: 34.0 * title,
            subtitle: 20.0 * title,
            outline: 1.6 * line,
            link: 1.6 * line,
            arrow: 11.0 * line.sqrt(),
            padding_x: 12.0 * text,
            padding_y: 6.0 * text,
            badge_radius: 11.0 * text,
            label_max_width: 170.0 * text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_text_contrast_meets_wcag_aa_on_every_fill() {
        for theme in [Theme::Light, Theme::Print] {
            let text = Palette::for_theme(theme).text;
            for status in SupportStatus::ALL {
                let ratio = text.contrast(status_fill(status, theme));
                assert!(ratio >= 4.5, "{status:?} in {theme:?}: {ratio}");
            }
        }
    }

    #[test]
    fn every_status_has_a_distinct_second_channel() {
        let sizes = Sizes::new(false);
        let channels: Vec<_> = SupportStatus::ALL
            .iter()
            .map(|&s| {
                let st = status_style(s, Theme::Print, &sizes);
                (st.outline.style, st.badge)
            })
            .collect();
        for (i, a) in channels.iter().enumerate() {
            for b in &channels[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }
}

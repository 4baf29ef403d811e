//! Output size and the part of the scene shown: pixels, paper or the scene's own size,
//! fitted without clipping and centred.

use super::{ExportError, ExportOptions, Format};
use crate::scene::{Color, Rect, Scene};

/// Largest side and area accepted, so a typo cannot ask for gigabytes of pixels.
const MAX_SIDE: f32 = 20_000.0;
const MAX_PIXELS: f32 = 120_000_000.0;
/// Paper is laid out at print resolution.
pub const PRINT_DPI: f32 = 300.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paper {
    A4,
    A3,
}

impl Paper {
    /// Landscape size in pixels at 300 dpi.
    pub fn pixels(self) -> (u32, u32) {
        match self {
            Paper::A4 => (3508, 2480),
            Paper::A3 => (4961, 3508),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Size {
    /// PNG and PDF: A4 landscape at 300 dpi; SVG: one pixel per map unit.
    #[default]
    Auto,
    /// Either side may be left out: it then follows the view's aspect ratio.
    Pixels {
        width: Option<u32>,
        height: Option<u32>,
    },
    Paper(Paper),
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Background {
    #[default]
    White,
    Transparent,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum View {
    /// Everything the scene draws.
    #[default]
    Fit,
    /// A rectangle in map units, e.g. what the canvas currently shows.
    Rect(Rect),
}

/// The output page: its size in pixels and the scene rectangle mapped onto it (the
/// requested view, widened to the page's aspect ratio so nothing is stretched).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Page {
    pub width: u32,
    pub height: u32,
    pub viewbox: Rect,
    pub background: Option<Color>,
    /// Physical resolution, for PDF page size.
    pub dpi: f32,
}

impl Page {
    pub fn new(
        scene: &Scene,
        format: Format,
        options: &ExportOptions,
    ) -> Result<Page, ExportError> {
        let view = match options.view {
            View::Fit => scene.bounds,
            View::Rect(r) => r,
        };
        if !(view.width() > 0.0 && view.height() > 0.0) {
            return Err(ExportError::BadSize(format!(
                "the view rectangle {view:?} is empty"
            )));
        }
        let scale = options.scale;
        if !(scale.is_finite() && scale > 0.0) {
            return Err(ExportError::BadSize(format!(
                "scale must be a positive number, not {scale}"
            )));
        }
        let (w, h) = base_size(options.size, format, &view)?;
        let (w, h) = ((w * scale).round(), (h * scale).round());
        if w < 1.0 || h < 1.0 || w > MAX_SIDE || h > MAX_SIDE || w * h > MAX_PIXELS {
            return Err(ExportError::BadSize(format!(
                "an output of {w} x {h} pixels is out of range: each side must be 1 to {MAX_SIDE} pixels and the total at most {MAX_PIXELS} pixels"
            )));
        }
        let background = match options.background {
            super::Background::White => {
                Some(crate::scene::Palette::for_theme(options.scene.theme).background)
            }
            super::Background::Transparent => None,
        };
        Ok(Page {
            width: w as u32,
            height: h as u32,
            viewbox: letterbox(&view, w, h),
            background,
            dpi: PRINT_DPI,
        })
    }
}

fn base_size(size: Size, format: Format, view: &Rect) -> Result<(f32, f32), ExportError> {
    let aspect = view.width() / view.height();
    let size = match (size, format) {
        (Size::Auto, Format::Svg) => return Ok((view.width(), view.height())),
        (Size::Auto, _) => Size::Paper(Paper::A4),
        (other, _) => other,
    };
    Ok(match size {
        Size::Paper(paper) => {
            let (w, h) = paper.pixels();
            (w as f32, h as f32)
        }
        Size::Pixels {
            width: Some(w),
            height: Some(h),
        } => (w as f32, h as f32),
        Size::Pixels {
            width: Some(w),
            height: None,
        } => (w as f32, w as f32 / aspect),
        Size::Pixels {
            width: None,
            height: Some(h),
        } => (h as f32 * aspect, h as f32),
        Size::Pixels {
            width: None,
            height: None,
        }
        | Size::Auto => (view.width(), view.height()),
    })
}

/// `view` grown on two opposite sides to the `w` x `h` aspect ratio, centred.
fn letterbox(view: &Rect, w: f32, h: f32) -> Rect {
    let s = (w / view.width()).min(h / view.height());
    let (vw, vh) = (w / s, h / s);
    let c = view.center();
    Rect::from_center_size(c, vw, vh)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::Point;

    #[test]
    fn letterbox_keeps_view_and_matches_aspect() {
        let view = Rect::from_min_size(Point::new(0.0, 0.0), 200.0, 100.0);
        let r = letterbox(&view, 400.0, 400.0);
        assert!(r.contains_rect(&view));
        assert!((r.width() / r.height() - 1.0).abs() < 1e-4);
        assert_eq!(r.width(), 200.0);
    }

    #[test]
    fn one_side_follows_aspect() {
        let view = Rect::from_min_size(Point::new(0.0, 0.0), 300.0, 100.0);
        let size = Size::Pixels {
            width: Some(900),
            height: None,
        };
        assert_eq!(base_size(size, Format::Png, &view).unwrap(), (900.0, 300.0));
    }
}

//! Points, rectangles and colours in map units (f32, y down).

/// A position in map units.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

impl Point {
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }

    pub fn distance(self, other: Point) -> f32 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}

/// An axis-aligned rectangle, `min` top-left and `max` bottom-right.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    pub min: Point,
    pub max: Point,
}

impl Rect {
    pub const fn from_min_max(min: Point, max: Point) -> Self {
        Self { min, max }
    }

    pub fn from_min_size(min: Point, width: f32, height: f32) -> Self {
        Self::from_min_max(min, Point::new(min.x + width, min.y + height))
    }

    pub fn from_center_size(center: Point, width: f32, height: f32) -> Self {
        Self::from_min_size(
            Point::new(center.x - width / 2.0, center.y - height / 2.0),
            width,
            height,
        )
    }

    /// The smallest rectangle holding both points.
    pub fn spanning(a: Point, b: Point) -> Self {
        Self::from_min_max(
            Point::new(a.x.min(b.x), a.y.min(b.y)),
            Point::new(a.x.max(b.x), a.y.max(b.y)),
        )
    }

    pub fn width(&self) -> f32 {
        self.max.x - self.min.x
    }

    pub fn height(&self) -> f32 {
        self.max.y - self.min.y
    }

    pub fn center(&self) -> Point {
        Point::new(
            (self.min.x + self.max.x) / 2.0,
            (self.min.y + self.max.y) / 2.0,
        )
    }

    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.min.x && p.x <= self.max.x && p.y >= self.min.y && p.y <= self.max.y
    }

    pub fn contains_rect(&self, other: &Rect) -> bool {
        self.contains(other.min) && self.contains(other.max)
    }

    /// True if the interiors overlap (touching edges do not count).
    pub fn intersects(&self, other: &Rect) -> bool {
        self.min.x < other.max.x
            && other.min.x < self.max.x
            && self.min.y < other.max.y
            && other.min.y < self.max.y
    }

    pub fn union(&self, other: &Rect) -> Rect {
        Rect::from_min_max(
            Point::new(self.min.x.min(other.min.x), self.min.y.min(other.min.y)),
            Point::new(self.max.x.max(other.max.x), self.max.y.max(other.max.y)),
        )
    }

    pub fn expand(&self, by: f32) -> Rect {
        Rect::from_min_max(
            Point::new(self.min.x - by, self.min.y - by),
            Point::new(self.max.x + by, self.max.y + by),
        )
    }

    pub fn translate(&self, dx: f32, dy: f32) -> Rect {
        Rect::from_min_max(
            Point::new(self.min.x + dx, self.min.y + dy),
            Point::new(self.max.x + dx, self.max.y + dy),
        )
    }

    /// Moves the rectangle the least distance that puts it inside `outer` (if it fits).
    pub fn clamped_into(&self, outer: &Rect) -> Rect {
        let dx = if self.min.x < outer.min.x {
            outer.min.x - self.min.x
        } else if self.max.x > outer.max.x {
            (outer.max.x - self.max.x).max(outer.min.x - self.min.x)
        } else {
            0.0
        };
        let dy = if self.min.y < outer.min.y {
            outer.min.y - self.min.y
        } else if self.max.y > outer.max.y {
            (outer.max.y - self.max.y).max(outer.min.y - self.min.y)
        } else {
            0.0
        };
        self.translate(dx, dy)
    }

    /// Where the segment from the centre towards `towards` leaves the rectangle.
    pub fn edge_point_towards(&self, towards: Point) -> Point {
        let c = self.center();
        let (dx, dy) = (towards.x - c.x, towards.y - c.y);
        if dx == 0.0 && dy == 0.0 {
            return c;
        }
        let sx = if dx != 0.0 {
            (self.width() / 2.0) / dx.abs()
        } else {
            f32::INFINITY
        };
        let sy = if dy != 0.0 {
            (self.height() / 2.0) / dy.abs()
        } else {
            f32::INFINITY
        };
        let s = sx.min(sy).min(1.0);
        Point::new(c.x + dx * s, c.y + dy * s)
    }
}

/// An sRGB colour with straight (not premultiplied) alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
}

impl Color {
    pub const WHITE: Color = Color::rgb(0xFF, 0xFF, 0xFF);
    pub const BLACK: Color = Color::rgb(0, 0, 0);

    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b, a: 255 }
    }

    /// From `0xRRGGBB`.
    pub const fn hex(rgb: u32) -> Self {
        Self::rgb((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8)
    }

    pub const fn with_alpha(self, a: u8) -> Self {
        Self { a, ..self }
    }

    /// `#rrggbb`, as SVG and CSS write it (alpha goes in a separate opacity).
    pub fn to_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }

    /// WCAG relative luminance.
    pub fn luminance(self) -> f32 {
        fn channel(c: u8) -> f32 {
            let c = f32::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)
    }

    /// WCAG contrast ratio between two opaque colours (1 to 21).
    pub fn contrast(self, other: Color) -> f32 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clamping_moves_rect_inside() {
        let outer = Rect::from_min_size(Point::new(0.0, 0.0), 100.0, 100.0);
        let r = Rect::from_min_size(Point::new(90.0, -5.0), 20.0, 10.0).clamped_into(&outer);
        assert_eq!(r, Rect::from_min_size(Point::new(80.0, 0.0), 20.0, 10.0));
    }

    #[test]
    fn edge_point_lies_on_border() {
        let r = Rect::from_center_size(Point::new(0.0, 0.0), 20.0, 10.0);
        let p = r.edge_point_towards(Point::new(100.0, 0.0));
        assert_eq!(p, Point::new(10.0, 0.0));
        let p = r.edge_point_towards(Point::new(0.0, -100.0));
        assert_eq!(p, Point::new(0.0, -5.0));
    }

    #[test]
    fn contrast_of_black_on_white_is_21() {
        assert!((Color::BLACK.contrast(Color::WHITE) - 21.0).abs() < 0.01);
    }
}

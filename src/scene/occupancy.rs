//! Rectangles already taken by labels and boxes, in a uniform grid over the map area so
//! that placing thousands of labels stays fast.

use super::geometry::Rect;

pub struct Occupancy {
    area: Rect,
    cell: f32,
    columns: usize,
    rows: usize,
    /// Indices into `rects`, per cell, row by row. Rectangles beyond the area are
    /// filed under the nearest edge cells.
    cells: Vec<Vec<usize>>,
    rects: Vec<Rect>,
}

impl Occupancy {
    pub fn new(area: Rect, cell: f32) -> Self {
        let columns = (area.width() / cell).ceil().max(1.0) as usize;
        let rows = (area.height() / cell).ceil().max(1.0) as usize;
        Self {
            area,
            cell,
            columns,
            rows,
            cells: vec![Vec::new(); columns * rows],
            rects: Vec::new(),
        }
    }

    /// First and last column and row of the cells `r` touches.
    fn cell_span(&self, r: &Rect) -> ((usize, usize), (usize, usize)) {
        // Truncation is floor for the non-negative values left after `max`.
        let index = |v: f32, min: f32, count: usize| {
            (((v - min) / self.cell).max(0.0) as usize).min(count - 1)
        };
        let columns = (
            index(r.min.x, self.area.min.x, self.columns),
            index(r.max.x, self.area.min.x, self.columns),
        );
        let rows = (
            index(r.min.y, self.area.min.y, self.rows),
            index(r.max.y, self.area.min.y, self.rows),
        );
        (columns, rows)
    }

    pub fn is_free(&self, r: &Rect) -> bool {
        self.is_free_except(r, usize::MAX)
    }

    /// Whether `r` touches no rectangle but the one `insert` numbered `skip`.
    pub fn is_free_except(&self, r: &Rect, skip: usize) -> bool {
        // Plain loops: this is the hot path of laying out a dense map.
        let ((x0, x1), (y0, y1)) = self.cell_span(r);
        for y in y0..=y1 {
            for cell in &self.cells[y * self.columns + x0..=y * self.columns + x1] {
                if cell
                    .iter()
                    .any(|&i| i != skip && self.rects[i].intersects(r))
                {
                    return false;
                }
            }
        }
        true
    }

    /// Takes `r`; returns its number for `is_free_except`.
    pub fn insert(&mut self, r: Rect) -> usize {
        let id = self.rects.len();
        self.rects.push(r);
        let ((x0, x1), (y0, y1)) = self.cell_span(&r);
        for y in y0..=y1 {
            for x in x0..=x1 {
                self.cells[y * self.columns + x].push(id);
            }
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::geometry::Point;

    #[test]
    fn overlapping_rect_is_not_free() {
        let area = Rect::from_min_size(Point::new(0.0, 0.0), 400.0, 300.0);
        let mut occ = Occupancy::new(area, 50.0);
        occ.insert(Rect::from_min_size(Point::new(10.0, 10.0), 100.0, 20.0));
        assert!(!occ.is_free(&Rect::from_min_size(Point::new(100.0, 25.0), 30.0, 30.0)));
        assert!(occ.is_free(&Rect::from_min_size(Point::new(111.0, 0.0), 30.0, 30.0)));
        assert!(occ.is_free(&Rect::from_min_size(Point::new(200.0, 200.0), 30.0, 30.0)));
    }

    #[test]
    fn a_rect_can_be_checked_against_all_but_one() {
        let area = Rect::from_min_size(Point::new(0.0, 0.0), 400.0, 300.0);
        let mut occ = Occupancy::new(area, 50.0);
        let own = occ.insert(Rect::from_min_size(Point::new(10.0, 10.0), 20.0, 20.0));
        let other = Rect::from_min_size(Point::new(60.0, 10.0), 20.0, 20.0);
        occ.insert(other);
        let around_own = Rect::from_min_size(Point::new(0.0, 0.0), 40.0, 40.0);
        assert!(!occ.is_free(&around_own));
        assert!(occ.is_free_except(&around_own, own));
        assert!(!occ.is_free_except(&around_own.expand(25.0), own));
    }

    #[test]
    fn rects_beyond_the_area_are_still_found() {
        let area = Rect::from_min_size(Point::new(0.0, 0.0), 400.0, 300.0);
        let mut occ = Occupancy::new(area, 50.0);
        occ.insert(Rect::from_min_size(Point::new(-80.0, -60.0), 50.0, 50.0));
        assert!(!occ.is_free(&Rect::from_min_size(Point::new(-50.0, -40.0), 10.0, 10.0)));
        assert!(occ.is_free(&Rect::from_min_size(Point::new(-20.0, -40.0), 10.0, 10.0)));
    }
}

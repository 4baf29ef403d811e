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

    fn cell_range(&self, r: &Rect) -> impl Iterator<Item = usize> + use<> {
        let index = |v: f32, min: f32, count: usize| {
            (((v - min) / self.cell).floor().max(0.0) as usize).min(count - 1)
        };
        let (x0, x1) = (
            index(r.min.x, self.area.min.x, self.columns),
            index(r.max.x, self.area.min.x, self.columns),
        );
        let (y0, y1) = (
            index(r.min.y, self.area.min.y, self.rows),
            index(r.max.y, self.area.min.y, self.rows),
        );
        let columns = self.columns;
        (y0..=y1).flat_map(move |y| (x0..=x1).map(move |x| y * columns + x))
    }

    pub fn is_free(&self, r: &Rect) -> bool {
        self.cell_range(r).all(|cell| {
            self.cells[cell]
                .iter()
                .all(|&i| !self.rects[i].intersects(r))
        })
    }

    pub fn insert(&mut self, r: Rect) {
        let id = self.rects.len();
        self.rects.push(r);
        for cell in self.cell_range(&r) {
            self.cells[cell].push(id);
        }
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
    fn rects_beyond_the_area_are_still_found() {
        let area = Rect::from_min_size(Point::new(0.0, 0.0), 400.0, 300.0);
        let mut occ = Occupancy::new(area, 50.0);
        occ.insert(Rect::from_min_size(Point::new(-80.0, -60.0), 50.0, 50.0));
        assert!(!occ.is_free(&Rect::from_min_size(Point::new(-50.0, -40.0), 10.0, 10.0)));
        assert!(occ.is_free(&Rect::from_min_size(Point::new(-20.0, -40.0), 10.0, 10.0)));
    }
}

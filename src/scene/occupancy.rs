//! Rectangles already taken by labels and boxes, in a uniform grid so that placing
//! thousands of labels stays fast.

use super::geometry::Rect;
use std::collections::HashMap;

pub struct Occupancy {
    cell: f32,
    cells: HashMap<(i32, i32), Vec<usize>>,
    rects: Vec<Rect>,
}

impl Occupancy {
    pub fn new(cell: f32) -> Self {
        Self {
            cell,
            cells: HashMap::new(),
            rects: Vec::new(),
        }
    }

    fn cell_range(&self, r: &Rect) -> impl Iterator<Item = (i32, i32)> + use<> {
        let (x0, x1) = (
            (r.min.x / self.cell).floor() as i32,
            (r.max.x / self.cell).floor() as i32,
        );
        let (y0, y1) = (
            (r.min.y / self.cell).floor() as i32,
            (r.max.y / self.cell).floor() as i32,
        );
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    pub fn is_free(&self, r: &Rect) -> bool {
        self.cell_range(r).all(|key| {
            self.cells
                .get(&key)
                .is_none_or(|ids| ids.iter().all(|&i| !self.rects[i].intersects(r)))
        })
    }

    pub fn insert(&mut self, r: Rect) {
        let id = self.rects.len();
        self.rects.push(r);
        for key in self.cell_range(&r) {
            self.cells.entry(key).or_default().push(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::geometry::Point;

    #[test]
    fn overlapping_rect_is_not_free() {
        let mut occ = Occupancy::new(50.0);
        occ.insert(Rect::from_min_size(Point::new(10.0, 10.0), 100.0, 20.0));
        assert!(!occ.is_free(&Rect::from_min_size(Point::new(100.0, 25.0), 30.0, 30.0)));
        assert!(occ.is_free(&Rect::from_min_size(Point::new(111.0, 0.0), 30.0, 30.0)));
        assert!(occ.is_free(&Rect::from_min_size(Point::new(-40.0, -40.0), 30.0, 30.0)));
    }
}

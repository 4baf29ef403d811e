//! Finding free room on the map for boxes and labels: rings of spots around the true
//! position first, then (within a budget) anywhere on the map.

use super::MAP_AREA;
use super::geometry::{Point, Rect};
use super::occupancy::Occupancy;
use std::sync::OnceLock;

/// Space kept free around every placed box.
pub const GAP: f32 = 4.0;

/// How many rings of candidate spots to try around a box's true position.
const RINGS: i32 = 8;

/// Rings worth searching on a map of `components`: about 400 labelled boxes fill the
/// map area, so on denser maps a wide search mostly fails and only costs time.
fn rings_for(components: usize) -> usize {
    match components {
        0..=600 => RINGS as usize,
        601..=2000 => 4,
        _ => 2,
    }
}

/// Steps (in half-box units) to the candidate spots, ring by ring, nearest first
/// within a ring; computed once.
fn ring_steps() -> &'static [(i32, i32)] {
    static STEPS: OnceLock<Vec<(i32, i32)>> = OnceLock::new();
    STEPS.get_or_init(|| {
        let mut steps: Vec<(i32, i32)> = (-RINGS..=RINGS)
            .flat_map(|i| (-RINGS..=RINGS).map(move |j| (i, j)))
            .collect();
        steps.sort_by_key(|&(i, j)| (i.abs().max(j.abs()), i * i + j * j));
        steps
    })
}

/// Centres to try for a box of `w` x `h` whose true position is `p`, nearest first:
/// `p` itself, then `rings` rings of spots half a box apart.
fn candidates(p: Point, w: f32, h: f32, rings: usize) -> impl Iterator<Item = Point> {
    let (dx, dy) = (w / 2.0 + GAP, h / 2.0 + GAP);
    // Rings 0..=r hold (2r + 1)^2 steps, and the steps are sorted ring by ring.
    ring_steps()[..(2 * rings + 1).pow(2)]
        .iter()
        .map(move |&(i, j)| Point::new(p.x + i as f32 * dx, p.y + j as f32 * dy))
}

/// Spacing of the whole-map search for a free spot.
const SCAN_STEP: f32 = 20.0;
/// Whole-map searches allowed per scene, so that a map too dense to label stays fast.
const SCAN_BUDGET: u32 = 24;

/// Finds free spots for boxes and labels and records them as taken.
pub struct Placer {
    occupied: Occupancy,
    rings: usize,
    scans_left: u32,
    /// Footprints (box plus the room kept around it) for which the whole map had no
    /// room, at most one per scan: no footprint as large in both directions will fit.
    unplaceable: Vec<(f32, f32)>,
}

impl Placer {
    pub fn new(components: usize) -> Self {
        Self {
            occupied: Occupancy::new(MAP_AREA, 64.0),
            rings: rings_for(components),
            scans_left: SCAN_BUDGET,
            unplaceable: Vec::new(),
        }
    }

    pub fn is_free(&self, r: &Rect) -> bool {
        self.occupied.is_free(r)
    }

    pub fn is_free_except(&self, r: &Rect, skip: usize) -> bool {
        self.occupied.is_free_except(r, skip)
    }

    /// Takes `r`; returns its number for `is_free_except`.
    pub fn insert(&mut self, r: Rect) -> usize {
        self.occupied.insert(r)
    }

    /// A free spot for a `w` x `h` box inside the map area, as near `p` as possible:
    /// first the rings around `p`, then (within budget) anywhere on the map. `extra`
    /// is how far the taken area reaches beyond the box (e.g. a badge), per side.
    pub fn find_spot(&mut self, p: Point, w: f32, h: f32, extra: f32) -> Option<Rect> {
        // Boxes only ever get added: where a smaller footprint found no room, this
        // finds none.
        let footprint = (w + 2.0 * extra, h + 2.0 * extra);
        let too_big = |&(uw, uh): &(f32, f32)| footprint.0 >= uw && footprint.1 >= uh;
        if self.unplaceable.iter().any(too_big) {
            return None;
        }
        let area = MAP_AREA.expand(-extra);
        let free = |r: &Rect| self.occupied.is_free(&r.expand(extra + GAP));
        if let Some(r) = candidates(p, w, h, self.rings)
            .map(|c| Rect::from_center_size(c, w, h).clamped_into(&area))
            .find(free)
        {
            return Some(r);
        }
        if self.scans_left == 0 {
            return None;
        }
        self.scans_left -= 1;
        let found = self.scan(p, w, h, extra, &area);
        if found.is_none() {
            self.unplaceable.push(footprint);
        }
        found
    }

    /// A free spot for a `w` x `h` box in the rings around `p` whose centre lies within
    /// `reach` of it (no whole-map search: a label far from its marker helps no one).
    pub fn find_near(&self, p: Point, w: f32, h: f32, reach: f32) -> Option<Rect> {
        candidates(p, w, h, self.rings)
            .filter(|c| c.distance(p) <= reach)
            .map(|c| Rect::from_center_size(c, w, h).clamped_into(&MAP_AREA))
            .find(|r| self.occupied.is_free(&r.expand(GAP)))
    }

    /// The free spot nearest `p` on a grid over the whole map area.
    fn scan(&self, p: Point, w: f32, h: f32, extra: f32, area: &Rect) -> Option<Rect> {
        let columns = ((area.width() - w) / SCAN_STEP).max(0.0) as usize;
        let rows = ((area.height() - h) / SCAN_STEP).max(0.0) as usize;
        (0..=rows)
            .flat_map(|j| (0..=columns).map(move |i| (i, j)))
            .map(|(i, j)| {
                let min = Point::new(
                    area.min.x + i as f32 * SCAN_STEP,
                    area.min.y + j as f32 * SCAN_STEP,
                );
                Rect::from_min_size(min, w, h)
            })
            .filter(|r| self.occupied.is_free(&r.expand(extra + GAP)))
            .min_by(|a, b| a.center().distance(p).total_cmp(&b.center().distance(p)))
    }
}

//! Where imported systems go before anyone has placed them: a labelled grid in the
//! lower left of the map (the "shelf"), one slot each, clear of what is already there.

/// The note above the shelf; an import adds it once.
pub const SHELF_NOTE: &str = "Imported: drag into place";

const LEFT: f64 = 0.06;
const BOTTOM: f64 = 0.05;
/// Wide enough for a two-line label of a long name.
const COLUMN_STEP: f64 = 0.14;
const ROW_STEP: f64 = 0.08;
/// Nearer than this to a component already on the map, a slot is taken.
const CLEAR: (f64, f64) = (0.08, 0.04);

/// `count` free positions `(evolution, visibility)` in reading order (left to right,
/// top row first), avoiding `taken`; and the position of the note that labels them.
pub fn shelf_slots(count: usize, taken: &[(f64, f64)]) -> (Vec<(f64, f64)>, (f64, f64)) {
    // A block about 1.5 times wider than high, at most 7 columns (to 0.9).
    let columns = ((count as f64 * 1.5).sqrt().ceil() as usize).clamp(3, 7);
    let free = |(e, v): (f64, f64)| {
        !taken
            .iter()
            .any(|(te, tv)| (te - e).abs() < CLEAR.0 && (tv - v).abs() < CLEAR.1)
    };
    let mut rows = count.div_ceil(columns).max(1);
    loop {
        // Rows shrink together when there are many, so the shelf stays on the map.
        let step = ROW_STEP.min(0.8 / rows as f64);
        let slot = |i: usize| {
            let (row, column) = (i / columns, i % columns);
            let visibility = BOTTOM + step * (rows - 1 - row) as f64;
            (round(LEFT + COLUMN_STEP * column as f64), round(visibility))
        };
        let slots: Vec<_> = (0..rows * columns).map(slot).filter(|p| free(*p)).collect();
        let top = BOTTOM + step * (rows - 1) as f64;
        if slots.len() >= count || step < 0.02 {
            let mut slots = slots;
            // Crowded beyond that: every slot, taken or not, rather than one pile.
            if slots.len() < count {
                slots = (0..rows * columns).map(slot).collect();
            }
            slots.truncate(count);
            return (slots, (round(LEFT - 0.03), round((top + 0.05).min(0.97))));
        }
        rows += 1;
    }
}

/// Shelf positions for systems whose usual stages are `stages` (the catalogue's
/// evolution, or none for a system it does not know): the slots of `shelf_slots`,
/// taken column by column (left column first, top to bottom) in order of stage, the
/// known systems first (lowest stage furthest left), then the unknown ones in row
/// order. Without any stage, the slots stay in reading order. Still one free slot each.
pub fn shelf_places(stages: &[Option<f64>], taken: &[(f64, f64)]) -> (Vec<(f64, f64)>, (f64, f64)) {
    let (mut slots, note) = shelf_slots(stages.len(), taken);
    if stages.iter().all(Option::is_none) {
        return (slots, note);
    }
    slots.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.total_cmp(&a.1)));
    let mut order: Vec<usize> = (0..stages.len()).collect();
    // Stable: equal stages, and the unknown ones, keep their row order.
    order.sort_by(|&i, &j| match (stages[i], stages[j]) {
        (Some(a), Some(b)) => a.total_cmp(&b),
        (a, b) => b.is_some().cmp(&a.is_some()),
    });
    let mut places = vec![(0.0, 0.0); stages.len()];
    for (slot, &i) in slots.into_iter().zip(&order) {
        places[i] = slot;
    }
    (places, note)
}

/// To a thousandth: positions in the file read 0.17, not 0.16999999999999998.
fn round(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_systems_sit_in_a_four_by_three_block_lower_left() {
        let (slots, note) = shelf_slots(10, &[]);
        assert_eq!(slots.len(), 10);
        // ceil(sqrt(15)) = 4 columns 0.14 apart, 3 rows from visibility 0.05 up in steps of 0.08.
        assert_eq!(slots[0], (0.06, 0.21));
        assert_eq!(slots[3], (0.48, 0.21));
        assert_eq!(slots[9], (0.2, 0.05));
        assert_eq!(note, (0.03, 0.26));
    }

    #[test]
    fn known_stages_order_the_columns_left_to_right() {
        // 5 systems: ceil(sqrt(7.5)) = 3 columns, 2 rows (visibility 0.13, 0.05).
        // Column by column: (0.06, 0.13), (0.06, 0.05), (0.2, 0.13), (0.2, 0.05),
        // (0.34, 0.13); taken by stage 0.3, 0.6, 0.9, then the unknown rows 0 and 3.
        let stages = [None, Some(0.6), Some(0.9), None, Some(0.3)];
        let (places, note) = shelf_places(&stages, &[]);
        assert_eq!(
            places,
            [
                (0.2, 0.05),
                (0.06, 0.05),
                (0.2, 0.13),
                (0.34, 0.13),
                (0.06, 0.13)
            ]
        );
        assert_eq!(note, shelf_slots(5, &[]).1);
        let unknown = [None; 5];
        assert_eq!(shelf_places(&unknown, &[]).0, shelf_slots(5, &[]).0);
    }

    #[test]
    fn slots_skip_components_already_there_and_never_repeat() {
        let taken = [(0.06, 0.05), (0.2, 0.05)];
        let (slots, _) = shelf_slots(12, &taken);
        assert_eq!(slots.len(), 12);
        assert!(!slots.contains(&(0.06, 0.05)) && !slots.contains(&(0.2, 0.05)));
        for (i, a) in slots.iter().enumerate() {
            assert!(!slots[i + 1..].contains(a));
        }
        let (many, _) = shelf_slots(400, &[]);
        let stages: Vec<_> = (0..400).map(|i| (i % 3 == 0).then_some(0.5)).collect();
        let (placed, _) = shelf_places(&stages, &[]);
        let mut sorted = placed.clone();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        sorted.dedup();
        assert_eq!(sorted.len(), 400, "one slot each");
        assert!(
            many.iter()
                .all(|(e, v)| (0.0..=1.0).contains(e) && (0.0..=1.0).contains(v))
        );
    }
}

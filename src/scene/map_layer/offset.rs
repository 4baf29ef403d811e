//! Labels the user placed (OWM's `label [x, y]`, or a label dragged on the canvas): drawn
//! at their offset from the marker and taken before any other label is placed, so the
//! placer treats them as fixed and lays the rest out around them.

use super::super::wardley::{LABEL_PAD, label_rect};
use super::{Kind, Label, Map, Marker, OutsideLabel, Palette, Placer, Shape, Sizes, Text, label};
use crate::scene::geometry::Rect;

/// The fixed label of each component that has an offset (None for the others and for
/// an overview's dots), each taken in the placer.
pub(super) fn fixed_labels(
    map: &Map,
    markers: &[Marker],
    palette: &Palette,
    sizes: &Sizes,
    occupied: &mut Placer,
) -> Vec<Option<OutsideLabel>> {
    map.components
        .iter()
        .zip(markers)
        .map(|(c, marker)| {
            let offset = c.label_offset.filter(|_| !marker.dot)?;
            let bold = c.kind == Kind::UserNeed;
            let text = label(&c.name, sizes.label, bold, sizes.label_max_width, 3);
            let rect = label_rect(marker.small.center(), offset, size_of(&text), sizes);
            occupied.insert(rect);
            let footprint = marker.small.expand(marker.extra);
            Some(drawn(&text, rect, &footprint, bold, palette, sizes))
        })
        .collect()
}

fn size_of(text: &Label) -> (f32, f32) {
    (text.width + 2.0 * LABEL_PAD, text.height)
}

/// The label on its background patch; a leader line joins it to the marker unless it
/// touches it.
fn drawn(
    text: &Label,
    rect: Rect,
    footprint: &Rect,
    bold: bool,
    palette: &Palette,
    sizes: &Sizes,
) -> OutsideLabel {
    let mut shapes = vec![Shape::Rect {
        rect,
        corner_radius: 2.0,
        fill: Some(palette.background),
        stroke: None,
    }];
    shapes.extend(Text::centred_lines(
        &text.lines,
        &rect,
        sizes.label,
        palette.text,
        bold,
    ));
    OutsideLabel {
        rect,
        shapes,
        beside: rect.expand(2.0 * super::GAP).intersects(footprint),
    }
}

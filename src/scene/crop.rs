//! A cropped view with the board-pack frame: a part of the map (say, what the canvas
//! shows when zoomed in) enlarged to fill the map area, clipped to it, with the title
//! block, legend and summary around it as in a whole-map export.

use super::geometry::Rect;
use super::style::{Palette, Sizes};
use super::{
    Clip, ComponentShapes, FrameOptions, MAP_AREA, Scene, SceneOptions, Shape, Stroke,
    bounds_with_margin, build, decor,
};
use crate::model::Map;

/// `view` (map units) of `map`, enlarged to fill the map area and framed as `options`
/// asks. `view` is first widened to the map area's shape, around its centre, so
/// nothing is stretched.
pub fn build_view(map: &Map, options: &SceneOptions, view: Rect) -> Scene {
    let view = widened_to_map_shape(view);
    let factor = MAP_AREA.width() / view.width();
    let bare = SceneOptions {
        frame: FrameOptions::default(),
        ..options.clone()
    };
    // Only what reaches into the view: the SVG's text stays what the picture shows.
    let whole = build(map, &bare);
    let kept: Vec<bool> = whole
        .shapes
        .iter()
        .map(|s| s.bounds().intersects(&view))
        .collect();
    // Where each kept shape lands: the number of kept shapes before it.
    let new_index: Vec<usize> = kept
        .iter()
        .scan(0, |n, &k| {
            let at = *n;
            *n += usize::from(k);
            Some(at)
        })
        .collect();
    // A component stays a group if its marker is in view.
    let components = whole
        .components
        .into_iter()
        .filter(|c| kept.get(c.shapes.start) == Some(&true))
        .map(|c| {
            let end = c.shapes.clone().filter(|&i| kept[i]).count();
            let start = new_index[c.shapes.start];
            ComponentShapes {
                id: c.id,
                shapes: start..start + end,
                label: None,
            }
        })
        .collect();
    let mut shapes: Vec<Shape> = whole
        .shapes
        .into_iter()
        .zip(&kept)
        .filter(|(_, k)| **k)
        .map(|(s, _)| s.scaled(factor, view.min, MAP_AREA.min))
        .collect();
    let clip = Clip {
        rect: MAP_AREA,
        count: shapes.len(),
    };
    let palette = Palette::for_theme(options.theme);
    let sizes = Sizes::new(options.presenter);
    // A thin border says "this is a part of the map".
    shapes.push(Shape::Rect {
        rect: MAP_AREA,
        corner_radius: 0.0,
        fill: None,
        stroke: Some(Stroke::solid(1.5, palette.axis)),
    });
    shapes.extend(decor::frame(map, options, &palette, &sizes));
    // The clipped map never reaches past the map area; the frame sets the page.
    let bounds = bounds_with_margin(&shapes[clip.count..]);
    Scene {
        bounds,
        shapes,
        items: Vec::new(),
        clip: Some(clip),
        components,
        layout: None,
    }
}

/// `view` grown (never shrunk) about its centre to the map area's width-to-height ratio.
fn widened_to_map_shape(view: Rect) -> Rect {
    let aspect = MAP_AREA.width() / MAP_AREA.height();
    let (w, h) = (view.width(), view.height());
    let (w, h) = if w / h < aspect {
        (h * aspect, h)
    } else {
        (w, w / aspect)
    };
    Rect::from_center_size(view.center(), w, h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::Point;

    #[test]
    fn a_view_is_widened_about_its_centre_to_the_map_shape() {
        let tall = Rect::from_min_size(Point::new(100.0, 100.0), 100.0, 200.0);
        let wide = widened_to_map_shape(tall);
        assert_eq!(wide.center(), tall.center());
        assert_eq!((wide.width(), wide.height()), (320.0, 200.0));
        let flat = Rect::from_min_size(Point::new(0.0, 0.0), 800.0, 100.0);
        assert_eq!(widened_to_map_shape(flat).height(), 500.0);
    }

    #[test]
    fn the_crop_fills_the_map_area_and_the_frame_sits_around_it() {
        let map = crate::scene::tests::stroke_map();
        let options = SceneOptions {
            frame: FrameOptions::board_pack(),
            ..SceneOptions::default()
        };
        let view = Rect::from_min_size(Point::new(400.0, 250.0), 800.0, 500.0);
        let scene = build_view(&map, &options, view);
        let clip = scene.clip.expect("clipped");
        assert_eq!(clip.rect, MAP_AREA);
        // The frame (after the clipped shapes) keeps clear of the map area.
        for shape in &scene.shapes[clip.count + 1..] {
            let b = shape.bounds();
            assert!(!b.expand(-1.0).intersects(&MAP_AREA), "{shape:?}");
        }
        assert!(scene.bounds.contains_rect(&MAP_AREA));
    }
}

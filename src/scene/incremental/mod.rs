//! The scene kept current with a map edit by edit, where that is cheaper than building
//! it again: an edit that changes only the statuses of components drawn in full
//! restyles their shapes (fill, outline, badge) and their accessible names, keeping
//! every placement. A status that grows a component's footprint (a badge where there
//! was none) is kept only if the larger footprint still touches no other label, marker
//! or note. Other edits of components (a move, a drag step, a rename, a dot's status,
//! their undo) lay out again only what changed and what it now covers (`replace.rs`);
//! an add or delete, a change of links or notes, or of the look is left to a full
//! `build`.
//!
//! A restyle that keeps the footprint gives exactly the scene `build` gives; one that
//! grows or shrinks it keeps everything else where it was (a full build might have
//! placed later labels differently, as placement is order-dependent), so markers stay
//! on their positions and no label overlaps another.

use super::map_layer::{DIM, component_name, component_style, reach, shape_bounds};
use super::placer::GAP;
use super::shape::Shape;
use super::style::{Badge, Palette, Sizes};
use super::{ColourBy, ItemId, MAP_AREA, Scene, SceneOptions, Splice, bounds_with_margin};
use crate::model::{Component, ComponentId, Kind, Map};
use std::collections::HashSet;

mod membership;
mod replace;

/// Brings `shadow` (the map `scene` was built from, kept by the caller) up to `map`.
/// Returns the components that changed, with their old values, if nothing but
/// components at the same places changed; None if anything else did.
fn sync(shadow: &mut Map, map: &Map) -> Option<Vec<(usize, Component)>> {
    let same_places = shadow.components.len() == map.components.len();
    let mut changed = Vec::new();
    if same_places {
        for (i, (old, new)) in shadow
            .components
            .iter_mut()
            .zip(&map.components)
            .enumerate()
        {
            if old != new {
                changed.push((i, std::mem::replace(old, new.clone())));
            }
        }
    }
    // The scene reads the modified time only for an as-of date, which the caller
    // checks is given.
    shadow.modified = map.modified;
    if !same_places || !shadow.same_but_components(map) {
        *shadow = map.clone();
        return None;
    }
    Some(changed)
}

/// Makes `copy` equal to `map`, copying only the components that differ where
/// nothing else does.
pub fn bring_up_to_date(copy: &mut Map, map: &Map) {
    sync(copy, map);
}

/// Updates `scene`, built from `shadow` with `options` (and `dimmed` faded), to the
/// scene of `map`; `shadow` becomes a copy of `map` either way. The splices made, in
/// order (each in the coordinates the earlier ones left), or None: nothing was changed
/// in `scene` and the caller must build it again.
pub fn update(
    scene: &mut Scene,
    shadow: &mut Map,
    map: &Map,
    options: &SceneOptions,
    dimmed: &HashSet<ComponentId>,
) -> Option<Vec<Splice>> {
    let changed = sync(shadow, map)?;
    let changed: Vec<(usize, &Component)> = changed.iter().map(|(i, c)| (*i, c)).collect();
    update_components(scene, &changed, map, options, dimmed)
}

/// Updates `scene`, built with `options` (and `dimmed` faded) from a map that differs
/// from `map` only in the components `changed` holds (their indices, as they were);
/// the splices made, or None: the caller must build the scene again.
pub fn update_components(
    scene: &mut Scene,
    changed: &[(usize, &Component)],
    map: &Map,
    options: &SceneOptions,
    dimmed: &HashSet<ComponentId>,
) -> Option<Vec<Splice>> {
    if !plain(scene, map, options) {
        return None;
    }
    restyle(scene, changed, map, options, dimmed)
        .or_else(|| replace::replace(scene, changed, &[], map, options, dimmed))
}

/// As `update_components`, for a map that also differs in the components and links it
/// holds, or drawn keeping other components in full (an overview's selection).
pub fn update_membership(
    scene: &mut Scene,
    changed: &[(usize, &Component)],
    map: &Map,
    options: &SceneOptions,
    dimmed: &HashSet<ComponentId>,
) -> Option<Vec<Splice>> {
    if !plain(scene, map, options) {
        return None;
    }
    membership::update(scene, changed, map, options, dimmed)
}

/// Whether the scene draws nothing that depends on more than components' own
/// fields and links (else it is left to `build`).
fn plain(scene: &Scene, map: &Map, options: &SceneOptions) -> bool {
    let frame = &options.frame;
    options.colour_by == ColourBy::Status
        && options.today.is_some()
        && frame.as_of.is_some()
        && !frame.summary
        && !frame.board_summary
        && !frame.legend
        && scene.clip.is_none()
        && !map.groups.iter().any(|g| g.collapsed)
}

/// The splices of restyling `changed` where only their statuses changed, else None
/// (and `scene` is unchanged).
fn restyle(
    scene: &mut Scene,
    changed: &[(usize, &Component)],
    map: &Map,
    options: &SceneOptions,
    dimmed: &HashSet<ComponentId>,
) -> Option<Vec<Splice>> {
    let palette = Palette::for_theme(options.theme);
    let sizes = Sizes::new(options.presenter);
    let mut restyles = Vec::with_capacity(changed.len());
    for &(index, old) in changed {
        let new = &map.components[index];
        let only_status = Component {
            status: new.status,
            ..old.clone()
        } == *new;
        if !only_status {
            return None;
        }
        if new.kind == Kind::UserNeed {
            // A user need shows no status: nothing drawn changes.
            continue;
        }
        let look = Restyle {
            old,
            new,
            dimmed: dimmed.contains(&new.id),
            options,
            palette: &palette,
            sizes: &sizes,
        };
        restyles.push(look.plan(scene)?);
    }
    // A grown footprint was checked against the others as they were.
    if restyles.len() > 1 && restyles.iter().any(|r| r.grows) {
        return None;
    }
    // Last first, so that each splice leaves the runs before it where they were.
    restyles.sort_by_key(|r| std::cmp::Reverse(r.at));
    Some(restyles.into_iter().map(|r| r.apply(scene)).collect())
}

struct Restyle<'a> {
    old: &'a Component,
    new: &'a Component,
    dimmed: bool,
    options: &'a SceneOptions,
    palette: &'a Palette,
    sizes: &'a Sizes,
}

/// A component's new own shapes (marker, name, badge, inertia bar), ready to go in.
struct Planned {
    id: ComponentId,
    /// Its run's start and the length of its own shapes before.
    at: usize,
    own_before: usize,
    own: Vec<Shape>,
    name: String,
    old_name_len: usize,
    /// Its footprint grew (and was found free).
    grows: bool,
}

impl Restyle<'_> {
    fn fade(&self, shape: Shape) -> Shape {
        if self.dimmed { shape.faded(DIM) } else { shape }
    }

    /// The new own shapes of the component, or None if it is not drawn in full or its
    /// grown footprint would touch something else.
    fn plan(&self, scene: &Scene) -> Option<Planned> {
        let (old, new, sizes) = (self.old, self.new, self.sizes);
        let run = scene
            .components
            .iter()
            .find(|c| c.id == new.id)?
            .shapes
            .clone();
        let Some(Shape::Rect {
            rect,
            corner_radius,
            ..
        }) = scene.shapes.get(run.start)
        else {
            // A dot: its status decides its size and the order dots are labelled in.
            return None;
        };
        let (rect, corner_radius) = (*rect, *corner_radius);
        let theme = self.options.theme;
        let (was, style) = (
            component_style(old, theme, self.palette, sizes),
            component_style(new, theme, self.palette, sizes),
        );
        let shapes = &scene.shapes[run.clone()];
        let names = shapes[1..]
            .iter()
            .take_while(|s| matches!(s, Shape::Text(_)))
            .count();
        let badge_at = 1 + names;
        let own_before = badge_at + 2 * usize::from(was.badge.is_some()) + usize::from(new.inertia);
        if own_before > shapes.len()
            || (was.badge.is_some() && !matches!(shapes[badge_at], Shape::Circle { .. }))
        {
            return None;
        }
        let (extra_was, extra) = (reach(old, &was, sizes), reach(new, &style, sizes));
        if extra > extra_was {
            let footprint = rect.expand(extra);
            if names > 0 && !MAP_AREA.contains_rect(&footprint) {
                return None;
            }
            // Markers may overlap (as their positions do); labels may not cover one.
            let own = run.start..run.start + own_before;
            let blocked = footprint.expand(GAP);
            let glyphs = [Badge::Warning.glyph(), Badge::Question.glyph()];
            let texts = scene.shapes.iter().enumerate().filter(|(i, s)| match s {
                Shape::Text(t) => !own.contains(i) && !glyphs.contains(&t.text.as_str()),
                _ => false,
            });
            let named_boxes = scene.components.iter().filter_map(|c| {
                let named = matches!(scene.shapes.get(c.shapes.start + 1), Some(Shape::Text(_)));
                (named && c.shapes.start != run.start).then(|| &scene.shapes[c.shapes.start])
            });
            let touches = texts
                .map(|(_, s)| s)
                .chain(named_boxes)
                .any(|s| s.bounds().intersects(&blocked));
            if touches {
                return None;
            }
        }
        let mut own = vec![self.fade(Shape::Rect {
            rect,
            corner_radius,
            fill: Some(style.fill),
            stroke: Some(style.outline),
        })];
        own.extend_from_slice(&shapes[1..badge_at]);
        if let Some(badge) = style.badge {
            let corner = super::Point::new(rect.max.x, rect.min.y);
            let badge = super::map_layer::badge_shapes(corner, badge.glyph(), self.palette, sizes);
            own.extend(badge.into_iter().map(|s| self.fade(s)));
        }
        if new.inertia {
            own.push(shapes[own_before - 1].clone());
        }
        let old_name = component_name(old);
        Some(Planned {
            id: new.id.clone(),
            at: run.start,
            own_before,
            own,
            name: component_name(new),
            old_name_len: old_name.len(),
            grows: extra > extra_was,
        })
    }
}

impl Planned {
    fn apply(self, scene: &mut Scene) -> Splice {
        let item_id = ItemId::Component(self.id.clone());
        let old_own = shape_bounds(&scene.shapes[self.at..self.at + self.own_before]);
        let new_own = shape_bounds(&self.own);
        let outside = scene
            .components
            .iter()
            .find(|c| c.id == self.id)
            .filter(|c| c.shapes.end > self.at + self.own_before)
            .map(|_| scene.shapes[self.at + self.own_before].bounds());
        if let Some(item) = scene.items.iter_mut().find(|i| i.id == item_id) {
            // The status words are the name's start; marks and plans follow.
            let rest = item.name.get(self.old_name_len..).unwrap_or("").to_string();
            item.name = self.name + &rest;
            item.hit = match outside {
                // A name beside the marker is part of its hit area.
                Some(label) if item.hit != old_own => new_own.union(&label),
                _ => new_own,
            };
        }
        let splice = scene.splice(self.at..self.at + self.own_before, self.own);
        scene.bounds = bounds_with_margin(&scene.shapes);
        splice
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Command, History, Position};
    use crate::model::SupportStatus;
    use crate::model::generate::generate;
    use crate::scene::{Detail, FrameOptions, build};
    use proptest::prelude::*;
    use std::collections::HashMap;

    /// An edit as the app makes them: `pick` chooses the component (modulo the count).
    #[derive(Clone, Debug)]
    enum Edit {
        Status(usize, usize),
        Move(usize, f64, f64),
        Rename(usize, String),
        Add(f64, f64),
        Delete(usize),
        Link(usize, usize),
        Undo,
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            // Mostly status keys, as the facilitator presses them.
            4 => (any::<usize>(), 0usize..5).prop_map(|(c, s)| Edit::Status(c, s)),
            1 => (any::<usize>(), 0.05f64..0.95, 0.05f64..0.95)
                .prop_map(|(c, v, e)| Edit::Move(c, v, e)),
            1 => (any::<usize>(), "[A-Z][a-z]{2,14}( [a-z]{3,9})?")
                .prop_map(|(c, n)| Edit::Rename(c, n)),
            1 => (0.05f64..0.95, 0.05f64..0.95).prop_map(|(v, e)| Edit::Add(v, e)),
            1 => any::<usize>().prop_map(Edit::Delete),
            1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Link(a, b)),
            1 => Just(Edit::Undo),
        ]
    }

    fn apply(map: &mut Map, history: &mut History, edit: &Edit) {
        let id = |pick: usize| map.components[pick % map.components.len()].id.clone();
        let command = match edit.clone() {
            Edit::Status(c, s) => Command::SetStatus {
                ids: vec![id(c)],
                status: SupportStatus::ALL[s],
            },
            Edit::Move(c, v, e) => Command::Move {
                components: vec![(id(c), Position::new(v, e))],
                notes: Vec::new(),
            },
            Edit::Rename(c, name) => Command::Rename { id: id(c), name },
            Edit::Add(v, e) => Command::AddComponent {
                name: "Added system".into(),
                kind: Kind::System,
                at: Position::new(v, e),
            },
            Edit::Delete(c) => Command::Delete {
                components: vec![id(c)],
                notes: Vec::new(),
            },
            Edit::Link(a, b) => Command::AddLink {
                from: id(a),
                to: id(b),
            },
            Edit::Undo => {
                history.undo(map);
                return;
            }
        };
        // An edit the map refuses (deleting the last component, say) changes nothing.
        let _ = history.apply(map, command);
    }

    /// `map` with every `every`th link labelled `label`.
    fn labelled(mut map: Map, every: usize, label: &str) -> Map {
        for link in map.links.iter_mut().step_by(every) {
            link.label = Some(label.into());
        }
        map
    }

    /// The canvas's options: title block as of a given day, no legend.
    fn options(detail: Detail, dimmed: &HashSet<ComponentId>) -> SceneOptions {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 2);
        SceneOptions {
            frame: FrameOptions {
                title_block: true,
                as_of: day,
                ..FrameOptions::default()
            },
            today: day,
            dimmed: dimmed.clone(),
            detail,
            ..SceneOptions::default()
        }
    }

    /// Each component's footprint beyond its marker, which placement depends on.
    fn reaches(map: &Map, options: &SceneOptions) -> Vec<(ComponentId, f32)> {
        let palette = Palette::for_theme(options.theme);
        let sizes = Sizes::new(options.presenter);
        let style = |c| component_style(c, options.theme, &palette, &sizes);
        let reaches = map
            .components
            .iter()
            .map(|c| (c.id.clone(), reach(c, &style(c), &sizes)));
        reaches.collect()
    }

    /// Runs `edits` on `map`, keeping a scene incrementally beside a full build of each
    /// revision: the same scene where no footprint changed, else one with every marker
    /// on its position, no text over another or over a marker, and every name.
    fn run(map: Map, edits: &[Edit], detail: Detail, dim_every: usize) -> Result<usize, String> {
        run_with(map, edits, detail, dim_every, false)
    }

    /// `run`, in presenter sizes if `presenter`.
    fn run_with(
        mut map: Map,
        edits: &[Edit],
        detail: Detail,
        dim_every: usize,
        presenter: bool,
    ) -> Result<usize, String> {
        let dimmed: HashSet<ComponentId> = map
            .components
            .iter()
            .step_by(dim_every)
            .map(|c| c.id.clone())
            .collect();
        let options = SceneOptions {
            presenter,
            ..options(detail, &dimmed)
        };
        let mut history = History::new();
        let mut scene = build(&map, &options);
        let mut shadow = map.clone();
        let mut kept = 0;
        // Whether a footprint changed since the last full build: placement may differ.
        let mut diverged = false;
        for edit in edits {
            let before = reaches(&map, &options);
            // Only a status key on a component drawn in full is restyled, keeping the
            // full build's scene where no footprint changed.
            let restyle = match edit {
                Edit::Status(pick, _) => {
                    let c = &map.components[pick % map.components.len()];
                    options.detail.in_full(&c.id, c.kind)
                }
                _ => false,
            };
            apply(&mut map, &mut history, edit);
            let full = build(&map, &options);
            // Components or links added or removed: what the document tells the canvas.
            let structural =
                shadow.components.len() != map.components.len() || shadow.links != map.links;
            let updated = if structural {
                let before: HashMap<&str, &Component> = shadow
                    .components
                    .iter()
                    .map(|c| (c.id.as_str(), c))
                    .collect();
                let changed: Vec<(usize, &Component)> = (map.components.iter().enumerate())
                    .filter_map(|(i, c)| {
                        let old = before.get(c.id.as_str())?;
                        (*old != c).then_some((i, *old))
                    })
                    .collect();
                update_membership(&mut scene, &changed, &map, &options, &dimmed)
            } else {
                update(&mut scene, &mut shadow, &map, &options, &dimmed)
            };
            bring_up_to_date(&mut shadow, &map);
            match updated {
                Some(_) => kept += 1,
                None => {
                    scene = build(&map, &options);
                    diverged = false;
                }
            }
            if shadow != map {
                return Err(format!("after {edit:?} the copy is not the map"));
            }
            check_layout(&scene).map_err(|e| format!("after {edit:?}: {e}"))?;
            diverged |= !restyle || before != reaches(&map, &options);
            if !diverged {
                if scene != full {
                    let first = (scene.shapes.iter().zip(&full.shapes))
                        .position(|(a, b)| a != b)
                        .map(|i| (i, &scene.shapes[i], &full.shapes[i]));
                    let items = (scene.items.iter().zip(&full.items)).find(|(a, b)| a != b);
                    return Err(format!(
                        "after {edit:?} the scene is not the full build's: {first:?} {items:?}"
                    ));
                }
                continue;
            }
            if let Err(e) = crate::scene::position_tests::check(&map, &full) {
                // Only what a full build keeps can be asked of the incremental scene.
                return Err(format!("the full build itself: {e}"));
            }
            crate::scene::position_tests::check(&map, &scene)
                .map_err(|e| format!("after {edit:?}: {e}"))?;
            let names = |s: &Scene| {
                s.items
                    .iter()
                    .map(|i| (i.id.clone(), i.name.clone()))
                    .collect::<Vec<_>>()
            };
            if names(&scene) != names(&full) {
                return Err(format!("after {edit:?} the accessible names differ"));
            }
        }
        Ok(kept)
    }

    /// Whether the scene's layout still says where each part is drawn.
    fn check_layout(scene: &Scene) -> Result<(), String> {
        let layout = scene.layout.as_ref().ok_or("no layout")?;
        let (layer, shapes) = (&layout.layer, &scene.shapes);
        let mut starts: Vec<usize> = scene.components.iter().map(|c| c.shapes.start).collect();
        if !starts.is_sorted() || layer.end > shapes.len() {
            return Err(format!("runs out of order or layer {layer:?} past the end"));
        }
        starts.dedup();
        if starts.len() != scene.components.len() {
            return Err("two runs start together".into());
        }
        let dashed = |i: usize| {
            matches!(&shapes[i], Shape::Polyline { stroke, arrowhead: None, .. }
                if stroke.style == crate::scene::StrokeStyle::Dashed)
        };
        for (run, leader) in layout.leaders.iter().enumerate() {
            match leader {
                Some(i)
                    if !(layout.link_labels_end..layout.leaders_end).contains(i) || !dashed(*i) =>
                {
                    return Err(format!("run {run}'s leader {i} is {:?}", shapes[*i]));
                }
                _ => {}
            }
        }
        for drawn in &layout.links {
            let item = &scene.items[drawn.item];
            if !(layout.layer.start..layout.links_end).contains(&drawn.line) {
                return Err(format!("{:?}'s line is not among the links", item.id));
            }
            let points = match &shapes[drawn.line] {
                Shape::Polyline { points, .. } => points.clone(),
                other => return Err(format!("link line is {other:?}")),
            };
            if item.segment != Some((points[0], points[1])) {
                return Err(format!("{:?}'s line is not its segment", item.id));
            }
            if let Some(label) = &drawn.label {
                let texts = shapes[label.clone()].iter().skip(1);
                let inside = (layout.layer.start..layout.link_labels_end).contains(&label.start);
                if !inside || !texts.clone().all(|s| matches!(s, Shape::Text(_))) {
                    return Err(format!("{:?}'s label {label:?} is not a label", item.id));
                }
            }
        }
        Ok(())
    }

    #[test]
    fn a_status_key_on_a_kept_component_restyles_it_as_a_build_would() {
        // Extended support to unsupported and back: a badge comes and goes.
        let map = generate(600, 1);
        let keep: HashSet<ComponentId> = [map.components[300].id.clone()].into();
        let edits: Vec<Edit> = (0..6).map(|i| Edit::Status(300, 1 + i % 2)).collect();
        let restyled = run(map, &edits, Detail::Overview { keep }, 3).unwrap();
        assert_eq!(restyled, 6, "every status key is a restyle");
    }

    #[test]
    fn a_drag_on_a_big_overview_lays_out_only_what_it_touches() {
        // A selected system dragged across an overview in small steps, then renamed,
        // its links labelled; every step kept, not built again.
        let map = labelled(generate(2000, 3), 7, "feeds");
        let keep: HashSet<ComponentId> = [map.components[900].id.clone()].into();
        let mut edits: Vec<Edit> = (0..12)
            .map(|i| Edit::Move(900, 0.3 + 0.02 * i as f64, 0.2 + 0.03 * i as f64))
            .collect();
        edits.extend([
            Edit::Rename(900, "Renamed system".into()),
            Edit::Undo,
            Edit::Undo,
        ]);
        let kept = run(map, &edits, Detail::Overview { keep }, 4).unwrap();
        assert_eq!(kept, edits.len(), "every step is kept incrementally");
    }

    #[test]
    fn an_add_or_delete_on_a_big_overview_is_kept_with_its_links() {
        // Systems added and deleted (their links with them), and both undone.
        let map = labelled(generate(2000, 5), 5, "feeds");
        let keep: HashSet<ComponentId> = [&map.components[700], &map.components[1200]]
            .map(|c| c.id.clone())
            .into();
        let edits = [
            Edit::Add(0.41, 0.52),
            Edit::Link(1999, 1200),
            Edit::Link(1200, 30),
            Edit::Delete(700),
            Edit::Undo,
            Edit::Delete(1200),
            Edit::Delete(60),
            Edit::Undo,
            Edit::Undo,
            Edit::Add(0.93, 0.07),
            Edit::Undo,
        ];
        let kept = run(map, &edits, Detail::Overview { keep }, 5).unwrap();
        assert_eq!(kept, edits.len(), "every add, delete and undo is kept");
    }

    #[test]
    fn an_overview_keeping_others_in_full_is_kept_as_a_build_would_place_them() {
        let map = labelled(generate(2500, 6), 4, "results");
        let keep = |picks: &[usize]| Detail::Overview {
            keep: picks
                .iter()
                .map(|&i| map.components[i].id.clone())
                .collect(),
        };
        let dimmed = HashSet::new();
        let mut detail = keep(&[100]);
        let mut scene = build(&map, &options(detail.clone(), &dimmed));
        for picks in [&[900][..], &[900, 1500, 2400], &[], &[100]] {
            let next = keep(picks);
            let (Detail::Overview { keep: was }, Detail::Overview { keep: now }) = (&detail, &next)
            else {
                unreachable!()
            };
            let flipped: Vec<(usize, &Component)> = (map.components.iter().enumerate())
                .filter(|(_, c)| was.contains(&c.id) != now.contains(&c.id))
                .collect();
            let options = options(next.clone(), &dimmed);
            let kept = update_membership(&mut scene, &flipped, &map, &options, &dimmed);
            assert!(kept.is_some(), "keeping {picks:?} is kept incrementally");
            let full = build(&map, &options);
            crate::scene::position_tests::check(&map, &scene).unwrap();
            check_layout(&scene).unwrap();
            let names = |s: &Scene| s.items.iter().map(|i| i.name.clone()).collect::<Vec<_>>();
            assert_eq!(names(&scene), names(&full), "keeping {picks:?}");
            detail = next;
        }
    }

    #[test]
    fn presenter_sizes_keep_positions_as_data_edit_by_edit() {
        let map = labelled(generate(120, 9), 3, "orders");
        let edits = [
            Edit::Move(30, 0.5, 0.5),
            Edit::Rename(31, "Pathology results viewer".into()),
            Edit::Status(32, 2),
            Edit::Add(0.52, 0.49),
            Edit::Delete(33),
            Edit::Undo,
            Edit::Undo,
        ];
        let kept = run_with(map, &edits, Detail::Full, 4, true).unwrap();
        assert_eq!(
            kept,
            edits.len(),
            "every edit is kept in presenter sizes too"
        );
    }

    #[test]
    fn an_add_or_delete_on_a_full_map_is_kept() {
        let map = generate(150, 8);
        let edits = [
            Edit::Add(0.5, 0.5),
            Edit::Delete(20),
            Edit::Delete(0),
            Edit::Undo,
            Edit::Undo,
            Edit::Undo,
        ];
        let kept = run(map, &edits, Detail::Full, 3).unwrap();
        assert_eq!(kept, edits.len(), "every add, delete and undo is kept");
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

        #[test]
        fn an_incremental_scene_is_a_full_build_or_keeps_positions_as_data(
            components in 3usize..60,
            seed in 0u64..500,
            dim_every in 1usize..5,
            edits in prop::collection::vec(edit(), 1..14),
        ) {
            let map = generate(components, seed);
            let result = run(map, &edits, Detail::Full, dim_every);
            prop_assert!(result.is_ok(), "{:?}", result);
        }

        #[test]
        fn a_crowded_overview_with_link_labels_keeps_positions_as_data(
            seed in 0u64..500,
            label_every in 1usize..4,
            edits in prop::collection::vec(edit(), 1..10),
        ) {
            let map = labelled(generate(700, seed), label_every, "sends results");
            let keep = map.components.iter().step_by(50).map(|c| c.id.clone()).collect();
            let result = run(map, &edits, Detail::Overview { keep }, 3);
            prop_assert!(result.is_ok(), "{:?}", result);
        }
    }
}

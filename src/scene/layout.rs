//! Where a built scene drew each part of the map layer besides the component runs
//! (`Scene::components`): leader lines and links live in their own depths, so a scene
//! kept edit by edit (`incremental.rs`) can find and replace them. Every change to
//! the shapes goes through `Scene::splice`, which keeps all these indices true.

use super::{Scene, Shape};
use std::ops::Range;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    /// The map layer's shapes: links, link labels, leaders, component runs, notes.
    pub(super) layer: Range<usize>,
    /// Where a new link line goes (after the others, below every label).
    pub(super) links_end: usize,
    /// Where a new leader line goes (after the others, below every marker).
    pub(super) leaders_end: usize,
    /// Where a new link label goes (above every link line).
    pub(super) link_labels_end: usize,
    /// By component, as `Scene::components`: its leader line, if its name is set off.
    pub(super) leaders: Vec<Option<usize>>,
    /// By map component index: its place in `Scene::components` (and `Scene::items`).
    pub(super) run_of: Vec<usize>,
    pub(super) links: Vec<LinkShapes>,
    /// Whether every component is drawn by its own run, leader and links alone (see
    /// `drawn_alone`): then what an edit removes leaves nothing else behind.
    pub(super) all_alone: bool,
}

/// Whether nothing but the component's own run, leader and links draws it: no plan,
/// mark, pipeline or hand-placed label.
pub(super) fn drawn_alone(c: &crate::model::Component) -> bool {
    c.evolve.is_none()
        && c.sourcing.is_none()
        && c.market.is_none()
        && c.url.is_none()
        && c.pipeline.is_none()
        && c.pipeline_of.is_none()
        && c.label_offset.is_none()
}

/// A link drawn: its line and (where there was room) its label.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct LinkShapes {
    /// Its index in the map's links, and those of the components it joins.
    pub link: usize,
    pub ends: [usize; 2],
    /// Its index in `Scene::items`.
    pub item: usize,
    pub line: usize,
    pub label: Option<Range<usize>>,
}

/// Shapes `at..at + removed` of the scene before were replaced by `inserted` shapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Splice {
    pub at: usize,
    pub removed: usize,
    pub inserted: usize,
}

impl Layout {
    /// The layout of a layer drawn after `n` other shapes.
    pub(super) fn offset(mut self, n: usize) -> Self {
        self.layer = self.layer.start + n..self.layer.end + n;
        self.links_end += n;
        self.leaders_end += n;
        self.link_labels_end += n;
        for leader in self.leaders.iter_mut().flatten() {
            *leader += n;
        }
        for link in &mut self.links {
            link.line += n;
            link.label = link.label.take().map(|r| r.start + n..r.end + n);
        }
        self
    }
}

/// The layer's depths, back to front, by where each ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Depth {
    Links,
    LinkLabels,
    Leaders,
    /// Component runs (and what follows them in the layer).
    Runs,
}

impl Layout {
    /// After `n` shapes were inserted at `at`, the end of `depth`: an insertion where a
    /// depth ends (and every later depth that is empty there) belongs to `depth`.
    pub(super) fn grew(&mut self, depth: Depth, at: usize, n: usize) {
        let ends = [
            (Depth::Links, &mut self.links_end),
            (Depth::LinkLabels, &mut self.link_labels_end),
            (Depth::Leaders, &mut self.leaders_end),
            (Depth::Runs, &mut self.layer.end),
        ];
        for (d, end) in ends {
            if d >= depth && *end == at {
                *end += n;
            }
        }
    }
}

impl Scene {
    /// Replaces the shapes in `range` with `shapes`, moving every index the scene keeps
    /// that lies after the range along: a piece starting where the range ends moves;
    /// one ending there moves only if the range replaced something (an insertion goes
    /// after what ends at its place, before what starts there). A caller inserting at
    /// the end of a depth moves that depth's end itself.
    pub(super) fn splice(&mut self, range: Range<usize>, shapes: Vec<Shape>) -> Splice {
        let splice = Splice {
            at: range.start,
            removed: range.len(),
            inserted: shapes.len(),
        };
        let end = range.end;
        self.shapes.splice(range, shapes);
        let delta = splice.inserted as isize - splice.removed as isize;
        if delta == 0 {
            return splice;
        }
        let start = |i: &mut usize| {
            if *i >= end {
                *i = i.wrapping_add_signed(delta);
            }
        };
        let replaced = splice.removed > 0;
        let stop = |i: &mut usize| {
            if *i > end || (*i == end && replaced) {
                *i = i.wrapping_add_signed(delta);
            }
        };
        let range = |r: &mut Range<usize>| {
            let (mut a, mut b) = (r.start, r.end);
            start(&mut a);
            stop(&mut b);
            *r = a..b;
        };
        for c in &mut self.components {
            range(&mut c.shapes);
        }
        if let Some(layout) = &mut self.layout {
            stop(&mut layout.layer.end);
            stop(&mut layout.links_end);
            stop(&mut layout.leaders_end);
            stop(&mut layout.link_labels_end);
            for leader in layout.leaders.iter_mut().flatten() {
                start(leader);
            }
            for link in &mut layout.links {
                start(&mut link.line);
                if let Some(label) = &mut link.label {
                    range(label);
                }
            }
        }
        splice
    }
}

//! Unlimited undo and redo. A gesture (one drag, typing into one field) is one step:
//! its commands merge into the step it opened until the gesture ends. Each step keeps
//! what it touched and what was selected before it, for undo and redo to select.

use super::change::Change;
use super::command::{Coalesce, Command, Outcome};
use super::error::EditError;
use super::selection::Selection;
use crate::model::{Component, Map};

struct Step {
    /// Identifies the map state this step leads to, for the unsaved-changes marker.
    id: u64,
    label: String,
    /// Applying this returns the map to the state before the step (or, on the redo
    /// stack, to the state after it).
    change: Change,
    /// What the step's command changed, and the selection when it began.
    touched: Selection,
    before: Selection,
}

/// An undone or redone step: its description and what to select now.
#[derive(Clone, Debug, PartialEq)]
pub struct Undone {
    pub label: String,
    /// What the step touched that exists now, or the selection from before a step that
    /// touched no items.
    pub selection: Selection,
}

#[derive(Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// The gesture the top undo step belongs to, while it is still going on.
    open_gesture: Option<Coalesce>,
    /// The selection as the next command starts (see `note_selection`).
    selection: Selection,
    last_id: u64,
    saved_state: u64,
    /// What the last command, undo or redo changed, if only components and links.
    last_replaced: Option<Edited>,
}

impl History {
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies a command as a step of its own.
    pub fn apply(&mut self, map: &mut Map, command: Command) -> Result<Outcome, EditError> {
        self.end_gesture();
        self.run(map, command, None)
    }

    /// Applies a command as part of `gesture`; consecutive commands of the same gesture
    /// make one undo step until `end_gesture`.
    pub fn apply_in_gesture(
        &mut self,
        map: &mut Map,
        command: Command,
        gesture: Coalesce,
    ) -> Result<Outcome, EditError> {
        if self.open_gesture.as_ref() != Some(&gesture) {
            self.end_gesture();
        }
        self.run(map, command, Some(gesture))
    }

    /// What is selected now: the next step remembers it, for undo to restore.
    pub fn note_selection(&mut self, selection: &Selection) {
        if &self.selection != selection {
            self.selection = selection.clone();
        }
    }

    pub fn end_gesture(&mut self) {
        self.open_gesture = None;
    }

    fn run(
        &mut self,
        map: &mut Map,
        command: Command,
        gesture: Option<Coalesce>,
    ) -> Result<Outcome, EditError> {
        let label = command.describe();
        let described = command.clone();
        let (change, outcome) = command.compile(map)?;
        let forward = change.clone();
        let inverse = change.apply(map);
        if is_noop(&forward, &inverse) {
            self.last_replaced = Some(Edited::default());
            return Ok(outcome);
        }
        self.last_replaced = replaced(&inverse);
        self.redo.clear();
        if gesture.is_some() && self.open_gesture == gesture && self.merge(&inverse) {
            return Ok(outcome);
        }
        self.last_id += 1;
        self.undo.push(Step {
            id: self.last_id,
            label,
            change: inverse,
            touched: described.touched(&outcome),
            before: self.selection.clone(),
        });
        self.open_gesture = gesture;
        Ok(outcome)
    }

    /// Folds `inverse` into the open gesture's step, unless that step was saved (the
    /// saved state must stay reachable by undo).
    fn merge(&mut self, inverse: &Change) -> bool {
        match self.undo.last_mut() {
            Some(step) if step.id != self.saved_state => step.change.absorb(inverse.clone()),
            _ => false,
        }
    }

    /// Undoes the last step; `None` if there is none.
    pub fn undo(&mut self, map: &mut Map) -> Option<Undone> {
        self.end_gesture();
        let step = self.undo.pop()?;
        let redo = step.change.apply(map);
        self.last_replaced = replaced(&redo);
        let undone = undone(&step.touched, &step.before, &step.label, map);
        self.redo.push(Step {
            change: redo,
            ..step
        });
        Some(undone)
    }

    pub fn redo(&mut self, map: &mut Map) -> Option<Undone> {
        self.end_gesture();
        let step = self.redo.pop()?;
        let undo = step.change.apply(map);
        self.last_replaced = replaced(&undo);
        let redone = undone(&step.touched, &step.before, &step.label, map);
        self.undo.push(Step {
            change: undo,
            ..step
        });
        Some(redone)
    }

    /// What the last command, undo or redo changed, if nothing but components and
    /// links (for views kept edit by edit); taken, so asked once after each.
    pub fn take_replaced(&mut self) -> Option<Edited> {
        self.last_replaced.take()
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    fn current_state(&self) -> u64 {
        self.undo.last().map_or(0, |s| s.id)
    }

    /// Call after a successful save; undoing back to this point clears `is_dirty`.
    pub fn mark_saved(&mut self) {
        self.end_gesture();
        self.saved_state = self.current_state();
    }

    /// Marks the map as changed since it was last saved (e.g. a restored recovery copy).
    pub fn mark_unsaved(&mut self) {
        self.saved_state = u64::MAX;
    }

    pub fn is_dirty(&self) -> bool {
        self.current_state() != self.saved_state
    }
}

/// What to select in `map` once a step is undone or redone: what it touched that
/// exists now (nothing, after undoing an add or a paste, so no key acts on something
/// unseen), or, for a step touching no items (map settings), the selection before it.
fn undone(touched: &Selection, before: &Selection, label: &str, map: &Map) -> Undone {
    let mut selection = if touched.is_empty() {
        before.clone()
    } else {
        touched.clone()
    };
    selection.retain_existing(map);
    Undone {
        label: label.to_string(),
        selection,
    }
}

/// A replace that changed nothing is not worth an undo step.
fn is_noop(forward: &Change, inverse: &Change) -> bool {
    matches!(
        forward,
        Change::ReplaceComponents(_)
            | Change::ReplaceLinks(_)
            | Change::ReplaceNotes(_)
            | Change::ReplaceProperties(_)
            | Change::ReplaceRiskSettings { .. }
            | Change::ReplaceMap(_)
            | Change::ReplaceGroups(_)
            | Change::ReplacePlan(_)
            | Change::ReplaceMoneySettings(_)
            | Change::ReplaceAnnotations(_)
            | Change::ReplaceAnnotationsBox(_)
    ) && forward == inverse
}

/// What one command, undo or redo changed, where that was only components and links.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Edited {
    /// The components whose fields it replaced, as they were before.
    pub replaced: Vec<Component>,
    /// Whether it added or removed components or links.
    pub membership: bool,
}

/// What an applied change's inverse says was changed, if only components and links.
fn replaced(inverse: &Change) -> Option<Edited> {
    let (components, membership) = inverse.components_and_links()?;
    Some(Edited {
        replaced: components.into_iter().cloned().collect(),
        membership,
    })
}

//! A map opened with content problems (a dangling link, a duplicate id, a position off
//! the map): they are listed once each under the menu bar, by component name, each with
//! a one-click repair. The map stays read-only until every problem is repaired or the
//! user chooses to edit it as it is. Repairs are ordinary undoable edits.

use super::app::EstateApp;
use super::document::Document;
use super::files::disk;
use crate::edit::Command;
use crate::model::{FileLoadError, Fix, Problem, validate};
use egui::{RichText, ScrollArea, Ui};
use std::path::Path;

/// How many problems the bar lists before "and N more" (each repair shows the next).
const PROBLEMS_SHOWN: usize = 40;

/// The problems of the open map, found again whenever it changes.
#[derive(Clone, Debug)]
pub struct MapProblems {
    pub list: Vec<Problem>,
    /// Edits are held back until every problem is repaired or the user accepts.
    pub blocking: bool,
    /// The document revision `list` was found at.
    revision: u64,
    /// Hidden by the user once editing was allowed.
    hidden: bool,
}

impl MapProblems {
    pub fn blocking(&self) -> bool {
        self.blocking
    }
}

/// Reads a map file, keeping a map whose content has repairable problems: it opens
/// read-only with them (`view`: read-only in any case, as a file we cannot write is).
pub(super) fn open_document(
    path: &Path,
    view: bool,
) -> Result<(Document, Vec<Problem>), FileLoadError> {
    let opened = disk::open_map_with_problems(path)?;
    let mut doc = Document::new(opened.map, Some(opened.path));
    doc.stamp = Some(opened.stamp);
    doc.file_read_only = opened.read_only;
    doc.read_only = view || opened.read_only || !opened.problems.is_empty();
    Ok((doc, opened.problems))
}

/// "1 problem" / "3 problems".
fn count(n: usize) -> String {
    if n == 1 {
        "1 problem".into()
    } else {
        format!("{n} problems")
    }
}

/// What the bar's buttons asked for.
enum Action {
    Repair(Fix),
    Accept,
    Undo,
    Hide,
}

impl EstateApp {
    /// The open map's problems, if it was opened with any.
    pub fn map_problems(&self) -> Option<&MapProblems> {
        self.files.problems.as_ref()
    }

    /// After opening `self.doc`: lists its problems and holds edits back until repaired.
    pub(super) fn show_map_problems(&mut self, problems: Vec<Problem>) {
        if problems.is_empty() {
            self.files.problems = None;
            return;
        }
        self.status.error(format!(
            "This map has {}: it is read-only until they are repaired (listed at the top) \
             or you choose to edit it as it is",
            count(problems.len())
        ));
        self.files.problems = Some(MapProblems {
            list: problems,
            blocking: true,
            revision: self.doc.revision(),
            hidden: false,
        });
    }

    /// The user switched View only off: that is editing the map as it is.
    pub(super) fn accept_map_problems(&mut self) {
        if let Some(p) = self.files.problems.as_mut() {
            p.blocking = false;
        }
    }

    /// Under the menu bar: the problems, their repairs, and "Open anyway".
    pub(super) fn problems_bar(&mut self, ui: &mut Ui) {
        self.refresh_problems();
        let Some(problems) = self.files.problems.as_ref() else {
            return;
        };
        if problems.hidden || problems.list.is_empty() {
            return;
        }
        let blocking = problems.blocking;
        let can_undo = blocking && self.doc.history.can_undo();
        let mut action = None;
        ui.separator();
        ui.horizontal(|ui| {
            let heading = format!("This map has {}", count(problems.list.len()));
            ui.label(
                RichText::new(heading)
                    .strong()
                    .color(ui.visuals().warn_fg_color),
            );
            if blocking {
                ui.label("\u{2014} read-only until they are repaired.");
                if ui
                    .button("Open anyway / edit as is")
                    .on_hover_text("Edit the map with these problems; saving keeps them")
                    .clicked()
                {
                    action = Some(Action::Accept);
                }
                if can_undo && ui.button("Undo last repair").clicked() {
                    action = Some(Action::Undo);
                }
            } else if ui.button("Hide").clicked() {
                action = Some(Action::Hide);
            }
        });
        ScrollArea::vertical()
            .id_salt("map problems")
            .max_height(150.0)
            .show(ui, |ui| {
                for problem in problems.list.iter().take(PROBLEMS_SHOWN) {
                    ui.horizontal(|ui| {
                        if let Some(fix) = problem.fix
                            && ui.button(fix.label()).clicked()
                        {
                            action = Some(Action::Repair(fix));
                        }
                        ui.label(problem.to_string());
                    });
                }
                if problems.list.len() > PROBLEMS_SHOWN {
                    ui.weak(format!("and {} more", problems.list.len() - PROBLEMS_SHOWN));
                }
            });
        match action {
            Some(Action::Repair(fix)) => self.repair(fix),
            Some(Action::Undo) => self.while_repairing(|doc| {
                doc.undo();
            }),
            Some(Action::Accept) => {
                self.accept_map_problems();
                self.doc.set_view_only(self.files.view_only);
                self.status.info(if self.doc.read_only {
                    "The problems stay listed; the map is still read-only (View only)"
                } else {
                    "Editing the map as it is; its problems stay listed until repaired"
                });
            }
            Some(Action::Hide) => {
                if let Some(p) = self.files.problems.as_mut() {
                    p.hidden = true;
                }
            }
            None => {}
        }
    }

    /// Runs a repair: an undoable edit, allowed while other edits are held back.
    pub fn repair(&mut self, fix: Fix) {
        let mut result = Ok(());
        self.while_repairing(|doc| result = doc.apply(Command::Repair(fix)).map(|_| ()));
        match result {
            Ok(()) => self
                .status
                .info(format!("Repaired: {}", fix.label().to_lowercase())),
            Err(e) => self.status.error(format!("Could not repair: {e}")),
        }
        self.refresh_problems();
    }

    fn while_repairing(&mut self, change: impl FnOnce(&mut Document)) {
        let held = self.doc.read_only;
        self.doc.read_only = false;
        change(&mut self.doc);
        self.doc.read_only = held;
    }

    /// Finds the problems again after a change; the last repair enables editing.
    fn refresh_problems(&mut self) {
        let revision = self.doc.revision();
        let Some(problems) = self.files.problems.as_mut() else {
            return;
        };
        if problems.revision == revision {
            return;
        }
        problems.revision = revision;
        problems.list = validate(&self.doc.map);
        if problems.list.is_empty() && problems.blocking {
            problems.blocking = false;
            self.doc.set_view_only(self.files.view_only);
            self.status.info(if self.doc.read_only {
                "Every problem is repaired; the map is open read-only"
            } else {
                "Every problem is repaired: editing is enabled (save to keep the repairs)"
            });
        }
    }
}

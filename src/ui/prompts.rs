//! Questions and messages shown over the window (egui modals): unsaved changes, a file
//! that could not be opened, a file changed on disk, recovery copies, map properties.
//! Only one at a time; each button names what it does.

use super::app::EstateApp;
use super::file_menu::Intent;
use super::files::recovery::RecoveryCopy;
use crate::edit::{Command, MapProperties};
use crate::model::Map;
use egui::{Context, Id, Key, Modal, Modifiers, RichText, ScrollArea, TextEdit, Ui};

/// How many validation problems a broken file's dialog lists before "and N more".
const PROBLEMS_SHOWN: usize = 30;

#[derive(Clone, Debug)]
pub enum Prompt {
    /// Save / Discard / Cancel before doing this.
    Unsaved(Intent),
    /// A file that could not be opened; the current map (named in `kept`, if one was
    /// open) is untouched.
    OpenFailed {
        message: String,
        problems: Vec<String>,
        kept: Option<String>,
    },
    /// The open file was changed by another program: Reload / Keep mine.
    ChangedOnDisk,
    /// Save found the file changed on disk: Overwrite / Reload / Cancel, then `then`.
    SaveConflict {
        then: Option<Intent>,
    },
    /// Recovery copies left by a crash, newest first.
    Recovery(Vec<RecoveryCopy>),
    Properties(PropertiesDraft),
    Message(String),
    /// The first save of a new map still called "Untitled map": ask for its title,
    /// then ask where to save and do `then`.
    TitleBeforeSave {
        title: String,
        then: Option<Intent>,
    },
}

/// The Map properties dialog's fields while being edited.
#[derive(Clone, Debug, Default)]
pub struct PropertiesDraft {
    pub title: String,
    pub organisation: String,
    pub author: String,
    pub description: String,
    /// The four evolution stages' names as typed; all blank keeps the usual names.
    pub stages: [String; 4],
}

impl PropertiesDraft {
    pub fn of(map: &Map) -> Self {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        Self {
            title: map.title.clone(),
            organisation: text(&map.organisation),
            author: text(&map.author),
            description: text(&map.description),
            stages: std::array::from_fn(|i| map.stage_labels.get(i).cloned().unwrap_or_default()),
        }
    }

    /// Custom stage names: all four, a blank one keeping its usual name; none when all
    /// are blank or usual.
    fn stage_labels(&self) -> Vec<String> {
        let labels: Vec<String> = self
            .stages
            .iter()
            .zip(crate::scene::STAGE_NAMES)
            .map(|(typed, usual)| match typed.trim() {
                "" => usual.to_string(),
                t => t.to_string(),
            })
            .collect();
        let usual = labels
            .iter()
            .zip(crate::scene::STAGE_NAMES)
            .all(|(l, u)| l == u);
        if usual { Vec::new() } else { labels }
    }

    fn properties(&self) -> MapProperties {
        let optional = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        };
        MapProperties {
            title: self.title.trim().to_string(),
            organisation: optional(&self.organisation),
            author: optional(&self.author),
            description: optional(&self.description),
            stage_labels: self.stage_labels(),
        }
    }
}

/// What a prompt's buttons asked for; acted on after the modal is drawn.
enum Answer {
    Keep(Prompt),
    Close,
    Save(Intent),
    Discard(Intent),
    Reload,
    KeepMine,
    Overwrite(Option<Intent>),
    /// Restore this copy (in a tab of its own), then go on offering the rest.
    Restore(RecoveryCopy, Vec<RecoveryCopy>),
    DiscardCopy(RecoveryCopy, Vec<RecoveryCopy>),
    ApplyProperties(MapProperties),
    SaveTitled(String, Option<Intent>),
}

impl EstateApp {
    /// Draws the current prompt, if any, and carries out the answer.
    pub(super) fn prompts_ui(&mut self, ctx: &Context) {
        let Some(prompt) = self.files.prompt.take() else {
            return;
        };
        let answer = Modal::new(Id::unique("file prompt"))
            .show(ctx, |ui| {
                ui.set_max_width(520.0);
                prompt_body(ui, prompt)
            })
            .inner;
        self.act_on(answer);
    }

    fn act_on(&mut self, answer: Answer) {
        match answer {
            Answer::Keep(prompt) => self.files.prompt = Some(prompt),
            Answer::Close => {}
            Answer::Save(intent) => self.save_then(intent),
            Answer::Discard(intent) => self.discard_then(intent),
            Answer::Reload => self.reload(),
            Answer::KeepMine => self.keep_mine(),
            Answer::Overwrite(then) => self.save_over(then),
            Answer::Restore(copy, rest) => {
                self.restore(&copy);
                if self.files.prompt.is_none() && !rest.is_empty() {
                    self.files.prompt = Some(Prompt::Recovery(rest));
                }
            }
            Answer::DiscardCopy(copy, rest) => {
                self.discard_recovery(&copy);
                if !rest.is_empty() {
                    self.files.prompt = Some(Prompt::Recovery(rest));
                }
            }
            Answer::SaveTitled(title, then) => self.save_titled(title, then),
            Answer::ApplyProperties(properties) => {
                if properties != MapProperties::of(&self.doc.map) {
                    self.run_command(Command::SetProperties(properties));
                }
            }
        }
    }
}

fn prompt_body(ui: &mut Ui, prompt: Prompt) -> Answer {
    match prompt {
        Prompt::Unsaved(intent) => unsaved(ui, intent),
        Prompt::OpenFailed {
            message,
            problems,
            kept,
        } => open_failed(ui, message, problems, kept),
        Prompt::ChangedOnDisk => changed_on_disk(ui),
        Prompt::SaveConflict { then } => save_conflict(ui, then),
        Prompt::Recovery(copies) => recovery(ui, copies),
        Prompt::Properties(draft) => properties(ui, draft),
        Prompt::Message(text) => message(ui, text),
        Prompt::TitleBeforeSave { title, then } => title_before_save(ui, title, then),
    }
}

fn heading(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).heading());
    ui.add_space(6.0);
}

/// Escape in a prompt means Cancel.
fn escape(ui: &Ui) -> bool {
    ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
}

/// Enter in a prompt means its default button (the one that loses nothing).
fn enter(ui: &Ui) -> bool {
    ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter))
}

fn unsaved(ui: &mut Ui, intent: Intent) -> Answer {
    let doing = match intent {
        Intent::New => "starting a new map",
        Intent::Open(_) => "opening another map",
        Intent::Close => "closing",
        Intent::CloseTab => "closing it",
    };
    heading(ui, "Save changes?");
    ui.label(format!(
        "This map has unsaved changes. Save them before {doing}?"
    ));
    ui.add_space(8.0);
    let answer = ui
        .horizontal(|ui| {
            if ui.button("Save").clicked() {
                Some(Answer::Save(intent.clone()))
            } else if ui.button("Discard changes").clicked() {
                Some(Answer::Discard(intent.clone()))
            } else if ui.button("Cancel").clicked() {
                Some(Answer::Close)
            } else {
                None
            }
        })
        .inner;
    match answer {
        Some(answer) => answer,
        None if escape(ui) => Answer::Close,
        None if enter(ui) => Answer::Save(intent),
        None => Answer::Keep(Prompt::Unsaved(intent)),
    }
}

fn open_failed(
    ui: &mut Ui,
    message: String,
    problems: Vec<String>,
    kept: Option<String>,
) -> Answer {
    heading(ui, "Could not open the map");
    ui.label(&message);
    if !problems.is_empty() {
        ui.add_space(6.0);
        ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
            for problem in problems.iter().take(PROBLEMS_SHOWN) {
                ui.label(format!("\u{2022} {problem}"));
            }
            if problems.len() > PROBLEMS_SHOWN {
                ui.weak(format!("and {} more", problems.len() - PROBLEMS_SHOWN));
            }
        });
    }
    if let Some(kept) = &kept {
        ui.add_space(6.0);
        ui.weak(format!("The map you had open ({kept}) is unchanged."));
    }
    if ui.button("OK").clicked() || escape(ui) || enter(ui) {
        Answer::Close
    } else {
        Answer::Keep(Prompt::OpenFailed {
            message,
            problems,
            kept,
        })
    }
}

fn changed_on_disk(ui: &mut Ui) -> Answer {
    heading(ui, "The file was changed on disk");
    ui.label(
        "Another program (or a synced folder) changed this map's file. Reload it, \
         dropping any changes made here, or keep your version?",
    );
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button("Reload").clicked() {
            Answer::Reload
        } else if ui.button("Keep mine").clicked() || escape(ui) || enter(ui) {
            Answer::KeepMine
        } else {
            Answer::Keep(Prompt::ChangedOnDisk)
        }
    })
    .inner
}

fn save_conflict(ui: &mut Ui, then: Option<Intent>) -> Answer {
    heading(ui, "The file on disk is newer");
    ui.label(
        "Another program changed this file since it was opened or saved here. \
         Overwrite replaces those changes with this map; Reload drops the changes made here.",
    );
    ui.add_space(8.0);
    let answer = ui
        .horizontal(|ui| {
            if ui.button("Overwrite").clicked() {
                Some(Answer::Overwrite(then.clone()))
            } else if ui.button("Reload").clicked() {
                Some(Answer::Reload)
            } else if ui.button("Cancel").clicked() {
                Some(Answer::Close)
            } else {
                None
            }
        })
        .inner;
    match answer {
        Some(answer) => answer,
        None if escape(ui) || enter(ui) => Answer::Close,
        None => Answer::Keep(Prompt::SaveConflict { then }),
    }
}

fn recovery(ui: &mut Ui, copies: Vec<RecoveryCopy>) -> Answer {
    heading(ui, "Restore unsaved work?");
    ui.label("Estate Map closed without saving these maps. Enter restores the first.");
    ui.add_space(6.0);
    let mut answer = None;
    for (n, copy) in copies.iter().enumerate() {
        ui.separator();
        let when = copy.meta.written.with_timezone(&chrono::Local);
        let file = copy
            .meta
            .original
            .as_ref()
            .map_or("never saved".to_string(), |p| p.display().to_string());
        ui.label(RichText::new(&copy.meta.title).strong());
        ui.label(format!(
            "{file}, written {}",
            when.format("%a %e %b %Y %H:%M:%S")
        ));
        if copy.original_is_newer() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "The file was saved after this copy was written: restoring brings back older work",
            );
        }
        let rest = || {
            let rest = copies.iter().enumerate().filter(|(i, _)| *i != n);
            rest.map(|(_, c)| c.clone()).collect()
        };
        ui.horizontal(|ui| {
            if ui.button("Restore").clicked() {
                answer = Some(Answer::Restore(copy.clone(), rest()));
            }
            if ui.button("Discard").clicked() {
                answer = Some(Answer::DiscardCopy(copy.clone(), rest()));
            }
        });
    }
    ui.separator();
    if ui.button("Decide later").clicked() || escape(ui) {
        return Answer::Close;
    }
    if let Some(answer) = answer {
        return answer;
    }
    if enter(ui) {
        return Answer::Restore(copies[0].clone(), copies[1..].to_vec());
    }
    Answer::Keep(Prompt::Recovery(copies))
}

fn properties(ui: &mut Ui, mut draft: PropertiesDraft) -> Answer {
    heading(ui, "Map properties");
    let description_id = egui::Grid::new("map properties")
        .num_columns(2)
        .show(ui, |ui| {
            let row = |ui: &mut Ui, label: &str, text: &mut String| {
                let name = ui.label(label);
                ui.add(TextEdit::singleline(text).desired_width(320.0))
                    .labelled_by(name.id);
                ui.end_row();
            };
            row(ui, "Title", &mut draft.title);
            row(ui, "Organisation", &mut draft.organisation);
            row(ui, "Author", &mut draft.author);
            let name = ui.label("Description");
            let description = ui
                .add(TextEdit::multiline(&mut draft.description).desired_width(320.0))
                .labelled_by(name.id);
            ui.end_row();
            for (i, usual) in crate::scene::STAGE_NAMES.iter().enumerate() {
                let name = ui.label(format!("Stage {} name", i + 1));
                ui.add(
                    TextEdit::singleline(&mut draft.stages[i])
                        .hint_text(*usual)
                        .desired_width(320.0),
                )
                .labelled_by(name.id);
                ui.end_row();
            }
            description.id
        })
        .inner;
    if draft.title.trim().is_empty() {
        ui.colored_label(ui.visuals().error_fg_color, "The title cannot be empty");
    }
    ui.add_space(8.0);
    let answer = ui
        .horizontal(|ui| {
            let ok = ui.add_enabled(!draft.title.trim().is_empty(), egui::Button::new("OK"));
            if ok.clicked() {
                Some(Answer::ApplyProperties(draft.properties()))
            } else if ui.button("Cancel").clicked() {
                Some(Answer::Close)
            } else {
                None
            }
        })
        .inner;
    // Enter is OK unless it is a new line in the description.
    let in_description = ui.ctx().memory(|m| m.focused()) == Some(description_id);
    match answer {
        Some(answer) => answer,
        None if escape(ui) => Answer::Close,
        None if !draft.title.trim().is_empty() && !in_description && enter(ui) => {
            Answer::ApplyProperties(draft.properties())
        }
        None => Answer::Keep(Prompt::Properties(draft)),
    }
}

fn message(ui: &mut Ui, text: String) -> Answer {
    ui.label(&text);
    if ui.button("OK").clicked() || escape(ui) || enter(ui) {
        Answer::Close
    } else {
        Answer::Keep(Prompt::Message(text))
    }
}

fn title_before_save(ui: &mut Ui, mut title: String, then: Option<Intent>) -> Answer {
    heading(ui, "Title this map");
    ui.label("The title heads the map and its exports, and names the file.");
    let name = ui.label("Title");
    let field = ui
        .add(TextEdit::singleline(&mut title).desired_width(360.0))
        .labelled_by(name.id);
    if !ui.ctx().memory(|m| m.focused().is_some()) {
        field.request_focus();
    }
    let ok_allowed = !title.trim().is_empty();
    ui.add_space(8.0);
    let answer = ui
        .horizontal(|ui| {
            let ok = ui.add_enabled(ok_allowed, egui::Button::new("Save\u{2026}"));
            if ok.clicked() {
                Some(Answer::SaveTitled(title.trim().to_string(), then.clone()))
            } else if ui.button("Cancel").clicked() {
                Some(Answer::Close)
            } else {
                None
            }
        })
        .inner;
    match answer {
        Some(answer) => answer,
        None if escape(ui) => Answer::Close,
        None if ok_allowed && enter(ui) => Answer::SaveTitled(title.trim().to_string(), then),
        None => Answer::Keep(Prompt::TitleBeforeSave { title, then }),
    }
}

//! The inspector's rows for OWM features the field table cannot draw (issue 16): the
//! pipeline a variant is in (only pipelines offered), and for a submap naming a local
//! map file a button that opens it in a tab of its own. Pipeline, market, URL and submap
//! are rows of the field table. Called from one line of the inspector.

use super::app::EstateApp;

pub(super) mod canvas_handles;
use crate::edit::{Command, Field};
use crate::model::Component;
use egui::{ComboBox, DragValue, Ui};
use std::path::{Path, PathBuf};

/// A label offset (OWM pixels) that puts the name right of the small marker, level
/// with it: past the marker's half width and a gap, its baseline a third of a line down.
const BESIDE: [f64; 2] = [16.0, 5.0];

/// The smallest pipeline span the inspector offers, so its start stays before its end.
const MIN_SPAN: f64 = 0.01;

/// Extensions of the files a submap may name: our maps and OWM text.
const MAP_FILES: [&str; 3] = ["json", "owm", "wm"];

impl EstateApp {
    pub(super) fn wardley_rows(&mut self, ui: &mut Ui, c: &Component) {
        ui.separator();
        let mut fields = Vec::new();
        let pipelines: Vec<(crate::model::ComponentId, String)> = self
            .doc
            .map
            .components
            .iter()
            .filter(|p| p.pipeline.is_some() && p.id != c.id)
            .map(|p| (p.id.clone(), p.name.clone()))
            .collect();
        if !pipelines.is_empty() || c.pipeline_of.is_some() {
            let current = c.pipeline_of.as_ref().and_then(|id| {
                pipelines
                    .iter()
                    .find(|(p, _)| p == id)
                    .map(|(_, n)| n.as_str())
            });
            ComboBox::from_label("Variant in pipeline")
                .selected_text(current.unwrap_or("(none)"))
                .show_ui(ui, |ui| {
                    if ui
                        .selectable_label(c.pipeline_of.is_none(), "(none)")
                        .clicked()
                    {
                        fields.push(Field::PipelineOf(None));
                    }
                    for (id, name) in &pipelines {
                        let on = c.pipeline_of.as_ref() == Some(id);
                        if ui.selectable_label(on, name).clicked() {
                            fields.push(Field::PipelineOf(Some(id.clone())));
                        }
                    }
                });
        }
        if let Some(offset) = c.label_offset {
            self.label_offset_rows(ui, c, offset);
            let reset = ui
                .button("Reset label position")
                .on_hover_text("Lets the map place the name again (drag the name to place it)");
            if reset.clicked() {
                fields.push(Field::LabelOffset(None));
            }
        } else {
            let place = ui
                .button("Place the name beside the marker")
                .on_hover_text("Draws the name right of a small marker; then drag it anywhere");
            if place.clicked() {
                fields.push(Field::LabelOffset(Some(BESIDE)));
            }
        }
        for field in fields {
            self.run_command(Command::SetField {
                id: c.id.clone(),
                field,
            });
        }
        self.pipeline_span_rows(ui, c);
        let Some(url) = c.url.as_deref().filter(|u| !u.trim().is_empty()) else {
            return;
        };
        ui.horizontal(|ui| {
            ui.label(if c.submap { "Submap" } else { "Links to" });
            ui.label(url);
        });
        if !c.submap {
            return;
        }
        let base = self.doc.path.as_deref().and_then(Path::parent);
        match submap_path(url, base) {
            Some(path) => {
                let open = ui
                    .button(format!("Open submap {url}"))
                    .on_hover_text(format!("Opens {} in a new tab", path.display()));
                if open.clicked() {
                    self.open_path(&path);
                }
            }
            None => {
                ui.weak("Not a map file on this computer, so it cannot be opened here");
            }
        }
    }
}

impl EstateApp {
    /// Where the name sits from the marker (OWM pixels), dragged or typed as well as
    /// dragged on the canvas; each drag one undo step.
    fn label_offset_rows(&mut self, ui: &mut Ui, c: &Component, offset: [f64; 2]) {
        let mut next = offset;
        let (mut changed, mut finished) = (false, false);
        ui.horizontal(|ui| {
            ui.label("Name placed at");
            for (value, name) in next.iter_mut().zip(["Label offset x", "Label offset y"]) {
                let r = ui
                    .add(DragValue::new(value).speed(1.0).max_decimals(0))
                    .accessible_name(name)
                    .on_hover_text("OWM pixels from the marker's centre (x right, y down)");
                changed |= r.changed();
                finished |= r.drag_stopped() || r.lost_focus();
            }
        });
        if changed && next != offset {
            let command = Command::SetField {
                id: c.id.clone(),
                field: Field::LabelOffset(Some(next)),
            };
            let gesture = crate::edit::Coalesce::Field(c.id.clone(), "label_offset");
            if let Err(e) = self.doc.apply_in_gesture(command, gesture) {
                self.status.error(format!("Cannot place the name: {e}"));
                finished = true;
            }
        }
        if finished {
            self.doc.end_gesture();
        }
    }

    /// A pipeline's evolution span (OWM `pipeline Name [start, end]`): start and end
    /// dragged or typed (0 to 1, start before end), each drag one undo step; without a
    /// stored span the box spans the variants, and the fields show that.
    fn pipeline_span_rows(&mut self, ui: &mut Ui, c: &Component) {
        let Some(pipe) = &c.pipeline else {
            return;
        };
        let variants = crate::model::pipeline_variants(&self.doc.map.components, &c.id);
        let shown = pipe
            .drawn_span(variants.map(|v| v.evolution))
            .unwrap_or([0.2, 0.8]);
        let [mut start, mut end] = shown;
        let mut finished = false;
        let mut changed = false;
        ui.horizontal(|ui| {
            ui.label("Pipeline span");
            let r = ui
                .add(
                    DragValue::new(&mut start)
                        .range(0.0..=(end - MIN_SPAN).max(0.0))
                        .speed(0.005)
                        .max_decimals(3),
                )
                .accessible_name("Pipeline start");
            changed |= r.changed();
            finished |= r.drag_stopped() || r.lost_focus();
            ui.label("to");
            let r = ui
                .add(
                    DragValue::new(&mut end)
                        .range((start + MIN_SPAN).min(1.0)..=1.0)
                        .speed(0.005)
                        .max_decimals(3),
                )
                .accessible_name("Pipeline end");
            changed |= r.changed();
            finished |= r.drag_stopped() || r.lost_focus();
        });
        if pipe.span.is_none() {
            ui.weak("Spans its variants until a start or end is set");
        } else if ui.button("Span the variants").clicked() {
            self.run_command(Command::SetField {
                id: c.id.clone(),
                field: Field::PipelineSpan(None),
            });
        }
        if changed && [start, end] != shown {
            let command = Command::SetField {
                id: c.id.clone(),
                field: Field::PipelineSpan(Some([start, end])),
            };
            let gesture = crate::edit::Coalesce::Field(c.id.clone(), "pipeline.span");
            if let Err(e) = self.doc.apply_in_gesture(command, gesture) {
                self.status.error(format!("Cannot set the span: {e}"));
                finished = true;
            }
        }
        if finished {
            self.doc.end_gesture();
        }
    }
}

/// The local map file `url` names, relative to `base` (the map's folder) unless it is
/// absolute; None for a web address, another kind of file or one that does not exist.
pub fn submap_path(url: &str, base: Option<&Path>) -> Option<PathBuf> {
    let url = url.trim();
    let url = url.strip_prefix("file://").unwrap_or(url);
    if url.contains("://") {
        return None;
    }
    let path = Path::new(url);
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if !MAP_FILES.contains(&ext.as_str()) {
        return None;
    }
    let path = match base {
        Some(base) if path.is_relative() => base.join(path),
        _ => path.to_path_buf(),
    };
    path.is_file().then_some(path)
}

/// Where the Annotations window keeps whether it is open.
fn annotations_open_id() -> egui::Id {
    egui::Id::unique("annotations window open")
}

impl EstateApp {
    pub(super) fn open_annotations(&mut self) {
        self.ctx
            .data_mut(|d| d.insert_temp(annotations_open_id(), true));
    }

    /// The map's numbered annotations: each one's text, a point added by clicking the
    /// map, removed with a button, and a new one added at the map's centre (its points
    /// and the list are dragged on the canvas). Typing into one text is one undo step.
    pub(super) fn annotations_window(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let mut open = ctx.data(|d| d.get_temp::<bool>(annotations_open_id()).unwrap_or(false));
        if !open {
            return;
        }
        let current = self.doc.map.annotations.clone();
        let mut edited: Option<(Vec<crate::model::Annotation>, Option<u32>)> = None;
        let mut focus_lost = false;
        let mut wants_point = None;
        let read_only = self.doc.read_only;
        egui::Window::new("Annotations")
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .show(&ctx, |ui| {
                ui.add_enabled_ui(!read_only, |ui| {
                    if current.is_empty() {
                        ui.label("No annotations yet");
                    }
                    for (i, a) in current.iter().enumerate() {
                        ui.horizontal(|ui| {
                            ui.strong(format!("{}.", a.number));
                            let mut text = a.text.clone();
                            let name = format!("Annotation {} text", a.number);
                            let response =
                                ui.text_edit_singleline(&mut text).accessible_name(&name);
                            if response.changed() {
                                let mut next = current.clone();
                                next[i].text = text;
                                edited = Some((next, Some(a.number)));
                            }
                            focus_lost |= response.lost_focus();
                            let add_point = ui
                                .button("Add a point")
                                .accessible_name(format!("Add a point to annotation {}", a.number))
                                .on_hover_text("Then click the map where the point goes");
                            if add_point.clicked() {
                                wants_point = Some(a.number);
                            }
                            if ui
                                .button("Remove")
                                .accessible_name(format!("Remove annotation {}", a.number))
                                .clicked()
                            {
                                let mut next = current.clone();
                                next.remove(i);
                                edited = Some((next, None));
                            }
                        });
                    }
                    if ui.button("Add annotation").clicked() {
                        let number = current.iter().map(|a| a.number).max().unwrap_or(0) + 1;
                        let mut next = current.clone();
                        next.push(crate::model::Annotation {
                            number,
                            points: vec![[0.5, 0.5]],
                            text: String::new(),
                        });
                        edited = Some((next, None));
                    }
                });
            });
        if let Some((annotations, typing)) = edited {
            let command = Command::SetAnnotations(annotations);
            match typing {
                Some(number) => {
                    let gesture = crate::edit::Coalesce::Setting(format!("annotation {number}"));
                    if let Err(e) = self.doc.apply_in_gesture(command, gesture) {
                        self.status.error(format!("Cannot edit annotations: {e}"));
                    }
                }
                None => self.run_command(command),
            }
        }
        if focus_lost {
            self.doc.end_gesture();
        }
        if let Some(number) = wants_point {
            self.start_adding_annotation_point(number);
        }
        ctx.data_mut(|d| d.insert_temp(annotations_open_id(), open));
    }
}

#[cfg(test)]
mod tests {
    use super::submap_path;

    #[test]
    fn a_submap_is_a_map_file_next_to_the_map() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ward.json"), "{}").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "").unwrap();
        let base = Some(dir.path());
        assert_eq!(
            submap_path("ward.json", base),
            Some(dir.path().join("ward.json"))
        );
        assert_eq!(submap_path("missing.json", base), None);
        assert_eq!(submap_path("notes.txt", base), None);
        assert_eq!(submap_path("https://example.org/ward.json", base), None);
    }
}

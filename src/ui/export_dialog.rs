//! File > Export: a small window with the board-pack options and a live preview rendered
//! by the exporter itself. The file is written by `export` and `write_atomically`;
//! Ctrl+E repeats the last export to the same file. Exporting never changes the map, so
//! it works in read-only mode too.

use super::app::EstateApp;
use super::files::dialogs;
use crate::export::{self, Background, ExportOptions, Format, Paper, Size, View};
use crate::model::{Map, write_atomically};
use crate::scene::{self, ColourBy, FrameOptions, SceneOptions, Theme};
use chrono::NaiveDate;
use egui::{ColorImage, Context, DragValue, TextureHandle, TextureOptions, Ui, Vec2};
use resvg::tiny_skia::Pixmap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::Duration;

/// The preview fits in this many points.
const PREVIEW_SIZE: Vec2 = Vec2::new(460.0, 300.0);
const DEFAULT_SUBTITLE: &str = "Draft, for discussion";
/// Pixel sizes a user may type (the exporter refuses larger totals with a clear error).
const MAX_SIDE: u32 = 20_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SizeChoice {
    A4,
    A3,
    Pixels,
}

/// What the dialog asks; turned into [`ExportOptions`] at export time, so "current
/// view" means the view when the file is written.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportSettings {
    format: Format,
    size: SizeChoice,
    width: u32,
    height: u32,
    theme: Theme,
    /// The canvas's colouring when the dialog was last shown: exports look like the screen.
    colour_by: ColourBy,
    transparent: bool,
    current_view: bool,
    subtitle_on: bool,
    subtitle: String,
    summary: bool,
    board_summary: bool,
}

impl Default for ExportSettings {
    fn default() -> Self {
        Self {
            format: Format::Png,
            size: SizeChoice::A4,
            width: 1600,
            height: 1000,
            theme: Theme::Light,
            colour_by: ColourBy::Status,
            transparent: false,
            current_view: false,
            subtitle_on: false,
            subtitle: String::new(),
            summary: false,
            board_summary: false,
        }
    }
}

impl ExportSettings {
    fn pixels(&self) -> (u32, u32) {
        match self.size {
            SizeChoice::A4 => Paper::A4.pixels(),
            SizeChoice::A3 => Paper::A3.pixels(),
            SizeChoice::Pixels => (self.width, self.height),
        }
    }

    fn export_size(&self) -> Size {
        match self.size {
            SizeChoice::A4 => Size::Paper(Paper::A4),
            SizeChoice::A3 => Size::Paper(Paper::A3),
            SizeChoice::Pixels => Size::Pixels {
                width: Some(self.width),
                height: Some(self.height),
            },
        }
    }

    /// PDF pages are always white: only PNG and SVG can be transparent.
    fn background(&self) -> Background {
        if self.transparent && self.format != Format::Pdf {
            Background::Transparent
        } else {
            Background::White
        }
    }

    /// The exporter's options; `view` is the canvas's visible rectangle, if known, and
    /// overlays measure dates from `today`.
    fn options(&self, view: Option<scene::Rect>, today: NaiveDate) -> ExportOptions {
        let frame = FrameOptions {
            // The placeholder is what an empty field gives.
            subtitle: self.subtitle_on.then(|| match self.subtitle.trim() {
                "" => DEFAULT_SUBTITLE.to_string(),
                text => text.to_string(),
            }),
            summary: self.summary,
            board_summary: self.board_summary,
            ..FrameOptions::board_pack()
        };
        ExportOptions {
            scene: SceneOptions {
                theme: self.theme,
                frame,
                colour_by: self.colour_by,
                today: Some(today),
                ..SceneOptions::default()
            },
            size: self.export_size(),
            scale: 1.0,
            background: self.background(),
            view: match view {
                Some(rect) if self.current_view => View::Rect(rect),
                _ => View::Fit,
            },
        }
    }
}

/// What a preview is rendered from: the preview's options and the map revision.
type PreviewKey = (ExportOptions, u64);

/// The preview texture and what it was rendered from.
struct Preview {
    key: PreviewKey,
    image: Result<TextureHandle, String>,
}

/// A preview being rendered on a background thread: a large map takes a few hundred
/// milliseconds, which must not stall the window.
struct Rendering {
    key: PreviewKey,
    result: Receiver<Result<ColorImage, String>>,
}

#[derive(Clone, Debug)]
struct LastExport {
    settings: ExportSettings,
    path: PathBuf,
}

/// The export window's state beside the document.
#[derive(Default)]
pub struct ExportState {
    pub open: bool,
    settings: ExportSettings,
    last: Option<LastExport>,
    preview: Option<Preview>,
    rendering: Option<Rendering>,
}

impl EstateApp {
    /// The export window, when open.
    pub(super) fn export_dialog_ui(&mut self, ctx: &Context) {
        if !self.export.open {
            self.export.preview = None;
            self.export.rendering = None;
            return;
        }
        let mut open = true;
        let mut action = None;
        egui::Window::new("Export")
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| {
                // One colouring for canvas and export: changing it here changes both.
                self.export.settings.colour_by = self.colour_by;
                settings_ui(ui, &mut self.export.settings);
                if self.export.settings.colour_by != self.colour_by {
                    self.set_colour_by(self.export.settings.colour_by);
                }
                ui.separator();
                self.preview_ui(ui);
                ui.separator();
                action = actions_ui(ui);
            });
        match action {
            Some(Action::ToFile) => self.export_to_chosen_file(),
            Some(Action::CopyImage) => self.copy_image(ctx),
            Some(Action::Close) => open = false,
            None => {}
        }
        self.export.open &= open;
    }

    /// Ctrl+E: the last export again, to the same file; the first time, the dialog.
    pub(super) fn repeat_export(&mut self) {
        match self.export.last.clone() {
            Some(last) => self.write_export(last.settings, last.path),
            None => self.export.open = true,
        }
    }

    /// "Export to file…": asks where, suggesting the map title in the folder of the
    /// last export (else the map's folder), then writes.
    fn export_to_chosen_file(&mut self) {
        let settings = self.export.settings.clone();
        let last_dir = self.export.last.as_ref().and_then(|l| l.path.parent());
        let start_dir = last_dir.or_else(|| self.doc.path.as_deref().and_then(Path::parent));
        let chosen = dialogs::ask_export_path(
            self.files.dialogs.as_mut(),
            &self.doc.map.title,
            settings.format.extension(),
            start_dir,
        );
        match chosen {
            Some(path) => self.write_export(settings, path),
            None if self.files.dialogs.unavailable() => {
                let (ext, start) = (
                    settings.format.extension(),
                    start_dir.map(Path::to_path_buf),
                );
                self.choose_export_path_in_app(settings, ext, start);
            }
            None => self.status.info("Export cancelled"),
        }
    }

    /// Renders and writes atomically; the status line says where, or why not. Only a
    /// successful export becomes the one Ctrl+E repeats.
    pub(super) fn write_export(&mut self, settings: ExportSettings, path: PathBuf) {
        let options = settings.options(self.visible_scene_rect(), self.look().today);
        let name = settings.format.extension().to_ascii_uppercase();
        let shown = path.display().to_string();
        self.refresh_area_view();
        let written = export::export(self.shown_map(), settings.format, &options)
            .map_err(|e| format!("Could not export {name} to {shown}: {e}"))
            .and_then(|bytes| {
                // The save error names the file and the step that failed.
                write_atomically(&path, &bytes, false)
                    .map_err(|e| format!("Could not export {name}: {e}"))
            });
        match written {
            Ok(()) => {
                self.status
                    .info(format!("Exported {name} to {shown} (Ctrl+E exports again)"));
                self.export.last = Some(LastExport { settings, path });
            }
            Err(e) => self.status.error(e),
        }
    }

    /// The image as the PNG export would draw it, onto the system clipboard.
    fn copy_image(&mut self, ctx: &Context) {
        let mut settings = self.export.settings.clone();
        settings.format = Format::Png;
        let options = settings.options(self.visible_scene_rect(), self.look().today);
        match render_image(self.shown_map(), &options) {
            Ok(image) => {
                let [w, h] = image.size;
                ctx.copy_image(image);
                self.status.info(format!(
                    "Copied a {w} x {h} px image of the map to the clipboard"
                ));
            }
            Err(e) => self
                .status
                .error(format!("Could not copy the map image: {e}")),
        }
    }

    /// What the canvas shows, in scene units; `None` before it was first drawn.
    fn visible_scene_rect(&self) -> Option<scene::Rect> {
        let canvas = self.canvas.rect;
        let shown = canvas
            .is_positive()
            .then(|| self.canvas.view.visible(canvas))?;
        (shown.width() > 0.0 && shown.height() > 0.0).then_some(shown)
    }

    /// The preview, re-rendered in the background only when the options or the map
    /// change; the previous one stays up meanwhile.
    fn preview_ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        // Rendered at the screen's pixel density, so the preview is sharp.
        let ppp = ctx.pixels_per_point();
        let key = self.preview_key(ppp);
        self.collect_preview(&ctx);
        let current = self.export.preview.as_ref().is_some_and(|p| p.key == key);
        if !current && self.export.rendering.is_none() {
            self.export.rendering = Some(start_rendering(self.shown_map().clone(), key));
        }
        if self.export.rendering.is_some() {
            ctx.request_repaint_after(Duration::from_millis(30));
        }
        match self.export.preview.as_ref().map(|p| &p.image) {
            Some(Ok(texture)) => {
                let size = texture.size_vec2() / ppp;
                let image = egui::Image::new(texture).fit_to_exact_size(size);
                ui.add(image.alt_text("Export preview"));
            }
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            // No spinner: it would repaint every frame; the wait is short.
            None => {
                ui.weak("Rendering the preview\u{2026}");
            }
        }
    }

    /// The export options scaled down to the preview's size.
    fn preview_key(&self, ppp: f32) -> PreviewKey {
        let settings = &self.export.settings;
        let mut options = settings.options(self.visible_scene_rect(), self.look().today);
        let (w, h) = settings.pixels();
        options.scale = ppp * (PREVIEW_SIZE.x / w as f32).min(PREVIEW_SIZE.y / h as f32);
        (options, self.doc.revision())
    }

    /// Shows a finished background rendering.
    fn collect_preview(&mut self, ctx: &Context) {
        let received = match self.export.rendering.as_ref().map(|r| r.result.try_recv()) {
            None | Some(Err(TryRecvError::Empty)) => return,
            Some(Ok(image)) => image,
            Some(Err(TryRecvError::Disconnected)) => Err("the renderer stopped".to_string()),
        };
        let Some(done) = self.export.rendering.take() else {
            return;
        };
        let image = received
            .map(|image| ctx.load_texture("export preview", image, TextureOptions::LINEAR))
            .map_err(|e| format!("No preview: {e}"));
        self.export.preview = Some(Preview {
            key: done.key,
            image,
        });
    }
}

/// Renders the preview of `key` on its own thread.
fn start_rendering(map: Map, key: PreviewKey) -> Rendering {
    let (send, result) = mpsc::channel();
    let options = key.0.clone();
    let spawned = std::thread::Builder::new()
        .name("export preview".into())
        .spawn(move || {
            // The window may have closed meanwhile: then nobody waits for the result.
            let _ = send.send(render_image(&map, &options));
        });
    if let Err(e) = spawned {
        // `result` then reports a disconnected channel; say why instead.
        let (send, result) = mpsc::channel();
        let _ = send.send(Err(format!("cannot start the renderer: {e}")));
        return Rendering { key, result };
    }
    Rendering { key, result }
}

/// The map as a PNG from the exporter, decoded for egui.
fn render_image(map: &Map, options: &ExportOptions) -> Result<ColorImage, String> {
    let png = export::export(map, Format::Png, options).map_err(|e| e.to_string())?;
    let pixmap = Pixmap::decode_png(&png).map_err(|e| e.to_string())?;
    let size = [pixmap.width() as usize, pixmap.height() as usize];
    Ok(ColorImage::from_rgba_premultiplied(size, pixmap.data()))
}

enum Action {
    ToFile,
    CopyImage,
    Close,
}

fn actions_ui(ui: &mut Ui) -> Option<Action> {
    ui.horizontal(|ui| {
        if ui.button("Export to file\u{2026}").clicked() {
            return Some(Action::ToFile);
        }
        let copy = ui
            .button("Copy image")
            .on_hover_text("The map as an image (these options, as PNG pixels) on the clipboard, to paste into slides");
        if copy.clicked() {
            return Some(Action::CopyImage);
        }
        ui.button("Close").clicked().then_some(Action::Close)
    })
    .inner
}

fn settings_ui(ui: &mut Ui, s: &mut ExportSettings) {
    egui::Grid::new("export options")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            ui.label("Format");
            ui.horizontal(|ui| {
                for (format, label) in [
                    (Format::Png, "PNG"),
                    (Format::Svg, "SVG"),
                    (Format::Pdf, "PDF"),
                    (Format::Html, "HTML (interactive)"),
                    (Format::Owm, "OWM text"),
                ] {
                    ui.radio_value(&mut s.format, format, label);
                }
            });
            ui.end_row();
            ui.label("Size");
            size_ui(ui, s);
            ui.end_row();
            ui.label("Theme");
            ui.horizontal(|ui| {
                ui.radio_value(&mut s.theme, Theme::Light, "Light");
                ui.radio_value(&mut s.theme, Theme::Print, "Print (greyscale)");
            });
            ui.end_row();
            ui.label("Colour by");
            ui.horizontal(|ui| {
                for option in ColourBy::ALL {
                    ui.radio_value(&mut s.colour_by, option, option.label());
                }
            })
            .response
            .on_hover_text("The same as the canvas; outlines always show status");
            ui.end_row();
            ui.label("Background");
            ui.add_enabled_ui(s.format != Format::Pdf, |ui| {
                ui.horizontal(|ui| {
                    ui.radio_value(&mut s.transparent, false, "White");
                    ui.radio_value(&mut s.transparent, true, "Transparent");
                })
                .response
                .on_disabled_hover_text("PDF pages are white");
            });
            ui.end_row();
            ui.label("Area");
            ui.horizontal(|ui| {
                ui.radio_value(&mut s.current_view, false, "Fit to map");
                ui.radio_value(&mut s.current_view, true, "Current view")
                    .on_hover_text("What the canvas shows, enlarged to fill the page between the title and the legend");
            });
            ui.end_row();
            ui.label("Frame");
            frame_ui(ui, s);
            ui.end_row();
        });
}

fn size_ui(ui: &mut Ui, s: &mut ExportSettings) {
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            ui.radio_value(&mut s.size, SizeChoice::A4, "A4 landscape");
            ui.radio_value(&mut s.size, SizeChoice::A3, "A3 landscape");
            ui.radio_value(&mut s.size, SizeChoice::Pixels, "Pixels");
        });
        if s.size == SizeChoice::Pixels {
            ui.horizontal(|ui| {
                ui.add(
                    DragValue::new(&mut s.width)
                        .range(1..=MAX_SIDE)
                        .suffix(" px"),
                )
                .labelled_by(ui.label("Width").id);
                ui.add(
                    DragValue::new(&mut s.height)
                        .range(1..=MAX_SIDE)
                        .suffix(" px"),
                )
                .labelled_by(ui.label("Height").id);
            });
        } else {
            let (w, h) = s.pixels();
            ui.weak(format!("{w} x {h} px at 300 dpi"));
        }
    });
}

fn frame_ui(ui: &mut Ui, s: &mut ExportSettings) {
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            let check = ui.checkbox(&mut s.subtitle_on, "Subtitle");
            ui.add_enabled(
                s.subtitle_on,
                egui::TextEdit::singleline(&mut s.subtitle)
                    .hint_text(DEFAULT_SUBTITLE)
                    .desired_width(220.0),
            )
            .labelled_by(check.id);
        });
        ui.checkbox(&mut s.summary, "Summary table (counts by status)");
        ui.checkbox(&mut s.board_summary, "Board summary")
            .on_hover_text("Top 10 risks by expected loss, the estate's loss and its curve");
        ui.weak("Title, date and legend are always shown");
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::{Point, Rect};

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    }

    #[test]
    fn options_follow_the_settings() {
        let view = Rect::from_min_size(Point::new(10.0, 20.0), 300.0, 200.0);
        let mut s = ExportSettings {
            format: Format::Svg,
            transparent: true,
            subtitle_on: true,
            summary: true,
            board_summary: true,
            ..ExportSettings::default()
        };
        let o = s.options(Some(view), day());
        assert_eq!(o.background, Background::Transparent);
        assert_eq!(o.view, View::Fit);
        assert_eq!(o.size, Size::Paper(Paper::A4));
        assert_eq!(o.scene.frame.subtitle.as_deref(), Some(DEFAULT_SUBTITLE));
        assert!(o.scene.frame.summary && o.scene.frame.legend && o.scene.frame.title_block);
        assert!(o.scene.frame.board_summary);
        assert_eq!(o.scene.colour_by, ColourBy::Status);
        assert_eq!(o.scene.today, Some(day()));

        s.format = Format::Pdf;
        s.current_view = true;
        s.size = SizeChoice::Pixels;
        let o = s.options(Some(view), day());
        assert_eq!(o.background, Background::White, "PDF pages are white");
        assert_eq!(o.view, View::Rect(view));
        assert_eq!(
            o.size,
            Size::Pixels {
                width: Some(1600),
                height: Some(1000)
            }
        );
        assert_eq!(s.options(None, day()).view, View::Fit, "no canvas yet: fit");
    }
}

//! Open and Save As dialogs behind a trait: native ones through `rfd` (the xdg desktop
//! portal on Linux, falling back to zenity as rfd does), scripted ones in tests. Where
//! no native dialog can open, the app falls back to its own in-app chooser.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The file dialogs the app needs. `None` means the user cancelled, unless
/// [`unavailable`](Self::unavailable) says no dialog could be shown at all.
pub trait FileDialogs {
    /// The last request found no dialog to show (no portal, zenity or kdialog): the
    /// app asks with its in-app chooser instead. Never a cancel.
    fn unavailable(&self) -> bool {
        false
    }

    /// Asks for a map to open, starting in `start_dir` when given.
    fn pick_map(&mut self, start_dir: Option<&Path>) -> Option<PathBuf>;
    /// Asks for a file to import (an asset register or OWM text); by default the Open
    /// question, native dialogs filter by the importable extensions.
    fn pick_import(&mut self, start_dir: Option<&Path>) -> Option<PathBuf> {
        self.pick_map(start_dir)
    }
    /// Asks where to save, offering `suggested_name` in `start_dir`. The dialog itself
    /// asks before replacing an existing file.
    fn pick_save_path(&mut self, suggested_name: &str, start_dir: Option<&Path>)
    -> Option<PathBuf>;
    /// Asks where to write an export in the format with extension `ext` (e.g. "png").
    /// By default this is the Save As question; native dialogs filter by `ext`.
    fn pick_export_path(
        &mut self,
        suggested_name: &str,
        start_dir: Option<&Path>,
        ext: &str,
    ) -> Option<PathBuf> {
        let _ = ext;
        self.pick_save_path(suggested_name, start_dir)
    }
}

/// Save As for a map titled `title`, currently at `current` (if saved before): suggests
/// a name from the title in the current file's folder, and makes sure the answer ends
/// in `.json`.
pub fn ask_save_path(
    dialogs: &mut dyn FileDialogs,
    title: &str,
    current: Option<&Path>,
) -> Option<PathBuf> {
    let start_dir = current.and_then(Path::parent);
    let chosen = dialogs.pick_save_path(&suggested_file_name(title), start_dir)?;
    Some(with_json_extension(chosen))
}

/// Export as a file ending in `ext`: suggests a name from the map title in `start_dir`,
/// and makes sure the answer ends in `.ext`.
pub fn ask_export_path(
    dialogs: &mut dyn FileDialogs,
    title: &str,
    ext: &str,
    start_dir: Option<&Path>,
) -> Option<PathBuf> {
    let name = format!("{}.{ext}", file_stem_of(title));
    let chosen = dialogs.pick_export_path(&name, start_dir, ext)?;
    Some(with_extension(chosen, ext))
}

/// Open, starting in the current map's folder.
pub fn ask_open_path(dialogs: &mut dyn FileDialogs, current: Option<&Path>) -> Option<PathBuf> {
    dialogs.pick_map(current.and_then(Path::parent))
}

/// A file name from a map title: characters that no platform allows in a file name
/// become `-`, and the name ends in `.json`.
pub fn suggested_file_name(title: &str) -> String {
    format!("{}.json", file_stem_of(title))
}

/// A file name without extension from a map title (see [`suggested_file_name`]).
fn file_stem_of(title: &str) -> String {
    const NOT_IN_FILE_NAMES: &[char] = &['/', '\\', ':', '*', '?', '"', '<', '>', '|'];
    let cleaned: String = title
        .chars()
        .map(|c| {
            if c.is_control() || NOT_IN_FILE_NAMES.contains(&c) {
                '-'
            } else {
                c
            }
        })
        .take(100)
        .collect();
    // Windows drops trailing dots and spaces; a leading dot hides the file on Unix.
    let trimmed = cleaned.trim().trim_matches('.').trim();
    let stem = if trimmed.is_empty() {
        "Untitled map"
    } else {
        trimmed
    };
    stem.to_string()
}

/// `stroke` -> `stroke.json`; a name already ending in `.json` (any case) is kept.
pub fn with_json_extension(path: PathBuf) -> PathBuf {
    with_extension(path, "json")
}

/// `stroke` -> `stroke.EXT`; a name already ending in `.EXT` (any case) is kept.
pub fn with_extension(path: PathBuf, ext: &str) -> PathBuf {
    let has_it = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext));
    if has_it {
        return path;
    }
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(ext);
    path.with_file_name(name)
}

/// The platform's own dialogs. They block the calling (UI) thread while open.
#[derive(Clone, Copy, Debug, Default)]
pub struct NativeDialogs {
    unavailable: bool,
}

/// Faster than anyone can press Cancel: a dialog that could not open.
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(150);

/// Whether a native dialog can open here at all. On Linux rfd needs the desktop portal
/// (over the session bus) or zenity or kdialog.
fn native_dialog_possible() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let on_path = |program: &str| {
        std::env::var_os("PATH")
            .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
    };
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || on_path("zenity")
        || on_path("kdialog")
}

impl NativeDialogs {
    /// Runs a native dialog, noting when none could be shown.
    fn ask(&mut self, dialog: impl FnOnce() -> Option<PathBuf>) -> Option<PathBuf> {
        if !native_dialog_possible() {
            self.unavailable = true;
            return None;
        }
        let started = Instant::now();
        let answer = dialog();
        self.unavailable = answer.is_none() && started.elapsed() < NO_DIALOG_WITHIN;
        answer
    }

    fn dialog(title: &str, start_dir: Option<&Path>) -> rfd::FileDialog {
        let dialog = rfd::FileDialog::new()
            .set_title(title)
            .add_filter("Estate Map (*.json)", &["json"]);
        match start_dir {
            Some(dir) => dialog.set_directory(dir),
            None => dialog,
        }
    }
}

impl FileDialogs for NativeDialogs {
    fn unavailable(&self) -> bool {
        self.unavailable
    }

    fn pick_map(&mut self, start_dir: Option<&Path>) -> Option<PathBuf> {
        self.ask(|| Self::dialog("Open map", start_dir).pick_file())
    }

    fn pick_import(&mut self, start_dir: Option<&Path>) -> Option<PathBuf> {
        let dialog = rfd::FileDialog::new().set_title("Import").add_filter(
            "Asset register or OWM (*.csv, *.xlsx, *.owm, *.wm)",
            &[
                "csv", "tsv", "xlsx", "xlsm", "xls", "ods", "owm", "wm", "txt",
            ],
        );
        let dialog = match start_dir {
            Some(dir) => dialog.set_directory(dir),
            None => dialog,
        };
        self.ask(|| dialog.pick_file())
    }

    fn pick_save_path(
        &mut self,
        suggested_name: &str,
        start_dir: Option<&Path>,
    ) -> Option<PathBuf> {
        self.ask(|| {
            Self::dialog("Save map as", start_dir)
                .set_file_name(suggested_name)
                .set_can_create_directories(true)
                .save_file()
        })
    }

    fn pick_export_path(
        &mut self,
        suggested_name: &str,
        start_dir: Option<&Path>,
        ext: &str,
    ) -> Option<PathBuf> {
        let filter = format!("{} image (*.{ext})", ext.to_ascii_uppercase());
        let dialog = rfd::FileDialog::new()
            .set_title("Export map")
            .add_filter(filter, &[ext])
            .set_file_name(suggested_name)
            .set_can_create_directories(true);
        let dialog = match start_dir {
            Some(dir) => dialog.set_directory(dir),
            None => dialog,
        };
        self.ask(|| dialog.save_file())
    }
}

/// A desktop with no native dialog (tests, locked-down machines): every request finds
/// none, so the app uses its in-app chooser.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoNativeDialogs;

impl FileDialogs for NoNativeDialogs {
    fn unavailable(&self) -> bool {
        true
    }

    fn pick_map(&mut self, _start_dir: Option<&Path>) -> Option<PathBuf> {
        None
    }

    fn pick_save_path(&mut self, _name: &str, _start_dir: Option<&Path>) -> Option<PathBuf> {
        None
    }
}

/// What the app asked a [`ScriptedDialogs`], for tests to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DialogRequest {
    Open {
        start_dir: Option<PathBuf>,
    },
    SaveAs {
        suggested_name: String,
        start_dir: Option<PathBuf>,
    },
}

/// Dialogs that answer from a script: each request takes the next answer in order
/// (`None` = the user cancelled; an empty script cancels too) and is recorded.
#[derive(Clone, Debug, Default)]
pub struct ScriptedDialogs {
    answers: VecDeque<Option<PathBuf>>,
    pub requests: Vec<DialogRequest>,
}

impl ScriptedDialogs {
    pub fn new(answers: impl IntoIterator<Item = Option<PathBuf>>) -> Self {
        Self {
            answers: answers.into_iter().collect(),
            requests: Vec::new(),
        }
    }

    /// Adds the answer to a later request.
    pub fn push_answer(&mut self, answer: Option<PathBuf>) {
        self.answers.push_back(answer);
    }

    fn next_answer(&mut self) -> Option<PathBuf> {
        self.answers.pop_front().flatten()
    }
}

impl FileDialogs for ScriptedDialogs {
    fn pick_map(&mut self, start_dir: Option<&Path>) -> Option<PathBuf> {
        self.requests.push(DialogRequest::Open {
            start_dir: start_dir.map(Path::to_path_buf),
        });
        self.next_answer()
    }

    fn pick_save_path(
        &mut self,
        suggested_name: &str,
        start_dir: Option<&Path>,
    ) -> Option<PathBuf> {
        self.requests.push(DialogRequest::SaveAs {
            suggested_name: suggested_name.to_string(),
            start_dir: start_dir.map(Path::to_path_buf),
        });
        self.next_answer()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_names_come_from_the_title() {
        assert_eq!(
            suggested_file_name("Stroke pathway 2026"),
            "Stroke pathway 2026.json"
        );
        assert_eq!(
            suggested_file_name("A&E / Urgent care: v2?"),
            "A&E - Urgent care- v2-.json"
        );
        assert_eq!(suggested_file_name("  ..  "), "Untitled map.json");
        assert_eq!(suggested_file_name("line\nbreak"), "line-break.json");
        assert!(suggested_file_name(&"x".repeat(500)).len() <= 105);
    }

    #[test]
    fn save_as_suggests_a_name_in_the_current_folder_and_adds_json() {
        let mut dialogs = ScriptedDialogs::new([Some(PathBuf::from("/maps/renamed"))]);
        let chosen = ask_save_path(&mut dialogs, "Stroke", Some(Path::new("/maps/old.json")));
        assert_eq!(chosen, Some(PathBuf::from("/maps/renamed.json")));
        assert_eq!(
            dialogs.requests,
            [DialogRequest::SaveAs {
                suggested_name: "Stroke.json".into(),
                start_dir: Some(PathBuf::from("/maps")),
            }]
        );
    }

    #[test]
    fn export_suggests_the_title_with_the_format_extension() {
        let mut dialogs = ScriptedDialogs::new([Some(PathBuf::from("/out/board"))]);
        let chosen = ask_export_path(&mut dialogs, "Ward: v2", "svg", Some(Path::new("/out")));
        assert_eq!(chosen, Some(PathBuf::from("/out/board.svg")));
        assert_eq!(
            dialogs.requests,
            [DialogRequest::SaveAs {
                suggested_name: "Ward- v2.svg".into(),
                start_dir: Some(PathBuf::from("/out")),
            }]
        );
        assert_eq!(
            with_extension(PathBuf::from("/o/a.PDF"), "pdf"),
            PathBuf::from("/o/a.PDF")
        );
    }

    #[test]
    fn json_extension_is_kept_in_any_case() {
        assert_eq!(
            with_json_extension(PathBuf::from("/m/A.JSON")),
            PathBuf::from("/m/A.JSON")
        );
        assert_eq!(
            with_json_extension(PathBuf::from("/m/a.v2")),
            PathBuf::from("/m/a.v2.json")
        );
    }

    #[test]
    fn answers_are_given_in_order_and_cancel_when_used_up() {
        let mut dialogs = ScriptedDialogs::new([None, Some(PathBuf::from("/m/a.json"))]);
        assert_eq!(ask_open_path(&mut dialogs, None), None);
        assert_eq!(
            ask_open_path(&mut dialogs, Some(Path::new("/m/b.json"))),
            Some(PathBuf::from("/m/a.json"))
        );
        assert_eq!(ask_save_path(&mut dialogs, "t", None), None);
        assert_eq!(dialogs.requests.len(), 3);
        assert_eq!(
            dialogs.requests[1],
            DialogRequest::Open {
                start_dir: Some(PathBuf::from("/m"))
            }
        );
    }
}

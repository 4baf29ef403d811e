//! The recent-maps list: the last [`RECENT_LIMIT`] maps opened or saved, most recent
//! first, one entry per file however it was reached. Stored as JSON in the config folder;
//! a damaged list is set aside with a warning, never an error that stops the app.

use crate::model::{SaveError, write_atomically};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub const RECENT_LIMIT: usize = 10;

/// One remembered map, as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecentEntry {
    /// Canonical (absolute, links resolved) when the file existed at the time.
    pub path: PathBuf,
    /// The map's title when last opened or saved, for the start screen.
    pub title: String,
    pub last_used: DateTime<Utc>,
}

/// An entry with whether its file is still there, for greying out missing maps.
#[derive(Clone, Debug, PartialEq)]
pub struct RecentItem {
    pub entry: RecentEntry,
    pub missing: bool,
}

#[derive(Serialize, Deserialize)]
struct RecentFile {
    version: u32,
    maps: Vec<RecentEntry>,
}

const RECENT_FILE_VERSION: u32 = 1;

/// The recent list and where it is kept.
#[derive(Debug)]
pub struct RecentMaps {
    store: PathBuf,
    entries: Vec<RecentEntry>,
}

impl RecentMaps {
    /// Reads the list kept at `store` (see [`super::AppDirs::recent_file`]). A missing
    /// list is empty; an unreadable or damaged one is empty too, with a warning to show.
    pub fn load(store: &Path) -> (Self, Option<String>) {
        let (entries, warning) = match read_entries(store) {
            Ok(entries) => (entries, None),
            Err(problem) => (
                Vec::new(),
                Some(format!(
                    "The recent maps list {} could not be read and was reset: {problem}",
                    store.display()
                )),
            ),
        };
        let list = Self {
            store: store.to_path_buf(),
            entries: tidy(entries),
        };
        (list, warning)
    }

    /// The entries, most recent first, each checked for whether its file still exists.
    pub fn items(&self) -> Vec<RecentItem> {
        self.entries
            .iter()
            .map(|entry| RecentItem {
                missing: !entry.path.is_file(),
                entry: entry.clone(),
            })
            .collect()
    }

    /// Puts `path` at the top (call after every successful open or save) and writes the list.
    pub fn note_used(&mut self, path: &Path, title: &str) -> Result<(), SaveError> {
        self.note_used_at(path, title, crate::model::now())
    }

    fn note_used_at(
        &mut self,
        path: &Path,
        title: &str,
        when: DateTime<Utc>,
    ) -> Result<(), SaveError> {
        self.merge_from_disk();
        let path = canonical(path);
        self.entries.retain(|e| e.path != path);
        self.entries.insert(
            0,
            RecentEntry {
                path,
                title: title.to_string(),
                last_used: when,
            },
        );
        self.entries.truncate(RECENT_LIMIT);
        self.write()
    }

    /// Forgets one map (the user removed it from the list).
    pub fn remove(&mut self, path: &Path) -> Result<(), SaveError> {
        self.merge_from_disk();
        let canonical = canonical(path);
        self.entries
            .retain(|e| e.path != path && e.path != canonical);
        self.write()
    }

    /// Forgets every map whose file no longer exists.
    pub fn remove_missing(&mut self) -> Result<(), SaveError> {
        self.merge_from_disk();
        self.entries.retain(|e| e.path.is_file());
        self.write()
    }

    /// Another window may have changed the list since we read it: start from its copy
    /// so that neither window's additions are lost. A damaged copy is overwritten.
    fn merge_from_disk(&mut self) {
        if let Ok(entries) = read_entries(&self.store) {
            self.entries = tidy(entries);
        }
    }

    fn write(&self) -> Result<(), SaveError> {
        let file = RecentFile {
            version: RECENT_FILE_VERSION,
            maps: self.entries.clone(),
        };
        let bytes = serde_json::to_vec_pretty(&file).expect("the recent list always serialises");
        create_parent(&self.store)?;
        write_atomically(&self.store, &bytes, false)
    }
}

/// The stored entries; a missing file is an empty list, anything else wrong is an error.
fn read_entries(store: &Path) -> Result<Vec<RecentEntry>, String> {
    let bytes = match fs::read(store) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.to_string()),
    };
    let file: RecentFile = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    if file.version > RECENT_FILE_VERSION {
        return Err(format!(
            "it was written by a newer Estate Map (list version {})",
            file.version
        ));
    }
    Ok(file.maps)
}

/// Most recent first, one entry per file, at most [`RECENT_LIMIT`]: whatever the file held.
fn tidy(mut entries: Vec<RecentEntry>) -> Vec<RecentEntry> {
    entries.sort_by_key(|e| std::cmp::Reverse(e.last_used));
    let mut seen = std::collections::HashSet::new();
    entries.retain(|e| seen.insert(e.path.clone()));
    entries.truncate(RECENT_LIMIT);
    entries
}

/// The same file reached by `./a.json`, `../x/a.json` or a link gives one path. A file
/// that does not exist (any more) keeps an absolute form of the path given.
fn canonical(path: &Path) -> PathBuf {
    fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

fn create_parent(path: &Path) -> Result<(), SaveError> {
    let Some(dir) = path.parent() else {
        return Ok(());
    };
    fs::create_dir_all(dir).map_err(|source| SaveError {
        path: path.to_path_buf(),
        stage: format!("cannot create the folder {}", dir.display()),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use tempfile::TempDir;

    struct Fixture {
        dir: TempDir,
        store: PathBuf,
    }

    impl Fixture {
        fn new() -> Self {
            let dir = TempDir::new().unwrap();
            let store = dir.path().join("config").join("recent.json");
            Self { dir, store }
        }

        /// Creates a map file (content does not matter to the list) and returns its path.
        fn map_file(&self, name: &str) -> PathBuf {
            let path = self.dir.path().join(name);
            fs::write(&path, b"{}").unwrap();
            path
        }

        fn load(&self) -> RecentMaps {
            let (list, warning) = RecentMaps::load(&self.store);
            assert_eq!(warning, None);
            list
        }
    }

    fn at(second: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, second).unwrap()
    }

    fn titles(list: &RecentMaps) -> Vec<String> {
        list.items().into_iter().map(|i| i.entry.title).collect()
    }

    #[test]
    fn most_recent_first_and_survives_a_restart() {
        let fx = Fixture::new();
        let mut list = fx.load();
        for (i, name) in ["a", "b", "c"].iter().enumerate() {
            let path = fx.map_file(&format!("{name}.json"));
            list.note_used_at(&path, name, at(i as u32)).unwrap();
        }
        assert_eq!(titles(&list), ["c", "b", "a"]);
        assert_eq!(titles(&fx.load()), ["c", "b", "a"]);
    }

    #[test]
    fn reopening_moves_a_map_to_the_top_without_duplicating_it() {
        let fx = Fixture::new();
        let a = fx.map_file("a.json");
        let b = fx.map_file("b.json");
        let mut list = fx.load();
        list.note_used_at(&a, "a", at(0)).unwrap();
        list.note_used_at(&b, "b", at(1)).unwrap();
        // The same file by another spelling of its path.
        let a_again = fx
            .dir
            .path()
            .join(".")
            .join("config")
            .join("..")
            .join("a.json");
        list.note_used_at(&a_again, "a renamed", at(2)).unwrap();
        assert_eq!(titles(&list), ["a renamed", "b"]);
    }

    #[test]
    fn keeps_only_the_last_ten() {
        let fx = Fixture::new();
        let mut list = fx.load();
        for i in 0..(RECENT_LIMIT as u32 + 3) {
            let path = fx.map_file(&format!("m{i}.json"));
            list.note_used_at(&path, &format!("m{i}"), at(i)).unwrap();
        }
        let got = titles(&fx.load());
        assert_eq!(got.len(), RECENT_LIMIT);
        assert_eq!(got.first().map(String::as_str), Some("m12"));
        assert_eq!(got.last().map(String::as_str), Some("m3"));
    }

    #[test]
    fn missing_files_are_reported_and_can_be_removed() {
        let fx = Fixture::new();
        let kept = fx.map_file("kept.json");
        let gone = fx.map_file("gone.json");
        let mut list = fx.load();
        list.note_used_at(&kept, "kept", at(0)).unwrap();
        list.note_used_at(&gone, "gone", at(1)).unwrap();
        fs::remove_file(&gone).unwrap();

        let missing: Vec<_> = list.items().iter().map(|i| i.missing).collect();
        assert_eq!(missing, [true, false]);

        list.remove_missing().unwrap();
        assert_eq!(titles(&fx.load()), ["kept"]);
    }

    #[test]
    fn one_entry_can_be_removed_even_after_its_file_is_gone() {
        let fx = Fixture::new();
        let a = fx.map_file("a.json");
        let b = fx.map_file("b.json");
        let mut list = fx.load();
        list.note_used_at(&a, "a", at(0)).unwrap();
        list.note_used_at(&b, "b", at(1)).unwrap();
        fs::remove_file(&a).unwrap();
        let stored_path = list.items()[1].entry.path.clone();
        list.remove(&stored_path).unwrap();
        assert_eq!(titles(&fx.load()), ["b"]);
    }

    #[test]
    fn a_corrupt_list_is_reset_with_a_warning() {
        let fx = Fixture::new();
        fs::create_dir_all(fx.store.parent().unwrap()).unwrap();
        fs::write(&fx.store, b"{ \"version\": 1, \"maps\": [ {").unwrap();
        let (mut list, warning) = RecentMaps::load(&fx.store);
        let warning = warning.expect("a warning for the damaged list");
        assert!(warning.contains("recent.json"), "{warning}");
        assert!(list.items().is_empty());

        let a = fx.map_file("a.json");
        list.note_used_at(&a, "a", at(0)).unwrap();
        assert_eq!(titles(&fx.load()), ["a"]);
    }

    #[test]
    fn a_list_from_a_newer_app_is_not_misread() {
        let fx = Fixture::new();
        fs::create_dir_all(fx.store.parent().unwrap()).unwrap();
        fs::write(&fx.store, br#"{"version": 99, "maps": []}"#).unwrap();
        let (_, warning) = RecentMaps::load(&fx.store);
        assert!(warning.unwrap().contains("newer"));
    }

    #[test]
    fn two_windows_do_not_lose_each_others_entries() {
        let fx = Fixture::new();
        let a = fx.map_file("a.json");
        let b = fx.map_file("b.json");
        let mut first = fx.load();
        let mut second = fx.load();
        first.note_used_at(&a, "a", at(0)).unwrap();
        second.note_used_at(&b, "b", at(1)).unwrap();
        assert_eq!(titles(&fx.load()), ["b", "a"]);
    }

    #[test]
    fn a_hand_edited_list_is_tidied_on_load() {
        let fx = Fixture::new();
        let entry = |title: &str, second| RecentEntry {
            path: PathBuf::from("/maps/same.json"),
            title: title.into(),
            last_used: at(second),
        };
        let file = RecentFile {
            version: 1,
            maps: vec![entry("older", 1), entry("newer", 5)],
        };
        fs::create_dir_all(fx.store.parent().unwrap()).unwrap();
        fs::write(&fx.store, serde_json::to_vec(&file).unwrap()).unwrap();
        assert_eq!(titles(&fx.load()), ["newer"]);
    }

    #[test]
    fn an_unwritable_config_folder_is_an_error_not_a_panic() {
        let fx = Fixture::new();
        // A file where the config folder should be.
        fs::write(fx.dir.path().join("config"), b"").unwrap();
        let a = fx.map_file("a.json");
        let (mut list, _) = RecentMaps::load(&fx.store);
        let err = list.note_used_at(&a, "a", at(0)).unwrap_err();
        assert!(err.to_string().contains("config"), "{err}");
    }
}

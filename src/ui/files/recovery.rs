//! Crash recovery: while a map has unsaved changes the app writes a recovery copy to its
//! own data folder (never over the user's file), and at the next start offers any copy a
//! crash or kill left behind.
//!
//! A recovery copy is itself a valid Estate Map file (so `estate-map check` reads it and
//! nothing is lost if this app version cannot) with one extra top-level field,
//! [`META_FIELD`], saying which file it recovers, when it was written and after how many
//! edits. Its name ties it to that file: `<stem>-<hash of the path>.json`, or
//! `untitled-<session>.json` for a map never saved.

use super::session::{self, Session};
use crate::model::{FileLoadError, Map, SaveError, load_file, to_json_bytes, write_atomically};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};
use thiserror::Error;

/// The top-level field holding [`RecoveryMeta`] in a recovery copy.
pub const META_FIELD: &str = "estate_map_recovery";

/// What a recovery copy says about itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecoveryMeta {
    /// The file the map was opened from or last saved to; `None` for an untitled map.
    pub original: Option<PathBuf>,
    pub title: String,
    pub written: DateTime<Utc>,
    /// Edits made in the session when the copy was written.
    pub edits: u64,
    /// The app session that wrote it; while that session runs, other windows leave
    /// the copy alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

/// A recovery copy found on disk.
#[derive(Clone, Debug, PartialEq)]
pub struct RecoveryCopy {
    /// The recovery file itself (in the app's data folder).
    pub path: PathBuf,
    pub meta: RecoveryMeta,
}

impl RecoveryCopy {
    /// The original was changed after this copy was written (saved by another window, or
    /// a synced edit): restoring would bring back older work, so the app should say so.
    pub fn original_is_newer(&self) -> bool {
        let Some(original) = &self.meta.original else {
            return false;
        };
        fs::metadata(original)
            .and_then(|m| m.modified())
            .map(|modified| DateTime::<Utc>::from(modified) > self.meta.written)
            .unwrap_or(false)
    }
}

#[derive(Debug, Error)]
pub enum RecoveryError {
    #[error("could not write the recovery copy: {0}")]
    Write(#[from] SaveError),
    #[error("the recovery copy cannot be opened: {0}")]
    Load(#[from] FileLoadError),
    #[error("{}: not a recovery copy: {reason}", path.display())]
    NotRecovery { path: PathBuf, reason: String },
    #[error("the recovery copy was not written: the writing thread failed")]
    WriterPanicked,
    #[error("could not remove the recovery copy {}: {source}", path.display())]
    Remove {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

/// Which recovery file a session writes to. Keep one per open map: it changes only when
/// the map gets a (new) file, i.e. after Save As.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoverySlot {
    name: String,
    original: Option<PathBuf>,
    /// The file name also carries the writing session, so two windows on one file keep
    /// a copy each.
    per_session: bool,
}

impl RecoverySlot {
    /// The slot for a map opened from or saved to `original`: named after the file,
    /// and after the session writing it (see `RecoveryStore::path_of`).
    pub fn for_file(original: &Path) -> Self {
        let original = fs::canonicalize(original)
            .or_else(|_| std::path::absolute(original))
            .unwrap_or_else(|_| original.to_path_buf());
        let stem = original
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let hash = super::fnv1a(original.as_os_str().as_encoded_bytes());
        Self {
            name: format!("{}-{hash:016x}", safe_name(&stem)),
            original: Some(original),
            per_session: true,
        }
    }

    /// A slot for a map not yet saved, unique to it: creation time, process and a count.
    pub fn untitled() -> Self {
        static CREATED: AtomicU64 = AtomicU64::new(0);
        let started = Utc::now().format("%Y%m%dT%H%M%S");
        let pid = std::process::id();
        let count = CREATED.fetch_add(1, Ordering::Relaxed);
        Self {
            name: format!("untitled-{started}-{pid}-{count}"),
            original: None,
            per_session: false,
        }
    }

    /// The slot a restored copy keeps writing to: that very file.
    pub fn of_copy(copy: &RecoveryCopy) -> Self {
        let name = copy
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Self {
            name,
            original: copy.meta.original.clone(),
            per_session: false,
        }
    }

    pub fn original(&self) -> Option<&Path> {
        self.original.as_deref()
    }
}

/// The folder of recovery copies (see [`super::AppDirs::recovery_dir`]).
#[derive(Clone, Debug)]
pub struct RecoveryStore {
    dir: PathBuf,
    /// This app's session, when claimed: its copies are marked with it.
    session: Option<Arc<Session>>,
}

impl RecoveryStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            session: None,
        }
    }

    /// Claims a session for this app (see [`Session`]): the copies it writes are not
    /// offered to other windows while it runs.
    pub fn with_session(mut self) -> Self {
        self.session = Session::claim(&self.sessions_dir()).map(Arc::new);
        self
    }

    fn sessions_dir(&self) -> PathBuf {
        self.dir.join("sessions")
    }

    /// `<slot>.json`, or `<slot>-<session>.json` for a file's slot once this app has a
    /// session: two windows on one file then never overwrite each other's copy.
    pub fn path_of(&self, slot: &RecoverySlot) -> PathBuf {
        self.writer().path_of(slot)
    }

    /// What a write needs, without the session's guard: a write still finishing on
    /// another thread must not keep a closed (or killed) window's session alive.
    fn writer(&self) -> CopyWriter {
        CopyWriter {
            dir: self.dir.clone(),
            session: self.session.as_ref().map(|s| s.id().to_string()),
        }
    }

    /// Writes (atomically, replacing the slot's previous copy) a recovery copy of `map`.
    pub fn write(
        &self,
        slot: &RecoverySlot,
        map: &Map,
        edits: u64,
    ) -> Result<RecoveryCopy, RecoveryError> {
        self.writer().write(slot, map.clone(), edits)
    }

    /// [`write`](Self::write) on another thread, so a large map does not stall a frame
    /// (about 250 ms for 10,000 components in a debug build). Poll the result each frame;
    /// wait for it before removing the slot's copy after a save, or the late write would
    /// leave a stale copy behind.
    pub fn write_in_background(&self, slot: &RecoverySlot, map: Map, edits: u64) -> PendingWrite {
        let (writer, slot) = (self.writer(), slot.clone());
        PendingWrite(Some(thread::spawn(move || writer.write(&slot, map, edits))))
    }

    /// Every recovery copy in the folder left behind by an app that is no longer running,
    /// newest first, and a message for each file that is there but cannot be read as
    /// one (left in place for the user to inspect).
    pub fn discover(&self) -> (Vec<RecoveryCopy>, Vec<String>) {
        let sessions = self.sessions_dir();
        session::tidy(&sessions);
        let running = |meta: &RecoveryMeta| {
            meta.session
                .as_deref()
                .is_some_and(|id| session::is_live(&sessions, id))
        };
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return (Vec::new(), Vec::new()),
            Err(e) => {
                let problem = format!("cannot list {}: {e}", self.dir.display());
                return (Vec::new(), vec![problem]);
            }
        };
        let mut copies = Vec::new();
        let mut problems = Vec::new();
        for path in entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| is_recovery_name(p))
        {
            match read_meta(&path) {
                Ok(meta) if running(&meta) => {}
                Ok(meta) => copies.push(RecoveryCopy { path, meta }),
                Err(e) => problems.push(e.to_string()),
            }
        }
        copies.sort_by_key(|c| std::cmp::Reverse(c.meta.written));
        (copies, problems)
    }

    /// The map a copy holds, without its recovery metadata. The app shows it as unsaved,
    /// tied to `copy.meta.original`, and keeps writing to the same slot.
    pub fn restore(&self, copy: &RecoveryCopy) -> Result<Map, RecoveryError> {
        let mut map = load_file(&copy.path)?;
        map.extra.remove(META_FIELD);
        Ok(map)
    }

    /// Deletes the slot's copy: after a successful save or when the user discards the
    /// changes. Nothing to delete is not an error.
    pub fn remove(&self, slot: &RecoverySlot) -> Result<(), RecoveryError> {
        remove_file(&self.path_of(slot))
    }

    /// Deletes a discovered copy the user chose not to restore.
    pub fn discard(&self, copy: &RecoveryCopy) -> Result<(), RecoveryError> {
        remove_file(&copy.path)
    }
}

/// Where and as which session a recovery copy is written.
struct CopyWriter {
    dir: PathBuf,
    session: Option<String>,
}

impl CopyWriter {
    fn path_of(&self, slot: &RecoverySlot) -> PathBuf {
        match &self.session {
            Some(session) if slot.per_session => {
                self.dir.join(format!("{}-{session}.json", slot.name))
            }
            _ => self.dir.join(format!("{}.json", slot.name)),
        }
    }

    fn write(
        &self,
        slot: &RecoverySlot,
        mut map: Map,
        edits: u64,
    ) -> Result<RecoveryCopy, RecoveryError> {
        let meta = RecoveryMeta {
            original: slot.original.clone(),
            title: map.title.clone(),
            written: Utc::now(),
            edits,
            session: self.session.clone(),
        };
        let path = self.path_of(slot);
        let meta_value = serde_json::to_value(&meta).expect("recovery metadata serialises");
        map.extra.insert(META_FIELD.to_string(), meta_value);
        fs::create_dir_all(&self.dir).map_err(|source| SaveError {
            path: path.clone(),
            stage: format!("cannot create the folder {}", self.dir.display()),
            source,
        })?;
        write_atomically(&path, &to_json_bytes(&map), false)?;
        Ok(RecoveryCopy { path, meta })
    }
}

/// A recovery copy being written on another thread.
#[derive(Debug)]
pub struct PendingWrite(Option<JoinHandle<Result<RecoveryCopy, RecoveryError>>>);

impl PendingWrite {
    /// The outcome once the write has finished, `None` while it runs (and after the
    /// outcome was taken).
    pub fn poll(&mut self) -> Option<Result<RecoveryCopy, RecoveryError>> {
        if !self.0.as_ref()?.is_finished() {
            return None;
        }
        self.wait()
    }

    /// Blocks until the write has finished; its outcome, unless already taken.
    pub fn wait(&mut self) -> Option<Result<RecoveryCopy, RecoveryError>> {
        let outcome = self.0.take()?.join();
        // The writer only panics on a bug; report it rather than crash the app.
        Some(outcome.unwrap_or(Err(RecoveryError::WriterPanicked)))
    }
}

fn remove_file(path: &Path) -> Result<(), RecoveryError> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(RecoveryError::Remove {
            path: path.to_path_buf(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// Skips the temporary files of a write in progress (`.estate-map-*.tmp`).
fn is_recovery_name(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "json")
        && !path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// Reads only the metadata; the map itself is checked when restored.
fn read_meta(path: &Path) -> Result<RecoveryMeta, RecoveryError> {
    let not_recovery = |reason: String| RecoveryError::NotRecovery {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = fs::read(path).map_err(|e| not_recovery(e.to_string()))?;
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| not_recovery(e.to_string()))?;
    let meta = value
        .get(META_FIELD)
        .ok_or_else(|| not_recovery(format!("there is no \"{META_FIELD}\" field")))?;
    serde_json::from_value(meta.clone()).map_err(|e| not_recovery(format!("{META_FIELD}: {e}")))
}

/// File-name-safe, short: letters, digits, `-` and `_` only.
fn safe_name(stem: &str) -> String {
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    if name.is_empty() { "map".into() } else { name }
}

/// When to write a recovery copy. The app calls [`Autosave::tick`] every frame with the
/// time and its edit state, writes a copy when told to, and reports the outcome.
#[derive(Clone, Debug)]
pub struct Autosave {
    interval: Duration,
    every_edits: u64,
    /// Start of the current wait: first unsaved change seen, or the last write attempt.
    waiting_since: Option<Instant>,
    /// Edit count at the last write attempt and at the last successful write (or save).
    attempted_at_edits: u64,
    written_at_edits: u64,
}

/// The app's edit state for one tick.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EditState {
    /// The map differs from its file (or is untitled and not empty).
    pub unsaved: bool,
    /// Edits applied this session (including undo and redo): only ever grows.
    pub edits: u64,
}

/// At most this much work is at risk: the copy follows every change within it.
pub const RECOVERY_DELAY: Duration = Duration::from_secs(2);

impl Default for Autosave {
    fn default() -> Self {
        Self::new(RECOVERY_DELAY, 20)
    }
}

impl Autosave {
    pub fn new(interval: Duration, every_edits: u64) -> Self {
        Self {
            interval,
            every_edits: every_edits.max(1),
            waiting_since: None,
            attempted_at_edits: 0,
            written_at_edits: 0,
        }
    }

    /// Whether to write a recovery copy now: `interval` after the first edit not yet in
    /// a copy (then every `interval` while edits continue), and at once on every
    /// `every_edits`-th edit. A due write
    /// that fails is retried after the next interval, not on every frame.
    pub fn tick(&mut self, now: Instant, state: EditState) -> bool {
        if !state.unsaved {
            self.settle(state.edits);
            return false;
        }
        if state.edits <= self.written_at_edits {
            // Everything is in the last copy: the clock starts at the next edit.
            self.waiting_since = None;
            return false;
        }
        let since = *self.waiting_since.get_or_insert(now);
        let time_due = now.duration_since(since) >= self.interval;
        let edits_due = state.edits >= self.attempted_at_edits + self.every_edits;
        if time_due || edits_due {
            self.waiting_since = Some(now);
            self.attempted_at_edits = state.edits;
        }
        time_due || edits_due
    }

    /// The copy asked for by the last due [`tick`](Self::tick) was written.
    pub fn written(&mut self) {
        self.written_at_edits = self.attempted_at_edits;
    }

    /// The map was saved (or the changes discarded, or a map opened) at `edits`.
    pub fn settle(&mut self, edits: u64) {
        self.waiting_since = None;
        self.attempted_at_edits = edits;
        self.written_at_edits = edits;
    }

    /// How long until a time-based write could be due, for `request_repaint_after`: an
    /// idle window gets no frames, and without one the copy would never be written.
    pub fn next_check(&self, now: Instant) -> Option<Duration> {
        let since = self.waiting_since?;
        Some(self.interval.saturating_sub(now.duration_since(since)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, ComponentId};
    use tempfile::TempDir;

    fn sample_map(title: &str, components: usize) -> Map {
        let mut map = Map::new(title);
        for i in 0..components {
            let id = ComponentId::new(format!("c{}", i + 1));
            map.components
                .push(Component::new(id, format!("System {i}"), 0.5, 0.5));
        }
        map.bump_next_id();
        map
    }

    fn store() -> (TempDir, RecoveryStore) {
        let dir = TempDir::new().unwrap();
        let store = RecoveryStore::new(dir.path().join("data").join("recovery"));
        (dir, store)
    }

    #[test]
    fn a_copy_round_trips_with_its_metadata_and_never_touches_the_original() {
        let (dir, store) = store();
        let original = dir.path().join("stroke.json");
        fs::write(&original, b"original bytes").unwrap();
        let slot = RecoverySlot::for_file(&original);
        let map = sample_map("Stroke", 3);

        let written = store.write(&slot, &map, 7).unwrap();
        assert!(written.path.starts_with(dir.path().join("data")));
        assert_eq!(fs::read(&original).unwrap(), b"original bytes");

        let (found, problems) = store.discover();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(found, vec![written.clone()]);
        let meta = &found[0].meta;
        assert_eq!(meta.original.as_deref(), slot.original());
        assert_eq!((meta.title.as_str(), meta.edits), ("Stroke", 7));
        assert_eq!(store.restore(&found[0]).unwrap(), map);
    }

    #[test]
    fn a_running_window_keeps_its_copies_and_they_are_offered_once_it_is_gone() {
        let (dir, plain) = store();
        let running = RecoveryStore::new(dir.path().join("data").join("recovery")).with_session();
        let slot = RecoverySlot::for_file(&dir.path().join("stroke.json"));
        let copy = running.write(&slot, &sample_map("Stroke", 2), 3).unwrap();
        assert!(copy.meta.session.is_some());
        // Another window starting now: nothing left behind.
        assert_eq!(plain.discover(), (Vec::new(), Vec::new()));
        // The first window dies (its lock goes with it): the copy is offered.
        drop(running);
        let (found, problems) = plain.discover();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(found, vec![copy]);
    }

    #[test]
    fn two_windows_on_one_file_keep_a_copy_each() {
        let (dir, plain) = store();
        let recovery = dir.path().join("data").join("recovery");
        let slot = RecoverySlot::for_file(&dir.path().join("stroke.json"));
        let first = RecoveryStore::new(&recovery).with_session();
        let second = RecoveryStore::new(&recovery).with_session();
        let a = first.write(&slot, &sample_map("First", 1), 1).unwrap();
        let b = second.write(&slot, &sample_map("Second", 2), 2).unwrap();
        assert_ne!(a.path, b.path);
        drop((first, second));
        let (found, _) = plain.discover();
        let mut titles: Vec<&str> = found.iter().map(|c| c.meta.title.as_str()).collect();
        titles.sort();
        assert_eq!(titles, ["First", "Second"]);
        // A restored copy keeps writing to its own file.
        let restored = RecoveryStore::new(&recovery).with_session();
        let again = restored
            .write(
                &RecoverySlot::of_copy(&found[0]),
                &sample_map("Again", 3),
                3,
            )
            .unwrap();
        assert_eq!(again.path, found[0].path);
    }

    #[test]
    fn a_copy_is_a_valid_map_file() {
        let (_dir, store) = store();
        let copy = store
            .write(&RecoverySlot::untitled(), &sample_map("U", 2), 1)
            .unwrap();
        let loaded = load_file(&copy.path).unwrap();
        assert_eq!(loaded.components.len(), 2);
        assert!(loaded.extra.contains_key(META_FIELD));
    }

    #[test]
    fn the_same_file_keeps_one_copy_and_different_files_get_their_own() {
        let (dir, store) = store();
        let a = dir.path().join("a.json");
        let b_dir = dir.path().join("other");
        fs::create_dir_all(&b_dir).unwrap();
        // Same file name in another folder: must not share a slot.
        let b = b_dir.join("a.json");
        store
            .write(&RecoverySlot::for_file(&a), &sample_map("A", 1), 1)
            .unwrap();
        store
            .write(&RecoverySlot::for_file(&a), &sample_map("A", 2), 2)
            .unwrap();
        store
            .write(&RecoverySlot::for_file(&b), &sample_map("B", 1), 1)
            .unwrap();
        let (found, _) = store.discover();
        assert_eq!(found.len(), 2);
        let a_copy = found.iter().find(|c| c.meta.title == "A").unwrap();
        assert_eq!(a_copy.meta.edits, 2);
        assert!(
            a_copy
                .path
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("a-")
        );
    }

    #[test]
    fn discovery_lists_newest_first() {
        let (_dir, store) = store();
        let older = store
            .write(&RecoverySlot::untitled(), &sample_map("older", 1), 1)
            .unwrap();
        std::thread::sleep(Duration::from_millis(10));
        let newer = store
            .write(&RecoverySlot::untitled(), &sample_map("newer", 1), 1)
            .unwrap();
        assert!(newer.meta.written > older.meta.written);
        let titles: Vec<_> = store
            .discover()
            .0
            .into_iter()
            .map(|c| c.meta.title)
            .collect();
        assert_eq!(titles, ["newer", "older"]);
    }

    #[test]
    fn strays_in_the_folder_are_reported_not_fatal() {
        let (_dir, store) = store();
        let good = store
            .write(&RecoverySlot::untitled(), &sample_map("good", 1), 1)
            .unwrap();
        let folder = good.path.parent().unwrap();
        fs::write(folder.join("torn.json"), b"{\"format\": \"estate-").unwrap();
        fs::write(folder.join("plain.json"), b"{}").unwrap();
        fs::write(folder.join(".estate-map-x.tmp"), b"partial").unwrap();
        let (found, problems) = store.discover();
        assert_eq!(found, vec![good]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("torn.json")));
        assert!(problems.iter().any(|p| p.contains(META_FIELD)));
    }

    #[test]
    fn no_folder_means_nothing_to_recover() {
        let (_dir, store) = store();
        assert_eq!(store.discover(), (Vec::new(), Vec::new()));
    }

    #[test]
    fn a_background_write_reports_once_and_can_be_waited_for() {
        let (dir, store) = store();
        let slot = RecoverySlot::for_file(&dir.path().join("m.json"));
        let mut pending = store.write_in_background(&slot, sample_map("m", 50), 4);
        let started = Instant::now();
        let copy = loop {
            if let Some(outcome) = pending.poll() {
                break outcome.unwrap();
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "write never finished"
            );
            std::thread::sleep(Duration::from_millis(1));
        };
        assert_eq!(copy.meta.edits, 4);
        assert!(pending.poll().is_none() && pending.wait().is_none());
        assert_eq!(store.discover().0, vec![copy]);

        let blocker = dir.path().join("a-file");
        fs::write(&blocker, b"").unwrap();
        let mut failing = RecoveryStore::new(blocker.join("recovery")).write_in_background(
            &slot,
            sample_map("m", 1),
            1,
        );
        assert!(failing.wait().unwrap().is_err());
    }

    #[test]
    fn removal_after_save_or_discard() {
        let (dir, store) = store();
        let slot = RecoverySlot::for_file(&dir.path().join("m.json"));
        let copy = store.write(&slot, &sample_map("m", 1), 3).unwrap();
        store.remove(&slot).unwrap();
        assert!(!copy.path.exists());
        store.remove(&slot).unwrap(); // nothing left: still fine

        let other = store
            .write(&RecoverySlot::untitled(), &sample_map("u", 1), 1)
            .unwrap();
        store.discard(&other).unwrap();
        assert!(store.discover().0.is_empty());
    }

    #[test]
    fn a_restored_copy_keeps_writing_to_its_own_slot() {
        let (dir, store) = store();
        let slot = RecoverySlot::for_file(&dir.path().join("m.json"));
        let copy = store.write(&slot, &sample_map("m", 1), 3).unwrap();
        let restored = RecoverySlot::of_copy(&copy);
        assert_eq!(store.path_of(&restored), copy.path);
        assert_eq!(restored.original(), slot.original());
    }

    #[test]
    fn a_newer_original_is_flagged() {
        let (dir, store) = store();
        let original = dir.path().join("m.json");
        fs::write(&original, b"x").unwrap();
        let mut copy = store
            .write(&RecoverySlot::for_file(&original), &sample_map("m", 1), 1)
            .unwrap();
        assert!(!copy.original_is_newer());
        copy.meta.written -= chrono::Duration::hours(1);
        assert!(copy.original_is_newer());
    }

    #[test]
    fn an_unwritable_store_is_a_clear_error() {
        let dir = TempDir::new().unwrap();
        let blocker = dir.path().join("data");
        fs::write(&blocker, b"").unwrap();
        let store = RecoveryStore::new(blocker.join("recovery"));
        let err = store
            .write(&RecoverySlot::untitled(), &sample_map("m", 1), 1)
            .unwrap_err();
        assert!(err.to_string().contains("recovery"), "{err}");
    }

    #[test]
    fn odd_file_names_give_safe_slot_names() {
        let slot = RecoverySlot::for_file(Path::new("/maps/Stroke: 2026/../a b?.json"));
        assert!(
            slot.name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_'),
            "{}",
            slot.name
        );
    }

    mod autosave {
        use super::*;

        fn unsaved(edits: u64) -> EditState {
            EditState {
                unsaved: true,
                edits,
            }
        }

        fn secs(s: u64) -> Duration {
            Duration::from_secs(s)
        }

        /// The interval these tests were written for (the app's default is now 2 s).
        fn thirty() -> Autosave {
            Autosave::new(secs(30), 20)
        }

        #[test]
        fn by_default_a_copy_follows_every_change_within_two_seconds() {
            let t0 = Instant::now();
            let ms = Duration::from_millis;
            let mut a = Autosave::default();
            assert!(!a.tick(t0, unsaved(1)));
            assert_eq!(a.next_check(t0 + ms(500)), Some(ms(1500)));
            assert!(!a.tick(t0 + ms(1999), unsaved(2)));
            assert!(a.tick(t0 + ms(2000), unsaved(2)));
            a.written();
            // Idle: nothing is due and no frame is asked for.
            assert!(!a.tick(t0 + secs(60), unsaved(2)));
            assert_eq!(a.next_check(t0 + secs(60)), None);
            // The next change is in a copy two seconds later, even while edits go on.
            assert!(!a.tick(t0 + secs(61), unsaved(3)));
            assert!(!a.tick(t0 + ms(62_500), unsaved(4)));
            assert!(a.tick(t0 + secs(63), unsaved(5)));
        }

        #[test]
        fn due_thirty_seconds_after_the_first_unsaved_change() {
            let t0 = Instant::now();
            let mut a = thirty();
            assert!(!a.tick(t0, unsaved(1)));
            assert!(!a.tick(t0 + secs(29), unsaved(1)));
            assert!(a.tick(t0 + secs(30), unsaved(1)));
            a.written();
            // Nothing new since the copy: no rewrite however long we wait.
            assert!(!a.tick(t0 + secs(120), unsaved(1)));
            // A new edit restarts the clock: due one interval after it.
            assert!(!a.tick(t0 + secs(121), unsaved(2)));
            assert!(!a.tick(t0 + secs(150), unsaved(2)));
            assert!(a.tick(t0 + secs(151), unsaved(2)));
        }

        #[test]
        fn due_on_every_twentieth_edit() {
            let t0 = Instant::now();
            let mut a = thirty();
            let due: Vec<u64> = (1..=45)
                .filter(|&e| {
                    let due = a.tick(t0, unsaved(e));
                    if due {
                        a.written();
                    }
                    due
                })
                .collect();
            assert_eq!(due, [20, 40]);
        }

        #[test]
        fn nothing_is_due_without_unsaved_changes() {
            let t0 = Instant::now();
            let mut a = thirty();
            assert!(!a.tick(t0, unsaved(3)));
            // Undo back to the saved state.
            assert!(!a.tick(
                t0 + secs(40),
                EditState {
                    unsaved: false,
                    edits: 6
                }
            ));
            assert_eq!(a.next_check(t0 + secs(40)), None);
            // Counting starts again from there.
            assert!(!a.tick(t0 + secs(41), unsaved(25)));
            assert!(a.tick(t0 + secs(42), unsaved(26)));
        }

        #[test]
        fn a_failed_write_is_retried_after_an_interval_not_every_frame() {
            let t0 = Instant::now();
            let mut a = thirty();
            assert!(a.tick(t0, unsaved(20)));
            // The write failed: `written` is not called.
            assert!(!a.tick(t0 + secs(1), unsaved(20)));
            assert!(a.tick(t0 + secs(30), unsaved(20)));
        }

        #[test]
        fn saving_resets_the_count() {
            let t0 = Instant::now();
            let mut a = thirty();
            a.tick(t0, unsaved(15));
            a.settle(15);
            assert!(!a.tick(t0 + secs(1), unsaved(30)));
            assert!(a.tick(t0 + secs(2), unsaved(35)));
        }

        #[test]
        fn next_check_counts_down_to_the_interval() {
            let t0 = Instant::now();
            let mut a = thirty();
            assert_eq!(a.next_check(t0), None);
            a.tick(t0, unsaved(1));
            assert_eq!(a.next_check(t0 + secs(10)), Some(secs(20)));
            assert_eq!(a.next_check(t0 + secs(45)), Some(Duration::ZERO));
        }
    }
}

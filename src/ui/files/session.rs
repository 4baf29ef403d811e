//! A running app's claim on its recovery copies: a lock file, held locked for as long as
//! the app runs. Another window starting meanwhile sees the lock and does not offer that
//! app's copies as "left behind by a crash"; when the app dies, however it dies, the
//! operating system releases the lock and the copies are offered.

use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Lock files of dead sessions older than this are tidied away.
const STALE_AFTER: Duration = Duration::from_secs(60);

#[derive(Debug)]
pub struct Session {
    id: String,
    path: PathBuf,
    /// Held open: the lock lasts as long as the file handle.
    _lock: File,
}

impl Session {
    /// Claims a new session in `dir` (created if missing); None if the folder cannot
    /// be written or the platform has no file locks (recovery then works as before,
    /// without telling live windows from crashed ones).
    pub fn claim(dir: &Path) -> Option<Session> {
        fs::create_dir_all(dir).ok()?;
        let started = chrono::Utc::now().format("%Y%m%dT%H%M%S%.f");
        let id = format!("{}-{started}", std::process::id());
        let path = dir.join(format!("{id}.lock"));
        let file = File::create(&path).ok()?;
        file.try_lock().ok()?;
        Some(Session {
            id,
            path,
            _lock: file,
        })
    }

    pub fn id(&self) -> &str {
        &self.id
    }
}

impl Drop for Session {
    /// A clean exit leaves no lock file behind.
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// Whether the session `id` in `dir` is still running (its lock is held).
pub fn is_live(dir: &Path, id: &str) -> bool {
    let Ok(file) = File::open(dir.join(format!("{id}.lock"))) else {
        return false;
    };
    matches!(file.try_lock(), Err(TryLockError::WouldBlock))
}

/// Removes the lock files of sessions that died over a minute ago (a crash leaves one).
pub fn tidy(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let old = |path: &Path| {
        fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age > STALE_AFTER)
    };
    for path in entries.flatten().map(|e| e.path()) {
        let Some(id) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let is_lock = path.extension().is_some_and(|e| e == "lock");
        if is_lock && old(&path) && !is_live(dir, id) {
            let _ = fs::remove_file(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claimed_session_is_live_until_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let session = Session::claim(dir.path()).expect("a session");
        let id = session.id().to_string();
        assert!(is_live(dir.path(), &id));
        assert!(!is_live(dir.path(), "12345-never-started"));
        drop(session);
        assert!(!is_live(dir.path(), &id));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0, "lock removed");
    }

    #[test]
    fn two_sessions_do_not_share_an_id() {
        let dir = tempfile::tempdir().unwrap();
        let a = Session::claim(dir.path()).unwrap();
        let b = Session::claim(dir.path()).unwrap();
        assert_ne!(a.id(), b.id());
        assert!(is_live(dir.path(), a.id()) && is_live(dir.path(), b.id()));
    }
}

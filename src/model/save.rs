//! Safe saving: write a temporary file beside the target, fsync, keep the previous
//! version as `NAME.bak`, then rename over the target. A failure at any step leaves
//! the original file as it was.

use super::error::SaveError;
use super::format::to_json_bytes;
use super::map::Map;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::SystemTime;

/// The prefix and suffix of the temporary files [`write_atomically`] writes.
const TEMP_PREFIX: &str = ".estate-map-";
const TEMP_SUFFIX: &str = ".tmp";

static APP_START: OnceLock<SystemTime> = OnceLock::new();

/// Notes when this run of the app started (call first thing): temporary files older
/// than that are left over from a save killed mid-write and are tidied away.
pub fn mark_app_start() -> SystemTime {
    *APP_START.get_or_init(SystemTime::now)
}

/// Where the previous version of `path` is kept: `stroke.json` -> `stroke.json.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".bak");
    path.with_file_name(name)
}

pub fn save_file(map: &Map, path: &Path) -> Result<(), SaveError> {
    write_atomically(path, &to_json_bytes(map), true)
}

/// Replaces `path` with `bytes` in one rename; `keep_backup` copies the old file first.
pub fn write_atomically(path: &Path, bytes: &[u8], keep_backup: bool) -> Result<(), SaveError> {
    let fail = |stage: String| {
        let path = path.to_path_buf();
        move |source| SaveError {
            path,
            stage,
            source,
        }
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    remove_stale_temp_files(dir, mark_app_start());
    let mut tmp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(fail(format!(
            "cannot create a temporary file in {}",
            dir.display()
        )))?;
    // Locked while written, so another window tidying this folder leaves it alone.
    let _ = tmp.as_file().try_lock();
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(fail("cannot write the new contents".into()))?;
    // The temporary file is private (0600); give the result the original's permissions,
    // or a shareable map's usual ones.
    if let Some(permissions) = permissions_for(path) {
        fs::set_permissions(tmp.path(), permissions)
            .map_err(fail("cannot set the file's permissions".into()))?;
    }
    if keep_backup && path.exists() {
        let bak = backup_path(path);
        fs::copy(path, &bak).map_err(fail(format!(
            "cannot keep the previous version as {}",
            bak.display()
        )))?;
    }
    tmp.persist(path)
        .map_err(|e| e.error)
        .map_err(fail("cannot replace the file".into()))?;
    sync_dir(dir);
    Ok(())
}

/// Removes the temporary files a save killed mid-write left in `dir`: those modified
/// before `started` (this run of the app) and not locked by a save in progress, in this
/// window or another. Best effort: anything that cannot be checked stays.
pub(crate) fn remove_stale_temp_files(dir: &Path, started: SystemTime) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let path = entry.path();
        let stale = fs::symlink_metadata(&path)
            .is_ok_and(|m| m.is_file() && m.modified().is_ok_and(|t| t < started));
        if !stale {
            continue;
        }
        // A save in progress holds the lock; the handle is closed before removing.
        let unlocked = fs::File::open(&path).is_ok_and(|f| f.try_lock().is_ok());
        if unlocked {
            let _ = fs::remove_file(&path);
        }
    }
}

fn permissions_for(path: &Path) -> Option<fs::Permissions> {
    if let Ok(meta) = fs::metadata(path) {
        return Some(meta.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    None
}

/// Makes the rename durable; best effort, as not every platform can open a folder.
fn sync_dir(dir: &Path) {
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn temp_file(dir: &Path, name: &str, modified: SystemTime) -> PathBuf {
        let path = dir.join(name);
        fs::write(&path, b"half a map").unwrap();
        fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(modified)
            .unwrap();
        path
    }

    #[test]
    fn a_save_tidies_stale_temporary_files_and_leaves_fresh_or_locked_ones() {
        let started = mark_app_start();
        let dir = tempfile::tempdir().unwrap();
        let an_hour_ago = started - Duration::from_secs(3600);
        let stale = temp_file(dir.path(), ".estate-map-killed.tmp", an_hour_ago);
        let locked = temp_file(dir.path(), ".estate-map-writing.tmp", an_hour_ago);
        let other = temp_file(dir.path(), ".someone-else.tmp", an_hour_ago);
        let fresh = temp_file(dir.path(), ".estate-map-fresh.tmp", SystemTime::now());
        let holder = fs::File::open(&locked).unwrap();
        holder.lock().unwrap();

        let map = dir.path().join("map.json");
        write_atomically(&map, b"{}", true).unwrap();

        assert!(!stale.exists(), "a stale temporary file is removed");
        assert!(fresh.exists(), "a file newer than the app's start stays");
        assert!(locked.exists(), "a file being written stays");
        assert!(other.exists(), "another program's file stays");
        assert_eq!(fs::read(&map).unwrap(), b"{}");
        drop(holder);
    }
}

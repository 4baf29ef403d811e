//! Safe saving: write a temporary file beside the target, fsync, keep the previous
//! version as `NAME.bak`, then rename over the target. A failure at any step leaves
//! the original file as it was.

use super::error::SaveError;
use super::format::to_json_bytes;
use super::map::Map;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    let mut tmp = tempfile::Builder::new()
        .prefix(".estate-map-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail(format!(
            "cannot create a temporary file in {}",
            dir.display()
        )))?;
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

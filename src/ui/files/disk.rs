//! Opening and saving the user's map file, knowing what is on disk: whether the file was
//! changed by something else since we read or wrote it (a synced folder, another window)
//! and whether we may write it at all. Save refuses to overwrite a file changed on disk
//! unless the user has chosen to.

use crate::model::{
    FileLoadError, LoadError, MAX_FILE_BYTES, Map, Problem, SaveError,
    from_json_bytes_with_problems, to_json_bytes, write_atomically,
};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::SystemTime;
use thiserror::Error;

/// The file's state as we last read or wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileStamp {
    modified: Option<SystemTime>,
    len: u64,
    hash: u64,
}

/// What [`FileStamp::check`] found on disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiskState {
    Unchanged,
    /// Different content: offer to reload, and do not save over it without asking.
    Changed,
    /// Deleted or moved away: saving writes it again.
    Missing,
}

impl FileStamp {
    fn new(modified: Option<SystemTime>, bytes: &[u8]) -> Self {
        Self {
            modified,
            len: bytes.len() as u64,
            hash: super::fnv1a(bytes),
        }
    }

    /// Compares the file at `path` with this stamp. Size and modified time decide when
    /// they match; otherwise the content does, so a sync tool that only touches the file
    /// raises no false alarm (and the stamp takes the new time, so it is read once).
    pub fn check(&mut self, path: &Path) -> io::Result<DiskState> {
        let meta = match fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(DiskState::Missing),
            Err(e) => return Err(e),
        };
        let modified = meta.modified().ok();
        if meta.len() == self.len && modified == self.modified {
            return Ok(DiskState::Unchanged);
        }
        if meta.len() != self.len {
            return Ok(DiskState::Changed);
        }
        let bytes = fs::read(path)?;
        if super::fnv1a(&bytes) != self.hash {
            return Ok(DiskState::Changed);
        }
        self.modified = modified;
        Ok(DiskState::Unchanged)
    }
}

/// A map read from disk, with what the app needs to save it back safely.
#[derive(Debug)]
pub struct OpenedMap {
    pub map: Map,
    pub path: PathBuf,
    pub stamp: FileStamp,
    /// The file cannot be written (or is marked read-only): open it for viewing only.
    pub read_only: bool,
    /// Content problems found on reading, each with its repair (see
    /// [`open_map_with_problems`]); always empty from [`open_map`].
    pub problems: Vec<Problem>,
}

/// Reads, checks and stamps a map file. A broken file gives every problem found, and
/// nothing else changes: the app keeps its current map.
pub fn open_map(path: &Path) -> Result<OpenedMap, FileLoadError> {
    let opened = open_map_with_problems(path)?;
    if opened.problems.is_empty() {
        Ok(opened)
    } else {
        Err(FileLoadError {
            path: path.to_path_buf(),
            error: LoadError::Invalid(opened.problems),
        })
    }
}

/// Like [`open_map`], but a map whose content has repairable problems (a dangling link,
/// a duplicate id, a position off the map) is read with them, for the app to list.
pub fn open_map_with_problems(path: &Path) -> Result<OpenedMap, FileLoadError> {
    let with_path = |error| FileLoadError {
        path: path.to_path_buf(),
        error,
    };
    let (bytes, modified) = read_limited(path).map_err(with_path)?;
    let (map, problems) = from_json_bytes_with_problems(&bytes).map_err(with_path)?;
    Ok(OpenedMap {
        map,
        path: path.to_path_buf(),
        stamp: FileStamp::new(modified, &bytes),
        read_only: is_read_only(path),
        problems,
    })
}

/// The bytes and their modified time, both from one open file handle.
fn read_limited(path: &Path) -> Result<(Vec<u8>, Option<SystemTime>), LoadError> {
    let mut file = File::open(path).map_err(LoadError::Read)?;
    let meta = file.metadata().map_err(LoadError::Read)?;
    if meta.is_dir() {
        let not_a_file = io::Error::new(io::ErrorKind::InvalidInput, "it is a folder");
        return Err(LoadError::Read(not_a_file));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes).map_err(LoadError::Read)?;
    Ok((bytes, meta.modified().ok()))
}

/// The file is marked read-only, or this user cannot open it for writing. Opening for
/// writing without truncating changes neither content nor modified time.
pub fn is_read_only(path: &Path) -> bool {
    let marked = fs::metadata(path).is_ok_and(|m| m.permissions().readonly());
    marked || OpenOptions::new().write(true).open(path).is_err()
}

#[derive(Debug, Error)]
pub enum SaveMapError {
    #[error(
        "{} was changed by another program since it was opened or saved here; \
         reload it, or save over it to replace those changes",
        path.display()
    )]
    ChangedOnDisk { path: PathBuf },
    #[error(transparent)]
    Save(#[from] SaveError),
}

/// Saves atomically (keeping `NAME.json.bak`) and returns the new stamp. With `known`
/// (the stamp from opening or the last save) it first checks the file was not changed
/// by someone else; pass `None` after the user chose to overwrite, or for Save As (the
/// save dialog has already asked about replacing an existing file).
pub fn save_map(
    map: &Map,
    path: &Path,
    known: Option<&FileStamp>,
) -> Result<FileStamp, SaveMapError> {
    if let Some(known) = known {
        let state = known.clone().check(path).unwrap_or(DiskState::Changed);
        if state == DiskState::Changed {
            return Err(SaveMapError::ChangedOnDisk {
                path: path.to_path_buf(),
            });
        }
    }
    let bytes = to_json_bytes(map);
    write_atomically(path, &bytes, true)?;
    let modified = fs::metadata(path).and_then(|m| m.modified()).ok();
    Ok(FileStamp::new(modified, &bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Component, ComponentId, backup_path, load_file, save_file};
    use std::time::Duration;
    use tempfile::TempDir;

    fn map_with(title: &str, names: &[&str]) -> Map {
        let mut map = Map::new(title);
        for (i, name) in names.iter().enumerate() {
            let id = ComponentId::new(format!("c{}", i + 1));
            map.components.push(Component::new(id, *name, 0.5, 0.5));
        }
        map.bump_next_id();
        map
    }

    fn saved(dir: &TempDir, name: &str, map: &Map) -> PathBuf {
        let path = dir.path().join(name);
        save_file(map, &path).unwrap();
        path
    }

    /// Moves the file's modified time away from the stamp's, as a later write would.
    fn touch(path: &Path) {
        let later = SystemTime::now() + Duration::from_secs(5);
        File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(later)
            .unwrap();
    }

    #[test]
    fn opening_reads_the_map_and_a_writable_file_is_editable() {
        let dir = TempDir::new().unwrap();
        let map = map_with("Stroke", &["EPR"]);
        let path = saved(&dir, "stroke.json", &map);
        let opened = open_map(&path).unwrap();
        assert_eq!(opened.map, map);
        assert!(!opened.read_only);
    }

    #[test]
    fn a_file_marked_read_only_opens_read_only() {
        let dir = TempDir::new().unwrap();
        let path = saved(&dir, "locked.json", &map_with("L", &[]));
        let mut perms = fs::metadata(&path).unwrap().permissions();
        perms.set_readonly(true);
        fs::set_permissions(&path, perms).unwrap();
        assert!(open_map(&path).unwrap().read_only);
    }

    #[test]
    fn a_broken_file_reports_where_and_a_folder_is_not_a_map() {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("broken.json");
        fs::write(
            &path,
            b"{\n  \"format\": \"estate-map\",\n  \"version\": 1,\n  oops",
        )
        .unwrap();
        let err = open_map(&path).unwrap_err();
        assert!(
            matches!(err.error, LoadError::Syntax { line: 4, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("broken.json"));

        let err = open_map(dir.path()).unwrap_err();
        assert!(err.is_unreadable(), "{err}");
    }

    #[test]
    fn detects_a_change_made_by_another_program() {
        let dir = TempDir::new().unwrap();
        let path = saved(&dir, "m.json", &map_with("M", &["A"]));
        let mut stamp = open_map(&path).unwrap().stamp;
        assert_eq!(stamp.check(&path).unwrap(), DiskState::Unchanged);

        save_file(&map_with("M", &["A", "B"]), &path).unwrap();
        assert_eq!(stamp.check(&path).unwrap(), DiskState::Changed);
    }

    #[test]
    fn detects_a_same_size_change_by_content() {
        let dir = TempDir::new().unwrap();
        let path = saved(&dir, "m.json", &map_with("M", &["AAA"]));
        let mut stamp = open_map(&path).unwrap().stamp;
        save_file(&map_with("M", &["BBB"]), &path).unwrap();
        touch(&path);
        assert_eq!(stamp.check(&path).unwrap(), DiskState::Changed);
    }

    #[test]
    fn a_touched_but_identical_file_is_not_a_change() {
        let dir = TempDir::new().unwrap();
        let path = saved(&dir, "m.json", &map_with("M", &["A"]));
        let mut stamp = open_map(&path).unwrap().stamp;
        touch(&path);
        assert_eq!(stamp.check(&path).unwrap(), DiskState::Unchanged);
        // The new time was taken: the next check is the cheap one.
        assert_eq!(stamp.modified, fs::metadata(&path).unwrap().modified().ok());
    }

    #[test]
    fn a_deleted_file_is_missing() {
        let dir = TempDir::new().unwrap();
        let path = saved(&dir, "m.json", &map_with("M", &[]));
        let mut stamp = open_map(&path).unwrap().stamp;
        fs::remove_file(&path).unwrap();
        assert_eq!(stamp.check(&path).unwrap(), DiskState::Missing);
    }

    #[test]
    fn save_refuses_to_overwrite_a_newer_file_until_told_to() {
        let dir = TempDir::new().unwrap();
        let path = saved(&dir, "m.json", &map_with("M", &["A"]));
        let stamp = open_map(&path).unwrap().stamp;
        let theirs = map_with("M", &["A", "theirs"]);
        save_file(&theirs, &path).unwrap();

        let ours = map_with("M", &["A", "ours"]);
        let err = save_map(&ours, &path, Some(&stamp)).unwrap_err();
        assert!(matches!(err, SaveMapError::ChangedOnDisk { .. }), "{err}");
        assert_eq!(load_file(&path).unwrap(), theirs);

        let new_stamp = save_map(&ours, &path, None).unwrap();
        assert_eq!(load_file(&path).unwrap(), ours);
        assert_eq!(open_map(&path).unwrap().stamp, new_stamp);
    }

    #[test]
    fn saving_again_after_our_own_save_needs_no_confirmation() {
        let dir = TempDir::new().unwrap();
        let path = saved(&dir, "m.json", &map_with("M", &[]));
        let stamp = open_map(&path).unwrap().stamp;
        let stamp = save_map(&map_with("M", &["A"]), &path, Some(&stamp)).unwrap();
        save_map(&map_with("M", &["A", "B"]), &path, Some(&stamp)).unwrap();
        assert_eq!(load_file(&path).unwrap().components.len(), 2);
    }

    #[test]
    fn a_failed_save_leaves_the_file_as_it_was() {
        let dir = TempDir::new().unwrap();
        let before = map_with("M", &["A"]);
        let path = saved(&dir, "m.json", &before);
        let stamp = open_map(&path).unwrap().stamp;
        // A folder where the backup must go makes the save fail part-way through.
        fs::remove_file(backup_path(&path)).ok();
        fs::create_dir(backup_path(&path)).unwrap();

        let err = save_map(&map_with("M", &["A", "B"]), &path, Some(&stamp)).unwrap_err();
        assert!(err.to_string().contains("previous version"), "{err}");
        assert_eq!(load_file(&path).unwrap(), before);
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

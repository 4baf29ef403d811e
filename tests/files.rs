//! The file workflows end to end, through the public API the app calls: a workshop that
//! crashes and recovers, and saves and recovery copies that survive a process being
//! killed mid-write.

use estate_map::model::{Component, Map, generate::generate, load_file, save_file};
use estate_map::ui::files::AppDirs;
use estate_map::ui::files::disk::{DiskState, open_map, save_map};
use estate_map::ui::files::recent::RecentMaps;
use estate_map::ui::files::recovery::{Autosave, EditState, RecoverySlot, RecoveryStore};
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// One edit as the facilitator would make it: a new system on the map.
fn add_system(map: &mut Map, n: usize) {
    let id = map.allocate_component_id();
    map.components
        .push(Component::new(id, format!("Workshop system {n}"), 0.4, 0.3));
}

#[test]
fn a_workshop_killed_after_autosave_is_recovered_and_the_file_is_untouched() {
    let home = TempDir::new().unwrap();
    let dirs = AppDirs::under(home.path());
    let original = home.path().join("stroke.json");
    save_file(&generate(40, 7), &original).unwrap();
    let original_bytes = fs::read(&original).unwrap();

    // Session 1: open, note it as recent, edit for 25 edits; autosave is ticked per frame.
    let opened = open_map(&original).unwrap();
    let (mut recent, _) = RecentMaps::load(&dirs.recent_file());
    recent.note_used(&original, &opened.map.title).unwrap();
    let store = RecoveryStore::new(dirs.recovery_dir());
    let slot = RecoverySlot::for_file(&original);
    // The 30 s interval this journey was written for (the app's default is now 2 s,
    // tested in recovery.rs and files_ui.rs): five edits are left for the idle copy.
    let mut autosave = Autosave::new(Duration::from_secs(30), 20);
    let mut map = opened.map.clone();
    let t0 = Instant::now();
    let mut edits = 0;
    for n in 0..25 {
        add_system(&mut map, n);
        edits += 1;
        let frame = t0 + Duration::from_millis(500 * n as u64);
        if autosave.tick(
            frame,
            EditState {
                unsaved: true,
                edits,
            },
        ) {
            store.write(&slot, &map, edits).unwrap();
            autosave.written();
        }
    }
    // Five more edits, then 30 s idle: the time-based copy catches them.
    let idle = t0 + Duration::from_secs(60);
    assert!(autosave.tick(
        idle,
        EditState {
            unsaved: true,
            edits
        }
    ));
    store.write(&slot, &map, edits).unwrap();
    drop((autosave, store, recent)); // the process dies here

    // Session 2: the copy is offered, holds every edit, and the user's file is as it was.
    assert_eq!(fs::read(&original).unwrap(), original_bytes);
    let store = RecoveryStore::new(dirs.recovery_dir());
    let (copies, problems) = store.discover();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(copies.len(), 1);
    let copy = &copies[0];
    assert_eq!(copy.meta.edits, 25);
    assert_eq!(
        copy.meta.original.as_deref(),
        Some(fs::canonicalize(&original).unwrap().as_path())
    );
    assert!(!copy.original_is_newer());
    let restored = store.restore(copy).unwrap();
    assert_eq!(restored, map);

    // Saving the restored map writes the file and removes the copy.
    let mut stamp = opened.stamp.clone();
    assert_eq!(stamp.check(&original).unwrap(), DiskState::Unchanged);
    save_map(&restored, &original, Some(&stamp)).unwrap();
    store.remove(&RecoverySlot::of_copy(copy)).unwrap();
    assert!(store.discover().0.is_empty());
    assert_eq!(load_file(&original).unwrap(), map);

    let (recent, warning) = RecentMaps::load(&dirs.recent_file());
    assert_eq!(warning, None);
    assert_eq!(
        recent.items()[0].entry.path,
        fs::canonicalize(&original).unwrap()
    );
}

const CHILD_ENV: &str = "ESTATE_MAP_KILL_TEST_DIR";
const KILL_TEST: &str = "saves_and_recovery_copies_survive_sigkill";

/// Two versions the child writes in turn; after a kill the file must hold one of them.
/// Fixed timestamps: parent and child must build identical maps.
fn versions() -> [Map; 2] {
    [generate(200, 1), generate(600, 2)].map(|mut map| {
        map.created = "2026-11-21T09:00:00Z".parse().unwrap();
        map.modified = map.created;
        map
    })
}

/// Run as a child process: saves the map file and writes a recovery copy, alternating
/// versions, until killed (or after a minute, so no orphan outlives a broken parent).
fn keep_writing(dir: &Path) {
    let target = dir.join("map.json");
    let store = RecoveryStore::new(dir.join("recovery"));
    let slot = RecoverySlot::for_file(&target);
    let maps = versions();
    let started = Instant::now();
    let mut round = 0u64;
    while started.elapsed() < Duration::from_secs(60) {
        let map = &maps[(round % 2) as usize];
        save_map(map, &target, None).unwrap();
        store.write(&slot, map, round).unwrap();
        round += 1;
        if round == 2 {
            fs::write(dir.join("ready"), b"").unwrap();
        }
    }
}

#[test]
fn saves_and_recovery_copies_survive_sigkill() {
    if let Some(dir) = std::env::var_os(CHILD_ENV) {
        keep_writing(Path::new(&dir));
        return;
    }
    let exe = std::env::current_exe().unwrap();
    let maps = versions();
    // Kill points spread over many write cycles (each a few milliseconds).
    for delay_ms in (0..12u64).map(|i| i * 37 % 101) {
        let dir = TempDir::new().unwrap();
        let mut child = Command::new(&exe)
            .args(["--exact", KILL_TEST, "--test-threads=1"])
            .env(CHILD_ENV, dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_for(&dir.path().join("ready"));
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();

        let saved = load_file(&dir.path().join("map.json"))
            .unwrap_or_else(|e| panic!("after a kill at +{delay_ms} ms: {e}"));
        assert!(maps.contains(&saved), "the file holds neither version");
        let store = RecoveryStore::new(dir.path().join("recovery"));
        let (copies, problems) = store.discover();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(copies.len(), 1, "one slot, one copy");
        let restored = store.restore(&copies[0]).unwrap();
        assert!(maps.contains(&restored), "the copy holds neither version");
    }
}

fn wait_for(path: &Path) {
    let started = Instant::now();
    while !path.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the writer process did not start"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

//! Loading, validation errors and safe saving, through the public model API.

use estate_map::edit::{Command, History};
use estate_map::model::{
    Component, ComponentId, Fix, LoadError, Map, SupportStatus, backup_path, from_json_bytes,
    from_json_bytes_with_problems, load_file, save_file, to_json_bytes, validate,
};
use std::fs;

fn valid_map() -> Map {
    let mut map = Map::new("Stroke pathway");
    let a = map.allocate_component_id();
    let b = map.allocate_component_id();
    map.components.push(
        Component::new(a.clone(), "Patient", 0.95, 0.5).with_status(SupportStatus::Supported),
    );
    map.components
        .push(Component::new(b.clone(), "EPR", 0.6, 0.6).with_status(SupportStatus::Unsupported));
    map.links.push(estate_map::model::Link::new(a, b));
    map
}

fn problems_of(json: &str) -> Vec<String> {
    match from_json_bytes(json.as_bytes()) {
        Err(LoadError::Invalid(p)) => p.iter().map(|p| p.to_string()).collect(),
        other => panic!("expected content problems, got {other:?}"),
    }
}

const HEADER: &str = r#""format": "estate-map", "version": 1, "title": "T", "created": "2026-01-01T00:00:00Z", "modified": "2026-01-01T00:00:00Z""#;

#[test]
fn save_then_load_is_identical_and_byte_stable() {
    let map = valid_map();
    let bytes = to_json_bytes(&map);
    let loaded = from_json_bytes(&bytes).unwrap();
    assert_eq!(loaded, map);
    assert_eq!(to_json_bytes(&loaded), bytes);
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.starts_with("{\n  \"format\": \"estate-map\",\n  \"version\": 1,"));
}

#[test]
fn unknown_fields_survive_a_round_trip() {
    let json = format!(
        r#"{{{HEADER}, "future_top": {{"a": 1}},
        "components": [{{"id": "c1", "name": "EPR", "visibility": 0.5, "evolution": 0.5, "hologram": true}}],
        "links": [], "settings": {{"theme": "dark"}} }}"#
    );
    let map = from_json_bytes(json.as_bytes()).unwrap();
    let text = String::from_utf8(to_json_bytes(&map)).unwrap();
    assert!(text.contains("\"future_top\""));
    assert!(text.contains("\"hologram\": true"));
    assert!(text.contains("\"theme\": \"dark\""));
    assert_eq!(from_json_bytes(text.as_bytes()).unwrap(), map);
}

#[test]
fn syntax_error_names_line_and_column() {
    let err =
        from_json_bytes(b"{\n  \"format\": \"estate-map\",\n  \"version\": 1,,\n}").unwrap_err();
    match err {
        LoadError::Syntax { line, column, .. } => assert_eq!((line, column), (3, 16)),
        other => panic!("expected syntax error, got {other:?}"),
    }
}

#[test]
fn file_error_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    fs::write(&path, "{\n oops").unwrap();
    let err = load_file(&path).unwrap_err().to_string();
    assert!(
        err.contains("broken.json") && err.contains("line 2"),
        "{err}"
    );
    let missing = load_file(&dir.path().join("missing.json")).unwrap_err();
    assert!(missing.is_unreadable());
}

#[test]
fn newer_version_is_refused_clearly() {
    let err =
        from_json_bytes(br#"{"format": "estate-map", "version": 7, "title": "x"}"#).unwrap_err();
    assert!(matches!(
        err,
        LoadError::NewerVersion {
            found: 7,
            supported: 1
        }
    ));
    assert!(err.to_string().contains("version 7"));
}

#[test]
fn other_json_is_not_a_map() {
    for json in [
        r#"[1,2]"#,
        r#"{"title": "x"}"#,
        r#"{"format": "drawio", "version": 1}"#,
        r#"{"format": "estate-map", "version": "one"}"#,
    ] {
        let err = from_json_bytes(json.as_bytes()).unwrap_err();
        assert!(matches!(err, LoadError::NotEstateMap(_)), "{json}: {err:?}");
    }
}

#[test]
fn every_problem_is_reported_with_its_component() {
    let json = format!(
        r#"{{{HEADER}, "components": [
          {{"id": "c1", "name": "EPR", "visibility": 1.5, "evolution": 0.5}},
          {{"id": "c1", "name": "PAS", "visibility": 0.5, "evolution": -0.1}},
          {{"id": "c3", "name": "PACS", "visibility": 0.5, "evolution": 0.5, "status": "retired"}},
          {{"id": "c4", "name": " ", "visibility": 0.5, "evolution": 0.5}}
        ], "links": [
          {{"from": "c1", "to": "c9"}},
          {{"from": "c4", "to": "c4"}}
        ]}}"#
    );
    let problems = problems_of(&json);
    let has = |needle: &[&str]| {
        problems
            .iter()
            .any(|p| needle.iter().all(|n| p.contains(n)))
    };
    assert!(
        has(&["component #3 'PACS' (c3)", "status", "retired"]),
        "{problems:#?}"
    );
    // The unknown status stops semantic checks, so fix it and look again.
    let json = json.replace("\"retired\"", "\"unsupported\"");
    let problems = problems_of(&json);
    let has = |needle: &[&str]| {
        problems
            .iter()
            .any(|p| needle.iter().all(|n| p.contains(n)))
    };
    assert!(
        has(&["'EPR' (c1)", "visibility 1.5", "outside 0..1"]),
        "{problems:#?}"
    );
    assert!(has(&["'PAS' (c1)", "duplicate id"]), "{problems:#?}");
    assert!(has(&["'PAS' (c1)", "evolution -0.1"]), "{problems:#?}");
    assert!(has(&["(c4)", "name is empty"]), "{problems:#?}");
    // Links are named by their components' names (issue 10); a missing end by its id.
    assert!(
        has(&["link 'EPR' -> c9", "'c9'", "not a component"]),
        "{problems:#?}"
    );
    assert!(has(&["link ' ' -> ' '", "itself"]), "{problems:#?}");
    assert_eq!(problems.len(), 6, "{problems:#?}");
}

#[test]
fn structural_errors_in_several_elements_are_all_reported() {
    let json = format!(
        r#"{{{HEADER}, "components": [
          {{"id": "c1", "name": "EPR", "visibility": "high", "evolution": 0.5}},
          {{"id": "c2", "visibility": 0.5, "evolution": 0.5}}
        ], "links": [{{"from": "c1"}}], "notes": "none"}}"#
    );
    let problems = problems_of(&json);
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert!(problems[0].contains("component #1 'EPR' (c1)") && problems[0].contains("visibility"));
    assert!(problems[1].contains("component #2 (c2)") && problems[1].contains("name"));
    assert!(problems[2].contains("link #1") && problems[2].contains("to"));
    assert!(problems[3].contains("notes") && problems[3].contains("must be a list"));
}

#[test]
fn duplicate_links_and_bad_matrix_are_reported() {
    let json = format!(
        r#"{{{HEADER}, "components": [
          {{"id": "a", "name": "A", "visibility": 0.9, "evolution": 0.5}},
          {{"id": "b", "name": "B", "visibility": 0.5, "evolution": 0.5}}
        ], "links": [{{"from": "a", "to": "b"}}, {{"from": "a", "to": "b", "label": "again"}}],
        "settings": {{"risk_matrix": {{"very_high": [3,4,4,5,9], "high": [2,3,3,4,5], "medium": [2,2,3,3,4], "low": [1,2,2,3,4], "very_low": [1,1,2,2,3]}}}}}}"#
    );
    let problems = problems_of(&json);
    assert!(
        problems
            .iter()
            // Named by the components' names (issue 10), not their ids.
            .any(|p| p.contains("link 'A' -> 'B': duplicate link")),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("risk_matrix") && p.contains("Very high")),
        "{problems:#?}"
    );
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let big = vec![b' '; estate_map::model::MAX_FILE_BYTES as usize + 1];
    assert!(matches!(
        from_json_bytes(&big),
        Err(LoadError::TooLarge { .. })
    ));
}

#[test]
fn save_keeps_a_backup_and_replaces_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.json");
    let mut map = valid_map();
    save_file(&map, &path).unwrap();
    let first = fs::read(&path).unwrap();
    map.title = "Renamed".into();
    save_file(&map, &path).unwrap();
    assert_eq!(fs::read(backup_path(&path)).unwrap(), first);
    assert_eq!(load_file(&path).unwrap().title, "Renamed");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn failed_save_leaves_the_original_untouched() {
    // Root ignores permissions, so make the backup step fail: its path is a folder.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.json");
    let map = valid_map();
    save_file(&map, &path).unwrap();
    let before = fs::read(&path).unwrap();
    fs::create_dir(backup_path(&path)).unwrap();
    let mut changed = map.clone();
    changed.title = "Lost?".into();
    let err = save_file(&changed, &path).unwrap_err().to_string();
    assert!(err.contains("map.json.bak"), "{err}");
    assert_eq!(fs::read(&path).unwrap(), before);
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names.len(),
        2,
        "no temporary file is left behind: {names:?}"
    );
}

#[test]
fn save_into_missing_folder_fails_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-folder").join("map.json");
    let err = save_file(&valid_map(), &path).unwrap_err().to_string();
    assert!(
        err.contains("could not save") && err.contains("no-such-folder"),
        "{err}"
    );
}

#[test]
fn save_over_a_folder_fails_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("taken.json");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("inside.txt"), "keep me").unwrap();
    assert!(save_file(&valid_map(), &target).is_err());
    assert_eq!(
        fs::read_to_string(target.join("inside.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn ids_survive_rename_through_a_file() {
    let mut map = valid_map();
    map.components[1].name = "Electronic patient record".into();
    let loaded = from_json_bytes(&to_json_bytes(&map)).unwrap();
    assert_eq!(loaded.components[1].id, ComponentId::new("c2"));
}

#[test]
fn documented_example_is_a_canonical_map() {
    let doc =
        fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/file-format.md")).unwrap();
    let start = doc.find("```json\n").expect("example block") + "```json\n".len();
    let end = start + doc[start..].find("```").expect("end of example");
    let example = &doc[start..end];
    let map = from_json_bytes(example.as_bytes()).unwrap();
    assert_eq!(String::from_utf8(to_json_bytes(&map)).unwrap(), example);
}

#[cfg(unix)]
#[test]
fn new_files_are_readable_by_others_and_saves_keep_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.json");
    save_file(&valid_map(), &path).unwrap();
    let mode = |p: &std::path::Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o644);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o664)).unwrap();
    save_file(&valid_map(), &path).unwrap();
    assert_eq!(mode(&path), 0o664);
}

#[test]
fn bad_dates_say_which_format_is_wanted() {
    let json = format!(
        r#"{{{HEADER}, "components": [
          {{"id": "c1", "name": "PAS", "visibility": 0.5, "evolution": 0.5, "end_of_support": "31/12/2024"}}
        ]}}"#
    );
    let problems = problems_of(&json);
    assert!(
        problems[0].contains("'PAS' (c1)")
            && problems[0].contains("end_of_support")
            && problems[0].contains("YYYY-MM-DD"),
        "{problems:#?}"
    );
    let json = json.replace(
        r#""created": "2026-01-01T00:00:00Z""#,
        r#""created": "yesterday""#,
    );
    let problems = problems_of(&json);
    assert!(
        problems
            .iter()
            .any(|p| p.contains("created") && p.contains("2026-03-02T09:30:00Z")),
        "{problems:#?}"
    );
}

#[test]
fn an_empty_file_is_called_empty() {
    let err = from_json_bytes(b" \n").unwrap_err();
    assert!(err.to_string().contains("the file is empty"), "{err}");
}

#[test]
fn a_coordinate_too_large_for_a_number_is_refused_with_its_position() {
    // JSON has no NaN or infinity; 1e400 is as close as a file can get to non-finite.
    let json = format!(
        "{{{HEADER},\n\"components\": [{{\"id\": \"c1\", \"name\": \"EPR\", \"visibility\": 1e400, \"evolution\": 0.5}}]}}"
    );
    match from_json_bytes(json.as_bytes()).unwrap_err() {
        LoadError::Syntax { line, message, .. } => {
            assert_eq!(line, 2);
            assert!(message.contains("out of range"), "{message}");
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

/// A map with one of each repairable problem, all named by component name.
fn broken_map_json() -> String {
    format!(
        r#"{{{HEADER}, "components": [
          {{"id": "c1", "name": "EPR", "visibility": 1.5, "evolution": 0.5}},
          {{"id": "c2", "name": "PAS", "visibility": 0.5, "evolution": 0.4}},
          {{"id": "c2", "name": "PACS", "visibility": 0.3, "evolution": 0.6}}
        ], "links": [
          {{"from": "c1", "to": "c2"}},
          {{"from": "c1", "to": "c9"}}
        ], "notes": [
          {{"id": "n1", "text": "off the map", "visibility": 0.5, "evolution": 2.0}}
        ]}}"#
    )
}

#[test]
fn a_map_with_content_problems_is_read_with_each_problem_once_by_name() {
    let json = broken_map_json();
    // Strict loading (check, tests) still refuses it.
    assert!(matches!(
        from_json_bytes(json.as_bytes()),
        Err(LoadError::Invalid(p)) if p.len() == 4
    ));
    let (map, problems) = from_json_bytes_with_problems(json.as_bytes()).unwrap();
    assert_eq!(map.components.len(), 3);
    let texts: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        texts,
        [
            "component 'EPR' (c1): visibility 1.5 is outside 0..1",
            "component 'PACS' (c2): duplicate id 'c2' (also used by 'PAS')",
            "link 'EPR' -> c9: \"to\" names 'c9', which is not a component on this map",
            "note n1: evolution 2 is outside 0..1",
        ]
    );
    let fixes: Vec<Option<Fix>> = problems.iter().map(|p| p.fix).collect();
    assert_eq!(
        fixes,
        [
            Some(Fix::ClampComponent(0)),
            Some(Fix::RenumberComponent(2)),
            Some(Fix::DropLink(1)),
            Some(Fix::ClampNote(0)),
        ]
    );
}

#[test]
fn each_repair_fixes_its_problem_and_undo_brings_it_back() {
    let (mut map, problems) = from_json_bytes_with_problems(broken_map_json().as_bytes()).unwrap();
    let original = map.clone();
    let mut history = History::new();
    // Repair the first remaining problem until none is left.
    let mut repairs = 0;
    while let Some(fix) = validate(&map).first().and_then(|p| p.fix) {
        history.apply(&mut map, Command::Repair(fix)).unwrap();
        repairs += 1;
        assert!(repairs <= problems.len(), "repairs never end: {fix:?}");
    }
    assert_eq!(repairs, 4);
    assert!(validate(&map).is_empty());
    // Clamped to the edge, renumbered with a fresh id, the dangling link dropped.
    assert_eq!(map.components[0].visibility, 1.0);
    assert_eq!(map.components[2].id.as_str(), "c3");
    assert_eq!(map.components[2].name, "PACS");
    assert_eq!(map.links.len(), 1);
    assert_eq!(map.links[0].to.as_str(), "c2");
    assert_eq!(map.notes[0].evolution, 1.0);
    // The repaired map loads strictly.
    from_json_bytes(&to_json_bytes(&map)).unwrap();
    for _ in 0..4 {
        history.undo(&mut map).unwrap();
    }
    assert_eq!(map.components, original.components);
    assert_eq!(map.links, original.links);
    assert_eq!(map.notes, original.notes);
}

#[test]
fn other_kinds_of_file_are_named() {
    let cases: [(&[u8], &str); 7] = [
        (
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
            "this is a PNG image, not an Estate Map file",
        ),
        (b"\xFF\xD8\xFF\xE0\0\x10JFIF", "this is a JPEG image"),
        (b"%PDF-1.7\n%\xE2\xE3", "this is a PDF document"),
        (
            b"PK\x03\x04\x14\0\0\0[Content_Types].xml xl/workbook.xml",
            "an Excel spreadsheet",
        ),
        (b"\xFF\xFE{\0\"\0f\0", "UTF-16 text"),
        (b"{\0\"\0f\0o\0r\0m\0a\0t\0\"\0", "UTF-16 text"),
        (b"PK\x03\x04\x14\0\0\0readme.txt", "a zip archive"),
    ];
    for (bytes, said) in cases {
        let err = from_json_bytes(bytes).unwrap_err();
        assert!(matches!(err, LoadError::OtherFormat(_)), "{err:?}");
        assert!(err.to_string().contains(said), "{err} / {said}");
    }
    // A UTF-8 byte order mark is not an error; a real syntax error keeps line and column.
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend(format!("{{{HEADER}}}").as_bytes());
    from_json_bytes(&with_bom).unwrap();
    let err = from_json_bytes(b"{\n  \"format\": \"estate-map\",\n  oops\n}").unwrap_err();
    assert!(
        matches!(
            err,
            LoadError::Syntax {
                line: 3,
                column: 3,
                ..
            }
        ),
        "{err:?}"
    );
}

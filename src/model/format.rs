//! File format v1: pretty JSON, `format` and `version` first, deterministic output.
//! See `docs/file-format.md`.

use super::error::{FileLoadError, LoadError, Problem};
use super::map::Map;
use super::validate::validate;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map as JsonObject, Value};
use std::path::Path;

pub const FORMAT_NAME: &str = "estate-map";
pub const CURRENT_VERSION: u64 = 1;
/// Far above any real estate (a 10,000-component map is about 5 MB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u64,
    #[serde(flatten)]
    map: &'a Map,
}

/// The map as file bytes: same map, same bytes.
pub fn to_json_bytes(map: &Map) -> Vec<u8> {
    let file = FileOut {
        format: FORMAT_NAME,
        version: CURRENT_VERSION,
        map,
    };
    let mut bytes = serde_json::to_vec_pretty(&file).expect("a map always serialises");
    bytes.push(b'\n');
    bytes
}

/// Reads and validates a map file.
pub fn load_file(path: &Path) -> Result<Map, FileLoadError> {
    let with_path = |error| FileLoadError {
        path: path.to_path_buf(),
        error,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| with_path(LoadError::Read(e)))?
        .len();
    check_size(size).map_err(with_path)?;
    let bytes = std::fs::read(path).map_err(|e| with_path(LoadError::Read(e)))?;
    from_json_bytes(&bytes).map_err(with_path)
}

fn check_size(size: u64) -> Result<(), LoadError> {
    if size > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(())
}

/// Parses, migrates and validates map bytes, reporting every problem found.
pub fn from_json_bytes(bytes: &[u8]) -> Result<Map, LoadError> {
    let (map, problems) = from_json_bytes_with_problems(bytes)?;
    if problems.is_empty() {
        Ok(map)
    } else {
        Err(LoadError::Invalid(problems))
    }
}

/// Like [`from_json_bytes`], but a map whose content has problems validation finds (a
/// dangling link, a duplicate id, a position off the map) is returned with them, for
/// the app to open and repair. Syntax errors and elements that cannot be read at all
/// are still errors.
pub fn from_json_bytes_with_problems(bytes: &[u8]) -> Result<(Map, Vec<Problem>), LoadError> {
    check_size(bytes.len() as u64)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::NotEstateMap("the file is empty".into()));
    }
    if let Some(kind) = other_format(bytes) {
        return Err(LoadError::OtherFormat(kind));
    }
    // A byte order mark, as some Windows editors write, is not part of the JSON.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: Value = serde_json::from_slice(bytes).map_err(|e| LoadError::Syntax {
        line: e.line(),
        column: e.column(),
        message: syntax_message(&e),
    })?;
    let map = parse_value(value)?;
    let problems = validate(&map);
    Ok((map, problems))
}

/// What a file is when its first bytes show it is not JSON text at all.
fn other_format(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF", "a PDF document"),
        (b"\xD0\xCF\x11\xE0", "an older Office file (.xls or .doc)"),
        (b"\xFF\xFE", "UTF-16 text (save it as UTF-8)"),
        (b"\xFE\xFF", "UTF-16 text (save it as UTF-8)"),
    ];
    if let Some((_, kind)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Some(kind);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let has = |name: &[u8]| bytes.windows(name.len()).any(|w| w == name);
        return Some(if has(b"xl/") {
            "an Excel spreadsheet (.xlsx)"
        } else if has(b"word/") {
            "a Word document (.docx)"
        } else {
            "a zip archive"
        });
    }
    // UTF-16 without a byte order mark: ASCII text with a zero byte beside every letter.
    let head = &bytes[..bytes.len().min(64)];
    let zeros = head.iter().filter(|b| **b == 0).count();
    if head.len() >= 4 && zeros * 3 >= head.len() {
        return Some(if zeros * 2 >= head.len() - 1 {
            "UTF-16 text (save it as UTF-8)"
        } else {
            "a binary file"
        });
    }
    None
}

fn syntax_message(e: &serde_json::Error) -> String {
    // serde_json appends " at line L column C"; the caller reports those separately.
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

pub fn from_json_value(value: Value) -> Result<Map, LoadError> {
    let map = parse_value(value)?;
    let problems = validate(&map);
    if problems.is_empty() {
        Ok(map)
    } else {
        Err(LoadError::Invalid(problems))
    }
}

/// Header, migrations and every element, without the semantic checks.
fn parse_value(value: Value) -> Result<Map, LoadError> {
    let Value::Object(mut object) = value else {
        return Err(LoadError::NotEstateMap(
            "the top level must be a JSON object".into(),
        ));
    };
    let version = read_header(&mut object)?;
    let object = migrate(object, version)?;
    let mut map = deserialize_collecting(object)?;
    // The lists grew while parsing; the map is kept as long as it is open.
    map.components.shrink_to_fit();
    map.links.shrink_to_fit();
    map.notes.shrink_to_fit();
    Ok(map)
}

/// Checks and removes `format` and `version`, returning the version.
fn read_header(object: &mut JsonObject<String, Value>) -> Result<u64, LoadError> {
    match object.remove("format") {
        Some(Value::String(f)) if f == FORMAT_NAME => {}
        Some(other) => {
            return Err(LoadError::NotEstateMap(format!(
                "\"format\" is {other}, expected \"{FORMAT_NAME}\""
            )));
        }
        None => {
            return Err(LoadError::NotEstateMap(format!(
                "there is no \"format\": \"{FORMAT_NAME}\" field"
            )));
        }
    }
    let version = match object.remove("version") {
        Some(v) => v.as_u64().filter(|v| *v >= 1).ok_or_else(|| {
            LoadError::NotEstateMap(format!(
                "\"version\" is {v}, expected a whole number from 1"
            ))
        })?,
        None => {
            return Err(LoadError::NotEstateMap(
                "there is no \"version\" field".into(),
            ));
        }
    };
    if version > CURRENT_VERSION {
        return Err(LoadError::NewerVersion {
            found: version,
            supported: CURRENT_VERSION,
        });
    }
    Ok(version)
}

/// One step per version: `MIGRATIONS[i]` turns a version `i + 1` file into `i + 2`.
type Migration = fn(JsonObject<String, Value>) -> JsonObject<String, Value>;
const MIGRATIONS: &[Migration] = &[];

/// Brings an older file's object up to the current version, step by step.
fn migrate(
    mut object: JsonObject<String, Value>,
    version: u64,
) -> Result<JsonObject<String, Value>, LoadError> {
    for step in MIGRATIONS.iter().skip(version as usize - 1) {
        object = step(object);
    }
    Ok(object)
}

/// Deserialises each component, link and note on its own so that every bad element is
/// reported, not just the first.
fn deserialize_collecting(mut object: JsonObject<String, Value>) -> Result<Map, LoadError> {
    let mut problems = Vec::new();
    let components = take_list(&mut object, "components", &mut problems);
    let links = take_list(&mut object, "links", &mut problems);
    let notes = take_list(&mut object, "notes", &mut problems);
    let header: Option<Map> = parse_part(&Value::Object(object), || "map".into(), &mut problems);
    if !problems.is_empty() {
        return Err(LoadError::Invalid(problems));
    }
    let mut map = header.expect("no problems means the header parsed");
    map.components = components;
    map.links = links;
    map.notes = notes;
    map.bump_next_id();
    Ok(map)
}

fn take_list<T: DeserializeOwned>(
    object: &mut JsonObject<String, Value>,
    key: &str,
    problems: &mut Vec<Problem>,
) -> Vec<T> {
    let items = match object.remove(key) {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(other) => {
            problems.push(Problem::new(
                key,
                format!("must be a list, found {}", kind_of(&other)),
            ));
            return Vec::new();
        }
    };
    let singular = key.trim_end_matches('s');
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| parse_part(item, || element_location(singular, i, item), problems))
        .collect()
}

/// `location` is only built when there is a problem to report.
fn parse_part<T: DeserializeOwned>(
    value: &Value,
    location: impl FnOnce() -> String,
    problems: &mut Vec<Problem>,
) -> Option<T> {
    match serde_path_to_error::deserialize(value) {
        Ok(v) => Some(v),
        Err(e) => {
            let path = e.path().to_string();
            let hint = format_hint(&path);
            let message = if path == "." {
                e.into_inner().to_string()
            } else {
                format!("field \"{path}\": {}{hint}", e.into_inner())
            };
            problems.push(Problem::new(location(), message));
            None
        }
    }
}

/// Date parsers say only "input contains invalid characters": name the format wanted.
fn format_hint(path: &str) -> &'static str {
    let field = path.rsplit('.').next().unwrap_or(path);
    match field {
        "end_of_support" | "contract_end" | "planned" => {
            " (expected a date written as YYYY-MM-DD, e.g. 2025-03-31)"
        }
        "created" | "modified" => " (expected a UTC date and time, e.g. 2026-03-02T09:30:00Z)",
        _ => "",
    }
}

/// "component #3 'EPR' (c3)": position in the file plus whatever names it carries.
fn element_location(singular: &str, index: usize, item: &Value) -> String {
    let mut location = format!("{singular} #{}", index + 1);
    if let Some(name) = item.get("name").and_then(Value::as_str) {
        location.push_str(&format!(" '{name}'"));
    }
    if let Some(id) = item.get("id").and_then(Value::as_str) {
        location.push_str(&format!(" ({id})"));
    }
    if let (Some(from), Some(to)) = (
        item.get("from").and_then(Value::as_str),
        item.get("to").and_then(Value::as_str),
    ) {
        location.push_str(&format!(" {from} -> {to}"));
    }
    location
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a true/false value",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

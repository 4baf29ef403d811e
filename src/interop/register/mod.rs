//! Asset registers (CSV, XLSX) -> `Map`: a trust's spreadsheet of systems seeds a map
//! or updates an estate. Both formats become one `Table` of text cells, then one
//! mapping step reads each row into a component with the field table's parsers
//! (`model::fields`, `loose_text` for register wording). See `docs/import.md`.

mod build;
mod columns;
mod read;
mod shelf;

pub use build::{
    CellProblem, Change, Imported, PossibleMatch, import, merge_into, possible_match_problems,
};
pub use columns::{Mapping, fold, label_of, targets};
pub use read::{read_csv, read_workbook, sheet_names};
pub use shelf::{SHELF_NOTE, shelf_slots};

use std::path::Path;

/// A sheet as rows of text; `number` is the row as the spreadsheet shows it (the
/// header is usually row 1).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub headers: Vec<String>,
    pub header_row: usize,
    pub rows: Vec<Row>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub number: usize,
    /// One per header.
    pub cells: Vec<String>,
}

impl Table {
    /// The first row with anything in it is the header; blank rows are left out, and
    /// cells beyond the header get headers "Column N".
    pub fn from_rows(rows: Vec<(usize, Vec<String>)>) -> Result<Self, String> {
        let blank = |cells: &[String]| cells.iter().all(|c| c.trim().is_empty());
        let mut rows = rows.into_iter().filter(|(_, cells)| !blank(cells));
        let (header_row, headers) = rows
            .next()
            .ok_or("there is no header row (no cells at all)")?;
        let mut headers: Vec<String> = headers.iter().map(|h| h.trim().to_string()).collect();
        let rows: Vec<Row> = rows.map(|(number, cells)| Row { number, cells }).collect();
        let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        for (i, header) in headers.iter_mut().enumerate() {
            if header.is_empty() {
                *header = format!("Column {}", i + 1);
            }
        }
        while headers.len() < width {
            headers.push(format!("Column {}", headers.len() + 1));
        }
        let rows = rows
            .into_iter()
            .map(|mut r| {
                r.cells.resize(headers.len(), String::new());
                r
            })
            .collect();
        Ok(Self {
            headers,
            header_row,
            rows,
        })
    }
}

/// Whether a file is a register this module reads, by its extension.
pub fn is_register(path: &Path) -> bool {
    matches!(
        extension(path).as_deref(),
        Some("csv" | "tsv" | "xlsx" | "xlsm" | "xls" | "ods")
    )
}

/// Whether a register file is a workbook (sheets) rather than CSV text.
pub fn is_workbook(path: &Path) -> bool {
    is_register(path) && !matches!(extension(path).as_deref(), Some("csv" | "tsv"))
}

/// Reads a register file's bytes by its extension: CSV text or a workbook.
pub fn read_table(path: &Path, bytes: &[u8], sheet: Option<&str>) -> Result<Table, String> {
    match extension(path).as_deref() {
        Some("csv" | "tsv") => read_csv(bytes),
        _ => read_workbook(bytes, sheet),
    }
}

/// The name a register is known by in `sources`: its file name.
pub fn source_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

#[cfg(test)]
mod tests {
    use crate::model::fields::{loose_text, parse_cost_loose, parse_date_loose};

    fn date(text: &str) -> Option<String> {
        parse_date_loose(text).map(|d| d.to_string())
    }

    #[test]
    fn uk_iso_and_excel_dates_are_read_day_first() {
        for text in [
            "31/03/2025",
            "31-03-2025",
            "31.03.2025",
            "31/3/25",
            "31-Mar-2025",
            "31 March 2025",
            "31 Mar 2025",
            "2025-03-31",
            "2025-03-31T00:00:00",
            "2025-03-31 12:30:00",
            "45747",
            "45747.5",
        ] {
            assert_eq!(date(text).as_deref(), Some("2025-03-31"), "{text}");
        }
        assert_eq!(date("1/9/2024").as_deref(), Some("2024-09-01"));
        assert_eq!(date("10 Sept 2024").as_deref(), Some("2024-09-10"));
        for bad in [
            "31/13/2025",
            "03/31/2025",
            "2025",
            "soon",
            "31 Smarch 2025",
            "1e9",
        ] {
            assert_eq!(date(bad), None, "{bad}");
        }
    }

    #[test]
    fn register_words_become_the_fields_labels() {
        let status = |t| loose_text("status", t).unwrap();
        assert_eq!(status("Live"), "Supported");
        assert_eq!(status("in-support"), "Supported");
        assert_eq!(status("EXTENDED SUPPORT"), "Extended support");
        assert_eq!(status("End of Life"), "Unsupported");
        assert_eq!(status("out_of_support"), "Unsupported");
        assert_eq!(status("Shadow IT"), "Shadow IT");
        assert_eq!(status(""), "Unknown");
        assert_eq!(
            status("Retired"),
            "Retired",
            "left for the field's parser to refuse"
        );
        let hosting = |t| loose_text("hosting", t).unwrap();
        assert_eq!(hosting("On-prem"), "On-premises");
        assert_eq!(hosting("SaaS"), "Cloud");
        assert_eq!(hosting("Supplier hosted"), "Third party");
        assert_eq!(loose_text("owner", " Jo ").unwrap(), "Jo");
        assert!(loose_text("end_of_support", "31/13/2025").is_err());
    }

    #[test]
    fn costs_take_pounds_separators_and_k_or_m() {
        assert_eq!(parse_cost_loose("\u{a3}12,500").unwrap(), Some(12_500.0));
        assert_eq!(parse_cost_loose("12500.00").unwrap(), Some(12_500.0));
        assert_eq!(parse_cost_loose("\u{a3}1.2k").unwrap(), Some(1_200.0));
        assert_eq!(parse_cost_loose("\u{a3}1.5M").unwrap(), Some(1_500_000.0));
        assert_eq!(parse_cost_loose("GBP 3,000").unwrap(), Some(3_000.0));
        assert_eq!(parse_cost_loose("").unwrap(), None);
        assert!(parse_cost_loose("about a grand").is_err());
        assert!(parse_cost_loose("-5").is_err());
    }
}

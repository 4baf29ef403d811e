//! Spreadsheet bytes -> a `Table` of text cells: CSV (UTF-8 with or without a BOM, or
//! Windows-1252 as Excel saves it; `,`, `;` or tab sniffed from the header line) and
//! workbooks through calamine (XLSX and the others it reads).

use super::Table;
use calamine::{Data, Reader};
use std::io::Cursor;

/// Reads CSV text; fails only when there is no header row.
pub fn read_csv(bytes: &[u8]) -> Result<Table, String> {
    let text = decode(bytes);
    let text = text.trim_start_matches('\u{feff}');
    let delimiter = sniff_delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    // A spreadsheet shows a quoted cell's line breaks within one row, but a blank line
    // as a row of its own (the csv reader skips it): count those back in.
    let mut records = Vec::new();
    let mut row = 0;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                // The record's position is where the last one ended, before the
                // blank lines skipped.
                let start = record.position().map_or(0, |p| p.byte() as usize);
                let rest = text.as_bytes().get(start..).unwrap_or_default();
                let blank = rest
                    .iter()
                    .take_while(|b| matches!(b, b'\n' | b'\r'))
                    .filter(|&&b| b == b'\n')
                    .count();
                row += 1 + blank;
                records.push((row, record.iter().map(str::to_string).collect()));
            }
            Err(e) => return Err(format!("row {}: {e}", row + 1)),
        }
    }
    Table::from_rows(records)
}

/// Reads the sheet named `sheet`, or the first one.
pub fn read_workbook(bytes: &[u8], sheet: Option<&str>) -> Result<Table, String> {
    // calamine 0.38 can panic on a damaged file (an overflowing cell reference, found
    // by the proptest in tests/register.rs); that is an unreadable file, not a crash.
    std::panic::catch_unwind(|| read_sheet(bytes, sheet))
        .unwrap_or_else(|_| Err("the workbook is damaged (a cell reference cannot be read)".into()))
}

/// The sheets of a workbook, in order (none for what is not one).
pub fn sheet_names(bytes: &[u8]) -> Vec<String> {
    std::panic::catch_unwind(|| {
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map(|b| b.sheet_names())
    })
    .ok()
    .and_then(Result::ok)
    .unwrap_or_default()
}

fn read_sheet(bytes: &[u8], sheet: Option<&str>) -> Result<Table, String> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format!("not a spreadsheet calamine can read ({e})"))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.eq_ignore_ascii_case(wanted))
            .cloned()
            .ok_or_else(|| {
                format!(
                    "there is no sheet \u{201C}{wanted}\u{201D}: the sheets are {}",
                    names.join(", ")
                )
            })?,
        None => names.first().cloned().ok_or("the workbook has no sheets")?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| format!("cannot read sheet \u{201C}{name}\u{201D}: {e}"))?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let rows = range.rows().enumerate().map(|(i, cells)| {
        (
            first_row + i + 1,
            cells.iter().map(cell_text).collect::<Vec<_>>(),
        )
    });
    Table::from_rows(rows.collect())
}

/// A cell as the text a register's reader would type: dates as ISO, whole numbers
/// without ".0".
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// UTF-8 when the bytes are; otherwise Windows-1252, what Excel writes as "CSV" on UK
/// Windows (a "£" is then the single byte A3).
fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// The delimiter used most on the first line outside quotes: `,` `;` or tab.
fn sniff_delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            _ if !quoted => {
                if let Some(entry) = counts.iter_mut().find(|(d, _)| char::from(*d) == c) {
                    entry.1 += 1;
                }
            }
            _ => {}
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .filter(|(_, n)| *n > 0)
        .map_or(b',', |(d, _)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_win_when_the_header_uses_them() {
        assert_eq!(
            sniff_delimiter("Name;Cost (\u{a3}1,000s);Status\nA;1,5;Live"),
            b';'
        );
        assert_eq!(sniff_delimiter("Name,Status"), b',');
        assert_eq!(sniff_delimiter("Name\tStatus"), b'\t');
        assert_eq!(sniff_delimiter("\"a;b\",c"), b',');
    }

    #[test]
    fn windows_1252_pounds_are_pounds() {
        assert_eq!(
            decode(b"\xa312,500 \x96 est."),
            "\u{a3}12,500 \u{2013} est."
        );
    }

    #[test]
    fn csv_rows_are_numbered_as_a_spreadsheet_shows_them() {
        // A quoted line break stays in its row; blank lines are rows of their own.
        let csv = "\u{feff}Name;Status\nEPR;Live\n\"PAS\nv2\";EOL\n\n\r\nPACS;Live\n";
        let table = read_csv(csv.as_bytes()).unwrap();
        assert_eq!(table.headers, ["Name", "Status"]);
        let rows: Vec<_> = table
            .rows
            .iter()
            .map(|r| (r.number, r.cells[0].as_str()))
            .collect();
        assert_eq!(rows, [(2, "EPR"), (3, "PAS\nv2"), (6, "PACS")]);
    }
}

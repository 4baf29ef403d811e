//! Names, numbers and brackets as OWM writes them.

/// OWM keywords; a link line starting with one is not read as a link, so such names
/// are quoted.
pub const KEYWORDS: &[&str] = &[
    "evolution",
    "anchor",
    "evolve",
    "component",
    "style",
    "build",
    "buy",
    "outsource",
    "title",
    "annotation",
    "annotations",
    "pipeline",
    "note",
    "pioneers",
    "settlers",
    "townplanners",
    "submap",
    "url",
    "accelerator",
    "deaccelerator",
    "size",
    "market",
    "ecosystem",
];

/// Parses a quoted name at the start of `s` (`"Multi\nline"`), returning it unescaped
/// and the text after the closing quote. `None` if `s` does not start with a quote or
/// the quote is never closed.
pub fn quoted(s: &str) -> Option<(String, &str)> {
    let body = s.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, ch)) = chars.next() {
        match ch {
            '"' => return Some((out, &body[i + 1..])),
            '\\' => match chars.next() {
                Some((_, 'n')) => out.push('\n'),
                Some((_, 'r')) => out.push('\r'),
                Some((_, 't')) => out.push('\t'),
                Some((_, c)) => out.push(c),
                None => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    None
}

/// A name as it appears in a link or at the start of a line: quotes removed and
/// escapes undone if it is quoted, else trimmed.
pub fn unquote(s: &str) -> String {
    let s = s.trim();
    match quoted(s) {
        Some((name, rest)) if rest.trim().is_empty() => name,
        _ => s.to_string(),
    }
}

/// Names compare as OWM compares them: case, line breaks and runs of spaces aside.
pub fn normalise(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// `name` made safe for OWM's line-based parser: what cannot be escaped is replaced
/// (the exact name then travels in the estate-map comment).
/// Line breaks stay: `write_name` quotes them as `\n`, which OWM reads in every name.
pub fn safe_name(name: &str) -> String {
    // OWM reads a tab in a name as a space.
    let mut s = without_comment_markers(&name.replace('\r', "").replace('\t', " "));
    for (from, to) in [
        ("->", "- >"),
        (";", ","),
        ("+<", "+ <"),
        ("+>", "+ >"),
        ("+'", "+ '"),
        ("label ", "Label "),
        ("inertia", "Inertia"),
        ("evolve ", "Evolve "),
        ("url(", "url ("),
        ("{", "("),
        ("}", ")"),
        // OWM takes a line's first '[' for its coordinates, even inside quotes.
        ("[", "("),
        ("]", ")"),
    ] {
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
    if s.trim().is_empty() {
        s = "Unnamed".into();
    }
    s
}

/// Free text made safe for one OWM line: no comment markers, no line breaks.
pub fn safe_text(text: &str) -> String {
    without_comment_markers(&text.replace(['\n', '\r'], " "))
}

fn without_comment_markers(text: &str) -> String {
    let mut s = text.to_string();
    while s.contains("//") || s.contains("/*") || s.contains("*/") {
        s = s
            .replace("//", "/ /")
            .replace("/*", "/ *")
            .replace("*/", "* /");
    }
    s
}

/// Note and annotation text as OWM can read it back: OWM takes the line's first `[`
/// for the coordinates and the last `]` as their end.
pub fn safe_note(text: &str) -> String {
    safe_text(text).replace('[', "(").replace(']', ")")
}

/// A safe name written for OWM, quoted and escaped where its parser needs it.
pub fn write_name(name: &str) -> String {
    let starts_with_keyword = KEYWORDS.iter().any(|k| name.starts_with(k));
    let needs_quotes = name.contains(['[', ']', '"', '\\', '\n', '\r', '\t'])
        || name.trim() != name
        || starts_with_keyword;
    if !needs_quotes {
        return name.to_string();
    }
    let mut out = String::from("\"");
    for ch in name.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Shortest text that reads back as exactly `value`.
pub fn number(value: f64) -> String {
    format!("{value}")
}

/// A number with a decimal point, as OWM's evolve and Mermaid's grammar want.
pub fn decimal(value: f64) -> String {
    let s = number(value);
    if s.contains('.') { s } else { format!("{s}.0") }
}

/// The first `[...]` in `s`: (text before, inside, text after).
pub fn bracket(s: &str) -> Option<(&str, &str, &str)> {
    let open = s.find('[')?;
    let close = open + s[open..].find(']')?;
    Some((&s[..open], &s[open + 1..close], &s[close + 1..]))
}

/// Comma-separated numbers; `None` for an entry that is not a number.
pub fn numbers(inside: &str) -> Vec<Option<f64>> {
    inside
        .split(',')
        .map(|p| p.trim().parse::<f64>().ok().filter(|v| v.is_finite()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_names_unescape_and_return_the_rest() {
        let (name, rest) = quoted(r#""Multi\nline \"x\" \[y\]" [0.5, 0.4]"#).unwrap();
        assert_eq!(name, "Multi\nline \"x\" [y]");
        assert_eq!(rest, " [0.5, 0.4]");
        assert_eq!(quoted("\"open"), None);
    }

    #[test]
    fn written_names_read_back() {
        for name in [
            "EPR",
            "Multi\nline",
            "A [b]",
            "note taker",
            " padded",
            "q\"x\\",
        ] {
            let written = write_name(name);
            assert_eq!(unquote(&written), name, "{written}");
        }
        assert_eq!(write_name("EPR (Cerner)"), "EPR (Cerner)");
    }

    #[test]
    fn safe_names_lose_only_what_owm_cannot_read() {
        assert_eq!(safe_name("A->B; C"), "A- >B, C");
        assert_eq!(safe_name("Drug label printer"), "Drug Label printer");
        assert_eq!(safe_name("http://x"), "http:/ /x");
        assert_eq!(safe_name("PAS"), "PAS");
        assert_eq!(safe_name("Lab [old]"), "Lab (old)");
    }

    #[test]
    fn numbers_round_trip_and_decimals_have_a_point() {
        assert_eq!(number(0.1), "0.1");
        assert_eq!(decimal(1.0), "1.0");
        assert_eq!(numbers(" 0.5, x ,1"), vec![Some(0.5), None, Some(1.0)]);
    }
}

//! Aligned text columns, the whole of vboxctl's table support. Meaning never depends on
//! colour, and control characters in cells are escaped so one machine is always one line.

use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// Rows under upper-case headers, columns left-aligned and separated by two spaces.
#[derive(Debug, Clone)]
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// An empty table with these column headers.
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Add a row; missing cells are blank, extra cells are a bug in the caller.
    pub fn row(&mut self, cells: impl IntoIterator<Item = String>) {
        let mut cells: Vec<String> = cells.into_iter().map(|c| escape(&c)).collect();
        debug_assert!(cells.len() <= self.headers.len(), "more cells than headers");
        cells.resize(self.headers.len(), String::new());
        self.rows.push(cells);
    }

    /// The table as text, one line per row after the header, each ending in a newline.
    /// The last column is not padded, so lines carry no trailing blanks.
    pub fn render(&self) -> String {
        let lines: Vec<&Vec<String>> = std::iter::once(&self.headers).chain(&self.rows).collect();
        let widths: Vec<usize> = (0..self.headers.len())
            .map(|i| lines.iter().map(|l| l[i].width()).max().unwrap_or(0))
            .collect();
        let mut out = String::new();
        for line in lines {
            let mut text = String::new();
            for (i, cell) in line.iter().enumerate() {
                if i + 1 == line.len() {
                    text.push_str(cell);
                } else {
                    let _ = write!(text, "{cell}{:pad$}  ", "", pad = widths[i] - cell.width());
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        }
        out
    }
}

/// `key: value` lines with the values aligned, for one object (`show`, `version`). Lines of
/// multi-line values after the first are indented under the first.
pub fn fields(pairs: &[(&str, String)]) -> String {
    let width = pairs.iter().map(|(k, _)| k.width()).max().unwrap_or(0) + 1;
    let mut out = String::new();
    for (key, value) in pairs {
        let label = format!("{key}:");
        let mut lines = value.lines();
        let first = lines.next().unwrap_or("");
        let line = format!("{label:width$} {}", escape(first));
        out.push_str(line.trim_end());
        out.push('\n');
        for more in lines {
            let _ = writeln!(out, "{:width$} {}", "", escape(more));
        }
    }
    out
}

/// Indent every line of `text` by `n` spaces (for tables nested under `show`'s fields).
pub fn indent(text: &str, n: usize) -> String {
    text.lines().map(|l| format!("{:n$}{l}\n", "")).collect()
}

/// Control characters (newlines, tabs, escapes) as Rust-style escapes, so a cell cannot break
/// the layout or drive the terminal.
fn escape(cell: &str) -> String {
    if !cell.chars().any(char::is_control) {
        return cell.to_string();
    }
    cell.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_columns_but_not_the_last() {
        let mut t = Table::new(&["NAME", "STATE", "ID"]);
        t.row(["web1".to_string(), "Running".into(), "1234".into()]);
        t.row([
            "a much longer name".to_string(),
            "PoweredOff".into(),
            "5".into(),
        ]);
        assert_eq!(
            t.render(),
            "NAME                STATE       ID\n\
             web1                Running     1234\n\
             a much longer name  PoweredOff  5\n"
        );
    }

    #[test]
    fn wide_characters_and_blank_last_cells() {
        let mut t = Table::new(&["NAME", "NOTE"]);
        t.row(["雪だるま".to_string(), String::new()]);
        t.row(["x".to_string()]);
        assert_eq!(t.render(), "NAME      NOTE\n雪だるま\nx\n");
    }

    #[test]
    fn escapes_control_characters() {
        let mut t = Table::new(&["NAME", "X"]);
        t.row(["two\nlines".to_string(), "\u{1b}[31m".into()]);
        assert_eq!(t.render(), "NAME        X\ntwo\\nlines  \\u{1b}[31m\n");
    }

    #[test]
    fn empty_table_is_just_the_header() {
        let t = Table::new(&["A", "B"]);
        assert_eq!(t.render(), "A  B\n");
    }

    #[test]
    fn fields_align_and_indent_continuations() {
        let text = fields(&[
            ("Name", "web1".to_string()),
            ("Description", "first\nsecond".to_string()),
            ("Groups", String::new()),
        ]);
        assert_eq!(
            text,
            "Name:        web1\nDescription: first\n             second\nGroups:\n"
        );
        assert_eq!(indent("a\nb\n", 2), "  a\n  b\n");
    }
}

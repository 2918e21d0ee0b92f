//! Reading a parsed TOML document key by key, so that every error names the file, the line and
//! column, and the dotted key: an unknown key points at the key, a bad value at the value.

use crate::diagnostic::{Error, Result, Source};
use std::ops::Range;
use toml_edit::{Item, TableLike, Value};

/// Parse `text`; a syntax error becomes a diagnostic at its place.
pub(crate) fn parse_document(src: Source<'_>) -> Result<toml_edit::ImDocument<&str>> {
    toml_edit::ImDocument::parse(src.text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        // toml_edit's message has a line per detail ("invalid table header", "expected `.`,
        // `]`"); the diagnostic is one line.
        let message: Vec<&str> = e
            .message()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        src.error(
            at,
            None,
            format!("invalid TOML: {}", message.join(": ")),
            None,
        )
    })
}

/// A table of the document, with its dotted path and where it starts.
#[derive(Clone)]
pub(crate) struct Table<'a> {
    pub(crate) src: Source<'a>,
    /// `profiles.web`, `machines[1]`; empty for the document root.
    pub(crate) path: String,
    pub(crate) table: &'a dyn TableLike,
    /// Where errors about the table as a whole go (a missing key).
    pub(crate) at: usize,
}

/// A value with the byte offset it starts at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Spanned<T> {
    pub(crate) value: T,
    pub(crate) at: usize,
}

fn start(span: Option<Range<usize>>) -> Option<usize> {
    span.map(|s| s.start)
}

impl<'a> Table<'a> {
    /// The dotted key of `key` in this table.
    pub(crate) fn key_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// Where `key`'s value starts (else the key, else the table).
    fn value_at(&self, key: &str) -> usize {
        self.table
            .get_key_value(key)
            .and_then(|(k, item)| start(item.span()).or_else(|| start(k.span())))
            .unwrap_or(self.at)
    }

    /// Where `key` itself starts (else the table).
    pub(crate) fn key_at(&self, key: &str) -> usize {
        self.table
            .get_key_value(key)
            .and_then(|(k, _)| start(k.span()))
            .unwrap_or(self.at)
    }

    /// An error about `key`'s value.
    pub(crate) fn error(
        &self,
        key: &str,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Error {
        self.src
            .error(self.value_at(key), Some(&self.key_path(key)), message, hint)
    }

    /// An error about the key `key` (it should not be there).
    pub(crate) fn key_error(
        &self,
        key: &str,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Error {
        self.src
            .error(self.key_at(key), Some(&self.key_path(key)), message, hint)
    }

    /// Every key must be one of `known`; `refuse` may reject a key with its own message
    /// before the generic "unknown key" one.
    pub(crate) fn check_keys(
        &self,
        known: &[&str],
        refuse: impl Fn(&str) -> Option<(String, Option<String>)>,
    ) -> Result<()> {
        for (key, _) in self.table.iter() {
            if known.contains(&key) {
                continue;
            }
            if let Some((message, hint)) = refuse(key) {
                return Err(self.key_error(key, message, hint));
            }
            let hint = match closest(key, known) {
                Some(near) => format!("did you mean `{near}`? known keys: {}", known.join(", ")),
                None => format!("known keys: {}", known.join(", ")),
            };
            return Err(self.key_error(key, "unknown key", Some(hint)));
        }
        Ok(())
    }

    fn item(&self, key: &str) -> Option<&'a Item> {
        self.table.get(key).filter(|i| !i.is_none())
    }

    fn wrong_type(&self, key: &str, expected: &str, item: &Item) -> Error {
        self.error(
            key,
            format!("expected {expected}, found {}", item.type_name()),
            None,
        )
    }

    /// A string value.
    pub(crate) fn string(&self, key: &str) -> Result<Option<Spanned<String>>> {
        let Some(item) = self.item(key) else {
            return Ok(None);
        };
        match item.as_str() {
            Some(s) => Ok(Some(Spanned {
                value: s.to_string(),
                at: self.value_at(key),
            })),
            None => Err(self.wrong_type(key, "a string", item)),
        }
    }

    /// A string that must be there.
    pub(crate) fn required_string(&self, key: &str, what: &str) -> Result<Spanned<String>> {
        match self.string(key)? {
            Some(s) if !s.value.trim().is_empty() => Ok(s),
            Some(_) => Err(self.error(key, format!("{what} must not be empty"), None)),
            None => Err(self.src.error(
                self.at,
                Some(&self.key_path(key)),
                format!("missing: {what}"),
                None,
            )),
        }
    }

    /// A boolean.
    pub(crate) fn bool(&self, key: &str) -> Result<Option<bool>> {
        let Some(item) = self.item(key) else {
            return Ok(None);
        };
        item.as_bool()
            .map(Some)
            .ok_or_else(|| self.wrong_type(key, "true or false", item))
    }

    /// An integer in `range`; `unit` is said in the message (`MB`, `seconds`).
    pub(crate) fn integer(
        &self,
        key: &str,
        range: std::ops::RangeInclusive<i64>,
        unit: &str,
    ) -> Result<Option<i64>> {
        let Some(item) = self.item(key) else {
            return Ok(None);
        };
        let expected = format!(
            "an integer from {} to {} ({unit})",
            range.start(),
            range.end()
        );
        match item.as_integer() {
            Some(n) if range.contains(&n) => Ok(Some(n)),
            Some(n) => Err(self.error(
                key,
                format!("{n} is out of range: expected {expected}"),
                None,
            )),
            None => Err(self.wrong_type(key, &expected, item)),
        }
    }

    /// An array of strings.
    pub(crate) fn strings(&self, key: &str) -> Result<Option<Vec<Spanned<String>>>> {
        let Some(item) = self.item(key) else {
            return Ok(None);
        };
        let Some(array) = item.as_array() else {
            return Err(self.wrong_type(key, "an array of strings", item));
        };
        let mut out = Vec::with_capacity(array.len());
        for (i, value) in array.iter().enumerate() {
            let at = start(value.span()).unwrap_or_else(|| self.value_at(key));
            match value {
                Value::String(s) => out.push(Spanned {
                    value: s.value().clone(),
                    at,
                }),
                other => {
                    return Err(self.src.error(
                        at,
                        Some(&format!("{}[{i}]", self.key_path(key))),
                        format!("expected a string, found {}", other.type_name()),
                        None,
                    ))
                }
            }
        }
        Ok(Some(out))
    }

    /// The sub-tables of table `key` (`[hosts.NAME]`), in file order.
    pub(crate) fn named_tables(&self, key: &str) -> Result<Vec<(String, Table<'a>)>> {
        let Some(outer) = self.sub_table(key)? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for (name, _) in outer.table.iter() {
            let Some(inner) = outer.sub_table(name)? else {
                continue;
            };
            out.push((name.to_string(), inner));
        }
        Ok(out)
    }

    /// The table under `key`.
    pub(crate) fn sub_table(&self, key: &str) -> Result<Option<Table<'a>>> {
        let Some(item) = self.item(key) else {
            return Ok(None);
        };
        let Some(table) = item.as_table_like() else {
            return Err(self.wrong_type(key, "a table", item));
        };
        Ok(Some(Table {
            src: self.src,
            path: self.key_path(key),
            table,
            at: start(item.span()).unwrap_or_else(|| self.key_at(key)),
        }))
    }

    /// The tables of an array of tables (`[[machines]]`).
    pub(crate) fn table_array(&self, key: &str) -> Result<Vec<Table<'a>>> {
        let Some(item) = self.item(key) else {
            return Ok(Vec::new());
        };
        let Some(array) = item.as_array_of_tables() else {
            return Err(self.error(
                key,
                format!(
                    "expected an array of tables ([[{}]]), found {}",
                    self.key_path(key),
                    item.type_name()
                ),
                None,
            ));
        };
        Ok(array
            .iter()
            .enumerate()
            .map(|(i, table)| Table {
                src: self.src,
                path: format!("{}[{i}]", self.key_path(key)),
                table,
                at: start(table.span()).unwrap_or(self.at),
            })
            .collect())
    }
}

/// The known key closest to `key` (at most two edits away).
fn closest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (edit_distance(key, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

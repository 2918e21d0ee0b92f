//! Errors and warnings that point into a file: `FILE:LINE:COLUMN: KEY: message`, with a hint.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in a configuration or map file, at a place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file.
    pub file: PathBuf,
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// The dotted key (`profiles.web.memory`, `machines[2].count`); `None` for syntax errors.
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: ", self.file.display(), self.line, self.column)?;
        if let Some(key) = &self.key {
            write!(f, "{key}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Why a file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read.
    #[error("cannot read {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid: syntax, an unknown key, a bad value.
    #[error("{0}")]
    Invalid(Box<Diagnostic>),
    /// Something outside any file is wrong (an environment variable, a missing password
    /// file).
    #[error("{message}")]
    Setting {
        /// What is wrong, naming the variable or file.
        message: String,
        /// What to do about it.
        hint: Option<String>,
    },
}

impl Error {
    /// What the user can do about it, when we know.
    pub fn hint(&self) -> Option<&str> {
        match self {
            Error::Invalid(d) => d.hint.as_deref(),
            Error::Setting { hint, .. } => hint.as_deref(),
            Error::Read { .. } => None,
        }
    }

    /// The diagnostic of an invalid file.
    pub fn diagnostic(&self) -> Option<&Diagnostic> {
        match self {
            Error::Invalid(d) => Some(d),
            _ => None,
        }
    }
}

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A file's text, to turn byte offsets into lines and columns.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Source<'a> {
    pub(crate) path: &'a Path,
    pub(crate) text: &'a str,
}

impl Source<'_> {
    /// A diagnostic at byte offset `at` (clamped to the text).
    pub(crate) fn diagnostic(
        &self,
        at: usize,
        key: Option<&str>,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Diagnostic {
        let at = at.min(self.text.len());
        let before = &self.text[..floor_char_boundary(self.text, at)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Diagnostic {
            file: self.path.to_path_buf(),
            line,
            column: before[line_start..].chars().count() + 1,
            key: key.map(str::to_string),
            message: message.into(),
            hint,
        }
    }

    /// An [`Error::Invalid`] at byte offset `at`.
    pub(crate) fn error(
        &self,
        at: usize,
        key: Option<&str>,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Error {
        Error::Invalid(Box::new(self.diagnostic(at, key, message, hint)))
    }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let src = Source {
            path: Path::new("c.toml"),
            text: "a = 1\nbé = 2\n",
        };
        let d = src.diagnostic(0, None, "x", None);
        assert_eq!((d.line, d.column), (1, 1));
        let d = src.diagnostic(11, Some("b"), "x", None);
        assert_eq!((d.line, d.column), (2, 5), "columns count characters");
        assert_eq!(d.to_string(), "c.toml:2:5: b: x");
        let d = src.diagnostic(999, None, "x", None);
        assert_eq!((d.line, d.column), (3, 1));
    }
}

//! The one error type of the codec.

use crate::fault::Fault;
use crate::xml::XmlError;

/// A place in a document: byte offset and the 1-based line and column (in characters) it is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Byte offset from the start of the document.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `doc` (clamped to its length).
    pub fn at(doc: &[u8], offset: usize) -> Position {
        let offset = offset.min(doc.len());
        let before = &doc[..offset];
        let line_start = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let line = 1 + before.iter().filter(|b| **b == b'\n').count();
        // Count characters, not bytes: UTF-8 continuation bytes do not start a character.
        let column = 1 + before[line_start..]
            .iter()
            .filter(|b| (**b & 0xC0) != 0x80)
            .count();
        Position {
            offset,
            line,
            column,
        }
    }
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {} (byte {})",
            self.line, self.column, self.offset
        )
    }
}

/// Everything that can go wrong writing or reading an envelope.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SoapError {
    /// A value or name to be written cannot be carried by XML 1.0.
    #[error("cannot write {what}: {source}")]
    Xml {
        /// What was being written (`parameter "name"`, `faultstring`, …).
        what: String,
        /// Why.
        source: XmlError,
    },
    /// The body is larger than [`crate::Limits::max_body_bytes`]; nothing was parsed.
    #[error("SOAP body of {size} bytes exceeds the limit of {max} bytes")]
    TooLarge {
        /// Size of the body.
        size: usize,
        /// The configured limit.
        max: usize,
    },
    /// The body is not well-formed XML (or not UTF-8, or nested deeper than the limit).
    #[error("malformed XML at {position}: {message}")]
    Malformed {
        /// Where the problem was found.
        position: Position,
        /// What is wrong.
        message: String,
        /// The qualified name of the element inside `Body` when the parser got that far. A
        /// gSOAP server dispatches on it before it reads the rest, which is why vboxwebsrv
        /// answers an unclosed `<unclosed>` with "Method 'unclosed' not implemented".
        body_element: Option<String>,
    },
    /// Well-formed (as far as read) but not a SOAP 1.1 envelope: an HTML error page, plain text,
    /// an empty body, another root element, a SOAP 1.2 envelope, an empty `Body`.
    #[error("not a SOAP 1.1 envelope: {found}")]
    NotSoap {
        /// What was found instead.
        found: String,
    },
    /// The element in `Body` is not the expected one (e.g. `IMachine_getNameResponse` when the
    /// answer to `IMachine_getState` was expected).
    #[error("expected element {expected}, found {found}")]
    UnexpectedElement {
        /// `{namespace}name` that was expected.
        expected: String,
        /// `{namespace}name` that was found.
        found: String,
    },
    /// The server answered with a SOAP fault.
    #[error("SOAP fault: {0}")]
    Fault(Fault),
    /// A child element that must be present is not (`Elements::get_as`, fault details).
    #[error("element <{name}> is missing")]
    MissingElement {
        /// Its name.
        name: String,
    },
    /// A child element's text does not parse as the expected type.
    #[error("element <{name}> holds {value:?}, which is not a valid {expected}")]
    BadValue {
        /// Its name.
        name: String,
        /// The text.
        value: String,
        /// The expected type (`i32`, `bool`, …).
        expected: String,
    },
}

impl SoapError {
    /// The fault, when this error is one.
    pub fn as_fault(&self) -> Option<&Fault> {
        match self {
            SoapError::Fault(fault) => Some(fault),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let doc = "ab\ncdé\nfg".as_bytes();
        assert_eq!(
            Position::at(doc, 0),
            Position {
                offset: 0,
                line: 1,
                column: 1
            }
        );
        let p = Position::at(doc, 7); // just after 'é' (2 bytes) on line 2
        assert_eq!((p.line, p.column), (2, 4));
        assert_eq!(Position::at(doc, 999).offset, doc.len());
        assert_eq!(p.to_string(), "line 2, column 4 (byte 7)");
    }
}

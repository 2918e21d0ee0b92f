//! Escaping of everything that goes into XML, and the checks that keep a value XML 1.0 cannot
//! carry from being sent at all.
//!
//! XML 1.0 has no way to carry most C0 control characters (not even as `&#1;`), so a value with
//! one is rejected with [`XmlError::InvalidChar`] instead of producing a document the other side
//! would refuse or silently alter. `\r` is sent as `&#xD;` because a parser turns a literal CR
//! (and CRLF) into LF; in attribute values `\t` and `\n` are escaped too, because attribute
//! normalisation turns them into spaces.

use std::borrow::Cow;

/// A value or name that cannot be written into an XML 1.0 document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    /// The text holds a character XML 1.0 cannot carry (a C0 control other than tab, LF and CR,
    /// or U+FFFE/U+FFFF). `offset` is the byte offset in the value.
    #[error("character U+{:04X} at byte {offset} cannot be carried by XML 1.0", u32::from(*ch))]
    InvalidChar {
        /// The offending character.
        ch: char,
        /// Its byte offset in the value.
        offset: usize,
    },
    /// An element name that is not an XML name without a prefix (an NCName), e.g. empty or
    /// containing `<`, a space or `:`.
    #[error("{name:?} is not a valid XML element name")]
    InvalidName {
        /// The rejected name.
        name: String,
    },
}

/// Whether XML 1.0 can carry `c` (its production `Char`).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Checks that every character of `value` can be carried by XML 1.0.
///
/// # Errors
/// [`XmlError::InvalidChar`] naming the first character that cannot.
pub fn check_chars(value: &str) -> Result<(), XmlError> {
    match value.char_indices().find(|(_, c)| !is_xml_char(*c)) {
        Some((offset, ch)) => Err(XmlError::InvalidChar { ch, offset }),
        None => Ok(()),
    }
}

/// `value` escaped for element content: `& < > " '` become entity references and `\r` becomes
/// `&#xD;`. Borrowed when nothing needed escaping.
///
/// # Errors
/// [`XmlError::InvalidChar`] when `value` holds a character XML 1.0 cannot carry.
pub fn escape_text(value: &str) -> Result<Cow<'_, str>, XmlError> {
    escape(value, Mode::Text)
}

/// `value` escaped for element content the way gSOAP writes it: `& < >` and `\r` only, quotes
/// and apostrophes kept as they are, and the other C0 control characters as character
/// references (`&#x1;`), which is what vboxwebsrv 7.2.22 puts in a faultstring that quotes a
/// reference holding one; gSOAP does not check for U+FFFE/U+FFFF either.
///
/// # Errors
/// [`XmlError::InvalidChar`] for NUL, which ends a C string and so never reaches gSOAP's
/// writer.
pub fn escape_text_gsoap(value: &str) -> Result<Cow<'_, str>, XmlError> {
    escape(value, Mode::GsoapText)
}

/// `value` escaped for an attribute value in double or single quotes: as [`escape_text`], plus
/// `\t` and `\n` as character references so that attribute normalisation keeps them.
///
/// # Errors
/// [`XmlError::InvalidChar`] when `value` holds a character XML 1.0 cannot carry.
pub fn escape_attr(value: &str) -> Result<Cow<'_, str>, XmlError> {
    escape(value, Mode::Attribute)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Text,
    GsoapText,
    Attribute,
}

fn escape(value: &str, mode: Mode) -> Result<Cow<'_, str>, XmlError> {
    let gsoap = mode == Mode::GsoapText;
    if gsoap {
        if let Some(offset) = value.find('\0') {
            return Err(XmlError::InvalidChar { ch: '\0', offset });
        }
    } else {
        check_chars(value)?;
    }
    let attribute = mode == Mode::Attribute;
    let control = |c: char| c < ' ' && !matches!(c, '\t' | '\n' | '\r');
    let needs = |c: char| match c {
        '&' | '<' | '>' | '\r' => true,
        c if control(c) => true,
        '"' | '\'' => mode != Mode::GsoapText,
        '\t' | '\n' => attribute,
        _ => false,
    };
    let Some(first) = value.find(needs) else {
        return Ok(Cow::Borrowed(value));
    };
    let mut out = String::with_capacity(value.len() + 16);
    out.push_str(&value[..first]);
    for c in value[first..].chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if mode != Mode::GsoapText => out.push_str("&quot;"),
            '\'' if mode != Mode::GsoapText => out.push_str("&apos;"),
            '\r' => out.push_str("&#xD;"),
            '\t' if attribute => out.push_str("&#x9;"),
            '\n' if attribute => out.push_str("&#xA;"),
            c if control(c) => out.push_str(&format!("&#x{:x};", u32::from(c))),
            other => out.push(other),
        }
    }
    Ok(Cow::Owned(out))
}

/// Checks that `name` can be written as an unprefixed element name (an XML NCName: a letter or
/// `_` first, then letters, digits, `_`, `-`, `.`). Operation and parameter names of the
/// VirtualBox API all are; a name built from user input would not be.
///
/// # Errors
/// [`XmlError::InvalidName`].
pub fn check_name(name: &str) -> Result<(), XmlError> {
    let mut chars = name.chars();
    let start_ok = chars.next().is_some_and(|c| c == '_' || c.is_alphabetic());
    if start_ok && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.')) {
        Ok(())
    } else {
        Err(XmlError::InvalidName {
            name: name.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_markup_characters_and_cr() {
        assert_eq!(
            escape_text("a&b<c>d\"e'f\rg\th\ni").unwrap(),
            "a&amp;b&lt;c&gt;d&quot;e&apos;f&#xD;g\th\ni"
        );
        assert_eq!(escape_attr("x\ty\nz\"").unwrap(), "x&#x9;y&#xA;z&quot;");
        assert!(matches!(escape_text("plain ü").unwrap(), Cow::Borrowed(_)));
        assert_eq!(
            escape_text_gsoap("named 'x' \"y\" <&>\r\n").unwrap(),
            "named 'x' \"y\" &lt;&amp;&gt;&#xD;\n"
        );
    }

    #[test]
    fn rejects_characters_xml_cannot_carry() {
        assert_eq!(
            escape_text("ab\u{1}").unwrap_err(),
            XmlError::InvalidChar {
                ch: '\u{1}',
                offset: 2
            }
        );
        for bad in [
            '\0', '\u{8}', '\u{b}', '\u{c}', '\u{1f}', '\u{fffe}', '\u{ffff}',
        ] {
            assert!(check_chars(&format!("x{bad}")).is_err(), "{bad:?}");
        }
        for good in ['\t', '\n', '\r', ' ', '\u{d7ff}', '\u{e000}', '\u{1f600}'] {
            assert!(check_chars(&format!("x{good}")).is_ok(), "{good:?}");
        }
        let message = escape_attr("\u{7}").unwrap_err().to_string();
        assert_eq!(
            message,
            "character U+0007 at byte 0 cannot be carried by XML 1.0"
        );
    }

    #[test]
    fn element_names_are_ncnames() {
        for good in ["_this", "returnval", "IMachine_getState", "a-b.c", "名前"] {
            assert!(check_name(good).is_ok(), "{good}");
        }
        for bad in ["", "1abc", "a b", "a<b", "vbox:x", "-x"] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }
}

//! Managed object references: `"%016llx-%016llx"` = websession id, `-`, object id (33
//! characters, lowercase hex). Object ids count up from 1 per websession (the `logon` answer is
//! `<session>-0000000000000001`). The null reference is the empty string.

use std::fmt;
use std::str::FromStr;

/// A non-null managed object reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectRef {
    session: u64,
    object: u64,
}

/// Why a string is not a managed object reference.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a managed object reference (expected 16 hex digits, '-', 16 hex digits)")]
pub struct MorError {
    /// The rejected text.
    pub text: String,
}

/// Length of a reference on the wire.
pub const MOR_LEN: usize = 33;

impl ObjectRef {
    /// The reference of object `object` in websession `session`.
    pub fn new(session: u64, object: u64) -> ObjectRef {
        ObjectRef { session, object }
    }

    /// The websession id (the part before `-`).
    pub fn session(&self) -> u64 {
        self.session
    }

    /// The object id within the websession (the part after `-`).
    pub fn object(&self) -> u64 {
        self.object
    }

    /// Whether `other` belongs to the same websession.
    pub fn same_session(&self, other: &ObjectRef) -> bool {
        self.session == other.session
    }

    /// Parses a possibly-null reference: `""` is `None`.
    ///
    /// # Errors
    /// [`MorError`] for anything else that is not a reference.
    pub fn parse_nullable(text: &str) -> Result<Option<ObjectRef>, MorError> {
        if text.is_empty() {
            Ok(None)
        } else {
            text.parse().map(Some)
        }
    }
}

/// The wire form of a possibly-null reference (`""` for `None`).
pub fn format_nullable(reference: Option<&ObjectRef>) -> String {
    reference.map(ObjectRef::to_string).unwrap_or_default()
}

impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}-{:016x}", self.session, self.object)
    }
}

impl FromStr for ObjectRef {
    type Err = MorError;

    /// Parses exactly 16 hex digits, `-`, 16 hex digits. Upper-case digits are accepted, as
    /// vboxwebsrv's own parser (`RTStrToUInt64Full`, base 16) accepts them; formatting is
    /// always lowercase.
    fn from_str(text: &str) -> Result<ObjectRef, MorError> {
        let error = || MorError {
            text: text.to_string(),
        };
        let bytes = text.as_bytes();
        if bytes.len() != MOR_LEN || bytes[16] != b'-' {
            return Err(error());
        }
        let part = |s: &str| {
            if s.bytes().all(|b| b.is_ascii_hexdigit()) {
                u64::from_str_radix(s, 16).map_err(|_| error())
            } else {
                Err(error())
            }
        };
        Ok(ObjectRef {
            session: part(&text[..16])?,
            object: part(&text[17..])?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats_the_wire_form() {
        let r: ObjectRef = "b8a4761c5b5f3e71-000000000000000a".parse().unwrap();
        assert_eq!(r.session(), 0xb8a4_761c_5b5f_3e71);
        assert_eq!(r.object(), 10);
        assert_eq!(r.to_string(), "b8a4761c5b5f3e71-000000000000000a");
        assert_eq!(ObjectRef::new(1, 2).to_string().len(), MOR_LEN);
        assert_eq!(
            "B8A4761C5B5F3E71-000000000000000A"
                .parse::<ObjectRef>()
                .unwrap(),
            r
        );
        assert!(r.same_session(&ObjectRef::new(r.session(), 1)));
    }

    #[test]
    fn null_is_the_empty_string() {
        assert_eq!(ObjectRef::parse_nullable("").unwrap(), None);
        assert_eq!(format_nullable(None), "");
        let r = ObjectRef::new(u64::MAX, 1);
        assert_eq!(
            format_nullable(Some(&r)),
            "ffffffffffffffff-0000000000000001"
        );
    }

    #[test]
    fn rejects_what_is_not_a_reference() {
        for bad in [
            "b8a4761c5b5f3e71",
            "b8a4761c5b5f3e71-00000000000000",
            "b8a4761c5b5f3e71_0000000000000001",
            "+8a4761c5b5f3e71-0000000000000001",
            "b8a4761c5b5f3e71-000000000000000g",
            " 8a4761c5b5f3e71-0000000000000001",
            "b8a4761c5b5f3e71-0000000000000001 ",
            "é8a4761c5b5f3e7-0000000000000001",
        ] {
            assert!(bad.parse::<ObjectRef>().is_err(), "{bad:?}");
        }
        assert_eq!(
            ObjectRef::parse_nullable("x").unwrap_err().to_string(),
            "\"x\" is not a managed object reference (expected 16 hex digits, '-', 16 hex digits)"
        );
    }
}

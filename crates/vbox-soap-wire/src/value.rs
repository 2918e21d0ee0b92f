//! How gSOAP (as vboxwebsrv is built: without `SOAP_XML_STRICT`) reads the text of a scalar
//! parameter, so that a server refuses exactly what vboxwebsrv refuses and accepts what it
//! accepts. Checked on the real vboxwebsrv 7.2.22:
//!
//! - surrounding whitespace is ignored (`<slot> 3 </slot>` is 3);
//! - integers are decimal with an optional sign and leading zeros (`+1`, `01`); hex (`0x1`),
//!   fractions and values out of the type's range are refused;
//! - an enum is its constant name, **case-sensitively** (`Shared`, not `shared`), or its number
//!   when it lies within the enum's values (`<lockType>1</lockType>` is `Shared`, as the
//!   `pyremotevbox` client sends it; `7` and `-1` are refused);
//! - an empty element is refused with its own text; a **missing** element is not an error: it
//!   keeps its default (0, `false`, the enum's first value), and what VirtualBox then does with
//!   it decides.
//!
//! Every refusal is the fault of [`Refused::fault`]: `SOAP-ENV:Client`, no detail.

use crate::fault::{Fault, CLIENT_FAULTCODE};

/// Why a value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The element was present and empty.
    Empty,
    /// The text is not a value of the type.
    Invalid,
}

impl Refused {
    /// The fault vboxwebsrv answers for parameter `element`.
    pub fn fault(self, element: &str) -> Fault {
        let what = match self {
            Refused::Empty => "empty value provided where a value is required",
            Refused::Invalid => "invalid value",
        };
        Fault::Other {
            faultcode: CLIENT_FAULTCODE.to_string(),
            faultstring: format!("Validation constraint violation: {what} in element '{element}'"),
        }
    }
}

/// XML whitespace, which gSOAP skips around a value.
fn trim(text: &str) -> &str {
    text.trim_matches([' ', '\t', '\r', '\n'])
}

/// A decimal integer as gSOAP reads `xsd:int`, `xsd:long` and their unsigned forms, checked
/// against `T`'s range.
///
/// # Errors
/// [`Refused::Empty`] for an empty text, [`Refused::Invalid`] for anything else that is not a
/// decimal number within `T`'s range.
pub fn integer<T: TryFrom<i128>>(text: &str) -> Result<T, Refused> {
    let t = trim(text);
    if t.is_empty() {
        return Err(Refused::Empty);
    }
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || digits.len() > 38 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Refused::Invalid);
    }
    let n: i128 = t.parse().map_err(|_| Refused::Invalid)?;
    T::try_from(n).map_err(|_| Refused::Invalid)
}

/// An `xsd:boolean`: `true`, `false`, `1` or `0`.
///
/// # Errors
/// As [`integer`].
pub fn boolean(text: &str) -> Result<bool, Refused> {
    match trim(text) {
        "" => Err(Refused::Empty),
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(Refused::Invalid),
    }
}

/// An enum value: its exact constant name among `values` (name, number), or a number within
/// the smallest and biggest of the numbers.
///
/// # Errors
/// As [`integer`].
pub fn enumeration(text: &str, values: &[(&str, u32)]) -> Result<u32, Refused> {
    let t = trim(text);
    if let Some((_, n)) = values.iter().find(|(name, _)| *name == t) {
        return Ok(*n);
    }
    let n: i64 = integer(t)?;
    let min = values.iter().map(|(_, n)| i64::from(*n)).min();
    let max = values.iter().map(|(_, n)| i64::from(*n)).max();
    match (min, max) {
        (Some(min), Some(max)) if (min..=max).contains(&n) => {
            u32::try_from(n).map_err(|_| Refused::Invalid)
        }
        _ => Err(Refused::Invalid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: [(&str, u32); 4] = [("Null", 0), ("Shared", 1), ("Write", 2), ("VM", 3)];

    #[test]
    fn integers_as_gsoap_reads_them() {
        assert_eq!(integer::<u32>(" 3 "), Ok(3));
        assert_eq!(integer::<u32>("+1"), Ok(1));
        assert_eq!(integer::<u32>("01"), Ok(1));
        assert_eq!(integer::<i32>("-5"), Ok(-5));
        assert_eq!(integer::<u32>(""), Err(Refused::Empty));
        for bad in ["abc", "-1", "99999999999", "0x1", "1.5", "+", "1 2"] {
            assert_eq!(integer::<u32>(bad), Err(Refused::Invalid), "{bad}");
        }
    }

    #[test]
    fn enums_by_exact_name_or_number_in_range() {
        assert_eq!(enumeration("Shared", &LOCK), Ok(1));
        assert_eq!(enumeration(" Shared ", &LOCK), Ok(1));
        assert_eq!(enumeration("1", &LOCK), Ok(1));
        assert_eq!(enumeration("0", &LOCK), Ok(0));
        assert_eq!(enumeration("3", &LOCK), Ok(3));
        assert_eq!(enumeration("", &LOCK), Err(Refused::Empty));
        for bad in ["shared", "7", "-1", "0x1"] {
            assert_eq!(enumeration(bad, &LOCK), Err(Refused::Invalid), "{bad}");
        }
    }

    #[test]
    fn booleans_and_fault_texts() {
        assert_eq!(boolean("1"), Ok(true));
        assert_eq!(boolean(" false"), Ok(false));
        assert_eq!(boolean("TRUE"), Err(Refused::Invalid));
        assert_eq!(
            Refused::Invalid.fault("lockType").faultstring(),
            "Validation constraint violation: invalid value in element 'lockType'"
        );
        assert_eq!(
            Refused::Empty.fault("slot").faultstring(),
            "Validation constraint violation: empty value provided where a value is required \
             in element 'slot'"
        );
    }
}

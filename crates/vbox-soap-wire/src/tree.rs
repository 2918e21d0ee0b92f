//! The parsed children of a request or response element.

use std::str::FromStr;

use crate::error::SoapError;

/// One element: its local name (children are unqualified on this wire), its text (entity and
/// character references resolved, whitespace kept exactly) and, for `wsmap="struct"` values
/// such as `IMediumAttachment`, its own children.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Element {
    /// Local name, without prefix.
    pub name: String,
    /// The text content; empty for `<returnval/>` (a null reference or an empty string).
    pub text: String,
    /// Child elements in document order (empty for simple values).
    pub children: Vec<Element>,
}

impl Element {
    /// A leaf element.
    pub fn leaf(name: impl Into<String>, text: impl Into<String>) -> Element {
        Element {
            name: name.into(),
            text: text.into(),
            children: Vec::new(),
        }
    }
}

/// Reading a list of child elements by name, in order, with repeated names (arrays).
/// Implemented by [`Element`] (its children), [`crate::envelope::Response`] and
/// [`crate::server::Request`].
pub trait Elements {
    /// The child elements in document order.
    fn elements(&self) -> &[Element];

    /// The first child called `name`.
    fn element(&self, name: &str) -> Option<&Element> {
        self.elements().iter().find(|e| e.name == name)
    }

    /// The text of the first child called `name`; `Some("")` for an empty element.
    fn get(&self, name: &str) -> Option<&str> {
        self.element(name).map(|e| e.text.as_str())
    }

    /// The texts of every child called `name`, in order: an array (empty when absent).
    fn all(&self, name: &str) -> Vec<&str> {
        self.elements()
            .iter()
            .filter(|e| e.name == name)
            .map(|e| e.text.as_str())
            .collect()
    }

    /// The text of `<returnval>`, the return value of a method or getter.
    fn returnval(&self) -> Option<&str> {
        self.get("returnval")
    }

    /// The text of the first child called `name`.
    ///
    /// # Errors
    /// [`SoapError::MissingElement`] when there is none.
    fn require(&self, name: &str) -> Result<&str, SoapError> {
        self.get(name).ok_or_else(|| SoapError::MissingElement {
            name: name.to_string(),
        })
    }

    /// The first child called `name` parsed as `T` (`i32`, `u32`, `i64`, `bool` — XML Schema's
    /// `true`/`false` — or any `FromStr`).
    ///
    /// # Errors
    /// [`SoapError::MissingElement`] or [`SoapError::BadValue`].
    fn get_as<T: FromStr>(&self, name: &str) -> Result<T, SoapError> {
        let text = self.require(name)?;
        text.parse().map_err(|_| SoapError::BadValue {
            name: name.to_string(),
            value: text.to_string(),
            expected: std::any::type_name::<T>().to_string(),
        })
    }
}

impl Elements for Element {
    fn elements(&self) -> &[Element] {
        &self.children
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Element {
        let children = vec![
            Element::leaf("names", "a"),
            Element::leaf("names", "b"),
            Element::leaf("timestamps", "1700000000000000000"),
            Element::leaf("flag", "true"),
            Element::leaf("returnval", ""),
        ];
        Element {
            name: "IMachine_enumerateGuestPropertiesResponse".into(),
            text: String::new(),
            children,
        }
    }

    #[test]
    fn get_all_and_typed_values() {
        let list = sample();
        assert_eq!(list.get("names"), Some("a"));
        assert_eq!(list.all("names"), ["a", "b"]);
        assert!(list.all("values").is_empty());
        assert_eq!(list.returnval(), Some(""));
        assert_eq!(
            list.get_as::<i64>("timestamps").unwrap(),
            1_700_000_000_000_000_000
        );
        assert!(list.get_as::<bool>("flag").unwrap());
        assert_eq!(
            list.get_as::<i32>("timestamps").unwrap_err(),
            SoapError::BadValue {
                name: "timestamps".into(),
                value: "1700000000000000000".into(),
                expected: "i32".into()
            }
        );
        assert_eq!(
            list.require("nope").unwrap_err(),
            SoapError::MissingElement {
                name: "nope".into()
            }
        );
    }
}

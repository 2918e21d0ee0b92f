//! What goes into a request or response element, in order.

use std::fmt::Display;

/// One parameter (request) or out value (response), written as unqualified child elements in
/// the order given. Values are text: numbers and booleans in their XML Schema form
/// ([`Param::value`] formats `true`/`false` and integers correctly), enums by their constant
/// name (`PoweredOff`), references as the MOR string (empty for null).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Param {
    /// A single value: `<name>value</name>`.
    Value {
        /// Element name.
        name: String,
        /// Text (escaped on writing).
        value: String,
    },
    /// A safearray: the element repeated once per value; no element at all when empty.
    Array {
        /// Element name.
        name: String,
        /// Values in order.
        values: Vec<String>,
    },
    /// A `wsmap="struct"` value: `<name>` holding its fields. Repeat the param for an array of
    /// structs.
    Struct {
        /// Element name.
        name: String,
        /// The fields in WSDL order.
        fields: Vec<Param>,
    },
}

impl Param {
    /// A single value from anything printable (`&str`, `String`, integers, `bool`).
    pub fn value(name: impl Into<String>, value: impl Display) -> Param {
        Param::Value {
            name: name.into(),
            value: value.to_string(),
        }
    }

    /// An array from any list of printable values.
    pub fn array<I>(name: impl Into<String>, values: I) -> Param
    where
        I: IntoIterator,
        I::Item: Display,
    {
        Param::Array {
            name: name.into(),
            values: values.into_iter().map(|v| v.to_string()).collect(),
        }
    }

    /// A struct value.
    pub fn structure(name: impl Into<String>, fields: Vec<Param>) -> Param {
        Param::Struct {
            name: name.into(),
            fields,
        }
    }

    /// The element name.
    pub fn name(&self) -> &str {
        match self {
            Param::Value { name, .. } | Param::Array { name, .. } | Param::Struct { name, .. } => {
                name
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_format_values() {
        assert_eq!(
            Param::value("enabled", true),
            Param::Value {
                name: "enabled".into(),
                value: "true".into()
            }
        );
        assert_eq!(
            Param::array("slots", [0u32, 36]),
            Param::Array {
                name: "slots".into(),
                values: vec!["0".into(), "36".into()]
            }
        );
        assert_eq!(Param::structure("s", vec![]).name(), "s");
    }
}

//! A `vboxweb.wsdl` indexed for checking envelopes (used by the client and server tests).
//!
//! Per operation: the children of the request element and of the `…Response` element (name,
//! type, minOccurs/maxOccurs, order); the enumerations with their values; the `wsmap="struct"`
//! complex types; the two fault details. [`Wsdl::check_request`] and [`Wsdl::check_response`]
//! list every [`Problem`] of an envelope against that index.

mod check;
mod load;

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

pub use check::Problem;
pub use load::WsdlError;

/// The type of an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XsdType {
    /// `xsd:string` (also uuids and managed object references).
    String,
    /// `xsd:boolean`.
    Boolean,
    /// `xsd:int` (xidl `long`, result codes).
    Int,
    /// `xsd:unsignedInt` (xidl `unsigned long`).
    UnsignedInt,
    /// `xsd:long` (xidl `long long`).
    Long,
    /// `xsd:unsignedLong`.
    UnsignedLong,
    /// `xsd:short`.
    Short,
    /// `xsd:unsignedShort`.
    UnsignedShort,
    /// `xsd:unsignedByte`.
    UnsignedByte,
    /// A VirtualBox enumeration (`vbox:MachineState`): its values are constant names.
    Enum(String),
    /// A `wsmap="struct"` complex type (`vbox:IMediumAttachment`).
    Struct(String),
    /// Anything else, by its QName as written; values are not checked.
    Other(String),
}

impl XsdType {
    /// Whether `text` is a valid lexical value of this built-in type (enums and structs need
    /// the [`Wsdl`] and always pass here). Numbers and booleans may be surrounded by whitespace
    /// (XML Schema's whiteSpace=collapse).
    pub fn accepts(&self, text: &str) -> bool {
        let t = text.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'));
        match self {
            XsdType::Boolean => matches!(t, "true" | "false" | "1" | "0"),
            XsdType::Int => t.parse::<i32>().is_ok(),
            XsdType::UnsignedInt => t.parse::<u32>().is_ok(),
            XsdType::Long => t.parse::<i64>().is_ok(),
            XsdType::UnsignedLong => t.parse::<u64>().is_ok(),
            XsdType::Short => t.parse::<i16>().is_ok(),
            XsdType::UnsignedShort => t.parse::<u16>().is_ok(),
            XsdType::UnsignedByte => t.parse::<u8>().is_ok(),
            XsdType::String | XsdType::Enum(_) | XsdType::Struct(_) | XsdType::Other(_) => true,
        }
    }
}

impl fmt::Display for XsdType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let builtin = match self {
            XsdType::String => "string",
            XsdType::Boolean => "boolean",
            XsdType::Int => "int",
            XsdType::UnsignedInt => "unsignedInt",
            XsdType::Long => "long",
            XsdType::UnsignedLong => "unsignedLong",
            XsdType::Short => "short",
            XsdType::UnsignedShort => "unsignedShort",
            XsdType::UnsignedByte => "unsignedByte",
            XsdType::Enum(name) | XsdType::Struct(name) => return write!(f, "vbox:{name}"),
            XsdType::Other(qname) => return f.write_str(qname),
        };
        write!(f, "xsd:{builtin}")
    }
}

/// One child element of a sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Element name (unqualified on the wire).
    pub name: String,
    /// Its type.
    pub ty: XsdType,
    /// minOccurs (default 1).
    pub min_occurs: u32,
    /// maxOccurs; `None` for `unbounded` (an array).
    pub max_occurs: Option<u32>,
}

/// An operation's request and response children, in WSDL order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// Operation name (`IVirtualBox_createMachine`).
    pub name: String,
    /// Children of the request element.
    pub request: Vec<Field>,
    /// Children of the response element.
    pub response: Vec<Field>,
}

/// An indexed `vboxweb.wsdl`.
#[derive(Debug, Clone)]
pub struct Wsdl {
    operations: HashMap<String, Operation>,
    enums: HashMap<String, Vec<String>>,
    structs: HashMap<String, Vec<Field>>,
    faults: HashMap<String, Vec<Field>>,
}

impl Wsdl {
    /// Loads and indexes a `vboxweb.wsdl` file.
    ///
    /// # Errors
    /// [`WsdlError`] when the file cannot be read or is not a usable WSDL.
    pub fn load(path: impl AsRef<Path>) -> Result<Wsdl, WsdlError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| WsdlError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        Wsdl::parse(&text)
    }

    /// Indexes the text of a `vboxweb.wsdl`.
    ///
    /// # Errors
    /// [`WsdlError`] when it is not well-formed or an operation refers to a missing message or
    /// element.
    pub fn parse(text: &str) -> Result<Wsdl, WsdlError> {
        load::parse(text)
    }

    /// The operation called `name`.
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.get(name)
    }

    /// How many operations the WSDL defines.
    pub fn operation_count(&self) -> usize {
        self.operations.len()
    }

    /// The values of enumeration `name` (`MachineState`), in WSDL order.
    pub fn enumeration(&self, name: &str) -> Option<&[String]> {
        self.enums.get(name).map(Vec::as_slice)
    }

    /// The fields of struct type `name` (`IMediumAttachment`).
    pub fn structure(&self, name: &str) -> Option<&[Field]> {
        self.structs.get(name).map(Vec::as_slice)
    }

    /// The children of a fault detail element (`RuntimeFault`, `InvalidObjectFault`).
    pub fn fault_detail(&self, name: &str) -> Option<&[Field]> {
        self.faults.get(name).map(Vec::as_slice)
    }
}

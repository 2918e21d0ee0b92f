//! One streaming pass over the WSDL (quick-xml), then the portType's operations are joined
//! with their messages and elements.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{QName, ResolveResult};
use quick_xml::{NsReader, XmlVersion};

use super::{Field, Operation, Wsdl, XsdType};
use crate::error::Position;
use crate::XSD_NS;

const WSDL_NS: &str = "http://schemas.xmlsoap.org/wsdl/";

/// Why a WSDL could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WsdlError {
    /// The file could not be read.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        message: String,
    },
    /// The file is not well-formed XML.
    #[error("WSDL is not well-formed at {position}: {message}")]
    Xml {
        /// Where.
        position: Position,
        /// What.
        message: String,
    },
    /// The file is XML but not a WSDL this module can use.
    #[error("unusable WSDL: {0}")]
    Incomplete(String),
}

/// Everything collected in the pass, by name.
#[derive(Default)]
struct Collected {
    /// Top-level `xsd:element`s: request, response and fault elements.
    elements: HashMap<String, Vec<Field>>,
    structs: HashMap<String, Vec<Field>>,
    enums: HashMap<String, Vec<String>>,
    /// message name → element name of its part.
    messages: HashMap<String, String>,
    /// portType operation → (input message, output message).
    operations: Vec<(String, String, String)>,
    /// Fault message names used by the operations.
    fault_messages: Vec<String>,
}

/// Where the parser is: the name of the innermost open container of interest.
enum Container {
    Element(String),
    Struct(String),
    Enum(String),
    Message(String),
    Operation,
    None,
}

pub(super) fn parse(text: &str) -> Result<Wsdl, WsdlError> {
    let mut reader = NsReader::from_str(text);
    reader.config_mut().expand_empty_elements = true;
    let mut stack: Vec<(String, String)> = Vec::new(); // (namespace, local) of open elements
    let mut current = Container::None;
    let mut got = Collected::default();
    loop {
        match reader.read_resolved_event() {
            Err(e) => {
                return Err(WsdlError::Xml {
                    position: Position::at(text.as_bytes(), reader.error_position() as usize),
                    message: e.to_string(),
                })
            }
            Ok((ns, Event::Start(start))) => {
                let ns = match ns {
                    ResolveResult::Bound(ns) => String::from_utf8_lossy(ns.as_ref()).into_owned(),
                    _ => String::new(),
                };
                let local = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                let parent = stack.last().map(|(_, l)| l.as_str()).unwrap_or("");
                let in_port_type = stack.iter().any(|(_, l)| l == "portType");
                let ctx = Ctx {
                    reader: &reader,
                    start: &start,
                };
                visit(
                    &ctx,
                    &ns,
                    &local,
                    parent,
                    in_port_type,
                    &mut current,
                    &mut got,
                );
                stack.push((ns, local));
            }
            Ok((_, Event::End(_))) => {
                stack.pop();
            }
            Ok((_, Event::Eof)) => break,
            _ => {}
        }
    }
    assemble(got)
}

struct Ctx<'a, 'i> {
    reader: &'a NsReader<&'i [u8]>,
    start: &'a BytesStart<'i>,
}

impl Ctx<'_, '_> {
    fn attr(&self, name: &str) -> Option<String> {
        let attr = self.start.try_get_attribute(name).ok().flatten()?;
        let value = attr
            .decoded_and_normalized_value(XmlVersion::Implicit1_0, self.reader.decoder())
            .ok()?;
        Some(value.into_owned())
    }

    /// A QName-valued attribute's local part (`vbox:X` → `X`).
    fn attr_local(&self, name: &str) -> Option<String> {
        self.attr(name)
            .map(|v| v.rsplit(':').next().unwrap_or_default().to_string())
    }

    /// The `type` attribute, its prefix resolved in the scope of this element.
    fn field_type(&self) -> XsdType {
        let Some(qname) = self.attr("type") else {
            return XsdType::Other(String::new());
        };
        let (local, prefix) = QName(qname.as_bytes()).decompose();
        let local = String::from_utf8_lossy(local.as_ref()).into_owned();
        match self.reader.resolver().resolve_prefix(prefix, true) {
            ResolveResult::Bound(ns) if ns.as_ref() == XSD_NS.as_bytes() => builtin(&local, qname),
            // Enum or struct: decided in `assemble`, once every type is known.
            ResolveResult::Bound(_) => XsdType::Other(local),
            _ => XsdType::Other(qname),
        }
    }

    fn field(&self) -> Option<Field> {
        let occurs = |name: &str, default: u32| match self.attr(name).as_deref() {
            Some("unbounded") => None,
            Some(n) => Some(n.parse().unwrap_or(default)),
            None => Some(default),
        };
        Some(Field {
            name: self.attr("name")?,
            ty: self.field_type(),
            min_occurs: occurs("minOccurs", 1).unwrap_or(0),
            max_occurs: occurs("maxOccurs", 1),
        })
    }
}

fn builtin(local: &str, qname: String) -> XsdType {
    match local {
        "string" => XsdType::String,
        "boolean" => XsdType::Boolean,
        "int" => XsdType::Int,
        "unsignedInt" => XsdType::UnsignedInt,
        "long" => XsdType::Long,
        "unsignedLong" => XsdType::UnsignedLong,
        "short" => XsdType::Short,
        "unsignedShort" => XsdType::UnsignedShort,
        "unsignedByte" => XsdType::UnsignedByte,
        _ => XsdType::Other(qname),
    }
}

fn visit(
    ctx: &Ctx,
    ns: &str,
    local: &str,
    parent: &str,
    in_port_type: bool,
    current: &mut Container,
    got: &mut Collected,
) {
    let name = || ctx.attr("name").unwrap_or_default();
    match (ns, local, parent) {
        (XSD_NS, "element", "schema") => {
            *current = Container::Element(name());
            got.elements.entry(name()).or_default();
        }
        (XSD_NS, "complexType", "schema") => {
            *current = Container::Struct(name());
            got.structs.entry(name()).or_default();
        }
        (XSD_NS, "simpleType", "schema") => {
            *current = Container::Enum(name());
            got.enums.entry(name()).or_default();
        }
        (XSD_NS, "element", "sequence") => {
            let fields = match current {
                Container::Element(n) => got.elements.get_mut(n),
                Container::Struct(n) => got.structs.get_mut(n),
                _ => None,
            };
            if let (Some(fields), Some(field)) = (fields, ctx.field()) {
                fields.push(field);
            }
        }
        (XSD_NS, "enumeration", _) => {
            if let (Container::Enum(n), Some(value)) = (&*current, ctx.attr("value")) {
                got.enums.entry(n.clone()).or_default().push(value);
            }
        }
        (WSDL_NS, "message", _) => *current = Container::Message(name()),
        (WSDL_NS, "part", "message") => {
            if let (Container::Message(m), Some(element)) = (&*current, ctx.attr_local("element")) {
                got.messages.insert(m.clone(), element);
            }
        }
        (WSDL_NS, "operation", "portType") => {
            *current = Container::Operation;
            got.operations.push((name(), String::new(), String::new()));
        }
        (WSDL_NS, "input" | "output" | "fault", "operation") if in_port_type => {
            let (Some(message), Some(op)) = (ctx.attr_local("message"), got.operations.last_mut())
            else {
                return;
            };
            match local {
                "input" => op.1 = message,
                "output" => op.2 = message,
                _ if !got.fault_messages.contains(&message) => got.fault_messages.push(message),
                _ => {}
            }
        }
        _ => {}
    }
}

/// Joins operations → messages → elements and tells enums from structs.
fn assemble(got: Collected) -> Result<Wsdl, WsdlError> {
    let Collected {
        mut elements,
        mut structs,
        enums,
        messages,
        operations,
        fault_messages,
    } = got;
    if operations.is_empty() {
        return Err(WsdlError::Incomplete("no portType operations".to_string()));
    }
    let classify = |fields: &mut Vec<Field>, structs: &HashMap<String, Vec<Field>>| {
        for field in fields.iter_mut() {
            if let XsdType::Other(name) = &field.ty {
                if enums.contains_key(name) {
                    field.ty = XsdType::Enum(name.clone());
                } else if structs.contains_key(name) {
                    field.ty = XsdType::Struct(name.clone());
                }
            }
        }
    };
    let struct_names = structs.clone();
    for fields in structs.values_mut() {
        classify(fields, &struct_names);
    }
    let mut take = |message: &str| -> Result<Vec<Field>, WsdlError> {
        let element = messages
            .get(message)
            .ok_or_else(|| WsdlError::Incomplete(format!("message {message} is not defined")))?;
        let mut fields = elements
            .remove(element)
            .ok_or_else(|| WsdlError::Incomplete(format!("element {element} is not defined")))?;
        classify(&mut fields, &structs);
        Ok(fields)
    };
    let mut ops = HashMap::with_capacity(operations.len());
    for (name, input, output) in operations {
        let operation = Operation {
            name: name.clone(),
            request: take(&input)?,
            response: take(&output)?,
        };
        ops.insert(name, operation);
    }
    let mut faults = HashMap::new();
    for message in fault_messages {
        let element = messages.get(&message).cloned().unwrap_or_default();
        faults.insert(element.clone(), take(&message)?);
    }
    Ok(Wsdl {
        operations: ops,
        enums,
        structs,
        faults,
    })
}

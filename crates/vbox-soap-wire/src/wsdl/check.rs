//! Checking an envelope's operation element against the WSDL.

use std::fmt;

use super::{Field, Wsdl, XsdType};
use crate::read::{read_payload, Limits, Payload};
use crate::tree::{Element, Elements};
use crate::{SOAP_ENV_NS, VBOX_NS};

/// One thing wrong with an envelope. `path` is the element whose children are concerned
/// (`IMachine_lockMachine`, `IVirtualBox_getMachinesResponse`, `Fault/detail/RuntimeFault`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The envelope could not be read at all (the [`crate::SoapError`] text).
    Unreadable(String),
    /// The operation element is not in the VirtualBox namespace.
    WrongNamespace {
        /// The element's local name.
        element: String,
        /// Its namespace (empty when unbound).
        namespace: String,
    },
    /// No such operation (for a response: the element does not name one + `Response`).
    UnknownOperation {
        /// The element's local name.
        element: String,
    },
    /// A child the sequence does not have.
    UnknownElement {
        /// Parent.
        path: String,
        /// The child's name.
        name: String,
    },
    /// A required child (minOccurs ≥ 1) is absent.
    MissingElement {
        /// Parent.
        path: String,
        /// The child's name.
        name: String,
    },
    /// A child comes after one that the sequence puts later.
    OutOfOrder {
        /// Parent.
        path: String,
        /// The child's name.
        name: String,
        /// Its 0-based position among the children.
        index: usize,
    },
    /// A child occurs more often than maxOccurs.
    TooMany {
        /// Parent.
        path: String,
        /// The child's name.
        name: String,
        /// How often it occurs.
        count: u32,
        /// maxOccurs.
        max: u32,
    },
    /// A value that is not of the element's built-in type (or child elements where a simple
    /// value belongs).
    WrongType {
        /// Parent.
        path: String,
        /// The child's name.
        name: String,
        /// Its text.
        value: String,
        /// The expected type.
        expected: XsdType,
    },
    /// An enum value that is not one of the enumeration's names.
    NotInEnum {
        /// Parent.
        path: String,
        /// The child's name.
        name: String,
        /// Its text.
        value: String,
        /// The enumeration (`LockType`).
        enumeration: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Unreadable(e) => write!(f, "unreadable envelope: {e}"),
            Problem::WrongNamespace { element, namespace } => {
                write!(f, "{element} is in namespace {namespace:?}, not {VBOX_NS}")
            }
            Problem::UnknownOperation { element } => write!(f, "unknown operation {element}"),
            Problem::UnknownElement { path, name } => write!(f, "{path}: unknown element {name}"),
            Problem::MissingElement { path, name } => write!(f, "{path}: missing element {name}"),
            Problem::OutOfOrder { path, name, index } => {
                write!(f, "{path}: element {name} (child {index}) is out of order")
            }
            Problem::TooMany {
                path,
                name,
                count,
                max,
            } => write!(
                f,
                "{path}: {name} occurs {count} times, at most {max} allowed"
            ),
            Problem::WrongType {
                path,
                name,
                value,
                expected,
            } => write!(f, "{path}/{name}: {value:?} is not a valid {expected}"),
            Problem::NotInEnum {
                path,
                name,
                value,
                enumeration,
            } => write!(f, "{path}/{name}: {value:?} is not a {enumeration} value"),
        }
    }
}

impl Wsdl {
    /// Every problem of a request envelope (empty when it conforms).
    pub fn check_request(&self, xml: impl AsRef<[u8]>) -> Vec<Problem> {
        let payload = match read_payload(xml.as_ref(), &Limits::default()) {
            Ok(payload) => payload,
            Err(e) => return vec![Problem::Unreadable(e.to_string())],
        };
        let mut problems = namespace_problem(&payload);
        match self.operations.get(&payload.local) {
            Some(op) => self.sequence(
                &payload.local,
                &op.request,
                &payload.children,
                &mut problems,
            ),
            None => problems.push(Problem::UnknownOperation {
                element: payload.local,
            }),
        }
        problems
    }

    /// Every problem of a response envelope: an `<op>Response` checked against the operation's
    /// output, or a SOAP fault whose `detail` is checked against the fault elements.
    pub fn check_response(&self, xml: impl AsRef<[u8]>) -> Vec<Problem> {
        let payload = match read_payload(xml.as_ref(), &Limits::default()) {
            Ok(payload) => payload,
            Err(e) => return vec![Problem::Unreadable(e.to_string())],
        };
        if payload.namespace.as_deref() == Some(SOAP_ENV_NS) && payload.local == "Fault" {
            let fault = Element {
                name: payload.local,
                text: String::new(),
                children: payload.children,
            };
            return self.fault(&fault);
        }
        let mut problems = namespace_problem(&payload);
        let op = payload.local.strip_suffix("Response");
        match op.and_then(|op| self.operations.get(op)) {
            Some(op) => self.sequence(
                &payload.local,
                &op.response,
                &payload.children,
                &mut problems,
            ),
            None => problems.push(Problem::UnknownOperation {
                element: payload.local,
            }),
        }
        problems
    }

    fn fault(&self, fault: &Element) -> Vec<Problem> {
        let mut problems = Vec::new();
        for required in ["faultcode", "faultstring"] {
            if fault.get(required).is_none() {
                problems.push(Problem::MissingElement {
                    path: "Fault".to_string(),
                    name: required.to_string(),
                });
            }
        }
        for detail in fault
            .element("detail")
            .map(|d| d.children.as_slice())
            .unwrap_or(&[])
        {
            match self.faults.get(&detail.name) {
                Some(fields) => {
                    let path = format!("Fault/detail/{}", detail.name);
                    self.sequence(&path, fields, &detail.children, &mut problems);
                }
                None => problems.push(Problem::UnknownElement {
                    path: "Fault/detail".to_string(),
                    name: detail.name.clone(),
                }),
            }
        }
        problems
    }

    /// Checks `children` against the sequence `fields`: unknown names, order, occurrences,
    /// then each value against its type.
    fn sequence(&self, path: &str, fields: &[Field], children: &[Element], out: &mut Vec<Problem>) {
        let mut counts = vec![0u32; fields.len()];
        let mut furthest = 0;
        for (index, child) in children.iter().enumerate() {
            let Some(k) = fields.iter().position(|f| f.name == child.name) else {
                out.push(Problem::UnknownElement {
                    path: path.to_string(),
                    name: child.name.clone(),
                });
                continue;
            };
            if k < furthest {
                out.push(Problem::OutOfOrder {
                    path: path.to_string(),
                    name: child.name.clone(),
                    index,
                });
            }
            furthest = furthest.max(k);
            counts[k] += 1;
            self.value(path, &fields[k].ty, child, out);
        }
        for (field, count) in fields.iter().zip(counts) {
            if count < field.min_occurs {
                out.push(Problem::MissingElement {
                    path: path.to_string(),
                    name: field.name.clone(),
                });
            }
            if let Some(max) = field.max_occurs.filter(|max| count > *max) {
                out.push(Problem::TooMany {
                    path: path.to_string(),
                    name: field.name.clone(),
                    count,
                    max,
                });
            }
        }
    }

    fn value(&self, path: &str, ty: &XsdType, child: &Element, out: &mut Vec<Problem>) {
        if let XsdType::Struct(name) = ty {
            if let Some(fields) = self.structs.get(name) {
                self.sequence(
                    &format!("{path}/{}", child.name),
                    fields,
                    &child.children,
                    out,
                );
            }
            return;
        }
        let wrong = |value: String| Problem::WrongType {
            path: path.to_string(),
            name: child.name.clone(),
            value,
            expected: ty.clone(),
        };
        if !child.children.is_empty() {
            out.push(wrong(format!("<{} child elements>", child.children.len())));
        } else if !ty.accepts(&child.text) {
            out.push(wrong(child.text.clone()));
        } else if let XsdType::Enum(name) = ty {
            let known = self
                .enums
                .get(name)
                .is_some_and(|v| v.contains(&child.text));
            if !known {
                out.push(Problem::NotInEnum {
                    path: path.to_string(),
                    name: child.name.clone(),
                    value: child.text.clone(),
                    enumeration: name.clone(),
                });
            }
        }
    }
}

fn namespace_problem(payload: &Payload) -> Vec<Problem> {
    match payload.namespace.as_deref() {
        Some(VBOX_NS) => Vec::new(),
        other => vec![Problem::WrongNamespace {
            element: payload.local.clone(),
            namespace: other.unwrap_or_default().to_string(),
        }],
    }
}

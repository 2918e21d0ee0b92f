//! Reading an envelope down to the element inside `Body` (quick-xml does the XML).
//!
//! Namespaces are resolved, so any prefixes work (`soap:`, `ns1:`, a default namespace);
//! whitespace between elements, comments, an XML declaration and a `Header` are skipped. The
//! element tree is built without recursion and its depth is limited, so a hostile body cannot
//! exhaust the stack; the size limit is checked before anything is parsed.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use crate::error::{Position, SoapError};
use crate::tree::Element;
use crate::SOAP_ENV_NS;

const SOAP12_ENV_NS: &str = "http://www.w3.org/2003/05/soap-envelope";

/// Limits applied when reading a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest body accepted, in bytes; larger gives [`SoapError::TooLarge`] before parsing.
    pub max_body_bytes: usize,
    /// Deepest nesting accepted below the operation element (VirtualBox needs 2: a struct and
    /// its fields).
    pub max_depth: usize,
}

impl Default for Limits {
    /// 16 MiB (an `enumerateGuestProperties` of a busy guest is well below 1 MiB) and depth 16.
    fn default() -> Limits {
        Limits {
            max_body_bytes: 16 * 1024 * 1024,
            max_depth: 16,
        }
    }
}

/// The element inside `Body`.
#[derive(Debug)]
pub(crate) struct Payload {
    /// Its name as written (`vbox:IMachine_getName`, `ns1:…`, `unclosed`).
    pub qname: String,
    /// Its local name.
    pub local: String,
    /// Its namespace, when bound.
    pub namespace: Option<String>,
    /// Its children.
    pub children: Vec<Element>,
}

impl Payload {
    /// `{namespace}local` for messages.
    pub fn expanded_name(&self) -> String {
        format!(
            "{{{}}}{}",
            self.namespace.as_deref().unwrap_or(""),
            self.local
        )
    }
}

/// Reads `body` down to the first element of `Body`, with its subtree.
pub(crate) fn read_payload(body: &[u8], limits: &Limits) -> Result<Payload, SoapError> {
    if body.len() > limits.max_body_bytes {
        return Err(SoapError::TooLarge {
            size: body.len(),
            max: limits.max_body_bytes,
        });
    }
    let mut cursor = Cursor::new(body);
    cursor.expect_envelope()?;
    let mut payload = cursor.body_payload()?;
    payload.children = cursor.subtree(limits.max_depth)?;
    cursor.rest_of_document()?;
    Ok(payload)
}

struct Cursor<'i> {
    reader: NsReader<&'i [u8]>,
    doc: &'i [u8],
    body_element: Option<String>,
}

type Ns = Option<String>;

fn is_blank(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

fn qname_of(start: &BytesStart) -> String {
    String::from_utf8_lossy(start.name().as_ref()).into_owned()
}

impl<'i> Cursor<'i> {
    fn new(doc: &'i [u8]) -> Cursor<'i> {
        let mut reader = NsReader::from_reader(doc);
        reader.config_mut().expand_empty_elements = true;
        Cursor {
            reader,
            doc,
            body_element: None,
        }
    }

    fn malformed(&self, offset: u64, message: impl Into<String>) -> SoapError {
        SoapError::Malformed {
            position: Position::at(self.doc, usize::try_from(offset).unwrap_or(usize::MAX)),
            message: message.into(),
            body_element: self.body_element.clone(),
        }
    }

    fn here(&self, message: impl Into<String>) -> SoapError {
        self.malformed(self.reader.buffer_position(), message)
    }

    /// The next event with the namespace of a start or end tag; attributes of start tags are
    /// checked for well-formedness on the way.
    fn next(&mut self) -> Result<(Ns, Event<'i>), SoapError> {
        let (ns, event) = match self.reader.read_resolved_event() {
            Ok((ResolveResult::Bound(ns), event)) => (
                Some(String::from_utf8_lossy(ns.as_ref()).into_owned()),
                event,
            ),
            Ok((ResolveResult::Unbound, event)) => (None, event),
            Ok((ResolveResult::Unknown(prefix), _)) => {
                let prefix = String::from_utf8_lossy(&prefix).into_owned();
                return Err(self.here(format!("namespace prefix {prefix:?} is not declared")));
            }
            Err(e) => return Err(self.malformed(self.reader.error_position(), e.to_string())),
        };
        if let Event::Start(start) = &event {
            if let Some(Err(e)) = start.attributes().find(Result::is_err) {
                return Err(self.here(format!("bad attribute: {e}")));
            }
        }
        Ok((ns, event))
    }

    /// Skips whitespace, comments and processing instructions; returns the next other event.
    fn next_significant(&mut self) -> Result<(Ns, Event<'i>), SoapError> {
        loop {
            match self.next()? {
                (_, Event::Comment(_) | Event::PI(_) | Event::Decl(_)) => {}
                (_, Event::Text(t)) if is_blank(&t) => {}
                other => return Ok(other),
            }
        }
    }

    fn unclosed(&self, what: &str) -> SoapError {
        self.malformed(
            self.doc.len() as u64,
            format!("unexpected end of document: {what} is not closed"),
        )
    }

    /// The document element must be `{SOAP-ENV}Envelope`; what is found instead is reported
    /// as "not SOAP" (an HTML error page, plain text, a SOAP 1.2 envelope).
    fn expect_envelope(&mut self) -> Result<(), SoapError> {
        let found = match self.next_significant()? {
            (Some(ns), Event::Start(s))
                if ns == SOAP_ENV_NS && s.local_name().as_ref() == b"Envelope" =>
            {
                return Ok(())
            }
            (Some(ns), Event::Start(s)) if ns == SOAP12_ENV_NS => {
                format!("a SOAP 1.2 <{}>", qname_of(&s))
            }
            (_, Event::Start(s)) => {
                format!("element <{}> where Envelope was expected", qname_of(&s))
            }
            (_, Event::Eof) => "an empty document".to_string(),
            (_, Event::DocType(_)) => "a document type declaration (an HTML page?)".to_string(),
            (_, Event::Text(t)) => {
                let text = String::from_utf8_lossy(&t);
                let text: String = text.trim().chars().take(40).collect();
                format!("text {text:?} where Envelope was expected")
            }
            (_, Event::GeneralRef(_) | Event::CData(_)) => {
                "text where Envelope was expected".to_string()
            }
            (_, other) => format!("{other:?} where Envelope was expected"),
        };
        Err(SoapError::NotSoap { found })
    }

    /// Skips an optional `Header`, enters `Body` and returns its first element (no children yet).
    fn body_payload(&mut self) -> Result<Payload, SoapError> {
        loop {
            match self.next_significant()? {
                (Some(ns), Event::Start(s))
                    if ns == SOAP_ENV_NS && s.local_name().as_ref() == b"Header" =>
                {
                    self.skip(&s)?;
                }
                (Some(ns), Event::Start(s))
                    if ns == SOAP_ENV_NS && s.local_name().as_ref() == b"Body" =>
                {
                    break;
                }
                (_, Event::Start(s)) => {
                    let found = format!("element <{}> where Body was expected", qname_of(&s));
                    return Err(SoapError::NotSoap { found });
                }
                (_, Event::End(_)) => {
                    let found = "an envelope without Body".to_string();
                    return Err(SoapError::NotSoap { found });
                }
                (_, Event::Eof) => return Err(self.unclosed("the envelope")),
                (_, _) => return Err(self.here("text inside the envelope")),
            }
        }
        match self.next_significant()? {
            (namespace, Event::Start(s)) => {
                let qname = qname_of(&s);
                self.body_element = Some(qname.clone());
                let local = String::from_utf8_lossy(s.local_name().as_ref()).into_owned();
                Ok(Payload {
                    qname,
                    local,
                    namespace,
                    children: Vec::new(),
                })
            }
            (_, Event::End(_)) => Err(SoapError::NotSoap {
                found: "an empty Body".to_string(),
            }),
            (_, Event::Eof) => Err(self.unclosed("Body")),
            (_, _) => Err(self.here("text inside Body")),
        }
    }

    fn skip(&mut self, start: &BytesStart) -> Result<(), SoapError> {
        let end = start.to_end().into_owned();
        self.reader
            .read_to_end(end.name())
            .map(|_| ())
            .map_err(|e| self.malformed(self.reader.error_position(), e.to_string()))
    }

    /// The children of the element just started, up to and including its end tag.
    fn subtree(&mut self, max_depth: usize) -> Result<Vec<Element>, SoapError> {
        // stack[0] stands for the payload element itself.
        let mut stack = vec![Element::default()];
        loop {
            let (_, event) = self.next()?;
            match event {
                Event::Start(s) => {
                    if stack.len() > max_depth {
                        return Err(self.here(format!("elements nested deeper than {max_depth}")));
                    }
                    let name = String::from_utf8_lossy(s.local_name().as_ref()).into_owned();
                    stack.push(Element::leaf(name, String::new()));
                }
                Event::Empty(s) => {
                    // Not produced with expand_empty_elements; handled for completeness.
                    let name = String::from_utf8_lossy(s.local_name().as_ref()).into_owned();
                    if let Some(parent) = stack.last_mut() {
                        parent.children.push(Element::leaf(name, String::new()));
                    }
                }
                Event::End(_) => {
                    let done = stack.pop().unwrap_or_default();
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => return Ok(done.children),
                    }
                }
                Event::Text(t) => {
                    let text = t.xml10_content().map_err(|e| self.here(e.to_string()))?;
                    push_text(&mut stack, &text);
                }
                Event::CData(c) => {
                    let text = c.decode().map_err(|e| self.here(e.to_string()))?;
                    push_text(&mut stack, &text);
                }
                Event::GeneralRef(r) => {
                    let text = self.reference(&r)?;
                    push_text(&mut stack, &text);
                }
                Event::Eof => {
                    let what = format!("<{}>", self.body_element.clone().unwrap_or_default());
                    return Err(self.unclosed(&what));
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Decl(_) | Event::DocType(_) => {
                    return Err(self.here("declaration inside an element"));
                }
            }
        }
    }

    fn reference(&self, r: &quick_xml::events::BytesRef<'_>) -> Result<String, SoapError> {
        // Liberal on input: a reference to a control character (which a sender should not
        // produce) is kept rather than failing the whole answer; quick-xml refuses `&#0;`.
        match r.resolve_char_ref() {
            Ok(Some(c)) => return Ok(c.to_string()),
            Err(e) => return Err(self.here(format!("invalid character reference: {e}"))),
            Ok(None) => {}
        }
        let name = r.decode().map_err(|e| self.here(e.to_string()))?;
        resolve_predefined_entity(&name)
            .map(str::to_string)
            .ok_or_else(|| self.here(format!("unknown entity &{name};")))
    }

    /// After the payload: more `Body` entries are skipped (vboxwebsrv uses the first), then
    /// `</Body></Envelope>` and nothing but whitespace, comments and PIs.
    fn rest_of_document(&mut self) -> Result<(), SoapError> {
        let mut open = 2; // Body, Envelope
        while open > 0 {
            match self.next_significant()? {
                (_, Event::Start(s)) if open == 2 => self.skip(&s)?,
                (_, Event::End(_)) => open -= 1,
                (_, Event::Eof) => {
                    let what = if open == 2 { "Body" } else { "the envelope" };
                    return Err(self.unclosed(what));
                }
                (_, _) => return Err(self.here("unexpected content after the operation element")),
            }
        }
        match self.next_significant()? {
            (_, Event::Eof) => Ok(()),
            (_, _) => Err(self.here("content after the end of the envelope")),
        }
    }
}

fn push_text(stack: &mut [Element], text: &str) {
    if let Some(top) = stack.last_mut() {
        top.text.push_str(text);
    }
}

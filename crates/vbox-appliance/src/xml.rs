//! A small element tree of an OVF descriptor: names without their namespace prefixes (OVF
//! files put the same elements under `ovf:`, `rasd:` or no prefix at all).

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// One element: its local name, attributes (local names), text and children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Node>,
}

/// Deepest nesting accepted (an OVF is about six levels deep; this bounds hostile input).
const MAX_DEPTH: usize = 64;

impl Node {
    /// The value of attribute `name` (local name).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child named `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the first child named `name`.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim())
    }
}

/// Parses a whole document into its root element.
pub(crate) fn parse(text: &str) -> Result<Node, String> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Node> = Vec::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!("elements nested deeper than {MAX_DEPTH}"));
                }
                stack.push(node(&start)?);
            }
            Event::Empty(start) => {
                let n = node(&start)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(n),
                    None => return Ok(n),
                }
            }
            Event::End(_) => {
                let done = stack.pop().ok_or("an end tag without its start")?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return Ok(done),
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.decode().map_err(|e| e.to_string())?);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    let name = r.decode().map_err(|e| e.to_string())?;
                    top.text.push_str(&entity(&name)?);
                }
            }
            Event::CData(c) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&c));
                }
            }
            Event::Eof => return Err("the document ends before its root element does".into()),
            _ => {}
        }
    }
}

/// A predefined or character entity.
fn entity(name: &str) -> Result<String, String> {
    if let Some(c) = quick_xml::escape::resolve_predefined_entity(name) {
        return Ok(c.to_string());
    }
    let code = name
        .strip_prefix("#x")
        .map(|h| u32::from_str_radix(h, 16))
        .or_else(|| name.strip_prefix('#').map(str::parse));
    match code.and_then(Result::ok).and_then(char::from_u32) {
        Some(c) => Ok(c.to_string()),
        None => Err(format!("unknown entity &{name};")),
    }
}

fn node(start: &BytesStart<'_>) -> Result<Node, String> {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for a in start.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?
            .into_owned();
        attrs.push((key, value));
    }
    Ok(Node {
        name,
        attrs,
        ..Node::default()
    })
}

/// `text` escaped for XML text and attribute values.
pub(crate) fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_dropped_entities_resolved() {
        let root =
            parse(r#"<a:E x:k="v &amp; w"><b:P>Prod &lt;x&gt; &#65;</b:P><Q/></a:E>"#).unwrap();
        assert_eq!(root.name, "E");
        assert_eq!(root.attr("k"), Some("v & w"));
        assert_eq!(root.text_of("P"), Some("Prod <x> A"));
        assert!(root.child("Q").is_some());
    }

    #[test]
    fn unfinished_and_deep_documents_refused() {
        assert!(parse("<a><b>").is_err());
        let deep = "<a>".repeat(100);
        assert!(parse(&deep).unwrap_err().contains("deeper"));
    }
}

//! Writing envelopes in the exact byte shapes of the captures.

use crate::error::SoapError;
use crate::param::Param;
use crate::xml::{check_name, escape_text, escape_text_gsoap};
use crate::{SOAP_ENC_NS, SOAP_ENV_NS, VBOX_NS, XSD_NS, XSI_NS};

/// Who writes: the two sides of the captures differ in small ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    /// Our client: only the `SOAP-ENV` and `vbox` namespaces, an empty value as
    /// `<name></name>`, nothing after the envelope (captured requests).
    Client,
    /// gSOAP (vboxwebsrv): also `SOAP-ENC`, `xsi`, `xsd`; an empty value as `<name/>`
    /// (`<returnval/>` in the getGuestPropertyValue capture); CRLF after the envelope (counted in
    /// the captured Content-Length); quotes in text unescaped (`'no such vm'` in a captured
    /// faultstring).
    Server,
}

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// A document under construction: declaration, envelope start and `Body` start are written by
/// [`Doc::new`], [`Doc::finish`] closes them.
pub(crate) struct Doc {
    out: String,
    side: Side,
}

impl Doc {
    pub(crate) fn new(side: Side) -> Doc {
        let mut out = String::with_capacity(512);
        out.push_str(XML_DECL);
        out.push_str("<SOAP-ENV:Envelope xmlns:SOAP-ENV=\"");
        out.push_str(SOAP_ENV_NS);
        out.push('"');
        if side == Side::Server {
            for (prefix, ns) in [("SOAP-ENC", SOAP_ENC_NS), ("xsi", XSI_NS), ("xsd", XSD_NS)] {
                out.push_str(&format!(" xmlns:{prefix}=\"{ns}\""));
            }
        }
        out.push_str(" xmlns:vbox=\"");
        out.push_str(VBOX_NS);
        out.push_str("\"><SOAP-ENV:Body>");
        Doc { out, side }
    }

    /// Writes `<qname>`, whatever `inner` writes, `</qname>` (never self-closed: gSOAP writes
    /// an empty `<vbox:ISession_unlockMachineResponse></…>`).
    pub(crate) fn wrap(
        &mut self,
        qname: &str,
        inner: impl FnOnce(&mut Doc) -> Result<(), SoapError>,
    ) -> Result<(), SoapError> {
        self.out.push('<');
        self.out.push_str(qname);
        self.out.push('>');
        inner(self)?;
        self.out.push_str("</");
        self.out.push_str(qname);
        self.out.push('>');
        Ok(())
    }

    /// Writes one element with escaped text; `what` names it in an error.
    pub(crate) fn leaf(&mut self, qname: &str, value: &str, what: &str) -> Result<(), SoapError> {
        let escaped = match self.side {
            Side::Client => escape_text(value),
            Side::Server => escape_text_gsoap(value),
        };
        let text = escaped.map_err(|source| SoapError::Xml {
            what: what.to_string(),
            source,
        })?;
        if text.is_empty() && self.side == Side::Server {
            self.out.push_str(&format!("<{qname}/>"));
        } else {
            self.out.push_str(&format!("<{qname}>{text}</{qname}>"));
        }
        Ok(())
    }

    /// Writes the params as unqualified children, in order.
    pub(crate) fn params(&mut self, params: &[Param]) -> Result<(), SoapError> {
        for param in params {
            let name = param.name();
            check_name(name).map_err(|source| SoapError::Xml {
                what: "a parameter name".to_string(),
                source,
            })?;
            let what = format!("parameter {name:?}");
            match param {
                Param::Value { value, .. } => self.leaf(name, value, &what)?,
                Param::Array { values, .. } => {
                    for value in values {
                        self.leaf(name, value, &what)?;
                    }
                }
                Param::Struct { fields, .. } => self.wrap(name, |doc| doc.params(fields))?,
            }
        }
        Ok(())
    }

    /// Closes `Body` and the envelope and returns the document.
    pub(crate) fn finish(mut self) -> String {
        self.out.push_str("</SOAP-ENV:Body></SOAP-ENV:Envelope>");
        if self.side == Side::Server {
            self.out.push_str("\r\n");
        }
        self.out
    }
}

/// The whole document for `<vbox:{element}>` with `params` as children.
pub(crate) fn operation(side: Side, element: &str, params: &[Param]) -> Result<String, SoapError> {
    check_name(element).map_err(|source| SoapError::Xml {
        what: "the operation name".to_string(),
        source,
    })?;
    let mut doc = Doc::new(side);
    doc.wrap(&format!("vbox:{element}"), |doc| doc.params(params))?;
    Ok(doc.finish())
}

//! The HTTP facts of the vboxwebsrv 7.0.14 captures, as data for a transport and a server.
//!
//! Requests are `POST /` with `Content-Type: text/xml; charset=utf-8` and `SOAPAction: ""`.
//! Answers carry the headers below in this order; a fault is status 500 and closes the
//! connection; a success keeps it alive with a per-connection request budget of 100 that the
//! `Keep-Alive: timeout=60, max=N` header counts down (the next connection starts at 100 again).

/// vboxwebsrv's default port.
pub const DEFAULT_PORT: u16 = 18083;
/// The request method.
pub const REQUEST_METHOD: &str = "POST";
/// The request path.
pub const REQUEST_PATH: &str = "/";
/// Content type of requests and answers.
pub const CONTENT_TYPE: &str = "text/xml; charset=utf-8";
/// The `SOAPAction` value of every operation (`soapAction=""` in the WSDL), quotes included.
pub const SOAP_ACTION: &str = "\"\"";
/// Headers a client sends besides `Host` and `Content-Length`.
pub const REQUEST_HEADERS: [(&str, &str); 2] =
    [("Content-Type", CONTENT_TYPE), ("SOAPAction", SOAP_ACTION)];
/// The `Server` header of vboxwebsrv.
pub const SERVER: &str = "gSOAP/2.8";
/// Idle seconds a kept-alive connection may wait (`Keep-Alive: timeout=60`).
pub const KEEP_ALIVE_TIMEOUT_SECS: u32 = 60;
/// Requests one connection may carry (`vboxwebsrv --keepalive`, default 100).
pub const KEEP_ALIVE_MAX: u32 = 100;

/// Status and headers of an answer, in the captured order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseHead {
    /// HTTP status code: 200, or 500 for a fault.
    pub status: u16,
    /// Reason phrase: `OK` or `Internal Server Error`.
    pub reason: &'static str,
    /// Header names and values in order.
    pub headers: Vec<(&'static str, String)>,
}

impl ResponseHead {
    /// The head of a successful answer of `content_length` bytes, when the connection may carry
    /// `remaining` requests counting this one ([`KEEP_ALIVE_MAX`] for its first request). What
    /// gSOAP sends once the budget is used up was not captured: close the connection after the
    /// answer that said `max=1`.
    pub fn ok(content_length: usize, remaining: u32) -> ResponseHead {
        let mut headers = Self::common(content_length);
        headers.push((
            "Keep-Alive",
            format!("timeout={KEEP_ALIVE_TIMEOUT_SECS}, max={remaining}"),
        ));
        headers.push(("Connection", "keep-alive".to_string()));
        ResponseHead {
            status: 200,
            reason: "OK",
            headers,
        }
    }

    /// The head of a fault of `content_length` bytes: status 500, `Connection: close` (the
    /// server closes the connection after it).
    pub fn fault(content_length: usize) -> ResponseHead {
        let mut headers = Self::common(content_length);
        headers.push(("Connection", "close".to_string()));
        ResponseHead {
            status: 500,
            reason: "Internal Server Error",
            headers,
        }
    }

    fn common(content_length: usize) -> Vec<(&'static str, String)> {
        vec![
            ("Server", SERVER.to_string()),
            ("X-Frame-Options", "SAMEORIGIN".to_string()),
            ("Content-Type", CONTENT_TYPE.to_string()),
            ("Content-Length", content_length.to_string()),
        ]
    }

    /// The value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the connection stays open after this answer.
    pub fn keeps_alive(&self) -> bool {
        self.header("Connection") == Some("keep-alive")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_and_fault_heads() {
        let ok = ResponseHead::ok(503, KEEP_ALIVE_MAX);
        assert_eq!(ok.status, 200);
        assert_eq!(ok.header("keep-alive"), Some("timeout=60, max=100"));
        assert!(ok.keeps_alive());
        let fault = ResponseHead::fault(716);
        assert_eq!((fault.status, fault.reason), (500, "Internal Server Error"));
        assert_eq!(fault.header("Content-Length"), Some("716"));
        assert!(!fault.keeps_alive());
        assert_eq!(fault.header("Keep-Alive"), None);
    }
}

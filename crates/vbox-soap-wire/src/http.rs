//! The HTTP facts of vboxwebsrv (captured on 7.0.14, checked on 7.2.22), as data for a
//! transport and a server: no sockets here.
//!
//! Requests are `POST /` with `Content-Type: text/xml; charset=utf-8` and `SOAPAction: ""`.
//! Answers carry the headers below in this order; a fault is status 500 and closes the
//! connection; a success keeps it alive with a per-connection request budget of 100 that the
//! `Keep-Alive: timeout=60, max=N` header counts down (the next connection starts at 100 again).
//!
//! Other requests, as gSOAP 2.8 in vboxwebsrv 7.2.22 answers them ([`RequestHead::route`]):
//! `GET /?wsdl` (that exact target) is the WSDL with `Content-Type: text/html`; `HEAD` and
//! `OPTIONS` are an empty 200; `GET`, `PUT`, `PATCH` and `DELETE` anywhere else are a 405 fault
//! "HTTP GET method not implemented"; any other method is a 405 fault "Error 405: HTTP 405
//! Method Not Allowed". The path of a `POST` does not matter; a chunked body is read like a
//! sized one; an HTTP/1.0 request is answered with `Connection: close`.

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

/// The target that serves the WSDL on `GET`.
pub const WSDL_TARGET: &str = "/?wsdl";
/// Content type of the WSDL answer (gSOAP's `SOAP_HTML`, although the body is XML).
pub const WSDL_CONTENT_TYPE: &str = "text/html; charset=utf-8";

/// What a request head asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// A SOAP call: read the body.
    Soap,
    /// `GET /?wsdl`: answer with the WSDL.
    Wsdl,
    /// `HEAD`, `OPTIONS`: an empty 200.
    Empty,
    /// A method gSOAP knows but vboxwebsrv does not serve: a 405 fault ([`method_fault`]).
    NotImplemented,
    /// A method gSOAP does not know: a 405 fault ([`method_fault`]).
    NotAllowed,
}

/// A request head as read from the wire.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RequestHead {
    /// `POST`, `GET`, …
    pub method: String,
    /// `/`, `/?wsdl`, …
    pub target: String,
    /// `HTTP/1.1` or `HTTP/1.0`.
    pub version: String,
    /// `Content-Length`, when given.
    pub content_length: Option<usize>,
    /// `Transfer-Encoding: chunked`.
    pub chunked: bool,
    /// `Connection: close` (or an HTTP/1.0 request): close after the answer.
    pub close: bool,
    /// `Expect: 100-continue`.
    pub expect_continue: bool,
}

/// Why a request head cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeadError {
    /// The request line is not `METHOD TARGET HTTP/x.y`.
    #[error("malformed request line {0:?}")]
    RequestLine(String),
    /// A header line without `:` or with a bad value.
    #[error("malformed header line {0:?}")]
    Header(String),
}

impl RequestHead {
    /// Reads the request line and header lines (each without its line end; the blank line
    /// that ends the head is not part of `lines`).
    ///
    /// # Errors
    /// [`HeadError`] for a request line or header that cannot be read.
    pub fn parse<'a>(mut lines: impl Iterator<Item = &'a str>) -> Result<RequestHead, HeadError> {
        let first = lines.next().unwrap_or_default();
        let mut parts = first.split_ascii_whitespace();
        let (Some(method), Some(target), Some(version), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(HeadError::RequestLine(first.to_string()));
        };
        if !version.starts_with("HTTP/") {
            return Err(HeadError::RequestLine(first.to_string()));
        }
        let mut head = RequestHead {
            method: method.to_string(),
            target: target.to_string(),
            version: version.to_string(),
            close: version == "HTTP/1.0",
            ..RequestHead::default()
        };
        for line in lines {
            let Some((name, value)) = line.split_once(':') else {
                return Err(HeadError::Header(line.to_string()));
            };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => {
                    let length = value
                        .parse()
                        .map_err(|_| HeadError::Header(line.to_string()))?;
                    head.content_length = Some(length);
                }
                "transfer-encoding" => head.chunked = value.eq_ignore_ascii_case("chunked"),
                "connection" if value.eq_ignore_ascii_case("close") => head.close = true,
                "expect" => head.expect_continue = value.eq_ignore_ascii_case("100-continue"),
                _ => {}
            }
        }
        Ok(head)
    }

    /// What the request asks for.
    pub fn route(&self) -> Route {
        match self.method.as_str() {
            "POST" => Route::Soap,
            "GET" if self.target == WSDL_TARGET => Route::Wsdl,
            "HEAD" | "OPTIONS" => Route::Empty,
            "GET" | "PUT" | "PATCH" | "DELETE" => Route::NotImplemented,
            _ => Route::NotAllowed,
        }
    }
}

/// The faultstring of the 405 answer to `method` (route [`Route::NotImplemented`] or
/// [`Route::NotAllowed`]).
pub fn method_fault(method: &str) -> String {
    match method {
        "GET" | "PUT" | "PATCH" | "DELETE" => format!("HTTP {method} method not implemented"),
        _ => "Error 405: HTTP 405 Method Not Allowed".to_string(),
    }
}

/// The size of the chunk announced by a chunk-size line of a chunked body (hex digits, then
/// optional `;extensions`); 0 ends the body.
///
/// # Errors
/// [`HeadError::Header`] when the line holds no hex number.
pub fn chunk_size(line: &str) -> Result<usize, HeadError> {
    let digits = line.split(';').next().unwrap_or_default().trim();
    if digits.is_empty() || digits.len() > 15 {
        return Err(HeadError::Header(line.to_string()));
    }
    usize::from_str_radix(digits, 16).map_err(|_| HeadError::Header(line.to_string()))
}

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

    /// The head of the WSDL answer to `GET /?wsdl` (kept alive like a success).
    pub fn wsdl(content_length: usize, remaining: u32) -> ResponseHead {
        let mut head = ResponseHead::ok(content_length, remaining);
        head.headers[2].1 = WSDL_CONTENT_TYPE.to_string();
        head
    }

    /// The head of the 405 fault to a method vboxwebsrv does not serve.
    pub fn method_not_allowed(content_length: usize) -> ResponseHead {
        ResponseHead {
            status: 405,
            reason: "Method Not Allowed",
            ..ResponseHead::fault(content_length)
        }
    }

    /// This head for a connection that closes after it (an HTTP/1.0 client, `Connection:
    /// close`, a spent budget): `Connection: close` and no `Keep-Alive`.
    pub fn closing(mut self) -> ResponseHead {
        self.headers.retain(|(name, _)| *name != "Keep-Alive");
        for (name, value) in &mut self.headers {
            if *name == "Connection" {
                *value = "close".to_string();
            }
        }
        self
    }

    /// The status line and headers as sent, up to and including the blank line.
    pub fn to_text(&self) -> String {
        let mut out = format!("HTTP/1.1 {} {}\r\n", self.status, self.reason);
        for (name, value) in &self.headers {
            out.push_str(&format!("{name}: {value}\r\n"));
        }
        out.push_str("\r\n");
        out
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

    #[test]
    fn request_heads_and_their_routes() {
        let head = RequestHead::parse(
            ["POST /x HTTP/1.1", "Content-Length: 12", "SOAPAction: \"\""].into_iter(),
        )
        .unwrap();
        assert_eq!((head.route(), head.content_length), (Route::Soap, Some(12)));
        let route = |line: &str| RequestHead::parse([line].into_iter()).unwrap().route();
        assert_eq!(route("GET /?wsdl HTTP/1.1"), Route::Wsdl);
        assert_eq!(route("GET /?WSDL HTTP/1.1"), Route::NotImplemented);
        assert_eq!(route("HEAD /foo HTTP/1.1"), Route::Empty);
        assert_eq!(route("FOO / HTTP/1.1"), Route::NotAllowed);
        assert!(RequestHead::parse(["GET /"].into_iter()).is_err());
        assert!(
            RequestHead::parse(["GET / HTTP/1.0"].into_iter())
                .unwrap()
                .close
        );
        assert_eq!(method_fault("PUT"), "HTTP PUT method not implemented");
        assert_eq!(
            method_fault("FOO"),
            "Error 405: HTTP 405 Method Not Allowed"
        );
        assert_eq!(chunk_size("1a;x=y"), Ok(26));
        assert!(chunk_size("zz").is_err());
    }

    #[test]
    fn wsdl_and_closing_heads() {
        let wsdl = ResponseHead::wsdl(10, 100);
        assert_eq!(wsdl.header("Content-Type"), Some(WSDL_CONTENT_TYPE));
        let closing = wsdl.closing();
        assert_eq!(closing.header("Keep-Alive"), None);
        assert!(!closing.keeps_alive());
        assert!(closing
            .to_text()
            .starts_with("HTTP/1.1 200 OK\r\nServer: gSOAP/2.8\r\n"));
        assert_eq!(ResponseHead::method_not_allowed(5).status, 405);
    }
}

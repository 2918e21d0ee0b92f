//! One HTTP/1.1 connection to vboxwebsrv: one request written, its whole answer read, and
//! whether the connection may carry another.
//!
//! Written here rather than taken from an HTTP library because the pool above it must know
//! exactly what happened on each connection: whether any byte of an answer arrived (a request
//! the server never read may be sent again), and whether gSOAP will keep the connection (it
//! says `Connection: close` after a fault and counts `Keep-Alive: max=N` down to its
//! `--keepalive` budget).

use std::time::Instant;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

/// A byte stream a connection runs on (TCP, or TLS over TCP).
pub(crate) trait Io: AsyncRead + AsyncWrite + Send + Unpin {}

impl<T: AsyncRead + AsyncWrite + Send + Unpin> Io for T {}

/// Longest status or header line accepted.
const MAX_LINE: usize = 16 * 1024;
/// Most header lines accepted in one answer.
const MAX_HEADERS: usize = 100;

/// A complete answer.
#[derive(Debug)]
pub(crate) struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The body.
    pub body: Vec<u8>,
    /// Whether the server keeps the connection open for another request.
    pub keep_alive: bool,
}

/// How an exchange failed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The connection ended before any byte of an answer arrived.
    NoAnswer(String),
    /// The answer was cut short or could not be read.
    Broken(String),
    /// The answer is larger than the limit.
    TooLarge,
}

/// An open connection.
pub(crate) struct Connection {
    stream: BufReader<Box<dyn Io>>,
    /// Answers read on it so far.
    pub answered: u64,
    /// When its last answer was read (or when it was opened).
    pub idle_since: Instant,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("answered", &self.answered)
            .finish_non_exhaustive()
    }
}

impl Connection {
    /// A connection over `stream`.
    pub(crate) fn new(stream: Box<dyn Io>) -> Connection {
        Connection {
            stream: BufReader::with_capacity(32 * 1024, stream),
            answered: 0,
            idle_since: Instant::now(),
        }
    }

    /// Writes `request` (head and body) and reads the answer, of at most `max_body` bytes.
    pub(crate) async fn exchange(
        &mut self,
        request: &[u8],
        max_body: usize,
    ) -> Result<Answer, Failure> {
        let stream = self.stream.get_mut();
        if let Err(e) = stream.write_all(request).await {
            return Err(Failure::NoAnswer(format!("sending the request: {e}")));
        }
        if let Err(e) = stream.flush().await {
            return Err(Failure::NoAnswer(format!("sending the request: {e}")));
        }
        let answer = self.read_answer(max_body).await?;
        self.answered += 1;
        self.idle_since = Instant::now();
        Ok(answer)
    }

    async fn read_answer(&mut self, max_body: usize) -> Result<Answer, Failure> {
        let mut line = Vec::new();
        let mut got_bytes = false;
        // Interim 1xx answers come before the real one.
        let (status, head, http10) = loop {
            line.clear();
            match read_line(&mut self.stream, &mut line).await {
                Ok(0) if !got_bytes => {
                    return Err(Failure::NoAnswer(
                        "the server closed the connection without answering".into(),
                    ))
                }
                Ok(0) => return Err(Failure::Broken("the answer ends early".into())),
                Ok(_) => got_bytes = true,
                Err(e) if !got_bytes && line.is_empty() => {
                    return Err(Failure::NoAnswer(format!("reading the answer: {e}")))
                }
                Err(e) => return Err(Failure::Broken(format!("reading the answer: {e}"))),
            }
            let text = String::from_utf8_lossy(&line).trim().to_string();
            let mut parts = text.split_whitespace();
            let version = parts.next().unwrap_or_default();
            let bad = || Failure::Broken(format!("bad status line {text:?}"));
            if !version.starts_with("HTTP/1.") {
                return Err(bad());
            }
            let status: u16 = parts.next().and_then(|c| c.parse().ok()).ok_or_else(bad)?;
            let head = self.read_headers().await?;
            if !(100..200).contains(&status) {
                break (status, head, version == "HTTP/1.0");
            }
        };
        let body = match (head.chunked, head.length) {
            (true, _) => self.read_chunked(max_body).await?,
            (false, Some(n)) if n > max_body => return Err(Failure::TooLarge),
            (false, Some(n)) => {
                let mut body = vec![0; n];
                self.stream
                    .read_exact(&mut body)
                    .await
                    .map_err(|e| Failure::Broken(format!("reading the answer body: {e}")))?;
                body
            }
            (false, None) => {
                // No length: the body runs until the server closes the connection.
                let mut body = Vec::new();
                let mut limited = (&mut self.stream).take(max_body as u64 + 1);
                limited
                    .read_to_end(&mut body)
                    .await
                    .map_err(|e| Failure::Broken(format!("reading the answer body: {e}")))?;
                if body.len() > max_body {
                    return Err(Failure::TooLarge);
                }
                return Ok(Answer {
                    status,
                    body,
                    keep_alive: false,
                });
            }
        };
        // HTTP/1.1 keeps a connection unless told otherwise; gSOAP's `Keep-Alive: max=1`
        // announces that it closes after this answer.
        let keep_alive = match head.connection {
            Some(ConnectionHeader::Close) => false,
            Some(ConnectionHeader::KeepAlive) => true,
            None => !http10,
        } && head.keep_alive_max != Some(1);
        Ok(Answer {
            status,
            body,
            keep_alive,
        })
    }

    async fn read_headers(&mut self) -> Result<Head, Failure> {
        let mut head = Head::default();
        let mut line = Vec::new();
        for _ in 0..MAX_HEADERS {
            line.clear();
            match read_line(&mut self.stream, &mut line).await {
                Ok(0) => return Err(Failure::Broken("the answer ends within its headers".into())),
                Ok(_) => {}
                Err(e) => return Err(Failure::Broken(format!("reading the headers: {e}"))),
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end();
            if text.is_empty() {
                return Ok(head);
            }
            let Some((name, value)) = text.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-length" => {
                    head.length =
                        Some(value.parse().map_err(|_| {
                            Failure::Broken(format!("bad Content-Length {value:?}"))
                        })?)
                }
                "transfer-encoding" => {
                    head.chunked = value.to_ascii_lowercase().contains("chunked");
                }
                "connection" => {
                    let value = value.to_ascii_lowercase();
                    if value.contains("close") {
                        head.connection = Some(ConnectionHeader::Close);
                    } else if value.contains("keep-alive") {
                        head.connection = Some(ConnectionHeader::KeepAlive);
                    }
                }
                "keep-alive" => {
                    head.keep_alive_max = value
                        .split(',')
                        .filter_map(|p| p.trim().strip_prefix("max="))
                        .find_map(|n| n.trim().parse().ok());
                }
                _ => {}
            }
        }
        Err(Failure::Broken(format!(
            "more than {MAX_HEADERS} header lines"
        )))
    }

    async fn read_chunked(&mut self, max_body: usize) -> Result<Vec<u8>, Failure> {
        let mut body = Vec::new();
        let mut line = Vec::new();
        let broken = |e: std::io::Error| Failure::Broken(format!("reading a chunk: {e}"));
        loop {
            line.clear();
            if read_line(&mut self.stream, &mut line)
                .await
                .map_err(broken)?
                == 0
            {
                return Err(Failure::Broken("the answer ends within a chunk".into()));
            }
            let text = String::from_utf8_lossy(&line);
            let size = text.trim().split(';').next().unwrap_or_default();
            let size = usize::from_str_radix(size, 16)
                .map_err(|_| Failure::Broken(format!("bad chunk size {:?}", text.trim())))?;
            if size == 0 {
                // Trailers, up to the empty line.
                loop {
                    line.clear();
                    if read_line(&mut self.stream, &mut line)
                        .await
                        .map_err(broken)?
                        == 0
                        || line.iter().all(u8::is_ascii_whitespace)
                    {
                        return Ok(body);
                    }
                }
            }
            if body.len() + size > max_body {
                return Err(Failure::TooLarge);
            }
            let start = body.len();
            body.resize(start + size, 0);
            self.stream
                .read_exact(&mut body[start..])
                .await
                .map_err(broken)?;
            line.clear();
            read_line(&mut self.stream, &mut line)
                .await
                .map_err(broken)?;
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ConnectionHeader {
    Close,
    KeepAlive,
}

#[derive(Debug, Default)]
struct Head {
    length: Option<usize>,
    chunked: bool,
    connection: Option<ConnectionHeader>,
    keep_alive_max: Option<u32>,
}

/// Reads one line (with its `\n`) of at most [`MAX_LINE`] bytes; 0 at the end of the stream.
async fn read_line<R: tokio::io::AsyncBufRead + Unpin>(
    reader: &mut R,
    line: &mut Vec<u8>,
) -> std::io::Result<usize> {
    let mut limited = reader.take(MAX_LINE as u64);
    let n = limited.read_until(b'\n', line).await?;
    if n == MAX_LINE && line.last() != Some(&b'\n') {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "header line too long",
        ));
    }
    Ok(n)
}

/// The bytes of a SOAP request: `POST <path>` with the headers vboxwebsrv's clients send.
pub(crate) fn request(path: &str, authority: &str, body: &str) -> Vec<u8> {
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\nContent-Type: {}\r\nSOAPAction: {}\r\nContent-Length: {}\r\n\r\n",
        crate::http::CONTENT_TYPE,
        crate::http::SOAP_ACTION,
        body.len()
    );
    let mut bytes = Vec::with_capacity(head.len() + body.len());
    bytes.extend_from_slice(head.as_bytes());
    bytes.extend_from_slice(body.as_bytes());
    bytes
}

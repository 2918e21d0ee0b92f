//! A small HTTP/1.1 server with gSOAP's habits: `POST /` with a Content-Length body, answers
//! with the captured headers, keep-alive counted down per connection, and the connection
//! closed after every fault.

use super::{call, Shared};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use vbox_soap_wire::http::{ResponseHead, KEEP_ALIVE_TIMEOUT_SECS};

/// Biggest request body accepted (vboxwebsrv has no such limit; this keeps a bad client from
/// exhausting memory).
const MAX_BODY: usize = 16 * 1024 * 1024;
/// Biggest request head.
const MAX_HEAD_LINES: usize = 100;

/// Serves one connection until it closes, a fault closes it or its budget is spent.
pub(crate) async fn serve_connection(stream: TcpStream, shared: Arc<Shared>) {
    let _ = stream.set_nodelay(true);
    let mut stream = BufReader::new(stream);
    let budget = shared.opts.keepalive_max.max(1);
    for used in 0..budget {
        let idle = Duration::from_secs(u64::from(KEEP_ALIVE_TIMEOUT_SECS));
        let (body, client_closes) =
            match tokio::time::timeout(idle, read_request(&mut stream)).await {
                Ok(Ok(Some(request))) => request,
                Ok(Ok(None)) | Err(_) => return,
                Ok(Err(status)) => {
                    let _ = write_plain_error(stream.get_mut(), status).await;
                    return;
                }
            };
        let (ok, text) = call::handle(&shared, &body).await;
        let remaining = budget - used;
        let head = if ok {
            ResponseHead::ok(text.len(), remaining)
        } else {
            ResponseHead::fault(text.len())
        };
        if write_response(stream.get_mut(), &head, &text)
            .await
            .is_err()
            || !ok
            || client_closes
        {
            return;
        }
    }
}

/// Reads one request: its body and whether the client asked to close the connection;
/// `Ok(None)` at a clean end of the connection, `Err(status)` for a request that is not a
/// SOAP POST.
async fn read_request(stream: &mut BufReader<TcpStream>) -> Result<Option<(Vec<u8>, bool)>, u16> {
    let mut line = String::new();
    if stream.read_line(&mut line).await.map_err(|_| 400u16)? == 0 {
        return Ok(None);
    }
    let method = line
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    let mut length: Option<usize> = None;
    let mut close = false;
    let mut expect_continue = false;
    for _ in 0..MAX_HEAD_LINES {
        line.clear();
        if stream.read_line(&mut line).await.map_err(|_| 400u16)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end();
        if header.is_empty() {
            if method != "POST" {
                return Err(405);
            }
            let length = length.ok_or(411u16)?;
            if length > MAX_BODY {
                return Err(413);
            }
            if expect_continue {
                let go_on = b"HTTP/1.1 100 Continue\r\n\r\n";
                stream
                    .get_mut()
                    .write_all(go_on)
                    .await
                    .map_err(|_| 400u16)?;
            }
            let mut body = vec![0; length];
            stream.read_exact(&mut body).await.map_err(|_| 400u16)?;
            return Ok(Some((body, close)));
        }
        if let Some((name, value)) = header.split_once(':') {
            let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
            match name.as_str() {
                "content-length" => length = Some(value.parse().map_err(|_| 400u16)?),
                "connection" => close = value.eq_ignore_ascii_case("close"),
                "expect" => expect_continue = value.eq_ignore_ascii_case("100-continue"),
                // Chunked bodies are not supported (SOAP clients send a Content-Length).
                "transfer-encoding" => return Err(411),
                _ => {}
            }
        }
    }
    Err(431)
}

async fn write_response(
    stream: &mut TcpStream,
    head: &ResponseHead,
    body: &str,
) -> std::io::Result<()> {
    let mut out = format!("HTTP/1.1 {} {}\r\n", head.status, head.reason);
    for (name, value) in &head.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    out.push_str(body);
    stream.write_all(out.as_bytes()).await?;
    stream.flush().await
}

/// An HTTP-level refusal (no SOAP involved), then the connection closes.
async fn write_plain_error(stream: &mut TcpStream, status: u16) -> std::io::Result<()> {
    let reason = match status {
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Payload Too Large",
        431 => "Request Header Fields Too Large",
        _ => "Bad Request",
    };
    let out = format!(
        "HTTP/1.1 {status} {reason}\r\nServer: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        vbox_soap_wire::http::SERVER
    );
    stream.write_all(out.as_bytes()).await
}

//! A small HTTP/1.1 server with gSOAP's habits (the facts are in
//! [`vbox_soap_wire::http`]): `POST` with a sized or chunked body, the WSDL on `GET /?wsdl`,
//! an empty 200 for `HEAD`/`OPTIONS`, a 405 fault for other methods, answers with the
//! captured headers, keep-alive counted down per connection, and the connection closed after
//! every fault.

use super::{call, wsdl, Shared};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use vbox_soap_wire::http::{
    chunk_size, method_fault, RequestHead, ResponseHead, Route, KEEP_ALIVE_TIMEOUT_SECS,
};
use vbox_soap_wire::server::fault_response;
use vbox_soap_wire::{Fault, CLIENT_FAULTCODE};

/// Biggest request body accepted (vboxwebsrv has no such limit; this keeps a bad client from
/// exhausting memory).
const MAX_BODY: usize = 16 * 1024 * 1024;
/// Biggest request head, in lines.
const MAX_HEAD_LINES: usize = 100;
/// Longest line of a request head or chunk-size line.
const MAX_LINE: u64 = 64 * 1024;

/// Serves one connection until it closes, a fault closes it or its budget is spent.
pub(crate) async fn serve_connection(stream: TcpStream, shared: Arc<Shared>) {
    let _ = stream.set_nodelay(true);
    let mut stream = BufReader::new(stream);
    let budget = shared.opts.keepalive_max.max(1);
    for used in 0..budget {
        let idle = Duration::from_secs(u64::from(KEEP_ALIVE_TIMEOUT_SECS));
        let (head, body) = match tokio::time::timeout(idle, read_request(&mut stream)).await {
            Ok(Ok(Some(request))) => request,
            Ok(Ok(None)) | Err(_) => return,
            Ok(Err(status)) => {
                let _ = write_plain_error(stream.get_mut(), status).await;
                return;
            }
        };
        let remaining = budget - used;
        let (answer, text) = answer(&shared, &head, &body, remaining).await;
        let answer = if head.close { answer.closing() } else { answer };
        let keep = answer.keeps_alive();
        let sent = write_response(stream.get_mut(), &answer, text.as_bytes(), &head).await;
        if sent.is_err() || !keep {
            return;
        }
    }
}

/// The answer to one request: its head and body.
async fn answer(
    shared: &Shared,
    head: &RequestHead,
    body: &[u8],
    remaining: u32,
) -> (ResponseHead, String) {
    let api = shared.sim.options().api;
    match (head.route(), wsdl::text(api)) {
        (Route::Soap, _) => {
            let started = Instant::now();
            let outcome = call::handle(shared, body).await;
            shared.observe(&outcome, started.elapsed());
            let head = if outcome.ok {
                ResponseHead::ok(outcome.text.len(), remaining)
            } else {
                ResponseHead::fault(outcome.text.len())
            };
            (head, outcome.text)
        }
        (Route::Wsdl, Some(text)) => (ResponseHead::wsdl(text.len(), remaining), text.into()),
        (Route::Empty, _) => (ResponseHead::ok(0, remaining), String::new()),
        (Route::Wsdl, None) | (Route::NotImplemented | Route::NotAllowed, _) => {
            let fault = Fault::Other {
                faultcode: CLIENT_FAULTCODE.into(),
                faultstring: method_fault(&head.method),
            };
            let text = fault_response(&fault).unwrap_or_default();
            (ResponseHead::method_not_allowed(text.len()), text)
        }
    }
}

/// Reads one request: its head and body; `Ok(None)` at a clean end of the connection,
/// `Err(status)` for a request that cannot be read.
async fn read_request(
    stream: &mut BufReader<TcpStream>,
) -> Result<Option<(RequestHead, Vec<u8>)>, u16> {
    let mut lines = Vec::new();
    loop {
        let Some(line) = read_line(stream).await? else {
            return Ok(None);
        };
        if line.is_empty() {
            if lines.is_empty() {
                continue; // a stray line end between requests
            }
            break;
        }
        if lines.len() == MAX_HEAD_LINES {
            return Err(431);
        }
        lines.push(line);
    }
    let head = RequestHead::parse(lines.iter().map(String::as_str)).map_err(|_| 400u16)?;
    if head.route() != Route::Soap {
        return Ok(Some((head, Vec::new())));
    }
    if head.expect_continue {
        let go_on = b"HTTP/1.1 100 Continue\r\n\r\n";
        stream
            .get_mut()
            .write_all(go_on)
            .await
            .map_err(|_| 400u16)?;
    }
    let body = if head.chunked {
        read_chunked(stream).await?
    } else {
        let length = head.content_length.ok_or(411u16)?;
        if length > MAX_BODY {
            return Err(413);
        }
        let mut body = vec![0; length];
        stream.read_exact(&mut body).await.map_err(|_| 400u16)?;
        body
    };
    Ok(Some((head, body)))
}

/// A chunked body (gSOAP reads one like a sized body).
async fn read_chunked(stream: &mut BufReader<TcpStream>) -> Result<Vec<u8>, u16> {
    let mut body = Vec::new();
    loop {
        let line = read_line(stream).await?.ok_or(400u16)?;
        let size = chunk_size(&line).map_err(|_| 400u16)?;
        if size == 0 {
            // Trailer lines up to the blank line.
            while !read_line(stream).await?.ok_or(400u16)?.is_empty() {}
            return Ok(body);
        }
        if body.len() + size > MAX_BODY {
            return Err(413);
        }
        let start = body.len();
        body.resize(start + size, 0);
        stream
            .read_exact(&mut body[start..])
            .await
            .map_err(|_| 400u16)?;
        if !read_line(stream).await?.ok_or(400u16)?.is_empty() {
            return Err(400);
        }
    }
}

/// One line without its line end; `None` at the end of the connection.
async fn read_line(stream: &mut BufReader<TcpStream>) -> Result<Option<String>, u16> {
    let mut line = Vec::new();
    let n = (&mut *stream)
        .take(MAX_LINE)
        .read_until(b'\n', &mut line)
        .await
        .map_err(|_| 400u16)?;
    if n == 0 {
        return Ok(None);
    }
    if line.last() != Some(&b'\n') {
        return Err(if n as u64 == MAX_LINE { 431 } else { 400 });
    }
    let text = String::from_utf8(line).map_err(|_| 400u16)?;
    Ok(Some(text.trim_end_matches(['\r', '\n']).to_string()))
}

/// Writes head and body; a `HEAD` request gets the head alone.
async fn write_response(
    stream: &mut TcpStream,
    head: &ResponseHead,
    body: &[u8],
    request: &RequestHead,
) -> std::io::Result<()> {
    stream.write_all(head.to_text().as_bytes()).await?;
    if request.method != "HEAD" {
        stream.write_all(body).await?;
    }
    stream.flush().await
}

/// An HTTP-level refusal (no SOAP involved), then the connection closes.
async fn write_plain_error(stream: &mut TcpStream, status: u16) -> std::io::Result<()> {
    let reason = match status {
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

//! `HttpTransport` and the client against misbehaving servers on 127.0.0.1.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use vbox_soap::server::response;
use vbox_soap::{Param, SoapBackend, SoapOptions};
use vbox_types::{Backend, ErrorKind};

/// Reads one HTTP request (head and Content-Length body); `None` when the peer closed.
async fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_string();
            let len: usize = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse().unwrap())
                })
                .unwrap_or(0);
            if data.len() >= end + 4 + len {
                return Some(String::from_utf8_lossy(&data[end + 4..end + 4 + len]).to_string());
            }
        }
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
    }
}

fn http_ok(body: &str, keep_alive: bool) -> Vec<u8> {
    let connection = if keep_alive { "keep-alive" } else { "close" };
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {}\r\nConnection: {connection}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A server that answers each connection with `answer(request body)` and then does `after`.
async fn serve<F>(answer: F) -> String
where
    F: Fn(&str) -> Vec<u8> + Send + Sync + Clone + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let answer = answer.clone();
            tokio::spawn(async move {
                // Two requests per connection, then close: the client must reconnect by itself
                // (vboxwebsrv does this after 100).
                for _ in 0..2 {
                    let Some(body) = read_request(&mut stream).await else {
                        return;
                    };
                    let bytes = answer(&body);
                    if bytes.is_empty() {
                        tokio::time::sleep(Duration::from_secs(30)).await;
                        return;
                    }
                    if stream.write_all(&bytes).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    format!("http://{addr}/")
}

fn op_of(body: &str) -> String {
    vbox_soap::server::parse_request(body).unwrap().op
}

fn fast() -> SoapOptions {
    SoapOptions {
        call_timeout: Duration::from_millis(300),
        ..SoapOptions::default()
    }
}

fn logon_then(
    rest: fn(&str) -> Vec<u8>,
) -> impl Fn(&str) -> Vec<u8> + Send + Sync + Clone + 'static {
    move |body: &str| {
        let op = op_of(body);
        if op == "IWebsessionManager_logon" {
            let r = response(
                &op,
                &[Param::value(
                    "returnval",
                    "b8a4761c5b5f3e71-0000000000000001",
                )],
            )
            .unwrap();
            return http_ok(&r, true);
        }
        rest(body)
    }
}

#[tokio::test]
async fn a_hanging_server_times_out_naming_host_and_operation() {
    let url = serve(logon_then(|_| Vec::new())).await;
    let backend = SoapBackend::new(&url, fast()).unwrap();
    let started = Instant::now();
    let err = backend.list_machines().await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    let host = url.trim_start_matches("http://").trim_end_matches('/');
    assert!(
        err.message().contains(host) && err.message().contains("IVirtualBox_getMachines"),
        "{err}"
    );
}

#[tokio::test]
async fn a_connection_closed_mid_answer_is_a_typed_error() {
    let url = serve(logon_then(|_| {
        b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n<?xml".to_vec()
    }))
    .await;
    let backend = SoapBackend::new(&url, fast()).unwrap();
    let err = backend.list_machines().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transient, "{err}");
    assert!(err.message().contains("IVirtualBox_getMachines"), "{err}");
}

#[tokio::test]
async fn a_huge_answer_is_a_typed_error() {
    let url = serve(logon_then(|_| http_ok(&"x".repeat(64 * 1024), true))).await;
    let opts = SoapOptions {
        max_response_bytes: 4096,
        ..fast()
    };
    let backend = SoapBackend::new(&url, opts).unwrap();
    let err = backend.list_machines().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Backend, "{err}");
    assert!(
        err.message()
            .contains("larger than the limit of 4096 bytes"),
        "{err}"
    );
}

#[tokio::test]
async fn malformed_xml_is_a_typed_error() {
    let url = serve(logon_then(|_| {
        http_ok("<SOAP-ENV:Envelope><unclosed>", true)
    }))
    .await;
    let backend = SoapBackend::new(&url, fast()).unwrap();
    let err = backend.list_machines().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Backend, "{err}");
    assert!(
        err.message()
            .contains("IVirtualBox_getMachines: unreadable answer"),
        "{err}"
    );
}

#[tokio::test]
async fn closed_keep_alive_connections_are_replaced_transparently() {
    let url = serve(logon_then(|body| {
        let op = op_of(body);
        let r = response(&op, &[Param::value("returnval", "7_0")]).unwrap();
        http_ok(&r, true)
    }))
    .await;
    let backend = SoapBackend::new(&url, fast()).unwrap();
    let vbox = backend.client().vbox().await.unwrap();
    for _ in 0..7 {
        assert_eq!(
            backend
                .client()
                .get("IVirtualBox_getAPIVersion", &vbox)
                .await
                .unwrap(),
            "7_0"
        );
    }
}

#[test]
fn bad_urls_and_ca_files_are_refused_without_io() {
    assert_eq!(
        SoapBackend::new("ftp://x/", SoapOptions::default())
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidInput
    );
    let opts = SoapOptions {
        ca_file: Some("/nonexistent/ca.pem".into()),
        ..SoapOptions::default()
    };
    let err = SoapBackend::new("https://x:18083/", opts).unwrap_err();
    assert!(err.message().contains("/nonexistent/ca.pem"), "{err}");
}

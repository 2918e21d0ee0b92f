//! The server's worker threads behave as vboxwebsrv's: a kept-alive connection holds its
//! worker, so a client that keeps one idle while it waits on another can wait on itself; the
//! SOAP client never does.

// The simulator-server helpers of vbox-sim's own tests (this test also needs the SOAP client,
// which vbox-sim does not depend on).
#[path = "../../vbox-sim/tests/soap_common/mod.rs"]
mod soap_common;

use soap_common::{machine, serve, Wire};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use vbox_sim::ServeOptions;
use vbox_soap::envelope::request;
use vbox_soap::transport::{HttpReply, HttpTransport, TlsOptions, Transport};
use vbox_soap::{Param, SoapBackend, SoapOptions};
use vbox_types::{Backend, MachineFields};

fn one_worker() -> ServeOptions {
    ServeOptions {
        threads: 1,
        ..ServeOptions::default()
    }
}

/// With one worker, a second connection is served only once the first closes (gSOAP's
/// worker stays with a kept-alive connection for up to 60 s).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_connection_holds_its_worker() {
    let served = serve("7.1", one_worker()).await;
    let mut first = Wire::new(served.addr);
    first
        .ok(
            "IWebsessionManager_logon",
            &[Param::value("username", ""), Param::value("password", "")],
        )
        .await;
    let mut second = TcpStream::connect(served.addr).await.unwrap();
    let body = request(
        "IWebsessionManager_logon",
        &[Param::value("username", ""), Param::value("password", "")],
    )
    .unwrap();
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {}\r\nContent-Type: text/xml; charset=utf-8\r\nSOAPAction: \"\"\r\nContent-Length: {}\r\n\r\n{body}",
        served.addr,
        body.len()
    );
    second.write_all(head.as_bytes()).await.unwrap();
    let mut buf = [0u8; 16];
    // Structurally unanswerable while the first connection is open (its worker waits 60 s
    // for its next request), so this short wait cannot pass by luck.
    let waited = tokio::time::timeout(Duration::from_millis(300), second.read(&mut buf)).await;
    assert!(waited.is_err(), "answered while the only worker was held");
    drop(first);
    let n = second.read(&mut buf).await.unwrap();
    assert_eq!(&buf[..n.min(12)], b"HTTP/1.1 200");
}

/// Counts requests.
#[derive(Debug)]
struct Counting {
    inner: HttpTransport,
    requests: AtomicUsize,
}

#[async_trait::async_trait]
impl Transport for Counting {
    async fn post(&self, body: String, timeout: Duration) -> vbox_types::Result<HttpReply> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        self.inner.post(body, timeout).await
    }
}

/// The client's pool never waits on itself: every listing completes against one worker.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_completes_against_a_single_worker() {
    let served = serve("7.1", one_worker()).await;
    for i in 0..12 {
        machine(&served.sim, &format!("vm{i:02}"), 512, &[]).await;
    }
    let url = format!("http://{}", served.addr);
    let transport = Arc::new(Counting {
        inner: HttpTransport::with_connections(&url, TlsOptions::default(), 1 << 24, 4).unwrap(),
        requests: AtomicUsize::new(0),
    });
    let backend = SoapBackend::with_transport(
        &url,
        transport.clone(),
        SoapOptions {
            // A failure shows as an error, not a hang.
            call_timeout: Duration::from_secs(20),
            ..SoapOptions::default()
        },
    );
    assert_eq!(backend.list_machines_full().await.unwrap().len(), 12);
    let listed = backend
        .list_machines_with(MachineFields::ALL)
        .await
        .unwrap();
    assert_eq!(listed.len(), 12);
    assert!(listed.iter().all(|m| m.memory_mb == 512 && m.accessible));
    let stats = transport.inner.pool_stats();
    assert!(stats.open <= 1 && stats.idle <= 1, "{stats:?}");
}

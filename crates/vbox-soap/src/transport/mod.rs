//! HTTP for the SOAP client: the [`Transport`] seam (tests replay captures through it) and
//! [`HttpTransport`], kept-alive HTTP/1.1 or HTTPS to one vboxwebsrv over a small pool of
//! connections that cannot starve the server (see [`pool`]).

mod http1;
pub mod pool;
mod tls;

use std::fmt::Debug;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use tokio::net::TcpStream;
use vbox_types::{Error, ErrorKind};

pub use pool::PoolStats;
pub use tls::{fingerprint, CertPin, TlsOptions};

use http1::{Connection, Failure};
use pool::Pool;

/// One HTTP answer: status and the whole body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpReply {
    /// HTTP status (200, or 500 for a SOAP fault).
    pub status: u16,
    /// The body bytes.
    pub body: Vec<u8>,
}

/// Carries one SOAP request body to the server and returns its answer.
#[async_trait]
pub trait Transport: Send + Sync + Debug {
    /// POSTs `body` and waits at most `timeout` for the whole answer.
    ///
    /// # Errors
    /// Timeout, connection failures, a too large answer, as [`vbox_types::Error`].
    async fn post(&self, body: String, timeout: Duration) -> Result<HttpReply, Error>;
}

/// Connections a transport opens at most by default: the 4 worker threads a freshly started
/// real vboxwebsrv 7.2.22 had in its log, and on this 2-core host the fastest of 1, 2 and 4
/// kept-alive connections for a listing.
pub const DEFAULT_MAX_CONNECTIONS: usize = 4;

/// How long a connection may sit idle before it is closed instead of reused: vboxwebsrv
/// closes a kept-alive connection after 60 s without a request (gSOAP `recv_timeout`), and a
/// request sent just then would meet a closing connection.
const IDLE_LIMIT: Duration = Duration::from_secs(45);

/// How long a new connection's first answer may take before it is presumed queued in the
/// server behind threads our idle connections hold (see [`pool`], rule 3). A real 7.2.22
/// answers a getter in well under a millisecond and returns a progress object at once for
/// long operations; 250 ms only decides when idle connections are given up, never fails a
/// request.
const FIRST_ANSWER_GRACE: Duration = Duration::from_millis(250);

/// Tries of one request on reused connections that turned out closed before answering.
const STALE_RETRIES: usize = 2;

/// HTTP/1.1 to one vboxwebsrv over at most a few kept-alive connections, opened and kept by
/// the rules of [`pool`]. vboxwebsrv closes a connection after a fault and after its
/// `--keepalive` budget (100 requests, counted down in `Keep-Alive: max=N`); the next request
/// then opens a new one.
pub struct HttpTransport {
    host: String,
    connect_host: String,
    port: u16,
    path: String,
    tls: Option<(
        tokio_rustls::TlsConnector,
        rustls::pki_types::ServerName<'static>,
    )>,
    max_response_bytes: usize,
    pool: Pool<Connection>,
}

impl Debug for HttpTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpTransport")
            .field("host", &self.host)
            .field("tls", &self.tls.is_some())
            .field("pool", &self.pool.stats())
            .finish_non_exhaustive()
    }
}

impl HttpTransport {
    /// A transport to `url` (`http://host:18083/`) with at most
    /// [`DEFAULT_MAX_CONNECTIONS`] connections; no I/O happens yet.
    ///
    /// # Errors
    /// InvalidInput for a bad URL or an unreadable/invalid certificate file.
    pub fn new(url: &str, tls: TlsOptions, max_response_bytes: usize) -> Result<Self, Error> {
        Self::with_connections(url, tls, max_response_bytes, DEFAULT_MAX_CONNECTIONS)
    }

    /// [`HttpTransport::new`] with at most `max_connections` connections (at least 1).
    ///
    /// # Errors
    /// As [`HttpTransport::new`].
    pub fn with_connections(
        url: &str,
        tls: TlsOptions,
        max_response_bytes: usize,
        max_connections: usize,
    ) -> Result<Self, Error> {
        let parsed = ParsedUrl::parse(url)?;
        let tls = if parsed.https {
            let config = tls::client_config(&tls)?;
            let name = tls::server_name(&parsed.host)?;
            Some((tokio_rustls::TlsConnector::from(config), name))
        } else {
            None
        };
        Ok(HttpTransport {
            host: format!("{}:{}", parsed.host, parsed.port),
            connect_host: parsed
                .host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_string(),
            port: parsed.port,
            path: parsed.path,
            tls,
            max_response_bytes,
            pool: Pool::new(max_connections),
        })
    }

    /// `host:port` of the server.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// What the connection pool did so far.
    pub fn pool_stats(&self) -> PoolStats {
        self.pool.stats()
    }

    async fn connect(&self) -> Result<Connection, Error> {
        let tcp = TcpStream::connect((self.connect_host.as_str(), self.port))
            .await
            .map_err(|e| {
                Error::new(
                    ErrorKind::Transient,
                    format!("{}: cannot connect: {e}", self.host),
                )
            })?;
        // Requests are small and answered one at a time: send each at once.
        let _ = tcp.set_nodelay(true);
        match &self.tls {
            None => Ok(Connection::new(Box::new(tcp))),
            Some((connector, name)) => {
                let stream = connector
                    .connect(name.clone(), tcp)
                    .await
                    .map_err(|e| self.tls_error(&e))?;
                Ok(Connection::new(Box::new(stream)))
            }
        }
    }

    /// A failed handshake: a certificate that is not trusted is refused for good (Auth),
    /// anything else may pass.
    fn tls_error(&self, e: &std::io::Error) -> Error {
        let rustls_error = e
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<rustls::Error>());
        match rustls_error {
            Some(rustls::Error::InvalidCertificate(_) | rustls::Error::General(_)) => Error::new(
                ErrorKind::Auth,
                format!(
                    "{}: TLS: the server's certificate is not trusted: {e} (trust it with a CA \
                     file, or pin it)",
                    self.host
                ),
            ),
            _ => Error::new(
                ErrorKind::Transient,
                format!("{}: TLS handshake failed: {e}", self.host),
            ),
        }
    }

    async fn exchange(&self, request: &[u8]) -> Result<HttpReply, Error> {
        let mut tries = 0;
        loop {
            let mut lease = self
                .pool
                .acquire(|c: &Connection| c.idle_since.elapsed() > IDLE_LIMIT)
                .await;
            if lease.conn().is_none() {
                match self.connect().await {
                    Ok(conn) => lease.opened(conn),
                    Err(e) => {
                        lease.discard();
                        return Err(e);
                    }
                }
            }
            let fresh = lease.is_new();
            let result = {
                let conn = lease.conn().expect("a connection");
                let exchange = conn.exchange(request, self.max_response_bytes);
                tokio::pin!(exchange);
                if fresh {
                    tokio::select! {
                        r = &mut exchange => r,
                        () = tokio::time::sleep(FIRST_ANSWER_GRACE) => {
                            self.pool.close_idle();
                            exchange.await
                        }
                    }
                } else {
                    exchange.await
                }
            };
            let failure = match result {
                Ok(answer) => {
                    if answer.keep_alive {
                        lease.reuse();
                    } else {
                        lease.discard();
                    }
                    return Ok(HttpReply {
                        status: answer.status,
                        body: answer.body,
                    });
                }
                Err(failure) => {
                    lease.discard();
                    failure
                }
            };
            match failure {
                // A kept connection the server had closed (idle timeout, keep-alive budget)
                // ends before any byte of an answer: the server never read the request, so
                // it is sent again on another connection.
                Failure::NoAnswer(why) if !fresh && tries < STALE_RETRIES => {
                    tries += 1;
                    tracing::debug!(host = %self.host, "kept connection closed ({why}); sending again");
                }
                Failure::NoAnswer(why) | Failure::Broken(why) => {
                    return Err(Error::new(
                        ErrorKind::Transient,
                        format!(
                            "{}: connection failed or closed mid-answer: {why}",
                            self.host
                        ),
                    ))
                }
                Failure::TooLarge => {
                    return Err(Error::new(
                        ErrorKind::Backend,
                        format!(
                            "{}: answer larger than the limit of {} bytes",
                            self.host, self.max_response_bytes
                        ),
                    ))
                }
            }
        }
    }
}

#[async_trait]
impl Transport for HttpTransport {
    async fn post(&self, body: String, timeout: Duration) -> Result<HttpReply, Error> {
        let request = http1::request(&self.path, &self.host, &body);
        let started = Instant::now();
        match tokio::time::timeout(timeout, self.exchange(&request)).await {
            Ok(reply) => reply,
            Err(_) => Err(Error::new(
                ErrorKind::Timeout,
                format!(
                    "{}: no answer within {} ms",
                    self.host,
                    timeout.max(started.elapsed()).as_millis()
                ),
            )),
        }
    }
}

/// The parts of an `http(s)://host[:port][/path]` URL a transport needs.
#[derive(Debug, PartialEq, Eq)]
struct ParsedUrl {
    https: bool,
    /// Host as written (`[::1]` keeps its brackets).
    host: String,
    port: u16,
    path: String,
}

impl ParsedUrl {
    fn parse(url: &str) -> Result<ParsedUrl, Error> {
        let bad =
            |why: &str| Error::new(ErrorKind::InvalidInput, format!("bad URL {url:?}: {why}"));
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| bad("expected http(s)://host"))?;
        let https = match scheme.to_ascii_lowercase().as_str() {
            "http" => false,
            "https" => true,
            _ => return Err(bad("the scheme must be http or https")),
        };
        let (authority, path) = match rest.find(['/', '?', '#']) {
            Some(i) if rest[i..].starts_with('/') => (&rest[..i], rest[i..].to_string()),
            Some(i) => (&rest[..i], format!("/{}", &rest[i..])),
            None => (rest, "/".to_string()),
        };
        if authority.contains('@') {
            return Err(bad("user names go in --user, not in the URL"));
        }
        let (host, port) = if let Some(end) = authority.strip_prefix('[').and_then(|r| r.find(']'))
        {
            let host = &authority[..end + 2];
            let port = authority[end + 2..].strip_prefix(':');
            (host, port)
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (authority, None),
            }
        };
        if host.is_empty() || host == "[]" {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("no host in URL {url:?}"),
            ));
        }
        let port = match port {
            Some(p) => p.parse().map_err(|_| bad("bad port"))?,
            None if https => 443,
            None => 80,
        };
        Ok(ParsedUrl {
            https,
            host: host.to_string(),
            port,
            path,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let u = ParsedUrl::parse("http://127.0.0.1:18083").unwrap();
        assert_eq!(
            (u.https, u.host.as_str(), u.port, u.path.as_str()),
            (false, "127.0.0.1", 18083, "/")
        );
        let u = ParsedUrl::parse("https://[::1]:443/x").unwrap();
        assert_eq!(
            (u.https, u.host.as_str(), u.port, u.path.as_str()),
            (true, "[::1]", 443, "/x")
        );
        assert_eq!(ParsedUrl::parse("http://h").unwrap().port, 80);
        for bad in ["ftp://x/", "http://", "http://u@h/", "http://h:x/", "h:1"] {
            assert_eq!(
                ParsedUrl::parse(bad).unwrap_err().kind(),
                ErrorKind::InvalidInput,
                "{bad}"
            );
        }
    }
}

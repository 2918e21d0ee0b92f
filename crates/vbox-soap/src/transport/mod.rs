//! HTTP for the SOAP client: the [`Transport`] seam (tests replay captures through it) and
//! [`HttpTransport`], keep-alive HTTP/1.1 or HTTPS to one vboxwebsrv.

use std::fmt::Debug;
use std::path::Path;
use std::time::Duration;

use async_trait::async_trait;
use vbox_types::{Error, ErrorKind};

use crate::http::{CONTENT_TYPE, SOAP_ACTION};

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

/// TLS choices for `https://` endpoints.
#[derive(Debug, Clone, Default)]
pub struct TlsOptions<'a> {
    /// Extra trusted CA certificates (PEM) besides the system roots.
    pub ca_file: Option<&'a Path>,
    /// Accept any certificate (an explicit, insecure switch).
    pub insecure: bool,
}

/// HTTP/1.1 over pooled keep-alive connections. vboxwebsrv closes a connection after 100
/// requests (`Keep-Alive: max=100`) and after every fault; the pool then opens a new one.
#[derive(Debug, Clone)]
pub struct HttpTransport {
    url: String,
    host: String,
    max_response_bytes: usize,
    client: reqwest::Client,
}

impl HttpTransport {
    /// A transport to `url` (`http://host:18083/`); no I/O happens yet.
    ///
    /// # Errors
    /// InvalidInput for a bad URL or an unreadable/invalid CA file.
    pub fn new(url: &str, tls: TlsOptions<'_>, max_response_bytes: usize) -> Result<Self, Error> {
        let parsed = reqwest::Url::parse(url)
            .map_err(|e| Error::new(ErrorKind::InvalidInput, format!("bad URL {url:?}: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("bad URL {url:?}: the scheme must be http or https"),
            ));
        }
        let host = match (parsed.host_str(), parsed.port_or_known_default()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => {
                return Err(Error::new(
                    ErrorKind::InvalidInput,
                    format!("no host in URL {url:?}"),
                ))
            }
        };
        let mut builder = reqwest::Client::builder()
            .http1_only()
            .tcp_nodelay(true)
            .pool_idle_timeout(Duration::from_secs(50))
            .danger_accept_invalid_certs(tls.insecure);
        if let Some(path) = tls.ca_file {
            let pem = std::fs::read(path).map_err(|e| {
                Error::new(
                    ErrorKind::InvalidInput,
                    format!("cannot read CA file {}: {e}", path.display()),
                )
            })?;
            for cert in reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
                Error::new(
                    ErrorKind::InvalidInput,
                    format!("bad CA file {}: {e}", path.display()),
                )
            })? {
                builder = builder.add_root_certificate(cert);
            }
        }
        let client = builder
            .build()
            .map_err(|e| Error::new(ErrorKind::Backend, format!("cannot set up HTTP: {e}")))?;
        Ok(HttpTransport {
            url: url.to_string(),
            host,
            max_response_bytes,
            client,
        })
    }

    /// `host:port` of the server.
    pub fn host(&self) -> &str {
        &self.host
    }

    async fn exchange(&self, body: String) -> Result<HttpReply, reqwest::Error> {
        let mut response = self
            .client
            .post(&self.url)
            .header("Content-Type", CONTENT_TYPE)
            .header("SOAPAction", SOAP_ACTION)
            .body(body)
            .send()
            .await?;
        let status = response.status().as_u16();
        let mut data = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            data.extend_from_slice(&chunk);
            if data.len() > self.max_response_bytes {
                return Ok(HttpReply {
                    status: 0,
                    body: data,
                });
            }
        }
        Ok(HttpReply { status, body: data })
    }

    fn error(&self, e: &reqwest::Error, timeout: Duration) -> Error {
        let kind = if e.is_timeout() {
            ErrorKind::Timeout
        } else {
            ErrorKind::Transient
        };
        let what = if e.is_timeout() {
            format!("no answer within {} ms", timeout.as_millis())
        } else if e.is_connect() {
            "cannot connect".to_string()
        } else {
            "connection failed or closed mid-answer".to_string()
        };
        Error::new(kind, format!("{}: {what}: {}", self.host, chain(e)))
    }
}

/// The error and its causes in one line (reqwest's Display alone hides the cause).
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[async_trait]
impl Transport for HttpTransport {
    async fn post(&self, body: String, timeout: Duration) -> Result<HttpReply, Error> {
        let attempt = tokio::time::timeout(timeout, self.exchange(body.clone())).await;
        let result = match attempt {
            Err(_) => {
                return Err(Error::new(
                    ErrorKind::Timeout,
                    format!("{}: no answer within {} ms", self.host, timeout.as_millis()),
                ))
            }
            Ok(Ok(reply)) => Ok(reply),
            // A pooled connection the server closed (after its 100th request or a fault) fails
            // before anything is read: vboxwebsrv never processed the request, so send it again
            // once on a fresh connection.
            Ok(Err(e)) if e.is_request() || e.is_connect() => {
                tracing::debug!(host = %self.host, "retrying on a new connection");
                match tokio::time::timeout(timeout, self.exchange(body)).await {
                    Err(_) => {
                        return Err(Error::new(
                            ErrorKind::Timeout,
                            format!("{}: no answer within {} ms", self.host, timeout.as_millis()),
                        ))
                    }
                    Ok(r) => r,
                }
            }
            Ok(Err(e)) => Err(e),
        };
        let reply = result.map_err(|e| self.error(&e, timeout))?;
        if reply.body.len() > self.max_response_bytes {
            return Err(Error::new(
                ErrorKind::Backend,
                format!(
                    "{}: answer larger than the limit of {} bytes",
                    self.host, self.max_response_bytes
                ),
            ));
        }
        Ok(reply)
    }
}

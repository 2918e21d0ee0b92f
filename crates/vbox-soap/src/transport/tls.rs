//! TLS for `https://` endpoints: the system's roots plus `--ca-file`, pinning, or (explicitly)
//! nothing.
//!
//! vboxwebsrv's `--ssl --keyfile` takes one PEM holding key and certificate; the guides most
//! users follow make that certificate self-signed. WebPKI refuses a self-signed (CA)
//! certificate as the server's own even when it is given as a trusted CA
//! (`CaUsedAsEndEntity`), which leaves such users only `--insecure`. So a certificate that is
//! itself in the `--ca-file` is accepted when the server presents exactly it, and a pin
//! accepts exactly one certificate (or any with one SHA-256 fingerprint) whoever signed it.
//! In every mode the handshake's signatures are checked against the presented certificate,
//! so a server must hold its private key.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, RootCertStore, SignatureScheme};
use vbox_types::{Error, ErrorKind};

/// TLS choices for `https://` endpoints.
#[derive(Debug, Clone, Default)]
pub struct TlsOptions {
    /// Extra trusted CA certificates (PEM) besides the system roots. A certificate in this
    /// file that the server presents as its own is accepted too (a self-signed server
    /// certificate given as its own CA).
    pub ca_file: Option<PathBuf>,
    /// Accept any certificate (an explicit, insecure switch).
    pub insecure: bool,
    /// Accept exactly this certificate, whoever signed it and whatever names it holds.
    pub pin: Option<CertPin>,
}

/// A certificate the client accepts as the server's.
#[derive(Clone, PartialEq, Eq)]
pub enum CertPin {
    /// Exactly this certificate (its DER bytes).
    Certificate(Vec<u8>),
    /// Any certificate whose DER form has this SHA-256 digest (what
    /// `openssl x509 -noout -fingerprint -sha256` prints).
    Sha256([u8; 32]),
}

impl fmt::Debug for CertPin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CertPin::Certificate(der) => write!(f, "Certificate(sha256:{})", fingerprint(der)),
            CertPin::Sha256(d) => write!(f, "Sha256({})", hex_colons(d)),
        }
    }
}

impl CertPin {
    /// A pin from what a user types: a SHA-256 fingerprint (64 hex digits, colons allowed,
    /// optionally after `sha256:` or `SHA256 Fingerprint=`), or else the path of a PEM (or
    /// DER) file whose first certificate is the one to accept.
    ///
    /// # Errors
    /// InvalidInput naming the text or file when it is neither.
    pub fn parse(text: &str) -> Result<CertPin, Error> {
        let trimmed = text.trim();
        let hex = trimmed
            .strip_prefix("sha256:")
            .or_else(|| trimmed.strip_prefix("SHA256:"))
            .or_else(|| trimmed.strip_prefix("sha256 Fingerprint="))
            .or_else(|| trimmed.strip_prefix("SHA256 Fingerprint="))
            .unwrap_or(trimmed);
        let digits: String = hex.chars().filter(|c| *c != ':').collect();
        if digits.len() == 64 && digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            let mut digest = [0u8; 32];
            for (i, byte) in digest.iter_mut().enumerate() {
                *byte = u8::from_str_radix(&digits[2 * i..2 * i + 2], 16).expect("hex digits");
            }
            return Ok(CertPin::Sha256(digest));
        }
        if hex.len() != trimmed.len() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                format!("bad SHA-256 fingerprint {text:?}: expected 64 hex digits"),
            ));
        }
        let path = Path::new(trimmed);
        let certs = read_certificates(path)?;
        certs
            .into_iter()
            .next()
            .map(|c| CertPin::Certificate(c.to_vec()))
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidInput,
                    format!(
                        "{text:?} is neither a SHA-256 fingerprint nor a file holding a certificate"
                    ),
                )
            })
    }

    /// Whether `der` is the pinned certificate.
    pub fn matches(&self, der: &[u8]) -> bool {
        match self {
            CertPin::Certificate(pinned) => pinned == der,
            CertPin::Sha256(digest) => sha256(der) == *digest,
        }
    }
}

/// The SHA-256 fingerprint of a certificate's DER form, as `AB:CD:…` (openssl's form).
pub fn fingerprint(der: &[u8]) -> String {
    hex_colons(&sha256(der))
}

fn sha256(der: &[u8]) -> [u8; 32] {
    let digest = ring::digest::digest(&ring::digest::SHA256, der);
    let mut out = [0u8; 32];
    out.copy_from_slice(digest.as_ref());
    out
}

fn hex_colons(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Every certificate in a PEM file (or the one certificate of a DER file).
fn read_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, Error> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::new(
            ErrorKind::InvalidInput,
            format!("cannot read certificate file {}: {e}", path.display()),
        )
    })?;
    let bad = |e: &dyn fmt::Display| {
        Error::new(
            ErrorKind::InvalidInput,
            format!("bad certificate file {}: {e}", path.display()),
        )
    };
    if bytes.starts_with(b"-----") || bytes.windows(11).any(|w| w == b"-----BEGIN ") {
        CertificateDer::pem_slice_iter(&bytes)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| bad(&e))
    } else if bytes.first() == Some(&0x30) {
        // A DER certificate is one ASN.1 SEQUENCE.
        Ok(vec![CertificateDer::from(bytes)])
    } else {
        Err(bad(&"no PEM certificate in it"))
    }
}

/// The client configuration for `options`.
///
/// # Errors
/// InvalidInput for unreadable or bad certificate files and contradicting options.
pub(crate) fn client_config(options: &TlsOptions) -> Result<Arc<rustls::ClientConfig>, Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mode = if options.insecure {
        if options.pin.is_some() {
            return Err(Error::new(
                ErrorKind::InvalidInput,
                "a certificate pin and accepting any certificate contradict each other",
            ));
        }
        Mode::Insecure
    } else if let Some(pin) = &options.pin {
        Mode::Pinned(pin.clone())
    } else {
        let mut roots = RootCertStore::empty();
        // The system's roots, as a browser would trust them; unreadable ones are skipped.
        let native = rustls_native_certs::load_native_certs();
        for cert in native.certs {
            let _ = roots.add(cert);
        }
        let mut own = Vec::new();
        if let Some(path) = &options.ca_file {
            let certs = read_certificates(path)?;
            if certs.is_empty() {
                return Err(Error::new(
                    ErrorKind::InvalidInput,
                    format!("bad CA file {}: no certificate in it", path.display()),
                ));
            }
            for cert in certs {
                roots.add(cert.clone()).map_err(|e| {
                    Error::new(
                        ErrorKind::InvalidInput,
                        format!("bad CA file {}: {e}", path.display()),
                    )
                })?;
                own.push(cert.to_vec());
            }
        }
        let webpki = if roots.is_empty() {
            None
        } else {
            Some(
                WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                    .build()
                    .map_err(|e| Error::new(ErrorKind::Backend, format!("TLS set-up: {e}")))?,
            )
        };
        Mode::WebPki { webpki, own }
    };
    let verifier = Arc::new(Verifier {
        mode,
        provider: provider.clone(),
    });
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::new(ErrorKind::Backend, format!("TLS set-up: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// The name the server's certificate must hold (a DNS name or an IP address).
pub(crate) fn server_name(host: &str) -> Result<ServerName<'static>, Error> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    ServerName::try_from(bare.to_string()).map_err(|e| {
        Error::new(
            ErrorKind::InvalidInput,
            format!("{host:?} is not a valid TLS server name: {e}"),
        )
    })
}

#[derive(Debug)]
enum Mode {
    Insecure,
    Pinned(CertPin),
    WebPki {
        webpki: Option<Arc<WebPkiServerVerifier>>,
        /// The DER of every certificate of the `--ca-file`.
        own: Vec<Vec<u8>>,
    },
}

#[derive(Debug)]
struct Verifier {
    mode: Mode,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match &self.mode {
            Mode::Insecure => Ok(ServerCertVerified::assertion()),
            Mode::Pinned(pin) if pin.matches(end_entity) => Ok(ServerCertVerified::assertion()),
            Mode::Pinned(_) => Err(rustls::Error::General(format!(
                "the server's certificate (SHA-256 {}) is not the pinned one",
                fingerprint(end_entity)
            ))),
            Mode::WebPki { webpki, own } => {
                if own.iter().any(|c| c.as_slice() == end_entity.as_ref()) {
                    return Ok(ServerCertVerified::assertion());
                }
                match webpki {
                    Some(v) => v.verify_server_cert(
                        end_entity,
                        intermediates,
                        server_name,
                        ocsp_response,
                        now,
                    ),
                    None => Err(rustls::Error::General(
                        "no trusted CA certificates (the system has none and no CA file was given)"
                            .into(),
                    )),
                }
            }
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_parse_in_the_forms_openssl_and_users_write() {
        let colons = "AB:".repeat(31) + "CD";
        let plain = "ab".repeat(31) + "cd";
        for text in [
            colons.clone(),
            plain.clone(),
            format!("sha256:{plain}"),
            format!("SHA256 Fingerprint={colons}"),
        ] {
            let pin = CertPin::parse(&text).unwrap();
            let mut want = [0xABu8; 32];
            want[31] = 0xCD;
            assert_eq!(pin, CertPin::Sha256(want), "{text}");
        }
        let err = CertPin::parse("sha256:abcd").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        let err = CertPin::parse("/nonexistent/cert.pem").unwrap_err();
        assert!(err.message().contains("/nonexistent/cert.pem"), "{err}");
    }

    #[test]
    fn a_pin_matches_its_certificate_only() {
        let der = b"0not really a certificate".to_vec();
        let by_digest = CertPin::parse(&fingerprint(&der)).unwrap();
        assert!(by_digest.matches(&der));
        assert!(!by_digest.matches(b"0another"));
        assert!(CertPin::Certificate(der.clone()).matches(&der));
        assert!(!CertPin::Certificate(der).matches(b"0another"));
    }

    #[test]
    fn insecure_and_a_pin_contradict() {
        let options = TlsOptions {
            insecure: true,
            pin: Some(CertPin::Sha256([0; 32])),
            ..TlsOptions::default()
        };
        let err = client_config(&options).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
    }
}

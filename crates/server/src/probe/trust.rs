//! Which mail servers' certificates "Test connection" trusts (contract
//! §11), and why one was refused, in words.
//!
//! Mozilla's roots and every certificate given with `--extra-ca` are trust
//! anchors, checked by rustls' own WebPKI verifier. An on-premises server
//! often presents a self-signed certificate — `openssl req -x509` makes one
//! with CA:TRUE, which WebPKI refuses as a server's own — so a certificate
//! from `--extra-ca` that a server presents exactly is also trusted as that
//! server's, as long as it is within its dates and names the host.

use std::sync::Arc;

use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use tokio_rustls::rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use tokio_rustls::rustls::client::WebPkiServerVerifier;
use tokio_rustls::rustls::crypto::CryptoProvider;
use tokio_rustls::rustls::{self, CertificateError, DigitallySignedStruct, OtherError, SignatureScheme};

/// Why a server's certificate was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Expired { on: String },
    NotYetValid { from: String },
    WrongName { names: Vec<String> },
    SelfSigned,
    CaAsServer,
    UnknownIssuer { issuer: String },
    Revoked,
    BadSignature,
    NotForServers,
    Unreadable,
    Other,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for Refusal {}

impl Refusal {
    /// What an admin reads, with the fix.
    pub fn words(&self, host: &str) -> String {
        match self {
            Refusal::Expired { on } => format!(
                "TLS handshake failed: the certificate of {host} expired on {on}. Renew it on the mail server."
            ),
            Refusal::NotYetValid { from } => format!(
                "TLS handshake failed: the certificate of {host} is not valid until {from}. Check the clocks of \
                 both servers."
            ),
            Refusal::WrongName { names } => format!(
                "TLS handshake failed: the certificate is not valid for the name {host}{}. Use a name the \
                 certificate covers, or get one that covers {host}.",
                if names.is_empty() { String::new() } else { format!(" (it is for {})", names.join(", ")) }
            ),
            Refusal::SelfSigned => format!(
                "TLS handshake failed: {host} presents a self-signed certificate, which is not trusted here. If it \
                 is the right one, add it with --extra-ca."
            ),
            Refusal::CaAsServer => format!(
                "TLS handshake failed: {host} presents a CA certificate (CA:TRUE) as its own, which is not \
                 trusted here. If it is the server's self-signed certificate, add it with --extra-ca."
            ),
            Refusal::UnknownIssuer { issuer } => format!(
                "TLS handshake failed: the certificate of {host} was issued by '{issuer}', which is not trusted \
                 here. If that is a private CA, add its certificate with --extra-ca."
            ),
            Refusal::Revoked => format!("TLS handshake failed: the certificate of {host} has been revoked."),
            Refusal::BadSignature => format!(
                "TLS handshake failed: the certificate of {host} has a signature that does not verify."
            ),
            Refusal::NotForServers => format!(
                "TLS handshake failed: the certificate of {host} is not meant for servers (its key usage)."
            ),
            Refusal::Unreadable => format!("TLS handshake failed: the certificate of {host} cannot be read."),
            Refusal::Other => format!("TLS handshake failed: the certificate of {host} was refused."),
        }
    }
}

/// What the verifier needs to know about a certificate to explain it.
struct Facts {
    self_signed: bool,
    is_ca: bool,
    issuer: String,
    names: Vec<String>,
    not_before: i64,
    not_after: i64,
}

fn facts(der: &[u8]) -> Option<Facts> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).ok()?;
    let mut names: Vec<String> = Vec::new();
    if let Ok(Some(san)) = cert.subject_alternative_name() {
        for name in &san.value.general_names {
            match name {
                x509_parser::extensions::GeneralName::DNSName(d) => names.push((*d).to_owned()),
                x509_parser::extensions::GeneralName::IPAddress(ip) => match ip.len() {
                    4 => names.push(std::net::Ipv4Addr::from(<[u8; 4]>::try_from(*ip).ok()?).to_string()),
                    16 => names.push(std::net::Ipv6Addr::from(<[u8; 16]>::try_from(*ip).ok()?).to_string()),
                    _ => {}
                },
                _ => {}
            }
        }
    }
    if names.is_empty() {
        names.extend(cert.subject().iter_common_name().filter_map(|cn| cn.as_str().ok()).map(str::to_owned));
    }
    names.truncate(5);
    let is_ca = cert.basic_constraints().ok().flatten().is_some_and(|b| b.value.ca);
    let issuer = cert
        .issuer()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok())
        .map_or_else(|| cert.issuer().to_string(), str::to_owned);
    Some(Facts {
        self_signed: cert.subject().as_raw() == cert.issuer().as_raw(),
        is_ca,
        issuer,
        names,
        not_before: cert.validity().not_before.timestamp(),
        not_after: cert.validity().not_after.timestamp(),
    })
}

fn day(unix: i64) -> String {
    anytime_core::date::format_utc(unix).get(..10).unwrap_or_default().to_owned()
}

fn refused(r: Refusal) -> rustls::Error {
    rustls::Error::InvalidCertificate(CertificateError::Other(OtherError(Arc::new(r))))
}

/// Mozilla's roots and `--extra-ca` as anchors, and `--extra-ca`
/// certificates also as the exact certificate of a server.
#[derive(Debug)]
pub struct Trust {
    webpki: Arc<WebPkiServerVerifier>,
    pinned: Vec<CertificateDer<'static>>,
}

impl Trust {
    pub fn new(
        roots: rustls::RootCertStore,
        pinned: Vec<CertificateDer<'static>>,
        provider: Arc<CryptoProvider>,
    ) -> Result<Self, String> {
        let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
            .build()
            .map_err(|e| format!("the trusted certificates cannot be used: {e}"))?;
        Ok(Trust { webpki, pinned })
    }

    /// The admin's own certificate for this server: still within its dates
    /// and valid for the name connected to.
    fn check_pinned(
        &self,
        der: &CertificateDer<'_>,
        name: &ServerName<'_>,
        now: UnixTime,
    ) -> Result<(), Refusal> {
        let f = facts(der).ok_or(Refusal::Unreadable)?;
        let now = now.as_secs() as i64;
        if now > f.not_after {
            return Err(Refusal::Expired { on: day(f.not_after) });
        }
        if now < f.not_before {
            return Err(Refusal::NotYetValid { from: day(f.not_before) });
        }
        let cert = webpki::EndEntityCert::try_from(der).map_err(|_| Refusal::Unreadable)?;
        cert.verify_is_valid_for_subject_name(name).map_err(|_| Refusal::WrongName { names: f.names })
    }
}

/// WebPKI's verdict, in the terms of [`Refusal`].
fn explain(error: &rustls::Error, der: &CertificateDer<'_>) -> Refusal {
    let f = facts(der);
    let Some(f) = f else { return Refusal::Unreadable };
    match error {
        rustls::Error::InvalidCertificate(e) => match e {
            CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                Refusal::Expired { on: day(f.not_after) }
            }
            CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                Refusal::NotYetValid { from: day(f.not_before) }
            }
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                Refusal::WrongName { names: f.names }
            }
            CertificateError::UnknownIssuer if f.self_signed => Refusal::SelfSigned,
            CertificateError::UnknownIssuer => Refusal::UnknownIssuer { issuer: f.issuer },
            CertificateError::Revoked => Refusal::Revoked,
            CertificateError::BadSignature => Refusal::BadSignature,
            CertificateError::InvalidPurpose | CertificateError::InvalidPurposeContext { .. } => {
                Refusal::NotForServers
            }
            CertificateError::BadEncoding => Refusal::Unreadable,
            _ if f.is_ca && f.self_signed => Refusal::CaAsServer,
            _ => Refusal::Other,
        },
        _ => Refusal::Other,
    }
}

impl ServerCertVerifier for Trust {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.webpki.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
            Ok(verified) => Ok(verified),
            Err(error) => {
                if self.pinned.iter().any(|p| p.as_ref() == end_entity.as_ref()) {
                    self.check_pinned(end_entity, server_name, now).map_err(refused)?;
                    return Ok(ServerCertVerified::assertion());
                }
                Err(refused(explain(&error, end_entity)))
            }
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.webpki.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.webpki.supported_verify_schemes()
    }
}

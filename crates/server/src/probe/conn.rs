//! The transport under every probe: resolve, refuse private addresses
//! unless allowed, connect, upgrade to TLS, and read/write lines — each step
//! with its own timeout and a message that names it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls::{self, CertificateError, ClientConfig};
use tokio_rustls::TlsConnector;

use super::is_private;

/// The longest line a mail server may send.
const MAX_LINE: u64 = 16 * 1024;

/// What a probe may use.
#[derive(Clone)]
pub struct Prober {
    pub allow_private: bool,
    pub timeout: Duration,
    pub tls: Arc<ClientConfig>,
}

/// Builds the TLS settings: Mozilla's roots, plus extra certificates (PEM)
/// for on-premises servers — trusted as CAs and, when a server presents
/// one exactly, as that server's own (see [`super::trust`]).
pub fn tls_config(extra_ca_pem: Option<&[u8]>) -> Result<Arc<ClientConfig>, String> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::CertificateDer;
    let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    let mut pinned = Vec::new();
    if let Some(pem) = extra_ca_pem {
        for cert in CertificateDer::pem_slice_iter(pem) {
            let cert = cert.map_err(|e| format!("the extra CA file is not PEM: {e}"))?;
            roots.add(cert.clone()).map_err(|e| format!("the extra CA certificate cannot be used: {e}"))?;
            pinned.push(cert);
        }
        if pinned.is_empty() {
            return Err("the extra CA file holds no certificate".into());
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let trust = super::trust::Trust::new(roots, pinned, provider.clone())?;
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(trust))
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// A connection, plain or TLS, read line by line.
pub enum Conn {
    Plain(BufReader<TcpStream>),
    Tls(Box<BufReader<TlsStream<TcpStream>>>),
}

impl Prober {
    async fn resolve(&self, host: &str, port: u16) -> Result<Vec<SocketAddr>, String> {
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let addrs: Vec<SocketAddr> =
            match tokio::time::timeout(self.timeout, tokio::net::lookup_host((bare, port))).await {
                Err(_) => return Err(format!("DNS lookup of {host} timed out.")),
                Ok(Err(_)) => {
                    return Err(format!("DNS lookup failed: {host} does not resolve. Check the server name."))
                }
                Ok(Ok(a)) => a.collect(),
            };
        let allowed: Vec<SocketAddr> =
            addrs.iter().copied().filter(|a| self.allow_private || !is_private(a.ip())).collect();
        if allowed.is_empty() {
            return Err(format!(
                "{host} resolves to a private or local address ({}), which this server does not connect to. \
                 (An administrator can allow it with --allow-private-hosts.)",
                addrs.first().map(|a| a.ip().to_string()).unwrap_or_default()
            ));
        }
        Ok(allowed)
    }

    /// Resolves and connects (TCP).
    pub async fn connect(&self, host: &str, port: u16) -> Result<TcpStream, String> {
        if port == 0 {
            return Err("No port is set.".into());
        }
        let mut last = String::new();
        for addr in self.resolve(host, port).await? {
            match tokio::time::timeout(self.timeout, TcpStream::connect(addr)).await {
                Ok(Ok(stream)) => return Ok(stream),
                Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                    last = format!("Connection refused by {host}:{port}: nothing listens on that port.")
                }
                Ok(Err(e)) => last = format!("Could not connect to {host}:{port}: {e}."),
                Err(_) => {
                    last =
                        format!("Timed out connecting to {host}:{port} after {} s.", self.timeout.as_secs())
                }
            }
        }
        Err(last)
    }

    /// TLS over a connected stream, with the failure in words.
    pub async fn tls(&self, stream: TcpStream, host: &str) -> Result<TlsStream<TcpStream>, String> {
        let bare = host.trim_start_matches('[').trim_end_matches(']').to_owned();
        let name = rustls_pki_types::ServerName::try_from(bare)
            .map_err(|_| format!("'{host}' cannot be used as a TLS server name."))?;
        let connector = TlsConnector::from(self.tls.clone());
        match tokio::time::timeout(self.timeout, connector.connect(name, stream)).await {
            Err(_) => {
                Err(format!("Timed out during the TLS handshake with {host}: the port may not speak TLS."))
            }
            Ok(Ok(s)) => Ok(s),
            Ok(Err(e)) => Err(describe_tls_error(&e, host)),
        }
    }

    /// Connects, with TLS from the first byte when `implicit_tls`.
    pub async fn open(&self, host: &str, port: u16, implicit_tls: bool) -> Result<Conn, String> {
        let stream = self.connect(host, port).await?;
        if implicit_tls {
            Ok(Conn::Tls(Box::new(BufReader::new(self.tls(stream, host).await?))))
        } else {
            Ok(Conn::Plain(BufReader::new(stream)))
        }
    }

    /// Upgrades a plain connection (STARTTLS).
    pub async fn upgrade(&self, conn: Conn, host: &str) -> Result<Conn, String> {
        match conn {
            Conn::Plain(reader) => {
                let stream = reader.into_inner();
                Ok(Conn::Tls(Box::new(BufReader::new(self.tls(stream, host).await?))))
            }
            tls => Ok(tls),
        }
    }

    /// One line (without CRLF), or what went wrong while waiting for `what`.
    pub async fn line(&self, conn: &mut Conn, what: &str) -> Result<String, String> {
        use tokio::io::AsyncReadExt;
        let mut buf = Vec::new();
        // A server that never ends its line must not fill our memory.
        let read = async {
            match conn {
                Conn::Plain(r) => r.take(MAX_LINE).read_until(b'\n', &mut buf).await,
                Conn::Tls(r) => r.take(MAX_LINE).read_until(b'\n', &mut buf).await,
            }
        };
        match tokio::time::timeout(self.timeout, read).await {
            Err(_) => Err(format!("Timed out after {} s waiting for {what}.", self.timeout.as_secs())),
            Ok(Err(e)) => Err(format!("The connection failed while waiting for {what}: {e}.")),
            Ok(Ok(0)) => Err(format!("The server closed the connection instead of sending {what}.")),
            Ok(Ok(_)) if !buf.ends_with(b"\n") && buf.len() as u64 >= MAX_LINE => Err(format!(
                "The server sent more than {} KiB without ending the line while we waited for {what}.",
                MAX_LINE / 1024
            )),
            Ok(Ok(_)) => {
                if buf.iter().any(|&b| b < 9 || (14..32).contains(&b) || b == 127) {
                    return Err(format!(
                        "The server sent binary data instead of {what}: the port may expect SSL/TLS from the start."
                    ));
                }
                let text = String::from_utf8_lossy(&buf);
                Ok(text.trim_end_matches(['\r', '\n']).to_owned())
            }
        }
    }

    /// Sends one line, CRLF added.
    pub async fn send(&self, conn: &mut Conn, line: &str) -> Result<(), String> {
        self.write(conn, format!("{line}\r\n").as_bytes()).await
    }

    /// Sends bytes as they are.
    pub async fn write(&self, conn: &mut Conn, data: &[u8]) -> Result<(), String> {
        let write = async {
            match conn {
                Conn::Plain(r) => r.get_mut().write_all(data).await,
                Conn::Tls(r) => {
                    let s = r.get_mut();
                    s.write_all(data).await?;
                    s.flush().await
                }
            }
        };
        match tokio::time::timeout(self.timeout, write).await {
            Err(_) => Err("Timed out sending to the server.".into()),
            Ok(Err(e)) => Err(format!("The connection failed while sending: {e}.")),
            Ok(Ok(())) => Ok(()),
        }
    }
}

impl Conn {
    pub fn is_tls(&self) -> bool {
        matches!(self, Conn::Tls(_))
    }
}

fn describe_tls_error(e: &std::io::Error, host: &str) -> String {
    let inner = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>());
    match inner {
        Some(rustls::Error::InvalidCertificate(CertificateError::Other(other))) => {
            match other.0.downcast_ref::<super::trust::Refusal>() {
                Some(refusal) => refusal.words(host),
                None => format!("TLS handshake failed: the certificate of {host} was refused."),
            }
        }
        Some(rustls::Error::InvalidCertificate(_)) => {
            format!("TLS handshake failed: the certificate of {host} was refused.")
        }
        Some(rustls::Error::InvalidMessage(_)) => format!(
            "TLS handshake failed: SSL was selected, but {host} speaks plain text on this port. \
             Use the port for SSL, or STARTTLS/none on this one."
        ),
        Some(rustls::Error::AlertReceived(alert)) => format!(
            "TLS handshake failed: {host} ended it with the alert '{}'; the server may not support modern TLS \
             (1.2 or 1.3) or this server's offer.",
            alert_words(alert)
        ),
        Some(rustls::Error::PeerIncompatible(_)) => format!(
            "TLS handshake failed: {host} and this server share no TLS version or cipher (TLS 1.2 or 1.3 is needed)."
        ),
        Some(_) => format!("TLS handshake failed with {host}: the connection was not secured."),
        None if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            format!("TLS handshake failed: {host} closed the connection.")
        }
        None => format!("TLS handshake failed with {host}: the connection broke ({}).", e.kind()),
    }
}

/// A TLS alert as words rather than the library's variant name.
fn alert_words(alert: &rustls::AlertDescription) -> String {
    use rustls::AlertDescription as A;
    match alert {
        A::HandshakeFailure => "handshake failure".into(),
        A::ProtocolVersion => "protocol version".into(),
        A::InternalError => "internal error".into(),
        A::UnrecognisedName => "unrecognised name".into(),
        A::AccessDenied => "access denied".into(),
        A::CertificateRequired => "certificate required".into(),
        other => {
            let name = format!("{other:?}");
            let mut words = String::new();
            for c in name.chars() {
                if c.is_uppercase() && !words.is_empty() {
                    words.push(' ');
                }
                words.extend(c.to_lowercase());
            }
            words
        }
    }
}

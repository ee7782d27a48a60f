//! "Test connection" (contract §3): each server of an account really
//! contacted — IMAP greeting, LOGIN and INBOX; SMTP EHLO, STARTTLS or
//! implicit TLS and AUTH; Exchange an authenticated EWS request — after the
//! SSRF guard (private addresses refused unless allowed), each step with a
//! timeout and a message that names it.

mod conn;
mod ews;
mod imap;
mod smtp;

use std::net::IpAddr;
use std::time::{Duration, Instant};

pub use conn::{tls_config, Prober};

use anytime_core::{EmailAccount, ServerInfo};

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

// The answer's shape is the core's, so the console reads it as it is sent.
pub use anytime_core::{ProbeResult, TestResult};

/// Loopback, private, link-local, unspecified and other non-public ranges.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.octets()[0] == 100 && (v4.octets()[1] & 0xc0) == 64 // carrier-grade NAT
                || v4.octets()[0] == 0
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00 // unique local
                || (first & 0xffc0) == 0xfe80 // link-local
        }
    }
}

async fn timed(step: impl std::future::Future<Output = Result<String, String>>) -> ProbeResult {
    let started = Instant::now();
    let result = step.await;
    let elapsed_ms = started.elapsed().as_millis() as u64;
    match result {
        Ok(message) => ProbeResult { ok: true, message, elapsed_ms },
        Err(message) => ProbeResult { ok: false, message, elapsed_ms },
    }
}

fn skipped(message: &str) -> ProbeResult {
    ProbeResult { ok: true, message: message.to_owned(), elapsed_ms: 0 }
}

fn port(p: Option<i64>) -> u16 {
    u16::try_from(p.unwrap_or(0)).unwrap_or(0)
}

const NO_PASSWORD: &str = "No password to sign in with: enter the account's password, then test again.";

async fn outgoing(p: &Prober, o: anytime_core::SmtpSettings<'_>) -> Result<String, String> {
    let security = o.security.cloned().unwrap_or(anytime_core::EncryptedConnectionType::None);
    let login = if o.authentication {
        Some(smtp::Login { user: o.user_name, password: o.password.ok_or(NO_PASSWORD)? })
    } else {
        None
    };
    smtp::probe(p, o.server, port(o.port), &security, login).await
}

/// Tests both servers of an account, concurrently. Passwords never appear
/// in the messages.
pub async fn test_account(account: &EmailAccount, p: &Prober) -> TestResult {
    let (incoming, outgoing) = match &account.server_info {
        Some(ServerInfo::Imap(s)) => {
            tokio::join!(
                timed(async {
                    imap::probe(
                        p,
                        &s.incoming_server,
                        port(s.incoming_server_port),
                        s.use_ssl,
                        &s.user_name,
                        s.password.as_deref().ok_or(NO_PASSWORD)?,
                    )
                    .await
                }),
                timed(outgoing(p, s.smtp()))
            )
        }
        Some(ServerInfo::Exchange(s)) => (
            timed(async {
                ews::probe(p, &s.server_url, &s.user_name, s.password.as_deref().ok_or(NO_PASSWORD)?).await
            })
            .await,
            skipped("Exchange sends mail through the same server."),
        ),
        Some(ServerInfo::EmailForwarding(s)) => {
            let incoming = skipped("Mail arrives by forwarding; there is no incoming server to test.");
            let outgoing = if s.use_own_smtp_server {
                timed(outgoing(p, s.smtp())).await
            } else {
                skipped("Replies go out through the help desk's own mail server; nothing to test.")
            };
            (incoming, outgoing)
        }
        None => (skipped("No server settings."), skipped("No server settings.")),
    };
    TestResult { ok: incoming.ok && outgoing.ok, incoming, outgoing }
}

#[cfg(test)]
mod tests {
    use super::is_private;

    #[test]
    fn private_ranges() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.1.1",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::",
        ] {
            assert!(is_private(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["93.184.216.34", "2606:4700::1111", "1.1.1.1"] {
            assert!(!is_private(ip.parse().unwrap()), "{ip}");
        }
    }
}

//! "Test connection" (contract §3): resolve each server, refuse private
//! addresses unless allowed (SSRF guard), and connect within a timeout.
//! This level checks reachability; protocol probes (IMAP LOGIN, SMTP
//! EHLO/AUTH, EWS) build on it.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use anytime_core::{EmailAccount, ServerInfo};

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProbeResult {
    pub ok: bool,
    pub message: String,
    pub elapsed_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TestResult {
    pub ok: bool,
    pub incoming: ProbeResult,
    pub outgoing: ProbeResult,
}

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

/// Connects to `host:port`; the message names the step that failed.
pub async fn reach(host: &str, port: u16, allow_private: bool, timeout: Duration) -> ProbeResult {
    let started = Instant::now();
    let result = reach_inner(host, port, allow_private, timeout).await;
    let elapsed_ms = started.elapsed().as_millis() as u64;
    match result {
        Ok(addr) => ProbeResult { ok: true, message: format!("Connected to {host} ({addr})."), elapsed_ms },
        Err(message) => ProbeResult { ok: false, message, elapsed_ms },
    }
}

async fn reach_inner(
    host: &str,
    port: u16,
    allow_private: bool,
    timeout: Duration,
) -> Result<SocketAddr, String> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addrs: Vec<SocketAddr> =
        match tokio::time::timeout(timeout, tokio::net::lookup_host((bare, port))).await {
            Err(_) => return Err(format!("DNS lookup of {host} timed out.")),
            Ok(Err(_)) => {
                return Err(format!("DNS lookup failed: {host} does not resolve. Check the server name."))
            }
            Ok(Ok(a)) => a.collect(),
        };
    let allowed: Vec<SocketAddr> =
        addrs.iter().copied().filter(|a| allow_private || !is_private(a.ip())).collect();
    if allowed.is_empty() {
        return Err(format!(
            "{host} resolves to a private or local address ({}), which this server does not connect to. \
             (An administrator can allow it with --allow-private-hosts.)",
            addrs.first().map(|a| a.ip().to_string()).unwrap_or_default()
        ));
    }
    let mut last = String::new();
    for addr in allowed {
        match tokio::time::timeout(timeout, tokio::net::TcpStream::connect(addr)).await {
            Ok(Ok(_)) => return Ok(addr),
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                last = format!("Connection refused by {host}:{port}: nothing listens on that port.")
            }
            Ok(Err(e)) => last = format!("Could not connect to {host}:{port}: {e}."),
            Err(_) => last = format!("Timed out connecting to {host}:{port} after {} s.", timeout.as_secs()),
        }
    }
    Err(last)
}

fn skipped(message: &str) -> ProbeResult {
    ProbeResult { ok: true, message: message.to_owned(), elapsed_ms: 0 }
}

/// Tests both servers of an account concurrently.
pub async fn test_account(account: &EmailAccount, allow_private: bool, timeout: Duration) -> TestResult {
    let port = |p: Option<i64>| u16::try_from(p.unwrap_or(0)).unwrap_or(0);
    let (incoming, outgoing) = match &account.server_info {
        Some(ServerInfo::Imap(s)) => tokio::join!(
            reach(&s.incoming_server, port(s.incoming_server_port), allow_private, timeout),
            reach(&s.outgoing_server, port(s.outgoing_server_port), allow_private, timeout)
        ),
        Some(ServerInfo::Exchange(s)) => {
            let url = anytime_core::validate::parse_http_url(s.server_url.trim());
            let incoming = match url {
                Some(u) => {
                    reach(u.host, u.port.unwrap_or(if u.https { 443 } else { 80 }), allow_private, timeout)
                        .await
                }
                None => {
                    ProbeResult { ok: false, message: "The Exchange URL is not valid.".into(), elapsed_ms: 0 }
                }
            };
            (incoming, skipped("Exchange sends mail through the same server."))
        }
        Some(ServerInfo::EmailForwarding(s)) => {
            let incoming = skipped("Mail arrives by forwarding; there is no incoming server to test.");
            let outgoing = if s.use_own_smtp_server {
                reach(&s.outgoing_server, port(s.outgoing_server_port), allow_private, timeout).await
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

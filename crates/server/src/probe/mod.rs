//! "Test connection" (contract §3): each server of an account really
//! contacted — IMAP greeting, LOGIN and INBOX; SMTP EHLO, STARTTLS or
//! implicit TLS and AUTH; Exchange an authenticated EWS request — after the
//! SSRF guard (private addresses refused unless allowed), each step with a
//! timeout and a message that names it.

mod conn;
mod ews;
mod imap;
mod smtp;
pub mod trust;

use std::net::IpAddr;
use std::time::{Duration, Instant};

pub use conn::{tls_config, Prober};

use anytime_core::{EmailAccount, ServerInfo};

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// How many "Test connection" runs may be under way at once; more are
/// answered 429 (a token is enough to start one, and each holds sockets).
pub const AT_ONCE: usize = 8;

// The answer's shape is the core's, so the console reads it as it is sent.
pub use anytime_core::{ProbeResult, TestResult};

/// The addresses "Test connection" refuses unless `--allow-private-hosts`
/// (contract §11): loopback, this-network, private, shared (CGNAT),
/// link-local, IETF protocol assignments, benchmarking, documentation,
/// multicast, reserved and broadcast IPv4; unspecified, loopback, unique
/// local, link-local and multicast IPv6; and IPv4-mapped, IPv4-compatible
/// and NAT64 (`64:ff9b::/96`, `64:ff9b:1::/48`) forms of refused IPv4.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            a == 0                                  // 0.0.0.0/8 "this network"
                || a == 10                          // 10/8
                || a == 127                         // loopback
                || (a == 100 && (b & 0xc0) == 64)   // 100.64/10 shared (CGNAT)
                || (a == 169 && b == 254)           // link-local
                || (a == 172 && (b & 0xf0) == 16)   // 172.16/12
                || (a == 192 && b == 0 && c == 0)   // 192.0.0.0/24 IETF assignments
                || (a == 192 && b == 168)           // 192.168/16
                || (a == 198 && (b & 0xfe) == 18)   // 198.18/15 benchmarking
                || v4.is_documentation()            // 192.0.2/24, 198.51.100/24, 203.0.113/24
                || a >= 224 // 224/4 multicast, 240/4 reserved, 255.255.255.255 broadcast
        }
        IpAddr::V6(v6) => {
            let s = v6.segments();
            let embedded = |hi: u16, lo: u16| {
                IpAddr::V4(std::net::Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo)))
            };
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4)); // ::ffff:0:0/96
            }
            if s[..6] == [0; 6] && !(s[6] == 0 && s[7] <= 1) {
                return is_private(embedded(s[6], s[7])); // ::a.b.c.d (IPv4-compatible)
            }
            if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
                return is_private(embedded(s[6], s[7])); // 64:ff9b::/96 NAT64
            }
            if s[0] == 0x64 && s[1] == 0xff9b && s[2] == 1 {
                return true; // 64:ff9b:1::/48, local-use NAT64: any IPv4 behind it
            }
            v6.is_unspecified()
                || v6.is_loopback()
                || (s[0] & 0xfe00) == 0xfc00 // fc00::/7 unique local
                || (s[0] & 0xffc0) == 0xfe80 // fe80::/10 link-local
                || (s[0] & 0xff00) == 0xff00 // ff00::/8 multicast
        }
    }
}

/// How much longer than one step a whole server may take: each step has
/// its own limit, and a server that answers each in time but drips out
/// line after line is cut off here.
pub const STEPS_PER_SERVER: u32 = 3;

async fn timed(p: &Prober, step: impl std::future::Future<Output = Result<String, String>>) -> ProbeResult {
    let started = Instant::now();
    let limit = p.timeout * STEPS_PER_SERVER;
    let result = match tokio::time::timeout(limit, step).await {
        Ok(result) => result,
        Err(_) => Err(format!(
            "Gave up after {} s: the server answers, but too slowly to finish signing in.",
            limit.as_secs()
        )),
    };
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
                timed(p, async {
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
                timed(p, outgoing(p, s.smtp()))
            )
        }
        Some(ServerInfo::Exchange(s)) => (
            timed(p, async {
                ews::probe(p, &s.server_url, &s.user_name, s.password.as_deref().ok_or(NO_PASSWORD)?).await
            })
            .await,
            skipped("Exchange sends mail through the same server."),
        ),
        Some(ServerInfo::EmailForwarding(s)) => {
            let incoming = skipped("Mail arrives by forwarding; there is no incoming server to test.");
            let outgoing = if s.use_own_smtp_server {
                timed(p, outgoing(p, s.smtp())).await
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

    /// Each refused range by its first and last address, and the public
    /// neighbours just outside it.
    #[test]
    fn refused_ranges_and_their_edges() {
        let refused = [
            ("0.0.0.0", "0.255.255.255"),
            ("10.0.0.0", "10.255.255.255"),
            ("100.64.0.0", "100.127.255.255"),
            ("127.0.0.0", "127.255.255.255"),
            ("169.254.0.0", "169.254.255.255"),
            ("172.16.0.0", "172.31.255.255"),
            ("192.0.0.0", "192.0.0.255"),
            ("192.168.0.0", "192.168.255.255"),
            ("198.18.0.0", "198.19.255.255"),
            ("224.0.0.0", "239.255.255.255"),
            ("240.0.0.0", "255.255.255.254"),
            ("255.255.255.255", "255.255.255.255"),
            ("::", "::"),
            ("::1", "::1"),
            ("fc00::", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
            ("fe80::", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
            ("ff00::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
        ];
        for (first, last) in refused {
            assert!(is_private(first.parse().unwrap()), "{first}");
            assert!(is_private(last.parse().unwrap()), "{last}");
        }
        let allowed = [
            "1.0.0.0",
            "9.255.255.255",
            "11.0.0.0",
            "100.63.255.255",
            "100.128.0.0",
            "126.255.255.255",
            "128.0.0.0",
            "169.253.255.255",
            "169.255.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "192.0.1.0",
            "192.167.255.255",
            "192.169.0.0",
            "198.17.255.255",
            "198.20.0.0",
            "223.255.255.255",
            "93.184.216.34",
            "2606:4700::1111",
            "2001:4860:4860::8888",
            "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "fe00::",
            "fec0::",
            "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        ];
        for ip in allowed {
            assert!(!is_private(ip.parse().unwrap()), "{ip}");
        }
    }

    /// IPv4 inside IPv6: mapped, compatible and NAT64 forms follow the IPv4 rule.
    #[test]
    fn embedded_ipv4_follows_the_ipv4_rules() {
        for (v4, refused) in [
            ("127.0.0.1", true),
            ("10.1.2.3", true),
            ("169.254.169.254", true),
            ("192.168.1.1", true),
            ("100.64.0.1", true),
            ("0.0.0.0", true),
            ("255.255.255.255", true),
            ("93.184.216.34", false),
            ("1.1.1.1", false),
        ] {
            let o: std::net::Ipv4Addr = v4.parse().unwrap();
            let [a, b, c, d] = o.octets();
            let (hi, lo) = (u16::from_be_bytes([a, b]), u16::from_be_bytes([c, d]));
            for form in [format!("::ffff:{v4}"), format!("64:ff9b::{hi:x}:{lo:x}"), format!("::{v4}")] {
                let ip: std::net::IpAddr = form.parse().unwrap();
                assert_eq!(is_private(ip), refused, "{form}");
            }
        }
        // Local-use NAT64 reaches whatever IPv4 its operator routes: refused.
        assert!(is_private("64:ff9b:1::5db8:d822".parse().unwrap()));
    }
}

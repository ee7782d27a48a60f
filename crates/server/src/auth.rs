//! Bearer-token authentication for `/api/`, compared in constant time, with
//! failed sign-ins slowed per client address (contract §11): past 20
//! failures within a minute, every request from that address that carries a
//! token is answered 429 with `Retry-After` — before its token is looked
//! at, so guessing gains nothing while it lasts.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::Response;

use crate::error::AppError;
use crate::state::AppState;

/// Failed tokens allowed from one address within [`WINDOW`], by default.
pub const FAILURES_PER_MINUTE: usize = 20;
const WINDOW: Duration = Duration::from_secs(60);
/// Addresses tracked at most; past it, those with no recent failure go.
const TRACKED: usize = 10_000;

/// Who made a request, for the log line (contract §11 and §12).
#[derive(Debug, Clone)]
pub struct Actor(pub String);

/// Equal-length-independent comparison: every byte is looked at.
fn same(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        diff |= usize::from(a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0xff));
    }
    diff == 0
}

/// Recent failed sign-ins per client. IPv6 clients count per /64, the
/// block one subscriber usually holds.
#[derive(Default)]
pub struct SignInGuard {
    failures: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
        v4 => v4,
    }
}

impl SignInGuard {
    /// Seconds to wait, when `ip` has used up its `limit` failures (0: no limit).
    pub fn blocked(&self, ip: IpAddr, now: Instant, limit: usize) -> Option<u64> {
        if limit == 0 {
            return None;
        }
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let list = failures.get_mut(&client_key(ip))?;
        while list.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            list.pop_front();
        }
        if list.len() < limit {
            return None;
        }
        let oldest = *list.front()?;
        let wait = WINDOW.saturating_sub(now.duration_since(oldest));
        Some(wait.as_secs_f64().ceil().max(1.0) as u64)
    }

    pub fn failed(&self, ip: IpAddr, now: Instant, limit: usize) {
        if limit == 0 {
            return;
        }
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if failures.len() >= TRACKED {
            failures.retain(|_, list| list.back().is_some_and(|t| now.duration_since(*t) < WINDOW));
        }
        let list = failures.entry(client_key(ip)).or_default();
        list.push_back(now);
        while list.len() > limit {
            list.pop_front();
        }
    }
}

/// The client's address: the connection's peer or, when the server sits
/// behind its own reverse proxy (`--client-ip-header`, the peer a loopback
/// or private address), the last address that proxy put in the header.
fn client_ip(request: &Request, header: Option<&str>) -> IpAddr {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
    let Some(name) = header else { return peer };
    if !crate::probe::is_private(peer) {
        return peer;
    }
    request
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|last| last.trim().parse().ok())
        .unwrap_or(peer)
}

pub async fn require_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, AppError> {
    let ip = client_ip(&request, state.client_ip_header.as_deref());
    let now = Instant::now();
    let limit = state.failed_sign_ins_per_minute;
    if let Some(wait) = state.sign_ins.blocked(ip, now, limit) {
        return Err(AppError::TooManyRequests(wait));
    }
    let given = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim);
    match given {
        Some(token) if same(token.as_bytes(), state.token.as_bytes()) => {
            let actor = Actor("setup".into());
            let mut response = next.run(request).await;
            response.extensions_mut().insert(actor);
            Ok(response)
        }
        Some(_) => {
            state.sign_ins.failed(ip, now, limit);
            Err(AppError::Unauthorized)
        }
        // No token at all is not a guess: it is a client that has not signed in.
        None => Err(AppError::Unauthorized),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_whole_tokens() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"abcd"));
        assert!(!same(b"", b"a"));
        assert!(same(b"", b""));
    }

    #[test]
    fn twenty_failures_a_minute_then_wait() {
        let guard = SignInGuard::default();
        let ip: IpAddr = "203.0.113.7".parse().unwrap();
        let other: IpAddr = "203.0.113.8".parse().unwrap();
        let t0 = Instant::now();
        for i in 0..FAILURES_PER_MINUTE {
            assert_eq!(guard.blocked(ip, t0, 20), None, "failure {i}");
            guard.failed(ip, t0 + Duration::from_secs(i as u64), 20);
        }
        let now = t0 + Duration::from_secs(30);
        assert_eq!(guard.blocked(ip, now, 20), Some(30), "the first failure leaves the window at 60 s");
        assert_eq!(guard.blocked(other, now, 20), None, "per address");
        assert_eq!(guard.blocked(ip, t0 + Duration::from_secs(60), 20), None);
        // One /64 is one client.
        let a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        for _ in 0..FAILURES_PER_MINUTE {
            guard.failed(a, t0, 20);
        }
        assert!(guard.blocked(b, t0, 20).is_some());
        assert!(guard.blocked(b, t0, 0).is_none(), "0 turns it off");
        assert!(guard.blocked("2001:db8:1:3::1".parse().unwrap(), t0, 20).is_none());
    }
}

//! Bearer-token authentication for `/api/` (contract §11, §12): the
//! startup token (the admin `setup`, compared in constant time), named
//! tokens (looked up by their SHA-256, never stored) and, with a portal
//! key, JWTs signed by the portal. Failed sign-ins are slowed per client
//! address: past 20 failures within a minute, every request from that
//! address that carries a token is answered 429 with `Retry-After` —
//! before its token is looked at, so guessing gains nothing while it lasts.
//! Then each route's role ([`require_role`]).

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::Response;

use crate::audit::{Actor, Role};
use crate::error::AppError;
use crate::state::AppState;

/// Failed tokens allowed from one address within [`WINDOW`], by default.
pub const FAILURES_PER_MINUTE: usize = 20;
const WINDOW: Duration = Duration::from_secs(60);
/// Addresses tracked at most; past it, those with no recent failure go.
const TRACKED: usize = 10_000;

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
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// Who a client is, for counting its failures.
fn client_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        v4 => v4.to_string(),
    }
}

impl SignInGuard {
    /// Seconds to wait, when `client` has used up its `limit` failures (0: no limit).
    pub fn blocked(&self, client: &str, now: Instant, limit: usize) -> Option<u64> {
        if limit == 0 {
            return None;
        }
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let list = failures.get_mut(client)?;
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

    pub fn failed(&self, client: &str, now: Instant, limit: usize) {
        if limit == 0 {
            return;
        }
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if failures.len() >= TRACKED && !failures.contains_key(client) {
            // Past the cap: forget the quiet ones, then (a flood of
            // addresses) the half that failed longest ago. One pass each,
            // and room for many more before the next.
            failures.retain(|_, list| list.back().is_some_and(|t| now.duration_since(*t) < WINDOW));
            if failures.len() >= TRACKED / 2 {
                let mut by_age: Vec<(Instant, String)> =
                    failures.iter().map(|(k, l)| (l.back().copied().unwrap_or(now), k.clone())).collect();
                by_age.sort();
                let excess = failures.len() - TRACKED / 2;
                for (_, key) in by_age.into_iter().take(excess) {
                    failures.remove(&key);
                }
            }
        }
        let list = failures.entry(client.to_owned()).or_default();
        list.push_back(now);
        while list.len() > limit {
            list.pop_front();
        }
    }

    /// How many clients are being counted.
    pub fn tracked(&self) -> usize {
        self.failures.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

/// An address as a proxy writes it: `1.2.3.4`, `1.2.3.4:5678`, `::1`,
/// `[::1]`, `[::1]:80`.
fn parse_address(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    text.parse::<IpAddr>()
        .ok()
        .or_else(|| text.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| text.strip_prefix('[')?.strip_suffix(']')?.parse().ok())
}

/// The client: the connection's peer or, when the server sits behind its
/// own reverse proxy (`--client-ip-header`, the peer a loopback address or
/// one of `--trusted-proxy`), the last address that proxy put in the
/// header. A value that is not an address counts as a client of its own,
/// so it never merges everyone behind the proxy into one.
fn client_of(request: &Request, state: &AppState) -> String {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
    let Some(name) = state.client_ip_header.as_deref() else { return client_key(peer) };
    let trusted = peer.is_loopback() || state.trusted_proxies.contains(&peer);
    // Several lines of a header are one comma-joined list (RFC 9110 §5.3),
    // and a proxy may add a line of its own after the client's instead of
    // appending to it (HAProxy's `option forwardfor`): the last line counts.
    let Some(value) = request.headers().get_all(name).iter().next_back().filter(|_| trusted) else {
        return client_key(peer);
    };
    let last = value.to_str().ok().and_then(|v| v.rsplit(',').next()).unwrap_or_default();
    match parse_address(last) {
        Some(ip) => client_key(ip),
        None => format!("unreadable:{}", last.chars().take(64).collect::<String>()),
    }
}

/// The token of an `Authorization: Bearer …` value; the scheme's case does
/// not matter (RFC 9110 §11.1).
fn bearer(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

pub async fn require_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Result<Response, AppError> {
    let client = client_of(&request, &state);
    let now = Instant::now();
    let limit = state.failed_sign_ins_per_minute;
    if let Some(wait) = state.sign_ins.blocked(&client, now, limit) {
        return Err(AppError::TooManyRequests(wait));
    }
    let given = request.headers().get(AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(bearer);
    // No token at all is not a guess: it is a client that has not signed in.
    let Some(token) = given else { return Err(AppError::Unauthorized) };
    let actor = match actor_of(&state, token) {
        Ok(actor) => actor,
        Err(Refusal { error, guess }) => {
            // Only what could be a guess counts: an unknown token or a bad
            // signature. A revoked or expired one is a stale tab, and
            // counting it would lock out everyone behind the same address.
            if guess {
                state.sign_ins.failed(&client, now, limit);
            }
            return Err(error);
        }
    };
    let mut request = request;
    request.extensions_mut().insert(actor.clone());
    let mut response = crate::audit::ACTOR.scope(actor.clone(), next.run(request)).await;
    response.extensions_mut().insert(actor);
    Ok(response)
}

/// Why a token is refused, and whether it could be a guess.
struct Refusal {
    error: AppError,
    guess: bool,
}

impl Refusal {
    fn guess(error: AppError) -> Self {
        Refusal { error, guess: true }
    }

    fn stale(message: String) -> Self {
        Refusal { error: AppError::SignInRefused(message), guess: false }
    }
}

/// Who a bearer token is, or why it is refused.
fn actor_of(state: &AppState, token: &str) -> Result<Actor, Refusal> {
    if same(token.as_bytes(), state.token.as_bytes()) {
        return Ok(Actor {
            id: "setup".into(),
            name: "setup".into(),
            role: Role::Admin,
            via: "setup".into(),
        });
    }
    if crate::portal::looks_like_jwt(token) {
        return match &state.portal {
            Some(key) => key
                .actor(token)
                .map_err(|r| Refusal { error: AppError::SignInRefused(r.message), guess: r.guess }),
            None => Err(Refusal::guess(AppError::SignInRefused(
                "This is a portal's signed token, but this server accepts none (it has no --portal-jwt-key)."
                    .into(),
            ))),
        };
    }
    let hash = crate::tokens::hash(token);
    let found = state.read(|tx| tx.token_by_hash(&hash)).map_err(|e| {
        tracing::error!(?e, "cannot look up a token");
        Refusal::stale("The token could not be checked just now; try again.".into())
    })?;
    match found {
        // The hashes are equal by the lookup; compared again in constant
        // time so no index behaviour decides alone.
        Some(t) if same(t.hash.as_bytes(), hash.as_bytes()) => match (t.revoked, Role::parse(&t.role)) {
            (Some(_), _) => Err(Refusal::stale(format!("The token '{}' was revoked.", t.name))),
            (None, Some(role)) => Ok(Actor { id: t.name.clone(), name: t.name, role, via: "token".into() }),
            (None, None) => Err(Refusal::guess(AppError::Unauthorized)),
        },
        _ => Err(Refusal::guess(AppError::Unauthorized)),
    }
}

/// The signed-in actor of a request (set by [`require_token`]).
pub fn actor_in(request: &Request) -> Option<&Actor> {
    request.extensions().get::<Actor>()
}

/// Refuses a request whose actor's role is below `needed`: a 403 naming
/// the role (contract §12). Runs before the body is read.
pub async fn require_role(needed: Role, request: Request, next: Next) -> Result<Response, AppError> {
    match actor_in(&request) {
        Some(actor) if actor.role >= needed => Ok(next.run(request).await),
        Some(actor) => Err(AppError::Forbidden { needed, have: actor.role }),
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
        let key = |ip: &str| client_key(ip.parse().unwrap());
        let (ip, other) = (key("203.0.113.7"), key("203.0.113.8"));
        let t0 = Instant::now();
        for i in 0..FAILURES_PER_MINUTE {
            assert_eq!(guard.blocked(&ip, t0, 20), None, "failure {i}");
            guard.failed(&ip, t0 + Duration::from_secs(i as u64), 20);
        }
        let now = t0 + Duration::from_secs(30);
        assert_eq!(guard.blocked(&ip, now, 20), Some(30), "the first failure leaves the window at 60 s");
        assert_eq!(guard.blocked(&other, now, 20), None, "per address");
        assert_eq!(guard.blocked(&ip, t0 + Duration::from_secs(60), 20), None);
        // One /64 is one client; an IPv4-mapped address is its IPv4.
        for _ in 0..FAILURES_PER_MINUTE {
            guard.failed(&key("2001:db8:1:2::1"), t0, 20);
        }
        assert!(guard.blocked(&key("2001:db8:1:2:ffff::9"), t0, 20).is_some());
        assert!(guard.blocked(&key("2001:db8:1:2:ffff::9"), t0, 0).is_none(), "0 turns it off");
        assert!(guard.blocked(&key("2001:db8:1:3::1"), t0, 20).is_none());
        assert_eq!(key("::ffff:203.0.113.7"), ip);
    }

    #[test]
    fn a_flood_of_addresses_stays_bounded() {
        let guard = SignInGuard::default();
        let t0 = Instant::now();
        let name = |i: usize| format!("10.{}.{}.{}", i >> 16, (i >> 8) & 255, i & 255);
        for i in 0..(3 * TRACKED) {
            guard.failed(&name(i), t0 + Duration::from_millis(i as u64), 20);
            assert!(guard.tracked() <= TRACKED, "{i}: {}", guard.tracked());
        }
        // The newest are still counted.
        assert!(guard.failures.lock().unwrap().contains_key(&name(3 * TRACKED - 1)));
    }

    #[test]
    fn proxies_write_addresses_in_several_ways() {
        for (text, ip) in [
            ("203.0.113.7", "203.0.113.7"),
            (" 203.0.113.7:5678", "203.0.113.7"),
            ("2001:db8::1", "2001:db8::1"),
            ("[2001:db8::1]", "2001:db8::1"),
            ("[2001:db8::1]:443", "2001:db8::1"),
        ] {
            assert_eq!(parse_address(text), Some(ip.parse().unwrap()), "{text}");
        }
        assert_eq!(parse_address("unknown"), None);
    }
}

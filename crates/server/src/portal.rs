//! Portals sign their users in (contract §12): with `--portal-jwt-key`, a
//! bearer token that is a JWT signed by that key is accepted as the user
//! it names. Verified by `jsonwebtoken` (9.x, on ring, the crypto rustls
//! already brings): an HMAC secret, or an RSA, EC or Ed25519 public key in
//! PEM. Every refusal says why.

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

use crate::audit::{Actor, Role};

/// Why a portal's token is refused, and whether the refusal could answer
/// a guess (a forged or garbled token) rather than a stale one (expired,
/// no role): only guesses count toward slowing an address's sign-ins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub message: String,
    pub guess: bool,
}

impl Refused {
    fn stale(message: impl Into<String>) -> Self {
        Refused { message: message.into(), guess: false }
    }

    fn guess(message: impl Into<String>) -> Self {
        Refused { message: message.into(), guess: true }
    }
}

/// The key portal tokens are verified with, and the algorithms it verifies.
pub struct PortalKey {
    key: DecodingKey,
    algorithms: Vec<Algorithm>,
}

/// Shortest HMAC secret taken (RFC 7518 §3.2: at least the hash's size).
const MIN_SECRET: usize = 32;
/// Longest `sub` or `name` taken: they go into every audit entry.
const MAX_NAME: usize = 200;

/// Three base64url parts: a JWT, not one of our own tokens.
pub fn looks_like_jwt(token: &str) -> bool {
    token.split('.').count() == 3
        && token.starts_with("eyJ")
        && token.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
}

impl PortalKey {
    /// Reads the key file: PEM (`-----BEGIN … PUBLIC KEY-----`) is an RSA,
    /// EC or Ed25519 public key; anything else is an HMAC secret.
    pub fn load(path: &std::path::Path) -> Result<PortalKey, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Self::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<PortalKey, String> {
        use Algorithm::*;
        let text = String::from_utf8_lossy(bytes);
        if text.contains("-----BEGIN") {
            if text.contains("PRIVATE KEY") {
                return Err("this is a private key; give the server the portal's public key".into());
            }
            if let Ok(key) = DecodingKey::from_rsa_pem(bytes) {
                return Ok(PortalKey { key, algorithms: vec![RS256, RS384, RS512, PS256, PS384, PS512] });
            }
            if let Ok(key) = DecodingKey::from_ec_pem(bytes) {
                return Ok(PortalKey { key, algorithms: vec![ES256, ES384] });
            }
            if let Ok(key) = DecodingKey::from_ed_pem(bytes) {
                return Ok(PortalKey { key, algorithms: vec![EdDSA] });
            }
            return Err("not an RSA, EC or Ed25519 public key in PEM".into());
        }
        let secret = bytes.trim_ascii();
        // A public key in another format read as a secret would let anyone
        // who has the (public) key sign: refuse what looks like one.
        let looks_like_key = secret.first() == Some(&0x30)
            || secret.starts_with(b"{")
            || secret.starts_with(b"ssh-")
            || secret.starts_with(b"ecdsa-");
        if looks_like_key {
            return Err("this looks like a key in DER, JWK or SSH form; give an HMAC secret, or the public key in PEM".into());
        }
        if secret.len() < MIN_SECRET {
            return Err(format!(
                "an HMAC secret must be at least {MIN_SECRET} bytes (this one is {})",
                secret.len()
            ));
        }
        Ok(PortalKey { key: DecodingKey::from_secret(secret), algorithms: vec![HS256, HS384, HS512] })
    }

    /// The actor a portal's token names, or why it is refused.
    pub fn actor(&self, token: &str) -> Result<Actor, Refused> {
        let header = jsonwebtoken::decode_header(token)
            .map_err(|_| Refused::guess("The portal's token is not a readable JWT."))?;
        if !self.algorithms.contains(&header.alg) {
            return Err(Refused::guess(format!(
                "The portal's token is signed with {:?}, which this server's portal key does not verify.",
                header.alg
            )));
        }
        let mut validation = Validation::new(header.alg);
        validation.algorithms = self.algorithms.clone();
        validation.set_required_spec_claims(&["exp", "sub"]);
        validation.validate_nbf = true;
        // No audience is configured: one the token names is not checked
        // (jsonwebtoken would refuse every token that has one).
        validation.validate_aud = false;
        validation.leeway = 30;
        let data = jsonwebtoken::decode::<Claims>(token, &self.key, &validation).map_err(|e| {
            match e.kind() {
                ErrorKind::InvalidSignature => Refused::guess("The portal's token has a bad signature."),
                ErrorKind::ExpiredSignature => Refused::stale("The portal's token has expired."),
                ErrorKind::ImmatureSignature => Refused::stale("The portal's token is not valid yet (nbf)."),
                ErrorKind::MissingRequiredClaim(claim) => {
                    Refused::stale(format!("The portal's token has no '{claim}' claim."))
                }
                // Signed by the portal (the signature is checked first): its
                // own mistake, not a guess.
                ErrorKind::Json(_) => Refused::stale(
                    "The portal's token has claims of the wrong type (sub, name and role are text, exp a number).",
                ),
                _ => Refused::guess("The portal's token is not a valid JWT."),
            }
        })?;
        let claims = data.claims;
        let role = match claims.role.as_deref() {
            None => {
                return Err(Refused::stale(
                    "The portal's token has no 'role' claim (viewer, editor or admin).",
                ))
            }
            Some(r) => Role::parse(r).ok_or_else(|| {
                Refused::stale(format!(
                    "The portal's token has the role '{}'; it must be viewer, editor or admin.",
                    clip(r)
                ))
            })?,
        };
        let sub = claims.sub.unwrap_or_default();
        if !plain(&sub) {
            return Err(Refused::stale(format!(
                "The portal's token needs a 'sub' of 1 to {MAX_NAME} characters, no control characters."
            )));
        }
        let name = match claims.name {
            Some(n) if plain(&n) => n,
            Some(_) => {
                return Err(Refused::stale(format!(
                    "The portal's token needs a 'name' of 1 to {MAX_NAME} characters, no control characters."
                )))
            }
            None => sub.clone(),
        };
        Ok(Actor { id: sub, name, role, via: "portal".into() })
    }
}

/// Text fit for an audit entry and a page: not empty, short, no control
/// characters.
fn plain(text: &str) -> bool {
    !text.trim().is_empty() && text.chars().count() <= MAX_NAME && !text.chars().any(char::is_control)
}

fn clip(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).take(40).collect()
}

#[derive(Deserialize)]
struct Claims {
    sub: Option<String>,
    name: Option<String>,
    role: Option<String>,
}

//! Named API tokens (contract §12): made by `anytime-server token create`,
//! shown once, stored only as their SHA-256. A token is 32 random bytes,
//! so a plain hash is enough: there is nothing to guess that a slow hash
//! would protect (a slow one would cost every request instead).

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::audit::{self, Role};
use crate::error::{AppError, AppResult};
use crate::storage::{TokenRow, Transaction};

/// What a token looks like: a prefix that says what it is (secret
/// scanners and people recognise it), then 64 hex digits.
const PREFIX: &str = "anyt_";

/// The SHA-256 of a token, hex.
pub fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A new random token from the OS.
pub fn random() -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(format!("{PREFIX}{}", bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()))
}

/// A token as listed: never the token or its hash.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Listed {
    pub name: String,
    pub role: String,
    pub created: String,
    pub revoked: Option<String>,
}

/// A token's name: what the audit trail says for its holder.
fn check_name(name: &str) -> AppResult<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'))
        && name != "setup"
        && name != "server";
    if ok {
        Ok(())
    } else {
        Err(AppError::field(
            "name",
            "A token's name is 1 to 64 letters, digits, '.', '_', '-' or '@' (not 'setup' or 'server').",
        ))
    }
}

/// Makes a token named `name` with `role`; answers the token (shown once).
pub fn create(tx: &Transaction, name: &str, role: Role) -> AppResult<String> {
    check_name(name)?;
    if tx.tokens()?.iter().any(|t| t.name == name && t.revoked.is_none()) {
        return Err(AppError::Conflict(format!("A token named '{name}' exists; revoke it first.")));
    }
    let token = random().map_err(|e| AppError::Internal(format!("cannot make a token: {e}")))?;
    let row = TokenRow {
        name: name.into(),
        role: role.as_str().into(),
        hash: hash(&token),
        created: audit::now(),
        revoked: None,
    };
    tx.insert_token(&row)?;
    let after = serde_json::json!({"name": name, "role": role.as_str()}).to_string();
    audit::record(
        tx,
        audit::Change {
            kind: "token",
            id: name,
            action: "create",
            revision: None,
            before: None,
            after: Some(&after),
        },
    )?;
    Ok(token)
}

pub fn list(tx: &Transaction) -> AppResult<Vec<Listed>> {
    Ok(tx
        .tokens()?
        .into_iter()
        .map(|t| Listed {
            name: t.name,
            role: t.role,
            created: anytime_core::date::format_utc(t.created),
            revoked: t.revoked.map(anytime_core::date::format_utc),
        })
        .collect())
}

/// Revokes the active token named `name`.
pub fn revoke(tx: &Transaction, name: &str) -> AppResult<()> {
    let Some(t) = tx.tokens()?.into_iter().find(|t| t.name == name && t.revoked.is_none()) else {
        return Err(AppError::NotFound(format!("No active token is named '{name}'.")));
    };
    tx.revoke_token(name, audit::now())?;
    let before = serde_json::json!({"name": name, "role": t.role}).to_string();
    audit::record(
        tx,
        audit::Change {
            kind: "token",
            id: name,
            action: "revoke",
            revision: None,
            before: Some(&before),
            after: None,
        },
    )
}

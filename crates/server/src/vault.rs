//! Secrets at rest (contract §11): email account passwords are sealed with
//! XChaCha20-Poly1305 (RustCrypto's `chacha20poly1305`, an AEAD with
//! random 192-bit nonces, so no nonce bookkeeping) under a 256-bit key kept
//! in a file beside the database, never in it. The account id is the
//! associated data, so a sealed password moved to another account's row
//! does not open. The database file and the key file are created
//! owner-only.
//!
//! At start every stored secret must open with the key, or the server stops
//! with a message saying which key it needs; plain rows left by older
//! versions are sealed. `rotate-key` re-seals everything under a new key.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::error::AppResult;
use crate::storage::{Engine, Transaction};
use base64::Engine as _;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};

/// Stored secrets start with this; anything else is an old plain row.
const SEALED: &str = "v1:";
const NONCE_LEN: usize = 24;

/// The key that seals and opens stored secrets.
#[derive(Clone)]
pub struct Vault {
    cipher: XChaCha20Poly1305,
    /// A short fingerprint of the key (not the key), for messages and the
    /// database's record of which key sealed it.
    pub key_id: String,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Vault({})", self.key_id)
    }
}

fn key_id(key: &[u8]) -> String {
    Sha256::digest(key).iter().take(6).map(|b| format!("{b:02x}")).collect()
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

impl Vault {
    fn from_key(key: &[u8; 32]) -> Self {
        Vault { cipher: XChaCha20Poly1305::new(Key::from_slice(key)), key_id: key_id(key) }
    }

    /// A new random key (from the OS).
    fn generate() -> ([u8; 32], Self) {
        let key: [u8; 32] = XChaCha20Poly1305::generate_key(&mut OsRng).into();
        let vault = Vault::from_key(&key);
        (key, vault)
    }

    /// Seals `secret` for the row `owner`.
    pub fn seal(&self, owner: &str, secret: &str) -> String {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(&nonce, Payload { msg: secret.as_bytes(), aad: owner.as_bytes() })
            .expect("sealing in memory cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        format!("{SEALED}{}", b64().encode(out))
    }

    /// Opens what [`Vault::seal`] made for `owner`; `None` if this key (or
    /// this owner) does not open it.
    pub fn open(&self, owner: &str, stored: &str) -> Option<String> {
        let raw = b64().decode(stored.strip_prefix(SEALED)?).ok()?;
        if raw.len() < NONCE_LEN {
            return None;
        }
        let (nonce, sealed) = raw.split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(XNonce::from_slice(nonce), Payload { msg: sealed, aad: owner.as_bytes() })
            .ok()?;
        String::from_utf8(plain).ok()
    }
}

/// The key file's default place: beside the database (`anytime.db.key`).
pub fn default_key_file(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".key");
    PathBuf::from(name)
}

fn new_key_file(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".new");
    PathBuf::from(name)
}

/// Writes a key file owner-only, durably; refuses to overwrite.
fn write_key_file(path: &Path, key: &[u8; 32]) -> Result<(), String> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| format!("cannot create the key file {}: {e}", path.display()))?;
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    file.write_all(format!("{hex}\n").as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("cannot write the key file {}: {e}", path.display()))?;
    sync_dir(path);
    Ok(())
}

fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

/// Reads a key file.
pub fn read_key_file(path: &Path) -> Result<Vault, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the key file {}: {e}", path.display()))?;
    let hex = text.trim();
    // Hex digits first: slicing by byte pairs below is only sound on ASCII.
    let bytes: Option<Vec<u8>> = (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| (0..32).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()).collect())
        .flatten();
    let key: [u8; 32] = bytes.and_then(|b| b.try_into().ok()).ok_or_else(|| {
        format!("the key file {} does not hold a key (64 hexadecimal digits)", path.display())
    })?;
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.permissions().mode() & 0o077 != 0 {
            tracing::warn!(file = %path.display(), "the secret key file can be read by other users; chmod 600 it");
        }
    }
    Ok(Vault::from_key(&key))
}

/// Creates the database file owner-only when it does not exist yet, so
/// SQLite's journal files (which take the database's mode) are too.
pub fn create_private_file(path: &Path) -> Result<(), String> {
    match OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            if std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0) {
                tracing::warn!(file = %path.display(), "the database can be read by other users; chmod 600 it");
            }
            Ok(())
        }
        Err(e) => Err(format!("cannot create the database {}: {e}", path.display())),
    }
}

/// The `meta` key of the id of the key that sealed the stored secrets.
pub const KEY_ID: &str = "secret_key_id";

/// The sealed rows this key does not open.
fn unopened(tx: &Transaction, vault: &Vault) -> AppResult<usize> {
    Ok(tx.secrets()?.iter().filter(|(id, s)| s.starts_with(SEALED) && vault.open(id, s).is_none()).count())
}

fn read<T>(engine: &dyn Engine, f: impl FnOnce(&Transaction) -> AppResult<T>) -> Result<T, String> {
    crate::state::once(f, |work| engine.read(work))
        .map_err(|e| format!("cannot read the stored secrets: {}", e.in_words()))
}

fn write<T>(engine: &dyn Engine, f: impl FnOnce(&Transaction) -> AppResult<T>) -> Result<T, String> {
    crate::state::once(f, |work| engine.write(work)).map_err(|e| e.in_words())
}

fn wrong_key(path: &Path, vault: &Vault, recorded: Option<&str>, failed: usize) -> String {
    format!(
        "the secret key in {} (key {}) does not open {failed} stored password(s){}. Start with the key file \
         this database was sealed with (--secret-key-file), restored from your backup; nothing was changed.",
        path.display(),
        vault.key_id,
        recorded.map(|r| format!(", which were sealed with key {r}")).unwrap_or_default()
    )
}

fn not_the_shared_key(key_file: &Path, mine: Option<&Vault>, recorded: &str) -> String {
    format!(
        "this database's passwords are sealed with key {recorded}, and every replica needs that key: copy its key \
         file to {}{} (see docs/DEPLOY.md); nothing was changed.",
        key_file.display(),
        mine.map(|v| format!(" (it holds key {} now)", v.key_id)).unwrap_or_default()
    )
}

/// Loads (or on first start creates) the key, checks that it opens every
/// stored secret, finishes an interrupted rotation, and seals plain rows.
///
/// `shared`: several replicas use this database (PostgreSQL), each with a
/// copy of one key file. Then a key is made only for a database that has
/// never recorded one, and a replica whose key is not the recorded one
/// stops instead of sealing passwords the others cannot open.
pub fn unlock(engine: &dyn Engine, key_file: &Path, shared: bool) -> Result<Vault, String> {
    let (recorded, sealed_rows) = read(engine, |tx| {
        Ok((tx.meta(KEY_ID)?, tx.secrets()?.iter().filter(|(_, s)| s.starts_with(SEALED)).count()))
    })?;
    let pending = new_key_file(key_file);
    if !key_file.exists() && pending.exists() {
        // A rotation that stopped between writing the new key and putting
        // it in place: the new key is the one, if it opens what is stored.
        let next = read_key_file(&pending)?;
        if read(engine, |tx| unopened(tx, &next))? == 0 {
            std::fs::rename(&pending, key_file)
                .map_err(|e| format!("cannot finish the key rotation ({}): {e}", pending.display()))?;
            sync_dir(key_file);
            tracing::warn!(file = %key_file.display(), key = %next.key_id, "finished an interrupted key rotation");
        }
    }
    let vault = if key_file.exists() {
        read_key_file(key_file)?
    } else if sealed_rows > 0 {
        return Err(format!(
            "the database holds sealed passwords, but the key file {} is missing{}. Restore it from your \
             backup (it is kept apart from the database), or point --secret-key-file at it.",
            key_file.display(),
            recorded.as_deref().map(|r| format!(" (they need key {r})")).unwrap_or_default()
        ));
    } else if let (true, Some(r)) = (shared, recorded.as_deref()) {
        return Err(not_the_shared_key(key_file, None, r));
    } else {
        if recorded.is_some() {
            tracing::warn!(file = %key_file.display(), "no key file and no sealed passwords: making a new key");
        }
        let (key, vault) = Vault::generate();
        write_key_file(key_file, &key)?;
        tracing::info!(file = %key_file.display(), key = %vault.key_id, "created the secret key file");
        vault
    };
    let failed = read(engine, |tx| unopened(tx, &vault))?;
    let vault = if failed == 0 {
        vault
    } else {
        // A rotation that stopped after the database was re-sealed but
        // before the new key replaced the old file: finish it.
        match read_key_file(&pending) {
            Ok(next) if read(engine, |tx| unopened(tx, &next))? == 0 => {
                std::fs::rename(&pending, key_file)
                    .map_err(|e| format!("cannot finish the key rotation ({}): {e}", pending.display()))?;
                sync_dir(key_file);
                tracing::warn!(file = %key_file.display(), key = %next.key_id, "finished an interrupted key rotation");
                next
            }
            _ => return Err(wrong_key(key_file, &vault, recorded.as_deref(), failed)),
        }
    };
    let sealed_now = write(engine, |tx| {
        let mut sealed_now = 0;
        for (id, stored) in tx.secrets()? {
            if !stored.starts_with(SEALED) {
                tx.set_secret(&id, &vault.seal(&id, &stored))?;
                sealed_now += 1;
            }
        }
        match tx.meta(KEY_ID)? {
            Some(r) if r == vault.key_id => {}
            // Another replica recorded its key first (they started at once).
            Some(r) if shared => {
                return Err(crate::AppError::Conflict(not_the_shared_key(key_file, Some(&vault), &r)))
            }
            _ => tx.set_meta(KEY_ID, &vault.key_id)?,
        }
        Ok(sealed_now)
    })?;
    if sealed_now > 0 {
        tracing::info!(count = sealed_now, "sealed stored passwords that were kept in plain text");
    }
    Ok(vault)
}

/// `anytime-server rotate-key`: re-seals every stored secret under a new
/// key in one transaction, then puts the new key file in place. The old
/// key is kept as `….old-<its id>` (every old key, so older backups of the
/// database still open) until the operator removes it. A crash at any
/// moment leaves a key file that opens what the database holds, or the
/// new one beside it, which the next start puts in place.
///
/// `shared` (PostgreSQL): the key file must be there and be the recorded
/// one — a rotation never starts from a key made up on the spot.
pub fn rotate(engine: &dyn Engine, key_file: &Path, shared: bool) -> Result<(Vault, usize, PathBuf), String> {
    let old = unlock(engine, key_file, shared)?;
    let (key, next) = Vault::generate();
    let pending = new_key_file(key_file);
    let _ = std::fs::remove_file(&pending);
    write_key_file(&pending, &key)?;
    let count = write(engine, |tx| {
        let all = tx.secrets()?;
        for (id, stored) in &all {
            let plain = old.open(id, stored).ok_or_else(|| {
                crate::AppError::Internal(format!("the stored password of account {id} does not open"))
            })?;
            tx.set_secret(id, &next.seal(id, &plain))?;
        }
        tx.set_meta(KEY_ID, &next.key_id)?;
        Ok(all.len())
    })?;
    let mut kept = key_file.as_os_str().to_owned();
    kept.push(format!(".old-{}", old.key_id));
    let kept = PathBuf::from(kept);
    // A second name for the old key, then the new key over the first name
    // in one atomic rename: there is never a moment without a key file.
    if !kept.exists() {
        std::fs::hard_link(key_file, &kept)
            .map_err(|e| format!("cannot keep the old key as {}: {e}", kept.display()))?;
    }
    std::fs::rename(&pending, key_file).map_err(|e| format!("cannot put the new key in place: {e}"))?;
    sync_dir(key_file);
    Ok((next, count, kept))
}

/// While a server runs on a database it holds a shared lock on
/// `<db>.lock`; `rotate-key` needs it exclusively, so it never re-seals
/// under a running server that still holds the old key.
pub fn lock(db: &Path, exclusive: bool) -> Result<File, String> {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    let path = PathBuf::from(name);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(&path)
        .map_err(|e| format!("cannot open the lock file {}: {e}", path.display()))?;
    let result = if exclusive { file.try_lock() } else { file.try_lock_shared() };
    match result {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) if exclusive => Err(format!(
            "a server is running on {} (it holds {}); stop it first",
            db.display(),
            path.display()
        )),
        Err(std::fs::TryLockError::WouldBlock) => Err(format!(
            "{} is locked by a key rotation; start the server when it has finished",
            db.display()
        )),
        Err(std::fs::TryLockError::Error(e)) => Err(format!("cannot lock {}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_that_is_not_a_key_is_said_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k");
        for text in ["é".repeat(32), "zz".repeat(32), "ab".repeat(31), String::new()] {
            std::fs::write(&path, &text).unwrap();
            let e = read_key_file(&path).unwrap_err();
            assert!(e.contains("does not hold a key"), "{text:?}: {e}");
        }
    }

    #[test]
    fn sealed_secrets_open_only_with_their_key_and_owner() {
        let (_, vault) = Vault::generate();
        let sealed = vault.seal("acct-1", "hunter2");
        assert!(sealed.starts_with(SEALED) && !sealed.contains("hunter2"));
        assert_eq!(vault.open("acct-1", &sealed).as_deref(), Some("hunter2"));
        assert_eq!(vault.open("acct-2", &sealed), None, "bound to its row");
        let (_, other) = Vault::generate();
        assert_eq!(other.open("acct-1", &sealed), None);
        assert_ne!(vault.seal("acct-1", "hunter2"), sealed, "a fresh nonce each time");
        assert_eq!(vault.open("acct-1", "v1:!!"), None);
        assert_eq!(vault.open("acct-1", "hunter2"), None);
    }
}

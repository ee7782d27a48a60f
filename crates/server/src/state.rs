//! What every handler can reach, and the transaction helpers.
//!
//! One connection writes (SQLite takes one writer at a time anyway) and a
//! few others read: in WAL mode a reader sees the last committed state
//! without waiting for a write under way, so a 10 MiB attachment being
//! stored does not hold up a page of settings. Database work runs where
//! the async runtime lets a thread block (`block_in_place`), so a slow
//! query or a disk flush never stalls the other requests' tasks.

use std::sync::{Arc, Mutex};

use anytime_core::{Directory, Field};
use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::error::{AppError, AppResult};
use crate::store;

#[derive(Clone)]
pub struct AppState {
    db: Arc<Mutex<Connection>>,
    /// Connections for reading; none: reads use the writer's.
    readers: Arc<[Mutex<Connection>]>,
    pub token: Arc<str>,
    pub directory: Arc<Directory>,
    pub allow_private_hosts: bool,
    /// Per-server timeout of "Test connection".
    pub probe_timeout: std::time::Duration,
    /// Browser origins allowed by CORS (empty: CORS closed).
    pub allow_origins: Arc<[String]>,
    /// TLS settings of "Test connection" (Mozilla's roots, plus `--extra-ca`).
    pub tls: Arc<tokio_rustls::rustls::ClientConfig>,
    /// The key that seals stored passwords.
    pub vault: Arc<crate::vault::Vault>,
    /// Recent failed sign-ins per client address.
    pub sign_ins: Arc<crate::auth::SignInGuard>,
    /// "Test connection" runs at once (each holds sockets for up to 30 s).
    pub probes: Arc<tokio::sync::Semaphore>,
    /// Failed sign-ins allowed per address and minute (0: no limit).
    pub failed_sign_ins_per_minute: usize,
    /// Behind a reverse proxy: the header it names the client in, and the
    /// proxies (besides loopback) whose header is believed.
    pub client_ip_header: Option<Arc<str>>,
    pub trusted_proxies: Arc<[std::net::IpAddr]>,
}

impl AppState {
    pub fn new(
        conn: Connection,
        token: &str,
        directory: Directory,
        vault: crate::vault::Vault,
    ) -> AppResult<Self> {
        let state = AppState {
            db: Arc::new(Mutex::new(conn)),
            readers: Arc::new([]),
            token: token.into(),
            directory: Arc::new(directory),
            allow_private_hosts: false,
            probe_timeout: crate::probe::DEFAULT_TIMEOUT,
            allow_origins: Arc::new([]),
            tls: crate::probe::tls_config(None).map_err(AppError::Internal)?,
            vault: Arc::new(vault),
            sign_ins: Arc::default(),
            probes: Arc::new(tokio::sync::Semaphore::new(crate::probe::AT_ONCE)),
            failed_sign_ins_per_minute: crate::auth::FAILURES_PER_MINUTE,
            client_ip_header: None,
            trusted_proxies: Arc::new([]),
        };
        state.write(crate::seed::seed)?;
        Ok(state)
    }

    /// Opens `count` more connections to the database at `path` for reading.
    pub fn with_readers(mut self, path: &std::path::Path, count: usize) -> AppResult<Self> {
        let readers = (0..count)
            .map(|_| crate::db::open(path).map(Mutex::new))
            .collect::<rusqlite::Result<Vec<_>>>()?;
        self.readers = readers.into();
        Ok(self)
    }

    fn transact<T>(
        conn: &Mutex<Connection>,
        behavior: TransactionBehavior,
        f: impl FnOnce(&Transaction) -> AppResult<T>,
    ) -> AppResult<T> {
        let mut conn = conn.lock().map_err(|_| AppError::Internal("database lock poisoned".into()))?;
        let tx = conn.transaction_with_behavior(behavior)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// A reader that is free, else the first (it will be soon).
    fn reader(&self) -> &Mutex<Connection> {
        self.readers
            .iter()
            .find(|r| r.try_lock().is_ok())
            .or_else(|| self.readers.first())
            .unwrap_or(&self.db)
    }

    /// What "Test connection" may do.
    pub fn prober(&self) -> crate::probe::Prober {
        crate::probe::Prober {
            allow_private: self.allow_private_hosts,
            timeout: self.probe_timeout,
            tls: self.tls.clone(),
        }
    }

    /// A read-only, consistent view (the last committed state).
    pub fn read<T>(&self, f: impl FnOnce(&Transaction) -> AppResult<T>) -> AppResult<T> {
        blocking(|| Self::transact(self.reader(), TransactionBehavior::Deferred, f))
    }

    /// One write transaction: all of `f` or nothing.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction) -> AppResult<T>) -> AppResult<T> {
        blocking(|| Self::transact(&self.db, TransactionBehavior::Immediate, f))
    }
}

/// Runs database work where a thread may block: on the multi-threaded
/// runtime the others take over this worker's tasks meanwhile; elsewhere
/// (a test's single-threaded runtime, startup) it simply runs.
fn blocking<T>(f: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(f)
        }
        _ => f(),
    }
}

/// The fields, for validating references to them.
pub fn fields(tx: &Transaction) -> AppResult<Vec<Field>> {
    Ok(store::list::<Field>(tx)?.into_iter().map(|s| s.value).collect())
}

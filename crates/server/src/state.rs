//! What every handler can reach, and the transaction helpers.
//!
//! Database work runs where the async runtime lets a thread block
//! (`block_in_place`), so a slow query or a disk flush never stalls the
//! other requests' tasks; the engine (see [`crate::storage`]) lets reads
//! go on beside a write.

use std::sync::Arc;

use anytime_core::{Directory, Field};

use crate::error::{AppError, AppResult};
use crate::storage::{Engine, Transaction};
use crate::store;

#[derive(Clone)]
pub struct AppState {
    engine: Arc<dyn Engine>,
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
    /// The key portals sign their users' tokens with (`--portal-jwt-key`).
    pub portal: Option<Arc<crate::portal::PortalKey>>,
}

impl AppState {
    /// The state over a storage engine (seeded on first start), e.g.
    /// `Sqlite::new(conn).with_readers(path, 4)?`.
    pub fn new(
        engine: impl Engine + 'static,
        token: &str,
        directory: Directory,
        vault: crate::vault::Vault,
    ) -> AppResult<Self> {
        let state = AppState {
            engine: Arc::new(engine),
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
            portal: None,
        };
        state.write(crate::seed::seed)?;
        Ok(state)
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
        blocking(|| once(f, |work| self.engine.read(work)))
    }

    /// One write transaction: all of `f` or nothing, its audit entries
    /// (recorded as the request's actor) included.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction) -> AppResult<T>) -> AppResult<T> {
        let actor = crate::audit::current();
        blocking(move || match actor {
            Some(actor) => crate::audit::ACTOR.sync_scope(actor, || self.write_now(f)),
            None => self.write_now(f),
        })
    }

    fn write_now<T>(&self, f: impl FnOnce(&Transaction) -> AppResult<T>) -> AppResult<T> {
        crate::audit::within(|| once(f, |work| self.engine.write(work)))
    }
}

/// Runs `f` as an engine's work (which engines run exactly once), keeping
/// what it answers.
pub(crate) fn once<T>(
    f: impl FnOnce(&Transaction) -> AppResult<T>,
    run: impl FnOnce(&mut crate::storage::Work<'_>) -> AppResult<()>,
) -> AppResult<T> {
    let mut f = Some(f);
    let mut answer = None;
    run(&mut |tx| {
        let f = f.take().ok_or_else(|| AppError::Internal("a transaction's work ran twice".into()))?;
        answer = Some(f(tx)?);
        Ok(())
    })?;
    answer.ok_or_else(|| AppError::Internal("the engine did not run the transaction".into()))
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

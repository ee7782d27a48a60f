//! PostgreSQL, for several server replicas on one database (issue 17).
//!
//! The driver is tokio-postgres with deadpool's pool, TLS by rustls when
//! the URL asks for it (`sslmode=require`). The pool and its connections
//! live on a small runtime of their own: the repository above is
//! synchronous (one `&Transaction` for a whole write), so each statement is
//! sent to that runtime and waited for, from whatever thread runs the
//! write — a test's single-threaded runtime included, which could not
//! drive the connection while it waits.
//!
//! What SQLite gets from its single writer, PostgreSQL gets from the
//! database itself: every write transaction first takes one transaction
//! advisory lock, so writes from every replica are serialized (contiguous
//! order, one default account, unique names, counters) and reads — in
//! `REPEATABLE READ` snapshots — never wait behind them.

use std::future::Future;
use std::str::FromStr;
use std::sync::{mpsc, Arc};

use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, RecyclingMethod};
use tokio::runtime::{Handle, Runtime};
use tokio_postgres::config::SslMode;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Config, NoTls};

use anytime_core::Attachment;

use super::{AuditQuery, AuditRow, Change, Counter, Engine, File, Row, StoredObject, TokenRow, Tx, Work};
use crate::error::{AppError, AppResult};

/// The key of the advisory lock every write takes ("anytime" in ASCII).
pub const WRITE_LOCK: i64 = 0x61_6e_79_74_69_6d_65;
/// The key of the lock migrations take (two replicas starting at once).
const MIGRATION_LOCK: i64 = WRITE_LOCK + 1;

/// Schema migrations, applied in order, each with the schema version it
/// brings — the same numbers as SQLite's (`db::schema_version`), so both
/// engines report one version for one model. The first is SQLite's five
/// at once (this engine began there).
const MIGRATIONS: &[(i32, &str)] = &[(
    5,
    r#"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE objects (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        position BIGINT NOT NULL,
        created BIGINT NOT NULL,
        revision BIGINT NOT NULL,
        edited BIGINT NOT NULL,
        body TEXT NOT NULL,
        key TEXT COLLATE "C",
        PRIMARY KEY (kind, id)
    );
    CREATE INDEX objects_by_position ON objects (kind, position, created);
    CREATE INDEX objects_by_key ON objects (kind, key);
    CREATE INDEX objects_by_edit ON objects (kind, edited);
    CREATE TABLE secrets (account_id TEXT PRIMARY KEY, password TEXT NOT NULL);
    CREATE TABLE attachments (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size BIGINT NOT NULL,
        data BYTEA NOT NULL
    );
    CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
    INSERT INTO counters VALUES ('revision', 0), ('created', 0);
    CREATE TABLE tokens (
        name TEXT COLLATE "C" PRIMARY KEY,
        role TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created BIGINT NOT NULL,
        revoked BIGINT
    );
    CREATE TABLE audit (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at BIGINT NOT NULL,
        actor_id TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        actor_via TEXT NOT NULL,
        kind TEXT NOT NULL,
        object_id TEXT NOT NULL,
        action TEXT NOT NULL,
        revision BIGINT,
        before TEXT,
        after TEXT
    );
    CREATE INDEX audit_by_object ON audit (kind, object_id, seq);
    CREATE INDEX audit_by_actor ON audit (actor_id, seq);
    CREATE INDEX audit_by_time ON audit (at);"#,
)];

/// Connections per server process at most.
const POOL_SIZE: usize = 16;

pub struct Postgres {
    pool: Pool,
    handle: Handle,
    /// One write of this process at a time waits for the database's write
    /// lock (the others wait here, without a connection): a burst of
    /// writes never takes every connection from the reads.
    writing: std::sync::Mutex<()>,
    /// Dropped in the background (it may be dropped inside another runtime).
    runtime: Option<Runtime>,
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

type Param = Box<dyn ToSql + Sync + Send>;

macro_rules! params {
    ($($value:expr),* $(,)?) => { vec![$(Box::new($value) as Param),*] };
}

/// Whether a text names a PostgreSQL database rather than a SQLite file.
pub fn is_url(db: &str) -> bool {
    let lower = db.get(..13).unwrap_or(db).to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// A URL as a log line may show it: built from what the driver reads
/// (user, hosts, ports, database), so no password — whatever characters
/// it holds, in the user part or the query — is ever in it.
pub fn shown(url: &str) -> String {
    let parsed = libpq_options(url).ok().and_then(|(url, _)| Config::from_str(&url).ok());
    let Some(config) = parsed else { return "postgres://(a URL that cannot be read)".into() };
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, host)| {
            let name = match host {
                tokio_postgres::config::Host::Tcp(name) => name.clone(),
                tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
            };
            match config.get_ports().get(i).or(config.get_ports().first()) {
                Some(port) => format!("{name}:{port}"),
                None => name,
            }
        })
        .collect();
    let user = config.get_user().map(|u| format!("{u}@")).unwrap_or_default();
    format!("postgres://{user}{}/{}", hosts.join(","), config.get_dbname().unwrap_or_default())
}

/// Runs `work` on the engine's runtime and waits for it here.
fn block<R: Send + 'static>(handle: &Handle, work: impl Future<Output = R> + Send + 'static) -> AppResult<R> {
    let (tx, rx) = mpsc::sync_channel(1);
    handle.spawn(async move {
        let _ = tx.send(work.await);
    });
    rx.recv().map_err(|_| AppError::Internal("the database task stopped".into()))
}

/// An error and every cause under it, for the log (a TLS refusal says
/// why only in its source).
fn chain(e: &dyn std::error::Error) -> String {
    let mut said = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !said.contains(&text) {
            said.push_str(": ");
            said.push_str(&text);
        }
        cause = c.source();
    }
    said
}

/// Whether an error came from the connection's socket.
fn is_io(e: &tokio_postgres::Error) -> bool {
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        if c.is::<std::io::Error>() {
            return true;
        }
        cause = c.source();
    }
    false
}

fn pg_error(e: tokio_postgres::Error) -> AppError {
    use tokio_postgres::error::SqlState;
    match e.code() {
        // A NUL or text PostgreSQL cannot hold: the request's, not ours.
        Some(c)
            if *c == SqlState::CHARACTER_NOT_IN_REPERTOIRE || *c == SqlState::UNTRANSLATABLE_CHARACTER =>
        {
            AppError::BadRequest("The request holds a character that cannot be stored (NUL).".into())
        }
        Some(c) if *c == SqlState::T_R_SERIALIZATION_FAILURE || *c == SqlState::T_R_DEADLOCK_DETECTED => {
            AppError::Conflict("Another change was saved at the same moment; try again.".into())
        }
        // The connection went away mid-request (a restart, a failover).
        _ if e.is_closed() || e.code().is_none() && e.as_db_error().is_none() && is_io(&e) => {
            AppError::Unavailable(format!("database: {}", chain(&e)))
        }
        // Too long for an index (an id of kilobytes): the request's.
        Some(c) if *c == SqlState::PROGRAM_LIMIT_EXCEEDED => {
            AppError::BadRequest("A value in the request is too long to be stored.".into())
        }
        // A statement or a wait for the write lock that took too long, a
        // standby that cannot write (a failover under way): try again.
        Some(c)
            if *c == SqlState::QUERY_CANCELED
                || *c == SqlState::LOCK_NOT_AVAILABLE
                || *c == SqlState::READ_ONLY_SQL_TRANSACTION =>
        {
            AppError::Unavailable(format!("database: {}", chain(&e)))
        }
        Some(c) if c.code().starts_with("08") || c.code().starts_with("57P") => {
            AppError::Unavailable(format!("database: {}", chain(&e)))
        }
        _ => AppError::Internal(format!("database: {}", chain(&e))),
    }
}

impl Postgres {
    /// Connects to `url`, applies the migrations and answers the engine.
    pub fn connect(url: &str) -> Result<Self, String> {
        let (url, root_cert) = libpq_options(url)?;
        let mut config = Config::from_str(&url).map_err(|e| format!("the database URL is not valid: {e}"))?;
        // A database that goes quiet (a dropped network, a stopped peer
        // holding the write lock) ends in an error, never a hang: the
        // socket is given up after 30 s without an answer, a statement
        // after 30 s, a wait for the write lock after 15 s, and a
        // transaction left open by a lost connection after 60 s.
        config.keepalives_idle(std::time::Duration::from_secs(15));
        config.tcp_user_timeout(std::time::Duration::from_secs(30));
        config.connect_timeout(std::time::Duration::from_secs(10));
        let limits =
            "-c statement_timeout=30000 -c lock_timeout=15000 -c idle_in_transaction_session_timeout=60000";
        let options = match config.get_options() {
            Some(given) => format!("{given} {limits}"),
            None => limits.to_owned(),
        };
        config.options(options);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("postgres")
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the database runtime: {e}"))?;
        let manager_config = ManagerConfig { recycling_method: RecyclingMethod::Fast };
        let manager = if config.get_ssl_mode() == SslMode::Require {
            Manager::from_config(config, tls(root_cert.as_deref())?, manager_config)
        } else {
            Manager::from_config(config, NoTls, manager_config)
        };
        let pool = {
            // The pool's timeouts run on the engine's runtime.
            let _entered = runtime.enter();
            Pool::builder(manager)
                .max_size(POOL_SIZE)
                .runtime(deadpool_postgres::Runtime::Tokio1)
                .wait_timeout(Some(std::time::Duration::from_secs(10)))
                .create_timeout(Some(std::time::Duration::from_secs(10)))
                .build()
                .map_err(|e| format!("cannot make the connection pool: {e}"))?
        };
        let engine = Postgres {
            pool,
            handle: runtime.handle().clone(),
            runtime: Some(runtime),
            writing: std::sync::Mutex::new(()),
        };
        engine.migrate().map_err(|e| format!("cannot prepare the database: {}", e.in_words()))?;
        let encoding = engine.server_encoding().map_err(|e| e.in_words())?;
        if encoding != "UTF8" {
            return Err(format!(
                "the database's encoding is {encoding}; make it with ENCODING 'UTF8' (settings hold any text)"
            ));
        }
        Ok(engine)
    }

    /// Whether this engine's connections are encrypted (TLS), as the
    /// database itself reports.
    pub fn encrypted(&self) -> AppResult<bool> {
        let client = Arc::new(self.client()?);
        block(&self.handle, async move {
            let row =
                client.query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[]).await?;
            row.try_get::<_, bool>(0)
        })?
        .map_err(pg_error)
    }

    fn server_encoding(&self) -> AppResult<String> {
        let client = Arc::new(self.client()?);
        block(&self.handle, async move { client.query_one("SHOW server_encoding", &[]).await?.try_get(0) })?
            .map_err(pg_error)
    }

    fn client(&self) -> AppResult<Object> {
        let pool = self.pool.clone();
        block(&self.handle, async move { pool.get().await })?
            .map_err(|e| AppError::Unavailable(format!("database connection: {}", chain(&e))))
    }

    fn migrate(&self) -> AppResult<()> {
        let client = Arc::new(self.client()?);
        let c = client.clone();
        block(&self.handle, async move {
            // Locked first: replicas starting at once migrate one by one.
            c.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK]).await?;
            let applied = async {
                c.batch_execute("CREATE TABLE IF NOT EXISTS anytime_schema (version INTEGER NOT NULL)")
                    .await?;
                let rows = c.query("SELECT version FROM anytime_schema", &[]).await?;
                let current = match rows.first() {
                    Some(r) => r.try_get::<_, i32>(0)?,
                    None => {
                        c.execute("INSERT INTO anytime_schema VALUES (0)", &[]).await?;
                        0
                    }
                };
                for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
                    c.batch_execute("BEGIN").await?;
                    let step = async {
                        c.batch_execute(sql).await?;
                        c.execute("UPDATE anytime_schema SET version = $1", &[version]).await?;
                        c.batch_execute("COMMIT").await
                    };
                    if let Err(e) = step.await {
                        let _ = c.batch_execute("ROLLBACK").await;
                        return Err(e);
                    }
                }
                Ok(())
            }
            .await;
            c.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK]).await?;
            applied
        })?
        .map_err(pg_error)
    }

    fn transact(&self, begin: &str, work: &mut Work<'_>) -> AppResult<()> {
        // A connection and its BEGIN in one trip to the engine's runtime.
        let (pool, begin) = (self.pool.clone(), begin.to_owned());
        let (client, begun) = block(&self.handle, async move {
            let client = pool.get().await?;
            let begun = client.batch_execute(&begin).await;
            Ok::<_, deadpool_postgres::PoolError>((client, begun))
        })?
        .map_err(|e| AppError::Unavailable(format!("database connection: {}", chain(&e))))?;
        let mut open =
            Open { tx: Some(PgTx { client: Arc::new(client), handle: self.handle.clone() }), ended: false };
        let tx = open.tx.as_ref().expect("a transaction");
        let done = begun.map_err(pg_error).and_then(|()| work(tx)).and_then(|()| tx.batch("COMMIT"));
        // Ended by COMMIT, or by ROLLBACK after an error; otherwise (a
        // failed ROLLBACK, a panic in `work`) the guard closes the connection.
        open.ended = done.is_ok() || tx.batch("ROLLBACK").is_ok();
        done
    }
}

/// What tokio-postgres does not read itself, from libpq's spelling of a
/// URL: `sslrootcert=FILE` (the CA a managed database's certificate is
/// signed by) is taken out, and `sslmode=verify-ca|verify-full` is
/// `require` — the certificate and its name are verified either way.
fn libpq_options(url: &str) -> Result<(String, Option<std::path::PathBuf>), String> {
    let Some((base, query)) = url.split_once('?') else { return Ok((url.to_owned(), None)) };
    let (mut kept, mut root_cert) = (Vec::new(), None);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match (key, value) {
            ("sslrootcert", file) => {
                let file = percent_encoding::percent_decode_str(file).decode_utf8_lossy().into_owned();
                root_cert = Some(file.into());
            }
            ("sslmode", "verify-ca" | "verify-full") => kept.push("sslmode=require".to_owned()),
            _ => kept.push(pair.to_owned()),
        }
    }
    let url = if kept.is_empty() { base.to_owned() } else { format!("{base}?{}", kept.join("&")) };
    Ok((url, root_cert))
}

/// rustls with the web's roots, and the URL's `sslrootcert` when it names
/// one (ring, as the rest of the server).
fn tls(root_cert: Option<&std::path::Path>) -> Result<tokio_postgres_rustls::MakeRustlsConnect, String> {
    use rustls_pki_types::pem::PemObject;
    use tokio_rustls::rustls;
    let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    if let Some(file) = root_cert {
        let pem =
            std::fs::read(file).map_err(|e| format!("cannot read sslrootcert {}: {e}", file.display()))?;
        let mut found = 0;
        for cert in rustls_pki_types::CertificateDer::pem_slice_iter(&pem) {
            let cert = cert.map_err(|e| format!("sslrootcert {}: {e}", file.display()))?;
            roots.add(cert).map_err(|e| format!("sslrootcert {}: {e}", file.display()))?;
            found += 1;
        }
        if found == 0 {
            return Err(format!("sslrootcert {} holds no PEM certificate", file.display()));
        }
    }
    let config =
        rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("TLS: {e}"))?
            .with_root_certificates(roots)
            .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

impl Engine for Postgres {
    fn read(&self, work: &mut Work<'_>) -> AppResult<()> {
        self.transact("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", work)
    }

    fn write(&self, work: &mut Work<'_>) -> AppResult<()> {
        let _one_at_a_time = self.writing.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        self.transact(&format!("BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})"), work)
    }
}

/// A transaction under way. Dropped without having ended (its ROLLBACK
/// failed, or the work panicked), it closes its connection instead of
/// giving it back to the pool: the next request would inherit an open
/// transaction, and for a write the lock every replica waits for.
struct Open {
    tx: Option<PgTx>,
    ended: bool,
}

impl Drop for Open {
    fn drop(&mut self) {
        if self.ended {
            return;
        }
        if let Some(tx) = self.tx.take() {
            if let Ok(object) = Arc::try_unwrap(tx.client) {
                drop(Object::take(object));
            }
        }
    }
}

/// One transaction: a connection of the pool, between BEGIN and COMMIT.
struct PgTx {
    client: Arc<Object>,
    handle: Handle,
}

impl PgTx {
    fn batch(&self, sql: &str) -> AppResult<()> {
        let (client, sql) = (self.client.clone(), sql.to_owned());
        block(&self.handle, async move { client.batch_execute(&sql).await })?.map_err(pg_error)
    }

    fn query(&self, sql: &'static str, params: Vec<Param>) -> AppResult<Vec<tokio_postgres::Row>> {
        let client = self.client.clone();
        block(&self.handle, async move {
            let statement = client.prepare_cached(sql).await?;
            let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref() as _).collect();
            client.query(&statement, &refs).await
        })?
        .map_err(pg_error)
    }

    fn query_opt(&self, sql: &'static str, params: Vec<Param>) -> AppResult<Option<tokio_postgres::Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    fn execute(&self, sql: &'static str, params: Vec<Param>) -> AppResult<u64> {
        let client = self.client.clone();
        block(&self.handle, async move {
            let statement = client.prepare_cached(sql).await?;
            let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p.as_ref() as _).collect();
            client.execute(&statement, &refs).await
        })?
        .map_err(pg_error)
    }
}

fn get<'a, T: tokio_postgres::types::FromSql<'a>>(r: &'a tokio_postgres::Row, i: usize) -> AppResult<T> {
    r.try_get(i).map_err(pg_error)
}

fn row(r: &tokio_postgres::Row) -> AppResult<Row> {
    Ok(Row {
        id: get(r, 0)?,
        position: get(r, 1)?,
        revision: get(r, 2)?,
        edited: get(r, 3)?,
        body: get(r, 4)?,
    })
}

fn rows(found: Vec<tokio_postgres::Row>) -> AppResult<Vec<Row>> {
    found.iter().map(row).collect()
}

fn audit_row(r: &tokio_postgres::Row) -> AppResult<AuditRow> {
    Ok(AuditRow {
        seq: get(r, 0)?,
        at: get(r, 1)?,
        actor_id: get(r, 2)?,
        actor_name: get(r, 3)?,
        kind: get(r, 4)?,
        object_id: get(r, 5)?,
        action: get(r, 6)?,
        revision: get(r, 7)?,
        before: get(r, 8)?,
        after: get(r, 9)?,
        actor_via: get(r, 10)?,
    })
}

fn token_row(r: &tokio_postgres::Row) -> AppResult<TokenRow> {
    Ok(TokenRow {
        name: get(r, 0)?,
        role: get(r, 1)?,
        hash: get(r, 2)?,
        created: get(r, 3)?,
        revoked: get(r, 4)?,
    })
}

fn text(s: &str) -> String {
    s.to_owned()
}

impl Tx for PgTx {
    fn rows(&self, kind: &str) -> AppResult<Vec<Row>> {
        rows(self.query(
            "SELECT id, position, revision, edited, body FROM objects WHERE kind = $1 ORDER BY position, created",
            params![text(kind)],
        )?)
    }

    fn row(&self, kind: &str, id: &str) -> AppResult<Option<Row>> {
        let found = self.query_opt(
            "SELECT id, position, revision, edited, body FROM objects WHERE kind = $1 AND id = $2",
            params![text(kind), text(id)],
        )?;
        found.as_ref().map(row).transpose()
    }

    fn row_by_key(&self, kind: &str, key: &str) -> AppResult<Option<Row>> {
        let found = self.query_opt(
            "SELECT id, position, revision, edited, body FROM objects WHERE kind = $1 AND key = $2",
            params![text(kind), text(key)],
        )?;
        found.as_ref().map(row).transpose()
    }

    fn rows_by_key(&self, kind: &str, limit: usize) -> AppResult<Vec<Row>> {
        rows(self.query(
            "SELECT id, position, revision, edited, body FROM objects WHERE kind = $1 ORDER BY key LIMIT $2",
            params![text(kind), limit as i64],
        )?)
    }

    fn positions(&self, kind: &str) -> AppResult<Vec<(String, i64)>> {
        self.query(
            "SELECT id, position FROM objects WHERE kind = $1 ORDER BY position, created",
            params![text(kind)],
        )?
        .iter()
        .map(|r| Ok((get(r, 0)?, get(r, 1)?)))
        .collect()
    }

    fn list_stamp(&self, kind: &str) -> AppResult<(i64, i64)> {
        let r = self
            .query_opt(
                "SELECT COUNT(*), COALESCE(MAX(edited), 0)::BIGINT FROM objects WHERE kind = $1",
                params![text(kind)],
            )?
            .ok_or_else(|| AppError::Internal("no list stamp".into()))?;
        Ok((get(&r, 0)?, get(&r, 1)?))
    }

    fn next_position(&self, kind: &str) -> AppResult<i64> {
        let r = self
            .query_opt(
                "SELECT COALESCE(MAX(position) + 1, 0)::BIGINT FROM objects WHERE kind = $1",
                params![text(kind)],
            )?
            .ok_or_else(|| AppError::Internal("no position".into()))?;
        get(&r, 0)
    }

    fn next(&self, counter: Counter) -> AppResult<i64> {
        let name = match counter {
            Counter::Revision => "revision",
            Counter::Created => "created",
        };
        let r = self
            .query_opt(
                "UPDATE counters SET value = value + 1 WHERE name = $1 RETURNING value",
                params![text(name)],
            )?
            .ok_or_else(|| AppError::Internal(format!("no counter {name}")))?;
        get(&r, 0)
    }

    fn insert_row(&self, kind: &str, row: &Row, created: i64, key: Option<&str>) -> AppResult<()> {
        self.execute(
            "INSERT INTO objects (kind, id, position, created, revision, edited, body, key)
             VALUES ($1, $2, $3, $4, $5, $5, $6, $7)",
            params![
                text(kind),
                row.id.clone(),
                row.position,
                created,
                row.revision,
                row.body.clone(),
                key.map(text)
            ],
        )?;
        Ok(())
    }

    fn update_row(&self, kind: &str, id: &str, c: Change<'_>) -> AppResult<bool> {
        let changed = self.execute(
            "UPDATE objects SET body = $3, position = COALESCE($4::BIGINT, position), revision = $5,
                 edited = CASE WHEN $6::BOOLEAN THEN $5 ELSE edited END, key = $7
             WHERE kind = $1 AND id = $2",
            params![text(kind), text(id), text(c.body), c.position, c.revision, c.edit, c.key.map(text)],
        )?;
        Ok(changed > 0)
    }

    fn move_row(&self, kind: &str, id: &str, position: i64, revision: i64, body: &str) -> AppResult<()> {
        self.execute(
            "UPDATE objects SET position = $3, revision = $4, edited = $4, body = $5 WHERE kind = $1 AND id = $2",
            params![text(kind), text(id), position, revision, text(body)],
        )?;
        Ok(())
    }

    fn delete_row(&self, kind: &str, id: &str) -> AppResult<()> {
        self.execute("DELETE FROM objects WHERE kind = $1 AND id = $2", params![text(kind), text(id)])?;
        Ok(())
    }

    fn secret(&self, account_id: &str) -> AppResult<Option<String>> {
        let found =
            self.query_opt("SELECT password FROM secrets WHERE account_id = $1", params![text(account_id)])?;
        found.as_ref().map(|r| get(r, 0)).transpose()
    }

    fn set_secret(&self, account_id: &str, sealed: &str) -> AppResult<()> {
        self.execute(
            "INSERT INTO secrets (account_id, password) VALUES ($1, $2)
             ON CONFLICT (account_id) DO UPDATE SET password = excluded.password",
            params![text(account_id), text(sealed)],
        )?;
        Ok(())
    }

    fn delete_secret(&self, account_id: &str) -> AppResult<()> {
        self.execute("DELETE FROM secrets WHERE account_id = $1", params![text(account_id)])?;
        Ok(())
    }

    fn secrets(&self) -> AppResult<Vec<(String, String)>> {
        self.query("SELECT account_id, password FROM secrets ORDER BY account_id COLLATE \"C\"", params![])?
            .iter()
            .map(|r| Ok((get(r, 0)?, get(r, 1)?)))
            .collect()
    }

    fn meta(&self, key: &str) -> AppResult<Option<String>> {
        let found = self.query_opt("SELECT value FROM meta WHERE key = $1", params![text(key)])?;
        found.as_ref().map(|r| get(r, 0)).transpose()
    }

    fn set_meta(&self, key: &str, value: &str) -> AppResult<()> {
        self.execute(
            "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![text(key), text(value)],
        )?;
        Ok(())
    }

    fn insert_file(&self, a: &Attachment, data: &[u8]) -> AppResult<()> {
        self.execute(
            "INSERT INTO attachments (id, name, content_type, size, data) VALUES ($1, $2, $3, $4, $5)",
            params![a.id.clone(), a.name.clone(), a.content_type.clone(), a.size as i64, data.to_vec()],
        )?;
        Ok(())
    }

    fn file(&self, id: &str) -> AppResult<Option<File>> {
        let found = self
            .query_opt("SELECT name, content_type, data FROM attachments WHERE id = $1", params![text(id)])?;
        found
            .as_ref()
            .map(|r| Ok(File { name: get(r, 0)?, content_type: get(r, 1)?, data: get(r, 2)? }))
            .transpose()
    }

    fn has_file(&self, id: &str) -> AppResult<bool> {
        Ok(self.query_opt("SELECT 1 FROM attachments WHERE id = $1", params![text(id)])?.is_some())
    }

    fn insert_audit(&self, e: &AuditRow) -> AppResult<i64> {
        let r = self
            .query_opt(
                "INSERT INTO audit (at, actor_id, actor_name, kind, object_id, action, revision, before, after, actor_via)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING seq",
                params![
                    e.at,
                    e.actor_id.clone(),
                    e.actor_name.clone(),
                    e.kind.clone(),
                    e.object_id.clone(),
                    e.action.clone(),
                    e.revision,
                    e.before.clone(),
                    e.after.clone(),
                    e.actor_via.clone()
                ],
            )?
            .ok_or_else(|| AppError::Internal("no audit seq".into()))?;
        get(&r, 0)
    }

    fn audit(&self, q: &AuditQuery) -> AppResult<Vec<AuditRow>> {
        let params: Vec<Param> = params![
            q.kind.clone(),
            q.object_id.clone(),
            q.actor_id.clone(),
            q.action.clone(),
            q.since,
            q.until,
            q.after,
            q.revision,
            q.versions_only,
            q.limit as i64,
            q.actor_portal
        ];
        // The byte budget is applied by the database (a running sum in
        // the newest-first order): the bodies past it never cross the wire.
        // As SQLite's engine: an entry is in when those before it are
        // within the budget (at least one entry).
        let mut params = params;
        params.push(Box::new(q.max_bytes as i64));
        let found = self.query(
            "SELECT seq, at, actor_id, actor_name, kind, object_id, action, revision, before, after, actor_via
             FROM (
               SELECT *, SUM(COALESCE(octet_length(before), 0) + COALESCE(octet_length(after), 0))
                           OVER (ORDER BY seq DESC ROWS UNBOUNDED PRECEDING)
                         - COALESCE(octet_length(before), 0) - COALESCE(octet_length(after), 0) AS read_before
               FROM (
                 SELECT seq, at, actor_id, actor_name, kind, object_id, action, revision, before, after, actor_via
                 FROM audit
                 WHERE ($1::TEXT IS NULL OR kind = $1) AND ($2::TEXT IS NULL OR object_id = $2)
                   AND ($3::TEXT IS NULL OR actor_id = $3) AND ($4::TEXT IS NULL OR action = $4)
                   AND ($5::BIGINT IS NULL OR at >= $5) AND ($6::BIGINT IS NULL OR at < $6)
                   AND ($7::BIGINT IS NULL OR seq < $7) AND ($8::BIGINT IS NULL OR revision = $8)
                   AND (NOT $9::BOOLEAN OR after IS NOT NULL)
                   AND ($11::BOOLEAN IS NULL OR (actor_via = 'portal') = $11)
                 ORDER BY seq DESC LIMIT $10
               ) AS page
             ) AS counted
             WHERE $12::BIGINT = 0 OR read_before <= $12
             ORDER BY seq DESC",
            params,
        )?;
        found.iter().map(audit_row).collect()
    }

    fn prune_audit(&self, before: i64) -> AppResult<usize> {
        // Each object's newest version stays, however old (see SQLite's).
        Ok(self.execute(
            "DELETE FROM audit WHERE at < $1 AND seq NOT IN
               (SELECT MAX(seq) FROM audit WHERE after IS NOT NULL AND object_id <> '' GROUP BY kind, object_id)",
            params![before],
        )? as usize)
    }

    fn token_by_hash(&self, hash: &str) -> AppResult<Option<TokenRow>> {
        let found = self.query_opt(
            "SELECT name, role, hash, created, revoked FROM tokens WHERE hash = $1",
            params![text(hash)],
        )?;
        found.as_ref().map(token_row).transpose()
    }

    fn tokens(&self) -> AppResult<Vec<TokenRow>> {
        self.query("SELECT name, role, hash, created, revoked FROM tokens ORDER BY name", params![])?
            .iter()
            .map(token_row)
            .collect()
    }

    fn insert_token(&self, t: &TokenRow) -> AppResult<()> {
        self.execute("DELETE FROM tokens WHERE name = $1 AND revoked IS NOT NULL", params![t.name.clone()])?;
        self.execute(
            "INSERT INTO tokens (name, role, hash, created, revoked) VALUES ($1, $2, $3, $4, $5)",
            params![t.name.clone(), t.role.clone(), t.hash.clone(), t.created, t.revoked],
        )?;
        Ok(())
    }

    fn revoke_token(&self, name: &str, at: i64) -> AppResult<bool> {
        Ok(self.execute(
            "UPDATE tokens SET revoked = $2 WHERE name = $1 AND revoked IS NULL",
            params![text(name), at],
        )? > 0)
    }

    fn dump_objects(&self) -> AppResult<Vec<StoredObject>> {
        self.query(
            "SELECT kind, id, position, revision, edited, body, created, key FROM objects
             ORDER BY kind COLLATE \"C\", position, created, id COLLATE \"C\"",
            params![],
        )?
        .iter()
        .map(|r| {
            Ok(StoredObject {
                kind: get(r, 0)?,
                row: Row {
                    id: get(r, 1)?,
                    position: get(r, 2)?,
                    revision: get(r, 3)?,
                    edited: get(r, 4)?,
                    body: get(r, 5)?,
                },
                created: get(r, 6)?,
                key: get(r, 7)?,
            })
        })
        .collect()
    }

    fn load_object(&self, o: &StoredObject) -> AppResult<()> {
        self.execute(
            "INSERT INTO objects (kind, id, position, created, revision, edited, body, key)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            params![
                o.kind.clone(),
                o.row.id.clone(),
                o.row.position,
                o.created,
                o.row.revision,
                o.row.edited,
                o.row.body.clone(),
                o.key.clone()
            ],
        )?;
        Ok(())
    }

    fn counter(&self, counter: Counter) -> AppResult<i64> {
        let r = self
            .query_opt("SELECT value FROM counters WHERE name = $1", params![text(counter.name())])?
            .ok_or_else(|| AppError::Internal(format!("no counter {}", counter.name())))?;
        get(&r, 0)
    }

    fn set_counter(&self, counter: Counter, value: i64) -> AppResult<()> {
        self.execute("UPDATE counters SET value = $2 WHERE name = $1", params![text(counter.name()), value])?;
        Ok(())
    }

    fn file_ids(&self) -> AppResult<Vec<String>> {
        self.query("SELECT id FROM attachments ORDER BY id COLLATE \"C\"", params![])?
            .iter()
            .map(|r| get(r, 0))
            .collect()
    }

    fn schema_version(&self) -> AppResult<i64> {
        let r = self
            .query_opt("SELECT version FROM anytime_schema", params![])?
            .ok_or_else(|| AppError::Internal("no schema version".into()))?;
        Ok(i64::from(get::<i32>(&r, 0)?))
    }
}

/// For tests: runs `sql` on the cluster `cluster` (the URL of any of its
/// databases), from a thread of its own (the caller may be inside a runtime).
#[doc(hidden)]
pub fn cluster_sql(cluster: &str, sql: &str) -> Result<(), String> {
    let (url, sql) = (cluster.to_owned(), sql.to_owned());
    std::thread::spawn(move || {
        let runtime =
            tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
        runtime.block_on(async {
            let (client, connection) =
                tokio_postgres::connect(&url, NoTls).await.map_err(|e| e.to_string())?;
            tokio::spawn(connection);
            client.batch_execute(&sql).await.map_err(|e| e.to_string())
        })
    })
    .join()
    .map_err(|_| "the statement panicked".to_owned())?
}

/// For tests: a new, empty database on the cluster `cluster` (the URL of
/// any of its databases, without a query), answered as its URL.
#[doc(hidden)]
pub fn fresh_database(cluster: &str) -> Result<String, String> {
    let name = format!("anytime_{}", uuid::Uuid::new_v4().simple());
    cluster_sql(cluster, &format!("CREATE DATABASE {name}"))?;
    let base = cluster.rsplit_once('/').map_or(cluster, |(base, _)| base);
    Ok(format!("{base}/{name}"))
}

/// For tests: a throwaway cluster started by `scripts/postgres.sh` in a
/// temporary folder, stopped when dropped.
#[doc(hidden)]
pub struct Cluster {
    dir: std::path::PathBuf,
    pub url: String,
    /// The CA its TLS certificate is signed by.
    pub ca: std::path::PathBuf,
}

impl Cluster {
    /// `ANYTIME_TEST_POSTGRES`'s cluster when the test command started one
    /// (not stopped here), else a new one in `dir`.
    pub fn start(dir: &std::path::Path) -> Result<Cluster, String> {
        if let Ok(url) = std::env::var("ANYTIME_TEST_POSTGRES") {
            let ca = std::env::var("ANYTIME_TEST_POSTGRES_CA").unwrap_or_default().into();
            return Ok(Cluster { dir: std::path::PathBuf::new(), url, ca });
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/postgres.sh");
        let out = std::process::Command::new("bash")
            .arg(script)
            .arg("start")
            .arg(dir)
            .arg(port.to_string())
            .output()
            .map_err(|e| format!("cannot run {script}: {e}"))?;
        if !out.status.success() {
            return Err(format!("the test cluster did not start: {}", String::from_utf8_lossy(&out.stderr)));
        }
        Ok(Cluster {
            dir: dir.to_owned(),
            url: String::from_utf8_lossy(&out.stdout).trim().to_owned(),
            ca: dir.join("ca.pem"),
        })
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        if !self.dir.as_os_str().is_empty() {
            let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/postgres.sh");
            let _ = std::process::Command::new("bash").arg(script).arg("stop").arg(&self.dir).status();
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_every_promise_of_an_engine() {
        let dir = tempfile::tempdir().unwrap();
        let cluster = super::Cluster::start(&dir.path().join("pg")).unwrap();
        let url = super::fresh_database(&cluster.url).unwrap();
        let engine = super::Postgres::connect(&url).unwrap();
        crate::storage::conformance::check(&engine);
        // Migrations are applied once: a second replica starting finds them.
        let again = super::Postgres::connect(&url).unwrap();
        let version =
            crate::state::once(|tx| tx.schema_version(), |w| crate::storage::Engine::read(&again, w));
        assert_eq!(version.unwrap(), crate::db::schema_version());

        // Replicas share one key: the first one's is recorded; another key,
        // or none, stops a replica before it seals anything.
        let first = dir.path().join("first.key");
        let vault = crate::vault::unlock(&engine, &first, true).unwrap();
        assert_eq!(
            crate::vault::unlock(&again, &first, true).unwrap().key_id,
            vault.key_id,
            "a copy of it opens"
        );
        let other = dir.path().join("other.key");
        std::fs::write(&other, format!("{}\n", "ab".repeat(32))).unwrap();
        std::fs::set_permissions(&other, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
        let refused = crate::vault::unlock(&again, &other, true).unwrap_err();
        assert!(
            refused.contains(&format!("sealed with key {}", vault.key_id))
                && refused.contains("it holds key"),
            "{refused}"
        );
        let missing = dir.path().join("missing.key");
        let refused = crate::vault::unlock(&again, &missing, true).unwrap_err();
        assert!(refused.contains("every replica needs that key"), "{refused}");
        assert!(!missing.exists(), "no new key is made for a database that has one");
    }

    #[test]
    fn tls_when_the_url_asks_for_it_verified_against_its_ca() {
        let dir = tempfile::tempdir().unwrap();
        let cluster = super::Cluster::start(&dir.path().join("pg")).unwrap();
        let url = super::fresh_database(&cluster.url).unwrap();
        let ca = cluster.ca.display().to_string();
        for mode in ["require", "verify-full"] {
            let engine = super::Postgres::connect(&format!("{url}?sslmode={mode}&sslrootcert={ca}")).unwrap();
            assert!(engine.encrypted().unwrap(), "sslmode={mode} is TLS");
        }
        // A certificate nobody said to trust is refused, and the message says so.
        match super::Postgres::connect(&format!("{url}?sslmode=require")) {
            Ok(_) => panic!("an unknown CA was trusted"),
            Err(e) => assert!(e.contains("certificate"), "{e}"),
        }
        match super::Postgres::connect(&format!("{url}?sslmode=require&sslrootcert=/nonexistent.pem")) {
            Ok(_) => panic!("a missing sslrootcert was ignored"),
            Err(e) => assert!(e.contains("cannot read sslrootcert /nonexistent.pem"), "{e}"),
        }
        assert!(!super::Postgres::connect(&url).unwrap().encrypted().unwrap(), "plain when not asked");
        assert_eq!(
            super::libpq_options(
                "postgres://h/d?sslmode=verify-ca&sslrootcert=%2Fetc%2Fca.pem&application_name=x"
            )
            .unwrap(),
            ("postgres://h/d?sslmode=require&application_name=x".to_owned(), Some("/etc/ca.pem".into()))
        );
    }

    #[test]
    fn a_database_that_goes_away_is_a_503_not_a_500() {
        let dir = tempfile::tempdir().unwrap();
        let cluster = super::Cluster::start(&dir.path().join("pg")).unwrap();
        let url = super::fresh_database(&cluster.url).unwrap();
        let engine = super::Postgres::connect(&url).unwrap();
        let name = url.rsplit_once('/').unwrap().1;
        super::cluster_sql(&cluster.url, &format!("DROP DATABASE {name} WITH (FORCE)")).unwrap();
        let answer =
            crate::state::once(|tx| tx.schema_version(), |w| crate::storage::Engine::read(&engine, w));
        match answer {
            Err(crate::AppError::Unavailable(cause)) => assert!(cause.contains("database"), "{cause}"),
            other => panic!("expected Unavailable, got {other:?}"),
        }
        let response = axum::response::IntoResponse::into_response(crate::AppError::Unavailable("x".into()));
        assert_eq!(response.status(), 503);
        assert_eq!(response.headers()["retry-after"], "5");
    }
}

//! The embedded SQLite database: opened with durable settings, schema
//! migrations applied in order at start (tracked by `PRAGMA user_version`).

use std::path::Path;

use rusqlite::Connection;

/// Schema migrations, applied in order; the index + 1 is the version.
const MIGRATIONS: &[&str] = &[
    // 1: a key/value table for server facts.
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    // 2: the settings. Every object is one canonical JSON document with the
    // revision its ETag is made from; lists keep an order; passwords live
    // apart so no query for an object can return one.
    "CREATE TABLE objects (
        kind TEXT NOT NULL,
        id TEXT NOT NULL,
        position INTEGER NOT NULL,
        created INTEGER NOT NULL,
        revision INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (kind, id)
     );
     CREATE INDEX objects_by_position ON objects (kind, position);
     CREATE TABLE secrets (
        account_id TEXT PRIMARY KEY,
        password TEXT NOT NULL
     );
     CREATE TABLE attachments (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        content_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        data BLOB NOT NULL
     );
     CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
     INSERT INTO counters VALUES ('revision', 0), ('created', 0);",
    // 3: the revision of an object's last edit, apart from the server's own
    // notes on it (an account's last test result): a client holding any
    // ETag since that edit holds the current settings, so If-Match passes.
    "ALTER TABLE objects ADD COLUMN edited INTEGER NOT NULL DEFAULT 0;
     UPDATE objects SET edited = revision;",
    // 4: what a kind is looked up by besides its id (a blocked sender's
    // address), indexed, instead of scanning every body.
    "ALTER TABLE objects ADD COLUMN key TEXT;
     UPDATE objects SET key = json_extract(body, '$.email') WHERE kind = 'blockedSender';
     CREATE INDEX objects_by_key ON objects (kind, key);
     CREATE INDEX objects_by_edit ON objects (kind, edited);",
    // 5: named tokens (only their hashes) and the audit trail: who wrote
    // what, when, with the object before and after (contract §12). What a
    // database already holds is its first version ("baseline"), so every
    // object has a version to show and restore.
    "CREATE TABLE tokens (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created INTEGER NOT NULL,
        revoked INTEGER
     );
     CREATE TABLE audit (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        actor_id TEXT NOT NULL,
        actor_name TEXT NOT NULL,
        -- How they signed in (setup, token, portal, system): a portal
        -- user's sub and a token's name may be the same text.
        actor_via TEXT NOT NULL,
        kind TEXT NOT NULL,
        object_id TEXT NOT NULL,
        action TEXT NOT NULL,
        revision INTEGER,
        before TEXT,
        after TEXT
     );
     CREATE INDEX audit_by_object ON audit (kind, object_id, seq);
     CREATE INDEX audit_by_actor ON audit (actor_id, seq);
     CREATE INDEX audit_by_time ON audit (at);
     INSERT INTO audit (at, actor_id, actor_name, actor_via, kind, object_id, action, revision, before, after)
       SELECT CAST(strftime('%s', 'now') AS INTEGER), 'server', 'server', 'system', kind, id, 'baseline', revision, NULL, body
       FROM objects ORDER BY kind, position, created;",
];

pub fn open(path: &Path) -> rusqlite::Result<Connection> {
    let mut conn = Connection::open(path)?;
    open_settings(&mut conn)?;
    Ok(conn)
}

/// Opens the database the server runs on: created owner-only when new
/// (SQLite's journal files take its mode), migrated, and its stored
/// secrets unlocked with the key file (created on first start).
pub fn open_sealed(path: &Path, key_file: &Path) -> Result<(Connection, crate::vault::Vault), String> {
    crate::vault::create_private_file(path)?;
    let conn = open(path).map_err(|e| format!("cannot open the database {}: {e}", path.display()))?;
    let engine = crate::storage::sqlite::Sqlite::new(conn);
    let vault = crate::vault::unlock(&engine, key_file, false)?;
    Ok((engine.into_connection(), vault))
}

fn open_settings(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    migrate(conn)?;
    Ok(())
}

fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, sql) in (0_i64..).zip(MIGRATIONS).skip(current.max(0) as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i + 1)?;
        tx.commit()?;
    }
    Ok(())
}

pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// The engine `location` names, with the key that opens its stored
/// passwords: SQLite with `readers` more connections for reading, or a
/// PostgreSQL pool (migrated at start).
pub fn open_engine(
    location: &crate::storage::Location,
    key_file: &Path,
    readers: usize,
) -> Result<(Box<dyn crate::storage::Engine>, crate::vault::Vault), String> {
    use crate::storage::{postgres::Postgres, sqlite::Sqlite, Location};
    match location {
        Location::Sqlite(path) => {
            let (conn, vault) = open_sealed(path, key_file)?;
            let engine = Sqlite::new(conn)
                .with_readers(path, readers)
                .map_err(|e| format!("cannot open the database for reading: {e}"))?;
            Ok((Box::new(engine), vault))
        }
        Location::Postgres(url) => {
            let engine = Postgres::connect(url)
                .map_err(|e| format!("cannot open the database {}: {e}", location.shown()))?;
            let vault = crate::vault::unlock(&engine, key_file, true)?;
            Ok((Box::new(engine), vault))
        }
    }
}

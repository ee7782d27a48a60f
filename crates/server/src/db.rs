//! The embedded SQLite database: opened with durable settings, schema
//! migrations applied in order at start (tracked by `PRAGMA user_version`).

use std::path::Path;

use rusqlite::Connection;

/// Schema migrations, applied in order; the index + 1 is the version.
const MIGRATIONS: &[&str] = &[
    // 1: settings store. Each object is one JSON document with its ETag
    // revision; lists carry an order index.
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
];

pub fn open(path: &Path) -> rusqlite::Result<Connection> {
    let mut conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    migrate(&mut conn)?;
    Ok(conn)
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

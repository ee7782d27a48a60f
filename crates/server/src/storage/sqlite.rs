//! The embedded engine: one SQLite file (schema in [`crate::db`]).
//!
//! One connection writes (SQLite takes one writer at a time anyway) and a
//! few others read: in WAL mode a reader sees the last committed state
//! without waiting for a write under way, so a 10 MiB attachment being
//! stored does not hold up a page of settings.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use anytime_core::Attachment;

use super::{AuditQuery, AuditRow, Change, Counter, Engine, File, Row, StoredObject, TokenRow, Tx, Work};
use crate::error::{AppError, AppResult};

pub struct Sqlite {
    writer: Mutex<Connection>,
    /// Connections for reading; none: reads use the writer's.
    readers: Box<[Mutex<Connection>]>,
}

impl Sqlite {
    /// The engine over an open (migrated) connection, reading through it too.
    pub fn new(writer: Connection) -> Self {
        Sqlite { writer: Mutex::new(writer), readers: Box::new([]) }
    }

    /// The writer's connection back (the engine is done with).
    pub fn into_connection(self) -> Connection {
        self.writer.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Opens `count` more connections to the database at `path` for reading.
    pub fn with_readers(mut self, path: &Path, count: usize) -> rusqlite::Result<Self> {
        self.readers =
            (0..count).map(|_| crate::db::open(path).map(Mutex::new)).collect::<rusqlite::Result<_>>()?;
        Ok(self)
    }

    /// A reader that is free, else the first (it will be soon).
    fn reader(&self) -> &Mutex<Connection> {
        self.readers
            .iter()
            .find(|r| r.try_lock().is_ok())
            .or_else(|| self.readers.first())
            .unwrap_or(&self.writer)
    }

    fn transact(
        conn: &Mutex<Connection>,
        behavior: TransactionBehavior,
        work: &mut Work<'_>,
    ) -> AppResult<()> {
        let mut conn = conn.lock().map_err(|_| AppError::Internal("database lock poisoned".into()))?;
        let tx = conn.transaction_with_behavior(behavior)?;
        work(&tx)?;
        tx.commit()?;
        Ok(())
    }
}

impl Engine for Sqlite {
    fn read(&self, work: &mut Work<'_>) -> AppResult<()> {
        Self::transact(self.reader(), TransactionBehavior::Deferred, work)
    }

    fn write(&self, work: &mut Work<'_>) -> AppResult<()> {
        Self::transact(&self.writer, TransactionBehavior::Immediate, work)
    }
}

const ROW: &str = "SELECT id, position, revision, edited, body FROM objects";

const AUDIT: &str =
    "SELECT seq, at, actor_id, actor_name, kind, object_id, action, revision, before, after, actor_via FROM audit";

fn audit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditRow> {
    Ok(AuditRow {
        seq: r.get(0)?,
        at: r.get(1)?,
        actor_id: r.get(2)?,
        actor_name: r.get(3)?,
        kind: r.get(4)?,
        object_id: r.get(5)?,
        action: r.get(6)?,
        revision: r.get(7)?,
        before: r.get(8)?,
        after: r.get(9)?,
        actor_via: r.get(10)?,
    })
}

fn token_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TokenRow> {
    Ok(TokenRow { name: r.get(0)?, role: r.get(1)?, hash: r.get(2)?, created: r.get(3)?, revoked: r.get(4)? })
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row { id: r.get(0)?, position: r.get(1)?, revision: r.get(2)?, edited: r.get(3)?, body: r.get(4)? })
}

impl Tx for rusqlite::Transaction<'_> {
    fn rows(&self, kind: &str) -> AppResult<Vec<Row>> {
        let mut stmt = self.prepare_cached(&format!("{ROW} WHERE kind = ?1 ORDER BY position, created"))?;
        let rows = stmt.query_map([kind], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn row(&self, kind: &str, id: &str) -> AppResult<Option<Row>> {
        let mut stmt = self.prepare_cached(&format!("{ROW} WHERE kind = ?1 AND id = ?2"))?;
        Ok(stmt.query_row(params![kind, id], row).optional()?)
    }

    fn row_by_key(&self, kind: &str, key: &str) -> AppResult<Option<Row>> {
        let mut stmt = self.prepare_cached(&format!("{ROW} WHERE kind = ?1 AND key = ?2"))?;
        Ok(stmt.query_row(params![kind, key], row).optional()?)
    }

    fn rows_by_key(&self, kind: &str, limit: usize) -> AppResult<Vec<Row>> {
        let mut stmt = self.prepare_cached(&format!("{ROW} WHERE kind = ?1 ORDER BY key LIMIT ?2"))?;
        let rows = stmt.query_map(params![kind, limit as i64], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn positions(&self, kind: &str) -> AppResult<Vec<(String, i64)>> {
        let mut stmt = self
            .prepare_cached("SELECT id, position FROM objects WHERE kind = ?1 ORDER BY position, created")?;
        let rows = stmt.query_map([kind], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn list_stamp(&self, kind: &str) -> AppResult<(i64, i64)> {
        Ok(self.query_row(
            "SELECT COUNT(*), COALESCE(MAX(edited), 0) FROM objects WHERE kind = ?1",
            [kind],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }

    fn next_position(&self, kind: &str) -> AppResult<i64> {
        Ok(self.query_row(
            "SELECT COALESCE(MAX(position) + 1, 0) FROM objects WHERE kind = ?1",
            [kind],
            |r| r.get(0),
        )?)
    }

    fn next(&self, counter: Counter) -> AppResult<i64> {
        Ok(self.query_row(
            "UPDATE counters SET value = value + 1 WHERE name = ?1 RETURNING value",
            [counter.name()],
            |r| r.get(0),
        )?)
    }

    fn insert_row(&self, kind: &str, row: &Row, created: i64, key: Option<&str>) -> AppResult<()> {
        self.execute(
            "INSERT INTO objects (kind, id, position, created, revision, edited, body, key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7)",
            params![kind, row.id, row.position, created, row.revision, row.body, key],
        )?;
        Ok(())
    }

    fn update_row(&self, kind: &str, id: &str, c: Change<'_>) -> AppResult<bool> {
        let changed = self.execute(
            "UPDATE objects SET body = ?3, position = COALESCE(?4, position), revision = ?5,
                 edited = CASE WHEN ?6 THEN ?5 ELSE edited END, key = ?7
             WHERE kind = ?1 AND id = ?2",
            params![kind, id, c.body, c.position, c.revision, c.edit, c.key],
        )?;
        Ok(changed > 0)
    }

    fn move_row(&self, kind: &str, id: &str, position: i64, revision: i64, body: &str) -> AppResult<()> {
        self.execute(
            "UPDATE objects SET position = ?3, revision = ?4, edited = ?4, body = ?5 WHERE kind = ?1 AND id = ?2",
            params![kind, id, position, revision, body],
        )?;
        Ok(())
    }

    fn delete_row(&self, kind: &str, id: &str) -> AppResult<()> {
        self.execute("DELETE FROM objects WHERE kind = ?1 AND id = ?2", params![kind, id])?;
        Ok(())
    }

    fn secret(&self, account_id: &str) -> AppResult<Option<String>> {
        Ok(self
            .query_row("SELECT password FROM secrets WHERE account_id = ?1", [account_id], |r| r.get(0))
            .optional()?)
    }

    fn set_secret(&self, account_id: &str, sealed: &str) -> AppResult<()> {
        self.execute(
            "INSERT INTO secrets (account_id, password) VALUES (?1, ?2)
             ON CONFLICT (account_id) DO UPDATE SET password = excluded.password",
            params![account_id, sealed],
        )?;
        Ok(())
    }

    fn delete_secret(&self, account_id: &str) -> AppResult<()> {
        self.execute("DELETE FROM secrets WHERE account_id = ?1", [account_id])?;
        Ok(())
    }

    fn secrets(&self) -> AppResult<Vec<(String, String)>> {
        let mut stmt = self.prepare_cached("SELECT account_id, password FROM secrets ORDER BY account_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn meta(&self, key: &str) -> AppResult<Option<String>> {
        Ok(self.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    fn set_meta(&self, key: &str, value: &str) -> AppResult<()> {
        self.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    fn insert_file(&self, a: &Attachment, data: &[u8]) -> AppResult<()> {
        self.execute(
            "INSERT INTO attachments (id, name, content_type, size, data) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![a.id, a.name, a.content_type, a.size as i64, data],
        )?;
        Ok(())
    }

    fn file(&self, id: &str) -> AppResult<Option<File>> {
        Ok(self
            .query_row("SELECT name, content_type, data FROM attachments WHERE id = ?1", [id], |r| {
                Ok(File { name: r.get(0)?, content_type: r.get(1)?, data: r.get(2)? })
            })
            .optional()?)
    }

    fn has_file(&self, id: &str) -> AppResult<bool> {
        Ok(self
            .query_row("SELECT 1 FROM attachments WHERE id = ?1", [id], |r| r.get::<_, i64>(0))
            .optional()?
            .is_some())
    }

    fn insert_audit(&self, e: &AuditRow) -> AppResult<i64> {
        let mut stmt = self.prepare_cached(
            "INSERT INTO audit (at, actor_id, actor_name, kind, object_id, action, revision, before, after, actor_via)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        stmt.execute(params![
            e.at,
            e.actor_id,
            e.actor_name,
            e.kind,
            e.object_id,
            e.action,
            e.revision,
            e.before,
            e.after,
            e.actor_via
        ])?;
        Ok(self.last_insert_rowid())
    }

    fn audit(&self, q: &AuditQuery) -> AppResult<Vec<AuditRow>> {
        // Every filter is a parameter; an absent one matches everything.
        let mut stmt = self.prepare_cached(&format!(
            "{AUDIT} WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR object_id = ?2)
               AND (?3 IS NULL OR actor_id = ?3) AND (?4 IS NULL OR action = ?4)
               AND (?5 IS NULL OR at >= ?5) AND (?6 IS NULL OR at < ?6)
               AND (?7 IS NULL OR seq < ?7) AND (?8 IS NULL OR revision = ?8)
               AND (NOT ?9 OR after IS NOT NULL)
               AND (?11 IS NULL OR (actor_via = 'portal') = ?11)
             ORDER BY seq DESC LIMIT ?10"
        ))?;
        let rows = stmt.query_map(
            params![
                q.kind,
                q.object_id,
                q.actor_id,
                q.action,
                q.since,
                q.until,
                q.after,
                q.revision,
                q.versions_only,
                q.limit as i64,
                q.actor_portal
            ],
            audit_row,
        )?;
        let mut found = Vec::new();
        let mut bytes = 0;
        for row in rows {
            let row = row?;
            bytes += row.before.as_ref().map_or(0, String::len) + row.after.as_ref().map_or(0, String::len);
            found.push(row);
            if q.max_bytes > 0 && bytes > q.max_bytes {
                break;
            }
        }
        Ok(found)
    }

    fn prune_audit(&self, before: i64) -> AppResult<usize> {
        // Each object's newest version stays, however old: it is what a
        // deleted object is restored from, and an unchanged one's history.
        Ok(self.execute(
            "DELETE FROM audit WHERE at < ?1 AND seq NOT IN
               (SELECT MAX(seq) FROM audit WHERE after IS NOT NULL AND object_id <> '' GROUP BY kind, object_id)",
            [before],
        )?)
    }

    fn token_by_hash(&self, hash: &str) -> AppResult<Option<TokenRow>> {
        let mut stmt =
            self.prepare_cached("SELECT name, role, hash, created, revoked FROM tokens WHERE hash = ?1")?;
        Ok(stmt.query_row([hash], token_row).optional()?)
    }

    fn tokens(&self) -> AppResult<Vec<TokenRow>> {
        let mut stmt =
            self.prepare_cached("SELECT name, role, hash, created, revoked FROM tokens ORDER BY name")?;
        let rows = stmt.query_map([], token_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn insert_token(&self, t: &TokenRow) -> AppResult<()> {
        self.execute("DELETE FROM tokens WHERE name = ?1 AND revoked IS NOT NULL", [&t.name])?;
        self.execute(
            "INSERT INTO tokens (name, role, hash, created, revoked) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![t.name, t.role, t.hash, t.created, t.revoked],
        )?;
        Ok(())
    }

    fn revoke_token(&self, name: &str, at: i64) -> AppResult<bool> {
        Ok(self.execute(
            "UPDATE tokens SET revoked = ?2 WHERE name = ?1 AND revoked IS NULL",
            params![name, at],
        )? > 0)
    }

    fn dump_objects(&self) -> AppResult<Vec<StoredObject>> {
        let mut stmt = self.prepare(
            "SELECT kind, id, position, revision, edited, body, created, key FROM objects
             ORDER BY kind, position, created, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(StoredObject {
                kind: r.get(0)?,
                row: Row {
                    id: r.get(1)?,
                    position: r.get(2)?,
                    revision: r.get(3)?,
                    edited: r.get(4)?,
                    body: r.get(5)?,
                },
                created: r.get(6)?,
                key: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn load_object(&self, o: &StoredObject) -> AppResult<()> {
        self.execute(
            "INSERT INTO objects (kind, id, position, created, revision, edited, body, key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                o.kind,
                o.row.id,
                o.row.position,
                o.created,
                o.row.revision,
                o.row.edited,
                o.row.body,
                o.key
            ],
        )?;
        Ok(())
    }

    fn counter(&self, counter: Counter) -> AppResult<i64> {
        Ok(self.query_row("SELECT value FROM counters WHERE name = ?1", [counter.name()], |r| r.get(0))?)
    }

    fn set_counter(&self, counter: Counter, value: i64) -> AppResult<()> {
        self.execute("UPDATE counters SET value = ?2 WHERE name = ?1", params![counter.name(), value])?;
        Ok(())
    }

    fn file_ids(&self) -> AppResult<Vec<String>> {
        let mut stmt = self.prepare("SELECT id FROM attachments ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn schema_version(&self) -> AppResult<i64> {
        Ok(self.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_every_promise_of_an_engine() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("engine.db");
        let engine = super::Sqlite::new(crate::db::open(&path).unwrap()).with_readers(&path, 2).unwrap();
        crate::storage::conformance::check(&engine);
    }
}

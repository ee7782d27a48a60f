//! Where settings are kept, behind two traits: an [`Engine`] opens
//! transactions, a [`Tx`] is one of them. Everything above — the typed
//! repository ([`crate::store`]), the write pipeline, the routes — is
//! written once over `&Transaction` and never sees SQL, so a second engine
//! (PostgreSQL, for several replicas) is one more implementation of these
//! two traits. SQLite ([`sqlite::Sqlite`]) is the first.
//!
//! The model every engine keeps: objects of a kind, each one canonical
//! JSON body with an id, a position in its list, the revision of its last
//! write (its ETag) and of its last edit, and an optional lookup key;
//! sealed passwords apart from the objects; uploaded files; two counters
//! (revisions and creation order) that only grow.

pub mod conformance;
pub mod postgres;
pub mod sqlite;

use anytime_core::Attachment;

use crate::error::AppResult;

/// One stored object, as the engine keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub position: i64,
    pub revision: i64,
    pub edited: i64,
    pub body: String,
}

/// The counters an engine keeps, each only ever growing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    /// Every write takes the next: ETags, and `edited`.
    Revision,
    /// Every insert takes the next: the order among equal positions.
    Created,
}

impl Counter {
    pub const ALL: [Counter; 2] = [Counter::Revision, Counter::Created];

    /// Its name where an engine keeps it.
    pub fn name(self) -> &'static str {
        match self {
            Counter::Revision => "revision",
            Counter::Created => "created",
        }
    }
}

/// What changes in an object's row on [`Tx::update_row`].
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    pub body: &'a str,
    /// `None` keeps the position.
    pub position: Option<i64>,
    pub revision: i64,
    /// An edit of the settings (else the server's own note on them: the
    /// revision moves, `edited` stays).
    pub edit: bool,
    pub key: Option<&'a str>,
}

/// One stored object with every column an engine keeps (`copy-db`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    pub kind: String,
    pub row: Row,
    pub created: i64,
    pub key: Option<String>,
}

/// An uploaded file.
#[derive(Debug, Clone)]
pub struct File {
    pub name: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

/// One entry of the audit trail (contract §12): who, when, what, and the
/// object before and after (canonical JSON, secrets removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    /// Its place in the trail (0 until stored); newer entries have higher.
    pub seq: i64,
    /// Seconds since the Unix epoch.
    pub at: i64,
    pub actor_id: String,
    pub actor_name: String,
    /// How they signed in: `setup`, `token`, `portal` or `system`.
    pub actor_via: String,
    pub kind: String,
    /// The object's id; empty for what is about a whole list (its order,
    /// an import).
    pub object_id: String,
    pub action: String,
    /// The revision the write gave the object (its ETag without quotes).
    pub revision: Option<i64>,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Which audit entries to read, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub kind: Option<String>,
    pub object_id: Option<String>,
    pub actor_id: Option<String>,
    /// Only a portal's users (true) or only tokens and the system (false):
    /// a portal user's `sub` may be the same text as a token's name.
    pub actor_portal: Option<bool>,
    pub action: Option<String>,
    /// Only entries at or after / before these seconds.
    pub since: Option<i64>,
    pub until: Option<i64>,
    /// Only entries older than this `seq` (the cursor).
    pub after: Option<i64>,
    /// Only entries that gave the object this revision.
    pub revision: Option<i64>,
    /// Only entries that left a version of the object (not deletes).
    pub versions_only: bool,
    pub limit: usize,
    /// Stop once the bodies read pass this many bytes (at least one entry
    /// is read); 0: no cap. Each write may hold 1 MiB twice over.
    pub max_bytes: usize,
}

/// A named API token as stored: its hash, never the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRow {
    pub name: String,
    pub role: String,
    /// SHA-256 of the token, hex.
    pub hash: String,
    pub created: i64,
    pub revoked: Option<i64>,
}

/// One transaction of an engine: a consistent view, and for a write, all
/// of it or none.
pub trait Tx {
    /// A kind's objects in list order (position, then creation).
    fn rows(&self, kind: &str) -> AppResult<Vec<Row>>;
    fn row(&self, kind: &str, id: &str) -> AppResult<Option<Row>>;
    /// The object whose lookup key is `key` (by an index).
    fn row_by_key(&self, kind: &str, key: &str) -> AppResult<Option<Row>>;
    /// The first `limit` objects of a kind in the order of their lookup
    /// keys (byte order), by the index: a first page without reading all.
    fn rows_by_key(&self, kind: &str, limit: usize) -> AppResult<Vec<Row>>;
    /// A kind's ids with their positions, in list order.
    fn positions(&self, kind: &str) -> AppResult<Vec<(String, i64)>>;
    /// How many objects a kind has, and the highest `edited` among them
    /// (0 when none): what a list's ETag is made of.
    fn list_stamp(&self, kind: &str) -> AppResult<(i64, i64)>;
    /// One past the highest position of a kind (0 when empty).
    fn next_position(&self, kind: &str) -> AppResult<i64>;
    fn next(&self, counter: Counter) -> AppResult<i64>;
    /// Stores a new object; `edited` is its revision.
    fn insert_row(&self, kind: &str, row: &Row, created: i64, key: Option<&str>) -> AppResult<()>;
    /// Changes a stored object; false when there is none with that id.
    fn update_row(&self, kind: &str, id: &str, change: Change<'_>) -> AppResult<bool>;
    /// Moves an object, as an edit at `revision` (its body says its
    /// position too, for ordered kinds).
    fn move_row(&self, kind: &str, id: &str, position: i64, revision: i64, body: &str) -> AppResult<()>;
    fn delete_row(&self, kind: &str, id: &str) -> AppResult<()>;

    /// An account's sealed password.
    fn secret(&self, account_id: &str) -> AppResult<Option<String>>;
    fn set_secret(&self, account_id: &str, sealed: &str) -> AppResult<()>;
    fn delete_secret(&self, account_id: &str) -> AppResult<()>;
    /// Every sealed password: (account id, stored text), by account id.
    fn secrets(&self) -> AppResult<Vec<(String, String)>>;

    /// A fact about the database itself (which key sealed its secrets).
    fn meta(&self, key: &str) -> AppResult<Option<String>>;
    fn set_meta(&self, key: &str, value: &str) -> AppResult<()>;

    fn insert_file(&self, attachment: &Attachment, data: &[u8]) -> AppResult<()>;
    fn file(&self, id: &str) -> AppResult<Option<File>>;
    fn has_file(&self, id: &str) -> AppResult<bool>;

    /// Appends to the audit trail; answers the entry's `seq`.
    fn insert_audit(&self, entry: &AuditRow) -> AppResult<i64>;
    /// Audit entries matching `query`, newest first, at most `query.limit`.
    fn audit(&self, query: &AuditQuery) -> AppResult<Vec<AuditRow>>;
    /// Deletes entries older than `before` seconds; answers how many.
    fn prune_audit(&self, before: i64) -> AppResult<usize>;

    fn token_by_hash(&self, hash: &str) -> AppResult<Option<TokenRow>>;
    fn tokens(&self) -> AppResult<Vec<TokenRow>>;
    /// Stores a token, replacing a revoked one of the same name.
    fn insert_token(&self, token: &TokenRow) -> AppResult<()>;
    /// Marks a token revoked at `at`; false when none by that name is active.
    fn revoke_token(&self, name: &str, at: i64) -> AppResult<bool>;

    /// Every object of every kind, by kind, then list order (`copy-db`).
    fn dump_objects(&self) -> AppResult<Vec<StoredObject>>;
    /// Stores an object exactly as dumped (its revision, edit and creation
    /// stamps kept, so ETags stay valid across a copy).
    fn load_object(&self, object: &StoredObject) -> AppResult<()>;
    /// A counter's current value, and setting it (a copy's target).
    fn counter(&self, counter: Counter) -> AppResult<i64>;
    fn set_counter(&self, counter: Counter, value: i64) -> AppResult<()>;
    /// The ids of every uploaded file, in id order.
    fn file_ids(&self) -> AppResult<Vec<String>>;

    /// The version of the engine's schema (its migrations applied).
    fn schema_version(&self) -> AppResult<i64>;
}

/// What the repository and routes take: one transaction of whichever engine.
pub type Transaction<'a> = dyn Tx + 'a;

/// The work of one transaction, run exactly once: an engine that meets a
/// conflict it would retry (a serialization failure in PostgreSQL)
/// answers it as an error instead, since the work may have consumed what
/// it was given.
pub type Work<'w> = dyn FnMut(&Transaction<'_>) -> AppResult<()> + 'w;

/// Where `--db` says the settings are: a PostgreSQL URL, else a SQLite
/// file (a path, or `sqlite:` and a path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Sqlite(std::path::PathBuf),
    Postgres(String),
}

impl Location {
    pub fn of(db: &std::path::Path) -> Location {
        let text = db.to_string_lossy();
        if postgres::is_url(&text) {
            Location::Postgres(text.into_owned())
        } else if let Some(path) = text.strip_prefix("sqlite:") {
            Location::Sqlite(path.trim_start_matches("//").into())
        } else {
            Location::Sqlite(db.to_owned())
        }
    }

    /// As a log line or a message may show it: a URL's password left out.
    pub fn shown(&self) -> String {
        match self {
            Location::Sqlite(path) => path.display().to_string(),
            // The query may hold a password too: it is left out whole.
            Location::Postgres(url) => postgres::shown(url),
        }
    }
}

impl<E: Engine + ?Sized> Engine for Box<E> {
    fn read(&self, work: &mut Work<'_>) -> AppResult<()> {
        (**self).read(work)
    }

    fn write(&self, work: &mut Work<'_>) -> AppResult<()> {
        (**self).write(work)
    }
}

/// A storage engine: opens transactions. Reads see the last committed
/// state and do not wait behind a write; writes are serialized.
pub trait Engine: Send + Sync {
    fn read(&self, work: &mut Work<'_>) -> AppResult<()>;
    fn write(&self, work: &mut Work<'_>) -> AppResult<()>;
}

#[cfg(test)]
mod tests {
    use super::Location;
    use std::path::Path;

    #[test]
    fn db_names_a_file_or_a_url_and_a_url_is_shown_without_its_password() {
        assert_eq!(Location::of(Path::new("anytime.db")), Location::Sqlite("anytime.db".into()));
        assert_eq!(Location::of(Path::new("sqlite:///var/a.db")), Location::Sqlite("/var/a.db".into()));
        assert_eq!(Location::of(Path::new("sqlite:a.db")), Location::Sqlite("a.db".into()));
        let pg = Location::of(Path::new("postgres://app:s3cret@db.internal:5432/anytime?sslmode=require"));
        assert_eq!(pg.shown(), "postgres://app@db.internal:5432/anytime");
        let pg = Location::of(Path::new("postgresql://db/anytime?password=s3cret"));
        assert_eq!(pg.shown(), "postgres://db:5432/anytime");
        // Whatever the password holds ('?', '@', '/'), it is never shown.
        for url in ["postgres://u:pa?ss@h/db", "postgres://u:p%40ss%2Fx@h/db", "POSTGRES://u:pa@ss@h/db"] {
            let shown = Location::of(Path::new(url)).shown();
            assert!(!shown.contains("pa") && !shown.contains("ss"), "{url} → {shown}");
        }
        assert_eq!(
            Location::of(Path::new("POSTGRESQL://h/db")),
            Location::Postgres("POSTGRESQL://h/db".into())
        );
    }
}

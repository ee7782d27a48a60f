//! A generic repository over whichever storage engine: every list and
//! singleton of the API is a kind of object, stored as its canonical JSON
//! with a revision (its ETag) and, for lists, a position (0-based and
//! contiguous for ordered kinds). Typed here, once; the engine only keeps
//! rows (see [`crate::storage`]).

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::audit;
use crate::error::{AppError, AppResult};
pub use crate::storage::Transaction;
use crate::storage::{Change, Counter, Row};

/// A settings object the store can keep.
pub trait Resource: Serialize + DeserializeOwned + Clone {
    /// The kind's name in the table, e.g. `trigger`.
    const KIND: &'static str;
    /// How an admin names one, for messages ("Trigger").
    const NOUN: &'static str;
    fn id(&self) -> &str;
    fn set_id(&mut self, id: String);
    /// The noun inside a sentence: "trigger", but "SLA policy".
    fn noun_in_sentence() -> String {
        let mut words = Self::NOUN.split(' ');
        let first = words.next().unwrap_or_default();
        // An acronym keeps its capitals.
        let first = if first.chars().nth(1).is_some_and(char::is_uppercase) {
            first.to_owned()
        } else {
            first.to_lowercase()
        };
        std::iter::once(first).chain(words.map(str::to_owned)).collect::<Vec<_>>().join(" ")
    }
    /// Lists whose order matters expose it as `orderIndex` (and keep it
    /// contiguous); other kinds' positions only keep them in creation order.
    const ORDERED: bool = false;
    fn set_position(&mut self, _position: i64) {}
    /// What the kind is looked up by besides its id (a blocked sender's
    /// address), kept in an indexed column.
    fn key(&self) -> Option<String> {
        None
    }
}

/// A stored object with its ETag.
#[derive(Debug, Clone)]
pub struct Stored<T> {
    pub value: T,
    pub etag: String,
    /// The revision of the last edit (see [`update_notes`]); ETags from it
    /// up to the current one all describe the current settings.
    pub edited: i64,
}

impl<T> Stored<T> {
    /// Whether a client holding `tag` holds the current settings.
    fn is_current(&self, tag: &str) -> bool {
        if tag == self.etag {
            return true;
        }
        let revision = |t: &str| t.strip_prefix('"')?.strip_suffix('"')?.parse::<i64>().ok();
        matches!((revision(tag), revision(&self.etag)), (Some(t), Some(now)) if self.edited <= t && t <= now)
    }
}

pub fn etag(revision: i64) -> String {
    format!("\"{revision}\"")
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn decode<T: Resource>(row: Row) -> AppResult<Stored<T>> {
    let mut value: T = serde_json::from_str(&row.body)?;
    value.set_position(row.position);
    Ok(Stored { value, etag: etag(row.revision), edited: row.edited })
}

/// Every object of a kind, in list order.
pub fn list<T: Resource>(tx: &Transaction) -> AppResult<Vec<Stored<T>>> {
    tx.rows(T::KIND)?.into_iter().map(decode).collect()
}

pub fn get<T: Resource>(tx: &Transaction, id: &str) -> AppResult<Option<Stored<T>>> {
    tx.row(T::KIND, id)?.map(decode).transpose()
}

/// The object, or a 404 naming it.
pub fn require<T: Resource>(tx: &Transaction, id: &str) -> AppResult<Stored<T>> {
    get(tx, id)?.ok_or_else(|| AppError::NotFound(format!("No {} has the id '{id}'.", T::noun_in_sentence())))
}

/// Checks `If-Match` against the stored object: absent overwrites, a tag
/// of the current settings passes, anything else is a 412 and nothing
/// changes.
pub fn check_if_match<T>(if_match: Option<&str>, current: &Stored<T>) -> AppResult<()> {
    match if_match {
        None => Ok(()),
        Some(v) if v.split(',').map(str::trim).any(|t| t == "*" || current.is_current(t)) => Ok(()),
        Some(_) => Err(AppError::PreconditionFailed),
    }
}

/// The ETag of a kind's whole list, `"L<count>-<last edit>"`: it changes
/// when a member is added, removed, edited or moved. Every write gives its
/// member a revision above all others and a delete lowers the count, so no
/// two versions of a list share it (a member added and removed again
/// gives the list, and its ETag, back). The server's own notes on a member
/// (an account's test result) are not edits and leave it. Ordered lists
/// honour it on `PUT …/order`; a write to one member takes it too.
pub fn list_etag<T: Resource>(tx: &Transaction) -> AppResult<String> {
    let (count, last) = tx.list_stamp(T::KIND)?;
    Ok(format!("\"L{count}-{last}\""))
}

/// `If-Match` for a write of one member of a list: its own ETag, or the
/// list's ETag (the client's view of the whole list, this member included,
/// is current). Absent overwrites; anything else is a 412.
pub fn check_member<T: Resource>(
    tx: &Transaction,
    if_match: Option<&str>,
    current: &Stored<T>,
) -> AppResult<()> {
    let Some(header) = if_match else { return Ok(()) };
    let tags: Vec<&str> = header.split(',').map(str::trim).collect();
    if tags.iter().any(|t| *t == "*" || current.is_current(t)) {
        return Ok(());
    }
    if tags.iter().any(|t| t.starts_with("\"L")) {
        let list = list_etag::<T>(tx)?;
        if tags.contains(&list.as_str()) {
            return Ok(());
        }
    }
    Err(AppError::PreconditionFailed)
}

/// The object about to be written, after its `If-Match` (see
/// [`check_member`]): a 404 or a 412 otherwise.
pub fn require_matching<T: Resource>(
    tx: &Transaction,
    id: &str,
    if_match: Option<&str>,
) -> AppResult<Stored<T>> {
    let current = require::<T>(tx, id)?;
    check_member::<T>(tx, if_match, &current)?;
    Ok(current)
}

/// `If-Match` for a write of a whole list (its order): the list's ETag.
pub fn check_list<T: Resource>(tx: &Transaction, if_match: Option<&str>) -> AppResult<()> {
    match if_match {
        None => Ok(()),
        Some(v) if v.trim() == "*" => Ok(()),
        Some(v) => {
            let list = list_etag::<T>(tx)?;
            if v.split(',').any(|t| t.trim() == list) {
                Ok(())
            } else {
                Err(AppError::PreconditionFailed)
            }
        }
    }
}

/// The object whose key (see [`Resource::key`]) is `key`, by the index.
/// The first `limit` objects of a kind by lookup key, and how many it has.
pub fn first_by_key<T: Resource>(tx: &Transaction, limit: usize) -> AppResult<(Vec<Stored<T>>, usize)> {
    let rows = tx.rows_by_key(T::KIND, limit)?.into_iter().map(decode).collect::<AppResult<_>>()?;
    Ok((rows, tx.list_stamp(T::KIND)?.0 as usize))
}

pub fn find_by_key<T: Resource>(tx: &Transaction, key: &str) -> AppResult<Option<Stored<T>>> {
    tx.row_by_key(T::KIND, key)?.map(decode).transpose()
}

/// Stores a new object last in its list, with a new id unless `keep_id`.
pub fn insert<T: Resource>(tx: &Transaction, value: &mut T, keep_id: bool) -> AppResult<Stored<T>> {
    if !keep_id || value.id().is_empty() {
        value.set_id(new_id());
    }
    // The position after the last: the count for ordered kinds
    // (contiguous), and past every gap deletes left in the others.
    let position = tx.next_position(T::KIND)?;
    value.set_position(position);
    let revision = tx.next(Counter::Revision)?;
    let created = tx.next(Counter::Created)?;
    let row = Row {
        id: value.id().to_owned(),
        position,
        revision,
        edited: revision,
        body: serde_json::to_string(value)?,
    };
    insert_row::<T>(tx, &row, created, value.key().as_deref())?;
    Ok(Stored { value: value.clone(), etag: etag(revision), edited: revision })
}

/// Stores a new row and records its creation.
fn insert_row<T: Resource>(tx: &Transaction, row: &Row, created: i64, key: Option<&str>) -> AppResult<()> {
    tx.insert_row(T::KIND, row, created, key)?;
    let change = audit::Change {
        kind: T::KIND,
        id: &row.id,
        action: "create",
        revision: Some(row.revision),
        before: None,
        after: Some(&row.body),
    };
    audit::record(tx, change)
}

/// Replaces a stored object's body (its position is kept).
pub fn update<T: Resource>(tx: &Transaction, value: &mut T) -> AppResult<Stored<T>> {
    write_body(tx, value, true)
}

/// Replaces a stored object's body with the server's own notes on it (an
/// account's last test result): a new ETag, but clients holding the one
/// before still hold the current settings (see [`Stored::is_current`]).
pub fn update_notes<T: Resource>(tx: &Transaction, value: &mut T) -> AppResult<Stored<T>> {
    write_body(tx, value, false)
}

fn write_body<T: Resource>(tx: &Transaction, value: &mut T, edit: bool) -> AppResult<Stored<T>> {
    let current = tx.row(T::KIND, value.id())?.ok_or_else(|| {
        AppError::NotFound(format!("No {} has the id '{}'.", T::noun_in_sentence(), value.id()))
    })?;
    value.set_position(current.position);
    let revision = tx.next(Counter::Revision)?;
    let body = serde_json::to_string(value)?;
    let key = value.key();
    tx.update_row(
        T::KIND,
        value.id(),
        Change { body: &body, position: None, revision, edit, key: key.as_deref() },
    )?;
    audit::record(
        tx,
        audit::Change {
            kind: T::KIND,
            id: value.id(),
            action: if edit { "update" } else { "test" },
            revision: Some(revision),
            before: Some(&current.body),
            after: Some(&body),
        },
    )?;
    let edited = if edit { revision } else { current.edited };
    Ok(Stored { value: value.clone(), etag: etag(revision), edited })
}

/// Deletes an object and, in an ordered list, closes the gap (the others
/// keep their positions: renumbering them would rewrite the whole list on
/// every delete — 10,000 blocked senders went at 15 a second).
pub fn delete<T: Resource>(tx: &Transaction, id: &str) -> AppResult<T> {
    let row = tx
        .row(T::KIND, id)?
        .ok_or_else(|| AppError::NotFound(format!("No {} has the id '{id}'.", T::noun_in_sentence())))?;
    let stored = decode::<T>(row.clone())?;
    tx.delete_row(T::KIND, id)?;
    audit::record(
        tx,
        audit::Change {
            kind: T::KIND,
            id,
            action: "delete",
            revision: None,
            before: Some(&row.body),
            after: None,
        },
    )?;
    if T::ORDERED {
        renumber::<T>(tx)?;
    }
    Ok(stored.value)
}

/// Rewrites positions as 0..n in the current order, bumping the revision of
/// every object whose position (and so `orderIndex`) changed. Closing the
/// gap a delete left is part of the delete, not a change of its own.
fn renumber<T: Resource>(tx: &Transaction) -> AppResult<()> {
    set_order::<T>(tx, tx.positions(T::KIND)?, None)
}

/// Sets positions; a move an admin asked for (`sort`, `order`) is one audit
/// entry for the list, its ids before and after.
fn set_order<T: Resource>(
    tx: &Transaction,
    current: Vec<(String, i64)>,
    action: Option<&'static str>,
) -> AppResult<()> {
    if let Some(action) = action {
        let before: Vec<String> = ids::<T>(tx)?;
        let after: Vec<&str> = current.iter().map(|(id, _)| id.as_str()).collect();
        if before != after {
            audit::record(
                tx,
                audit::Change {
                    kind: T::KIND,
                    id: "",
                    action,
                    revision: None,
                    before: Some(&serde_json::to_string(&before)?),
                    after: Some(&serde_json::to_string(&after)?),
                },
            )?;
        }
    }
    for (position, (id, old)) in (0_i64..).zip(current) {
        if position != old {
            let revision = tx.next(Counter::Revision)?;
            let stored = require::<T>(tx, &id)?;
            let mut value = stored.value;
            value.set_position(position);
            tx.move_row(T::KIND, &id, position, revision, &serde_json::to_string(&value)?)?;
        }
    }
    Ok(())
}

/// Swaps an object with its neighbour; a no-op at either end.
pub fn sort<T: Resource>(tx: &Transaction, id: &str, up: bool) -> AppResult<()> {
    require::<T>(tx, id)?;
    let mut ids = tx.positions(T::KIND)?;
    let Some(i) = ids.iter().position(|(x, _)| x == id) else { return Ok(()) };
    let j = if up { i.checked_sub(1) } else { Some(i + 1).filter(|&j| j < ids.len()) };
    if let Some(j) = j {
        let (a, b) = (ids[i].0.clone(), ids[j].0.clone());
        ids[i].0 = b;
        ids[j].0 = a;
        // Positions are compared per id, so mark both as moved.
        ids[i].1 = -1;
        ids[j].1 = -1;
    }
    set_order::<T>(tx, ids, Some("sort"))
}

/// Sets the whole order (drag and drop); `ids` has been validated.
pub fn reorder<T: Resource>(tx: &Transaction, ids: &[String]) -> AppResult<()> {
    let positions: std::collections::HashMap<String, i64> = tx.positions(T::KIND)?.into_iter().collect();
    let current = ids.iter().map(|id| (id.clone(), positions.get(id).copied().unwrap_or(-1))).collect();
    set_order::<T>(tx, current, Some("order"))
}

/// The ids of a kind in order.
pub fn ids<T: Resource>(tx: &Transaction) -> AppResult<Vec<String>> {
    Ok(tx.positions(T::KIND)?.into_iter().map(|(id, _)| id).collect())
}

/// A singleton (routing, auto allocation, working time): the object stored
/// under the id `default`, or `fallback` (not stored) when none is.
pub fn singleton<T: Resource>(tx: &Transaction, fallback: impl FnOnce() -> T) -> AppResult<Stored<T>> {
    match get::<T>(tx, "default")? {
        Some(s) => Ok(s),
        None => {
            let mut value = fallback();
            value.set_id("default".into());
            insert(tx, &mut value, true)
        }
    }
}

pub fn put_singleton<T: Resource>(tx: &Transaction, value: &mut T) -> AppResult<Stored<T>> {
    value.set_id("default".into());
    update(tx, value)
}

/// Whether a kind has ever been stored (to seed on first start).
pub fn is_empty(tx: &Transaction, kind: &str) -> AppResult<bool> {
    Ok(tx.list_stamp(kind)?.0 == 0)
}

/// Passwords of email accounts, kept apart from the objects and sealed
/// with the server's key (see [`crate::vault`]).
pub mod secrets {
    use super::*;
    use crate::vault::Vault;

    /// The stored password, opened.
    pub fn get(tx: &Transaction, vault: &Vault, account_id: &str) -> AppResult<Option<String>> {
        tx.secret(account_id)?
            .map(|s| {
                vault.open(account_id, &s).ok_or_else(|| {
                    AppError::Internal(format!("the stored password of account {account_id} does not open"))
                })
            })
            .transpose()
    }

    pub fn exists(tx: &Transaction, account_id: &str) -> AppResult<bool> {
        Ok(tx.secret(account_id)?.is_some())
    }

    pub fn set(tx: &Transaction, vault: &Vault, account_id: &str, password: &str) -> AppResult<()> {
        tx.set_secret(account_id, &vault.seal(account_id, password))
    }

    pub fn delete(tx: &Transaction, account_id: &str) -> AppResult<()> {
        tx.delete_secret(account_id)
    }
}

/// Makes the stored list of a kind exactly `items`, in that order: objects
/// not listed are deleted, changed ones rewritten, unchanged ones left as
/// they are (same ETag). For imports.
pub fn replace_all<T: Resource>(tx: &Transaction, items: &mut [T]) -> AppResult<()> {
    let keep: std::collections::HashSet<&str> = items.iter().map(Resource::id).collect();
    for row in tx.rows(T::KIND)? {
        if !keep.contains(row.id.as_str()) {
            tx.delete_row(T::KIND, &row.id)?;
            let change = audit::Change {
                kind: T::KIND,
                id: &row.id,
                action: "delete",
                revision: None,
                before: Some(&row.body),
                after: None,
            };
            audit::record(tx, change)?;
        }
    }
    // Ordered kinds are numbered 0, 1, 2… (their `orderIndex`). Other kinds'
    // positions only keep the list in order and have gaps where objects
    // were deleted: a position still in order is kept, so an unchanged
    // document rewrites nothing (contract §10) and each position is still
    // greater than the one before.
    let mut last = -1_i64;
    for item in items.iter_mut() {
        let stored = if T::ORDERED { None } else { tx.row(T::KIND, item.id())?.map(|r| r.position) };
        let position = stored.filter(|p| *p > last).unwrap_or(last.saturating_add(1));
        last = position;
        item.set_position(position);
        let body = serde_json::to_string(item)?;
        let key = item.key();
        match tx.row(T::KIND, item.id())? {
            Some(old) if old.body == body && old.position == position => {}
            Some(old) => {
                let revision = tx.next(Counter::Revision)?;
                let change = Change {
                    body: &body,
                    position: Some(position),
                    revision,
                    edit: true,
                    key: key.as_deref(),
                };
                tx.update_row(T::KIND, item.id(), change)?;
                let change = audit::Change {
                    kind: T::KIND,
                    id: item.id(),
                    action: "update",
                    revision: Some(revision),
                    before: Some(&old.body),
                    after: Some(&body),
                };
                audit::record(tx, change)?;
            }
            None => {
                let revision = tx.next(Counter::Revision)?;
                let created = tx.next(Counter::Created)?;
                let row = Row { id: item.id().to_owned(), position, revision, edited: revision, body };
                insert_row::<T>(tx, &row, created, key.as_deref())?;
            }
        }
    }
    Ok(())
}

//! Generic handlers for the API's lists — list, get, create, update (with
//! `If-Match`), delete, enable, sort and order — and for its singletons —
//! get, update, enable. Each route module picks the ones its paths have; a
//! kind's own rules are its [`Managed`] or [`Single`] impl (all in
//! `managed.rs`).
//!
//! Every write of an object goes through one pipeline, whichever route (or
//! an import) makes it: prepare (server-set parts) → validate (the core,
//! with the fields and directory) and check references (uploaded files, a
//! stored password's server) → `If-Match` → check against the other stored
//! objects (unique names: 409) → what is written beside it (a sealed
//! password) → write.

use crate::store::Transaction;
use axum::extract::{Path, State};
use axum::http::StatusCode;

use anytime_core::{
    Context, EnableRequest, OrderRequest, SortDirection, SortRequest, Validate, ValidationErrors,
};

use crate::audit;
use crate::error::{AppError, AppResult};
use crate::http::{ApiJson, IfMatch, Tagged, TaggedList, Written};
use crate::state::{fields, AppState};
use crate::store::{self, Resource, Stored};

/// Which write an object is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    Create,
    Update,
    /// One object of an import: the document decides what only a create
    /// would otherwise decide (which account is the default).
    Import,
}

/// A list kind the generic handlers can manage.
pub trait Managed: Resource + Validate + Send + 'static {
    /// Server-set parts before validation: nested ids, condition types,
    /// read-only fields carried over from `existing` (on update).
    fn prepare(&mut self, _existing: Option<&Self>) {}

    /// Rules against the other stored objects of its kind (unique names:
    /// 409). An import checks its document whole instead (the core's
    /// `Document::check`), as the stored ones are being replaced.
    fn check_stored(&self, _tx: &Transaction) -> AppResult<()> {
        Ok(())
    }

    /// References to what is stored outside the settings (uploaded files)
    /// and rules against `existing` (a stored password's server), as 422s
    /// on paths under `path`.
    fn check_references(
        &self,
        _tx: &Transaction,
        _existing: Option<&Self>,
        _path: &str,
        _errors: &mut ValidationErrors,
    ) -> AppResult<()> {
        Ok(())
    }

    /// What is written beside the object, just before it is (a sealed
    /// password, the default flag of a first account).
    fn before_write(
        &mut self,
        _tx: &Transaction,
        _state: &AppState,
        _existing: Option<&Self>,
        _write: Write,
    ) -> AppResult<()> {
        Ok(())
    }

    /// What goes with an object when it is deleted (a sealed password; the
    /// default moving to the oldest remaining account).
    fn after_delete(&self, _tx: &Transaction, _state: &AppState) -> AppResult<()> {
        Ok(())
    }

    fn set_enabled(&mut self, _on: bool) {}

    /// After [`Managed::prepare`] of a deleted object coming back: what it
    /// keeps from the version restored (a forwarding address).
    fn restoring(&mut self, _version: &Self) {}
}

/// A kind with exactly one object, stored under the id `default` (the
/// routing configuration, auto allocation, working time).
pub trait Single: Resource + Validate + Default + PartialEq + Send + 'static {
    /// Server-set parts before validation (a time zone's canonical name).
    fn prepare(&mut self) {}

    /// What is not stored with it, just before it is written (routing's
    /// custom rules have their own endpoints).
    fn before_write(&mut self) {}

    /// What is shown with it (routing: its custom rules in order).
    fn complete(_tx: &Transaction, stored: Stored<Self>) -> AppResult<Stored<Self>> {
        Ok(stored)
    }

    fn set_enabled(&mut self, _on: bool) {}
}

/// How an object is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Commit {
    Insert,
    Update,
    Singleton,
}

/// Where every write of one object ends, whichever route, import or
/// server-side change made it.
fn commit<T: Resource>(tx: &Transaction, value: &mut T, how: Commit) -> AppResult<Stored<T>> {
    // Each write's one place; the repository records it in the audit trail.
    match how {
        Commit::Insert => store::insert(tx, value, true),
        Commit::Update => store::update(tx, value),
        Commit::Singleton => store::put_singleton(tx, value),
    }
}

/// A change the server makes to a stored object itself, after its own
/// checks (the default account moving, a field's mapping, a switch): the
/// same last step as every write.
pub fn rewrite<T: Resource>(tx: &Transaction, value: &mut T) -> AppResult<Stored<T>> {
    commit(tx, value, Commit::Update)
}

/// The singleton as stored (the default before the first save), completed.
pub fn load_single<T: Single>(tx: &Transaction) -> AppResult<Stored<T>> {
    T::complete(tx, store::singleton(tx, T::default)?)
}

/// The singleton's pipeline: prepare → validate → `If-Match` → write. With
/// `if_match: None` and an unchanged value (an import), nothing is written
/// and its ETag stays.
pub fn update_single_in<T: Single>(
    tx: &Transaction,
    state: &AppState,
    if_match: Option<&str>,
    write: Write,
    mut value: T,
) -> AppResult<Stored<T>> {
    let current = store::singleton(tx, T::default)?;
    value.set_id("default".into());
    value.prepare();
    validate(tx, state, &value)?;
    store::check_if_match(if_match, &current)?;
    value.before_write();
    if write == Write::Import && value == current.value {
        return T::complete(tx, current);
    }
    let saved = commit(tx, &mut value, Commit::Singleton)?;
    T::complete(tx, saved)
}

pub async fn get_single<T: Single>(State(state): State<AppState>) -> AppResult<Tagged<T>> {
    state.read(|tx| load_single::<T>(tx).map(Tagged))
}

pub async fn update_single<T: Single>(
    State(state): State<AppState>,
    if_match: IfMatch,
    ApiJson(value): ApiJson<T>,
) -> AppResult<Tagged<T>> {
    state.write(|tx| update_single_in(tx, &state, if_match.as_deref(), Write::Update, value).map(Tagged))
}

/// Turns a singleton on or off: the stored value with the switch changed,
/// through the same pipeline as an update, so what it may not be when on
/// (routing with no department to route to) is refused here too — or an
/// export would hold what its import refuses.
pub fn enable_single_in<T: Single>(
    state: &AppState,
    if_match: Option<&str>,
    request: EnableRequest,
) -> AppResult<Stored<T>> {
    request.validate(&Context::new(&[], &state.directory))?;
    state.write(|tx| {
        let mut value = store::singleton(tx, T::default)?.value;
        value.set_enabled(request.enable.unwrap_or_default());
        audit::as_action("enable", || update_single_in(tx, state, if_match, Write::Update, value))
    })
}

/// `PUT …/enable` answering 204 with the singleton's new ETag.
pub async fn enable_single<T: Single>(
    State(state): State<AppState>,
    if_match: IfMatch,
    ApiJson(request): ApiJson<EnableRequest>,
) -> AppResult<(Written, StatusCode)> {
    let saved = enable_single_in::<T>(&state, if_match.as_deref(), request)?;
    Ok((Written { etag: Some(saved.etag), list: None }, StatusCode::NO_CONTENT))
}

/// The core's validation and the kind's references, together: every
/// problem at once, as a 422.
fn check<T: Managed>(tx: &Transaction, state: &AppState, value: &T, existing: Option<&T>) -> AppResult<()> {
    let fields = fields(tx)?;
    let mut errors = ValidationErrors::default();
    value.check(&Context::new(&fields, &state.directory), "", &mut errors);
    value.check_references(tx, existing, "", &mut errors)?;
    errors.into_result().map_err(AppError::Invalid)
}

/// Validates against the stored fields and the directory.
pub fn validate<T: Validate>(tx: &Transaction, state: &AppState, value: &T) -> AppResult<()> {
    let fields = fields(tx)?;
    value.validate(&Context::new(&fields, &state.directory))?;
    Ok(())
}

pub async fn list<T: Managed>(State(state): State<AppState>) -> AppResult<TaggedList<T>> {
    state.read(|tx| Ok(TaggedList::of(store::list::<T>(tx)?, store::list_etag::<T>(tx)?)))
}

pub async fn get_one<T: Managed>(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Tagged<T>> {
    state.read(|tx| store::require::<T>(tx, &id).map(Tagged))
}

pub fn create_in<T: Managed>(tx: &Transaction, state: &AppState, mut value: T) -> AppResult<Stored<T>> {
    // The id first, so nested parts (auto updates) can point at it.
    value.set_id(store::new_id());
    value.prepare(None);
    check(tx, state, &value, None)?;
    value.check_stored(tx)?;
    value.before_write(tx, state, None, Write::Create)?;
    commit(tx, &mut value, Commit::Insert)
}

/// A deleted object saved again with its id (a restore): the create's
/// pipeline, last in its list.
pub fn recreate_in<T: Managed>(
    tx: &Transaction,
    state: &AppState,
    id: &str,
    mut value: T,
) -> AppResult<Stored<T>> {
    value.set_id(id.to_owned());
    let version = value.clone();
    value.prepare(None);
    value.restoring(&version);
    check(tx, state, &value, None)?;
    value.check_stored(tx)?;
    value.before_write(tx, state, None, Write::Create)?;
    commit(tx, &mut value, Commit::Insert)
}

/// What a write to one member of a list answers with: the member and the
/// list's new ETag.
pub type Member<T> = (Written, Tagged<T>);

pub(crate) fn written<T: Managed>(tx: &Transaction, stored: Stored<T>) -> AppResult<Member<T>> {
    let list = store::list_etag::<T>(tx)?;
    Ok((Written { etag: None, list: Some(list) }, Tagged(stored)))
}

pub async fn create<T: Managed>(
    State(state): State<AppState>,
    ApiJson(value): ApiJson<T>,
) -> AppResult<(StatusCode, Member<T>)> {
    state.write(|tx| {
        let stored = create_in(tx, &state, value)?;
        Ok((StatusCode::CREATED, written(tx, stored)?))
    })
}

pub fn update_in<T: Managed>(
    tx: &Transaction,
    state: &AppState,
    id: &str,
    if_match: Option<&str>,
    mut value: T,
) -> AppResult<Stored<T>> {
    // 404, then 422, then 412, then 409: what is wrong with the request
    // itself is said before whether it raced.
    let current = store::require::<T>(tx, id)?;
    value.set_id(id.to_owned());
    value.prepare(Some(&current.value));
    check(tx, state, &value, Some(&current.value))?;
    store::check_member::<T>(tx, if_match, &current)?;
    value.check_stored(tx)?;
    value.before_write(tx, state, Some(&current.value), Write::Update)?;
    commit(tx, &mut value, Commit::Update)
}

pub async fn update<T: Managed>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    if_match: IfMatch,
    ApiJson(value): ApiJson<T>,
) -> AppResult<Member<T>> {
    state.write(|tx| {
        let stored = update_in(tx, &state, &id, if_match.as_deref(), value)?;
        written(tx, stored)
    })
}

/// Deletes one member after its `If-Match`, with what goes with it,
/// answering the list's new ETag.
pub fn delete_in<T: Managed>(
    tx: &Transaction,
    state: &AppState,
    id: &str,
    if_match: Option<&str>,
) -> AppResult<(T, Written)> {
    let removed = remove_in::<T>(tx, state, id, if_match)?;
    Ok((removed, Written { etag: None, list: Some(store::list_etag::<T>(tx)?) }))
}

/// [`delete_in`] without the list's new ETag, for many deletes in one
/// transaction (the ETag is the caller's to take once, at the end).
pub fn remove_in<T: Managed>(
    tx: &Transaction,
    state: &AppState,
    id: &str,
    if_match: Option<&str>,
) -> AppResult<T> {
    store::require_matching::<T>(tx, id, if_match)?;
    let removed = store::delete::<T>(tx, id)?;
    removed.after_delete(tx, state)?;
    Ok(removed)
}

pub async fn delete<T: Managed>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    if_match: IfMatch,
) -> AppResult<(Written, StatusCode)> {
    let (_, written) = state.write(|tx| delete_in::<T>(tx, &state, &id, if_match.as_deref()))?;
    Ok((written, StatusCode::NO_CONTENT))
}

fn enable_in<T: Managed>(
    state: &AppState,
    id: &str,
    if_match: Option<&str>,
    request: EnableRequest,
) -> AppResult<Member<T>> {
    request.validate(&Context::new(&[], &state.directory))?;
    state.write(|tx| {
        let mut value = store::require::<T>(tx, id)?.value;
        value.set_enabled(request.enable.unwrap_or_default());
        let stored = audit::as_action("enable", || update_in(tx, state, id, if_match, value))?;
        written(tx, stored)
    })
}

/// `PUT …/{id}/enable` answering with the object.
pub async fn enable<T: Managed>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    if_match: IfMatch,
    ApiJson(request): ApiJson<EnableRequest>,
) -> AppResult<Member<T>> {
    enable_in::<T>(&state, &id, if_match.as_deref(), request)
}

/// `PUT …/{id}/enable` answering 204 (where the spec says "http status
/// code"), with the object's new ETag in the headers.
pub async fn enable_no_content<T: Managed>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    if_match: IfMatch,
    ApiJson(request): ApiJson<EnableRequest>,
) -> AppResult<(Written, StatusCode)> {
    let (mut written, Tagged(stored)) = enable_in::<T>(&state, &id, if_match.as_deref(), request)?;
    written.etag = Some(stored.etag);
    Ok((written, StatusCode::NO_CONTENT))
}

fn sort_in<T: Managed>(
    state: &AppState,
    id: &str,
    if_match: Option<&str>,
    request: SortRequest,
) -> AppResult<TaggedList<T>> {
    request.validate(&Context::new(&[], &state.directory))?;
    let up = request.direction == Some(SortDirection::Up);
    state.write(|tx| {
        store::require_matching::<T>(tx, id, if_match)?;
        store::sort::<T>(tx, id, up)?;
        Ok(TaggedList::of(store::list::<T>(tx)?, store::list_etag::<T>(tx)?))
    })
}

/// `PUT …/{id}/sort` answering with the list in its new order.
pub async fn sort<T: Managed>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    if_match: IfMatch,
    ApiJson(request): ApiJson<SortRequest>,
) -> AppResult<TaggedList<T>> {
    sort_in::<T>(&state, &id, if_match.as_deref(), request)
}

/// `PUT …/{id}/sort` answering 204, with the list's new ETag.
pub async fn sort_no_content<T: Managed>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    if_match: IfMatch,
    ApiJson(request): ApiJson<SortRequest>,
) -> AppResult<(Written, StatusCode)> {
    let TaggedList(_, list) = sort_in::<T>(&state, &id, if_match.as_deref(), request)?;
    Ok((Written { etag: None, list: Some(list) }, StatusCode::NO_CONTENT))
}

/// `PUT …/order`: the whole order at once, atomically, after the list's
/// `If-Match`.
pub async fn order<T: Managed>(
    State(state): State<AppState>,
    if_match: IfMatch,
    ApiJson(request): ApiJson<OrderRequest>,
) -> AppResult<TaggedList<T>> {
    state.write(|tx| {
        let ids = store::ids::<T>(tx)?;
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        anytime_core::validate::validate_order(&request, &refs)?;
        store::check_list::<T>(tx, if_match.as_deref())?;
        store::reorder::<T>(tx, &request.ids)?;
        Ok(TaggedList::of(store::list::<T>(tx)?, store::list_etag::<T>(tx)?))
    })
}

/// A 409 when another stored object already uses the same key
/// (case-insensitive), on the key's field `path` (`name`, `businessEmail`)
/// so a form marks the field as it does a 422.
pub fn unique<T: Resource>(
    tx: &Transaction,
    me: &T,
    key: impl Fn(&T) -> String,
    path: &str,
    what: &str,
) -> AppResult<()> {
    let mine = key(me);
    for other in store::list::<T>(tx)? {
        // The same rule as within an imported document (the core's).
        if other.value.id() != me.id() && anytime_core::document::same_key(&key(&other.value), &mine) {
            let message =
                format!("Another {} already has the {what} '{}'.", T::noun_in_sentence(), mine.trim());
            let mut on = ValidationErrors::default();
            on.add(path, message.clone());
            return Err(AppError::ConflictAt(message, on));
        }
    }
    Ok(())
}

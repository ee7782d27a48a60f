//! Generic handlers for the API's lists: list, get, create, update (with
//! `If-Match`), delete, enable, sort and order. Each route module picks the
//! ones its paths have; a kind's own rules live in its [`Managed`] impl.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use rusqlite::Transaction;

use anytime_core::{Context, EnableRequest, OrderRequest, SortDirection, SortRequest, Validate};

use crate::error::{AppError, AppResult};
use crate::http::{ApiJson, Created, IfMatch, Tagged};
use crate::state::{fields, AppState};
use crate::store::{self, Resource, Stored};

/// A list kind the generic handlers can manage.
pub trait Managed: Resource + Validate + Send + 'static {
    /// Server-set parts before validation: nested ids, condition types,
    /// read-only fields carried over from `existing` (on update).
    fn prepare(&mut self, _existing: Option<&Self>) {}

    /// Rules against other stored objects (unique names → 409; references
    /// to stored things → 422).
    fn check_stored(&self, _tx: &Transaction) -> AppResult<()> {
        Ok(())
    }

    fn set_enabled(&mut self, _on: bool) {}
}

/// Validates against the stored fields and the directory.
pub fn validate<T: Validate>(tx: &Transaction, state: &AppState, value: &T) -> AppResult<()> {
    let fields = fields(tx)?;
    value.validate(&Context::new(&fields, &state.directory))?;
    Ok(())
}

pub async fn list<T: Managed>(State(state): State<AppState>) -> AppResult<Json<Vec<T>>> {
    state.read(|tx| Ok(crate::http::list(store::list::<T>(tx)?)))
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
    validate(tx, state, &value)?;
    value.check_stored(tx)?;
    store::insert(tx, &mut value, true)
}

pub async fn create<T: Managed>(
    State(state): State<AppState>,
    ApiJson(value): ApiJson<T>,
) -> AppResult<Created<T>> {
    state.write(|tx| create_in(tx, &state, value).map(Created))
}

pub fn update_in<T: Managed>(
    tx: &Transaction,
    state: &AppState,
    id: &str,
    if_match: Option<&str>,
    mut value: T,
) -> AppResult<Stored<T>> {
    let current = store::require::<T>(tx, id)?;
    store::check_if_match(if_match, &current.etag)?;
    value.set_id(id.to_owned());
    value.prepare(Some(&current.value));
    validate(tx, state, &value)?;
    value.check_stored(tx)?;
    store::update(tx, &mut value)
}

pub async fn update<T: Managed>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    if_match: IfMatch,
    ApiJson(value): ApiJson<T>,
) -> AppResult<Tagged<T>> {
    state.write(|tx| update_in(tx, &state, &id, if_match.as_deref(), value).map(Tagged))
}

pub async fn delete<T: Managed>(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    state.write(|tx| store::delete::<T>(tx, &id))?;
    Ok(StatusCode::NO_CONTENT)
}

fn enable_in<T: Managed>(state: &AppState, id: &str, request: EnableRequest) -> AppResult<Stored<T>> {
    request.validate(&Context::new(&[], &state.directory))?;
    state.write(|tx| {
        let mut value = store::require::<T>(tx, id)?.value;
        value.set_enabled(request.enable.unwrap_or_default());
        store::update(tx, &mut value)
    })
}

/// `PUT …/{id}/enable` answering with the object.
pub async fn enable<T: Managed>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<EnableRequest>,
) -> AppResult<Tagged<T>> {
    enable_in::<T>(&state, &id, request).map(Tagged)
}

/// `PUT …/{id}/enable` answering 204 (where the spec says "http status code").
pub async fn enable_no_content<T: Managed>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<EnableRequest>,
) -> AppResult<StatusCode> {
    enable_in::<T>(&state, &id, request).map(|_| StatusCode::NO_CONTENT)
}

fn sort_in<T: Managed>(state: &AppState, id: &str, request: SortRequest) -> AppResult<Vec<Stored<T>>> {
    request.validate(&Context::new(&[], &state.directory))?;
    let up = request.direction == Some(SortDirection::Up);
    state.write(|tx| {
        store::sort::<T>(tx, id, up)?;
        store::list::<T>(tx)
    })
}

/// `PUT …/{id}/sort` answering with the list in its new order.
pub async fn sort<T: Managed>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<SortRequest>,
) -> AppResult<Json<Vec<T>>> {
    sort_in::<T>(&state, &id, request).map(crate::http::list)
}

/// `PUT …/{id}/sort` answering 204.
pub async fn sort_no_content<T: Managed>(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<SortRequest>,
) -> AppResult<StatusCode> {
    sort_in::<T>(&state, &id, request).map(|_| StatusCode::NO_CONTENT)
}

/// `PUT …/order`: the whole order at once, atomically.
pub async fn order<T: Managed>(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<OrderRequest>,
) -> AppResult<Json<Vec<T>>> {
    state.write(|tx| {
        let ids = store::ids::<T>(tx)?;
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        anytime_core::validate::validate_order(&request, &refs)?;
        store::reorder::<T>(tx, &request.ids)?;
        Ok(crate::http::list(store::list::<T>(tx)?))
    })
}

/// A 409 when another stored object already uses `name` (case-insensitive).
pub fn unique<T: Resource>(
    tx: &Transaction,
    me: &T,
    key: impl Fn(&T) -> String,
    what: &str,
) -> AppResult<()> {
    let mine = key(me).to_lowercase();
    for other in store::list::<T>(tx)? {
        if other.value.id() != me.id() && key(&other.value).to_lowercase() == mine {
            return Err(AppError::Conflict(format!(
                "Another {} already has the {what} '{}'.",
                T::NOUN.to_lowercase(),
                key(me)
            )));
        }
    }
    Ok(())
}

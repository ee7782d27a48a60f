//! Revisions and restore of every object kind (contract §12), read from
//! the audit trail: `…/{id}/revisions` lists the versions an object has
//! had, newest first; `…/revisions/{etag}` is one of them;
//! `…/revisions/{etag}/restore` saves it again through the kind's normal
//! pipeline (validation, `If-Match`), as an audited `restore`. A deleted
//! object's versions stay in the trail, so it can be restored too: it
//! comes back with its id, at the end of its list.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::Value;

use super::{Endpoint, Routes};
use anytime_core::{Revision, Who};
use schemars::JsonSchema;

use crate::audit::{self, Role};
use crate::crud::{self, Managed, Single, Write};
use crate::error::{AppError, AppResult};
use crate::http::{IfMatch, Tagged};
use crate::openapi::{many, one, op, Body::*, Reply};
use crate::state::AppState;
use crate::storage::{AuditQuery, AuditRow, Transaction};
use crate::store::{self, Resource};

/// Versions listed at most (the newest), and the bytes of their bodies
/// read at most: older ones are left out of the list.
pub const MAX_REVISIONS: usize = 200;
pub const MAX_BYTES: usize = 4 << 20;

/// Who made an entry.
pub fn who(e: &AuditRow) -> Who {
    Who { id: e.actor_id.clone(), name: e.actor_name.clone(), via: e.actor_via.clone() }
}

fn revision(e: &AuditRow) -> Revision {
    Revision {
        etag: e.revision.filter(|_| e.after.is_some()).map(|r| r.to_string()),
        at: anytime_core::date::format_utc(e.at),
        actor: who(e),
        action: e.action.clone(),
        object: e.after.as_deref().and_then(|a| serde_json::from_str(a).ok()),
    }
}

/// An ETag as a path segment: `12`, or `"12"` as the header spells it.
fn revision_of(text: &str) -> Option<i64> {
    text.trim_matches('"').parse::<i64>().ok().filter(|r| *r > 0)
}

/// The trail keeps a list's own entries (its order, connection tests of
/// unsaved settings) under no object id; an empty id in the path (`…//revisions`)
/// names no object, or it would read those entries, which only admins may.
fn no_object<T: Resource>(id: &str) -> AppError {
    AppError::NotFound(format!("No {} has the id '{id}'.", T::noun_in_sentence()))
}

fn revisions_of<T: Resource>(tx: &Transaction, id: &str) -> AppResult<Vec<Revision>> {
    if id.is_empty() {
        return Err(no_object::<T>(id));
    }
    let entries = tx.audit(&AuditQuery {
        kind: Some(T::KIND.into()),
        object_id: Some(id.into()),
        limit: MAX_REVISIONS,
        max_bytes: MAX_BYTES,
        ..Default::default()
    })?;
    if entries.is_empty() && store::get::<T>(tx, id)?.is_none() {
        return Err(no_object::<T>(id));
    }
    // A list's order is an entry of the list (no object id), not here.
    Ok(entries.iter().map(revision).collect())
}

/// The version of object `id` its `etag` names.
fn version<T: Resource>(tx: &Transaction, id: &str, etag: &str) -> AppResult<(AuditRow, Value)> {
    let missing = || {
        AppError::NotFound(format!(
            "The {} '{id}' has no version '{}'.",
            T::noun_in_sentence(),
            etag.trim_matches('"')
        ))
    };
    if id.is_empty() {
        return Err(no_object::<T>(id));
    }
    let revision = revision_of(etag).ok_or_else(missing)?;
    let entry = tx
        .audit(&AuditQuery {
            kind: Some(T::KIND.into()),
            object_id: Some(id.into()),
            revision: Some(revision),
            versions_only: true,
            limit: 1,
            ..Default::default()
        })?
        .pop()
        .ok_or_else(missing)?;
    let object = serde_json::from_str(entry.after.as_deref().unwrap_or("null"))?;
    Ok((entry, object))
}

/// The version as the kind reads it now: a version a later release can no
/// longer read is a 409 that says so, not a 500.
fn decode_version<T: Resource>(object: Value) -> AppResult<T> {
    serde_json::from_value(object).map_err(|e| {
        AppError::Conflict(format!(
            "This version of the {} can no longer be read by this server ({e}); it cannot be restored.",
            T::noun_in_sentence()
        ))
    })
}

async fn list<T: Managed>(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<Revision>>> {
    state.read(|tx| revisions_of::<T>(tx, &id).map(Json))
}

async fn get<T: Managed>(
    State(state): State<AppState>,
    Path((id, etag)): Path<(String, String)>,
) -> AppResult<Json<Revision>> {
    state.read(|tx| version::<T>(tx, &id, &etag).map(|(entry, _)| Json(revision(&entry))))
}

/// Saves a version again: an update of the object (its `If-Match`), or,
/// when it was deleted, the object again with its id, last in its list.
pub fn restore_in<T: Managed>(
    tx: &Transaction,
    state: &AppState,
    id: &str,
    etag: &str,
    if_match: Option<&str>,
) -> AppResult<store::Stored<T>> {
    let (_, object) = version::<T>(tx, id, etag)?;
    let value = decode_version::<T>(object)?;
    audit::as_action("restore", || match store::get::<T>(tx, id)? {
        Some(_) => crud::update_in(tx, state, id, if_match, value),
        // A deleted object has no ETag, and "*" asks that one exists
        // (RFC 9110): any If-Match is a 412.
        None if if_match.is_some() => Err(AppError::PreconditionFailed),
        None => crud::recreate_in(tx, state, id, value),
    })
}

async fn restore<T: Managed>(
    State(state): State<AppState>,
    Path((id, etag)): Path<(String, String)>,
    if_match: IfMatch,
) -> AppResult<crud::Member<T>> {
    state.write(|tx| {
        let stored = restore_in::<T>(tx, &state, &id, &etag, if_match.as_deref())?;
        crud::written(tx, stored)
    })
}

async fn single_list<T: Single>(State(state): State<AppState>) -> AppResult<Json<Vec<Revision>>> {
    state.read(|tx| revisions_of::<T>(tx, "default").map(Json))
}

async fn single_get<T: Single>(
    State(state): State<AppState>,
    Path(etag): Path<String>,
) -> AppResult<Json<Revision>> {
    state.read(|tx| version::<T>(tx, "default", &etag).map(|(entry, _)| Json(revision(&entry))))
}

async fn single_restore<T: Single>(
    State(state): State<AppState>,
    Path(etag): Path<String>,
    if_match: IfMatch,
) -> AppResult<Tagged<T>> {
    state.write(|tx| {
        let (_, object) = version::<T>(tx, "default", &etag)?;
        let value = decode_version::<T>(object)?;
        audit::as_action("restore", || {
            crud::update_single_in(tx, &state, if_match.as_deref(), Write::Update, value)
        })
        .map(Tagged)
    })
}

/// The history routes of a list kind under `base` (`triggers`).
pub(crate) fn managed<T: Managed + JsonSchema>(base: &str, noun: &str) -> Routes {
    let at = format!("{base}/{{id}}/revisions");
    Routes::new()
        .both(Endpoint::at(at.clone()).get(
            list::<T>,
            op(
                format!("Versions of {}, newest first (also after it was deleted)", super::a(noun)),
                Empty,
                Reply::Json(200, many::<Revision>),
            ),
        ))
        .both(Endpoint::at(format!("{at}/{{etag}}")).get(
            get::<T>,
            op(format!("One version of {}", super::a(noun)), Empty, Reply::Json(200, one::<Revision>)),
        ))
        .both(
            Endpoint::at(format!("{at}/{{etag}}/restore")).post(
                restore::<T>,
                op(
                    format!("Save this version of {} again (a deleted one comes back last)", super::a(noun)),
                    Empty,
                    Reply::Tagged(200, one::<T>),
                )
                .role(Role::Admin)
                .if_match()
                .conflict(),
            ),
        )
}

/// The history routes of a singleton at `base` (`workingTime`).
pub(crate) fn single<T: Single + JsonSchema>(base: &str, noun: &str) -> Routes {
    let at = format!("{base}/revisions");
    Routes::new()
        .both(Endpoint::at(at.clone()).get(
            single_list::<T>,
            op(format!("Versions of the {noun}, newest first"), Empty, Reply::Json(200, many::<Revision>)),
        ))
        .both(Endpoint::at(format!("{at}/{{etag}}")).get(
            single_get::<T>,
            op(format!("One version of the {noun}"), Empty, Reply::Json(200, one::<Revision>)),
        ))
        .both(
            Endpoint::at(format!("{at}/{{etag}}/restore")).post(
                single_restore::<T>,
                op(format!("Save this version of the {noun} again"), Empty, Reply::Tagged(200, one::<T>))
                    .role(Role::Admin)
                    .if_match(),
            ),
        )
}

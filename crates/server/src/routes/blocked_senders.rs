//! `api/v3/anytime/blockedSenders` (contract §8): upsert and delete by
//! address or domain.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use anytime_core::{normalize_sender, BlockedSender};

use super::{Endpoint, Routes};
use crate::crud;
use crate::error::{AppError, AppResult};
use crate::http::{ApiJson, ApiQuery, IfMatch, Tagged, TaggedList, Written};
use crate::openapi::{
    many, one, op,
    Body::*,
    Reply::{self, NoContent},
};
use crate::state::AppState;
use crate::store;

#[derive(Deserialize)]
struct ByEmail {
    email: Option<String>,
}

/// All entries (with the list's ETag), or those whose address or domain
/// contains `?email=` (a view of the list, so without one).
async fn list(State(state): State<AppState>, ApiQuery(q): ApiQuery<ByEmail>) -> AppResult<Response> {
    let needle = q.email.map(|e| e.trim().to_lowercase()).unwrap_or_default();
    let (all, etag) =
        state.read(|tx| Ok((store::list::<BlockedSender>(tx)?, store::list_etag::<BlockedSender>(tx)?)))?;
    if needle.is_empty() {
        return Ok(TaggedList::of(all, etag).into_response());
    }
    Ok(Json(all.into_iter().map(|s| s.value).filter(|b| b.email.contains(&needle)).collect::<Vec<_>>())
        .into_response())
}

/// Adds the entry, or changes the block type of the entry with that
/// address. `If-Match` is the entry's ETag (or the list's); for a new
/// entry, only the list's.
async fn upsert(
    State(state): State<AppState>,
    if_match: IfMatch,
    ApiJson(entry): ApiJson<BlockedSender>,
) -> AppResult<crud::Member<BlockedSender>> {
    state.write(|tx| {
        // Read already as stored (trimmed, lower case): the key it is found by.
        let stored = match store::find_by_key::<BlockedSender>(tx, &entry.email)? {
            Some(current) => crud::update_in(tx, &state, &current.value.id, if_match.as_deref(), entry)?,
            None => {
                crud::validate(tx, &state, &entry)?;
                store::check_list::<BlockedSender>(tx, if_match.as_deref())?;
                crud::create_in(tx, &state, entry)?
            }
        };
        let list = store::list_etag::<BlockedSender>(tx)?;
        Ok((Written { etag: None, list: Some(list) }, Tagged(stored)))
    })
}

async fn delete_by_email(
    State(state): State<AppState>,
    if_match: IfMatch,
    ApiQuery(q): ApiQuery<ByEmail>,
) -> AppResult<(Written, StatusCode)> {
    let email = normalize_sender(&q.email.unwrap_or_default());
    if email.is_empty() {
        return Err(AppError::field(
            "email",
            "Say which entry: ?email=name@example.com or ?email=example.com",
        ));
    }
    let written = state.write(|tx| {
        let found = store::find_by_key::<BlockedSender>(tx, &email)?;
        match found {
            Some(s) => {
                crud::delete_in::<BlockedSender>(tx, &state, &s.value.id, if_match.as_deref()).map(|(_, w)| w)
            }
            None => Err(AppError::NotFound(format!("'{email}' is not blocked."))),
        }
    })?;
    Ok((written, StatusCode::NO_CONTENT))
}

async fn delete_by_id(
    state: State<AppState>,
    path: Path<String>,
    if_match: IfMatch,
) -> AppResult<(Written, StatusCode)> {
    crud::delete::<BlockedSender>(state, path, if_match).await
}

pub fn router() -> Routes {
    Routes::new()
        .both(
            Endpoint::at("blockedSenders")
                .get(
                    list,
                    op(
                        "List blocked senders, or those containing ?email=",
                        Empty,
                        Reply::Json(200, many::<BlockedSender>),
                    )
                    .query(&[("email", "Part of an address or domain")]),
                )
                .put(
                    upsert,
                    op(
                        "Add a blocked sender, or change the one with that address",
                        Req(one::<BlockedSender>),
                        Reply::Tagged(200, one::<BlockedSender>),
                    ),
                )
                .delete(
                    delete_by_email,
                    op("Remove a blocked sender by ?email=", Empty, NoContent)
                        .query(&[("email", "The address or domain")]),
                ),
        )
        .both(
            Endpoint::at("blockedSenders/{id}")
                .get(
                    crud::get_one::<BlockedSender>,
                    op("Get a blocked sender", Empty, Reply::Tagged(200, one::<BlockedSender>)),
                )
                .delete(delete_by_id, op("Remove a blocked sender", Empty, NoContent)),
        )
}

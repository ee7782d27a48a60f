//! `api/v3/anytime/blockedSenders` (contract §8): upsert and delete by
//! address or domain.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

use anytime_core::{normalize_sender, BlockedSender};

use super::both;
use crate::crud::{self, Managed};
use crate::error::{AppError, AppResult};
use crate::http::{ApiJson, ApiQuery, Tagged};
use crate::state::AppState;
use crate::store;

impl Managed for BlockedSender {}

#[derive(Deserialize)]
struct ByEmail {
    email: Option<String>,
}

/// All entries, or those whose address or domain contains `?email=`.
async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ByEmail>,
) -> AppResult<Json<Vec<BlockedSender>>> {
    let needle = q.email.map(|e| e.trim().to_lowercase()).unwrap_or_default();
    let all = state.read(store::list::<BlockedSender>)?;
    Ok(Json(all.into_iter().map(|s| s.value).filter(|b| b.email.contains(&needle)).collect()))
}

/// Adds the entry, or changes the block type of the entry with that address.
async fn upsert(
    State(state): State<AppState>,
    ApiJson(mut entry): ApiJson<BlockedSender>,
) -> AppResult<Tagged<BlockedSender>> {
    state.write(|tx| {
        crud::validate(tx, &state, &entry)?;
        let existing = store::list::<BlockedSender>(tx)?.into_iter().find(|s| s.value.email == entry.email);
        match existing {
            Some(current) => {
                entry.id = current.value.id;
                store::update(tx, &mut entry)
            }
            None => store::insert(tx, &mut entry, false),
        }
        .map(Tagged)
    })
}

async fn delete_by_email(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ByEmail>,
) -> AppResult<StatusCode> {
    let email = normalize_sender(&q.email.unwrap_or_default());
    if email.is_empty() {
        return Err(AppError::field(
            "email",
            "Say which entry: ?email=name@example.com or ?email=example.com",
        ));
    }
    state.write(|tx| {
        let found = store::list::<BlockedSender>(tx)?.into_iter().find(|s| s.value.email == email);
        match found {
            Some(s) => store::delete::<BlockedSender>(tx, &s.value.id).map(drop),
            None => Err(AppError::NotFound(format!("'{email}' is not blocked."))),
        }
    })?;
    Ok(StatusCode::NO_CONTENT)
}

async fn delete_by_id(state: State<AppState>, path: Path<String>) -> AppResult<StatusCode> {
    crud::delete::<BlockedSender>(state, path).await
}

pub fn router() -> Router<AppState> {
    let r = both(Router::new(), "blockedSenders", get(list).put(upsert).delete(delete_by_email));
    both(r, "blockedSenders/{id}", get(crud::get_one::<BlockedSender>).delete(delete_by_id))
}

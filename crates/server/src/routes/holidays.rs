//! `api/v3/anytime/holidays` (contract §8).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use anytime_core::Holiday;

use super::both;
use crate::crud;
use crate::error::{AppError, AppResult};
use crate::http::{ApiQuery, IfMatch, TaggedList, Written};
use crate::state::AppState;
use crate::store;

#[derive(Deserialize)]
struct ById {
    id: Option<String>,
}

/// `DELETE holidays?id=…`, as the spec's path has no id.
async fn delete_by_query(
    State(state): State<AppState>,
    if_match: IfMatch,
    ApiQuery(q): ApiQuery<ById>,
) -> AppResult<(Written, StatusCode)> {
    let id =
        q.id.filter(|i| !i.is_empty()).ok_or_else(|| AppError::field("id", "Say which holiday: ?id=…"))?;
    let (_, written) = state.write(|tx| crud::delete_in::<Holiday>(tx, &state, &id, if_match.as_deref()))?;
    Ok((written, StatusCode::NO_CONTENT))
}

/// Holidays by date, with the list's ETag.
async fn list(State(state): State<AppState>) -> AppResult<TaggedList<Holiday>> {
    let (mut holidays, etag) =
        state.read(|tx| Ok((store::list::<Holiday>(tx)?, store::list_etag::<Holiday>(tx)?)))?;
    holidays.sort_by(|a, b| a.value.date.cmp(&b.value.date));
    Ok(TaggedList::of(holidays, etag))
}

pub fn router() -> Router<AppState> {
    let r = both(Router::new(), "holidays", get(list).post(crud::create::<Holiday>).delete(delete_by_query));
    both(
        r,
        "holidays/{id}",
        get(crud::get_one::<Holiday>).put(crud::update::<Holiday>).delete(crud::delete::<Holiday>),
    )
}

//! `api/v3/anytime/holidays` (contract §8).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Json;
use axum::Router;
use serde::Deserialize;

use anytime_core::Holiday;

use super::both;
use crate::crud;
use crate::error::{AppError, AppResult};
use crate::http::ApiQuery;
use crate::state::AppState;
use crate::store;

#[derive(Deserialize)]
struct ById {
    id: Option<String>,
}

/// `DELETE holidays?id=…`, as the spec's path has no id.
async fn delete_by_query(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<ById>,
) -> AppResult<StatusCode> {
    let id =
        q.id.filter(|i| !i.is_empty()).ok_or_else(|| AppError::field("id", "Say which holiday: ?id=…"))?;
    state.write(|tx| store::delete::<Holiday>(tx, &id))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Holidays by date.
async fn list(State(state): State<AppState>) -> AppResult<Json<Vec<Holiday>>> {
    let mut holidays: Vec<Holiday> =
        state.read(store::list::<Holiday>)?.into_iter().map(|s| s.value).collect();
    holidays.sort_by(|a, b| a.date.cmp(&b.date));
    Ok(Json(holidays))
}

pub fn router() -> Router<AppState> {
    let r = both(Router::new(), "holidays", get(list).post(crud::create::<Holiday>).delete(delete_by_query));
    both(
        r,
        "holidays/{id}",
        get(crud::get_one::<Holiday>).put(crud::update::<Holiday>).delete(crud::delete::<Holiday>),
    )
}

//! `api/v3/anytime/workingTime` (contract §8).

use axum::extract::State;
use axum::routing::get;
use axum::Router;

use anytime_core::WorkingTime;

use super::both;
use crate::crud;
use crate::error::AppResult;
use crate::http::{ApiJson, IfMatch, Tagged};
use crate::state::AppState;
use crate::store;

async fn get_one(State(state): State<AppState>) -> AppResult<Tagged<WorkingTime>> {
    state.read(|tx| store::singleton(tx, WorkingTime::default).map(Tagged))
}

/// The spec answers "http status code"; the saved settings with their ETag
/// are more useful and still a 2xx.
async fn update(
    State(state): State<AppState>,
    if_match: IfMatch,
    ApiJson(mut working_time): ApiJson<WorkingTime>,
) -> AppResult<Tagged<WorkingTime>> {
    state.write(|tx| {
        let current = store::singleton(tx, WorkingTime::default)?;
        crud::validate(tx, &state, &working_time)?;
        store::check_if_match(if_match.as_deref(), &current)?;
        if let Some(canonical) = anytime_core::tz::canonical(working_time.time_zone.trim()) {
            working_time.time_zone = canonical.to_owned();
        }
        store::put_singleton(tx, &mut working_time).map(Tagged)
    })
}

pub fn router() -> Router<AppState> {
    both(Router::new(), "workingTime", get(get_one).put(update))
}

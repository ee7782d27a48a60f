//! `api/v3/anytime/autoAllocation` (contract §9).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::Router;

use anytime_core::{AutoAllocationSetting, Context, EnableRequest, Validate};

use super::both;
use crate::crud;
use crate::error::AppResult;
use crate::http::{ApiJson, IfMatch, Tagged, Written};
use crate::state::AppState;
use crate::store;

async fn get_one(State(state): State<AppState>) -> AppResult<Tagged<AutoAllocationSetting>> {
    state.read(|tx| store::singleton(tx, AutoAllocationSetting::default).map(Tagged))
}

async fn update(
    State(state): State<AppState>,
    if_match: IfMatch,
    ApiJson(mut setting): ApiJson<AutoAllocationSetting>,
) -> AppResult<Tagged<AutoAllocationSetting>> {
    state.write(|tx| {
        let current = store::singleton(tx, AutoAllocationSetting::default)?;
        crud::validate(tx, &state, &setting)?;
        store::check_if_match(if_match.as_deref(), &current)?;
        store::put_singleton(tx, &mut setting).map(Tagged)
    })
}

async fn enable(
    State(state): State<AppState>,
    if_match: IfMatch,
    ApiJson(request): ApiJson<EnableRequest>,
) -> AppResult<(Written, StatusCode)> {
    request.validate(&Context::new(&[], &state.directory))?;
    let saved = state.write(|tx| {
        let current = store::singleton(tx, AutoAllocationSetting::default)?;
        store::check_if_match(if_match.as_deref(), &current)?;
        let mut setting = current.value;
        setting.enable = request.enable.unwrap_or_default();
        store::put_singleton(tx, &mut setting)
    })?;
    Ok((Written { etag: Some(saved.etag), list: None }, StatusCode::NO_CONTENT))
}

pub fn router() -> Router<AppState> {
    let r = both(Router::new(), "autoAllocation", get(get_one).put(update));
    both(r, "autoAllocation/enable", put(enable))
}

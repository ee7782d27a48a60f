//! `api/v3/anytime/routingRules` and its custom rules (contract §5).

use axum::extract::{Path, State};
use axum::routing::{get, put};
use axum::{Json, Router};

use anytime_core::{CustomRule, EnableRequest, RoutingConfig, ROUTING_CONFIG_ID};

use super::both;
use crate::crud;
use crate::error::{AppError, AppResult};
use crate::http::{ApiJson, IfMatch, Tagged, Written};
use crate::state::AppState;

fn require_default(id: &str) -> AppResult<()> {
    if id == ROUTING_CONFIG_ID {
        Ok(())
    } else {
        Err(AppError::NotFound(format!(
            "There is one routing configuration, with the id '{ROUTING_CONFIG_ID}'; '{id}' is not it."
        )))
    }
}

/// The spec lists configurations; there is one.
async fn list(State(state): State<AppState>) -> AppResult<Json<Vec<RoutingConfig>>> {
    state.read(|tx| Ok(Json(vec![crud::load_single::<RoutingConfig>(tx)?.value])))
}

async fn get_one(state: State<AppState>, Path(id): Path<String>) -> AppResult<Tagged<RoutingConfig>> {
    require_default(&id)?;
    crud::get_single(state).await
}

async fn update(
    state: State<AppState>,
    Path(id): Path<String>,
    if_match: IfMatch,
    body: ApiJson<RoutingConfig>,
) -> AppResult<Tagged<RoutingConfig>> {
    require_default(&id)?;
    crud::update_single(state, if_match, body).await
}

/// Answers the list of configurations, as `GET routingRules` does.
async fn enable(
    State(state): State<AppState>,
    if_match: IfMatch,
    ApiJson(request): ApiJson<EnableRequest>,
) -> AppResult<(Written, Json<Vec<RoutingConfig>>)> {
    let saved = crud::enable_single_in::<RoutingConfig>(&state, if_match.as_deref(), request)?;
    Ok((Written { etag: Some(saved.etag), list: None }, Json(vec![saved.value])))
}

pub fn router() -> Router<AppState> {
    let r = Router::new();
    let r = both(r, "routingRules", get(list));
    let r = both(r, "routingRules/enable", put(enable));
    let r = both(r, "routingRules/{id}", get(get_one).put(update));
    let r =
        both(r, "routingRules/customRules", get(crud::list::<CustomRule>).post(crud::create::<CustomRule>));
    let r = both(r, "routingRules/customRules/order", put(crud::order::<CustomRule>));
    let r = both(
        r,
        "routingRules/customRules/{id}",
        get(crud::get_one::<CustomRule>).put(crud::update::<CustomRule>).delete(crud::delete::<CustomRule>),
    );
    let r = both(r, "routingRules/customRules/{id}/enable", put(crud::enable::<CustomRule>));
    both(r, "routingRules/customRules/{id}/sort", put(crud::sort_no_content::<CustomRule>))
}

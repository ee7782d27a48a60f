//! `api/v3/anytime/routingRules` and its custom rules (contract §5).

use axum::extract::{Path, State};
use axum::routing::{get, put};
use axum::{Json, Router};
use rusqlite::Transaction;

use anytime_core::{Context, CustomRule, EnableRequest, RoutingConfig, Validate, ROUTING_CONFIG_ID};

use super::both;
use crate::crud;
use crate::error::{AppError, AppResult};
use crate::http::{ApiJson, IfMatch, Tagged, Written};
use crate::state::AppState;
use crate::store::{self, Stored};

/// The configuration with its custom rules in order.
fn load(tx: &Transaction) -> AppResult<Stored<RoutingConfig>> {
    let mut config = store::singleton(tx, RoutingConfig::default)?;
    config.value.rules = store::list::<CustomRule>(tx)?.into_iter().map(|s| s.value).collect();
    Ok(config)
}

fn require_default(id: &str) -> AppResult<()> {
    if id == ROUTING_CONFIG_ID {
        Ok(())
    } else {
        Err(AppError::NotFound(format!(
            "There is one routing configuration, with the id '{ROUTING_CONFIG_ID}'; '{id}' is not it."
        )))
    }
}

async fn list(State(state): State<AppState>) -> AppResult<Json<Vec<RoutingConfig>>> {
    state.read(|tx| Ok(Json(vec![load(tx)?.value])))
}

async fn get_one(State(state): State<AppState>, Path(id): Path<String>) -> AppResult<Tagged<RoutingConfig>> {
    require_default(&id)?;
    state.read(|tx| load(tx).map(Tagged))
}

async fn update(
    State(state): State<AppState>,
    Path(id): Path<String>,
    if_match: IfMatch,
    ApiJson(mut config): ApiJson<RoutingConfig>,
) -> AppResult<Tagged<RoutingConfig>> {
    require_default(&id)?;
    state.write(|tx| {
        let current = store::singleton(tx, RoutingConfig::default)?;
        crud::validate(tx, &state, &config)?;
        store::check_if_match(if_match.as_deref(), &current)?;
        // Custom rules have their own endpoints; `rules` is output only.
        config.rules.clear();
        store::put_singleton(tx, &mut config)?;
        load(tx).map(Tagged)
    })
}

async fn enable(
    State(state): State<AppState>,
    if_match: IfMatch,
    ApiJson(request): ApiJson<EnableRequest>,
) -> AppResult<(Written, Json<Vec<RoutingConfig>>)> {
    request.validate(&Context::new(&[], &state.directory))?;
    state.write(|tx| {
        let current = store::singleton(tx, RoutingConfig::default)?;
        store::check_if_match(if_match.as_deref(), &current)?;
        let mut config = current.value;
        config.is_enable = request.enable.unwrap_or_default();
        let saved = store::put_singleton(tx, &mut config)?;
        Ok((Written { etag: Some(saved.etag), list: None }, Json(vec![load(tx)?.value])))
    })
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

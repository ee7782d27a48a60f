//! `api/v3/anytime/routingRules` and its custom rules (contract §5).

use axum::extract::{Path, State};
use axum::Json;

use anytime_core::{CustomRule, EnableRequest, RoutingConfig, ROUTING_CONFIG_ID};

use super::{ordered, Enabled, Endpoint, Routes, Sorted};
use crate::crud;
use crate::error::{AppError, AppResult};
use crate::http::{ApiJson, IfMatch, Tagged, Written};
use crate::openapi::{many, one, op, Body::*, Reply};
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

pub fn router() -> Routes {
    type R = RoutingConfig;
    super::history::single::<R>("routingRules", "routing configuration")
        .merge(Routes::new())
        .both(Endpoint::at("routingRules").get(
            list,
            op("The routing configuration (one), with its custom rules", Empty, Reply::Json(200, many::<R>)),
        ))
        .both(Endpoint::at("routingRules/enable").put(
            enable,
            op("Turn routing on or off", Req(one::<EnableRequest>), Reply::Json(200, many::<R>)),
        ))
        .both(
            Endpoint::at("routingRules/{id}")
                .get(
                    get_one,
                    op("The routing configuration (id 'default')", Empty, Reply::Tagged(200, one::<R>)),
                )
                .put(
                    update,
                    op(
                        "Update the routing configuration ('rules' is ignored)",
                        Req(one::<R>),
                        Reply::Tagged(200, one::<R>),
                    )
                    .if_match(),
                ),
        )
        .merge(ordered::<CustomRule>(
            "routingRules/customRules",
            "custom rule",
            Enabled::Object,
            Sorted::NoContent,
        ))
}

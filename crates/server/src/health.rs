//! `GET /api/health`: liveness and the database's state, without auth.

use axum::extract::State;
use axum::Json;
use serde::Serialize;

use crate::error::AppResult;
use crate::openapi::{one, op, Body::*, Reply};
use crate::routes::{Endpoint, Routes};
use crate::state::AppState;

#[derive(Serialize)]
struct Health {
    status: &'static str,
    version: &'static str,
    #[serde(rename = "schemaVersion")]
    schema_version: i64,
}

async fn health(State(state): State<AppState>) -> AppResult<Json<Health>> {
    let schema_version = state.read(|tx| tx.schema_version())?;
    Ok(Json(Health { status: "ok", version: env!("CARGO_PKG_VERSION"), schema_version }))
}

pub fn router() -> Routes {
    Routes::new()
        .one(Endpoint::at("health").open().get(
            health,
            op(
                "Liveness and schema version (no token needed)",
                Empty,
                Reply::Json(200, one::<serde_json::Value>),
            ),
        ))
        .public()
}

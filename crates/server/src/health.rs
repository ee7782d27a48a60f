//! `GET /api/health`: liveness and the database's state, without auth.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::error::AppResult;
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

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

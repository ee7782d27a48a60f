//! `GET api/v3/agents`, `GET api/v3/departments` (contract §2).

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};

use anytime_core::{Agent, Department};

use crate::state::AppState;

async fn agents(State(state): State<AppState>) -> Json<Vec<Agent>> {
    Json(state.directory.agents.clone())
}

async fn departments(State(state): State<AppState>) -> Json<Vec<Department>> {
    Json(state.directory.departments.clone())
}

pub fn router() -> Router<AppState> {
    let r = super::one(Router::new(), "agents", get(agents));
    super::one(r, "departments", get(departments))
}

//! `GET api/v3/agents`, `GET api/v3/departments` (contract §2).

use axum::extract::State;
use axum::Json;

use anytime_core::{Agent, Department};

use super::{Endpoint, Routes};
use crate::openapi::{many, op, Body::*, Reply};
use crate::state::AppState;

async fn agents(State(state): State<AppState>) -> Json<Vec<Agent>> {
    Json(state.directory.agents.clone())
}

async fn departments(State(state): State<AppState>) -> Json<Vec<Department>> {
    Json(state.directory.departments.clone())
}

pub fn router() -> Routes {
    Routes::new()
        .one(
            Endpoint::at("agents")
                .get(agents, op("The agents settings can refer to", Empty, Reply::Json(200, many::<Agent>))),
        )
        .one(Endpoint::at("departments").get(
            departments,
            op("The departments settings can refer to", Empty, Reply::Json(200, many::<Department>)),
        ))
}

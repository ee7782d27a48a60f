//! `api/v2/anytime/SLAPolicies` and the same under v3 (contract §7).

use axum::routing::{get, put};
use axum::Router;

use anytime_core::SlaPolicy;

use super::both;
use crate::crud;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    let r = Router::new();
    let r = both(r, "SLAPolicies", get(crud::list::<SlaPolicy>).post(crud::create::<SlaPolicy>));
    let r = both(r, "SLAPolicies/order", put(crud::order::<SlaPolicy>));
    let r = both(
        r,
        "SLAPolicies/{id}",
        get(crud::get_one::<SlaPolicy>).put(crud::update::<SlaPolicy>).delete(crud::delete::<SlaPolicy>),
    );
    let r = both(r, "SLAPolicies/{id}/enable", put(crud::enable::<SlaPolicy>));
    both(r, "SLAPolicies/{id}/sort", put(crud::sort::<SlaPolicy>))
}

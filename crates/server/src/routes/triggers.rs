//! `api/v3/anytime/triggers` (contract §6).

use axum::routing::{get, put};
use axum::Router;

use anytime_core::Trigger;

use super::both;
use crate::crud;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    let r = Router::new();
    let r = both(r, "triggers", get(crud::list::<Trigger>).post(crud::create::<Trigger>));
    let r = both(r, "triggers/order", put(crud::order::<Trigger>));
    let r = both(
        r,
        "triggers/{id}",
        get(crud::get_one::<Trigger>).put(crud::update::<Trigger>).delete(crud::delete::<Trigger>),
    );
    let r = both(r, "triggers/{id}/enable", put(crud::enable_no_content::<Trigger>));
    both(r, "triggers/{id}/sort", put(crud::sort::<Trigger>))
}

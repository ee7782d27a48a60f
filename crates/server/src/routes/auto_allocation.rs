//! `api/v3/anytime/autoAllocation` (contract §9).

use axum::routing::{get, put};
use axum::Router;

use anytime_core::AutoAllocationSetting;

use super::both;
use crate::crud;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    type A = AutoAllocationSetting;
    let r = both(Router::new(), "autoAllocation", get(crud::get_single::<A>).put(crud::update_single::<A>));
    both(r, "autoAllocation/enable", put(crud::enable_single::<A>))
}

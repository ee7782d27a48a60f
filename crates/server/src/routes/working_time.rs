//! `api/v3/anytime/workingTime` (contract §8).

use axum::routing::get;
use axum::Router;

use anytime_core::WorkingTime;

use super::both;
use crate::crud;
use crate::state::AppState;

/// The spec answers "http status code" on update; the saved settings with
/// their ETag are more useful and still a 2xx.
pub fn router() -> Router<AppState> {
    both(
        Router::new(),
        "workingTime",
        get(crud::get_single::<WorkingTime>).put(crud::update_single::<WorkingTime>),
    )
}

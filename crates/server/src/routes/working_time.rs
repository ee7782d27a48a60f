//! `api/v3/anytime/workingTime` (contract §8).

use anytime_core::WorkingTime;

use super::{Endpoint, Routes};
use crate::crud;
use crate::openapi::{one, op, Body::*, Reply::*};

/// The spec answers "http status code" on update; the saved settings with
/// their ETag are more useful and still a 2xx.
pub fn router() -> Routes {
    super::history::single::<WorkingTime>("workingTime", "working time").merge(Routes::new()).both(
        Endpoint::at("workingTime")
            .get(
                crud::get_single::<WorkingTime>,
                op("Business hours and their time zone", Empty, Tagged(200, one::<WorkingTime>)),
            )
            .put(
                crud::update_single::<WorkingTime>,
                op("Update business hours", Req(one::<WorkingTime>), Tagged(200, one::<WorkingTime>))
                    .if_match(),
            ),
    )
}

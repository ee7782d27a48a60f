//! `api/v3/anytime/autoAllocation` (contract §9).

use anytime_core::{AutoAllocationSetting, EnableRequest};

use super::{Endpoint, Routes};
use crate::crud;
use crate::openapi::{one, op, Body::*, Reply::*};

pub fn router() -> Routes {
    type A = AutoAllocationSetting;
    super::history::single::<A>("autoAllocation", "auto allocation settings")
        .merge(Routes::new())
        .both(
            Endpoint::at("autoAllocation")
                .get(crud::get_single::<A>, op("Auto allocation settings", Empty, Tagged(200, one::<A>)))
                .put(
                    crud::update_single::<A>,
                    op("Update auto allocation settings", Req(one::<A>), Tagged(200, one::<A>)).if_match(),
                ),
        )
        .both(Endpoint::at("autoAllocation/enable").put(
            crud::enable_single::<A>,
            op("Turn auto allocation on or off", Req(one::<EnableRequest>), NoContent),
        ))
}

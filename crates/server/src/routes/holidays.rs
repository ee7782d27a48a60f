//! `api/v3/anytime/holidays` (contract §8).

use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;

use anytime_core::Holiday;

use super::{Endpoint, Routes};
use crate::crud;
use crate::error::{AppError, AppResult};
use crate::http::{ApiQuery, IfMatch, TaggedList, Written};
use crate::openapi::{many, one, op, Body::*, Param, Reply::*};
use crate::state::AppState;
use crate::store;

#[derive(Deserialize)]
struct ById {
    id: Option<String>,
}

/// `DELETE holidays?id=…`, as the spec's path has no id.
async fn delete_by_query(
    State(state): State<AppState>,
    if_match: IfMatch,
    ApiQuery(q): ApiQuery<ById>,
) -> AppResult<(Written, StatusCode)> {
    let id =
        q.id.filter(|i| !i.is_empty()).ok_or_else(|| AppError::field("id", "Say which holiday: ?id=…"))?;
    let (_, written) = state.write(|tx| crud::delete_in::<Holiday>(tx, &state, &id, if_match.as_deref()))?;
    Ok((written, StatusCode::NO_CONTENT))
}

/// Holidays by date, with the list's ETag.
async fn list(State(state): State<AppState>) -> AppResult<TaggedList<Holiday>> {
    let (mut holidays, etag) =
        state.read(|tx| Ok((store::list::<Holiday>(tx)?, store::list_etag::<Holiday>(tx)?)))?;
    holidays.sort_by(|a, b| a.value.date.cmp(&b.value.date));
    Ok(TaggedList::of(holidays, etag))
}

pub fn router() -> Routes {
    super::history::managed::<Holiday>("holidays", "holiday")
        .merge(Routes::new())
        .both(
            Endpoint::at("holidays")
                .get(list, op("List holidays by date", Empty, Json(200, many::<Holiday>)))
                .post(
                    crud::create::<Holiday>,
                    op("Create a holiday", Req(one::<Holiday>), Tagged(201, one::<Holiday>)).conflict(),
                )
                .delete(
                    delete_by_query,
                    op("Delete a holiday by ?id=", Empty, NoContent).query(&[(
                        "id",
                        Param::Text,
                        "The holiday's id",
                    )]),
                ),
        )
        .both(
            Endpoint::at("holidays/{id}")
                .get(crud::get_one::<Holiday>, op("Get a holiday", Empty, Tagged(200, one::<Holiday>)))
                .put(
                    crud::update::<Holiday>,
                    op("Update a holiday", Req(one::<Holiday>), Tagged(200, one::<Holiday>))
                        .if_match()
                        .conflict(),
                )
                .delete(crud::delete::<Holiday>, op("Delete a holiday", Empty, NoContent)),
        )
}

//! `api/v3/anytime/fields` and `fields/mapping` (contract §8).

use crate::store::Transaction;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use anytime_core::validate::placeholders;
use anytime_core::{Condition, CustomRule, Field, FieldMappingRequest, SlaPolicy, Trigger};

use super::{Endpoint, Routes};
use crate::crud;
use crate::error::{AppError, AppResult};
use crate::http::{ApiJson, ApiQuery, IfMatch, TaggedList, Written};
use crate::openapi::{
    many, one, op,
    Body::*,
    Param,
    Reply::{self, NoContent, Tagged},
};
use crate::state::AppState;
use crate::store;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Filter {
    is_system_field: Option<bool>,
}

/// Every field with the list's ETag, or (`?isSystemField=`) a view of it.
async fn list(State(state): State<AppState>, ApiQuery(filter): ApiQuery<Filter>) -> AppResult<Response> {
    let (all, etag) = state.read(|tx| Ok((store::list::<Field>(tx)?, store::list_etag::<Field>(tx)?)))?;
    let Some(want) = filter.is_system_field else {
        return Ok(TaggedList::of(all, etag).into_response());
    };
    Ok(Json(all.into_iter().map(|s| s.value).filter(|f| f.is_system_field == want).collect::<Vec<_>>())
        .into_response())
}

/// Everything that refers to a field, in words.
fn users(tx: &Transaction, field_id: &str) -> AppResult<Vec<String>> {
    let uses = |list: &[Condition]| list.iter().any(|c| c.field_id == field_id);
    let mut found = Vec::new();
    for r in store::list::<CustomRule>(tx)? {
        if uses(&r.value.conditions.list) {
            found.push(format!("custom rule '{}'", r.value.name));
        }
    }
    for t in store::list::<Trigger>(tx)? {
        let t = t.value;
        let in_text = [&t.subject, &t.html_text, &t.plain_text]
            .iter()
            .any(|text| placeholders(text).iter().any(|(_, name)| *name == field_id));
        let in_updates = t.auto_update.iter().any(|u| u.field_id == field_id);
        if uses(&t.conditions) || in_updates || in_text {
            found.push(format!("trigger '{}'", t.description));
        }
    }
    for (i, p) in store::list::<SlaPolicy>(tx)?.into_iter().enumerate() {
        if uses(&p.value.conditions) {
            found.push(format!("SLA policy '{}'", p.value.display_name(i)));
        }
    }
    Ok(found)
}

async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    if_match: IfMatch,
) -> AppResult<(Written, StatusCode)> {
    let written = state.write(|tx| {
        let current = store::require_matching::<Field>(tx, &id, if_match.as_deref())?;
        let field = current.value;
        if field.is_system_field {
            return Err(AppError::Conflict(format!(
                "{} is a system field and cannot be deleted.",
                field.name
            )));
        }
        let users = users(tx, &id)?;
        if !users.is_empty() {
            let first =
                if users.len() == 1 { "Remove it there first." } else { "Remove it from them first." };
            return Err(AppError::Conflict(format!(
                "{} is used by {}. {first}",
                field.name,
                users.join(", ")
            )));
        }
        crud::delete_in::<Field>(tx, &state, &id, None).map(|(_, w)| w)
    })?;
    Ok((written, StatusCode::NO_CONTENT))
}

/// Replaces every mapping at once: fields not listed lose theirs.
/// `If-Match` is the fields list's ETag: a mapping rewrites many fields.
async fn mapping(
    State(state): State<AppState>,
    if_match: IfMatch,
    ApiJson(request): ApiJson<FieldMappingRequest>,
) -> AppResult<(Written, StatusCode)> {
    let written = state.write(|tx| {
        crud::validate(tx, &state, &request)?;
        store::check_list::<Field>(tx, if_match.as_deref())?;
        let list = request.into_list();
        for stored in store::list::<Field>(tx)? {
            let mut field = stored.value;
            let m = list.iter().find(|m| m.field_id == field.id);
            let chat = m.and_then(|m| m.chat_field_mapping.clone());
            let offline = m.and_then(|m| m.offline_message_field_mapping.clone());
            if field.chat_field_mapping != chat || field.offline_message_field_mapping != offline {
                field.chat_field_mapping = chat;
                field.offline_message_field_mapping = offline;
                crate::audit::as_action("mapping", || crud::rewrite(tx, &mut field))?;
            }
        }
        Ok(Written { etag: None, list: Some(store::list_etag::<Field>(tx)?) })
    })?;
    Ok((written, StatusCode::NO_CONTENT))
}

pub fn router() -> Routes {
    super::history::managed::<Field>("fields", "field")
        .merge(Routes::new())
        .both(
            Endpoint::at("fields")
                .get(
                    list,
                    op(
                        "List fields (?isSystemField=true|false filters)",
                        Empty,
                        Reply::Json(200, many::<Field>),
                    )
                    .query(&[("isSystemField", Param::Flag, "true or false")]),
                )
                .post(
                    crud::create::<Field>,
                    op("Create a field", Req(one::<Field>), Tagged(201, one::<Field>)).conflict(),
                ),
        )
        .both(Endpoint::at("fields/mapping").put(
            mapping,
            op("Replace every chat and offline-message mapping", Req(one::<FieldMappingRequest>), NoContent),
        ))
        .both(
            Endpoint::at("fields/{id}")
                .get(crud::get_one::<Field>, op("Get a field", Empty, Tagged(200, one::<Field>)))
                .put(
                    crud::update::<Field>,
                    op(
                        "Update a field (system fields keep their type)",
                        Req(one::<Field>),
                        Tagged(200, one::<Field>),
                    )
                    .if_match()
                    .conflict(),
                )
                .delete(
                    delete,
                    op("Delete a field (409 for system fields and fields in use)", Empty, NoContent)
                        .conflict(),
                ),
        )
}

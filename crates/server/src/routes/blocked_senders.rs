//! `api/v3/anytime/blockedSenders` (contract §8): upsert and delete by
//! address or domain.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use anytime_core::{
    normalize_sender, BlockedSender, BulkBlocked, BulkUnblock, BulkUnblocked, ItemError, ValidationErrors,
};

use super::{Endpoint, Routes};
use crate::crud;
use crate::error::{AppError, AppResult};
use crate::http::{ApiJson, ApiQuery, IfMatch, Tagged, TaggedList, Written, TOTAL};
use crate::openapi::{
    many, one, op,
    Body::*,
    Param,
    Reply::{self, NoContent},
};
use crate::state::AppState;
use crate::store;

#[derive(Deserialize)]
struct ByEmail {
    email: Option<String>,
}

#[derive(Deserialize)]
struct ListQuery {
    email: Option<String>,
    limit: Option<u64>,
}

/// All entries (with the list's ETag), or those whose address or domain
/// contains `?email=` (a view of the list, so without one). `?limit=N`
/// gives the first N in address order and the count of all in
/// `Anytime-Total`: a console draws its first rows from it while the whole
/// list comes.
async fn list(State(state): State<AppState>, ApiQuery(q): ApiQuery<ListQuery>) -> AppResult<Response> {
    let needle = q.email.map(|e| e.trim().to_lowercase()).unwrap_or_default();
    let limit = match q.limit {
        None => None,
        Some(n) if (1..=MAX_BULK as u64).contains(&n) => Some(n as usize),
        Some(n) => {
            return Err(AppError::BadRequest(format!(
                "The query string is not valid: limit is 1 to {MAX_BULK}, not {n}."
            )));
        }
    };
    let (found, total) = match (needle.is_empty(), limit) {
        (true, None) => {
            let (all, etag) = state
                .read(|tx| Ok((store::list::<BlockedSender>(tx)?, store::list_etag::<BlockedSender>(tx)?)))?;
            return Ok(TaggedList::of(all, etag).into_response());
        }
        // The first page by the index on addresses (10,000 entries: 0.3 ms, not 25).
        (true, Some(n)) => {
            let (first, total) = state.read(|tx| store::first_by_key::<BlockedSender>(tx, n))?;
            (first.into_iter().map(|s| s.value).collect(), total)
        }
        (false, _) => found_by_part(&state, &needle, limit)?,
    };
    let mut response = Json(found).into_response();
    response.headers_mut().insert(TOTAL, total.into());
    Ok(response)
}

/// Those containing `needle` (the first `limit` by address, if given), and
/// how many contain it.
fn found_by_part(
    state: &AppState,
    needle: &str,
    limit: Option<usize>,
) -> AppResult<(Vec<BlockedSender>, usize)> {
    let all = state.read(|tx| store::list::<BlockedSender>(tx))?;
    let mut found: Vec<BlockedSender> =
        all.into_iter().map(|s| s.value).filter(|b| b.email.contains(needle)).collect();
    let total = found.len();
    if let Some(n) = limit {
        if n < found.len() {
            found.select_nth_unstable_by(n, |a, b| a.email.cmp(&b.email));
            found.truncate(n);
        }
        found.sort_unstable_by(|a, b| a.email.cmp(&b.email));
    }
    Ok((found, total))
}

/// Adds the entry, or changes the block type of the entry with that
/// address. `If-Match` is the entry's ETag (or the list's); for a new
/// entry, only the list's.
async fn upsert(
    State(state): State<AppState>,
    if_match: IfMatch,
    ApiJson(entry): ApiJson<BlockedSender>,
) -> AppResult<crud::Member<BlockedSender>> {
    state.write(|tx| {
        // Read already as stored (trimmed, lower case): the key it is found by.
        let stored = match store::find_by_key::<BlockedSender>(tx, &entry.email)? {
            Some(current) => crud::update_in(tx, &state, &current.value.id, if_match.as_deref(), entry)?,
            None => {
                crud::validate(tx, &state, &entry)?;
                store::check_list::<BlockedSender>(tx, if_match.as_deref())?;
                crud::create_in(tx, &state, entry)?
            }
        };
        let list = store::list_etag::<BlockedSender>(tx)?;
        Ok((Written { etag: None, list: Some(list) }, Tagged(stored)))
    })
}

async fn delete_by_email(
    State(state): State<AppState>,
    if_match: IfMatch,
    ApiQuery(q): ApiQuery<ByEmail>,
) -> AppResult<(Written, StatusCode)> {
    let email = normalize_sender(&q.email.unwrap_or_default());
    if email.is_empty() {
        return Err(AppError::field(
            "email",
            "Say which entry: ?email=name@example.com or ?email=example.com",
        ));
    }
    let written = state.write(|tx| {
        let found = store::find_by_key::<BlockedSender>(tx, &email)?;
        match found {
            Some(s) => {
                crud::delete_in::<BlockedSender>(tx, &state, &s.value.id, if_match.as_deref()).map(|(_, w)| w)
            }
            None => Err(AppError::NotFound(format!("'{email}' is not blocked."))),
        }
    })?;
    Ok((written, StatusCode::NO_CONTENT))
}

async fn delete_by_id(
    state: State<AppState>,
    path: Path<String>,
    if_match: IfMatch,
) -> AppResult<(Written, StatusCode)> {
    crud::delete::<BlockedSender>(state, path, if_match).await
}

/// At most this many entries in one bulk request (a body of 10,000 is
/// about 600 KB, inside the body limit).
pub const MAX_BULK: usize = 10_000;

/// Body of `PUT blockedSenders/bulk`.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct BulkUpsert {
    /// Each `{email, blockType}`; each is checked on its own (a wrong
    /// shape is the usual 400 for the whole request).
    items: Vec<BlockedSender>,
}

fn too_many(path: &str, n: usize) -> Option<AppError> {
    (n > MAX_BULK).then(|| {
        AppError::field(path, format!("Send at most {MAX_BULK} entries at once, not {n}; split the list."))
    })
}

/// Every item upserted through the one pipeline, in one transaction: the
/// valid ones applied, the invalid listed back by index. Only when none is
/// valid is the whole request refused (422, each item's paths).
async fn bulk_upsert(
    State(state): State<AppState>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<BulkUpsert>,
) -> AppResult<(Written, Json<BulkBlocked>)> {
    if body.items.is_empty() {
        return Err(AppError::field("items", "Give at least one entry to block."));
    }
    if let Some(e) = too_many("items", body.items.len()) {
        return Err(e);
    }
    state.write(|tx| {
        let mut done = BulkBlocked { added: 0, updated: 0, unchanged: 0, errors: Vec::new() };
        // First what is wrong with the items themselves (as for one object:
        // 422 before 412), each against the core's rules; the first item
        // for each sender wins, and a later one with another type is a
        // contradiction, not a silent second write.
        let mut seen: HashMap<String, (usize, Option<anytime_core::BlockType>)> = HashMap::new();
        let mut valid = Vec::new();
        // Read once for all the items (the pipeline reads them again per write).
        let fields = crate::state::fields(tx)?;
        let ctx = anytime_core::Context::new(&fields, &state.directory);
        for (index, entry) in body.items.into_iter().enumerate() {
            let mut refuse = |field: &str, message: String| {
                done.errors.push(ItemError { index, field: field.to_owned(), message })
            };
            if let Some((first, kind)) = seen.get(&entry.email) {
                if *kind == entry.block_type {
                    done.unchanged += 1;
                } else {
                    let message = format!(
                        "'{}' is listed at items[{first}] already, with another block type.",
                        entry.email
                    );
                    refuse("blockType", message);
                }
                continue;
            }
            match anytime_core::Validate::validate(&entry, &ctx) {
                Ok(()) => {
                    seen.insert(entry.email.clone(), (index, entry.block_type.clone()));
                    valid.push(entry);
                }
                Err(errors) => errors.0.into_iter().for_each(|f| refuse(&f.field, f.message)),
            }
        }
        if valid.is_empty() && done.unchanged == 0 {
            let mut errors = ValidationErrors::default();
            for e in &done.errors {
                let path = if e.field.is_empty() {
                    format!("items[{}]", e.index)
                } else {
                    format!("items[{}].{}", e.index, e.field)
                };
                errors.add(path, e.message.clone());
            }
            return Err(AppError::Invalid(errors));
        }
        store::check_list::<BlockedSender>(tx, if_match.as_deref())?;
        // Then each through the kind's one pipeline.
        for entry in valid {
            match store::find_by_key::<BlockedSender>(tx, &entry.email)? {
                Some(current) if current.value.block_type == entry.block_type => done.unchanged += 1,
                Some(current) => {
                    crud::update_in(tx, &state, &current.value.id, None, entry)?;
                    done.updated += 1;
                }
                None => {
                    crud::create_in(tx, &state, entry)?;
                    done.added += 1;
                }
            }
        }
        let list = store::list_etag::<BlockedSender>(tx)?;
        Ok((Written { etag: None, list: Some(list) }, Json(done)))
    })
}

async fn bulk_delete(
    State(state): State<AppState>,
    if_match: IfMatch,
    ApiJson(body): ApiJson<BulkUnblock>,
) -> AppResult<(Written, Json<BulkUnblocked>)> {
    let (by_email, wanted) = match (body.emails, body.ids) {
        (Some(emails), None) => (true, emails),
        (None, Some(ids)) => (false, ids),
        _ => {
            return Err(AppError::field("", "Give either \"emails\" or \"ids\": the entries to remove."));
        }
    };
    if let Some(e) = too_many(if by_email { "emails" } else { "ids" }, wanted.len()) {
        return Err(e);
    }
    state.write(|tx| {
        store::check_list::<BlockedSender>(tx, if_match.as_deref())?;
        let mut done = BulkUnblocked { removed: 0, not_found: Vec::new() };
        let mut asked = HashSet::new();
        for given in wanted {
            let key = if by_email { normalize_sender(&given) } else { given.trim().to_owned() };
            // Asked for twice: removed once, and not "not found" the second time.
            if !asked.insert(key.clone()) {
                continue;
            }
            let found = if by_email {
                store::find_by_key::<BlockedSender>(tx, &key)?
            } else {
                store::get::<BlockedSender>(tx, &key)?
            };
            match found {
                Some(s) => {
                    crud::remove_in::<BlockedSender>(tx, &state, &s.value.id, None)?;
                    done.removed += 1;
                }
                None => done.not_found.push(given),
            }
        }
        let list = store::list_etag::<BlockedSender>(tx)?;
        Ok((Written { etag: None, list: Some(list) }, Json(done)))
    })
}

pub fn router() -> Routes {
    super::history::managed::<BlockedSender>("blockedSenders", "blocked sender")
        .merge(Routes::new())
        .both(
            Endpoint::at("blockedSenders")
                .get(
                    list,
                    op(
                        "List blocked senders, or those containing ?email=; ?limit= the first N by address",
                        Empty,
                        Reply::Json(200, many::<BlockedSender>),
                    )
                    .query(&[
                        ("email", Param::Text, "Part of an address or domain"),
                        (
                            "limit",
                            Param::Count(MAX_BULK as u64),
                            "The first N by address; the count of all in Anytime-Total",
                        ),
                    ]),
                )
                .put(
                    upsert,
                    op(
                        "Add a blocked sender, or change the one with that address",
                        Req(one::<BlockedSender>),
                        Reply::Tagged(200, one::<BlockedSender>),
                    ),
                )
                .delete(
                    delete_by_email,
                    op("Remove a blocked sender by ?email=", Empty, NoContent).query(&[(
                        "email",
                        Param::Text,
                        "The address or domain",
                    )]),
                ),
        )
        .both(Endpoint::at("blockedSenders/bulk").put(
            bulk_upsert,
            op(
                "Add or change many blocked senders in one transaction; invalid items are listed back",
                Req(one::<BulkUpsert>),
                Reply::Json(200, one::<BulkBlocked>),
            ),
        ))
        .both(Endpoint::at("blockedSenders/bulk-delete").post(
            bulk_delete,
            op(
                "Remove many blocked senders, by address or by id, in one transaction",
                Req(one::<BulkUnblock>),
                Reply::Json(200, one::<BulkUnblocked>),
            ),
        ))
        .both(
            Endpoint::at("blockedSenders/{id}")
                .get(
                    crud::get_one::<BlockedSender>,
                    op("Get a blocked sender", Empty, Reply::Tagged(200, one::<BlockedSender>)),
                )
                .delete(delete_by_id, op("Remove a blocked sender", Empty, NoContent)),
        )
}

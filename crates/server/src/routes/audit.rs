//! `api/v3/anytime/audit` (contract §12): the audit trail, newest first,
//! for admins; `api/v3/anytime/me`: who the console is signed in as.

use axum::extract::{Request, State};
use axum::Json;
use serde::Deserialize;
use serde_json::Value;

use anytime_core::{AuditEntry as Entry, AuditPage as Page, AUDIT_KINDS};

use super::{Endpoint, Routes};
use crate::audit::{Actor, Role};
use crate::error::{AppError, AppResult};
use crate::http::ApiQuery;
use crate::openapi::{one, op, Body::*, Param, Reply};
use crate::state::AppState;
use crate::storage::{AuditQuery, AuditRow};

/// A page's bodies stop after about this many bytes (each entry may hold
/// two objects of up to 1 MiB): a page never costs the server more.
pub const MAX_BYTES: usize = 8 << 20;

fn size(e: &AuditRow) -> usize {
    e.before.as_ref().map_or(0, String::len) + e.after.as_ref().map_or(0, String::len)
}

/// Entries per page by default, and at most.
pub const PAGE: usize = 100;
pub const MAX_PAGE: usize = 500;

/// The kinds of the trail (the engine package's names).
pub fn kinds() -> impl Iterator<Item = &'static str> {
    AUDIT_KINDS.iter().map(|(kind, _)| *kind)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Filter {
    kind: Option<String>,
    id: Option<String>,
    actor: Option<String>,
    since: Option<String>,
    until: Option<String>,
    after: Option<u64>,
    limit: Option<u64>,
}

fn entry(e: AuditRow) -> Entry {
    let json = |text: Option<String>| text.map(|t| serde_json::from_str(&t).unwrap_or(Value::Null));
    Entry {
        seq: e.seq.to_string(),
        at: anytime_core::date::format_utc(e.at),
        actor: super::history::who(&e),
        // A field's mapping is its own kind in the trail's words.
        kind: if e.kind == "field" && e.action == "mapping" { "fieldMapping".into() } else { e.kind },
        id: Some(e.object_id).filter(|id| !id.is_empty()),
        action: e.action,
        etag: e.revision.filter(|_| e.after.is_some()).map(|r| r.to_string()),
        before: json(e.before),
        after: json(e.after),
    }
}

/// `2026-12-06` (that day's start, UTC) or `2026-12-06T10:30:00Z`, as
/// seconds since the epoch; `end` takes the end of that day or second
/// (an inclusive `until`, compared as "before").
pub fn parse_time(text: &str, end: bool) -> Option<i64> {
    let text = text.trim();
    let day = anytime_core::date::CalendarDate::parse(text.get(..10)?)?.days_since_epoch() * 86_400;
    match text.get(10..)? {
        "" => Some(day + if end { 86_400 } else { 0 }),
        rest => {
            let b = rest.as_bytes();
            let ok = b.len() == 10 && b[0] == b'T' && b[3] == b':' && b[6] == b':' && b[9] == b'Z';
            let n = |r: std::ops::Range<usize>| rest.get(r)?.parse::<i64>().ok();
            let (h, m, s) = (n(1..3)?, n(4..6)?, n(7..9)?);
            let digits = rest[1..].bytes().filter(u8::is_ascii_digit).count() == 6;
            (ok && digits && h < 24 && m < 60 && s < 60).then(|| day + h * 3600 + m * 60 + s + i64::from(end))
        }
    }
}

fn bad(what: &str) -> AppError {
    AppError::BadRequest(format!("The query string is not valid: {what}"))
}

async fn list(State(state): State<AppState>, ApiQuery(f): ApiQuery<Filter>) -> AppResult<Json<Page>> {
    let limit = match f.limit {
        None => PAGE,
        Some(n) if (1..=MAX_PAGE as u64).contains(&n) => n as usize,
        Some(n) => return Err(bad(&format!("limit is 1 to {MAX_PAGE}, not {n}."))),
    };
    // A value of the right type that says nothing readable is a 422 on
    // its parameter, as a form's field would be.
    let time = |t: Option<String>, end: bool, name: &str| {
        t.filter(|t| !t.trim().is_empty())
            .map(|t| {
                parse_time(&t, end).ok_or_else(|| {
                    AppError::field(name, "Give a date (2026-12-06) or a UTC time (2026-12-06T10:30:00Z).")
                })
            })
            .transpose()
    };
    let (since, until) = (time(f.since, false, "since")?, time(f.until, true, "until")?);
    // No stored id or name holds one, and no engine should be asked to.
    for (name, value) in [("kind", &f.kind), ("id", &f.id), ("actor", &f.actor)] {
        if value.as_deref().is_some_and(|v| v.chars().any(char::is_control)) {
            return Err(AppError::field(
                name,
                "No token name, portal user, id or kind holds a control character.",
            ));
        }
    }

    let after = match f.after {
        None => None,
        Some(a) => Some(i64::try_from(a).map_err(|_| bad("after is the 'next' of a page."))?),
    };
    // `portal:u-42` is a portal's user; a token's name has no ':'.
    let actor = f.actor.as_deref().filter(|s| !s.is_empty()).map(|a| match a.strip_prefix("portal:") {
        Some(sub) => (sub, true),
        None => (a, false),
    });
    let mut query = AuditQuery {
        kind: None,
        object_id: f.id.filter(|s| !s.is_empty()),
        actor_id: actor.map(|(id, _)| id.to_owned()),
        actor_portal: actor.map(|(_, portal)| portal),
        action: None,
        since,
        until,
        after,
        revision: None,
        versions_only: false,
        limit: limit + 1,
        max_bytes: MAX_BYTES,
    };
    match f.kind.as_deref().filter(|k| !k.is_empty()) {
        None => {}
        Some("fieldMapping") => {
            query.kind = Some("field".into());
            query.action = Some("mapping".into());
        }
        Some(k) if kinds().any(|known| known == k) => query.kind = Some(k.into()),
        Some(k) => {
            let k: String = k.chars().filter(|c| !c.is_control()).take(40).collect();
            return Err(AppError::field(
                "kind",
                format!("'{k}' is not a kind; use one of {}.", kinds().collect::<Vec<_>>().join(", ")),
            ));
        }
    }
    let mut rows = state.read(|tx| tx.audit(&query))?;
    // More than a page, or a page cut short by its bytes: there is more.
    let cut = rows.len() <= limit && rows.iter().map(size).sum::<usize>() > MAX_BYTES;
    let next = if rows.len() > limit {
        Some(rows[limit - 1].seq.to_string())
    } else if cut {
        rows.last().map(|r| r.seq.to_string())
    } else {
        None
    };
    rows.truncate(limit);
    Ok(Json(Page { items: rows.into_iter().map(entry).collect(), next }))
}

async fn me(request: Request) -> AppResult<Json<Actor>> {
    crate::auth::actor_in(&request).cloned().map(Json).ok_or(AppError::Unauthorized)
}

pub fn router() -> Routes {
    Routes::new()
        .one(
            Endpoint::at("audit").get(
                list,
                op("The audit trail, newest first (admins)", Empty, Reply::Json(200, one::<Page>))
                    .role(Role::Admin)
                    .query(&[
                        ("kind", Param::Text, "Only this kind (emailAccount, trigger, …)"),
                        ("id", Param::Text, "Only this object"),
                        (
                            "actor",
                            Param::Text,
                            "Only this person: a token's name, or portal: and a portal user's sub",
                        ),
                        ("since", Param::Text, "From this date or time (UTC)"),
                        ("until", Param::Text, "Up to this date (inclusive) or time (UTC)"),
                        ("after", Param::Cursor, "The 'next' of the page before"),
                        ("limit", Param::Count(MAX_PAGE as u64), "Entries per page (100)"),
                    ]),
            ),
        )
        .one(
            Endpoint::at("me").get(
                me,
                op("Who you are signed in as, and your role", Empty, Reply::Json(200, one::<Actor>)),
            ),
        )
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_dates_and_times() {
        assert_eq!(super::parse_time("1970-01-02", false), Some(86_400));
        assert_eq!(super::parse_time("1970-01-02", true), Some(2 * 86_400));
        assert_eq!(super::parse_time("1970-01-01T01:00:05Z", false), Some(3605));
        assert_eq!(super::parse_time("1970-01-01T01:00:05Z", true), Some(3606), "up to that second's end");
        assert_eq!(super::parse_time("1970-01-01T-1:+0:00Z", false), None);
        for bad in [
            "",
            "1970-1-1",
            "1970-01-01T25:00:00Z",
            "1970-01-01T01:00:05",
            "1970-02-30",
            "1970-01-01T01:00:05+01:00",
            "é",
        ] {
            assert_eq!(super::parse_time(bad, false), None, "{bad}");
        }
    }
}

//! `GET api/v3/anytime/export` and `POST api/v3/anytime/import` (contract
//! §10): every setting as one document; an import is validated whole and
//! applied in one transaction, or changes nothing. Importing an unmodified
//! export changes nothing, not even an ETag.

use std::collections::HashSet;

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use rusqlite::Transaction;

use anytime_core::*;

use crate::crud::Managed;
use crate::error::{AppError, AppResult};
use crate::http::ApiJson;
use crate::snapshot::{self, ExportDocument};
use crate::state::AppState;
use crate::store::{self, secrets, Resource};

async fn export(State(state): State<AppState>) -> AppResult<Json<ExportDocument>> {
    state.read(|tx| snapshot::export(tx, &state)).map(Json)
}

/// Unique keys within one imported list: the second use is a 422 there.
fn unique<T>(
    items: &[T],
    list: &str,
    key_name: &str,
    key: impl Fn(&T) -> String,
    errors: &mut ValidationErrors,
) {
    let mut seen = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let k = key(item).trim().to_lowercase();
        if !k.is_empty() && !seen.insert(k.clone()) {
            errors.add(format!("{list}[{i}].{key_name}"), format!("'{k}' appears more than once in {list}."));
        }
    }
}

fn check_list<T: Validate>(items: &[T], list: &str, ctx: &Context<'_>, errors: &mut ValidationErrors) {
    for (i, item) in items.iter().enumerate() {
        item.check(ctx, &format!("{list}[{i}]"), errors);
    }
}

/// Every problem of the document, with paths into it.
fn validate(doc: &ExportDocument, state: &AppState, tx: &Transaction) -> AppResult<()> {
    let s = &doc.settings;
    let ctx = Context::new(&s.fields, &state.directory);
    let mut errors = ValidationErrors::default();
    if doc.format_version != 1 {
        errors.add(
            "formatVersion",
            format!("This server reads format 1 documents, not {}.", doc.format_version),
        );
    }
    check_list(&s.fields, "fields", &ctx, &mut errors);
    for system in system_fields() {
        match s.fields.iter().position(|f| f.id == system.id) {
            Some(i) if s.fields[i].kind != system.kind => errors.add(
                format!("fields[{i}].type"),
                format!(
                    "{} is a system field; its type must stay '{}'.",
                    system.name,
                    system.kind.as_ref().map_or("", |k| k.as_str())
                ),
            ),
            _ => {}
        }
    }
    unique(&s.fields, "fields", "id", |f| f.id.clone(), &mut errors);
    unique(&s.fields, "fields", "name", |f| f.name.clone(), &mut errors);
    check_list(&doc.email_accounts, "emailAccounts", &ctx, &mut errors);
    // An imported account that keeps its stored password must keep its server.
    for (i, a) in doc.email_accounts.iter().enumerate() {
        if let Some(saved) = store::get::<EmailAccount>(tx, &a.id)? {
            anytime_core::validate::check_stored_password(
                a,
                &saved.value,
                &format!("emailAccounts[{i}]"),
                &mut errors,
            );
        }
    }
    unique(&doc.email_accounts, "emailAccounts", "businessEmail", |a| a.business_email.clone(), &mut errors);
    if doc.email_accounts.iter().filter(|a| a.is_default).count() > 1 {
        errors.add("emailAccounts", "Only one account can be the default.");
    }
    s.routing.check(&ctx, "routing", &mut errors);
    check_list(&s.routing.rules, "routing.rules", &ctx, &mut errors);
    unique(&s.routing.rules, "routing.rules", "name", |r| r.name.clone(), &mut errors);
    check_list(&s.triggers, "triggers", &ctx, &mut errors);
    for (i, t) in s.triggers.iter().enumerate() {
        if let Some(a) = t.attachment.as_ref().filter(|a| !a.id.is_empty()) {
            let known: i64 =
                tx.query_row("SELECT COUNT(*) FROM attachments WHERE id = ?1", [&a.id], |r| r.get(0))?;
            if known == 0 {
                errors.add(
                    format!("triggers[{i}].attachment.id"),
                    format!("No uploaded file has the id '{}'.", a.id),
                );
            }
        }
    }
    check_list(&s.sla_policies, "slaPolicies", &ctx, &mut errors);
    s.working_time.check(&ctx, "workingTime", &mut errors);
    check_list(&s.holidays, "holidays", &ctx, &mut errors);
    unique(&s.holidays, "holidays", "date", |h| h.date.clone(), &mut errors);
    check_list(&s.blocked_senders, "blockedSenders", &ctx, &mut errors);
    unique(&s.blocked_senders, "blockedSenders", "email", |b| b.email.clone(), &mut errors);
    s.auto_allocation.check(&ctx, "autoAllocation", &mut errors);
    errors.into_result().map_err(AppError::Invalid)
}

fn ensure_ids<T: Resource>(items: &mut [T]) {
    for item in items.iter_mut() {
        if item.id().is_empty() {
            item.set_id(store::new_id());
        }
    }
}

/// Prepares (as create/update would) and stores a whole list.
fn apply<T: Managed>(tx: &Transaction, mut items: Vec<T>) -> AppResult<()> {
    ensure_ids(&mut items);
    for item in &mut items {
        let existing = store::get::<T>(tx, item.id())?.map(|s| s.value);
        item.prepare(existing.as_ref());
    }
    store::replace_all(tx, &mut items)
}

fn apply_singleton<T: Resource + PartialEq>(
    tx: &Transaction,
    mut value: T,
    fallback: impl FnOnce() -> T,
) -> AppResult<()> {
    let current = store::singleton(tx, fallback)?.value;
    value.set_id("default".into());
    if current != value {
        store::put_singleton(tx, &mut value)?;
    }
    Ok(())
}

fn by_order<T>(mut items: Vec<T>, key: impl Fn(&T) -> i64) -> Vec<T> {
    items.sort_by_key(|x| key(x));
    items
}

async fn import(
    State(state): State<AppState>,
    ApiJson(doc): ApiJson<ExportDocument>,
) -> AppResult<Json<ExportDocument>> {
    state.write(|tx| {
        validate(&doc, &state, tx)?;
        let ExportDocument { email_accounts, settings: s, .. } = doc;

        let mut fields = s.fields;
        // System fields keep their flag; any the document left out come back.
        let system: HashSet<String> = system_fields().into_iter().map(|f| f.id).collect();
        for f in &mut fields {
            f.is_system_field = system.contains(&f.id);
        }
        for missing in system_fields() {
            if !fields.iter().any(|f| f.id == missing.id) {
                fields.push(missing);
            }
        }
        store::replace_all(tx, &mut fields)?;

        let mut accounts = email_accounts;
        ensure_ids(&mut accounts);
        if !accounts.is_empty() && !accounts.iter().any(|a| a.is_default) {
            accounts[0].is_default = true;
        }
        let ids: HashSet<String> = accounts.iter().map(|a| a.id.clone()).collect();
        for old in store::ids::<EmailAccount>(tx)? {
            if !ids.contains(&old) {
                secrets::delete(tx, &old)?;
            }
        }
        for a in &mut accounts {
            // Passwords are never exported: an account keeps the one stored
            // under its id, or gets one the document sets.
            if let Some(p) = a.take_password() {
                secrets::set(tx, &state.vault, &a.id, &p)?;
            }
            let has = secrets::exists(tx, &a.id)?;
            if let Some(info) = a.server_info.as_mut() {
                info.set_has_password(has);
            }
        }
        store::replace_all(tx, &mut accounts)?;

        let mut routing = s.routing;
        let rules = std::mem::take(&mut routing.rules);
        apply_singleton(tx, routing, RoutingConfig::default)?;
        apply(tx, by_order(rules, |r| r.order_index))?;
        apply(tx, by_order(s.triggers, |t| t.order_index))?;
        apply(tx, by_order(s.sla_policies, |p| p.order_index))?;
        let mut working_time = s.working_time;
        if let Some(canonical) = tz::canonical(working_time.time_zone.trim()) {
            working_time.time_zone = canonical.to_owned();
        }
        apply_singleton(tx, working_time, WorkingTime::default)?;
        apply(tx, s.holidays)?;
        apply(tx, s.blocked_senders)?;
        apply_singleton(tx, s.auto_allocation, AutoAllocationSetting::default)?;
        snapshot::export(tx, &state).map(Json)
    })
}

pub fn router() -> Router<AppState> {
    let r = super::one(Router::new(), "export", get(export));
    super::one(r, "import", post(import))
}

//! `GET api/v3/anytime/export` and `POST api/v3/anytime/import` (contract
//! §10): every setting as one document; an import is validated whole and
//! applied in one transaction, or changes nothing. Importing an unmodified
//! export changes nothing, not even an ETag.
//!
//! An import is the same writes as the kinds' own routes make, one object
//! at a time through each kind's pipeline (`crud::Managed`: prepare,
//! references, what is written beside it), inside one transaction. The
//! rules that span objects (unique names, one default account, system
//! fields) are the core's `Document::check`, which any client can run on
//! a file before sending it.

use axum::extract::State;
use axum::Json;

use anytime_core::*;

use super::{Endpoint, Routes};
use crate::crud::{self, Managed, Single, Write};
use crate::error::{AppError, AppResult};
use crate::http::ApiJson;
use crate::openapi::{one, op, Body, Reply};
use crate::snapshot::{self, ExportDocument};
use crate::state::AppState;
use crate::store::{self, secrets, Transaction};

async fn export(State(state): State<AppState>) -> AppResult<Json<ExportDocument>> {
    state.read(|tx| snapshot::export(tx, &state)).map(Json)
}

/// Each item's references to what is stored (uploaded files, a stored
/// password's server), on paths into the document.
fn references<T: Managed>(
    tx: &Transaction,
    items: &[T],
    list: &str,
    errors: &mut ValidationErrors,
) -> AppResult<()> {
    for (i, item) in items.iter().enumerate() {
        let existing = store::get::<T>(tx, item.id())?.map(|s| s.value);
        item.check_references(tx, existing.as_ref(), &format!("{list}[{i}]"), errors)?;
    }
    Ok(())
}

/// Every problem of the document, with paths into it.
fn validate(doc: &ExportDocument, state: &AppState, tx: &Transaction) -> AppResult<()> {
    let mut errors = doc.check(&state.directory);
    let s = &doc.settings;
    references(tx, &doc.email_accounts, "emailAccounts", &mut errors)?;
    references(tx, &s.routing.rules, "routing.rules", &mut errors)?;
    references(tx, &s.triggers, "triggers", &mut errors)?;
    references(tx, &s.sla_policies, "slaPolicies", &mut errors)?;
    references(tx, &s.holidays, "holidays", &mut errors)?;
    references(tx, &s.blocked_senders, "blockedSenders", &mut errors)?;
    references(tx, &s.fields, "fields", &mut errors)?;
    errors.into_result().map_err(AppError::Invalid)
}

/// One list of the document through its kind's pipeline (the document was
/// validated whole), then stored as exactly that list, in that order:
/// objects not in it go, unchanged ones keep their ETags.
fn apply<T: Managed>(tx: &Transaction, state: &AppState, mut items: Vec<T>) -> AppResult<()> {
    for item in &mut items {
        if item.id().is_empty() {
            item.set_id(store::new_id());
        }
        let existing = store::get::<T>(tx, item.id())?.map(|s| s.value);
        item.prepare(existing.as_ref());
        item.before_write(tx, state, existing.as_ref(), Write::Import)?;
    }
    // Each write's one place: the audit trail (issue 16) records the import here.
    store::replace_all(tx, &mut items)
}

/// A singleton through its pipeline; unchanged, it is left as it is.
fn apply_singleton<T: Single>(tx: &Transaction, state: &AppState, value: T) -> AppResult<()> {
    crud::update_single_in(tx, state, None, Write::Import, value).map(drop)
}

fn by_order<T>(mut items: Vec<T>, key: impl Fn(&T) -> i64) -> Vec<T> {
    items.sort_by_key(|x| key(x));
    items
}

async fn import(
    State(state): State<AppState>,
    ApiJson(doc): ApiJson<ExportDocument>,
) -> AppResult<Json<ExportDocument>> {
    state.write(|tx| crate::audit::as_action("import", || import_in(tx, &state, doc))).map(Json)
}

/// The import in its transaction: each object it changes is recorded as
/// imported (under its own kind, so its history shows it), and the whole
/// as one `settings` entry with what changed, per kind.
fn import_in(tx: &Transaction, state: &AppState, doc: ExportDocument) -> AppResult<ExportDocument> {
    let imported = apply_document(tx, state, doc)?;
    let summary = serde_json::to_string(&crate::audit::recorded())?;
    let change = crate::audit::Change {
        kind: "settings",
        id: "",
        action: "import",
        revision: None,
        before: None,
        after: Some(&summary),
    };
    crate::audit::record(tx, change)?;
    Ok(imported)
}

fn apply_document(tx: &Transaction, state: &AppState, doc: ExportDocument) -> AppResult<ExportDocument> {
    validate(&doc, state, tx)?;
    let ExportDocument { email_accounts, settings: s, .. } = doc;

    // System fields any document leaves out come back.
    let mut fields = s.fields;
    for missing in system_fields() {
        if !fields.iter().any(|f| f.id == missing.id) {
            fields.push(missing);
        }
    }
    apply(tx, state, fields)?;

    // The document decides the default; with none, the first account is.
    let mut accounts = email_accounts;
    if !accounts.is_empty() && !accounts.iter().any(|a| a.is_default) {
        accounts[0].is_default = true;
    }
    let kept: std::collections::HashSet<&str> = accounts.iter().map(|a| a.id.as_str()).collect();
    for old in store::ids::<EmailAccount>(tx)? {
        if !kept.contains(old.as_str()) {
            secrets::delete(tx, &old)?;
        }
    }
    apply_accounts(tx, state, accounts)?;

    let mut routing = s.routing;
    let rules = std::mem::take(&mut routing.rules);
    apply_singleton(tx, state, routing)?;
    apply(tx, state, by_order(rules, |r| r.order_index))?;
    apply(tx, state, by_order(s.triggers, |t| t.order_index))?;
    apply(tx, state, by_order(s.sla_policies, |p| p.order_index))?;
    apply_singleton(tx, state, s.working_time)?;
    apply(tx, state, s.holidays)?;
    apply(tx, state, s.blocked_senders)?;
    apply_singleton(tx, state, s.auto_allocation)?;
    snapshot::export(tx, state)
}

/// Accounts through their pipeline, keeping the document's default flags
/// (which `prepare` would take from the stored accounts). An account this
/// server does not have yet (a restore onto a new server) has the document
/// as its previous copy: its forwarding address, which customers' mailboxes
/// already forward to, and its last test result come back as exported.
fn apply_accounts(tx: &Transaction, state: &AppState, mut accounts: Vec<EmailAccount>) -> AppResult<()> {
    for a in &mut accounts {
        if a.id.is_empty() {
            a.id = store::new_id();
        }
        let default = a.is_default;
        let existing = store::get::<EmailAccount>(tx, &a.id)?.map(|s| s.value);
        let previous = existing.clone().unwrap_or_else(|| a.clone());
        a.prepare(Some(&previous));
        a.is_default = default;
        a.before_write(tx, state, existing.as_ref(), Write::Import)?;
    }
    store::replace_all(tx, &mut accounts)
}

pub fn router() -> Routes {
    Routes::new()
        .one(Endpoint::at("export").get(
            export,
            op(
                "Every setting as one document (no passwords)",
                Body::Empty,
                Reply::Json(200, one::<ExportDocument>),
            ),
        ))
        .one(Endpoint::at("import").writes(crate::audit::Role::Admin).post(
            import,
            op(
                "Validate and apply a whole document, atomically",
                Body::Req(one::<ExportDocument>),
                Reply::Json(200, one::<ExportDocument>),
            ),
        ))
}

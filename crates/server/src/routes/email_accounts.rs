//! `api/v3/anytime/emailAccounts` (contract §3): accounts with write-only
//! passwords, exactly one default, and "Test connection".

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use rusqlite::Transaction;

use anytime_core::{AccountStatus, AccountType, EmailAccount, EnableRequest, ServerInfo, ValidationErrors};

use super::both;
use crate::crud::{self, Managed, Write};
use crate::error::{AppError, AppResult};
use crate::http::{ApiJson, IfMatch, OptionalJson, Written};
use crate::probe::{self, TestResult};
use crate::state::AppState;
use crate::store::{self, secrets, Stored};

impl Managed for EmailAccount {
    /// Read-only parts come from the stored account (none for a new one);
    /// a forwarding account keeps (or gets) its generated address.
    fn prepare(&mut self, existing: Option<&Self>) {
        self.status = existing.and_then(|e| e.status.clone());
        self.last_received_time = existing.and_then(|e| e.last_received_time.clone());
        self.is_default = existing.is_some_and(|e| e.is_default);
        carry_forwarding_address(self, existing);
    }

    fn check_stored(&self, tx: &Transaction) -> AppResult<()> {
        crud::unique(tx, self, |a| a.business_email.trim().to_owned(), "business email")
    }

    /// Settings sent without a password that point elsewhere than the
    /// stored password was saved for are refused (contract §11).
    fn check_references(
        &self,
        _tx: &Transaction,
        existing: Option<&Self>,
        path: &str,
        errors: &mut ValidationErrors,
    ) -> AppResult<()> {
        if let Some(saved) = existing {
            anytime_core::validate::check_stored_password(self, saved, path, errors);
        }
        Ok(())
    }

    /// The password goes apart, sealed; the account keeps `hasPassword`.
    /// The first account created is the default.
    fn before_write(
        &mut self,
        tx: &Transaction,
        state: &AppState,
        _existing: Option<&Self>,
        write: Write,
    ) -> AppResult<()> {
        if write == Write::Create {
            self.is_default = store::is_empty(tx, <Self as store::Resource>::KIND)?;
        }
        if let Some(password) = self.take_password() {
            secrets::set(tx, &state.vault, &self.id, &password)?;
        }
        let has = secrets::exists(tx, &self.id)?;
        if let Some(info) = self.server_info.as_mut() {
            info.set_has_password(has);
        }
        Ok(())
    }

    fn set_enabled(&mut self, on: bool) {
        self.enable = on;
    }
}

/// The address the business mailbox forwards to.
fn forwarding_address(account: &EmailAccount) -> String {
    let local: String = account
        .business_email
        .split('@')
        .next()
        .unwrap_or("inbox")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '.')
        .take(32)
        .collect::<String>()
        .to_lowercase();
    let short: String = store::new_id().chars().filter(char::is_ascii_hexdigit).take(10).collect();
    format!("{}.{short}@inbound.anytime.local", if local.is_empty() { "inbox" } else { &local })
}

/// Settings sent without a password that point elsewhere than the stored
/// password was saved for are refused (contract §11).
fn check_password_reuse(edited: &EmailAccount, saved: &EmailAccount) -> AppResult<()> {
    let mut errors = ValidationErrors::default();
    anytime_core::validate::check_stored_password(edited, saved, "", &mut errors);
    errors.into_result().map_err(AppError::Invalid)
}

fn carry_forwarding_address(account: &mut EmailAccount, previous: Option<&EmailAccount>) {
    let old = previous.and_then(|p| match &p.server_info {
        Some(ServerInfo::EmailForwarding(s)) if !s.forward_email_to.is_empty() => {
            Some(s.forward_email_to.clone())
        }
        _ => None,
    });
    let address = old.unwrap_or_else(|| forwarding_address(account));
    if let Some(ServerInfo::EmailForwarding(s)) = account.server_info.as_mut() {
        s.forward_email_to = address;
    }
}

async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    if_match: IfMatch,
) -> AppResult<(Written, StatusCode)> {
    let written = state.write(|tx| {
        let (removed, _) = crud::delete_in::<EmailAccount>(tx, &id, if_match.as_deref())?;
        secrets::delete(tx, &id)?;
        if removed.is_default {
            // The oldest remaining account becomes the default.
            if let Some(mut oldest) = store::list::<EmailAccount>(tx)?.into_iter().next().map(|s| s.value) {
                oldest.is_default = true;
                store::update(tx, &mut oldest)?;
            }
        }
        Ok(Written { etag: None, list: Some(store::list_etag::<EmailAccount>(tx)?) })
    })?;
    Ok((written, StatusCode::NO_CONTENT))
}

async fn make_default(
    State(state): State<AppState>,
    Path(id): Path<String>,
    if_match: IfMatch,
) -> AppResult<(Written, StatusCode)> {
    let written = state.write(|tx| {
        let current = store::require_matching::<EmailAccount>(tx, &id, if_match.as_deref())?;
        let mut etag = current.etag;
        for stored in store::list::<EmailAccount>(tx)? {
            let mut account = stored.value;
            let should = account.id == id;
            if account.is_default != should {
                account.is_default = should;
                let saved = store::update(tx, &mut account)?;
                if should {
                    etag = saved.etag;
                }
            }
        }
        Ok(Written { etag: Some(etag), list: Some(store::list_etag::<EmailAccount>(tx)?) })
    })?;
    Ok((written, StatusCode::NO_CONTENT))
}

async fn enable(
    state: State<AppState>,
    id: Path<String>,
    if_match: IfMatch,
    body: ApiJson<EnableRequest>,
) -> AppResult<(Written, StatusCode)> {
    crud::enable_no_content::<EmailAccount>(state, id, if_match, body).await
}

/// `PUT emailAccounts/{id}/test`: the saved settings, or unsaved ones in the
/// body. The stored password is used only when the body has none and
/// points at the same server as the saved settings.
async fn test_saved(
    State(state): State<AppState>,
    Path(id): Path<String>,
    OptionalJson(body): OptionalJson<EmailAccount>,
) -> AppResult<Json<TestResult>> {
    let (mut account, stored_password) = state.read(|tx| {
        let saved = store::require::<EmailAccount>(tx, &id)?.value;
        let account = match body {
            Some(unsaved) => {
                crud::validate(tx, &state, &unsaved)?;
                check_password_reuse(&unsaved, &saved)?;
                unsaved
            }
            None => saved,
        };
        Ok((account, secrets::get(tx, &state.vault, &id)?))
    })?;
    if account.password().is_none() {
        if let (Some(info), Some(p)) = (account.server_info.as_mut(), stored_password) {
            match info {
                ServerInfo::Exchange(s) => s.password = Some(p),
                ServerInfo::Imap(s) => s.password = Some(p),
                ServerInfo::EmailForwarding(s) => s.password = Some(p),
            }
        }
    }
    let result = probe_now(&state, &account).await?;
    state.write(|tx| {
        if let Some(Stored { value: mut saved, .. }) = store::get::<EmailAccount>(tx, &id)? {
            saved.status = Some(if result.ok { AccountStatus::Success } else { AccountStatus::Failed });
            // The server's note, not an edit: an editor open on the account
            // can still save over it (If-Match passes).
            store::update_notes(tx, &mut saved)?;
        }
        Ok(())
    })?;
    Ok(Json(result))
}

/// `POST emailAccounts/test`: settings of an account not saved yet.
async fn test_unsaved(
    State(state): State<AppState>,
    ApiJson(account): ApiJson<EmailAccount>,
) -> AppResult<Json<TestResult>> {
    state.read(|tx| crud::validate(tx, &state, &account))?;
    if account.kind.as_ref().is_some_and(|k| !matches!(k, AccountType::Unknown(_)))
        && account.server_info.is_none()
    {
        return Err(AppError::field("serverInfo", "Enter the server settings."));
    }
    Ok(Json(probe_now(&state, &account).await?))
}

/// Runs the probes if fewer than [`probe::AT_ONCE`] are running.
async fn probe_now(state: &AppState, account: &EmailAccount) -> AppResult<TestResult> {
    let _permit = state.probes.clone().try_acquire_owned().map_err(|_| {
        AppError::Busy("Too many connection tests are running; try again in a few seconds.".into(), 5)
    })?;
    Ok(probe::test_account(account, &state.prober()).await)
}

pub fn router() -> Router<AppState> {
    let r = both(
        Router::new(),
        "emailAccounts",
        get(crud::list::<EmailAccount>).post(crud::create::<EmailAccount>),
    );
    let r = both(r, "emailAccounts/test", post(test_unsaved));
    let r = both(
        r,
        "emailAccounts/{id}",
        get(crud::get_one::<EmailAccount>).put(crud::update::<EmailAccount>).delete(delete),
    );
    let r = both(r, "emailAccounts/{id}/enable", put(enable));
    let r = both(r, "emailAccounts/{id}/default", put(make_default));
    both(r, "emailAccounts/{id}/test", put(test_saved))
}

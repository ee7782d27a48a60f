//! `api/v3/anytime/emailAccounts` (contract §3): accounts with write-only
//! passwords, exactly one default, and "Test connection".

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;

use anytime_core::{AccountStatus, AccountType, EmailAccount, EnableRequest, ServerInfo, ValidationErrors};

use super::{Endpoint, Routes};
use crate::audit::Role;
use crate::crud;
use crate::error::{AppError, AppResult};
use crate::http::{ApiJson, IfMatch, OptionalJson, Written};
use crate::openapi::{
    many, one, op,
    Body::*,
    Reply::{self, NoContent, Tagged},
};
use crate::probe::{self, TestResult};
use crate::state::AppState;
use crate::store::{self, secrets, Stored};

/// Settings sent without a password that point elsewhere than the stored
/// password was saved for are refused (contract §11).
fn check_password_reuse(edited: &EmailAccount, saved: &EmailAccount) -> AppResult<()> {
    let mut errors = ValidationErrors::default();
    anytime_core::validate::check_stored_password(edited, saved, "", &mut errors);
    errors.into_result().map_err(AppError::Invalid)
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
                let saved = crate::audit::as_action("default", || crud::rewrite(tx, &mut account))?;
                if should {
                    etag = saved.etag;
                }
            }
        }
        Ok(Written { etag: Some(etag), list: Some(store::list_etag::<EmailAccount>(tx)?) })
    })?;
    Ok((written, StatusCode::NO_CONTENT))
}

/// `PUT emailAccounts/{id}/test`: the saved settings, or unsaved ones in the
/// body. The stored password is used only when the body has none and
/// points at the same server as the saved settings.
async fn test_saved(
    State(state): State<AppState>,
    Path(id): Path<String>,
    OptionalJson(body): OptionalJson<EmailAccount>,
) -> AppResult<Json<TestResult>> {
    let unsaved = body.is_some();
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
        // The account's status is its last test's result (contract §3),
        // and its entry shows that; settings sent to test are recorded as
        // tested too, so the trail says which servers the result is of.
        if unsaved {
            record_tested(tx, &account, result.ok)?;
        }
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
    let result = probe_now(&state, &account).await?;
    state.write(|tx| record_tested(tx, &account, result.ok))?;
    Ok(Json(result))
}

/// Settings tested but not saved: the entry says who tested which servers
/// and how it went (the settings as given; the trail drops the password).
/// An entry of the list (no object id), as the settings are no object's.
fn record_tested(tx: &crate::storage::Transaction, account: &EmailAccount, ok: bool) -> AppResult<()> {
    let after = serde_json::json!({"account": account, "ok": ok}).to_string();
    crate::audit::record(
        tx,
        crate::audit::Change {
            kind: "emailAccount",
            id: "",
            action: "test",
            revision: None,
            before: None,
            after: Some(&after),
        },
    )
}

/// Runs the probes if fewer than [`probe::AT_ONCE`] are running.
async fn probe_now(state: &AppState, account: &EmailAccount) -> AppResult<TestResult> {
    let _permit = state.probes.clone().try_acquire_owned().map_err(|_| {
        AppError::Busy("Too many connection tests are running; try again in a few seconds.".into(), 5)
    })?;
    Ok(probe::test_account(account, &state.prober()).await)
}

pub fn router() -> Routes {
    type E = EmailAccount;
    super::history::managed::<E>("emailAccounts", "email account")
        .merge(Routes::new())
        .both(
            Endpoint::at("emailAccounts")
                .writes(Role::Admin)
                .get(crud::list::<E>, op("List email accounts", Empty, Reply::Json(200, many::<E>)))
                .post(
                    crud::create::<E>,
                    op(
                        "Create an email account (the first becomes default)",
                        Req(one::<E>),
                        Tagged(201, one::<E>),
                    )
                    .conflict(),
                ),
        )
        .both(Endpoint::at("emailAccounts/test").writes(Role::Admin).post(
            test_unsaved,
            op("Test the servers of an unsaved account", Req(one::<E>), Reply::Json(200, one::<TestResult>)),
        ))
        .both(
            Endpoint::at("emailAccounts/{id}")
                .writes(Role::Admin)
                .get(crud::get_one::<E>, op("Get an email account", Empty, Tagged(200, one::<E>)))
                .put(
                    crud::update::<E>,
                    op(
                        "Update an email account (a missing password keeps the stored one)",
                        Req(one::<E>),
                        Tagged(200, one::<E>),
                    )
                    .if_match()
                    .conflict(),
                )
                .delete(
                    crud::delete::<E>,
                    op("Delete an email account (the oldest remaining becomes default)", Empty, NoContent),
                ),
        )
        .both(Endpoint::at("emailAccounts/{id}/enable").writes(Role::Admin).put(
            crud::enable_no_content::<E>,
            op("Enable or disable an email account", Req(one::<EnableRequest>), NoContent),
        ))
        .both(
            Endpoint::at("emailAccounts/{id}/default")
                .writes(Role::Admin)
                .put(make_default, op("Make an email account the default", Empty, NoContent)),
        )
        .both(Endpoint::at("emailAccounts/{id}/test").writes(Role::Admin).put(
            test_saved,
            op(
                "Test a saved account, or unsaved settings for it",
                MaybeReq(one::<E>),
                Reply::Json(200, one::<TestResult>),
            ),
        ))
}

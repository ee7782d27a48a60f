//! The saved settings as one document: what preview evaluates by default,
//! what export returns and what import applies.

use crate::store::Transaction;

use anytime_core::engine::Settings;
use anytime_core::*;

use crate::error::AppResult;
use crate::state::AppState;
use crate::store;

/// Every setting in one document (`GET …/export`, `POST …/import`): the
/// core's, so the console checks a file as the server does.
pub use anytime_core::document::Document as ExportDocument;

fn values<T: store::Resource>(tx: &Transaction) -> AppResult<Vec<T>> {
    Ok(store::list::<T>(tx)?.into_iter().map(|s| s.value).collect())
}

/// The saved settings, with the server's directory.
pub fn settings(tx: &Transaction, state: &AppState) -> AppResult<Settings> {
    settings_with(tx, &state.directory)
}

/// A singleton as stored, or its default (a read never writes: the server
/// seeds every singleton at start).
fn single<T: store::Resource + Default>(tx: &Transaction) -> AppResult<T> {
    Ok(store::get::<T>(tx, "default")?.map(|s| s.value).unwrap_or_else(|| {
        let mut value = T::default();
        value.set_id("default".into());
        value
    }))
}

fn settings_with(tx: &Transaction, directory: &Directory) -> AppResult<Settings> {
    let mut routing = single::<RoutingConfig>(tx)?;
    routing.rules = values::<CustomRule>(tx)?;
    Ok(Settings {
        fields: values::<Field>(tx)?,
        agents: directory.agents.clone(),
        departments: directory.departments.clone(),
        routing,
        triggers: values::<Trigger>(tx)?,
        sla_policies: values::<SlaPolicy>(tx)?,
        working_time: single::<WorkingTime>(tx)?,
        holidays: values::<Holiday>(tx)?,
        blocked_senders: values::<BlockedSender>(tx)?,
        auto_allocation: single::<AutoAllocationSetting>(tx)?,
    })
}

pub fn export(tx: &Transaction, state: &AppState) -> AppResult<ExportDocument> {
    export_with(tx, &state.directory)
}

/// The export with this directory (`copy-db` compares two databases').
pub fn export_with(tx: &Transaction, directory: &Directory) -> AppResult<ExportDocument> {
    Ok(ExportDocument {
        format_version: 1,
        email_accounts: values::<EmailAccount>(tx)?,
        settings: settings_with(tx, directory)?,
    })
}

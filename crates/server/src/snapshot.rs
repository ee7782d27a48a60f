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
    let mut routing = store::singleton(tx, RoutingConfig::default)?.value;
    routing.rules = values::<CustomRule>(tx)?;
    Ok(Settings {
        fields: values::<Field>(tx)?,
        agents: state.directory.agents.clone(),
        departments: state.directory.departments.clone(),
        routing,
        triggers: values::<Trigger>(tx)?,
        sla_policies: values::<SlaPolicy>(tx)?,
        working_time: store::singleton(tx, WorkingTime::default)?.value,
        holidays: values::<Holiday>(tx)?,
        blocked_senders: values::<BlockedSender>(tx)?,
        auto_allocation: store::singleton(tx, AutoAllocationSetting::default)?.value,
    })
}

pub fn export(tx: &Transaction, state: &AppState) -> AppResult<ExportDocument> {
    Ok(ExportDocument {
        format_version: 1,
        email_accounts: values::<EmailAccount>(tx)?,
        settings: settings(tx, state)?,
    })
}

//! The saved settings as one document: what preview evaluates by default,
//! what export returns and what import applies.

use rusqlite::Transaction;
use serde::{Deserialize, Serialize};

use anytime_core::engine::Settings;
use anytime_core::*;

use crate::error::AppResult;
use crate::state::AppState;
use crate::store;

/// Every setting in one document (`GET …/export`, `POST …/import`).
/// Passwords are never in it.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ExportDocument {
    /// The document format, for future changes: 1.
    #[serde(default = "format_version")]
    #[schemars(range(min = 1, max = 1))]
    pub format_version: u32,
    #[serde(default)]
    #[schemars(with = "Option<Vec<EmailAccount>>")]
    pub email_accounts: Vec<EmailAccount>,
    #[serde(flatten)]
    pub settings: Settings,
}

fn format_version() -> u32 {
    1
}

/// Read by hand rather than through `#[serde(flatten)]`, which buffers the
/// settings and so would read them leniently and lose their paths.
impl<'de> Deserialize<'de> for ExportDocument {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use anytime_core::decode::nested;
        let mut map = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        let format_version = match map.remove("formatVersion") {
            Some(v) => nested(&v, "formatVersion")?,
            None => format_version(),
        };
        let email_accounts = match map.remove("emailAccounts") {
            Some(serde_json::Value::Null) | None => Vec::new(),
            Some(v) => nested(&v, "emailAccounts")?,
        };
        let settings = nested(&serde_json::Value::Object(map), "")?;
        Ok(ExportDocument { format_version, email_accounts, settings })
    }
}

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

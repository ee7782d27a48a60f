//! One function per endpoint the console uses, typed with the core's models.

use anytime_core::*;

use super::{Api, ApiError};

const A: &str = "/api/v3/anytime";

pub async fn email_accounts(api: Api) -> Result<Vec<EmailAccount>, ApiError> {
    api.get(&format!("{A}/emailAccounts")).await
}

pub async fn routing(api: Api) -> Result<RoutingConfig, ApiError> {
    api.get(&format!("{A}/routingRules/default")).await
}

/// The custom rules in order (with the list's ETag, for row actions).
pub async fn custom_rules(api: Api) -> Result<Vec<CustomRule>, ApiError> {
    api.get(&format!("{A}/routingRules/customRules")).await
}

pub async fn auto_allocation(api: Api) -> Result<AutoAllocationSetting, ApiError> {
    api.get(&format!("{A}/autoAllocation")).await
}

pub async fn triggers(api: Api) -> Result<Vec<Trigger>, ApiError> {
    api.get(&format!("{A}/triggers")).await
}

pub async fn sla_policies(api: Api) -> Result<Vec<SlaPolicy>, ApiError> {
    api.get(&format!("{A}/SLAPolicies")).await
}

pub async fn working_time(api: Api) -> Result<WorkingTime, ApiError> {
    api.get(&format!("{A}/workingTime")).await
}

pub async fn holidays(api: Api) -> Result<Vec<Holiday>, ApiError> {
    api.get(&format!("{A}/holidays")).await
}

pub async fn blocked_senders(api: Api) -> Result<Vec<BlockedSender>, ApiError> {
    api.get(&format!("{A}/blockedSenders")).await
}

pub async fn fields(api: Api) -> Result<Vec<Field>, ApiError> {
    api.get(&format!("{A}/fields")).await
}

pub async fn agents(api: Api) -> Result<Vec<Agent>, ApiError> {
    api.get("/api/v3/agents").await
}

pub async fn departments(api: Api) -> Result<Vec<Department>, ApiError> {
    api.get("/api/v3/departments").await
}

/// The agents and departments at once (names for ids).
pub async fn directory(api: Api) -> Result<Directory, ApiError> {
    Ok(Directory { agents: agents(api).await?, departments: departments(api).await? })
}

/// Every setting the engine reads (the export document, less the accounts).
pub async fn settings(api: Api) -> Result<engine::Settings, ApiError> {
    api.get(&format!("{A}/export")).await
}

/// The rules of one time zone, so due times can be computed here.
pub async fn zone_rules(api: Api, name: &str) -> Result<tz::ZoneRules, ApiError> {
    api.get(&format!("{A}/timeZones/{}", path_segment(name))).await
}

/// A zone name as one path segment (`Europe/Paris` → `Europe%2FParis`).
fn path_segment(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_+".contains(c) {
                c.to_string()
            } else {
                format!("%{:02X}", c as u32)
            }
        })
        .collect()
}

/// The rules of the named zone, ready for the engine; empty when they cannot
/// be had (the engine then says so and counts in UTC).
pub async fn zones(api: Api, name: &str) -> engine::clock::Zones {
    let mut zones = engine::clock::Zones::new();
    if name.is_empty() || name.eq_ignore_ascii_case("UTC") {
        return zones;
    }
    if let Ok(rules) = zone_rules(api, name).await {
        if let Some(bytes) = decode_base64(&rules.tzif) {
            let _ = zones.insert_tzif(&rules.name, &bytes);
        }
    }
    zones
}

#[cfg(target_arch = "wasm32")]
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let binary = web_sys::window()?.atob(text).ok()?;
    Some(binary.chars().map(|c| c as u32 as u8).collect())
}

#[cfg(not(target_arch = "wasm32"))]
fn decode_base64(_text: &str) -> Option<Vec<u8>> {
    None
}

//! One function per endpoint the console uses, typed with the core's models.

use anytime_core::*;

use serde::de::IgnoredAny;

use super::kinds::{self, Kind};
use super::{Api, ApiError, Method};

const A: &str = kinds::ANYTIME;

pub async fn email_accounts(api: Api) -> Result<Vec<EmailAccount>, ApiError> {
    kinds::list(api).await
}

pub async fn routing(api: Api) -> Result<RoutingConfig, ApiError> {
    kinds::single(api).await
}

/// The custom rules in order (with the list's ETag, for row actions).
pub async fn custom_rules(api: Api) -> Result<Vec<CustomRule>, ApiError> {
    kinds::list(api).await
}

pub async fn auto_allocation(api: Api) -> Result<AutoAllocationSetting, ApiError> {
    kinds::single(api).await
}

pub async fn triggers(api: Api) -> Result<Vec<Trigger>, ApiError> {
    kinds::list(api).await
}

pub async fn sla_policies(api: Api) -> Result<Vec<SlaPolicy>, ApiError> {
    kinds::list(api).await
}

pub async fn working_time(api: Api) -> Result<WorkingTime, ApiError> {
    kinds::single(api).await
}

pub async fn holidays(api: Api) -> Result<Vec<Holiday>, ApiError> {
    kinds::list(api).await
}

pub async fn blocked_senders(api: Api) -> Result<Vec<BlockedSender>, ApiError> {
    kinds::list(api).await
}

/// The first `n` blocked senders by address, and how many there are in all.
pub async fn blocked_senders_first(api: Api, n: usize) -> Result<(Vec<BlockedSender>, u64), ApiError> {
    let (first, total) =
        api.get_part::<Vec<BlockedSender>>(&format!("{}?limit={n}", BlockedSender::PATH)).await?;
    let total = total.unwrap_or(first.len() as u64);
    Ok((first, total))
}

/// Blocks (or changes) many senders in one transaction, with the list's
/// ETag; invalid ones come back by index.
pub async fn block_many(api: Api, items: Vec<BlockedSender>) -> Result<anytime_core::BulkBlocked, ApiError> {
    #[derive(serde::Serialize)]
    struct Body {
        items: Vec<BlockedSender>,
    }
    let path = format!("{}/bulk", BlockedSender::PATH);
    api.member(Method::Put, BlockedSender::PATH, &path, Some(&Body { items })).await
}

/// Removes many blocked senders by id in one transaction, with the list's ETag.
pub async fn unblock_many(api: Api, ids: Vec<String>) -> Result<anytime_core::BulkUnblocked, ApiError> {
    let path = format!("{}/bulk-delete", BlockedSender::PATH);
    let body = anytime_core::BulkUnblock { ids: Some(ids), emails: None };
    api.member(Method::Post, BlockedSender::PATH, &path, Some(&body)).await
}

pub async fn fields(api: Api) -> Result<Vec<Field>, ApiError> {
    kinds::list(api).await
}

/// Makes an account the default, with the list's ETag.
pub async fn make_default(api: Api, id: &str) -> Result<(), ApiError> {
    let path = format!("{}/default", kinds::path_of::<EmailAccount>(id));
    api.member::<(), IgnoredAny>(Method::Put, EmailAccount::PATH, &path, None).await.map(|_| ())
}

/// "Test connection" on the settings as typed: of a new account, or of a
/// saved one (whose stored password is used when none is typed).
pub async fn test_account(api: Api, account: &EmailAccount, is_new: bool) -> Result<TestResult, ApiError> {
    if is_new {
        api.send(Method::Post, &format!("{}/test", EmailAccount::PATH), Some(account), None).await
    } else {
        let path = format!("{}/test", kinds::path_of::<EmailAccount>(&account.id));
        api.send(Method::Put, &path, Some(account), None).await
    }
}

/// Uploads a file a trigger's email attaches.
pub async fn upload_attachment(api: Api, file: web_sys::File) -> Result<Attachment, ApiError> {
    api.upload("/api/v3/attachments", file).await
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

/// A zone's rules as TZif bytes (for a worker, which cannot ask), or
/// nothing for UTC or a zone the server does not know.
pub async fn zone_tzif(api: Api, name: &str) -> Option<(String, Vec<u8>)> {
    if name.is_empty() || name.eq_ignore_ascii_case("UTC") {
        return None;
    }
    let rules = zone_rules(api, name).await.ok()?;
    Some((rules.name, decode_base64(&rules.tzif)?))
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

pub use anytime_core::{Actor as Me, AuditEntry, AuditPage, Revision, Who};

/// Who the console is signed in as (`GET me`, contract §12).
pub async fn me(api: Api) -> Result<Me, ApiError> {
    api.get(&format!("{A}/me")).await
}

/// An object's versions, newest first; `path` is the object's own.
pub async fn revisions(api: Api, path: &str) -> Result<Vec<Revision>, ApiError> {
    api.get(&format!("{path}/revisions")).await
}

/// Saves a version again on the server (a deleted object comes back).
pub async fn restore(api: Api, path: &str, etag: &str) -> Result<serde_json::Value, ApiError> {
    api.send::<(), _>(Method::Post, &format!("{path}/revisions/{etag}/restore"), None, None).await
}

/// A page of the trail; `query` is `kind=…&actor=…&since=…` (made by the page).
pub async fn audit(api: Api, query: &str) -> Result<AuditPage, ApiError> {
    api.get(&format!("{A}/audit?{query}")).await
}

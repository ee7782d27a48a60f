//! The API's routes, one module per path of the spec, each with its own
//! `router()`. Every path exists in plural and singular form (contract §1).

use axum::routing::MethodRouter;
use axum::Router;

use crate::state::AppState;

mod attachments;
mod auto_allocation;
mod blocked_senders;
mod directory;
mod email_accounts;
mod export;
mod fields;
mod holidays;
mod preview;
mod routing_rules;
mod sla_policies;
mod time_zones;
mod triggers;
mod working_time;

fn singular(word: &str) -> Option<String> {
    if word.starts_with('{') {
        return None;
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return Some(format!("{stem}y"));
    }
    word.strip_suffix('s').map(str::to_owned)
}

/// Every spelling of a path: each plural segment also singular
/// (`triggers/{id}` and `trigger/{id}`; `SLAPolicies` and `SLAPolicy`;
/// `routingRules/customRules/{id}` and `routingRule/customRule/{id}`).
pub(crate) fn spellings(path: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for segment in path.split('/') {
        let forms: Vec<String> = std::iter::once(segment.to_owned()).chain(singular(segment)).collect();
        out = out
            .iter()
            .flat_map(|prefix| {
                forms.iter().map(move |f| if prefix.is_empty() { f.clone() } else { format!("{prefix}/{f}") })
            })
            .collect();
    }
    out.dedup();
    out
}

/// Every path registered, relative to where its router is nested (for the
/// test that the OpenAPI document covers every route).
static REGISTERED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// Every path registered so far (all routers are built by `app()`).
pub fn registered_paths() -> Vec<String> {
    REGISTERED.lock().map(|v| v.clone()).unwrap_or_default()
}

/// Registers `method` under `path` exactly.
pub(crate) fn one(router: Router<AppState>, path: &str, method: MethodRouter<AppState>) -> Router<AppState> {
    if let Ok(mut r) = REGISTERED.lock() {
        if !r.iter().any(|p| p == path) {
            r.push(path.to_owned());
        }
    }
    router.route(&format!("/{path}"), method)
}

/// Registers `method` under every spelling of `path`.
pub(crate) fn both(router: Router<AppState>, path: &str, method: MethodRouter<AppState>) -> Router<AppState> {
    spellings(path).into_iter().fold(router, |r, p| one(r, &p, method.clone()))
}

/// Everything under `/api/v3/anytime` (and SLA policies under v2 too).
pub fn anytime() -> Router<AppState> {
    Router::new()
        .merge(email_accounts::router())
        .merge(routing_rules::router())
        .merge(auto_allocation::router())
        .merge(triggers::router())
        .merge(sla_policies::router())
        .merge(working_time::router())
        .merge(holidays::router())
        .merge(blocked_senders::router())
        .merge(fields::router())
        .merge(preview::router())
        .merge(export::router())
        .merge(time_zones::router())
}

/// `/api/v2/anytime`: the spec serves SLA policies there.
pub fn anytime_v2() -> Router<AppState> {
    sla_policies::router()
}

/// `/api/v3`: the directory.
pub fn v3() -> Router<AppState> {
    directory::router().merge(attachments::router())
}

#[cfg(test)]
mod tests {
    #[test]
    fn spellings() {
        assert_eq!(super::spellings("SLAPolicies/{id}"), ["SLAPolicies/{id}", "SLAPolicy/{id}"]);
        assert_eq!(
            super::spellings("routingRules/customRules/{id}"),
            [
                "routingRules/customRules/{id}",
                "routingRules/customRule/{id}",
                "routingRule/customRules/{id}",
                "routingRule/customRule/{id}"
            ]
        );
        assert_eq!(super::spellings("workingTime"), ["workingTime"]);
    }
}

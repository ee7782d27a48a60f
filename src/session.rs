//! Where the API token comes from: the mount options (embedding), a
//! `#token=` fragment (kept in sessionStorage and removed from the address
//! bar so it is not bookmarked or shared), or the sign-in form.

use anytime_core::Role;

/// The session-storage key of the token.
pub const STORAGE_KEY: &str = "anytime.token";

/// Splits `#token=…` out of a location hash: the token, and the hash to
/// leave in the address bar (other fragment parameters are kept).
pub fn token_from_hash(hash: &str) -> Option<(String, String)> {
    let fragment = hash.strip_prefix('#').unwrap_or(hash);
    let mut token = None;
    let mut rest = Vec::new();
    for part in fragment.split('&').filter(|p| !p.is_empty()) {
        match part.strip_prefix("token=") {
            Some(t) if !t.is_empty() => token = Some(t.to_owned()),
            _ => rest.push(part),
        }
    }
    let remaining = if rest.is_empty() { String::new() } else { format!("#{}", rest.join("&")) };
    token.map(|t| (t, remaining))
}

/// Reads the token at start-up: from the fragment (then stored and removed
/// from the address bar) or from this tab's session storage.
#[cfg(target_arch = "wasm32")]
pub fn initial_token() -> Option<String> {
    let window = web_sys::window()?;
    let storage = window.session_storage().ok().flatten();
    let location = window.location();
    if let Some((token, remaining)) = location.hash().ok().as_deref().and_then(token_from_hash) {
        if let Some(s) = &storage {
            let _ = s.set_item(STORAGE_KEY, &token);
        }
        let path = location.pathname().unwrap_or_default();
        let search = location.search().unwrap_or_default();
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("{path}{search}{remaining}")),
            );
        }
        return Some(token);
    }
    storage.and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()).filter(|t| !t.is_empty())
}

#[cfg(not(target_arch = "wasm32"))]
pub fn initial_token() -> Option<String> {
    None
}

/// Remembers (or forgets) the token for this tab.
pub fn remember(token: Option<&str>) {
    #[cfg(target_arch = "wasm32")]
    if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = match token {
            Some(t) => storage.set_item(STORAGE_KEY, t),
            None => storage.remove_item(STORAGE_KEY),
        };
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = token;
}

/// Why the signed-in role may not save here (`None`: it may, or the role
/// is not known yet — the server decides then). `admin_only`: email
/// accounts (contract §12).
pub fn refusal(role: Option<Role>, admin_only: bool) -> Option<&'static str> {
    match (role, admin_only) {
        (Some(Role::Viewer), _) => Some(
            "You are signed in as a viewer: you can look, try changes in Preview and see their impact, but not save them.",
        ),
        (Some(Role::Editor), true) => {
            Some("Email accounts and imports need the admin role; you are signed in as an editor.")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{refusal, token_from_hash, STORAGE_KEY};
    use anytime_core::Role;

    /// index.html shows its copy of the home page only to someone signed
    /// in, reading the token where this module keeps it.
    #[test]
    fn the_page_reads_the_token_where_it_is_kept() {
        let page = include_str!("../index.html");
        assert!(page.contains(&format!("const key = \"{STORAGE_KEY}\";")));
        assert!(page.contains(r#"p.startsWith("token=") && p.length > 6"#));
    }

    #[test]
    fn each_role_saves_what_it_may() {
        assert!(refusal(Some(Role::Viewer), false).is_some_and(|r| r.contains("viewer")));
        assert!(refusal(Some(Role::Editor), true).is_some_and(|r| r.contains("admin")));
        assert_eq!(refusal(Some(Role::Editor), false), None);
        assert_eq!(refusal(Some(Role::Admin), true), None);
        assert_eq!(refusal(None, true), None, "not known yet: the server decides");
    }

    #[test]
    fn reads_the_token_and_keeps_the_rest() {
        assert_eq!(token_from_hash("#token=abc"), Some(("abc".into(), String::new())));
        assert_eq!(token_from_hash("#x=1&token=abc&y=2"), Some(("abc".into(), "#x=1&y=2".into())));
        assert_eq!(token_from_hash("#token="), None);
        assert_eq!(token_from_hash(""), None);
        assert_eq!(token_from_hash("#/triggers"), None);
    }
}

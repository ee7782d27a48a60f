//! Where the API token comes from: the mount options (embedding), a
//! `#token=` fragment (kept in sessionStorage and removed from the address
//! bar so it is not bookmarked or shared), or the sign-in form.

use anytime_core::{Actor, Role};

/// The session-storage key of the token.
pub const STORAGE_KEY: &str = "anytime.token";

/// The session-storage key of who the tab's token belongs to, as the
/// server last said (`GET me`): it names them while the server cannot be
/// reached. Never kept where another tab or token could read it.
const WHO_KEY: &str = "anytime.me";

/// What a tab's session storage does for [`who_was`] and [`remember_who`]
/// (the browser's, or a map in tests).
pub trait TabStore {
    fn get(&self, key: &str) -> Option<String>;
    fn set(&self, key: &str, value: &str);
    fn remove(&self, key: &str);
}

#[cfg(target_arch = "wasm32")]
impl TabStore for web_sys::Storage {
    fn get(&self, key: &str) -> Option<String> {
        self.get_item(key).ok().flatten()
    }
    fn set(&self, key: &str, value: &str) {
        let _ = self.set_item(key, value);
    }
    fn remove(&self, key: &str) {
        let _ = self.remove_item(key);
    }
}

/// This tab's session storage.
#[cfg(target_arch = "wasm32")]
fn tab() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Puts `token` in the tab: who the previous one belonged to goes with it
/// (unless it is the same token).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn store_token(store: &impl TabStore, token: Option<&str>) {
    if store.get(STORAGE_KEY).as_deref() != token {
        store.remove(WHO_KEY);
    }
    match token {
        Some(t) => store.set(STORAGE_KEY, t),
        None => store.remove(STORAGE_KEY),
    }
}

/// Notes that `token` is `who`'s, when it is the tab's own token (not one
/// a portal passed in, which the tab does not keep: nor does it keep whose
/// it is).
pub fn remember_who_in(store: &impl TabStore, token: &str, who: &Actor) {
    if store.get(STORAGE_KEY).as_deref() == Some(token) {
        if let Ok(text) = serde_json::to_string(who) {
            store.set(WHO_KEY, &text);
        }
    }
}

/// Who the server last said `token` belongs to, when it is the tab's own.
pub fn who_was_in(store: &impl TabStore, token: &str) -> Option<Actor> {
    if store.get(STORAGE_KEY).as_deref() != Some(token) {
        return None;
    }
    anytime_core::decode::from_str(&store.get(WHO_KEY)?).ok()
}

/// [`remember_who_in`] this tab.
pub fn remember_who(token: &str, who: &Actor) {
    #[cfg(target_arch = "wasm32")]
    if let Some(store) = tab() {
        remember_who_in(&store, token, who);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (token, who);
}

/// [`who_was_in`] this tab.
pub fn who_was(token: &str) -> Option<Actor> {
    #[cfg(target_arch = "wasm32")]
    {
        who_was_in(&tab()?, token)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = token;
        None
    }
}

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
    let storage = tab();
    let location = window.location();
    if let Some((token, remaining)) = location.hash().ok().as_deref().and_then(token_from_hash) {
        if let Some(s) = &storage {
            store_token(s, Some(&token));
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
    if let Some(storage) = tab() {
        store_token(&storage, token);
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
    use super::*;

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

    /// A tab's session storage, in memory.
    #[derive(Default)]
    struct Tab(std::cell::RefCell<std::collections::HashMap<String, String>>);

    impl TabStore for Tab {
        fn get(&self, key: &str) -> Option<String> {
            self.0.borrow().get(key).cloned()
        }
        fn set(&self, key: &str, value: &str) {
            self.0.borrow_mut().insert(key.into(), value.into());
        }
        fn remove(&self, key: &str) {
            self.0.borrow_mut().remove(key);
        }
    }

    fn actor(id: &str) -> Actor {
        Actor { id: id.into(), name: id.into(), role: Role::Editor, via: "token".into() }
    }

    #[test]
    fn whose_the_token_is_is_told_only_for_the_tabs_own_token() {
        let tab = Tab::default();
        // A token the tab does not hold (a portal's) is never noted.
        remember_who_in(&tab, "ann's", &actor("ann"));
        assert_eq!(who_was_in(&tab, "ann's"), None);
        store_token(&tab, Some("ann's"));
        remember_who_in(&tab, "ann's", &actor("ann"));
        assert_eq!(who_was_in(&tab, "ann's"), Some(actor("ann")));
        // Another token passed in while the tab holds Ann's: not Ann.
        assert_eq!(who_was_in(&tab, "ben's"), None);
        // The same token again (signing in again): still Ann.
        store_token(&tab, Some("ann's"));
        assert_eq!(who_was_in(&tab, "ann's"), Some(actor("ann")));
        // Another token in the tab, or none: who Ann was goes.
        store_token(&tab, Some("ben's"));
        assert_eq!(who_was_in(&tab, "ben's"), None);
        assert_eq!(tab.get(WHO_KEY), None);
        store_token(&tab, Some("ann's"));
        remember_who_in(&tab, "ann's", &actor("ann"));
        store_token(&tab, None);
        assert_eq!(tab.0.borrow().len(), 0, "signed out: nothing left");
        // What cannot be read is nobody.
        store_token(&tab, Some("ann's"));
        tab.set(WHO_KEY, "{not json");
        assert_eq!(who_was_in(&tab, "ann's"), None);
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

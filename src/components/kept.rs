//! Unsaved drafts kept in the browser (localStorage), per API base and
//! page, until they are saved or discarded: a reload or a closed tab does
//! not lose what was typed.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A draft as kept: when it was last changed (ms since the epoch), its
/// value, and the ETag of the saved version it changes (none for a new
/// object), so saving it after a restore cannot overwrite a newer one.
#[derive(Clone, Serialize, Deserialize)]
pub struct Kept<T> {
    pub at: f64,
    pub draft: T,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
}

/// The key of the draft for the page at `path` of the API at `base`.
pub fn key(base: &str, path: &str) -> String {
    format!("anytime.draft:{base}:{path}")
}

/// Marks the key of what is typed on a page while an older draft of it is
/// on offer: kept beside that draft, never over it (a page path has no `#`
/// in it, so no page's own key ends so).
const TYPED: &str = "#typed";

/// Where what is typed while the draft under `key` is on offer is kept.
pub fn typed_key(key: &str) -> String {
    format!("{key}{TYPED}")
}

/// Moves what is kept under `from` to `to` as it is (when it was changed
/// included), over whatever `to` held.
pub fn rename(from: &str, to: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(s) = storage() {
        if let Ok(Some(text)) = s.get_item(from) {
            if s.set_item(to, &text).is_ok() {
                let _ = s.remove_item(from);
            }
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (from, to);
}

#[cfg(target_arch = "wasm32")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The draft kept under `key`, and when it was last changed.
pub fn load<T: DeserializeOwned>(key: &str) -> Option<(f64, T)> {
    load_kept(key).map(|k: Kept<T>| (k.at, k.draft))
}

/// The draft kept under `key`, with the version it changes.
pub fn load_kept<T: DeserializeOwned>(key: &str) -> Option<Kept<T>> {
    #[cfg(target_arch = "wasm32")]
    {
        let text = storage()?.get_item(key).ok().flatten()?;
        crate::api::read::<Kept<T>>(&text).ok()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = key;
        None
    }
}

/// Keeps `draft` under `key`, stamped now, without any password in it.
pub fn store<T: Serialize>(key: &str, draft: &T) {
    store_since(key, draft, None)
}

/// [`store`], noting `since`: the ETag of the version `draft` changes.
pub fn store_since<T: Serialize>(key: &str, draft: &T, since: Option<String>) {
    #[cfg(target_arch = "wasm32")]
    if let (Some(s), Ok(text)) = (storage(), as_kept(js_sys::Date::now(), draft, since)) {
        // A full storage quota only means the draft is not kept.
        let _ = s.set_item(key, &text);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (key, draft, since);
}

/// The text kept for `draft`. A password typed into an email account's
/// form is write-only (the server never gives it back): it is not written
/// to the browser's storage either, where anyone at this browser could read
/// it after the tab is closed. A restored draft asks for it again.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn as_kept<T: Serialize>(at: f64, draft: &T, since: Option<String>) -> serde_json::Result<String> {
    let mut value = serde_json::to_value(Kept { at, draft, since })?;
    without_passwords(&mut value);
    Ok(value.to_string())
}

/// Removes `password` from every `serverInfo` object in `value`.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn without_passwords(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(server)) = map.get_mut("serverInfo") {
                server.remove("password");
            }
            map.values_mut().for_each(without_passwords);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(without_passwords),
        _ => {}
    }
}

pub fn forget(key: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = key;
}

/// What this browser holds for the admin signed in to the API at `base`,
/// beside the offline copies: unsaved drafts (one per page, the paste box
/// of blocked senders among them) and Preview's kept samples.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Held {
    pub drafts: usize,
    pub samples: usize,
}

impl Held {
    /// Counts, among the storage's `keys`, what belongs to `base`: pages
    /// with a draft (one page, even with typing kept beside its draft).
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    fn among(keys: &[String], base: &str) -> Held {
        let (drafts, samples) =
            Held::keys(keys, base).partition::<Vec<_>, _>(|k| k.starts_with("anytime.draft:"));
        // Typing kept beside a draft counts only when the draft is gone.
        let pages = drafts
            .iter()
            .filter(|k| k.strip_suffix(TYPED).is_none_or(|page| !keys.iter().any(|k| k == page)));
        Held { drafts: pages.count(), samples: samples.len() }
    }

    pub fn is_empty(&self) -> bool {
        self.drafts == 0 && self.samples == 0
    }

    /// The keys of what [`Held::among`] counts: every page's draft (the
    /// paths all start with `/`) and the samples.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    fn keys<'a>(keys: &'a [String], base: &str) -> impl Iterator<Item = &'a String> {
        let (drafts, samples) = (key(base, "/"), samples::key(base));
        keys.iter().filter(move |k| k.starts_with(&drafts) || **k == samples)
    }
}

/// What signing out would discard, in an admin's words; `open_page`: the
/// page open now has changes.
pub fn held_words(held: &Held, open_page: bool) -> String {
    let plural =
        |n: usize, one: &str, many: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {many}") };
    let mut what = Vec::new();
    match held.drafts {
        0 if open_page => what.push("unsaved changes on this page".to_owned()),
        0 => {}
        n => what.push(format!("unsaved changes on {}", plural(n, "page", "pages"))),
    }
    if held.samples > 0 {
        what.push("the sample conversations kept for Preview".to_owned());
    }
    format!(
        "This browser holds {}. Signing out removes them, so whoever signs in here next does not see them.",
        what.join(" and ")
    )
}

/// Every key in `storage` (local or session).
pub fn all_keys(storage: &web_sys::Storage) -> Vec<String> {
    (0..storage.length().unwrap_or(0)).filter_map(|i| storage.key(i).ok().flatten()).collect()
}

/// What is held for the admin at `base` (see [`Held`]).
pub fn held(base: &str) -> Held {
    #[cfg(target_arch = "wasm32")]
    {
        storage().map(|s| Held::among(&all_keys(&s), base)).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = base;
        Held::default()
    }
}

/// Forgets whose the things held for `base` were (signing out).
pub fn disown(base: &str) {
    forget(&owner_key(base));
}

/// Forgets what is held for the admin at `base` (the next person at this
/// browser does not see it).
pub fn forget_held(base: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(s) = storage() {
        let keys = all_keys(&s);
        for k in Held::keys(&keys, base) {
            let _ = s.remove_item(k);
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = base;
}

/// The key naming whose the things held for `base` are.
fn owner_key(base: &str) -> String {
    format!("anytime.owner:{base}")
}

/// Whether what this browser holds for `base` is noted as someone's: then
/// it is shown only once the server (or this tab) says who is signed in.
pub fn owned(base: &str) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        storage().is_some_and(|s| s.get_item(&owner_key(base)).ok().flatten().is_some())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = base;
        false
    }
}

/// Whether what is held, last held for `owner`, may be shown to `who`;
/// nobody named (held before owners were noted) counts as theirs.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn theirs(owner: Option<&str>, who: &str) -> bool {
    owner.is_none_or(|o| o == who)
}

/// Once the server said who is signed in (`who`, the actor's id): notes
/// `who` as the owner of what this browser holds for the API at `base`,
/// and answers whether it was someone else's (a tab closed without signing
/// out, then someone else signing in): the caller forgets it then.
pub fn claim(base: &str, who: &str) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        let Some(s) = storage() else { return false };
        let key = owner_key(base);
        let owner = s.get_item(&key).ok().flatten();
        if owner.as_deref() != Some(who) {
            let _ = s.set_item(&key, who);
        }
        !theirs(owner.as_deref(), who)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (base, who);
        false
    }
}

/// "10:12" (today) or "1 Dec, 10:12", in the browser's time.
pub fn when(at: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at));
        let now = js_sys::Date::new_0();
        let time = format!("{:02}:{:02}", date.get_hours(), date.get_minutes());
        if date.to_date_string() == now.to_date_string() {
            time
        } else {
            let month = crate::format::MONTHS[(date.get_month() as usize) % 12];
            format!("{} {}, {time}", date.get_date(), &month[..3])
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = at;
        String::new()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_typed_password_is_never_kept() {
        use anytime_core::{EmailAccount, ServerInfo};
        let mut account: EmailAccount = anytime_core::decode::from_str(
            r#"{"id":"a1","type":"IMAP","businessEmail":"help@example.com",
                "serverInfo":{"incomingServer":"imap.example.com","userName":"help","password":"hunter2"}}"#,
        )
        .unwrap();
        assert_eq!(account.server_info.as_ref().and_then(ServerInfo::password), Some("hunter2"));
        let text = super::as_kept(1.0, &account, Some("\"4\"".into())).unwrap();
        assert!(!text.contains("hunter2"), "{text}");
        assert!(!text.contains("\"password\""), "{text}");
        // The rest of the draft is kept, and reads back without a password.
        let back: super::Kept<EmailAccount> = crate::api::read(&text).unwrap();
        assert_eq!(back.draft.server_info.as_ref().and_then(ServerInfo::password), None);
        account.take_password();
        assert_eq!(back.draft, account);
        assert_eq!(back.since.as_deref(), Some("\"4\""));
        // Anything else named `password` (a field's id, a sample's value) is kept.
        let other = serde_json::json!({"fields": {"password": "x"}, "list": [{"serverInfo": {"password": "y", "host": "h"}}]});
        assert_eq!(
            super::as_kept(2.0, &other, None).unwrap(),
            r#"{"at":2.0,"draft":{"fields":{"password":"x"},"list":[{"serverInfo":{"host":"h"}}]}}"#
        );
    }

    #[test]
    fn what_is_held_is_counted_and_found_per_api() {
        let keys: Vec<String> = [
            "anytime.draft::/triggers/t1",
            "anytime.draft::/triggers/t1#typed",
            "anytime.draft::/blocked-senders#paste",
            "anytime.draft::/fields/f2#typed",
            "anytime.samples:",
            "anytime.draft:https://a.example:/fields/new",
            "anytime.draft:https://a.example:8443:/fields/new",
            "anytime.samples:https://a.example",
            "other.app:/x",
        ]
        .map(String::from)
        .to_vec();
        // Typing kept beside a page's draft is the same page's; alone, a page.
        assert_eq!(super::Held::among(&keys, ""), super::Held { drafts: 3, samples: 1 });
        assert_eq!(super::typed_key(&super::key("", "/triggers/t1")), "anytime.draft::/triggers/t1#typed");
        // A base that is the start of another's (a port) counts only its own.
        assert_eq!(super::Held::among(&keys, "https://a.example"), super::Held { drafts: 1, samples: 1 });
        assert_eq!(
            super::Held::keys(&keys, "https://a.example").collect::<Vec<_>>(),
            ["anytime.draft:https://a.example:/fields/new", "anytime.samples:https://a.example"]
        );
        assert!(super::Held::among(&keys, "https://b.example").is_empty());
    }

    #[test]
    fn what_is_held_is_shown_only_to_whom_it_was_held_for() {
        assert!(super::theirs(Some("ann"), "ann"));
        assert!(!super::theirs(Some("ann"), "ben"));
        // Held before owners were noted: the first to sign in keeps it.
        assert!(super::theirs(None, "ben"));
        assert_eq!(super::owner_key("https://a.example"), "anytime.owner:https://a.example");
    }

    #[test]
    fn signing_out_says_what_it_discards() {
        use super::{held_words, Held};
        assert_eq!(
            held_words(&Held { drafts: 0, samples: 0 }, true),
            "This browser holds unsaved changes on this page. Signing out removes them, so whoever signs in here next does not see them."
        );
        assert!(held_words(&Held { drafts: 1, samples: 0 }, true)
            .starts_with("This browser holds unsaved changes on 1 page. "));
        assert!(held_words(&Held { drafts: 3, samples: 1 }, false).starts_with(
            "This browser holds unsaved changes on 3 pages and the sample conversations kept for Preview. "
        ));
        assert!(held_words(&Held { drafts: 0, samples: 1 }, false)
            .starts_with("This browser holds the sample conversations kept for Preview. "));
    }

    #[test]
    fn a_draft_is_kept_per_api_and_page() {
        assert_eq!(super::key("", "/triggers/t1"), "anytime.draft::/triggers/t1");
        assert_ne!(super::key("https://a.example", "/fields/new"), super::key("", "/fields/new"));
    }
}

/// Sample conversations kept on the Preview page, for the "What changes?"
/// panels to try drafts on: per API base, newest last, at most
/// [`MAX_KEPT_SAMPLES`].
pub mod samples {
    use anytime_core::engine::Sample;

    pub const MAX_KEPT_SAMPLES: usize = 200;

    pub(super) fn key(base: &str) -> String {
        format!("anytime.samples:{base}")
    }

    pub fn load(base: &str) -> Vec<Sample> {
        super::load::<Vec<Sample>>(&key(base)).map(|(_, s)| s).unwrap_or_default()
    }

    /// Keeps `sample` (not twice); answers how many are kept.
    pub fn keep(base: &str, sample: Sample) -> usize {
        let mut all = load(base);
        if !all.contains(&sample) {
            all.push(sample);
        }
        if all.len() > MAX_KEPT_SAMPLES {
            all.drain(..all.len() - MAX_KEPT_SAMPLES);
        }
        super::store(&key(base), &all);
        all.len()
    }

    pub fn forget_all(base: &str) {
        super::forget(&key(base));
    }
}

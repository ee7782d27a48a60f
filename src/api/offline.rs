//! The console with the network gone: the settings API's replies kept in
//! the browser (IndexedDB), answered from there when the server cannot be
//! reached, with their age; and the service worker that keeps the shell.

use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use super::{Method, Reply};

/// A reply as kept: when it was fetched (ms since the epoch) and what came.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    pub at: f64,
    pub etag: Option<String>,
    pub list_etag: Option<String>,
    #[serde(default)]
    pub total: Option<u64>,
    pub text: String,
}

impl Kept {
    pub fn of(reply: &Reply, at: f64) -> Kept {
        Kept {
            at,
            etag: reply.etag.clone(),
            list_etag: reply.list_etag.clone(),
            total: reply.total,
            text: reply.text.clone(),
        }
    }

    pub fn reply(self) -> Reply {
        Reply { status: 200, etag: self.etag, list_etag: self.list_etag, total: self.total, text: self.text }
    }
}

/// Whether a reply to a `method` request is kept as what reading its path
/// gives: a read's, and a saved object's (what reading it would give now),
/// when they succeeded. Not an upsert's: its reply is the member written,
/// not the list at its path.
pub fn keeps(method: Method, status: u16) -> bool {
    matches!(method, Method::Get | Method::Put) && (200..300).contains(&status)
}

/// Whether what reading `path` gives is kept for offline use: not who is
/// signed in (`GET me`). Kept, it would name whoever read it last to
/// whoever opens the console next with the server gone; a tab remembers
/// whose its own token is instead (`session::who_was`).
pub fn kept_for(path: &str) -> bool {
    path.strip_prefix(super::kinds::ANYTIME) != Some("/me")
}

/// The key of a kept reply: the API's base and the path read.
pub fn key(base: &str, path: &str) -> String {
    format!("{base}{path}")
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/js/kept.js")]
    extern "C" {
        #[wasm_bindgen(js_name = keepReply)]
        pub async fn keep_reply(key: &str, value: String);
        #[wasm_bindgen(js_name = keptReply)]
        pub async fn kept_reply(key: &str) -> JsValue;
        #[wasm_bindgen(js_name = forgetReplies)]
        pub async fn forget_replies();
        #[wasm_bindgen(js_name = whenIdle)]
        pub async fn when_idle();
        #[wasm_bindgen(js_name = registerWorker)]
        pub fn register_worker(url: &str);
    }
}

/// How many times the kept replies were forgotten (signing out).
static FORGETS: AtomicU64 = AtomicU64::new(0);

/// Who a request was sent for: taken before it goes out, so a reply that
/// comes after "Sign out" is known as the previous admin's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Session(u64);

/// The session requests sent now belong to.
pub fn session() -> Session {
    Session(FORGETS.load(Ordering::Relaxed))
}

/// Keeps a successful reply to a read sent in `sent_in`, in the background
/// once the browser is idle: the page that asked is drawn first (keeping a
/// list of 10,000 costs as much as drawing it). A reply to a request sent
/// before the last sign-out is never kept: it is the previous admin's.
pub fn keep(key: String, kept: Kept, sent_in: Session) {
    if session() != sent_in {
        return;
    }
    #[cfg(target_arch = "wasm32")]
    leptos::task::spawn_local(async move {
        browser::when_idle().await;
        // Signed out while waiting: not kept either.
        if session() != sent_in {
            return;
        }
        if let Ok(text) = serde_json::to_string(&kept) {
            browser::keep_reply(&key, text).await;
        }
    });
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (key, kept);
}

/// The reply kept for `key`, if any.
pub async fn kept(key: &str) -> Option<Kept> {
    #[cfg(target_arch = "wasm32")]
    {
        let text = browser::kept_reply(key).await.as_string()?;
        super::read(&text).ok()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = key;
        None
    }
}

/// Forgets every kept reply (signing out: the next admin at this browser
/// does not see them).
pub fn forget_all() {
    FORGETS.fetch_add(1, Ordering::Relaxed);
    #[cfg(target_arch = "wasm32")]
    leptos::task::spawn_local(browser::forget_replies());
}

/// Registers the service worker at `url` that keeps the console's shell.
pub fn register_worker(url: &str) {
    #[cfg(target_arch = "wasm32")]
    browser::register_worker(url);
    #[cfg(not(target_arch = "wasm32"))]
    let _ = url;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_saved_objects_are_kept_not_upserts_or_failures() {
        let table = [
            (Method::Get, 200, true),
            (Method::Get, 204, true),
            (Method::Put, 200, true),
            (Method::Upsert, 200, false),
            (Method::Post, 201, false),
            (Method::Delete, 204, false),
            (Method::Get, 304, false),
            (Method::Get, 404, false),
            (Method::Put, 412, false),
        ];
        for (method, status, kept) in table {
            assert_eq!(keeps(method, status), kept, "{method:?} {status}");
        }
    }

    #[test]
    fn who_is_signed_in_is_never_kept() {
        for (path, kept) in [
            ("/api/v3/anytime/me", false),
            ("/api/v3/anytime/fields", true),
            ("/api/v3/anytime/fields/me", true),
            ("/api/v3/anytime/audit", true),
        ] {
            assert_eq!(kept_for(path), kept, "{path}");
        }
    }

    #[test]
    fn a_kept_reply_comes_back_as_it_came() {
        let reply = Reply {
            status: 200,
            etag: Some("\"7\"".into()),
            list_etag: None,
            total: Some(3),
            text: "[1]".into(),
        };
        let kept = Kept::of(&reply, 1_000.0);
        let text = serde_json::to_string(&kept).unwrap();
        let back: Kept = crate::api::read(&text).unwrap();
        assert_eq!(back, kept);
        let again = back.reply();
        assert_eq!((again.status, again.etag.as_deref(), again.text.as_str()), (200, Some("\"7\""), "[1]"));
        assert_eq!(
            key("https://h.example", "/api/v3/anytime/export"),
            "https://h.example/api/v3/anytime/export"
        );
    }
}

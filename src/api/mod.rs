//! The typed API client: one function per endpoint, using the core's types.
//! Problem JSON becomes an [`ApiError`]; each object's ETag is kept and sent
//! back as `If-Match` when it is saved; every request has a time limit.

pub mod endpoints;
mod error;
pub mod kinds;
pub mod offline;

use std::any::Any;
use std::collections::HashMap;
use std::marker::PhantomData;
use std::rc::Rc;

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

pub use error::ApiError;

/// What came back: the status, the object's and its list's ETags, the body.
pub struct Reply {
    pub status: u16,
    pub etag: Option<String>,
    /// `Anytime-List-ETag`: the list's ETag after a write to a member.
    pub list_etag: Option<String>,
    /// `Anytime-Total`: how many a shortened list (`?limit=`) was taken from.
    pub total: Option<u64>,
    pub text: String,
}

/// Now, in ms since the epoch (0 outside the browser).
fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Date::now();
    #[cfg(not(target_arch = "wasm32"))]
    0.0
}

/// A gateway's "the server is not there" (502–504 from a proxy in front)
/// counts as unreachable, like no network: the kept replies answer.
fn reached(reply: Result<Reply, ApiError>) -> Result<Reply, ApiError> {
    match reply {
        Ok(r) if (502..=504).contains(&r.status) => {
            Err(ApiError::Network(format!("the gateway answered {}", r.status)))
        }
        other => other,
    }
}

/// How long a request may take before it is given up.
pub const TIMEOUT_MS: i32 = 15_000;

/// Where the API is and who we are. Provided as context by the shell.
#[derive(Clone, Copy)]
pub struct Api {
    /// Base URL without a trailing slash ("" for the same origin).
    pub base: StoredValue<String>,
    pub token: RwSignal<Option<String>>,
    /// Set when a call answered 401: the shell asks to sign in again, over
    /// the page, so what the page holds is kept.
    pub needs_sign_in: RwSignal<bool>,
    /// The last call could not reach the server (network down, timeout):
    /// the shell shows a banner with a retry.
    pub unreachable: RwSignal<bool>,
    /// Bumped by "Try again": every page's data loads again.
    pub epoch: RwSignal<u32>,
    /// Offline, pages show replies kept from before: when the oldest of
    /// those shown was fetched (ms since the epoch). `None` when online.
    pub offline_as_of: RwSignal<Option<f64>>,
    /// Bumped when the server can be reached again: read-only pages
    /// (Preview) load fresh settings; editors keep their drafts.
    pub reconnected: RwSignal<u32>,
    /// The server slowed sign-ins from this address (429): what it said,
    /// shown on the sign-in form until a call succeeds.
    pub slowed: RwSignal<Option<String>>,
    etags: StoredValue<HashMap<String, String>>,
    /// Which watch of the connection is the current one.
    watch: StoredValue<u32>,
    /// One member write at a time per list: each goes with the list ETag
    /// the one before it left, so two quick clicks never refuse each other.
    queues: StoredValue<HashMap<String, std::sync::Arc<futures::lock::Mutex<()>>>>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Method {
    Get,
    Post,
    Put,
    /// A PUT to a list that adds or replaces one member: its reply is the
    /// member, not what reading the list gives, so it is not kept offline.
    Upsert,
    Delete,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put | Method::Upsert => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

impl Api {
    pub fn new(base: &str, token: Option<String>) -> Self {
        Api {
            base: StoredValue::new(base.trim_end_matches('/').to_owned()),
            token: RwSignal::new(token),
            needs_sign_in: RwSignal::new(false),
            unreachable: RwSignal::new(false),
            epoch: RwSignal::new(0),
            offline_as_of: RwSignal::new(None),
            reconnected: RwSignal::new(0),
            slowed: RwSignal::new(None),
            etags: StoredValue::new(HashMap::new()),
            watch: StoredValue::new(0),
            queues: StoredValue::new(HashMap::new()),
        }
    }

    /// The ETag last seen for an object's path.
    pub fn etag(&self, path: &str) -> Option<String> {
        self.etags.with_value(|m| m.get(path).cloned())
    }

    /// Sends a request; `path` starts with `/api/`.
    pub async fn send<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        if_match: Option<String>,
    ) -> Result<T, ApiError> {
        self.send_counted(method, path, body, if_match).await.map(|(value, _)| value)
    }

    /// The first entries of a list (`?limit=`), and how many it has in all.
    pub async fn get_part<T: DeserializeOwned>(&self, path: &str) -> Result<(T, Option<u64>), ApiError> {
        self.send_counted::<(), T>(Method::Get, path, None, None).await
    }

    /// [`Api::send`], with the reply's `Anytime-Total`.
    async fn send_counted<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
        if_match: Option<String>,
    ) -> Result<(T, Option<u64>), ApiError> {
        let (text, total) = self.exchange(method, path, encode(body)?, if_match).await?;
        Ok((decode(&text)?, total))
    }

    /// What [`Api::send_counted`] does but encoding and decoding: the
    /// exchange, the offline copy, the banner. Not generic, so it is
    /// compiled once rather than once for every type sent or read.
    async fn exchange(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
        if_match: Option<String>,
    ) -> Result<(String, Option<u64>), ApiError> {
        // An embedded console may be gone (unmounted) by the time a late
        // call runs or its answer comes: then it is dropped, never a panic.
        let gone = || ApiError::Network("the console was closed".into());
        let base = self.base.try_get_value().ok_or_else(gone)?;
        let url = format!("{base}{path}");
        let token = self.token.try_get_untracked().ok_or_else(gone)?;
        let key = offline::key(&base, path);
        // Taken now: the reply may come after a sign-out (see offline::keep).
        let session = offline::session();
        let reply = reached(transport::fetch(method.as_str(), &url, token.as_deref(), body, if_match).await);
        if self.base.try_get_value().is_none() {
            return Err(gone());
        }
        match &reply {
            Ok(r) if offline::keeps(method, r.status) && offline::kept_for(path) => {
                offline::keep(key.clone(), offline::Kept::of(r, now_ms()), session)
            }
            // Unreachable: the reply kept from before, and how old it is.
            Err(ApiError::Network(_) | ApiError::Timeout)
                if method == Method::Get && offline::kept_for(path) =>
            {
                if let Some(kept) = offline::kept(&key).await {
                    self.went_offline();
                    self.offline_as_of.try_update(|a| *a = Some(a.map_or(kept.at, |old| old.min(kept.at))));
                    return self.accept_counted(path, None, kept.reply());
                }
            }
            _ => {}
        }
        self.online_or_not(&reply);
        let mut reply = reply?;
        if method == Method::Upsert {
            // The member's own ETag is not the list's (the path's) version.
            reply.etag = reply.list_etag.take();
        }
        self.accept_counted(path, None, reply)
    }

    /// The server cannot be reached: the banner shows, and the connection
    /// is watched so it goes again by itself.
    fn went_offline(&self) {
        if self.unreachable.try_get_untracked() == Some(false) {
            self.unreachable.set(true);
            // One watch at a time: a newer one ends the older.
            let watch = self.watch.try_update_value(|n| {
                *n += 1;
                *n
            });
            if let Some(watch) = watch {
                self.watch_connection(watch);
            }
        }
    }

    /// While unreachable, asks the server's health every 3 seconds; when
    /// it answers, the banner goes and read-only pages load again.
    fn watch_connection(&self, watch: u32) {
        let api = *self;
        set_timeout(
            move || {
                leptos::task::spawn_local(async move {
                    let current = api.watch.try_get_value() == Some(watch);
                    let Some(base) = api.base.try_get_value().filter(|_| current) else { return };
                    if !api.unreachable.try_get_untracked().unwrap_or(false) {
                        return;
                    }
                    match reached(
                        transport::fetch("GET", &format!("{base}/api/health"), None, None, None).await,
                    ) {
                        Ok(r) if r.status < 500 => api.back_online(),
                        _ => api.watch_connection(watch),
                    }
                });
            },
            std::time::Duration::from_secs(3),
        );
    }

    fn back_online(&self) {
        if self.unreachable.try_get_untracked() == Some(true) {
            self.unreachable.set(false);
            self.offline_as_of.set(None);
            self.reconnected.update(|n| *n += 1);
        }
    }

    /// A write to one member of a list (`path` under `list`): sent with the
    /// list's ETag as `If-Match`, so a list someone else changed since it
    /// loaded answers 412 ([`ApiError::Changed`]) instead of a silent win;
    /// the list's new ETag is kept for the next action.
    pub async fn member<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        list: &str,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, ApiError> {
        let (text, _) = self.member_exchange(method, list, path, encode(body)?).await?;
        decode(&text)
    }

    /// [`Api::member`] but encoding and decoding (compiled once).
    async fn member_exchange(
        &self,
        method: Method,
        list: &str,
        path: &str,
        body: Option<String>,
    ) -> Result<(String, Option<u64>), ApiError> {
        let queue = self
            .queues
            .try_update_value(|m| m.entry(list.to_owned()).or_default().clone())
            .unwrap_or_default();
        let _turn = queue.lock().await;
        let url = format!("{}{path}", self.base.get_value());
        let token = self.token.get_untracked();
        let reply =
            reached(transport::fetch(method.as_str(), &url, token.as_deref(), body, self.etag(list)).await);
        self.finish(path, Some(list), reply)
    }

    /// Deletes one member of a list (see [`Api::member`]).
    pub async fn delete_member(&self, list: &str, path: &str) -> Result<(), ApiError> {
        self.member::<(), serde::de::IgnoredAny>(Method::Delete, list, path, None).await.map(|_| ())
    }

    /// Uploads a file as the multipart field `file` (trigger attachments).
    pub async fn upload<T: DeserializeOwned>(&self, path: &str, file: web_sys::File) -> Result<T, ApiError> {
        let url = format!("{}{path}", self.base.get_value());
        let token = self.token.get_untracked();
        let reply = transport::upload(&url, token.as_deref(), file).await;
        decode(&self.finish(path, None, reply)?.0)
    }

    /// What every reply goes through: the network banner, sign-in on 401,
    /// problem JSON as typed errors, the ETag kept; the body to decode.
    fn finish(
        &self,
        path: &str,
        list: Option<&str>,
        reply: Result<Reply, ApiError>,
    ) -> Result<(String, Option<u64>), ApiError> {
        self.online_or_not(&reply);
        self.accept_counted(path, list, reply?)
    }

    /// The banner: shown when the server cannot be reached, gone when it answers.
    fn online_or_not(&self, reply: &Result<Reply, ApiError>) {
        match reply {
            Err(ApiError::Network(_) | ApiError::Timeout) => self.went_offline(),
            Ok(_) => self.back_online(),
            Err(_) => {}
        }
    }

    /// A reply that came (from the server, or kept from before): sign-in on
    /// 401, problem JSON as typed errors, the ETags kept; the body to
    /// decode, with its `Anytime-Total`.
    fn accept_counted(
        &self,
        path: &str,
        list: Option<&str>,
        reply: Reply,
    ) -> Result<(String, Option<u64>), ApiError> {
        let Reply { status, etag, list_etag, total, text } = reply;
        if status == 401 {
            self.needs_sign_in.set(true);
        }
        if !(200..300).contains(&status) {
            let error = ApiError::from_response(status, &text);
            if let ApiError::TooManyAttempts(_) = &error {
                // Most likely after wrong tokens: sign in again, once allowed.
                self.slowed.set(Some(error.message()));
                self.needs_sign_in.set(true);
            }
            return Err(error);
        }
        if self.slowed.with_untracked(Option::is_some) {
            self.slowed.set(None);
        }
        self.etags.update_value(|m| {
            if let Some(tag) = etag {
                m.insert(path.to_owned(), tag);
            }
            if let (Some(list), Some(tag)) = (list, list_etag) {
                m.insert(list.to_owned(), tag);
            }
        });
        Ok((text, total))
    }

    /// Whether the server takes `token`, asked with a small read that needs
    /// one, before signing in with it: a wrong token is refused on the
    /// sign-in form instead of signing in and failing on the page.
    pub async fn accepts(&self, token: &str) -> Result<bool, ApiError> {
        let url = format!("{}/api/v3/agents", self.base.get_value());
        let reply = reached(transport::fetch("GET", &url, Some(token), None, None).await);
        match &reply {
            Err(ApiError::Network(_) | ApiError::Timeout) => self.went_offline(),
            Ok(_) => self.back_online(),
            Err(_) => {}
        }
        let reply = reply?;
        match reply.status {
            200..=299 => {
                self.slowed.set(None);
                Ok(true)
            }
            401 => Ok(false),
            status => Err(ApiError::from_response(status, &reply.text)),
        }
    }

    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.send::<(), T>(Method::Get, path, None, None).await
    }

    /// Deletes what `path` names.
    pub async fn delete(&self, path: &str) -> Result<(), ApiError> {
        self.send::<(), serde::de::IgnoredAny>(Method::Delete, path, None, None).await.map(|_| ())
    }
}

/// A resource loaded through the API, loaded again when the token changes
/// (after signing in again the page fills itself) and on "Try again".
pub fn resource<T, Fut>(api: Api, fetch: impl Fn(Api) -> Fut + 'static) -> Loading<T>
where
    T: 'static,
    Fut: std::future::Future<Output = Result<T, ApiError>> + 'static,
{
    let fetch: Rc<dyn Fn(Api) -> Fetching> = Rc::new(move |api| {
        let loading = fetch(api);
        Box::pin(async move { loading.await.map(|value| AnyValue(Rc::new(value) as Rc<dyn Any>)) })
    });
    Loading { inner: load(api, fetch), value: PhantomData }
}

/// What [`resource`] loads: a `T`, or why not. Every such resource is the
/// same `LocalResource` underneath, its value behind one pointer and its
/// future boxed: Leptos's async machinery is generic over both, and its
/// copies for each loaded type and fetch (36, 129 KB before wasm-opt) cost
/// the console 17 KB brotli (docs/BENCHMARKS.md).
pub struct Loading<T> {
    inner: LocalResource<Result<AnyValue, ApiError>>,
    value: PhantomData<fn() -> T>,
}

impl<T> Clone for Loading<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Loading<T> {}

impl<T: Clone + 'static> Loading<T> {
    /// The value once loaded (tracked, as `LocalResource::get`).
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        self.with(|loaded| loaded.map(|value| value.cloned().map_err(ApiError::clone)))
    }

    /// `f` of the value as it is now, tracked, without copying it.
    pub fn with<R>(&self, f: impl FnOnce(Option<Result<&T, &ApiError>>) -> R) -> R {
        self.inner.with(|loaded| f(Self::view(loaded)))
    }

    /// [`Loading::with`], untracked.
    pub fn with_untracked<R>(&self, f: impl FnOnce(Option<Result<&T, &ApiError>>) -> R) -> R {
        self.inner.with_untracked(|loaded| f(Self::view(loaded)))
    }

    fn view(loaded: &Option<Result<AnyValue, ApiError>>) -> Option<Result<&T, &ApiError>> {
        loaded.as_ref().map(|loaded| {
            loaded.as_ref().map(|AnyValue(value)| {
                value.downcast_ref::<T>().expect("a resource holds the type it was made for")
            })
        })
    }

    /// Waits until it is loaded (its first load, or the one under way).
    pub async fn ready(self) {
        let _ = self.inner.await;
    }

    /// Loads it again ("Try again", after a change elsewhere).
    pub fn refetch(&self) {
        self.inner.refetch();
    }
}

#[derive(Clone)]
struct AnyValue(Rc<dyn Any>);

type Fetching = std::pin::Pin<Box<dyn std::future::Future<Output = Result<AnyValue, ApiError>>>>;

/// The one `LocalResource` every [`resource`] is.
fn load(api: Api, fetch: Rc<dyn Fn(Api) -> Fetching>) -> LocalResource<Result<AnyValue, ApiError>> {
    LocalResource::new(move || {
        api.token.track();
        api.epoch.track();
        fetch(api)
    })
}

/// The browser's `fetch`, with a time limit (AbortController).
#[cfg(target_arch = "wasm32")]
mod transport {
    use gloo_net::http::{Method, RequestBuilder};
    use wasm_bindgen::prelude::*;

    use super::{ApiError, Reply, TIMEOUT_MS};

    pub async fn fetch(
        method: &str,
        url: &str,
        token: Option<&str>,
        body: Option<String>,
        if_match: Option<String>,
    ) -> Result<Reply, ApiError> {
        let controller =
            web_sys::AbortController::new().map_err(|_| ApiError::Network("no AbortController".into()))?;
        let abort = controller.clone();
        let timer = Closure::once_into_js(move || abort.abort());
        let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
        let timer_id = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(timer.unchecked_ref(), TIMEOUT_MS)
            .unwrap_or_default();
        let method = match method {
            "POST" => Method::POST,
            "PUT" => Method::PUT,
            "DELETE" => Method::DELETE,
            _ => Method::GET,
        };
        let mut builder = RequestBuilder::new(url).method(method).abort_signal(Some(&controller.signal()));
        if let Some(t) = token {
            builder = builder.header("Authorization", &format!("Bearer {t}"));
        }
        if let Some(tag) = &if_match {
            builder = builder.header("If-Match", tag);
        }
        let request = match body {
            Some(b) => builder.header("Content-Type", "application/json").body(b),
            None => builder.build(),
        }
        .map_err(|e| ApiError::Network(e.to_string()))?;
        let result = request.send().await;
        window.clear_timeout_with_handle(timer_id);
        let response = result.map_err(|e| {
            if controller.signal().aborted() {
                ApiError::Timeout
            } else {
                ApiError::Network(e.to_string())
            }
        })?;
        let etag = response.headers().get("etag");
        let list_etag = response.headers().get("anytime-list-etag");
        let total = response.headers().get("anytime-total").and_then(|t| t.parse().ok());
        let status = response.status();
        // As bytes: copied into wasm memory as they are, where a JS string
        // would be re-encoded character by character (8 ms for a list of
        // 10,000 blocked senders).
        let bytes = response.binary().await.map_err(|e| ApiError::Network(e.to_string()))?;
        let text = String::from_utf8(bytes).map_err(|e| ApiError::Decode(e.to_string()))?;
        Ok(Reply { status, etag, list_etag, total, text })
    }

    /// A multipart upload of one file (no time limit: files may be large).
    pub async fn upload(url: &str, token: Option<&str>, file: web_sys::File) -> Result<Reply, ApiError> {
        let network = |e: wasm_bindgen::JsValue| ApiError::Network(format!("{e:?}"));
        let form = web_sys::FormData::new().map_err(network)?;
        form.append_with_blob_and_filename("file", &file, &file.name()).map_err(network)?;
        let mut builder = RequestBuilder::new(url).method(Method::POST);
        if let Some(t) = token {
            builder = builder.header("Authorization", &format!("Bearer {t}"));
        }
        let request = builder.body(form).map_err(|e| ApiError::Network(e.to_string()))?;
        let response = request.send().await.map_err(|e| ApiError::Network(e.to_string()))?;
        let etag = response.headers().get("etag");
        let status = response.status();
        let text = response.text().await.map_err(|e| ApiError::Network(e.to_string()))?;
        Ok(Reply { status, etag, list_etag: None, total: None, text })
    }
}

/// Native builds (logic tests) have no network.
#[cfg(not(target_arch = "wasm32"))]
mod transport {
    use super::{ApiError, Reply};

    pub async fn fetch(
        _method: &str,
        _url: &str,
        _token: Option<&str>,
        _body: Option<String>,
        _if_match: Option<String>,
    ) -> Result<Reply, ApiError> {
        Err(ApiError::Network("no network outside the browser".into()))
    }

    pub async fn upload(_url: &str, _token: Option<&str>, _file: web_sys::File) -> Result<Reply, ApiError> {
        Err(ApiError::Network("no network outside the browser".into()))
    }
}

/// A request's body as JSON text (the only part of a request that depends
/// on its type).
fn encode<B: Serialize>(body: Option<&B>) -> Result<Option<String>, ApiError> {
    body.map(to_json).transpose().map_err(|e| ApiError::Decode(e.to_string()))
}

/// JSON text of `value`, made by way of a `Value`. The editors already turn
/// every kind into `Value`s (to compare and diff), so each type the console
/// writes is serialized by that one serializer rather than by two: less
/// code in every page's module, for an extra tree of small bodies.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    serde_json::to_value(value).map(|v| v.to_string())
}

/// A reply's body read as `T` (an empty body reads as `null`).
fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    let text = if text.trim().is_empty() { "null" } else { text };
    read(text).map_err(|e| ApiError::Decode(e.to_string()))
}

/// Reads `T` from JSON text the console itself was given (a reply, a kept
/// reply or draft, a worker's answer) with the core's reader, so each type
/// has one reader in the module (issue 15); a file the admin chooses is
/// input and goes to that reader as it is. A NUL, which that reader
/// refuses in input, is read as U+FFFD, as a browser shows it in a page:
/// what was kept or sent is never dropped for it.
pub fn read<T: DeserializeOwned>(text: &str) -> Result<T, anytime_core::decode::DecodeError> {
    anytime_core::decode::from_value(&parse_given(text)?)
}

/// The JSON tree [`read`] reads a type from, NULs replaced.
pub fn parse_given(text: &str) -> Result<serde_json::Value, anytime_core::decode::DecodeError> {
    let mut value = anytime_core::decode::parse(text.as_bytes())?;
    // JSON can only spell a NUL as this escape (a raw one is refused), so
    // the tree is walked only when the text has one: not for every reply.
    if text.contains("\\u0000") {
        replace_nul(&mut value);
    }
    Ok(value)
}

fn replace_nul(value: &mut serde_json::Value) {
    use serde_json::Value;
    const SHOWN: &str = "\u{fffd}";
    match value {
        Value::String(s) if s.contains('\0') => *s = s.replace('\0', SHOWN),
        Value::Array(items) => items.iter_mut().for_each(replace_nul),
        Value::Object(map) => {
            if map.keys().any(|k| k.contains('\0')) {
                *map = std::mem::take(map).into_iter().map(|(k, v)| (k.replace('\0', SHOWN), v)).collect();
            }
            map.values_mut().for_each(replace_nul);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anytime_core::BlockedSender;

    #[test]
    fn reads_with_the_cores_reader_and_shows_a_nul() {
        // A NUL in a value or a key is read, shown as U+FFFD, at any depth.
        let kept: Vec<BlockedSender> =
            read(r#"[{"id": "b1", "email": "a\u0000@spam.example"}]"#).expect("read");
        assert_eq!(kept[0].email, "a\u{fffd}@spam.example");
        let map: std::collections::BTreeMap<String, Vec<String>> =
            read(r#"{"k\u0000": ["x\u0000y"]}"#).unwrap();
        assert_eq!(map["k\u{fffd}"], ["x\u{fffd}y"]);
        // The core reader's strictness otherwise stays, with the path.
        let e = read::<Vec<BlockedSender>>(r#"[{"id": "b1", "email": 7}]"#).unwrap_err();
        assert_eq!(e.path, "[0].email");
        let e = read::<BlockedSender>(r#"["b1", "a@spam.example"]"#).unwrap_err();
        assert_eq!(e.path, "");
        assert!(read::<u8>("[").is_err());
        // Hostile text kept in the browser: deep nesting is refused, not a
        // crash; a raw NUL (not JSON) too; an escaped backslash before
        // "u0000" is not a NUL.
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(read::<serde_json::Value>(&deep).unwrap_err().message.contains("nests too deeply"));
        assert!(read::<String>("\"a\0b\"").is_err());
        assert_eq!(read::<String>(r#""a\\u0000b""#).unwrap(), "a\\u0000b");
        // An empty reply reads as null; what the console writes reads back.
        assert_eq!(decode::<Option<u8>>(" ").unwrap(), None);
        let sender: BlockedSender = read(r#"{"id": "b1", "email": "a@spam.example"}"#).unwrap();
        assert_eq!(read::<BlockedSender>(&to_json(&sender).unwrap()).unwrap(), sender);
    }
}

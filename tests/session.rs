//! Component tests in headless Chromium of what signing out and kept
//! drafts leave behind. Their own binary, so their own page: each mounts
//! the console with its router, which the sidebar test in `web` must be
//! the first to do there (see that test).

#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Replaces `window.fetch` with one that answers only when
/// [`answer_all`] is called; the calls waiting are in `window.__pending`.
fn deferred_fetch() {
    let f = js_sys::Function::new_with_args(
        "request",
        "const signedIn = request.headers.has('Authorization'); \
         return new Promise((answer) => window.__pending.push({ url: request.url, signedIn, answer }));",
    );
    js_sys::eval("window.__pending = []").unwrap();
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"fetch".into(), &f).unwrap();
}

fn pending() -> Vec<String> {
    let urls = js_sys::eval("window.__pending.map((p) => p.url)").unwrap();
    js_sys::Array::from(&urls).iter().filter_map(|u| u.as_string()).collect()
}

/// Answers every call waiting: 200 and `body` when it came with a token,
/// 401 when not (as the server does).
fn answer_all(body: &str) {
    let f = js_sys::Function::new_with_args(
        "body",
        "for (const p of window.__pending.splice(0)) p.answer(new Response( \
           p.signedIn ? body : '{\"title\":\"Not signed in\",\"status\":401}', \
           { status: p.signedIn ? 200 : 401, headers: { 'content-type': 'application/json' } }));",
    );
    f.call1(&wasm_bindgen::JsValue::NULL, &body.into()).unwrap();
}

/// The keys of the replies kept for offline use (IndexedDB).
async fn kept_keys() -> Vec<String> {
    let promise = js_sys::eval(
        "new Promise((resolve, reject) => { \
           const open = indexedDB.open('anytime-offline', 1); \
           open.onupgradeneeded = () => open.result.createObjectStore('replies'); \
           open.onerror = () => reject(open.error); \
           open.onsuccess = () => { \
             const db = open.result; \
             const keys = db.transaction('replies', 'readonly').objectStore('replies').getAllKeys(); \
             keys.onsuccess = () => { db.close(); resolve(keys.result); }; \
             keys.onerror = () => reject(keys.error); }; })",
    )
    .unwrap();
    let keys = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await.unwrap();
    js_sys::Array::from(&keys).iter().filter_map(|k| k.as_string()).collect()
}

#[wasm_bindgen_test]
async fn a_reply_that_comes_after_signing_out_is_not_kept_for_the_next_admin() {
    // Nothing unsaved is held: signing out goes at once, without asking.
    local_storage().clear().unwrap();
    go_to("/blocked-senders");
    deferred_fetch();
    let _app = mount(Some("token"));
    let list = r#"[{"id":"b1","email":"spam.example","blockType":"rejectDomain"}]"#;
    let of_the_list = || pending().iter().any(|u| u.contains("/blockedSenders"));
    // Signed in, a reply is kept (once the browser is idle, within 500 ms).
    wait_for("the page's read", of_the_list).await;
    answer_all(list);
    wait_for("the list", || document().query_selector(".at-row__name").unwrap().is_some()).await;
    sleep(700).await;
    let kept = kept_keys().await;
    assert!(kept.iter().any(|k| k.contains("/blockedSenders")), "kept while signed in: {kept:?}");
    // The page reads again ("Try again" is hidden while online, but works);
    // the admin signs out before the reply comes.
    query(".at-banner--network button").click();
    wait_for("the second read", of_the_list).await;
    query(".at-header__session button").click();
    wait_for("the sign-in form", || document().query_selector(".at-signin").unwrap().is_some()).await;
    answer_all(list);
    sleep(700).await;
    let kept = kept_keys().await;
    assert!(kept.is_empty(), "kept after signing out: {kept:?}");
}

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn local_keys() -> Vec<String> {
    let storage = local_storage();
    let mut keys: Vec<String> =
        (0..storage.length().unwrap()).filter_map(|i| storage.key(i).unwrap()).collect();
    keys.sort();
    keys
}

fn click_in_dialog(selector: &str) {
    query(&format!(".at-dialog {selector}")).click();
}

#[wasm_bindgen_test]
async fn signing_out_asks_before_discarding_unsaved_work_then_forgets_it() {
    local_storage().clear().unwrap();
    let here = "http://127.0.0.1:9";
    let draft = format!("anytime.draft:{here}:/triggers/t1");
    let samples = format!("anytime.samples:{here}");
    let elsewhere = "anytime.draft:https://other.example:/fields/new".to_owned();
    for key in [&draft, &samples, &elsewhere] {
        local_storage().set_item(key, r#"{"at":1,"draft":{}}"#).unwrap();
    }
    fake_fetch(200, "[]");
    go_to("/");
    let _app = mount(Some("token"));
    wait_for("the header", || document().query_selector(".at-header__session button").unwrap().is_some())
        .await;
    query(".at-header__session button").click();
    wait_for("the question", || document().query_selector(".at-dialog").unwrap().is_some()).await;
    assert_eq!(
        query("#at-confirm-title").text_content().as_deref(),
        Some("Sign out and discard what is not saved?")
    );
    let detail = query("#at-confirm-text").text_content().unwrap();
    assert!(
        detail.contains("unsaved changes on 1 page and the sample conversations kept for Preview"),
        "{detail}"
    );
    // Cancel: still signed in, nothing forgotten.
    click_in_dialog(".at-dialog__actions .at-button:not(.at-button--danger)");
    wait_for("the dialog to close", || document().query_selector(".at-dialog").unwrap().is_none()).await;
    assert_eq!(query(".at-header__state").text_content().as_deref(), Some("Signed in"));
    assert_eq!(local_keys(), [draft.clone(), elsewhere.clone(), samples.clone()]);
    // Agreed: signed out, and this API's drafts and samples are gone.
    query(".at-header__session button").click();
    wait_for("the question", || document().query_selector(".at-dialog").unwrap().is_some()).await;
    click_in_dialog(".at-button--danger");
    wait_for("the sign-in form", || document().query_selector(".at-signin").unwrap().is_some()).await;
    assert_eq!(query(".at-header__state").text_content().as_deref(), Some("Not signed in"));
    assert_eq!(local_keys(), [elsewhere]);
}

/// Replaces `window.fetch` with a small server for one field, `f1`, whose
/// saved version has the ETag "2"; a PUT saves only with `If-Match: "2"`.
/// Each PUT's `If-Match` is pushed to `window.__ifMatch`. `GET me` says
/// the token is `who`'s.
fn field_server(who: &str) {
    js_sys::eval(&format!("window.__who = '{who}'")).unwrap();
    js_sys::eval(
        r#"window.__ifMatch = [];
        window.fetch = async (request) => {
          const json = (status, body, headers = {}) => new Response(JSON.stringify(body),
            { status, headers: { 'content-type': 'application/json', ...headers } });
          const path = new URL(request.url).pathname;
          if (request.method === 'PUT') {
            const tag = request.headers.get('If-Match');
            window.__ifMatch.push(tag);
            if (tag !== '"2"') return json(412, { title: 'Changed', status: 412 });
            return json(200, await request.json(), { etag: '"3"' });
          }
          if (path === '/api/v3/anytime/fields/f1')
            return json(200, { id: 'f1', type: 'text', name: 'Theirs' }, { etag: '"2"' });
          if (path === '/api/v3/anytime/me')
            return json(200, { id: window.__who, name: window.__who, role: 'admin', via: 'token' });
          return json(200, []);
        };"#,
    )
    .unwrap();
}

/// Where the draft of the field `f1` is kept.
const FIELD_DRAFT: &str = "anytime.draft:http://127.0.0.1:9:/fields/f1";

/// Opens the field `f1` (Ann's server) with `kept` as its kept draft, once
/// the offer of it shows: the console, and the field's name input.
async fn open_field_with_offer(
    kept: &str,
) -> (leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable>, web_sys::HtmlInputElement) {
    local_storage().set_item(FIELD_DRAFT, kept).unwrap();
    field_server("ann");
    go_to("/fields/f1");
    let app = mount(Some("token"));
    wait_for("the offer of the kept changes", || document().query_selector(".at-kept").unwrap().is_some())
        .await;
    (app, query("input.at-input").unchecked_into())
}

#[wasm_bindgen_test]
async fn a_restored_draft_made_on_an_older_version_saves_as_a_conflict_not_over_it() {
    local_storage().clear().unwrap();
    // Changes kept when the field's version was "1"; someone saved "2" since.
    let kept = format!(
        r#"{{"at":{},"draft":{{"id":"f1","type":"text","name":"Mine"}},"since":"\"1\""}}"#,
        js_sys::Date::now()
    );
    local_storage().set_item("anytime.owner:http://127.0.0.1:9", "ann").unwrap();
    let (_app, name) = open_field_with_offer(&kept).await;
    assert_eq!(name.value(), "Theirs");
    query(".at-kept .at-button").click();
    wait_for("the restored name", || name.value() == "Mine").await;
    query(".at-savebar .at-button--primary").click();
    wait_for("the conflict dialog", || document().query_selector("#at-conflict-title").unwrap().is_some())
        .await;
    let sent: Vec<Option<String>> = js_sys::Array::from(&js_sys::eval("window.__ifMatch").unwrap())
        .iter()
        .map(|t| t.as_string())
        .collect();
    assert_eq!(sent, [Some("\"1\"".to_owned())], "the PUT goes with the version the changes were made on");
    // Still what was typed, and kept: nothing is lost to the conflict.
    assert_eq!(name.value(), "Mine");
    let still = local_storage().get_item(FIELD_DRAFT).unwrap().unwrap();
    assert!(still.contains("Mine") && still.contains(r#""since":"\"1\"""#), "{still}");
}

#[wasm_bindgen_test]
async fn what_someone_else_left_is_forgotten_when_the_next_admin_signs_in() {
    // Ann closed the tab without signing out: her draft, her samples and
    // the offline copies (the audit trail among them) are still here.
    local_storage().clear().unwrap();
    let here = "http://127.0.0.1:9";
    local_storage().set_item(&format!("anytime.owner:{here}"), "ann").unwrap();
    local_storage()
        .set_item(
            &format!("anytime.draft:{here}:/fields/f1"),
            r#"{"at":1,"draft":{"id":"f1","type":"text","name":"Ann's"},"since":"\"2\""}"#,
        )
        .unwrap();
    local_storage().set_item(&format!("anytime.samples:{here}"), r#"{"at":1,"draft":[]}"#).unwrap();
    let audit = format!("{here}/api/v3/anytime/audit");
    let put = js_sys::eval(&format!(
        "new Promise((resolve, reject) => {{ \
           const open = indexedDB.open('anytime-offline', 1); \
           open.onupgradeneeded = () => open.result.createObjectStore('replies'); \
           open.onerror = () => reject(open.error); \
           open.onsuccess = () => {{ const db = open.result; \
             const tx = db.transaction('replies', 'readwrite'); \
             tx.objectStore('replies').put('{{}}', '{audit}'); \
             tx.oncomplete = () => {{ db.close(); resolve(); }}; }}; }})"
    ))
    .unwrap();
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(put)).await.unwrap();
    assert!(kept_keys().await.contains(&audit));
    // Ben opens the console here, signs in, and opens the same field.
    field_server("ben");
    go_to("/fields/f1");
    let _app = mount(None);
    wait_for("the sign-in form", || document().query_selector("#at-signin-token").unwrap().is_some()).await;
    let token: web_sys::HtmlInputElement = query("#at-signin-token").unchecked_into();
    token.set_value("ben's token");
    token.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    query(".at-signin button[type=submit]").click();
    wait_for("who is signed in", || {
        document()
            .query_selector(".at-header__who")
            .unwrap()
            .is_some_and(|who| who.text_content().unwrap_or_default().starts_with("ben"))
    })
    .await;
    wait_for("the field", || document().query_selector("input.at-input").unwrap().is_some()).await;
    let name: web_sys::HtmlInputElement = query("input.at-input").unchecked_into();
    assert_eq!(name.value(), "Theirs");
    sleep(100).await;
    assert!(document().query_selector(".at-kept").unwrap().is_none(), "Ann's draft is not offered to Ben");
    assert_eq!(local_keys(), [format!("anytime.owner:{here}")]);
    assert_eq!(local_storage().get_item(&format!("anytime.owner:{here}")).unwrap().as_deref(), Some("ben"));
    let kept = kept_keys().await;
    assert!(!kept.contains(&audit), "{kept:?}");
}

/// Both storages empty: nothing kept, no token, nobody remembered.
fn forget_all_kept() {
    local_storage().clear().unwrap();
    session_storage().clear().unwrap();
}

fn session_storage() -> web_sys::Storage {
    web_sys::window().unwrap().session_storage().unwrap().unwrap()
}

/// The network is gone: every call fails as fetch does then.
fn network_gone() {
    js_sys::eval("window.fetch = () => Promise.reject(new TypeError('Failed to fetch'))").unwrap();
}

fn who_is_shown() -> String {
    document()
        .query_selector(".at-header__who")
        .unwrap()
        .and_then(|who| who.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn with_the_server_gone_a_draft_is_offered_only_to_whom_the_tab_knows_it_is() {
    forget_all_kept();
    let here = "http://127.0.0.1:9";
    let draft_key = format!("anytime.draft:{here}:/fields/f1");
    let draft =
        format!(r#"{{"at":{},"draft":{{"id":"f1","type":"text","name":"Ann's"}}}}"#, js_sys::Date::now());
    local_storage().set_item(&draft_key, &draft).unwrap();
    local_storage().set_item(&format!("anytime.owner:{here}"), "ann").unwrap();
    // Ann signed in in this tab: the server says the token is hers.
    session_storage().set_item("anytime.token", "ann's token").unwrap();
    field_server("ann");
    go_to("/fields/f1");
    let app = mount(Some("ann's token"));
    wait_for("the offer of Ann's draft", || document().query_selector(".at-kept").unwrap().is_some()).await;
    assert!(who_is_shown().starts_with("ann"), "{}", who_is_shown());
    sleep(700).await;
    let kept = kept_keys().await;
    assert!(kept.contains(&format!("{here}/api/v3/anytime/fields/f1")), "{kept:?}");
    assert!(!kept.iter().any(|k| k.ends_with("/anytime/me")), "who is signed in is not kept: {kept:?}");
    drop(app);

    // The server is gone; Ann reloads the page: the field from the copy,
    // her draft offered, her name shown (the tab knows whose its token is).
    network_gone();
    let app = mount(Some("ann's token"));
    wait_for("the offer of Ann's draft, offline", || {
        document().query_selector(".at-kept").unwrap().is_some()
    })
    .await;
    assert!(who_is_shown().starts_with("ann"), "{}", who_is_shown());
    drop(app);

    // A portal mounts the console here with Ben's token, the server still
    // gone: nobody can say whose it is, so Ann's draft is not offered, nor
    // forgotten (it may be hers to come back to).
    let app = mount(Some("ben's token"));
    wait_for("the field from the copy", || document().query_selector("input.at-input").unwrap().is_some())
        .await;
    let name: web_sys::HtmlInputElement = query("input.at-input").unchecked_into();
    assert_eq!(name.value(), "Theirs");
    sleep(300).await;
    assert!(document().query_selector(".at-kept").unwrap().is_none(), "Ann's draft is not offered to Ben");
    assert_eq!(who_is_shown(), "");
    assert_eq!(local_storage().get_item(&draft_key).unwrap(), Some(draft));
    // The server is back: it says the token is Ben's, and Ann's draft goes.
    field_server("ben");
    query(".at-banner--network button").click();
    wait_for("Ben named", || who_is_shown().starts_with("ben")).await;
    wait_for("Ann's draft forgotten", || local_storage().get_item(&draft_key).unwrap().is_none()).await;
    assert!(document().query_selector(".at-kept").unwrap().is_none());
    drop(app);
    session_storage().clear().unwrap();
}

fn type_into(input: &web_sys::HtmlInputElement, text: &str) {
    input.set_value(text);
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

fn kept_name(key: &str) -> Option<String> {
    let text = local_storage().get_item(key).unwrap()?;
    let kept: serde_json::Value = serde_json::from_str(&text).unwrap();
    kept["draft"]["name"].as_str().map(str::to_owned)
}

/// Types `text` into the field's name while a draft is on offer, and waits
/// until it is kept beside that draft.
async fn type_beside_offer(name: &web_sys::HtmlInputElement, text: &str) {
    type_into(name, text);
    let typed_key = format!("{FIELD_DRAFT}#typed");
    wait_for("the typing kept beside", || kept_name(&typed_key).as_deref() == Some(text)).await;
}

#[wasm_bindgen_test]
async fn what_is_typed_while_a_draft_is_on_offer_is_kept_beside_it() {
    local_storage().clear().unwrap();
    local_storage().set_item("anytime.owner:http://127.0.0.1:9", "ann").unwrap();
    let typed_key = format!("{FIELD_DRAFT}#typed");
    // Yesterday's changes are on offer; Ann types without answering it.
    let kept = r#"{"at":1,"draft":{"id":"f1","type":"text","name":"Yesterday"},"since":"\"2\""}"#;
    let (app, name) = open_field_with_offer(kept).await;
    type_beside_offer(&name, "Today").await;
    assert_eq!(kept_name(FIELD_DRAFT).as_deref(), Some("Yesterday"), "the draft on offer is not overwritten");
    drop(app);

    // She comes back: both are there, the offer and her typing in the form.
    let app = mount(Some("token"));
    wait_for("the offer again", || document().query_selector(".at-kept").unwrap().is_some()).await;
    let name: web_sys::HtmlInputElement = query("input.at-input").unchecked_into();
    wait_for("today's typing in the form", || name.value() == "Today").await;
    // Discard drops yesterday's; today's becomes the page's draft.
    query(".at-kept .at-button--quiet").click();
    wait_for("the offer gone", || document().query_selector(".at-kept").unwrap().is_none()).await;
    wait_for("today's typing as the draft", || kept_name(FIELD_DRAFT).as_deref() == Some("Today")).await;
    assert_eq!(local_storage().get_item(&typed_key).unwrap(), None);
    assert_eq!(name.value(), "Today");
    drop(app);

    // Offered again with typing beside it, Restore brings the offered draft
    // back and forgets the typing (what Ann chose).
    let (app, name) = open_field_with_offer(kept).await;
    type_beside_offer(&name, "Today again").await;
    query(".at-kept .at-button").click();
    wait_for("yesterday's in the form", || name.value() == "Yesterday").await;
    wait_for("the typing forgotten", || local_storage().get_item(&typed_key).unwrap().is_none()).await;
    assert!(document().query_selector(".at-kept").unwrap().is_none(), "no offer after Restore");
    // Kept anew as the page's draft (stamped now, not the offered copy).
    wait_for("the restored draft kept", || {
        local_storage().get_item(FIELD_DRAFT).unwrap().is_some_and(|t| !t.starts_with(r#"{"at":1,"#))
    })
    .await;
    assert_eq!(kept_name(FIELD_DRAFT).as_deref(), Some("Yesterday"));
    drop(app);

    // Saving what is typed while the offer shows keeps the draft on offer.
    let (app, name) = open_field_with_offer(kept).await;
    type_beside_offer(&name, "Saved today").await;
    query(".at-savebar .at-button--primary").click();
    wait_for("saved: the typing forgotten", || local_storage().get_item(&typed_key).unwrap().is_none()).await;
    assert_eq!(kept_name(FIELD_DRAFT).as_deref(), Some("Yesterday"), "the draft on offer survives a save");
    drop(app);

    // Typing kept beside a draft discarded since (in another tab) is the
    // one offered.
    local_storage().remove_item(FIELD_DRAFT).unwrap();
    local_storage()
        .set_item(&typed_key, r#"{"at":2,"draft":{"id":"f1","type":"text","name":"Beside"},"since":"\"2\""}"#)
        .unwrap();
    // (A save goes back to the list of fields.)
    go_to("/fields/f1");
    let app = mount(Some("token"));
    wait_for("the offer", || document().query_selector(".at-kept").unwrap().is_some()).await;
    assert_eq!(kept_name(FIELD_DRAFT).as_deref(), Some("Beside"));
    assert_eq!(local_storage().get_item(&typed_key).unwrap(), None);
    drop(app);
    local_storage().clear().unwrap();
}

#[wasm_bindgen_test]
async fn with_nobody_known_the_paste_box_neither_shows_nor_overwrites_anyones_paste() {
    forget_all_kept();
    let here = "http://127.0.0.1:9";
    let paste_key = format!("anytime.draft:{here}:/blocked-senders#paste");
    let kept_paste = || {
        let text = local_storage().get_item(&paste_key).unwrap()?;
        serde_json::from_str::<serde_json::Value>(&text).unwrap()["draft"].as_str().map(str::to_owned)
    };
    local_storage().set_item(&paste_key, r#"{"at":1,"draft":"ann@x.example"}"#).unwrap();
    local_storage().set_item(&format!("anytime.owner:{here}"), "ann").unwrap();
    session_storage().set_item("anytime.token", "ann's token").unwrap();
    // Ann, online: her paste comes back (and the list is kept for offline).
    field_server("ann");
    go_to("/blocked-senders");
    let app = mount(Some("ann's token"));
    wait_for("Ann's paste back", || {
        document()
            .query_selector("#at-paste-text")
            .unwrap()
            .is_some_and(|t| t.unchecked_into::<web_sys::HtmlTextAreaElement>().value() == "ann@x.example")
    })
    .await;
    sleep(700).await;
    drop(app);

    // The server gone, a portal mounts the console with Ben's token: nobody
    // can say whose it is. Ann's paste is not shown, and what Ben types is
    // not written over it.
    network_gone();
    let app = mount(Some("ben's token"));
    wait_for("the paste button", || document().query_selector(".at-paste > button").unwrap().is_some()).await;
    sleep(300).await;
    let text: web_sys::HtmlTextAreaElement = query("#at-paste-text").unchecked_into();
    assert_eq!(text.value(), "", "Ann's paste is not shown to Ben");
    query(".at-paste > button").click();
    text.set_value("ben@y.example");
    text.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    sleep(200).await;
    assert_eq!(kept_paste().as_deref(), Some("ann@x.example"), "Ann's paste is not overwritten");
    // The server is back and says the token is Ben's: Ann's paste is
    // forgotten, and what Ben typed is kept as his.
    field_server("ben");
    query(".at-banner--network button").click();
    wait_for("Ben named", || who_is_shown().starts_with("ben")).await;
    wait_for("Ben's paste kept", || kept_paste().as_deref() == Some("ben@y.example")).await;
    assert_eq!(text.value(), "ben@y.example");
    drop(app);
    local_storage().clear().unwrap();
    session_storage().clear().unwrap();
}

#[wasm_bindgen_test]
async fn what_is_typed_before_the_server_says_who_is_signed_in_is_never_put_over() {
    forget_all_kept();
    let typed_key = format!("{FIELD_DRAFT}#typed");
    // Online once: the field is kept for offline use.
    field_server("ann");
    go_to("/fields/f1");
    let app = mount(Some("ann's token"));
    wait_for("the field", || document().query_selector("input.at-input").unwrap().is_some()).await;
    sleep(700).await;
    drop(app);
    // Ann's older draft, and what she typed beside it later.
    forget_all_kept();
    local_storage().set_item("anytime.owner:http://127.0.0.1:9", "ann").unwrap();
    let older = r#"{"at":1,"draft":{"id":"f1","type":"text","name":"Older"},"since":"\"2\""}"#;
    let newer = r#"{"at":2,"draft":{"id":"f1","type":"text","name":"Newer"},"since":"\"2\""}"#;
    local_storage().set_item(FIELD_DRAFT, older).unwrap();
    local_storage().set_item(&typed_key, newer).unwrap();

    // Offline, in a tab that does not know whose the token is: nothing is
    // offered, and what is typed is written nowhere yet.
    network_gone();
    let app = mount(Some("ann's token"));
    wait_for("the field from the copy", || document().query_selector("input.at-input").unwrap().is_some())
        .await;
    let name: web_sys::HtmlInputElement = query("input.at-input").unchecked_into();
    type_into(&name, "Now");
    sleep(300).await;
    assert!(document().query_selector(".at-kept").unwrap().is_none());
    assert_eq!(kept_name(FIELD_DRAFT).as_deref(), Some("Older"));
    assert_eq!(kept_name(&typed_key).as_deref(), Some("Newer"));
    // The server is back and says it is Ann: the form keeps what she typed
    // now; the newer draft is on offer, what she typed is kept beside it.
    field_server("ann");
    query(".at-banner--network button").click();
    wait_for("the offer", || document().query_selector(".at-kept").unwrap().is_some()).await;
    assert_eq!(name.value(), "Now", "the form is not put over");
    wait_for("the newer draft on offer", || kept_name(FIELD_DRAFT).as_deref() == Some("Newer")).await;
    wait_for("the typing kept beside", || kept_name(&typed_key).as_deref() == Some("Now")).await;
    drop(app);
    forget_all_kept();
}

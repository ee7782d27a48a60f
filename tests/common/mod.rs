//! What the component tests share: finding elements, waiting for the app,
//! mounting the console, faking the network.

// Each test binary uses a part of these.
#![allow(dead_code)]

use anytime_admin::Console;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

pub fn query(selector: &str) -> HtmlElement {
    document()
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into()
}

/// Lets the browser run for `ms` milliseconds (timers, router navigation).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits up to a second for `ready`, yielding to the app in between.
pub async fn wait_for(what: &str, ready: impl Fn() -> bool) {
    for _ in 0..100 {
        if ready() {
            return;
        }
        leptos::task::tick().await;
        sleep(10).await;
    }
    panic!("timed out waiting for {what}");
}

/// Mounts the console into a fresh element; the handle keeps it alive.
/// The API base is a closed port: calls fail as a network error.
pub fn mount(token: Option<&str>) -> leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable> {
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let token = token.map(str::to_owned);
    leptos::mount::mount_to(root, move || {
        use leptos::prelude::*;
        view! { <Console api_base="http://127.0.0.1:9".to_owned() token=token/> }
    })
}

/// Replaces `window.fetch` with one that answers every call with `status`
/// and `body` (JSON).
pub fn fake_fetch(status: u16, body: &str) {
    let f = js_sys::Function::new_no_args(&format!(
        "return Promise.resolve(new Response('{body}', \
         {{status: {status}, headers: {{'content-type': 'application/json'}}}}))"
    ));
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"fetch".into(), &f).unwrap();
}

pub fn go_to(path: &str) {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
        .unwrap();
}

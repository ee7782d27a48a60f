//! Component tests in headless Chromium (wasm-bindgen-test).

#![cfg(target_arch = "wasm32")]

use anytime_admin::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn query(selector: &str) -> HtmlElement {
    document()
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into()
}

/// Lets the browser run for `ms` milliseconds (timers, router navigation).
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits up to a second for `ready`, yielding to the app in between.
async fn wait_for(what: &str, ready: impl Fn() -> bool) {
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
fn mount() -> leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable> {
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    leptos::mount::mount_to(root, App)
}

#[wasm_bindgen_test]
// One test mounts the router: leptos_router leaves its window click listener
// behind when an app unmounts, and a second router's links would not navigate.
async fn sidebar_lists_every_area_and_the_menu_navigates() {
    let _app = mount();
    leptos::task::tick().await;
    let links = document().query_selector_all(".at-sidebar a").unwrap();
    let names: Vec<String> =
        (0..links.length()).map(|i| links.item(i).unwrap().text_content().unwrap_or_default()).collect();
    assert_eq!(
        names,
        [
            "Email accounts",
            "Routing",
            "Auto allocation",
            "Triggers",
            "SLA policies",
            "Working time & holidays",
            "Blocked senders",
            "Fields & mapping",
            "Preview",
        ]
    );

    // On a narrow screen the header button shows and hides the sidebar.
    let button = query(".at-header__menu");
    let sidebar = query(".at-sidebar");
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert!(!sidebar.class_list().contains("at-sidebar--open"));

    button.click();
    leptos::task::tick().await;
    assert_eq!(button.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert!(sidebar.class_list().contains("at-sidebar--open"));

    // Following a link closes the menu and shows that area's page.
    query(".at-sidebar a[href='/triggers']").click();
    wait_for("the Triggers page", || query(".at-page__title").text_content().as_deref() == Some("Triggers"))
        .await;
    assert!(!sidebar.class_list().contains("at-sidebar--open"));
    let current = query(".at-sidebar a[aria-current='page']");
    assert_eq!(current.text_content().as_deref(), Some("Triggers"));
}

//! Component tests in headless Chromium (wasm-bindgen-test).

#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
// One test mounts the router: leptos_router leaves its window click listener
// behind when an app unmounts, and a second router's links would not navigate.
async fn sidebar_lists_every_area_and_the_menu_navigates() {
    go_to("/");
    let _app = mount(Some("token"));
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
            "Import & export",
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

#[wasm_bindgen_test]
async fn a_401_asks_to_sign_in_again_over_the_page() {
    // No router clicks here (see above): the page comes from the URL.
    go_to("/triggers");
    fake_fetch(401, r#"{"title":"Not signed in","status":401}"#);
    let _app = mount(Some("stale-token"));
    wait_for("the sign-in dialog", || {
        document().query_selector("[role=dialog] #at-signin-token").unwrap().is_some()
    })
    .await;
    // The page is still there under the dialog.
    assert_eq!(query(".at-page__title").text_content().as_deref(), Some("Triggers"));
    assert_eq!(query("#at-signin-title").text_content().as_deref(), Some("Sign in again"));

    // An empty token is refused on the field; a new one closes the dialog.
    query("[role=dialog] button[type=submit]").click();
    leptos::task::tick().await;
    assert!(query("#at-signin-error").text_content().unwrap().contains("Enter the API token"));
    assert_eq!(query("#at-signin-token").get_attribute("aria-invalid").as_deref(), Some("true"));
    let input: web_sys::HtmlInputElement = query("#at-signin-token").unchecked_into();
    input.set_value("fresh-token");
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
    leptos::task::tick().await;
    assert_eq!(query("#at-signin-error").text_content().as_deref(), Some(""));
    // The server accepts the new token; the page loads itself again.
    fake_fetch(200, "[]");
    query("[role=dialog] button[type=submit]").click();
    wait_for("the dialog to close", || document().query_selector("[role=dialog]").unwrap().is_none()).await;
    let stored =
        web_sys::window().unwrap().session_storage().unwrap().unwrap().get_item("anytime.token").unwrap();
    assert_eq!(stored.as_deref(), Some("fresh-token"));
    wait_for("the empty state", || {
        document()
            .query_selector(".at-empty")
            .unwrap()
            .is_some_and(|e| e.text_content().unwrap_or_default().starts_with("No triggers yet."))
    })
    .await;
}

/// The sign-in form alone (no router: see the sidebar test) with what the
/// API client keeps after a 429: the server's words on the field, until a
/// call succeeds.
#[wasm_bindgen_test]
async fn slowed_sign_ins_say_how_long_to_wait() {
    use anytime_admin::api::{Api, ApiError};
    use leptos::prelude::*;
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let api = Api::new("http://127.0.0.1:9", Some("guessed".into()));
    let said = ApiError::from_response(
        429,
        r#"{"title":"Too many failed sign-ins","status":429,"detail":"Too many wrong tokens came from this address within a minute. Try again in 42 s."}"#,
    )
    .message();
    api.slowed.set(Some(said.clone()));
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(api);
        view! { <anytime_admin::components::sign_in::SignIn again=true/> }
    });
    leptos::task::tick().await;
    let error = within(&root, "#at-signin-error");
    assert_eq!(error.text_content().as_deref(), Some(said.as_str()));
    assert!(said.ends_with("Try again in 42 s."));
    assert_eq!(within(&root, "#at-signin-token").get_attribute("aria-invalid").as_deref(), Some("true"));
    api.slowed.set(None);
    leptos::task::tick().await;
    assert_eq!(within(&root, "#at-signin-error").text_content().as_deref(), Some(""));
    root.remove();
}

fn within(root: &HtmlElement, selector: &str) -> HtmlElement {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).unchecked_into()
}

fn type_into(input: &HtmlElement, text: &str) {
    let i: web_sys::HtmlInputElement = input.clone().unchecked_into();
    i.set_value(text);
    i.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

mod conditions {
    use super::*;
    use anytime_admin::components::condition_builder::ConditionBuilder;
    use anytime_core::{ConditionSet, Directory, Field, ValidationErrors};
    use leptos::prelude::*;

    struct Mounted {
        _handle: Box<dyn std::any::Any>,
        root: HtmlElement,
        set: RwSignal<ConditionSet>,
        errors: RwSignal<ValidationErrors>,
    }

    fn fields() -> Vec<Field> {
        let mut f = anytime_core::system_fields();
        f.push(
            serde_json::from_value(serde_json::json!({"id": "score", "type": "integer", "name": "Score"}))
                .unwrap(),
        );
        f
    }

    fn mount_builder(initial: serde_json::Value) -> Mounted {
        let root: HtmlElement = super::document().create_element("div").unwrap().unchecked_into();
        super::document().body().unwrap().append_child(&root).unwrap();
        let set = RwSignal::new(serde_json::from_value::<ConditionSet>(initial).unwrap());
        let errors = RwSignal::new(ValidationErrors::default());
        let handle = leptos::mount::mount_to(root.clone(), move || {
            view! {
                <ConditionBuilder set fields=Signal::derive(fields) directory=Signal::derive(Directory::default)
                    errors=Signal::from(errors) path="conditions"/>
            }
        });
        Mounted { _handle: Box::new(handle), root, set, errors }
    }

    fn option_texts(select: &HtmlElement) -> Vec<String> {
        let options = select.query_selector_all("option").unwrap();
        (0..options.length()).map(|i| options.item(i).unwrap().text_content().unwrap_or_default()).collect()
    }

    fn change(select: &HtmlElement, value: &str) {
        let s: web_sys::HtmlSelectElement = select.clone().unchecked_into();
        s.set_value(value);
        s.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    }

    #[wasm_bindgen_test]
    async fn operators_follow_the_field_type() {
        let m = mount_builder(
            serde_json::json!({"when": "all", "list": [{"fieldId": "subject", "matchType": "contains", "value": "refund"}]}),
        );
        leptos::task::tick().await;
        let operator = within(&m.root, ".at-condition__operator");
        assert_eq!(option_texts(&operator), ["contains", "does not contain", "is", "is not"]);
        change(&within(&m.root, ".at-condition select"), "score");
        leptos::task::tick().await;
        let operator = within(&m.root, ".at-condition__operator");
        assert_eq!(option_texts(&operator), ["is", "is not", "is more than", "is less than"]);
        let row = m.set.with_untracked(|s| s.list[0].clone());
        assert_eq!(
            (row.field_id.as_str(), row.match_type.map(|t| t.as_str().to_owned()).as_deref()),
            ("score", Some("is"))
        );
        // A number field gets the number keyboard, and keeps what was typed
        // (a browser number input would hide "12a" from the core's message).
        let input = within(&m.root, ".at-condition input");
        assert_eq!(input.get_attribute("inputmode").as_deref(), Some("decimal"));
        assert_eq!(input.get_attribute("type").as_deref(), Some("text"));
        change(&within(&m.root, ".at-condition select"), "status");
        leptos::task::tick().await;
        let value = within(&m.root, ".at-condition select:nth-of-type(3)");
        assert_eq!(
            option_texts(&value),
            ["New", "Pending internal", "Pending external", "On hold", "Closed"]
        );
        m.root.remove();
    }

    #[wasm_bindgen_test]
    async fn expression_errors_point_at_their_position() {
        let m = mount_builder(serde_json::json!({"when": "all", "list": [
            {"fieldId": "subject", "matchType": "contains", "value": "a"},
            {"fieldId": "subject", "matchType": "contains", "value": "b"}]}));
        leptos::task::tick().await;
        within(&m.root, "input[value=logicalExpression]").click();
        leptos::task::tick().await;
        let input = within(&m.root, "#at-expression");
        type_into(&input, "1 AND (2");
        leptos::task::tick().await;
        assert_eq!(within(&m.root, ".at-expression__error").text_content().as_deref(), Some("("));
        assert_eq!(within(&m.root, ".at-expression__marked").text_content().as_deref(), Some("1 AND (2"));
        assert_eq!(
            within(&m.root, ".at-expression__help .at-field__error").text_content().as_deref(),
            Some("The '(' at 7 is never closed.")
        );
        assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
        type_into(&input, "1 AND (2 OR NOT 1)");
        leptos::task::tick().await;
        assert!(m.root.query_selector(".at-expression__error").unwrap().is_none());
        assert!(within(&m.root, ".at-expression__help").text_content().unwrap().contains("valid"));
        assert_eq!(m.set.with_untracked(|s| s.logic_expression.clone()), "1 AND (2 OR NOT 1)");
        // Nested past 32 levels (what once aborted the server, and would
        // kill this page's wasm): the same words as the server, marked at
        // the 33rd '(' — and the page goes on.
        let deep = format!("{}1 OR 2{}", "(".repeat(3_000), ")".repeat(3_000));
        type_into(&input, &deep);
        leptos::task::tick().await;
        assert_eq!(
            within(&m.root, ".at-expression__help .at-field__error").text_content().as_deref(),
            Some("Nested too deeply at 33: use at most 32 levels of parentheses and NOT.")
        );
        assert_eq!(within(&m.root, ".at-expression__error").text_content().as_deref(), Some("("));
        type_into(&input, "1 OR 2");
        leptos::task::tick().await;
        assert!(m.root.query_selector(".at-expression__error").unwrap().is_none());
        m.root.remove();
    }

    #[wasm_bindgen_test]
    async fn server_messages_appear_on_their_field_and_clear() {
        let m = mount_builder(
            serde_json::json!({"when": "all", "list": [{"fieldId": "score", "matchType": "is", "value": "x"}]}),
        );
        leptos::task::tick().await;
        let mut e = ValidationErrors::default();
        e.add("conditions.list[0].value", "Enter a whole number, like 42 (not 'x').");
        m.errors.set(e);
        leptos::task::tick().await;
        assert_eq!(
            within(&m.root, ".at-condition__error").text_content().as_deref(),
            Some("Enter a whole number, like 42 (not 'x').")
        );
        assert_eq!(
            within(&m.root, ".at-condition input").get_attribute("aria-invalid").as_deref(),
            Some("true")
        );
        m.errors.set(ValidationErrors::default());
        leptos::task::tick().await;
        assert_eq!(within(&m.root, ".at-condition__error").text_content().as_deref(), Some(""));
        m.root.remove();
    }
}

mod ordering {
    use super::*;
    use anytime_admin::components::ordered_list::{Item, OrderedList};
    use leptos::prelude::*;

    fn press(target: &HtmlElement, key: &str, alt: bool) {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(key);
        init.set_alt_key(alt);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        target.dispatch_event(&ev).unwrap();
    }

    fn names(root: &HtmlElement) -> Vec<String> {
        let nodes = root.query_selector_all(".at-row__name").unwrap();
        (0..nodes.length()).map(|i| nodes.item(i).unwrap().text_content().unwrap_or_default()).collect()
    }

    #[wasm_bindgen_test]
    async fn keyboard_reordering_emits_the_whole_order_once_per_move() {
        let root: HtmlElement = super::document().create_element("div").unwrap().unchecked_into();
        super::document().body().unwrap().append_child(&root).unwrap();
        let items = RwSignal::new(
            ["a", "b", "c"]
                .iter()
                .map(|n| Item {
                    id: format!("id-{n}"),
                    name: n.to_uppercase(),
                    facts: String::new(),
                    enabled: Some(true),
                    href: None,
                })
                .collect::<Vec<_>>(),
        );
        let sent = RwSignal::new(Vec::<Vec<String>>::new());
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            view! { <OrderedList items on_reorder=Callback::new(move |ids| sent.update(|s| s.push(ids)))/> }
        });
        leptos::task::tick().await;
        let handle = |i: usize| -> HtmlElement {
            root.query_selector(&format!("[data-position=\"{i}\"] .at-handle"))
                .unwrap()
                .unwrap()
                .unchecked_into()
        };
        press(&handle(1), "ArrowUp", true);
        leptos::task::tick().await;
        assert_eq!(sent.get_untracked(), vec![vec!["id-b", "id-a", "id-c"]]);
        assert_eq!(names(&root), ["B", "A", "C"]);
        // Without Alt, or past an end, nothing moves.
        press(&handle(0), "ArrowUp", true);
        press(&handle(2), "ArrowDown", true);
        press(&handle(1), "ArrowDown", false);
        leptos::task::tick().await;
        assert_eq!(sent.get_untracked().len(), 1);
        press(&handle(0), "ArrowDown", true);
        leptos::task::tick().await;
        assert_eq!(sent.get_untracked()[1], vec!["id-a", "id-b", "id-c"]);
        assert_eq!(names(&root), ["A", "B", "C"]);
        // The move is announced for screen readers.
        assert!(root.text_content().unwrap().contains("B moved to position 2."));
        root.remove();
    }

    #[wasm_bindgen_test]
    async fn switches_move_at_once_and_back_when_refused() {
        let root: HtmlElement = super::document().create_element("div").unwrap().unchecked_into();
        super::document().body().unwrap().append_child(&root).unwrap();
        let items = RwSignal::new(vec![Item {
            id: "t1".into(),
            name: "T".into(),
            facts: String::new(),
            enabled: Some(false),
            href: None,
        }]);
        let answer = RwSignal::new(None::<Callback<bool>>);
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            view! {
                <OrderedList items on_reorder=Callback::new(|_| {})
                    on_toggle=Callback::new(move |(_, _, done): (String, bool, Callback<bool>)| answer.set(Some(done)))/>
            }
        });
        leptos::task::tick().await;
        let switch: HtmlElement = root.query_selector("[role=switch]").unwrap().unwrap().unchecked_into();
        assert_eq!(switch.get_attribute("aria-checked").as_deref(), Some("false"));
        switch.click();
        leptos::task::tick().await;
        assert_eq!(switch.get_attribute("aria-checked").as_deref(), Some("true"), "moves at once");
        // The server refuses: the switch goes back.
        answer.get_untracked().unwrap().run(false);
        leptos::task::tick().await;
        assert_eq!(switch.get_attribute("aria-checked").as_deref(), Some("false"));
        switch.click();
        leptos::task::tick().await;
        answer.get_untracked().unwrap().run(true);
        leptos::task::tick().await;
        assert_eq!(switch.get_attribute("aria-checked").as_deref(), Some("true"), "accepted: it stays");
        assert_eq!(items.get_untracked()[0].enabled, Some(true));
        root.remove();
    }

    fn item(n: &str, on: bool) -> Item {
        Item {
            id: format!("id-{n}"),
            name: n.to_uppercase(),
            facts: String::new(),
            enabled: Some(on),
            href: None,
        }
    }

    fn attribute(root: &HtmlElement, selector: &str, name: &str) -> Vec<Option<String>> {
        let nodes = root.query_selector_all(selector).unwrap();
        (0..nodes.length())
            .map(|i| nodes.item(i).unwrap().unchecked_into::<web_sys::Element>().get_attribute(name))
            .collect()
    }

    /// Rows read the list per key (is it on, is it last, is it dragged):
    /// what changes from outside — a reload, an item added — still shows.
    #[wasm_bindgen_test]
    async fn rows_follow_the_list_they_read_per_key() {
        let root: HtmlElement = super::document().create_element("div").unwrap().unchecked_into();
        super::document().body().unwrap().append_child(&root).unwrap();
        let items = RwSignal::new(vec![item("a", true), item("b", false), item("c", true)]);
        let actions = anytime_admin::components::ordered_list::RowActions {
            duplicate: Callback::new(|_| {}),
            delete: Callback::new(|_| {}),
        };
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            view! {
                <OrderedList items on_reorder=Callback::new(|_| {}) actions
                    on_toggle=Callback::new(|(_, _, done): (String, bool, Callback<bool>)| done.run(true))/>
            }
        });
        leptos::task::tick().await;
        let checked = |root: &HtmlElement| attribute(root, "[role=switch]", "aria-checked");
        let on = |v: &[&str]| v.iter().map(|s| Some(s.to_string())).collect::<Vec<_>>();
        assert_eq!(checked(&root), on(&["true", "false", "true"]));
        // A move carries each row's state with it.
        let handle: HtmlElement =
            root.query_selector("[data-position=\"1\"] .at-handle").unwrap().unwrap().unchecked_into();
        press(&handle, "ArrowUp", true);
        leptos::task::tick().await;
        assert_eq!(names(&root), ["B", "A", "C"]);
        assert_eq!(checked(&root), on(&["false", "true", "true"]));
        // The list loaded again with another state for the same rows.
        items.set(vec![item("b", true), item("a", false), item("c", true)]);
        leptos::task::tick().await;
        leptos::task::tick().await;
        assert_eq!(checked(&root), on(&["true", "false", "true"]));
        // ... and in another order: rows drawn again read the new state.
        items.set(vec![item("c", false), item("b", true), item("a", true)]);
        leptos::task::tick().await;
        leptos::task::tick().await;
        assert_eq!(names(&root), ["C", "B", "A"]);
        assert_eq!(checked(&root), on(&["false", "true", "true"]));
        items.set(vec![item("b", true), item("a", false), item("c", true)]);
        leptos::task::tick().await;
        leptos::task::tick().await;
        assert_eq!(checked(&root), on(&["true", "false", "true"]));
        // Two clicks in one task: the second undoes the first.
        let switch = |i: u32| -> HtmlElement {
            root.query_selector_all("[role=switch]").unwrap().item(i).unwrap().unchecked_into()
        };
        switch(1).click();
        switch(1).click();
        leptos::task::tick().await;
        leptos::task::tick().await;
        assert_eq!(checked(&root), on(&["true", "false", "true"]));
        assert_eq!(items.get_untracked()[1].enabled, Some(false));
        // Only the last row cannot move down (its menu open); an item
        // added changes which.
        let menus = |root: &HtmlElement| {
            let nodes = root.query_selector_all(".at-menu__button").unwrap();
            (0..nodes.length())
                .map(|i| nodes.item(i).unwrap().unchecked_into::<HtmlElement>())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            root.query_selector_all(".at-menu__item").unwrap().length(),
            0,
            "closed menus draw no items"
        );
        menus(&root)[2].click();
        leptos::task::tick().await;
        let move_down = |root: &HtmlElement| attribute(root, ".at-menu__item", "disabled")[2].is_some();
        assert!(move_down(&root), "the last row's menu");
        items.update(|l| l.push(item("d", false)));
        leptos::task::tick().await;
        leptos::task::tick().await;
        assert!(!move_down(&root), "no longer last: the open menu follows");
        menus(&root)[2].click();
        menus(&root)[3].click();
        leptos::task::tick().await;
        assert!(move_down(&root), "the new last row's menu");
        // Escape closes it with the focus on its button, too.
        press(&menus(&root)[3], "Escape", false);
        leptos::task::tick().await;
        assert_eq!(menus(&root)[3].get_attribute("aria-expanded").as_deref(), Some("false"));
        assert_eq!(root.query_selector_all(".at-menu__item").unwrap().length(), 0);
        assert_eq!(checked(&root), on(&["true", "false", "true", "false"]));
        // The row being dragged, and only it, says so.
        let dragged = |root: &HtmlElement| {
            attribute(root, ".at-row", "class")
                .iter()
                .map(|c| c.as_deref().unwrap_or_default().contains("at-row--dragging"))
                .collect::<Vec<_>>()
        };
        let handle: HtmlElement =
            root.query_selector("[data-position=\"2\"] .at-handle").unwrap().unwrap().unchecked_into();
        handle.dispatch_event(&web_sys::Event::new("dragstart").unwrap()).unwrap();
        leptos::task::tick().await;
        assert_eq!(dragged(&root), [false, false, true, false]);
        handle.dispatch_event(&web_sys::Event::new("dragend").unwrap()).unwrap();
        leptos::task::tick().await;
        assert_eq!(dragged(&root), [false, false, false, false]);
        root.remove();
    }
}

#[wasm_bindgen_test]
async fn an_unreachable_server_shows_a_banner_with_a_retry_then_answers_from_what_was_kept() {
    // The page comes from the URL (one router per test binary; see above).
    go_to("/blocked-senders");
    let reject = js_sys::Function::new_no_args("return Promise.reject(new TypeError('Failed to fetch'))");
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"fetch".into(), &reject).unwrap();
    let _app = mount(Some("token"));
    wait_for("the network banner", || !query(".at-banner--network").has_attribute("hidden")).await;
    assert!(query(".at-banner--network").text_content().unwrap().contains("cannot be reached"));
    // The server is back: "Try again" loads the page and the banner goes.
    fake_fetch(200, r#"[{"id":"b1","email":"spam.example","blockType":"rejectDomain"}]"#);
    query(".at-banner--network button").click();
    wait_for("the list", || document().query_selector(".at-row__name").unwrap().is_some()).await;
    assert_eq!(query(".at-row__name").text_content().as_deref(), Some("spam.example"));
    // The banner's own update may come a tick after the rows (seen once in CI).
    wait_for("the banner to go", || query(".at-banner--network").has_attribute("hidden")).await;
    // That answer was kept (IndexedDB): with the server gone again, the
    // page answers from it and the banner says how old it is.
    sleep(300).await;
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"fetch".into(), &reject).unwrap();
    query(".at-banner--network button").click();
    wait_for("the offline banner", || {
        query(".at-banner--network").text_content().unwrap_or_default().contains("Offline · settings as of")
    })
    .await;
    assert!(!query(".at-banner--network").has_attribute("hidden"));
    assert_eq!(query(".at-row__name").text_content().as_deref(), Some("spam.example"));
}

mod inputs {
    use super::*;
    use anytime_admin::components::inputs::{AgentsPicker, NumberInput, TextInput, Toggle};
    use anytime_admin::forms::typed::Kind;
    use anytime_core::{Agent, AgentStatus, Directory};
    use leptos::prelude::*;

    fn host() -> HtmlElement {
        let root: HtmlElement = super::document().create_element("div").unwrap().unchecked_into();
        super::document().body().unwrap().append_child(&root).unwrap();
        root
    }

    #[wasm_bindgen_test]
    async fn an_email_input_says_the_cores_words_as_typed_then_the_forms() {
        let root = host();
        let value = RwSignal::new(String::new());
        let server = RwSignal::new(None::<String>);
        let _h = leptos::mount::mount_to(root.clone(), move || {
            view! { <TextInput label="Business email" kind=Kind::Email value error=server on_input=Callback::new(move |v| value.set(v))/> }
        });
        leptos::task::tick().await;
        let input = within(&root, "input");
        let message = within(&root, ".at-field__error");
        // The label names the input; the message describes it.
        let label = within(&root, "label");
        assert_eq!(label.get_attribute("for"), input.get_attribute("id"));
        assert_eq!(input.get_attribute("aria-describedby"), message.get_attribute("id"));

        type_into(&input, "ana@");
        leptos::task::tick().await;
        assert_eq!(
            message.text_content().as_deref(),
            Some("'ana@' is not an email address. Use the form support@example.com.")
        );
        assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
        type_into(&input, "ana@example.com");
        leptos::task::tick().await;
        assert_eq!(message.text_content().as_deref(), Some(""));
        assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("false"));
        assert_eq!(value.get_untracked(), "ana@example.com");
        // The server's 422 lands on the same field, and goes when cleared.
        server.set(Some("An account with this address exists.".into()));
        leptos::task::tick().await;
        assert_eq!(message.text_content().as_deref(), Some("An account with this address exists."));
        server.set(None);
        leptos::task::tick().await;
        assert_eq!(message.text_content().as_deref(), Some(""));
        root.remove();
    }

    #[wasm_bindgen_test]
    async fn a_number_input_keeps_what_was_typed_and_passes_on_numbers_only() {
        let root = host();
        let port = RwSignal::new(993_i64);
        let _h = leptos::mount::mount_to(root.clone(), move || {
            view! { <NumberInput label="Port" min=1 max=65535 value=port on_change=Callback::new(move |n| port.set(n))/> }
        });
        leptos::task::tick().await;
        let input = within(&root, "input");
        let i: web_sys::HtmlInputElement = input.clone().unchecked_into();
        assert_eq!(i.value(), "993");
        type_into(&input, "99x");
        leptos::task::tick().await;
        assert_eq!(i.value(), "99x", "what was typed stays");
        assert_eq!(port.get_untracked(), 993);
        assert_eq!(
            within(&root, ".at-field__error").text_content().as_deref(),
            Some("Port must be a whole number, like 1.")
        );
        type_into(&input, "70000");
        leptos::task::tick().await;
        assert_eq!(
            within(&root, ".at-field__error").text_content().as_deref(),
            Some("Port must be from 1 to 65535, not 70000.")
        );
        type_into(&input, "587");
        leptos::task::tick().await;
        assert_eq!(port.get_untracked(), 587);
        // Set from outside (discard): the text follows.
        port.set(25);
        leptos::task::tick().await;
        assert_eq!(i.value(), "25");
        root.remove();
    }

    #[wasm_bindgen_test]
    async fn what_was_typed_outlives_the_input_being_drawn_again() {
        use anytime_admin::components::inputs::Typing;
        let root = host();
        let port = RwSignal::new(993_i64);
        // Bumped by "another field": the section holding the port is drawn again.
        let other = RwSignal::new(0);
        let typing = Typing::default();
        let _h = leptos::mount::mount_to(root.clone(), move || {
            provide_context(typing);
            view! {
                {move || {
                    other.track();
                    view! { <NumberInput label="Port" min=1 max=65535 value=port path="serverInfo.incomingServerPort"
                        on_change=Callback::new(move |n| port.set(n))/> }
                }}
            }
        });
        leptos::task::tick().await;
        type_into(&within(&root, "input"), "70000");
        leptos::task::tick().await;
        assert!(typing.pending(), "the editor knows an input holds a non-value");
        other.update(|n| *n += 1);
        leptos::task::tick().await;
        let i: web_sys::HtmlInputElement = within(&root, "input").unchecked_into();
        assert_eq!(i.value(), "70000", "drawn again, it shows what was typed");
        assert_eq!(port.get_untracked(), 993);
        assert!(typing.pending());
        type_into(&within(&root, "input"), "995");
        leptos::task::tick().await;
        assert_eq!(port.get_untracked(), 995);
        assert!(!typing.pending());
        // Cleared by the editor (Discard, Restore) with the value unchanged:
        // the text goes too, it does not come back from the input's own copy.
        type_into(&within(&root, "input"), "70000");
        leptos::task::tick().await;
        typing.clear();
        leptos::task::tick().await;
        let i: web_sys::HtmlInputElement = within(&root, "input").unchecked_into();
        assert_eq!(i.value(), "995", "cleared, the value shows");
        root.remove();
    }

    #[wasm_bindgen_test]
    async fn the_agents_picker_and_toggle_report_choices() {
        let root = host();
        let agent = |id: &str, name: &str, status| Agent {
            id: id.into(),
            name: name.into(),
            email: String::new(),
            department_ids: vec![],
            status,
        };
        let directory = Directory {
            agents: vec![
                agent("a1", "Ana", AgentStatus::Online),
                agent("b2", "Ben", AgentStatus::Away),
                agent("c3", "Cy", AgentStatus::Offline),
            ],
            departments: vec![],
        };
        let chosen = RwSignal::new(vec!["c3".to_string()]);
        let on = RwSignal::new(false);
        let _h = leptos::mount::mount_to(root.clone(), move || {
            view! {
                <AgentsPicker label="Send to agents" directory=Signal::stored(directory.clone()) value=chosen
                    on_change=Callback::new(move |v| chosen.set(v))/>
                <Toggle label="Send an email" value=on on_change=Callback::new(move |v| on.set(v))/>
            }
        });
        leptos::task::tick().await;
        assert_eq!(within(&root, ".at-multi__summary").text_content().as_deref(), Some("Cy"));
        let boxes = root.query_selector_all("input[type=checkbox]").unwrap();
        let labels: Vec<String> = (0..boxes.length())
            .map(|i| boxes.item(i).unwrap().parent_element().unwrap().text_content().unwrap_or_default())
            .collect();
        assert_eq!(labels, ["Ana (online)", "Ben (away)", "Cy (offline)"]);
        let ana: HtmlElement = boxes.item(0).unwrap().unchecked_into();
        ana.click();
        leptos::task::tick().await;
        assert_eq!(chosen.get_untracked(), ["a1", "c3"], "in the directory's order");
        assert_eq!(within(&root, ".at-multi__summary").text_content().as_deref(), Some("Ana and Cy"));

        let switch = within(&root, "[role=switch]");
        assert_eq!(switch.get_attribute("aria-checked").as_deref(), Some("false"));
        switch.click();
        leptos::task::tick().await;
        assert!(on.get_untracked());
        assert_eq!(switch.get_attribute("aria-checked").as_deref(), Some("true"));
        root.remove();
    }
}

mod bulk {
    use super::*;
    use anytime_admin::bulk::{BulkAnswer, BulkRequest, Corpus};
    use anytime_admin::components::bulk_run::{BulkRunner, RunProgress, RunState};
    use anytime_core::engine::clock::Zones;
    use anytime_core::engine::{corpus, Evaluator, Settings};
    use leptos::prelude::*;

    fn request(count: usize) -> BulkRequest {
        BulkRequest {
            saved: Settings::default(),
            draft: None,
            corpus: Corpus::Generated { count, seed: 3, start: 1_796_000_000 },
            now: "2026-12-07T10:00:00Z".into(),
            zones: Vec::new(),
            limit: 0,
        }
    }

    /// The test page serves no `/bulk-worker.js`: the runner falls back to
    /// slices on the page, showing progress, and gives the core's answer.
    #[wasm_bindgen_test]
    async fn a_run_shows_progress_answers_as_the_core_and_cancels() {
        let root: HtmlElement = super::document().create_element("div").unwrap().unchecked_into();
        super::document().body().unwrap().append_child(&root).unwrap();
        let runner = StoredValue::new_local(None::<BulkRunner>);
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            let r = BulkRunner::new();
            runner.set_value(Some(r));
            view! { <RunProgress runner=r label="Evaluating"/> }
        });
        let r = runner.get_value().unwrap();
        r.start(request(20_000));
        wait_for("the progress bar", || root.query_selector("progress").unwrap().is_some()).await;
        assert!(root.text_content().unwrap().contains("Cancel"));
        for _ in 0..500 {
            if !r.state.with_untracked(RunState::running) {
                break;
            }
            sleep(20).await;
        }
        let RunState::Done(answer) = r.state.get_untracked() else {
            panic!("not done: {:?}", r.state.get_untracked())
        };
        let BulkAnswer::Summary { summary, .. } = &*answer else { panic!("a summary") };
        let samples = corpus::generate(&Settings::default(), 20_000, 1_796_000_000, 3);
        let want = Evaluator::compile(&Settings::default(), &Zones::new()).preview_many(&samples);
        assert_eq!(summary, &want);
        leptos::task::tick().await;
        assert!(root.query_selector("progress").unwrap().is_none(), "the bar goes when done");

        // Cancel: the run stops, nothing is shown.
        r.start(request(1_000_000));
        wait_for("the progress bar", || root.query_selector("progress").unwrap().is_some()).await;
        let cancel: HtmlElement = root.query_selector("button").unwrap().unwrap().unchecked_into();
        cancel.click();
        leptos::task::tick().await;
        sleep(50).await;
        assert_eq!(r.state.get_untracked(), RunState::Idle);
        assert!(root.query_selector("progress").unwrap().is_none());
    }
}

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::forms::order;

/// One row of an ordered list.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    pub name: String,
    pub facts: String,
    pub enabled: Option<bool>,
    /// The item's editor; the name links to it.
    pub href: Option<String>,
}

/// A list whose order matters: drag a row by its handle, or focus the handle
/// and press Alt+↑ / Alt+↓. Each move calls `on_reorder` once with every id
/// in the new order (for the list's `…/order` endpoint); the list shows the
/// new order at once.
#[component]
pub fn OrderedList(
    items: RwSignal<Vec<Item>>,
    on_reorder: Callback<Vec<String>>,
    /// Turns an item on or off; `Err` puts the switch back. Without it the
    /// state is shown as text.
    #[prop(optional)]
    on_toggle: Option<Callback<(String, bool, Callback<bool>)>>,
) -> impl IntoView {
    let (dragging, set_dragging) = signal(None::<usize>);
    let (announcement, set_announcement) = signal(String::new());
    let apply = move |from: usize, to: usize| {
        let current = items.get_untracked();
        if let Some(next) = order::moved(&current, from, to) {
            let name = next[to.min(next.len() - 1)].name.clone();
            let ids = next.iter().map(|i| i.id.clone()).collect();
            items.set(next);
            set_announcement.set(format!("{name} moved to position {}.", to.min(current.len() - 1) + 1));
            on_reorder.run(ids);
            // Keep the keyboard where the item went.
            let target = to.min(current.len() - 1);
            request_animation_frame(move || {
                if let Some(el) = document()
                    .query_selector(&format!(".at-ordered [data-position=\"{target}\"] .at-handle"))
                    .ok()
                    .flatten()
                {
                    let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(el).focus();
                }
            });
        }
    };
    let rows = move || items.get().into_iter().enumerate().collect::<Vec<_>>();
    view! {
        <ol class="at-list at-ordered">
            <For each=rows key=|(i, item)| (item.id.clone(), *i) let:entry>
                {
                    let (index, item) = entry;
                    let len = move || items.with(Vec::len);
                    let label = format!("Move {}. Alt plus arrow keys move it; or drag.", item.name);
                    view! {
                        <li
                            class="at-row"
                            class:at-row--dragging=move || dragging.get() == Some(index)
                            data-position=index.to_string()
                            on:dragover=move |ev| ev.prevent_default()
                            on:drop=move |ev| {
                                ev.prevent_default();
                                if let Some(from) = dragging.get_untracked() {
                                    apply(from, index);
                                }
                                set_dragging.set(None);
                            }
                        >
                            <button
                                type="button"
                                class="at-handle"
                                draggable="true"
                                aria-label=label
                                on:dragstart=move |_| set_dragging.set(Some(index))
                                on:dragend=move |_| set_dragging.set(None)
                                on:keydown=move |ev| {
                                    if !ev.alt_key() {
                                        return;
                                    }
                                    let up = match ev.key().as_str() {
                                        "ArrowUp" => true,
                                        "ArrowDown" => false,
                                        _ => return,
                                    };
                                    ev.prevent_default();
                                    if let Some(to) = order::step(len(), index, up) {
                                        apply(index, to);
                                    }
                                }
                            >"⠿"</button>
                            <span class="at-row__position" aria-hidden="true">{index + 1}</span>
                            <div class="at-row__main">
                                {
                                    let name = item.name.clone();
                                    match item.href.clone() {
                                        Some(href) => view! { <A href=href attr:class="at-row__name">{name}</A> }.into_any(),
                                        None => view! { <span class="at-row__name">{name}</span> }.into_any(),
                                    }
                                }
                                <span class="at-row__facts">{item.facts.clone()}</span>
                            </div>
                            {item.enabled.map(|_| {
                                let id = item.id.clone();
                                let name = item.name.clone();
                                let on = Memo::new(move |_| items.with(|l| l.iter().find(|i| i.id == id).and_then(|i| i.enabled).unwrap_or(false)));
                                match on_toggle {
                                    None => view! {
                                        <span class=move || if on.get() { "at-state at-state--on" } else { "at-state at-state--off" }>
                                            {move || if on.get() { "On" } else { "Off" }}
                                        </span>
                                    }.into_any(),
                                    Some(toggle) => {
                                        let id = item.id.clone();
                                        let set = move |id: &str, value: bool| items.update(|l| {
                                            if let Some(i) = l.iter_mut().find(|i| i.id == id) {
                                                i.enabled = Some(value);
                                            }
                                        });
                                        view! {
                                            <button
                                                type="button"
                                                role="switch"
                                                class="at-switch"
                                                aria-checked=move || on.get().to_string()
                                                aria-label=format!("{name} is on")
                                                on:click=move |_| {
                                                    let next = !on.get();
                                                    // Optimistic: the switch moves now, and back if refused.
                                                    set(&id, next);
                                                    let back = id.clone();
                                                    toggle.run((id.clone(), next, Callback::new(move |ok: bool| if !ok { set(&back, !next) })));
                                                }
                                            >
                                                <span class="at-switch__track" aria-hidden="true"></span>
                                                <span class="at-switch__label">{move || if on.get() { "On" } else { "Off" }}</span>
                                            </button>
                                        }.into_any()
                                    }
                                }
                            })}
                        </li>
                    }
                }
            </For>
        </ol>
        <p class="at-visually-hidden" aria-live="polite">{announcement}</p>
    }
}

/// An ordered list kept on the server: each move is one `PUT {list}/order`,
/// each switch one `PUT {list}/{id}/enable`. What the server refuses is
/// said and put back (`on_refused` reloads the list).
#[component]
pub fn ServerOrderedList(
    items: RwSignal<Vec<Item>>,
    /// The list's path under `/api/v3/anytime`, e.g. `triggers`.
    list: &'static str,
    /// What one item is called, for messages ("trigger").
    noun: &'static str,
    on_refused: Callback<()>,
) -> impl IntoView {
    use crate::api::{Api, ApiError, Method};
    use crate::components::feedback::Toasts;
    use anytime_core::{EnableRequest, OrderRequest};
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    let (error, set_error) = signal(None::<String>);
    let on_reorder = Callback::new(move |ids: Vec<String>| {
        spawn_local(async move {
            let path = format!("/api/v3/anytime/{list}/order");
            let result: Result<serde::de::IgnoredAny, ApiError> =
                api.send(Method::Put, &path, Some(&OrderRequest { ids }), None).await;
            match result {
                Ok(_) => set_error.set(None),
                Err(e) => {
                    set_error.set(Some(format!("The new order was not saved. {}", e.message())));
                    on_refused.run(());
                }
            }
        });
    });
    let on_toggle = Callback::new(move |(id, on, done): (String, bool, Callback<bool>)| {
        spawn_local(async move {
            let path = format!("/api/v3/anytime/{list}/{id}/enable");
            let result: Result<serde::de::IgnoredAny, ApiError> =
                api.send(Method::Put, &path, Some(&EnableRequest { enable: Some(on) }), None).await;
            done.run(result.is_ok());
            if let Err(e) = result {
                toasts.show(format!(
                    "The {noun} was not turned {}. {}",
                    if on { "on" } else { "off" },
                    e.message()
                ));
            }
        });
    });
    view! {
        <p class="at-banner at-banner--error" role="alert" hidden=move || error.get().is_none()>{move || error.get()}</p>
        <OrderedList items on_reorder on_toggle/>
    }
}

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

/// What a row's ⋯ menu can do besides edit (the name's link) and move up or
/// down (the list's own moves). Each gets the row's id.
#[derive(Clone, Copy)]
pub struct RowActions {
    pub duplicate: Callback<String>,
    pub delete: Callback<String>,
}

/// A list whose order matters: drag a row by its handle, or focus the handle
/// and press Alt+↑ / Alt+↓, or use the row's ⋯ menu. Each move calls `on_reorder` once with every id
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
    /// The ⋯ menu; without it, rows have none.
    #[prop(optional)]
    actions: Option<RowActions>,
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
                            {actions.map(|a| {
                                let id = item.id.clone();
                                let dup = id.clone();
                                view! {
                                    <RowMenu
                                        name=item.name.clone()
                                        href=item.href.clone()
                                        can_up=Signal::derive(move || index > 0)
                                        can_down=Signal::derive(move || index + 1 < len())
                                        on_move=Callback::new(move |up: bool| {
                                            if let Some(to) = order::step(len(), index, up) {
                                                apply(index, to);
                                            }
                                        })
                                        on_duplicate=Callback::new(move |()| a.duplicate.run(dup.clone()))
                                        on_delete=Callback::new(move |()| a.delete.run(id.clone()))
                                    />
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

/// A row's ⋯ menu: edit, duplicate, move up, move down, delete. Arrow keys
/// move between items; Escape closes it and returns focus to the button.
#[component]
fn RowMenu(
    name: String,
    href: Option<String>,
    can_up: Signal<bool>,
    can_down: Signal<bool>,
    on_move: Callback<bool>,
    on_duplicate: Callback<()>,
    on_delete: Callback<()>,
) -> impl IntoView {
    use wasm_bindgen::JsCast;
    let (open, set_open) = signal(false);
    let button = NodeRef::<leptos::html::Button>::new();
    let list = NodeRef::<leptos::html::Div>::new();
    let items = move || -> Vec<web_sys::HtmlElement> {
        let Some(list) = list.get_untracked() else { return Vec::new() };
        let Ok(nodes) = list.query_selector_all("[role=menuitem]:not([disabled])") else { return Vec::new() };
        (0..nodes.length()).filter_map(|i| nodes.item(i)?.dyn_into().ok()).collect()
    };
    let close = move |focus: bool| {
        set_open.set(false);
        if focus {
            if let Some(b) = button.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    let toggle = move |_| {
        let opening = !open.get_untracked();
        set_open.set(opening);
        if opening {
            request_animation_frame(move || {
                if let Some(first) = items().first() {
                    let _ = first.focus();
                }
            });
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let step: i32 = match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                close(true);
                return;
            }
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        ev.prevent_default();
        let all = items();
        let active = document().active_element();
        let at = all
            .iter()
            .position(|e| active.as_ref().is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>()));
        let n = all.len() as i32;
        if n > 0 {
            let next = at.map_or(0, |i| (i as i32 + step).rem_euclid(n)) as usize;
            let _ = all[next].focus();
        }
    };
    let act = move |f: Callback<()>| {
        close(true);
        f.run(());
    };
    view! {
        <div class="at-menu">
            <button node_ref=button type="button" class="at-menu__button" aria-haspopup="menu"
                aria-expanded=move || open.get().to_string() aria-label=format!("Actions for {name}") on:click=toggle>
                "⋯"
            </button>
            <Show when=move || open.get()>
                <div class="at-menu__backdrop" on:click=move |_| close(false)></div>
            </Show>
            <div node_ref=list class="at-menu__list" role="menu" hidden=move || !open.get() on:keydown=on_keydown>
                {href.clone().map(|h| view! { <A href=h attr:class="at-menu__item" attr:role="menuitem">"Edit"</A> })}
                <button type="button" role="menuitem" class="at-menu__item" on:click=move |_| act(on_duplicate)>"Duplicate"</button>
                <button type="button" role="menuitem" class="at-menu__item" disabled=move || !can_up.get()
                    on:click=move |_| { close(false); on_move.run(true) }>"Move up"</button>
                <button type="button" role="menuitem" class="at-menu__item" disabled=move || !can_down.get()
                    on:click=move |_| { close(false); on_move.run(false) }>"Move down"</button>
                <button type="button" role="menuitem" class="at-menu__item at-menu__item--danger" on:click=move |_| act(on_delete)>"Delete…"</button>
            </div>
        </div>
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
    /// The key that holds an item's name ("description" for triggers).
    #[prop(default = "name")]
    name_key: &'static str,
    /// Loads the list again (after a refused change or a duplicate).
    reload: Callback<()>,
) -> impl IntoView {
    use crate::api::{Api, ApiError, Method};
    use crate::components::feedback::{ConfirmDialog, ListChanged, Toasts};
    use anytime_core::{EnableRequest, OrderRequest};
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    let changed = expect_context::<ListChanged>();
    let (error, set_error) = signal(None::<String>);
    let list_path = format!("/api/v3/anytime/{list}");
    // Every row action carries the list's ETag: one that lost a race says
    // so and reloads, rather than winning over someone else's change.
    let refused = move |e: &ApiError| -> bool {
        if *e == ApiError::Changed {
            changed.show(&format!("{noun}s"), reload);
            true
        } else {
            false
        }
    };
    let on_reorder = {
        let list_path = list_path.clone();
        Callback::new(move |ids: Vec<String>| {
            let list_path = list_path.clone();
            spawn_local(async move {
                let path = format!("{list_path}/order");
                let result: Result<serde::de::IgnoredAny, ApiError> =
                    api.member(Method::Put, &list_path, &path, Some(&OrderRequest { ids })).await;
                match result {
                    Ok(_) => set_error.set(None),
                    Err(e) if refused(&e) => {}
                    Err(e) => {
                        set_error.set(Some(format!("The new order was not saved. {}", e.message())));
                        let _ = reload.try_run(());
                    }
                }
            });
        })
    };
    let on_toggle = {
        let list_path = list_path.clone();
        Callback::new(move |(id, on, done): (String, bool, Callback<bool>)| {
            let list_path = list_path.clone();
            spawn_local(async move {
                let path = format!("{list_path}/{id}/enable");
                let body = EnableRequest { enable: Some(on) };
                let result: Result<serde::de::IgnoredAny, ApiError> =
                    api.member(Method::Put, &list_path, &path, Some(&body)).await;
                let _ = done.try_run(result.is_ok());
                match result {
                    Ok(_) => {}
                    Err(e) if refused(&e) => {}
                    Err(e) => toasts.show(format!(
                        "The {noun} was not turned {}. {}",
                        if on { "on" } else { "off" },
                        e.message()
                    )),
                }
            });
        })
    };
    let name_of =
        move |id: &str| items.with_untracked(|l| l.iter().find(|i| i.id == id).map(|i| i.name.clone()));
    // Delete asks first, naming the item.
    let (deleting, set_deleting) = signal(None::<(String, String)>);
    let delete = Callback::new(move |id: String| {
        if let Some(name) = name_of(&id) {
            set_deleting.set(Some((id, name)));
        }
    });
    let confirm_delete = {
        let list_path = list_path.clone();
        Callback::new(move |()| {
            let Some((id, name)) = deleting.get_untracked() else { return };
            set_deleting.set(None);
            let list_path = list_path.clone();
            spawn_local(async move {
                match api.delete_member(&list_path, &format!("{list_path}/{id}")).await {
                    Ok(()) => {
                        items.update(|l| l.retain(|i| i.id != id));
                        toasts.show(format!("Deleted {noun} '{name}'."));
                    }
                    Err(e) if refused(&e) => {}
                    Err(e) => toasts.show(format!("The {noun} '{name}' was not deleted. {}", e.message())),
                }
            });
        })
    };
    // Duplicate: the saved object under a new name, added at the end.
    let duplicate = Callback::new(move |id: String| {
        spawn_local(async move {
            let path = format!("/api/v3/anytime/{list}/{id}");
            let result = async {
                let original: serde_json::Value = api.get(&path).await?;
                let copy = copy_of(original, name_key);
                let name = copy[name_key].as_str().unwrap_or_default().to_owned();
                let _: serde::de::IgnoredAny =
                    api.send(Method::Post, &format!("/api/v3/anytime/{list}"), Some(&copy), None).await?;
                Ok::<_, ApiError>(name)
            }
            .await;
            match result {
                Ok(name) => {
                    toasts.show(format!("Added '{name}' at the end; it is off until you turn it on."));
                    let _ = reload.try_run(());
                }
                Err(e) => toasts.show(format!("The {noun} was not duplicated. {}", e.message())),
            }
        });
    });
    view! {
        <p class="at-banner at-banner--error" role="alert" hidden=move || error.get().is_none()>{move || error.get()}</p>
        <OrderedList items on_reorder on_toggle actions=RowActions { duplicate, delete }/>
        <ConfirmDialog
            question=Signal::derive(move || deleting.get().map(|(_, name)| format!("Delete {noun} '{name}'?")))
            detail=Signal::derive(move || format!("It is removed for good; the {noun}s after it move up one place."))
            confirm_label="Delete"
            on_confirm=confirm_delete
            on_cancel=Callback::new(move |()| set_deleting.set(None))
        />
    }
}

/// A saved object as a new one: no ids (the server gives new ones), "(copy)"
/// after its name, switched off so it changes nothing until reviewed.
fn copy_of(mut value: serde_json::Value, name_key: &str) -> serde_json::Value {
    fn strip_ids(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.remove("id");
                for (key, child) in map.iter_mut() {
                    // An attachment's id names the uploaded file: keep it.
                    if key != "attachment" {
                        strip_ids(child);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip_ids),
            _ => {}
        }
    }
    strip_ids(&mut value);
    if let Some(map) = value.as_object_mut() {
        let name = map.get(name_key).and_then(|n| n.as_str()).unwrap_or_default();
        let copy = format!("{name} (copy)");
        map.insert(name_key.to_owned(), copy.into());
        map.remove("orderIndex");
        for key in ["enable", "isEnable"] {
            if map.contains_key(key) {
                map.insert(key.to_owned(), false.into());
            }
        }
    }
    value
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_copy_has_no_ids_a_new_name_and_is_off() {
        let copy = super::copy_of(
            serde_json::json!({"id": "t1", "description": "Escalate", "enable": true, "orderIndex": 3,
                "conditions": [{"id": "c1", "fieldId": "subject"}], "attachment": {"id": "f1", "name": "a.pdf"}}),
            "description",
        );
        assert_eq!(
            copy,
            serde_json::json!({"description": "Escalate (copy)", "enable": false,
                "conditions": [{"fieldId": "subject"}], "attachment": {"id": "f1", "name": "a.pdf"}})
        );
    }
}

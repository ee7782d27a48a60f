use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use leptos::prelude::*;
use leptos::reactive::effect::RenderEffect;
use leptos::task::spawn_local;

use anytime_core::Duplicate;

use crate::api::kinds::Listed;
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
    let refused = crate::components::shell::SignedIn::refusal(false);
    let (dragging, set_dragging) = signal(None::<usize>);
    // No row reads the whole list where it would track it (only an open
    // menu does), and each reads its own switch's state by id: with every
    // row reading `items`, a move among 500 triggers woke some 2,000
    // effects, 28 ms before anything was drawn.
    let enabled = PerKey::new(items);
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
                    // Read when a key is pressed, not tracked.
                    let len = move || items.with_untracked(Vec::len);
                    // Read by the row's menu while it is open.
                    let can_down = Signal::derive(move || index + 1 < items.with(Vec::len));
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
                                        Some(href) => view! { <a href=href class="at-row__name">{name}</a> }.into_any(),
                                        None => view! { <span class="at-row__name">{name}</span> }.into_any(),
                                    }
                                }
                                <span class="at-row__facts">{item.facts.clone()}</span>
                            </div>
                            {item.enabled.map(|_| {
                                let id = item.id.clone();
                                let name = item.name.clone();
                                let on = {
                                    let enabled = enabled.clone();
                                    Signal::derive(move || enabled.get(&id))
                                };
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
                                                // The name only: the switch's state is `aria-checked`.
                                                aria-label=name.clone()
                                                // A viewer sees the state, and why it cannot change it.
                                                disabled=move || refused.with(Option::is_some)
                                                title=move || refused.get().unwrap_or_default()
                                                on:click=move |_| {
                                                    // From the list itself: `on` follows it a tick later.
                                                    let next = !listed_on(items, &id);
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
                                        can_down=can_down
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

/// Whether each item is on, tracked per id: one effect reads the list and
/// notifies only the ids whose state changed (as Leptos's `Selector` does
/// for one value). A row reading the whole list would be woken by
/// every move and every other row's switch.
#[derive(Clone)]
struct PerKey {
    items: RwSignal<Vec<Item>>,
    states: Arc<Mutex<HashMap<String, ArcRwSignal<bool>>>>,
    // Kept alive while a row or the list holds the map.
    _sync: Arc<RenderEffect<()>>,
}

fn is_on(item: &Item) -> bool {
    item.enabled.unwrap_or(false)
}

/// Whether the list says `id` is on, untracked.
fn listed_on(items: RwSignal<Vec<Item>>, id: &str) -> bool {
    items.with_untracked(|l| l.iter().find(|i| i.id == id).is_some_and(is_on))
}

impl PerKey {
    fn new(items: RwSignal<Vec<Item>>) -> Self {
        let states: Arc<Mutex<HashMap<String, ArcRwSignal<bool>>>> = Arc::default();
        let sync = RenderEffect::new({
            let states = states.clone();
            move |_| {
                // Set after the map is let go: setting may run what reads it.
                let changed: Vec<(ArcRwSignal<bool>, bool)> = items.with(|list| {
                    let states = states.lock().unwrap_or_else(PoisonError::into_inner);
                    list.iter()
                        .filter_map(|item| {
                            let state = states.get(&item.id)?;
                            (state.get_untracked() != is_on(item)).then(|| (state.clone(), is_on(item)))
                        })
                        .collect()
                });
                for (state, on) in changed {
                    state.set(on);
                }
            }
        });
        PerKey { items, states, _sync: Arc::new(sync) }
    }

    /// Whether `id` is on, tracking that id alone.
    fn get(&self, id: &str) -> bool {
        let state = self
            .states
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(id.to_owned())
            .or_insert_with(|| ArcRwSignal::new(listed_on(self.items, id)))
            .clone();
        state.get()
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
        let all = items();
        let step: i32 = match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                close(true);
                return;
            }
            // Tab leaves the menu (closed) for the control after it, as
            // menus do: hidden now, with the focus back on its button, so
            // the browser's own Tab goes on from there.
            "Tab" => {
                if let Some(l) = list.get_untracked() {
                    let _ = l.set_attribute("hidden", "");
                }
                close(true);
                return;
            }
            "Home" | "End" => {
                ev.prevent_default();
                let edge = if ev.key() == "Home" { all.first() } else { all.last() };
                if let Some(item) = edge {
                    let _ = item.focus();
                }
                return;
            }
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        ev.prevent_default();
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
    // A viewer may open and look; the menu's changes are disabled with why.
    let refused = crate::components::shell::SignedIn::refusal(false);
    let cannot = move || refused.with(Option::is_some);
    view! {
        <div class="at-menu">
            <button node_ref=button type="button" class="at-menu__button" aria-haspopup="menu"
                aria-expanded=move || open.get().to_string() aria-label=format!("Actions for {name}") on:click=toggle
                // Focus may be back on the button with the menu open (after a click on it).
                on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" && open.get_untracked() {
                    ev.prevent_default();
                    close(true);
                }>
                "⋯"
            </button>
            <Show when=move || open.get()>
                <div class="at-menu__backdrop" on:click=move |_| close(false)></div>
            </Show>
            <div node_ref=list class="at-menu__list" role="menu" hidden=move || !open.get() on:keydown=on_keydown>
                // Its items exist while it is open: a list of 500 drew 2,500
                // hidden buttons, each with its effects, for menus seldom opened.
                {move || open.get().then(|| view! {
                    {href.clone().map(|h| view! { <a href=h class="at-menu__item" role="menuitem">"Edit"</a> })}
                    <button type="button" role="menuitem" class="at-menu__item" disabled=cannot on:click=move |_| act(on_duplicate)>"Duplicate"</button>
                    <button type="button" role="menuitem" class="at-menu__item" disabled=move || cannot() || !can_up.get()
                        on:click=move |_| { close(false); on_move.run(true) }>"Move up"</button>
                    <button type="button" role="menuitem" class="at-menu__item" disabled=move || cannot() || !can_down.get()
                        on:click=move |_| { close(false); on_move.run(false) }>"Move down"</button>
                    <button type="button" role="menuitem" class="at-menu__item at-menu__item--danger" disabled=cannot
                        on:click=move |_| act(on_delete)>"Delete…"</button>
                })}
            </div>
        </div>
    }
}

/// An ordered list kept on the server, for any ordered kind `T`: each move
/// is one `order`, each switch one `enable`, "Duplicate" the core's copy
/// added at the end, "Delete…" the shared [`Deletion`]; every one with the
/// list's ETag. What the server refuses is said and put back (`reload`
/// loads the list again).
#[component]
pub fn ServerOrderedList<T>(
    /// Which kind the rows are: `PhantomData::<Trigger>`.
    #[allow(unused_variables)]
    kind: std::marker::PhantomData<T>,
    items: RwSignal<Vec<Item>>,
    /// Loads the list again (after a refused change or a duplicate).
    reload: Callback<()>,
) -> impl IntoView
where
    T: Listed + Duplicate,
{
    use crate::api::{kinds, Api, ApiError};
    use crate::components::feedback::{ConfirmDeletion, Deletion, ListChanged, Toasts, Verb};
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    let changed = expect_context::<ListChanged>();
    let (noun, nouns) = (T::NOUN, T::NOUNS);
    let (error, set_error) = signal(None::<String>);
    // A row action that lost a race says so and reloads, rather than
    // winning over someone else's change.
    let refused = move |e: &ApiError| -> bool {
        if *e == ApiError::Changed {
            changed.show(nouns, reload);
            true
        } else {
            false
        }
    };
    let on_reorder = Callback::new(move |ids: Vec<String>| {
        spawn_local(async move {
            match kinds::order::<T>(api, ids).await {
                Ok(()) => set_error.set(None),
                Err(e) if refused(&e) => {}
                Err(e) => {
                    set_error.set(Some(format!("The new order was not saved. {}", e.message())));
                    let _ = reload.try_run(());
                }
            }
        });
    });
    let on_toggle = Callback::new(move |(id, on, done): (String, bool, Callback<bool>)| {
        spawn_local(async move {
            let result = kinds::enable::<T>(api, &id, on).await;
            let _ = done.try_run(result.is_ok());
            match result {
                Ok(()) => {}
                Err(e) if refused(&e) => {}
                Err(e) => toasts.show(format!(
                    "The {noun} was not turned {}. {}",
                    if on { "on" } else { "off" },
                    e.message()
                )),
            }
        });
    });
    let deletion = Deletion::<T>::new(Verb::Delete, reload);
    let delete = Callback::new(move |id: String| {
        if let Some(name) = items.with_untracked(|l| l.iter().find(|i| i.id == id).map(|i| i.name.clone())) {
            deletion.ask(
                id,
                name,
                format!("It is removed for good; the {nouns} after it move up one place."),
            );
        }
    });
    let duplicate = Callback::new(move |id: String| {
        spawn_local(async move {
            match kinds::duplicate::<T>(api, &id).await {
                Ok(copy) => {
                    toasts
                        .show(format!("Added '{}' at the end; it is off until you turn it on.", copy.name()));
                    let _ = reload.try_run(());
                }
                Err(e) => toasts.show(format!("The {noun} was not duplicated. {}", e.message())),
            }
        });
    });
    view! {
        <p class="at-banner at-banner--error" role="alert" hidden=move || error.get().is_none()>{move || error.get()}</p>
        <OrderedList items on_reorder on_toggle actions=RowActions { duplicate, delete }/>
        <ConfirmDeletion deletion/>
    }
}

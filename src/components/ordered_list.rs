use leptos::prelude::*;

use crate::forms::order;

/// One row of an ordered list.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    pub name: String,
    pub facts: String,
    pub enabled: Option<bool>,
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
                                <span class="at-row__name">{item.name.clone()}</span>
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

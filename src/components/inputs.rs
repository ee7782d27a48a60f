//! Typed inputs. Each shows its label, optional help, and one message: what
//! is wrong with the text for its kind (the core's words, as the user types),
//! else the form's message for the field (the core's validation of the whole
//! object, or the server's 422 on the same path).

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;

use anytime_core::Directory;

use crate::forms::typed::{self, Kind};

/// A unique element id, so labels, help and messages can point at inputs.
pub fn unique_id(prefix: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("at-{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The message under a control, and the help above it.
#[component]
fn Message(id: String, #[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    view! { <p id=id class="at-field__error" aria-live="polite">{move || message.get()}</p> }
}

/// Text of a kind: plain text, email, URL, time, date, date and time, or a
/// whole number. What was typed stays as typed; the kind's problem shows at
/// once and the form's `error` otherwise.
#[component]
pub fn TextInput(
    #[prop(into)] label: String,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(optional)] kind: Kind,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(into, optional)] hint: MaybeProp<String>,
    #[prop(into, optional)] placeholder: MaybeProp<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] max_length: Option<usize>,
    /// The name used in messages ("Port must be …"); the label by default.
    #[prop(into, optional)]
    what: MaybeProp<String>,
    /// The input's id, when the page needs to find it (else a unique one).
    #[prop(into, optional)]
    id: Option<String>,
) -> impl IntoView {
    let id = id.unwrap_or_else(|| unique_id("input"));
    let message_id = format!("{id}-message");
    let hint_id = format!("{id}-hint");
    let what = what.get_untracked().unwrap_or_else(|| label.clone());
    let message = Signal::derive(move || value.with(|v| kind.problem(v, &what)).or_else(|| error.get()));
    let hint = hint.get_untracked();
    let described = if hint.is_some() { format!("{hint_id} {message_id}") } else { message_id.clone() };
    view! {
        <div class="at-field">
            <label class="at-field__label" for=id.clone()>
                {label}
                {required.then(|| view! { <span class="at-required" aria-hidden="true">" *"</span> })}
            </label>
            {hint.map(|h| view! { <p id=hint_id class="at-hint">{h}</p> })}
            <input
                id=id
                class="at-input"
                class:at-input--time=matches!(kind, Kind::Time)
                type=kind.html_type()
                inputmode=kind.input_mode()
                placeholder=move || placeholder.get()
                maxlength=max_length.map(|m| m.to_string())
                required=required
                aria-required=required.to_string()
                aria-invalid=move || message.with(Option::is_some).to_string()
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
            <Message id=message_id message/>
        </div>
    }
}

/// Texts typed into inputs that are not a value yet (a port of "70000"),
/// by the path of their field. The editor keeps them, not the input: an
/// input drawn again shows them again, the save bar shows, and Save is
/// refused while an input on the page holds one.
#[derive(Clone, Copy)]
pub struct Typing {
    texts: RwSignal<std::collections::BTreeMap<String, String>>,
    /// How many inputs on the page show each path (a text whose input is
    /// gone, say after switching account type, blocks nothing).
    shown: RwSignal<std::collections::BTreeMap<String, usize>>,
}

impl Default for Typing {
    fn default() -> Self {
        Typing { texts: RwSignal::new(Default::default()), shown: RwSignal::new(Default::default()) }
    }
}

impl Typing {
    /// What was typed at `path`, if it is not a value yet.
    pub fn text(&self, path: &str) -> Option<String> {
        self.texts.with(|t| t.get(path).cloned())
    }

    /// `Some(text)`: typed, not a value yet; `None`: what is there is a value.
    pub fn keep(&self, path: &str, text: Option<String>) {
        self.texts.update(|t| match text {
            Some(text) => {
                t.insert(path.to_owned(), text);
            }
            None => {
                t.remove(path);
            }
        });
    }

    fn show(&self, path: &str, on: bool) {
        self.shown.update(|s| {
            let n = s.entry(path.to_owned()).or_default();
            *n = if on { *n + 1 } else { n.saturating_sub(1) };
        });
    }

    /// Whether an input on the page holds text that is not a value yet.
    pub fn pending(&self) -> bool {
        self.texts.with(|t| self.shown.with(|s| t.keys().any(|p| s.get(p).is_some_and(|n| *n > 0))))
    }

    /// Everything typed is gone (discard, a fresh start).
    pub fn clear(&self) {
        self.texts.set(Default::default());
    }
}

/// A whole number in `min..=max`. The text is kept as typed; `on_change`
/// hears only numbers, and the problem with anything else is shown. With
/// `path` (the field's path in the draft), inside an editor, what was typed
/// is kept by the editor ([`Typing`]).
#[component]
pub fn NumberInput(
    #[prop(into)] label: String,
    #[prop(into)] value: Signal<i64>,
    #[prop(into)] on_change: Callback<i64>,
    min: i64,
    max: i64,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(into, optional)] hint: MaybeProp<String>,
    #[prop(into, optional)] what: MaybeProp<String>,
    #[prop(into, optional)] path: Option<String>,
) -> impl IntoView {
    let kept = path.and_then(|p| use_context::<Typing>().map(|t| (t, p)));
    if let Some((typing, path)) = kept.clone() {
        typing.show(&path, true);
        on_cleanup(move || typing.show(&path, false));
    }
    let kept = StoredValue::new(kept);
    // What was typed, and the value it was typed against: shown while the
    // value has not moved since, so a value set from outside (discard,
    // reload) replaces the text. Derived, not synced by an effect.
    let typed = RwSignal::new(None::<(String, i64)>);
    let text = Signal::derive(move || {
        if let Some(text) = kept.with_value(|k| k.as_ref().and_then(|(t, p)| t.text(p))) {
            return text;
        }
        let v = value.get();
        typed.with(|t| match t {
            Some((text, at)) if *at == v => text.clone(),
            _ => v.to_string(),
        })
    });
    view! {
        <TextInput
            label
            value=text
            kind=Kind::Number { min, max }
            error
            hint
            what
            on_input=Callback::new(move |text: String| {
                let number = text.trim().parse::<i64>().ok().filter(|n| (min..=max).contains(n));
                kept.with_value(|k| {
                    if let Some((typing, path)) = k {
                        typing.keep(path, number.is_none().then(|| text.clone()));
                    }
                });
                match number {
                    Some(n) => {
                        on_change.run(n);
                        typed.set(Some((text, n)));
                    }
                    // Inside an editor the editor holds it: cleared there
                    // (Discard, Restore), it is gone here too.
                    None if kept.with_value(Option::is_some) => typed.set(None),
                    None => typed.set(Some((text, value.get_untracked()))),
                }
            })
        />
    }
}

/// The options of a [`Select`] for every value of `E`: its wire spelling
/// and its name, both from the core.
pub fn choices<E: anytime_core::Choice>() -> Signal<Vec<(String, String)>> {
    Signal::stored(E::all().iter().map(|v| (v.wire().to_owned(), v.label().to_owned())).collect())
}

/// One of a list of options (value, words).
#[component]
pub fn Select(
    #[prop(into)] label: String,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_change: Callback<String>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(into, optional)] hint: MaybeProp<String>,
    /// An extra first option meaning "none" (its value is "").
    #[prop(into, optional)]
    none: MaybeProp<String>,
) -> impl IntoView {
    let id = unique_id("select");
    let message_id = format!("{id}-message");
    let (hint, none) = (hint.get_untracked(), none.get_untracked());
    view! {
        <div class="at-field">
            <label class="at-field__label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="at-hint">{h}</p> })}
            <select
                id=id
                class="at-select"
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=message_id.clone()
                on:change=move |ev| on_change.run(event_target_value(&ev))
                prop:value=move || value.get()
            >
                {none.map(|words| view! { <option value="" selected=move || value.with(String::is_empty)>{words}</option> })}
                {move || options.get().into_iter().map(|(v, words)| {
                    let chosen = v.clone();
                    view! { <option value=v selected=move || value.with(|x| *x == chosen)>{words}</option> }
                }).collect_view()}
            </select>
            <Message id=message_id message=error/>
        </div>
    }
}

/// Any number of options, as a group of checkboxes under a summary line
/// ("Ana, Ben and 3 more"); a filter box appears when the list is long.
#[component]
pub fn MultiSelect(
    #[prop(into)] label: String,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] value: Signal<Vec<String>>,
    #[prop(into)] on_change: Callback<Vec<String>>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(into, optional)] hint: MaybeProp<String>,
    /// What the summary says when nothing is chosen.
    #[prop(into, optional)]
    none: MaybeProp<String>,
) -> impl IntoView {
    let id = unique_id("multi");
    let message_id = format!("{id}-message");
    let none = none.get_untracked().unwrap_or_else(|| "None chosen".into());
    let hint = hint.get_untracked();
    let (filter, set_filter) = signal(String::new());
    let summary = move || options.with(|o| value.with(|v| typed::chosen_summary(o, v, &none)));
    let shown = move || {
        let needle = filter.get().to_lowercase();
        options
            .get()
            .into_iter()
            .filter(|(_, words)| needle.is_empty() || words.to_lowercase().contains(&needle))
            .collect::<Vec<_>>()
    };
    let long = move || options.with(|o| o.len() > 8);
    let label_for_filter = format!("Filter {}", label.to_lowercase());
    let described = message_id.clone();
    view! {
        <fieldset class="at-field at-multi" aria-describedby=described
            aria-invalid=move || error.with(Option::is_some).to_string()>
            <legend class="at-field__label">{label}</legend>
            {hint.map(|h| view! { <p class="at-hint">{h}</p> })}
            <p class="at-multi__summary" aria-live="polite">{summary}</p>
            <Show when=long>
                <input class="at-input at-multi__filter" type="search" placeholder="Filter…"
                    aria-label=label_for_filter.clone()
                    prop:value=move || filter.get()
                    on:input=move |ev| set_filter.set(event_target_value(&ev))/>
            </Show>
            <ul class="at-multi__options" id=id>
                <For each=shown key=|(v, _)| v.clone() let:option>
                    {
                        let (v, words) = option;
                        let checked = {
                            let v = v.clone();
                            move || value.with(|chosen| chosen.contains(&v))
                        };
                        view! {
                            <li>
                                <label class="at-check">
                                    <input type="checkbox" value=v.clone() prop:checked=checked
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let next = options.with(|o| value.with(|c| typed::toggled(o, c, &v, on)));
                                            on_change.run(next);
                                        }/>
                                    {words}
                                </label>
                            </li>
                        }
                    }
                </For>
            </ul>
            <Message id=message_id message=error/>
        </fieldset>
    }
}

/// On/off, as a switch with its words beside it.
#[component]
pub fn Toggle(
    #[prop(into)] label: String,
    #[prop(into)] value: Signal<bool>,
    #[prop(into)] on_change: Callback<bool>,
    #[prop(into, optional)] hint: MaybeProp<String>,
) -> impl IntoView {
    let hint_id = unique_id("toggle-hint");
    // The hint may follow the state ("Off: …" / "On: …").
    let has_hint = hint.get_untracked().is_some();
    let described = has_hint.then(|| hint_id.clone());
    view! {
        <div class="at-field at-toggle">
            <button
                type="button"
                role="switch"
                class="at-switch"
                aria-checked=move || value.get().to_string()
                aria-describedby=described
                on:click=move |_| on_change.run(!value.get_untracked())
            >
                <span class="at-switch__track" aria-hidden="true"></span>
                <span class="at-toggle__label">{label}</span>
            </button>
            {has_hint.then(|| view! { <p id=hint_id class="at-hint">{move || hint.get()}</p> })}
        </div>
    }
}

/// One agent (or none), named with their status; optionally only the
/// agents of a department.
#[component]
pub fn AgentPicker(
    #[prop(into)] label: String,
    #[prop(into)] directory: Signal<Directory>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_change: Callback<String>,
    #[prop(into, optional)] department: Signal<Option<String>>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(into, optional)] none: MaybeProp<String>,
) -> impl IntoView {
    let options = Signal::derive(move || {
        department.with(|d| directory.with(|dir| typed::agent_options(dir, d.as_deref())))
    });
    view! { <Select label options value on_change error none=none/> }
}

/// Several agents.
#[component]
pub fn AgentsPicker(
    #[prop(into)] label: String,
    #[prop(into)] directory: Signal<Directory>,
    #[prop(into)] value: Signal<Vec<String>>,
    #[prop(into)] on_change: Callback<Vec<String>>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(into, optional)] hint: MaybeProp<String>,
) -> impl IntoView {
    let options = Signal::derive(move || directory.with(|d| typed::agent_options(d, None)));
    view! { <MultiSelect label options value on_change error hint none="No agents"/> }
}

/// One department (or none).
#[component]
pub fn DepartmentPicker(
    #[prop(into)] label: String,
    #[prop(into)] directory: Signal<Directory>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_change: Callback<String>,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(into, optional)] none: MaybeProp<String>,
) -> impl IntoView {
    let options = Signal::derive(move || directory.with(typed::department_options));
    view! { <Select label options value on_change error none=none/> }
}

/// A button that opens the file chooser and hands over the chosen file.
#[component]
pub fn FileButton(
    #[prop(into)] label: Signal<String>,
    /// The `accept` attribute, e.g. `.json,application/json`; any file when empty.
    #[prop(optional)]
    accept: &'static str,
    on_file: Callback<web_sys::File>,
    #[prop(into, optional)] disabled: Signal<bool>,
) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        // Choosing the same file again should fire again.
        input.set_value("");
        on_file.run(file);
    };
    view! {
        <label class="at-button at-file" class:at-file--disabled=move || disabled.get()>
            {move || label.get()}
            <input type="file" class="at-visually-hidden" accept=(!accept.is_empty()).then_some(accept)
                disabled=move || disabled.get() on:change=on_change/>
        </label>
    }
}

/// A [`FileButton`] that reads the chosen file as text: (name, text).
#[component]
pub fn TextFileButton(
    #[prop(into)] label: Signal<String>,
    #[prop(optional)] accept: &'static str,
    on_file: Callback<(String, String)>,
) -> impl IntoView {
    let on_file = Callback::new(move |file: web_sys::File| {
        let name = file.name();
        leptos::task::spawn_local(async move {
            if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
                on_file.run((name, text.as_string().unwrap_or_default()));
            }
        });
    });
    view! { <FileButton label accept on_file/> }
}

/// A list's search box: what was typed, for the page to filter by.
#[component]
pub fn SearchInput(#[prop(into)] placeholder: String, value: RwSignal<String>) -> impl IntoView {
    let id = unique_id("search");
    view! {
        <div class="at-field">
            <label class="at-field__label" for=id.clone()>"Search"</label>
            <input id=id class="at-input" type="search" placeholder=placeholder
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
        </div>
    }
}

//! Feedback shared by every editor: toasts, the save bar, the leave guard
//! and the conflict dialog; the one delete flow of every list.

use leptos::prelude::*;

use crate::api::kinds::{self, Listed};

/// Short messages that confirm what happened ("Working time saved.").
#[derive(Clone, Copy)]
pub struct Toasts(RwSignal<Vec<(u32, String)>>);

impl Toasts {
    pub fn provide() -> Toasts {
        let t = Toasts(RwSignal::new(Vec::new()));
        provide_context(t);
        t
    }

    /// Shows a message for four seconds.
    pub fn show(&self, message: impl Into<String>) {
        let list = self.0;
        let id = list.with_untracked(|l| l.iter().map(|(i, _)| *i).max().unwrap_or(0) + 1);
        list.update(|l| l.push((id, message.into())));
        set_timeout(move || list.update(|l| l.retain(|(i, _)| *i != id)), std::time::Duration::from_secs(4));
    }
}

#[component]
pub fn Toaster() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    view! {
        <div class="at-toasts" role="status" aria-live="polite">
            {move || toasts.0.get().into_iter().map(|(_, m)| view! { <p class="at-toast">{m}</p> }).collect_view()}
        </div>
    }
}

/// Whether the page holds unsaved changes: the sidebar asks before leaving,
/// and so does the browser when the tab closes.
#[derive(Clone, Copy)]
pub struct Unsaved(pub RwSignal<bool>);

impl Unsaved {
    pub fn provide() -> Unsaved {
        let u = Unsaved(RwSignal::new(false));
        provide_context(u);
        #[cfg(target_arch = "wasm32")]
        {
            use wasm_bindgen::JsCast;
            let handler = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(
                move |ev: web_sys::BeforeUnloadEvent| {
                    if u.0.get_untracked() {
                        ev.prevent_default();
                        ev.set_return_value("You have unsaved changes.");
                    }
                },
            );
            if let Some(w) = web_sys::window() {
                let _ = w.add_event_listener_with_callback("beforeunload", handler.as_ref().unchecked_ref());
            }
            // One listener for the console's lifetime.
            handler.forget();
        }
        u
    }

    /// True when it is fine to leave (nothing unsaved, or the admin agreed).
    pub fn may_leave(&self) -> bool {
        if !self.0.get_untracked() {
            return true;
        }
        let ok = web_sys::window()
            .and_then(|w| w.confirm_with_message("Leave this page? Your unsaved changes will be lost.").ok())
            .unwrap_or(true);
        if ok {
            self.0.set(false);
        }
        ok
    }
}

/// "Unsaved changes · Discard · Save", fixed at the bottom once something changed.
#[component]
pub fn SaveBar(
    #[prop(into)] dirty: Signal<bool>,
    #[prop(into)] saving: Signal<bool>,
    on_discard: Callback<()>,
    on_save: Callback<()>,
    /// Why this person may not save (their role), if they may not.
    #[prop(optional, into)]
    refused: Signal<Option<&'static str>>,
) -> impl IntoView {
    // Offline, the draft stays (and is kept in the browser); Save waits.
    let offline = use_context::<crate::api::Api>().map(|a| a.unreachable);
    let offline = move || offline.is_some_and(|o| o.get());
    view! {
        <Show when=move || dirty.get()>
            <div class="at-savebar" role="region" aria-label="Unsaved changes">
                <span>{move || match refused.get() {
                    Some(_) => "Unsaved changes · your role cannot save them",
                    None if offline() => "Unsaved changes · offline: Save waits for the connection",
                    None => "Unsaved changes",
                }}</span>
                <button type="button" class="at-button at-button--quiet" on:click=move |_| on_discard.run(()) disabled=saving>
                    "Discard"
                </button>
                <button type="button" class="at-button at-button--primary" on:click=move |_| on_save.run(())
                    disabled=move || saving.get() || offline() || refused.with(Option::is_some)
                    title=move || refused.get().unwrap_or_default()
                    aria-busy=move || saving.get().to_string()>
                    {move || if saving.get() { "Saving…" } else { "Save" }}
                </button>
            </div>
        </Show>
    }
}

/// Puts the keyboard back where it was when a dialog opened, once it closes
/// (DESIGN: Escape closes a dialog and returns focus).
fn return_focus(open: Signal<bool>, first: NodeRef<leptos::html::Button>) {
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |was_open: Option<bool>| {
        use wasm_bindgen::JsCast;
        let now_open = open.get();
        match (was_open.unwrap_or(false), now_open) {
            (false, true) => {
                opener.set_value(document().active_element().and_then(|e| e.dyn_into().ok()));
                // Into the dialog, on its safe choice.
                request_animation_frame(move || {
                    if let Some(b) = first.get_untracked() {
                        let _ = b.focus();
                    }
                });
            }
            (true, false) => {
                if let Some(el) = opener.get_value() {
                    let _ = el.focus();
                }
            }
            _ => {}
        }
        now_open
    });
}

/// A modal dialog's keys: Escape closes it; Tab and Shift+Tab go round its
/// own controls instead of leaving it (it is `aria-modal`).
fn dialog_keys(ev: &leptos::ev::KeyboardEvent, close: Callback<()>) {
    use wasm_bindgen::JsCast;
    match ev.key().as_str() {
        "Escape" => close.run(()),
        "Tab" => {
            let Some(root) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
                return;
            };
            let Ok(nodes) =
                root.query_selector_all("button:not([disabled]), [href], input, select, textarea")
            else {
                return;
            };
            let items: Vec<web_sys::HtmlElement> =
                (0..nodes.length()).filter_map(|i| nodes.item(i)?.dyn_into().ok()).collect();
            let (Some(first), Some(last)) = (items.first(), items.last()) else { return };
            let active = document().active_element();
            let is = |e: &web_sys::HtmlElement| {
                active.as_ref().is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>())
            };
            if ev.shift_key() && is(first) {
                ev.prevent_default();
                let _ = last.focus();
            } else if !ev.shift_key() && is(last) {
                ev.prevent_default();
                let _ = first.focus();
            }
        }
        _ => {}
    }
}

/// Someone else saved first (412): reload theirs, overwrite with mine, or keep editing.
#[component]
pub fn ConflictDialog(
    #[prop(into)] open: Signal<bool>,
    on_reload: Callback<()>,
    on_overwrite: Callback<()>,
    on_keep: Callback<()>,
) -> impl IntoView {
    let keep = NodeRef::<leptos::html::Button>::new();
    return_focus(open, keep);
    view! {
        <Show when=move || open.get()>
            <div class="at-dialog-backdrop" on:keydown=move |ev| dialog_keys(&ev, on_keep)>
                <div class="at-dialog" role="alertdialog" aria-modal="true" aria-labelledby="at-conflict-title" aria-describedby="at-conflict-text">
                    <h2 id="at-conflict-title" class="at-section__title">"Someone else saved first"</h2>
                    <p id="at-conflict-text">
                        "These settings changed since you opened them. Load their version (your changes are dropped), \
                         save yours over theirs, or keep editing."
                    </p>
                    <div class="at-dialog__actions">
                        <button type="button" class="at-button" on:click=move |_| on_reload.run(())>"Load theirs"</button>
                        <button type="button" class="at-button" on:click=move |_| on_overwrite.run(())>"Overwrite with mine"</button>
                        <button node_ref=keep type="button" class="at-button at-button--primary" on:click=move |_| on_keep.run(())>"Keep editing"</button>
                    </div>
                </div>
            </div>
        </Show>
    }
}

/// A row action (switch, move, delete, make default) that lost a race: the
/// list changed elsewhere since the page loaded it, so the server refused
/// it (412) and nothing was changed. Says so and offers to reload.
#[derive(Clone, Copy)]
pub struct ListChanged(RwSignal<Option<(String, Callback<()>)>>);

impl ListChanged {
    pub fn provide() -> ListChanged {
        let changed = ListChanged(RwSignal::new(None));
        provide_context(changed);
        changed
    }

    /// `what` names the list ("triggers"); `reload` loads it again.
    pub fn show(&self, what: &str, reload: Callback<()>) {
        self.0.set(Some((what.to_owned(), reload)));
    }
}

#[component]
pub fn ListChangedDialog() -> impl IntoView {
    let changed = expect_context::<ListChanged>();
    let reload = NodeRef::<leptos::html::Button>::new();
    let open = Signal::derive(move || changed.0.with(Option::is_some));
    return_focus(open, reload);
    let api = expect_context::<crate::api::Api>();
    let close = Callback::new(move |()| {
        if let Some((_, reload)) = changed.0.get_untracked() {
            changed.0.set(None);
            // The page that asked may be gone (its view re-rendered): then
            // everything loads again instead.
            if reload.try_run(()).is_none() {
                api.epoch.update(|e| *e += 1);
            }
        }
    });
    view! {
        <Show when=move || open.get()>
            <div class="at-dialog-backdrop" on:keydown=move |ev| dialog_keys(&ev, close)>
                <div class="at-dialog" role="alertdialog" aria-modal="true" aria-labelledby="at-changed-title" aria-describedby="at-changed-text">
                    <h2 id="at-changed-title" class="at-section__title">"Changed by someone else"</h2>
                    <p id="at-changed-text">
                        {move || changed.0.get().map(|(what, _)| format!(
                            "The {what} changed since this page loaded them, so your change was not made. \
                             Reload to see what is saved now, then make your change again if it still applies."
                        ))}
                    </p>
                    <div class="at-dialog__actions">
                        <button node_ref=reload type="button" class="at-button at-button--primary" on:click=move |_| close.run(())>"Reload"</button>
                    </div>
                </div>
            </div>
        </Show>
    }
}

/// What the admin does to a row: delete it (it is gone) or remove it (a
/// holiday or a blocked sender stops applying).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Verb {
    Delete,
    Remove,
}

impl Verb {
    fn word(self) -> &'static str {
        match self {
            Verb::Delete => "Delete",
            Verb::Remove => "Remove",
        }
    }
    fn past(self) -> &'static str {
        match self {
            Verb::Delete => "deleted",
            Verb::Remove => "removed",
        }
    }
}

/// What the delete flow says, in one wording for every kind.
pub mod wording {
    use super::Verb;

    fn capitalized(noun: &str) -> String {
        let mut chars = noun.chars();
        chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
    }

    pub fn question(verb: Verb, noun: &str, name: &str) -> String {
        format!("{} the {noun} '{name}'?", verb.word())
    }

    pub fn done(verb: Verb, noun: &str, name: &str) -> String {
        format!("{} '{name}' {}.", capitalized(noun), verb.past())
    }

    pub fn failed(verb: Verb, noun: &str, name: &str, why: &str) -> String {
        format!("{} '{name}' was not {}. {why}", capitalized(noun), verb.past())
    }
}

/// The one delete flow of every list: ask first (naming the object and
/// what else changes), delete with the list's ETag, say what happened (a
/// list changed elsewhere brings [`ListChangedDialog`]), load the list
/// again. [`ConfirmDeletion`] shows the question.
pub struct Deletion<T: Listed> {
    /// The id and name of what is being asked about, and what else changes.
    asking: RwSignal<Option<(String, String, String)>>,
    kind: std::marker::PhantomData<fn() -> T>,
    verb: Verb,
    reload: Callback<()>,
    api: crate::api::Api,
    toasts: Toasts,
    changed: ListChanged,
}

impl<T: Listed> Clone for Deletion<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Listed> Copy for Deletion<T> {}

impl<T: Listed> Deletion<T> {
    /// From the page's context (call while rendering, so `reload` lives
    /// as long as the page).
    pub fn new(verb: Verb, reload: Callback<()>) -> Self {
        Deletion {
            asking: RwSignal::new(None),
            kind: std::marker::PhantomData,
            verb,
            reload,
            api: expect_context(),
            toasts: expect_context(),
            changed: expect_context(),
        }
    }

    /// Asks before deleting the object with this id, called `name` (as
    /// the page shows it); `detail` says what else changes.
    pub fn ask(&self, id: impl Into<String>, name: impl Into<String>, detail: impl Into<String>) {
        self.asking.set(Some((id.into(), name.into(), detail.into())));
    }

    /// Asks about a saved object by its own name.
    pub fn ask_about(&self, object: &T, detail: impl Into<String>) {
        self.ask(object.id(), object.name(), detail);
    }

    fn confirmed(&self) {
        let Some((id, name, _)) = self.asking.get_untracked() else { return };
        self.asking.set(None);
        let Deletion { verb, reload, api, toasts, changed, .. } = *self;
        leptos::task::spawn_local(async move {
            let name = name.as_str();
            // After the wait the page may be gone: then there is nothing to reload.
            match kinds::delete::<T>(api, &id).await {
                Ok(()) => {
                    toasts.show(wording::done(verb, T::NOUN, name));
                    let _ = reload.try_run(());
                    refocus_after_removal(0);
                }
                Err(crate::api::ApiError::Changed) => changed.show(T::NOUNS, reload),
                Err(e) => {
                    toasts.show(wording::failed(verb, T::NOUN, name, &e.message()));
                    let _ = reload.try_run(());
                }
            }
        });
    }
}

/// The row that had the focus (its ⋯ menu, its button) is gone once the
/// list reloads: the focus goes to the page's heading then, never to the
/// document's body.
fn refocus_after_removal(attempt: u32) {
    let lost = document().active_element().is_none_or(|a| a.tag_name().eq_ignore_ascii_case("body"));
    if lost {
        crate::components::shell::focus_heading();
    } else if attempt < 40 {
        set_timeout(move || refocus_after_removal(attempt + 1), std::time::Duration::from_millis(50));
    }
}

/// The question of a [`Deletion`], while it asks.
#[component]
pub fn ConfirmDeletion<T: Listed>(deletion: Deletion<T>) -> impl IntoView {
    let asking = deletion.asking;
    let verb = deletion.verb;
    view! {
        <ConfirmDialog
            question=Signal::derive(move || asking.with(|a| a.as_ref().map(|(_, name, _)| wording::question(verb, T::NOUN, name))))
            detail=Signal::derive(move || asking.with(|a| a.as_ref().map(|(_, _, d)| d.clone()).unwrap_or_default()))
            confirm_label=verb.word()
            on_confirm=Callback::new(move |()| deletion.confirmed())
            on_cancel=Callback::new(move |()| asking.set(None))
        />
    }
}

/// Asks once before something destructive, naming the object and saying
/// what else changes. Escape or "Cancel" closes it.
#[component]
pub fn ConfirmDialog(
    /// The question; the dialog is open while it is `Some`.
    #[prop(into)]
    question: Signal<Option<String>>,
    #[prop(into)] detail: Signal<String>,
    confirm_label: &'static str,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let cancel = NodeRef::<leptos::html::Button>::new();
    return_focus(Signal::derive(move || question.with(Option::is_some)), cancel);
    view! {
        <Show when=move || question.get().is_some()>
            <div class="at-dialog-backdrop" on:keydown=move |ev| dialog_keys(&ev, on_cancel)>
                <div class="at-dialog" role="alertdialog" aria-modal="true" aria-labelledby="at-confirm-title" aria-describedby="at-confirm-text">
                    <h2 id="at-confirm-title" class="at-section__title">{move || question.get()}</h2>
                    <p id="at-confirm-text">{move || detail.get()}</p>
                    <div class="at-dialog__actions">
                        <button node_ref=cancel type="button" class="at-button" on:click=move |_| on_cancel.run(())>"Cancel"</button>
                        <button type="button" class="at-button at-button--danger" on:click=move |_| on_confirm.run(())>{confirm_label}</button>
                    </div>
                </div>
            </div>
        </Show>
    }
}

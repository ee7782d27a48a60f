//! One object's editor: the draft beside the saved copy, the core's and the
//! server's messages by path, saving with the ETag (a 412 opens the conflict
//! dialog), the save bar and the leave guard. Pages declare their fields;
//! this holds everything else, once.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::de::DeserializeOwned;
use serde::Serialize;

use anytime_core::ValidationErrors;

pub use crate::api::kinds::Target;
use crate::api::kinds::{self, Listed};
use crate::api::{Api, ApiError};
use crate::components::feedback::{ConflictDialog, SaveBar, Unsaved};
use crate::components::inputs::Typing;
use crate::components::kept;

/// What an editor page loads: the object named by the route's `:id` (none
/// for `new`), and the fields and directory its references need.
pub type Loaded<T> = (Option<T>, Vec<anytime_core::Field>, anytime_core::Directory);

pub fn load_for_edit<T: Listed>() -> crate::api::Loading<Loaded<T>> {
    use crate::api::endpoints;
    let api = expect_context::<Api>();
    let params = leptos_router::hooks::use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    crate::api::resource(api, move |api| {
        let id = id();
        async move {
            let object = if id == "new" { None } else { Some(kinds::get::<T>(api, &id).await?) };
            Ok((object, endpoints::fields(api).await?, endpoints::directory(api).await?))
        }
    })
}

pub struct Editor<T: Send + Sync + 'static> {
    pub draft: RwSignal<T>,
    saved: RwSignal<T>,
    /// The core's messages about the saved copy: shown only after a save
    /// was tried (a new, empty form does not start out red).
    initial: StoredValue<ValidationErrors>,
    local: Memo<ValidationErrors>,
    server: RwSignal<ValidationErrors>,
    attempted: RwSignal<bool>,
    pub saving: RwSignal<bool>,
    pub conflict: RwSignal<bool>,
    pub failure: RwSignal<Option<String>>,
    /// What inputs hold that is not a value yet (a port of "70000").
    pub typing: Typing,
    /// Where the unsaved draft is kept in the browser (set by [`EditorForm`]).
    kept: StoredValue<Option<String>>,
    /// The ETag of the version a restored draft changes, when older than
    /// the copy loaded: Save sends it, so what someone saved meanwhile is
    /// a conflict to settle, not silently overwritten.
    since: StoredValue<Option<String>>,
    /// Fields whose message shows as soon as an edit causes it, even while
    /// they are still empty ([`Editor::ask_at_once`]).
    at_once: StoredValue<Vec<String>>,
    /// The saved copy as JSON, made once per save (not per keystroke), to
    /// tell a field never filled from one emptied.
    saved_json: Memo<serde_json::Value>,
}

impl<T: Send + Sync + 'static> Clone for Editor<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Editor<T> {}

impl<T> Editor<T>
where
    T: Clone + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static,
{
    /// `validate` is the core's check of the whole object (with whatever
    /// context it needs), run as the admin types.
    pub fn new(saved: T, validate: impl Fn(&T) -> ValidationErrors + Send + Sync + 'static) -> Self {
        let initial = StoredValue::new(validate(&saved));
        let draft = RwSignal::new(saved.clone());
        let saved = RwSignal::new(saved);
        let saved_json = Memo::new(move |_| saved.with(|s| serde_json::to_value(s).unwrap_or_default()));
        Editor {
            draft,
            saved,
            initial,
            local: Memo::new(move |_| draft.with(&validate)),
            server: RwSignal::new(ValidationErrors::default()),
            attempted: RwSignal::new(false),
            saving: RwSignal::new(false),
            conflict: RwSignal::new(false),
            failure: RwSignal::new(None),
            typing: Typing::default(),
            kept: StoredValue::new(None),
            since: StoredValue::new(None),
            at_once: StoredValue::new(Vec::new()),
            saved_json,
        }
    }

    fn forget_kept(&self) {
        self.kept.with_value(|k| k.as_deref().map(kept::forget));
    }

    /// Changes the draft (the server's messages are about the old one).
    pub fn edit(&self, f: impl FnOnce(&mut T)) {
        self.server.set(ValidationErrors::default());
        self.draft.update(f);
    }

    /// A value of the draft, for an input.
    pub fn get<V: Send + Sync + 'static>(&self, f: impl Fn(&T) -> V + Send + Sync + 'static) -> Signal<V> {
        let draft = self.draft;
        Signal::derive(move || draft.with(&f))
    }

    /// A setter for an input.
    pub fn set<V: 'static>(&self, f: impl Fn(&mut T, V) + Send + Sync + 'static) -> Callback<V> {
        let editor = *self;
        Callback::new(move |v: V| {
            let mut v = Some(v);
            editor.edit(|t| {
                if let Some(v) = v.take() {
                    f(t, v)
                }
            })
        })
    }

    /// Changed from what is saved, or holding text typed that is not a value yet.
    pub fn dirty(&self) -> Signal<bool> {
        let (draft, saved, typing) = (self.draft, self.saved, self.typing);
        Signal::derive(move || typing.pending() || draft.with(|d| saved.with(|s| d != s)))
    }

    /// The messages to show: the server's answer, else the core's — all of
    /// them once a save was tried, before that only those the edits caused,
    /// and not about a field still empty since it loaded (turning routing
    /// on does not greet the admin with "choose a fallback").
    pub fn errors(&self) -> Signal<ValidationErrors> {
        let (server, local, attempted, initial) = (self.server, self.local, self.attempted, self.initial);
        let (draft, saved_json, at_once) = (self.draft, self.saved_json, self.at_once);
        Signal::derive(move || {
            let server = server.get();
            if !server.is_empty() {
                return server;
            }
            let all = attempted.get();
            let mut shown = ValidationErrors::default();
            local.with(|l| {
                initial.with_value(|before| {
                    let caused: Vec<_> = l.0.iter().filter(|e| all || !before.0.contains(e)).collect();
                    if caused.is_empty() {
                        return;
                    }
                    let now = draft.with(|d| serde_json::to_value(d).unwrap_or_default());
                    let then = saved_json.get();
                    for e in caused {
                        let untouched = untouched_blank(&now, &then, &e.field)
                            && !at_once.with_value(|a| a.contains(&e.field));
                        if all || !untouched {
                            shown.add(e.field.clone(), e.message.clone());
                        }
                    }
                })
            });
            shown
        })
    }

    /// An empty field another edit makes necessary, asked for at once (a
    /// password the changed server needs): its message does not wait for a
    /// save like other empty fields' do.
    pub fn ask_at_once(&self, path: &str) {
        self.at_once.update_value(|a| a.push(path.to_owned()));
    }

    /// The message for one field path (`name`, `conditions[0].value`).
    pub fn error(&self, path: impl Into<String>) -> Signal<Option<String>> {
        let errors = self.errors();
        let path = path.into();
        Signal::derive(move || errors.with(|e| e.get(&path).map(str::to_owned)))
    }

    /// Shows every message the core has for the draft (as a save would);
    /// true when there is none.
    pub fn check(&self) -> bool {
        self.attempted.set(true);
        let ok = self.local.with_untracked(ValidationErrors::is_empty) && !self.typing.pending();
        if !ok {
            focus_first_error();
        }
        ok
    }

    /// Puts the server's 422 messages on their fields.
    pub fn refused(&self, errors: ValidationErrors) {
        self.server.set(errors);
        focus_first_error();
    }

    /// Starts again from `value` as if it had just been loaded (an add
    /// form after adding, a page after "Load theirs").
    pub fn start_over(&self, value: T) {
        self.since.set_value(None);
        self.saved.set(value.clone());
        self.draft.set(value);
        self.server.set(ValidationErrors::default());
        self.attempted.set(false);
        self.failure.set(None);
        self.typing.clear();
    }

    /// Back to the saved copy.
    pub fn discard(&self) {
        self.since.set_value(None);
        self.draft.set(self.saved.get_untracked());
        self.server.set(ValidationErrors::default());
        self.attempted.set(false);
        self.failure.set(None);
        self.typing.clear();
        self.forget_kept();
    }

    /// Saves the draft unless the core already knows it will be refused.
    /// `overwrite` drops the ETag (the conflict dialog's choice).
    pub fn save(&self, api: Api, target: Target, overwrite: bool, on_saved: impl FnOnce(T) + 'static) {
        let editor = *self;
        if !editor.check() {
            editor.failure.set(Some("Some fields need attention.".into()));
            return;
        }
        editor.failure.set(None);
        editor.conflict.set(false);
        editor.saving.set(true);
        let body = editor.draft.get_untracked();
        spawn_local(async move {
            let result = target.send(api, &body, overwrite, editor.since.get_value()).await;
            editor.saving.set(false);
            match result {
                Ok(stored) => {
                    editor.since.set_value(None);
                    editor.forget_kept();
                    editor.saved.set(stored.clone());
                    editor.draft.set(stored.clone());
                    editor.attempted.set(false);
                    on_saved(stored);
                }
                Err(ApiError::Invalid(e)) => editor.refused(e),
                Err(ApiError::Changed) => editor.conflict.set(true),
                Err(e) => editor.failure.set(Some(e.message())),
            }
        });
    }
}

impl<T> Editor<T>
where
    T: anytime_core::Validate + Clone + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static,
{
    /// An editor whose draft the core validates against these fields and
    /// this directory (conditions, placeholders, agents, departments).
    pub fn validated(
        saved: T,
        fields: Signal<Vec<anytime_core::Field>>,
        directory: Signal<anytime_core::Directory>,
    ) -> Self {
        Editor::new(saved, move |t: &T| {
            fields.with_untracked(|f| {
                directory.with_untracked(|d| {
                    t.validate(&anytime_core::Context::new(f, d)).err().unwrap_or_default()
                })
            })
        })
    }
}

/// The value at a message's path (`conditions.list[0].value`) in an
/// object as JSON.
fn value_at<'a>(value: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
    let mut here = value;
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (name, indexes) = part.split_once('[').map_or((part, ""), |(n, rest)| (n, rest));
        if !name.is_empty() {
            here = here.get(name)?;
        }
        for index in indexes.split('[').filter(|i| !i.is_empty()) {
            here = here.get(index.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    Some(here)
}

/// Whether the field a message is about is empty now and was empty when
/// the object loaded: a value not given yet, not a mistake made.
fn untouched_blank(now: &serde_json::Value, then: &serde_json::Value, path: &str) -> bool {
    let blank = |v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => true,
        Some(serde_json::Value::String(s)) => s.trim().is_empty(),
        Some(serde_json::Value::Array(a)) => a.is_empty(),
        _ => false,
    };
    !path.is_empty() && blank(value_at(now, path)) && blank(value_at(then, path))
}

/// After a refused save: the first field in error scrolled to and focused
/// (once the messages are drawn).
fn focus_first_error() {
    #[cfg(target_arch = "wasm32")]
    request_animation_frame(|| {
        use wasm_bindgen::JsCast;
        let first = document()
            .query_selector(".anytime-console .at-page [aria-invalid=\"true\"]")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = first {
            let _ = el.focus();
            el.scroll_into_view_with_bool(true);
        }
    });
}

/// Leaves an editor for its list: nothing is unsaved any more.
pub fn back_to(path: &str) -> Callback<()> {
    let unsaved = expect_context::<Unsaved>();
    let href = use_context::<crate::Base>().unwrap_or_default().href(path);
    let navigate = leptos_router::hooks::use_navigate();
    Callback::new(move |()| {
        unsaved.0.set(false);
        navigate(&href, Default::default());
    })
}

/// The frame of an editor: the form (Enter saves), a banner for what went
/// wrong, the save bar, the conflict dialog and the leave guard.
#[component]
pub fn EditorForm<T>(
    editor: Editor<T>,
    /// Saves; `true` overwrites what someone else saved.
    on_save: Callback<bool>,
    on_discard: Callback<()>,
    /// "Load theirs" in the conflict dialog.
    on_reload: Callback<()>,
    /// The object's API path, for its History panel (none while new).
    #[prop(default = None)]
    history: Option<String>,
    /// Where the object is read and saved, when not at `history`'s path
    /// (Routing's History is `routingRules`, its object `routingRules/default`):
    /// its ETag names the version a kept draft changes.
    #[prop(default = None)]
    saved_at: Option<String>,
    /// Only admins save it (email accounts).
    #[prop(optional)]
    admin_only: bool,
    /// The fields, for naming conditions in the History panel.
    #[prop(optional, into)]
    fields: Signal<Vec<anytime_core::Field>>,
    children: Children,
) -> impl IntoView
where
    T: Clone + PartialEq + Serialize + DeserializeOwned + Send + Sync + 'static,
{
    let unsaved = expect_context::<Unsaved>();
    let refused = crate::components::shell::SignedIn::refusal(admin_only);
    // A version from the History panel goes into the form, to be saved as
    // any edit is (its impact shown, the conflict dialog if it raced).
    let restored = RwSignal::new(None::<String>);
    // Counts saves, for the History panel to load the new version.
    let saves = Memo::new(move |n: Option<&u32>| {
        editor.saved.track();
        n.map_or(0, |n| n + 1)
    });
    // Read by the reader every reply of the API goes through (one reader
    // per kind in the module: decode's, from a `Value`).
    let use_version =
        Callback::new(move |object: serde_json::Value| {
            match anytime_core::decode::from_value::<T>(&object) {
                Ok(version) => {
                    editor.edit(|d| *d = version);
                    restored.set(Some(
                        "That version is in the form now: look it over, then Save to restore it.".into(),
                    ));
                }
                Err(e) => restored.set(Some(format!("That version cannot be read by this console ({e})."))),
            }
        });
    // Inputs inside keep what is typed but not a value yet with the editor.
    provide_context(editor.typing);
    let dirty = editor.dirty();
    // The shell's leave guard reads this page's state.
    Effect::new(move |_| unsaved.0.set(dirty.get()));
    on_cleanup(move || unsaved.0.set(false));
    // The unsaved draft is kept in the browser for this page of this API
    // until it is saved or discarded; one kept from before is offered back.
    let api = expect_context::<Api>();
    let page = leptos_router::hooks::use_location().pathname.get_untracked();
    let key = kept::key(&api.base.get_value(), &page);
    // Offered once the server said who is signed in, so a draft left by
    // someone else is forgotten first (kept::claim), never offered.
    let asked = crate::components::shell::Asked::now();
    let offer = RwSignal::new(None::<kept::Kept<T>>);
    let looked = RwSignal::new(false);
    // While a draft is on offer, what is typed is kept beside it (never
    // over it): Discard makes it the page's draft, Restore drops it.
    let typed = kept::typed_key(&key);
    // The path of the version the draft changes: the copy loaded, unless a
    // restored draft was made on an older one.
    let path = StoredValue::new(saved_at.or_else(|| history.clone()));
    let loaded_etag = move || path.with_value(|p| p.as_deref().and_then(|p| api.etag(p)));
    let start_from = move |kept: kept::Kept<T>| {
        // A number typed but not one yet goes with what it was typed in.
        editor.typing.clear();
        editor.since.set_value(kept.since.filter(|since| Some(since) != loaded_etag().as_ref()));
        editor.edit(|d| *d = kept.draft);
    };
    {
        let (key, typed) = (key.clone(), typed.clone());
        Effect::new(move |_| {
            if looked.get_untracked() || !asked.get() {
                return;
            }
            let unsaved = |k: &kept::Kept<T>| editor.saved.with_untracked(|s| k.draft != *s);
            let on_offer = kept::load_kept::<T>(&key).filter(unsaved);
            // Typed here before the look (the server slow to say who is
            // signed in): the form keeps it, nothing is put over it.
            let typing_here = dirty.get_untracked();
            match (on_offer, kept::load_kept::<T>(&typed).filter(unsaved), typing_here) {
                // Typed during an offer, then the page was left: both back.
                (Some(older), Some(newer), false) => {
                    start_from(newer);
                    offer.set(Some(older));
                }
                // The draft on offer was discarded elsewhere (another tab),
                // or the form holds new typing: what was typed beside it is
                // the one on offer now (over the older, which it followed).
                (_, Some(newer), _) => {
                    kept::rename(&typed, &key);
                    offer.set(Some(newer));
                }
                (older, None, _) => {
                    kept::forget(&typed);
                    offer.set(older);
                }
            }
            looked.set(true);
        });
    }
    {
        let (key, typed) = (key.clone(), typed.clone());
        Effect::new(move |_| {
            let changed = dirty.get();
            let on_offer = offer.with(Option::is_some);
            // Not before the kept draft was looked at (it would be
            // forgotten as "unchanged").
            if !looked.get() {
                return;
            }
            let slot = if on_offer { &typed } else { &key };
            // Discard and a save forget this page's own typing, not a
            // draft on offer (and until the look, nothing: `kept` is none,
            // so a draft not offered yet is not forgotten).
            editor.kept.set_value(Some(slot.clone()));
            if changed {
                let since = editor.since.get_value().or_else(loaded_etag);
                editor.draft.with(|d| kept::store_since(slot, d, since));
            } else {
                kept::forget(slot);
            }
        });
    }
    let restore = {
        let typed = typed.clone();
        move |_| {
            if let Some(kept) = offer.get_untracked() {
                offer.set(None);
                kept::forget(&typed);
                start_from(kept);
            }
        }
    };
    let drop_kept = move |_| {
        // What was typed meanwhile becomes the page's draft (the effect
        // keeps the form under `key` once nothing is on offer).
        offer.set(None);
        kept::forget(&key);
        kept::forget(&typed);
    };
    view! {
        <form class="at-form" novalidate on:submit=move |ev| { ev.prevent_default(); on_save.run(false); }>
            <Show when=move || offer.with(Option::is_some)>
                <div class="at-banner at-banner--warning at-kept" role="status">
                    <span>{move || offer.with(|o| o.as_ref().map(|k| format!("Unsaved changes from {}", kept::when(k.at))))}</span>
                    // Not while a save is on its way: its end forgets the
                    // draft of the slot in use then.
                    <button type="button" class="at-button" disabled=move || editor.saving.get() on:click=restore.clone()>"Restore"</button>
                    <button type="button" class="at-button at-button--quiet" disabled=move || editor.saving.get() on:click=drop_kept.clone()>"Discard"</button>
                </div>
            </Show>
            <p class="at-banner at-banner--info at-readonly" role="note" hidden=move || refused.with(Option::is_none)>
                {move || refused.get()}
            </p>
            {children()}
            <p class="at-banner at-banner--info" role="status" hidden=move || restored.with(Option::is_none)>
                {move || restored.get()}
            </p>
            <p class="at-banner at-banner--error" role="alert" hidden=move || editor.failure.with(Option::is_none)>
                {move || editor.failure.get()}
            </p>
            {history.map(|path| view! { <crate::components::history::History path on_use=use_version fields saved=saves/> })}
            <SaveBar dirty saving=editor.saving refused
                on_discard=Callback::new(move |()| { editor.forget_kept(); on_discard.run(()) }) on_save=Callback::new(move |()| on_save.run(false))/>
        </form>
        <ConflictDialog
            open=editor.conflict
            on_reload=Callback::new(move |()| { editor.conflict.set(false); unsaved.0.set(false); editor.forget_kept(); on_reload.run(()); })
            on_overwrite=Callback::new(move |()| on_save.run(true))
            on_keep=Callback::new(move |()| editor.conflict.set(false))
        />
    }
}

#[cfg(test)]
mod tests {
    use super::{untouched_blank, value_at};
    use serde_json::json;

    #[test]
    fn a_message_is_held_back_only_for_a_field_never_filled() {
        let then = json!({"name": "", "conditions": {"list": [{"value": "x"}]}, "fallback": null});
        let now =
            json!({"name": "", "enabled": true, "conditions": {"list": [{"value": ""}, {"value": ""}]}});
        assert_eq!(value_at(&now, "conditions.list[1].value"), Some(&json!("")));
        assert_eq!(value_at(&now, "conditions.list[7].value"), None);
        assert!(untouched_blank(&now, &then, "name"));
        assert!(untouched_blank(&now, &then, "fallback"));
        // A new row's empty value: not filled yet.
        assert!(untouched_blank(&now, &then, "conditions.list[1].value"));
        // Emptied by the admin: a mistake to show.
        assert!(!untouched_blank(&now, &then, "conditions.list[0].value"));
        // About a filled field, or the whole object: shown.
        assert!(!untouched_blank(&now, &then, "enabled"));
        assert!(!untouched_blank(&now, &then, ""));
    }
}

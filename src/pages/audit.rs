//! The Audit page (admins, contract §12): recent changes, newest first,
//! filtered by area, person and date; each opens its object's page (where
//! its History is), and a deleted object's last version can be restored.

use anytime_core::order;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::endpoints::{self, AuditEntry};
use crate::api::{Api, ApiError};
use crate::components::history::when;
use crate::history;

#[component]
pub fn AuditPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let base = use_context::<crate::Base>().unwrap_or_default();
    let area = RwSignal::new(String::new());
    let person = RwSignal::new(String::new());
    let since = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    // The entries shown (pages appended by "Older"), and the next cursor.
    let entries: RwSignal<Vec<AuditEntry>> = RwSignal::new(Vec::new());
    let next: RwSignal<Option<String>> = RwSignal::new(None);
    let state: RwSignal<Option<Result<(), ApiError>>> = RwSignal::new(None);
    let note: RwSignal<Option<String>> = RwSignal::new(None);
    // Each load's number: an answer to an older one (filters changed
    // since) is dropped, not shown over the newer.
    let generation = StoredValue::new(0_u32);
    let fetch = move |after: Option<String>| {
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        let query = history::audit_query(
            &area.get_untracked(),
            &person.get_untracked(),
            &since.get_untracked(),
            &until.get_untracked(),
            after.as_deref(),
        );
        if after.is_none() {
            state.set(None);
        }
        spawn_local(async move {
            let answer = endpoints::audit(api, &query).await;
            if generation.get_value() != mine {
                return;
            }
            match answer {
                Ok(page) => {
                    let first_new = page.items.first().map(|e| e.seq.clone());
                    if after.is_some() {
                        entries.update(|e| e.extend(page.items));
                    } else {
                        entries.set(page.items);
                    }
                    let more = page.next.is_some();
                    next.set(page.next);
                    // Set once: the list is drawn once and older pages are
                    // added to it (focus and scroll stay where they are).
                    if !matches!(state.get_untracked(), Some(Ok(()))) {
                        state.set(Some(Ok(())));
                    }
                    // "Older changes" went away with the last page: focus
                    // goes to the first entry it brought, not to the page's top.
                    if after.is_some() && !more {
                        if let Some(seq) = first_new {
                            focus_entry(&seq);
                        }
                    }
                }
                Err(e) => state.set(Some(Err(e))),
            }
        });
    };
    // Loaded at once, and again whenever a filter changes or "Try again".
    Effect::new(move |_| {
        area.track();
        person.track();
        since.track();
        until.track();
        api.epoch.track();
        fetch(None);
    });
    let restore = move |entry: AuditEntry| {
        let Some(path) = entry.id.as_deref().and_then(|id| history::api_path_of(&entry.kind, id)) else {
            return;
        };
        note.set(Some("Restoring…".into()));
        spawn_local(async move {
            let done = async {
                let versions = endpoints::revisions(api, &path).await?;
                let last = versions
                    .iter()
                    .find_map(|v| v.etag.clone())
                    .ok_or_else(|| ApiError::Network("this object has no version left to restore".into()))?;
                endpoints::restore(api, &path, &last).await
            }
            .await;
            match done {
                Ok(_) => {
                    let after = if entry.kind == "emailAccount" {
                        " Open it and type its password again: versions never keep passwords."
                    } else {
                        ""
                    };
                    note.set(Some(format!("Restored {}.{after}", entry_name(&entry))));
                    fetch(None);
                }
                Err(e) => note.set(Some(format!("Could not restore it: {}", e.message()))),
            }
        });
    };
    // For naming conditions' fields in the changes (custom fields too);
    // without them, the system fields are named and others by their id.
    let fields = LocalResource::new(move || async move { endpoints::fields(api).await.unwrap_or_default() });
    let fields = Signal::derive(move || fields.get().unwrap_or_default());
    let people = move || {
        let mut seen: Vec<(String, String)> =
            entries.with(|e| e.iter().map(|x| (x.actor.filter_key(), x.actor.shown())).collect());
        order::sort(&mut seen);
        seen.dedup();
        seen
    };
    let empty = Memo::new(move |_| entries.with(Vec::is_empty));
    view! {
        <section class="at-page at-audit" aria-labelledby="at-page-title">
            <header class="at-page__header">
                <h1 id="at-page-title" class="at-page__title">"Audit trail"</h1>
                <p class="at-page__lead">"Who changed which setting, when, and what it was before. Open an entry's page for its whole history."</p>
            </header>
            <form class="at-inline-form at-audit__filters" aria-label="Filter the audit trail" on:submit=|ev| ev.prevent_default()>
                <div class="at-field">
                    <label class="at-field__label" for="at-audit-area">"Area"</label>
                    <select id="at-audit-area" class="at-input" on:change=move |ev| area.set(event_target_value(&ev))>
                        <option value="">"All areas"</option>
                        {history::AREAS.iter().map(|(kind, name)| view! { <option value=*kind>{*name}</option> }).collect_view()}
                    </select>
                </div>
                <div class="at-field">
                    <label class="at-field__label" for="at-audit-person">"Person"</label>
                    <input id="at-audit-person" class="at-input" list="at-audit-people" placeholder="Token name, or portal:user id"
                        prop:value=person on:change=move |ev| person.set(event_target_value(&ev))/>
                    <datalist id="at-audit-people">
                        {move || people().into_iter().map(|(id, name)| view! { <option value=id.clone()>{name}</option> }).collect_view()}
                    </datalist>
                </div>
                <div class="at-field">
                    <label class="at-field__label" for="at-audit-since">"From"</label>
                    <input id="at-audit-since" type="date" class="at-input" on:change=move |ev| since.set(event_target_value(&ev))/>
                </div>
                <div class="at-field">
                    <label class="at-field__label" for="at-audit-until">"To"</label>
                    <input id="at-audit-until" type="date" class="at-input" on:change=move |ev| until.set(event_target_value(&ev))/>
                </div>
            </form>
            <p class="at-banner at-banner--info" role="status" hidden=move || note.with(Option::is_none)>{move || note.get()}</p>
            {move || match state.get() {
                None => view! { <p class="at-muted">"Loading the audit trail…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="at-banner at-banner--error" role="alert">{e.message()}</p> }.into_any(),
                Some(Ok(())) if empty.get() => view! { <p class="at-muted">"No changes match these filters."</p> }.into_any(),
                Some(Ok(())) => {
                    let base = base.clone();
                    view! {
                        <ol class="at-audit__list">
                            <For each=move || entries.get() key=|e| e.seq.clone() let:entry>
                                {
                                    let quiet = history::heading_says_it_all(&entry.action);
                                    let (before, after) = (entry.before.clone(), entry.after.clone());
                                    // Named again once the fields have loaded.
                                    let said = move || {
                                        let said = if quiet {
                                            Vec::new()
                                        } else {
                                            fields.with(|f| history::changes(before.as_ref(), after.as_ref(), f))
                                        };
                                        said
                                            .into_iter()
                                            .take(4)
                                            .map(|s| view! { <li>{s}</li> })
                                            .collect_view()
                                    };
                                    let page = history::page_of(&entry.kind, entry.id.as_deref()).map(|p| base.href(&p));
                                    // Gone by a delete or an import: its last version can come back.
                                    let deleted = entry.before.is_some() && entry.after.is_none() && entry.id.is_some()
                                        && history::api_path_of(&entry.kind, "").is_some();
                                    let for_restore = entry.clone();
                                    view! {
                                        <li class="at-audit__item" id=format!("at-audit-{}", entry.seq) tabindex="-1">
                                            <p class="at-history__head">
                                                <strong>{history::action(&entry.action)}</strong>
                                                " · " {history::area(&entry.kind).to_owned()}
                                                {entry_label(&entry)}
                                                " · by " {entry.actor.shown()}
                                                " · " <time datetime=entry.at.clone()>{when(&entry.at)}</time>
                                            </p>
                                            <ul class="at-history__changes">
                                                {said}
                                            </ul>
                                            <p class="at-audit__links">
                                                {page.filter(|_| !deleted).map(|href| view! { <a href=href>"Open its page and history"</a> })}
                                                {deleted.then(|| view! {
                                                    <button type="button" class="at-button" on:click=move |_| restore(for_restore.clone())>
                                                        "Restore its last version"
                                                    </button>
                                                })}
                                            </p>
                                        </li>
                                    }
                                }
                            </For>
                        </ol>
                        <Show when=move || next.with(Option::is_some)>
                            <button type="button" class="at-button" on:click=move |_| fetch(next.get_untracked())>"Older changes"</button>
                        </Show>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// Moves focus to an entry (after the pages were drawn).
fn focus_entry(seq: &str) {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let id = format!("at-audit-{seq}");
        request_animation_frame(move || {
            let element = document().get_element_by_id(&id);
            if let Some(e) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = e.focus();
            }
        });
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = seq;
}

/// What an entry's object is called, for its row.
fn entry_name(entry: &AuditEntry) -> String {
    entry
        .after
        .as_ref()
        .or(entry.before.as_ref())
        .and_then(history::name_of)
        .map_or_else(|| entry.id.clone().unwrap_or_else(|| "the list".into()), |n| format!("'{n}'"))
}

fn entry_label(entry: &AuditEntry) -> String {
    if entry.kind == "settings" {
        String::new()
    } else {
        format!(" {}", entry_name(entry))
    }
}

//! Blocked senders: block one, paste many, and find, sort, select and
//! remove among thousands. Rows are shown a page at a time over a list
//! prepared once ([`Index`]), so a keystroke in the search only filters.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;

use anytime_core::{normalize_sender, BlockType, BlockedSender, Choice, Directory};

use super::page::PageHeader;
use crate::api::{self, endpoints, Api, ApiError};
use crate::components::editor::{Editor, Target};
use crate::components::feedback::{ConfirmDeletion, ConfirmDialog, Deletion, ListChanged, Toasts, Verb};
use crate::components::inputs::SearchInput;
use crate::components::kept;
use crate::components::states::{loaded, EmptyState, ErrorState};
use crate::forms::blocked::{Index, Pasted, SortBy, CHUNK};
use crate::{areas, format};

/// Rows drawn at first, and added by each "Show more". A keystroke that
/// changes which rows are shown draws them all anew: with 100 the worst
/// keystroke over 10,000 senders took 43–57 ms in headless Chromium here,
/// with 30 it takes 21–40 ms, and 30 rows still fill two screens.
const PAGE: usize = 30;

#[component]
pub fn BlockedSendersPage() -> impl IntoView {
    let api = expect_context::<Api>();
    // The first rows come in a small request of their own, drawn while the
    // whole list (10,000 entries: 1.3 MiB to fetch and decode) comes.
    let first = api::resource(api, |api| endpoints::blocked_senders_first(api, PAGE));
    // Shared, not copied, by the index and the page.
    let senders = api::resource(api, move |api| async move {
        // Asked for once the first rows are here, so the two do not share
        // the machine while those are drawn.
        first.ready().await;
        endpoints::blocked_senders(api).await.map(Arc::new)
    });
    // The list as loaded, prepared once per load for every search and sort.
    // While it loads again, the last whole list stays.
    let index = Memo::new(move |prev: Option<&Index>| match senders.get() {
        Some(Ok(list)) => Index::new(list),
        _ => match (prev, first.get()) {
            // (Not the empty one before anything came.)
            (Some(p), _) if p.is_whole() && !p.is_empty() => p.clone(),
            (_, Some(Ok((rows, total)))) => Index::first_rows(rows, total as usize),
            (p, _) => p.cloned().unwrap_or_default(),
        },
    });
    let reload = Callback::new(move |()| senders.refetch());
    // The first rows came, the rest did not.
    let whole_failed = move || match (first.with(|f| matches!(f, Some(Ok(_)))), senders.get()) {
        (true, Some(Err(error))) => Some(error),
        _ => None,
    };
    // Kept here, so a reload of the list keeps the search, sort and selection.
    let view_state = ListView::default();
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            <PageHeader area=areas::get("blocked-senders")/>
            <BlockOne index reload/>
            <PasteMany index reload/>
            {loaded(first, move |_| view! { <SenderList index reload state=view_state/> })}
            {move || whole_failed().map(|error| view! { <ErrorState error retry=reload/> })}
        </section>
    }
}

/// The one-sender form. Blocking a sender again with another type asks
/// first; the same type says it is blocked already.
#[component]
fn BlockOne(index: Memo<Index>, reload: Callback<()>) -> impl IntoView {
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    // What was typed, as typed; the draft holds it as the server stores it.
    let (typed, set_typed) = signal(String::new());
    let (reject, set_reject) = signal(true);
    let editor = Editor::validated(
        BlockedSender::default(),
        Signal::stored(Vec::new()),
        Signal::stored(Directory::default()),
    );
    let redraft = move |text: &str, reject: bool| {
        editor.edit(|b| {
            b.email = normalize_sender(text);
            b.block_type = Some(BlockType::for_sender(text, reject));
        })
    };
    // The core's message as the admin types; the server's on the same field.
    let email_error = {
        let (email, kind) = (editor.error("email"), editor.error("blockType"));
        move || email.get().or_else(|| kind.get())
    };
    let save = move || {
        editor.save(api, Target::upsert::<BlockedSender>(), false, move |saved: BlockedSender| {
            toasts.show(format!(
                "{}: {}.",
                saved.email,
                format::block_type(saved.block_type.as_ref()).to_lowercase()
            ));
            set_typed.set(String::new());
            editor.start_over(BlockedSender::default());
            let _ = reload.try_run(());
        });
    };
    // Blocked already with another type: (the entry, what it would become).
    let reblock = RwSignal::new(None::<(BlockedSender, BlockType)>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !editor.check() {
            return;
        }
        let draft = editor.draft.get_untracked();
        let (existing, whole) = index.with_untracked(|ix| (ix.find(&draft.email).cloned(), ix.is_whole()));
        // Whether it is blocked another way is known only from the whole list.
        if existing.is_none() && !whole {
            toasts.show("The list of blocked senders is still loading. Try again in a moment.".to_owned());
            return;
        }
        match (existing, draft.block_type) {
            (Some(e), Some(new)) if e.block_type.as_ref() == Some(&new) => {
                toasts.show(format!(
                    "{} is blocked already: {}.",
                    e.email,
                    format::block_type(e.block_type.as_ref()).to_lowercase()
                ));
            }
            (Some(e), Some(new)) => reblock.set(Some((e, new))),
            _ => save(),
        }
    };
    view! {
        <form class="at-inline-form" on:submit=add aria-label="Block a sender">
            <div class="at-field">
                <label class="at-field__label" for="at-blocked-email">"Address or domain"</label>
                <input
                    id="at-blocked-email"
                    class="at-input"
                    placeholder="name@example.com or example.com"
                    aria-invalid=move || email_error().is_some().to_string()
                    aria-describedby="at-blocked-email-error"
                    prop:value=typed
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        redraft(&text, reject.get_untracked());
                        set_typed.set(text);
                    }
                />
                <p id="at-blocked-email-error" class="at-field__error">{email_error}</p>
            </div>
            <div class="at-field">
                <label class="at-field__label" for="at-blocked-action">"What happens to their mail"</label>
                <RejectOrJunk id="at-blocked-action" reject on_change=Callback::new(move |r: bool| {
                    set_reject.set(r);
                    redraft(&typed.get_untracked(), r);
                })/>
            </div>
            <button type="submit" class="at-button at-button--primary" disabled=move || editor.saving.get() || crate::components::shell::SignedIn::viewer()
                aria-busy=move || editor.saving.get().to_string()>
                {move || if editor.saving.get() { "Blocking…" } else { "Block" }}
            </button>
        </form>
        <p class="at-field__error" role="alert">{move || editor.failure.get().filter(|_| editor.saving.with(|s| !s))}</p>
        <ConfirmDialog
            question=Signal::derive(move || reblock.with(|r| r.as_ref().map(|(e, _)| format!("Change how {} is blocked?", e.email))))
            detail=Signal::derive(move || reblock.with(|r| r.as_ref().map(|(e, new)| format!(
                "It is blocked already: {}. Change it to: {}?",
                format::block_type(e.block_type.as_ref()).to_lowercase(),
                new.label().to_lowercase(),
            )).unwrap_or_default()))
            confirm_label="Change it"
            on_confirm=Callback::new(move |()| { reblock.set(None); save(); })
            on_cancel=Callback::new(move |()| reblock.set(None))
        />
    }
}

/// "Reject it" or "Mark it as junk".
#[component]
fn RejectOrJunk(
    id: &'static str,
    #[prop(into)] reject: Signal<bool>,
    on_change: Callback<bool>,
) -> impl IntoView {
    view! {
        <select id=id class="at-select" on:change=move |ev| on_change.run(event_target_value(&ev) == "reject")>
            <option value="reject" selected=move || reject.get()>"Reject it"</option>
            <option value="junk" selected=move || !reject.get()>"Mark it as junk"</option>
        </select>
    }
}

/// Many senders at once: pasted lines checked as they are typed (each
/// sender's type from what it is), the bad ones listed, the rest sent in
/// bulk. What is pasted is kept in the browser until it is sent.
#[component]
fn PasteMany(index: Memo<Index>, reload: Callback<()>) -> impl IntoView {
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    let changed = expect_context::<ListChanged>();
    let key = kept::key(&api.base.get_value(), "/blocked-senders#paste");
    let open = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    // What was pasted and kept comes back once the server said who is
    // signed in (see kept::claim), unless something was typed meanwhile;
    // what is typed is kept from then on, never before (it could be
    // written over the paste of an admin not signed in here).
    let asked = crate::components::shell::Asked::now();
    let key = StoredValue::new(key);
    let keep = move |t: &str| {
        key.with_value(|k| if t.trim().is_empty() { kept::forget(k) } else { kept::store(k, &t.to_owned()) })
    };
    Effect::new(move |restored: Option<bool>| {
        let typed = text.get();
        if !asked.get() {
            return restored.unwrap_or(false);
        }
        if restored != Some(true) && typed.trim().is_empty() {
            let kept = key.with_value(|k| kept::load::<String>(k)).map(|(_, t)| t);
            if let Some(kept) = kept.filter(|t| !t.trim().is_empty()) {
                text.set(kept);
                open.set(true);
                return true;
            }
        }
        keep(&typed);
        true
    });
    let (reject, set_reject) = signal(true);
    let with_changes = RwSignal::new(false);
    let sending = RwSignal::new(false);
    // After a send: what the server said, and the lines it refused.
    let outcome = RwSignal::new(None::<String>);
    let checked = Memo::new(move |_| index.with(|ix| Pasted::check(&text.get(), reject.get(), ix)));
    let send = move |_| {
        let pasted = checked.get_untracked();
        // Read now: after the wait the page may be gone.
        let with_changes = with_changes.get_untracked();
        let key = key.get_value();
        let items = pasted.to_send(with_changes);
        if items.is_empty() {
            return;
        }
        sending.set(true);
        let session = crate::api::offline::session();
        leptos::task::spawn_local(async move {
            let (mut added, mut updated, mut refused) = (0, 0, Vec::new());
            // The part that failed, and why: it and every part after it were not sent.
            let mut failure = None;
            for (n, part) in items.chunks(CHUNK).enumerate() {
                match endpoints::block_many(api, part.to_vec()).await {
                    Ok(r) => {
                        added += r.added;
                        updated += r.updated;
                        refused.extend(r.errors.into_iter().map(|e| n * CHUNK + e.index));
                    }
                    Err(e) => {
                        failure = Some((n * CHUNK, e));
                        break;
                    }
                }
            }
            let _ = sending.try_set(false);
            // Signed out meanwhile: what is left is not kept for the next admin.
            if crate::api::offline::session() != session {
                return;
            }
            // Left in the box: every line not blocked, for the admin to fix or send again.
            let mut left: Vec<String> = pasted.bad.iter().map(|b| b.text.clone()).collect();
            left.extend(refused.iter().map(|&i| items[i].email.clone()));
            if let Some((from, _)) = &failure {
                left.extend(items[*from..].iter().map(|b| b.email.clone()));
            }
            if !with_changes {
                left.extend(pasted.changes.iter().map(|c| c.entry.email.clone()));
            }
            let rest = left.join("\n");
            // Kept here (the page may be gone), but only once it is known
            // whose the paste is; until then the box alone holds it.
            if asked.try_get_untracked() == Some(true) {
                if rest.trim().is_empty() {
                    kept::forget(&key);
                } else {
                    kept::store(&key, &rest);
                }
            }
            let _ = text.try_set(rest);
            let said = match failure {
                Some((_, ApiError::Changed)) => {
                    changed.show("blocked senders", reload);
                    let _ = outcome.try_set(Some(
                        "Nothing was blocked: the list changed elsewhere. Reload, then block them again."
                            .into(),
                    ));
                    return;
                }
                Some((_, e)) => format!(
                    "Blocked {} new, changed {}; the rest were not sent: {} They are left in the box.",
                    format::count(added as u64),
                    format::count(updated as u64),
                    e.message()
                ),
                None => format!(
                    "Blocked {} new, changed {}.{}",
                    format::count(added as u64),
                    format::count(updated as u64),
                    if left.is_empty() {
                        String::new()
                    } else {
                        format!(" {} left in the box to fix.", left.len())
                    }
                ),
            };
            toasts.show(said.clone());
            let _ = outcome.try_set(Some(said));
            let _ = reload.try_run(());
        });
    };
    let summary = move || {
        checked.with(|p| {
            let mut parts = vec![format!("{} to block", format::count(p.new.len() as u64))];
            if !p.changes.is_empty() {
                parts.push(format!("{} blocked another way", format::count(p.changes.len() as u64)));
            }
            if p.already > 0 {
                parts.push(format!("{} blocked already", format::count(p.already as u64)));
            }
            if !p.bad.is_empty() {
                let n = p.bad.len();
                parts.push(format!(
                    "{} {} cannot be blocked",
                    format::count(n as u64),
                    if n == 1 { "line" } else { "lines" }
                ));
            }
            parts.join(" · ")
        })
    };
    let count = move || checked.with(|p| p.to_send(with_changes.get()).len());
    view! {
        <div class="at-paste">
            <button type="button" class="at-button" aria-expanded=move || open.get().to_string() aria-controls="at-paste-panel"
                disabled=crate::components::shell::SignedIn::viewer
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || if open.get() { "Close pasting" } else { "Paste many…" }}
            </button>
            <div id="at-paste-panel" class="at-fieldset at-paste__panel" hidden=move || !open.get()>
                <div class="at-field">
                    <label class="at-field__label" for="at-paste-text">"Addresses and domains"</label>
                    <p class="at-hint" id="at-paste-hint">"One per line, or separated by commas. Addresses block that address, domains (example.com) the whole domain."</p>
                    <textarea id="at-paste-text" class="at-input at-paste__text" rows="8" aria-describedby="at-paste-hint at-paste-summary"
                        spellcheck="false" prop:value=move || text.get() readonly=move || sending.get()
                        on:input=move |ev| {
                            outcome.set(None);
                            text.set(event_target_value(&ev));
                        }></textarea>
                </div>
                <div class="at-field">
                    <label class="at-field__label" for="at-paste-action">"What happens to mail from these"</label>
                    <RejectOrJunk id="at-paste-action" reject on_change=Callback::new(move |r: bool| set_reject.set(r))/>
                </div>
                <p id="at-paste-summary" class="at-paste__summary" aria-live="polite">{summary}</p>
                <Show when=move || checked.with(|p| !p.changes.is_empty())>
                    <label class="at-check">
                        <input type="checkbox" prop:checked=move || with_changes.get()
                            on:change=move |ev| with_changes.set(event_target_checked(&ev))/>
                        {move || checked.with(|p| {
                            // `first()`: the list may have emptied before this is hidden.
                            let Some(first) = p.changes.first() else { return String::new() };
                            let more = if p.changes.len() > 1 { format!(" and {} more", p.changes.len() - 1) } else { String::new() };
                            format!(
                                "Also change those blocked another way ({}: {} → {}{more})",
                                first.entry.email,
                                format::block_type(Some(&first.from)).to_lowercase(),
                                format::block_type(first.entry.block_type.as_ref()).to_lowercase(),
                            )
                        })}
                    </label>
                </Show>
                <Show when=move || checked.with(|p| !p.bad.is_empty())>
                    <div class="at-paste__bad" role="group" aria-label="Lines that cannot be blocked">
                        <ul>
                            {move || checked.with(|p| p.bad.iter().take(50).map(|b| view! {
                                <li>{format!("Line {}: '{}' — {}", b.line, b.text, b.message)}</li>
                            }).collect_view())}
                        </ul>
                        {move || checked.with(|p| (p.bad.len() > 50).then(|| view! {
                            <p class="at-hint">{format!("… and {} more.", format::count(p.bad.len() as u64 - 50))}</p>
                        }))}
                    </div>
                </Show>
                <p class="at-hint" role="status">{move || outcome.get()}</p>
                <button type="button" class="at-button at-button--primary" on:click=send
                    disabled=move || sending.get() || count() == 0 || !index.with(Index::is_whole)
                    aria-busy=move || sending.get().to_string()>
                    {move || if sending.get() { "Blocking…".to_owned() } else if !index.with(Index::is_whole) {
                        "Loading the list…".to_owned()
                    } else { match count() {
                        0 => "Block".to_owned(),
                        1 => "Block 1 sender".to_owned(),
                        n => format!("Block {} senders", format::count(n as u64)),
                    }}}
                </button>
            </div>
        </div>
    }
}

/// Search, sort, select and remove; a page of rows at a time.
/// What the admin chose in the list: the search, the sort, how many rows
/// are drawn (for which search and sort) and the selected ids.
#[derive(Clone, Copy)]
struct ListView {
    search: RwSignal<String>,
    sort: RwSignal<SortBy>,
    shown: RwSignal<(String, SortBy, usize)>,
    selected: RwSignal<HashSet<String>>,
}

impl Default for ListView {
    fn default() -> Self {
        ListView {
            search: RwSignal::new(String::new()),
            sort: RwSignal::new(SortBy::Address),
            shown: RwSignal::new((String::new(), SortBy::Address, PAGE)),
            selected: RwSignal::new(HashSet::new()),
        }
    }
}

#[component]
fn SenderList(index: Memo<Index>, reload: Callback<()>, state: ListView) -> impl IntoView {
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    let changed = expect_context::<ListChanged>();
    let ListView { search, sort, shown, selected } = state;
    let found = Memo::new(move |_| index.with(|ix| ix.matching(&search.get(), sort.get())));
    // How many rows are drawn is for one search and sort: a new search
    // starts at one page again (derived, not reset by an effect).
    let limit =
        move || shown.with(|(s, o, n)| if search.with(|q| q == s) && sort.get() == *o { *n } else { PAGE });
    // Ids gone from the list (removed here or elsewhere) are not selected.
    let chosen = Memo::new(move |_| {
        selected.with(|sel| index.with(|ix| ix.entries.iter().filter(|b| sel.contains(&b.id)).count()))
    });
    let rows = move || {
        let n = limit();
        found.with(|f| index.with(|ix| f.iter().take(n).map(|&i| ix.entries[i].clone()).collect::<Vec<_>>()))
    };
    let all_found = move || {
        found.with(|f| {
            !f.is_empty()
                && selected.with(|s| index.with(|ix| f.iter().all(|&i| s.contains(&ix.entries[i].id))))
        })
    };
    let toggle_all = move |on: bool| {
        let ids: Vec<String> =
            found.with(|f| index.with(|ix| f.iter().map(|&i| ix.entries[i].id.clone()).collect()));
        selected.update(|s| {
            for id in ids {
                if on {
                    s.insert(id);
                } else {
                    s.remove(&id);
                }
            }
        });
    };
    let counts = move || {
        let (total, whole) = index.with(|ix| (ix.total as u64, ix.is_whole()));
        let matching = found.with(Vec::len) as u64;
        let mut text = format!("{} blocked", format::count(total));
        if !whole {
            text.push_str(" · loading the rest…");
        } else if !search.with(|s| s.trim().is_empty()) {
            text.push_str(&match matching {
                0 => " · none match".to_owned(),
                1 => " · 1 matches".to_owned(),
                n => format!(" · {} match", format::count(n)),
            });
        }
        text
    };
    let any_chosen = move || chosen.get() > 0;
    let more_to_show = move || found.with(Vec::len) > limit();
    let deletion = Deletion::<BlockedSender>::new(Verb::Remove, reload);
    let removing_many = RwSignal::new(false);
    let remove_selected = move || {
        removing_many.set(false);
        let ids: Vec<String> = selected.with_untracked(|s| {
            index.with_untracked(|ix| {
                ix.entries.iter().filter(|b| s.contains(&b.id)).map(|b| b.id.clone()).collect()
            })
        });
        leptos::task::spawn_local(async move {
            // In parts (the server takes at most 10,000 at once), each one transaction.
            let mut removed = 0;
            let mut failure = None;
            for part in ids.chunks(CHUNK) {
                match endpoints::unblock_many(api, part.to_vec()).await {
                    Ok(r) => removed += r.removed,
                    Err(e) => {
                        failure = Some(e);
                        break;
                    }
                }
            }
            let done = match removed {
                0 => "Nothing was removed".to_owned(),
                1 => "Removed 1 blocked sender".to_owned(),
                n => format!("Removed {} blocked senders", format::count(n as u64)),
            };
            match failure {
                None => {
                    toasts.show(format!("{done}."));
                    let _ = selected.try_set(HashSet::new());
                    crate::components::shell::focus_heading();
                }
                Some(ApiError::Changed) if removed == 0 => {
                    changed.show("blocked senders", reload);
                    return;
                }
                Some(e) => toasts.show(format!("{done}; the rest were not: {}", e.message())),
            }
            let _ = reload.try_run(());
        });
    };
    view! {
        <Show when=move || !index.with(Index::is_empty) fallback=|| view! {
            <EmptyState message="Nobody is blocked. Add an address or a domain whose mail you do not want."/>
        }>
            <div class="at-list-tools">
                <SearchInput placeholder="Part of an address or domain" value=search/>
                <div class="at-field">
                    <label class="at-field__label" for="at-blocked-sort">"Sort by"</label>
                    <select id="at-blocked-sort" class="at-select" on:change=move |ev| sort.set(SortBy::parse(&event_target_value(&ev)))>
                        {SortBy::ALL.map(|s| view! { <option value=s.key() selected=move || sort.get() == s>{s.label()}</option> }).into_iter().collect_view()}
                    </select>
                </div>
            </div>
            <div class="at-list-bar">
                <label class="at-check">
                    <input type="checkbox" prop:checked=all_found disabled=move || found.with(Vec::is_empty) || !index.with(Index::is_whole)
                        on:change=move |ev| toggle_all(event_target_checked(&ev))/>
                    {move || {
                        let n = format::count(found.with(Vec::len) as u64);
                        if search.with(|s| s.trim().is_empty()) { format!("Select all {n}") } else { format!("Select all {n} matching") }
                    }}
                </label>
                <p class="at-list-bar__count" role="status">{counts}</p>
                <Show when=any_chosen>
                    <button type="button" class="at-button at-button--danger" disabled=crate::components::shell::SignedIn::viewer
                        on:click=move |_| removing_many.set(true)>
                        {move || format!("Remove selected ({})", format::count(chosen.get() as u64))}
                    </button>
                    <button type="button" class="at-button at-button--quiet" on:click=move |_| selected.set(HashSet::new())>"Clear selection"</button>
                </Show>
            </div>
            <ul class="at-list" aria-label="Blocked senders">
                <Show when=move || !found.with(Vec::is_empty) fallback=|| view! {
                    <li class="at-row"><span class="at-row__facts">"No blocked sender matches this search."</span></li>
                }>
                    <For each=rows key=|b: &BlockedSender| b.id.clone() let:b>
                        <SenderRow entry=b selected deletion/>
                    </For>
                </Show>
            </ul>
            <Show when=more_to_show>
                <button type="button" class="at-button at-list-more" on:click=move |_| {
                    let n = limit() + PAGE;
                    shown.set((search.get_untracked(), sort.get_untracked(), n));
                }>
                    {move || {
                        let rest = found.with(Vec::len).saturating_sub(limit());
                        format!("Show {} more (of {} not shown)", format::count(rest.min(PAGE) as u64), format::count(rest as u64))
                    }}
                </button>
            </Show>
        </Show>
        <ConfirmDeletion deletion/>
        <ConfirmDialog
            question=Signal::derive(move || removing_many.get().then(|| match chosen.get() {
                1 => "Remove 1 blocked sender?".to_owned(),
                n => format!("Remove {} blocked senders?", format::count(n as u64)),
            }))
            detail=Signal::derive(|| "Mail from them will arrive again.".to_owned())
            confirm_label="Remove"
            on_confirm=Callback::new(move |()| remove_selected())
            on_cancel=Callback::new(move |()| removing_many.set(false))
        />
    }
}

#[component]
fn SenderRow(
    entry: BlockedSender,
    selected: RwSignal<HashSet<String>>,
    deletion: Deletion<BlockedSender>,
) -> impl IntoView {
    let id = StoredValue::new(entry.id.clone());
    let added = format::added(&entry.added_time);
    let facts = match added {
        Some(day) => format!("{} · added {day}", format::block_type(entry.block_type.as_ref())),
        None => format::block_type(entry.block_type.as_ref()).to_owned(),
    };
    let email = entry.email.clone();
    view! {
        <li class="at-row">
            <input type="checkbox" class="at-row__check" aria-label=format!("Select {email}")
                prop:checked=move || selected.with(|s| id.with_value(|id| s.contains(id)))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    selected.update(|s| id.with_value(|id| if on { s.insert(id.clone()); } else { s.remove(id); }));
                }/>
            <div class="at-row__main">
                <span class="at-row__name">{email.clone()}</span>
                <span class="at-row__facts">{facts}</span>
            </div>
            <button type="button" class="at-button at-button--quiet" aria-label=format!("Remove {email}")
                disabled=crate::components::shell::SignedIn::viewer
                on:click=move |_| deletion.ask_about(&entry, "Mail from it will arrive again.")>"Remove"</button>
        </li>
    }
}

use leptos::prelude::*;

use anytime_core::{normalize_sender, BlockType, BlockedSender, Directory};

use super::page::PageHeader;
use crate::api::{self, endpoints, Api};
use crate::components::editor::{Editor, Target};
use crate::components::feedback::{ConfirmDeletion, Deletion, Toasts, Verb};
use crate::components::inputs::SearchInput;
use crate::components::states::{loaded, EmptyState};
use crate::{areas, format};

/// The block type for what was typed: an address or a domain, junk or reject.
fn block_type(email: &str, reject: bool) -> BlockType {
    match (email.contains('@') && !email.starts_with('@'), reject) {
        (true, true) => BlockType::RejectEmail,
        (true, false) => BlockType::BlockEmailAsJunk,
        (false, true) => BlockType::RejectDomain,
        (false, false) => BlockType::BlockDomainAsJunk,
    }
}

#[component]
pub fn BlockedSendersPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    let senders = api::resource(api, endpoints::blocked_senders);
    // What was typed, as typed; the draft holds it as the server stores it.
    let (typed, set_typed) = signal(String::new());
    let (reject, set_reject) = signal(true);
    let search = RwSignal::new(String::new());
    let editor = Editor::validated(
        BlockedSender::default(),
        Signal::stored(Vec::new()),
        Signal::stored(Directory::default()),
    );
    let redraft = move |text: &str, reject: bool| {
        editor.edit(|b| {
            b.email = normalize_sender(text);
            b.block_type = Some(block_type(text, reject));
        })
    };
    // The core's message as the admin types; the server's on the same field.
    let email_error = {
        let (email, kind) = (editor.error("email"), editor.error("blockType"));
        move || email.get().or_else(|| kind.get())
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !editor.check() {
            return;
        }
        editor.save(api, Target::upsert::<BlockedSender>(), false, move |saved: BlockedSender| {
            toasts.show(format!(
                "{}: {}.",
                saved.email,
                format::block_type(saved.block_type.as_ref()).to_lowercase()
            ));
            set_typed.set(String::new());
            editor.start_over(BlockedSender::default());
            senders.refetch();
        });
    };
    // Made while rendering, so it lives as long as the page (one made in an
    // event handler has no owner to keep it).
    let deletion = Deletion::<BlockedSender>::new(Verb::Remove, Callback::new(move |()| senders.refetch()));
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            <PageHeader area=areas::get("blocked-senders")/>
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
                    <select
                        id="at-blocked-action"
                        class="at-select"
                        on:change=move |ev| {
                            let reject = event_target_value(&ev) == "reject";
                            set_reject.set(reject);
                            redraft(&typed.get_untracked(), reject);
                        }
                    >
                        <option value="reject" selected=move || reject.get()>"Reject it"</option>
                        <option value="junk" selected=move || !reject.get()>"Mark it as junk"</option>
                    </select>
                </div>
                <button type="submit" class="at-button at-button--primary" disabled=editor.saving aria-busy=move || editor.saving.get().to_string()>
                    {move || if editor.saving.get() { "Blocking…" } else { "Block" }}
                </button>
            </form>
            <p class="at-field__error" role="alert">{move || editor.failure.get().filter(|_| editor.saving.with(|s| !s))}</p>
            <SearchInput placeholder="Part of an address or domain" value=search/>
            {loaded(senders, move |senders| {
                if senders.is_empty() {
                    return view! { <EmptyState message="Nobody is blocked. Add an address or a domain whose mail you do not want."/> }.into_any();
                }
                let senders = StoredValue::new(senders);
                view! {
                    <ul class="at-list">
                        {move || {
                            let needle = search.get().trim().to_lowercase();
                            let shown: Vec<BlockedSender> = senders.with_value(|s| s.iter().filter(|b| b.email.contains(&needle)).cloned().collect());
                            if shown.is_empty() {
                                return view! { <li class="at-row"><span class="at-row__facts">"No blocked sender matches this search."</span></li> }.into_any();
                            }
                            shown.into_iter().map(|b| {
                                let entry = b.clone();
                                view! {
                                    <li class="at-row">
                                        <div class="at-row__main">
                                            <span class="at-row__name">{b.email.clone()}</span>
                                            <span class="at-row__facts">{format::block_type(b.block_type.as_ref())}</span>
                                        </div>
                                        <button type="button" class="at-button at-button--quiet" aria-label=format!("Remove {}", b.email)
                                            on:click=move |_| deletion.ask_about(&entry, "Mail from it will arrive again.")>"Remove"</button>
                                    </li>
                                }
                            }).collect_view().into_any()
                        }}
                    </ul>
                }.into_any()
            })}
            <ConfirmDeletion deletion/>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::block_type;
    use anytime_core::BlockType;

    #[test]
    fn block_type_follows_what_was_typed() {
        assert_eq!(block_type("bob@example.com", true), BlockType::RejectEmail);
        assert_eq!(block_type("bob@example.com", false), BlockType::BlockEmailAsJunk);
        assert_eq!(block_type("example.com", true), BlockType::RejectDomain);
        assert_eq!(block_type("@example.com", false), BlockType::BlockDomainAsJunk);
    }
}

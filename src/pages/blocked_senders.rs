use leptos::prelude::*;
use leptos::task::spawn_local;

use anytime_core::{
    normalize_sender, BlockType, BlockedSender, Context, Directory, Validate, ValidationErrors,
};

use super::page::PageHeader;
use crate::api::{self, endpoints, Api, ApiError, Method};
use crate::components::feedback::{ConfirmDialog, ListRemoval, Toasts};
use crate::components::inputs::SearchInput;
use crate::components::states::{loaded, EmptyState};
use crate::{areas, format};

const PATH: &str = "/api/v3/anytime/blockedSenders";

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
    let (typed, set_typed) = signal(String::new());
    let (reject, set_reject) = signal(true);
    let (touched, set_touched) = signal(false);
    let server_errors = RwSignal::new(ValidationErrors::default());
    let (busy, set_busy) = signal(false);
    let search = RwSignal::new(String::new());
    let removing = RwSignal::new(None::<BlockedSender>);

    let draft = Memo::new(move |_| BlockedSender {
        id: String::new(),
        email: normalize_sender(&typed.get()),
        block_type: Some(block_type(&typed.get(), reject.get())),
    });
    // The core's rules as the admin types; the server's answer on the same field.
    let email_error = move || {
        server_errors.with(|e| e.get("email").or_else(|| e.get("blockType")).map(str::to_owned)).or_else(
            || {
                let directory = Directory::default();
                let errors =
                    draft.with(|d| d.validate(&Context::new(&[], &directory)).err().unwrap_or_default());
                errors
                    .get("email")
                    .or_else(|| errors.get("blockType"))
                    .map(str::to_owned)
                    .filter(|_| touched.get())
            },
        )
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        set_touched.set(true);
        let entry = draft.get_untracked();
        let directory = Directory::default();
        if entry.validate(&Context::new(&[], &directory)).is_err() {
            return;
        }
        set_busy.set(true);
        spawn_local(async move {
            let result: Result<BlockedSender, ApiError> =
                api.send(Method::Put, PATH, Some(&entry), None).await;
            set_busy.set(false);
            match result {
                Ok(saved) => {
                    toasts.show(format!(
                        "{}: {}.",
                        saved.email,
                        format::block_type(saved.block_type.as_ref()).to_lowercase()
                    ));
                    set_typed.set(String::new());
                    set_touched.set(false);
                    senders.refetch();
                }
                Err(ApiError::Invalid(e)) => server_errors.set(e),
                Err(e) => server_errors.set({
                    let mut v = ValidationErrors::default();
                    v.add("email", e.message());
                    v
                }),
            }
        });
    };
    let removal = ListRemoval::get();
    // Made while rendering, so it lives as long as the page (one made in an
    // event handler has no owner to keep it).
    let reload = Callback::new(move |()| senders.refetch());
    let confirm_remove = Callback::new(move |()| {
        let Some(entry) = removing.get_untracked() else { return };
        removing.set(None);
        removal.remove(
            PATH,
            format!("{PATH}/{}", entry.id),
            "blocked senders",
            format!("{} is no longer blocked.", entry.email),
            format!("{} could not be removed.", entry.email),
            reload,
        );
    });
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
                            set_typed.set(event_target_value(&ev));
                            server_errors.set(ValidationErrors::default());
                        }
                        on:blur=move |_| set_touched.set(!typed.get_untracked().is_empty())
                    />
                    <p id="at-blocked-email-error" class="at-field__error">{email_error}</p>
                </div>
                <div class="at-field">
                    <label class="at-field__label" for="at-blocked-action">"What happens to their mail"</label>
                    <select
                        id="at-blocked-action"
                        class="at-select"
                        on:change=move |ev| set_reject.set(event_target_value(&ev) == "reject")
                    >
                        <option value="reject" selected=move || reject.get()>"Reject it"</option>
                        <option value="junk" selected=move || !reject.get()>"Mark it as junk"</option>
                    </select>
                </div>
                <button type="submit" class="at-button at-button--primary" disabled=busy aria-busy=move || busy.get().to_string()>
                    {move || if busy.get() { "Blocking…" } else { "Block" }}
                </button>
            </form>
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
                                            on:click=move |_| removing.set(Some(entry.clone()))>"Remove"</button>
                                    </li>
                                }
                            }).collect_view().into_any()
                        }}
                    </ul>
                }.into_any()
            })}
            <ConfirmDialog
                question=Signal::derive(move || removing.get().map(|b| format!("Remove '{}' from blocked senders?", b.email)))
                detail=Signal::derive(move || "Mail from it will arrive again.".to_owned())
                confirm_label="Remove"
                on_confirm=confirm_remove
                on_cancel=Callback::new(move |()| removing.set(None))
            />
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

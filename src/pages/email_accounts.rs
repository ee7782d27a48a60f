use leptos::prelude::*;
use leptos::task::spawn_local;

use anytime_core::EmailAccount;

use super::page::PageHeader;
use crate::api::{self, endpoints, Api, ApiError};
use crate::components::feedback::{ConfirmDeletion, Deletion, ListChanged, Toasts, Verb};
use crate::components::states::{loaded, EmptyState};
use crate::{areas, format};

/// What else changes when an account goes: the core says which account
/// becomes the default (the server applies the same rule).
fn deletion_detail(doomed: &EmailAccount, all: &[EmailAccount]) -> String {
    match (doomed.is_default, anytime_core::default_after_delete(all, doomed)) {
        (true, Some(n)) => {
            format!("Mail stops arriving from it. '{}' becomes the default account.", n.display_name)
        }
        (true, None) => "Mail stops arriving from it. No account is left to be the default.".to_owned(),
        (false, _) => "Mail stops arriving from it.".to_owned(),
    }
}

#[component]
pub fn EmailAccountsPage() -> impl IntoView {
    // Only admins change email accounts (contract §12): the buttons say so.
    let refused = crate::components::shell::SignedIn::refusal(true);
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    let base = use_context::<crate::Base>().unwrap_or_default();
    let accounts = api::resource(api, endpoints::email_accounts);
    let changed = expect_context::<ListChanged>();
    // Made while rendering, so it lives as long as the page.
    let reload = Callback::new(move |()| accounts.refetch());
    let deletion = Deletion::<EmailAccount>::new(Verb::Delete, reload);
    // With the list's ETag: a list changed elsewhere refuses, and says so.
    let make_default = move |id: String, name: String| {
        spawn_local(async move {
            match endpoints::make_default(api, &id).await {
                Ok(()) => toasts.show(format!("'{name}' is now the default account.")),
                Err(ApiError::Changed) => {
                    changed.show("email accounts", reload);
                    return;
                }
                Err(e) => toasts.show(e.message()),
            }
            accounts.refetch();
        });
    };
    let new_href = base.href("/email-accounts/new");
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            <div class="at-section__header">
                <PageHeader area=areas::get("email-accounts")/>
                <a href=new_href class="at-button at-button--primary">"+ New account"</a>
            </div>
            {loaded(accounts, move |list: Vec<EmailAccount>| {
                if list.is_empty() {
                    return view! { <EmptyState message="No email accounts yet. Add the mailbox your customers write to."/> }.into_any();
                }
                let all = StoredValue::new(list.clone());
                view! {
                    <ul class="at-list">
                        {list.into_iter().map(|a| {
                            let facts = format!("{} · {} · {}", a.business_email, format::account_type(a.kind.as_ref()), format::account_status(a.status.as_ref()));
                            let href = base.href(&format!("/email-accounts/{}", a.id));
                            let (id, name) = (a.id.clone(), a.display_name.clone());
                            let doomed = a.clone();
                            view! {
                                <li class="at-row">
                                    <div class="at-row__main">
                                        <a href=href class="at-row__name">{a.display_name.clone()}</a>
                                        {a.is_default.then(|| view! { <span class="at-badge">"Default"</span> })}
                                        <span class="at-row__facts">{facts}</span>
                                    </div>
                                    <span class=if a.enable { "at-state at-state--on" } else { "at-state at-state--off" }>{if a.enable { "On" } else { "Off" }}</span>
                                    {(!a.is_default).then(|| {
                                        let (id, name) = (id.clone(), name.clone());
                                        view! {
                                            <button type="button" class="at-button at-button--quiet" aria-label=format!("Make default: {name}")
                                                disabled=move || refused.with(Option::is_some) title=move || refused.get().unwrap_or_default()
                                                on:click=move |_| make_default(id.clone(), name.clone())>
                                                "Make default"
                                            </button>
                                        }
                                    })}
                                    <button type="button" class="at-button at-button--quiet" aria-label=format!("Delete {name}")
                                        disabled=move || refused.with(Option::is_some) title=move || refused.get().unwrap_or_default()
                                        on:click=move |_| deletion.ask_about(&doomed, all.with_value(|l| deletion_detail(&doomed, l)))>
                                        "Delete"
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
            <ConfirmDeletion deletion/>
        </section>
    }
}

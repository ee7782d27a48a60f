use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use anytime_core::EmailAccount;

use super::page::PageHeader;
use crate::api::{self, endpoints, Api, ApiError, Method};
use crate::components::feedback::{ConfirmDialog, ListChanged, Toasts};
use crate::components::states::{loaded, EmptyState};
use crate::{areas, format};

const ACCOUNTS: &str = "/api/v3/anytime/emailAccounts";

/// What else changes when an account goes: the default moves to the oldest
/// remaining account (as the server does).
fn deletion_detail(doomed: &EmailAccount, all: &[EmailAccount]) -> String {
    let next = all.iter().find(|a| a.id != doomed.id);
    match (doomed.is_default, next) {
        (true, Some(n)) => {
            format!("Mail stops arriving from it. '{}' becomes the default account.", n.display_name)
        }
        (true, None) => "Mail stops arriving from it. No account is left to be the default.".to_owned(),
        (false, _) => "Mail stops arriving from it.".to_owned(),
    }
}

#[component]
pub fn EmailAccountsPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    let base = use_context::<crate::Base>().unwrap_or_default();
    let accounts = api::resource(api, endpoints::email_accounts);
    let removing = RwSignal::new(None::<(EmailAccount, String)>);
    let changed = expect_context::<ListChanged>();
    // Made while rendering, so it lives as long as the page.
    let reload = Callback::new(move |()| accounts.refetch());
    // With the list's ETag: a list changed elsewhere refuses, and says so.
    let call = move |method: Method, path: String, done: String| {
        spawn_local(async move {
            let result: Result<(), ApiError> = api.member::<(), ()>(method, ACCOUNTS, &path, None).await;
            match result {
                Ok(()) => toasts.show(done),
                Err(ApiError::Changed) => {
                    changed.show("email accounts", reload);
                    return;
                }
                Err(e) => toasts.show(e.message()),
            }
            accounts.refetch();
        });
    };
    let confirm_remove = Callback::new(move |()| {
        let Some((a, _)) = removing.get_untracked() else { return };
        removing.set(None);
        call(
            Method::Delete,
            format!("{ACCOUNTS}/{}", a.id),
            format!("Account '{}' deleted.", a.display_name),
        );
    });
    let new_href = base.href("/email-accounts/new");
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            <div class="at-section__header">
                <PageHeader area=areas::get("email-accounts")/>
                <A href=new_href attr:class="at-button at-button--primary">"+ New account"</A>
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
                                        <A href=href attr:class="at-row__name">{a.display_name.clone()}</A>
                                        {a.is_default.then(|| view! { <span class="at-badge">"Default"</span> })}
                                        <span class="at-row__facts">{facts}</span>
                                    </div>
                                    <span class=if a.enable { "at-state at-state--on" } else { "at-state at-state--off" }>{if a.enable { "On" } else { "Off" }}</span>
                                    {(!a.is_default).then(|| {
                                        let (id, name) = (id.clone(), name.clone());
                                        view! {
                                            <button type="button" class="at-button at-button--quiet" aria-label=format!("Make {name} the default")
                                                on:click=move |_| call(Method::Put, format!("{ACCOUNTS}/{id}/default"), format!("'{name}' is now the default account."))>
                                                "Make default"
                                            </button>
                                        }
                                    })}
                                    <button type="button" class="at-button at-button--quiet" aria-label=format!("Delete {name}")
                                        on:click=move |_| removing.set(Some((doomed.clone(), all.with_value(|l| deletion_detail(&doomed, l)))))>
                                        "Delete"
                                    </button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
            <ConfirmDialog
                question=Signal::derive(move || removing.get().map(|(a, _)| format!("Delete the account '{}'?", a.display_name)))
                detail=Signal::derive(move || removing.get().map(|(_, d)| d).unwrap_or_default())
                confirm_label="Delete"
                on_confirm=confirm_remove
                on_cancel=Callback::new(move |()| removing.set(None))
            />
        </section>
    }
}

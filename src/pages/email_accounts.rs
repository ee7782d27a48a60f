use leptos::prelude::*;
use leptos_router::components::A;

use super::page::{PageHeader, Row};
use crate::api::{self, endpoints, Api};
use crate::components::states::{loaded, EmptyState};
use crate::{areas, format};

#[component]
pub fn EmailAccountsPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let base = use_context::<crate::Base>().unwrap_or_default();
    let accounts = api::resource(api, endpoints::email_accounts);
    let new_href = base.href("/email-accounts/new");
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            <div class="at-section__header">
                <PageHeader area=areas::get("email-accounts")/>
                <A href=new_href attr:class="at-button at-button--primary">"+ New account"</A>
            </div>
            {loaded(accounts, move |accounts| {
                if accounts.is_empty() {
                    return view! { <EmptyState message="No email accounts yet. Add the mailbox your customers write to."/> }.into_any();
                }
                view! {
                    <ul class="at-list">
                        {accounts.into_iter().map(|a| {
                            let facts = format!("{} · {} · {}", a.business_email, format::account_type(a.kind.as_ref()), format::account_status(a.status.as_ref()));
                            let href = Some(base.href(&format!("/email-accounts/{}", a.id)));
                            view! { <Row name=a.display_name facts enabled=a.enable badge=a.is_default.then_some("Default") href/> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </section>
    }
}

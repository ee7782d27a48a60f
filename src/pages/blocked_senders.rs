use leptos::prelude::*;

use super::page::{PageHeader, Row};
use crate::api::{self, endpoints, Api};
use crate::components::states::{loaded, EmptyState};
use crate::{areas, format};

#[component]
pub fn BlockedSendersPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let senders = api::resource(api, endpoints::blocked_senders);
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            <PageHeader area=areas::get("blocked-senders")/>
            {loaded(senders, |senders| {
                if senders.is_empty() {
                    return view! { <EmptyState message="Nobody is blocked. Add an address or a domain whose mail you do not want."/> }.into_any();
                }
                view! {
                    <ul class="at-list">
                        {senders.into_iter().map(|b| view! {
                            <Row name=b.email facts=format::block_type(b.block_type.as_ref()).to_owned()/>
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </section>
    }
}

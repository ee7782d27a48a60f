use leptos::prelude::*;

use super::page::{PageHeader, Row};
use crate::api::{self, endpoints, Api};
use crate::components::states::{loaded, EmptyState};
use crate::{areas, format};

#[component]
pub fn SlaPoliciesPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let policies = api::resource(api, endpoints::sla_policies);
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            <PageHeader area=areas::get("sla-policies")/>
            <p class="at-hint">"The first enabled policy that matches a conversation applies."</p>
            {loaded(policies, |policies| {
                if policies.is_empty() {
                    return view! { <EmptyState message="No SLA policies yet. Add one to set response and resolution targets."/> }.into_any();
                }
                view! {
                    <ol class="at-list">
                        {policies.into_iter().enumerate().map(|(i, p)| {
                            let name = if p.name.is_empty() { format!("Policy {}", i + 1) } else { p.name.clone() };
                            let facts = format!("First response {} · next response {} · resolution {}, {} · {}",
                                format::hours(p.first_respond_within), format::hours(p.next_respond_within),
                                format::hours(p.resolve_respond_within), format::operational_hour(p.operational_hour.as_ref()),
                                format::conditions(&p.when, p.conditions.len(), &p.logic_expression));
                            view! { <Row position=i name facts enabled=p.enable/> }
                        }).collect_view()}
                    </ol>
                }.into_any()
            })}
        </section>
    }
}

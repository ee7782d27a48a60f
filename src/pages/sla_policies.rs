use leptos::prelude::*;

use super::page::PageHeader;
use crate::api::{self, endpoints, Api};
use crate::components::ordered_list::{Item, ServerOrderedList};
use crate::components::states::{loaded, EmptyState};
use crate::{areas, format};
use anytime_core::Measure;

#[component]
pub fn SlaPoliciesPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let base = use_context::<crate::Base>().unwrap_or_default();
    let policies = api::resource(api, endpoints::sla_policies);
    let new_href = base.href("/sla-policies/new");
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            <div class="at-section__header">
                <PageHeader area=areas::get("sla-policies")/>
                <a href=new_href class="at-button at-button--primary">"+ New SLA policy"</a>
            </div>
            <p class="at-hint">"The first enabled policy that matches a conversation applies. Drag to reorder, or Alt+↑/↓ on a handle."</p>
            {loaded(policies, move |list| {
                if list.is_empty() {
                    return view! { <EmptyState message="No SLA policies yet. Add one to set response and resolution targets."/> }.into_any();
                }
                let items = RwSignal::new(
                    list
                        .into_iter()
                        .enumerate()
                        .map(|(i, p)| {
                            let target = |m| {
                                let (h, min) = p.target(m);
                                format::sla_target(h, min)
                            };
                            Item {
                            name: p.display_name(i),
                            facts: format!(
                                "First response {} · next response {} · resolution {}, {} · {}",
                                target(Measure::FirstResponse),
                                target(Measure::NextResponse),
                                target(Measure::Resolution),
                                format::operational_hour(p.operational_hour.as_ref()),
                                format::conditions(&p.when, p.conditions.len(), &p.logic_expression)
                            ),
                            href: Some(base.href(&format!("/sla-policies/{}", p.id))),
                            id: p.id,
                            enabled: Some(p.enable),
                        }})
                        .collect::<Vec<_>>(),
                );
                view! {
                    <ServerOrderedList kind={std::marker::PhantomData::<anytime_core::SlaPolicy>} items reload=Callback::new(move |()| policies.refetch())/>
                }.into_any()
            })}
        </section>
    }
}

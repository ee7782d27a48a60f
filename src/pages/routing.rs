use leptos::prelude::*;
use leptos_router::components::A;

use anytime_core::{Directory, RoutingType};

use super::page::{Fact, PageHeader};
use crate::api::{self, endpoints, Api, ApiError};
use crate::components::ordered_list::{Item, ServerOrderedList};
use crate::components::states::{loaded, EmptyState};
use crate::{areas, format};

#[component]
pub fn RoutingPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let base = use_context::<crate::Base>().unwrap_or_default();
    let data = api::resource(api, |api| async move {
        Ok::<_, ApiError>((endpoints::routing(api).await?, endpoints::directory(api).await?))
    });
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            <PageHeader area=areas::get("routing")/>
            {loaded(data, move |(config, directory): (anytime_core::RoutingConfig, Directory)| {
                let simple = config.kind == Some(RoutingType::Simple);
                let how = if simple {
                    format!("Every new conversation goes to {}, {} priority.",
                        format::target(config.simple_route_to_object.as_ref(), config.simple_route_to_id.as_ref(), &directory),
                        config.simple_route_to_priority.label().to_lowercase())
                } else {
                    format!("The first matching rule below decides; otherwise {} gets it, {} priority.",
                        format::target(config.match_failed_to_object.as_ref(), config.match_failed_route_to_id.as_ref(), &directory),
                        config.match_failed_to_priority.label().to_lowercase())
                };
                let rules = config.rules.clone();
                view! {
                    <dl class="at-facts">
                        <Fact label="Routing" value=(if config.is_enable { "On" } else { "Off: new conversations are not routed" }).to_owned()/>
                        <Fact label="How" value=how/>
                    </dl>
                    <div class="at-section__header">
                        <h2 class="at-section__title">"Custom rules, in order"</h2>
                        <A href=base.href("/routing/rules/new") attr:class="at-button at-button--primary">"+ New rule"</A>
                    </div>
                    {if rules.is_empty() {
                        view! { <EmptyState message="No custom rules yet. Add one to send some conversations elsewhere."/> }.into_any()
                    } else {
                        let items = RwSignal::new(rules.into_iter().map(|r| Item {
                            facts: format!("{} → {}, {} priority",
                                format::conditions(&r.conditions.when, r.conditions.list.len(), &r.conditions.logic_expression),
                                format::target(r.route_to_object.as_ref(), r.route_to_id.as_ref(), &directory),
                                r.route_to_priority.label().to_lowercase()),
                            href: Some(base.href(&format!("/routing/rules/{}", r.id))),
                            id: r.id,
                            name: r.name,
                            enabled: Some(r.is_enable),
                        }).collect::<Vec<_>>());
                        view! {
                            <ServerOrderedList items list="routingRules/customRules" noun="rule" reload=Callback::new(move |()| data.refetch())/>
                        }.into_any()
                    }}
                }.into_any()
            })}
        </section>
    }
}

use leptos::prelude::*;

use super::page::{PageHeader, Row};
use crate::api::{self, endpoints, Api};
use crate::components::states::{loaded, EmptyState};
use crate::{areas, format};

#[component]
pub fn TriggersPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let triggers = api::resource(api, endpoints::triggers);
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            <PageHeader area=areas::get("triggers")/>
            <p class="at-hint">"They run in this order when their event happens."</p>
            {loaded(triggers, |triggers| {
                if triggers.is_empty() {
                    return view! { <EmptyState message="No triggers yet. Add one to set fields or send emails when something happens."/> }.into_any();
                }
                view! {
                    <ol class="at-list">
                        {triggers.into_iter().enumerate().map(|(i, t)| {
                            let event = t.event.as_ref().map_or("No event", |e| e.label());
                            let facts = format!("{event} · {} · {}", format::conditions(&t.when, t.conditions.len(), &t.logic_expression), format::trigger_actions(&t));
                            view! { <Row position=i name=t.description facts enabled=t.enable/> }
                        }).collect_view()}
                    </ol>
                }.into_any()
            })}
        </section>
    }
}

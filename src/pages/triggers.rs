use leptos::prelude::*;

use anytime_core::Trigger;

use super::page::PageHeader;
use crate::api::{self, endpoints, Api};
use crate::components::ordered_list::{Item, ServerOrderedList};
use crate::components::states::{loaded, EmptyState};
use crate::{areas, format};

fn item(t: Trigger, base: &crate::Base) -> Item {
    let event = t.event.as_ref().map_or("No event", |e| e.label());
    Item {
        facts: format!(
            "{event} · {} · {}",
            format::conditions(&t.when, t.conditions.len(), &t.logic_expression),
            format::trigger_actions(&t)
        ),
        href: Some(base.href(&format!("/triggers/{}", t.id))),
        id: t.id,
        name: t.description,
        enabled: Some(t.enable),
    }
}

#[component]
pub fn TriggersPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let base = use_context::<crate::Base>().unwrap_or_default();
    let triggers = api::resource(api, endpoints::triggers);
    let new_href = base.href("/triggers/new");
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            <div class="at-section__header">
                <PageHeader area=areas::get("triggers")/>
                <a href=new_href class="at-button at-button--primary">"+ New trigger"</a>
            </div>
            <p class="at-hint">"They run in this order when their event happens. Drag to reorder, or Alt+↑/↓ on a handle."</p>
            {loaded(triggers, move |list| {
                if list.is_empty() {
                    return view! { <EmptyState message="No triggers yet. Add one to set fields or send emails when something happens."/> }.into_any();
                }
                let items = RwSignal::new(list.into_iter().map(|t| item(t, &base)).collect::<Vec<_>>());
                view! {
                    <ServerOrderedList kind={std::marker::PhantomData::<Trigger>} items reload=Callback::new(move |()| triggers.refetch())/>
                }.into_any()
            })}
        </section>
    }
}

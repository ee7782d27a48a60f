use leptos::prelude::*;
use leptos::task::spawn_local;

use anytime_core::{EnableRequest, Trigger};

use super::page::PageHeader;
use crate::api::{self, endpoints, Api, ApiError, Method};
use crate::components::feedback::Toasts;
use crate::components::ordered_list::{Item, OrderedList};
use crate::components::states::{loaded, EmptyState};
use crate::{areas, format};

fn item(t: Trigger) -> Item {
    let event = t.event.as_ref().map_or("No event", |e| e.label());
    Item {
        facts: format!(
            "{event} · {} · {}",
            format::conditions(&t.when, t.conditions.len(), &t.logic_expression),
            format::trigger_actions(&t)
        ),
        id: t.id,
        name: t.description,
        enabled: Some(t.enable),
    }
}

#[component]
pub fn TriggersPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let triggers = api::resource(api, endpoints::triggers);
    let (error, set_error) = signal(None::<String>);
    // Each move is sent at once; if the server refuses it, say so and show
    // the order it has.
    let on_reorder = Callback::new(move |ids: Vec<String>| {
        spawn_local(async move {
            match endpoints::set_order::<Trigger>(api, "triggers", ids).await {
                Ok(_) => set_error.set(None),
                Err(e) => {
                    set_error.set(Some(format!("The new order was not saved. {}", e.message())));
                    triggers.refetch();
                }
            }
        });
    });
    let toasts = expect_context::<Toasts>();
    let on_toggle = Callback::new(move |(id, on, done): (String, bool, Callback<bool>)| {
        spawn_local(async move {
            let path = format!("/api/v3/anytime/triggers/{id}/enable");
            let result: Result<(), ApiError> =
                api.send(Method::Put, &path, Some(&EnableRequest { enable: Some(on) }), None).await;
            done.run(result.is_ok());
            if let Err(e) = result {
                toasts.show(format!(
                    "The trigger was not turned {}. {}",
                    if on { "on" } else { "off" },
                    e.message()
                ));
            }
        });
    });
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            <PageHeader area=areas::get("triggers")/>
            <p class="at-hint">"They run in this order when their event happens. Drag to reorder, or Alt+↑/↓ on a handle."</p>
            <p class="at-banner at-banner--error" role="alert" hidden=move || error.get().is_none()>{move || error.get()}</p>
            {loaded(triggers, move |triggers| {
                if triggers.is_empty() {
                    return view! { <EmptyState message="No triggers yet. Add one to set fields or send emails when something happens."/> }.into_any();
                }
                let items = RwSignal::new(triggers.into_iter().map(item).collect::<Vec<_>>());
                view! { <OrderedList items on_reorder on_toggle/> }.into_any()
            })}
        </section>
    }
}

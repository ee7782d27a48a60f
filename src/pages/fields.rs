use leptos::prelude::*;

use super::page::{PageHeader, Row};
use crate::api::{self, endpoints, Api};
use crate::areas;
use crate::components::states::loaded;

#[component]
pub fn FieldsPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let fields = api::resource(api, endpoints::fields);
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            <PageHeader area=areas::get("fields")/>
            {loaded(fields, |fields| view! {
                <ul class="at-list">
                    {fields.into_iter().map(|f| {
                        let mut facts = vec![f.kind.as_ref().map_or("Unknown type", |k| k.label()).to_owned()];
                        if f.is_required {
                            facts.push("required".into());
                        }
                        if !f.options.is_empty() {
                            facts.push(format!("{} options", f.options.len()));
                        }
                        if let Some(c) = &f.chat_field_mapping {
                            facts.push(format!("filled from chat field {c}"));
                        }
                        if let Some(o) = &f.offline_message_field_mapping {
                            facts.push(format!("filled from offline-message field {o}"));
                        }
                        view! { <Row name=f.name facts=facts.join(" · ") badge=f.is_system_field.then_some("System")/> }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

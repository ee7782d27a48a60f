use leptos::prelude::*;

use anytime_core::Field;

use super::page::PageHeader;
use crate::api::{self, endpoints, Api};
use crate::areas;
use crate::components::feedback::{ConfirmDeletion, Deletion, Verb};
use crate::components::inputs::SearchInput;
use crate::components::states::loaded;

/// A field's key facts in words.
fn facts(f: &Field) -> String {
    let mut facts = vec![f.kind.as_ref().map_or("Unknown type", |k| k.label()).to_owned()];
    if f.is_required {
        facts.push("required".into());
    }
    if !f.options.is_empty() {
        facts.push(match f.options.len() {
            1 => "1 option".to_owned(),
            n => format!("{n} options"),
        });
    }
    if let Some(c) = &f.chat_field_mapping {
        facts.push(format!("filled from chat field {c}"));
    }
    if let Some(o) = &f.offline_message_field_mapping {
        facts.push(format!("filled from offline-message field {o}"));
    }
    facts.join(" · ")
}

#[component]
pub fn FieldsPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let base = use_context::<crate::Base>().unwrap_or_default();
    let fields = api::resource(api, endpoints::fields);
    // A refusal (409) names what still uses the field.
    let deletion = Deletion::<Field>::new(Verb::Delete, Callback::new(move |()| fields.refetch()));
    let new_href = base.href("/fields/new");
    let search = RwSignal::new(String::new());
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            <div class="at-section__header">
                <PageHeader area=areas::get("fields")/>
                <a href=new_href class="at-button at-button--primary">"+ New field"</a>
            </div>
            <SearchInput placeholder="Part of a name or type" value=search/>
            {loaded(fields, move |fields| {
                let base = base.clone();
                view! {
                <ul class="at-list">
                    {move || {
                    let needle = search.get().trim().to_lowercase();
                    let shown: Vec<Field> = fields
                        .iter()
                        .filter(|f| needle.is_empty() || f.name.to_lowercase().contains(&needle) || facts(f).to_lowercase().contains(&needle))
                        .cloned()
                        .collect();
                    if shown.is_empty() {
                        return view! { <li class="at-row"><span class="at-row__facts">"No field matches this search."</span></li> }.into_any();
                    }
                    shown.into_iter().map(|f| {
                        let href = base.href(&format!("/fields/{}", f.id));
                        let entry = f.clone();
                        let (name, delete_label, row_facts) = (f.name.clone(), format!("Delete {}", f.name), facts(&f));
                        view! {
                            <li class="at-row">
                                <div class="at-row__main">
                                    <a href=href class="at-row__name">{name}</a>
                                    {f.is_system_field.then(|| view! { <span class="at-badge">"System"</span> })}
                                    <span class="at-row__facts">{row_facts}</span>
                                </div>
                                {(!f.is_system_field).then(|| view! {
                                    <button type="button" class="at-button at-button--quiet" aria-label=delete_label
                                        disabled=crate::components::shell::SignedIn::viewer
                                        on:click=move |_| deletion.ask_about(&entry, "Conversations lose its values. A field that conditions, triggers or mappings still use cannot be deleted.")>"Delete"</button>
                                })}
                            </li>
                        }
                    }).collect_view().into_any()
                    }}
                </ul>
                }
            })}
            <ConfirmDeletion deletion/>
        </section>
    }
}

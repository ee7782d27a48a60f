use leptos::prelude::*;

use anytime_core::engine::{Draft, DraftObject};

use crate::components::impact_panel::ImpactPanel;

use anytime_core::{CustomRule, Directory, RoutingConfig, RoutingType};

use super::page::PageHeader;
use crate::api::kinds::Kind;
use crate::api::{self, endpoints, Api, ApiError};
use crate::components::editor::{Editor, EditorForm, Target};
use crate::components::feedback::Toasts;
use crate::components::inputs::{choices, Select, Toggle};
use crate::components::ordered_list::{Item, ServerOrderedList};
use crate::components::route_target::{RouteTarget, RouteTo};
use crate::components::states::{loaded, EmptyState};
use crate::{areas, format};

#[component]
pub fn RoutingPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let base = use_context::<crate::Base>().unwrap_or_default();
    let data = api::resource(api, |api| async move {
        Ok::<_, ApiError>((endpoints::routing(api).await?, endpoints::directory(api).await?))
    });
    // The rules from their own list (its ETag guards row actions), loaded
    // apart: a row action reloads them, never the form being edited above.
    let rule_list = api::resource(api, |api| async move {
        Ok::<_, ApiError>((endpoints::custom_rules(api).await?, endpoints::directory(api).await?))
    });
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            <PageHeader area=areas::get("routing")/>
            {loaded(data, move |(config, directory): (anytime_core::RoutingConfig, Directory)| view! {
                <RoutingForm config directory reload=Callback::new(move |()| data.refetch())/>
            })}
            <div class="at-section__header">
                <h2 class="at-section__title">"Custom rules, in order"</h2>
                <a href=base.href("/routing/rules/new") class="at-button at-button--primary">"+ New rule"</a>
            </div>
            {loaded(rule_list, move |(rules, directory): (Vec<CustomRule>, Directory)| {
                view! {
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
                            <ServerOrderedList kind={std::marker::PhantomData::<CustomRule>} items reload=Callback::new(move |()| rule_list.refetch())/>
                        }.into_any()
                    }}
                }.into_any()
            })}
        </section>
    }
}

/// The routing configuration: on or off, one place for everything or the
/// custom rules, and where conversations go when no rule matches.
#[component]
fn RoutingForm(config: RoutingConfig, directory: Directory, reload: Callback<()>) -> impl IntoView {
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    let directory = Signal::stored(directory);
    let editor = Editor::validated(config, Signal::stored(Vec::new()), directory);
    let on_save = Callback::new(move |overwrite: bool| {
        editor
            .save(api, Target::single::<RoutingConfig>(), overwrite, move |_| toasts.show("Routing saved."));
    });
    let simple = editor.get(|c| c.kind == Some(RoutingType::Simple));
    view! {
        <EditorForm editor history=crate::history::api_path_of("routing", "") saved_at=Some(RoutingConfig::PATH.to_owned()) on_save on_discard=Callback::new(move |()| editor.discard()) on_reload=reload>
            <Toggle label="Route new conversations" value=editor.get(|c| c.is_enable)
                hint=Signal::derive(move || if editor.draft.with(|c| c.is_enable) {
                    "On: each new conversation goes where the settings below say.".to_owned()
                } else {
                    "Off: conversations stay where they arrive.".to_owned()
                })
                on_change=editor.set(|c: &mut RoutingConfig, on: bool| c.is_enable = on)/>
            <Select label="How" error=editor.error("type")
                options={choices::<RoutingType>()}
                value=editor.get(|c| c.kind.as_ref().map(|k| k.as_str().to_owned()).unwrap_or_default())
                on_change=editor.set(|c: &mut RoutingConfig, v: String| c.kind = Some(RoutingType::parse(&v)))/>
            {move || if simple.get() {
                view! {
                    <RouteTarget legend="Every new conversation goes to" directory error=editor.error("simpleRouteToId") object_error=editor.error("simpleRouteToObject")
                        value=editor.get(|c| RouteTo::of(&c.simple_route_to_object, &c.simple_route_to_id, &c.simple_route_to_priority))
                        on_change=editor.set(|c: &mut RoutingConfig, t: RouteTo| t.store(&mut c.simple_route_to_object, &mut c.simple_route_to_id, &mut c.simple_route_to_priority))/>
                }.into_any()
            } else {
                view! {
                    <RouteTarget legend="When no rule matches, conversations go to" directory error=editor.error("matchFailedrouteToId") object_error=editor.error("matchFailedToObject")
                        value=editor.get(|c| RouteTo::of(&c.match_failed_to_object, &c.match_failed_route_to_id, &c.match_failed_to_priority))
                        on_change=editor.set(|c: &mut RoutingConfig, t: RouteTo| t.store(&mut c.match_failed_to_object, &mut c.match_failed_route_to_id, &mut c.match_failed_to_priority))/>
                }.into_any()
            }}
        </EditorForm>
        <ImpactPanel draft=Signal::derive(move || Draft::One(Box::new(DraftObject::Routing(editor.draft.get()))))/>
    }
}

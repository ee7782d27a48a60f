use leptos::prelude::*;

use anytime_core::engine::{Draft, DraftObject};

use crate::components::impact_panel::ImpactPanel;

use anytime_core::{ConditionSet, CustomRule, Directory, Field, RouteToObject};

use crate::api::Api;
use crate::components::condition_builder::{ConditionBuilder, Conditions};
use crate::components::condition_test::ConditionTest;
use crate::components::editor::{back_to, load_for_edit, Editor, EditorForm, Target};
use crate::components::feedback::Toasts;
use crate::components::inputs::{TextInput, Toggle};
use crate::components::route_target::{RouteTarget, RouteTo};
use crate::components::states::loaded;

/// A custom routing rule: its name, conditions and where matching
/// conversations go. `/routing/rules/new` creates one.
#[component]
pub fn CustomRulePage() -> impl IntoView {
    let data = load_for_edit::<CustomRule>();
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            {loaded(data, |(rule, fields, directory): (Option<CustomRule>, Vec<Field>, Directory)| {
                view! { <RuleForm rule fields directory/> }
            })}
        </section>
    }
}

#[component]
fn RuleForm(rule: Option<CustomRule>, fields: Vec<Field>, directory: Directory) -> impl IntoView {
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    let is_new = rule.is_none();
    let saved = rule.unwrap_or_else(|| CustomRule {
        is_enable: true,
        route_to_object: Some(RouteToObject::Department),
        route_to_id: directory.departments.first().map(|d| d.id.clone()),
        ..CustomRule::default()
    });
    let fields = Signal::stored(fields);
    let directory = Signal::stored(directory);
    let editor = Editor::validated(saved, fields, directory);
    let back = back_to("/routing");
    let on_save = Callback::new(move |overwrite: bool| {
        let target = Target::of::<CustomRule>(is_new, &editor.draft.with_untracked(|x| x.id.clone()));
        editor.save(api, target, overwrite, move |stored| {
            toasts.show(format!("Rule '{}' saved.", stored.name));
            back.run(());
        });
    });
    let conditions = Conditions::new(
        editor.get(|r| r.conditions.clone()),
        editor.set(|r: &mut CustomRule, c: ConditionSet| r.conditions = c),
    );
    view! {
        <h1 id="at-page-title" class="at-page__title">{if is_new { "New routing rule" } else { "Edit routing rule" }}</h1>
        <p class="at-page__lead">"Conversations that match go where this rule says, unless an earlier rule matched first."</p>
        <EditorForm editor history=(!is_new).then(|| crate::api::kinds::path_of::<CustomRule>(&editor.draft.with_untracked(|x| x.id.clone()))) fields on_save on_discard=back on_reload=Callback::new(move |()| api.epoch.update(|e| *e += 1))>
            <TextInput label="Name" required=true max_length=128 error=editor.error("name")
                value=editor.get(|r| r.name.clone()) on_input=editor.set(|r: &mut CustomRule, v: String| r.name = v)/>
            <ConditionBuilder set=conditions fields directory errors=editor.errors() path="conditions"/>
            <ConditionTest set=editor.get(|r| r.conditions.clone()) fields directory/>
            <RouteTarget legend="Where matching conversations go" directory error=editor.error("routeToId") object_error=editor.error("routeToObject")
                value=editor.get(|r| RouteTo::of(&r.route_to_object, &r.route_to_id, &r.route_to_priority))
                on_change=editor.set(|r: &mut CustomRule, t: RouteTo| t.store(&mut r.route_to_object, &mut r.route_to_id, &mut r.route_to_priority))/>
            <Toggle label="On: this rule is used" value=editor.get(|r| r.is_enable)
                on_change=editor.set(|r: &mut CustomRule, on: bool| r.is_enable = on)/>
        </EditorForm>
        <ImpactPanel draft=Signal::derive(move || Draft::One(Box::new(DraftObject::CustomRule(editor.draft.get()))))/>
    }
}

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};

use anytime_core::{
    Context, CustomRule, Directory, Field, Priority, RouteToObject, Validate, ValidationErrors,
};

use crate::api::{self, endpoints, Api, ApiError, Method};
use crate::components::condition_builder::ConditionBuilder;
use crate::components::feedback::{ConflictDialog, SaveBar, Toasts, Unsaved};
use crate::components::states::loaded;

const RULES: &str = "/api/v3/anytime/routingRules/customRules";

/// A custom routing rule: its name, conditions and where matching
/// conversations go. `/routing/rules/new` creates one.
#[component]
pub fn CustomRulePage() -> impl IntoView {
    let api = expect_context::<Api>();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let data = api::resource(api, move |api| {
        let id = id();
        async move {
            let rule =
                if id == "new" { None } else { Some(api.get::<CustomRule>(&format!("{RULES}/{id}")).await?) };
            Ok::<_, ApiError>((rule, endpoints::fields(api).await?, endpoints::directory(api).await?))
        }
    });
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
    let unsaved = expect_context::<Unsaved>();
    let base = use_context::<crate::Base>().unwrap_or_default();
    let navigate = use_navigate();
    let is_new = rule.is_none();
    let saved = rule.unwrap_or_else(|| CustomRule {
        is_enable: true,
        route_to_object: Some(RouteToObject::Department),
        route_to_id: directory.departments.first().map(|d| d.id.clone()),
        ..CustomRule::default()
    });
    let original = RwSignal::new(saved.clone());
    let conditions = RwSignal::new(saved.conditions.clone());
    let draft = RwSignal::new(saved);
    let fields = Signal::stored(fields);
    let directory = Signal::stored(directory);
    let server_errors = RwSignal::new(ValidationErrors::default());
    let (attempted, set_attempted) = signal(false);
    let (saving, set_saving) = signal(false);
    let (conflict, set_conflict) = signal(false);
    let (failure, set_failure) = signal(None::<String>);

    let full = Memo::new(move |_| {
        let mut r = draft.get();
        r.conditions = conditions.get();
        r
    });
    let dirty = Memo::new(move |_| full.get() != original.with(|o| o.clone()));
    Effect::new(move |_| unsaved.0.set(dirty.get()));
    on_cleanup(move || unsaved.0.set(false));
    let local_errors = Memo::new(move |_| {
        fields.with(|f| {
            directory.with(|d| full.with(|r| r.validate(&Context::new(f, d)).err().unwrap_or_default()))
        })
    });
    // What to show: the server's answer, else the core's once a save was tried.
    let errors = Signal::derive(move || {
        let server = server_errors.get();
        if !server.is_empty() {
            server
        } else if attempted.get() {
            local_errors.get()
        } else {
            ValidationErrors::default()
        }
    });
    let error = move |path: &'static str| move || errors.with(|e| e.get(path).map(str::to_owned));
    let path = move || format!("{RULES}/{}", original.with(|o| o.id.clone()));
    let list_href = base.href("/routing");
    let save = {
        let navigate = navigate.clone();
        let list_href = list_href.clone();
        move |overwrite: bool| {
            set_attempted.set(true);
            if !local_errors.with(ValidationErrors::is_empty) {
                set_failure.set(Some("Some fields need attention.".into()));
                return;
            }
            set_failure.set(None);
            set_saving.set(true);
            let body = full.get_untracked();
            let navigate = navigate.clone();
            let list_href = list_href.clone();
            let target = path();
            spawn_local(async move {
                let result: Result<CustomRule, ApiError> = if is_new {
                    api.send(Method::Post, RULES, Some(&body), None).await
                } else if overwrite {
                    api.overwrite(&target, &body).await
                } else {
                    api.save(&target, &body).await
                };
                set_saving.set(false);
                match result {
                    Ok(stored) => {
                        unsaved.0.set(false);
                        toasts.show(format!("Rule '{}' saved.", stored.name));
                        navigate(&list_href, Default::default());
                    }
                    Err(ApiError::Invalid(e)) => server_errors.set(e),
                    Err(ApiError::Changed) => set_conflict.set(true),
                    Err(e) => set_failure.set(Some(e.message())),
                }
            });
        }
    };
    let save_now = save.clone();
    let targets = move || {
        let object = draft.with(|r| r.route_to_object.clone());
        directory.with(|d| match object {
            Some(RouteToObject::Agent) => {
                d.agents.iter().map(|a| (a.id.clone(), a.name.clone())).collect::<Vec<_>>()
            }
            _ => d.departments.iter().map(|x| (x.id.clone(), x.name.clone())).collect(),
        })
    };
    let edit = move |f: &dyn Fn(&mut CustomRule)| {
        server_errors.set(ValidationErrors::default());
        draft.update(|r| f(r));
    };
    view! {
        <h1 id="at-page-title" class="at-page__title">{if is_new { "New routing rule" } else { "Edit routing rule" }}</h1>
        <p class="at-page__lead">"Conversations that match go where this rule says, unless an earlier rule matched first."</p>
        <form class="at-form" on:submit=move |ev| { ev.prevent_default(); save_now(false); }>
            <div class="at-field">
                <label class="at-field__label" for="at-rule-name">"Name"</label>
                <input id="at-rule-name" class="at-input" maxlength="128"
                    aria-invalid=move || error("name")().is_some().to_string()
                    prop:value=move || draft.with(|r| r.name.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); edit(&|r| r.name = v.clone()); }/>
                <p class="at-field__error">{error("name")}</p>
            </div>
            <ConditionBuilder set=conditions fields directory errors path="conditions"/>
            <div class="at-field">
                <span class="at-field__label" id="at-rule-target">"Route to"</span>
                <div class="at-inline" role="group" aria-labelledby="at-rule-target">
                    <select class="at-select" aria-label="Route to a department or an agent"
                        on:change=move |ev| {
                            let object = RouteToObject::parse(&event_target_value(&ev));
                            edit(&|r| { r.route_to_object = Some(object.clone()); r.route_to_id = None; });
                            let first = targets().first().map(|(id, _)| id.clone());
                            edit(&|r| r.route_to_id = first.clone());
                        }>
                        <option value="department" selected=move || draft.with(|r| r.route_to_object != Some(RouteToObject::Agent))>"A department"</option>
                        <option value="agent" selected=move || draft.with(|r| r.route_to_object == Some(RouteToObject::Agent))>"An agent"</option>
                    </select>
                    <select class="at-select" aria-label="Which one"
                        aria-invalid=move || error("routeToId")().is_some().to_string()
                        on:change=move |ev| { let v = event_target_value(&ev); edit(&|r| r.route_to_id = Some(v.clone())); }>
                        {move || targets().into_iter().map(|(id, name)| {
                            let chosen = id.clone();
                            view! { <option value=id selected=move || draft.with(|r| r.route_to_id.as_deref() == Some(chosen.as_str()))>{name}</option> }
                        }).collect_view()}
                    </select>
                    <select class="at-select" aria-label="Priority"
                        on:change=move |ev| { let p = Priority::parse(&event_target_value(&ev)); edit(&|r| r.route_to_priority = p.clone()); }>
                        {Priority::ALL.iter().map(|p| {
                            let value = p.number().unwrap_or_default().to_string();
                            let this = p.clone();
                            view! { <option value=value selected=move || draft.with(|r| r.route_to_priority == this)>{format!("{} priority", p.label())}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <p class="at-field__error">{error("routeToId")}</p>
            </div>
            <label class="at-check">
                <input type="checkbox" prop:checked=move || draft.with(|r| r.is_enable)
                    on:change=move |ev| { let on = event_target_checked(&ev); edit(&|r| r.is_enable = on); }/>
                " On: this rule is used"
            </label>
            <p class="at-banner at-banner--error" role="alert" hidden=move || failure.get().is_none()>{move || failure.get()}</p>
            <SaveBar dirty=Signal::derive(move || dirty.get() || is_new) saving
                on_discard=Callback::new({
                    let navigate = navigate.clone();
                    let list_href = list_href.clone();
                    move |()| { unsaved.0.set(false); navigate(&list_href, Default::default()); }
                })
                on_save=Callback::new({ let save = save.clone(); move |()| save(false) })/>
        </form>
        <ConflictDialog
            open=conflict
            on_reload=Callback::new(move |()| { set_conflict.set(false); unsaved.0.set(false); api.epoch.update(|e| *e += 1); })
            on_overwrite=Callback::new(move |()| save(true))
            on_keep=Callback::new(move |()| set_conflict.set(false))
        />
    }
}

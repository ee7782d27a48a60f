use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};

use anytime_core::{
    Context, CustomRule, Directory, Field, Priority, RouteToObject, Validate, ValidationErrors,
};

use crate::api::{self, endpoints, Api, ApiError, Method};
use crate::components::condition_builder::ConditionBuilder;
use crate::components::feedback::{ConflictDialog, SaveBar, Toasts, Unsaved};
use crate::components::inputs::{AgentPicker, DepartmentPicker, Select, TextInput, Toggle};
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
    let first_target = move || {
        let agent = draft.with(|r| r.route_to_object == Some(RouteToObject::Agent));
        directory.with(|d| {
            if agent {
                d.agents.first().map(|a| a.id.clone())
            } else {
                d.departments.first().map(|x| x.id.clone())
            }
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
            <TextInput label="Name" required=true max_length=128
                error=Signal::derive(error("name"))
                value=Signal::derive(move || draft.with(|r| r.name.clone()))
                on_input=Callback::new(move |v: String| edit(&|r| r.name = v.clone()))/>
            <ConditionBuilder set=conditions fields directory errors path="conditions"/>
            <fieldset class="at-fieldset">
                <legend class="at-field__label">"Where matching conversations go"</legend>
                <Select label="Route to"
                    options=Signal::stored(vec![("department".to_owned(), "A department".to_owned()), ("agent".to_owned(), "An agent".to_owned())])
                    value=Signal::derive(move || draft.with(|r| if r.route_to_object == Some(RouteToObject::Agent) { "agent" } else { "department" }.to_owned()))
                    on_change=Callback::new(move |v: String| {
                        let object = RouteToObject::parse(&v);
                        edit(&|r| { r.route_to_object = Some(object.clone()); r.route_to_id = None; });
                        let first = first_target();
                        edit(&|r| r.route_to_id = first.clone());
                    })/>
                {move || {
                    let value = Signal::derive(move || draft.with(|r| r.route_to_id.clone().unwrap_or_default()));
                    let on_change = Callback::new(move |v: String| edit(&|r| r.route_to_id = Some(v.clone())));
                    let error = Signal::derive(error("routeToId"));
                    if draft.with(|r| r.route_to_object == Some(RouteToObject::Agent)) {
                        view! { <AgentPicker label="Agent" directory value on_change error/> }.into_any()
                    } else {
                        view! { <DepartmentPicker label="Department" directory value on_change error/> }.into_any()
                    }
                }}
                <Select label="Priority"
                    options=Signal::stored(Priority::ALL.iter().map(|p| (p.number().unwrap_or_default().to_string(), p.label().to_owned())).collect::<Vec<_>>())
                    value=Signal::derive(move || draft.with(|r| r.route_to_priority.number().unwrap_or_default().to_string()))
                    on_change=Callback::new(move |v: String| { let p = Priority::parse(&v); edit(&|r| r.route_to_priority = p.clone()); })/>
            </fieldset>
            <Toggle label="On: this rule is used"
                value=Signal::derive(move || draft.with(|r| r.is_enable))
                on_change=Callback::new(move |on: bool| edit(&|r| r.is_enable = on))/>
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

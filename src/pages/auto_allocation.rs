//! Auto allocation (a settings page): whether it is on, the default rule,
//! departments' own rules, how many conversations each agent takes, and
//! what does not count towards that.

use leptos::prelude::*;

use anytime_core::engine::{Draft, DraftObject};

use crate::components::impact_panel::ImpactPanel;

use anytime_core::{
    AgentPreference, AllocationMethod, AllocationRule, AllocationTo, AutoAllocationSetting, Directory,
};

use super::page::PageHeader;
use crate::api::{self, endpoints, Api, ApiError};
use crate::areas;
use crate::components::editor::{Editor, EditorForm, Target};
use crate::components::feedback::Toasts;
use crate::components::inputs::{choices, NumberInput, Select, Toggle};
use crate::components::states::loaded;

#[component]
pub fn AutoAllocationPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let data = api::resource(api, |api| async move {
        Ok::<_, ApiError>((endpoints::auto_allocation(api).await?, endpoints::directory(api).await?))
    });
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            <PageHeader area=areas::get("auto-allocation")/>
            {loaded(data, move |(s, directory): (AutoAllocationSetting, Directory)| view! {
                <AllocationForm saved=s directory reload=Callback::new(move |()| data.refetch())/>
            })}
        </section>
    }
}

fn methods() -> Signal<Vec<(String, String)>> {
    choices::<AllocationMethod>()
}

fn pools() -> Signal<Vec<(String, String)>> {
    choices::<AllocationTo>()
}

/// The rule of a department, if it has its own.
fn department_rule<'a>(s: &'a AutoAllocationSetting, id: &str) -> Option<&'a AllocationRule> {
    s.department_allocation_rule.iter().find(|r| r.department_id.as_deref() == Some(id))
}

fn department_rule_mut<'a>(s: &'a mut AutoAllocationSetting, id: &str) -> Option<&'a mut AllocationRule> {
    s.department_allocation_rule.iter_mut().find(|r| r.department_id.as_deref() == Some(id))
}

fn preference_mut<'a>(s: &'a mut AutoAllocationSetting, agent: &str) -> &'a mut AgentPreference {
    if let Some(i) = s.agent_preferences.iter().position(|p| p.agent_id == agent) {
        return &mut s.agent_preferences[i];
    }
    let limit = s.max_number_for_all_agents;
    s.agent_preferences.push(AgentPreference {
        agent_id: agent.to_owned(),
        max_concurrent_count: limit,
        if_accept_allocation: true,
    });
    let last = s.agent_preferences.len() - 1;
    &mut s.agent_preferences[last]
}

#[component]
fn AllocationForm(saved: AutoAllocationSetting, directory: Directory, reload: Callback<()>) -> impl IntoView {
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    let directory = Signal::stored(directory);
    let editor = Editor::validated(saved, Signal::stored(Vec::new()), directory);
    let on_save = Callback::new(move |overwrite: bool| {
        editor.save(api, Target::single::<AutoAllocationSetting>(), overwrite, move |_| {
            toasts.show("Auto allocation saved.")
        });
    });
    let e = move |path: &'static str| editor.error(path);
    let departments = move || directory.with(|d| d.departments.clone());
    let agents = move || directory.with(|d| d.agents.clone());
    view! {
        <EditorForm editor history=crate::history::api_path_of("autoAllocation", "") on_save on_discard=Callback::new(move |()| editor.discard()) on_reload=reload>
            <Toggle label="Allocate new conversations automatically" value=editor.get(|s| s.enable)
                hint="New, unassigned conversations go to an available agent."
                on_change=editor.set(|s: &mut AutoAllocationSetting, on: bool| s.enable = on)/>
            <fieldset class="at-fieldset">
                <legend class="at-field__label">"Default rule"</legend>
                <Select label="Who gets the next conversation" options=methods() error=e("defaultAllocationRule.allocationRule")
                    value=editor.get(|s| s.default_allocation_rule.allocation_rule.as_ref().map(|m| m.as_str().to_owned()).unwrap_or_default())
                    on_change=editor.set(|s: &mut AutoAllocationSetting, v: String| s.default_allocation_rule.allocation_rule = Some(AllocationMethod::parse(&v)))/>
                <Select label="Among" options=pools() error=e("defaultAllocationRule.allocationTo")
                    value=editor.get(|s| s.default_allocation_rule.allocation_to.as_ref().map(|m| m.as_str().to_owned()).unwrap_or_default())
                    on_change=editor.set(|s: &mut AutoAllocationSetting, v: String| s.default_allocation_rule.allocation_to = Some(AllocationTo::parse(&v)))/>
                <Toggle label="Prefer the agent who had the contact's last conversation" value=editor.get(|s| s.default_allocation_rule.prefer_last_assignee)
                    on_change=editor.set(|s: &mut AutoAllocationSetting, on: bool| s.default_allocation_rule.prefer_last_assignee = on)/>
            </fieldset>
            <fieldset class="at-fieldset">
                <legend class="at-field__label">"Departments"</legend>
                <Toggle label="Departments can have their own rule" value=editor.get(|s| s.is_enabled_department)
                    hint="A conversation routed to a department goes to that department's agents."
                    on_change=editor.set(|s: &mut AutoAllocationSetting, on: bool| s.is_enabled_department = on)/>
                <Show when=move || editor.draft.with(|s| s.is_enabled_department)>
                    {move || departments().into_iter().map(|d| {
                        let id = d.id.clone();
                        let value = {
                            let id = id.clone();
                            editor.get(move |s| department_rule(s, &id).and_then(|r| r.allocation_rule.as_ref()).map(|m| m.as_str().to_owned()).unwrap_or_default())
                        };
                        let on_change = editor.set(move |s: &mut AutoAllocationSetting, v: String| {
                            if v.is_empty() {
                                s.department_allocation_rule.retain(|r| r.department_id.as_deref() != Some(id.as_str()));
                            } else if let Some(r) = department_rule_mut(s, &id) {
                                r.allocation_rule = Some(AllocationMethod::parse(&v));
                            } else {
                                s.department_allocation_rule.push(AllocationRule {
                                    department_id: Some(id.clone()),
                                    allocation_rule: Some(AllocationMethod::parse(&v)),
                                    ..s.default_allocation_rule.clone()
                                });
                            }
                        });
                        view! { <Select label=d.name options=methods() none="The default rule" value on_change/> }
                    }).collect_view()}
                </Show>
            </fieldset>
            <fieldset class="at-fieldset">
                <legend class="at-field__label">"How many each agent takes"</legend>
                <Toggle label="Each agent has their own limit" value=editor.get(|s| s.set_max_number_for_each_agent)
                    on_change=editor.set(|s: &mut AutoAllocationSetting, on: bool| s.set_max_number_for_each_agent = on)/>
                {move || if editor.draft.with(|s| s.set_max_number_for_each_agent) {
                    agents().into_iter().map(|a| {
                        let (id, id2, id3) = (a.id.clone(), a.id.clone(), a.id.clone());
                        view! {
                            <div class="at-agent-limit">
                                <NumberInput label=format!("{}: open conversations at most", a.name) min=1 max=1000 what="The limit"
                                    path=format!("agentPreferences.{}.maxConcurrentCount", a.id)
                                    value=editor.get(move |s| s.agent_preferences.iter().find(|p| p.agent_id == id).and_then(|p| p.max_concurrent_count).or(s.max_number_for_all_agents).unwrap_or(10))
                                    on_change=editor.set(move |s: &mut AutoAllocationSetting, v: i64| preference_mut(s, &id2).max_concurrent_count = Some(v))/>
                                <Toggle label=format!("{} takes allocated conversations", a.name)
                                    value=editor.get({ let id = a.id.clone(); move |s| s.agent_preferences.iter().find(|p| p.agent_id == id).is_none_or(|p| p.if_accept_allocation) })
                                    on_change=editor.set(move |s: &mut AutoAllocationSetting, on: bool| preference_mut(s, &id3).if_accept_allocation = on)/>
                            </div>
                        }
                    }).collect_view().into_any()
                } else {
                    view! {
                        <NumberInput label="Open conversations per agent, at most" min=1 max=1000 what="The limit"
                            path="maxNumberForAllAgents" error=e("maxNumberForAllAgents")
                            value=editor.get(|s| s.max_number_for_all_agents.unwrap_or(10))
                            on_change=editor.set(|s: &mut AutoAllocationSetting, v: i64| s.max_number_for_all_agents = Some(v))/>
                    }.into_any()
                }}
                <Toggle label="Conversations pending an external reply do not count" value=editor.get(|s| s.exclude_pending_external)
                    on_change=editor.set(|s: &mut AutoAllocationSetting, on: bool| s.exclude_pending_external = on)/>
                <Toggle label="Conversations on hold do not count" value=editor.get(|s| s.exclude_on_hold)
                    on_change=editor.set(|s: &mut AutoAllocationSetting, on: bool| s.exclude_on_hold = on)/>
            </fieldset>
        </EditorForm>
        <ImpactPanel draft=Signal::derive(move || Draft::One(Box::new(DraftObject::AutoAllocation(editor.draft.get()))))/>
    }
}

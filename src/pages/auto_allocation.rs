use leptos::prelude::*;

use anytime_core::{AutoAllocationSetting, Directory};

use super::page::{Fact, PageHeader, Row};
use crate::api::{self, endpoints, Api, ApiError};
use crate::components::states::loaded;
use crate::{areas, format};

#[component]
pub fn AutoAllocationPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let data = api::resource(api, |api| async move {
        Ok::<_, ApiError>((endpoints::auto_allocation(api).await?, endpoints::directory(api).await?))
    });
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            <PageHeader area=areas::get("auto-allocation")/>
            {loaded(data, |(s, directory): (AutoAllocationSetting, Directory)| {
                let rule = &s.default_allocation_rule;
                let default = format!("New conversations go {}, among {}{}.",
                    format::allocation_method(rule.allocation_rule.as_ref()),
                    format::allocation_pool(rule.allocation_to.as_ref()),
                    if rule.prefer_last_assignee { ", preferring the last assignee" } else { "" });
                let capacity = if s.set_max_number_for_each_agent {
                    "Each agent has their own limit (below).".to_owned()
                } else {
                    format!("At most {} open conversations per agent.", s.max_number_for_all_agents.unwrap_or_default())
                };
                let excluded = match (s.exclude_pending_external, s.exclude_on_hold) {
                    (true, true) => "Pending-external and on-hold conversations do not count.",
                    (true, false) => "Pending-external conversations do not count.",
                    (false, true) => "On-hold conversations do not count.",
                    (false, false) => "Every open conversation counts.",
                };
                let name = |id: &str| directory.agent(id).map_or_else(|| id.to_owned(), |a| a.name.clone());
                let dept = |id: &str| directory.department(id).map_or_else(|| id.to_owned(), |d| d.name.clone());
                view! {
                    <dl class="at-facts">
                        <Fact label="Auto allocation" value=(if s.enable { "On" } else { "Off" }).to_owned()/>
                        <Fact label="Default rule" value=default/>
                        <Fact label="Per department" value=(if s.is_enabled_department { "Departments use their own rules" } else { "One rule for every department" }).to_owned()/>
                        <Fact label="Capacity" value=format!("{capacity} {excluded}")/>
                    </dl>
                    {(!s.department_allocation_rule.is_empty()).then(|| view! {
                        <h2 class="at-section__title">"Department rules"</h2>
                        <ul class="at-list">
                            {s.department_allocation_rule.iter().map(|r| {
                                let facts = format!("{}, among {}", format::allocation_method(r.allocation_rule.as_ref()), format::allocation_pool(r.allocation_to.as_ref()));
                                view! { <Row name=dept(r.department_id.as_deref().unwrap_or_default()) facts/> }
                            }).collect_view()}
                        </ul>
                    })}
                    {(!s.agent_preferences.is_empty()).then(|| view! {
                        <h2 class="at-section__title">"Agents"</h2>
                        <ul class="at-list">
                            {s.agent_preferences.iter().map(|p| {
                                let facts = match (p.if_accept_allocation, p.max_concurrent_count) {
                                    (false, _) => "Does not take allocated conversations".to_owned(),
                                    (true, Some(n)) => format!("Up to {n} open conversations"),
                                    (true, None) => "No limit of their own".to_owned(),
                                };
                                view! { <Row name=name(&p.agent_id) facts/> }
                            }).collect_view()}
                        </ul>
                    })}
                }.into_any()
            })}
        </section>
    }
}

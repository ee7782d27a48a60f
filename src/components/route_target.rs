//! Where conversations go: a department or an agent, which one, and with
//! what priority. Used by routing rules and the routing configuration.

use leptos::prelude::*;

use anytime_core::{Directory, Priority, RouteToObject};

use crate::components::inputs::{choices, AgentPicker, DepartmentPicker, Select};

/// A target as the three fields every routing object spells its own way.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RouteTo {
    pub object: Option<RouteToObject>,
    pub id: Option<String>,
    pub priority: Priority,
}

impl RouteTo {
    pub fn of(object: &Option<RouteToObject>, id: &Option<String>, priority: &Priority) -> RouteTo {
        RouteTo { object: object.clone(), id: id.clone(), priority: priority.clone() }
    }

    /// Writes the target back into an object's three fields.
    pub fn store(self, object: &mut Option<RouteToObject>, id: &mut Option<String>, priority: &mut Priority) {
        *object = self.object;
        *id = self.id;
        *priority = self.priority;
    }

    /// The same target with another kind: the first of that kind, since an
    /// agent's id is never a department's.
    pub fn with_object(&self, object: RouteToObject, directory: &Directory) -> RouteTo {
        let id = match object {
            RouteToObject::Agent => directory.agents.first().map(|a| a.id.clone()),
            _ => directory.departments.first().map(|d| d.id.clone()),
        };
        RouteTo { object: Some(object), id, priority: self.priority.clone() }
    }
}

#[component]
pub fn RouteTarget(
    legend: &'static str,
    #[prop(into)] directory: Signal<Directory>,
    #[prop(into)] value: Signal<RouteTo>,
    on_change: Callback<RouteTo>,
    /// The message for the chosen department or agent (its field path differs by object).
    #[prop(into, optional)]
    error: Signal<Option<String>>,
    /// The message for the kind (department or agent) when none is chosen.
    #[prop(into, optional)]
    object_error: Signal<Option<String>>,
) -> impl IntoView {
    let agent = Signal::derive(move || value.with(|v| v.object == Some(RouteToObject::Agent)));
    let change = move |f: &dyn Fn(&mut RouteTo)| {
        let mut next = value.get_untracked();
        f(&mut next);
        on_change.run(next);
    };
    view! {
        <fieldset class="at-fieldset">
            <legend class="at-field__label">{legend}</legend>
            <Select label="Route to" error=object_error
                options={choices::<RouteToObject>()}
                value=Signal::derive(move || if agent.get() { RouteToObject::Agent } else { RouteToObject::Department }.as_str().to_owned())
                on_change=Callback::new(move |v: String| {
                    let object = RouteToObject::parse(&v);
                    let next = directory.with_untracked(|d| value.with_untracked(|t| t.with_object(object, d)));
                    on_change.run(next);
                })/>
            {move || {
                let id = Signal::derive(move || value.with(|v| v.id.clone().unwrap_or_default()));
                // Choosing one also settles the kind the list shows.
                let set_id = Callback::new(move |v: String| change(&|t| {
                    t.id = Some(v.clone());
                    if t.object.is_none() {
                        t.object = Some(if agent.get_untracked() { RouteToObject::Agent } else { RouteToObject::Department });
                    }
                }));
                if agent.get() {
                    view! { <AgentPicker label="Agent" directory value=id on_change=set_id error/> }.into_any()
                } else {
                    view! { <DepartmentPicker label="Department" directory value=id on_change=set_id error/> }.into_any()
                }
            }}
            <Select label="Priority"
                options=Signal::stored(Priority::ALL.iter().map(|p| (p.number().unwrap_or_default().to_string(), p.label().to_owned())).collect::<Vec<_>>())
                value=Signal::derive(move || value.with(|v| v.priority.number().unwrap_or_default().to_string()))
                on_change=Callback::new(move |v: String| change(&|t| t.priority = Priority::parse(&v)))/>
        </fieldset>
    }
}

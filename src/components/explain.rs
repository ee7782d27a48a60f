//! Pieces that show the engine's verdicts: a sample field's input typed by
//! its field, and a condition set's ✓/✗ per condition in words. Used by
//! Preview and by the editors' Test panels.

use leptos::prelude::*;

use anytime_core::engine::{FieldValue, SetResult, Settings};
use anytime_core::{Directory, MatchType};

use crate::components::inputs::{AgentPicker, DepartmentPicker, MultiSelect, Select, TextInput};
use crate::forms::preview::{self as logic, SampleForm, SampleInput};

/// One field of the sample, with the input its type needs.
#[component]
pub fn SampleField(
    field: anytime_core::Field,
    input: SampleInput,
    form: RwSignal<SampleForm>,
    directory: Signal<Directory>,
    set_value: Callback<(String, FieldValue)>,
) -> impl IntoView {
    let id = field.id.clone();
    let label = field.name.clone();
    let text = {
        let id = id.clone();
        Signal::derive(move || form.with(|f| f.text(&id)))
    };
    let set_text = {
        let id = id.clone();
        Callback::new(move |v: String| set_value.run((id.clone(), FieldValue::Text(v))))
    };
    match input {
        SampleInput::Text(kind) => view! { <TextInput label kind value=text on_input=set_text/> }.into_any(),
        SampleInput::Choice(options) => {
            view! { <Select label options=Signal::stored(options) value=text on_change=set_text none="—"/> }
                .into_any()
        }
        SampleInput::Multi(options) => {
            let list = {
                let id = id.clone();
                Signal::derive(move || form.with(|f| f.list(&id)))
            };
            view! {
                <MultiSelect label options=Signal::stored(options) value=list
                    on_change=Callback::new(move |v: Vec<String>| set_value.run((id.clone(), FieldValue::List(v))))/>
            }
            .into_any()
        }
        SampleInput::Agent => {
            view! { <AgentPicker label directory value=text on_change=set_text none="Nobody (unassigned)"/> }
                .into_any()
        }
        SampleInput::Department => {
            view! { <DepartmentPicker label directory value=text on_change=set_text none="None"/> }.into_any()
        }
    }
}

/// ✓ or ✗ with words, never colour alone.
pub fn mark(ok: bool) -> &'static str {
    if ok {
        "✓"
    } else {
        "✗"
    }
}

/// Each condition's verdict: field, operator, expected and actual values.
#[component]
pub fn Explain(set: SetResult, settings: std::sync::Arc<Settings>) -> impl IntoView {
    // The engine names the set's `when` by its wire spelling.
    let how = match anytime_core::When::parse(&set.when) {
        anytime_core::When::Any => "Any condition can match.".to_owned(),
        anytime_core::When::LogicalExpression => {
            format!("Expression: {}", set.expression.clone().unwrap_or_default())
        }
        _ => "All conditions must match.".to_owned(),
    };
    view! {
        <div class="at-explain">
            {set.problem.map(|p| view! { <p class="at-field__error">{format!("Never matches: {p}")}</p> })}
            {(set.conditions.len() > 1).then(|| view! { <p class="at-hint">{how}</p> })}
            {(set.conditions.is_empty()).then(|| view! { <p class="at-hint">"No conditions: applies to every conversation."</p> })}
            <ul class="at-explain__list">
                {set.conditions.into_iter().map(|c| {
                    let op = MatchType::parse(&c.match_type).label();
                    let expected = logic::value_words(&settings, &c.field_id, &c.expected);
                    let actual = if c.actual.is_empty() {
                        "it has none".to_owned()
                    } else {
                        format!("it is '{}'", logic::value_words(&settings, &c.field_id, &c.actual))
                    };
                    let needs_value = !matches!(c.match_type.as_str(), "isEmpty" | "isNotEmpty");
                    view! {
                        <li class="at-explain__item" class:at-explain__item--ok=c.matched>
                            <span class="at-explain__mark" aria-label=if c.matched { "matches" } else { "does not match" }>{mark(c.matched)}</span>
                            {format!("{}. {} {}{} — {}", c.number, c.field_name, op,
                                if needs_value { format!(" '{expected}'") } else { String::new() }, actual)}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

use leptos::prelude::*;

use anytime_core::{Choice, Condition, ConditionSet, Directory, Field, MatchType, ValidationErrors, When};

use crate::forms::conditions::{self, ValueInput};

/// Where a condition set lives: its own signal, or part of a bigger draft
/// (a trigger keeps `conditions`, `when` and `logicExpression` side by side).
#[derive(Clone, Copy)]
pub struct Conditions {
    get: Signal<ConditionSet>,
    put: Callback<ConditionSet>,
}

impl Conditions {
    pub fn new(get: Signal<ConditionSet>, put: Callback<ConditionSet>) -> Self {
        Conditions { get, put }
    }

    fn with<R>(&self, f: impl FnOnce(&ConditionSet) -> R) -> R {
        self.get.with(f)
    }

    fn update(&self, f: impl FnOnce(&mut ConditionSet)) {
        let mut s = self.get.get_untracked();
        f(&mut s);
        self.put.run(s);
    }
}

/// Objects that keep their condition set's parts at the top level.
pub trait FlatConditions {
    fn condition_set(&self) -> ConditionSet;
    fn put_condition_set(&mut self, set: ConditionSet);
}

macro_rules! flat_conditions {
    ($($t:ty),*) => {$(
        impl FlatConditions for $t {
            fn condition_set(&self) -> ConditionSet {
                ConditionSet {
                    when: self.when.clone(),
                    logic_expression: self.logic_expression.clone(),
                    list: self.conditions.clone(),
                }
            }
            fn put_condition_set(&mut self, set: ConditionSet) {
                self.when = set.when;
                self.logic_expression = set.logic_expression;
                self.conditions = set.list;
            }
        }
    )*};
}

flat_conditions!(anytime_core::Trigger, anytime_core::SlaPolicy);

impl Conditions {
    /// The condition set of the object an editor holds.
    pub fn of<T>(editor: crate::components::editor::Editor<T>) -> Self
    where
        T: FlatConditions
            + Clone
            + PartialEq
            + serde::Serialize
            + serde::de::DeserializeOwned
            + Send
            + Sync
            + 'static,
    {
        Conditions::new(editor.get(T::condition_set), editor.set(|t: &mut T, c| t.put_condition_set(c)))
    }
}

impl From<RwSignal<ConditionSet>> for Conditions {
    fn from(s: RwSignal<ConditionSet>) -> Self {
        Conditions { get: s.into(), put: Callback::new(move |v| s.set(v)) }
    }
}

/// Rows of field → operator (only those the field's type allows) → a value
/// input typed for the field; all / any / a logical expression, read live
/// with its error pointed at. Edits `set` in place; shows `errors` whose
/// paths start with `path` (e.g. `conditions` → `conditions.list[2].value`).
#[component]
pub fn ConditionBuilder(
    #[prop(into)] set: Conditions,
    #[prop(into)] fields: Signal<Vec<Field>>,
    #[prop(into)] directory: Signal<Directory>,
    #[prop(into, optional)] errors: Signal<ValidationErrors>,
    /// JSON path of the set in the object, for error messages.
    #[prop(optional)]
    path: &'static str,
    /// The set's parts sit at the object's top level (`conditions[2]`,
    /// `logicExpression`), as in triggers and SLA policies.
    #[prop(optional)]
    flat: bool,
) -> impl IntoView {
    let count = move || set.with(|s| s.list.len());
    let indices = move || (0..count()).collect::<Vec<usize>>();
    let error_at = move |suffix: String| {
        let full = match (flat, suffix.strip_prefix("list")) {
            (true, Some(rest)) => format!("conditions{rest}"),
            (true, None) => suffix,
            (false, _) if path.is_empty() => suffix,
            (false, _) => format!("{path}.{suffix}"),
        };
        errors.with(|e| e.get(&full).map(str::to_owned))
    };
    let row_error = Callback::new(move |s: String| error_at(s));
    let add = move |_| {
        let row = fields.with(|f| directory.with(|d| conditions::new_condition(f, d)));
        set.update(|s| s.list.push(row));
    };
    let when_value = move || set.with(|s| s.when.as_str().to_owned());
    let expression = move || set.with(|s| s.logic_expression.clone());
    let problems = move || set.with(|s| conditions::expression_problems(&s.logic_expression, s.list.len()));
    view! {
        <fieldset class="at-conditions">
            <legend class="at-field__label">"Conditions"</legend>
            <div class="at-conditions__mode" role="radiogroup" aria-label="How conditions combine">
                {When::ALL
                    .iter()
                    .map(|w| {
                        let label = w.label();
                        let value = w.as_str().to_owned();
                        let checked = {
                            let value = value.clone();
                            move || when_value() == value
                        };
                        view! {
                            <label class="at-radio">
                                <input
                                    type="radio"
                                    name="at-conditions-when"
                                    value=value.clone()
                                    prop:checked=checked
                                    on:change=move |_| set.update(|s| s.when = w.clone())
                                />
                                {label}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <ol class="at-conditions__rows">
                <For each=indices key=|i| *i let:i>
                    <ConditionRow index=i set fields directory error_at=row_error/>
                </For>
            </ol>
            {move || (count() == 0).then(|| view! {
                <p class="at-hint">"No conditions: this applies to every conversation."</p>
            })}
            <button type="button" class="at-button" on:click=add>"+ Add condition"</button>
            <Show when=move || set.with(|s| s.when == When::LogicalExpression)>
                <div class="at-expression">
                    <label class="at-field__label" for="at-expression">"Expression"</label>
                    <input
                        id="at-expression"
                        class="at-input at-input--mono"
                        placeholder="1 AND (2 OR NOT 3)"
                        aria-invalid=move || (!problems().is_empty()).to_string()
                        aria-describedby="at-expression-help"
                        prop:value=expression
                        on:input=move |ev| set.update(|s| s.logic_expression = event_target_value(&ev))
                    />
                    <div id="at-expression-help" class="at-expression__help" aria-live="polite">
                        {move || {
                            let text = expression();
                            let problems = problems();
                            if text.trim().is_empty() {
                                return view! {
                                    <p class="at-hint">"Use the condition numbers with AND, OR, NOT and parentheses."</p>
                                }.into_any();
                            }
                            if problems.is_empty() {
                                return view! { <p class="at-ok">"✓ The expression is valid."</p> }.into_any();
                            }
                            let marked = problems.first().and_then(|p| conditions::underline(&text, p));
                            view! {
                                {marked.map(|(before, at, after)| view! {
                                    <code class="at-expression__marked">
                                        {before}<mark class="at-expression__error">{at}</mark>{after}
                                    </code>
                                })}
                                <ul class="at-field__errors">
                                    {problems.into_iter().map(|p| view! { <li class="at-field__error">{p.message}</li> }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </div>
                    // The server's message, unless the live reading already says it.
                    <p class="at-field__error">
                        {move || problems().is_empty().then(|| error_at("logicExpression".into())).flatten()}
                    </p>
                </div>
            </Show>
        </fieldset>
    }
}

#[component]
fn ConditionRow(
    index: usize,
    set: Conditions,
    fields: Signal<Vec<Field>>,
    directory: Signal<Directory>,
    error_at: Callback<String, Option<String>>,
) -> impl IntoView {
    let row = move || set.with(|s| s.list.get(index).cloned().unwrap_or_default());
    let field = move || {
        let id = row().field_id;
        fields.with(|f| f.iter().find(|x| x.id == id).cloned())
    };
    let update = move |f: &dyn Fn(&mut Condition)| {
        set.update(|s| {
            if let Some(c) = s.list.get_mut(index) {
                f(c);
            }
        })
    };
    let on_field = move |ev| {
        let id = event_target_value(&ev);
        let next = fields
            .with(|f| directory.with(|d| conditions::with_field(&row(), f.iter().find(|x| x.id == id), d)));
        update(&|c| *c = next.clone());
    };
    let remove = move |_| {
        set.update(|s| {
            if index < s.list.len() {
                s.list.remove(index);
            }
        })
    };
    let value_error = move || error_at.run(format!("list[{index}].value"));
    let field_error = move || {
        error_at
            .run(format!("list[{index}].fieldId"))
            .or_else(|| error_at.run(format!("list[{index}].matchType")))
    };
    let number = index + 1;
    view! {
        <li class="at-condition">
            <span class="at-condition__number" aria-hidden="true">{number}</span>
            <select
                class="at-select"
                aria-label=format!("Condition {number}: field")
                on:change=on_field
                prop:value=move || row().field_id
            >
                {move || fields.get().into_iter().map(|f| {
                    let id = f.id.clone();
                    view! { <option value=id.clone() selected=move || row().field_id == id>{f.name}</option> }
                }).collect_view()}
            </select>
            <select
                class="at-select at-condition__operator"
                aria-label=format!("Condition {number}: operator")
                on:change=move |ev| {
                    let m = MatchType::parse(&event_target_value(&ev));
                    update(&|c| c.match_type = Some(m.clone()));
                }
                prop:value=move || row().match_type.map(|m| m.as_str().to_owned()).unwrap_or_default()
            >
                {move || conditions::operators(field().as_ref()).into_iter().map(|(value, words)| {
                    let v = value.clone();
                    view! {
                        <option value=value selected=move || row().match_type.as_ref().map(|m| m.as_str()) == Some(v.as_str())>{words}</option>
                    }
                }).collect_view()}
            </select>
            <ValueField
                label=format!("Condition {number}: value")
                input=Signal::derive(move || directory.with(|d| conditions::value_input(field().as_ref(), d)))
                value=Signal::derive(move || row().value)
                invalid=Signal::derive(move || value_error().is_some())
                on_input=Callback::new(move |v: String| update(&|c| c.value = v.clone()))
            />
            <button type="button" class="at-button at-button--quiet" aria-label=format!("Remove condition {number}") on:click=remove>"Remove"</button>
            <p class="at-field__error at-condition__error">{move || field_error().or_else(value_error)}</p>
        </li>
    }
}

/// A value typed for its field: a choice of options, agents or departments,
/// a date, a number, or text. Shared by conditions and trigger updates.
#[component]
pub fn ValueField(
    label: String,
    #[prop(into)] input: Signal<ValueInput>,
    #[prop(into)] value: Signal<String>,
    #[prop(into, optional)] invalid: Signal<bool>,
    /// An empty first choice ("Choose…") for choices.
    #[prop(optional)]
    choose: bool,
    on_input: Callback<String>,
) -> impl IntoView {
    move || {
        let label = label.clone();
        let on_input = move |ev| on_input.run(event_target_value(&ev));
        match input.get() {
            ValueInput::Choice(choices) => view! {
                <select class="at-select" aria-label=label on:change=on_input prop:value=move || value.get()
                    aria-invalid=move || invalid.get().to_string()>
                    {choose.then(|| view! { <option value="" selected=move || value.with(String::is_empty)>"Choose…"</option> })}
                    {choices.into_iter().map(|(v, name)| {
                        let chosen = v.clone();
                        view! { <option value=v selected=move || value.with(|x| *x == chosen)>{name}</option> }
                    }).collect_view()}
                </select>
            }
            .into_any(),
            other => view! {
                <input
                    class="at-input"
                    type=if other == ValueInput::Date { "date" } else { "text" }
                    inputmode=if other == ValueInput::Number { "decimal" } else { "text" }
                    aria-label=label
                    aria-invalid=move || invalid.get().to_string()
                    prop:value=move || value.get()
                    on:input=on_input
                />
            }
            .into_any(),
        }
    }
}

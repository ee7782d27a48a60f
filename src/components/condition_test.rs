//! "Test" beside a rule editor: a conversation with the fields the
//! conditions use, and the engine's verdict on the draft's conditions —
//! ✓/✗ for each, before anything is saved.

use leptos::prelude::*;

use crate::components::states::OfflineNote;

use anytime_core::engine::clock::Zone;
use anytime_core::engine::{test_conditions, SetResult, Settings};
use anytime_core::{ConditionSet, Directory, Field};

use crate::components::explain::{Explain, SampleField};
use crate::forms::preview::{form_fields, SampleForm};

/// The engine's reading of `set` for the sample (the core's
/// `test_conditions`: exactly what routing, triggers and SLA policies
/// compute), and the references its explanation names values with.
pub fn verdict(
    set: &ConditionSet,
    fields: &[Field],
    directory: &Directory,
    sample: &SampleForm,
) -> (SetResult, Settings) {
    let references = Settings::references(fields, directory);
    (test_conditions(set, &references, &sample.sample(&Zone::utc())), references)
}

#[component]
pub fn ConditionTest(
    #[prop(into)] set: Signal<ConditionSet>,
    #[prop(into)] fields: Signal<Vec<Field>>,
    #[prop(into)] directory: Signal<Directory>,
) -> impl IntoView {
    let form = RwSignal::new(fields.with_untracked(|f| SampleForm::starter(f, String::new())));
    // Inputs for the fields the conditions use, in the order they are used.
    let used = Memo::new(move |_| {
        let ids: Vec<String> = set.with(|s| {
            let mut ids: Vec<String> = Vec::new();
            for c in &s.list {
                if !ids.contains(&c.field_id) {
                    ids.push(c.field_id.clone());
                }
            }
            ids
        });
        let all = fields.with(|f| form_fields(f));
        ids.into_iter().filter_map(|id| all.iter().find(|(f, _)| f.id == id).cloned()).collect::<Vec<_>>()
    });
    let result = Memo::new(move |_| {
        set.with(|s| fields.with(|f| directory.with(|d| form.with(|sample| verdict(s, f, d, sample)))))
    });
    view! {
        <section class="at-fieldset at-test-panel" aria-labelledby="at-test-title">
            <h2 id="at-test-title" class="at-section__title">"Test"</h2>
            {move || if used.with(Vec::is_empty) {
                view! { <p class="at-hint">"Add a condition to try a conversation against it."</p> }.into_any()
            } else {
                view! {
                    <p class="at-hint">"Would a conversation like this match? The engine checks the conditions as they are now, saved or not."</p>
                    <For each=move || used.get() key=|(f, _)| f.id.clone() let:item>
                        <SampleField field=item.0 input=item.1 form directory
                            set_value=Callback::new(move |(id, v)| form.update(|f| { f.values.insert(id, v); }))/>
                    </For>
                    <OfflineNote/>
                    // Heard: the verdict only, not every condition's line.
                    <p class="at-outcome__headline" aria-live="polite">
                        <strong>{move || if result.with(|(r, _)| r.matched) { "✓ Matches" } else { "✗ Does not match" }}</strong>
                    </p>
                    {move || {
                        let (r, settings) = result.get();
                        view! { <Explain set=r settings=std::sync::Arc::new(settings)/> }
                    }}
                }.into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anytime_core::engine::FieldValue;
    use anytime_core::{system_fields, Condition, MatchType, When};

    #[test]
    fn the_verdict_is_the_engines_reading_of_the_draft_conditions() {
        let fields = system_fields();
        let set = ConditionSet {
            when: When::LogicalExpression,
            logic_expression: "1 AND NOT 2".into(),
            list: vec![
                Condition {
                    field_id: "subject".into(),
                    match_type: Some(MatchType::Contains),
                    value: "refund".into(),
                    ..Condition::default()
                },
                Condition {
                    field_id: "priority".into(),
                    match_type: Some(MatchType::Is),
                    value: "4".into(),
                    ..Condition::default()
                },
            ],
        };
        let mut sample = SampleForm::starter(&fields, String::new());
        let (r, _) = verdict(&set, &fields, &Directory::default(), &sample);
        assert!(r.matched, "{r:?}");
        assert_eq!(r.conditions.iter().map(|c| c.matched).collect::<Vec<_>>(), [true, false]);
        sample.values.insert("priority".into(), FieldValue::text("4"));
        let (r, _) = verdict(&set, &fields, &Directory::default(), &sample);
        assert!(!r.matched);
        // An unfinished draft never matches, and says why.
        let broken = ConditionSet { logic_expression: "1 AND (2".into(), ..set };
        let (r, _) = verdict(&broken, &fields, &Directory::default(), &sample);
        assert!(!r.matched);
        assert!(r.problem.is_some());
    }
}

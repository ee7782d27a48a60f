//! A field's editor: its name, type, options, default and help, and which
//! chat and offline-message fields fill it. System fields keep their type.

use leptos::prelude::*;

use anytime_core::{Field, FieldOption, FieldType};

use crate::api::Api;
use crate::components::editor::{back_to, load_for_edit, Editor, EditorForm, Target};
use crate::components::feedback::Toasts;
use crate::components::inputs::{NumberInput, Select, TextInput, Toggle};
use crate::components::states::loaded;

#[component]
pub fn FieldPage() -> impl IntoView {
    let data = load_for_edit::<Field>();
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            {loaded(data, |(field, _fields, _directory)| view! { <FieldForm field/> })}
        </section>
    }
}

#[component]
fn FieldForm(field: Option<Field>) -> impl IntoView {
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    let is_new = field.is_none();
    let saved = field.unwrap_or_else(|| Field { kind: Some(FieldType::Text), ..Field::default() });
    let system = saved.is_system_field;
    let editor = Editor::validated(saved, Signal::stored(Vec::new()), Signal::stored(Default::default()));
    let back = back_to("/fields");
    let on_save = Callback::new(move |overwrite: bool| {
        let target = Target::of::<Field>(is_new, &editor.draft.with_untracked(|f| f.id.clone()));
        editor.save(api, target, overwrite, move |stored| {
            toasts.show(format!("Field '{}' saved.", stored.name));
            back.run(());
        });
    });
    let e = move |path: &'static str| editor.error(path);
    let kind = editor.get(|f| f.kind.clone());
    // Which input the default takes: drawn again only when the type changes
    // (not on every keystroke, which would take the focus away).
    let default_kind = Memo::new(move |_| {
        kind.with(|k| match k {
            Some(k) if k.has_options() => Some(FieldType::DropdownList),
            Some(FieldType::Checkbox) => Some(FieldType::Checkbox),
            _ => None,
        })
    });
    let has_options = move || kind.with(|k| k.as_ref().is_some_and(FieldType::has_options));
    let is_text = move || kind.with(|k| k.as_ref().is_some_and(FieldType::is_text));
    let types = Signal::stored(
        FieldType::ALL.iter().map(|t| (t.as_str().to_owned(), t.label().to_owned())).collect::<Vec<_>>(),
    );
    view! {
        <h1 id="at-page-title" class="at-page__title">{if is_new { "New field" } else { "Edit field" }}</h1>
        <p class="at-page__lead">"Conversations carry this field; conditions, placeholders and triggers use it."</p>
        <EditorForm editor history=(!is_new).then(|| crate::api::kinds::path_of::<Field>(&editor.draft.with_untracked(|x| x.id.clone()))) on_save on_discard=back on_reload=Callback::new(move |()| api.epoch.update(|e| *e += 1))>
            <TextInput label="Name" required=true max_length=128 error=e("name")
                value=editor.get(|f| f.name.clone()) on_input=editor.set(|f: &mut Field, v: String| f.name = v)/>
            {if system {
                view! { <p class="at-hint">{move || format!("A system field: its type ({}) stays.", kind.with(|k| k.as_ref().map_or("", FieldType::label)))}</p> }.into_any()
            } else {
                view! {
                    <Select label="Type" options=types error=e("type")
                        value=editor.get(|f| f.kind.as_ref().map(|k| k.as_str().to_owned()).unwrap_or_default())
                        on_change=editor.set(|f: &mut Field, v: String| {
                            let kind = FieldType::parse(&v);
                            if !kind.has_options() {
                                f.options.clear();
                            }
                            f.kind = Some(kind);
                        })/>
                }.into_any()
            }}
            <Show when=has_options>
                <Options editor/>
            </Show>
            <Show when=is_text>
                <NumberInput label="Longest value, in characters" min=1 max=65_535 what="The maximum length" path="length" error=e("length")
                    value=editor.get(|f| f.length.unwrap_or(255))
                    on_change=editor.set(|f: &mut Field, v: i64| f.length = Some(v))/>
            </Show>
            // A list field's default is one of its options; a checkbox's, checked or not.
            {move || match default_kind.get() {
                Some(k) if k.has_options() => view! {
                    <Select label="Default value" none="No default" error=e("defaultValue")
                        options=Signal::derive(move || editor.draft.with(|f| f.options.iter()
                            .filter(|o| !o.value.trim().is_empty())
                            .map(|o| (o.value.clone(), if o.name.trim().is_empty() { o.value.clone() } else { o.name.clone() }))
                            .collect::<Vec<_>>()))
                        value=editor.get(|f| f.default_value.clone())
                        on_change=editor.set(|f: &mut Field, v: String| f.default_value = v)/>
                }.into_any(),
                Some(FieldType::Checkbox) => view! {
                    <Select label="Default value" none="No default" error=e("defaultValue")
                        options=Signal::stored(vec![("true".to_owned(), "Checked".to_owned()), ("false".to_owned(), "Unchecked".to_owned())])
                        value=editor.get(|f| f.default_value.clone())
                        on_change=editor.set(|f: &mut Field, v: String| f.default_value = v)/>
                }.into_any(),
                _ => view! {
                    <TextInput label="Default value" error=e("defaultValue")
                        value=editor.get(|f| f.default_value.clone()) on_input=editor.set(|f: &mut Field, v: String| f.default_value = v)/>
                }.into_any(),
            }}
            <TextInput label="Help text" max_length=500 error=e("helpText") hint="Shown to agents under the field."
                value=editor.get(|f| f.help_text.clone()) on_input=editor.set(|f: &mut Field, v: String| f.help_text = v)/>
            <Toggle label="Required" value=editor.get(|f| f.is_required) on_change=editor.set(|f: &mut Field, on: bool| f.is_required = on)/>
            <fieldset class="at-fieldset">
                <legend class="at-field__label">"Filled from"</legend>
                <TextInput label="Chat field" placeholder="The chat form field's id" error=e("chatFieldMapping")
                    value=editor.get(|f| f.chat_field_mapping.clone().unwrap_or_default())
                    on_input=editor.set(|f: &mut Field, v: String| f.chat_field_mapping = (!v.trim().is_empty()).then_some(v))/>
                <TextInput label="Offline-message field" placeholder="The offline message form field's id" error=e("offlineMessageFieldMapping")
                    value=editor.get(|f| f.offline_message_field_mapping.clone().unwrap_or_default())
                    on_input=editor.set(|f: &mut Field, v: String| f.offline_message_field_mapping = (!v.trim().is_empty()).then_some(v))/>
            </fieldset>
        </EditorForm>
    }
}

/// The options of a list field: name and stored value, in order.
#[component]
fn Options(editor: Editor<Field>) -> impl IntoView {
    let count = move || editor.draft.with(|f| f.options.len());
    let indices = move || (0..count()).collect::<Vec<usize>>();
    let errors = editor.errors();
    view! {
        <fieldset class="at-fieldset">
            <legend class="at-field__label">"Options"</legend>
            <Show when=move || count() != 0>
                // The columns' names for the eye; each input has its own label.
                <div class="at-option at-option--head" aria-hidden="true">
                    <span></span>
                    <span>"Name"</span>
                    <span>"Value (stored, used in rules)"</span>
                </div>
            </Show>
            <ol class="at-conditions__rows">
                <For each=indices key=|i| *i let:i>
                    {
                        let n = i + 1;
                        let option = move || editor.draft.with(|f| f.options.get(i).cloned().unwrap_or_default());
                        let message = move || errors.with(|e| {
                            e.get(&format!("options[{i}].name")).or_else(|| e.get(&format!("options[{i}].value"))).map(str::to_owned)
                        });
                        let set = move |f: &dyn Fn(&mut FieldOption)| editor.edit(|x| if let Some(o) = x.options.get_mut(i) { f(o) });
                        view! {
                            <li class="at-condition at-option">
                                <span class="at-condition__number" aria-hidden="true">{n}</span>
                                <input class="at-input" aria-label=format!("Option {n}: name") placeholder="Gold"
                                    prop:value=move || option().name
                                    on:input=move |ev| { let v = event_target_value(&ev); set(&|o| o.name = v.clone()); }/>
                                <input class="at-input" aria-label=format!("Option {n}: value") placeholder="gold"
                                    prop:value=move || option().value
                                    on:input=move |ev| { let v = event_target_value(&ev); set(&|o| o.value = v.clone()); }/>
                                <button type="button" class="at-button at-button--quiet" aria-label=format!("Remove option {n}")
                                    on:click=move |_| editor.edit(|f| { if i < f.options.len() { f.options.remove(i); } })>"Remove"</button>
                                <p class="at-field__error at-condition__error">{message}</p>
                            </li>
                        }
                    }
                </For>
            </ol>
            <p class="at-field__error">{move || errors.with(|e| e.get("options").map(str::to_owned))}</p>
            <button type="button" class="at-button" on:click=move |_| editor.edit(|f| {
                let order = f.options.len() as i64;
                f.options.push(FieldOption { order, ..FieldOption::default() });
            })>"+ Add option"</button>
        </fieldset>
    }
}

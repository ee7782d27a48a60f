//! A trigger's editor: when it runs, its conditions, the fields it sets and
//! the email it sends, with the email rendered by the engine as it would be
//! sent. `/triggers/new` creates one.

use leptos::prelude::*;

use anytime_core::engine::{Draft, DraftObject};

use crate::components::impact_panel::ImpactPanel;

use anytime_core::engine::clock::Zone;
use anytime_core::engine::{trigger_email, Settings};
use anytime_core::{AutoUpdate, Directory, Field, Trigger, TriggerEvent};

use crate::api::Api;
use crate::components::condition_builder::{ConditionBuilder, Conditions, FlatConditions, ValueField};
use crate::components::condition_test::ConditionTest;
use crate::components::editor::{back_to, load_for_edit, Editor, EditorForm, Target};
use crate::components::feedback::Toasts;
use crate::components::inputs::{AgentsPicker, FileButton, NumberInput, Select, TextInput, Toggle};
use crate::components::states::loaded;
use crate::forms::conditions as logic;
use crate::forms::preview::SampleForm;

#[component]
pub fn TriggerPage() -> impl IntoView {
    let data = load_for_edit::<Trigger>();
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            {loaded(data, |(trigger, fields, directory): (Option<Trigger>, Vec<Field>, Directory)| {
                view! { <TriggerForm trigger fields directory/> }
            })}
        </section>
    }
}

/// The email as the engine would send it for a sample conversation.
fn rendered(trigger: &Trigger, fields: &[Field], directory: &Directory) -> Option<(String, String, String)> {
    let sample = SampleForm::starter(fields, "2026-12-07T10:00".into()).sample(&Zone::utc());
    let email = trigger_email(trigger, &Settings::references(fields, directory), &sample)?;
    let mut to: Vec<String> = email.to_contact.into_iter().collect();
    to.extend(email.to_agents.into_iter().map(|a| a.name));
    Some((email.subject, email.html_text, if to.is_empty() { "nobody yet".into() } else { to.join(", ") }))
}

#[component]
fn TriggerForm(trigger: Option<Trigger>, fields: Vec<Field>, directory: Directory) -> impl IntoView {
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    let is_new = trigger.is_none();
    let saved = trigger.unwrap_or_else(|| Trigger {
        enable: true,
        event: Some(TriggerEvent::ConversationCreated),
        ..Trigger::default()
    });
    let fields = Signal::stored(fields);
    let directory = Signal::stored(directory);
    let editor = Editor::validated(saved, fields, directory);
    let back = back_to("/triggers");
    let on_save = Callback::new(move |overwrite: bool| {
        let target = Target::of::<Trigger>(is_new, &editor.draft.with_untracked(|x| x.id.clone()));
        editor.save(api, target, overwrite, move |stored| {
            toasts.show(format!("Trigger '{}' saved.", stored.description));
            back.run(());
        });
    });
    let conditions = Conditions::of(editor);
    let events = Signal::stored(
        TriggerEvent::ALL
            .iter()
            .map(|e| (e.number().unwrap_or_default().to_string(), e.label().to_owned()))
            .collect::<Vec<_>>(),
    );
    let statuses = Signal::derive(move || {
        fields.with(|f| {
            f.iter()
                .find(|x| x.id == "status")
                .map(|s| s.options.iter().map(|o| (o.value.clone(), o.name.clone())).collect())
                .unwrap_or_default()
        })
    });
    let lasting = editor.get(|t| t.event == Some(TriggerEvent::ConversationStatusLastForCertainTime));
    // Where a placeholder chip inserts: the part of the email last in focus.
    let into = RwSignal::new(EmailPart::Html);
    let placeholders = Signal::derive(move || {
        fields.with(|f| f.iter().map(|x| (x.id.clone(), x.name.clone())).collect::<Vec<_>>())
    });
    // What the server's cleaning will take out of the HTML (the core's list,
    // held against the cleaner by the server's tests).
    let cleaned = Memo::new(move |_| {
        editor.draft.with(|t| anytime_core::validate::cleaning::removed_by_cleaning(&t.html_text))
    });
    let email = Signal::derive(move || {
        editor
            .draft
            .with(|t| fields.with(|f| directory.with(|d| t.send_email.then(|| rendered(t, f, d)).flatten())))
    });
    view! {
        <h1 id="at-page-title" class="at-page__title">{if is_new { "New trigger" } else { "Edit trigger" }}</h1>
        <p class="at-page__lead">"When its event happens and its conditions match, a trigger sets fields and sends an email — after routing, before SLA policies."</p>
        <EditorForm editor history=(!is_new).then(|| crate::api::kinds::path_of::<Trigger>(&editor.draft.with_untracked(|x| x.id.clone()))) fields on_save on_discard=back on_reload=Callback::new(move |()| api.epoch.update(|e| *e += 1))>
            <TextInput label="Name" required=true max_length=128 error=editor.error("description")
                value=editor.get(|t| t.description.clone()) on_input=editor.set(|t: &mut Trigger, v: String| t.description = v)/>
            <fieldset class="at-fieldset">
                <legend class="at-field__label">"When"</legend>
                <Select label="Event" options=events error=editor.error("event")
                    value=editor.get(|t| t.event.as_ref().and_then(|e| e.number()).unwrap_or_default().to_string())
                    on_change=editor.set(|t: &mut Trigger, v: String| t.event = Some(TriggerEvent::parse(&v)))/>
                <Show when=move || lasting.get()>
                    <Select label="Status" options=statuses none="Choose a status" error=editor.error("status")
                        value=editor.get(|t| t.status.clone().unwrap_or_default())
                        on_change=editor.set(|t: &mut Trigger, v: String| t.status = (!v.is_empty()).then_some(v))/>
                    <NumberInput label="For how many minutes" min=1 max=525_600 what="The duration"
                        path="statusDuration" error=editor.error("statusDuration")
                        value=editor.get(|t| t.status_duration.unwrap_or(0))
                        on_change=editor.set(|t: &mut Trigger, v: i64| t.status_duration = Some(v))/>
                </Show>
            </fieldset>
            <ConditionBuilder set=conditions fields directory errors=editor.errors() flat=true/>
            <ConditionTest set=editor.get(anytime_core::Trigger::condition_set) fields directory/>
            <fieldset class="at-fieldset">
                <legend class="at-field__label">"Set fields"</legend>
                <Toggle label="Set field values" value=editor.get(|t| t.set_value)
                    on_change=editor.set(|t: &mut Trigger, on: bool| t.set_value = on)/>
                <Show when=move || editor.draft.with(|t| t.set_value)>
                    <Updates editor fields directory/>
                </Show>
            </fieldset>
            <fieldset class="at-fieldset">
                <legend class="at-field__label">"Send an email"</legend>
                <Toggle label="Send an email" value=editor.get(|t| t.send_email)
                    on_change=editor.set(|t: &mut Trigger, on: bool| t.send_email = on)/>
                <Show when=move || editor.draft.with(|t| t.send_email)>
                    <Toggle label="To the contact" value=editor.get(|t| t.send_to_contacts)
                        on_change=editor.set(|t: &mut Trigger, on: bool| t.send_to_contacts = on)/>
                    <Toggle label="To agents" value=editor.get(|t| t.send_to_agents)
                        on_change=editor.set(|t: &mut Trigger, on: bool| t.send_to_agents = on)/>
                    <Show when=move || editor.draft.with(|t| t.send_to_agents)>
                        <AgentsPicker label="Which agents" directory error=editor.error("toAgents")
                            value=editor.get(|t| t.to_agents.clone())
                            on_change=editor.set(|t: &mut Trigger, v: Vec<String>| t.to_agents = v)/>
                    </Show>
                    <div class="at-placeholders" role="group" aria-labelledby="at-placeholders-title" aria-describedby="at-placeholders-hint">
                        <p id="at-placeholders-title" class="at-field__label">"Placeholders"</p>
                        <p id="at-placeholders-hint" class="at-hint">
                            {move || format!("They put the conversation's values in. Click one to insert it at the cursor in {}.", into.get().name())}
                        </p>
                        <div class="at-chips">
                            {move || placeholders.get().into_iter().map(|(id, name)| {
                                let token = format!("{{{{{id}}}}}");
                                view! {
                                    <button type="button" class="at-chip" title=token.clone()
                                        on:mousedown=|ev| ev.prevent_default()
                                        on:click=move |_| insert_placeholder(editor, into.get_untracked(), &token)>{name}</button>
                                }
                            }).collect_view()}
                        </div>
                    </div>
                    <div on:focusin=move |_| into.set(EmailPart::Subject)>
                        <TextInput label="Subject" id=EmailPart::Subject.element_id() error=editor.error("subject") placeholder="Re: {{subject}}"
                            value=editor.get(|t| t.subject.clone()) on_input=editor.set(|t: &mut Trigger, v: String| t.subject = v)/>
                    </div>
                    <div class="at-field">
                        <label class="at-field__label" for="at-trigger-html">"Message (HTML)"</label>
                        <textarea id="at-trigger-html" class="at-input at-textarea" rows="6"
                            aria-invalid=move || editor.error("htmlText").with(Option::is_some).to_string()
                            on:focus=move |_| into.set(EmailPart::Html)
                            prop:value=editor.get(|t| t.html_text.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); editor.edit(|t| t.html_text = v); }></textarea>
                        <p class="at-field__error">{move || editor.error("htmlText").get()}</p>
                    </div>
                    <div class="at-field">
                        <label class="at-field__label" for="at-trigger-plain">"Plain-text version"</label>
                        <textarea id="at-trigger-plain" class="at-input at-textarea" rows="3"
                            on:focus=move |_| into.set(EmailPart::Plain)
                            prop:value=editor.get(|t| t.plain_text.clone())
                            on:input=move |ev| { let v = event_target_value(&ev); editor.edit(|t| t.plain_text = v); }></textarea>
                        <p class="at-field__error">{move || editor.error("plainText").get()}</p>
                    </div>
                    <AttachmentField editor/>
                    <Toggle label="Show it in the conversation" value=editor.get(|t| t.show_in_conversation_correspondences)
                        on_change=editor.set(|t: &mut Trigger, on: bool| t.show_in_conversation_correspondences = on)/>
                    {move || email.get().map(|(subject, html, to)| view! {
                        <div class="at-email" aria-label="Email preview" role="region">
                            <p class="at-hint">"Preview for a sample conversation from Tom Baker, rendered by the engine:"</p>
                            <p><strong>"Subject: "</strong>{subject}</p>
                            <p class="at-hint">{format!("To {to}")}</p>
                            // Sandboxed: the message's HTML cannot run scripts or navigate.
                            <iframe class="at-email__body" title="Email preview" sandbox="" srcdoc=html></iframe>
                            {move || cleaned.with(|removed| (!removed.is_empty()).then(|| view! {
                                <p class="at-banner at-banner--warning at-email__cleaned">
                                    {format!("Saving cleans the message for email: it takes out {}. The preview shows it as it is now.", removed.join(", "))}
                                </p>
                            }))}
                        </div>
                    })}
                </Show>
            </fieldset>
            <Toggle label="On: this trigger runs" value=editor.get(|t| t.enable)
                on_change=editor.set(|t: &mut Trigger, on: bool| t.enable = on)/>
        </EditorForm>
        <ImpactPanel draft=Signal::derive(move || Draft::One(Box::new(DraftObject::Trigger(editor.draft.get()))))/>
    }
}

/// The parts of a trigger's email a placeholder can go into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EmailPart {
    Subject,
    Html,
    Plain,
}

impl EmailPart {
    fn element_id(self) -> &'static str {
        match self {
            EmailPart::Subject => "at-trigger-subject",
            EmailPart::Html => "at-trigger-html",
            EmailPart::Plain => "at-trigger-plain",
        }
    }

    fn name(self) -> &'static str {
        match self {
            EmailPart::Subject => "the subject",
            EmailPart::Html => "the message",
            EmailPart::Plain => "the plain-text version",
        }
    }

    fn text(self, t: &mut Trigger) -> &mut String {
        match self {
            EmailPart::Subject => &mut t.subject,
            EmailPart::Html => &mut t.html_text,
            EmailPart::Plain => &mut t.plain_text,
        }
    }
}

/// Puts `token` where the cursor is in `part` (over its selection), and
/// the cursor after it, the field focused again.
fn insert_placeholder(editor: Editor<Trigger>, part: EmailPart, token: &str) {
    use wasm_bindgen::JsCast;
    let element = document().get_element_by_id(part.element_id());
    // Inputs and textareas keep their selection when they lose the focus.
    let selection = element.as_ref().and_then(|e| {
        if let Some(i) = e.dyn_ref::<web_sys::HtmlInputElement>() {
            Some((i.selection_start().ok()??, i.selection_end().ok()??))
        } else {
            let a = e.dyn_ref::<web_sys::HtmlTextAreaElement>()?;
            Some((a.selection_start().ok()??, a.selection_end().ok()??))
        }
    });
    let mut caret = 0;
    editor.edit(|t| {
        let text = part.text(t);
        let end = text.encode_utf16().count() as u32;
        let (start, stop) = selection.unwrap_or((end, end));
        let (new, at) = crate::forms::placeholders::insert_at(text, start, stop, token);
        *text = new;
        caret = at;
    });
    request_animation_frame(move || {
        let Some(e) = document().get_element_by_id(part.element_id()) else { return };
        if let Some(i) = e.dyn_ref::<web_sys::HtmlInputElement>() {
            let _ = i.focus();
            let _ = i.set_selection_range(caret, caret);
        } else if let Some(a) = e.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            let _ = a.focus();
            let _ = a.set_selection_range(caret, caret);
        }
    });
}

/// "Set Priority to Urgent" rows: a field and a value typed for it.
#[component]
fn Updates(
    editor: Editor<Trigger>,
    fields: Signal<Vec<Field>>,
    directory: Signal<Directory>,
) -> impl IntoView {
    let count = move || editor.draft.with(|t| t.auto_update.len());
    let indices = move || (0..count()).collect::<Vec<usize>>();
    let add = move |_| {
        let first = fields.with(|f| f.first().map(|x| x.id.clone()).unwrap_or_default());
        editor.edit(|t| t.auto_update.push(AutoUpdate { field_id: first, ..AutoUpdate::default() }));
    };
    view! {
        <ol class="at-conditions__rows">
            <For each=indices key=|i| *i let:i>
                {
                    let row = move || editor.draft.with(|t| t.auto_update.get(i).cloned().unwrap_or_default());
                    let field = move || fields.with(|f| f.iter().find(|x| x.id == row().field_id).cloned());
                    let error = editor.errors();
                    let message = move || error.with(|e| {
                        e.get(&format!("autoUpdate[{i}].value")).or_else(|| e.get(&format!("autoUpdate[{i}].fieldId"))).map(str::to_owned)
                    });
                    let n = i + 1;
                    view! {
                        <li class="at-condition">
                            <span class="at-condition__number" aria-hidden="true">{n}</span>
                            <select class="at-select" aria-label=format!("Set {n}: field")
                                on:change=move |ev| { let v = event_target_value(&ev); editor.edit(|t| if let Some(u) = t.auto_update.get_mut(i) { u.field_id = v; u.value.clear(); }); }>
                                {move || fields.get().into_iter().map(|f| {
                                    let id = f.id.clone();
                                    view! { <option value=id.clone() selected=move || row().field_id == id>{f.name}</option> }
                                }).collect_view()}
                            </select>
                            <span aria-hidden="true">"to"</span>
                            <ValueField
                                label=format!("Set {n}: value")
                                choose=true
                                input=Signal::derive(move || directory.with(|d| logic::value_input(field().as_ref(), d)))
                                value=Signal::derive(move || row().value)
                                invalid=Signal::derive(move || message().is_some())
                                on_input=Callback::new(move |v: String| editor.edit(|t| if let Some(u) = t.auto_update.get_mut(i) { u.value = v; }))
                            />
                            <button type="button" class="at-button at-button--quiet" aria-label=format!("Remove set {n}")
                                on:click=move |_| editor.edit(|t| { if i < t.auto_update.len() { t.auto_update.remove(i); } })>"Remove"</button>
                            <p class="at-field__error at-condition__error">{message}</p>
                        </li>
                    }
                }
            </For>
        </ol>
        <button type="button" class="at-button" on:click=add>"+ Add a field to set"</button>
    }
}

/// The email's attachment: upload one (at most 10 MiB), or remove it.
#[component]
fn AttachmentField(editor: Editor<Trigger>) -> impl IntoView {
    let api = expect_context::<Api>();
    let (uploading, set_uploading) = signal(false);
    let (problem, set_problem) = signal(None::<String>);
    let attachment = editor.get(|t| t.attachment.clone());
    let on_file = Callback::new(move |file: web_sys::File| {
        set_problem.set(None);
        set_uploading.set(true);
        leptos::task::spawn_local(async move {
            let result = crate::api::endpoints::upload_attachment(api, file).await;
            set_uploading.set(false);
            match result {
                Ok(a) => editor.edit(|t| t.attachment = Some(a)),
                Err(e) => set_problem.set(Some(e.message())),
            }
        });
    });
    view! {
        <div class="at-field" aria-live="polite">
            <span class="at-field__label">"Attachment"</span>
            {move || match attachment.get() {
                Some(a) => view! {
                    <p class="at-attachment">
                        {format!("📎 {} ({})", a.name, crate::format::size(a.size))}
                        <button type="button" class="at-button at-button--quiet" aria-label=format!("Remove the attachment {}", a.name)
                            on:click=move |_| editor.edit(|t| t.attachment = None)>"Remove"</button>
                    </p>
                }.into_any(),
                None => view! {
                    <FileButton label=Signal::derive(move || if uploading.get() { "Uploading…".to_owned() } else { "Attach a file…".to_owned() })
                        on_file disabled=uploading/>
                    <span class="at-hint">" At most 10 MiB."</span>
                }.into_any(),
            }}
            <p class="at-field__error">{move || problem.get().or_else(|| editor.error("attachment.id").get())}</p>
        </div>
    }
}

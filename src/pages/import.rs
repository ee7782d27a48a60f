//! Import settings: choose a settings file; the core checks the whole
//! document here (problems listed with their paths, nothing sent); the
//! page says what the import would add, change and remove, and what it
//! would do to conversations ("What changes?"); "Import" applies it on
//! the server in one transaction, or changes nothing.

use leptos::prelude::*;

use anytime_core::document::Document;
use anytime_core::engine::Draft;
use anytime_core::{Directory, FieldError};

use super::page::PageHeader;
use crate::api::{self, Api, ApiError, Method};
use crate::areas;
use crate::components::feedback::Toasts;
use crate::components::impact_panel::ImpactPanel;
use crate::components::inputs::TextFileButton;
use crate::components::states::loaded;
use crate::forms::import::{change_words, list_changes};

const EXPORT: &str = "/api/v3/anytime/export";
const IMPORT: &str = "/api/v3/anytime/import";

/// A chosen file, as far as it could be read.
#[derive(Clone, PartialEq)]
enum Chosen {
    /// Not a settings document at all: where reading stopped.
    Unreadable { name: String, message: String },
    /// A document, and every problem the core finds in it.
    Read { name: String, doc: Box<Document>, problems: Vec<FieldError> },
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let saved = api::resource(api, |api| async move { api.get::<Document>(EXPORT).await });
    view! {
        <section class="at-page at-page--wide" aria-labelledby="at-page-title">
            <PageHeader area=areas::get("import")/>
            {loaded(saved, |doc: Document| view! { <Importer saved=doc/> })}
        </section>
    }
}

#[component]
fn Importer(saved: Document) -> impl IntoView {
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    let saved = StoredValue::new(saved);
    let chosen = RwSignal::new(None::<Chosen>);
    let (applying, set_applying) = signal(false);
    let (refused, set_refused) = signal(None::<String>);
    let read = move |name: String, text: String| {
        set_refused.set(None);
        chosen.set(Some(match anytime_core::decode::from_str::<Document>(&text) {
            Err(e) if e.path.is_empty() => Chosen::Unreadable { name, message: e.message },
            Err(e) => Chosen::Read {
                name,
                doc: Box::new(saved.with_value(|s| s.clone())),
                problems: vec![FieldError { field: e.path, message: e.message }],
            },
            Ok(doc) => {
                let directory = saved.with_value(|s| Directory {
                    agents: s.settings.agents.clone(),
                    departments: s.settings.departments.clone(),
                });
                let problems = doc.check(&directory).0;
                Chosen::Read { name, doc: Box::new(doc), problems }
            }
        }));
    };
    let ready = move || {
        chosen.with(|c| match c {
            Some(Chosen::Read { doc, problems, .. }) if problems.is_empty() => Some((**doc).clone()),
            _ => None,
        })
    };
    let draft = Signal::derive(move || {
        chosen.with(|c| match c {
            Some(Chosen::Read { doc, .. }) => Draft::Whole(Box::new(doc.settings.clone())),
            _ => Draft::Whole(Box::new(saved.with_value(|s| s.settings.clone()))),
        })
    });
    let apply = move |_| {
        let Some(doc) = ready() else { return };
        set_applying.set(true);
        leptos::task::spawn_local(async move {
            let result =
                api.send::<Document, serde_json::Value>(Method::Post, IMPORT, Some(&doc), None).await;
            set_applying.set(false);
            match result {
                Ok(_) => {
                    toasts.show("Imported: every setting is now the file's.");
                    chosen.set(None);
                    // Everything the console shows is read again.
                    api.epoch.update(|e| *e += 1);
                }
                Err(ApiError::Invalid(errors)) => {
                    let name = chosen.with_untracked(|c| match c {
                        Some(Chosen::Read { name, .. } | Chosen::Unreadable { name, .. }) => name.clone(),
                        None => String::new(),
                    });
                    chosen.set(Some(Chosen::Read { name, doc: Box::new(doc), problems: errors.0 }));
                    set_refused.set(Some("The server refused the file; nothing was changed.".into()));
                }
                Err(e) => set_refused.set(Some(format!("{} Nothing was changed.", e.message()))),
            }
        });
    };
    view! {
        <div class="at-fieldset at-import">
            <h2 class="at-section__title">"Choose a settings file"</h2>
            <p class="at-hint">"A file downloaded from “Export” (or written to its format). It is checked here first: nothing is sent until you choose Import."</p>
            <div class="at-controls">
                <TextFileButton label="Choose a settings file…" accept=".json,application/json"
                    on_file=Callback::new(move |(name, text): (String, String)| read(name, text))/>
                <a class="at-button" href="/api/v3/anytime/export" download="anytime-settings.json"
                    on:click=move |ev| { ev.prevent_default(); download(api); }>"Export the saved settings…"</a>
            </div>
        </div>
        {move || chosen.get().map(|c| match c {
            Chosen::Unreadable { name, message } => view! {
                <div class="at-banner at-banner--error" role="alert">
                    <p><strong>{format!("'{name}' is not a settings file. ")}</strong>{message}</p>
                    <p>"Nothing was sent or changed."</p>
                </div>
            }.into_any(),
            Chosen::Read { name, problems, .. } if !problems.is_empty() => view! {
                <div class="at-banner at-banner--error" role="alert">
                    <p><strong>{format!("'{name}' cannot be imported: {} problem{} to fix. ", problems.len(), if problems.len() == 1 { "" } else { "s" })}</strong>
                        "Nothing was sent or changed."</p>
                    <ul class="at-import__problems">
                        {problems.into_iter().map(|p| view! { <li><code>{p.field}</code>" — "{p.message}</li> }).collect_view()}
                    </ul>
                </div>
            }.into_any(),
            Chosen::Read { name, doc, .. } => {
                let changes: Vec<String> = saved.with_value(|s| list_changes(s, &doc)).iter().filter_map(change_words).collect();
                view! {
                    <div class="at-fieldset at-import" role="status">
                        <h2 class="at-section__title">{format!("'{name}' is a valid settings file")}</h2>
                        {if changes.is_empty() {
                            view! { <p>"It holds exactly what is saved: importing it changes nothing."</p> }.into_any()
                        } else {
                            view! {
                                <p>"Importing replaces every setting with the file's:"</p>
                                <ul class="at-import__changes">{changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                            }.into_any()
                        }}
                        <div class="at-controls">
                            <button type="button" class="at-button at-button--primary" on:click=apply disabled=move || applying.get()>
                                {move || if applying.get() { "Importing…" } else { "Import" }}
                            </button>
                            <button type="button" class="at-button" on:click=move |_| chosen.set(None)>"Cancel"</button>
                        </div>
                    </div>
                }.into_any()
            }
        })}
        <p class="at-field__error" role="alert">{move || refused.get()}</p>
        <Show when=move || ready().is_some()>
            <ImpactPanel draft/>
        </Show>
    }
}

/// Saves the export as a file (the API needs the token, so not a plain link).
fn download(api: Api) {
    leptos::task::spawn_local(async move {
        let Ok(doc) = api.get::<serde_json::Value>(EXPORT).await else { return };
        let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("application/json");
        let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
        if let Some(a) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.create_element("a").ok())
        {
            let _ = a.set_attribute("href", &url);
            let _ = a.set_attribute("download", "anytime-settings.json");
            use wasm_bindgen::JsCast;
            if let Ok(a) = a.dyn_into::<web_sys::HtmlElement>() {
                a.click();
            }
        }
        let _ = web_sys::Url::revoke_object_url(&url);
    });
}

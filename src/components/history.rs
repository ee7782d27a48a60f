//! An editor's History panel (contract §12): each version with who and
//! when and what changed in words, and "Restore this version", which puts
//! that version in the form — the admin sees it (and its impact) and saves
//! it through the normal save, conflict dialog included.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::endpoints::{self, Revision};
use crate::api::{Api, ApiError};

/// When, as the panel says it: `2026-12-06 10:32 UTC`.
pub fn when(at: &str) -> String {
    at.replacen('T', " ", 1)
        .trim_end_matches('Z')
        .get(..16)
        .map_or_else(|| at.to_owned(), |t| format!("{t} UTC"))
}

/// Each version with what changed from the one before it (older).
fn with_changes(list: &[Revision], fields: &[anytime_core::Field]) -> Vec<(Revision, Vec<String>)> {
    list.iter()
        .enumerate()
        .map(|(i, r)| {
            let older = list[i + 1..].iter().find(|o| o.object.is_some() || o.action == "delete");
            let before = older.and_then(|o| o.object.as_ref());
            let said = match (r.action.as_str(), before) {
                ("delete", _) => vec!["Deleted".to_owned()],
                (action, _) if crate::history::heading_says_it_all(action) => Vec::new(),
                (_, None) if older.is_none() => crate::history::changes(None, r.object.as_ref(), fields),
                (_, before) => {
                    let said = crate::history::changes(before, r.object.as_ref(), fields);
                    if said.is_empty() {
                        vec!["Nothing an admin sees changed".to_owned()]
                    } else {
                        said
                    }
                }
            };
            (r.clone(), said)
        })
        .collect()
}

/// The History panel of the object at `path` (its API path). `on_use`
/// gets the chosen version's object, to put in the form.
#[component]
pub fn History(
    path: String,
    on_use: Callback<serde_json::Value>,
    #[prop(optional, into)] fields: Signal<Vec<anytime_core::Field>>,
    /// Changes when the object is saved: an open panel loads again.
    #[prop(optional, into)]
    saved: Signal<u32>,
) -> impl IntoView {
    let api = expect_context::<Api>();
    let open = RwSignal::new(false);
    let loaded: RwSignal<Option<Result<Vec<Revision>, ApiError>>> = RwSignal::new(None);
    let path = StoredValue::new(path);
    let load = move || {
        loaded.set(None);
        spawn_local(async move {
            let list = endpoints::revisions(api, &path.get_value()).await;
            loaded.set(Some(list));
        });
    };
    Effect::new(move |_| {
        saved.track();
        if open.get_untracked() {
            load();
        }
    });
    let toggle = move |_| {
        let now = !open.get_untracked();
        open.set(now);
        if now {
            load();
        }
    };
    view! {
        <section class="at-history" aria-labelledby="at-history-title">
            <h2 id="at-history-title" class="at-history__title">
                <button type="button" class="at-button at-button--quiet" aria-expanded=move || open.get().to_string() on:click=toggle>
                    {move || if open.get() { "Hide history" } else { "History" }}
                </button>
            </h2>
            <Show when=move || open.get()>
                {move || match loaded.get() {
                    None => view! { <p class="at-muted">"Loading the versions…"</p> }.into_any(),
                    Some(Err(e)) => view! { <p class="at-banner at-banner--error" role="alert">{e.message()}</p> }.into_any(),
                    Some(Ok(list)) if list.is_empty() => view! { <p class="at-muted">"No versions yet."</p> }.into_any(),
                    Some(Ok(list)) => {
                        let rows = fields.with(|f| with_changes(&list, f));
                        view! {
                            <ol class="at-history__list">
                                {rows.into_iter().enumerate().map(|(i, (r, said))| {
                                    let object = r.object.clone();
                                    let can_use = i > 0 && object.is_some();
                                    let label = format!("Restore this version ({} by {})", when(&r.at), r.actor.shown());
                                    view! {
                                        <li class="at-history__item">
                                            <p class="at-history__head">
                                                <strong>{crate::history::action(&r.action)}</strong>
                                                " by " {r.actor.shown()} " · " <time datetime=r.at.clone()>{when(&r.at)}</time>
                                                {(i == 0).then(|| view! { <span class="at-badge">"Current"</span> })}
                                            </p>
                                            <ul class="at-history__changes">
                                                {said.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}
                                            </ul>
                                            {can_use.then(|| view! {
                                                <button type="button" class="at-button" aria-label=label
                                                    on:click=move |_| if let Some(o) = object.clone() { on_use.run(o) }>
                                                    "Restore this version"
                                                </button>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        }.into_any()
                    }
                }}
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::endpoints::Who;
    use serde_json::json;

    fn rev(action: &str, object: Option<serde_json::Value>) -> Revision {
        Revision {
            etag: object.as_ref().map(|_| "1".into()),
            at: "2026-12-06T10:32:07Z".into(),
            actor: Who { id: "ed".into(), name: "Ed".into(), via: "token".into() },
            action: action.into(),
            object,
        }
    }

    #[test]
    fn each_version_says_what_changed_from_the_one_before() {
        let list = [
            rev("update", Some(json!({"description": "B", "enable": false}))),
            rev("update", Some(json!({"description": "B", "enable": true}))),
            rev("create", Some(json!({"description": "A", "enable": true}))),
        ];
        let rows = with_changes(&list, &[]);
        assert_eq!(rows[0].1, ["Turned off"]);
        assert_eq!(rows[1].1, ["Name: 'A' → 'B'"]);
        assert!(rows[2].1.is_empty(), "the heading says Created");
        assert_eq!(when("2026-12-06T10:32:07Z"), "2026-12-06 10:32 UTC");
    }
}

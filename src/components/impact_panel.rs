//! "What changes?" beside an editor's Test panel: the saved settings and
//! the draft evaluate the same conversations — generated, from a file, or
//! those kept on the Preview page — in a worker, and the panel says how
//! many change and how, with each changed conversation's before → after
//! and a link that opens it in Preview. Nothing is saved or sent.

use leptos::prelude::*;

use anytime_core::engine::corpus;
use anytime_core::engine::{Draft, Sample, Settings};

use crate::api::{endpoints, Api};
use crate::bulk::{BulkAnswer, BulkRequest, Corpus};
use crate::components::bulk_run::{BulkRunner, RunProgress, RunState};
use crate::components::feedback::Unsaved;
use crate::components::inputs::{Select, TextFileButton, TextInput};
use crate::components::kept::samples as kept_samples;
use crate::forms::impact::{change_lines, headline, sample_changes, sample_words, Names};
use crate::forms::preview::now_seconds;
use crate::forms::typed::Kind;

/// Changed conversations listed (the counts cover all of them).
const LISTED: usize = 50;

/// The saved and draft settings a run compared, for its words.
#[derive(Clone, PartialEq)]
struct Compared {
    saved: Settings,
    draft: Settings,
    /// The draft as it was: a later edit makes the answer stale.
    as_run: Draft,
    /// Its name when handed over to Preview.
    handoff: String,
}

/// Where Preview opens with `sample` filled in and the compared draft
/// (handed over in this tab's session storage under `handoff`) in use.
pub fn preview_href(base: &crate::Base, sample: &Sample, handoff: &str) -> String {
    let json = crate::api::to_json(sample).unwrap_or_default();
    base.href(&format!(
        "/preview?sample={}&draft={handoff}",
        String::from(js_sys::encode_uri_component(&json))
    ))
}

const HANDED_DRAFT: &str = "anytime.preview-draft:";

/// Why the kept samples are not used yet (they may be another admin's).
const KEPT_UNKNOWN: &str = "The samples kept on the Preview page show once the server says who is signed in.";

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// A name for one comparison's hand-over, unlike any other's.
fn handoff_id() -> String {
    format!("{:x}{:x}", js_sys::Date::now() as u64, (js_sys::Math::random() * 1e12) as u64)
}

/// Leaves the compared draft for Preview (this tab only), in place of any
/// earlier one.
fn hand_over(handoff: &str, draft: &Settings) {
    forget_handed();
    let Some(s) = session() else { return };
    if let Ok(json) = crate::api::to_json(draft) {
        // A full quota only means Preview uses the saved settings.
        let _ = s.set_item(&format!("{HANDED_DRAFT}{handoff}"), &json);
    }
}

/// Forgets any draft handed over to Preview (a newer one replaces it; a
/// sign-out takes it along).
pub fn forget_handed() {
    let Some(s) = session() else { return };
    for k in crate::components::kept::all_keys(&s).iter().filter(|k| k.starts_with(HANDED_DRAFT)) {
        let _ = s.remove_item(k);
    }
}

/// The draft handed over as `handoff`, if this tab has it.
pub fn handed_draft(handoff: &str) -> Option<Settings> {
    let text = session()?.get_item(&format!("{HANDED_DRAFT}{handoff}")).ok()??;
    crate::api::read(&text).ok()
}

#[component]
pub fn ImpactPanel(#[prop(into)] draft: Signal<Draft>) -> impl IntoView {
    let api = expect_context::<Api>();
    let base = use_context::<crate::Base>().unwrap_or_default();
    let runner = BulkRunner::new();
    let source = RwSignal::new("generated".to_owned());
    let count = RwSignal::new("5000".to_owned());
    let seed = RwSignal::new("1".to_owned());
    let file = RwSignal::new(None::<(String, String)>);
    let problem = RwSignal::new(None::<String>);
    let compared = RwSignal::new(None::<Compared>);
    let week = corpus::week_start(now_seconds());
    // Preview's kept samples only once it is known who is signed in: they
    // may be another admin's (see kept::claim).
    let asked = crate::components::shell::Asked::now();
    let kept_now = move || kept_samples::load(&api.base.get_value());
    let kept_count = move || asked.get().then(|| kept_now().len());

    let corpus_now = move || -> Result<Corpus, String> {
        match source.get_untracked().as_str() {
            "file" => file
                .get_untracked()
                .map(|(name, text)| Corpus::File { name, text })
                .ok_or_else(|| "Choose a file of samples first.".to_owned()),
            "kept" if !asked.get_untracked() => Err(KEPT_UNKNOWN.to_owned()),
            "kept" => Ok(Corpus::Samples { samples: kept_now() }),
            _ => {
                let n = count.get_untracked().trim().replace(',', "").parse::<usize>().ok();
                let n = n.filter(|n| (1..=corpus::MAX_SAMPLES).contains(n)).ok_or_else(|| {
                    format!(
                        "Enter how many conversations to generate: 1 to {}.",
                        crate::format::count(corpus::MAX_SAMPLES as u64)
                    )
                })?;
                let seed = seed
                    .get_untracked()
                    .trim()
                    .parse::<u64>()
                    .map_err(|_| "The seed is a whole number, like 1.".to_owned())?;
                Ok(Corpus::Generated { count: n, seed, start: week })
            }
        }
    };
    // Rows drawn: ten, then all that were listed.
    let rows_shown = RwSignal::new(10usize);
    // The draft's problems when it was compared (it is compared anyway).
    let draft_problems = RwSignal::new(0usize);
    let run = move || {
        problem.set(None);
        rows_shown.set(10);
        let corpus = match corpus_now() {
            Ok(c) => c,
            Err(e) => return problem.set(Some(e)),
        };
        let as_run = draft.get_untracked();
        leptos::task::spawn_local(async move {
            // What is saved now (a save on this page since is included;
            // offline, the copy kept in the browser).
            let saved = match endpoints::settings(api).await {
                Ok(s) => s,
                Err(e) => {
                    return problem
                        .set(Some(format!("The saved settings could not be read: {}", e.message())));
                }
            };
            let draft_settings = as_run.settings(&saved);
            draft_problems.set(as_run.check(&saved).0.len());
            let mut names = vec![saved.working_time.time_zone.clone()];
            if draft_settings.working_time.time_zone != names[0] {
                names.push(draft_settings.working_time.time_zone.clone());
            }
            let mut zones = Vec::new();
            for name in names {
                zones.extend(endpoints::zone_tzif(api, &name).await);
            }
            compared.set(Some(Compared {
                saved: saved.clone(),
                draft: draft_settings.clone(),
                as_run,
                handoff: handoff_id(),
            }));
            runner.start(BulkRequest {
                saved,
                draft: Some(draft_settings),
                corpus,
                now: anytime_core::date::format_utc(now_seconds()),
                zones,
                limit: LISTED,
            });
        });
    };
    // The finished comparison and what it compared (the results depend on
    // this, not on the draft being typed).
    let answer = Memo::new(move |_| match runner.state.get() {
        RunState::Done(a) => compared.get().map(|c| (a, c)),
        _ => None,
    });
    // A memo, so typing in the editor redraws this line only, not the results.
    let stale =
        Memo::new(move |_| compared.with(|c| c.as_ref().is_some_and(|c| draft.with(|d| *d != c.as_run))));
    let sources = vec![
        ("generated".to_owned(), "Generated conversations".to_owned()),
        ("file".to_owned(), "A file of samples (JSON or CSV)".to_owned()),
        ("kept".to_owned(), "The samples kept on the Preview page".to_owned()),
    ];
    let is = move |s: &'static str| move || source.with(|v| v == s);
    view! {
        <section class="at-fieldset at-impact" aria-labelledby="at-impact-title">
            <h2 id="at-impact-title" class="at-section__title">"What changes?"</h2>
            <p class="at-hint">"Compare the draft with what is saved, over many conversations, before saving. It runs here in the browser; nothing is saved or sent."</p>
            <Select label="Conversations" options=Signal::stored(sources) value=source on_change=Callback::new(move |v| source.set(v))/>
            <Show when=is("generated")>
                <div class="at-controls">
                    <TextInput label="How many" kind=Kind::Number { min: 1, max: corpus::MAX_SAMPLES as i64 } what="The number of conversations"
                        value=count on_input=Callback::new(move |v| count.set(v))/>
                    <TextInput label="Seed" kind=Kind::Number { min: 0, max: i64::MAX } what="The seed"
                        value=seed on_input=Callback::new(move |v| seed.set(v))/>
                </div>
                <p class="at-hint">{format!("The same seed gives the same conversations: new ones over the week of {} (UTC), a few from blocked senders.", week_words(week))}</p>
            </Show>
            <Show when=is("file")>
                <div class="at-controls">
                    <TextFileButton label=Signal::derive(move || match file.get() {
                            Some((name, _)) => format!("'{name}' — choose another…"),
                            None => "Choose a file of samples…".to_owned(),
                        })
                        accept=".json,.csv,application/json,text/csv"
                        on_file=Callback::new(move |named| file.set(Some(named)))/>
                </div>
            </Show>
            <Show when=is("kept")>
                <p class="at-hint">{move || match kept_count() {
                    None => KEPT_UNKNOWN.to_owned(),
                    Some(0) => "No samples are kept yet: on the Preview page, fill in a conversation and choose “Keep this sample”.".to_owned(),
                    Some(n) => format!("{n} kept sample{}.", if n == 1 { "" } else { "s" }),
                }}</p>
            </Show>
            <div class="at-controls">
                // Not disabled while running (the focus would be lost): a
                // new comparison replaces the one under way.
                <button type="button" class="at-button at-button--primary" on:click=move |_| run()>
                    {move || if compared.with(Option::is_some) { "Compare again" } else { "Show what changes" }}
                </button>
            </div>
            <p class="at-field__error" role="alert">{move || problem.get()}</p>
            <RunProgress runner label="Comparing the draft with what is saved"/>
            {move || match runner.state.get() {
                RunState::Failed(e) => Some(view! { <p class="at-field__error" role="alert">{e}</p> }),
                _ => None,
            }}
            // Mounted always, so screen readers hear each new answer.
            <p class="at-outcome__headline" role="status">{move || answer.with(|a| a.as_ref().map(|(answer, c)| match &**answer {
                BulkAnswer::Impact { impact, .. } => headline(impact, &Names { saved: &c.saved, draft: &c.draft }),
                BulkAnswer::Summary { .. } => String::new(),
            })).unwrap_or_default()}</p>
            {move || stale.get().then(|| view! { <p class="at-hint">"The draft has changed since: compare again to see its effect."</p> })}
            {move || answer.get().map(|(answer, c)| match &*answer {
                BulkAnswer::Impact { impact, samples, millis, problems } => {
                    let names = Names { saved: &c.saved, draft: &c.draft };
                    let lines = change_lines(impact, &names);
                    let listed = impact.samples.len();
                    let rows: Vec<_> = impact.samples.iter().zip(samples.iter()).take(rows_shown.get()).map(|(changed, sample)| {
                        (changed.index, sample_words(sample), sample_changes(changed, &names, &c.saved), preview_href(&base, sample, &c.handoff))
                    }).collect();
                    let shown = rows.len() as u64;
                    let open = move |ev: leptos::ev::MouseEvent| {
                        // Leaving keeps the draft in the browser, but asks first, as the sidebar does.
                        if use_context::<Unsaved>().is_some_and(|u| !u.may_leave()) {
                            ev.prevent_default();
                            return;
                        }
                        compared.with_untracked(|c| c.as_ref().map(|c| hand_over(&c.handoff, &c.draft)));
                    };
                    view! {
                        {(!problems.is_empty()).then(|| view! {
                            <ul class="at-banner at-banner--warning">{problems.clone().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                        })}
                        {(draft_problems.get() > 0).then(|| view! {
                            <p class="at-hint">"The draft has problems to fix before it can be saved; this is what it would do as it is."</p>
                        })}
                        {(lines.len() > 1).then(|| view! {
                            <ul class="at-impact__lines">{lines.into_iter().map(|(_, l)| view! { <li>{l}</li> }).collect_view()}</ul>
                        })}
                        {(!rows.is_empty()).then(|| view! {
                            <table class="at-table at-impact__table">
                                <caption>{if shown < impact.changed {
                                    format!("The first {} of {} changed conversations", crate::format::count(shown), crate::format::count(impact.changed))
                                } else {
                                    "The changed conversations".to_owned()
                                }}</caption>
                                <thead><tr><th scope="col">"#"</th><th scope="col">"Conversation"</th><th scope="col">"Before → after"</th><th scope="col"><span class="at-visually-hidden">"Open"</span></th></tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|(index, words, changes, href)| view! {
                                        <tr>
                                            <td class="at-num">{(index + 1).to_string()}</td>
                                            <td>{words}</td>
                                            <td><ul class="at-impact__changes">{changes.into_iter().map(|(what, before, after)| view! {
                                                <li><strong>{what}": "</strong>{before}" → "{after}</li>
                                            }).collect_view()}</ul></td>
                                            <td><a href=href on:click=open on:auxclick=move |_| {
                                                compared.with_untracked(|c| c.as_ref().map(|c| hand_over(&c.handoff, &c.draft)));
                                            }>"Open in Preview"<span class="at-visually-hidden">{format!(" (conversation {})", index + 1)}</span></a></td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            {(listed > rows_shown.get()).then(|| view! {
                                <button type="button" class="at-button" on:click=move |_| rows_shown.set(LISTED)>
                                    {format!("Show {listed} changed conversations")}
                                </button>
                            })}
                        })}
                        <p class="at-hint">{format!("Evaluated {} conversations twice in {:.0} ms.", crate::format::count(impact.total), millis)}</p>
                    }.into_any()
                }
                BulkAnswer::Summary { .. } => ().into_any(),
            })}
        </section>
    }
}

/// "30 Nov 2026" for a week's Monday.
fn week_words(start: i64) -> String {
    crate::format::added(&anytime_core::date::format_utc(start)).unwrap_or_default()
}

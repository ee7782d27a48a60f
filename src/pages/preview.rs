//! Preview: what the settings would do to a conversation, computed here in
//! the browser by the core engine the server runs — on the saved settings
//! or on a settings file (a draft), and still with the network gone.

use std::sync::Arc;

use leptos::prelude::*;

use anytime_core::engine::clock::{Zone, Zones};
use anytime_core::engine::{Evaluator, FieldValue, Outcome, RoutingStatus, Sample, Settings};
use anytime_core::{Directory, TriggerEvent};

use super::page::PageHeader;
use crate::api::{self, endpoints, Api, ApiError};
use crate::bulk::{BulkAnswer, BulkRequest, Corpus};
use crate::components::bulk_run::{BulkRunner, RunProgress, RunState};
use crate::components::explain::{mark, Explain, SampleField};
use crate::components::inputs::{NumberInput, Select, TextFileButton, TextInput};
use crate::components::states::loaded_once;
use crate::forms::preview::{self as logic, now_seconds, SampleForm};
use crate::forms::typed::Kind;
use crate::{areas, format};

/// Compiled settings, compared by identity (a new compile is a change).
#[derive(Clone)]
struct Compiled(Arc<Evaluator>);

impl PartialEq for Compiled {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The saved settings, a draft handed over from "What changes?" (when the
/// page was opened from one), and the zones their times need.
#[derive(Clone)]
struct Loaded {
    settings: Settings,
    handed: Option<Arc<Settings>>,
    zones: Zones,
}

async fn load(api: Api, handed: Option<Arc<Settings>>) -> Result<Loaded, ApiError> {
    let settings = endpoints::settings(api).await?;
    let mut zones = endpoints::zones(api, &settings.working_time.time_zone).await;
    // The handed draft's zone is read before the page shows, so the sample
    // handed with it is read in that zone, not in UTC meanwhile (as `POST
    // preview` has it; offline the engine says it counts in UTC).
    let other = handed.as_ref().map(|h| h.working_time.time_zone.as_str()).filter(|z| zones.get(z).is_none());
    if let Some(name) = other {
        zones.extend(endpoints::zones(api, name).await);
    }
    Ok(Loaded { settings, handed, zones })
}

#[component]
pub fn PreviewPage() -> impl IntoView {
    let api = expect_context::<Api>();
    // A changed conversation opened from "What changes?" comes with the
    // draft it was compared under.
    let handed = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("draft"))
        .and_then(|id| crate::components::impact_panel::handed_draft(&id))
        .map(Arc::new);
    // Loaded again when the server is back, after answering offline.
    let data = api::resource(api, move |api| {
        api.reconnected.track();
        load(api, handed.clone())
    });
    view! {
        <section class="at-page at-page--wide" aria-labelledby="at-page-title">
            <PageHeader area=areas::get("preview")/>
            {loaded_once(data, move |l: Loaded| view! { <Workbench loaded=l data/> })}
        </section>
    }
}

#[component]
fn Workbench(loaded: Loaded, data: api::Loading<Loaded>) -> impl IntoView {
    let api = expect_context::<Api>();
    // The zones known: the saved settings', a handed draft's, a file's.
    let zones = RwSignal::new(loaded.zones);
    let query = leptos_router::hooks::use_query_map();
    let handed = loaded.handed;
    // Shared, not copied: the saved settings, the ones used and every
    // explanation drawn read one copy (a copy each was a thousand copies
    // of 10,000 blocked senders for every answer, 0.7 s a keystroke).
    let loaded_settings = Arc::new(loaded.settings);
    let saved = StoredValue::new(loaded_settings.clone());
    // Where the settings came from: the server (none), or a draft (in words).
    let (source, set_source) =
        signal(handed.is_some().then(|| "the draft compared in “What changes?”".to_owned()));
    let settings = RwSignal::new(handed.unwrap_or(loaded_settings));
    // Fresh saved settings (the server back, "Try again") are taken in
    // here, not by making the page again: the sample typed, a file or
    // draft in use and a run of many all stay.
    Effect::new(move |seen: Option<()>| {
        if seen.is_none() {
            // The first run only listens: the page was made from this value.
            return data.with(|_| ());
        }
        let fresh = data.with(|d| match d {
            Some(Ok(fresh)) => Some((Arc::new(fresh.settings.clone()), fresh.zones.clone())),
            _ => None,
        });
        if let Some((fresh, fresh_zones)) = fresh {
            zones.update(|z| z.extend(fresh_zones));
            saved.set_value(fresh.clone());
            if source.with_untracked(Option::is_none) {
                settings.set(fresh);
            }
        }
    });
    let zone_name = Memo::new(move |_| settings.with(|s| s.working_time.time_zone.clone()));
    let zone = Signal::derive(move || {
        let name = zone_name.get();
        zones.with(|z| z.get(&name)).map(Zone::new).unwrap_or_else(Zone::utc)
    });
    let fields = Memo::new(move |_| settings.with(|s| logic::form_fields(&s.fields)));
    let directory = Signal::derive(move || {
        settings.with(|s| Directory { agents: s.agents.clone(), departments: s.departments.clone() })
    });
    let start_form = move || {
        let now = logic::local_input(now_seconds(), &zone.get_untracked());
        settings.with_untracked(|s| SampleForm::starter(&s.fields, now))
    };
    // A sample handed over in the address (a changed conversation opened
    // from a "What changes?" panel) fills the form once.
    let handed =
        query.with_untracked(|q| q.get("sample")).and_then(|json| crate::api::read::<Sample>(&json).ok());
    let form = RwSignal::new(match &handed {
        Some(sample) => SampleForm::of(sample, &zone.get_untracked()),
        None => start_form(),
    });
    let (kept_note, set_kept_note) = signal(None::<String>);
    // Kept samples are the admin's: touched only once it is known who is
    // signed in (they may be someone else's, see kept::claim).
    let asked = crate::components::shell::Asked::now();
    let not_known = move || {
        let unknown = !asked.get_untracked();
        if unknown {
            set_kept_note.set(Some(
                "Not now: the samples kept here are each admin's own, and who is signed in is known once the server answers."
                    .into(),
            ));
        }
        unknown
    };
    let keep_sample = move |_| {
        if not_known() {
            return;
        }
        let sample = form.with_untracked(|f| f.sample(&zone.get_untracked()));
        let n = crate::components::kept::samples::keep(&api.base.get_value(), sample);
        set_kept_note.set(Some(format!(
            "Kept. {n} sample{} kept for the “What changes?” panels.",
            if n == 1 { " is" } else { "s are" }
        )));
    };
    // Compiled when the settings change, not on every keystroke.
    let compiled =
        Memo::new(move |_| zones.with(|z| settings.with(|s| Compiled(Arc::new(Evaluator::compile(s, z))))));
    let evaluated = Memo::new(move |_| {
        let sample = form.with(|f| f.sample(&zone.get()));
        compiled.with(|c| (c.0.preview(&sample), sample))
    });
    // A memo, so the same line is not set (and heard) again.
    let heard = Memo::new(move |_| evaluated.with(|(o, _)| logic::announcement(o)));
    let set_value = move |id: String, value: FieldValue| {
        form.update(|f| {
            f.values.insert(id, value);
        })
    };
    let (file_error, set_file_error) = signal(None::<String>);
    // Which file was chosen last: a slower zone read for an earlier one
    // does not put that one back.
    let chosen = StoredValue::new(0_u32);
    let use_file = move |text: String, name: String| match anytime_core::decode::from_str::<Settings>(&text) {
        Ok(s) => {
            set_file_error.set(None);
            chosen.update_value(|n| *n += 1);
            let this = chosen.get_value();
            let zone = s.working_time.time_zone.clone();
            let needed = zones.with_untracked(|z| z.get(&zone).is_none());
            // Used once its zone's rules are here: never shown meanwhile in
            // the zone of the settings before, or said to be missing. The
            // page may be gone by then (`try_`).
            leptos::task::spawn_local(async move {
                let found = if needed { Some(endpoints::zones(api, &zone).await) } else { None };
                if chosen.try_get_value() != Some(this) {
                    return;
                }
                if let Some(found) = found {
                    zones.try_update(|z| z.extend(found));
                }
                let _ = settings.try_set(Arc::new(s));
                let _ = set_source.try_set(Some(format!("the settings in '{name}'")));
            });
        }
        // The reader names where the file goes wrong: a line and column for
        // text that is not JSON, a path (`triggers[2].event`) for the rest.
        Err(e) => set_file_error.set(Some(format!("'{name}' is not a settings export: {e}"))),
    };
    view! {
        <div class="at-preview__source">
            <p>
                {move || match source.get() {
                    None => "Using the saved settings. ".to_owned(),
                    Some(what) => format!("Using {what} (not saved). "),
                }}
                {move || format!("Times are in {}.", zone_name.get())}
            </p>
            // The page stays when loading the saved settings again fails
            // (a 500 on "Try again"): said, so the older copy is not taken
            // for the fresh one.
            {move || data.with(|d| match d {
                Some(Err(e)) => Some(view! {
                    <p class="at-banner at-banner--error" role="alert">
                        {format!("The saved settings could not be loaded again: {} These are the ones loaded before.", e.message())}
                    </p>
                }),
                _ => None,
            })}
            <div class="at-controls">
                <TextFileButton label="Use settings from an export file…" accept=".json,application/json"
                    on_file=Callback::new(move |(name, text): (String, String)| use_file(text, name))/>
                <Show when=move || source.with(Option::is_some)>
                    <button type="button" class="at-button" on:click=move |_| {
                        // A file still waiting for its zone is not used after this.
                        chosen.update_value(|n| *n += 1);
                        settings.set(saved.get_value());
                        set_source.set(None);
                    }>"Use the saved settings"</button>
                </Show>
            </div>
            <p class="at-field__error" role="alert">{move || file_error.get()}</p>
        </div>
        <div class="at-preview">
            <form class="at-form at-preview__sample" aria-label="Sample conversation" on:submit=|ev| ev.prevent_default()>
                <h2 class="at-section__title">"Sample conversation"</h2>
                <Select
                    label="What happened"
                    options=Signal::stored(TriggerEvent::ALL.iter().map(|e| (e.number().unwrap_or_default().to_string(), e.label().to_owned())).collect::<Vec<_>>())
                    value=Signal::derive(move || form.with(|f| f.event.number().unwrap_or_default().to_string()))
                    on_change=Callback::new(move |v: String| form.update(|f| f.event = TriggerEvent::parse(&v)))
                />
                <TextInput
                    label="Now"
                    kind=Kind::DateTime
                    hint=Signal::derive(move || format!("When it happens, in {}.", zone_name.get()))
                    value=Signal::derive(move || form.with(|f| f.at.clone()))
                    on_input=Callback::new(move |v: String| form.update(|f| f.at = v))
                />
                <For each=move || fields.get() key=|(f, _)| f.id.clone() let:item>
                    <SampleField field=item.0 input=item.1 form directory set_value=Callback::new(move |(id, v)| set_value(id, v))/>
                </For>
                <details class="at-outcome__details">
                    <summary>"Agents' open conversations"</summary>
                    <p class="at-hint">"Auto allocation weighs these; none means the agent is free."</p>
                    {move || directory.get().agents.into_iter().map(|a| {
                        let id = a.id.clone();
                        let set_id = a.id.clone();
                        view! {
                            <NumberInput label=format!("{} ({})", a.name, a.status) min=0 max=1000 what="Open conversations"
                                value=Signal::derive(move || form.with(|f| f.loads.get(&id).copied().unwrap_or(0) as i64))
                                on_change=Callback::new(move |n: i64| form.update(|f| { f.loads.insert(set_id.clone(), n as u32); }))/>
                        }
                    }).collect_view()}
                </details>
                <div class="at-controls">
                    <button type="button" class="at-button" on:click=move |_| form.set(start_form())>"Start over"</button>
                    <button type="button" class="at-button" on:click=keep_sample>"Keep this sample"</button>
                    <button type="button" class="at-button" on:click=move |_| {
                        if not_known() {
                            return;
                        }
                        crate::components::kept::samples::forget_all(&api.base.get_value());
                        set_kept_note.set(Some("No samples are kept now.".into()));
                    }>"Forget kept samples"</button>
                </div>
                <p class="at-hint" role="status">{move || kept_note.get()}</p>
            </form>
            <section id="at-preview-result" class="at-preview__result" aria-label="What the settings do">
                <h2 class="at-section__title">"What happens"</h2>
                <crate::components::states::OfflineNote/>
                // Heard after each change: one line, not the whole panel.
                // On a narrow screen it is also the bar at the bottom, so the
                // answer is in sight while the form is filled in.
                <p class="at-preview__heard" aria-live="polite">
                    {heard}
                    <a class="at-preview__jump" href="#at-preview-result" aria-hidden="true" tabindex="-1">"Details"</a>
                </p>
                {move || {
                    let (outcome, sample) = evaluated.get();
                    let problems = outcome.problems.clone();
                    // The request and answer as the API speaks them, to compare
                    // with `POST …/preview` or to file with a question.
                    let json = serde_json::to_string_pretty(&serde_json::json!({ "sample": sample, "outcome": outcome }))
                        .unwrap_or_default();
                    view! {
                        {(!problems.is_empty()).then(|| view! {
                            <ul class="at-banner at-banner--warning">{problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                        })}
                        <OutcomeView outcome settings=settings.get() zone=zone.get()/>
                        <details class="at-outcome__details at-outcome__json">
                            <summary>"Sample and answer as JSON"</summary>
                            <pre class="at-code">{json}</pre>
                        </details>
                    }
                }}
            </section>
        </div>
        <Bulk settings/>
    }
}

#[component]
fn OutcomeView(outcome: Outcome, settings: Arc<Settings>, zone: Zone) -> impl IntoView {
    let blocked = &outcome.blocked;
    let blocked_line = match (&blocked.verdict, &blocked.entry) {
        (anytime_core::engine::blocked::Verdict::Allowed, _) if blocked.sender_email.is_empty() => {
            "✓ No sender address, so the blocked list does not apply.".to_owned()
        }
        (anytime_core::engine::blocked::Verdict::Allowed, _) => {
            format!("✓ {} is not on the blocked list.", blocked.sender_email)
        }
        (v, entry) => format!(
            "✗ {} is blocked by '{}': the conversation is {}.",
            blocked.sender_email,
            entry.as_ref().map(|e| e.email.clone()).unwrap_or_default(),
            if matches!(v, anytime_core::engine::blocked::Verdict::Rejected) {
                "rejected"
            } else {
                "marked as junk"
            }
        ),
    };
    let routing = outcome.routing.clone().map(|r| {
        let target = r.target.as_ref().map(|t| {
            let agent = anytime_core::RouteToObject::parse(&t.object) == anytime_core::RouteToObject::Agent;
            let kind = if agent { "agent" } else { "department" };
            let name = if t.name.is_empty() { format!("unknown {kind} {}", t.id) } else { t.name.clone() };
            format!("{name} ({kind})")
        });
        let priority = r
            .priority
            .map(|p| format!(", {} priority", anytime_core::Priority::parse(&p.to_string()).label()));
        let headline = match r.status {
            RoutingStatus::Disabled => "Routing is off: the conversation stays where it arrived.".to_owned(),
            RoutingStatus::NotApplicable => "Routing applies to new conversations only.".to_owned(),
            RoutingStatus::Simple => {
                format!("Every conversation goes to {}.", target.unwrap_or_else(|| "no target".into()))
            }
            RoutingStatus::Rule => format!(
                "Routed to {}{} by rule '{}'.",
                target.unwrap_or_else(|| "no target".into()),
                priority.unwrap_or_default(),
                r.rule_name.clone().unwrap_or_default()
            ),
            RoutingStatus::Fallback => format!(
                "No rule matched: routed to {}.",
                target.unwrap_or_else(|| "nowhere (no fallback target is set)".into())
            ),
        };
        (headline, r.rules)
    });
    let sla = outcome.sla.clone();
    let allocation = outcome.allocation.clone();
    let business = outcome.sla.as_ref().and_then(|s| s.operational_hour.as_deref()).is_some_and(|o| {
        anytime_core::OperationalHour::parse(o) == anytime_core::OperationalHour::BusinessHours
    });
    let due_line = |label: &'static str, due: Option<anytime_core::engine::Due>| {
        due.map(|d| {
            let text = match (&d.due, &d.note) {
                (Some(t), _) => format!(
                    "{label}: due {} — {} after {}.",
                    logic::local_time(t, &zone),
                    crate::forms::sla::target_words(d.hours, d.minutes, business),
                    d.from.as_deref().map(|f| logic::local_time(f, &zone)).unwrap_or_default()
                ),
                (None, Some(note)) => format!("{label}: {note}"),
                (None, None) => format!("{label}: no due time."),
            };
            view! { <li>{text}</li> }
        })
    };
    let settings_for_rules = settings.clone();
    let settings_for_triggers = settings.clone();
    let settings_for_sla = settings.clone();
    view! {
        <section class="at-outcome" aria-label="Blocked senders">
            <h3 class="at-outcome__title">"Sender"</h3>
            <p>{blocked_line}</p>
        </section>
        {routing.map(|(headline, rules)| view! {
            <section class="at-outcome" aria-label="Routing">
                <h3 class="at-outcome__title">"Routing"</h3>
                <p class="at-outcome__headline">{headline}</p>
                {(!rules.is_empty()).then(|| view! {
                    <details class="at-outcome__details">
                        <summary>{format!("Rules tried ({})", rules.len())}</summary>
                        {rules.into_iter().map(|rule| {
                            let s = settings_for_rules.clone();
                            view! {
                                <h4 class="at-outcome__rule">{format!("{} {}", mark(rule.matched), rule.name)}</h4>
                                <Explain set=rule.conditions settings=s/>
                            }
                        }).collect_view()}
                    </details>
                })}
            </section>
        })}
        <section class="at-outcome" aria-label="Triggers">
            <h3 class="at-outcome__title">"Triggers"</h3>
            {if outcome.triggers.is_empty() {
                view! { <p class="at-hint">"No trigger is on for this event."</p> }.into_any()
            } else {
                let fired = outcome.triggers.iter().filter(|t| t.fired).count();
                view! {
                    <p class="at-outcome__headline">{format!("{fired} of {} triggers fire.", outcome.triggers.len())}</p>
                    {outcome.triggers.into_iter().map(|t| {
                        let s = settings_for_triggers.clone();
                        view! {
                            <details class="at-outcome__details" open=t.fired>
                                <summary>{format!("{} {}", mark(t.fired), t.description)}</summary>
                                <Explain set=t.conditions settings=s.clone()/>
                                {(!t.updates.is_empty()).then(|| view! {
                                    <ul class="at-outcome__updates">
                                        {t.updates.into_iter().map(|u| view! {
                                            <li>{format!("Sets {}: '{}' → '{}'", u.field_name,
                                                logic::value_words(&s, &u.field_id, &u.from),
                                                logic::value_words(&s, &u.field_id, &u.to))}</li>
                                        }).collect_view()}
                                    </ul>
                                })}
                                {t.email.map(|e| {
                                    let mut to: Vec<String> = e.to_contact.into_iter().collect();
                                    to.extend(e.to_agents.iter().map(|a| a.name.clone()));
                                    view! {
                                        <div class="at-email">
                                            <p><strong>"Sends: "</strong>{e.subject}</p>
                                            <p class="at-hint">{format!("To {}", if to.is_empty() { "nobody".to_owned() } else { to.join(", ") })}</p>
                                            // The HTML is shown in a sandbox: no scripts, no navigation.
                                            <iframe class="at-email__body" title="Email preview" sandbox="" srcdoc=e.html_text></iframe>
                                        </div>
                                    }
                                })}
                            </details>
                        }
                    }).collect_view()}
                }.into_any()
            }}
        </section>
        {sla.map(|sla| {
            let counted = sla.operational_hour.as_deref().map(anytime_core::OperationalHour::parse);
            let counted = format::operational_hour(counted.as_ref());
            let headline = match (&sla.policy_id, sla.policy_name.clone().filter(|n| !n.is_empty())) {
                (None, _) => "No SLA policy applies.".to_owned(),
                (Some(_), Some(n)) => format!("SLA policy '{n}' applies; targets count {counted}."),
                (Some(_), None) => format!("An unnamed SLA policy applies; targets count {counted}."),
            };
            let s = settings_for_sla.clone();
            view! {
                <section class="at-outcome" aria-label="SLA">
                    <h3 class="at-outcome__title">"SLA"</h3>
                    <p class="at-outcome__headline">{headline}</p>
                    <ul class="at-outcome__dues">
                        {due_line("First response", sla.first_response)}
                        {due_line("Next response", sla.next_response)}
                        {due_line("Resolution", sla.resolution)}
                    </ul>
                    {(!sla.policies.is_empty()).then(|| view! {
                        <details class="at-outcome__details">
                            <summary>{format!("Policies tried ({})", sla.policies.len())}</summary>
                            {sla.policies.into_iter().map(|p| {
                                let title = if p.name.is_empty() { "Unnamed policy".to_owned() } else { p.name.clone() };
                                view! {
                                    <h4 class="at-outcome__rule">{format!("{} {title}", mark(p.matched))}</h4>
                                    <Explain set=p.conditions settings=s.clone()/>
                                }
                            }).collect_view()}
                        </details>
                    })}
                </section>
            }
        })}
        {allocation.map(|a| view! {
            <section class="at-outcome" aria-label="Auto allocation">
                <h3 class="at-outcome__title">"Auto allocation"</h3>
                <p class="at-outcome__headline">{match &a.agent_name {
                    Some(name) => format!("Allocated to {name}. {}", a.reason),
                    None => a.reason.clone(),
                }}</p>
                {(!a.candidates.is_empty()).then(|| view! {
                    <details class="at-outcome__details">
                        <summary>{format!("Agents considered ({})", a.candidates.len())}</summary>
                        <ul class="at-explain__list">
                            {a.candidates.into_iter().map(|c| view! {
                                <li class="at-explain__item" class:at-explain__item--ok=c.eligible>
                                    <span class="at-explain__mark">{mark(c.eligible)}</span>
                                    {format!("{} ({}, {} open{}) — {}", c.name, c.status, c.load,
                                        c.capacity.map(|n| format!(" of {n}")).unwrap_or_default(), c.reason)}
                                </li>
                            }).collect_view()}
                        </ul>
                    </details>
                })}
            </section>
        })}
    }
}

/// Many conversations at once: generated or from a file, evaluated in a
/// worker (the page stays responsive; progress and Cancel), summarised.
#[component]
fn Bulk(settings: RwSignal<Arc<Settings>>) -> impl IntoView {
    let api = expect_context::<Api>();
    let count = RwSignal::new("10000".to_owned());
    // The file the conversations came from (none: generated).
    let (what, set_what) = signal(None::<String>);
    let runner = BulkRunner::new();
    let run = move |corpus: Corpus, file: Option<String>| {
        set_what.set(file);
        let saved = Settings::clone(&settings.get_untracked());
        leptos::task::spawn_local(async move {
            let zones = endpoints::zone_tzif(api, &saved.working_time.time_zone).await.into_iter().collect();
            runner.start(BulkRequest {
                saved,
                draft: None,
                corpus,
                now: anytime_core::date::format_utc(now_seconds()),
                zones,
                limit: 0,
            });
        });
    };
    let generate = move |_| {
        let Ok(n) = count.get_untracked().trim().replace(',', "").parse::<usize>() else { return };
        if !(1..=anytime_core::engine::corpus::MAX_SAMPLES).contains(&n) {
            return;
        }
        let corpus = Corpus::Generated { count: n, seed: n as u64, start: now_seconds() };
        run(corpus, None);
    };
    let busy = move || runner.state.with(RunState::running);
    view! {
        <section class="at-bulk" aria-labelledby="at-bulk-title">
            <h2 id="at-bulk-title" class="at-section__title">"Many conversations at once"</h2>
            <p class="at-page__lead">"Evaluate thousands of conversations here in the browser and see where they go."</p>
            <div class="at-inline-form">
                <TextInput label="How many" kind=Kind::Number { min: 1, max: anytime_core::engine::corpus::MAX_SAMPLES as i64 } what="The number of conversations"
                    value=count on_input=Callback::new(move |v| count.set(v))/>
                <button type="button" class="at-button at-button--primary" on:click=generate disabled=busy>
                    {move || if busy() { "Evaluating…" } else { "Generate and evaluate" }}
                </button>
                <TextFileButton label="Evaluate a file (JSON or CSV)…" accept=".json,.csv,application/json,text/csv"
                    on_file=Callback::new(move |(name, text): (String, String)| {
                        run(Corpus::File { name: name.clone(), text }, Some(name));
                    })/>
            </div>
            <RunProgress runner label="Evaluating the conversations"/>
            {move || match runner.state.get() {
                RunState::Failed(e) => Some(view! { <p class="at-field__error" role="alert">{e}</p> }.into_any()),
                RunState::Done(answer) => match &*answer {
                    BulkAnswer::Summary { summary, millis } => {
                        let sections = settings.with(|s| logic::summary_sections(summary, s));
                        let ms = *millis;
                        Some(view! {
                            <p class="at-outcome__headline" role="status">
                                {format!("{}: evaluated in {:.0} ms ({:.1} µs each).",
                                    match what.get() {
                                        None => format!("{} generated conversations", crate::format::count(summary.total)),
                                        Some(name) => format!("{} conversations from '{name}'", crate::format::count(summary.total)),
                                    },
                                    ms, ms * 1000.0 / summary.total.max(1) as f64)}
                            </p>
                            <div class="at-bulk__grid">
                                {sections.into_iter().filter(|(_, rows)| !rows.is_empty()).map(|(title, rows)| view! {
                                    <table class="at-table">
                                        <caption>{title}</caption>
                                        <tbody>
                                            {rows.into_iter().map(|r| view! {
                                                <tr>
                                                    <th scope="row">{r.label}</th>
                                                    <td class="at-num">{crate::format::count(r.count)}</td>
                                                    <td class="at-num">{format!("{:.1} %", r.percent)}</td>
                                                </tr>
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }).collect_view()}
                            </div>
                        }.into_any())
                    }
                    BulkAnswer::Impact { .. } => None,
                },
                _ => None,
            }}
        </section>
    }
}

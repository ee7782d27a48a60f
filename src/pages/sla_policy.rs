//! An SLA policy's editor: its targets, how time counts, its conditions,
//! and a readout of when each target falls due for a conversation arriving
//! at a chosen time — with the business hours that make up the wait.

use leptos::prelude::*;

use anytime_core::engine::{Draft, DraftObject};

use crate::components::impact_panel::ImpactPanel;

use anytime_core::engine::clock::{BusinessCalendar, Zone, Zones};
use anytime_core::engine::{sla_due_times, Due};
use anytime_core::{Directory, Field, Holiday, Measure, OperationalHour, SlaPolicy, Validate, WorkingTime};

use crate::api::{self, endpoints, Api, ApiError};
use crate::components::condition_builder::{ConditionBuilder, Conditions, FlatConditions};
use crate::components::condition_test::ConditionTest;
use crate::components::editor::{back_to, load_for_edit, Editor, EditorForm, Target};
use crate::components::feedback::Toasts;
use crate::components::inputs::{choices, NumberInput, Select, TextInput, Toggle};
use crate::components::states::loaded;
use crate::forms::preview::{local_input, local_time, now_seconds, to_utc};
use crate::forms::sla::{duration, stretches, target_words};
use crate::forms::typed::{local_seconds, Kind};

/// The business calendar the readout counts on.
#[derive(Clone)]
struct Calendar {
    working_time: WorkingTime,
    holidays: Vec<Holiday>,
    zones: Zones,
}

#[component]
pub fn SlaPolicyPage() -> impl IntoView {
    let api = expect_context::<Api>();
    let data = load_for_edit::<SlaPolicy>();
    let calendar = api::resource(api, |api| async move {
        let working_time = endpoints::working_time(api).await?;
        let holidays = endpoints::holidays(api).await?;
        let zones = endpoints::zones(api, &working_time.time_zone).await;
        Ok::<_, ApiError>(Calendar { working_time, holidays, zones })
    });
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            {loaded(data, move |(policy, fields, directory): (Option<SlaPolicy>, Vec<Field>, Directory)| {
                view! { <PolicyForm policy fields directory calendar/> }
            })}
        </section>
    }
}

#[component]
fn PolicyForm(
    policy: Option<SlaPolicy>,
    fields: Vec<Field>,
    directory: Directory,
    calendar: crate::api::Loading<Calendar>,
) -> impl IntoView {
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    let is_new = policy.is_none();
    let saved = policy.unwrap_or_else(|| SlaPolicy {
        enable: true,
        first_respond_within: 4,
        resolve_respond_within: 24,
        operational_hour: Some(OperationalHour::BusinessHours),
        ..SlaPolicy::default()
    });
    let saved_position = saved.order_index + 1;
    let fields = Signal::stored(fields);
    let directory = Signal::stored(directory);
    let editor = Editor::new(saved, move |p: &SlaPolicy| {
        let mut errors = fields.with_untracked(|f| {
            directory
                .with_untracked(|d| p.validate(&anytime_core::Context::new(f, d)).err().unwrap_or_default())
        });
        // The server keeps names optional for spec-only clients; the console
        // asks for one (contract §7).
        if is_new && p.name.trim().is_empty() {
            errors.add("name", "Give the policy a name: lists and messages call it by it.");
        }
        errors
    });
    let back = back_to("/sla-policies");
    let on_save = Callback::new(move |overwrite: bool| {
        let target = Target::of::<SlaPolicy>(is_new, &editor.draft.with_untracked(|p| p.id.clone()));
        editor.save(api, target, overwrite, move |stored| {
            let name = if stored.name.is_empty() {
                "The SLA policy".to_owned()
            } else {
                format!("SLA policy '{}'", stored.name)
            };
            toasts.show(format!("{name} saved."));
            back.run(());
        });
    });
    let conditions = Conditions::of(editor);
    // A target as hours and minutes, one group per measure.
    let target = move |m: Measure| {
        let (hours, minutes) = (m.key(), m.minutes_key());
        view! {
            <fieldset class="at-target">
                <legend class="at-target__legend">{m.label()}</legend>
                <NumberInput label="Hours" min=0 max=8760 what=format!("{} hours", m.label()) path=hours
                    error=editor.error(hours) value=editor.get(move |p| p.target(m).0)
                    on_change=editor.set(move |p: &mut SlaPolicy, v: i64| *p.target_mut(m).0 = v)/>
                <NumberInput label="Minutes" min=0 max=59 what=format!("{} minutes", m.label()) path=minutes
                    error=editor.error(minutes) value=editor.get(move |p| p.target(m).1)
                    on_change=editor.set(move |p: &mut SlaPolicy, v: i64| *p.target_mut(m).1 = v)/>
            </fieldset>
        }
    };
    let unnamed = (!is_new).then(|| {
        view! {
            <p class="at-hint" hidden=move || !editor.get(|p| p.name.trim().is_empty()).get()>
                {format!("Unnamed: lists and messages call it Policy {saved_position}.")}
            </p>
        }
    });
    view! {
        <h1 id="at-page-title" class="at-page__title">{if is_new { "New SLA policy" } else { "Edit SLA policy" }}</h1>
        <p class="at-page__lead">"The first enabled policy whose conditions match a conversation sets its targets."</p>
        <EditorForm editor history=(!is_new).then(|| crate::api::kinds::path_of::<SlaPolicy>(&editor.draft.with_untracked(|x| x.id.clone()))) fields on_save on_discard=back on_reload=Callback::new(move |()| api.epoch.update(|e| *e += 1))>
            <TextInput label="Name" max_length=128 error=editor.error("name") placeholder="Urgent conversations"
                value=editor.get(|p| p.name.clone()) on_input=editor.set(|p: &mut SlaPolicy, v: String| p.name = v)/>
            {unnamed}
            <fieldset class="at-fieldset">
                <legend class="at-field__label">"Targets"</legend>
                <p class="at-hint">"Within hours and minutes; 0 h 0 min means no target."</p>
                <div class="at-targets">
                    {Measure::ALL.map(target).into_iter().collect_view()}
                </div>
                <Select label="Count" hint="Business hours skip closed days, nights and holidays." error=editor.error("operationalHour")
                    options={choices::<OperationalHour>()}
                    value=editor.get(|p| p.operational_hour.as_ref().map(|o| o.as_str().to_owned()).unwrap_or_default())
                    on_change=editor.set(|p: &mut SlaPolicy, v: String| p.operational_hour = Some(OperationalHour::parse(&v)))/>
            </fieldset>
            <ConditionBuilder set=conditions fields directory errors=editor.errors() flat=true/>
            <ConditionTest set=editor.get(anytime_core::SlaPolicy::condition_set) fields directory/>
            <Toggle label="On: this policy is used" value=editor.get(|p| p.enable)
                on_change=editor.set(|p: &mut SlaPolicy, on: bool| p.enable = on)/>
            {move || calendar.get().map(|c| match c {
                Ok(c) => view! { <DueReadout editor calendar=c/> }.into_any(),
                Err(e) => view! { <p class="at-hint">{format!("Due times cannot be shown: {}", e.message())}</p> }.into_any(),
            })}
        </EditorForm>
        <ImpactPanel draft=Signal::derive(move || Draft::One(Box::new(DraftObject::SlaPolicy(editor.draft.get()))))/>
    }
}

/// "A conversation arriving Mon 7 Dec, 16:00 is due …", with the math.
#[component]
fn DueReadout(editor: Editor<SlaPolicy>, calendar: Calendar) -> impl IntoView {
    let zone_name = calendar.working_time.time_zone.clone();
    let zone = calendar.zones.get(&zone_name).map(Zone::new).unwrap_or_else(Zone::utc);
    let arrival = RwSignal::new(local_input(now_seconds(), &zone));
    let calendar = StoredValue::new(calendar);
    let zone = StoredValue::new(zone);
    let hint = format!("In {zone_name}, the working-time zone.");
    let lines = move || {
        let start = local_seconds(&arrival.get()).map(|l| zone.with_value(|z| to_utc(l, z)))?;
        let created = anytime_core::date::format_utc(start);
        let policy = editor.draft.get();
        let business = policy.operational_hour == Some(OperationalHour::BusinessHours);
        calendar.with_value(|c| {
            let sla =
                sla_due_times(&policy, &c.working_time, &c.holidays, &created, Some(&created), &c.zones)
                    .ok()?;
            let biz = BusinessCalendar::new(&c.working_time, &c.holidays, zone.get_value());
            let explain = |label: &str, due: Option<Due>| -> Option<(String, Vec<String>)> {
                let d = due?;
                let Some(at) = d.due.as_deref().and_then(anytime_core::date::DateTime::parse) else {
                    return Some((format!("{label}: {}", d.note.unwrap_or_default()), Vec::new()));
                };
                let when = zone.with_value(|z| local_time(d.due.as_deref().unwrap_or_default(), z));
                let math = if business {
                    let (steps, more) = stretches(&biz, start, at.unix_seconds(), 8);
                    let mut lines: Vec<String> = steps
                        .into_iter()
                        .map(|s| format!("{} {}–{} ({})", s.day, s.from, s.to, duration(s.minutes)))
                        .collect();
                    if more > 0 {
                        lines.push(format!("… and {more} more stretches of business hours"));
                    }
                    lines
                } else {
                    vec![format!("{} around the clock", duration(d.hours * 60 + d.minutes))]
                };
                Some((format!("{label}: due {when} — {}", target_words(d.hours, d.minutes, business)), math))
            };
            Some(
                [
                    explain("First response", sla.first_response),
                    explain("Next response (after a reply at that time)", sla.next_response),
                    explain("Resolution", sla.resolution),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>(),
            )
        })
    };
    view! {
        <section class="at-fieldset at-readout" aria-labelledby="at-readout-title" aria-live="polite">
            <h2 id="at-readout-title" class="at-section__title">"When targets fall due"</h2>
            <TextInput label="A conversation arriving" kind=Kind::DateTime hint
                value=arrival on_input=Callback::new(move |v| arrival.set(v))/>
            {move || match lines() {
                None => view! { <p class="at-hint">"Choose a time to see the due times."</p> }.into_any(),
                Some(l) if l.is_empty() => view! { <p class="at-hint">"This policy sets no targets."</p> }.into_any(),
                Some(l) => view! {
                    <ul class="at-readout__list">
                        {l.into_iter().map(|(head, math)| view! {
                            <li>
                                <strong>{head}</strong>
                                <ul class="at-readout__math">{math.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

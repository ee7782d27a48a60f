use anytime_core::order;
use leptos::prelude::*;

use anytime_core::engine::{Draft, DraftObject};

use crate::components::impact_panel::ImpactPanel;

use anytime_core::{parse_time_of_day, BusinessTime, DayEnd, Directory, Holiday, WorkingTime, DAY_FIELDS};

use super::page::PageHeader;
use crate::api::{self, endpoints, Api};
use crate::components::editor::{Editor, EditorForm, Target};
use crate::components::feedback::{ConfirmDeletion, Deletion, Toasts, Verb};
use crate::components::inputs::TextInput;
use crate::components::states::{loaded, EmptyState};
use crate::forms::typed::Kind;
use crate::forms::working_time::times;
use crate::{areas, format};

/// Business hours per weekday and their zone (a settings form), then the
/// holidays.
#[component]
pub fn WorkingTimePage() -> impl IntoView {
    let api = expect_context::<Api>();
    // Loaded apart: adding a holiday reloads the holidays, never the week
    // being edited above them.
    let week = api::resource(api, endpoints::working_time);
    let holidays = api::resource(api, endpoints::holidays);
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            <PageHeader area=areas::get("working-time")/>
            {loaded(week, move |wt: WorkingTime| view! {
                <WeekForm saved=wt reload=Callback::new(move |()| week.refetch())/>
            })}
            <h2 class="at-section__title">"Holidays"</h2>
            <Holidays list=holidays/>
        </section>
    }
}

#[component]
fn WeekForm(saved: WorkingTime, reload: Callback<()>) -> impl IntoView {
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    // What was typed, kept as typed even when it is not a time yet.
    let typed = RwSignal::new(saved.days().map(times));
    let editor = Editor::validated(saved, Signal::stored(Vec::new()), Signal::stored(Directory::default()));
    let errors = editor.errors();
    let typed_errors = Memo::new(move |_| {
        typed.with(|t| {
            t.iter()
                .map(|(o, c)| {
                    // The core's reading of what was typed: 24:00 closes a day, never opens one.
                    parse_time_of_day(o, DayEnd::Opens)
                        .err()
                        .or_else(|| parse_time_of_day(c, DayEnd::Closes).err())
                })
                .collect::<Vec<_>>()
        })
    });
    let day_error = move |i: usize| -> Option<String> {
        if editor.draft.with(|d| d.days()[i].is_business_day) {
            if let Some(problem) = typed_errors.with(|t| t[i].clone()) {
                return Some(problem);
            }
        }
        let prefix = format!("{}.", DAY_FIELDS[i]);
        errors.with(|e| e.0.iter().find(|f| f.field.starts_with(&prefix)).map(|f| f.message.clone()))
    };
    let zone_error = editor.error("timeZone");
    let set_day = move |i: usize, f: &dyn Fn(&mut BusinessTime)| {
        editor.edit(|d| {
            if let Some(day) = d.day_mut(i) {
                f(day);
            }
        });
    };
    let on_save = Callback::new(move |overwrite: bool| {
        if !editor.check() || typed_errors.with(|t| t.iter().any(Option::is_some)) {
            editor.failure.set(Some("Fix the highlighted days first.".into()));
            return;
        }
        editor.save(api, Target::single::<WorkingTime>(), overwrite, move |stored: WorkingTime| {
            typed.set(stored.days().map(times));
            toasts.show("Working time saved.");
        });
    });
    let on_discard = Callback::new(move |()| {
        editor.discard();
        typed.set(editor.draft.with_untracked(|d| d.days().map(times)));
    });
    view! {
        <EditorForm editor history=crate::history::api_path_of("workingTime", "") on_save on_discard on_reload=reload>
            <div class="at-field">
                <label class="at-field__label" for="at-time-zone">"Time zone"</label>
                <select
                    id="at-time-zone"
                    class="at-select"
                    aria-invalid=move || zone_error.with(Option::is_some).to_string()
                    on:change=move |ev| {
                        let zone = event_target_value(&ev);
                        editor.edit(|d| d.time_zone = zone);
                    }
                    prop:value=move || editor.draft.with(|d| d.time_zone.clone())
                >
                    {anytime_core::tz::NAMES.iter().map(|z| {
                        let zone = z.to_string();
                        view! { <option value=zone.clone() selected=move || editor.draft.with(|d| d.time_zone == zone)>{*z}</option> }
                    }).collect_view()}
                </select>
                <p class="at-field__error">{move || zone_error.get()}</p>
            </div>
            <table class="at-week">
                <thead><tr><th scope="col">"Day"</th><th scope="col">"Open"</th><th scope="col">"Opens"</th><th scope="col">"Closes"</th></tr></thead>
                <tbody>
                    {(0..7).map(|i| {
                        let name = format::WEEKDAYS[i];
                        let open = move || editor.draft.with(|d| d.days()[i].is_business_day);
                        let time_input = move |closing: bool| {
                            let label = format!("{name}: {}", if closing { "closes at" } else { "opens at" });
                            view! {
                                <input
                                    class="at-input at-input--time"
                                    inputmode="numeric"
                                    placeholder=if closing { "17:00" } else { "09:00" }
                                    aria-label=label
                                    disabled=move || !open()
                                    aria-invalid=move || day_error(i).is_some().to_string()
                                    prop:value=move || typed.with(|t| if closing { t[i].1.clone() } else { t[i].0.clone() })
                                    on:input=move |ev| {
                                        let text = event_target_value(&ev);
                                        typed.update(|t| if closing { t[i].1 = text.clone() } else { t[i].0 = text.clone() });
                                        let end = if closing { DayEnd::Closes } else { DayEnd::Opens };
                                        if let Ok((h, m)) = parse_time_of_day(&text, end) {
                                            set_day(i, &|d| if closing { (d.close_hour, d.close_min) = (h, m) } else { (d.open_hour, d.open_min) = (h, m) });
                                        }
                                    }
                                />
                            }
                        };
                        view! {
                            <tr>
                                <th scope="row">{name}</th>
                                <td>
                                    <input
                                        type="checkbox"
                                        aria-label=format!("{name} is a business day")
                                        prop:checked=open
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            set_day(i, &|d| d.is_business_day = on);
                                        }
                                    />
                                </td>
                                <td>{time_input(false)}</td>
                                <td>{time_input(true)}</td>
                            </tr>
                            <tr class="at-week__error" hidden=move || day_error(i).is_none()>
                                <td colspan="4" class="at-field__error" role="alert">{move || day_error(i)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </EditorForm>
        <ImpactPanel draft=Signal::derive(move || Draft::One(Box::new(DraftObject::WorkingTime(editor.draft.get()))))/>
    }
}

/// The days the help desk is closed: add one (the core checks it as you
/// type), or remove one after a confirm that names it. The add form is
/// drawn once, so what is typed into it stays while the list reloads.
#[component]
fn Holidays(list: crate::api::Loading<Vec<Holiday>>) -> impl IntoView {
    let reload = Callback::new(move |()| list.refetch());
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    let editor = Editor::validated(
        Holiday::default(),
        Signal::stored(Vec::new()),
        Signal::stored(Directory::default()),
    );
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !editor.check() {
            return;
        }
        // A day that is a holiday already, said in the list's words (the
        // server refuses it too, in case the list is stale).
        let date = editor.draft.with_untracked(|h| anytime_core::date::CalendarDate::parse(h.date.trim()));
        let taken = list.with_untracked(|l| {
            let l = l?.ok()?;
            l.iter()
                .find(|h| date.is_some() && anytime_core::date::CalendarDate::parse(&h.date) == date)
                .cloned()
        });
        if let Some(h) = taken {
            let mut errors = anytime_core::ValidationErrors::default();
            errors.add("date", format!("{} is a holiday already: {}.", format::long_date(&h.date), h.title));
            editor.refused(errors);
            return;
        }
        editor.save(api, Target::of::<Holiday>(true, ""), false, move |h: Holiday| {
            toasts.show(format!("{} added: {}.", h.title, format::long_date(&h.date)));
            editor.start_over(Holiday::default());
            reload.run(());
        });
    };
    let deletion = Deletion::<Holiday>::new(Verb::Remove, reload);
    view! {
        <form class="at-inline-form" on:submit=add aria-label="Add a holiday" novalidate>
            <TextInput label="Holiday" placeholder="Christmas" max_length=100 error=editor.error("title")
                value=editor.get(|h| h.title.clone()) on_input=editor.set(|h: &mut Holiday, v: String| h.title = v)/>
            <TextInput label="Date" kind=Kind::Date error=editor.error("date")
                value=editor.get(|h| h.date.clone()) on_input=editor.set(|h: &mut Holiday, v: String| h.date = v)/>
            <button type="submit" class="at-button at-button--primary" disabled=move || editor.saving.get() || crate::components::shell::SignedIn::viewer()
                aria-busy=move || editor.saving.get().to_string()>
                {move || if editor.saving.get() { "Adding…" } else { "Add holiday" }}
            </button>
        </form>
        <p class="at-field__error" role="alert">{move || editor.failure.get().filter(|_| editor.saving.with(|s| !s))}</p>
        {loaded(list, move |mut sorted: Vec<Holiday>| {
        order::sort_by(&mut sorted, |a, b| a.date.cmp(&b.date));
        if sorted.is_empty() {
            view! { <EmptyState message="No holidays. Add the days you are closed so SLA clocks skip them."/> }.into_any()
        } else {
            view! {
                <ul class="at-list">
                    {sorted.into_iter().map(|h| {
                        let entry = h.clone();
                        view! {
                            <li class="at-row">
                                <div class="at-row__main">
                                    <span class="at-row__name">{h.title.clone()}</span>
                                    <span class="at-row__facts">{format::long_date(&h.date)}</span>
                                </div>
                                <button type="button" class="at-button at-button--quiet" aria-label=format!("Remove {}", h.title)
                                    disabled=crate::components::shell::SignedIn::viewer
                                    on:click=move |_| deletion.ask_about(&entry, "SLA clocks will count that day again if it is a business day.")>"Remove"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }
        })}
        <ConfirmDeletion deletion/>
    }
}

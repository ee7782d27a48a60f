use leptos::prelude::*;
use leptos::task::spawn_local;

use anytime_core::{
    BusinessTime, Context, Directory, Holiday, Validate, ValidationErrors, WorkingTime, DAY_FIELDS,
};

use super::page::PageHeader;
use crate::api::{self, endpoints, Api, ApiError, Method};
use crate::components::feedback::{ConfirmDialog, ConflictDialog, SaveBar, Toasts, Unsaved};
use crate::components::inputs::TextInput;
use crate::components::states::{loaded, EmptyState};
use crate::forms::typed::Kind;
use crate::forms::working_time::{parse_time, times};
use crate::{areas, format};

const PATH: &str = "/api/v3/anytime/workingTime";
const HOLIDAYS: &str = "/api/v3/anytime/holidays";

/// Business hours per weekday and their zone (a settings form), then the
/// holidays.
#[component]
pub fn WorkingTimePage() -> impl IntoView {
    let api = expect_context::<Api>();
    let data = api::resource(api, |api| async move {
        Ok::<_, ApiError>((endpoints::working_time(api).await?, endpoints::holidays(api).await?))
    });
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            <PageHeader area=areas::get("working-time")/>
            {loaded(data, move |(wt, holidays): (WorkingTime, Vec<Holiday>)| view! {
                <WeekForm saved=wt reload=Callback::new(move |()| data.refetch())/>
                <h2 class="at-section__title">"Holidays"</h2>
                <Holidays saved=holidays reload=Callback::new(move |()| data.refetch())/>
            })}
        </section>
    }
}

#[component]
fn WeekForm(saved: WorkingTime, reload: Callback<()>) -> impl IntoView {
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    let unsaved = expect_context::<Unsaved>();
    let original = RwSignal::new(saved.clone());
    let draft = RwSignal::new(saved);
    // What was typed, kept as typed even when it is not a time yet.
    let typed = RwSignal::new(draft.with_untracked(|d| d.days().map(times)));
    let server_errors = RwSignal::new(ValidationErrors::default());
    let (saving, set_saving) = signal(false);
    let (conflict, set_conflict) = signal(false);
    let (failure, set_failure) = signal(None::<String>);

    let dirty = Memo::new(move |_| draft.get() != original.get());
    // The shell's leave guard reads this page's state.
    Effect::new(move |_| unsaved.0.set(dirty.get()));
    on_cleanup(move || unsaved.0.set(false));
    // The core's rules, as the admin types (the server runs the same ones).
    let local_errors = Memo::new(move |_| {
        let directory = Directory::default();
        draft.with(|d| d.validate(&Context::new(&[], &directory)).err().unwrap_or_default())
    });
    let typed_errors = Memo::new(move |_| {
        typed.with(|t| {
            t.iter().map(|(o, c)| (parse_time(o).is_none(), parse_time(c).is_none())).collect::<Vec<_>>()
        })
    });
    let day_error = move |i: usize| -> Option<String> {
        let (bad_open, bad_close) = typed_errors.with(|t| t[i]);
        if draft.with(|d| d.days()[i].is_business_day) && (bad_open || bad_close) {
            return Some("Write times as HH:MM, like 09:00 (24:00 for midnight).".into());
        }
        let prefix = format!("{}.", DAY_FIELDS[i]);
        let find = |e: &ValidationErrors| {
            e.0.iter().find(|f| f.field.starts_with(&prefix)).map(|f| f.message.clone())
        };
        server_errors.with(find).or_else(|| local_errors.with(find))
    };
    let zone_error = move || {
        server_errors
            .with(|e| e.get("timeZone").map(str::to_owned))
            .or_else(|| local_errors.with(|e| e.get("timeZone").map(str::to_owned)))
    };
    let set_day = move |i: usize, f: &dyn Fn(&mut BusinessTime)| {
        server_errors.set(ValidationErrors::default());
        draft.update(|d| {
            if let Some(day) = d.day_mut(i) {
                f(day);
            }
        });
    };
    let save = move |overwrite: bool| {
        if !local_errors.with(ValidationErrors::is_empty)
            || typed_errors.with(|t| t.iter().any(|(a, b)| *a || *b))
        {
            set_failure.set(Some("Fix the highlighted days first.".into()));
            return;
        }
        set_saving.set(true);
        set_failure.set(None);
        let body = draft.get_untracked();
        spawn_local(async move {
            let result: Result<WorkingTime, ApiError> =
                if overwrite { api.overwrite(PATH, &body).await } else { api.save(PATH, &body).await };
            set_saving.set(false);
            match result {
                Ok(stored) => {
                    typed.set(stored.days().map(times));
                    original.set(stored.clone());
                    draft.set(stored);
                    set_conflict.set(false);
                    toasts.show("Working time saved.");
                }
                Err(ApiError::Invalid(e)) => server_errors.set(e),
                Err(ApiError::Changed) => set_conflict.set(true),
                Err(e) => set_failure.set(Some(e.message())),
            }
        });
    };
    let discard = move || {
        let o = original.get_untracked();
        typed.set(o.days().map(times));
        draft.set(o);
        server_errors.set(ValidationErrors::default());
    };
    view! {
        <form class="at-form" on:submit=move |ev| { ev.prevent_default(); save(false); }>
            <div class="at-field">
                <label class="at-field__label" for="at-time-zone">"Time zone"</label>
                <select
                    id="at-time-zone"
                    class="at-select"
                    aria-invalid=move || zone_error().is_some().to_string()
                    on:change=move |ev| {
                        let zone = event_target_value(&ev);
                        server_errors.set(ValidationErrors::default());
                        draft.update(|d| d.time_zone = zone.clone());
                    }
                    prop:value=move || draft.with(|d| d.time_zone.clone())
                >
                    {anytime_core::tz::NAMES.iter().map(|z| {
                        let zone = z.to_string();
                        view! { <option value=zone.clone() selected=move || draft.with(|d| d.time_zone == zone)>{*z}</option> }
                    }).collect_view()}
                </select>
                <p class="at-field__error">{zone_error}</p>
            </div>
            <table class="at-week">
                <thead><tr><th scope="col">"Day"</th><th scope="col">"Open"</th><th scope="col">"Opens"</th><th scope="col">"Closes"</th></tr></thead>
                <tbody>
                    {(0..7).map(|i| {
                        let name = format::WEEKDAYS[i];
                        let open = move || draft.with(|d| d.days()[i].is_business_day);
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
                                        if let Some((h, m)) = parse_time(&text) {
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
            <p class="at-banner at-banner--error" role="alert" hidden=move || failure.get().is_none()>{move || failure.get()}</p>
            <SaveBar dirty saving on_discard=Callback::new(move |()| discard()) on_save=Callback::new(move |()| save(false))/>
        </form>
        <ConflictDialog
            open=conflict
            on_reload=Callback::new(move |()| { set_conflict.set(false); unsaved.0.set(false); reload.run(()); })
            on_overwrite=Callback::new(move |()| save(true))
            on_keep=Callback::new(move |()| set_conflict.set(false))
        />
    }
}

/// The days the help desk is closed: add one (the core checks it as you
/// type), or remove one after a confirm that names it.
#[component]
fn Holidays(saved: Vec<Holiday>, reload: Callback<()>) -> impl IntoView {
    let api = expect_context::<Api>();
    let toasts = expect_context::<Toasts>();
    let draft = RwSignal::new(Holiday::default());
    let (tried, set_tried) = signal(false);
    let server = RwSignal::new(ValidationErrors::default());
    let (busy, set_busy) = signal(false);
    let removing = RwSignal::new(None::<Holiday>);
    let local = Memo::new(move |_| {
        let directory = Directory::default();
        draft.with(|h| h.validate(&Context::new(&[], &directory)).err().unwrap_or_default())
    });
    let error = move |path: &'static str| {
        Signal::derive(move || {
            server
                .with(|e| e.get(path).map(str::to_owned))
                .or_else(|| tried.get().then(|| local.with(|e| e.get(path).map(str::to_owned))).flatten())
        })
    };
    let edit = move |f: &dyn Fn(&mut Holiday)| {
        server.set(ValidationErrors::default());
        draft.update(|h| f(h));
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        set_tried.set(true);
        if !local.with_untracked(ValidationErrors::is_empty) {
            return;
        }
        set_busy.set(true);
        let holiday = draft.get_untracked();
        spawn_local(async move {
            let result: Result<Holiday, ApiError> =
                api.send(Method::Post, HOLIDAYS, Some(&holiday), None).await;
            set_busy.set(false);
            match result {
                Ok(h) => {
                    toasts.show(format!("{} added: {}.", h.title, format::long_date(&h.date)));
                    draft.set(Holiday::default());
                    set_tried.set(false);
                    reload.run(());
                }
                Err(ApiError::Invalid(e)) => server.set(e),
                Err(e) => toasts.show(format!("The holiday was not added. {}", e.message())),
            }
        });
    };
    let confirm_remove = Callback::new(move |()| {
        let Some(h) = removing.get_untracked() else { return };
        removing.set(None);
        spawn_local(async move {
            let result: Result<(), ApiError> =
                api.send::<(), ()>(Method::Delete, &format!("{HOLIDAYS}/{}", h.id), None, None).await;
            match result {
                Ok(()) => toasts.show(format!("{} removed.", h.title)),
                Err(e) => toasts.show(format!("{} could not be removed: {}", h.title, e.message())),
            }
            reload.run(());
        });
    });
    let mut sorted = saved;
    sorted.sort_by(|a, b| a.date.cmp(&b.date));
    view! {
        <form class="at-inline-form" on:submit=add aria-label="Add a holiday" novalidate>
            <TextInput label="Holiday" placeholder="Christmas" max_length=100 error=error("title")
                value=Signal::derive(move || draft.with(|h| h.title.clone()))
                on_input=Callback::new(move |v: String| edit(&|h| h.title = v.clone()))/>
            <TextInput label="Date" kind=Kind::Date error=error("date")
                value=Signal::derive(move || draft.with(|h| h.date.clone()))
                on_input=Callback::new(move |v: String| edit(&|h| h.date = v.clone()))/>
            <button type="submit" class="at-button at-button--primary" disabled=busy aria-busy=move || busy.get().to_string()>
                {move || if busy.get() { "Adding…" } else { "Add holiday" }}
            </button>
        </form>
        {if sorted.is_empty() {
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
                                    on:click=move |_| removing.set(Some(entry.clone()))>"Remove"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <ConfirmDialog
            question=Signal::derive(move || removing.get().map(|h| format!("Remove the holiday '{}'?", h.title)))
            detail=Signal::derive(move || "SLA clocks will count that day again if it is a business day.".to_owned())
            confirm_label="Remove"
            on_confirm=confirm_remove
            on_cancel=Callback::new(move |()| removing.set(None))
        />
    }
}

use leptos::prelude::*;

use anytime_core::{Holiday, WorkingTime};

use super::page::{Fact, PageHeader, Row};
use crate::api::{self, endpoints, Api, ApiError};
use crate::components::states::{loaded, EmptyState};
use crate::{areas, format};

#[component]
pub fn WorkingTimePage() -> impl IntoView {
    let api = expect_context::<Api>();
    let data = api::resource(api, |api| async move {
        Ok::<_, ApiError>((endpoints::working_time(api).await?, endpoints::holidays(api).await?))
    });
    view! {
        <section class="at-page" aria-labelledby="at-page-title">
            <PageHeader area=areas::get("working-time")/>
            {loaded(data, |(wt, holidays): (WorkingTime, Vec<Holiday>)| view! {
                <dl class="at-facts">
                    <Fact label="Time zone" value=wt.time_zone.clone()/>
                    {wt.days().into_iter().zip(format::WEEKDAYS).map(|(day, name)| view! {
                        <Fact label=name value=format::business_day(day)/>
                    }).collect_view()}
                </dl>
                <h2 class="at-section__title">"Holidays"</h2>
                {if holidays.is_empty() {
                    view! { <EmptyState message="No holidays. Add the days you are closed so SLA clocks skip them."/> }.into_any()
                } else {
                    view! {
                        <ul class="at-list">
                            {holidays.into_iter().map(|h| view! { <Row name=h.title facts=format::long_date(&h.date)/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            })}
        </section>
    }
}

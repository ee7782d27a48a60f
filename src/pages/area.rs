use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::not_found::NotFound;
use crate::areas;

/// A settings area's page: its title and what it configures. The area's
/// overview and editor fill the body as they are built.
#[component]
pub fn AreaPage() -> impl IntoView {
    let params = use_params_map();
    let area = move || params.with(|p| p.get("area").and_then(|slug| areas::find(&slug)));
    move || match area() {
        Some(area) => view! {
            <section class="at-page" aria-labelledby="at-page-title">
                <h1 id="at-page-title" class="at-page__title">{area.title}</h1>
                <p class="at-page__lead">{area.summary}</p>
            </section>
        }
        .into_any(),
        None => view! { <NotFound/> }.into_any(),
    }
}

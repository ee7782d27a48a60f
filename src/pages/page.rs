use leptos::prelude::*;

use crate::areas::Area;

/// The top of every settings page: its title and what it configures.
#[component]
pub fn PageHeader(area: &'static Area) -> impl IntoView {
    view! {
        <header class="at-page__header">
            <h1 id="at-page-title" class="at-page__title">{area.title}</h1>
            <p class="at-page__lead">{area.summary}</p>
        </header>
    }
}

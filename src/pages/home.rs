use leptos::prelude::*;

use crate::areas::AREAS;

/// The landing page: every area with what it is for.
#[component]
pub fn Home() -> impl IntoView {
    let base = use_context::<crate::Base>().unwrap_or_default();
    view! {
        <section class="at-page">
            <h1 class="at-page__title">"Help desk settings"</h1>
            <p class="at-page__lead">
                "Configure how conversations arrive, where they go, who answers them and how fast."
            </p>
            <ul class="at-cards">
                {AREAS
                    .iter()
                    .map(|area| {
                        view! {
                            <li class="at-card">
                                <a href=base.href(&format!("/{}", area.slug))>{area.title}</a>
                                <p>{area.summary}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

use leptos::prelude::*;

use crate::areas::{AREAS, HOME_LEAD, HOME_TITLE};

/// The landing page: every area with what it is for. The build writes the
/// same markup into index.html (`crates/build/src/home.rs`), painted while
/// the module loads; e2e/shell.spec.ts checks the two line up.
#[component]
pub fn Home() -> impl IntoView {
    let base = use_context::<crate::Base>().unwrap_or_default();
    view! {
        <section class="at-page">
            <h1 class="at-page__title">{HOME_TITLE}</h1>
            <p class="at-page__lead">{HOME_LEAD}</p>
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

use leptos::prelude::*;

/// Shown for any address that is not a page of the console.
#[component]
pub fn NotFound() -> impl IntoView {
    let home = use_context::<crate::Base>().unwrap_or_default().href("/");
    view! {
        <section class="at-page">
            <h1 class="at-page__title">"Page not found"</h1>
            <p class="at-page__lead">"There is no settings page at this address. Choose an area from the menu, or "
                <a href=home>"go to the overview"</a>"."
            </p>
        </section>
    }
}

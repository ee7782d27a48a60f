use leptos::prelude::*;

use crate::areas::Area;
use crate::components::shell::SignedIn;

/// The top of every settings page: its title and what it configures, and,
/// on a page of lists, why the signed-in role cannot change them (editors
/// say it on their own forms; Preview is for everyone).
#[component]
pub fn PageHeader(area: &'static Area) -> impl IntoView {
    let lists = ["email-accounts", "triggers", "sla-policies", "blocked-senders", "fields", "import"];
    let refused = lists
        .contains(&area.slug)
        .then(|| SignedIn::refusal(matches!(area.slug, "email-accounts" | "import")));
    view! {
        <header class="at-page__header">
            <h1 id="at-page-title" class="at-page__title">{area.title}</h1>
            <p class="at-page__lead">{area.summary}</p>
            {refused.map(|r| view! {
                <p class="at-banner at-banner--info at-readonly" role="note" hidden=move || r.with(Option::is_none)>
                    {move || r.get()}
                </p>
            })}
        </header>
    }
}

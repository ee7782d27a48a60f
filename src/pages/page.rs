use leptos::prelude::*;
use leptos_router::components::A;

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

/// One row of a read-only list: position (where order matters), name,
/// key facts, state.
#[component]
pub fn Row(
    #[prop(optional, into)] position: Option<usize>,
    name: String,
    facts: String,
    #[prop(optional, into)] enabled: Option<bool>,
    #[prop(default = None)] badge: Option<&'static str>,
    /// The object's editor; the name links to it.
    #[prop(default = None)]
    href: Option<String>,
) -> impl IntoView {
    let name = match href {
        Some(href) => view! { <A href=href attr:class="at-row__name">{name}</A> }.into_any(),
        None => view! { <span class="at-row__name">{name}</span> }.into_any(),
    };
    view! {
        <li class="at-row">
            {position.map(|p| view! { <span class="at-row__position" aria-label="Position">{p + 1}</span> })}
            <div class="at-row__main">
                {name}
                {badge.map(|b| view! { <span class="at-badge">{b}</span> })}
                <span class="at-row__facts">{facts}</span>
            </div>
            {enabled.map(|on| view! {
                <span class=if on { "at-state at-state--on" } else { "at-state at-state--off" }>
                    {if on { "On" } else { "Off" }}
                </span>
            })}
        </li>
    }
}

/// A labelled fact of a singleton's summary.
#[component]
pub fn Fact(label: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="at-fact">
            <dt>{label}</dt>
            <dd>{value}</dd>
        </div>
    }
}

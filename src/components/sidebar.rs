use leptos::prelude::*;

use super::feedback::Unsaved;
use crate::areas::{Area, AREAS};

/// The Audit page: for admins only, so not one of the areas everyone sees.
const AUDIT: Area = Area {
    slug: "audit",
    title: "Audit trail",
    summary: "Who changed which setting, when, and what it was before.",
};

/// The navigation: the eight settings areas, then Preview and Import & export.
#[component]
pub fn Sidebar(
    /// Whether the sidebar is shown on narrow screens.
    open: ReadSignal<bool>,
    /// Called when a link is followed, so a narrow screen closes the menu.
    on_navigate: Callback<()>,
) -> impl IntoView {
    // Preview and Import & export check and move the settings as a whole.
    let (settings, preview) = AREAS.split_at(AREAS.len() - 2);
    // Kept, so that `link` below is a copy, usable in every closure.
    let base = StoredValue::new(use_context::<crate::Base>().unwrap_or_default());
    let unsaved = use_context::<Unsaved>();
    let is_admin = super::shell::SignedIn::is_admin();
    // Its place is kept from the start (no shift); its links come after the page.
    let drawn = super::shell::after_start();
    // Plain links (the router follows them): one reading of the location
    // for all of them, not a resolved path and a matcher per link.
    let pathname = leptos_router::hooks::use_location().pathname;
    let link = move |area: &'static Area| {
        let href = base.with_value(|b| b.href(&format!("/{}", area.slug)));
        let current = {
            let href = href.clone();
            move || pathname.with(|path| is_current(path, &href)).then_some("page")
        };
        view! {
            <li>
                <a
                    href=href
                    aria-current=current
                    on:click=move |ev| {
                        // Unsaved changes: ask first; a "no" keeps the page.
                        if unsaved.is_some_and(|u| !u.may_leave()) {
                            ev.prevent_default();
                            return;
                        }
                        on_navigate.run(())
                    }
                >
                    {area.title}
                </a>
            </li>
        }
    };
    view! {
        <nav
            id="anytime-sidebar"
            class="at-sidebar"
            class:at-sidebar--open=move || open.get()
            aria-label="Settings"
            // The drawer (small screens) closes on Escape, back to its button.
            on:keydown=move |ev| {
                if ev.key() == "Escape" && open.get_untracked() {
                    ev.prevent_default();
                    on_navigate.run(());
                    if let Some(button) = document().query_selector(".anytime-console .at-header__menu").ok().flatten() {
                        let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(button).focus();
                    }
                }
            }
        >
            {move || drawn.get().then(|| view! {
                <p class="at-sidebar__heading">"Settings"</p>
                <ul class="at-sidebar__list">{settings.iter().map(link).collect_view()}</ul>
                <p class="at-sidebar__heading">"Check your setup"</p>
                <ul class="at-sidebar__list">{preview.iter().map(link).collect_view()}</ul>
                // Drawn only for admins (not merely hidden): the others have no
                // such page.
                <Show when=move || is_admin.get()>
                    <p class="at-sidebar__heading">"Who changed what"</p>
                    <ul class="at-sidebar__list">{link(&AUDIT)}</ul>
                </Show>
            })}
        </nav>
    }
}

/// Whether the page at `path` is the one a link to `href` opens, or one
/// under it (an editor under its list): the link is marked current.
fn is_current(path: &str, href: &str) -> bool {
    let href = href.trim_end_matches('/');
    path.strip_prefix(href).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::is_current;

    #[test]
    fn a_link_is_current_on_its_page_and_the_pages_under_it() {
        for (path, href, current) in [
            ("/triggers", "/triggers", true),
            ("/triggers/", "/triggers", true),
            ("/triggers/t1", "/triggers", true),
            ("/triggers-old", "/triggers", false),
            ("/", "/triggers", false),
            ("/sla-policies", "/triggers", false),
            ("/admin/triggers/new", "/admin/triggers", true),
            ("/admin/fields", "/admin/triggers", false),
        ] {
            assert_eq!(is_current(path, href), current, "{path} against {href}");
        }
    }
}

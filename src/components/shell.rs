use leptos::prelude::*;

use super::sidebar::Sidebar;

/// The frame around every page: header, sidebar and the page itself. Every
/// style of the console is scoped under its root class `anytime-console`.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let (menu_open, set_menu_open) = signal(false);
    view! {
        <div class="anytime-console">
            <header class="at-header">
                <button
                    type="button"
                    class="at-header__menu"
                    aria-controls="anytime-sidebar"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| set_menu_open.update(|open| *open = !*open)
                >
                    <span aria-hidden="true">"☰"</span>
                    <span class="at-visually-hidden">"Menu"</span>
                </button>
                <a class="at-header__brand" href="/">"Anytime"<span>" · Help desk settings"</span></a>
            </header>
            <div class="at-layout">
                <Sidebar open=menu_open on_navigate=Callback::new(move |()| set_menu_open.set(false))/>
                <main class="at-main">{children()}</main>
            </div>
        </div>
    }
}

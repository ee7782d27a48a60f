use leptos::prelude::*;

use super::sidebar::Sidebar;
use super::sign_in::SignIn;
use crate::api::Api;
use crate::session;

/// The frame around every page: header, sidebar and the page itself. Every
/// style of the console is scoped under its root class `anytime-console`.
/// Without a token the sign-in form takes the page's place; after a 401 it
/// opens over the page, which keeps what it holds.
#[component]
pub fn Shell(children: ChildrenFn, #[prop(optional)] theme: crate::embed::Theme) -> impl IntoView {
    let api = expect_context::<Api>();
    let (menu_open, set_menu_open) = signal(false);
    let server = move || {
        let base = api.base.get_value();
        if base.is_empty() {
            "This server".to_owned()
        } else {
            base
        }
    };
    let sign_out = move |_| {
        session::remember(None);
        api.token.set(None);
    };
    let children = StoredValue::new(children);
    let home = use_context::<crate::Base>().unwrap_or_default().href("/");
    view! {
        <div class=format!("anytime-console {}", theme.class())>
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
                <a class="at-header__brand" href=home>"Anytime"<span>" · Help desk settings"</span></a>
                <div class="at-header__session">
                    <span class="at-header__server" title="The settings API this console uses">{server}</span>
                    {move || if api.token.get().is_some() {
                        view! {
                            <span class="at-header__state">"Signed in"</span>
                            <button type="button" class="at-button at-button--quiet" on:click=sign_out>"Sign out"</button>
                        }.into_any()
                    } else {
                        view! { <span class="at-header__state">"Not signed in"</span> }.into_any()
                    }}
                </div>
            </header>
            <div class="at-layout">
                <Sidebar open=menu_open on_navigate=Callback::new(move |()| set_menu_open.set(false))/>
                <main class="at-main">
                    <div class="at-banner at-banner--error at-banner--network" role="alert" hidden=move || !api.unreachable.get()>
                        "The settings server cannot be reached. Check the connection; nothing you typed is lost. "
                        <button type="button" class="at-button" on:click=move |_| api.epoch.update(|e| *e += 1)>"Try again"</button>
                    </div>
                    {move || if api.token.get().is_some() {
                        children.with_value(|c| c()).into_any()
                    } else {
                        view! { <SignIn/> }.into_any()
                    }}
                </main>
            </div>
            <super::feedback::Toaster/>
            <super::feedback::ListChangedDialog/>
            <Show when=move || api.needs_sign_in.get() && api.token.get().is_some()>
                <div class="at-dialog-backdrop">
                    <div class="at-dialog" role="dialog" aria-modal="true" aria-labelledby="at-signin-title">
                        <SignIn again=true/>
                    </div>
                </div>
            </Show>
        </div>
    }
}

use leptos::prelude::*;

use crate::api::{Api, ApiError};
use crate::session;

/// Asks for the API token. Shown instead of the pages when there is no
/// token, and over the page (keeping what it holds) when a call answers 401.
#[component]
pub fn SignIn(
    /// Shown over a page after a 401 rather than in place of it.
    #[prop(optional)]
    again: bool,
) -> impl IntoView {
    let api = expect_context::<Api>();
    let (value, set_value) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let (checking, set_checking) = signal(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let token = value.get_untracked().trim().to_owned();
        if token.is_empty() {
            set_error.set(Some("Enter the API token the server printed when it started.".into()));
            return;
        }
        set_checking.set(true);
        leptos::task::spawn_local(async move {
            let answer = api.accepts(&token).await;
            set_checking.set(false);
            match answer {
                Ok(true) => {
                    session::remember(Some(&token));
                    api.token.set(Some(token));
                    api.needs_sign_in.set(false);
                }
                Ok(false) => set_error.set(Some(
                    "That token was not accepted. Check it (the server prints it when it starts) and try again."
                        .into(),
                )),
                Err(e @ ApiError::TooManyAttempts(_)) => {
                    api.slowed.set(Some(e.message()));
                    set_error.set(None);
                }
                Err(e) => set_error.set(Some(e.message())),
            }
        });
    };
    view! {
        <form class="at-signin" on:submit=submit aria-labelledby="at-signin-title">
            <h1 id="at-signin-title" class="at-page__title">
                {if again { "Sign in again" } else { "Sign in" }}
            </h1>
            <p class="at-page__lead">
                {if again {
                    "Your sign-in is no longer valid. Sign in again; nothing on the page is lost."
                } else {
                    "Enter the API token of this help desk's settings server. Starting the server prints a link with the token."
                }}
            </p>
            <label class="at-field__label" for="at-signin-token">"API token"</label>
            <input
                id="at-signin-token"
                class="at-input"
                type="password"
                autocomplete="current-password"
                aria-invalid=move || (error.get().is_some() || api.slowed.with(Option::is_some)).to_string()
                aria-describedby="at-signin-error"
                prop:value=value
                on:input=move |ev| {
                    set_value.set(event_target_value(&ev));
                    set_error.set(None);
                }
            />
            <p id="at-signin-error" class="at-field__error" role="alert">
                {move || error.get().or_else(|| api.slowed.get())}
            </p>
            <button type="submit" class="at-button at-button--primary" disabled=checking aria-busy=move || checking.get().to_string()>
                {move || if checking.get() { "Checking…" } else { "Sign in" }}
            </button>
        </form>
    }
}

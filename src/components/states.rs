//! Loading, empty and error states, and the helper that picks between them.

use leptos::prelude::*;

use crate::api::ApiError;

/// Skeleton rows where the content will appear.
#[component]
pub fn Skeleton(#[prop(default = 3)] rows: usize) -> impl IntoView {
    view! {
        <div class="at-skeleton" role="status" aria-live="polite">
            <span class="at-visually-hidden">"Loading…"</span>
            {(0..rows).map(|_| view! { <div class="at-skeleton__row"></div> }).collect_view()}
        </div>
    }
}

/// What to do when a list is empty.
/// "Offline · settings as of 14:02": said where answers come from the
/// settings kept in the browser.
#[component]
pub fn OfflineNote() -> impl IntoView {
    let api = expect_context::<crate::api::Api>();
    move || {
        api.offline_as_of.get().map(|at| {
            view! {
                <p class="at-offline-note">{format!("Offline · settings as of {}", crate::components::kept::when(at))}</p>
            }
        })
    }
}

#[component]
pub fn EmptyState(message: &'static str) -> impl IntoView {
    view! { <p class="at-empty">{message}</p> }
}

/// What went wrong and how to fix it, with a retry when that can help.
#[component]
pub fn ErrorState(error: ApiError, retry: Callback<()>) -> impl IntoView {
    let transient = error.is_transient();
    view! {
        <div class="at-error-state" role="alert">
            <p><strong>"Could not load this page. "</strong>{error.message()}</p>
            {transient.then(|| view! {
                <button type="button" class="at-button" on:click=move |_| retry.run(())>"Try again"</button>
            })}
        </div>
    }
}

/// Shows a resource: skeleton while it loads, the error with a retry, or
/// `render` with the value.
pub fn loaded<T, V>(
    resource: crate::api::Loading<T>,
    render: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    move || match resource.get() {
        None => view! { <Skeleton/> }.into_any(),
        Some(Ok(value)) => render(value).into_any(),
        Some(Err(error)) => {
            view! { <ErrorState error retry=Callback::new(move |()| resource.refetch())/> }.into_any()
        }
    }
}

/// [`loaded`] for a page whose work must outlive a reload (Preview: a file
/// chosen, a sample typed, a run of many): `render` runs with the first
/// value; a later one (the server back, "Try again") does not make the page
/// again, the page takes it from the resource itself.
pub fn loaded_once<T: Clone + Send + Sync + 'static, V: IntoView + 'static>(
    resource: crate::api::Loading<T>,
    render: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView {
    // Once made, the page stays: a later failure (a 401 while the sign-in
    // opens over the page, a 500 on "Try again") does not take it away.
    // A bool, not the error: a memo of a type of its own costs kilobytes.
    let ok = Memo::new(move |was: Option<&bool>| {
        was.copied().unwrap_or(false) || resource.with(|r| matches!(r, Some(Ok(_))))
    });
    move || match ok.get() {
        true => resource.with_untracked(|r| r.and_then(Result::ok).cloned()).map(&render).into_any(),
        false => not_loaded(resource),
    }
}

/// The skeleton while `resource` loads, or why it could not, with a retry.
fn not_loaded<T: Clone + 'static>(resource: crate::api::Loading<T>) -> AnyView {
    match resource.get() {
        Some(Ok(_)) => ().into_any(),
        None => view! { <Skeleton/> }.into_any(),
        Some(Err(error)) => {
            view! { <ErrorState error retry=Callback::new(move |()| resource.refetch())/> }.into_any()
        }
    }
}

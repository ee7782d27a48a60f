//! The Anytime settings console: a Leptos single-page app compiled to
//! WebAssembly. Components live in `components/`, one file per page in
//! `pages/`; logic that needs no DOM lives in plain types (`areas`) and is
//! tested natively.

pub mod areas;
pub mod components;
pub mod pages;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use components::shell::Shell;
use pages::{area::AreaPage, home::Home, not_found::NotFound};

/// The whole console: the shell (sidebar + header) around the routed page.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Shell>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/:area") view=AreaPage/>
                </Routes>
            </Shell>
        </Router>
    }
}

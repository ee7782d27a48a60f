//! The Anytime settings console: a Leptos single-page app compiled to
//! WebAssembly. Components live in `components/`, one file per page in
//! `pages/`; logic that needs no DOM lives in plain modules (`areas`,
//! `format`, `session`, `api`) and is tested natively.

pub mod api;
pub mod areas;
pub mod bulk;
pub mod components;
pub mod embed;
pub mod format;
pub mod forms;
pub mod pages;
pub mod session;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use api::Api;

/// The path the console's routes live under (for links).
#[derive(Clone, Debug, Default)]
pub struct Base(pub String);

impl Base {
    /// `/triggers` under the base.
    pub fn href(&self, path: &str) -> String {
        format!("{}{path}", self.0)
    }
}
use components::shell::Shell;
use pages::*;

/// The stand-alone console: the API on the same origin, the token from the
/// address bar's `#token=` or this tab's session.
#[component]
pub fn App() -> impl IntoView {
    // The console is the whole page: it names the browser tab after each page.
    provide_context(OwnPage);
    view! { <Console api_base=String::new() token=session::initial_token()/> }
}

/// Once signed in, and after the first page has loaded, what Preview and
/// the rule editors' Test panels need is read once, so it is kept in the
/// browser: they answer offline even on pages not opened before.
fn keep_for_offline(api: Api) {
    Effect::new(move |_| {
        if api.token.get().is_none() {
            return;
        }
        set_timeout(
            move || {
                leptos::task::spawn_local(async move {
                    use api::endpoints;
                    if let Ok(settings) = endpoints::settings(api).await {
                        endpoints::zones(api, &settings.working_time.time_zone).await;
                    }
                    let _ = endpoints::fields(api).await;
                    let _ = endpoints::directory(api).await;
                });
            },
            std::time::Duration::from_secs(2),
        );
    });
}

/// Present when the console is its own page (not embedded in a portal).
#[derive(Clone, Copy)]
pub struct OwnPage;

/// The console for an API at `api_base` ("" = same origin), its routes
/// under `base` ("" = the site's root).
#[component]
pub fn Console(
    api_base: String,
    token: Option<String>,
    #[prop(optional)] base: String,
    #[prop(optional)] theme: embed::Theme,
) -> impl IntoView {
    let api = Api::new(&api_base, token);
    provide_context(api);
    keep_for_offline(api);
    provide_context(Base(base.clone()));
    components::feedback::Toasts::provide();
    components::feedback::Unsaved::provide();
    components::feedback::ListChanged::provide();
    view! {
        <Router base=base>
            <Shell theme=theme>
                <Routes fallback=|| view! { <not_found::NotFound/> }>
                    <Route path=path!("/") view=home::Home/>
                    <Route path=path!("/email-accounts") view=email_accounts::EmailAccountsPage/>
                    <Route path=path!("/email-accounts/:id") view=email_account::EmailAccountPage/>
                    <Route path=path!("/routing") view=routing::RoutingPage/>
                    <Route path=path!("/routing/rules/:id") view=custom_rule::CustomRulePage/>
                    <Route path=path!("/auto-allocation") view=auto_allocation::AutoAllocationPage/>
                    <Route path=path!("/triggers") view=triggers::TriggersPage/>
                    <Route path=path!("/triggers/:id") view=trigger::TriggerPage/>
                    <Route path=path!("/sla-policies") view=sla_policies::SlaPoliciesPage/>
                    <Route path=path!("/sla-policies/:id") view=sla_policy::SlaPolicyPage/>
                    <Route path=path!("/working-time") view=working_time::WorkingTimePage/>
                    <Route path=path!("/blocked-senders") view=blocked_senders::BlockedSendersPage/>
                    <Route path=path!("/fields") view=fields::FieldsPage/>
                    <Route path=path!("/fields/:id") view=field::FieldPage/>
                    <Route path=path!("/preview") view=preview::PreviewPage/>
                    <Route path=path!("/import") view=import::ImportPage/>
                </Routes>
            </Shell>
        </Router>
    }
}

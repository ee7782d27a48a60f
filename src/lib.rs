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
pub mod history;
pub mod pages;
pub mod session;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use leptos_router::{Lazy, LazyRoute};

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
                    #[cfg(anytime_split)]
                    let reading = read_for_offline(api).await;
                    #[cfg(not(anytime_split))]
                    let reading = read_for_offline(api);
                    // Not fetched (offline): nothing to keep now anyway.
                    if let Ok(reading) = reading {
                        reading.await;
                    }
                });
            },
            std::time::Duration::from_secs(2),
        );
    });
}

/// Reads what Preview and the Test panels need (kept by the API client).
/// In the release build its code (every settings kind's reading) comes with
/// the rule editors' module, fetched once the first page is up.
#[cfg_attr(anytime_split, leptos::wasm_split::wasm_split(rules, wasm_split_path = ::leptos::wasm_split, fallible))]
#[allow(clippy::type_complexity)]
fn read_for_offline(api: Api) -> Result<std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>, NotLoaded> {
    use api::endpoints;
    Ok(Box::pin(async move {
        if let Ok(settings) = endpoints::settings(api).await {
            endpoints::zones(api, &settings.working_time.time_zone).await;
        }
        let _ = endpoints::fields(api).await;
        let _ = endpoints::directory(api).await;
    }))
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
    // The router is set up in this task, the frame drawn in the next.
    let drawn = components::shell::after_start();
    view! {
        <Router base=base>
            {move || drawn.get().then(|| view! {
                <Shell theme=theme>
                    <Routes fallback=|| view! { <not_found::NotFound/> }>
                        <Route path=path!("/") view=home::Home/>
                        <Route path=path!("/email-accounts") view={Lazy::<EmailAccountsRoute>::new()}/>
                        <Route path=path!("/email-accounts/:id") view={Lazy::<EmailAccountRoute>::new()}/>
                        <Route path=path!("/routing") view={Lazy::<RoutingRoute>::new()}/>
                        <Route path=path!("/routing/rules/:id") view={Lazy::<CustomRuleRoute>::new()}/>
                        <Route path=path!("/auto-allocation") view={Lazy::<AutoAllocationRoute>::new()}/>
                        <Route path=path!("/triggers") view={Lazy::<TriggersRoute>::new()}/>
                        <Route path=path!("/triggers/:id") view={Lazy::<TriggerRoute>::new()}/>
                        <Route path=path!("/sla-policies") view={Lazy::<SlaPoliciesRoute>::new()}/>
                        <Route path=path!("/sla-policies/:id") view={Lazy::<SlaPolicyRoute>::new()}/>
                        <Route path=path!("/working-time") view={Lazy::<WorkingTimeRoute>::new()}/>
                        <Route path=path!("/blocked-senders") view={Lazy::<BlockedSendersRoute>::new()}/>
                        <Route path=path!("/fields") view={Lazy::<FieldsRoute>::new()}/>
                        <Route path=path!("/fields/:id") view={Lazy::<FieldRoute>::new()}/>
                        <Route path=path!("/preview") view={Lazy::<PreviewRoute>::new()}/>
                        <Route path=path!("/import") view={Lazy::<ImportRoute>::new()}/>
                        <Route path=path!("/audit") view={Lazy::<AuditRoute>::new()}/>
                    </Routes>
                </Shell>
            })}
        </Router>
    }
}

/// Pages whose code is loaded when first opened. The release build
/// (`--cfg anytime_split`, see `crates/build`) makes each group a
/// WebAssembly module of its own, fetched on first use, so opening the
/// console loads only the shell; other builds (tests, `trunk serve`) keep
/// one module and the same routes. Pages are grouped by the code they
/// share: each group is one module plus those it shares with other groups,
/// so a page costs a few requests, not hundreds of fragments.
macro_rules! lazy_pages {
    ($($group:ident { $($route:ident($view:ident) => $page:path;)* })*) => {$($(
        #[derive(Clone, Copy)]
        struct $route;

        #[cfg_attr(
            anytime_split,
            leptos::wasm_split::wasm_split($group, wasm_split_path = ::leptos::wasm_split, fallible)
        )]
        fn $view() -> Result<AnyView, NotLoaded> {
            Ok(view! { <$page/> }.into_any())
        }

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_this: Self) -> AnyView {
                #[cfg(anytime_split)]
                let page = $view().await;
                #[cfg(not(anytime_split))]
                let page = $view();
                page.unwrap_or_else(|NotLoaded| not_loaded())
            }
        }
    )*)*};
}

/// A part of the console whose module could not be fetched: the network
/// went before the service worker kept it, or the server is gone.
#[derive(Debug, Clone, Copy)]
pub struct NotLoaded;

#[cfg(anytime_split)]
impl From<leptos::wasm_split::SplitLoaderError> for NotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        NotLoaded
    }
}

impl std::fmt::Display for NotLoaded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("this part of the console is not kept in this browser yet")
    }
}

/// The page in place of one that could not be fetched; trying again
/// reloads the console (its modules come with it once the network is back).
fn not_loaded() -> AnyView {
    let error = api::ApiError::Network(NotLoaded.to_string());
    let retry = Callback::new(|()| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    view! {
        <section class="at-page">
            <h1 class="at-page__title">"This page is not loaded yet"</h1>
            <components::states::ErrorState error retry/>
        </section>
    }
    .into_any()
}

lazy_pages! {
    lists {
        EmailAccountsRoute(email_accounts_view) => email_accounts::EmailAccountsPage;
        TriggersRoute(triggers_view) => triggers::TriggersPage;
        SlaPoliciesRoute(sla_policies_view) => sla_policies::SlaPoliciesPage;
        FieldsRoute(fields_view) => fields::FieldsPage;
        BlockedSendersRoute(blocked_senders_view) => blocked_senders::BlockedSendersPage;
    }
    rules {
        RoutingRoute(routing_view) => routing::RoutingPage;
        CustomRuleRoute(custom_rule_view) => custom_rule::CustomRulePage;
        TriggerRoute(trigger_view) => trigger::TriggerPage;
        SlaPolicyRoute(sla_policy_view) => sla_policy::SlaPolicyPage;
    }
    forms {
        AutoAllocationRoute(auto_allocation_view) => auto_allocation::AutoAllocationPage;
        WorkingTimeRoute(working_time_view) => working_time::WorkingTimePage;
        EmailAccountRoute(email_account_view) => email_account::EmailAccountPage;
        FieldRoute(field_view) => field::FieldPage;
    }
    tools {
        PreviewRoute(preview_view) => preview::PreviewPage;
        ImportRoute(import_view) => import::ImportPage;
        AuditRoute(audit_view) => audit::AuditPage;
    }
}

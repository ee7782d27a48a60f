//! The Anytime settings REST API server: axum over an embedded SQLite
//! database, serving the built console. `app()` builds the whole router so
//! tests drive exactly what `main` runs.

pub mod auth;
pub mod config;
pub mod crud;
pub mod db;
pub mod directory;
pub mod error;
mod health;
pub mod http;
mod managed;
pub mod openapi;
pub mod probe;
mod resources;
pub mod routes;
mod seed;
pub mod snapshot;
pub mod state;
mod static_files;
pub mod store;

use std::path::PathBuf;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tower_http::LatencyUnit;
use tracing::Level;

pub use config::Config;
pub use error::AppError;
pub use state::AppState;

/// Bodies over this are refused with 413 (attachments have their own limit).
pub const BODY_LIMIT: usize = 1024 * 1024;

/// The content security policy of every response: the console's own
/// scripts (and the inline loader Trunk writes, by hash) and WebAssembly,
/// nothing from elsewhere.
fn csp(inline_script_hashes: &[String]) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; object-src 'none'",
        inline_script_hashes.join(" ")
    )
}

/// The whole HTTP surface: `/api/…` and, when a console build is given,
/// the console with SPA fallback.
pub fn app(state: AppState, static_dir: Option<PathBuf>) -> Router {
    let protected = Router::new()
        .nest("/v3/anytime", routes::anytime())
        .nest("/v2/anytime", routes::anytime_v2())
        .nest("/v3", routes::v3())
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), auth::require_token));
    let api = Router::new()
        .merge(health::router())
        .route("/openapi.json", axum::routing::get(|| async { axum::Json(openapi::document()) }))
        .merge(protected)
        .fallback(|| async { AppError::NotFound("No API endpoint at this path.".into()) })
        .layer(DefaultBodyLimit::max(BODY_LIMIT));
    let router = Router::new().nest("/api", api);
    let router = match static_dir.clone() {
        Some(dir) => router.fallback_service(static_files::service(dir)),
        None => router.fallback(static_files::no_console),
    };
    // The console's pages allow their inline loader by hash, read from the
    // file being served, so a rebuilt console needs no restart. Every
    // non-API answer carries it, 304s included (browsers take a 304's CSP).
    let router = router.layer(axum::middleware::from_fn(
        move |request: axum::extract::Request, next: axum::middleware::Next| {
            let dir = static_dir.clone();
            async move {
                let page = match &dir {
                    Some(dir) if !request.uri().path().starts_with("/api/") => {
                        static_files::page_for(request.uri(), &dir.join("index.html"))
                    }
                    _ => None,
                };
                let mut response = next.run(request).await;
                if let Some(page) = page {
                    let hashes = static_files::inline_script_hashes_of(&page);
                    response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, csp_header(&hashes));
                }
                response
            }
        },
    ));
    let csp = csp_header(&[]);
    let router = match cors(&state.allow_origins) {
        Some(layer) => router.layer(layer),
        None => router,
    };
    router
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, csp))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        // A bug must not drop the connection: answer a problem JSON 500.
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(|_: Box<dyn std::any::Any + Send>| {
            axum::response::IntoResponse::into_response(AppError::Internal("a handler panicked".into()))
        }))
        // One line per request: method, path, status, latency. Headers (the
        // token) and bodies (passwords) are never logged.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_request(())
                .on_response(DefaultOnResponse::new().level(Level::INFO).latency_unit(LatencyUnit::Millis)),
        )
        .with_state(state)
}

fn csp_header(hashes: &[String]) -> HeaderValue {
    HeaderValue::from_str(&csp(hashes)).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

/// CORS for the allowed origins; `None` keeps it closed.
fn cors(origins: &[String]) -> Option<tower_http::cors::CorsLayer> {
    use axum::http::Method;
    use tower_http::cors::{AllowOrigin, CorsLayer};
    let origins: Vec<HeaderValue> =
        origins.iter().filter_map(|o| o.trim_end_matches('/').parse().ok()).collect();
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::IF_MATCH])
            .expose_headers([header::ETAG])
            .max_age(std::time::Duration::from_secs(600)),
    )
}

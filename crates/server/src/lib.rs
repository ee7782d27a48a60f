//! The Anytime settings REST API server: axum over an embedded SQLite
//! database (or PostgreSQL, for several replicas), serving the built console. `app()` builds the whole router so
//! tests drive exactly what `main` runs.

pub mod audit;
pub mod auth;
pub mod config;
pub mod copy;
pub mod crud;
pub mod db;
pub mod directory;
pub mod error;
mod health;
pub mod http;
mod managed;
pub mod openapi;
pub mod portal;
pub mod probe;
mod resources;
pub mod routes;
mod seed;
mod serve;
pub mod snapshot;
pub mod state;
mod static_files;
pub mod storage;
pub mod store;
pub mod tokens;
pub mod vault;

use std::path::PathBuf;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::response::IntoResponse;
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

pub use config::Config;
pub use error::AppError;
pub use serve::serve;
pub use state::AppState;

/// Now, as RFC 3339 UTC to the second.
pub fn now_utc() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    anytime_core::date::format_utc(secs)
}

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

/// Every route under `/api` that takes a token.
fn protected() -> routes::Routes {
    use routes::Routes;
    Routes::nest("/v3/anytime", routes::anytime())
        .merge(Routes::nest("/v2/anytime", routes::anytime_v2()))
        .merge(Routes::nest("/v3", routes::v3()))
}

/// The OpenAPI document, built from the table the router is built from.
fn document(routes: &[&routes::Routes]) -> serde_json::Value {
    use openapi::{one, op, Body, Doc, Reply};
    let mut docs: Vec<Doc> = routes
        .iter()
        .flat_map(|r| r.docs())
        .map(|d| Doc { path: format!("/api{}", d.path), ..d.clone() })
        .collect();
    docs.push(Doc {
        path: "/api/openapi.json".into(),
        method: "get",
        public: true,
        op: op("This document (no token needed)", Body::Empty, Reply::Json(200, one::<serde_json::Value>)),
    });
    openapi::document(&docs)
}

/// The OpenAPI document the server serves at `/api/openapi.json`.
pub fn openapi_document() -> serde_json::Value {
    document(&[&health::router(), &protected()])
}

/// The whole HTTP surface: `/api/…` and, when a console build is given,
/// the console with SPA fallback.
pub fn app(state: AppState, static_dir: Option<PathBuf>) -> Router {
    let (public, protected) = (health::router(), protected());
    let document = std::sync::Arc::new(document(&[&public, &protected]));
    let protected = protected
        .into_router()
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), auth::require_token));
    let api = public
        .into_router()
        .route(
            "/openapi.json",
            axum::routing::get(move || async move { axum::Json(document.as_ref().clone()) }),
        )
        .merge(protected)
        .fallback(|| async { AppError::NotFound("No API endpoint at this path.".into()) })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(compress_when_taken));
    let router = Router::new().nest("/api", api);
    let router = match static_dir.clone() {
        Some(dir) => router.fallback_service(static_files::service::<()>(dir)),
        None => router.fallback(static_files::no_console),
    };
    // The console's pages allow their inline loader by hash, read from the
    // file being served, so a rebuilt console needs no restart. Every
    // non-API answer carries it, 304s included (browsers take a 304's CSP).
    let hashes = std::sync::Arc::new(static_files::ScriptHashes::default());
    let router = router.layer(axum::middleware::from_fn(
        move |request: axum::extract::Request, next: axum::middleware::Next| {
            let dir = static_dir.clone();
            let hashes = hashes.clone();
            async move {
                let page = match &dir {
                    Some(dir) if !request.uri().path().starts_with("/api/") => {
                        static_files::page_for(request.uri(), &dir.join("index.html"))
                    }
                    _ => None,
                };
                let mut response = next.run(request).await;
                if let Some(page) = page {
                    let hashes = hashes.of(&page);
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
        // Errors the framework answers by itself get problem JSON too.
        .layer(axum::middleware::from_fn(bare_errors))
        // One line per request: method, path, status, latency, actor.
        .layer(axum::middleware::from_fn(log_request))
        .with_state(state)
}

/// Large API answers (lists, the export) go compressed when the client
/// takes it: brotli at a quality that keeps up with the server (4 packs a
/// 1 MB list in a few milliseconds), else gzip. Small answers are not worth
/// it; the console's files are compressed at build time instead. Only a GET
/// from a client that takes brotli or gzip goes through the compressor: the
/// others (API clients, most writes) do not pay for it (a fifth of a small
/// GET's time, measured with wrk).
async fn compress_when_taken(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use tower::ServiceExt;
    use tower_http::compression::predicate::{Predicate, SizeAbove};
    use tower_http::compression::{CompressionLayer, CompressionLevel, DefaultPredicate};
    let takes = request
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("br") || v.contains("gzip"));
    if request.method() != axum::http::Method::GET || !takes {
        return next.run(request).await;
    }
    let mut next = Some(next);
    let inner = tower::service_fn(move |request: axum::extract::Request| {
        let next = next.take();
        async move {
            Ok::<_, std::convert::Infallible>(match next {
                Some(next) => next.run(request).await,
                None => AppError::Internal("the compressor called twice".into()).into_response(),
            })
        }
    });
    let compressed = tower::Layer::layer(
        &CompressionLayer::new()
            .no_deflate()
            .no_zstd()
            .quality(CompressionLevel::Precise(4))
            .compress_when(DefaultPredicate::new().and(SizeAbove::new(COMPRESS_ABOVE))),
        inner,
    );
    match compressed.oneshot(request).await {
        Ok(response) => response.map(axum::body::Body::new),
        Err(never) => match never {},
    }
}

/// API answers this large or larger are compressed.
pub const COMPRESS_ABOVE: u16 = 1024;

/// Longest request address (path and query) taken; longer is a 414.
pub const MAX_URI: usize = 8 * 1024;

/// A problem JSON answer built outside a handler.
fn problem(status: axum::http::StatusCode, title: &str, detail: &str) -> axum::response::Response {
    let body = serde_json::json!({"type": "about:blank", "title": title, "status": status.as_u16(), "detail": detail});
    (status, [(header::CONTENT_TYPE, "application/problem+json")], body.to_string()).into_response()
}

/// Makes every error problem JSON (contract §11): the router's 405 (its
/// `Allow` kept), a missing file's 404, anything answered with no body or
/// plain text. Handlers' own problems and the HTML page shown when no
/// console is built pass as they are.
async fn bare_errors(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::StatusCode;
    let uri_length = request.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if uri_length > MAX_URI {
        return problem(
            StatusCode::URI_TOO_LONG,
            "URI too long",
            &format!("The request's address is {uri_length} bytes; at most {MAX_URI} are accepted."),
        );
    }
    let method = request.method().clone();
    let response = next.run(request).await;
    let status = response.status();
    let content_type =
        response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if status.as_u16() < 400
        || content_type.starts_with("application/problem+json")
        || content_type.starts_with("text/html")
    {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let detail = match status {
        StatusCode::METHOD_NOT_ALLOWED => format!("{method} is not allowed at this path. Use {allow}."),
        StatusCode::NOT_FOUND => "There is nothing at this path.".to_owned(),
        StatusCode::PAYLOAD_TOO_LARGE => "The body is larger than this path accepts.".to_owned(),
        other => other.canonical_reason().unwrap_or("The request could not be answered.").to_owned(),
    };
    let title = status.canonical_reason().unwrap_or("Error");
    let mut answer = problem(status, title, &detail);
    for (name, value) in response.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            answer.headers_mut().insert(name.clone(), value.clone());
        }
    }
    answer
}

/// `?email=a@b.com&id=7` as `?email=…&id=…`: which parameters, never
/// their values (callers put addresses, ids and worse in them).
fn query_keys(query: &str) -> String {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            format!("{}=…", p.split('=').next().unwrap_or_default().chars().take(40).collect::<String>())
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// One log line per request: method, path, the query's keys, status,
/// latency and who (contract §11). Never a header, a body or a value from
/// the query.
async fn log_request(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let method = request.method().clone();
    let path: String = request.uri().path().chars().take(200).collect();
    let query = request.uri().query().map(query_keys).unwrap_or_default();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    let actor = response.extensions().get::<audit::Actor>().map_or("-", |a| a.id.as_str()).to_owned();
    tracing::info!(
        target: "anytime_server::request",
        %method,
        %path,
        query = %query,
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        %actor,
    );
    response
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
            .expose_headers([
                header::ETAG,
                header::RETRY_AFTER,
                header::HeaderName::from_static(http::LIST_ETAG),
                header::HeaderName::from_static(http::TOTAL),
            ])
            .max_age(std::time::Duration::from_secs(600)),
    )
}

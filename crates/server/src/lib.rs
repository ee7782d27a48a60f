//! The Anytime settings REST API server: axum over an embedded SQLite
//! database, serving the built console. `app()` builds the whole router so
//! tests drive exactly what `main` runs.

pub mod config;
pub mod db;
pub mod error;
mod health;
mod static_files;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use tower_http::trace::TraceLayer;

pub use config::Config;
pub use error::AppError;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Arc<Mutex<rusqlite::Connection>>,
}

/// The whole HTTP surface: `/api/…` and, when a console build is given,
/// the console with SPA fallback.
pub fn app(state: AppState, static_dir: Option<PathBuf>) -> Router {
    let api = Router::new()
        .merge(health::router())
        .fallback(|| async { AppError::NotFound("No API endpoint at this path.".into()) });
    let router = Router::new().nest("/api", api);
    let router = match static_dir {
        Some(dir) => router.fallback_service(static_files::service(dir)),
        None => router.fallback(static_files::no_console),
    };
    router.layer(TraceLayer::new_for_http()).with_state(state)
}

use std::io::Read;

use anytime_server::{app, db, directory, AppState, Config};
use clap::Parser;
use tracing_subscriber::EnvFilter;

/// A random token from the OS, hex-encoded.
fn random_token() -> std::io::Result<String> {
    let mut bytes = [0u8; 24];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down");
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,tower_http=info")),
        )
        .init();
    let config = Config::parse();
    let conn =
        db::open(&config.db).map_err(|e| format!("cannot open the database {}: {e}", config.db.display()))?;
    let token = match &config.token {
        Some(t) if !t.trim().is_empty() => t.trim().to_owned(),
        _ => random_token()?,
    };
    let directory = match &config.directory {
        Some(path) => directory::load(path)?,
        None => directory::demo(),
    };
    let console = config.console_dir();
    if console.is_none() {
        tracing::warn!("no console build found (dist/index.html); serving the API only");
    }
    let mut state =
        AppState::new(conn, &token, directory).map_err(|e| format!("cannot prepare the database: {e:?}"))?;
    state.allow_private_hosts = config.allow_private_hosts;
    state.allow_origins = config.allow_origins.clone().into();
    state.probe_timeout = std::time::Duration::from_secs(config.probe_timeout.max(1));
    if let Some(path) = &config.extra_ca {
        let pem = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        state.tls =
            anytime_server::probe::tls_config(Some(&pem)).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
    let addr = listener.local_addr()?;
    tracing::info!(db = %config.db.display(), %addr, "Anytime settings server ready");
    println!();
    if config.token.is_some() {
        println!("  Open http://{addr}/ and sign in with your token.");
    } else {
        println!("  Open http://{addr}/#token={token}");
    }
    println!();
    axum::serve(listener, app(state, console)).with_graceful_shutdown(shutdown_signal()).await?;
    Ok(())
}

use std::io::Read;

use anytime_server::config::{Cli, Command, TokenAction};
use anytime_server::storage::{self, sqlite::Sqlite, Location};
use anytime_server::{app, db, directory, vault, AppState, Config};
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
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,tower_http=info")),
        )
        // Logs to stderr; stdout carries only the sign-in URL.
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::RotateKey { db, secret_key_file }) => rotate_key(&db, secret_key_file),
        Some(Command::Token { db, action }) => token(&db, action),
        Some(Command::CopyDb { from, to }) => copy_db(&from, &to),
        None => run(cli.config).await,
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("anytime-server: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// The engine a command works on: a SQLite file that must exist already
/// (held under its lock, `exclusive` for a key rotation), or PostgreSQL.
fn command_engine(
    location: &Location,
    exclusive: bool,
) -> Result<(Box<dyn storage::Engine>, Option<std::fs::File>), String> {
    match location {
        Location::Sqlite(path) => {
            if !path.exists() {
                return Err(format!(
                    "there is no database at {} (start the server once first)",
                    path.display()
                ));
            }
            let lock = vault::lock(path, exclusive)?;
            let conn =
                db::open(path).map_err(|e| format!("cannot open the database {}: {e}", path.display()))?;
            Ok((Box::new(Sqlite::new(conn)), Some(lock)))
        }
        Location::Postgres(url) => {
            let engine = storage::postgres::Postgres::connect(url)
                .map_err(|e| format!("cannot open the database {}: {e}", location.shown()))?;
            Ok((Box::new(engine), None))
        }
    }
}

/// `copy-db --from A --to B`.
fn copy_db(from: &std::path::Path, to: &std::path::Path) -> Result<(), String> {
    let (from, to) = (Location::of(from), Location::of(to));
    if from == to {
        return Err("--from and --to name the same database".into());
    }
    // The source is held exclusively (no server writes to it meanwhile).
    let (source, _source_lock) = command_engine(&from, true)?;
    let (target, _target_lock): (Box<dyn storage::Engine>, _) = match &to {
        Location::Sqlite(path) => {
            if path.exists() {
                return Err(format!("{} exists already: copy into a new file", path.display()));
            }
            vault::create_private_file(path)?;
            let lock = vault::lock(path, true)?;
            let conn =
                db::open(path).map_err(|e| format!("cannot make the database {}: {e}", path.display()))?;
            (Box::new(Sqlite::new(conn)), Some(lock))
        }
        Location::Postgres(_) => command_engine(&to, true)?,
    };
    let copied = anytime_server::copy::copy(&*source, &*target).inspect_err(|_| {
        // A new file that did not get a good copy is not left behind.
        if let Location::Sqlite(path) = &to {
            for suffix in ["", "-wal", "-shm"] {
                let mut name = path.as_os_str().to_owned();
                name.push(suffix);
                let _ = std::fs::remove_file(name);
            }
        }
    })?;
    println!(
        "Copied {} settings objects, {} sealed passwords, {} tokens, {} attachments and {} audit entries \
         from {} to {}; read back, they are equal, and so are the two exports. The same key file opens \
         the passwords there.",
        copied.objects,
        copied.secrets,
        copied.tokens,
        copied.files,
        copied.audit,
        from.shown(),
        to.shown()
    );
    Ok(())
}

fn rotate_key(db: &std::path::Path, key_file: Option<std::path::PathBuf>) -> Result<(), String> {
    let key_file = anytime_server::config::key_file_for(db, key_file.as_ref())?;
    // PostgreSQL has no lock file: its replicas are stopped by the operator
    // (DEPLOY.md), as the command's help says.
    let location = Location::of(db);
    let (engine, _lock) = command_engine(&location, true)?;
    let shared = matches!(location, Location::Postgres(_));
    let (vault, count, kept) = vault::rotate(&engine, &key_file, shared)?;
    println!(
        "Re-sealed {count} stored password(s) under key {}; the new key is in {}, the old one in {} \
         (keep it while backups of the database from before now may be restored).",
        vault.key_id,
        key_file.display(),
        kept.display()
    );
    Ok(())
}

/// `token create|list|revoke`, beside a running server or without one.
fn token(db: &std::path::Path, action: TokenAction) -> Result<(), String> {
    use anytime_server::{audit, tokens};
    let (engine, _lock) = command_engine(&Location::of(db), false)?;
    let run = |f: &mut dyn FnMut(&storage::Transaction) -> anytime_server::error::AppResult<()>| {
        audit::as_actor(audit::Actor::system("command line"), || storage::Engine::write(&engine, f)).map_err(
            |e| match e {
                anytime_server::AppError::Conflict(m) | anytime_server::AppError::NotFound(m) => m,
                anytime_server::AppError::Invalid(errors) => {
                    errors.0.into_iter().map(|e| e.message).collect::<Vec<_>>().join(" ")
                }
                other => format!("{other:?}"),
            },
        )
    };
    match action {
        TokenAction::Create { name, role } => {
            let role = audit::Role::parse(&role).ok_or("the role is viewer, editor or admin")?;
            let mut made = None;
            run(&mut |tx| {
                made = Some(tokens::create(tx, &name, role)?);
                Ok(())
            })?;
            eprintln!("Token '{name}' ({}) made. It is shown once; keep it somewhere safe:", role.as_str());
            println!("{}", made.unwrap_or_default());
        }
        TokenAction::List => {
            let mut listed = Vec::new();
            run(&mut |tx| {
                listed = tokens::list(tx)?;
                Ok(())
            })?;
            println!("{:<24} {:<7} {:<21} revoked", "name", "role", "created");
            for t in listed {
                println!(
                    "{:<24} {:<7} {:<21} {}",
                    t.name,
                    t.role,
                    t.created,
                    t.revoked.as_deref().unwrap_or("-")
                );
            }
        }
        TokenAction::Revoke { name } => {
            run(&mut |tx| tokens::revoke(tx, &name))?;
            println!("Token '{name}' revoked; it is refused from now on.");
        }
    }
    Ok(())
}

/// Connections that read while one writes.
const READERS: usize = 4;

async fn run(config: Config) -> Result<(), String> {
    let location = Location::of(&config.db);
    // A SQLite file is held while the server runs (rotate-key waits for it).
    let _lock = match &location {
        Location::Sqlite(path) => Some(vault::lock(path, false)?),
        Location::Postgres(_) => None,
    };
    let (engine, vault) = db::open_engine(&location, &config.key_file()?, READERS)?;
    let token = match &config.token {
        Some(t) if !t.trim().is_empty() => t.trim().to_owned(),
        _ => random_token().map_err(|e| format!("cannot make a token: {e}"))?,
    };
    let directory = match &config.directory {
        Some(path) => directory::load(path).map_err(|e| e.to_string())?,
        None => directory::demo(),
    };
    let console = config.console_dir();
    if console.is_none() {
        tracing::warn!("no console build found (dist/index.html); serving the API only");
    }
    let mut state = AppState::new(engine, &token, directory, vault)
        .map_err(|e| format!("cannot prepare the database: {e:?}"))?;
    state.allow_private_hosts = config.allow_private_hosts;
    state.failed_sign_ins_per_minute = config.failed_sign_ins_per_minute;
    state.client_ip_header = config.client_ip_header.as_deref().map(Into::into);
    state.trusted_proxies = config.trusted_proxies.clone().into();
    state.allow_origins = config.allow_origins.clone().into();
    state.probe_timeout = std::time::Duration::from_secs(config.probe_timeout.max(1));
    if let Some(path) = &config.portal_jwt_key {
        state.portal = Some(std::sync::Arc::new(anytime_server::portal::PortalKey::load(path)?));
    }
    // The audit trail's retention: now, then daily.
    let pruned = anytime_server::audit::prune(&state, config.audit_days)
        .map_err(|e| format!("cannot prune the audit trail: {e:?}"))?;
    if pruned > 0 {
        tracing::info!(pruned, days = config.audit_days, "removed old audit entries");
    }
    let (pruner, days) = (state.clone(), config.audit_days);
    tokio::spawn(async move {
        let mut daily = tokio::time::interval(std::time::Duration::from_secs(86_400));
        daily.tick().await;
        loop {
            daily.tick().await;
            match anytime_server::audit::prune(&pruner, days) {
                Ok(n) => tracing::info!(pruned = n, days, "audit trail pruned"),
                Err(e) => tracing::error!(?e, "cannot prune the audit trail"),
            }
        }
    });
    if let Some(path) = &config.extra_ca {
        let pem = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        state.tls =
            anytime_server::probe::tls_config(Some(&pem)).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tracing::info!(db = %location.shown(), %addr, "Anytime settings server ready");
    println!();
    if config.token.is_some() {
        println!("  Open http://{addr}/ and sign in with your token.");
    } else {
        println!("  Open http://{addr}/#token={token}");
    }
    println!();
    anytime_server::serve(listener, app(state, console), shutdown_signal()).await.map_err(|e| e.to_string())
}

//! Command-line flags, each also read from an `ANYTIME_…` variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// The command line: serve (no subcommand), or a maintenance task.
#[derive(Debug, Clone, Parser)]
#[command(name = "anytime-server", version, about = "The Anytime help-desk settings API and console")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub config: Config,
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Re-seals every stored password under a new key (stop the server first).
    RotateKey {
        /// SQLite database file, or a PostgreSQL URL (`postgres://…`).
        #[arg(long, env = "ANYTIME_DB", default_value = "anytime.db", hide_env_values = true)]
        db: PathBuf,
        /// The key file (default: the database's path + `.key`).
        #[arg(long, env = "ANYTIME_SECRET_KEY_FILE")]
        secret_key_file: Option<PathBuf>,
    },
    /// Copies every setting, password, token, attachment and audit entry
    /// into a new, empty database — SQLite to PostgreSQL or back — and
    /// checks the copy (stop the servers on the source first).
    CopyDb {
        /// The database to copy: a SQLite file or a PostgreSQL URL (in the
        /// environment, a URL's password stays out of `ps`).
        #[arg(long, env = "ANYTIME_COPY_FROM", hide_env_values = true)]
        from: PathBuf,
        /// A new SQLite file, or an empty PostgreSQL database's URL.
        #[arg(long, env = "ANYTIME_COPY_TO", hide_env_values = true)]
        to: PathBuf,
    },
    /// Named API tokens with roles (contract §12); works while the server runs.
    Token {
        /// SQLite database file, or a PostgreSQL URL (`postgres://…`).
        #[arg(long, env = "ANYTIME_DB", default_value = "anytime.db", global = true, hide_env_values = true)]
        db: PathBuf,
        #[command(subcommand)]
        action: TokenAction,
    },
}

#[derive(Debug, Clone, clap::Subcommand)]
pub enum TokenAction {
    /// Makes a token and prints it once (only its hash is kept).
    Create {
        /// Who holds it: what the audit trail says (letters, digits, . _ - @).
        #[arg(long)]
        name: String,
        /// viewer (reads, previews, export), editor (also writes settings)
        /// or admin (also email accounts, import, restore, the audit trail).
        #[arg(long, value_parser = ["viewer", "editor", "admin"])]
        role: String,
    },
    /// Lists the tokens: names, roles, when made and revoked.
    List,
    /// Revokes a token: it is refused from the next request on.
    Revoke {
        /// The token's name.
        name: String,
    },
}

#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "ANYTIME_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// SQLite database file (created owner-only when missing), or a
    /// PostgreSQL URL (`postgres://user:password@host/db`, `?sslmode=require`
    /// for TLS) for several replicas on one database.
    #[arg(long, env = "ANYTIME_DB", default_value = "anytime.db", hide_env_values = true)]
    pub db: PathBuf,

    /// The key that seals stored passwords (created owner-only on first
    /// start; default: the database's path + `.key`). Back it up apart
    /// from the database: without it the passwords cannot be opened.
    #[arg(long, env = "ANYTIME_SECRET_KEY_FILE")]
    pub secret_key_file: Option<PathBuf>,

    /// API token; a random one is made and printed when absent.
    #[arg(long, env = "ANYTIME_TOKEN", hide_env_values = true)]
    pub token: Option<String>,

    /// The built console to serve at `/` (default: `dist` when it exists).
    #[arg(long, env = "ANYTIME_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,

    /// Agents and departments as JSON (`{"agents": […], "departments": […]}`);
    /// a demo directory is used without it.
    #[arg(long, env = "ANYTIME_DIRECTORY")]
    pub directory: Option<PathBuf>,

    /// An origin allowed to call the API from a browser (a portal that
    /// embeds the console). Repeat for several; comma-separated in the env.
    #[arg(long = "allow-origin", env = "ANYTIME_ALLOW_ORIGIN", value_delimiter = ',')]
    pub allow_origins: Vec<String>,

    /// Let "Test connection" reach loopback and private addresses.
    #[arg(long, env = "ANYTIME_ALLOW_PRIVATE_HOSTS")]
    pub allow_private_hosts: bool,

    /// Extra CA certificates (PEM) that "Test connection" trusts, e.g. an
    /// on-premises mail server's private CA.
    #[arg(long, env = "ANYTIME_EXTRA_CA")]
    pub extra_ca: Option<PathBuf>,

    /// Wrong tokens one client address may send within a minute before it
    /// is answered 429 for the rest of that minute (0 turns this off).
    #[arg(long, env = "ANYTIME_FAILED_SIGN_INS_PER_MINUTE", default_value_t = 20)]
    pub failed_sign_ins_per_minute: usize,

    /// Behind your own reverse proxy: the header it puts the client's
    /// address in (`X-Forwarded-For`, `X-Real-IP`). Believed only from a
    /// loopback peer or a `--trusted-proxy`; the last address in it counts.
    #[arg(long, env = "ANYTIME_CLIENT_IP_HEADER")]
    pub client_ip_header: Option<String>,

    /// The address of a reverse proxy on another machine whose
    /// `--client-ip-header` is believed. Repeat for several.
    #[arg(long = "trusted-proxy", env = "ANYTIME_TRUSTED_PROXY", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// A portal's key for signing its users in (contract §12): an HMAC
    /// secret (at least 32 bytes), or an RSA, EC or Ed25519 public key in
    /// PEM. JWTs it signed, with `sub`, `name`, `role` and `exp`, are
    /// accepted as bearer tokens.
    #[arg(long, env = "ANYTIME_PORTAL_JWT_KEY")]
    pub portal_jwt_key: Option<PathBuf>,

    /// Days the audit trail keeps (older entries are removed at start and
    /// daily); 0 keeps everything.
    #[arg(long, env = "ANYTIME_AUDIT_DAYS", default_value_t = 365)]
    pub audit_days: u32,

    /// Seconds each step of "Test connection" may take.
    #[arg(long, env = "ANYTIME_PROBE_TIMEOUT", default_value_t = 10)]
    pub probe_timeout: u64,
}

/// The key file: the one given, else (SQLite) the database's path +
/// `.key`. PostgreSQL has no path to put it beside, and every replica
/// needs the same one, so it is given.
pub fn key_file_for(db: &std::path::Path, given: Option<&PathBuf>) -> Result<PathBuf, String> {
    match (given, crate::storage::Location::of(db)) {
        (Some(file), _) => Ok(file.clone()),
        (None, crate::storage::Location::Sqlite(path)) => Ok(crate::vault::default_key_file(&path)),
        (None, crate::storage::Location::Postgres(_)) => Err(
            "with PostgreSQL, give --secret-key-file: the key that seals stored passwords, the same file on every replica"
                .into(),
        ),
    }
}

impl Config {
    pub fn key_file(&self) -> Result<PathBuf, String> {
        key_file_for(&self.db, self.secret_key_file.as_ref())
    }

    /// The console directory to serve, if any.
    pub fn console_dir(&self) -> Option<PathBuf> {
        match &self.static_dir {
            Some(dir) => Some(dir.clone()),
            None => {
                let dist = PathBuf::from("dist");
                dist.join("index.html").is_file().then_some(dist)
            }
        }
    }
}

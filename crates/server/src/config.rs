//! Command-line flags, each also read from an `ANYTIME_…` variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

#[derive(Debug, Clone, Parser)]
#[command(name = "anytime-server", version, about = "The Anytime help-desk settings API and console")]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "ANYTIME_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// SQLite database file (created when missing).
    #[arg(long, env = "ANYTIME_DB", default_value = "anytime.db")]
    pub db: PathBuf,

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

    /// Seconds each step of "Test connection" may take.
    #[arg(long, env = "ANYTIME_PROBE_TIMEOUT", default_value_t = 10)]
    pub probe_timeout: u64,
}

impl Config {
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

//! A server per test: bound to 127.0.0.1:0 on a temporary SQLite file, or
//! — the test command's second pass, `ANYTIME_TEST_ENGINE=postgres` — on a
//! new database of the throwaway PostgreSQL cluster at
//! `ANYTIME_TEST_POSTGRES` (one per file path, so a restart finds it).

use std::path::{Path, PathBuf};

use anytime_server::storage::Location;
use anytime_server::{app, db, directory, AppState};
use reqwest::{Method, StatusCode};
use serde_json::Value;

pub const TOKEN: &str = "test-token";

pub struct Server {
    pub base: String,
    pub client: reqwest::Client,
    pub db_path: PathBuf,
    /// What `--db` names for this server (the file, or its database's URL).
    pub db_arg: String,
    /// The server's state: a test reads what is stored through its engine.
    pub state: AppState,
    task: tokio::task::JoinHandle<()>,
    _dir: Option<tempfile::TempDir>,
}

pub struct Reply {
    pub status: StatusCode,
    pub etag: Option<String>,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    /// The field paths of a 422.
    pub fn fields(&self) -> Vec<String> {
        self.body["errors"].as_array().map_or_else(Vec::new, |errors| {
            errors.iter().map(|e| e["field"].as_str().unwrap_or_default().to_owned()).collect()
        })
    }

    pub fn message(&self, field: &str) -> String {
        self.body["errors"]
            .as_array()
            .and_then(|errors| errors.iter().find(|e| e["field"] == field))
            .and_then(|e| e["message"].as_str())
            .unwrap_or_default()
            .to_owned()
    }

    #[track_caller]
    pub fn expect(self, status: u16) -> Self {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        self
    }
}

pub async fn start() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("test.db");
    let mut s = start_on(&path, None).await;
    s._dir = Some(dir);
    s
}

/// A server on an existing database file (for restart tests).
pub async fn start_on(path: &Path, console: Option<PathBuf>) -> Server {
    start_with(path, console, |_| {}).await
}

/// Whether this pass runs on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("ANYTIME_TEST_ENGINE").is_ok_and(|e| e == "postgres")
}

/// Where a test's database at `path` is on this pass.
pub fn location(path: &Path) -> Location {
    if !on_postgres() {
        return Location::Sqlite(path.to_owned());
    }
    static DATABASES: std::sync::Mutex<Vec<(PathBuf, String)>> = std::sync::Mutex::new(Vec::new());
    let mut databases = DATABASES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, url)) = databases.iter().find(|(p, _)| p == path) {
        return Location::Postgres(url.clone());
    }
    let cluster = std::env::var("ANYTIME_TEST_POSTGRES").expect(
        "ANYTIME_TEST_ENGINE=postgres needs ANYTIME_TEST_POSTGRES (scripts/test.sh starts a cluster)",
    );
    let url = anytime_server::storage::postgres::fresh_database(&cluster).unwrap();
    databases.push((path.to_owned(), url.clone()));
    Location::Postgres(url)
}

pub async fn start_with(
    path: &Path,
    console: Option<PathBuf>,
    configure: impl FnOnce(&mut AppState),
) -> Server {
    start_at(location(path), path, console, configure).await
}

/// A server on the SQLite file at `path` on every pass (a test of the file itself).
pub async fn start_sqlite_on(path: &Path) -> Server {
    start_at(Location::Sqlite(path.to_owned()), path, None, |_| {}).await
}

async fn start_at(
    location: Location,
    path: &Path,
    console: Option<PathBuf>,
    configure: impl FnOnce(&mut AppState),
) -> Server {
    let key = anytime_server::vault::default_key_file(path);
    let (engine, vault) = db::open_engine(&location, &key, 2).unwrap();
    let mut state = AppState::new(engine, TOKEN, directory::demo(), vault).unwrap();
    configure(&mut state);
    let db_arg = match &location {
        Location::Sqlite(p) => p.display().to_string(),
        Location::Postgres(url) => url.clone(),
    };
    let kept = state.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        anytime_server::serve(listener, app(state, console), std::future::pending()).await.unwrap()
    });
    Server {
        base,
        client: reqwest::Client::new(),
        db_path: path.to_owned(),
        db_arg,
        state: kept,
        task,
        _dir: None,
    }
}

impl Server {
    pub async fn stop(self) -> Option<tempfile::TempDir> {
        self.task.abort();
        let _ = self.task.await;
        self._dir
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        if_match: Option<&str>,
    ) -> Reply {
        let mut request = self.client.request(method, format!("{}{path}", self.base)).bearer_auth(TOKEN);
        if let Some(b) = body {
            request = request.json(&b);
        }
        if let Some(tag) = if_match {
            request = request.header("If-Match", tag);
        }
        reply(request.send().await.unwrap()).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call(Method::GET, path, None, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(body), None).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Reply {
        self.call(Method::PUT, path, Some(body), None).await
    }

    pub async fn put_if(&self, path: &str, body: Value, etag: &str) -> Reply {
        self.call(Method::PUT, path, Some(body), Some(etag)).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.call(Method::DELETE, path, None, None).await
    }
}

pub async fn reply(res: reqwest::Response) -> Reply {
    let status = res.status();
    let headers = res.headers().clone();
    let etag = headers.get("etag").map(|v| v.to_str().unwrap().to_owned());
    let text = res.text().await.unwrap();
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    Reply { status, etag, headers, body }
}

/// Ids of a list reply, in order.
pub fn ids(reply: &Reply) -> Vec<String> {
    reply.body.as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap().to_owned()).collect()
}

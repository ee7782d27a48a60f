//! A server per test: bound to 127.0.0.1:0 on a temporary SQLite file.

use std::path::{Path, PathBuf};

use anytime_server::{app, db, directory, AppState};
use reqwest::{Method, StatusCode};
use serde_json::Value;

pub const TOKEN: &str = "test-token";

pub struct Server {
    pub base: String,
    pub client: reqwest::Client,
    pub db_path: PathBuf,
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

pub async fn start_with(
    path: &Path,
    console: Option<PathBuf>,
    configure: impl FnOnce(&mut AppState),
) -> Server {
    let (conn, vault) = db::open_sealed(path, &anytime_server::vault::default_key_file(path)).unwrap();
    let engine = anytime_server::storage::sqlite::Sqlite::new(conn).with_readers(path, 2).unwrap();
    let mut state = AppState::new(engine, TOKEN, directory::demo(), vault).unwrap();
    configure(&mut state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        anytime_server::serve(listener, app(state, console), std::future::pending()).await.unwrap()
    });
    Server { base, client: reqwest::Client::new(), db_path: path.to_owned(), task, _dir: None }
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

//! The server over real HTTP on 127.0.0.1 with a real SQLite file.

use std::path::Path;
use std::sync::{Arc, Mutex};

use anytime_server::{app, db, AppState};

struct Server {
    base: String,
    _dir: tempfile::TempDir,
}

async fn start(with_console: bool) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let conn = db::open(&dir.path().join("test.db")).unwrap();
    let console = with_console.then(|| {
        let dist = dir.path().join("dist");
        std::fs::create_dir(&dist).unwrap();
        std::fs::write(dist.join("index.html"), "<!doctype html><title>console</title>").unwrap();
        std::fs::write(dist.join("app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        dist
    });
    let state = AppState { db: Arc::new(Mutex::new(conn)) };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app(state, console)).await.unwrap() });
    Server { base, _dir: dir }
}

#[tokio::test]
async fn health_reports_the_schema() {
    let s = start(false).await;
    let res = reqwest::get(format!("{}/api/health", s.base)).await.unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["schemaVersion"], db::schema_version());
}

#[tokio::test]
async fn unknown_api_path_is_a_problem_json_404() {
    let s = start(true).await;
    let res = reqwest::get(format!("{}/api/nope", s.base)).await.unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], 404);
    assert_eq!(body["title"], "Not found");
}

#[tokio::test]
async fn serves_the_console_with_spa_fallback() {
    let s = start(true).await;
    for path in ["/", "/triggers", "/sla-policies/123"] {
        let res = reqwest::get(format!("{}{path}", s.base)).await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        assert!(res.text().await.unwrap().contains("<title>console</title>"), "{path}");
    }
    let missing = reqwest::get(format!("{}/missing-asset.js", s.base)).await.unwrap();
    assert_eq!(missing.status(), 404);
    let wasm = reqwest::get(format!("{}/app_bg.wasm", s.base)).await.unwrap();
    assert_eq!(wasm.status(), 200);
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
}

#[tokio::test]
async fn without_a_console_says_how_to_build_one() {
    let s = start(false).await;
    let res = reqwest::get(format!("{}/", s.base)).await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("trunk build --release"));
}

#[test]
fn database_is_durable_and_migrated_once() {
    let dir = tempfile::tempdir().unwrap();
    let path: &Path = &dir.path().join("a.db");
    for _ in 0..2 {
        let conn = db::open(path).unwrap();
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        let sync: i64 = conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
        let fk: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!((mode.as_str(), sync, fk, version), ("wal", 2, 1, db::schema_version()));
    }
}

use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn health_needs_no_token_and_reports_the_schema() {
    let s = start().await;
    let res = reqwest::get(format!("{}/api/health", s.base)).await.unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["schemaVersion"], anytime_server::db::schema_version());
}

#[tokio::test]
async fn every_api_route_needs_the_token() {
    let s = start().await;
    for path in ["/api/v3/anytime/triggers", "/api/v3/agents", "/api/v2/anytime/SLAPolicies"] {
        let res = s.client.get(format!("{}{path}", s.base)).send().await.unwrap();
        assert_eq!(res.status(), 401, "{path}");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        assert_eq!(res.headers()["www-authenticate"], "Bearer");
        let wrong = s.client.get(format!("{}{path}", s.base)).bearer_auth("nope").send().await.unwrap();
        assert_eq!(wrong.status(), 401, "{path}");
    }
}

#[tokio::test]
async fn unknown_api_path_is_a_problem_json_404() {
    let s = start().await;
    let r = s.get("/api/v3/anytime/nope").await.expect(404);
    assert_eq!(r.headers["content-type"], "application/problem+json");
    assert_eq!(r.body["status"], 404);
    assert_eq!(r.body["title"], "Not found");
}

#[tokio::test]
async fn malformed_and_mistyped_json_are_400_oversized_413() {
    let s = start().await;
    let url = format!("{}/api/v3/anytime/triggers", s.base);
    let res = s
        .client
        .post(&url)
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body("{nope")
        .send()
        .await
        .unwrap();
    let r = reply(res).await.expect(400);
    assert!(r.body["detail"].as_str().unwrap().starts_with("The body is not valid JSON"), "{}", r.body);

    let r = s
        .post("/api/v3/anytime/triggers", json!({"description": "x", "conditions": "all"}))
        .await
        .expect(400);
    assert!(r.body["detail"].as_str().unwrap().contains("conditions"), "{}", r.body);

    let big = "x".repeat(1024 * 1024 + 10);
    let r = s.post("/api/v3/anytime/triggers", json!({"description": big})).await.expect(413);
    assert_eq!(r.headers["content-type"], "application/problem+json");

    let res = s.client.post(&url).bearer_auth(TOKEN).body("{}").send().await.unwrap();
    assert_eq!(res.status(), 415);
}

#[tokio::test]
async fn security_headers_on_every_response() {
    let s = start().await;
    let r = s.get("/api/v3/anytime/triggers").await.expect(200);
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
    assert_eq!(r.headers["referrer-policy"], "no-referrer");
    assert!(r.headers["content-security-policy"].to_str().unwrap().contains("'wasm-unsafe-eval'"));
}

#[tokio::test]
async fn cors_is_closed_unless_an_origin_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let closed = start_on(&dir.path().join("a.db"), None).await;
    let preflight = |s: &Server| {
        s.client
            .request(reqwest::Method::OPTIONS, format!("{}/api/v3/anytime/triggers", s.base))
            .header("Origin", "https://portal.example")
            .header("Access-Control-Request-Method", "PUT")
            .header("Access-Control-Request-Headers", "authorization,if-match")
            .send()
    };
    let res = preflight(&closed).await.unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none());
    let open = start_with(&dir.path().join("b.db"), None, |st| {
        st.allow_origins = vec!["https://portal.example".to_owned()].into();
    })
    .await;
    let res = preflight(&open).await.unwrap();
    assert_eq!(res.headers()["access-control-allow-origin"], "https://portal.example");
}

#[tokio::test]
async fn directory_lists_agents_and_departments() {
    let s = start().await;
    let agents = s.get("/api/v3/agents").await.expect(200);
    assert!(agents.body.as_array().unwrap().len() >= 4);
    assert!(agents.body[0]["departmentIds"].is_array());
    let statuses: Vec<&str> =
        agents.body.as_array().unwrap().iter().map(|a| a["status"].as_str().unwrap()).collect();
    assert!(statuses.contains(&"online") && statuses.contains(&"away") && statuses.contains(&"offline"));
    let departments = s.get("/api/v3/departments").await.expect(200);
    assert!(departments.body.as_array().unwrap().len() >= 2);
}

#[tokio::test]
async fn serves_the_console_with_spa_fallback() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>console</title><script type=\"module\">boot()</script>",
    )
    .unwrap();
    std::fs::write(dist.join("app_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let s = start_on(&dir.path().join("c.db"), Some(dist)).await;
    for path in ["/", "/triggers", "/sla-policies/123"] {
        let res = reqwest::get(format!("{}{path}", s.base)).await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        assert!(res.text().await.unwrap().contains("<title>console</title>"), "{path}");
    }
    // The page's CSP allows its inline loader by hash, read from the file served.
    let csp = |res: &reqwest::Response| res.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let first = csp(&reqwest::get(format!("{}/", s.base)).await.unwrap());
    assert!(first.contains("'sha256-"), "{first}");
    std::fs::write(
        dist_dir(&s).join("index.html"),
        "<title>console</title><script type=\"module\">boot2()</script>",
    )
    .unwrap();
    let second = csp(&reqwest::get(format!("{}/triggers", s.base)).await.unwrap());
    assert!(
        second.contains("'sha256-") && second != first,
        "a rebuilt console needs no restart: {first} / {second}"
    );
    let api = csp(&reqwest::get(format!("{}/api/health", s.base)).await.unwrap());
    assert!(!api.contains("sha256"), "{api}");
    let missing = reqwest::get(format!("{}/missing-asset.js", s.base)).await.unwrap();
    assert_eq!(missing.status(), 404);
    let wasm = reqwest::get(format!("{}/app_bg.wasm", s.base)).await.unwrap();
    assert_eq!(wasm.status(), 200);
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
}

/// The build precompresses the console's files; the server picks the
/// variant by `Accept-Encoding` and says so (`Vary`), with a strong ETag per
/// variant (a matching `If-None-Match` is a 304, whatever the date says),
/// `no-cache` for stable names and a year for fingerprinted ones.
#[tokio::test]
async fn console_files_go_precompressed_with_etags_and_cache_control() {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<title>console</title>").unwrap();
    let js = "export const a = 1;\n".repeat(100);
    std::fs::write(dist.join("app.js"), &js).unwrap();
    std::fs::write(dist.join("app.js.br"), b"brotli bytes").unwrap();
    std::fs::write(dist.join("app.js.gz"), b"gzip bytes").unwrap();
    std::fs::write(dist.join("chunk_1.0123456789abcdef.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let s = start_on(&dir.path().join("c.db"), Some(dist.clone())).await;
    let client = reqwest::Client::new();
    let get = |path: &str, encoding: Option<&str>, inm: Option<&str>| {
        let mut req = client.get(format!("{}{path}", s.base));
        if let Some(e) = encoding {
            req = req.header("accept-encoding", e);
        }
        if let Some(tag) = inm {
            req =
                req.header("if-none-match", tag).header("if-modified-since", "Sun, 06 Nov 2050 08:49:37 GMT");
        }
        req.send()
    };
    let header = |res: &reqwest::Response, name: &str| {
        res.headers().get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
    };

    // A HEAD first (a health check, `curl -I`) gives the tag a GET would.
    let head = client.head(format!("{}/app.js", s.base)).send().await.unwrap();
    let head_tag = header(&head, "etag");
    assert_eq!((head.status().as_u16(), head_tag.len()), (200, 34), "{head_tag}");
    let mut tags = Vec::new();
    for (encoding, sent, body) in [
        (Some("gzip, deflate, br"), "br", "brotli bytes"),
        (Some("gzip"), "gzip", "gzip bytes"),
        (None, "", js.as_str()),
    ] {
        let res = get("/app.js", encoding, None).await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(header(&res, "content-encoding"), sent, "{encoding:?}");
        assert_eq!(header(&res, "vary"), "accept-encoding");
        assert_eq!(header(&res, "cache-control"), "no-cache");
        assert!(header(&res, "content-type").starts_with("text/javascript"));
        let tag = header(&res, "etag");
        assert!(tag.len() == 34 && tag.starts_with('"') && !tag.starts_with("W/"), "a strong tag: {tag}");
        assert_eq!(res.text().await.unwrap(), body);
        // The tag is the hash of the bytes sent.
        use sha2::Digest;
        let digest = sha2::Sha256::digest(body.as_bytes());
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(tag, format!("\"{hex}\""), "{encoding:?}");
        tags.push(tag);
    }
    assert!(tags[0] != tags[1] && tags[1] != tags[2], "one tag per variant: {tags:?}");
    assert_eq!(head_tag, tags[2], "the HEAD's tag is the file's");
    // Another spelling of the same path: the same file, the same tag.
    let res = get("/%61pp.js", None, None).await.unwrap();
    assert_eq!(header(&res, "etag"), tags[2]);
    // A date alone does not answer 304 (without the tag and its headers).
    let res = client
        .get(format!("{}/app.js", s.base))
        .header("if-modified-since", "Sun, 06 Nov 2050 08:49:37 GMT")
        .send()
        .await
        .unwrap();
    assert_eq!((res.status().as_u16(), header(&res, "etag")), (200, tags[2].clone()));

    // A cached variant revalidates with a 304 and its headers; the date in
    // If-Modified-Since (in the future) does not decide, the tag does.
    let res = get("/app.js", Some("br"), Some(&tags[0])).await.unwrap();
    assert_eq!(res.status(), 304);
    assert_eq!((header(&res, "etag"), header(&res, "cache-control")), (tags[0].clone(), "no-cache".into()));
    assert_eq!(res.bytes().await.unwrap().len(), 0);
    let res = get("/app.js", None, Some(&tags[0])).await.unwrap();
    assert_eq!(res.status(), 200, "another variant than the one cached");
    let res = get("/app.js", Some("br"), Some(&format!("W/{}, \"other\"", tags[0]))).await.unwrap();
    assert_eq!(res.status(), 304, "weak comparison, in a list");

    // A rebuilt file has a new tag at once.
    std::fs::write(dist.join("app.js.br"), b"new brotli bytes").unwrap();
    let res = get("/app.js", Some("br"), Some(&tags[0])).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_ne!(header(&res, "etag"), tags[0]);
    assert_eq!(res.text().await.unwrap(), "new brotli bytes");

    let res = get("/chunk_1.0123456789abcdef.wasm", Some("br"), None).await.unwrap();
    assert_eq!(header(&res, "cache-control"), "public, max-age=31536000, immutable");
    assert_eq!(header(&res, "content-type"), "application/wasm");
    let res = client.head(format!("{}/app.js", s.base)).send().await.unwrap();
    assert_eq!((res.status().as_u16(), header(&res, "etag")), (200, tags[2].clone()));
    // The page itself is not cached (it names the current build).
    let res = get("/", Some("br"), None).await.unwrap();
    assert_eq!(header(&res, "cache-control"), "no-cache");

    // Names longer than a file system holds: no such file (an asset's 404,
    // a route's page), never the file server's error as a 500.
    let long = "a".repeat(300);
    for (path, status) in [
        (format!("/{long}.js"), 404),
        (format!("/{long}"), 200),
        (format!("/x/{}.wasm", "%61".repeat(300)), 404),
    ] {
        let res = get(&path, Some("br"), None).await.unwrap();
        assert_eq!(res.status().as_u16(), status, "{}", &path[..20]);
    }
}

/// Large API answers are compressed when the client takes it; small ones
/// are not worth it.
#[tokio::test]
async fn large_api_answers_are_compressed() {
    let s = start().await;
    let items: Vec<serde_json::Value> = (0..300)
        .map(|i| json!({"email": format!("spam{i}@example.com"), "blockType": "blockEmailasJunk"}))
        .collect();
    s.put("/api/v3/anytime/blockedSenders/bulk", json!({"items": items})).await.expect(200);
    let list = |encoding: &'static str| {
        s.client
            .get(format!("{}/api/v3/anytime/blockedSenders", s.base))
            .bearer_auth(TOKEN)
            .header("accept-encoding", encoding)
            .send()
    };
    let plain = list("identity").await.unwrap();
    assert_eq!(plain.headers().get("content-encoding"), None);
    let plain = plain.bytes().await.unwrap();
    let res = list("gzip").await.unwrap();
    assert_eq!(res.headers()["content-encoding"], "gzip");
    assert_eq!(res.headers()["vary"], "accept-encoding");
    let packed = res.bytes().await.unwrap();
    assert!(packed.len() * 5 < plain.len(), "{} of {}", packed.len(), plain.len());
    let mut unpacked = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&packed[..]), &mut unpacked).unwrap();
    assert_eq!(unpacked, plain);
    let res = list("br").await.unwrap();
    assert_eq!(res.headers()["content-encoding"], "br");
    let health =
        s.client.get(format!("{}/api/health", s.base)).header("accept-encoding", "br").send().await.unwrap();
    assert_eq!(health.headers().get("content-encoding"), None, "small answers go as they are");
}

fn dist_dir(s: &Server) -> std::path::PathBuf {
    s.db_path.parent().unwrap().join("dist")
}

#[tokio::test]
async fn without_a_console_says_how_to_build_one() {
    let s = start().await;
    let res = reqwest::get(format!("{}/", s.base)).await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(res.text().await.unwrap().contains("trunk build --release"));
}

#[test]
fn database_is_durable_and_migrated_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    for _ in 0..2 {
        let conn = anytime_server::db::open(&path).unwrap();
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
        let sync: i64 = conn.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
        let fk: i64 = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!((mode.as_str(), sync, fk, version), ("wal", 2, 1, anytime_server::db::schema_version()));
    }
}

//! Contract §11 over real HTTP: bounded and strictly shaped input, stored
//! passwords that stay with their server and are sealed at rest, `If-Match`
//! on every write of one object, problem JSON for every error (hyper's own
//! included), and failed sign-ins slowed.

use std::os::unix::fs::PermissionsExt;

use reqwest::Method;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::*;

const V3: &str = "/api/v3/anytime";

fn trigger(name: &str) -> Value {
    json!({"description": name, "enable": true, "event": 1,
           "conditions": [{"fieldId": "priority", "matchType": "is", "value": "4"}]})
}

fn deep(n: usize) -> String {
    format!("{}1{}", "(".repeat(n), ")".repeat(n))
}

#[tokio::test]
async fn hostile_nesting_is_a_422_everywhere_and_the_server_lives() {
    let s = start().await;
    let cond = json!([{"fieldId": "priority", "matchType": "is", "value": "4"}]);
    for text in [deep(3_000), format!("{}1", "NOT ".repeat(8_000)), deep(100_000)] {
        let mut t = trigger("Deep");
        t["when"] = json!("logicalExpression");
        t["logicExpression"] = json!(text);
        let r = s.post(&format!("{V3}/triggers"), t).await.expect(422);
        assert_eq!(r.fields(), ["logicExpression"]);
        assert!(r.message("logicExpression").starts_with("Nested too deeply at "), "{}", r.body);
        let sla = json!({"operationalHour": "calenderHours", "conditions": cond, "when": "logicalExpression",
                         "logicExpression": text});
        let r = s.post(&format!("{V3}/SLAPolicies"), sla).await.expect(422);
        assert_eq!(r.fields(), ["logicExpression"]);
        let rule = json!({"name": "Deep", "routeToObject": "department", "routeToId": "dept-billing",
                          "conditions": {"when": "logicalExpression", "logicExpression": text, "list": cond}});
        let r = s.post(&format!("{V3}/routingRules/customRules"), rule).await.expect(422);
        assert_eq!(r.fields(), ["conditions.logicExpression"]);
    }
    // A draft with it previews (the rule says why it never matches).
    let mut export = s.get(&format!("{V3}/export")).await.expect(200).body;
    let mut t = trigger("Deep");
    t["when"] = json!("logicalExpression");
    t["logicExpression"] = json!(deep(3_000));
    export["triggers"] = json!([t]);
    let sample = json!({"settings": export, "fields": {"priority": "4"}});
    let r = s.post(&format!("{V3}/preview"), sample).await.expect(200);
    let fired = r.body["triggers"].to_string();
    assert!(fired.contains("Nested too deeply"), "{fired}");
    let bulk = json!({"settings": export, "samples": [{"fields": {"priority": "4"}}]});
    s.post(&format!("{V3}/preview/bulk"), bulk).await.expect(200);
    let r = s.post(&format!("{V3}/import"), export).await.expect(422);
    assert_eq!(r.fields(), ["triggers[0].logicExpression"]);
    // 10,000 conditions: one message on the list.
    let mut t = trigger("Many");
    t["conditions"] = json!(vec![cond[0].clone(); 10_000]);
    let r = s.post(&format!("{V3}/triggers"), t).await.expect(422);
    assert_eq!(r.fields(), ["conditions"]);
    assert_eq!(r.message("conditions"), "Use at most 500 conditions in one rule; this one has 10000.");
    // HTML that would make cleaning quadratic (this one took 47 s and
    // 224 MB to clean) is refused before it is cleaned.
    let reconstructing: String = (0..8_000).map(|i| format!("<p><b class=a{i}>x</p>")).collect();
    for h in [reconstructing, "<div>".repeat(150_000)] {
        let mut t = trigger("Heavy HTML");
        t["htmlText"] = json!(h);
        let r = s.post(&format!("{V3}/triggers"), t).await.expect(422);
        assert_eq!(r.fields(), ["htmlText"]);
    }
    // JSON nested past 128 levels is malformed, not a crash.
    let body = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    let r = raw_json(&s, "POST", &format!("{V3}/triggers"), &body).await;
    assert_eq!(r.status.as_u16(), 400, "{}", r.body);
    assert!(r.body["detail"].as_str().unwrap().contains("nests too deeply"), "{}", r.body);
    s.get("/api/health").await.expect(200);
}

async fn raw_json(s: &Server, method: &str, path: &str, body: &str) -> Reply {
    let request = s
        .client
        .request(method.parse().unwrap(), format!("{}{path}", s.base))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(body.to_owned());
    reply(request.send().await.unwrap()).await
}

#[tokio::test]
async fn wrong_shapes_are_400_with_the_path_and_text_is_one_line() {
    let s = start().await;
    let cases = [
        (format!("{V3}/triggers"), r#"["","T",true,1]"#, ""),
        (format!("{V3}/triggers"), "7", ""),
        (
            format!("{V3}/triggers"),
            r#"{"description":"x","conditions":[["priority","is","4"]]}"#,
            "conditions[0]",
        ),
        (format!("{V3}/routingRules/customRules"), r#"{"name":"x","conditions":"all"}"#, "conditions"),
        (format!("{V3}/emailAccounts"), r#"{"type":"IMAP","serverInfo":[1,2]}"#, "serverInfo"),
        (
            format!("{V3}/emailAccounts"),
            r#"{"type":"IMAP","serverInfo":{"incomingServerPort":"x"}}"#,
            "serverInfo.incomingServerPort",
        ),
        (format!("{V3}/triggers"), r#"{"description":"a\u0000b"}"#, "description"),
        (format!("{V3}/preview"), r#"{"fields":{"subject":"a"},"agents":[[1]]}"#, "agents[0]"),
        (format!("{V3}/preview"), r#"{"settings":{"triggers":[5]}}"#, "settings.triggers[0]"),
        (
            format!("{V3}/import"),
            r#"{"triggers":[{"description":"x","conditions":{"a":1}}]}"#,
            "triggers[0].conditions",
        ),
        (format!("{V3}/import"), r#"{"emailAccounts":[[]]}"#, "emailAccounts[0]"),
        (format!("{V3}/fields/mapping"), r#"{"fieldMappings":[7]}"#, "fieldMappings[0]"),
    ];
    for (path, body, field) in cases {
        let method = if path.ends_with("mapping") { "PUT" } else { "POST" };
        let r = raw_json(&s, method, &path, body).await;
        assert_eq!(r.status.as_u16(), 400, "{path} {body}: {}", r.body);
        assert_eq!(r.headers["content-type"], "application/problem+json");
        if field.is_empty() {
            assert!(r.body["detail"].as_str().unwrap().contains("Expected an object"), "{}", r.body);
        } else {
            assert_eq!(r.fields(), [field], "{path} {body}: {}", r.body);
        }
    }
    assert!(
        s.get(&format!("{V3}/triggers")).await.body.as_array().unwrap().is_empty(),
        "nothing was created"
    );
    // Control characters in single-line text are 422 on their field.
    let mut t = trigger("Escalate\r\nBcc: all@example.com");
    t["subject"] = json!("Re: {{subject}}\nBcc: x@y.com");
    let r = s.post(&format!("{V3}/triggers"), t).await.expect(422);
    assert_eq!(r.fields(), ["description", "subject"]);
    // Whole numbers written as floats are whole numbers.
    let sla = json!({"operationalHour": "calenderHours", "firstRespondWithin": 4.0, "conditions": []});
    let r = s.post(&format!("{V3}/SLAPolicies"), sla).await.expect(201);
    assert_eq!(r.body["firstRespondWithin"], 4);
}

fn imap(host: &str, port: u16, password: Option<&str>) -> Value {
    let mut info = json!({"userName": "support", "incomingServer": host, "incomingServerPort": port, "useSSL": false,
                          "outgoingServer": host, "outgoingServerPort": port, "encryptedConnectionType": "none",
                          "authentication": true});
    if let Some(p) = password {
        info["password"] = json!(p);
    }
    json!({"type": "IMAP", "businessEmail": "support@example.com", "displayName": "Support", "serverInfo": info})
}

#[tokio::test]
async fn a_stored_password_never_goes_to_another_server() {
    // A listener standing in for an attacker's host records what reaches it.
    let trap = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let trap_port = trap.local_addr().unwrap().port();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Vec<u8>>();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = trap.accept().await {
            let tx = tx.clone();
            tokio::spawn(async move {
                let _ = socket.write_all(b"* OK IMAP4rev1 ready\r\n").await;
                let mut buf = vec![0u8; 4096];
                while let Ok(n) = socket.read(&mut buf).await {
                    if n == 0 {
                        break;
                    }
                    let _ = tx.send(buf[..n].to_vec());
                    let _ = socket.write_all(b"a1 OK done\r\n").await;
                }
            });
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let s = start_with(&dir.path().join("a.db"), None, |st| st.allow_private_hosts = true).await;
    let saved = s
        .post(&format!("{V3}/emailAccounts"), imap("localhost", 1143, Some("the-saved-one")))
        .await
        .expect(201);
    let id = saved.body["id"].as_str().unwrap().to_owned();

    // Pointed at another host (and another port, and another user) without a password: refused.
    let mut other_user = imap("localhost", 1143, None);
    other_user["serverInfo"]["userName"] = json!("root");
    // The same servers, without encryption: the password would travel readable.
    let mut saved_with_ssl = imap("localhost", 1143, Some("the-saved-one"));
    saved_with_ssl["businessEmail"] = json!("ssl@example.com");
    saved_with_ssl["serverInfo"]["useSSL"] = json!(true);
    saved_with_ssl["serverInfo"]["encryptedConnectionType"] = json!("SSL");
    let ssl = s.post(&format!("{V3}/emailAccounts"), saved_with_ssl.clone()).await.expect(201);
    let ssl_id = ssl.body["id"].as_str().unwrap().to_owned();
    let mut downgraded = saved_with_ssl.clone();
    downgraded["serverInfo"].as_object_mut().unwrap().remove("password");
    downgraded["serverInfo"]["useSSL"] = json!(false);
    downgraded["serverInfo"]["encryptedConnectionType"] = json!("none");
    let r = s.put(&format!("{V3}/emailAccounts/{ssl_id}/test"), downgraded).await.expect(422);
    assert_eq!(r.fields(), ["serverInfo.password"]);
    for body in [imap("127.0.0.1", trap_port, None), imap("localhost", trap_port, None), other_user] {
        let r = s.put(&format!("{V3}/emailAccounts/{id}/test"), body.clone()).await.expect(422);
        assert_eq!(r.fields(), ["serverInfo.password"], "{body}");
        assert_eq!(r.message("serverInfo.password"), "Enter the password to use it with the changed server.");
        let r = s.put(&format!("{V3}/emailAccounts/{id}"), body).await.expect(422);
        assert_eq!(r.fields(), ["serverInfo.password"]);
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(rx.try_recv().is_err(), "nothing reached the other host");
    // With the password typed again, the admin may test the new server.
    let r = s
        .put(&format!("{V3}/emailAccounts/{id}/test"), imap("127.0.0.1", trap_port, Some("typed-now")))
        .await;
    r.expect(200);
    let mut seen = Vec::new();
    while let Ok(bytes) = rx.try_recv() {
        seen.extend(bytes);
    }
    let seen = String::from_utf8_lossy(&seen);
    assert!(seen.contains("typed-now") && !seen.contains("the-saved-one"), "{seen}");
    // The same server spelled differently still uses the stored one.
    s.put(&format!("{V3}/emailAccounts/{id}"), imap("LOCALHOST.", 1143, None)).await.expect(200);
    // An import may not move it either.
    let mut export = s.get(&format!("{V3}/export")).await.expect(200).body;
    export["emailAccounts"][0]["serverInfo"]["incomingServer"] = json!("mail.attacker.example");
    let r = s.post(&format!("{V3}/import"), export).await.expect(422);
    assert_eq!(r.fields(), ["emailAccounts[0].serverInfo.password"]);
}

#[tokio::test]
async fn exchange_is_https_only() {
    let s = start().await;
    let account = json!({"type": "exchange", "businessEmail": "it@example.com", "displayName": "IT",
        "serverInfo": {"userName": "it", "password": "x", "serverUrl": "http://mail.example.com/EWS/Exchange.asmx"}});
    let r = s.post(&format!("{V3}/emailAccounts"), account.clone()).await.expect(422);
    assert_eq!(r.fields(), ["serverInfo.serverUrl"]);
    assert!(r.message("serverInfo.serverUrl").starts_with("Use https://"));
    let r = s.post(&format!("{V3}/emailAccounts/test"), account).await.expect(422);
    assert_eq!(r.fields(), ["serverInfo.serverUrl"]);
}

#[tokio::test]
async fn secrets_are_sealed_and_files_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let key = anytime_server::vault::default_key_file(&db);
    // About the SQLite file itself (its mode, its bytes): on every pass.
    let s = start_sqlite_on(&db).await;
    let r = s
        .post(&format!("{V3}/emailAccounts"), imap("imap.example.com", 993, Some("hunter2")))
        .await
        .expect(201);
    let id = r.body["id"].as_str().unwrap().to_owned();
    s.stop().await;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&db), 0o600, "database");
    assert_eq!(mode(&key), 0o600, "key file");
    let wal = dir.path().join("a.db-wal");
    if wal.exists() {
        assert_eq!(mode(&wal), 0o600, "write-ahead log");
    }
    let file = std::fs::read(&db).unwrap();
    assert!(!String::from_utf8_lossy(&file).contains("hunter2"));

    // A wrong key stops the start and says which key is needed; nothing changes.
    let good = std::fs::read(&key).unwrap();
    std::fs::write(&key, format!("{}\n", "ab".repeat(32))).unwrap();
    let err = anytime_server::db::open_sealed(&db, &key).unwrap_err();
    assert!(
        err.contains("does not open 1 stored password(s)") && err.contains("which were sealed with key"),
        "{err}"
    );
    // A missing key file with sealed passwords in the database: the same.
    std::fs::remove_file(&key).unwrap();
    let err = anytime_server::db::open_sealed(&db, &key).unwrap_err();
    assert!(err.contains("the key file") && err.contains("is missing"), "{err}");
    assert!(!key.exists(), "no new key is made over sealed passwords");
    std::fs::write(&key, &good).unwrap();

    // A plain row (as older versions stored) is sealed at start.
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute("UPDATE secrets SET password = 'plain-old' WHERE account_id = ?1", [&id]).unwrap();
    }
    let (conn, vault) = anytime_server::db::open_sealed(&db, &key).unwrap();
    let stored: String =
        conn.query_row("SELECT password FROM secrets WHERE account_id = ?1", [&id], |r| r.get(0)).unwrap();
    assert!(stored.starts_with("v1:"));
    assert_eq!(vault.open(&id, &stored).as_deref(), Some("plain-old"));
}

#[tokio::test]
async fn if_match_on_every_write_of_one_object() {
    let s = start().await;
    let path = format!("{V3}/triggers");
    let a = s.post(&path, trigger("A")).await.expect(201);
    let b = s.post(&path, trigger("B")).await.expect(201);
    let (a_id, a_tag) = (a.body["id"].as_str().unwrap().to_owned(), a.etag.clone().unwrap());
    let b_id = b.body["id"].as_str().unwrap().to_owned();
    // Someone else changes A: the tag we hold is stale.
    s.put(&format!("{path}/{a_id}"), trigger("A2")).await.expect(200);
    let stale = Some(a_tag.as_str());
    let enable = json!({"enable": false});
    for (method, url, body) in [
        (Method::DELETE, format!("{path}/{a_id}"), None),
        (Method::PUT, format!("{path}/{a_id}/enable"), Some(enable.clone())),
        (Method::PUT, format!("{path}/{a_id}/sort"), Some(json!({"type": "down"}))),
        (Method::PUT, format!("{path}/{a_id}"), Some(trigger("Mine"))),
    ] {
        let r = s.call(method.clone(), &url, body, stale).await;
        assert_eq!(r.status.as_u16(), 412, "{method} {url}: {}", r.body);
        assert_eq!(r.headers["content-type"], "application/problem+json");
    }
    let now = s.get(&format!("{path}/{a_id}")).await.expect(200);
    assert_eq!((now.body["description"].as_str(), now.body["enable"].as_bool()), (Some("A2"), Some(true)));
    assert_eq!(ids(&s.get(&path).await), [a_id.clone(), b_id.clone()], "nothing moved");

    // The list carries an ETag; a member write may use it, and answers the new one.
    let list = s.get(&path).await.expect(200);
    let list_tag = list.etag.clone().unwrap();
    assert!(list_tag.starts_with("\"L2-"), "{list_tag}");
    let r =
        s.call(Method::PUT, &format!("{path}/{b_id}/enable"), Some(enable.clone()), Some(&list_tag)).await;
    assert_eq!(r.status.as_u16(), 204);
    let next_tag = r.headers["anytime-list-etag"].to_str().unwrap().to_owned();
    assert_ne!(next_tag, list_tag);
    assert_eq!(s.get(&path).await.etag.unwrap(), next_tag);
    // The old list tag is stale now, for members and for the order.
    let r = s.call(Method::DELETE, &format!("{path}/{a_id}"), None, Some(&list_tag)).await;
    assert_eq!(r.status.as_u16(), 412);
    let order = json!({"ids": [b_id, a_id]});
    let r = s.call(Method::PUT, &format!("{path}/order"), Some(order.clone()), Some(&list_tag)).await;
    assert_eq!(r.status.as_u16(), 412);
    let r = s.call(Method::PUT, &format!("{path}/order"), Some(order), Some(&next_tag)).await.expect(200);
    assert_eq!(r.etag, s.get(&path).await.etag);
    // Without If-Match a write overwrites, as before.
    s.delete(&format!("{path}/{a_id}")).await.expect(204);

    // Email accounts: default and delete; singletons: enable.
    let acct = |email: &str| {
        let mut a = imap("imap.example.com", 993, Some("x"));
        a["businessEmail"] = json!(email);
        a
    };
    let first = s.post(&format!("{V3}/emailAccounts"), acct("one@example.com")).await.expect(201);
    let second = s.post(&format!("{V3}/emailAccounts"), acct("two@example.com")).await.expect(201);
    let second_id = second.body["id"].as_str().unwrap();
    let first_id = first.body["id"].as_str().unwrap();
    s.put(&format!("{V3}/emailAccounts/{second_id}"), acct("two@example.com")).await.expect(200);
    let r = s
        .call(Method::PUT, &format!("{V3}/emailAccounts/{second_id}/default"), None, second.etag.as_deref())
        .await;
    assert_eq!(r.status.as_u16(), 412);
    let r = s.call(Method::DELETE, &format!("{V3}/emailAccounts/{first_id}"), None, Some("\"999\"")).await;
    assert_eq!(r.status.as_u16(), 412);
    assert_eq!(s.get(&format!("{V3}/emailAccounts")).await.body.as_array().unwrap().len(), 2);
    // Routing goes on only with somewhere to route to.
    let route =
        json!({"type": "simple", "simpleRouteToObject": "department", "simpleRouteToId": "dept-billing"});
    s.put(&format!("{V3}/routingRules/default"), route).await.expect(200);
    for (path, singleton) in
        [("routingRules/enable", "routingRules/default"), ("autoAllocation/enable", "autoAllocation")]
    {
        let tag = s.get(&format!("{V3}/{singleton}")).await.etag.unwrap();
        s.call(Method::PUT, &format!("{V3}/{path}"), Some(json!({"enable": true})), Some(&tag))
            .await
            .expect(if path.starts_with("routing") { 200 } else { 204 });
        let r =
            s.call(Method::PUT, &format!("{V3}/{path}"), Some(json!({"enable": false})), Some(&tag)).await;
        assert_eq!(r.status.as_u16(), 412, "{path}");
    }
}

/// Sends raw bytes and reads the whole answer (the server closes after an error).
async fn raw(s: &Server, request: &[u8]) -> (u16, String, String) {
    let addr = s.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), stream.read_to_end(&mut out)).await;
    let text = String::from_utf8_lossy(&out).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, head.to_ascii_lowercase(), body.to_owned())
}

#[tokio::test]
async fn every_error_is_problem_json_even_hypers_own() {
    let s = start().await;
    // 405 with Allow.
    let r = s.call(Method::PATCH, &format!("{V3}/triggers"), None, None).await;
    assert_eq!(r.status.as_u16(), 405);
    assert_eq!(r.headers["content-type"], "application/problem+json");
    let allow = r.headers["allow"].to_str().unwrap().to_owned();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
    assert!(r.body["detail"].as_str().unwrap().contains("PATCH is not allowed"), "{}", r.body);
    // A missing console asset.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>console</title>").unwrap();
    let with_console = start_on(&dir.path().join("a.db"), Some(dir.path().to_owned())).await;
    let r = with_console.get("/missing.js").await;
    assert_eq!(
        (r.status.as_u16(), r.headers["content-type"].to_str().unwrap()),
        (404, "application/problem+json")
    );
    // 414: over our limit, and over hyper's.
    for n in [9_000, 70_000] {
        let request = format!("GET /api/health?{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(n));
        let (status, head, body) = raw(&s, request.as_bytes()).await;
        assert_eq!(status, 414, "{n}: {head}");
        assert!(head.contains("content-type: application/problem+json"), "{head}");
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["status"], 414);
    }
    // 431: headers past hyper's buffer.
    let request = format!("GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "b".repeat(500_000));
    let (status, head, body) = raw(&s, request.as_bytes()).await;
    assert_eq!(status, 431, "{head}");
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["title"], "Headers too large");
    // Malformed heads: a header without a colon, a control character, a bad method.
    for request in [
        &b"GET /api/health HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n"[..],
        b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n",
        b"G(T /api/health HTTP/1.1\r\nHost: x\r\n\r\n",
    ] {
        let (status, head, body) = raw(&s, request).await;
        assert_eq!(status, 400, "{head}");
        assert!(head.contains("content-type: application/problem+json"), "{head}");
        assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["status"], 400);
    }
    // An unreadable If-Match and an unsupported body type.
    let r = raw_json(&s, "GET", "/api/nowhere", "").await;
    assert_eq!(r.headers["content-type"], "application/problem+json");
    let res = s
        .client
        .post(format!("{}{V3}/triggers", s.base))
        .bearer_auth(TOKEN)
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    let r = reply(res).await;
    assert_eq!(
        (r.status.as_u16(), r.headers["content-type"].to_str().unwrap()),
        (415, "application/problem+json")
    );
    s.get("/api/health").await.expect(200);
}

#[tokio::test]
async fn failed_sign_ins_are_slowed() {
    let s = start().await;
    let wrong = |token: &'static str| {
        let client = s.client.clone();
        let url = format!("{}{V3}/triggers", s.base);
        async move { reply(client.get(url).bearer_auth(token).send().await.unwrap()).await }
    };
    for i in 0..20 {
        assert_eq!(wrong("guess").await.status.as_u16(), 401, "attempt {}", i + 1);
    }
    let r = wrong("guess").await;
    assert_eq!(r.status.as_u16(), 429);
    assert_eq!(r.headers["content-type"], "application/problem+json");
    let wait: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    // While it lasts even the right token waits: a guess learns nothing.
    assert_eq!(s.get(&format!("{V3}/triggers")).await.status.as_u16(), 429);
    // Requests with no token are not guesses, and public routes stay open.
    s.get("/api/health").await.expect(200);
}

/// Behind the server's own proxy, the proxy's address for the client counts,
/// also when the proxy adds a header line of its own after the client's
/// instead of appending to it (HAProxy's `option forwardfor`): a client
/// rotating a line of its own is still one client. And the scheme's case does
/// not matter (RFC 9110 §11.1).
#[tokio::test]
async fn the_proxys_line_counts_when_a_client_sends_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let s =
        start_with(&dir.path().join("a.db"), None, |st| st.client_ip_header = Some("X-Forwarded-For".into()))
            .await;
    let wrong = |own: String, proxy: &'static str| {
        let (client, url) = (s.client.clone(), format!("{}{V3}/triggers", s.base));
        async move {
            let res = client
                .get(url)
                .bearer_auth("guess")
                .header("X-Forwarded-For", own)
                .header("X-Forwarded-For", proxy)
                .send()
                .await
                .unwrap();
            res.status().as_u16()
        }
    };
    for i in 0..20 {
        assert_eq!(wrong(format!("198.51.100.{i}"), "203.0.113.9").await, 401, "attempt {}", i + 1);
    }
    assert_eq!(wrong("198.51.100.99".into(), "203.0.113.9").await, 429, "one client, whatever it writes");
    assert_eq!(wrong("203.0.113.9".into(), "203.0.113.10").await, 401, "another client of the proxy");

    for scheme in ["Bearer", "bearer", "BEARER", "BeArEr"] {
        let res = s
            .client
            .get(format!("{}{V3}/triggers", s.base))
            .header("Authorization", format!("{scheme} {TOKEN}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200, "{scheme}");
    }
    let res = s
        .client
        .get(format!("{}{V3}/triggers", s.base))
        .header("Authorization", format!("Basic {TOKEN}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 401, "another scheme is no token");
}

/// The server's own note on an account (its last test result) gives it a new
/// ETag, but an editor opened before the test still saves: nobody changed
/// the settings. Someone else's edit still stops it.
#[tokio::test]
async fn a_test_result_is_not_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let s = start_with(&dir.path().join("a.db"), None, |st| st.allow_private_hosts = true).await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let created =
        s.post(&format!("{V3}/emailAccounts"), imap("127.0.0.1", closed, Some("pw"))).await.expect(201);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let opened = created.etag.unwrap();
    let r = s.put(&format!("{V3}/emailAccounts/{id}/test"), Value::Null).await.expect(200);
    assert_eq!(r.body["ok"], false);
    let after = s.get(&format!("{V3}/emailAccounts/{id}")).await;
    assert_eq!(after.body["status"], "failed");
    assert_ne!(after.etag.as_deref(), Some(opened.as_str()), "the body changed, so the ETag did");
    let mut edit = imap("127.0.0.1", closed, None);
    edit["displayName"] = json!("Renamed in the editor");
    let r = s.put_if(&format!("{V3}/emailAccounts/{id}"), edit.clone(), &opened).await.expect(200);
    assert_eq!(r.body["status"], "failed", "the note is kept");
    // Now a real edit by someone else: the editor's old tag is stale.
    edit["displayName"] = json!("Stale");
    let r = s.put_if(&format!("{V3}/emailAccounts/{id}"), edit, &opened).await;
    assert_eq!(r.status.as_u16(), 412);

    // Settings sent to test in place of the saved ones: the status is the
    // last test's, and the trail says which servers that test was of.
    let other = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let r = s.put(&format!("{V3}/emailAccounts/{id}/test"), imap("127.0.0.1", other, Some("typed-pw"))).await;
    assert_eq!(r.expect(200).body["ok"], false);
    let trail = s.get(&format!("{V3}/audit?kind=emailAccount&limit=2")).await.expect(200).body;
    let tested = &trail["items"][1];
    assert_eq!((&tested["action"], &tested["id"]), (&json!("test"), &Value::Null), "{trail}");
    assert_eq!(tested["after"]["account"]["serverInfo"]["incomingServerPort"], other, "{trail}");
    assert_eq!(tested["after"]["ok"], false);
    assert_eq!((&trail["items"][0]["action"], &trail["items"][0]["id"]), (&json!("test"), &json!(id)));
    assert!(!trail.to_string().contains("typed-pw"), "no password in the trail: {trail}");
}

/// A mail server that answers each step in time but drips out line after
/// line is cut off as a whole; and only so many tests run at once.
#[tokio::test]
async fn slow_servers_and_many_tests_are_bounded() {
    let drip = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let drip_port = drip.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = drip.accept().await {
            tokio::spawn(async move {
                let _ = socket.write_all(b"* OK ready\r\n").await;
                let mut buf = [0u8; 512];
                let _ = socket.read(&mut buf).await;
                // CAPABILITY "answered" forever, one untagged line at a time.
                loop {
                    if socket.write_all(b"* CAPABILITY IMAP4rev1\r\n").await.is_err() {
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
                }
            });
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let s = start_with(&dir.path().join("a.db"), None, |st| {
        st.allow_private_hosts = true;
        st.probe_timeout = std::time::Duration::from_secs(1);
    })
    .await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let started = std::time::Instant::now();
    let mut account = imap("127.0.0.1", drip_port, Some("pw"));
    account["serverInfo"]["outgoingServerPort"] = json!(closed);
    let r = s.post(&format!("{V3}/emailAccounts/test"), account.clone()).await.expect(200);
    let said = r.body["incoming"]["message"].as_str().unwrap();
    assert!(said.starts_with("Gave up after 3 s"), "{said}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));

    // Eight at once hold the server's probes; a ninth is told to wait.
    let running: Vec<_> = (0..8)
        .map(|_| {
            let (client, url, body) =
                (s.client.clone(), format!("{}{V3}/emailAccounts/test", s.base), account.clone());
            tokio::spawn(async move {
                client.post(url).bearer_auth(TOKEN).json(&body).send().await.unwrap().status()
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let r = s.post(&format!("{V3}/emailAccounts/test"), account.clone()).await;
    assert_eq!(r.status.as_u16(), 429, "{}", r.body);
    assert_eq!(r.headers["retry-after"], "5");
    for t in running {
        assert_eq!(t.await.unwrap().as_u16(), 200);
    }
    s.post(&format!("{V3}/emailAccounts/test"), account).await.expect(200);
}

/// What a database may refuse to store (a NUL, an id of kilobytes for an
/// index) is the request's fault on either engine: a 4xx, never a 5xx.
#[tokio::test]
async fn text_a_database_cannot_hold_is_a_4xx_on_every_engine() {
    let s = start().await;
    for path in [
        format!("{V3}/triggers/a%00b"),
        format!("{V3}/triggers/{}", "x".repeat(4000)),
        format!("{V3}/audit?actor=a%00b"),
        format!("{V3}/triggers/t1/revisions"),
    ] {
        let r = s.get(&path).await;
        assert!(r.status.is_client_error(), "{} → {}: {}", &path[..path.len().min(60)], r.status, r.body);
    }
    let mut doc = s.get(&format!("{V3}/export")).await.expect(200).body;
    let long = "i".repeat(4000);
    doc["triggers"] = json!([{"id": long, "description": "Long id", "enable": true, "event": 1}]);
    let r = s.post(&format!("{V3}/import"), doc).await;
    assert!(
        r.status.is_client_error() || r.status.is_success(),
        "an import with a long id: {} {}",
        r.status,
        r.body
    );
    let r = s
        .put(
            &format!("{V3}/blockedSenders"),
            json!({"email": format!("{}@example.com", "a".repeat(3000)), "blockType": "rejectAddress"}),
        )
        .await;
    assert!(!r.status.is_server_error(), "a long address: {} {}", r.status, r.body);
    s.get(&format!("{V3}/triggers")).await.expect(200);
}

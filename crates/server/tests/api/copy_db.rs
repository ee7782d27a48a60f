//! `anytime-server copy-db` (issue 17): a populated SQLite database copied
//! to this pass's engine (PostgreSQL on the second pass, another SQLite
//! file on the first) and back, checked equal by the command and here
//! through the API of a server on the copy.

use std::path::Path;
use std::process::Command;

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::*;
use anytime_server::storage::Location;

const V3: &str = "/api/v3/anytime";

fn db_arg(location: &Location) -> String {
    match location {
        Location::Sqlite(p) => p.display().to_string(),
        Location::Postgres(url) => url.clone(),
    }
}

fn copy_db(from: &str, to: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_anytime-server"))
        .args(["copy-db", "--from", from, "--to", to])
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

/// What a server answers about everything it holds.
async fn everything(s: &Server, ids: &[(String, String)]) -> Vec<(String, Value, Option<String>)> {
    let mut seen = Vec::new();
    for path in ["export", "triggers", "emailAccounts", "blockedSenders", "fields", "workingTime"] {
        let r = s.get(&format!("{V3}/{path}")).await.expect(200);
        seen.push((path.to_owned(), r.body, r.etag));
    }
    for (kind, id) in ids {
        let r = s.get(&format!("{V3}/{kind}/{id}")).await.expect(200);
        seen.push((format!("{kind}/{id}"), r.body, r.etag));
        let r = s.get(&format!("{V3}/{kind}/{id}/revisions")).await.expect(200);
        seen.push((format!("{kind}/{id}/revisions"), r.body, None));
    }
    // The trail without its numbering (a copy numbers it anew).
    let mut trail = s.get(&format!("{V3}/audit?limit=500")).await.expect(200).body;
    for e in trail["items"].as_array_mut().unwrap() {
        e.as_object_mut().unwrap().remove("seq");
    }
    seen.push(("audit".into(), trail["items"].clone(), None));
    seen
}

#[tokio::test]
async fn a_populated_sqlite_database_is_copied_and_back_and_checked_equal() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("source.db");
    let s = start_sqlite_on(&source).await;
    // Settings of several kinds, changed more than once (revisions, trail).
    let mut ids = Vec::new();
    for name in ["Refunds", "Returns", "Invoices"] {
        let r = s
            .post(&format!("{V3}/triggers"), json!({"description": name, "enable": true, "event": 1}))
            .await
            .expect(201);
        ids.push(("triggers".to_owned(), r.body["id"].as_str().unwrap().to_owned()));
    }
    let (_, first) = ids[0].clone();
    s.put(&format!("{V3}/triggers/{first}"), json!({"description": "Refunds!", "enable": false, "event": 1}))
        .await
        .expect(200);
    s.put(&format!("{V3}/triggers/order"), json!({"ids": [ids[2].1, ids[0].1, ids[1].1]})).await.expect(200);
    let account = s
        .post(
            &format!("{V3}/emailAccounts"),
            json!({"type": "imap", "businessEmail": "desk@example.com", "displayName": "Desk",
                   "serverInfo": {"userName": "desk", "password": "s3cret", "incomingServer": "imap.example.com",
                                  "incomingServerPort": 993, "useSSL": true, "outgoingServer": "smtp.example.com",
                                  "outgoingServerPort": 587, "encryptedConnectionType": "TLS", "authentication": true}}),
        )
        .await
        .expect(201);
    ids.push(("emailAccounts".into(), account.body["id"].as_str().unwrap().to_owned()));
    s.put(&format!("{V3}/blockedSenders"), json!({"email": "spam.example", "blockType": "rejectDomain"}))
        .await
        .expect(200);
    s.put(&format!("{V3}/workingTime"), json!({"timeZone": "Europe/Berlin"})).await.expect(200);
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(b"hello".to_vec()).file_name("hello.txt"));
    let upload = s
        .client
        .post(format!("{}/api/v3/attachments", s.base))
        .bearer_auth(TOKEN)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), 201);
    let file_id = upload.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let ann = s
        .state
        .write(|tx| anytime_server::tokens::create(tx, "ann", anytime_server::audit::Role::Editor))
        .unwrap();
    let before = everything(&s, &ids).await;
    s.stop().await;

    // To this pass's engine: a new file, or a new PostgreSQL database.
    let target_path = dir.path().join("target.db");
    let target = location(&target_path);
    std::fs::copy(
        anytime_server::vault::default_key_file(&source),
        anytime_server::vault::default_key_file(&target_path),
    )
    .unwrap();
    let out = copy_db(&source.display().to_string(), &db_arg(&target));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        said.contains("1 sealed passwords, 1 tokens, 1 attachments") && said.contains("they are equal"),
        "{said}"
    );

    let copy = start_with(&target_path, None, |_| {}).await;
    let after = everything(&copy, &ids).await;
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b, a, "{} differs on the copy", b.0);
    }
    // The password opens there (same key), the file and the token work.
    assert!(copy.state.read(|tx| tx.secret(&ids[3].1)).unwrap().is_some());
    let file = copy
        .client
        .get(format!("{}/api/v3/attachments/{file_id}", copy.base))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(file.bytes().await.unwrap().as_ref(), b"hello");
    let me = copy.client.get(format!("{}{V3}/me", copy.base)).bearer_auth(&ann).send().await.unwrap();
    assert_eq!(me.json::<Value>().await.unwrap()["role"], "editor");
    // The copy goes on where the source stopped: a new revision is newer.
    let r = copy
        .call(
            Method::PUT,
            &format!("{V3}/triggers/{first}"),
            Some(json!({"description": "Later", "event": 1})),
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    let old_tag: u64 = before
        .iter()
        .find(|x| x.0 == format!("triggers/{first}"))
        .unwrap()
        .2
        .as_deref()
        .unwrap()
        .trim_matches('"')
        .parse()
        .unwrap();
    let new_tag: u64 = r.etag.as_deref().unwrap().trim_matches('"').parse().unwrap();
    assert!(new_tag > old_tag, "revisions keep growing after a copy");
    copy.stop().await;

    // Into a database that holds settings: refused, nothing changed.
    let out = copy_db(&source.display().to_string(), &db_arg(&target));
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("already"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // And back into a new SQLite file.
    let back = dir.path().join("back.db");
    let out = copy_db(&db_arg(&target), &back.display().to_string());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(Path::new(&back).exists());
    std::fs::copy(
        anytime_server::vault::default_key_file(&source),
        anytime_server::vault::default_key_file(&back),
    )
    .unwrap();
    let back = start_sqlite_on(&back).await;
    let round_trip = everything(&back, &ids).await;
    let later: Vec<_> = round_trip
        .iter()
        .filter(|x| !matches!(x.0.as_str(), "audit" | "export") && !x.0.starts_with("triggers"))
        .collect();
    let earlier: Vec<_> = before
        .iter()
        .filter(|x| !matches!(x.0.as_str(), "audit" | "export") && !x.0.starts_with("triggers"))
        .collect();
    assert_eq!(later, earlier, "there and back: the same settings (the triggers changed on the copy since)");
    let trail = &round_trip.iter().find(|x| x.0 == "audit").unwrap().1;
    assert_eq!(trail[0]["after"]["description"], "Later", "the copy's own change came back too");

    // A target that is not empty is refused before anything is written.
    let out = copy_db(&source.display().to_string(), &dir.path().join("back.db").display().to_string());
    assert!(!out.status.success());
}

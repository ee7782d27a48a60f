use serde_json::{json, Value};

use crate::common::*;

const BASE: &str = "/api/v3/anytime/emailAccounts";

fn imap(email: &str) -> Value {
    json!({"type": "imap", "businessEmail": email, "displayName": "Support",
           "serverInfo": {"userName": "support", "password": "s3cret", "incomingServer": "imap.example.com",
                          "incomingServerPort": 993, "useSSL": true, "outgoingServer": "smtp.example.com",
                          "outgoingServerPort": 587, "encryptedConnectionType": "TLS", "authentication": true}})
}

#[tokio::test]
async fn create_get_and_passwords_are_never_returned() {
    let s = start().await;
    let created = s.post(BASE, imap("support@example.com")).await.expect(201);
    let id = created.body["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 36, "a UUID");
    assert!(created.etag.is_some());
    assert_eq!(created.body["type"], "IMAP");
    assert_eq!(created.body["isDefault"], true);
    assert_eq!(created.body["enable"], true);
    assert_eq!(created.body["serverInfo"]["hasPassword"], true);
    assert!(created.body["serverInfo"].get("password").is_none());
    for path in [BASE.to_owned(), format!("{BASE}/{id}"), format!("/api/v3/anytime/emailAccount/{id}")] {
        let r = s.get(&path).await.expect(200);
        assert!(!r.body.to_string().contains("s3cret"), "{path}: {}", r.body);
    }
    // An update without a password keeps the stored one.
    let mut changed = imap("support@example.com");
    changed["displayName"] = json!("Help");
    changed["serverInfo"].as_object_mut().unwrap().remove("password");
    let r = s.put(&format!("{BASE}/{id}"), changed).await.expect(200);
    assert_eq!(r.body["displayName"], "Help");
    assert_eq!(r.body["serverInfo"]["hasPassword"], true);
    assert_eq!(r.body["isDefault"], true, "isDefault is not changed by an update");
    // The password is really stored apart, not in the object.
    let (bodies, stored) = s
        .state
        .read(|tx| {
            let accounts = tx.rows("emailAccount")?.into_iter().map(|r| r.body);
            let trail = tx
                .audit(&anytime_server::storage::AuditQuery { limit: 1000, ..Default::default() })?
                .into_iter()
                .flat_map(|e| [e.before, e.after])
                .flatten();
            Ok((accounts.chain(trail).collect::<Vec<_>>().join(","), tx.secret(&id)?.unwrap()))
        })
        .unwrap();
    assert!(!bodies.contains("s3cret"), "neither the stored account nor its audit entries hold it");
    // Sealed with the key beside the database, bound to the account.
    assert!(stored.starts_with("v1:") && !stored.contains("s3cret"), "{stored}");
    let key = anytime_server::vault::default_key_file(&s.db_path);
    let vault = anytime_server::vault::read_key_file(&key).unwrap();
    assert_eq!(vault.open(&id, &stored).as_deref(), Some("s3cret"));
    assert_eq!(vault.open("another-account", &stored), None);
}

#[tokio::test]
async fn validation_paths_and_unique_address() {
    let s = start().await;
    let mut bad = imap("not-an-address");
    bad["serverInfo"]["incomingServerPort"] = json!(70000);
    bad["assignedAgent"] = json!("nobody");
    let r = s.post(BASE, bad).await.expect(422);
    assert_eq!(r.headers["content-type"], "application/problem+json");
    assert_eq!(r.fields(), ["businessEmail", "assignedAgent", "serverInfo.incomingServerPort"]);
    assert!(r.message("serverInfo.incomingServerPort").contains("not 70000"));

    s.post(BASE, imap("dup@example.com")).await.expect(201);
    let r = s.post(BASE, imap("DUP@example.com")).await.expect(409);
    assert!(r.body["detail"].as_str().unwrap().contains("business email"), "{}", r.body);
    // On its field, as a 422 is, so a form marks it.
    assert_eq!(r.fields(), ["businessEmail"]);
    assert_eq!(r.message("businessEmail"), r.body["detail"].as_str().unwrap());
}

#[tokio::test]
async fn exactly_one_default() {
    let s = start().await;
    let a = s.post(BASE, imap("a@example.com")).await.expect(201).body["id"].as_str().unwrap().to_owned();
    let b = s.post(BASE, imap("b@example.com")).await.expect(201).body["id"].as_str().unwrap().to_owned();
    let c = s.post(BASE, imap("c@example.com")).await.expect(201).body["id"].as_str().unwrap().to_owned();
    let defaults = |r: &Reply| -> Vec<String> {
        r.body
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["isDefault"] == true)
            .map(|x| x["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(defaults(&s.get(BASE).await), vec![a.clone()]);
    s.put(&format!("{BASE}/{c}/default"), json!({})).await.expect(204);
    assert_eq!(defaults(&s.get(BASE).await), vec![c.clone()]);
    // Deleting the default makes the oldest remaining account default.
    s.delete(&format!("{BASE}/{c}")).await.expect(204);
    assert_eq!(defaults(&s.get(BASE).await), vec![a.clone()]);
    s.delete(&format!("/api/v3/anytime/emailAccount/{a}")).await.expect(204);
    assert_eq!(defaults(&s.get(BASE).await), vec![b.clone()]);
    s.delete(&format!("{BASE}/{a}")).await.expect(404);
}

#[tokio::test]
async fn enable_and_stale_etag() {
    let s = start().await;
    let created = s.post(BASE, imap("e@example.com")).await.expect(201);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let etag = created.etag.unwrap();
    s.put(&format!("{BASE}/{id}/enable"), json!({"enable": false})).await.expect(204);
    assert_eq!(s.get(&format!("{BASE}/{id}")).await.body["enable"], false);
    // The enable changed the object: the old ETag is stale.
    s.put_if(&format!("{BASE}/{id}"), imap("e@example.com"), &etag).await.expect(412);
    let fresh = s.get(&format!("{BASE}/{id}")).await.etag.unwrap();
    s.put_if(&format!("{BASE}/{id}"), imap("e@example.com"), &fresh).await.expect(200);
    s.put(&format!("{BASE}/{id}/enable"), json!({})).await.expect(422);
}

#[tokio::test]
async fn forwarding_gets_a_generated_address_kept_across_updates() {
    let s = start().await;
    let body = json!({"type": "Email Forwarding", "businessEmail": "hi@example.com", "displayName": "Hi",
                      "serverInfo": {"useOwnSMTPServer": false, "forwardEmailTo": "ignored@x.com"}});
    let created = s.post(BASE, body.clone()).await.expect(201);
    let address = created.body["serverInfo"]["forwardEmailTo"].as_str().unwrap().to_owned();
    assert!(address.starts_with("hi.") && address.ends_with("@inbound.anytime.local"), "{address}");
    let id = created.body["id"].as_str().unwrap();
    let updated = s.put(&format!("{BASE}/{id}"), body).await.expect(200);
    assert_eq!(updated.body["serverInfo"]["forwardEmailTo"], address.as_str());
}

#[tokio::test]
async fn test_connection_refuses_private_hosts_and_reports_per_server() {
    let s = start().await;
    let mut account = imap("t@example.com");
    account["serverInfo"]["incomingServer"] = json!("127.0.0.1");
    account["serverInfo"]["outgoingServer"] = json!("localhost");
    let r = s.post(&format!("{BASE}/test"), account.clone()).await.expect(200);
    assert_eq!(r.body["ok"], false);
    assert!(
        r.body["incoming"]["message"].as_str().unwrap().contains("private or local address"),
        "{}",
        r.body
    );
    assert!(r.body["outgoing"]["message"].as_str().unwrap().contains("private or local address"));
    assert!(r.body["incoming"]["elapsedMs"].is_u64());

    // Probes against real servers are in probes.rs.
}

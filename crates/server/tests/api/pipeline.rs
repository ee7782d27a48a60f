//! One write path per kind: what an import makes of an object is what the
//! kind's own create makes of it, and the rules that span objects are the
//! core's document rules, with every path.

use serde_json::{json, Value};

use crate::common::*;

const V3: &str = "/api/v3/anytime";

fn field() -> Value {
    json!({"type": "dropdownList", "name": "Tier",
           "options": [{"name": "Gold", "value": "gold"}, {"name": "Silver", "value": "silver"}]})
}

#[tokio::test]
async fn an_imported_field_gets_option_ids_and_order_as_a_created_one() {
    let s = start().await;
    let created = s.post(&format!("{V3}/fields"), field()).await.expect(201).body;
    let mut doc = s.get(&format!("{V3}/export")).await.expect(200).body;
    let mut imported = field();
    imported["id"] = json!("tier-imported");
    imported["name"] = json!("Tier (imported)");
    doc["fields"].as_array_mut().unwrap().push(imported);
    let after = s.post(&format!("{V3}/import"), doc).await.expect(200).body;
    let got =
        after["fields"].as_array().unwrap().iter().find(|f| f["id"] == "tier-imported").unwrap().clone();
    let options = |f: &Value| -> Vec<(String, i64, bool)> {
        f["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                (
                    o["value"].as_str().unwrap().to_owned(),
                    o["order"].as_i64().unwrap(),
                    !o["id"].as_str().unwrap().is_empty(),
                )
            })
            .collect()
    };
    assert_eq!(options(&got), options(&created), "ids given and order numbered, as create does");
    assert_eq!(got["isSystemField"], false);
}

#[tokio::test]
async fn an_imported_forwarding_account_gets_its_address() {
    let s = start().await;
    let mut doc = s.get(&format!("{V3}/export")).await.expect(200).body;
    doc["emailAccounts"] = json!([{"type": "emailForwarding", "businessEmail": "hello@acme.example", "displayName": "Hello",
        "serverInfo": {"useOwnSMTPServer": false}}]);
    let after = s.post(&format!("{V3}/import"), doc).await.expect(200).body;
    let account = &after["emailAccounts"][0];
    let address = account["serverInfo"]["forwardEmailTo"].as_str().unwrap();
    assert!(address.starts_with("hello.") && address.ends_with("@inbound.anytime.local"), "{address}");
    assert_eq!(account["isDefault"], true, "the only account is the default");
    // Imported again unchanged, it keeps that address (and its ETag).
    let id = account["id"].as_str().unwrap().to_owned();
    let tag = s.get(&format!("{V3}/emailAccounts/{id}")).await.etag;
    let again = s.post(&format!("{V3}/import"), after.clone()).await.expect(200).body;
    assert_eq!(again["emailAccounts"][0]["serverInfo"]["forwardEmailTo"], address);
    assert_eq!(s.get(&format!("{V3}/emailAccounts/{id}")).await.etag, tag);
}

#[tokio::test]
async fn a_restored_forwarding_account_keeps_the_address_mail_is_forwarded_to() {
    let s = start().await;
    let mut doc = s.get(&format!("{V3}/export")).await.expect(200).body;
    // A backup from another server: ids and the address this server never made.
    doc["emailAccounts"] = json!([{"id": "acc-from-backup", "type": "emailForwarding", "businessEmail": "hello@acme.example",
        "displayName": "Hello", "isDefault": true,
        "serverInfo": {"useOwnSMTPServer": false, "forwardEmailTo": "hello.0a1b2c3d4e@inbound.anytime.local"}}]);
    let after = s.post(&format!("{V3}/import"), doc.clone()).await.expect(200).body;
    assert_eq!(
        after["emailAccounts"][0]["serverInfo"]["forwardEmailTo"],
        "hello.0a1b2c3d4e@inbound.anytime.local"
    );
    // Not an address: one is made, as for a new account.
    doc["emailAccounts"][0]["id"] = json!("acc-2");
    doc["emailAccounts"][0]["businessEmail"] = json!("other@acme.example");
    doc["emailAccounts"][0]["serverInfo"]["forwardEmailTo"] = json!("not an address");
    let after = s.post(&format!("{V3}/import"), doc).await.expect(200).body;
    let made = after["emailAccounts"][0]["serverInfo"]["forwardEmailTo"].as_str().unwrap();
    assert!(made.starts_with("other.") && made.ends_with("@inbound.anytime.local"), "{made}");
    // A create never takes an address from the client.
    let created = s
        .post(
            &format!("{V3}/emailAccounts"),
            json!({"type": "emailForwarding", "businessEmail": "third@acme.example", "displayName": "Third",
                "serverInfo": {"useOwnSMTPServer": false, "forwardEmailTo": "mine@elsewhere.example"}}),
        )
        .await
        .expect(201)
        .body;
    let given = created["serverInfo"]["forwardEmailTo"].as_str().unwrap();
    assert!(given.starts_with("third.") && given.ends_with("@inbound.anytime.local"), "{given}");
}

#[tokio::test]
async fn an_import_with_two_rules_of_one_name_is_refused_with_both_paths() {
    let s = start().await;
    let mut doc = s.get(&format!("{V3}/export")).await.expect(200).body;
    let rule = |name: &str| {
        json!({"name": name, "routeToObject": "department", "routeToId": "dept-billing",
                                   "conditions": {"when": "all", "list": []}})
    };
    doc["routing"]["rules"] = json!([rule("VIP"), rule("Refunds"), rule("vip")]);
    let r = s.post(&format!("{V3}/import"), doc).await.expect(422);
    assert_eq!(r.fields(), ["routing.rules[0].name", "routing.rules[2].name"]);
    assert_eq!(r.message("routing.rules[0].name"), "The name 'VIP' is used again at routing.rules[2].");
    assert_eq!(r.message("routing.rules[2].name"), "The name 'vip' is used again at routing.rules[0].");
    // The same rule, one object at a time: a 409 naming it.
    s.post(&format!("{V3}/routingRules/customRules"), rule("VIP")).await.expect(201);
    let r = s.post(&format!("{V3}/routingRules/customRules"), rule(" vip ")).await.expect(409);
    assert!(r.body["detail"].as_str().unwrap().contains("'vip'"), "{}", r.body);
    assert_eq!(r.fields(), ["name"]);
}

#[tokio::test]
async fn created_and_updated_accounts_go_through_the_same_pipeline() {
    let s = start().await;
    let account = |email: &str| {
        json!({"type": "emailForwarding", "businessEmail": email, "displayName": "F",
        "serverInfo": {"useOwnSMTPServer": false}, "status": "success", "isDefault": true})
    };
    let first = s.post(&format!("{V3}/emailAccounts"), account("a@acme.example")).await.expect(201).body;
    let second = s.post(&format!("{V3}/emailAccounts"), account("b@acme.example")).await.expect(201).body;
    // Read-only parts are the server's: no status yet, one default, an address each.
    assert_eq!((first["status"].clone(), first["isDefault"].clone()), (Value::Null, json!(true)));
    assert_eq!(second["isDefault"], false);
    let address = second["serverInfo"]["forwardEmailTo"].as_str().unwrap().to_owned();
    let id = second["id"].as_str().unwrap();
    let mut edit = account("b@acme.example");
    edit["displayName"] = json!("Renamed");
    let updated = s.put(&format!("{V3}/emailAccounts/{id}"), edit).await.expect(200).body;
    assert_eq!(updated["serverInfo"]["forwardEmailTo"], address, "kept across updates");
    assert_eq!(updated["isDefault"], false, "an update does not move the default");
    let r = s.post(&format!("{V3}/emailAccounts"), account("A@acme.example")).await.expect(409);
    assert!(r.body["detail"].as_str().unwrap().contains("business email"));
}

//! Named admins, roles, portal sign-in, the audit trail, revisions and
//! restore (contract §12).

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use anytime_server::audit::Role;
use anytime_server::portal::PortalKey;
use anytime_server::tokens;
use jsonwebtoken::{encode, EncodingKey, Header};
use reqwest::Method;
use serde_json::{json, Value};

use crate::common::*;

const V3: &str = "/api/v3/anytime";
/// The portal's HMAC secret in these tests.
const SECRET: &[u8] = b"a portal secret of more than thirty-two bytes";

pub struct Team {
    pub s: Server,
    pub tokens: HashMap<&'static str, String>,
    _dir: tempfile::TempDir,
}

/// A server with a viewer (vera), an editor (ed), an admin (ada), a
/// revoked token (gone) and a portal key; failed sign-ins not slowed.
pub async fn team_with(portal: PortalKey) -> Team {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("team.db");
    let mut made = HashMap::new();
    let s = start_with(&path, None, |state| {
        state.failed_sign_ins_per_minute = 0;
        for (name, role) in
            [("vera", Role::Viewer), ("ed", Role::Editor), ("ada", Role::Admin), ("gone", Role::Admin)]
        {
            made.insert(name, state.write(|tx| tokens::create(tx, name, role)).unwrap());
        }
        state.write(|tx| tokens::revoke(tx, "gone")).unwrap();
        state.portal = Some(Arc::new(portal));
    })
    .await;
    Team { s, tokens: made, _dir: dir }
}

pub async fn team() -> Team {
    team_with(PortalKey::from_bytes(SECRET).unwrap()).await
}

impl Team {
    pub async fn call(
        &self,
        who: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
        if_match: Option<&str>,
    ) -> Reply {
        let token = self.tokens.get(who).cloned().unwrap_or_else(|| who.to_owned());
        let mut request = self.s.client.request(method, format!("{}{path}", self.s.base)).bearer_auth(token);
        if let Some(b) = body {
            request = request.json(&b);
        }
        if let Some(tag) = if_match {
            request = request.header("If-Match", tag);
        }
        reply(request.send().await.unwrap()).await
    }

    pub async fn get(&self, who: &str, path: &str) -> Reply {
        self.call(who, Method::GET, path, None, None).await
    }

    pub async fn post(&self, who: &str, path: &str, body: Value) -> Reply {
        self.call(who, Method::POST, path, Some(body), None).await
    }

    pub async fn put(&self, who: &str, path: &str, body: Value) -> Reply {
        self.call(who, Method::PUT, path, Some(body), None).await
    }

    /// The newest audit entries (read by the admin).
    pub async fn trail(&self, query: &str) -> Vec<Value> {
        let r = self.get("ada", &format!("{V3}/audit?limit=500&{query}")).await.expect(200);
        r.body["items"].as_array().unwrap().clone()
    }

    async fn newest_seq(&self) -> i64 {
        let r = self.get("ada", &format!("{V3}/audit?limit=1")).await.expect(200);
        r.body["items"][0]["seq"].as_str().map_or(0, |s| s.parse().unwrap())
    }
}

/// The noun with its article, as the document's summaries say it.
fn article(noun: &str) -> String {
    let vowel = noun.starts_with(['a', 'e', 'i', 'o', 'u']) || noun.starts_with("SLA");
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

fn rank(role: &str) -> u8 {
    match role {
        "viewer" => 0,
        "editor" => 1,
        "admin" => 2,
        other => panic!("role {other}"),
    }
}

#[tokio::test]
async fn every_operation_answers_each_role_as_the_table_says() {
    let t = team().await;
    let doc =
        reqwest::get(format!("{}/api/openapi.json", t.s.base)).await.unwrap().json::<Value>().await.unwrap();
    let mut checked = 0;
    let mut needs = HashMap::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if op.get("security") == Some(&json!([])) {
                continue;
            }
            let needed =
                op["x-anytime-role"].as_str().unwrap_or_else(|| panic!("{method} {path} has no role"));
            *needs.entry(needed.to_owned()).or_insert(0) += 1;
            let url = path.replace("{id}", "no-such-id").replace("{etag}", "1").replace("{name}", "UTC");
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let body = op.pointer("/requestBody/content/application~1json").map(|_| json!({}));
            for who in ["vera", "ed", "ada"] {
                let r = t.call(who, m.clone(), &url, body.clone(), None).await;
                let role = ["viewer", "editor", "admin"]
                    [["vera", "ed", "ada"].iter().position(|w| *w == who).unwrap()];
                if rank(role) < rank(needed) {
                    assert_eq!(r.status, 403, "{who} {method} {path}: {}", r.body);
                    let detail = r.body["detail"].as_str().unwrap();
                    assert!(detail.contains(&format!("needs the {needed} role")), "{detail}");
                } else {
                    assert!(
                        ![401, 403].contains(&r.status.as_u16()) && r.status.as_u16() < 500,
                        "{who} {method} {path}: {} {}",
                        r.status,
                        r.body
                    );
                }
            }
            let r = t.call("gone", m.clone(), &url, body.clone(), None).await;
            assert_eq!(r.status, 401, "revoked {method} {path}");
            assert!(r.body["detail"].as_str().unwrap().contains("revoked"), "{}", r.body);
            checked += 1;
        }
    }
    assert!(checked > 150, "{checked} operations");
    // Each role has its share: reads for viewers, settings for editors, and
    // accounts, import, restore and the trail for admins.
    assert!(needs["viewer"] > 50 && needs["editor"] > 50 && needs["admin"] > 20, "{needs:?}");
}

fn imap(password: &str) -> Value {
    json!({"type": "IMAP", "businessEmail": "support@example.com", "displayName": "Support",
           "serverInfo": {"userName": "user", "password": password, "incomingServer": "127.0.0.1", "incomingServerPort": 9,
                          "useSSL": false, "outgoingServer": "127.0.0.1", "outgoingServerPort": 9,
                          "encryptedConnectionType": "none", "authentication": true}})
}

fn trigger(name: &str) -> Value {
    json!({"description": name, "enable": true, "event": 1,
           "conditions": [{"fieldId": "subject", "matchType": "contains", "value": "refund"}]})
}

fn rule(name: &str) -> Value {
    json!({"name": name, "isEnable": true, "routeToObject": "department", "routeToId": "dept-billing", "routeToPriority": "3",
           "conditions": {"when": "all", "list": [{"fieldId": "subject", "matchType": "contains", "value": "refund"}]}})
}

fn policy(name: &str) -> Value {
    json!({"name": name, "enable": true, "firstRespondWithin": 4, "resolveRespondWithin": 24, "operationalHour": "businessHours",
           "conditions": [{"fieldId": "priority", "matchType": "is", "value": "4"}]})
}

/// Every writing operation of the document, called once, leaves its entry:
/// a new write route without one fails here (it has no case, or its case
/// finds no entry).
#[tokio::test]
async fn every_write_is_in_the_audit_trail_with_its_actor_and_no_secret() {
    let t = team().await;
    let doc =
        reqwest::get(format!("{}/api/openapi.json", t.s.base)).await.unwrap().json::<Value>().await.unwrap();
    let mut writes = BTreeSet::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for (method, op) in item.as_object().unwrap() {
            let role = op["x-anytime-role"].as_str().unwrap_or("viewer");
            if method != "get" && role != "viewer" {
                writes.insert(format!("{} {}", method.to_uppercase(), op["summary"].as_str().unwrap()));
            }
        }
    }

    let mut covered = BTreeSet::new();
    // Calls one operation as `who` and finds its entries: of `kind`, by `who`.
    macro_rules! audited {
        ($who:expr, $kind:expr, $op:expr, $call:expr) => {{
            let before = t.newest_seq().await;
            let r = $call;
            assert!(r.status.is_success(), "{}: {} {}", $op, r.status, r.body);
            let entries: Vec<Value> = t
                .trail("")
                .await
                .into_iter()
                .filter(|e| e["seq"].as_str().unwrap().parse::<i64>().unwrap() > before)
                .collect();
            assert!(!entries.is_empty(), "{}: no audit entry", $op);
            assert!(entries.iter().any(|e| e["kind"] == $kind), "{}: {entries:?}", $op);
            assert!(entries.iter().all(|e| e["actor"]["id"] == $who), "{}: {entries:?}", $op);
            assert!(covered.insert($op.to_owned()), "{} twice", $op);
            r
        }};
    }
    let id = |r: &Reply| r.body["id"].as_str().unwrap().to_owned();
    let etag_of = |r: &Reply| r.etag.clone().unwrap().trim_matches('"').to_owned();

    // Ordered kinds: create, update, enable, sort, order, restore, delete.
    for (base, noun, body, kind) in [
        (format!("{V3}/triggers"), "trigger", trigger as fn(&str) -> Value, "trigger"),
        (format!("{V3}/routingRules/customRules"), "custom rule", rule, "customRule"),
        ("/api/v2/anytime/SLAPolicies".to_owned(), "SLA policy", policy, "slaPolicy"),
    ] {
        let a = audited!(
            "ed",
            kind,
            format!("POST Create {} (it goes last)", article(noun)),
            t.post("ed", &base, body("A")).await
        );
        let b = t.post("ed", &base, body("B")).await.expect(201);
        let (a_id, b_id) = (id(&a), id(&b));
        let first = etag_of(&a);
        audited!(
            "ed",
            kind,
            format!("PUT Update {}", article(noun)),
            t.put("ed", &format!("{base}/{a_id}"), body("A2")).await
        );
        audited!(
            "ed",
            kind,
            format!("PUT Enable or disable {}", article(noun)),
            t.put("ed", &format!("{base}/{a_id}/enable"), json!({"enable": false})).await
        );
        audited!(
            "ed",
            kind,
            format!("PUT Move {} up or down", article(noun)),
            t.put("ed", &format!("{base}/{b_id}/sort"), json!({"type": "up"})).await
        );
        audited!(
            "ed",
            kind,
            format!("PUT Set the whole order of the {noun}s"),
            t.put("ed", &format!("{base}/order"), json!({"ids": [a_id, b_id]})).await
        );
        audited!(
            "ada",
            kind,
            format!("POST Save this version of {} again (a deleted one comes back last)", article(noun)),
            t.post("ada", &format!("{base}/{a_id}/revisions/{first}/restore"), json!(null)).await
        );
        audited!(
            "ed",
            kind,
            format!("DELETE Delete {}", article(noun)),
            t.call("ed", Method::DELETE, &format!("{base}/{b_id}"), None, None).await
        );
    }

    // Email accounts (admins), with a password that must appear nowhere.
    let password = "hunter2-never-in-the-trail";
    let acc = audited!(
        "ada",
        "emailAccount",
        "POST Create an email account (the first becomes default)",
        t.post("ada", &format!("{V3}/emailAccounts"), imap(password)).await
    );
    let acc_id = id(&acc);
    let acc_first = etag_of(&acc);
    let mut second = imap(password);
    second["businessEmail"] = json!("sales@example.com");
    let acc2 = t.post("ada", &format!("{V3}/emailAccounts"), second).await.expect(201);
    let mut changed = imap("another-secret-password");
    changed["displayName"] = json!("Support desk");
    audited!(
        "ada",
        "emailAccount",
        "PUT Update an email account (a missing password keeps the stored one)",
        t.put("ada", &format!("{V3}/emailAccounts/{acc_id}"), changed).await
    );
    audited!(
        "ada",
        "emailAccount",
        "PUT Enable or disable an email account",
        t.put("ada", &format!("{V3}/emailAccounts/{acc_id}/enable"), json!({"enable": true})).await
    );
    audited!(
        "ada",
        "emailAccount",
        "PUT Make an email account the default",
        t.call("ada", Method::PUT, &format!("{V3}/emailAccounts/{}/default", id(&acc2)), None, None).await
    );
    audited!(
        "ada",
        "emailAccount",
        "POST Test the servers of an unsaved account",
        t.post("ada", &format!("{V3}/emailAccounts/test"), imap(password)).await
    );
    audited!(
        "ada",
        "emailAccount",
        "PUT Test a saved account, or unsaved settings for it",
        t.call("ada", Method::PUT, &format!("{V3}/emailAccounts/{acc_id}/test"), None, None).await
    );
    audited!(
        "ada",
        "emailAccount",
        "POST Save this version of an email account again (a deleted one comes back last)",
        t.post("ada", &format!("{V3}/emailAccounts/{acc_id}/revisions/{acc_first}/restore"), json!(null))
            .await
    );
    audited!(
        "ada",
        "emailAccount",
        "DELETE Delete an email account (the oldest remaining becomes default)",
        t.call("ada", Method::DELETE, &format!("{V3}/emailAccounts/{}", id(&acc2)), None, None).await
    );

    // Holidays.
    let h = audited!(
        "ed",
        "holiday",
        "POST Create a holiday",
        t.post("ed", &format!("{V3}/holidays"), json!({"title": "Christmas", "date": "2026-12-25"})).await
    );
    let h_first = etag_of(&h);
    audited!(
        "ed",
        "holiday",
        "PUT Update a holiday",
        t.put("ed", &format!("{V3}/holidays/{}", id(&h)), json!({"title": "Xmas", "date": "2026-12-25"}))
            .await
    );
    audited!(
        "ed",
        "holiday",
        "DELETE Delete a holiday",
        t.call("ed", Method::DELETE, &format!("{V3}/holidays/{}", id(&h)), None, None).await
    );
    audited!(
        "ada",
        "holiday",
        "POST Save this version of a holiday again (a deleted one comes back last)",
        t.post("ada", &format!("{V3}/holidays/{}/revisions/{h_first}/restore", id(&h)), json!(null)).await
    );
    audited!(
        "ed",
        "holiday",
        "DELETE Delete a holiday by ?id=",
        t.call("ed", Method::DELETE, &format!("{V3}/holidays?id={}", id(&h)), None, None).await
    );

    // Blocked senders.
    let b = audited!(
        "ed",
        "blockedSender",
        "PUT Add a blocked sender, or change the one with that address",
        t.put(
            "ed",
            &format!("{V3}/blockedSenders"),
            json!({"email": "spam.example", "blockType": "rejectDomain"})
        )
        .await
    );
    let b_first = etag_of(&b);
    audited!(
        "ed",
        "blockedSender",
        "DELETE Remove a blocked sender by ?email=",
        t.call("ed", Method::DELETE, &format!("{V3}/blockedSenders?email=spam.example"), None, None).await
    );
    audited!(
        "ada",
        "blockedSender",
        "POST Save this version of a blocked sender again (a deleted one comes back last)",
        t.post("ada", &format!("{V3}/blockedSenders/{}/revisions/{b_first}/restore", id(&b)), json!(null))
            .await
    );
    audited!(
        "ed",
        "blockedSender",
        "DELETE Remove a blocked sender",
        t.call("ed", Method::DELETE, &format!("{V3}/blockedSenders/{}", id(&b)), None, None).await
    );
    audited!(
        "ed",
        "blockedSender",
        "PUT Add or change many blocked senders in one transaction; invalid items are listed back",
        t.put(
            "ed",
            &format!("{V3}/blockedSenders/bulk"),
            json!({"items": [{"email": "a@spam.example", "blockType": "rejectEmail"}]})
        )
        .await
    );
    audited!(
        "ed",
        "blockedSender",
        "POST Remove many blocked senders, by address or by id, in one transaction",
        t.post("ed", &format!("{V3}/blockedSenders/bulk-delete"), json!({"emails": ["a@spam.example"]}))
            .await
    );

    // Fields and their mapping.
    let f = audited!(
        "ed",
        "field",
        "POST Create a field",
        t.post("ed", &format!("{V3}/fields"), json!({"type": "text", "name": "Order number"})).await
    );
    let f_first = etag_of(&f);
    audited!(
        "ed",
        "field",
        "PUT Update a field (system fields keep their type)",
        t.put("ed", &format!("{V3}/fields/{}", id(&f)), json!({"type": "text", "name": "Order no."})).await
    );
    audited!(
        "ed",
        "fieldMapping",
        "PUT Replace every chat and offline-message mapping",
        t.put(
            "ed",
            &format!("{V3}/fields/mapping"),
            json!([{"fieldId": id(&f), "chatFieldMapping": "name"}])
        )
        .await
    );
    audited!(
        "ada",
        "field",
        "POST Save this version of a field again (a deleted one comes back last)",
        t.post("ada", &format!("{V3}/fields/{}/revisions/{f_first}/restore", id(&f)), json!(null)).await
    );
    audited!(
        "ed",
        "field",
        "DELETE Delete a field (409 for system fields and fields in use)",
        t.call("ed", Method::DELETE, &format!("{V3}/fields/{}", id(&f)), None, None).await
    );

    // Singletons.
    let routing = t.get("ed", &format!("{V3}/routingRules/default")).await.expect(200);
    let routing_first = etag_of(&routing);
    let body = routing.body.clone();
    audited!(
        "ed",
        "routing",
        "PUT Update the routing configuration ('rules' is ignored)",
        t.put("ed", &format!("{V3}/routingRules/default"), body).await
    );
    audited!(
        "ed",
        "routing",
        "PUT Turn routing on or off",
        t.put("ed", &format!("{V3}/routingRules/enable"), json!({"enable": false})).await
    );
    audited!(
        "ada",
        "routing",
        "POST Save this version of the routing configuration again",
        t.post("ada", &format!("{V3}/routingRules/revisions/{routing_first}/restore"), json!(null)).await
    );
    let alloc = t.get("ed", &format!("{V3}/autoAllocation")).await.expect(200);
    let alloc_first = etag_of(&alloc);
    audited!(
        "ed",
        "autoAllocation",
        "PUT Update auto allocation settings",
        t.put("ed", &format!("{V3}/autoAllocation"), json!({"enable": true, "defaultAllocationRule": {"allocationTo": "onlineAgents", "allocationRule": "loadBalancing"}, "maxNumberForAllAgents": 5})).await
    );
    audited!(
        "ed",
        "autoAllocation",
        "PUT Turn auto allocation on or off",
        t.put("ed", &format!("{V3}/autoAllocation/enable"), json!({"enable": false})).await
    );
    audited!(
        "ada",
        "autoAllocation",
        "POST Save this version of the auto allocation settings again",
        t.post("ada", &format!("{V3}/autoAllocation/revisions/{alloc_first}/restore"), json!(null)).await
    );
    let wt = t.get("ed", &format!("{V3}/workingTime")).await.expect(200);
    let wt_first = etag_of(&wt);
    let mut body = wt.body.clone();
    body["timeZone"] = json!("Europe/Berlin");
    audited!(
        "ed",
        "workingTime",
        "PUT Update business hours",
        t.put("ed", &format!("{V3}/workingTime"), body).await
    );
    audited!(
        "ada",
        "workingTime",
        "POST Save this version of the working time again",
        t.post("ada", &format!("{V3}/workingTime/revisions/{wt_first}/restore"), json!(null)).await
    );

    // An upload, and an import.
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(b"hello".to_vec()).file_name("hello.txt"));
    audited!(
        "ed",
        "attachment",
        "POST Upload a file (multipart field 'file', at most 10 MiB)",
        reply(
            t.s.client
                .post(format!("{}/api/v3/attachments", t.s.base))
                .bearer_auth(&t.tokens["ed"])
                .multipart(form)
                .send()
                .await
                .unwrap()
        )
        .await
    );
    let mut doc = t.get("ada", &format!("{V3}/export")).await.expect(200).body;
    doc["triggers"] = json!([trigger("Imported")]);
    audited!(
        "ada",
        "settings",
        "POST Validate and apply a whole document, atomically",
        t.post("ada", &format!("{V3}/import"), doc).await
    );

    let missing: Vec<_> = writes.difference(&covered).collect();
    assert!(missing.is_empty(), "writes without an audit case: {missing:#?}");
    let extra: Vec<_> = covered.difference(&writes).collect();
    assert!(extra.is_empty(), "cases for writes the document does not have: {extra:#?}");

    // No password in any entry, whatever it was written as.
    let everything = serde_json::to_string(&t.trail("").await).unwrap();
    for secret in [password, "another-secret-password"] {
        assert!(!everything.contains(secret), "a password in the trail");
    }
    // The import's summary counts what it changed.
    let summary = &t.trail("kind=settings").await[0];
    assert_eq!(summary["after"]["trigger"]["created"], 1, "{summary}");
}

#[tokio::test]
async fn restore_round_trip_conflicts_and_deleted_objects() {
    let t = team().await;
    let base = format!("{V3}/triggers");
    let a = t.post("ed", &base, trigger("Refunds")).await.expect(201);
    let id = a.body["id"].as_str().unwrap().to_owned();
    let first = a.etag.clone().unwrap();
    let mut changed = a.body.clone();
    changed["conditions"][0]["value"] = json!("refund or return");
    let updated = t.put("ed", &format!("{base}/{id}"), changed).await.expect(200);

    // The versions, newest first, with who and what.
    let list = t.get("vera", &format!("{base}/{id}/revisions")).await.expect(200).body;
    let actions: Vec<&str> = list.as_array().unwrap().iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["update", "create"]);
    assert_eq!(list[0]["actor"], json!({"id": "ed", "name": "ed", "via": "token"}));
    let bare = first.trim_matches('"');
    let one = t.get("vera", &format!("{base}/{id}/revisions/{bare}")).await.expect(200).body;
    assert_eq!(one["object"]["conditions"][0]["value"], "refund");
    t.get("vera", &format!("{base}/{id}/revisions/999999")).await.expect(404);
    t.get("vera", &format!("{base}/{id}/revisions/not-a-tag")).await.expect(404);

    // Only admins restore; a stale If-Match is a 412 and changes nothing.
    t.post("ed", &format!("{base}/{id}/revisions/{bare}/restore"), json!(null)).await.expect(403);
    let stale = t
        .call("ada", Method::POST, &format!("{base}/{id}/revisions/{bare}/restore"), None, Some(&first))
        .await;
    assert_eq!(stale.status, 412, "{}", stale.body);
    let current = updated.etag.unwrap();
    let restored = t
        .call("ada", Method::POST, &format!("{base}/{id}/revisions/{bare}/restore"), None, Some(&current))
        .await;
    assert_eq!(restored.status, 200, "{}", restored.body);
    let now = t.get("vera", &format!("{base}/{id}")).await.expect(200).body;
    assert_eq!(now, a.body.clone().tap_order(&now), "the first version, as it was");
    let list = t.get("vera", &format!("{base}/{id}/revisions")).await.expect(200).body;
    assert_eq!(list[0]["action"], "restore");
    assert_eq!(list[0]["actor"]["id"], "ada");

    // A deleted trigger comes back with its id, at the end of the list.
    t.post("ed", &base, trigger("Second")).await.expect(201);
    t.call("ed", Method::DELETE, &format!("{base}/{id}"), None, None).await.expect(204);
    t.get("vera", &format!("{base}/{id}")).await.expect(404);
    let list = t.get("vera", &format!("{base}/{id}/revisions")).await.expect(200).body;
    assert_eq!(list[0]["action"], "delete");
    assert!(list[0]["etag"].is_null());
    let back = t.post("ada", &format!("{base}/{id}/revisions/{bare}/restore"), json!(null)).await.expect(200);
    assert_eq!(back.body["id"], id.as_str());
    let all = t.get("vera", &base).await.expect(200);
    assert_eq!(ids(&all).last().map(String::as_str), Some(id.as_str()));
    assert_eq!(back.body["orderIndex"], 1);
    // Nothing ever written has no versions.
    t.get("vera", &format!("{base}/never-written/revisions")).await.expect(404);
    // The list's own entries (its order) have no object id: an empty id in
    // the path names no object, so a viewer cannot read them that way.
    let order: Vec<String> = ids(&t.get("vera", &base).await).into_iter().rev().collect();
    t.put("ed", &format!("{base}/order"), json!({ "ids": order })).await.expect(200);
    assert!(t.trail("kind=trigger").await.iter().any(|e| e["action"] == "order"));
    t.get("vera", &format!("{base}//revisions")).await.expect(404);
    t.get("vera", &format!("{base}//revisions/1")).await.expect(404);
    // Every spelling of the path, as every path of the API (contract §1).
    t.get("vera", &format!("{V3}/trigger/{id}/revisions")).await.expect(200);
    // "*" asks that the object exists: a deleted one is a 412.
    let second = t.post("ed", &base, trigger("Third")).await.expect(201);
    let (gone, v1) = (second.body["id"].as_str().unwrap().to_owned(), second.etag.clone().unwrap());
    t.call("ed", Method::DELETE, &format!("{base}/{gone}"), None, None).await.expect(204);
    let star = t
        .call(
            "ada",
            Method::POST,
            &format!("{base}/{gone}/revisions/{}/restore", v1.trim_matches('"')),
            None,
            Some("*"),
        )
        .await;
    assert_eq!(star.status, 412, "{}", star.body);
}

#[tokio::test]
async fn restoring_never_breaks_a_rule_of_the_kind() {
    let t = team().await;
    // A blocked sender deleted, blocked again, then the old entry restored:
    // one entry per address, so a 409 on the address.
    let blocked = format!("{V3}/blockedSenders");
    let first = t
        .put("ed", &blocked, json!({"email": "spam.example", "blockType": "rejectDomain"}))
        .await
        .expect(200);
    let (old_id, old_tag) = (first.body["id"].as_str().unwrap().to_owned(), first.etag.clone().unwrap());
    t.call("ed", Method::DELETE, &format!("{blocked}?email=spam.example"), None, None).await.expect(204);
    t.put("ed", &blocked, json!({"email": "spam.example", "blockType": "blockDomainasJunk"}))
        .await
        .expect(200);
    let again = t
        .post(
            "ada",
            &format!("{blocked}/{old_id}/revisions/{}/restore", old_tag.trim_matches('"')),
            json!(null),
        )
        .await;
    assert_eq!((again.status.as_u16(), again.fields()), (409, vec!["email".to_owned()]), "{}", again.body);
    assert_eq!(t.get("vera", &blocked).await.body.as_array().unwrap().len(), 1);

    // A deleted forwarding account comes back with the address customers'
    // mailboxes forward to, not a new one.
    let accounts = format!("{V3}/emailAccounts");
    let made = t
        .post(
            "ada",
            &accounts,
            json!({"type": "Email Forwarding", "businessEmail": "help@example.com", "displayName": "Help",
            "serverInfo": {"useOwnSMTPServer": false}}),
        )
        .await;
    assert_eq!(made.status, 201, "{}", made.body);
    let (acc, tag) = (made.body["id"].as_str().unwrap().to_owned(), made.etag.clone().unwrap());
    let address = made.body["serverInfo"]["forwardEmailTo"].as_str().unwrap().to_owned();
    assert!(address.ends_with("@inbound.anytime.local"), "{address}");
    t.call("ada", Method::DELETE, &format!("{accounts}/{acc}"), None, None).await.expect(204);
    let back = t
        .post("ada", &format!("{accounts}/{acc}/revisions/{}/restore", tag.trim_matches('"')), json!(null))
        .await;
    assert_eq!(back.status, 200, "{}", back.body);
    assert_eq!(back.body["serverInfo"]["forwardEmailTo"], address.as_str());
}

trait TapOrder {
    /// `self` with `other`'s position (a restore keeps the object's place).
    fn tap_order(self, other: &Value) -> Value;
}

impl TapOrder for Value {
    fn tap_order(mut self, other: &Value) -> Value {
        self["orderIndex"] = other["orderIndex"].clone();
        self
    }
}

#[tokio::test]
async fn the_trail_filters_pages_and_refuses_what_it_cannot_read() {
    let t = team().await;
    for i in 0..5 {
        t.post(
            "ed",
            &format!("{V3}/holidays"),
            json!({"title": format!("Day {i}"), "date": format!("2027-01-0{}", i + 1)}),
        )
        .await
        .expect(201);
    }
    t.post("ada", &format!("{V3}/triggers"), trigger("By ada")).await.expect(201);
    let by_ed = t.trail("actor=ed").await;
    assert_eq!(by_ed.len(), 5);
    assert!(by_ed.iter().all(|e| e["kind"] == "holiday" && e["action"] == "create"));
    assert_eq!(t.trail("kind=trigger").await.len(), 1);
    let today = &anytime_server::now_utc()[..10];
    assert_eq!(t.trail(&format!("since={today}&until={today}&actor=ada")).await.len(), 1);
    assert_eq!(t.trail("until=2000-01-01").await.len(), 0);
    // A time in `until` includes its own second.
    let newest = t.trail("actor=ada").await[0]["at"].as_str().unwrap().to_owned();
    assert_eq!(t.trail(&format!("actor=ada&until={newest}")).await.len(), 1);

    // Pages of two, newest first, until none is left.
    let mut seen = Vec::new();
    let mut after = String::new();
    loop {
        let r = t.get("ada", &format!("{V3}/audit?actor=ed&limit=2{after}")).await.expect(200).body;
        seen.extend(
            r["items"].as_array().unwrap().iter().map(|e| e["seq"].as_str().unwrap().parse::<i64>().unwrap()),
        );
        match r["next"].as_str() {
            Some(next) => after = format!("&after={next}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5);
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "{seen:?}");

    for bad in ["limit=0", "limit=501", "after=x", "after=-1", "extra=1"] {
        let r = t.get("ada", &format!("{V3}/audit?{bad}")).await;
        assert_eq!(r.status, 400, "{bad}: {}", r.body);
    }
    for (bad, field) in [("kind=nope", "kind"), ("since=yesterday", "since"), ("until=2026-02-30", "until")] {
        let r = t.get("ada", &format!("{V3}/audit?{bad}")).await;
        assert_eq!((r.status.as_u16(), r.fields()), (422, vec![field.to_owned()]), "{bad}: {}", r.body);
    }
    t.get("ed", &format!("{V3}/audit")).await.expect(403);
    let me = t.get("vera", &format!("{V3}/me")).await.expect(200).body;
    assert_eq!(me, json!({"id": "vera", "name": "vera", "role": "viewer", "via": "token"}));
}

#[derive(serde::Serialize)]
struct Claims<'a> {
    sub: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    exp: i64,
}

fn now() -> i64 {
    anytime_server::audit::now()
}

fn hs256(secret: &[u8], claims: &Claims) -> String {
    encode(&Header::default(), claims, &EncodingKey::from_secret(secret)).unwrap()
}

async fn me(t: &Team, token: &str) -> Reply {
    t.get(token, &format!("{V3}/me")).await
}

#[tokio::test]
async fn portal_users_sign_in_with_signed_tokens() {
    let t = team().await;
    let good = Claims { sub: "u-17", name: Some("Pat Portal"), role: Some("editor"), exp: now() + 600 };
    let r = me(&t, &hs256(SECRET, &good)).await.expect(200);
    assert_eq!(r.body, json!({"id": "u-17", "name": "Pat Portal", "role": "editor", "via": "portal"}));
    // Its writes are its own in the trail; its role holds.
    let token = hs256(SECRET, &good);
    t.post(&token, &format!("{V3}/triggers"), trigger("From the portal")).await.expect(201);
    let entry = &t.trail("kind=trigger").await[0];
    assert_eq!(entry["actor"], json!({"id": "u-17", "name": "Pat Portal", "via": "portal"}));
    t.post(&token, &format!("{V3}/emailAccounts"), imap("x")).await.expect(403);
    // A portal user whose sub is a token's name is not that token.
    let namesake = hs256(SECRET, &Claims { sub: "ed", name: Some("Ed Portal"), ..good_claims() });
    t.post(&namesake, &format!("{V3}/triggers"), trigger("Portal Ed's")).await.expect(201);
    t.post("ed", &format!("{V3}/triggers"), trigger("Token ed's")).await.expect(201);
    let names = |entries: Vec<Value>| -> Vec<String> {
        entries.iter().map(|e| e["after"]["description"].as_str().unwrap_or_default().to_owned()).collect()
    };
    assert_eq!(names(t.trail("actor=ed").await), ["Token ed's"]);
    assert_eq!(names(t.trail("actor=portal:ed").await), ["Portal Ed's"]);
    assert_eq!(names(t.trail("actor=portal:u-17").await), ["From the portal"]);

    let refused = |claims: Claims, secret: &'static [u8], says: &'static str| {
        let token = hs256(secret, &claims);
        let t = &t;
        async move {
            let r = me(t, &token).await;
            assert_eq!(r.status, 401, "{says}: {}", r.body);
            let detail = r.body["detail"].as_str().unwrap().to_owned();
            assert!(detail.contains(says), "{detail} should say {says}");
        }
    };
    refused(Claims { exp: now() - 3600, ..good_claims() }, SECRET, "expired").await;
    refused(good_claims(), b"another secret of more than thirty-two bytes", "bad signature").await;
    refused(Claims { role: None, ..good_claims() }, SECRET, "no 'role'").await;
    refused(Claims { role: Some("owner"), ..good_claims() }, SECRET, "must be viewer, editor or admin").await;
    refused(Claims { sub: "", ..good_claims() }, SECRET, "'sub'").await;
    refused(Claims { name: Some("bad\u{7}name"), ..good_claims() }, SECRET, "'name'").await;
    // No exp at all.
    let no_exp =
        encode(&Header::default(), &json!({"sub": "u", "role": "viewer"}), &EncodingKey::from_secret(SECRET))
            .unwrap();
    let r = me(&t, &no_exp).await;
    assert_eq!(r.status, 401);
    assert!(r.body["detail"].as_str().unwrap().contains("'exp'"), "{}", r.body);
    // An audience the portal names is fine (no audience is configured).
    let with_aud = encode(
        &Header::default(),
        &json!({"sub": "u-9", "role": "viewer", "exp": now() + 60, "aud": "anytime"}),
        &EncodingKey::from_secret(SECRET),
    )
    .unwrap();
    me(&t, &with_aud).await.expect(200);
    // An unsigned token ("alg": "none") is not a signature at all.
    let unsigned = format!(
        "eyJhbGciOiJub25lIn0.{}.",
        base64url(&json!({"sub": "u", "role": "admin", "exp": now() + 60}))
    );
    assert_eq!(me(&t, &unsigned).await.status, 401);
}

fn good_claims() -> Claims<'static> {
    Claims { sub: "u-17", name: Some("Pat Portal"), role: Some("editor"), exp: now() + 600 }
}

fn base64url(v: &Value) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
}

#[tokio::test]
async fn portal_keys_may_be_rsa_or_ec_public_keys() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let public = std::fs::read(format!("{dir}/tests/support/portal-rsa-public.pem")).unwrap();
    let private = std::fs::read(format!("{dir}/tests/support/portal-rsa-private.pem")).unwrap();
    let t = team_with(PortalKey::from_bytes(&public).unwrap()).await;
    let claims = Claims { sub: "r-1", name: Some("Rita"), role: Some("viewer"), exp: now() + 600 };
    let rs = encode(
        &Header::new(jsonwebtoken::Algorithm::RS256),
        &claims,
        &EncodingKey::from_rsa_pem(&private).unwrap(),
    )
    .unwrap();
    assert_eq!(me(&t, &rs).await.expect(200).body["name"], "Rita");
    // An HMAC token "signed" with the public key's bytes is refused: the
    // key verifies RSA only (the classic algorithm confusion).
    let confused = hs256(&public, &claims);
    let r = me(&t, &confused).await;
    assert_eq!(r.status, 401);
    assert!(r.body["detail"].as_str().unwrap().contains("HS256"), "{}", r.body);
    assert!(PortalKey::from_bytes(&private).is_err(), "a private key is refused");
    assert!(PortalKey::from_bytes(b"short").is_err(), "a short secret is refused");
    // A public key in another form is not taken as a secret.
    for not_a_secret in [&b"0\x82\x01\x22 der bytes of a public key, long enough to pass"[..], br#"{"kty": "RSA", "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"}"#, b"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 portal@example"] {
        assert!(PortalKey::from_bytes(not_a_secret).is_err());
    }

    let pair = rcgen::KeyPair::generate().unwrap();
    let t = team_with(PortalKey::from_bytes(pair.public_key_pem().as_bytes()).unwrap()).await;
    let es = encode(
        &Header::new(jsonwebtoken::Algorithm::ES256),
        &claims,
        &EncodingKey::from_ec_pem(pair.serialize_pem().as_bytes()).unwrap(),
    )
    .unwrap();
    assert_eq!(me(&t, &es).await.expect(200).body["id"], "r-1");
}

#[tokio::test]
async fn the_token_command_makes_lists_and_revokes_beside_a_running_server() {
    let t = team().await;
    let exe = env!("CARGO_BIN_EXE_anytime-server");
    let db = t.s.db_arg.clone();
    let run =
        |args: &[&str]| std::process::Command::new(exe).args(args).args(["--db", &db]).output().unwrap();
    let made = run(&["token", "create", "--name", "kim", "--role", "editor"]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let token = String::from_utf8(made.stdout).unwrap().trim().to_owned();
    assert!(token.starts_with("anyt_") && token.len() == 69, "{token}");
    assert_eq!(me(&t, &token).await.expect(200).body["role"], "editor");
    let again = run(&["token", "create", "--name", "kim", "--role", "viewer"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));
    let listed = String::from_utf8(run(&["token", "list"]).stdout).unwrap();
    assert!(listed.contains("kim") && listed.contains("editor") && !listed.contains(&token), "{listed}");
    assert!(run(&["token", "revoke", "kim"]).status.success());
    assert_eq!(me(&t, &token).await.status, 401, "revoked at once");
    let entries = t.trail("kind=token&id=kim").await;
    let actions: Vec<&str> = entries.iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["revoke", "create"]);
    assert_eq!(entries[0]["actor"], json!({"id": "command line", "name": "command line", "via": "system"}));
    assert!(!serde_json::to_string(&entries).unwrap().contains(&token));
}

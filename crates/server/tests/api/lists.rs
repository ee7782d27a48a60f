//! Ordered lists (triggers, SLA policies, custom rules): CRUD, ETags and
//! the ordering invariants.

use serde_json::{json, Value};

use crate::common::*;

fn trigger(name: &str) -> Value {
    json!({"description": name, "enable": true, "event": 1,
           "conditions": [{"fieldId": "subject", "matchType": "contains", "value": "urgent"}],
           "setValue": true, "autoUpdate": [{"fieldId": "priority", "value": "4"}],
           "sendEmail": true, "sendToContacts": true, "subject": "Re: {{subject}}",
           "htmlText": "<p onclick=\"x()\">Hi {{contactName}}<script>alert(1)</script><a href=\"javascript:evil()\">x</a></p>"})
}

fn order_indexes(r: &Reply) -> Vec<i64> {
    r.body.as_array().unwrap().iter().map(|x| x["orderIndex"].as_i64().unwrap()).collect()
}

#[tokio::test]
async fn trigger_crud_sanitizes_html_and_stamps_conditions() {
    let s = start().await;
    let base = "/api/v3/anytime/triggers";
    let created = s.post(base, trigger("Escalate")).await.expect(201);
    let t = &created.body;
    let id = t["id"].as_str().unwrap();
    assert_eq!(t["orderIndex"], 0);
    assert_eq!(t["conditions"][0]["type"], "trigger");
    assert_eq!(t["conditions"][0]["id"].as_str().unwrap().len(), 36);
    assert_eq!(t["autoUpdate"][0]["triggerId"], id);
    let html = t["htmlText"].as_str().unwrap();
    assert!(!html.contains("script") && !html.contains("onclick") && !html.contains("javascript:"), "{html}");
    assert!(html.contains("Hi {{contactName}}"), "{html}");

    let got = s.get(&format!("{base}/{id}")).await.expect(200);
    assert_eq!(got.etag, created.etag);
    let singular = s.get(&format!("/api/v3/anytime/trigger/{id}")).await.expect(200);
    assert_eq!(singular.body, got.body);

    let mut changed = trigger("Escalate now");
    changed["event"] = json!(2);
    let updated =
        s.put_if(&format!("{base}/{id}"), changed.clone(), got.etag.as_deref().unwrap()).await.expect(200);
    assert_eq!(updated.body["description"], "Escalate now");
    assert_ne!(updated.etag, got.etag);
    // The old ETag is stale now: 412, and nothing changes.
    changed["description"] = json!("Lost update");
    s.put_if(&format!("{base}/{id}"), changed, got.etag.as_deref().unwrap()).await.expect(412);
    assert_eq!(s.get(&format!("{base}/{id}")).await.body["description"], "Escalate now");

    s.put(&format!("{base}/{id}/enable"), json!({"enable": false})).await.expect(204);
    assert_eq!(s.get(&format!("{base}/{id}")).await.body["enable"], false);
    s.delete(&format!("{base}/{id}")).await.expect(204);
    s.get(&format!("{base}/{id}")).await.expect(404);
    s.put(&format!("{base}/{id}"), trigger("x")).await.expect(404);
}

#[tokio::test]
async fn trigger_validation_paths() {
    let s = start().await;
    let mut bad = trigger("x");
    bad["conditions"][0]["matchType"] = json!("isMoreThan");
    bad["autoUpdate"][0]["value"] = json!("9");
    bad["subject"] = json!("{{nope}}");
    bad["when"] = json!("logicalExpression");
    bad["logicExpression"] = json!("1 AND");
    let r = s.post("/api/v3/anytime/triggers", bad).await.expect(422);
    assert_eq!(r.fields(), ["logicExpression", "conditions[0].matchType", "autoUpdate[0].value", "subject"]);
    assert!(r.message("logicExpression").contains("at 6"), "{}", r.body);
    let r = s.post("/api/v3/anytime/triggers", json!({"description": "a", "event": 1, "sendEmail": true, "sendToContacts": true, "subject": "s", "htmlText": "h", "attachment": {"id": "missing"}})).await.expect(422);
    assert_eq!(r.fields(), ["attachment.id"]);
}

#[tokio::test]
async fn ordering_invariants() {
    let s = start().await;
    let base = "/api/v3/anytime/triggers";
    let mut all = Vec::new();
    for name in ["A", "B", "C", "D"] {
        all.push(s.post(base, trigger(name)).await.expect(201).body["id"].as_str().unwrap().to_owned());
    }
    let list = s.get(base).await;
    assert_eq!(ids(&list), all);
    assert_eq!(order_indexes(&list), [0, 1, 2, 3]);

    // Sort: swap with the neighbour; no-op (still 2xx) at the ends.
    let r = s.put(&format!("{base}/{}/sort", all[2]), json!({"type": "up"})).await.expect(200);
    assert_eq!(ids(&r), [all[0].clone(), all[2].clone(), all[1].clone(), all[3].clone()]);
    assert_eq!(order_indexes(&r), [0, 1, 2, 3]);
    let r = s.put(&format!("{base}/{}/sort", all[0]), json!({"type": "UP"})).await.expect(200);
    assert_eq!(ids(&r), [all[0].clone(), all[2].clone(), all[1].clone(), all[3].clone()]);
    let r = s.put(&format!("{base}/{}/sort", all[3]), json!({"type": "down"})).await.expect(200);
    assert_eq!(ids(&r), [all[0].clone(), all[2].clone(), all[1].clone(), all[3].clone()]);
    s.put(&format!("{base}/{}/sort", all[3]), json!({"type": "sideways"})).await.expect(422);

    // Order: every id exactly once, atomically.
    let wanted = [all[3].clone(), all[1].clone(), all[0].clone(), all[2].clone()];
    let r = s.put(&format!("{base}/order"), json!({"ids": wanted})).await.expect(200);
    assert_eq!(ids(&r), wanted);
    assert_eq!(order_indexes(&r), [0, 1, 2, 3]);
    let r = s
        .put(&format!("{base}/order"), json!({"ids": [&all[0], &all[0], &all[1], &all[2]]}))
        .await
        .expect(422);
    assert_eq!(r.fields(), ["ids[1]"]);
    s.put(&format!("{base}/order"), json!({"ids": [&all[0], &all[1]]})).await.expect(422);
    assert_eq!(ids(&s.get(base).await), wanted, "a refused order changes nothing");

    // Deleting closes the gap; new items go last.
    s.delete(&format!("{base}/{}", all[1])).await.expect(204);
    let e = s.post(base, trigger("E")).await.expect(201);
    assert_eq!(e.body["orderIndex"], 3);
    let list = s.get(base).await;
    assert_eq!(order_indexes(&list), [0, 1, 2, 3]);
}

#[tokio::test]
async fn sla_policies_under_v2_and_v3() {
    let s = start().await;
    let policy = json!({"name": "Gold", "enable": true, "firstRespondWithin": 4, "resolveRespondWithin": 24,
                        "operationalHour": "businessHours",
                        "conditions": [{"fieldId": "priority", "matchType": "is", "value": "4"}]});
    let created = s.post("/api/v2/anytime/SLAPolicies", policy.clone()).await.expect(201);
    let id = created.body["id"].as_str().unwrap();
    assert_eq!(created.body["conditions"][0]["type"], "sla");
    let v3 = s.get(&format!("/api/v3/anytime/SLAPolicies/{id}")).await.expect(200);
    assert_eq!(v3.body, created.body);
    s.get(&format!("/api/v3/anytime/SLAPolicy/{id}")).await.expect(200);
    let mut silver = policy.clone();
    silver["name"] = json!("Silver");
    let second = s.post("/api/v3/anytime/SLAPolicies", silver).await.expect(201);
    let r = s
        .put(
            &format!("/api/v2/anytime/SLAPolicies/{}/sort", second.body["id"].as_str().unwrap()),
            json!({"type": "up"}),
        )
        .await
        .expect(200);
    assert_eq!(r.body[0]["id"], second.body["id"]);
    let mut bad = policy;
    bad["name"] = json!("Bronze");
    bad["firstRespondWithin"] = json!(9000);
    bad["resolveRespondWithinMinutes"] = json!(60);
    let r = s.post("/api/v2/anytime/SLAPolicies", bad).await.expect(422);
    assert_eq!(r.fields(), ["firstRespondWithin", "resolveRespondWithinMinutes"]);
}

/// Contract §7: minutes add to hours (left out when 0); a given name is
/// unique without case, and names stay optional for spec-only clients.
#[tokio::test]
async fn sla_minutes_and_names() {
    let s = start().await;
    let base = "/api/v3/anytime/SLAPolicies";
    let quick = json!({"name": "Quick", "enable": true, "firstRespondWithin": 0, "firstRespondWithinMinutes": 30,
                       "resolveRespondWithin": 2, "resolveRespondWithinMinutes": 0, "operationalHour": "calenderHours"});
    let created = s.post(base, quick.clone()).await.expect(201);
    assert_eq!(created.body["firstRespondWithinMinutes"], 30);
    assert!(created.body.get("resolveRespondWithinMinutes").is_none(), "{}", created.body);
    assert!(created.body.get("nextRespondWithinMinutes").is_none(), "{}", created.body);

    let mut again = quick.clone();
    again["name"] = json!("  quick ");
    let r = s.post(base, again).await.expect(409);
    assert_eq!(r.fields(), ["name"]);
    assert!(r.body["detail"].as_str().unwrap().contains("already has the name 'quick'"), "{}", r.body);

    // Unnamed ones may be many.
    let mut unnamed = quick.clone();
    unnamed["name"] = json!("");
    s.post(base, unnamed.clone()).await.expect(201);
    s.post(base, unnamed).await.expect(201);

    // Preview counts the minutes: 30 calendar minutes from 10:00.
    let sample = json!({"at": "2026-12-07T10:00:00Z", "fields": {}});
    let r = s.post("/api/v3/anytime/preview", sample).await.expect(200);
    assert_eq!(r.body["sla"]["firstResponse"]["due"], "2026-12-07T10:30:00Z", "{}", r.body);
    assert_eq!(r.body["sla"]["firstResponse"]["minutes"], 30);
}

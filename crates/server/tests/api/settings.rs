//! Singletons and the simpler lists: working time, holidays, blocked
//! senders, fields and mapping, auto allocation; and restart persistence.

use serde_json::json;

use crate::common::*;

const V3: &str = "/api/v3/anytime";

#[tokio::test]
async fn working_time() {
    let s = start().await;
    let wt = s.get(&format!("{V3}/workingTime")).await.expect(200);
    assert_eq!(wt.body["timeZone"], "UTC");
    assert_eq!(wt.body["mondayBusinessTime"]["openHour"], 9);
    let day = json!({"isBusinessDay": true, "openHour": 8, "openMin": 30, "closeHour": 24, "closeMin": 0});
    let r = s
        .put_if(
            &format!("{V3}/workingTime"),
            json!({"thursdayBusinessTime": day, "timeZone": "europe/paris"}),
            wt.etag.as_deref().unwrap(),
        )
        .await
        .expect(200);
    assert_eq!(r.body["thusdayBusinessTime"]["closeHour"], 24);
    assert_eq!(r.body["timeZone"], "Europe/Paris");
    assert!(r.body.get("thursdayBusinessTime").is_none());
    s.put_if(&format!("{V3}/workingTime"), json!({}), wt.etag.as_deref().unwrap()).await.expect(412);
    let bad = json!({"mondayBusinessTime": {"isBusinessDay": true, "openHour": 17, "closeHour": 9}, "timeZone": "Nowhere/Land"});
    let r = s.put(&format!("{V3}/workingTime"), bad).await.expect(422);
    assert_eq!(r.fields(), ["mondayBusinessTime.closeHour", "timeZone"]);
}

#[tokio::test]
async fn holidays() {
    let s = start().await;
    let a = s
        .post(&format!("{V3}/holidays"), json!({"title": "New Year", "date": "2027-01-01T00:00:00-05:00"}))
        .await
        .expect(201);
    assert_eq!(a.body["date"], "2027-01-01");
    s.post(&format!("{V3}/holidays"), json!({"title": "Christmas", "date": "2026-12-25"})).await.expect(201);
    s.post(&format!("{V3}/holidays"), json!({"title": "Again", "date": "2026-12-25"})).await.expect(409);
    let r = s.post(&format!("{V3}/holidays"), json!({"title": "", "date": "2026-02-30"})).await.expect(422);
    assert_eq!(r.fields(), ["title", "date"]);
    let list = s.get(&format!("{V3}/holidays")).await;
    let dates: Vec<&str> =
        list.body.as_array().unwrap().iter().map(|h| h["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2026-12-25", "2027-01-01"], "by date");
    let id = a.body["id"].as_str().unwrap();
    s.delete(&format!("{V3}/holidays?id={id}")).await.expect(204);
    s.delete(&format!("{V3}/holidays?id={id}")).await.expect(404);
    let other = list.body[0]["id"].as_str().unwrap();
    s.delete(&format!("{V3}/holiday/{other}")).await.expect(204);
    assert_eq!(s.get(&format!("{V3}/holidays")).await.body, json!([]));
}

#[tokio::test]
async fn blocked_senders_upsert_filter_and_delete() {
    let s = start().await;
    let base = format!("{V3}/blockedSenders");
    let a = s.put(&base, json!({"email": "@Spam.Example", "blockType": "rejectDomain"})).await.expect(200);
    assert_eq!(a.body["email"], "spam.example");
    let again =
        s.put(&base, json!({"email": "spam.example", "blockType": "blockDomainasJunk"})).await.expect(200);
    assert_eq!(again.body["id"], a.body["id"], "upsert by email");
    assert_eq!(again.body["blockType"], "blockDomainasJunk");
    s.put(&base, json!({"email": "bob@mail.example", "blockType": "rejectEmail"})).await.expect(200);
    let r = s.put(&base, json!({"email": "bob@mail.example", "blockType": "rejectDomain"})).await.expect(422);
    assert_eq!(r.fields(), ["blockType"]);
    assert_eq!(s.get(&base).await.body.as_array().unwrap().len(), 2);
    let filtered = s.get(&format!("{base}?email=MAIL")).await;
    assert_eq!(ids(&filtered).len(), 1);
    assert_eq!(filtered.body[0]["email"], "bob@mail.example");
    s.delete(&format!("{base}?email=%40spam.example")).await.expect(204);
    s.delete(&format!("{base}?email=spam.example")).await.expect(404);
    let id = filtered.body[0]["id"].as_str().unwrap();
    s.delete(&format!("{V3}/blockedSender/{id}")).await.expect(204);
    assert_eq!(s.get(&base).await.body, json!([]));
}

#[tokio::test]
async fn fields_system_rules_in_use_and_mapping() {
    let s = start().await;
    let base = format!("{V3}/fields");
    let system = s.get(&format!("{base}?isSystemField=true")).await.expect(200);
    let system_ids = ids(&system);
    assert_eq!(system_ids.len(), 11);
    assert!(system_ids.contains(&"status".to_owned()));
    assert_eq!(s.get(&format!("{base}?isSystemField=false")).await.body, json!([]));
    let r = s.get(&format!("{base}?isSystemField=maybe")).await.expect(400);
    assert_eq!(r.headers["content-type"], "application/problem+json");

    let tier = s
        .post(&base, json!({"type": "dropdownList", "name": "Tier", "isSystemField": true,
                             "options": [{"name": "Gold", "value": "gold"}, {"name": "Silver", "value": "silver"}]}))
        .await
        .expect(201);
    assert_eq!(tier.body["isSystemField"], false, "read-only on input");
    assert_eq!(tier.body["options"][1]["order"], 1);
    let tier_id = tier.body["id"].as_str().unwrap();
    s.post(&base, json!({"type": "text", "name": "TIER"})).await.expect(409);
    let r = s.post(&base, json!({"type": "radio", "name": "Plan", "options": []})).await.expect(422);
    assert_eq!(r.fields(), ["options"]);

    // System fields: no delete, no type change.
    s.delete(&format!("{base}/subject")).await.expect(409);
    let r =
        s.put(&format!("{base}/subject"), json!({"type": "textarea", "name": "Subject"})).await.expect(409);
    assert!(r.body["detail"].as_str().unwrap().contains("type cannot change"));
    s.put(&format!("{base}/subject"), json!({"type": "text", "name": "Subject line", "length": 200}))
        .await
        .expect(200);

    // A field in use cannot be deleted; the 409 names every user.
    s.post(&format!("{V3}/triggers"), json!({"description": "Gold", "event": 1, "conditions": [{"fieldId": tier_id, "matchType": "is", "value": "gold"}]}))
        .await
        .expect(201);
    s.post(
        &format!("{V3}/routingRules/customRules"),
        json!({"name": "Gold rule", "routeToObject": "agent", "routeToId": "agent-ana",
        "conditions": {"list": [{"fieldId": tier_id, "matchType": "is", "value": "silver"}]}}),
    )
    .await
    .expect(201);
    // An unnamed SLA policy is named as the console names it (contract §7).
    s.post(
        &format!("{V3}/SLAPolicies"),
        json!({"enable": true, "firstRespondWithin": 1, "operationalHour": "calenderHours",
        "conditions": [{"fieldId": tier_id, "matchType": "is", "value": "gold"}]}),
    )
    .await
    .expect(201);
    let r = s.delete(&format!("{base}/{tier_id}")).await.expect(409);
    let detail = r.body["detail"].as_str().unwrap();
    assert!(detail.contains("custom rule 'Gold rule'") && detail.contains("trigger 'Gold'"), "{detail}");
    assert!(detail.contains("SLA policy 'Policy 1'"), "{detail}");
    assert!(detail.ends_with("Remove it from them first."), "{detail}");

    // Mapping replaces all mappings at once.
    s.put(
        &format!("{base}/mapping"),
        json!({"fieldMappings": [{"fieldId": tier_id, "chatFieldMapping": "chat_tier"}]}),
    )
    .await
    .expect(204);
    assert_eq!(s.get(&format!("{base}/{tier_id}")).await.body["chatFieldMapping"], "chat_tier");
    s.put(
        &format!("{base}/mapping"),
        json!([{"fieldId": "subject", "offlineMessageFieldMapping": "om_subject"}]),
    )
    .await
    .expect(204);
    assert_eq!(s.get(&format!("{base}/{tier_id}")).await.body["chatFieldMapping"], json!(null));
    assert_eq!(s.get(&format!("{base}/subject")).await.body["offlineMessageFieldMapping"], "om_subject");
    let r = s
        .put(&format!("{base}/mapping"), json!([{"fieldId": "subject", "chatFieldMapping": "c"}, {"fieldId": "content", "chatFieldMapping": "c"}]))
        .await
        .expect(422);
    assert_eq!(r.fields(), ["[1].chatFieldMapping"]);
}

#[tokio::test]
async fn auto_allocation() {
    let s = start().await;
    let base = format!("{V3}/autoAllocation");
    let current = s.get(&base).await.expect(200);
    assert_eq!(current.body["enable"], false);
    let setting = json!({"enable": true, "isEnabledDepartment": true,
        "allocationRuleSettings": [{"departmentId": "dept-sales", "allocationTo": "onlineAgents", "allocationRule": "roundRobin"}],
        "defaultAllocationRule": {"allocationTo": "onlineAndAwayAgents", "allocationRule": "loadBalancing"},
        "setMaxNumberForEachAgent": true,
        "allocationAgentPreferences": [{"agentId": "agent-eli", "maxConcurrentCount": 4, "ifAcceptAllocation": true}]});
    let r = s.put_if(&base, setting.clone(), current.etag.as_deref().unwrap()).await.expect(200);
    assert_eq!(r.body["departmentAllocationRule"][0]["departmentId"], "dept-sales");
    assert_eq!(r.body["agentPreferences"][0]["maxConcurrentCount"], 4);
    s.put_if(&base, setting, current.etag.as_deref().unwrap()).await.expect(412);
    s.put(&format!("{base}/enable"), json!({"enable": false})).await.expect(204);
    assert_eq!(s.get(&base).await.body["enable"], false);
    let r = s
        .put(
            &base,
            json!({"defaultAllocationRule": {"allocationTo": "everyone"}, "maxNumberForAllAgents": 0}),
        )
        .await
        .expect(422);
    assert_eq!(
        r.fields(),
        [
            "defaultAllocationRule.allocationTo",
            "defaultAllocationRule.allocationRule",
            "maxNumberForAllAgents"
        ]
    );
}

#[tokio::test]
async fn everything_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("persist.db");
    let s = start_on(&path, None).await;
    let t =
        s.post(&format!("{V3}/triggers"), json!({"description": "Keep me", "event": 1})).await.expect(201);
    s.put(&format!("{V3}/blockedSenders"), json!({"email": "x.example", "blockType": "rejectDomain"}))
        .await
        .expect(200);
    s.put(&format!("{V3}/workingTime"), json!({"timeZone": "Asia/Tokyo"})).await.expect(200);
    s.post(&format!("{V3}/emailAccounts"), json!({"type": "exchange", "businessEmail": "a@example.com", "displayName": "A",
        "serverInfo": {"userName": "a", "password": "pw", "serverUrl": "https://mail.example.com/EWS/Exchange.asmx"}}))
        .await
        .expect(201);
    let before = s.get(&format!("{V3}/triggers/{}", t.body["id"].as_str().unwrap())).await;
    s.stop().await;

    let s = start_on(&path, None).await;
    let after = s.get(&format!("{V3}/triggers/{}", t.body["id"].as_str().unwrap())).await.expect(200);
    assert_eq!(after.body, before.body);
    assert_eq!(after.etag, before.etag);
    assert_eq!(s.get(&format!("{V3}/blockedSenders")).await.body[0]["email"], "x.example");
    assert_eq!(s.get(&format!("{V3}/workingTime")).await.body["timeZone"], "Asia/Tokyo");
    let accounts = s.get(&format!("{V3}/emailAccounts")).await;
    assert_eq!(accounts.body[0]["serverInfo"]["hasPassword"], true);
    assert_eq!(ids(&s.get(&format!("{V3}/fields")).await).len(), 11, "system fields seeded once");
}

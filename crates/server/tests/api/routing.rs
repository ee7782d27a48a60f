use serde_json::{json, Value};

use crate::common::*;

const BASE: &str = "/api/v3/anytime/routingRules";

fn rule(name: &str) -> Value {
    json!({"name": name, "isEnable": true, "routeToObject": "department", "routeToId": "dept-billing", "routeToPriority": "3",
           "conditions": {"when": "all", "list": [{"fieldId": "subject", "matchType": "contains", "value": "refund"}]}})
}

#[tokio::test]
async fn the_routing_configuration_is_seeded_and_updated() {
    let s = start().await;
    let list = s.get(BASE).await.expect(200);
    assert_eq!(list.body.as_array().unwrap().len(), 1);
    assert_eq!(list.body[0]["id"], "default");
    let one = s.get(&format!("{BASE}/default")).await.expect(200);
    let etag = one.etag.unwrap();
    s.get(&format!("{BASE}/other")).await.expect(404);

    let config = json!({"enable": true, "type": "custromRules", "matchFailedToObject": "agent",
                        "matchFailedToId": "agent-ana", "matchFailedToPriority": "2", "rules": [{"name": "ignored"}]});
    let updated = s.put_if(&format!("{BASE}/default"), config.clone(), &etag).await.expect(200);
    assert_eq!(updated.body["isEnable"], true);
    assert_eq!(updated.body["type"], "rules");
    assert_eq!(updated.body["matchFailedrouteToId"], "agent-ana");
    assert_eq!(updated.body["rules"], json!([]));
    s.put_if(&format!("{BASE}/default"), config, &etag).await.expect(412);

    let r = s
        .put(
            &format!("{BASE}/default"),
            json!({"type": "simple", "simpleRouteToObject": "agent", "simpleRouteToId": "dept-billing"}),
        )
        .await
        .expect(422);
    assert_eq!(r.fields(), ["simpleRouteToId"]);

    let r = s.put(&format!("{BASE}/enable"), json!({"enable": false})).await.expect(200);
    assert_eq!(r.body[0]["isEnable"], false);
}

#[tokio::test]
async fn custom_rules() {
    let s = start().await;
    let a = s.post(&format!("{BASE}/customRules"), rule("Refunds")).await.expect(201);
    assert_eq!(a.body["routeId"], "default");
    assert_eq!(a.body["routeToPriority"], 3);
    assert_eq!(a.body["conditions"]["list"][0]["type"], "routingRule");
    let b = s.post(&format!("{BASE}/customRules"), rule("Invoices")).await.expect(201);
    s.post(&format!("{BASE}/customRules"), rule("refunds")).await.expect(409);
    let (a_id, b_id) = (a.body["id"].as_str().unwrap(), b.body["id"].as_str().unwrap());

    // GET routingRules lists the custom rules in order.
    let config = s.get(BASE).await;
    let names: Vec<&str> =
        config.body[0]["rules"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Refunds", "Invoices"]);

    s.put(&format!("{BASE}/customRules/{b_id}/sort"), json!({"type": "up"})).await.expect(204);
    let config = s.get("/api/v3/anytime/routingRule/default").await;
    assert_eq!(config.body["rules"][0]["id"], b_id);
    assert_eq!(config.body["rules"][0]["orderIndex"], 0);

    let r = s.put(&format!("{BASE}/customRules/{a_id}/enable"), json!({"enable": false})).await.expect(200);
    assert_eq!(r.body["isEnable"], false);

    let mut bad = rule("Bad");
    bad["conditions"] = json!({"when": "logicalExpression", "logicExpression": "1 OR 2", "list": [{"fieldId": "subject", "matchType": "is", "value": "x"}]});
    let r = s.post(&format!("{BASE}/customRules"), bad).await.expect(422);
    assert_eq!(r.fields(), ["conditions.logicExpression"]);
    assert_eq!(r.message("conditions.logicExpression"), "There is no condition 2 (at 6): use 1 to 1.");

    s.delete(&format!("/api/v3/anytime/routingRules/customRule/{a_id}")).await.expect(204);
    assert_eq!(s.get(BASE).await.body[0]["rules"].as_array().unwrap().len(), 1);
}

use serde_json::{json, Value};

use crate::common::*;

const V3: &str = "/api/v3/anytime";
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

/// Switching routing on is an update of the configuration like any other:
/// on, its mode needs somewhere to route to, or the export would hold what
/// its import refuses (contract §10).
#[tokio::test]
async fn routing_goes_on_only_with_somewhere_to_route_to() {
    let s = start().await;
    let seeded = s.get(&format!("{BASE}/default")).await.expect(200);
    assert_eq!((&seeded.body["type"], &seeded.body["simpleRouteToId"]), (&json!("simple"), &Value::Null));
    let r = s.put(&format!("{BASE}/enable"), json!({"enable": true})).await.expect(422);
    assert_eq!(r.fields(), ["simpleRouteToId"]);
    let after = s.get(&format!("{BASE}/default")).await.expect(200);
    assert_eq!((after.body["isEnable"].clone(), after.etag), (json!(false), seeded.etag));
    let export = s.get(&format!("{V3}/export")).await.expect(200);
    s.post(&format!("{V3}/import"), export.body).await.expect(200);

    let route =
        json!({"type": "simple", "simpleRouteToObject": "department", "simpleRouteToId": "dept-billing"});
    s.put(&format!("{BASE}/default"), route).await.expect(200);
    let r = s.put(&format!("{BASE}/enable"), json!({"enable": true})).await.expect(200);
    assert_eq!(r.body[0]["isEnable"], true);
    let export = s.get(&format!("{V3}/export")).await.expect(200);
    s.post(&format!("{V3}/import"), export.body).await.expect(200);
    let trail = s.get(&format!("{V3}/audit?kind=routing")).await.expect(200);
    assert_eq!(trail.body["items"][0]["action"], "enable", "{}", trail.body);
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

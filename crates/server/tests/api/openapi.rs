//! The OpenAPI document covers exactly the routes the server has.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::Value;

use crate::common::*;

fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                out.push(r.clone());
            }
            m.values().for_each(|x| refs(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_document_is_public_complete_and_consistent() {
    let s = start().await;
    let res = reqwest::get(format!("{}/api/openapi.json", s.base)).await.unwrap();
    assert_eq!(res.status(), 200);
    let doc: Value = res.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");

    // The table and the router name the same paths.
    let documented: BTreeSet<String> = anytime_server::openapi::documented_paths().into_iter().collect();
    let registered: BTreeSet<String> = anytime_server::routes::registered_paths().into_iter().collect();
    let not_documented: Vec<_> = registered.difference(&documented).collect();
    let not_routed: Vec<_> = documented
        .difference(&registered)
        .filter(|p| !["health", "openapi.json"].contains(&p.as_str()))
        .collect();
    assert!(not_documented.is_empty(), "routes missing from the document: {not_documented:?}");
    assert!(not_routed.is_empty(), "documented paths with no route: {not_routed:?}");

    // Every documented operation reaches a handler (not the API's 404 or a 405).
    let paths = doc["paths"].as_object().unwrap();
    let mut operations = 0;
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            operations += 1;
            let url = format!("{}{}", s.base, path.replace("{id}", "no-such-id"));
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let r = reply(s.client.request(m, &url).bearer_auth(TOKEN).send().await.unwrap()).await;
            assert_ne!(r.status, 405, "{method} {path}");
            assert_ne!(r.body["detail"], "No API endpoint at this path.", "{method} {path}");
        }
    }
    assert!(operations > 150, "{operations} operations");

    // Every reference resolves.
    let mut all = Vec::new();
    refs(&doc, &mut all);
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for r in all {
        let name = r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("foreign ref {r}"));
        assert!(schemas.contains_key(name), "unresolved {r}");
    }
    for name in ["EmailAccount", "Trigger", "SlaPolicy", "Outcome", "Problem", "FieldError", "ExportDocument"]
    {
        assert!(schemas.contains_key(name), "{name}");
    }
}

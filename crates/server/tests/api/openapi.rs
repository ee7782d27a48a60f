//! The OpenAPI document covers exactly the routes the server has.

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

    // Every documented operation reaches a handler (not the API's 404 or a 405).
    // The router and the document are built from one table
    // (`routes::Endpoint`); this shows it from outside: every documented
    // operation reaches a handler, and every method the document does not
    // name at a path is the router's 405.
    let paths = doc["paths"].as_object().unwrap();
    let mut operations = 0;
    for (path, item) in paths {
        let url = format!("{}{}", s.base, path.replace("{id}", "no-such-id"));
        for method in ["get", "post", "put", "delete", "patch"] {
            if item.get(method).is_none() {
                let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
                let r = reply(s.client.request(m, &url).bearer_auth(TOKEN).send().await.unwrap()).await;
                assert_eq!(r.status, 405, "{method} {path} is served but not documented");
            }
        }
        for method in item.as_object().unwrap().keys() {
            operations += 1;
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

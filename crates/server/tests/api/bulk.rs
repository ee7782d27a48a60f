//! Contract §8: blocked senders in bulk, each request one transaction.

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::*;

const BULK: &str = "/api/v3/anytime/blockedSenders/bulk";
const BULK_DELETE: &str = "/api/v3/anytime/blockedSenders/bulk-delete";
const LIST: &str = "/api/v3/anytime/blockedSenders";

fn item(email: &str, kind: &str) -> Value {
    json!({"email": email, "blockType": kind})
}

async fn emails(s: &Server) -> Vec<(String, String)> {
    let r = s.get(LIST).await.expect(200);
    r.body
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["email"].as_str().unwrap().to_owned(), b["blockType"].as_str().unwrap().to_owned()))
        .collect()
}

#[tokio::test]
async fn bulk_upsert_applies_the_valid_and_lists_the_rest() {
    let s = start().await;
    s.put(LIST, item("old@spam.test", "blockEmailasJunk")).await.expect(200);
    s.put(LIST, item("keep@spam.test", "rejectEmail")).await.expect(200);
    let items = json!({"items": [
        item("New@Spam.test", "rejectEmail"),
        item("@junk.example", "blockDomainasJunk"),
        item("old@spam.test", "rejectEmail"),
        item("keep@spam.test", "rejectEmail"),
        item("not an address", "rejectEmail"),
        item("domain.example", "rejectEmail"),
        item("new@spam.test", "blockEmailasJunk"),
        item("new@spam.test", "rejectEmail"),
    ]});
    let r = s.put(BULK, items).await.expect(200);
    assert_eq!(r.body["added"], 2, "{}", r.body);
    assert_eq!(r.body["updated"], 1);
    assert_eq!(r.body["unchanged"], 2, "{}", r.body);
    let errors: Vec<(u64, String)> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["index"].as_u64().unwrap(), e["field"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(errors, [(4, "email".into()), (5, "blockType".into()), (6, "blockType".into())], "{}", r.body);
    assert!(r.body["errors"][2]["message"].as_str().unwrap().contains("listed at items[0] already"));
    assert!(r.headers.contains_key("anytime-list-etag"), "the list's new ETag comes back");

    let mut got = emails(&s).await;
    got.sort();
    assert_eq!(
        got,
        [
            ("junk.example".into(), "blockDomainasJunk".into()),
            ("keep@spam.test".into(), "rejectEmail".into()),
            ("new@spam.test".into(), "rejectEmail".into()),
            ("old@spam.test".into(), "rejectEmail".into()),
        ]
    );
    // Each new entry says when it was blocked.
    let listed = s.get(LIST).await.expect(200);
    assert!(listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .all(|b| b["addedTime"].as_str().is_some_and(|t| t.ends_with('Z'))));
}

#[tokio::test]
async fn bulk_requests_that_do_nothing_are_refused_with_paths() {
    let s = start().await;
    let r = s
        .put(BULK, json!({"items": [item("x", "rejectEmail"), item("b.test", "rejectEmail")]}))
        .await
        .expect(422);
    assert_eq!(r.fields(), ["items[0].email", "items[1].blockType"]);
    // A wrong shape is the usual 400 for the whole request, with the path.
    let r = s.put(BULK, json!({"items": [item("a@b.test", "rejectEmail"), 7]})).await.expect(400);
    assert!(r.fields()[0].starts_with("items"), "{}", r.body);
    assert_eq!(s.put(BULK, json!({"items": []})).await.expect(422).fields(), ["items"]);
    // Wrong shapes are the server's usual 400, with the path.
    assert_eq!(s.put(BULK, json!({"item": []})).await.expect(400).fields(), ["item"]);
    s.put(BULK, json!([1, 2])).await.expect(400);
    let many: Vec<Value> = (0..10_001).map(|i| item(&format!("u{i}@x.test"), "rejectEmail")).collect();
    let r = s.put(BULK, json!({ "items": many })).await;
    assert!(matches!(r.status.as_u16(), 413 | 422), "{}", r.status);
    assert!(emails(&s).await.is_empty(), "nothing was written");

    // A stale list ETag: nothing is applied.
    let etag = s.get(LIST).await.expect(200).headers["anytime-list-etag"].to_str().unwrap().to_owned();
    s.put(LIST, item("a@b.test", "rejectEmail")).await.expect(200);
    s.call(Method::PUT, BULK, Some(json!({"items": [item("c@d.test", "rejectEmail")]})), Some(&etag))
        .await
        .expect(412);
    // What is wrong with the items is said before whether the list raced.
    s.call(Method::PUT, BULK, Some(json!({"items": [item("nope", "rejectEmail")]})), Some(&etag))
        .await
        .expect(422);
    assert_eq!(emails(&s).await.len(), 1);
}

#[tokio::test]
async fn bulk_delete_by_address_or_id() {
    let s = start().await;
    let items: Vec<Value> = (0..300).map(|i| item(&format!("user{i}@spam.test"), "rejectEmail")).collect();
    assert_eq!(s.put(BULK, json!({ "items": items })).await.expect(200).body["added"], 300);

    let r = s
        .post(
            BULK_DELETE,
            json!({"emails": ["USER1@spam.test", "user2@spam.test", "user2@spam.test", "nobody@x.test"]}),
        )
        .await
        .expect(200);
    assert_eq!(r.body, json!({"removed": 2, "notFound": ["nobody@x.test"]}));

    let ids: Vec<String> = s.get(LIST).await.expect(200).body.as_array().unwrap()[..100]
        .iter()
        .map(|b| b["id"].as_str().unwrap().to_owned())
        .collect();
    let mut asked = ids.clone();
    asked.push("no-such-id".into());
    let r = s.post(BULK_DELETE, json!({ "ids": asked })).await.expect(200);
    assert_eq!(r.body, json!({"removed": 100, "notFound": ["no-such-id"]}));
    assert_eq!(emails(&s).await.len(), 198);

    s.post(BULK_DELETE, json!({})).await.expect(422);
    s.post(BULK_DELETE, json!({"emails": [], "ids": []})).await.expect(422);
    s.post(BULK_DELETE, json!({"emails": "a@b.test"})).await.expect(400);
    let etag = "\"L0-0\"";
    s.call(Method::POST, BULK_DELETE, Some(json!({"emails": ["user3@spam.test"]})), Some(etag))
        .await
        .expect(412);
    assert_eq!(emails(&s).await.len(), 198, "a stale ETag removes nothing");
}

#[tokio::test]
async fn the_first_rows_by_address_with_the_count_of_all() {
    let s = start().await;
    let items: Vec<Value> = ["d@x.test", "b@x.test", "e@x.test", "a@x.test", "c@y.test"]
        .iter()
        .map(|e| item(e, "rejectEmail"))
        .collect();
    s.put(BULK, json!({ "items": items })).await.expect(200);

    let r = s.get(&format!("{LIST}?limit=3")).await.expect(200);
    let first: Vec<&str> = r.body.as_array().unwrap().iter().map(|b| b["email"].as_str().unwrap()).collect();
    assert_eq!(first, ["a@x.test", "b@x.test", "c@y.test"]);
    assert_eq!(r.headers["anytime-total"], "5");
    assert!(!r.headers.contains_key("etag"), "a part of the list has no list ETag");

    // With a search: the first of those found, and how many were found.
    let r = s.get(&format!("{LIST}?email=x.test&limit=2")).await.expect(200);
    let first: Vec<&str> = r.body.as_array().unwrap().iter().map(|b| b["email"].as_str().unwrap()).collect();
    assert_eq!((first, &r.headers["anytime-total"]), (vec!["a@x.test", "b@x.test"], &"4".parse().unwrap()));
    // More than there are: all, in order.
    let r = s.get(&format!("{LIST}?limit=10000")).await.expect(200);
    assert_eq!(r.body.as_array().unwrap().len(), 5);
    assert_eq!(r.body[4]["email"], "e@x.test");

    for bad in ["0", "10001", "-1", "two", ""] {
        let r = s.get(&format!("{LIST}?limit={bad}")).await.expect(400);
        assert!(r.body["detail"].as_str().unwrap().contains("query string"), "{bad}: {}", r.body);
    }
}

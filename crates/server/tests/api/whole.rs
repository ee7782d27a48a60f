//! Preview, export/import and attachments: the settings as a whole.

use anytime_core::engine::clock::Zones;
use anytime_core::engine::{Evaluator, Sample};
use serde_json::{json, Value};

use crate::common::*;

const V3: &str = "/api/v3/anytime";

async fn configure(s: &Server) {
    s.put(
        &format!("{V3}/routingRules/default"),
        json!({"isEnable": true, "type": "rules",
        "matchFailedToObject": "department", "matchFailedrouteToId": "dept-support"}),
    )
    .await
    .expect(200);
    s.post(&format!("{V3}/routingRules/customRules"), json!({"name": "Refunds", "isEnable": true,
        "routeToObject": "department", "routeToId": "dept-billing", "routeToPriority": 3,
        "conditions": {"when": "any", "list": [{"fieldId": "subject", "matchType": "contains", "value": "refund"}]}})).await.expect(201);
    s.post(&format!("{V3}/triggers"), json!({"description": "Urgent", "enable": true, "event": 1,
        "conditions": [{"fieldId": "subject", "matchType": "contains", "value": "urgent"}],
        "setValue": true, "autoUpdate": [{"fieldId": "priority", "value": "4"}],
        "sendEmail": true, "sendToContacts": true, "subject": "Re: {{subject}}", "htmlText": "<b>{{contactName}}</b>"})).await.expect(201);
    s.post(
        &format!("{V2}/SLAPolicies", V2 = "/api/v2/anytime"),
        json!({"name": "Standard", "enable": true, "firstRespondWithin": 4,
        "resolveRespondWithin": 24, "operationalHour": "businessHours", "conditions": []}),
    )
    .await
    .expect(201);
    s.put(
        &format!("{V3}/workingTime"),
        json!({"timeZone": "Europe/Paris",
        "mondayBusinessTime": {"isBusinessDay": true, "openHour": 9, "closeHour": 17},
        "tuesdayBusinessTime": {"isBusinessDay": true, "openHour": 9, "closeHour": 17}}),
    )
    .await
    .expect(200);
    s.post(&format!("{V3}/holidays"), json!({"title": "Christmas", "date": "2026-12-25"})).await.expect(201);
    s.put(&format!("{V3}/blockedSenders"), json!({"email": "spam.example", "blockType": "rejectDomain"}))
        .await
        .expect(200);
    s.put(&format!("{V3}/autoAllocation"), json!({"enable": true, "defaultAllocationRule": {"allocationTo": "onlineAgents", "allocationRule": "loadBalancing"}, "maxNumberForAllAgents": 5})).await.expect(200);
}

fn sample() -> Value {
    json!({"at": "2026-12-07T10:00:00Z", "fields": {"subject": "URGENT refund", "contactName": "<Tom>", "senderEmail": "tom@example.com"},
           "agents": [{"agentId": "agent-ana", "openConversations": 2}]})
}

#[tokio::test]
async fn preview_equals_the_core_byte_for_byte() {
    let s = start().await;
    configure(&s).await;
    let res = s
        .client
        .post(format!("{}{V3}/preview", s.base))
        .bearer_auth(TOKEN)
        .json(&sample())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let served = res.text().await.unwrap();

    let export = s.get(&format!("{V3}/export")).await.expect(200);
    let settings: anytime_core::engine::Settings = serde_json::from_value(export.body).unwrap();
    let sample: Sample = serde_json::from_value(sample()).unwrap();
    let core = serde_json::to_string(&Evaluator::compile(&settings, &Zones::new()).preview(&sample)).unwrap();
    assert_eq!(served, core);

    let outcome: Value = serde_json::from_str(&served).unwrap();
    assert_eq!(outcome["routing"]["ruleName"], "Refunds");
    assert_eq!(outcome["triggers"][0]["email"]["htmlText"], "<b>&lt;Tom&gt;</b>");
    // Monday 11:00 in Paris + 4 business hours = 15:00 CET.
    assert_eq!(outcome["sla"]["firstResponse"]["due"], "2026-12-07T14:00:00Z");
    // Ana has 2 open conversations; Cai is the first online agent with none.
    assert_eq!(outcome["allocation"]["agentId"], "agent-cai");
}

/// `preview/impact` is the core's `impact` over the stored settings and
/// the draft: the same counts, moves and changed conversations, to the byte.
#[tokio::test]
async fn impact_equals_the_core_and_refuses_bad_drafts_with_paths() {
    use anytime_core::engine::{corpus, impact, Draft};
    let s = start().await;
    configure(&s).await;
    let export = s.get(&format!("{V3}/export")).await.expect(200);
    let saved: anytime_core::engine::Settings = serde_json::from_value(export.body.clone()).unwrap();
    let mut rule = export.body["routing"]["rules"][0].clone();
    rule["conditions"]["list"][0]["value"] = json!("invoice");
    let draft = json!({"kind": "customRule", "object": rule});
    let core_draft: Draft = anytime_core::decode::from_value(&draft).unwrap();
    let zones = Zones::new();
    let (before, after) =
        (Evaluator::compile(&saved, &zones), Evaluator::compile(&core_draft.settings(&saved), &zones));

    // Given samples.
    let samples = json!([sample(), {"at": "2026-12-07T10:00:00Z", "fields": {"subject": "hello"}},
                         {"at": "2026-12-07T10:00:00Z", "fields": {"subject": "Refund", "senderEmail": "a@spam.example"}}]);
    let res = s
        .client
        .post(format!("{}{V3}/preview/impact", s.base))
        .bearer_auth(TOKEN)
        .json(&json!({"draft": draft, "samples": samples}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let served = res.text().await.unwrap();
    let parsed: Vec<Sample> = serde_json::from_value(samples).unwrap();
    assert_eq!(served, serde_json::to_string(&impact(&before, &after, &parsed, 100)).unwrap());
    let body: Value = serde_json::from_str(&served).unwrap();
    assert_eq!((body["total"].as_u64(), body["changed"].as_u64()), (Some(3), Some(1)));
    assert_eq!(body["moves"][0]["from"], "department:dept-billing");
    assert_eq!(body["samples"][0]["index"], 0);

    // Generated ones: the console's corpus, by count, seed and week.
    let start = "2026-12-07T00:00:00Z";
    let r = s
        .post(
            &format!("{V3}/preview/impact"),
            json!({"draft": draft, "generate": {"count": 2000, "seed": 42, "start": start}, "limit": 3}),
        )
        .await
        .expect(200);
    let t = anytime_core::date::DateTime::parse(start).unwrap().unix_seconds();
    let corpus = corpus::generate_for(&saved, &core_draft.settings(&saved), 2000, t, 42);
    assert_eq!(r.body, serde_json::to_value(impact(&before, &after, &corpus, 3)).unwrap());
    assert!(r.body["changed"].as_u64().unwrap() > 100, "{}", r.body["changed"]);
    assert_eq!(r.body["samples"].as_array().unwrap().len(), 3);

    // Bad drafts, corpora and limits: 422 with paths, nothing evaluated.
    for (body, paths) in [
        (
            json!({"draft": {"kind": "customRule", "object": {"name": "", "routeToObject": "department"}}, "samples": []}),
            vec!["draft.object.name", "draft.object.routeToId"],
        ),
        (
            json!({"draft": {"triggers": [{"description": "x", "event": 9}]}, "samples": []}),
            vec!["draft.triggers[0].event"],
        ),
        (json!({"draft": draft, "samples": [{"at": "soon"}]}), vec!["samples[0].at"]),
        (json!({"draft": draft}), vec!["samples"]),
        (json!({"draft": draft, "samples": [], "generate": {"count": 1}}), vec!["generate"]),
        (json!({"draft": draft, "generate": {"count": 100001}}), vec!["generate.count"]),
        (json!({"draft": draft, "generate": {"count": 5, "start": "monday"}}), vec!["generate.start"]),
        (json!({"draft": draft, "samples": [], "limit": 1001}), vec!["limit"]),
    ] {
        let r = s.post(&format!("{V3}/preview/impact"), body.clone()).await.expect(422);
        assert_eq!(r.fields(), paths, "{body}");
    }
    // Work is bounded: huge settings times many conversations is refused before it runs.
    let rules: Vec<Value> = (0..500)
        .map(|i| json!({"id": format!("r{i}"), "name": format!("R{i}"), "isEnable": true, "orderIndex": i,
            "routeToObject": "department", "routeToId": "dept-billing",
            "conditions": {"when": "all", "list": (0..10).map(|j| json!({"fieldId": "subject", "matchType": "contains", "value": format!("x{j}")})).collect::<Vec<_>>()}}))
        .collect();
    let heavy = json!({"routing": {"isEnable": true, "type": "rules", "matchFailedToObject": "department",
        "matchFailedrouteToId": "dept-support", "rules": rules}});
    let r = s
        .post(
            &format!("{V3}/preview/impact"),
            json!({"draft": heavy, "generate": {"count": 100000, "seed": 1}}),
        )
        .await
        .expect(422);
    assert_eq!(r.fields(), ["generate.count"]);
    assert!(r.message("generate.count").contains("Use fewer conversations"), "{}", r.body);
    s.post(&format!("{V3}/preview/impact"), json!({"draft": heavy, "generate": {"count": 1000, "seed": 1}}))
        .await
        .expect(200);
    // Cheap-looking but costly: triggers with no conditions (they always
    // fire), fields to generate values for — refused before any is made.
    let triggers: Vec<Value> = (0..8000)
        .map(|i| json!({"id": format!("t{i}"), "description": "x", "enable": true, "event": 1}))
        .collect();
    let r = s
        .post(
            &format!("{V3}/preview/impact"),
            json!({"saved": {"triggers": triggers}, "draft": {"kind": "trigger", "object": {"id": "t0", "description": "x", "event": 1}},
                   "generate": {"count": 100000}}),
        )
        .await
        .expect(422);
    assert_eq!(r.fields(), ["generate.count"]);
    let fields: Vec<Value> = (0..12000)
        .map(|i| json!({"id": format!("f{i}"), "type": "integer", "name": format!("F{i}")}))
        .collect();
    let r = s
        .post(
            &format!("{V3}/preview/impact"),
            json!({"saved": {"fields": fields}, "draft": {"kind": "holiday", "object": {"title": "X", "date": "2026-12-25"}},
                   "generate": {"count": 100000}}),
        )
        .await
        .expect(422);
    assert_eq!(r.fields(), ["generate.count"]);
    // An unknown kind is a wrong shape: 400, with its path.
    let r = s
        .post(
            &format!("{V3}/preview/impact"),
            json!({"draft": {"kind": "nope", "object": {}}, "samples": []}),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.fields()), (400, vec!["draft.kind".to_owned()]));
    // Wrong shapes are 400s, never 5xx.
    for body in
        [json!([]), json!({"draft": [], "samples": []}), json!({"draft": draft, "samples": {"0": {}}})]
    {
        let r = s.post(&format!("{V3}/preview/impact"), body.clone()).await;
        assert!(matches!(r.status.as_u16(), 400 | 422), "{body}: {}", r.status);
    }
}

/// The browser does not bundle the tz database: it fetches the working-time
/// zone's rules. Built from those alone, the core answers as the server does.
#[tokio::test]
async fn served_zone_rules_give_the_browser_the_servers_answer() {
    use base64::Engine;
    let s = start().await;
    configure(&s).await;
    let rules = s.get(&format!("{V3}/timeZones/europe%2Fparis")).await.expect(200);
    assert_eq!(rules.body["name"], "Europe/Paris");
    let tzif =
        base64::engine::general_purpose::STANDARD.decode(rules.body["tzif"].as_str().unwrap()).unwrap();
    assert!(tzif.starts_with(b"TZif"), "a TZif file");
    let mut zones = Zones::new();
    zones.insert_tzif("Europe/Paris", &tzif).unwrap();

    let served = s.post(&format!("{V3}/preview"), sample()).await.expect(200);
    let export = s.get(&format!("{V3}/export")).await.expect(200);
    let settings: anytime_core::engine::Settings = serde_json::from_value(export.body).unwrap();
    let sample: Sample = serde_json::from_value(sample()).unwrap();
    let browser = Evaluator::compile(&settings, &zones);
    assert!(browser.problems.is_empty(), "{:?}", browser.problems);
    assert_eq!(serde_json::to_value(browser.preview(&sample)).unwrap(), served.body);

    let unknown = s.get(&format!("{V3}/timeZones/Mars%2FOlympus")).await.expect(404);
    assert_eq!(unknown.body["detail"], "There is no time zone named 'Mars/Olympus'.");
    s.get(&format!("{V3}/timeZone/UTC")).await.expect(200);
}

#[tokio::test]
async fn preview_with_draft_settings_and_defaults() {
    let s = start().await;
    configure(&s).await;
    // Draft settings in the body win over the saved ones.
    let mut body = sample();
    body["settings"] = json!({"routing": {"isEnable": false}});
    let r = s.post(&format!("{V3}/preview"), body).await.expect(200);
    assert_eq!(r.body["routing"]["status"], "disabled");
    assert_eq!(r.body["triggers"], json!([]));
    assert!(r.body.get("problems").is_none(), "{}", r.body);
    // A draft trigger on an event that does not exist: said, not skipped.
    let mut body = sample();
    body["settings"] = json!({"triggers": [{"id": "t9", "description": "Typo", "enable": true, "event": 7}]});
    let r = s.post(&format!("{V3}/preview"), body).await.expect(200);
    assert_eq!(
        r.body["problems"],
        json!(["Trigger 'Typo' never fires: its event '7' is unknown (use '1', '2', '3', '4', '5' or '6')."])
    );
    // `at` defaults to now; a blocked sender ends the evaluation.
    let r = s
        .post(&format!("{V3}/preview"), json!({"fields": {"senderEmail": "x@spam.example"}}))
        .await
        .expect(200);
    assert_eq!(r.body["blocked"]["verdict"], "rejected");
    assert!(r.body.get("routing").is_none());
    let r = s.post(&format!("{V3}/preview"), json!({"at": "yesterday", "event": 9})).await.expect(422);
    assert_eq!(r.fields(), ["event", "at"]);
    let r = s
        .post(
            &format!("{V3}/preview/bulk"),
            json!({"samples": [sample(), sample(), {"fields": {"subject": "hello"}}]}),
        )
        .await
        .expect(200);
    assert_eq!(r.body["total"], 3);
    assert_eq!(r.body["routedTo"]["department:dept-billing"], 2);
    assert_eq!(r.body["routedTo"]["department:dept-support"], 1);
}

#[tokio::test]
async fn export_then_import_is_a_no_op_and_import_is_atomic() {
    let s = start().await;
    // A fresh server's own export imports (routing is off and not set up yet).
    let fresh = s.get(&format!("{V3}/export")).await.expect(200);
    s.post(&format!("{V3}/import"), fresh.body).await.expect(200);
    configure(&s).await;
    s.post(&format!("{V3}/emailAccounts"), json!({"type": "IMAP", "businessEmail": "a@example.com", "displayName": "A",
        "serverInfo": {"userName": "a", "password": "pw", "incomingServer": "imap.example.com", "incomingServerPort": 993,
                       "outgoingServer": "smtp.example.com", "outgoingServerPort": 465, "encryptedConnectionType": "SSL", "authentication": true}}))
        .await
        .expect(201);
    let export = s.get(&format!("{V3}/export")).await.expect(200);
    assert!(!export.body.to_string().contains("\"pw\""), "no passwords in exports");
    let trigger_id = export.body["triggers"][0]["id"].as_str().unwrap().to_owned();
    let etag = s.get(&format!("{V3}/triggers/{trigger_id}")).await.etag;

    let r = s.post(&format!("{V3}/import"), export.body.clone()).await.expect(200);
    assert_eq!(r.body, export.body);
    assert_eq!(s.get(&format!("{V3}/triggers/{trigger_id}")).await.etag, etag, "nothing rewritten");
    assert_eq!(s.get(&format!("{V3}/emailAccounts")).await.body[0]["serverInfo"]["hasPassword"], true);

    // Deleting an entry that is not the last leaves the others' positions
    // with a gap; an unchanged import still rewrites none of them.
    for (kind, first, second) in [
        (
            "blockedSenders",
            json!({"email": "x1@example.com", "blockType": "rejectEmail"}),
            json!({"email": "x2@example.com", "blockType": "rejectEmail"}),
        ),
        (
            "holidays",
            json!({"title": "H1", "date": "2027-03-01"}),
            json!({"title": "H2", "date": "2027-03-02"}),
        ),
    ] {
        // Blocked senders are added by address (PUT), holidays created (POST).
        let add = |body: Value| {
            let url = format!("{V3}/{kind}");
            let s = &s;
            async move {
                if kind == "holidays" {
                    s.post(&url, body).await.expect(201)
                } else {
                    s.put(&url, body).await.expect(200)
                }
            }
        };
        let one = add(first).await;
        let two = add(second).await;
        let one_id = one.body["id"].as_str().unwrap();
        s.delete(&format!("{V3}/{kind}/{one_id}")).await.expect(204);
        let two_url = format!("{V3}/{kind}/{}", two.body["id"].as_str().unwrap());
        let before = s.get(&two_url).await.etag;
        let export = s.get(&format!("{V3}/export")).await.expect(200);
        let r = s.post(&format!("{V3}/import"), export.body.clone()).await.expect(200);
        assert_eq!(r.body, export.body);
        assert_eq!(s.get(&two_url).await.etag, before, "{kind}: nothing rewritten");
        let summary = s.get(&format!("{V3}/audit?kind=settings&limit=1")).await.expect(200);
        assert_eq!(summary.body["items"][0]["after"], json!({}), "{kind}: {}", summary.body);
        s.delete(&two_url).await.expect(204);
    }

    // A document that leaves a list out or misspells it is refused, not read
    // as "none" (which would delete every setting, and every stored password
    // with its account); so are two objects with one id.
    let mut typo = export.body.clone();
    typo["Triggers"] = typo.as_object_mut().unwrap().remove("triggers").unwrap();
    let mut twice = export.body.clone();
    let copy = twice["triggers"][0].clone();
    twice["triggers"].as_array_mut().unwrap().push(copy);
    for (doc, status, field) in [
        (json!({}), 400, "formatVersion"),
        (json!({"formatVersion": 1, "triggers": []}), 400, "emailAccounts"),
        (typo, 400, "Triggers"),
        (twice, 422, "triggers[0].id"),
    ] {
        let r = s.post(&format!("{V3}/import"), doc).await.expect(status);
        assert_eq!(r.fields()[0], field, "{}", r.body);
    }
    assert_eq!(s.get(&format!("{V3}/export")).await.body, export.body, "nothing changed");
    assert_eq!(s.get(&format!("{V3}/emailAccounts")).await.body[0]["serverInfo"]["hasPassword"], true);

    // An invalid document changes nothing and names every problem.
    let mut bad = export.body.clone();
    bad["triggers"][0]["conditions"][0]["matchType"] = json!("isMoreThan");
    bad["holidays"] = json!([{"title": "A", "date": "2026-12-25"}, {"title": "B", "date": "2026-12-25"}]);
    bad["blockedSenders"] = json!([]);
    let r = s.post(&format!("{V3}/import"), bad).await.expect(422);
    // A shared date is marked at each use (the core's document rule).
    assert_eq!(r.fields(), ["triggers[0].conditions[0].matchType", "holidays[0].date", "holidays[1].date"]);
    assert_eq!(s.get(&format!("{V3}/blockedSenders")).await.body.as_array().unwrap().len(), 1);

    // A changed document is applied whole.
    let mut changed = export.body.clone();
    changed["triggers"][0]["description"] = json!("Renamed");
    changed["blockedSenders"] = json!([]);
    changed["holidays"] = json!([{"title": "New Year", "date": "2027-01-01"}]);
    s.post(&format!("{V3}/import"), changed).await.expect(200);
    assert_eq!(s.get(&format!("{V3}/triggers/{trigger_id}")).await.body["description"], "Renamed");
    assert_eq!(s.get(&format!("{V3}/blockedSenders")).await.body, json!([]));
    assert_eq!(s.get(&format!("{V3}/holidays")).await.body[0]["title"], "New Year");
    assert_eq!(
        s.get(&format!("{V3}/emailAccounts")).await.body[0]["serverInfo"]["hasPassword"],
        true,
        "password kept by id"
    );
}

#[tokio::test]
async fn attachments_upload_download_and_limit() {
    let s = start().await;
    let url = format!("{}/api/v3/attachments", s.base);
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"%PDF-1.4 hello".to_vec())
            .file_name("policy.pdf")
            .mime_str("application/pdf")
            .unwrap(),
    );
    let r =
        reply(s.client.post(&url).bearer_auth(TOKEN).multipart(form).send().await.unwrap()).await.expect(201);
    assert_eq!(r.body["name"], "policy.pdf");
    assert_eq!(r.body["size"], 14);
    let id = r.body["id"].as_str().unwrap();
    let res = s.client.get(format!("{url}/{id}")).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"%PDF-1.4 hello");

    // A trigger can attach it.
    s.post(
        "/api/v3/anytime/triggers",
        json!({"description": "With file", "event": 1, "sendEmail": true, "sendToContacts": true,
        "subject": "s", "plainText": "p", "attachment": r.body.clone()}),
    )
    .await
    .expect(201);

    let big = vec![b'x'; 10 * 1024 * 1024 + 1];
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(big).file_name("big.bin"));
    let r =
        reply(s.client.post(&url).bearer_auth(TOKEN).multipart(form).send().await.unwrap()).await.expect(413);
    assert_eq!(r.headers["content-type"], "application/problem+json");
    s.get("/api/v3/attachments/nope").await.expect(404);
    let res = s
        .client
        .post(&url)
        .bearer_auth(TOKEN)
        .header("content-type", "multipart/form-data")
        .body("x")
        .send()
        .await
        .unwrap();
    let r = reply(res).await.expect(415);
    assert_eq!(r.headers["content-type"], "application/problem+json");
}

#[tokio::test]
async fn absurd_draft_settings_never_break_preview() {
    // Found by schemathesis: a huge hour in a draft overflowed the clock.
    let s = start().await;
    let day = json!({"isBusinessDay": true, "openHour": 9223372036854775806_i64, "openMin": 0, "closeHour": 24, "closeMin": 0});
    let settings = json!({
        "workingTime": {"wednesdayBusinessTime": day, "mondayBusinessTime": {"isBusinessDay": true, "openHour": -5, "closeHour": 9223372036854775807_i64}},
        "slaPolicies": [{"id": "p", "enable": true, "firstRespondWithin": 9223372036854775807_i64, "resolveRespondWithin": 100000,
                         "nextRespondWithin": 3, "operationalHour": "businessHours"}]
    });
    let r = s
        .post(&format!("{V3}/preview"), json!({"at": "2026-12-01T10:00:00Z", "settings": settings}))
        .await
        .expect(200);
    assert!(
        r.body["sla"]["firstResponse"]["note"].as_str().unwrap().contains("0–8760 hours and 0–59 minutes"),
        "{}",
        r.body
    );
    let r =
        s.post(&format!("{V3}/preview/bulk"), json!({"samples": [], "settings": settings})).await.expect(200);
    assert_eq!(r.body["total"], 0);
}

/// A read sees the last committed settings without waiting for a write
/// that is under way (one writer, several readers in WAL mode).
#[test]
fn a_read_does_not_wait_for_a_write_under_way() {
    use anytime_server::storage::sqlite::Sqlite;
    use anytime_server::{db, directory, store, vault, AppState};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.db");
    let (conn, key) = db::open_sealed(&path, &vault::default_key_file(&path)).unwrap();
    let engine = Sqlite::new(conn).with_readers(&path, 2).unwrap();
    let state = AppState::new(engine, "t", directory::demo(), key).unwrap();
    let (started, wait) = (std::sync::mpsc::channel::<()>(), std::sync::mpsc::channel::<()>());
    let writer = {
        let state = state.clone();
        let (started, wait) = (started.0, wait.1);
        std::thread::spawn(move || {
            state
                .write(|tx| {
                    let mut hours = store::singleton(tx, anytime_core::WorkingTime::default)?.value;
                    store::put_singleton(tx, &mut hours)?;
                    started.send(()).unwrap();
                    // Hold the write open until the read is done.
                    wait.recv().unwrap();
                    Ok(())
                })
                .unwrap();
        })
    };
    started.1.recv().unwrap();
    let fields = state.read(anytime_server::state::fields).unwrap();
    assert!(!fields.is_empty(), "read while the write is open");
    wait.0.send(()).unwrap();
    writer.join().unwrap();
}

/// A 10 MiB attachment being stored does not hold up the settings pages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_upload_does_not_delay_concurrent_reads() {
    let s = start().await;
    let data = vec![7u8; 10 * 1024 * 1024];
    let form = reqwest::multipart::Form::new()
        .part("file", reqwest::multipart::Part::bytes(data).file_name("big.bin"));
    let url = format!("{}/api/v3/attachments", s.base);
    let upload = {
        let client = s.client.clone();
        tokio::spawn(async move {
            let r = client.post(url).bearer_auth(TOKEN).multipart(form).send().await.unwrap();
            (r.status().as_u16(), std::time::Instant::now())
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let r = s.get(&format!("{V3}/triggers")).await.expect(200);
    let read_done = std::time::Instant::now();
    assert!(r.body.is_array());
    let (status, upload_done) = upload.await.unwrap();
    assert_eq!(status, 201);
    assert!(read_done <= upload_done, "the GET finished before the upload");
}

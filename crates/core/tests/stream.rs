//! Samples read straight from JSON text (`engine::stream`) against the
//! strict way (a `Vec<Sample>`, validated, `at` filled in): the same
//! samples accepted, the same answer for each, sample by sample — on the
//! fixture suites' samples as written, on generated corpora written in
//! every way the strict reader accepts, and on what it refuses.

use std::path::Path;

use anytime_core::date::DateTime;
use anytime_core::engine::clock::Zones;
use anytime_core::engine::impact::impact_json;
use anytime_core::engine::stream::{for_each_sample, NotRead};
use anytime_core::engine::{corpus, impact, Bulk, Digest, Evaluator, Sample, Settings};
use proptest::prelude::*;
use serde_json::{json, Value};

const NOW: &str = "2026-12-07T10:00:00Z";

fn now() -> Option<i64> {
    DateTime::parse(NOW).map(|t| t.unix_seconds())
}

/// The strict way, as the engine package and the server read samples.
fn strict(text: &str) -> Option<Vec<Sample>> {
    let samples: Vec<Sample> = anytime_core::decode::from_str(text).ok()?;
    samples
        .into_iter()
        .map(|mut s| {
            s.validate().ok()?;
            s.at.get_or_insert_with(|| NOW.to_owned());
            Some(s)
        })
        .collect()
}

/// Every sample's digest both ways, or where they part.
fn agree(evaluator: &Evaluator, text: &str) -> Result<usize, String> {
    let Some(samples) = strict(text) else {
        return match for_each_sample(text, now(), |_, _| {}) {
            Err(NotRead) => Ok(0),
            Ok(n) => Err(format!("read {n} samples the strict way refuses: {text}")),
        };
    };
    let mut bulk = Bulk::new(evaluator);
    let mut differences = Vec::new();
    let read = for_each_sample(text, now(), |i, raw| {
        let fast = Digest::from(bulk.run_raw(raw));
        let full = evaluator.digest(&samples[i]);
        if fast != full {
            differences.push(format!("sample {i}: {fast:?} against {full:?}"));
        }
    })
    .map_err(|NotRead| format!("not read, though the strict way reads it: {text}"))?;
    if read != samples.len() {
        return Err(format!("{read} samples read of {}", samples.len()));
    }
    if differences.is_empty() {
        Ok(read)
    } else {
        Err(differences.join("\n"))
    }
}

#[test]
fn the_fixture_suites_samples_as_written() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut total = 0;
    for file in std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()) {
        let suite: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let settings: Settings = serde_json::from_value(suite["settings"].clone()).unwrap();
        let evaluator = Evaluator::compile(&settings, &Zones::new());
        let samples: Vec<&Value> = suite["cases"].as_array().unwrap().iter().map(|c| &c["sample"]).collect();
        let text = serde_json::to_string(&samples).unwrap();
        let read = agree(&evaluator, &text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert_eq!(read, samples.len(), "{}", file.display());
        total += read;
    }
    assert!(total >= 30, "{total}");
}

/// Settings with a field of every kind a sample's value is read for.
fn settings() -> Settings {
    let mut fields = serde_json::to_value(anytime_core::system_fields()).unwrap();
    fields.as_array_mut().unwrap().extend([
        json!({"id": "score", "type": "integer", "name": "Score"}),
        json!({"id": "ratio", "type": "float", "name": "Ratio"}),
        json!({"id": "vip", "type": "checkbox", "name": "VIP"}),
        json!({"id": "due", "type": "date", "name": "Due"}),
        json!({"id": "tags", "type": "checkboxList", "name": "Tags",
               "options": [{"name": "A", "value": "a"}, {"name": "B", "value": "b"}]}),
    ]);
    serde_json::from_value(json!({
        "fields": fields,
        "agents": [{"id": "a1", "name": "Ana", "departmentIds": ["d1"], "status": "online"},
                   {"id": "a2", "name": "Ben", "departmentIds": ["d1"], "status": "online"}],
        "departments": [{"id": "d1", "name": "Support"}],
        "workingTime": {"timeZone": "UTC", "mondayBusinessTime": {"isBusinessDay": true, "openHour": 9, "closeHour": 17}},
        "routing": {"isEnable": true, "type": "rules", "matchFailedToObject": "department", "matchFailedrouteToId": "d1",
            "rules": [
                {"id": "r1", "name": "Big", "orderIndex": 0, "isEnable": true, "routeToObject": "agent", "routeToId": "a1",
                 "conditions": {"when": "any", "list": [
                     {"fieldId": "score", "matchType": "isMoreThan", "value": "50"},
                     {"fieldId": "ratio", "matchType": "isLessThan", "value": "0.5"},
                     {"fieldId": "vip", "matchType": "is", "value": "true"}]}},
                {"id": "r2", "name": "Tagged", "orderIndex": 1, "isEnable": true, "routeToObject": "agent", "routeToId": "a2",
                 "conditions": {"when": "all", "list": [
                     {"fieldId": "tags", "matchType": "contains", "value": "b"},
                     {"fieldId": "due", "matchType": "before", "value": "2026-12-10"}]}},
                {"id": "r3", "name": "Words", "orderIndex": 2, "isEnable": true, "routeToObject": "department", "routeToId": "d1",
                 "routeToPriority": 4,
                 "conditions": {"when": "all", "list": [{"fieldId": "subject", "matchType": "contains", "value": "é"}]}}]},
        "triggers": [{"id": "t1", "description": "Urgent", "enable": true, "event": 1,
                      "conditions": [{"fieldId": "priority", "matchType": "is", "value": "4"}],
                      "setValue": true, "autoUpdate": [{"fieldId": "status", "value": "onHold"}]},
                     {"id": "t2", "description": "Replied", "enable": true, "event": 2, "conditions": []},
                     {"id": "t3", "description": "Numbers as text", "enable": true, "event": 1, "when": "any",
                      "conditions": [{"fieldId": "contactName", "matchType": "contains", "value": "0000000000004"},
                                     {"fieldId": "contactName", "matchType": "is", "value": "1000000000000000000000"},
                                     {"fieldId": "contactName", "matchType": "is", "value": "-7"},
                                     {"fieldId": "contactName", "matchType": "is", "value": "true"}]}],
        "slaPolicies": [{"id": "p1", "name": "All", "enable": true, "firstRespondWithin": 2, "nextRespondWithin": 1,
                         "resolveRespondWithin": 8, "operationalHour": "businessHours", "conditions": []}],
        "blockedSenders": [{"email": "spam.example", "blockType": "rejectDomain"}],
        "autoAllocation": {"enable": true, "defaultAllocationRule": {"allocationTo": "onlineAgents", "allocationRule": "roundRobin"},
                           "maxNumberForAllAgents": 3}
    }))
    .unwrap()
}

/// A value written the ways a sample may carry it.
fn written(field: &str, choice: u8) -> Value {
    match (field, choice % 6) {
        ("score", 0) => json!(73),
        ("score", 1) => json!("12"),
        ("score", 2) => json!(18446744073709551615_u64),
        ("score", 3) => json!(-4),
        ("ratio", 0) => json!(0.25),
        ("ratio", 1) => json!(1e3),
        ("ratio", 2) => json!("0.75"),
        ("vip", 0) => json!(true),
        ("vip", 1) => json!("FALSE"),
        ("due", 0) => json!("2026-12-08"),
        ("due", 1) => json!("2026-12-12T08:00:00+02:00"),
        ("tags", 0) => json!(["a", "b"]),
        ("tags", 1) => json!("b, a"),
        ("tags", 2) => json!([]),
        ("tags", 3) => json!([1, true, null]),
        ("subject", 0) => json!("Caf\u{e9} \"quoted\" \\ tab\t"),
        ("subject", 1) => json!("ÉTÉ"),
        ("contactName", 0) => json!(0.1 + 0.2),
        ("contactName", 1) => json!(1e21),
        ("contactName", 2) => json!(-7),
        ("contactName", 3) => json!(true),
        (_, 4) => Value::Null,
        (_, 5) => json!(""),
        _ => json!("plain"),
    }
}

/// A generated corpus (plausible values), each sample then written with
/// the variations `choices` pick: numbers as numbers, nulls, lists, keys
/// the engine does not know, events as text, no `at`, agents' loads.
fn corpus_text(n: usize, seed: u64, choices: &[u8]) -> String {
    let settings = settings();
    let samples = corpus::generate(&settings, n, 1_796_000_000, seed);
    let mut out = Vec::new();
    for (i, s) in samples.iter().enumerate() {
        let mut v = serde_json::to_value(s).unwrap();
        let c = |k: usize| choices[(i * 7 + k) % choices.len()];
        let fields = v["fields"].as_object_mut().unwrap();
        for (k, field) in
            ["score", "ratio", "vip", "due", "tags", "subject", "contactName"].into_iter().enumerate()
        {
            if c(k) % 3 != 0 {
                fields.insert(field.into(), written(field, c(k) / 3));
            }
        }
        if c(12) % 4 == 0 {
            fields.insert("notAField".into(), json!("a field no setting has"));
        }
        let o = v.as_object_mut().unwrap();
        match c(7) % 5 {
            0 => {
                o.remove("at");
            }
            1 => {
                o.insert("at".into(), Value::Null);
            }
            _ => {}
        }
        match c(8) % 4 {
            0 => {
                o.insert("event".into(), json!("2"));
                o.insert("lastContactReplyTime".into(), json!("2026-12-07T08:00:00Z"));
            }
            1 => {
                o.insert("event".into(), json!(1));
            }
            _ => {}
        }
        if c(9) % 3 == 0 {
            o.insert(
                "agents".into(),
                json!([{"agentId": "a1", "openConversations": c(10) % 5, "lastAllocatedAt": "2026-12-06T09:00:00Z"},
                       {"agentId": "a2", "status": "away"}]),
            );
            o.insert("lastAllocatedAgentId".into(), json!("a1"));
        }
        if c(11) % 5 == 0 {
            o.insert("somethingElse".into(), json!([1, {"deep": [null]}]));
        }
        out.push(v);
    }
    serde_json::to_string(&out).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn generated_corpora_read_both_ways_agree(seed in any::<u64>(), n in 1usize..120,
                                              choices in proptest::collection::vec(any::<u8>(), 1..40)) {
        let text = corpus_text(n, seed, &choices);
        let evaluator = Evaluator::compile(&settings(), &Zones::new());
        let read = agree(&evaluator, &text).map_err(TestCaseError::fail)?;
        prop_assert_eq!(read, n);
        // Counted, and compared with itself through a draft, the same way.
        let samples = strict(&text).unwrap();
        prop_assert_eq!(evaluator.preview_many_json(&text, now()).unwrap(), evaluator.preview_many(&samples));
        let mut draft = settings();
        draft.routing.rules[0].is_enable = false;
        let draft = Evaluator::compile(&draft, &Zones::new());
        prop_assert_eq!(impact_json(&evaluator, &draft, &text, now(), 7).unwrap(), impact(&evaluator, &draft, &samples, 7));
    }
}

/// What the strict way refuses is not read on the fast path either (the
/// strict reader then says what is wrong); what it reads, the fast path
/// reads too.
#[test]
fn refused_and_odd_texts() {
    let evaluator = Evaluator::compile(&settings(), &Zones::new());
    let refused = [
        "",
        "{}",
        "[{}",
        "[{}] []",
        "[[]]",
        "[1]",
        r#"[{"fields": {"subject": "a\u0000b"}}]"#,
        r#"[{"fields": [["subject", "x"]]}]"#,
        r#"[{"fields": null}]"#,
        r#"[{"fields": {"subject": {"x": 1}}}]"#,
        r#"[{"fields": {"tags": [["a"]]}}]"#,
        r#"[{"at": "soon"}]"#,
        r#"[{"at": 5}]"#,
        r#"[{"lastContactReplyTime": "2026-13-01T00:00:00Z"}]"#,
        r#"[{"event": 9}]"#,
        r#"[{"event": "nothingHappened"}]"#,
        r#"[{"fields": {"createdTime": "yesterday"}}]"#,
        r#"[{"fields": {"createdTime": 5}}]"#,
        r#"[{"agents": [{"agentId": "a1", "lastAllocatedAt": "noon"}]}]"#,
        r#"[{"agents": {"agentId": "a1"}}]"#,
        r#"[{"agents": [["a1"]]}]"#,
        r#"[{"lastAssigneeId": {"id": 1}}]"#,
        // Not JSON where the fast path reads values itself.
        r#"[{"fields": {"score": 01}}]"#,
        r#"[{"fields": {"score": -01}}]"#,
        r#"[{"fields": {"score": 1.}}]"#,
        r#"[{"fields": {"score": 1e}}]"#,
        r#"[{"fields": {"score": -}}]"#,
        r#"[{"fields": {"score": +1}}]"#,
        r#"[{"fields": {"score": 1 2}}]"#,
        r#"[{"fields": {"score": 12x}}]"#,
        r#"[{"fields": {"vip": tru}}]"#,
        r#"[{"fields": {"vip": True}}]"#,
        r#"[{"fields": {"vip": truex}}]"#,
        r#"[{"fields": {"subject": nul}}]"#,
        "[{\"fields\": {\"subject\": \"a\tb\"}}]",
        r#"[{"fields": {"subject": "a}}]"#,
        r#"[{"fields": {"subject": "a",}}]"#,
        r#"[{"fields": {"subject" "a"}}]"#,
        r#"[{"fields": {"subject": "a\x"}}]"#,
        r#"[{"fields": {"subject": "\ud800"}}]"#,
        r#"[{"fields": {"subject": "a"}},]"#,
        r#"[{"fields": {"subject": "a"}}"#,
        r#"[{"fields": {"subject": "a"}} x"#,
        r#"[{"fields": {'subject': "a"}}]"#,
        r#"[{"at": "2026-12-07T10:00:00Z" "fields": {}}]"#,
        r#"[{"at": 2026-12-07}]"#,
        "\u{feff}[{}]",
        // What serde_json's skipping passes and its parsing refuses.
        r#"[{"other": 1e400}]"#,
        r#"[{"other": -1e400}]"#,
        r#"[{"other": "\ud800"}]"#,
        r#"[{"other": {"\udc00": 1}}]"#,
        r#"[{"agents": [{"agentId": "a1", "x": 1e400}]}]"#,
        r#"[{"agents": [{"agentId": "a1", "x": "\ud800"}]}]"#,
    ];
    for text in refused {
        assert!(strict(text).is_none(), "the strict way reads {text}");
        assert_eq!(for_each_sample(text, now(), |_, _| {}), Err(NotRead), "{text}");
    }
    let odd = [
        "[]",
        " [ ] ",
        "[{}]",
        r#"[{"fields": {}, "at": null, "event": null, "agents": []}]"#,
        r#"[{"fields": {"subject": "a", "subject": "b"}}]"#,
        r#"[{"fields": {"createdTime": ""}, "lastAssigneeId": 7, "lastAllocatedAgentId": null}]"#,
        r#"[{"fields": {"senderEmail": "x@spam.example"}}]"#,
        r#"[{"fields": {"subject": "\ud83d\ude00 \u00e9"}, "unknown": {"a": [1, 2, {"b": null}]}}]"#,
        r#"[{"fields": {"score": 1.0, "ratio": -0.0, "due": "2026-12-08T00:00:00Z"}}]"#,
        // What the fast path reads itself next to what it hands to serde_json.
        r#"[{"fields": {"score": 0, "ratio": 12345678901234567890123, "subject": "a\"b", "contactName": -0}}]"#,
        r#"[{"fields": {"score": 999999999999999999, "ratio": 1000000000000000000, "contactName": -12}}]"#,
        r#"[{"fields": {"score": 18446744073709551616, "ratio": 1E2, "vip": false, "subject": null}}]"#,
        r#"[{"fi\u0065lds": {"sub\u006aect": "\/x"}, "at": "2026-12-07T10:00:00\u005a"}]"#,
        "[ {\n\t\"fields\" :\r{ \"score\" : 7 , \"tags\" : [ \"a\" ] } , \"at\" : null } , {} ]",
    ];
    for text in odd {
        agree(&evaluator, text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert!(strict(text).is_some(), "{text}");
    }
    // A key given twice: the strict way keeps the last; the fast path
    // leaves such a text to it.
    let twice = r#"[{"fields": {"subject": "a"}, "fields": {"subject": "b"}}]"#;
    assert_eq!(strict(twice).unwrap()[0].fields["subject"], anytime_core::engine::FieldValue::text("b"));
    assert_eq!(for_each_sample(twice, now(), |_, _| {}), Err(NotRead));
}

#[test]
fn times_shared_by_samples_are_read_once_and_right() {
    // The reader keeps the last time text it read: a repeat, a new one, the
    // first again, the same text for the other time, and no time at all
    // each give the instant the strict way gives.
    let text = r#"[
        {"at": "2026-12-07T10:00:00Z"},
        {"at": "2026-12-07T10:00:00Z"},
        {"at": "2026-12-08T09:00:00+01:00"},
        {"at": "2026-12-07T10:00:00Z", "lastContactReplyTime": "2026-12-07T10:00:00Z"},
        {"lastContactReplyTime": "2026-12-08T09:00:00+01:00"}
    ]"#;
    let instant = |t: &str| DateTime::parse(t).map(|t| t.unix_seconds());
    let mut read = Vec::new();
    for_each_sample(text, now(), |_, raw| read.push((raw.at, raw.replied))).unwrap();
    let (first, second) = (instant("2026-12-07T10:00:00Z"), instant("2026-12-08T08:00:00Z"));
    assert_ne!(first, second);
    assert_eq!(read, [(first, None), (first, None), (second, None), (first, first), (now(), second)]);
    let evaluator = Evaluator::compile(&settings(), &Zones::new());
    agree(&evaluator, text).unwrap();
    // A bad time after a good one is still refused, the empty one too,
    // and an empty one first (when the reader has kept no time yet).
    for bad in [
        r#"[{"at": ""}]"#,
        r#"[{"lastContactReplyTime": ""}]"#,
        r#"[{"at": "2026-12-07T10:00:00Z"}, {"at": ""}]"#,
        r#"[{"at": "2026-12-07T10:00:00Z"}, {"lastContactReplyTime": "soon"}]"#,
    ] {
        assert!(strict(bad).is_none(), "the strict way reads {bad}");
        assert_eq!(for_each_sample(bad, now(), |_, _| {}), Err(NotRead), "{bad}");
    }
}

/// serde_json refuses text nested 128 lists and objects deep. The fast
/// path hands some values to serde_json on their own, so it must count the
/// lists and objects around them as the strict reader, which parses the
/// whole text, does: at the limit both refuse, one below both read.
#[test]
fn nesting_is_limited_where_the_strict_way_limits_it() {
    let evaluator = Evaluator::compile(&settings(), &Zones::new());
    let nested = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
    let objects = |n: usize| format!("{}1{}", r#"{"a":"#.repeat(n), "}".repeat(n));
    // Around the value: the list of samples and the sample (2); an agent's
    // key sits in the agents' list and the agent (4).
    let cases: [(&dyn Fn(usize) -> String, usize); 4] = [
        (&|n| format!(r#"[{{"unknown": {}}}]"#, nested(n)), 2),
        (&|n| format!(r#"[{{"unknown": {}}}]"#, objects(n)), 2),
        (&|n| format!(r#"[{{"at": null, "x": "\"[[", "unknown": {}}}]"#, nested(n)), 2),
        (&|n| format!(r#"[{{"agents": [{{"agentId": "a1", "extra": {}}}]}}]"#, nested(n)), 4),
    ];
    for (text, around) in cases {
        let deepest = 127 - around;
        let (fits, too_deep) = (text(deepest), text(deepest + 1));
        assert!(strict(&fits).is_some(), "the strict way refuses {around} + {deepest}");
        assert_eq!(agree(&evaluator, &fits), Ok(1), "{around} + {deepest}");
        assert!(strict(&too_deep).is_none(), "the strict way reads {around} + {}", deepest + 1);
        assert_eq!(for_each_sample(&too_deep, now(), |_, _| {}), Err(NotRead));
    }
}

/// Bytes a mutation writes: JSON's own punctuation, digits, escapes,
/// spaces, control characters and letters of its literals.
const MUTATION_BYTES: &[u8] = b"{}[],:\"\\ \t\n0123456789-+.eEtrufalsn\x01/x";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    // Whatever a few edits make of a valid text — most of it no longer
    // JSON, or JSON of another shape — the fast path reads exactly what the
    // strict way reads, and the same from it, or leaves it to the strict way.
    #[test]
    fn mutated_texts_read_both_ways_agree(seed in any::<u64>(), choices in proptest::collection::vec(any::<u8>(), 1..12),
                                          edits in proptest::collection::vec((any::<usize>(), 0u8..3, any::<u8>()), 1..4)) {
        let mut text = corpus_text(3, seed, &choices).into_bytes();
        for (at, kind, byte) in edits {
            let at = at % (text.len() + 1);
            let byte = MUTATION_BYTES[usize::from(byte) % MUTATION_BYTES.len()];
            match kind {
                0 => text.insert(at, byte),
                1 if at < text.len() => { text.remove(at); }
                _ if at < text.len() => text[at] = byte,
                _ => text.push(byte),
            }
        }
        // Edits are ASCII but may split a character; such text is not a &str.
        if let Ok(text) = String::from_utf8(text) {
            agree(&Evaluator::compile(&settings(), &Zones::new()), &text).map_err(TestCaseError::fail)?;
        }
    }
}

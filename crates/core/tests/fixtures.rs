//! Data-driven suites: each `fixtures/*.json` holds settings and cases of
//! `sample` → `expect`, where `expect` is a subset of the outcome (objects
//! compare only the keys given; arrays compare item by item and length).

use std::path::Path;

use anytime_core::engine::clock::Zones;
use anytime_core::engine::{Bulk, Digest, Evaluator, Sample, Settings};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Suite {
    description: String,
    settings: Settings,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    sample: Sample,
    expect: Value,
}

/// `None` when `actual` contains `expected`; else the path that differs.
fn contains(actual: &Value, expected: &Value, path: &str) -> Option<String> {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => e.iter().find_map(|(k, ev)| match a.get(k) {
            Some(av) => contains(av, ev, &format!("{path}.{k}")),
            None if ev.is_null() => None,
            None => Some(format!("{path}.{k}: missing, expected {ev}")),
        }),
        (Value::Array(a), Value::Array(e)) if a.len() == e.len() => {
            a.iter().zip(e).enumerate().find_map(|(i, (av, ev))| contains(av, ev, &format!("{path}[{i}]")))
        }
        _ if actual == expected => None,
        _ => Some(format!("{path}: expected {expected}, got {actual}")),
    }
}

#[test]
fn fixture_suites() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut failures = Vec::new();
    let mut count = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let suite: Suite = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let evaluator = Evaluator::compile(&suite.settings, &Zones::new());
        assert!(evaluator.problems.is_empty(), "{}: {:?}", file.display(), evaluator.problems);
        // One bulk runner for the whole suite: nothing may leak from one sample to the next.
        let mut bulk = Bulk::new(&evaluator);
        for case in &suite.cases {
            count += 1;
            let full = evaluator.preview(&case.sample);
            if Digest::from(bulk.run(&case.sample)) != Digest::of(&full) {
                failures.push(format!(
                    "{} / {}: the bulk path differs: {:?} against {:?}",
                    file.file_name().unwrap().to_string_lossy(),
                    case.name,
                    bulk.run(&case.sample),
                    Digest::of(&full)
                ));
            }
            let outcome = serde_json::to_value(full).unwrap();
            if let Some(diff) = contains(&outcome, &case.expect, "outcome") {
                failures.push(format!(
                    "{} ({}) / {}: {diff}\n  outcome: {outcome}",
                    file.file_name().unwrap().to_string_lossy(),
                    suite.description,
                    case.name
                ));
            }
        }
    }
    assert!(count >= 30, "only {count} fixture cases");
    assert!(failures.is_empty(), "{} of {count} cases failed:\n{}", failures.len(), failures.join("\n"));
}

/// Settings that cannot work as written are not skipped without a word:
/// the outcome says what (the browser's Preview and `POST preview` show it).
#[test]
fn what_cannot_work_as_written_is_said_in_the_outcome() {
    let settings: Settings = anytime_core::decode::from_str(
        r#"{"workingTime": {"timeZone": "Mars/Olympus_Mons"},
            "triggers": [
              {"id": "t1", "description": "On event 42", "enable": true, "event": 42},
              {"id": "t2", "description": "Off, on event 43", "enable": false, "event": 43},
              {"id": "t3", "description": "On creation", "enable": true, "event": 1},
              {"id": "t4", "description": "On a word", "enable": true, "event": "soon"},
              {"id": "t5", "description": "On nothing", "enable": true},
              {"id": "t6", "description": " ", "enable": true, "event": 42},
              {"enable": true, "event": 42}]}"#,
    )
    .unwrap();
    let evaluator = Evaluator::compile(&settings, &Zones::new());
    let sample: Sample = anytime_core::decode::from_str(r#"{"fields": {}}"#).unwrap();
    let outcome = evaluator.preview(&sample);
    assert_eq!(
        outcome.problems,
        [
            "The rules of time zone 'Mars/Olympus_Mons' are not available; times are computed in UTC.",
            "Trigger 'On event 42' never fires: its event '42' is unknown (use '1', '2', '3', '4', '5' or '6').",
            "Trigger 'On a word' never fires: its event 'soon' is unknown (use '1', '2', '3', '4', '5' or '6').",
            "Trigger 'On nothing' never fires: it has no event (use '1', '2', '3', '4', '5' or '6').",
            // No name: named by its id.
            "Trigger 't6' never fires: its event '42' is unknown (use '1', '2', '3', '4', '5' or '6').",
            // Neither: by its place in the list.
            "Trigger '#7' never fires: its event '42' is unknown (use '1', '2', '3', '4', '5' or '6').",
        ]
    );
    assert_eq!(serde_json::to_value(&outcome).unwrap()["problems"].as_array().map(Vec::len), Some(6));
    // Nothing to say: no key at all, as before.
    let fine = Evaluator::compile(&Settings::default(), &Zones::new()).preview(&sample);
    assert!(serde_json::to_value(&fine).unwrap().get("problems").is_none());
    // The bulk path and the impact digest count the same either way.
    assert_eq!(Digest::from(Bulk::new(&evaluator).run(&sample)), Digest::of(&outcome));
}

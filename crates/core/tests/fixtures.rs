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

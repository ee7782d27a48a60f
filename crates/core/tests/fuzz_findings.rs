//! Every input a fuzzer ever crashed on (`crates/core/fuzz`), kept and run
//! through what its target does: read, validate, preview. A file is named
//! `<target>-<what it was>` and holds the input exactly as found.

use anytime_core::engine::clock::Zones;
use anytime_core::engine::{expr, Evaluator, Sample, Settings};

fn findings(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz_findings");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(&format!("{target}-")))
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

/// The fixture suites' settings, as the sample target previews against.
fn evaluators() -> Vec<Evaluator> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let suite: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(e.unwrap().path()).unwrap()).unwrap();
            let settings: Settings = serde_json::from_value(suite["settings"].clone()).unwrap();
            Evaluator::compile(&settings, &Zones::new())
        })
        .collect()
}

#[test]
fn sample_findings_read_validate_and_preview() {
    let all = findings("sample");
    assert!(!all.is_empty());
    let evaluators = evaluators();
    for (name, data) in all {
        let Ok(mut sample) = anytime_core::decode::from_slice::<Sample>(&data) else { continue };
        // sample-multibyte-timestamp: "2026-12-01T09:00:0Ь" sliced inside 'Ь'.
        let valid = sample.validate();
        if valid.is_err() {
            continue;
        }
        sample.at.get_or_insert_with(|| "2026-12-01T10:00:00Z".into());
        for evaluator in &evaluators {
            let outcome = evaluator.preview(&sample);
            serde_json::to_string(&outcome).unwrap_or_else(|e| panic!("{name}: {e}"));
            evaluator.preview_many(std::slice::from_ref(&sample));
        }
    }
}

#[test]
fn a_multibyte_character_in_a_timestamp_is_not_a_time() {
    use anytime_core::date::{CalendarDate, DateTime, DateValue};
    for text in ["2026-12-01T09:00:0Ь", "2026-12-01T09:00:0ЬZ", "2026-12-01T09:00:00+0Ь:00", "2026-12-0Ь"]
    {
        assert_eq!(DateTime::parse(text), None, "{text}");
        assert_eq!(DateValue::parse(text), None, "{text}");
    }
    assert_eq!(CalendarDate::parse("2026-1Ь-1"), None);
    // The finding as the server reads it: a 422 on its path, not a crash.
    let sample: Sample = anytime_core::decode::from_str(
        r#"{"agents": [{"agentId": "a4", "lastAllocatedAt": "2026-12-01T09:00:0Ь"}]}"#,
    )
    .unwrap();
    let e = sample.validate().unwrap_err();
    assert_eq!(e.0[0].field, "agents[0].lastAllocatedAt");
}

#[test]
fn expression_and_settings_findings() {
    for (name, data) in findings("expr") {
        let text = String::from_utf8_lossy(&data);
        let _ = expr::parse(&text, 8);
        println!("{name}: no panic");
    }
    for (name, data) in findings("settings") {
        if let Ok(settings) = anytime_core::decode::from_slice::<Settings>(&data) {
            let _ = Evaluator::compile(&settings, &Zones::new());
        }
        println!("{name}: no panic");
    }
}

/// Found by schemathesis: drafts are not validated, and a target of
/// `i64::MAX` hours overflowed the clock on the bulk path's arithmetic.
#[test]
fn absurd_sla_targets_and_hours_in_a_draft_are_reported_not_panicked_on() {
    let day = serde_json::json!({"isBusinessDay": true, "openHour": i64::MAX - 1, "openMin": 0, "closeHour": 24, "closeMin": 0});
    let settings: Settings = serde_json::from_value(serde_json::json!({
        "workingTime": {"wednesdayBusinessTime": day,
                        "mondayBusinessTime": {"isBusinessDay": true, "openHour": -5, "closeHour": i64::MAX}},
        "slaPolicies": [
            {"id": "p", "enable": true, "firstRespondWithin": i64::MAX, "resolveRespondWithin": 100000,
             "nextRespondWithin": 3, "nextRespondWithinMinutes": i64::MIN, "operationalHour": "businessHours"}]
    }))
    .unwrap();
    let evaluator = Evaluator::compile(&settings, &Zones::new());
    let sample = Sample { at: Some("2026-12-01T10:00:00Z".into()), ..Sample::default() };
    let outcome = serde_json::to_value(evaluator.preview(&sample)).unwrap();
    let note = outcome["sla"]["firstResponse"]["note"].as_str().unwrap();
    assert!(note.contains("0–8760 hours and 0–59 minutes"), "{outcome}");
    let summary = evaluator.preview_many(&[sample.clone(), sample]);
    assert_eq!(summary.total, 2);
}

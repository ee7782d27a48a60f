//! The native core's answers to every case the Node tests put to the
//! WebAssembly package: the fixture suites' previews and summaries, and
//! `tests/cases.json`'s validations, expressions, SLA due times and
//! change impacts.
//! `cargo run -p anytime-engine --example native_answers > answers.json`

use std::path::Path;

use anytime_engine::engine::{self, Answer, Engine};
use serde_json::{json, Value};

/// "Now" for samples without `at`, on both sides, so answers are comparable.
const NOW: &str = "2026-12-01T09:00:00Z";

fn result(answer: Answer) -> Value {
    match answer {
        Ok(text) => json!({ "ok": serde_json::from_str::<Value>(&text).expect("answers are JSON") }),
        Err(f) => json!({ "error": { "name": f.name(), "message": f.message(), "details": f.details() } }),
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixtures = root.join("../core/tests/fixtures");
    let mut files: Vec<_> =
        std::fs::read_dir(&fixtures).expect("fixtures").map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut previews = Vec::new();
    let mut summaries = Vec::new();
    for file in files {
        let suite: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let engine = Engine::compile(&suite["settings"].to_string()).expect("fixture settings compile");
        let mut samples = Vec::new();
        for case in suite["cases"].as_array().unwrap() {
            let sample = case["sample"].to_string();
            previews.push(json!({ "suite": name, "case": case["name"], "result": result(engine.preview(&sample, NOW)) }));
            samples.push(case["sample"].clone());
        }
        let all = Value::Array(samples).to_string();
        summaries.push(json!({ "suite": name, "result": result(engine.preview_many(&all, NOW)) }));
    }
    let cases: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("tests/cases.json")).unwrap()).unwrap();
    let context = cases["context"].to_string();
    let validations: Vec<Value> = cases["validations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            result(engine::validate(c["kind"].as_str().unwrap(), &c["object"].to_string(), Some(&context)))
        })
        .collect();
    let expressions: Vec<Value> = cases["expressions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            result(engine::parse_expression(
                c["text"].as_str().unwrap(),
                c["count"].as_u64().unwrap() as usize,
            ))
        })
        .collect();
    let sla: Vec<Value> = cases["sla"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            result(engine::sla_due(
                &c["policy"].to_string(),
                &c["workingTime"].to_string(),
                &c["holidays"].to_string(),
                c["createdTime"].as_str().unwrap(),
                c["lastContactReplyTime"].as_str(),
            ))
        })
        .collect();
    // Change impact: the suite's settings against a draft, over the core's
    // generated corpus (the Node side generates it through the package).
    let impacts: Vec<Value> = cases["impacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let suite: Value = serde_json::from_str(
                &std::fs::read_to_string(fixtures.join(c["suite"].as_str().unwrap())).unwrap(),
            )
            .unwrap();
            let saved = suite["settings"].to_string();
            // Generated for the draft, as the server does: both blocked lists' senders.
            let mut spec = c["generate"].clone();
            spec["draft"] = c["draft"].clone();
            let samples = engine::generate_samples(&saved, &spec.to_string(), NOW).expect("generated");
            let options = json!({ "limit": c["limit"] }).to_string();
            let options = if c["limit"].is_null() { None } else { Some(options.as_str()) };
            result(engine::compare_many(&saved, &c["draft"].to_string(), &samples, options, NOW))
        })
        .collect();
    let answers = json!({
        "impacts": impacts,
        "now": NOW,
        "previews": previews,
        "summaries": summaries,
        "validations": validations,
        "expressions": expressions,
        "sla": sla,
    });
    println!("{}", serde_json::to_string_pretty(&answers).unwrap());
}

//! The side-by-side workload natively (`scripts/bench/side-by-side.mjs`
//! writes it): its samples read from the JSON text straight into the
//! engine and counted, as the package's `previewMany` does — best of five,
//! in microseconds per conversation. Figures only.
//!
//!   cargo run --release -p anytime-engine --example bench_side_by_side -- WORKLOAD.json

use anytime_core::engine::clock::Zones;
use anytime_core::engine::{Evaluator, Settings};

fn main() {
    let path = std::env::args().nth(1).expect("the workload's file");
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let settings: Settings = serde_json::from_value(doc["settings"].clone()).unwrap();
    let text = doc["samples"].to_string();
    let evaluator = Evaluator::compile(&settings, &Zones::new());
    let n = doc["samples"].as_array().map_or(0, Vec::len) as f64;
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let started = std::time::Instant::now();
        let summary = evaluator.preview_many_json(&text, None).expect("the workload reads on the bulk path");
        assert_eq!(summary.total as f64, n);
        best = best.min(started.elapsed().as_secs_f64());
    }
    println!("{:.3}", best * 1e6 / n);
}

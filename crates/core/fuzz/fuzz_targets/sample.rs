//! Reading a sample conversation (as `preview`, `preview/bulk` and the
//! engine package read one) never panics; whatever reads validates, and
//! previews under realistic settings — alone and in bulk — without
//! panicking, and the answer serializes.
#![no_main]

use std::sync::OnceLock;

use anytime_core::engine::clock::Zones;
use anytime_core::engine::{Evaluator, Sample, Settings};
use libfuzzer_sys::fuzz_target;

/// Every fixture suite's settings, compiled once.
fn evaluators() -> &'static [Evaluator] {
    static ALL: OnceLock<Vec<Evaluator>> = OnceLock::new();
    ALL.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures");
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).expect("fixtures") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("fixture");
            let suite: serde_json::Value = serde_json::from_str(&text).expect("fixture JSON");
            let settings: Settings = serde_json::from_value(suite["settings"].clone()).expect("settings");
            out.push(Evaluator::compile(&settings, &Zones::new()));
        }
        out
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(mut sample) = anytime_core::decode::from_slice::<Sample>(data) else { return };
    if sample.validate().is_err() {
        return;
    }
    if sample.at.is_none() {
        sample.at = Some("2026-12-01T10:00:00Z".into());
    }
    for evaluator in evaluators() {
        let outcome = evaluator.preview(&sample);
        let _ = serde_json::to_string(&outcome).expect("an outcome serializes");
        let _ = evaluator.preview_many(std::slice::from_ref(&sample));
    }
});

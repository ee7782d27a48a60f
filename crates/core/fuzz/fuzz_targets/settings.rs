//! Reading settings JSON the way the server and the engine package read it
//! (strict shapes, bounded nesting) never panics; whatever reads compiles,
//! validates and previews a sample without panicking.
#![no_main]

use anytime_core::engine::clock::Zones;
use anytime_core::engine::{Evaluator, Sample, Settings};
use anytime_core::{Context, Directory, Validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(settings) = anytime_core::decode::from_slice::<Settings>(data) else { return };
    let directory = Directory { agents: settings.agents.clone(), departments: settings.departments.clone() };
    let ctx = Context::new(&settings.fields, &directory);
    let _ = settings.routing.validate(&ctx);
    for t in &settings.triggers {
        let _ = t.validate(&ctx);
    }
    for p in &settings.sla_policies {
        let _ = p.validate(&ctx);
    }
    let _ = settings.working_time.validate(&ctx);
    let _ = settings.auto_allocation.validate(&ctx);
    let evaluator = Evaluator::compile(&settings, &Zones::new());
    let sample: Sample = serde_json::from_value(serde_json::json!({
        "at": "2026-12-01T10:00:00Z",
        "fields": {"subject": "urgent refund", "senderEmail": "a@b.com", "priority": "4"}
    }))
    .unwrap_or_default();
    let _ = serde_json::to_string(&evaluator.preview(&sample));
});

//! Compile a large snapshot once, then preview many generated conversations.
//! Prints ns per conversation and condition tests per second, then runs
//! criterion on the same work. Figures only; nothing is asserted.

use std::hint::black_box;
use std::time::Instant;

use anytime_core::engine::clock::Zones;
use anytime_core::engine::conditions::stats;
use anytime_core::engine::{Evaluator, Sample, Settings};
use criterion::Criterion;

mod workload;

fn settings() -> Settings {
    serde_json::from_value(workload::settings()).expect("the workload's settings")
}

fn samples(n: usize) -> Vec<Sample> {
    workload::samples(n).into_iter().map(|s| serde_json::from_value(s).expect("a workload sample")).collect()
}

fn main() {
    let settings = settings();
    let zones = Zones::new();
    let started = Instant::now();
    let evaluator = Evaluator::compile(&settings, &zones);
    let compile = started.elapsed();
    let samples = samples(100_000);

    // One counted pass (condition tests), then timed passes.
    let before = stats::conditions_evaluated();
    let summary = evaluator.preview_many(&samples);
    let tests = stats::conditions_evaluated() - before;
    let runs = 3;
    let started = Instant::now();
    for _ in 0..runs {
        black_box(evaluator.preview_many(black_box(&samples)));
    }
    let per_run = started.elapsed().as_secs_f64() / runs as f64;
    println!(
        "snapshot: 200 custom rules, 50 triggers, 20 SLA policies; {} conditions; compiled in {compile:.2?}",
        evaluator.condition_count()
    );
    println!(
        "preview_many over {} conversations: {:.1} ms, {:.0} ns per conversation",
        samples.len(),
        per_run * 1e3,
        per_run * 1e9 / samples.len() as f64
    );
    println!(
        "condition tests: {tests} per pass ({:.1} per conversation), {:.1} million per second",
        tests as f64 / samples.len() as f64,
        tests as f64 / per_run / 1e6
    );
    println!(
        "routed by fallback: {:?}, SLA none: {:?}",
        summary.routed_by.get("fallback"),
        summary.sla_policies.get("none")
    );
    let text = serde_json::to_string(&workload::samples(100_000)).expect("samples as JSON");
    let started = Instant::now();
    let decoded: Vec<Sample> = serde_json::from_str(&text).expect("samples from JSON");
    println!(
        "decoding {} samples from JSON ({:.1} MB): {:.1} ms, {:.0} ns per sample",
        decoded.len(),
        text.len() as f64 / 1e6,
        started.elapsed().as_secs_f64() * 1e3,
        started.elapsed().as_secs_f64() * 1e9 / decoded.len() as f64
    );
    let now = anytime_core::date::DateTime::parse("2026-12-07T10:00:00Z").map(|t| t.unix_seconds());
    let started = Instant::now();
    let from_text = evaluator.preview_many_json(&text, now).expect("the workload reads on the bulk path");
    let elapsed = started.elapsed().as_secs_f64();
    assert_eq!(from_text.total, 100_000);
    println!(
        "preview_many_json (read straight from the text and evaluated): {:.1} ms, {:.0} ns per conversation",
        elapsed * 1e3,
        elapsed * 1e9 / 100_000.0
    );
    let one = &samples[0];
    let started = Instant::now();
    let explained = evaluator.preview(one);
    println!(
        "one full preview with explanations: {:.2?} ({} rules explained)",
        started.elapsed(),
        explained.routing.map_or(0, |r| r.rules.len())
    );

    let mut c = Criterion::default().sample_size(10).configure_from_args();
    let small = &samples[..10_000];
    c.bench_function("preview_many/10k", |b| b.iter(|| evaluator.preview_many(black_box(small))));
    c.bench_function("preview/explained", |b| b.iter(|| evaluator.preview(black_box(one))));
    c.bench_function("compile", |b| b.iter(|| Evaluator::compile(black_box(&settings), &zones)));
    c.final_summary();
}

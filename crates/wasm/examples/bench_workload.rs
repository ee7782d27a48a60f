//! Writes the native benchmark's workload as JSON for the Node benchmark:
//! `{"settings": …, "samples": [100,000 conversations]}`.

#[path = "../../core/benches/workload.rs"]
mod workload;

fn main() {
    let doc = serde_json::json!({ "settings": workload::settings(), "samples": workload::samples(100_000) });
    println!("{doc}");
}

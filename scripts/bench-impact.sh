#!/usr/bin/env bash
# Benchmark, figures only: change impact over 100,000 conversations on the
# heavy workload in headless Chromium (the engine package's compareMany).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
bash scripts/build-engine.sh >/dev/null
cargo run --locked --release -q -p anytime-engine --example bench_workload >crates/wasm/pkg/bench-workload.json
node scripts/bench/impact.mjs crates/wasm/pkg

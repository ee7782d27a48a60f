#!/usr/bin/env bash
# Benchmarks: the engine natively (criterion) and the engine package in
# Node, on the same workload. Prints figures; asserts nothing.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$PATH"
bash scripts/build-engine.sh
cargo run --locked --release -q -p anytime-engine --example bench_workload >crates/wasm/pkg/bench-workload.json
echo "== the engine package in Node =="
node crates/wasm/bench/node-bench.mjs
echo "== native =="
cargo bench --locked -p anytime-core --bench engine

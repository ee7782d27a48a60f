#!/usr/bin/env bash
# Benchmark, figures only: 10,000 blocked senders in the console (first
# rows, search keystrokes) and the bulk endpoints, against the real server
# (release build) serving the release build of the console. N=… for another size.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
[ -f dist/index.html ] || trunk build --release
cargo build --locked --release -q -p anytime-server
DIR="$(mktemp -d)"
PORT="${PORT:-18090}"
target/release/anytime-server --bind "127.0.0.1:$PORT" --db "$DIR/bench.db" --token bench-token --static-dir dist >"$DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$DIR"' EXIT
for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && break; sleep 0.1; done
BASE="http://127.0.0.1:$PORT" TOKEN=bench-token N="${N:-10000}" node scripts/bench/blocked-senders.mjs

#!/usr/bin/env bash
# Every figure, in one run, written to docs/BENCHMARKS.md (and printed):
# the console's bundle and first load (headless Chromium, with and without
# a throttled network), Lighthouse, the UI at scale, the engine side by side
# with json-logic-js and json-rules-engine (Node, and natively), the heavy
# workload in Chromium against the build before this work, the server
# under load (wrk), and one replica over SQLite against two over
# PostgreSQL (scripts/bench-replicas.sh). Figures only: nothing here is a test.
#
#   scripts/bench.sh            (BASELINE=<commit> to compare another build)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
OUT="$ROOT/target/bench"
rm -rf "$OUT"
mkdir -p "$OUT"
# The engine as it was built before the bulk path and splitting (issue 15).
BASELINE="${BASELINE:-f983102}"

step "Tools for the benchmarks (pinned; from the registries)"
if [ ! -f scripts/bench/peers/node_modules/.package-lock.json ] ||
  [ scripts/bench/peers/package-lock.json -nt scripts/bench/peers/node_modules/.package-lock.json ]; then
  (cd scripts/bench/peers && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
command -v twiggy >/dev/null || cargo install --locked twiggy --version 0.8.0
if ! command -v wrk >/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
fi

step "The console's bundle"
trunk build --release
cargo run --locked -q --release -p anytime-build -- sizes dist | tee "$OUT/bundle.md"
# The largest functions (the linker's relocations and names, kept for the
# splitter, are left out: they are not shipped).
twiggy top -n 60 target/wasm32-unknown-unknown/wasm-release/anytime-admin.wasm |
  grep -v -E "custom section|function names|^ +[0-9]+ ┊ +[0-9.]+% ┊ (\.\.\.|Σ)" | sed -n 1,17p | tee "$OUT/twiggy.txt"

step "The server (release build) with a fresh database"
cargo build --locked --release -q -p anytime-server
DB="$(mktemp -d)"
PORT="${PORT:-18190}"
TOKEN=bench-token
BASE="http://127.0.0.1:$PORT"
target/release/anytime-server --bind "127.0.0.1:$PORT" --db "$DB/bench.db" --token "$TOKEN" --static-dir dist \
  >"$DB/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$DB"' EXIT
for _ in $(seq 50); do curl -fsS "$BASE/api/health" >/dev/null 2>&1 && break; sleep 0.1; done

step "Lighthouse 12.8.2 (Debian's Chromium, its default mobile throttling) on the console's first page"
for run in 1 2 3; do
  CHROME_PATH=/usr/bin/chromium scripts/bench/peers/node_modules/.bin/lighthouse "$BASE/#token=$TOKEN" --quiet \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
    --only-categories=performance,accessibility,best-practices --output=json --output-path="$OUT/lighthouse-$run.json"
done

step "The console in headless Chromium: first load, pages, reorder, search, bulk"
node scripts/bench/console.mjs "$BASE" "$TOKEN" "$OUT/console.json"

step "The server under load (wrk, 2 threads, 16 connections, 10 s each)"
# An import replaces every setting and names every list: the server's own
# export with 50 triggers in place of its own.
curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE/api/v3/anytime/export" |
  node -e '
    const doc = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const t = (i) => ({ id: `w${i}`, description: `Trigger ${i}`, orderIndex: i, enable: true, event: 1,
      conditions: [{ fieldId: "subject", matchType: "contains", value: `word${i}` }] });
    doc.triggers = Array.from({ length: 50 }, (_, i) => t(i));
    process.stdout.write(JSON.stringify(doc));' |
  curl -fsS -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$BASE/api/v3/anytime/import" \
    --data-binary @- >/dev/null
ONE="$(curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE/api/v3/anytime/triggers/w7")"
load() {
  local name="$1"
  shift
  echo "== $name"
  wrk -t2 -c16 -d10s --latency "$@" | tee -a "$OUT/wrk.txt" | grep -E "Requests/sec|^ +(50|99)%"
  echo "== end $name" >>"$OUT/wrk.txt"
}
: >"$OUT/wrk.txt"
echo "== GET list" >>"$OUT/wrk.txt"
load "GET list (50 triggers, 14 KB)" -H "Authorization: Bearer $TOKEN" "$BASE/api/v3/anytime/triggers"
echo "== GET list br" >>"$OUT/wrk.txt"
load "GET list, brotli" -H "Authorization: Bearer $TOKEN" -H "Accept-Encoding: br" "$BASE/api/v3/anytime/triggers"
echo "== GET one" >>"$OUT/wrk.txt"
load "GET one" -H "Authorization: Bearer $TOKEN" "$BASE/api/v3/anytime/triggers/w7"
echo "== PUT one" >>"$OUT/wrk.txt"
WRK_BODY="$ONE" WRK_TOKEN="$TOKEN" load "PUT one" -s scripts/bench/put.lua "$BASE/api/v3/anytime/triggers/w7"
echo "== GET console" >>"$OUT/wrk.txt"
load "GET the console's main module (brotli, 304s aside)" -H "Accept-Encoding: br" "$BASE/anytime-admin_bg.wasm"
kill $SERVER 2>/dev/null || true

step "The engine side by side (Node): ours, json-logic-js 2.0.5, json-rules-engine 7.3.1"
bash scripts/build-engine.sh >/dev/null
node scripts/bench/side-by-side.mjs "$ROOT/crates/wasm/pkg" "$OUT/side-by-side.json" "$OUT/side-by-side-workload.json"
cargo run --locked --release -q -p anytime-engine --example bench_side_by_side -- "$OUT/side-by-side-workload.json" \
  | tee "$OUT/side-by-side-native.txt"

step "The heavy workload: natively, and in Chromium against the build at $BASELINE"
cargo run --locked --release -q -p anytime-engine --example bench_workload >crates/wasm/pkg/bench-workload.json
cargo bench --locked -q -p anytime-core --bench engine -- --test 2>/dev/null | grep -E "^(snapshot|preview_many|decoding)" \
  | tee "$OUT/native.txt"
node crates/wasm/bench/node-bench.mjs | tee "$OUT/node-heavy.txt"
BASE_TREE="$ROOT/target/bench-baseline/tree"
if [ ! -d "$BASE_TREE" ] || [ "$(git -C "$BASE_TREE" rev-parse HEAD 2>/dev/null)" != "$(git rev-parse "$BASELINE^{commit}")" ]; then
  git worktree remove --force "$BASE_TREE" 2>/dev/null || rm -rf "$BASE_TREE"
  git worktree prune
  git worktree add --detach "$BASE_TREE" "$BASELINE" >/dev/null
fi
# Its own target folder: nothing of this build is reused.
(cd "$BASE_TREE" && bash scripts/build-engine.sh >/dev/null)
node scripts/bench/engine-chromium.mjs "$ROOT/crates/wasm/pkg" "$BASE_TREE/crates/wasm/pkg" \
  crates/wasm/pkg/bench-workload.json "$OUT/engine-chromium.json"

step "Replicas: one over SQLite, two over PostgreSQL (wrk)"
bash scripts/bench-replicas.sh

step "Writing docs/BENCHMARKS.md"
# Written aside and then copied: redirected straight into docs/, the
# file is emptied before the report asks git whether the tree is clean.
node scripts/bench/report.mjs "$OUT" "$BASELINE" >"$OUT/BENCHMARKS.md"
{ echo; cat "$OUT/replicas.md"; } >>"$OUT/BENCHMARKS.md"
cp "$OUT/BENCHMARKS.md" docs/BENCHMARKS.md
echo "docs/BENCHMARKS.md written."

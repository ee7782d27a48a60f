#!/usr/bin/env bash
# schemathesis (PyPI, pinned by scripts/test.sh) against the real server and
# its own OpenAPI document: every operation except the two outbound "test
# connection" ones (random host names would leave the machine), with the
# token, every default check, a fixed seed so CI runs are repeatable.
# What the checks are told beyond the document is in
# crates/server/tests/schemathesis/schemathesis.toml, with the reasons.
#
# Usage: scripts/api-conformance.sh SERVER_BINARY PYTHON_VENV [MAX_EXAMPLES]
set -euo pipefail
server="$(realpath "$1")"
venv="$(realpath "$2")"
examples="${3:-25}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
token="conformance-$(date +%s)"
# Failed sign-ins are not slowed here: the ignored_auth check sends wrong
# tokens on purpose, and would otherwise get 429s for everything after.
"$server" --bind "127.0.0.1:$port" --db "$work/conformance.db" --token "$token" \
  --failed-sign-ins-per-minute 0 >"$work/server.log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
python3 - "$port" <<'PY'
import sys, time, urllib.request
for _ in range(300):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/api/health", timeout=1)
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit("the server did not start")
PY
# One worker: hypothesis' strategy descriptions call ast.parse, which
# CPython 3.11 does not make thread-safe ("AST constructor recursion depth
# mismatch" with two workers).
cd "$work"
"$venv/bin/schemathesis" --config-file "$root/crates/server/tests/schemathesis/schemathesis.toml" \
  run "http://127.0.0.1:$port/api/openapi.json" \
  -H "Authorization: Bearer $token" \
  --exclude-path-regex '.*/test$' \
  --max-examples "$examples" --workers 1 --seed 20261201 \
  --report junit --report-dir "$work/report" || {
  echo "schemathesis found problems; the server's log:" >&2
  tail -50 "$work/server.log" >&2
  exit 1
}

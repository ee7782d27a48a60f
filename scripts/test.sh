#!/usr/bin/env bash
# Sets up what is missing and runs every test tier: lint, core and server
# tests natively, component tests in headless Chromium, and end-to-end tests
# (Playwright + Chromium) against the real server serving the release build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

# Real mail servers for the "Test connection" tests, which start their own
# instances on 127.0.0.1: Debian's dovecot (IMAP) and aiosmtpd (SMTP, PyPI).
if ! command -v dovecot >/dev/null; then
  step "Installing Debian's dovecot-imapd (IMAP server for tests)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd
fi
# PostgreSQL, the second storage engine: Debian's package, no service
# started — the tests run a throwaway cluster of their own.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  step "Installing Debian's postgresql (a throwaway cluster for the server tests)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
fi
TEST_VENV="$ROOT/.tools/venv"
if ! "$TEST_VENV/bin/python" -c 'import aiosmtpd' 2>/dev/null; then
  step "Installing aiosmtpd (SMTP server for tests) into .tools/venv"
  python3 -m venv "$TEST_VENV"
  "$TEST_VENV/bin/pip" install --quiet --disable-pip-version-check aiosmtpd==1.4.6
fi
if [ "$("$TEST_VENV/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version 4.32.5" ]; then
  step "Installing schemathesis 4.32.5 (API conformance) into .tools/venv"
  "$TEST_VENV/bin/pip" install --quiet --disable-pip-version-check schemathesis==4.32.5
fi
export ANYTIME_TEST_PYTHON="$TEST_VENV/bin/python"

# A one-shot run (CI, a fresh clone) gains nothing from incremental builds,
# whose caches would double the target directory; a developer's repeated
# runs keep them.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi
# A full disk fails deep inside rustc or the linker with "IO failure on
# output stream"; say so up front instead.
free_kb=$(df -Pk "$ROOT" | awk 'NR == 2 { print $4 }')
# (A fresh clone's run took 5.2 GB on 6 December 2026.)
if [ "${free_kb:-0}" -lt $((8 * 1024 * 1024)) ]; then
  printf 'warning: only %s MB free under %s; a fresh run needs about 6 GB (target/, Chromium profiles, the PostgreSQL cluster)\n' \
    "$((free_kb / 1024))" "$ROOT" >&2
fi

tiers=0
passed() { tiers=$((tiers + 1)); }

step "Formatting (cargo fmt --check)"
cargo fmt --all -- --check
passed

step "Lints (clippy, native and wasm32)"
cargo clippy --locked --workspace --all-targets -- -D warnings
cargo clippy --locked --target wasm32-unknown-unknown -p anytime-admin --all-targets -- -D warnings
# The core's tests and benches use native-only crates (proptest, criterion).
cargo clippy --locked --target wasm32-unknown-unknown -p anytime-core -p anytime-engine --lib -- -D warnings
passed

# One throwaway PostgreSQL cluster for every test that needs one.
PG_DIR=$(mktemp -d /tmp/anytime-pg.XXXXXX)
chmod 755 "$PG_DIR" # the cluster runs as the postgres user when we are root
trap 'bash "$ROOT/scripts/postgres.sh" stop "$PG_DIR/cluster"; rm -rf "$PG_DIR"' EXIT
PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ANYTIME_TEST_POSTGRES=$(bash scripts/postgres.sh start "$PG_DIR/cluster" "$PG_PORT")
export ANYTIME_TEST_POSTGRES ANYTIME_TEST_POSTGRES_CA="$PG_DIR/cluster/ca.pem"

step "Core, server and app logic tests (native; the server on SQLite)"
cargo test --locked --workspace
passed

step "Server tests on PostgreSQL (the same suite, a new database per server)"
ANYTIME_TEST_ENGINE=postgres cargo test --locked -p anytime-server --test api
passed

step "API conformance (schemathesis against the server's OpenAPI document)"
cargo build --locked -p anytime-server
bash scripts/api-conformance.sh target/debug/anytime-server "$TEST_VENV"
passed

step "Engine package: WebAssembly for the web and Node, checked against the native core"
bash scripts/build-engine.sh
cargo run --locked -q -p anytime-engine --example native_answers >crates/wasm/pkg/native-answers.json
node --test crates/wasm/tests/
tsc -p crates/wasm/tsconfig.json
passed

step "Component tests (wasm-bindgen-test in headless Chromium)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --locked --target wasm32-unknown-unknown -p anytime-admin --test web --test session
passed

step "End-to-end tests (Playwright against the server and the release build, and the engine package's example page)"
# The console: pages split into modules, precompressed; its size budget.
trunk build --release
cargo run --locked -q --release -p anytime-build -- sizes dist --check
cargo build --locked -p anytime-server
npx playwright test --config e2e/playwright.config.ts
passed

echo
echo "tiers: $tiers passed, 0 failed"

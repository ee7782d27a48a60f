#!/usr/bin/env bash
# Installs what building and testing the console needs, skipping whatever is
# already there. Sourced by scripts/run.sh and scripts/test.sh; safe to run
# on its own. Everything comes from the package registries (crates.io, npm,
# Debian); no tool downloads its own binaries.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

TRUNK_VERSION="0.21.14"
# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock, or trunk and
# the test runner refuse the build (and trunk would try to download one).
WASM_BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"

export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# Playwright must use Debian's Chromium; it cannot download browsers here.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v cargo >/dev/null; then
  echo "cargo is missing: install Rust with rustup first (https://rustup.rs)." >&2
  exit 1
fi
if ! command -v npm >/dev/null; then
  echo "npm is missing: install Node.js 20 and npm first." >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Adding the wasm32-unknown-unknown Rust target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  step "Installing trunk $TRUNK_VERSION (a few minutes, once)"
  # Newer trunk releases need a newer rustc than this machine's.
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ] ||
  ! command -v wasm-bindgen-test-runner >/dev/null; then
  step "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  # Not --locked: its lock file pins a crate version the registry lacks.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  step "Installing Debian's Chromium and ChromeDriver"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "Installing npm packages (wasm-opt from binaryen, Playwright)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# Debian's wasm-opt (binaryen 108) silently breaks the app; ours must win.
if [ "$(command -v wasm-opt)" != "$ROOT/node_modules/.bin/wasm-opt" ]; then
  echo "wasm-opt from node_modules is not first on PATH" >&2
  exit 1
fi

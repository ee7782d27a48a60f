#!/usr/bin/env bash
# Builds the engine package (crates/wasm) for the web (ES module) and for
# Node into crates/wasm/pkg, ready for `npm publish` (which we do not run),
# and prints its size. Needs what scripts/setup.sh installs.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$PATH"

cargo build -p anytime-engine --target wasm32-unknown-unknown --profile engine-release
WASM=target/wasm32-unknown-unknown/engine-release/anytime_engine.wasm
PKG=crates/wasm/pkg
rm -rf "$PKG"
mkdir -p "$PKG"
wasm-bindgen --target web --out-dir "$PKG/web" --out-name anytime_engine "$WASM"
wasm-bindgen --target nodejs --out-dir "$PKG/node" --out-name anytime_engine "$WASM"
# The package is "type": "module"; the Node build is CommonJS.
mv "$PKG/node/anytime_engine.js" "$PKG/node/anytime_engine.cjs"
for dir in web node; do
  # Speed over size, as the Rust profile (binaryen 132 from node_modules).
  wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-reference-types --enable-multivalue \
    "$PKG/$dir/anytime_engine_bg.wasm" -o "$PKG/$dir/anytime_engine_bg.wasm"
done
cp crates/wasm/package.json crates/wasm/README.md "$PKG/"

size() { printf '%s: %s bytes, %s gzip -9\n' "$1" "$(wc -c <"$1")" "$(gzip -9 -c "$1" | wc -c)"; }
echo "engine package in $PKG:"
size "$PKG/web/anytime_engine_bg.wasm"
size "$PKG/web/anytime_engine.js"
size "$PKG/node/anytime_engine.cjs"

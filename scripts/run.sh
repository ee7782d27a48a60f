#!/usr/bin/env bash
# Sets up what is missing, builds the console and the server, and runs the
# server with its embedded SQLite database, serving the console.
# Extra arguments go to the server, e.g. scripts/run.sh --bind 127.0.0.1:9000
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

step "Building the console (trunk build --release)"
trunk build --release

step "Building the server"
cargo build --release --locked -p anytime-server

step "Starting the server (Ctrl-C stops it)"
exec target/release/anytime-server --static-dir dist "$@"

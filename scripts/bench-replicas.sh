#!/usr/bin/env bash
# The server under load on each engine (issue 17): one replica over SQLite
# against two replicas over PostgreSQL (a throwaway cluster, no service),
# GET a list, GET one, PUT one, with wrk. Prints a Markdown section and
# writes it to target/bench/replicas.md. Figures only: nothing here is a test.
#
# Two replicas are loaded by two wrk runs at once (one per replica, each
# with half the threads and connections), summed; p99 is the worse of the
# two. Everything — wrk, the replicas, PostgreSQL — shares this machine.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
OUT="$ROOT/target/bench"
mkdir -p "$OUT"
TOKEN=bench-token
SECONDS_EACH="${SECONDS_EACH:-10}"

cargo build --locked --release -q -p anytime-server
WORK="$(mktemp -d /tmp/anytime-replicas.XXXXXX)"
chmod 755 "$WORK"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  bash "$ROOT/scripts/postgres.sh" stop "$WORK/pg"
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

replica() { # DB PORT
  target/release/anytime-server --bind "127.0.0.1:$2" --db "$1" --token "$TOKEN" \
    --secret-key-file "$WORK/secret.key" >>"$WORK/server.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$2/api/health" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "a replica did not start:" >&2
  cat "$WORK/server.log" >&2
  exit 1
}

seed() { # BASE
  # An import replaces every setting and names every list: the server's own
  # export with 50 triggers in place of its own.
  curl -fsS -H "Authorization: Bearer $TOKEN" "$1/api/v3/anytime/export" |
    node -e '
      const doc = JSON.parse(require("fs").readFileSync(0, "utf8"));
      const t = (i) => ({ id: `w${i}`, description: `Trigger ${i}`, orderIndex: i, enable: true, event: 1,
        conditions: [{ fieldId: "subject", matchType: "contains", value: `word${i}` }] });
      doc.triggers = Array.from({ length: 50 }, (_, i) => t(i));
      process.stdout.write(JSON.stringify(doc));' |
    curl -fsS -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' "$1/api/v3/anytime/import" \
      --data-binary @- >/dev/null
}

# wrk's figures: requests/s and p99 in ms.
figures() {
  awk '/Requests\/sec/ { rps = $2 }
       /^ +99%/ { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 }; p99 = v }
       END { printf "%d %.1f\n", rps, p99 }' "$1"
}

# load NAME THREADS CONNECTIONS BASE... : wrk on each base at once.
load() {
  local name="$1" path="$2" kind="$3"
  shift 3
  local n=$#
  local i=0 files=() jobs=()
  for base in "$@"; do
    i=$((i + 1))
    local f="$WORK/wrk-$i.txt"
    files+=("$f")
    local t=$((2 / n)) c=$((16 / n))
    [ "$t" -ge 1 ] || t=1
    if [ "$kind" = put ]; then
      WRK_BODY="$ONE" WRK_TOKEN="$TOKEN" wrk -t"$t" -c"$c" -d"${SECONDS_EACH}s" --latency -s scripts/bench/put.lua \
        "$base$path" >"$f" &
    else
      wrk -t"$t" -c"$c" -d"${SECONDS_EACH}s" --latency -H "Authorization: Bearer $TOKEN" "$base$path" >"$f" &
    fi
    jobs+=($!)
  done
  # Only the wrk runs (the replicas run in the background too).
  wait "${jobs[@]}"
  local total=0 worst=0
  for f in "${files[@]}"; do
    read -r rps p99 < <(figures "$f")
    total=$((total + rps))
    worst=$(python3 -c "print(max($worst, $p99))")
  done
  echo "$name $total $worst"
}

step "One replica on SQLite"
SQLITE_PORT=$(free_port)
replica "$WORK/bench.db" "$SQLITE_PORT"
S="http://127.0.0.1:$SQLITE_PORT"
seed "$S"
ONE="$(curl -fsS -H "Authorization: Bearer $TOKEN" "$S/api/v3/anytime/triggers/w7")"
RESULTS=()
RESULTS+=("$(load "sqlite-list" /api/v3/anytime/triggers get "$S")")
RESULTS+=("$(load "sqlite-one" /api/v3/anytime/triggers/w7 get "$S")")
RESULTS+=("$(load "sqlite-put" /api/v3/anytime/triggers/w7 put "$S")")
kill "${PIDS[0]}"
rm -f "$WORK/secret.key"

step "Two replicas on PostgreSQL (a throwaway cluster)"
PG_URL=$(bash scripts/postgres.sh start "$WORK/pg" "$(free_port)")
psql -q "$PG_URL" -c "CREATE DATABASE bench" >/dev/null
DB_URL="${PG_URL%/*}/bench"
PG_VERSION=$(psql -tA "$PG_URL" -c "SHOW server_version")
A_PORT=$(free_port)
replica "$DB_URL" "$A_PORT"
B_PORT=$(free_port)
replica "$DB_URL" "$B_PORT"
A="http://127.0.0.1:$A_PORT"
B="http://127.0.0.1:$B_PORT"
seed "$A"
RESULTS+=("$(load "pg2-list" /api/v3/anytime/triggers get "$A" "$B")")
RESULTS+=("$(load "pg2-one" /api/v3/anytime/triggers/w7 get "$A" "$B")")
RESULTS+=("$(load "pg2-put" /api/v3/anytime/triggers/w7 put "$A" "$B")")
step "One replica on PostgreSQL (for comparison)"
RESULTS+=("$(load "pg1-list" /api/v3/anytime/triggers get "$A")")
RESULTS+=("$(load "pg1-one" /api/v3/anytime/triggers/w7 get "$A")")
RESULTS+=("$(load "pg1-put" /api/v3/anytime/triggers/w7 put "$A")")

get() { local key="$1"; for r in "${RESULTS[@]}"; do set -- $r; [ "$1" = "$key" ] && echo "$2 req/s · p99 $3 ms"; done; }
{
  echo "## Replicas: SQLite and PostgreSQL (issue 17)"
  echo
  echo "wrk, 2 threads and 16 connections in all, ${SECONDS_EACH} s each, release build; PostgreSQL $PG_VERSION"
  echo "in a throwaway cluster (fsync off). Two replicas are loaded at once (1 thread, 8 connections each),"
  echo "summed; p99 is the worse of the two. Everything shares the same $(nproc) cores: the replicas, PostgreSQL"
  echo "and wrk compete for them, so two replicas here show the cost of the network hop, not the gain of a"
  echo "second machine. $(date -u +%F), $(uname -m)."
  echo
  echo "| request | 1 replica, SQLite | 1 replica, PostgreSQL | 2 replicas, PostgreSQL |"
  echo "|---|---|---|---|"
  echo "| GET list (50 triggers) | $(get sqlite-list) | $(get pg1-list) | $(get pg2-list) |"
  echo "| GET one | $(get sqlite-one) | $(get pg1-one) | $(get pg2-one) |"
  echo "| PUT one (validated write, audited) | $(get sqlite-put) | $(get pg1-put) | $(get pg2-put) |"
} | tee "$OUT/replicas.md"

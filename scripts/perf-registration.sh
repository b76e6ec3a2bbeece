#!/usr/bin/env bash
# Measures the registration surge (docs/PERFORMANCE.md, issue 6): builds the
# binaries, starts a demo server on a fresh database with a fresh document
# folder, and runs asnload's registration scenario against it (open loop).
#
#   scripts/perf-registration.sh sqlite   [RATE=200] [DURATION=60s]
#   scripts/perf-registration.sh postgres [RATE=100] [DURATION=60s]
#   BLOBS=db scripts/perf-registration.sh sqlite    # documents in the database
#
# PostgreSQL: a database named "surge" on 127.0.0.1:5432 (trust auth) is
# dropped and created again. The setup registers and signs in every
# applicant first, at about 38 a second on this machine kind: a 60-second
# run at 200/s spends five and a half minutes there.
set -euo pipefail
cd "$(dirname "$0")/.."
ENGINE=${1:-sqlite}
case "$ENGINE" in
sqlite) RATE=${2:-200} ;;
postgres) RATE=${2:-100} ;;
*) echo "usage: $0 sqlite|postgres [rate] [duration]" >&2; exit 2 ;;
esac
DURATION=${3:-60s}
PORT=${PORT:-18484}
W=$(mktemp -d)
go build -o "$W/asnpro" ./cmd/asnpro
go build -o "$W/asnload" ./cmd/asnload
args=(--demo --addr 127.0.0.1:$PORT --register-per-minute 1000000)
if [ "${BLOBS:-dir}" != db ]; then
  mkdir "$W/blobs"
  args+=(--blob-dir "$W/blobs")
fi
if [ "$ENGINE" = postgres ]; then
  PG=postgres://postgres@127.0.0.1:5432
  psql "$PG/test" -qc 'DROP DATABASE IF EXISTS surge' -c 'CREATE DATABASE surge'
  "$W/asnpro" serve "${args[@]}" --db "$PG/surge?sslmode=disable" --key-file "$W/pg.key" > "$W/serve.log" 2>&1 &
else
  "$W/asnpro" serve "${args[@]}" --db "$W/r.db" > "$W/serve.log" 2>&1 &
fi
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$W"' EXIT
for _ in $(seq 100); do curl -sf http://127.0.0.1:$PORT/readyz >/dev/null && break; sleep 0.2; done
"$W/asnload" registration --target http://127.0.0.1:$PORT --rate "$RATE" --duration "$DURATION" --clients 400
echo "server errors logged: $(grep -c 'level=ERROR' "$W/serve.log" || true)"

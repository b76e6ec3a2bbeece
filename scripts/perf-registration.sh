#!/usr/bin/env bash
# Measures the registration surge (docs/PERFORMANCE.md): builds the
# binaries, starts a demo server on a fresh database with a fresh document
# folder, and runs asnload's registration scenario against it (open loop).
#
#   scripts/perf-registration.sh sqlite   [RATE=200] [DURATION=60s]
#   scripts/perf-registration.sh postgres [RATE=100] [DURATION=60s]
#   BLOBS=db scripts/perf-registration.sh sqlite    # documents in the database
#   KEEP=/var/tmp/surge scripts/perf-registration.sh sqlite   # keep the setup
#   DOCUMENTS=3 scripts/perf-registration.sh sqlite   # the target's operation: three uploads
#   scripts/perf-registration.sh clean   # remove the documents earlier runs left (see TRASH)
#
# PostgreSQL: a database named "surge" on 127.0.0.1:5432 (trust auth) is
# dropped and created again. The setup registers and signs in every
# applicant first, at 16–38 a second on this machine kind (two password
# hashes each): a 60-second run at 200/s spends six to thirteen minutes there.
# With KEEP=DIR the first run keeps its setup in DIR (the database after the
# registrations, its key, and asnload's --applicants-file); later runs with
# the same DIR, engine and a rate × duration no larger start from a copy of
# it and skip the registrations.
set -euo pipefail
cd "$(dirname "$0")/.."
ENGINE=${1:-sqlite}
case "$ENGINE" in
clean) rm -rf "${TMPDIR:-/tmp}/asnpro-perf-trash"; exit ;;
sqlite) RATE=${2:-200} ;;
postgres) RATE=${2:-100} ;;
*) echo "usage: $0 sqlite|postgres [rate] [duration]" >&2; exit 2 ;;
esac
DURATION=${3:-60s}
PORT=${PORT:-18484}
PG=postgres://postgres@127.0.0.1:5432
W=$(mktemp -d)
go build -o "$W/asnpro" ./cmd/asnpro
go build -o "$W/asnload" ./cmd/asnload
args=(--demo --addr 127.0.0.1:$PORT --register-per-minute 1000000)
if [ "${BLOBS:-dir}" != db ]; then
  mkdir "$W/blobs"
  args+=(--blob-dir "$W/blobs")
fi
if [ "$ENGINE" = postgres ]; then
  args+=(--db "$PG/surge?sslmode=disable" --key-file "$W/r.db.key")
else
  args+=(--db "$W/r.db")
fi
SERVER=
serve() {
  "$W/asnpro" serve "${args[@]}" >> "$W/serve.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do curl -sf http://127.0.0.1:$PORT/readyz >/dev/null && return; sleep 0.2; done
  echo "the server did not start:" >&2; cat "$W/serve.log" >&2; exit 1
}
stop() { kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true; SERVER=; }
# A run writes tens of thousands of document files. ext4 skips an inode
# freed in the last minute when it allocates one — in the last six minutes
# once the freed inode's table block is dirty again, which the next run's
# own files make it (recently_deleted() in fs/ext4/ialloc.c, file systems
# without a journal, like this machine's). Runs that removed the previous
# run's files spent a quarter of the CPU of their first seconds in the
# kernel looking for free inodes, fell behind and never caught up.
# Production never removes a surge's worth of files just before the next
# one, so a run's documents are not removed at its end but moved to TRASH;
# TRASH is emptied only when the disk runs short (then the run waits out
# the six minutes) or by "$0 clean".
TRASH=${TMPDIR:-/tmp}/asnpro-perf-trash
cleanup() {
  stop
  if [ -d "$W/blobs" ]; then mkdir -p "$TRASH" && mv "$W/blobs" "$TRASH/$(basename "$W")"; fi
  rm -rf "$W"
}
trap cleanup EXIT
if [ -d "$TRASH" ] && [ "$(df --output=avail -k "$TRASH" | tail -1)" -lt $((30 * 1024 * 1024)) ]; then
  echo "less than 30 GB free: removing the documents of earlier runs, then waiting six minutes" >&2
  rm -rf "$TRASH"
  sync
  sleep 370
fi
load=(registration --target http://127.0.0.1:$PORT --rate "$RATE" --duration "$DURATION" --clients 400)
# DOCUMENTS=N: asnload makes a period whose formations ask N documents (the
# target's operation is three uploads); by default the demo's six.
[ -n "${DOCUMENTS:-}" ] && load+=(--documents "$DOCUMENTS")
if [ -n "${KEEP:-}" ]; then
  mkdir -p "$KEEP"
  load+=(--applicants-file "$KEEP/applicants.tsv")
  if [ ! -f "$KEEP/applicants.tsv" ]; then
    # The first run: a fresh database, the registrations only, kept.
    [ "$ENGINE" = postgres ] && psql "$PG/test" -qc 'DROP DATABASE IF EXISTS surge' -c 'CREATE DATABASE surge'
    serve
    "$W/asnload" "${load[@]}" --setup-only
    stop # a clean close: SQLite's WAL is checkpointed into r.db
    if [ "$ENGINE" = postgres ]; then
      psql "$PG/test" -qc 'DROP DATABASE IF EXISTS surge_setup' -c 'CREATE DATABASE surge_setup TEMPLATE surge'
    else
      cp "$W/r.db" "$KEEP/r.db"
    fi
    cp "$W/r.db.key" "$KEEP/r.db.key"
    [ -d "$W/blobs" ] && cp -r "$W/blobs" "$KEEP/blobs"
  fi
  # Every run: a copy of the kept setup.
  if [ "$ENGINE" = postgres ]; then
    psql "$PG/test" -qc 'DROP DATABASE IF EXISTS surge' -c 'CREATE DATABASE surge TEMPLATE surge_setup'
  else
    rm -f "$W/r.db" "$W/r.db-wal" "$W/r.db-shm"
    cp "$KEEP/r.db" "$W/r.db"
  fi
  cp "$KEEP/r.db.key" "$W/r.db.key"
  if [ -d "$W/blobs" ]; then rm -rf "$W/blobs"; cp -r "$KEEP/blobs" "$W/blobs"; fi
elif [ "$ENGINE" = postgres ]; then
  psql "$PG/test" -qc 'DROP DATABASE IF EXISTS surge' -c 'CREATE DATABASE surge'
fi
serve
"$W/asnload" "${load[@]}"
echo "server errors logged: $(grep -c 'level=ERROR' "$W/serve.log" || true)"

#!/usr/bin/env bash
# Measures the public formation list of a period of 1,000 formations against
# the baseline (docs/PERFORMANCE.md). Builds the binaries, starts a
# demo server on a fresh SQLite file, creates a period, imports 1,000
# generated formations (10 positions × 10 units × 10), publishes it, then
# runs asnload three times: baseline, HTML page, JSON.
set -euo pipefail
cd "$(dirname "$0")/.."
W=$(mktemp -d)
PORT=${PORT:-18383}
go build -o "$W/asnpro" ./cmd/asnpro
go build -o "$W/asnload" ./cmd/asnload
"$W/asnpro" serve --demo --db "$W/p.db" --addr 127.0.0.1:$PORT > "$W/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$W"' EXIT
for _ in $(seq 100); do curl -sf http://127.0.0.1:$PORT/readyz >/dev/null && break; sleep 0.2; done
TOK=$(curl -s -X POST http://127.0.0.1:$PORT/api/v1/auth/token -H 'Content-Type: application/json' \
  -d '{"username":"panitia","password":"asnpro-demo"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
at() { date -u -d @$(( $(date -u +%s) + $1 )) +%Y-%m-%dT%H:%M:%SZ; }
PID=$(curl -s -X POST http://127.0.0.1:$PORT/api/v1/periods -H "Authorization: Bearer $TOK" -H 'Content-Type: application/json' \
  -d "{\"name\":\"Perf 1000\",\"kind\":\"cpns\",\"reference_date\":\"2027-01-01\",\"timeline\":{\"announce_at\":\"$(at 3600)\",\"registration_open_at\":\"$(at 7200)\",\"registration_close_at\":\"$(at 864000)\",\"administration_announce_at\":\"$(at 1000000)\",\"appeal_days\":3}}" \
  | sed -E 's/.*"id":"([0-9]+)".*/\1/')
positions=("Pranata Komputer Ahli Pertama,S1,S1-TI;S1-SI" "Perawat Terampil,D3,D3-KEP" "Perawat Ahli Pertama,S1,S1-KEP"
  "Guru Kelas Ahli Pertama,S1,S1-PGSD" "Analis Kebijakan Ahli Pertama,S1,S1-AN;S1-HK" "Penata Kelola Sistem Informasi,S1,S1-SI"
  "Teknisi Sipil Terampil,D3,D3-TS" "Auditor Ahli Pertama,S1,S1-AK" "Psikolog Klinis Ahli Pertama,S1,S1-PSI" "Perencana Ahli Pertama,S1,S1-PWK")
units=("Dinas Kesehatan" "Dinas Pendidikan" "Diskominfo" "Bappedalitbang" "Inspektorat" "RSUD dr. Doris Sylvanus" "Dinas PUPR" "BKPSDM" "Dinas Sosial" "Sekretariat Daerah")
{
  echo "code,position,unit,employment_type,quota,category,levels,majors,min_ipk,age_min,age_max,documents"
  for i in $(seq 0 999); do
    IFS=, read -r pos lvl maj <<< "${positions[$((i % 10))]}"
    printf 'X-%04d,%s,%s,PNS,%d,umum,%s,%s,3.00,18,35,\n' "$i" "$pos" "${units[$(( (i / 10) % 10 ))]}" $(( i % 9 + 1 )) "$lvl" "$maj"
  done
} > "$W/f1000.csv"
"$W/asnpro" import formations --db "$W/p.db" --period "$PID" "$W/f1000.csv"
curl -s -X POST http://127.0.0.1:$PORT/api/v1/periods/$PID/publish -H "Authorization: Bearer $TOK" > /dev/null
for _ in 1 2 3; do
  "$W/asnload" baseline --clients 200 --duration 8s 2>/dev/null
  "$W/asnload" public --target http://127.0.0.1:$PORT --page "/periods/$PID?level=S1&unit=Dinas+Kesehatan" --clients 200 --duration 8s 2>/dev/null
  "$W/asnload" public --target http://127.0.0.1:$PORT --page "/api/v1/periods/$PID/formations?level=S1&unit=Dinas+Kesehatan&limit=50" --clients 200 --duration 8s 2>/dev/null
done

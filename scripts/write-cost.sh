#!/usr/bin/env bash
# The cost of one write on a small and on a large store, measured side by
# side: ROUNDS times, alternating the stores, a `storyline serve` on each
# takes N POSTs of one new article each (p50 and p99 from internal/tools/loadgen,
# after one unmeasured POST that waits for the indexes to load), then
# `storyline ingest` adds one new article to each (wall time including
# start-up, peak RSS). The articles come from the lines of FODDER, a
# different one for every write, so each write is of an article the store
# does not hold.
#
#   scripts/write-cost.sh BIN FODDER.jsonl ROUNDS N STORE...
#   scripts/write-cost.sh /tmp/storyline /tmp/fodder.jsonl 5 20 /tmp/empty.db /tmp/100k.db
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$1 fodder=$2 rounds=$3 n=$4
shift 4
go build -o /tmp/write-cost-loadgen ./internal/tools/loadgen
skip=${SKIP:-0} # lines of FODDER already used by an earlier call
one=$(mktemp --suffix .jsonl)
for r in $(seq "$rounds"); do
  for db in "$@"; do
    out=$(mktemp)
    "$bin" serve --db "$db" --addr 127.0.0.1:0 --token t >"$out" 2>/dev/null &
    pid=$!
    for _ in $(seq 100); do grep -q http "$out" && break; sleep 0.1; done
    url=$(grep -o 'http://[0-9.:]*' "$out")
    /tmp/write-cost-loadgen -url "$url" -token t -post "$fodder" -skip $skip -n 1 -c 1 >/dev/null
    skip=$((skip + 1))
    res=$(/tmp/write-cost-loadgen -url "$url" -token t -post "$fodder" -skip $skip -n "$n" -c 1)
    skip=$((skip + n))
    kill -TERM $pid; wait $pid || true
    rm -f "$out"
    echo "round $r $(basename "$db") serve: $res"
    sed -n "$((skip + 1))p" "$fodder" >"$one"
    skip=$((skip + 1))
    /usr/bin/time -f "round $r $(basename "$db") ingest one article: %e s wall, %M KB peak RSS" \
      "$bin" ingest -q --db "$db" "$one"
  done
done
rm -f "$one"

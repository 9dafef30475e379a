#!/usr/bin/env bash
# The cost of one `storyline ingest` of one new article, on an empty store
# and on large ones, measured side by side: ROUNDS times, each round adding
# the next line of FODDER (an article no store holds) to every store, in
# an order that alternates from round to round. Wall time includes the
# process's start-up; peak RSS from /usr/bin/time. STORE "empty" is a new
# copy of an empty store (migrated, no articles) for every write; "new" is
# a path that does not exist yet (the command creates the store). Prints
# every write, then the median wall time, its ratio to the first STORE's,
# and the median peak RSS.
#
#   scripts/oneshot-cost.sh BIN FODDER.jsonl ROUNDS STORE...
#   scripts/oneshot-cost.sh /tmp/storyline /tmp/fodder.jsonl 21 empty /tmp/10k.db /tmp/100k.db
set -euo pipefail
bin=$1 fodder=$2 rounds=$3
shift 3
stores=("$@")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
: >"$work/none.jsonl"
"$bin" ingest -q --db "$work/empty.db" "$work/none.jsonl" >/dev/null 2>&1 || true
skip=${SKIP:-0} # lines of FODDER already used by an earlier call
for r in $(seq "$rounds"); do
  sed -n "$((skip + r))p" "$fodder" >"$work/one.jsonl"
  order=("${stores[@]}")
  if ((r % 2 == 0)); then
    order=()
    for ((i = ${#stores[@]} - 1; i >= 0; i--)); do order+=("${stores[i]}"); done
  fi
  for s in "${order[@]}"; do
    db=$s
    case $s in
    empty) rm -f "$work"/run.db*; cp "$work/empty.db" "$work/run.db"; db=$work/run.db ;;
    new) rm -f "$work"/run.db*; db=$work/run.db ;;
    esac
    start=$(date +%s%N)
    rss=$(/usr/bin/time -f %M "$bin" ingest -q --db "$db" "$work/one.jsonl" 2>&1 >/dev/null | tail -1)
    ms=$((($(date +%s%N) - start) / 1000))
    echo "round $r $(basename "$s") $ms us $rss KB" | tee -a "$work/log"
  done
done
median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
base=
for s in "${stores[@]}"; do
  name=$(basename "$s")
  wall=$(awk -v s="$name" '$3==s {print $4}' "$work/log" | median)
  rss=$(awk -v s="$name" '$3==s {print $6}' "$work/log" | median)
  base=${base:-$wall}
  awk -v s="$name" -v w="$wall" -v b="$base" -v m="$rss" \
    'BEGIN {printf "%-20s median %7.1f ms  ratio %.2f  peak RSS %.1f MB\n", s, w/1000, w/b, m/1024}'
done

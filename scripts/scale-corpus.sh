#!/bin/sh
# Build a deterministic scale corpus from the shared dev sets as a directory
# of JSON Lines files of 4,000 articles (storyline refuses input files over
# 20 MB). Usage: scripts/scale-corpus.sh N OUTDIR
#   scripts/scale-corpus.sh 10000 /tmp/scale-10k
#   /usr/bin/time -v storyline run --json --db /tmp/s.db /tmp/scale-10k > /dev/null
set -eu
cd "$(dirname "$0")/.."
exec go run ./internal/tools/scalecorpus -n "${1:-10000}" -per 4000 -o "${2:?output directory}"

#!/usr/bin/env bash
# Benchmarks of the importer, each against a named peer in the same run, on the same 2,000 generated PNGs.
#   bench/run.sh [N]      (default 2000; needs exiftool and the built app: ./ledger help builds it)
# 1. `ledger inspect --json DIR` against `exiftool -j -r DIR`: both read every file's metadata and print JSON.
# 2. `ledger import DIR` (hash, metadata, decode, pHash, blob store, database) against the shell pipeline a person
#    would write for a fraction of that: `sha256sum` + `exiftool -j` + `cp` into a folder.
# Each command runs 3 times; the median wall time is reported. Results go to stdout as a Markdown table.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-2000}"
WORK="$(mktemp -d /tmp/ledger-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
BIN="$ROOT/.build/app/CopyrightLedger.Web"
"$ROOT/ledger" help >/dev/null   # builds the app if a source changed

python3 "$ROOT/bench/make-bench-set.py" "$WORK/set/bench" "$N"
"$BIN" make-samples "$WORK/set" >/dev/null
IMAGES="$WORK/set/bench/images"
count=$(ls "$IMAGES" | wc -l)
bytes=$(du -sb "$IMAGES" | cut -f1)

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timeit() { # timeit LABEL SETUP COMMAND...: median of 3 wall times in seconds
  local setup="$1"; shift
  for _ in 1 2 3; do
    eval "$setup"
    local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
    echo "$e - $s" | bc
  done | median
}

inspect=$(timeit ":" "$BIN" inspect --json "$IMAGES")
exif=$(timeit ":" exiftool -j -r "$IMAGES")
import=$(timeit "rm -rf '$WORK/data'; mkdir -p '$WORK/data'" env Ledger__DataDirectory="$WORK/data" "$BIN" import "$IMAGES" --case bench)

peer=$(timeit "rm -rf '$WORK/copy'; mkdir -p '$WORK/copy'" bash -c "sha256sum '$IMAGES'/* > '$WORK/copy/sums'; exiftool -j -r '$IMAGES' > '$WORK/copy/meta.json'; cp '$IMAGES'/* '$WORK/copy/'")

echo "| what | $count PNGs, $((bytes / 1024)) KiB | seconds (median of 3) | files/s | ratio |"
echo "|---|---|---|---|---|"
printf '| metadata | `ledger inspect --json` | %.2f | %.0f | %.1fx faster than exiftool |\n' "$inspect" "$(echo "$count / $inspect" | bc -l)" "$(echo "$exif / $inspect" | bc -l)"
printf '| metadata | `exiftool -j -r` | %.2f | %.0f | |\n' "$exif" "$(echo "$count / $exif" | bc -l)"
printf '| import | `ledger import` (hash, metadata, decode, pHash, blobs, SQLite) | %.2f | %.0f | %.1fx the peer'"'"'s time |\n' "$import" "$(echo "$count / $import" | bc -l)" "$(echo "$import / $peer" | bc -l)"
printf '| import peer | `sha256sum` + `exiftool -j` + `cp` | %.2f | %.0f | |\n' "$peer" "$(echo "$count / $peer" | bc -l)"

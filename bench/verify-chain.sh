#!/usr/bin/env bash
# Verifying a ledger of 1,000,000 events (goal: at least 1,000,000 events/s), beside what this CPU hashes per
# second with OpenSSL at the same message size, in the same run.
#   bench/verify-chain.sh [N]     (default 1000000; builds the app if a source changed)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-1000000}"
WORK="$(mktemp -d /tmp/ledger-chain.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
"$ROOT/ledger" help >/dev/null
python3 "$ROOT/bench/make-chain.py" "$WORK/events.jsonl" "$N"
size=$(stat -c %s "$WORK/events.jsonl")
avg=$((size / N))

runs=()
for _ in 1 2 3; do
  s=$(date +%s.%N)
  "$ROOT/.build/app/CopyrightLedger.Web" verify --chain "$WORK/events.jsonl" > "$WORK/out.txt"
  e=$(date +%s.%N)
  runs+=("$(echo "$e - $s" | bc)")
done
grep -q "chain intact: $N event(s)" "$WORK/out.txt" || { cat "$WORK/out.txt"; exit 1; }
median=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p)
# openssl speed prints, for each block size, the bytes per second it hashed on one core.
speed=$(openssl speed -evp sha256 -bytes "$avg" -seconds 3 2>/dev/null | awk '/^sha256|^SHA256/ {print $NF}' | tail -1 | sed 's/k$//')
echo "| what | figure |"
echo "|---|---|"
printf '| `ledger verify --chain`, %d events of %d bytes (%d MB), whole process, median of 3 | %.2f s, **%.0f events/s** |\n' "$N" "$avg" "$((size / 1000000))" "$median" "$(echo "$N / $median" | bc -l)"
printf '| `openssl speed -evp sha256 -bytes %d`, one core | %.0f hashes/s |\n' "$avg" "$(echo "$speed * 1000 / $avg" | bc -l)"

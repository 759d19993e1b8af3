#!/usr/bin/env bash
# Benchmark of the PDF dossier (issue 6) against a named peer in the same run, on the same generated case.
#   bench/dossier.sh [RUNS] [PER_RUN]   (default 200 runs of 2 images; needs chromium, poppler-utils, qpdf and the
#                                        app: LEDGER_BIN=path, or ./ledger help builds it)
# `make-dossier-case.py` writes a case folder of RUNS A1111 runs, the app's sample generator draws the PNGs, and the
# case is imported into a fresh data folder. Then, three times each, whole process, median wall time:
#   `ledger dossier --lang en --no-sign` (and `--lang both`), against
#   `chromium --headless --print-to-pdf` of `dossier-html.py`'s equivalent HTML of the same content and images.
# A signed dossier is timed once. Every dossier must pass `qpdf --check` and carry every original (pdfdetach -list),
# and the signed one must verify (pdfsig, when installed); otherwise the script fails.
# Results go to stdout as a Markdown table.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-200}"
PER_RUN="${2:-2}"
WORK="$(mktemp -d /tmp/ledger-dossier.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
if [ -n "${LEDGER_BIN:-}" ]; then
  BIN="$LEDGER_BIN"
else
  "$ROOT/ledger" help >/dev/null   # builds the app if a source changed
  BIN="$ROOT/.build/app/CopyrightLedger.Web"
fi
fail() { echo "dossier.sh: $*" >&2; exit 1; }
for tool in chromium pdfinfo pdfdetach qpdf bc python3; do command -v "$tool" >/dev/null || fail "needs $tool"; done

python3 "$ROOT/bench/make-dossier-case.py" "$WORK/set" "$RUNS" "$PER_RUN"
"$BIN" make-samples "$WORK/set" >/dev/null
CASE="$WORK/set/bench-dossier"
count=$(ls "$CASE/images" | wc -l)
bytes=$(du -sb "$CASE/images" | cut -f1)
ledger() { env Ledger__DataDirectory="$WORK/data" "$BIN" "$@"; }
mkdir -p "$WORK/data"
ledger import "$CASE" >/dev/null
s=$(date +%s.%N); python3 "$ROOT/bench/dossier-html.py" "$CASE" "$WORK/dossier.html"; e=$(date +%s.%N)
html=$(echo "$e - $s" | bc)

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timeit() { # timeit TIMES COMMAND...: median of TIMES wall times in seconds; a failing command stops the benchmark
  local times="$1"; shift
  for _ in $(seq "$times"); do
    local s e; s=$(date +%s.%N)
    "$@" >/dev/null 2>"$WORK/stderr" || { echo "dossier.sh: failed: $*" >&2; cat "$WORK/stderr" >&2; exit 1; }
    e=$(date +%s.%N)
    echo "$e - $s" | bc
  done | median
}
peak() { # peak COMMAND...: the largest resident set in KiB (of any one process of its tree), or "?"
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v "$@" >/dev/null 2>"$WORK/time" || { cat "$WORK/time" >&2; fail "failed: $*"; }
    awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time"
  else # sample VmHWM of the process itself while it runs
    "$@" >/dev/null 2>&1 & local pid=$! hwm=0 v
    while kill -0 "$pid" 2>/dev/null; do
      v=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
      [ -n "$v" ] && [ "$v" -gt "$hwm" ] && hwm=$v
      sleep 0.05
    done
    wait "$pid" || fail "failed: $*"
    echo "$hwm"
  fi
}
pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }
kib() { echo $(( $(stat -c %s "$1") / 1024 )); }

OUT="$WORK/out"; mkdir -p "$OUT"
en=$(timeit 3 ledger dossier --case "Bench dossier" --lang en --no-sign --out "$OUT/en.pdf")
both=$(timeit 3 ledger dossier --case "Bench dossier" --lang both --no-sign --out "$OUT/both.pdf")
signed=$(timeit 1 ledger dossier --case "Bench dossier" --lang en --out "$OUT/signed.pdf")
chrome=$(timeit 3 chromium --headless --no-sandbox --disable-gpu --print-to-pdf="$OUT/chromium.pdf" "file://$WORK/dossier.html")
mem=$(peak env Ledger__DataDirectory="$WORK/data" "$BIN" dossier --case "Bench dossier" --lang en --no-sign --out "$OUT/mem.pdf")
chrome_mem=$(peak chromium --headless --no-sandbox --disable-gpu --print-to-pdf="$OUT/chromium-mem.pdf" "file://$WORK/dossier.html")

# The dossiers must be sound PDFs that carry every original.
declare -A attached
for f in en both signed; do
  qpdf --check "$OUT/$f.pdf" >"$WORK/qpdf" 2>&1 || { cat "$WORK/qpdf" >&2; fail "$f.pdf fails qpdf --check"; }
  attached[$f]=$(pdfdetach -list "$OUT/$f.pdf" | awk 'NR == 1 {print $1}')
  [ "${attached[$f]}" -ge $((RUNS * PER_RUN)) ] || fail "$f.pdf carries ${attached[$f]} attached files, expected $count"
done
if command -v pdfsig >/dev/null; then
  pdfsig "$OUT/signed.pdf" >"$WORK/pdfsig" 2>&1 || true
  grep -q "Signature is Valid" "$WORK/pdfsig" || { cat "$WORK/pdfsig" >&2; fail "signed.pdf: no valid signature"; }
fi
[ "$(pages "$OUT/chromium.pdf")" -gt 0 ] || fail "chromium wrote no pages"

ratio() { echo "$1 / $chrome" | bc -l; }
echo "Case: $RUNS runs x $PER_RUN = $count PNGs ($((bytes / 1024)) KiB), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(chromium --version 2>/dev/null | head -1)"
echo
echo "| what | seconds | KiB | pages | attached | ratio |"
echo "|---|---|---|---|---|---|"
printf '| `ledger dossier --lang en --no-sign` (median of 3) | %.2f | %s | %s | %s | %.2fx Chromium'"'"'s time |\n' "$en" "$(kib "$OUT/en.pdf")" "$(pages "$OUT/en.pdf")" "${attached[en]}" "$(ratio "$en")"
printf '| `ledger dossier --lang both --no-sign` (median of 3) | %.2f | %s | %s | %s | %.2fx |\n' "$both" "$(kib "$OUT/both.pdf")" "$(pages "$OUT/both.pdf")" "${attached[both]}" "$(ratio "$both")"
printf '| `ledger dossier --lang en`, signed (1 run) | %.2f | %s | %s | %s | %.2fx |\n' "$signed" "$(kib "$OUT/signed.pdf")" "$(pages "$OUT/signed.pdf")" "${attached[signed]}" "$(ratio "$signed")"
printf '| peer: `chromium --headless --print-to-pdf` of the equivalent HTML (median of 3) | %.2f | %s | %s | 0 | |\n' "$chrome" "$(kib "$OUT/chromium.pdf")" "$(pages "$OUT/chromium.pdf")"
echo
printf 'Peak resident memory: `ledger dossier --lang en --no-sign` %s MiB; Chromium (largest process) %s MiB. Writing the HTML (dossier-html.py, not in the peer'"'"'s time): %.2f s.\n' \
  "$((mem / 1024))" "$((chrome_mem / 1024))" "$html"

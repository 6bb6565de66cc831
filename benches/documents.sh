#!/usr/bin/env bash
# Whole-binary throughput and peak memory on generated documents.
#
#   benches/documents.sh [DIR]      (default target/docbench)
#
# Writes, with docgen, a 100 MB xlsx (one million rows of a member export per sheet) and a
# 50 MB docx (paragraphs and tables of letters), then scans each with one thread, RUNS times
# (default 3), and prints the median wall time, MB/s of the file as stored, and the peak RSS of
# the scanning process and of its document worker. MB = 10^6 bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${1:-target/docbench}
RUNS=${RUNS:-3}
mkdir -p "$DIR"
cargo build --release -q -p snuffel -p docgen
BIN=target/release/snuffel
[ -f "$DIR/big.xlsx" ] || target/release/docgen big-xlsx "$DIR/big.xlsx" 100
[ -f "$DIR/big.docx" ] || target/release/docgen big-docx "$DIR/big.docx" 50
head -c 64 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$DIR/key.hex"

# Peak RSS of the worker: sampled from /proc while the scan runs (GNU time sees only the
# process it started).
worker_peak() {
    local peak=0 rss
    while pgrep -f "snuffel scan" > /dev/null; do
        for pid in $(pgrep -f "snuffel __worker"); do
            rss=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
            [ "${rss:-0}" -gt "$peak" ] && peak=$rss
        done
        sleep 0.05
    done
    echo "$peak"
}

for doc in "$DIR/big.xlsx" "$DIR/big.docx"; do
    size=$(stat -c %s "$doc")
    times=()
    for _ in $(seq "$RUNS"); do
        worker_peak > "$DIR/worker.kb" &
        sampler=$!
        /usr/bin/time -f "%e %M" -o "$DIR/time.txt" "$BIN" scan -j1 -q --key-file "$DIR/key.hex" \
            --fail-on none --max-findings 10 -o /dev/null "$doc"
        wait "$sampler"
        read -r secs rss < "$DIR/time.txt"
        times+=("$secs $rss $(cat "$DIR/worker.kb")")
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")
    read -r secs rss wrss <<< "$median"
    awk -v f="$(basename "$doc")" -v n="$size" -v s="$secs" -v r="$rss" -v w="$wrss" 'BEGIN {
        printf "%-10s %7.1f MB  %6.2f s  %6.1f MB/s  peak RSS scan %d MB, worker %d MB\n",
            f, n / 1e6, s, n / 1e6 / s, r / 1024, w / 1024 }'
done

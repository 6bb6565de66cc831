#!/usr/bin/env bash
# Times the whole snuffel binary against ripgrep on the generated corpus.
#
#   benches/compare.sh [CORPUS_DIR]        (default: target/corpus)
#
# - builds `cargo build --release`, and the corpus with `examples/gen_corpus.rs` if missing;
# - gives rg exactly the candidate patterns of snuffel's automaton (`snuffel detectors
#   --regexes`: the detectors' regexes and the lexicon, ASCII mode), so both search for the
#   same thing; rg validates nothing, snuffel validates every candidate and tracks columns;
# - hyperfine on CORPUS/dump.sql with one thread: `rg --count-matches` (finds every match, as
#   snuffel must) and `rg -c` (stops at the first match of each line: dump.sql has 1 MB lines,
#   so it skips most of the file; shown for reference only);
# - the same on CORPUS/small (20,000 small files) with 1 and 2 threads;
# - peak RSS (/usr/bin/time -v) of snuffel and rg on dump.sql;
# - prints median seconds, MB/s, the snuffel/rg ratio and peak RSS.
#
# RG_AS_WRITTEN=1 adds rg with the patterns as a user would write them (Unicode mode, `(?i)`
# lexicon): it falls off rg's fast path, ~200 s on dump.sql and ~80 s on small/.
# BASELINE=path/to/an/older/snuffel adds that binary, and rg with its own `detectors --regexes`,
# to the same hyperfine runs on dump.sql and on small/ with 2 threads: a change's before and
# after, side by side (`git worktree add /tmp/base REV && cargo build --release` there).
# Environment: RUNS (default 5), WARMUP (default 1), BENCH_OUT (default target/bench),
# SNUFFEL (default target/release/snuffel), SKIP_BUILD=1 to use an existing binary.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
CORPUS=${1:-target/corpus}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
OUT=${BENCH_OUT:-target/bench}
SNUFFEL=${SNUFFEL:-$ROOT/target/release/snuffel}

log() { printf '\n== %s\n' "$*" >&2; }

need_apt=()
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
command -v hyperfine >/dev/null 2>&1 || need_apt+=(hyperfine)
[ -x /usr/bin/time ] || need_apt+=(time)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
if [ ${#need_apt[@]} -gt 0 ]; then
    log "installing ${need_apt[*]}"
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
    else
        sudo apt-get update -qq && sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
    fi
fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    log "cargo build --release"
    cargo build --release
fi
[ -x "$SNUFFEL" ] || { echo "compare.sh: no snuffel binary at $SNUFFEL" >&2; exit 1; }

if [ ! -f "$CORPUS/dump.sql" ] || [ ! -d "$CORPUS/small" ]; then
    log "generating corpus in $CORPUS"
    cargo run --release --example gen_corpus -- "$CORPUS"
fi
CORPUS=$(cd "$CORPUS" && pwd)
DUMP=$CORPUS/dump.sql
SMALL=$CORPUS/small

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PATTERNS=$OUT/rg-patterns.txt

log "rg patterns: snuffel detectors --regexes"
PATTERNS=$OUT/rg-patterns.txt
"$SNUFFEL" detectors --regexes > "$PATTERNS"

RG="rg --no-config --no-ignore --hidden -f $PATTERNS"
SN="$SNUFFEL scan --format json --quiet --output /dev/null"
HF=(hyperfine --warmup "$WARMUP" --runs "$RUNS" --ignore-failure --style basic)

# The baseline's commands, when BASELINE is set, for the dump (1 thread) and small/ (2 threads).
BASE_DUMP=()
BASE_SMALL=()
if [ -n "${BASELINE:-}" ]; then
    "$BASELINE" detectors --regexes > "$OUT/rg-patterns-baseline.txt"
    RG_BASE="rg --no-config --no-ignore --hidden -f $OUT/rg-patterns-baseline.txt"
    SN_BASE="$BASELINE scan --format json --quiet --output /dev/null"
    BASE_DUMP=(-n "baseline rg --count-matches -j1 dump.sql" "$RG_BASE -j1 --count-matches $DUMP"
        -n "baseline snuffel -j1 dump.sql" "$SN_BASE --threads 1 $DUMP")
    BASE_SMALL=(-n "baseline rg --count-matches -j2 small" "$RG_BASE -j2 --count-matches $SMALL"
        -n "baseline snuffel -j2 small" "$SN_BASE --threads 2 $SMALL")
fi

log "dump.sql ($(stat -c %s "$DUMP") bytes), 1 thread"
"${HF[@]}" --export-json "$OUT/dump.json" \
    -n "rg --count-matches -j1 dump.sql" "$RG -j1 --count-matches $DUMP" \
    -n "rg -c -j1 dump.sql" "$RG -j1 -c $DUMP" \
    -n "snuffel -j1 dump.sql" "$SN --threads 1 $DUMP" \
    "${BASE_DUMP[@]}"

log "small/ ($(find "$SMALL" -type f | wc -l) files), 1 and 2 threads"
"${HF[@]}" --export-json "$OUT/small.json" \
    -n "rg --count-matches -j1 small" "$RG -j1 --count-matches $SMALL" \
    -n "rg --count-matches -j2 small" "$RG -j2 --count-matches $SMALL" \
    -n "snuffel -j1 small" "$SN --threads 1 $SMALL" \
    -n "snuffel -j2 small" "$SN --threads 2 $SMALL" \
    "${BASE_SMALL[@]}"

if [ "${RG_AS_WRITTEN:-0}" = 1 ]; then
    log "rg with the patterns as written (Unicode mode): slow"
    python3 - "$ROOT/patterns" "$OUT/rg-patterns-as-written.txt" <<'PY'
import pathlib, sys, tomllib
pat_dir, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
esc = lambda t: "".join("\\" + c if c in "\\.+*?()|[]{}^$#&-~" else c for c in t)
lines = []
for f in sorted(pat_dir.glob("*.toml")):
    doc = tomllib.loads(f.read_text(encoding="utf-8"))
    if doc.get("regex"):
        lines.append(doc["regex"].strip())
    if doc.get("lexicon"):
        terms = [l.split("|")[0].strip() for l in (pat_dir / doc["lexicon"]).read_text(encoding="utf-8").splitlines()
                 if l.strip() and not l.startswith(("#", "["))]
        lines.append(r"(?i:\b(?:" + "|".join(map(esc, sorted(terms, key=len, reverse=True))) + r")\b)")
out.write_text("\n".join(dict.fromkeys(lines)) + "\n", encoding="utf-8")
PY
    "${HF[@]}" --runs 1 --warmup 0 --export-json "$OUT/as-written.json" \
        -n "rg (as written) --count-matches -j1 dump.sql" \
        "rg --no-config -j1 --count-matches -f $OUT/rg-patterns-as-written.txt $DUMP"
else
    rm -f "$OUT/as-written.json"
fi

log "peak RSS on dump.sql"
rss_kb() { # prints "Maximum resident set size" in kB of the command given
    /usr/bin/time -v "$@" >/dev/null 2>"$TMP/time.txt" || true
    awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/time.txt"
}
# shellcheck disable=SC2086
RSS_RG=$(rss_kb $RG -j1 --count-matches "$DUMP")
# shellcheck disable=SC2086
RSS_SN=$(rss_kb $SN --threads 1 "$DUMP")
echo "  rg: ${RSS_RG} kB (includes the mapped file), snuffel: ${RSS_SN} kB" >&2

DUMP_BYTES=$(stat -c %s "$DUMP")
SMALL_BYTES=$(find "$SMALL" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')

python3 - "$OUT" "$DUMP_BYTES" "$SMALL_BYTES" "$RSS_RG" "$RSS_SN" <<'PY' | tee "$OUT/summary.txt"
import json, os, sys
out, dump_bytes, small_bytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rss = {"rg --count-matches -j1 dump.sql": sys.argv[4], "snuffel -j1 dump.sql": sys.argv[5]}
med = {}
for name in ("dump", "small", "as-written"):
    path = f"{out}/{name}.json"
    if os.path.exists(path):
        for r in json.load(open(path))["results"]:
            med[r["command"]] = r["median"]
# (command, bytes, the rg run it is compared with)
rows = [
    ("rg --count-matches -j1 dump.sql", dump_bytes, None),
    ("rg -c -j1 dump.sql", dump_bytes, None),
    ("rg (as written) --count-matches -j1 dump.sql", dump_bytes, None),
    ("snuffel -j1 dump.sql", dump_bytes, "rg --count-matches -j1 dump.sql"),
    ("rg --count-matches -j1 small", small_bytes, None),
    ("snuffel -j1 small", small_bytes, "rg --count-matches -j1 small"),
    ("rg --count-matches -j2 small", small_bytes, None),
    ("snuffel -j2 small", small_bytes, "rg --count-matches -j2 small"),
    ("baseline rg --count-matches -j1 dump.sql", dump_bytes, None),
    ("baseline snuffel -j1 dump.sql", dump_bytes, "baseline rg --count-matches -j1 dump.sql"),
    ("baseline rg --count-matches -j2 small", small_bytes, None),
    ("baseline snuffel -j2 small", small_bytes, "baseline rg --count-matches -j2 small"),
]
print(f"{'command':<46} {'median s':>9} {'MB/s':>8} {'vs rg':>7} {'RSS MB':>7}")
for cmd, nbytes, base in rows:
    m = med.get(cmd)
    if m is None:
        continue
    ratio = f"{m / med[base]:.2f}x" if base in med else "-"
    r = rss.get(cmd, "").strip()
    r = f"{int(r) / 1024:.1f}" if r else "-"
    print(f"{cmd:<46} {m:>9.3f} {nbytes / 1e6 / m:>8.1f} {ratio:>7} {r:>7}")
if "snuffel -j1 small" in med and "snuffel -j2 small" in med:
    print(f"snuffel speed-up from 1 to 2 threads on small/: {med['snuffel -j1 small'] / med['snuffel -j2 small']:.2f}x")
print(f"(dump.sql {dump_bytes / 1e6:.1f} MB, small/ {small_bytes / 1e6:.1f} MB; MB = 10^6 bytes)")
PY
echo "hyperfine JSON in $OUT/*.json; summary: $OUT/summary.txt" >&2

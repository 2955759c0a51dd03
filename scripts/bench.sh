#!/usr/bin/env bash
# Accuracy and speed benchmark for the linking pipeline. Makes data with `reconcile generate`,
# runs `reconcile run` on it under /usr/bin/time, and scores it with `reconcile evaluate`.
#
#   scripts/bench.sh                 # 10k and 100k rows, census, dedupe, high noise
#   SIZES="10000 100000 1000000" scripts/bench.sh   # add the 1M-row run (needs ~2 GB disk in $WORK)
#   PEER=none scripts/bench.sh       # skip the Splink peer run
#
# Prints one Markdown table row per case: case, rows, wall s, CPU s, peak MB, candidate pairs, P, R, F1.
# Then, unless PEER=none, runs Splink (Python, DuckDB) on the records.csv of each size case and
# scores its clusters with `reconcile evaluate --clusters`: one more table, reconcile beside Splink.
# Splink is installed from PyPI into a virtualenv ($VENV); when that fails (e.g. offline) the peer
# is skipped with a note and the rest of the benchmark stands.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${WORK:-$(mktemp -d)}
SIZES=${SIZES:-"10000 100000"}
PEER=${PEER:-splink}
VENV=${VENV:-$HOME/.cache/reconcile-bench/venv}
# The versions docs/benchmarks.md reports; change both together.
SPLINK_PINS="splink==4.0.17 duckdb==2.0.1"
cargo build --release --quiet
R=target/release/reconcile

# score FILE KEY: one score from `reconcile evaluate --json` output, to 4 places.
score() { python3 -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["scores"][sys.argv[2]])' "$1" "$2"; }

# ratio THEIRS OURS: how many times more the peer took, one decimal ("-" if ours rounds to 0).
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else printf "-" }'; }

measure() { # name rows truth outdir -- run args...
    local name=$1 rows=$2 truth=$3 out=$4; shift 5
    local t
    t=$( { /usr/bin/time -f "%e %U %S %M" "$R" run -q --out "$out" "$@" ; } 2>&1 | tail -1)
    read -r wall user sys rss <<<"$t"
    local cpu; cpu=$(echo "$user + $sys" | bc)
    "$R" evaluate --json --truth "$truth" --out "$out" > "$out.eval.json"
    local p r f pairs
    p=$(score "$out.eval.json" precision)
    r=$(score "$out.eval.json" recall)
    f=$(score "$out.eval.json" f1)
    pairs=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["counts"]["candidate_pairs"])' "$out/summary.json")
    echo "| $name | $rows | $wall | $cpu | $((rss / 1024)) | $pairs | $p | $r | $f |"
    OURS="$wall | $cpu | $((rss / 1024)) | $f"
    OURS_WALL=$wall OURS_CPU=$cpu
}

# Makes the virtualenv with the pinned Splink; on failure prints why and turns the peer off.
setup_peer() {
    [ "$PEER" = splink ] || { PEER_NOTE="peer skipped: PEER=$PEER"; PEER=none; return; }
    local log="$WORK/peer-install.log"
    if { [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"; } >"$log" 2>&1 &&
        "$VENV/bin/pip" install -q $SPLINK_PINS >>"$log" 2>&1 &&
        "$VENV/bin/python" -c 'import splink, duckdb' >>"$log" 2>&1; then
        PEER_NOTE="peer: $("$VENV/bin/python" -c 'import splink, duckdb; print("splink", splink.__version__, "duckdb", duckdb.__version__)')"
    else
        PEER_NOTE="peer skipped: could not install $SPLINK_PINS into $VENV ($(tail -1 "$log"))"
        PEER=none
    fi
}

# peer_case name rows truth outdir: Splink on the records.csv of a finished run, scored like ours.
PEER_ROWS=()
peer_case() {
    local name=$1 rows=$2 truth=$3 out=$4
    local clusters="$out.splink-clusters.csv" tf="$out.splink-time" log="$out.splink.log"
    if ! /usr/bin/time -o "$tf" -f "%e %U %S %M" "$VENV/bin/python" scripts/peer/splink_run.py \
        "$out/records.csv" "$clusters" >"$log" 2>&1; then
        PEER_ROWS+=("| $name | $rows | $OURS | failed: see $log | | | | | |")
        return
    fi
    read -r wall user sys rss < <(tail -1 "$tf")
    local cpu; cpu=$(echo "$user + $sys" | bc)
    if ! "$R" evaluate --json --truth "$truth" --out "$out" --clusters "$clusters" > "$out.splink.eval.json"; then
        PEER_ROWS+=("| $name | $rows | $OURS | $wall | $cpu | $((rss / 1024)) | not scored: see $out.splink.eval.json | | |")
        return
    fi
    local f; f=$(score "$out.splink.eval.json" f1)
    local ratio; ratio=$(ratio "$wall" "$OURS_WALL")
    local cpu_ratio; cpu_ratio=$(ratio "$cpu" "$OURS_CPU")
    PEER_ROWS+=("| $name | $rows | $OURS | $wall | $cpu | $((rss / 1024)) | $f | ${ratio}× | ${cpu_ratio}× |")
}

setup_peer
echo "| case | rows | wall s | CPU s | peak MB | candidate pairs | precision | recall | F1 |"
echo "|---|---|---|---|---|---|---|---|---|"
for rows in $SIZES; do
    persons=$((rows * 34 / 100))
    d="$WORK/timpora-$rows"
    [ -d "$d" ] || "$R" generate -q --persons "$persons" --seed 21 --csv-only --out "$d"
    n=$(($(wc -l < "$d/truth/truth_records.csv") - 1))
    measure "timpora default noise (CSV)" "$n" "$d/truth/truth_records.csv" "$d.out" -- "$d" --as-of 2025-06-01
    [ "$PEER" = none ] || peer_case "timpora default noise (CSV)" "$n" "$d/truth/truth_records.csv" "$d.out"
done
d="$WORK/timpora-xlsx"
[ -d "$d" ] || "$R" generate -q --persons 3400 --seed 23 --out "$d"
n=$(($(wc -l < "$d/truth/truth_records.csv") - 1))
measure "timpora default noise (XLSX)" "$n" "$d/truth/truth_records.csv" "$d.out" -- "$d" --as-of 2025-06-01
d="$WORK/timpora-high"
[ -d "$d" ] || "$R" generate -q --persons 3400 --seed 24 --noise high --csv-only --out "$d"
n=$(($(wc -l < "$d/truth/truth_records.csv") - 1))
measure "timpora high noise" "$n" "$d/truth/truth_records.csv" "$d.out" -- "$d" --as-of 2025-06-01
d="$WORK/census"
[ -d "$d" ] || "$R" generate -q --profile census --persons 5000 --seed 3 --out "$d"
measure "census, 2 registers x 5,000 (config)" 10000 "$d/truth/truth_records.csv" "$d.out" -- --config "$d/census.toml"
d="$WORK/dedupe"
[ -d "$d" ] || "$R" generate -q --profile census-dedupe --persons 5000 --seed 4 --out "$d"
n=$(($(wc -l < "$d/truth/truth_records.csv") - 1))
measure "census dedupe, 1-5 records per person" "$n" "$d/truth/truth_records.csv" "$d.out" -- --config "$d/census_dedupe.toml"
echo
echo "$PEER_NOTE"
if [ ${#PEER_ROWS[@]} -gt 0 ]; then
    echo
    echo "| case | rows | reconcile wall s | CPU s | peak MB | F1 | Splink wall s | CPU s | peak MB | F1 | wall ratio | CPU ratio |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${PEER_ROWS[@]}"
fi
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); data in $WORK"

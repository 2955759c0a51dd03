#!/usr/bin/env bash
# Accuracy and speed benchmark for the linking pipeline. Makes data with `reconcile generate`,
# runs `reconcile run` on it under /usr/bin/time, and scores it with `reconcile evaluate`.
#
#   scripts/bench.sh                 # 10k and 100k rows, census, dedupe, high noise
#   SIZES="10000 100000 1000000" scripts/bench.sh   # add the 1M-row run (needs ~2 GB disk in $WORK)
#
# Prints one Markdown table row per case: case, rows, wall s, CPU s, peak MB, candidate pairs, P, R, F1.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=${WORK:-$(mktemp -d)}
SIZES=${SIZES:-"10000 100000"}
cargo build --release --quiet
R=target/release/reconcile

measure() { # name rows truth outdir -- run args...
    local name=$1 rows=$2 truth=$3 out=$4; shift 5
    local t
    t=$( { /usr/bin/time -f "%e %U %S %M" "$R" run -q --out "$out" "$@" ; } 2>&1 | tail -1)
    read -r wall user sys rss <<<"$t"
    local cpu; cpu=$(echo "$user + $sys" | bc)
    local eval; eval=$("$R" evaluate --json --truth "$truth" --out "$out")
    local p r f pairs
    p=$(echo "$eval" | python3 -c 'import json,sys; print("%.4f" % json.load(sys.stdin)["scores"]["precision"])')
    r=$(echo "$eval" | python3 -c 'import json,sys; print("%.4f" % json.load(sys.stdin)["scores"]["recall"])')
    f=$(echo "$eval" | python3 -c 'import json,sys; print("%.4f" % json.load(sys.stdin)["scores"]["f1"])')
    pairs=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["counts"]["candidate_pairs"])' "$out/summary.json")
    echo "| $name | $rows | $wall | $cpu | $((rss / 1024)) | $pairs | $p | $r | $f |"
}

echo "| case | rows | wall s | CPU s | peak MB | candidate pairs | precision | recall | F1 |"
echo "|---|---|---|---|---|---|---|---|---|"
for rows in $SIZES; do
    persons=$((rows * 34 / 100))
    d="$WORK/timpora-$rows"
    [ -d "$d" ] || "$R" generate -q --persons "$persons" --seed 21 --csv-only --out "$d"
    n=$(($(wc -l < "$d/truth/truth_records.csv") - 1))
    measure "timpora default noise (CSV)" "$n" "$d/truth/truth_records.csv" "$d.out" -- "$d" --as-of 2025-06-01
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
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); data in $WORK"

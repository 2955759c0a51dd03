#!/usr/bin/env bash
# A short fuzzing smoke run, the one CI does (issue #7): builds every fuzz target and runs each
# from its committed corpus for RUNS inputs (default 10,000) with a fixed seed, so a red run can be
# replayed. It catches a change that breaks on inputs near the corpus; the long runs that find
# new bugs are done by hand (docs/reliability.md, "Fuzzing").
#
#   scripts/fuzz-smoke.sh            # every target
#   RUNS=20000 scripts/fuzz-smoke.sh
#
# cargo-fuzz passes flags that only nightly Rust accepts; RUSTC_BOOTSTRAP=1 lets the stable
# toolchain take them. A failure leaves its input in fuzz/artifacts/ and prints the fuzzer's log.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
RUNS=${RUNS:-10000}
if ! command -v cargo-fuzz >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked --version 0.13.2
fi
export RUSTC_BOOTSTRAP=1
cargo fuzz build -s none -O
bin="target/$(rustc -vV | sed -n 's/^host: //p')/release"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p artifacts
for target in $(cargo fuzz list); do
    # New inputs go to a scratch directory: the committed corpus is only read.
    mkdir -p "$scratch/$target"
    if ! "$bin/$target" -seed=1 -runs="$RUNS" -rss_limit_mb=2048 -timeout=60 \
        -print_final_stats=1 -artifact_prefix="artifacts/$target-" \
        "$scratch/$target" "corpus/$target" >"$scratch/$target.log" 2>&1; then
        tail -40 "$scratch/$target.log"
        echo "fuzz smoke: $target failed; its input is in fuzz/artifacts/" >&2
        exit 1
    fi
    final_stat() { grep -o "$1: *[0-9]*" "$scratch/$target.log" | grep -o '[0-9]*$'; }
    echo "fuzz smoke: $target: $(final_stat number_of_executed_units) inputs, peak $(final_stat peak_rss_mb) MB"
done

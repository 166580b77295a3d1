#!/usr/bin/env bash
# What --compare-to costs: `analyze` against `analyze --compare-to` on the same
# generated data, alternating, in one run; prints the medians, the ratio and
# the peak memory of each (issue 16: less than 2x a single analyze).
#
#   bash bench/compare_to.sh [CUSTOMERS]     (default 75000: about 10M transaction rows)
#
# Data is generated once into $BENCH_DATA (default ~/.cache/clientgrade-bench).
# RUNS (default 3) runs of each, interleaved. Seconds are wall time of the
# whole process (/usr/bin/time), so reading, grading, the lifetime models and
# writing every output are all in.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
customers="${1:-75000}"
runs="${RUNS:-3}"
data="${BENCH_DATA:-$HOME/.cache/clientgrade-bench}/analyze-$customers"
as_of=2025-12-31
compare_to=2024-12-31
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet -p clientgrade-cli
cg="${CARGO_TARGET_DIR:-target}/release/clientgrade"
ensure_generated "$cg" "$data" "$customers" 1 csv
inputs=(--transactions "$data/transactions.csv" --customers "$data/customers.csv"
    --invoices "$data/invoices.csv" --service "$data/service.csv"
    --complaints "$data/complaints.csv" --as-of "$as_of")
rows=$(($(wc -l <"$data/transactions.csv") - 1))

# one NAME ARGS...: one timed run, appends "seconds peak_kb cpu_seconds" to $work/NAME
one() {
    local name="$1"
    shift
    rm -rf "$work/out"
    timed "$work/$name" "$cg" analyze "${inputs[@]}" "$@" --out "$work/out"
}
for i in $(seq "$runs"); do
    one single
    one compared --compare-to "$compare_to"
    echo "run $i of $runs done" >&2
done
s1=$(column_median "$work/single" 1)
s2=$(column_median "$work/compared" 1)
m1=$(column_median "$work/single" 2)
m2=$(column_median "$work/compared" 2)
printf "%s customers, %s transaction rows, %s runs each, load average %s\n" \
    "$customers" "$rows" "$runs" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-32s %10s %12s\n" "" "median s" "peak MB"
printf "%-32s %10.2f %12d\n" "analyze" "$s1" $((m1 / 1024))
printf "%-32s %10.2f %12d\n" "analyze --compare-to $compare_to" "$s2" $((m2 / 1024))
awk -v a="$s1" -v b="$s2" 'BEGIN {printf "ratio --compare-to / analyze: %.2fx (issue 16 target: < 2x)\n", b / a}'

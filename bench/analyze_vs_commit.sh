#!/usr/bin/env bash
# The whole analysis against an earlier commit: `clientgrade analyze` built at
# BASE and at the working tree, run alternately on the same generated data
# (all five tables), medians of wall time and peak memory printed side by side
# with the ratio, and the two output folders compared file by file.
#
#   bash bench/analyze_vs_commit.sh BASE [CUSTOMERS]     (default 75000: about 10M rows in all)
#
# BASE is built in a temporary git worktree with its own target dir
# ($BASE_TARGET, default ~/.cache/clientgrade-bench-base). Data is generated
# once by the working tree's build (seed 1) into $BENCH_DATA (default
# ~/.cache/clientgrade-bench). RUNS (default 3) runs of each, interleaved.
# Seconds are wall time and CPU time (user + system) of the whole process
# (/usr/bin/time): reading, grading, the lifetime models and writing every
# output. CPU time moves less than wall time when other work shares the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
base="${1:?usage: bench/analyze_vs_commit.sh BASE [CUSTOMERS]}"
customers="${2:-75000}"
runs="${RUNS:-3}"
data="${BENCH_DATA:-$HOME/.cache/clientgrade-bench}/analyze-$customers"
base_target="${BASE_TARGET:-$HOME/.cache/clientgrade-bench-base}"
as_of=2025-12-31
work="$(mktemp -d)"
tree="$work/base-tree"
cleanup() { remove_worktree "$tree"; rm -rf "$work"; }
trap cleanup EXIT
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

target="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet -p clientgrade-cli
new="$work/cg_new"
cp "$target/release/clientgrade" "$new"
build_at "$base" "$base_target" "$tree" -p clientgrade-cli
old="$work/cg_base"
cp "$base_target/release/clientgrade" "$old"
label="$(git rev-parse --short "$base")"

ensure_generated "$new" "$data" "$customers" 1 csv
inputs=(--transactions "$data/transactions.csv" --customers "$data/customers.csv"
    --invoices "$data/invoices.csv" --service "$data/service.csv"
    --complaints "$data/complaints.csv" --as-of "$as_of")
rows=$(cat "$data"/*.csv | wc -l)

# one NAME BINARY: one timed run into $work/out-NAME, appends "seconds peak_kb cpu_seconds" to $work/NAME
one() {
    rm -rf "$work/out-$1"
    timed "$work/$1" "$2" analyze "${inputs[@]}" --out "$work/out-$1"
}
for i in $(seq "$runs"); do
    one base "$old"
    one head "$new"
    echo "run $i of $runs done" >&2
done
sb=$(column_median "$work/base" 1)
sh=$(column_median "$work/head" 1)
mb=$(column_median "$work/base" 2)
mh=$(column_median "$work/head" 2)
cb=$(column_median "$work/base" 3)
ch=$(column_median "$work/head" 3)
printf "%s customers, %s rows in five tables, %s runs each, load average at the end %s\n" \
    "$customers" "$rows" "$runs" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-12s %10s %10s %10s\n" "" "$label" "HEAD" "HEAD/base"
awk -v a="$sb" -v b="$sh" 'BEGIN {printf "%-12s %10.2f %10.2f %9.3fx\n", "median s", a, b, b / a}'
awk -v a="$cb" -v b="$ch" 'BEGIN {printf "%-12s %10.2f %10.2f %9.3fx\n", "median CPU s", a, b, b / a}'
awk -v a="$mb" -v b="$mh" 'BEGIN {printf "%-12s %10d %10d %9.3fx\n", "peak MB", a / 1024, b / 1024, b / a}'
echo "outputs of the last run, file by file:"
for f in $(cd "$work/out-head" && ls) ; do
    if cmp -s "$work/out-base/$f" "$work/out-head/$f"; then
        echo "  $f: identical"
    elif [ -f "$work/out-base/$f" ]; then
        echo "  $f: differs ($(diff "$work/out-base/$f" "$work/out-head/$f" 2>/dev/null | grep -c '^>' || true) lines)"
    else
        echo "  $f: only at HEAD"
    fi
done

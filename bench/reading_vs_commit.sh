#!/usr/bin/env bash
# Reading speed against an earlier commit: the per-customer aggregation that
# `analyze` runs (crates/clientgrade-data/examples/aggregate_peer.rs) built at
# BASE and at the working tree, run alternately on the same generated files,
# medians and the ratio printed side by side, outputs checked to be equal.
#
#   bash bench/reading_vs_commit.sh BASE [ROWS]     (default ROWS 10000000)
#
# BASE is any commit that has examples/aggregate_peer.rs (e.g. 6d999da, the
# reader before issue 12). It is built in a temporary git worktree with its
# own target dir ($BASE_TARGET, default ~/.cache/clientgrade-bench-base).
# Data as in aggregate_vs_peers.sh (seed 7, about 133 rows per customer, CSV
# and Parquet, cached in $BENCH_DATA). RUNS (default 5) runs of each,
# interleaved; seconds measured inside the process (read + aggregate + write).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
base="${1:?usage: bench/reading_vs_commit.sh BASE [ROWS]}"
rows="${2:-10000000}"
runs="${RUNS:-5}"
data="${BENCH_DATA:-$HOME/.cache/clientgrade-bench}"
base_target="${BASE_TARGET:-$HOME/.cache/clientgrade-bench-base}"
as_of=2025-12-31
work="$(mktemp -d)"
tree="$work/base-tree"
cleanup() { remove_worktree "$tree"; rm -rf "$work"; }
trap cleanup EXIT

target="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet -p clientgrade-cli -p clientgrade-data --example aggregate_peer
cg="$target/release/clientgrade"
new="$work/aggregate_new"
cp "$target/release/examples/aggregate_peer" "$new"
build_at "$base" "$base_target" "$tree" -p clientgrade-data --example aggregate_peer
old="$work/aggregate_base"
cp "$base_target/release/examples/aggregate_peer" "$old"
label="$(git rev-parse --short "$base")"

customers=$(( (rows + 132) / 133 ))
printf "%-8s %-8s %12s %12s %9s %8s\n" format rows "$label s" "HEAD s" "HEAD/base" differ >"$work/table"
for format in csv parquet; do
    dir="$data/$customers-$format"
    ensure_generated "$cg" "$dir" "$customers" 7 "$format"
    file="$dir/transactions.$format"
    : >"$work/old.times"
    : >"$work/new.times"
    for i in $(seq "$runs"); do
        "$old" "$file" "$as_of" "$work/old.csv" | awk '{print $NF}' >>"$work/old.times"
        "$new" "$file" "$as_of" "$work/new.csv" | awk '{print $NF}' >>"$work/new.times"
    done
    differ=$(diff "$work/old.csv" "$work/new.csv" | grep -c '^>' || true)
    if [ "$differ" -gt 0 ]; then
        # a base before issue 12 counted distinct orders by a colliding hash
        echo "$format: $differ customers aggregated differently by the two builds, e.g.:" >&2
        diff "$work/old.csv" "$work/new.csv" | head -4 >&2
    fi
    o=$(median <"$work/old.times")
    n=$(median <"$work/new.times")
    n_rows=$("$new" "$file" "$as_of" "$work/new.csv" | awk '{print $5}')
    awk -v f="$format" -v r="$n_rows" -v o="$o" -v n="$n" -v d="$differ" \
        'BEGIN {printf "%-8s %-8s %12.3f %12.3f %8.3fx %8d\n", f, r, o, n, n / o, d}' >>"$work/table"
done
echo
echo "median of $runs interleaved runs; seconds = read + aggregate + write inside the process;"
echo "HEAD/base above 1 means the working tree is slower; differ = customers whose sums differ"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$work/table"

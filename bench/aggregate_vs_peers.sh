#!/usr/bin/env bash
# Per-customer aggregation: clientgrade against DuckDB and Polars on the same
# generated files (CSV and Parquet), one run, printed side by side with ratios.
#
#   bash bench/aggregate_vs_peers.sh [ROWS ...]      (default: 1000000 10000000)
#
# ROWS are approximate transaction rows (clientgrade generate writes about 133
# per customer); 100000000 works too (about 6 GB of CSV, generated once).
# Data is cached in $BENCH_DATA (default ~/.cache/clientgrade-bench). DuckDB and
# Polars come from PyPI into bench/.venv on first use. Each engine runs RUNS
# times (default 3), interleaved; the medians of the in-process seconds (read +
# aggregate + write the per-customer CSV) and of the peak resident memory of
# the whole process (/usr/bin/time) are printed, and all three results are
# checked to agree customer by customer before any ratio is shown.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 10000000)
runs="${RUNS:-3}"
data="${BENCH_DATA:-$HOME/.cache/clientgrade-bench}"
as_of=2025-12-31
py=bench/.venv/bin/python
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! "$py" -c "import duckdb, polars" 2>/dev/null; then
    [ -x "$py" ] || python3 -m venv bench/.venv
    bench/.venv/bin/pip install --quiet "duckdb==2.0.0" "polars==2.1.0"
fi
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet -p clientgrade-cli -p clientgrade-data --example aggregate_peer
cg=target/release/clientgrade
peer=target/release/examples/aggregate_peer


# run NAME OUT.csv CMD...: one timed run; appends "seconds rss_kb" to $work/NAME.times
run() {
    local name="$1" out="$2"
    shift 2
    /usr/bin/time -f "%M" -o "$work/rss" "$@" >"$work/line"
    local secs
    secs=$(awk '{print $NF}' "$work/line")
    echo "$secs $(cat "$work/rss")" >>"$work/$name.times"
    cp "$work/line" "$work/$name.line"
}

printf "\n%-8s %-7s %11s %9s | %9s %9s %9s | %8s %8s | %8s %8s %8s\n" \
    rows format customers "file MB" "cg s" "duckdb s" "polars s" "dd/cg" "pl/cg" "cg MB" "dd MB" "pl MB" >"$work/table"
for rows in "${sizes[@]}"; do
    customers=$(( (rows + 132) / 133 ))
    for format in csv parquet; do
        dir="$data/$customers-$format"
        ensure_generated "$cg" "$dir" "$customers" 7 "$format"
        file="$dir/transactions.$format"
        rm -f "$work"/*.times
        for i in $(seq "$runs"); do
            run clientgrade "$work/cg.csv" "$peer" "$file" "$as_of" "$work/cg.csv"
            run duckdb "$work/dd.csv" "$py" bench/aggregate_peers.py duckdb "$file" "$as_of" "$work/dd.csv"
            run polars "$work/pl.csv" "$py" bench/aggregate_peers.py polars "$file" "$as_of" "$work/pl.csv"
        done
        echo "== $format, $customers customers ($file)" >&2
        cat "$work/clientgrade.line" "$work/duckdb.line" "$work/polars.line" >&2
        "$py" bench/aggregate_peers.py check "$work/cg.csv" "$work/dd.csv" "$work/pl.csv" >&2
        n=$(awk '{print $5}' "$work/clientgrade.line")
        mb=$(du -m "$file" | cut -f1)
        c=$(column_median "$work/clientgrade.times" 1)
        d=$(column_median "$work/duckdb.times" 1)
        p=$(column_median "$work/polars.times" 1)
        cm=$(column_median "$work/clientgrade.times" 2)
        dm=$(column_median "$work/duckdb.times" 2)
        pm=$(column_median "$work/polars.times" 2)
        awk -v r="$n" -v f="$format" -v cu="$customers" -v mb="$mb" -v c="$c" -v d="$d" -v p="$p" \
            -v cm="$cm" -v dm="$dm" -v pm="$pm" 'BEGIN {
            printf "%-8s %-7s %11d %9d | %9.3f %9.3f %9.3f | %7.2fx %7.2fx | %8.0f %8.0f %8.0f\n",
                r, f, cu, mb, c, d, p, d / c, p / c, cm / 1024, dm / 1024, pm / 1024 }' >>"$work/table"
    done
done
echo
echo "median of $runs runs; seconds = read + aggregate + write inside the process;"
echo "dd/cg, pl/cg = how many times faster clientgrade is; MB = peak resident memory"
cat "$work/table"

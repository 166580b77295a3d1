#!/usr/bin/env bash
# BG/NBD + Gamma–Gamma fit: clientgrade against the Python `lifetimes` package,
# same simulated summary, one run, printed side by side with the ratio.
#
#   bash bench/btyd_vs_lifetimes.sh [CUSTOMERS]     (default 1000000)
#
# Installs lifetimes from PyPI into bench/.venv on first use. Timings are the
# fits only (reading the CSV is excluded on both sides); each side fits once
# per run, the script runs RUNS times (default 3) and reports medians.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
n="${1:-1000000}"
runs="${RUNS:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ ! -x bench/.venv/bin/python ]; then
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install --quiet "lifetimes==0.11.3" "pandas<2.2" "numpy<2" "scipy<1.13"
fi
cargo build --release --quiet -p clientgrade-btyd --example btyd_peer
peer=target/release/examples/btyd_peer
"$peer" simulate "$n" "$work/summary.csv"

cat > "$work/fit.py" <<'PY'
import sys, time
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
d = pd.read_csv(sys.argv[1])
t = time.perf_counter()
bg = BetaGeoFitter(penalizer_coef=0.0).fit(d["frequency"], d["recency"], d["T"])
t_bg = time.perf_counter() - t
r = d[(d["frequency"] > 0) & (d["monetary_value"] > 0)]
t = time.perf_counter()
gg = GammaGammaFitter(penalizer_coef=0.0).fit(r["frequency"], r["monetary_value"])
t_gg = time.perf_counter() - t
p = bg.params_
print("lifetimes bgnbd %.6f %.6f %.6f %.6f seconds %.3f" % (p["r"], p["alpha"], p["a"], p["b"], t_bg))
q = gg.params_
print("lifetimes gammagamma %.6f %.6f %.6f seconds %.3f" % (q["p"], q["q"], q["v"], t_gg))
PY

for i in $(seq "$runs"); do
    "$peer" fit "$work/summary.csv" >>"$work/cg.txt"
    bench/.venv/bin/python "$work/fit.py" "$work/summary.csv" >>"$work/lt.txt"
done
for model in bgnbd gammagamma; do
    cg=$(grep " $model " "$work/cg.txt" | awk '{print $NF}' | median)
    lt=$(grep " $model " "$work/lt.txt" | awk '{print $NF}' | median)
    echo "== $model on $n customers, median of $runs runs"
    grep " $model " "$work/cg.txt" | tail -1
    grep " $model " "$work/lt.txt" | tail -1
    awk -v a="$cg" -v b="$lt" 'BEGIN {printf "clientgrade %.3f s, lifetimes %.3f s: clientgrade is %.1fx faster\n", a, b, b / a}'
done

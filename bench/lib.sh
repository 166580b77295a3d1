# Shared by the scripts in bench/ (sourced from the repository root, not run).

# The median of the numbers on standard input, one per line.
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# column_median FILE N: the median of the N-th column of FILE.
column_median() { awk -v n="$2" '{print $n}' "$1" | median; }

# timed FILE CMD...: run CMD (its output discarded) under /usr/bin/time and
# append "wall_seconds peak_kb cpu_seconds" to FILE (CPU = user + system).
# A failing CMD stops the benchmark: its time would measure something else.
timed() {
    local file="$1" t
    shift
    t="$(mktemp)"
    if ! /usr/bin/time -f "%e %M %U %S" -o "$t" "$@" >"$t.out" 2>&1; then
        echo "failed: $* (exit status and output below)" >&2
        cat "$t" "$t.out" >&2
        rm -f "$t" "$t.out"
        return 1
    fi
    awk '{print $1, $2, $3 + $4}' "$t" >>"$file"
    rm -f "$t" "$t.out"
}

# ensure_generated CG DIR CUSTOMERS SEED FORMAT: `clientgrade generate` into
# DIR once; a DIR that already holds its transactions table is kept as a cache.
ensure_generated() {
    local cg="$1" dir="$2" customers="$3" seed="$4" format="$5"
    if [ ! -s "$dir/transactions.$format" ]; then
        echo "generating $customers customers as $format into $dir" >&2
        rm -rf "$dir"
        "$cg" generate --customers "$customers" --seed "$seed" --format "$format" --out "$dir" >/dev/null
    fi
}

# build_at BASE BASE_TARGET DIR CARGO_ARGS...: check out BASE in a git worktree
# at DIR (removed by `remove_worktree DIR`) and `cargo build --release` it with
# its own target dir.
build_at() {
    local base="$1" base_target="$2" tree="$3"
    shift 3
    git worktree add --detach --quiet "$tree" "$base"
    (cd "$tree" && CARGO_TARGET_DIR="$base_target" cargo build --release --quiet "$@")
}

# remove_worktree DIR: undo build_at's worktree (quietly, if it is there).
remove_worktree() { git worktree remove --force "$1" 2>/dev/null || true; }

# Shared by the scripts in bench/ (sourced from the repository root, not run).

# The median of the numbers on standard input, one per line.
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

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

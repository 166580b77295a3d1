"""Peers of bench/aggregate_vs_peers.sh: the same per-customer aggregation in DuckDB and Polars, and the agreement check.

    python aggregate_peers.py duckdb|polars TRANSACTIONS AS_OF OUT.csv
    python aggregate_peers.py check CLIENTGRADE.csv DUCKDB.csv POLARS.csv

Each engine reads the file (CSV or Parquet, its own type detection), keeps rows
dated up to AS_OF and computes, per customer, the sums clientgrade's loader
computes (12-month window ending at AS_OF, the 12 months before it, lifetime),
then writes a CSV. It prints the seconds of read + aggregate + write, measured
inside the process (interpreter start and imports excluded).
"""
import calendar
import datetime as dt
import sys
import time

COLUMNS = [
    "customer_id", "revenue_lifetime", "revenue", "revenue_previous", "gross_sales",
    "returns", "cost", "discounts", "lines", "orders", "orders_lifetime", "products",
    "purchase_days", "first_purchase", "last_purchase",
]
MONEY = COLUMNS[1:8]
COUNTS = COLUMNS[8:13]


def months_before(d, n):
    """The same day n months earlier, clamped to the month's last day."""
    y, m = divmod(d.year * 12 + d.month - 1 - n, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def bounds(as_of):
    a = dt.date.fromisoformat(as_of)
    return a, months_before(a, 12), months_before(a, 24)


def run_duckdb(path, as_of, out):
    import duckdb

    a, start, prev = bounds(as_of)
    src = f"read_parquet('{path}')" if path.endswith(".parquet") else f"read_csv('{path}')"
    t = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"""
        COPY (
          SELECT customer_id,
            sum(amount) AS revenue_lifetime,
            coalesce(sum(amount) FILTER (WHERE date > DATE '{start}'), 0) AS revenue,
            coalesce(sum(amount) FILTER (WHERE date <= DATE '{start}' AND date > DATE '{prev}'), 0) AS revenue_previous,
            coalesce(sum(amount) FILTER (WHERE date > DATE '{start}' AND amount >= 0), 0) AS gross_sales,
            coalesce(-sum(amount) FILTER (WHERE date > DATE '{start}' AND amount < 0), 0) AS returns,
            coalesce(sum(cost) FILTER (WHERE date > DATE '{start}'), 0) AS cost,
            coalesce(sum(discount) FILTER (WHERE date > DATE '{start}'), 0) AS discounts,
            count(*) FILTER (WHERE date > DATE '{start}') AS lines,
            count(DISTINCT invoice_id) FILTER (WHERE date > DATE '{start}' AND amount >= 0) AS orders,
            count(DISTINCT invoice_id) FILTER (WHERE amount >= 0) AS orders_lifetime,
            count(DISTINCT product) FILTER (WHERE date > DATE '{start}') AS products,
            count(DISTINCT date) FILTER (WHERE amount >= 0) AS purchase_days,
            min(date) FILTER (WHERE amount >= 0) AS first_purchase,
            max(date) FILTER (WHERE amount >= 0) AS last_purchase
          FROM {src}
          WHERE date <= DATE '{a}'
          GROUP BY customer_id
        ) TO '{out}' (HEADER, DELIMITER ',')
    """)
    secs = time.perf_counter() - t
    n = con.execute(f"SELECT count(*) FROM read_csv('{out}')").fetchone()[0]
    print(f"duckdb {duckdb.__version__} customers {n} seconds {secs:.3f}")


def run_polars(path, as_of, out):
    import polars as pl

    a, start, prev = bounds(as_of)
    t = time.perf_counter()
    lf = pl.scan_parquet(path) if path.endswith(".parquet") else pl.scan_csv(path, try_parse_dates=True)
    d, amt = pl.col("date"), pl.col("amount")
    cur = d > start
    buy = amt >= 0
    zero = lambda e: e.fill_null(0)
    res = (
        lf.filter(d <= a)
        .group_by("customer_id")
        .agg(
            amt.sum().alias("revenue_lifetime"),
            zero(amt.filter(cur).sum()).alias("revenue"),
            zero(amt.filter((d <= start) & (d > prev)).sum()).alias("revenue_previous"),
            zero(amt.filter(cur & buy).sum()).alias("gross_sales"),
            zero(-amt.filter(cur & (amt < 0)).sum()).alias("returns"),
            zero(pl.col("cost").filter(cur).sum()).alias("cost"),
            zero(pl.col("discount").filter(cur).sum()).alias("discounts"),
            cur.sum().alias("lines"),
            pl.col("invoice_id").filter(cur & buy).n_unique().alias("orders"),
            pl.col("invoice_id").filter(buy).n_unique().alias("orders_lifetime"),
            pl.col("product").filter(cur).n_unique().alias("products"),
            d.filter(buy).n_unique().alias("purchase_days"),
            d.filter(buy).min().alias("first_purchase"),
            d.filter(buy).max().alias("last_purchase"),
        )
        .collect(engine="streaming")
    )
    res.write_csv(out)
    secs = time.perf_counter() - t
    print(f"polars {pl.__version__} customers {res.height} seconds {secs:.3f}")


def check(paths):
    """Every customer in all three, counts and dates equal, money within a cent."""
    import duckdb

    names = ["clientgrade", "duckdb", "polars"]
    con = duckdb.connect()
    for n, p in zip(names, paths):
        con.execute(f"CREATE TABLE {n} AS SELECT * FROM read_csv('{p}', all_varchar = true)")
    counts = {n: con.execute(f"SELECT count(*) FROM {n}").fetchone()[0] for n in names}
    bad = 0
    for other in names[1:]:
        missing = con.execute(
            f"SELECT count(*) FROM clientgrade c FULL JOIN {other} o USING (customer_id) "
            "WHERE c.customer_id IS NULL OR o.customer_id IS NULL"
        ).fetchone()[0]
        money = " OR ".join(
            f"abs(coalesce(c.{m}, '0')::DECIMAL(38,4) - coalesce(o.{m}, '0')::DOUBLE) > 0.01" for m in MONEY
        )
        exact = " OR ".join(
            f"coalesce(c.{k}, '0')::BIGINT <> coalesce(o.{k}, '0')::BIGINT" for k in COUNTS
        ) + " OR " + " OR ".join(
            f"c.{k}::DATE IS DISTINCT FROM o.{k}::DATE" for k in ("first_purchase", "last_purchase")
        )
        differ = con.execute(
            f"SELECT count(*) FROM clientgrade c JOIN {other} o USING (customer_id) WHERE {money} OR {exact}"
        ).fetchone()[0]
        print(f"check clientgrade vs {other}: customers {counts['clientgrade']} vs {counts[other]}, "
              f"in one only {missing}, differing {differ}")
        bad += missing + differ
    if bad:
        sys.exit(1)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "duckdb":
        run_duckdb(*sys.argv[2:5])
    elif mode == "polars":
        run_polars(*sys.argv[2:5])
    elif mode == "check":
        check(sys.argv[2:5])
    else:
        sys.exit(f"unknown mode {mode}")

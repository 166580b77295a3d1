//! Helper of `bench/aggregate_vs_peers.sh`: the per-customer aggregation of `analyze` on one transactions file, written as CSV.
//!
//! `cargo run --release -p clientgrade-data --example aggregate_peer -- TRANSACTIONS AS_OF OUT.csv`
//!
//! Runs the same [`clientgrade_data::load`] that `clientgrade analyze` runs
//! (12-month window ending at AS_OF), writes the sums the peers compute, one
//! row per customer in first-seen order, and prints the seconds taken by
//! reading, aggregating and writing.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use clientgrade_core::Date;
use clientgrade_data::{load, NoProgress, SourceSpec, Sources, TableKind};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, as_of, out] = args.as_slice() else {
        eprintln!("usage: aggregate_peer TRANSACTIONS AS_OF OUT.csv");
        std::process::exit(2);
    };
    let as_of = Date::parse_iso(as_of).expect("AS_OF as YYYY-MM-DD");
    let start = Instant::now();
    let sources = Sources {
        transactions: SourceSpec::detect(TableKind::Transactions, Path::new(input)),
        customers: None,
        invoices: None,
        service: None,
        complaints: None,
    };
    let loaded = load(&sources, Some(as_of), 12, &NoProgress).expect("load");
    let mut w = std::io::BufWriter::new(std::fs::File::create(out).expect("create output"));
    writeln!(
        w,
        "customer_id,revenue_lifetime,revenue,revenue_previous,gross_sales,returns,cost,discounts,\
         lines,orders,orders_lifetime,products,purchase_days,first_purchase,last_purchase"
    )
    .unwrap();
    for f in &loaded.facts {
        let id = f.id.as_ref().map_or("", |id| id.expose());
        let day = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        writeln!(
            w,
            "{id},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            f.revenue_lifetime,
            f.revenue,
            f.revenue_previous,
            f.gross_sales,
            f.returns,
            f.cost_of_goods,
            f.discounts,
            f.lines,
            f.orders,
            f.orders_lifetime,
            f.products,
            f.purchase_days,
            day(f.first_purchase),
            day(f.last_purchase)
        )
        .unwrap();
    }
    w.flush().unwrap();
    let secs = start.elapsed().as_secs_f64();
    let rows = loaded.tables[0].used;
    println!(
        "clientgrade customers {} rows {rows} seconds {secs:.3}",
        loaded.facts.len()
    );
}

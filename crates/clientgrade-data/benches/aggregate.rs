//! Benchmark of the single pass (read + per-customer aggregation) on generated CSV and Parquet.
//!
//! `cargo bench -p clientgrade-data --bench aggregate`. The data (about 150
//! transaction rows per customer; 75,000 customers ≈ 10M rows by default,
//! `CLIENTGRADE_BENCH_CUSTOMERS` to change) is generated once into the target
//! folder and reused. The as-of date is given, as a user would with
//! `--as-of`, so the timing is one pass over the transactions.

use std::path::{Path, PathBuf};

use clientgrade_core::{Date, Value};
use clientgrade_data::{
    load, Column, CsvTableWriter, NoProgress, ParquetTableWriter, SourceSpec, Sources, TableKind,
    TableWriter,
};
use clientgrade_synth::{generate, Sink, SynthConfig, SynthTable};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

struct One(Box<dyn TableWriter>);

impl Sink for One {
    type Error = clientgrade_data::DataError;
    fn row(&mut self, t: SynthTable, row: &[Value<'_>]) -> Result<(), Self::Error> {
        if t == SynthTable::Transactions {
            self.0.write_row(row)?;
        }
        Ok(())
    }
}

fn dataset(customers: u64) -> (PathBuf, PathBuf, u64) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-{customers}"));
    let csv = dir.join("transactions.csv");
    let pq = dir.join("transactions.parquet");
    let stamp = dir.join("rows");
    if let Ok(rows) = std::fs::read_to_string(&stamp) {
        if let Ok(rows) = rows.trim().parse() {
            return (csv, pq, rows);
        }
    }
    std::fs::create_dir_all(&dir).expect("bench folder");
    let cols: Vec<Column> = SynthTable::Transactions
        .columns()
        .iter()
        .map(|(n, k)| Column::new(*n, *k))
        .collect();
    let config = SynthConfig::new(customers, 7);
    let mut rows = 0;
    for (path, parquet) in [(&csv, false), (&pq, true)] {
        let w: Box<dyn TableWriter> = if parquet {
            Box::new(ParquetTableWriter::create(path, &cols).expect("create"))
        } else {
            Box::new(CsvTableWriter::create(path, &cols).expect("create"))
        };
        let mut sink = One(w);
        let s = generate(&config, &mut sink).expect("generate");
        sink.0.finish().expect("finish");
        rows = s.rows(SynthTable::Transactions);
    }
    std::fs::write(&stamp, rows.to_string()).expect("stamp");
    (csv, pq, rows)
}

fn bench(c: &mut Criterion) {
    let customers: u64 = std::env::var("CLIENTGRADE_BENCH_CUSTOMERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(75_000);
    let (csv, pq, rows) = dataset(customers);
    let as_of = Date::from_ymd(2025, 12, 31);
    let mut g = c.benchmark_group("aggregate");
    g.sample_size(10);
    g.throughput(Throughput::Elements(rows));
    for (name, path) in [("csv", &csv), ("parquet", &pq)] {
        let sources = Sources {
            transactions: SourceSpec::detect(TableKind::Transactions, path),
            customers: None,
            invoices: None,
            service: None,
            complaints: None,
        };
        g.bench_function(format!("{name}/{rows}-rows"), |b| {
            b.iter(|| {
                let l = load(&sources, as_of, 12, &NoProgress).expect("load");
                assert_eq!(l.tables[0].used, rows);
                l.facts.len()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

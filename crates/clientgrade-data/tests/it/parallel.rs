//! Reading a CSV file in parallel chunks gives exactly what a sequential read gives.

use clientgrade_core::{Date, Value};
use clientgrade_data::{
    load, Column, CsvTableWriter, NoProgress, ParquetTableWriter, SourceSpec, TableKind,
    TableWriter,
};
use clientgrade_synth::{generate, Sink, SynthConfig, SynthTable};

use crate::folder;

struct Tx(Box<dyn TableWriter>);

impl Sink for Tx {
    type Error = clientgrade_data::DataError;
    fn row(&mut self, t: SynthTable, row: &[Value<'_>]) -> Result<(), Self::Error> {
        if t == SynthTable::Transactions {
            self.0.write_row(row)?;
        }
        Ok(())
    }
}

#[test]
fn parallel_chunks_equal_a_sequential_read() {
    let dir = folder("parallel");
    let path = dir.join("t.csv");
    let cols: Vec<Column> = SynthTable::Transactions
        .columns()
        .iter()
        .map(|(n, k)| Column::new(*n, *k))
        .collect();
    let mut config = SynthConfig::new(300, 4);
    config.messy = 0.02;
    let mut sink = Tx(Box::new(CsvTableWriter::create(&path, &cols).unwrap()));
    generate(&config, &mut sink).unwrap();
    sink.0.finish().unwrap();
    // the same rows as Parquet in row groups of 5,000
    let pq = dir.join("t.parquet");
    let mut config = SynthConfig::new(300, 4);
    config.messy = 0.0;
    let mut sink = Tx(Box::new(
        ParquetTableWriter::with_row_group_rows(&pq, &cols, 5_000).unwrap(),
    ));
    generate(&config, &mut sink).unwrap();
    sink.0.finish().unwrap();

    let run_file = |path: &std::path::Path, threads: usize| {
        let mut spec = SourceSpec::detect(TableKind::Transactions, path);
        spec.threads = Some(threads);
        load(
            &crate::tx_only(spec),
            Date::from_ymd(2025, 6, 30),
            12,
            &NoProgress,
        )
        .unwrap()
    };
    for file in [&path, &pq] {
        let one = run_file(file, 1);
        // 16 threads for 8 row groups: each run decodes ahead on a second thread
        for threads in [2, 3, 7, 16] {
            let many = run_file(file, threads);
            assert_eq!(one.facts, many.facts, "{threads} threads");
            assert_eq!(one.tables[0], many.tables[0], "{threads} threads");
        }
    }
    let t = &run_file(&path, 1).tables[0];
    assert!(
        t.rejected > 50 && t.skipped_total() > 1000,
        "{}",
        t.summary_line()
    );
}

//! `--compare-to`: one pass gives the earlier date's facts exactly as a separate read as of that date does.

use std::collections::BTreeMap;
use std::path::Path;

use clientgrade_core::{CustomerFacts, Date, Value};
use clientgrade_data::{
    load, load_compared, Column, CsvTableWriter, NoProgress, SourceSpec, Sources, TableKind,
    TableWriter,
};
use clientgrade_synth::{generate, Sink, SynthConfig, SynthTable};

use crate::folder;

struct Files(BTreeMap<SynthTable, Box<dyn TableWriter>>);

impl Sink for Files {
    type Error = clientgrade_data::DataError;
    fn row(&mut self, t: SynthTable, row: &[Value<'_>]) -> Result<(), Self::Error> {
        self.0.get_mut(&t).unwrap().write_row(row)
    }
}

/// The five generated tables of `customers` customers, as CSV in `dir`.
fn write_tables(dir: &Path, customers: u64, seed: u64) {
    let mut files = Files(BTreeMap::new());
    for t in SynthTable::ALL {
        let cols: Vec<Column> = t
            .columns()
            .iter()
            .map(|(n, k)| Column::new(*n, *k))
            .collect();
        let w = CsvTableWriter::create(&dir.join(format!("{}.csv", t.stem())), &cols).unwrap();
        files.0.insert(t, Box::new(w));
    }
    generate(&SynthConfig::new(customers, seed), &mut files).unwrap();
    for w in std::mem::take(&mut files.0).into_values() {
        w.finish().unwrap();
    }
}

fn sources(dir: &Path, threads: usize) -> Sources {
    let spec = |t: TableKind, name: &str| {
        let mut s = SourceSpec::detect(t, dir.join(name));
        s.threads = Some(threads);
        s
    };
    Sources {
        transactions: spec(TableKind::Transactions, "transactions.csv"),
        customers: Some(spec(TableKind::Customers, "customers.csv")),
        invoices: Some(spec(TableKind::Invoices, "invoices.csv")),
        service: Some(spec(TableKind::Service, "service.csv")),
        complaints: Some(spec(TableKind::Complaints, "complaints.csv")),
    }
}

fn by_id(mut v: Vec<CustomerFacts>) -> Vec<CustomerFacts> {
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v
}

#[test]
fn the_earlier_date_from_the_same_pass_equals_a_read_as_of_that_date() {
    let dir = folder("compare-same-pass");
    write_tables(&dir, 400, 8);
    let as_of = Date::from_ymd(2025, 12, 31);
    for (compare_to, threads) in [((2024, 12, 31), 1), ((2025, 6, 30), 3), ((2024, 3, 15), 2)] {
        let d = Date::from_ymd(compare_to.0, compare_to.1, compare_to.2).unwrap();
        let both = load_compared(
            &sources(&dir, threads),
            as_of,
            12,
            None,
            Some(d),
            &NoProgress,
        )
        .unwrap();
        let alone = load(&sources(&dir, 1), Some(d), 12, &NoProgress).unwrap();
        let earlier = both.earlier.expect("earlier facts");
        assert_eq!(earlier.window.as_of, d);
        assert_eq!(earlier.window.months, 12);
        let (a, b) = (by_id(earlier.facts), by_id(alone.facts));
        assert_eq!(a.len(), b.len(), "{d}");
        assert!(a.len() > 200, "{d}: {}", a.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "{d}, customer {}", x.id.as_ref().unwrap().expose());
        }
        // and the later date's facts are those of a plain read as of it
        let plain = load(&sources(&dir, 1), as_of, 12, &NoProgress).unwrap();
        assert_eq!(by_id(both.facts), by_id(plain.facts), "{d}");
    }
}

#[test]
fn a_compare_date_on_or_after_as_of_or_before_all_data_is_refused_with_the_fix() {
    let dir = folder("compare-bad-dates");
    write_tables(&dir, 40, 3);
    let err = |as_of: Option<Date>, d: Date| {
        load_compared(&sources(&dir, 1), as_of, 12, None, Some(d), &NoProgress)
            .unwrap_err()
            .to_string()
    };
    let d = Date::from_ymd(2026, 3, 31).unwrap();
    assert_eq!(
        err(Date::from_ymd(2025, 12, 31), d),
        "--compare-to 2026-03-31 is not before the as-of date 2025-12-31 (given): the comparison \
         grades the data as of an earlier date too; give a date before 2025-12-31, e.g. \
         2024-12-31 (one window earlier)"
    );
    // as-of from the data: the latest transaction date
    let e = err(None, Date::from_ymd(2025, 12, 31).unwrap());
    assert!(
        e.starts_with("--compare-to 2025-12-31 is not before the as-of date 2025-12-31 (the latest transaction date)"),
        "{e}"
    );
    let e = err(
        Date::from_ymd(2025, 12, 31),
        Date::from_ymd(2020, 1, 1).unwrap(),
    );
    assert!(
        e.starts_with("--compare-to 2020-01-01: no purchase on or before that date (the first transaction is dated 2023-"),
        "{e}"
    );
}

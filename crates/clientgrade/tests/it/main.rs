//! Tests of the `clientgrade` library: one call runs the analysis the command runs, with the same figures.

mod compare;
mod errors;
mod generated;
mod small;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use clientgrade::{Progress, ReadProgress, RunSettings, TableKind};
use clientgrade_core::Value;
use clientgrade_data::{Column, Config, CsvTableWriter, TableWriter};
use clientgrade_synth::{generate, Sink, SynthConfig, SynthTable};

/// A fresh, empty folder for one test.
pub fn folder(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("facade-it")
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// The command's test data (crates/clientgrade-cli/tests/data).
pub fn cli_data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../clientgrade-cli/tests/data")
        .join(name)
}

/// The command's golden outputs (crates/clientgrade-cli/tests/golden).
pub fn cli_golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../clientgrade-cli/tests/golden")
        .join(name)
}

/// Settings from a config file alone, as `clientgrade analyze --config FILE`
/// resolves them without any other flag.
pub fn from_config(path: &Path) -> RunSettings {
    let config = Config::load(path).unwrap();
    let source = |t: TableKind| config.source(t, None, path).unwrap();
    let mut s = RunSettings::new(source(TableKind::Transactions).unwrap());
    s.sources.customers = source(TableKind::Customers);
    s.sources.invoices = source(TableKind::Invoices);
    s.sources.service = source(TableKind::Service);
    s.sources.complaints = source(TableKind::Complaints);
    s.prospects = source(TableKind::Prospects);
    s.settings = config.settings();
    s.as_of = config.as_of(path).unwrap();
    s.months = config.window_months(path).unwrap().unwrap_or(12);
    s.compare_to = config.compare_to(path).unwrap();
    s.config = Some(path.to_path_buf());
    s
}

/// Progress that records what it was told.
#[derive(Default)]
pub struct Recorder {
    /// Reading steps begun.
    pub begun: AtomicU64,
    /// Reading steps ended.
    pub ended: AtomicU64,
    /// The pipeline's steps, in order, with their durations.
    pub steps: Vec<(&'static str, Duration)>,
}

impl ReadProgress for Recorder {
    fn begin(&self, _: &str, _: u64) {
        self.begun.fetch_add(1, Ordering::Relaxed);
    }
    fn advance_to(&self, _: u64) {}
    fn end(&self) {
        self.ended.fetch_add(1, Ordering::Relaxed);
    }
}

impl Progress for Recorder {
    fn step_done(&mut self, step: &'static str, took: Duration) {
        self.steps.push((step, took));
    }
}

struct Files(BTreeMap<SynthTable, Box<dyn TableWriter>>);

impl Sink for Files {
    type Error = clientgrade_data::DataError;
    fn row(&mut self, t: SynthTable, row: &[Value<'_>]) -> Result<(), Self::Error> {
        self.0.get_mut(&t).unwrap().write_row(row)
    }
}

/// The generated tables (and truth.csv) of `customers` customers, as CSV in `dir`.
pub fn write_tables(dir: &Path, customers: u64, seed: u64) -> SynthConfig {
    let config = SynthConfig::new(customers, seed);
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
    generate(&config, &mut files).unwrap();
    for w in std::mem::take(&mut files.0).into_values() {
        w.finish().unwrap();
    }
    config
}

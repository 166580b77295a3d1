//! `clientgrade generate`: write synthetic tables with planted archetypes and truth.csv.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clientgrade_core::Value;
use clientgrade_data::{
    commit_all, parse_as_of, AtomicFile, Column, CsvTableWriter, DataError, ParquetTableWriter,
    TableWriter,
};
use clientgrade_synth::{generate, Sink, SynthConfig, SynthSummary, SynthTable};

use crate::args::{FileFormat, GenerateArgs};
use crate::output::outln;

struct Files {
    writers: BTreeMap<SynthTable, Box<dyn TableWriter>>,
}

impl Sink for Files {
    type Error = DataError;
    fn row(&mut self, table: SynthTable, row: &[Value<'_>]) -> Result<(), DataError> {
        self.writers
            .get_mut(&table)
            .expect("a writer per table")
            .write_row(row)
    }
}

/// Generate into `dir`; returns what was written.
pub fn write_dataset(config: &SynthConfig, dir: &Path, format: FileFormat) -> Result<SynthSummary> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    let mut writers: BTreeMap<SynthTable, Box<dyn TableWriter>> = BTreeMap::new();
    for t in SynthTable::ALL {
        let cols: Vec<Column> = t
            .columns()
            .iter()
            .map(|(n, k)| Column::new(*n, *k))
            .collect();
        let w: Box<dyn TableWriter> = if format == FileFormat::Parquet && !t.is_truth() {
            Box::new(ParquetTableWriter::create(
                &dir.join(format!("{}.parquet", t.stem())),
                &cols,
            )?)
        } else {
            Box::new(CsvTableWriter::create(
                &dir.join(format!("{}.csv", t.stem())),
                &cols,
            )?)
        };
        writers.insert(t, w);
    }
    let mut files = Files { writers };
    let summary = generate(config, &mut files)?;
    // every table complete under a temporary name first, then all renamed
    let mut staged = Vec::new();
    for t in SynthTable::ALL {
        if let Some(w) = files.writers.remove(&t) {
            staged.push(w.stage()?);
        }
    }
    commit_all(staged)?;
    Ok(summary)
}

/// Write one vendor export and its truth into `dir`.
fn write_export(a: &GenerateArgs, name: &str) -> Result<ExitCode> {
    use clientgrade_synth::exports::{generate_export, Export};
    let Some(export) = Export::from_name(name) else {
        return Err(DataError::Inputs(format!(
            "--export: `{name}` is not an export; use shopify, woocommerce, quickbooks, stripe or xero"
        ))
        .into());
    };
    std::fs::create_dir_all(&a.out)
        .with_context(|| format!("{}: cannot create the folder", a.out.display()))?;
    let f = generate_export(export, a.customers as usize, a.seed);
    let mut truth = String::from("customer,revenue_2025,orders_2025\n");
    for t in &f.truth {
        let c = t.revenue_2025_cents;
        let sign = if c < 0 { "-" } else { "" };
        let field = if t.customer.contains([',', '"']) {
            format!("\"{}\"", t.customer.replace('"', "\"\""))
        } else {
            t.customer.clone()
        };
        truth.push_str(&format!(
            "{field},{sign}{}.{:02},{}\n",
            c.abs() / 100,
            c.abs() % 100,
            t.orders_2025
        ));
    }
    // both complete under temporary names first, then both renamed (as the
    // outputs of analyze): a failure leaves the previous files as they were
    let staged = [
        (a.out.join(export.file_name()), f.csv.as_bytes()),
        (a.out.join("truth.csv"), truth.as_bytes()),
    ]
    .into_iter()
    .map(|(path, bytes)| {
        let mut file = AtomicFile::create(&path)?;
        file.write_all(bytes)
            .map_err(|e| DataError::write(&path, e))?;
        file.stage()
    })
    .collect::<Result<Vec<_>, DataError>>()?;
    commit_all(staged)?;
    outln(&format!(
        "generated {} ({} customers with sales) and truth.csv into {}",
        export.file_name(),
        f.truth.len(),
        a.out.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

pub fn run(a: &GenerateArgs) -> Result<ExitCode> {
    if let Some(name) = &a.export {
        return write_export(a, name);
    }
    let mut config = SynthConfig::new(a.customers, a.seed);
    config.as_of = parse_as_of(&a.as_of).map_err(|m| DataError::Inputs(format!("--as-of: {m}")))?;
    if !(0.0..=1.0).contains(&a.messy) {
        return Err(DataError::Inputs(format!(
            "--messy: {} is not a share between 0 and 1",
            a.messy
        ))
        .into());
    }
    config.messy = a.messy;
    if a.day_first && a.format == FileFormat::Parquet {
        return Err(DataError::Inputs(
            "--day-first writes dates as text, which only CSV keeps: drop it or use --format csv"
                .into(),
        )
        .into());
    }
    config.day_first = a.day_first;
    let s = write_dataset(&config, &a.out, a.format)?;
    outln(&format!(
        "generated {} customers into {}",
        a.customers,
        a.out.display()
    ))?;
    for t in SynthTable::ALL {
        outln(&format!("  {:<13} {:>12} rows", t.stem(), s.rows(t)))?;
    }
    if config.messy > 0.0 {
        outln(&format!(
            "  corrupted transaction rows: {} bad dates, {} bad amounts, {} missing customer ids",
            s.messy[0], s.messy[1], s.messy[2]
        ))?;
    }
    Ok(ExitCode::SUCCESS)
}

//! `clientgrade generate`: write synthetic tables with planted archetypes and truth.csv.

use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clientgrade_core::Value;
use clientgrade_data::{
    commit_all, parse_as_of, Column, CsvTableWriter, DataError, ParquetTableWriter, TableWriter,
};
use clientgrade_synth::{generate, Sink, SynthConfig, SynthSummary, SynthTable};

use crate::args::{FileFormat, GenerateArgs};
use crate::output::outln;

struct Files {
    writers: HashMap<SynthTable, Box<dyn TableWriter>>,
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
    let mut writers: HashMap<SynthTable, Box<dyn TableWriter>> = HashMap::new();
    for t in SynthTable::ALL {
        let cols: Vec<Column> = t
            .columns()
            .iter()
            .map(|(n, k)| Column::new(*n, *k))
            .collect();
        let w: Box<dyn TableWriter> = if format == FileFormat::Parquet && t != SynthTable::Truth {
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

pub fn run(a: &GenerateArgs) -> Result<ExitCode> {
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

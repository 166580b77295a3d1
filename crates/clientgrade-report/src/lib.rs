//! Outputs of clientgrade: the terminal summary and the CSV, Parquet and JSON exports.
//!
//! [`write_outputs`] writes `customers.csv`, `customers.parquet`,
//! `summary.json`, `rejects.csv` (and `prospects.csv` when prospects were
//! scored) into an output folder; the same portfolio
//! always gives the same bytes. [`terminal_summary`] is what the CLI prints.

pub mod attention;
mod customers;
mod first_screens;
mod html;
mod profile;
mod summary;
pub mod svg;
mod terminal;
mod verdicts;

use std::path::Path;

use clientgrade_core::{Portfolio, Value, ValueKind};
use clientgrade_data::{AsOfSource, Column, CsvTableWriter, DataError, TableStats, TableWriter};

pub use customers::{
    attribute_columns, customer_columns, customer_row, flag_text, slug, write_actions_csv,
    write_customers_csv, write_customers_parquet, CHARACTERISTIC_COLUMNS, VERDICT_COLUMNS,
};
pub use html::{report_html, MAX_DOTS, TABLE_ROWS};
pub use profile::{growth_candidates, profile_json, profile_lines, write_prospects_csv};
pub use summary::{money_json, share_json, summary_json, table_json};
pub use terminal::{decision_lines, input_lines, source_lines, takeaway, terminal_summary};
pub use verdicts::{verdicts_json, verdicts_text};

/// Errors of writing outputs.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Writing a table failed.
    #[error(transparent)]
    Data(#[from] DataError),
    /// Writing a file failed.
    #[error("{path}: cannot write: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// Result with [`ReportError`].
pub type Result<T, E = ReportError> = std::result::Result<T, E>;

/// What the run read, besides the graded portfolio.
#[derive(Clone, Copy, Debug)]
pub struct RunInfo<'a> {
    /// Row accounting per table.
    pub tables: &'a [TableStats],
    /// Where the as-of date came from.
    pub as_of_source: AsOfSource,
    /// Customers listed without activity (not graded).
    pub listed_without_activity: u64,
    /// Notes about the inputs.
    pub notes: &'a [String],
}

/// Write `rejects.csv`: every kept rejected row of every table.
pub fn write_rejects(path: &Path, tables: &[TableStats]) -> Result<()> {
    let cols: Vec<Column> = ["table", "file", "line", "column", "reason", "value"]
        .iter()
        .map(|n| {
            Column::new(
                *n,
                if *n == "line" {
                    ValueKind::Int
                } else {
                    ValueKind::Text
                },
            )
        })
        .collect();
    let mut w = CsvTableWriter::create(path, &cols)?;
    for t in tables {
        let file = t.path.display().to_string();
        for r in &t.rejects {
            w.write_row(&[
                Value::Text(t.table.name()),
                Value::Text(&file),
                Value::Int(r.line as i64),
                Value::Text(r.column),
                Value::Text(&r.reason),
                Value::Text(&r.value),
            ])?;
        }
    }
    Box::new(w).finish()?;
    Ok(())
}

/// Write every output file into `dir` (created if missing).
pub fn write_outputs(dir: &Path, run: &RunInfo<'_>, p: &Portfolio) -> Result<()> {
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| ReportError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    // the Parquet table (compression) on a second thread, the rest here
    std::thread::scope(|scope| {
        let parquet = scope.spawn(|| write_customers_parquet(&dir.join("customers.parquet"), p));
        write_customers_csv(&dir.join("customers.csv"), p)?;
        write_rejects(&dir.join("rejects.csv"), run.tables)?;
        write_actions_csv(&dir.join("actions.csv"), p)?;
        write_prospects_csv(&dir.join("prospects.csv"), p)?;
        let json = summary_json(run, p);
        let mut text = serde_json::to_string_pretty(&json).expect("JSON values serialise");
        text.push('\n');
        let path = dir.join("summary.json");
        std::fs::write(&path, text).map_err(io(&path))?;
        let path = dir.join("report.html");
        std::fs::write(&path, report_html(run, p)).map_err(io(&path))?;
        parquet.join().expect("Parquet writer thread")
    })
}

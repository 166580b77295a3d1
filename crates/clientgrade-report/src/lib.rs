//! Outputs of clientgrade: the terminal summary and the CSV, Parquet and JSON exports.
//!
//! [`write_outputs`] writes `customers.csv`, `customers.parquet`,
//! `summary.json`, `rejects.csv` (and `prospects.csv` when prospects were
//! scored) into an output folder; the same portfolio
//! always gives the same bytes. [`terminal_summary`] is what the CLI prints.
//!
//! The modules form layers; each uses only modules of the layers above it in
//! this list (or an earlier one of its own line), never one below, so the
//! module graph has no cycle (the CLI's tidy test
//! `top_level_modules_form_no_cycle` checks it):
//!
//! 1. leaves: `text` (data shown to people), `format` (figures as text),
//!    `json_values` (figures as JSON), `markup` (escaped HTML), `svg`
//!    (charts), `html_parts` (the pieces every HTML page shares);
//! 2. figures: `headline` (the money reconciled), `caveats`, `attention`;
//! 3. the view model: `view`, then `takeaway` (the opening sentence);
//! 4. parts, one subject each: `verdicts`, `profile`, `movement`, then
//!    `customers` and `movement_html` (which use `movement`), `first_screens`;
//! 5. whole outputs: `terminal`, `html` (report.html), `summary` (summary.json);
//! 6. this file: the entry points that write the output folders (its plain
//!    types, [`RunInfo`], [`ReportError`], [`Result`], any layer may use).

pub mod attention;
pub mod caveats;
mod customers;
mod first_screens;
mod format;
pub mod headline;
mod html;
mod html_parts;
mod json_values;
pub mod markup;
pub mod movement;
mod movement_html;
mod profile;
mod summary;
pub mod svg;
mod takeaway;
mod terminal;
pub mod text;
mod verdicts;
pub mod view;

use std::path::Path;

use clientgrade_core::{Portfolio, Value, ValueKind};
use clientgrade_data::{
    commit_all, AsOfSource, AtomicFile, Column, CsvTableWriter, DataError, Staged, TableStats,
    TableWriter,
};

pub use customers::{
    attribute_columns, characteristic_columns, customer_columns, customer_row, flag_text, slug,
    write_actions_csv, write_customers_csv, write_customers_parquet, LIFETIME_COLUMNS,
    VERDICT_COLUMNS,
};
use customers::{stage_actions_csv, stage_customers_csv, stage_customers_parquet};
pub use html::{report_html, MAX_DOTS, TABLE_ROWS};
pub use json_values::{money_json, share_json};
pub use movement_html::{matrix_svg, movement_report_html};
use profile::stage_prospects_csv;
pub use profile::{growth_candidates, profile_json, profile_lines, write_prospects_csv};
pub use summary::{summary_json, table_json};
pub use takeaway::takeaway;
pub use terminal::{decision_lines, input_lines, source_lines, terminal_summary};
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
    /// Why the lifetime models could not be fitted (`None` when they were,
    /// or when they are switched off).
    pub lifetime_not_fitted: Option<&'a str>,
}

/// A path fit for a file that may be shared: a relative path as given; an
/// absolute one relative to the working directory when it lies under it,
/// otherwise its file name alone (the user's folders are not written out).
pub fn shareable_path(p: &Path) -> String {
    if p.is_relative() {
        return p.display().to_string();
    }
    if let Some(rel) = std::env::current_dir()
        .ok()
        .and_then(|cwd| p.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .filter(|r| !r.as_os_str().is_empty())
    {
        return rel.display().to_string();
    }
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Write `rejects.csv`: every kept rejected row of every table.
pub fn write_rejects(path: &Path, tables: &[TableStats]) -> Result<()> {
    Ok(stage_rejects(path, tables)?.commit()?)
}

fn stage_rejects(path: &Path, tables: &[TableStats]) -> Result<Staged> {
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
    let mut w = CsvTableWriter::for_spreadsheets(path, &cols)?;
    for t in tables {
        let file = shareable_path(&t.path);
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
    Ok(Box::new(w).stage()?)
}

/// `bytes` completed under a temporary name beside `path`.
pub(crate) fn stage_bytes(path: &Path, bytes: &[u8]) -> Result<Staged> {
    use std::io::Write;
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes).map_err(|source| ReportError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(f.stage()?)
}

/// The files [`write_outputs`] writes, in the order they are renamed into place.
/// `prospects.csv` only when prospects were scored, `movement.csv` only when compared.
pub const OUTPUT_FILES: [&str; 8] = [
    "customers.csv",
    "customers.parquet",
    "actions.csv",
    "rejects.csv",
    "summary.json",
    "report.html",
    "prospects.csv",
    "movement.csv",
];

/// Write every output file into `dir` (created if missing): each is
/// completed under a temporary name first, and only when all are complete
/// are they renamed into place, so that a failed or interrupted run leaves
/// the previous outputs as they were. `view` is [`view::View::of`] `p`: the
/// report's figures, computed once for summary.json, report.html and the
/// terminal summary.
pub fn write_outputs(
    dir: &Path,
    run: &RunInfo<'_>,
    p: &Portfolio,
    view: &view::View,
) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    // the Parquet table (compression) on a second thread, the rest here
    let staged = std::thread::scope(|scope| -> Result<Vec<Staged>> {
        let parquet = scope.spawn(|| stage_customers_parquet(&dir.join(OUTPUT_FILES[1]), p));
        let csv = stage_customers_csv(&dir.join(OUTPUT_FILES[0]), p);
        let rest = csv.and_then(|csv| {
            let actions = stage_actions_csv(&dir.join(OUTPUT_FILES[2]), p)?;
            let rejects = stage_rejects(&dir.join(OUTPUT_FILES[3]), run.tables)?;
            let json = summary::summary_json_with(run, p, view);
            let mut text = serde_json::to_string_pretty(&json).expect("JSON values serialise");
            text.push('\n');
            let summary = stage_bytes(&dir.join(OUTPUT_FILES[4]), text.as_bytes())?;
            let report = stage_bytes(
                &dir.join(OUTPUT_FILES[5]),
                html::render(run, p, view).as_bytes(),
            )?;
            let prospects = stage_prospects_csv(&dir.join(OUTPUT_FILES[6]), p)?;
            let movement = match &p.movement {
                Some(m) => Some(movement::stage_movement_csv(&dir.join(OUTPUT_FILES[7]), m)?),
                None => None,
            };
            Ok((csv, actions, rejects, summary, report, prospects, movement))
        });
        let parquet = parquet.join().expect("Parquet writer thread");
        let (csv, actions, rejects, summary, report, prospects, movement) = rest?;
        let mut all = vec![csv, parquet?, actions, rejects, summary, report];
        all.extend(prospects);
        all.extend(movement);
        Ok(all)
    })?;
    Ok(commit_all(staged)?)
}

/// The files `compare` writes, in the order they are renamed into place.
pub const COMPARE_FILES: [&str; 4] = ["movement.csv", "actions.csv", "summary.json", "report.html"];

/// Write the outputs of `compare` into `dir` (created if missing): each is
/// completed under a temporary name, then all are renamed into place.
/// `folders` are the two folders' names for the report.
pub fn write_compare_outputs(
    dir: &Path,
    m: &clientgrade_core::movement::Movement,
    summary: &serde_json::Value,
    folders: (&str, &str),
) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut text = serde_json::to_string_pretty(summary).expect("JSON values serialise");
    text.push('\n');
    let html = movement_html::movement_report_html(m, folders);
    let staged = vec![
        movement::stage_movement_csv(&dir.join(COMPARE_FILES[0]), m)?,
        movement::stage_movement_actions_csv(&dir.join(COMPARE_FILES[1]), m)?,
        stage_bytes(&dir.join(COMPARE_FILES[2]), text.as_bytes())?,
        stage_bytes(&dir.join(COMPARE_FILES[3]), html.as_bytes())?,
    ];
    Ok(commit_all(staged)?)
}

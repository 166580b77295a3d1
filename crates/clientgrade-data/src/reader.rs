//! Reading one table (CSV or Parquet) row by row into typed, validated contract columns, sequentially or in parallel parts.

use clientgrade_core::{Date, Value};

use crate::config::{Format, SourceSpec};
use crate::csv_source::{read_csv, Cutting};
use crate::reject::TableStats;
use crate::source::{merge_stats, on_threads};
pub use crate::source::{NoProgress, Outcome, Progress, RowSink};
use crate::Result;

/// The header names of a source (CSV below any title rows, or Parquet's
/// column names), to recognise known exports before reading.
pub(crate) fn read_header(spec: &SourceSpec) -> Result<Vec<String>> {
    match spec.format {
        Format::Parquet => crate::parquet_source::header_names(spec),
        Format::Csv => crate::csv_source::read_header(spec),
    }
}

/// Read a table, calling `consume` with the typed columns of every valid row
/// (indexed like [`crate::schema::TableKind::columns`]) and its line number.
/// Rows with a missing required value or an unreadable value are rejected
/// here; `stats` counts everything.
pub fn read_table(
    spec: &SourceSpec,
    progress: &dyn Progress,
    stats: &mut TableStats,
    consume: &mut dyn FnMut(&[Value<'_>], u64) -> Outcome,
) -> Result<()> {
    match spec.format {
        Format::Csv => read_csv(spec, progress, stats, consume),
        Format::Parquet => crate::parquet_source::read_parquet(spec, progress, stats, consume),
    }
}

/// CSV files at least this large are read in parallel chunks.
pub const PARALLEL_MIN_BYTES: u64 = 16 << 20;

/// Read a table into sinks made by `make`: a large CSV file is cut at line
/// ends into one part per core, each read on its own thread into its own
/// sink (a part is kept only if the part before it ended exactly where it
/// starts, so a quoted field that spans lines is never cut: otherwise the
/// part is read again from where the part before ended); a Parquet file is
/// split by row groups; anything else is read sequentially into one sink, and
/// so is any file whose rules need one reader (per-order amounts, group
/// headings carried down: [`crate::Rules::sequential`]).
/// Sinks come back in file order; `stats` counts every row and rejects carry
/// the file's line numbers, exactly as in a sequential read. `spec.threads`
/// overrides the thread count (and with more than one, the size threshold).
pub fn read_table_chunked<S: RowSink>(
    spec: &SourceSpec,
    progress: &dyn Progress,
    stats: &mut TableStats,
    make: &(dyn Fn() -> S + Sync),
) -> Result<Vec<S>> {
    let threads = thread_count(spec);
    let sequential = |stats: &mut TableStats| -> Result<Vec<S>> {
        let mut sink = make();
        read_table(spec, progress, stats, &mut |row, line| sink.row(row, line))?;
        Ok(vec![sink])
    };
    // per-order state and carried headings need one reader (crate::rules)
    if threads < 2 || spec.rules.sequential() {
        return sequential(stats);
    }
    if spec.format == crate::config::Format::Parquet {
        return read_parquet_chunked(spec, progress, stats, make, threads);
    }
    let large = std::fs::metadata(&spec.path).map_or(0, |m| m.len()) >= PARALLEL_MIN_BYTES
        || spec.threads.is_some();
    if !large {
        return sequential(stats);
    }
    let cutting = Cutting {
        threads,
        part_bytes: None,
    };
    crate::csv_source::read_csv_in_parts(spec, progress, stats, make, cutting)
}

/// [`read_table_chunked`] for a CSV file cut into parts of about `part_bytes`
/// (however small the file), read on `spec.threads` threads: for tests that
/// cut files at many places. Rules that need one reader read it sequentially,
/// as [`read_table_chunked`] does.
#[doc(hidden)]
pub fn read_csv_in_parts<S: RowSink>(
    spec: &SourceSpec,
    stats: &mut TableStats,
    make: &(dyn Fn() -> S + Sync),
    part_bytes: u64,
) -> Result<Vec<S>> {
    if spec.rules.sequential() {
        let mut sink = make();
        read_table(spec, &NoProgress, stats, &mut |row, line| {
            sink.row(row, line)
        })?;
        return Ok(vec![sink]);
    }
    let cutting = Cutting {
        threads: thread_count(spec),
        part_bytes: Some(part_bytes),
    };
    crate::csv_source::read_csv_in_parts(spec, &NoProgress, stats, make, cutting)
}

/// Parquet row groups split into contiguous runs, one per thread, each read
/// into its own sink.
fn read_parquet_chunked<S: RowSink>(
    spec: &SourceSpec,
    progress: &dyn Progress,
    stats: &mut TableStats,
    make: &(dyn Fn() -> S + Sync),
    threads: usize,
) -> Result<Vec<S>> {
    let plan = crate::parquet_source::plan_parquet(spec, stats)?;
    let groups = plan.group_rows.len();
    let parts = threads.min(groups).max(1);
    progress.begin(
        &format!("reading {}", spec.table),
        plan.group_rows.iter().sum(),
    );
    // contiguous runs of row groups and the rows before each
    let runs: Vec<(Vec<usize>, u64)> = (0..parts)
        .map(|k| {
            let range: Vec<usize> = (k * groups / parts..(k + 1) * groups / parts).collect();
            let before: u64 = plan.group_rows[..range.first().copied().unwrap_or(0)]
                .iter()
                .sum();
            (range, before)
        })
        .filter(|(r, _)| !r.is_empty() || groups == 0)
        .collect();
    // fewer runs than cores (few row groups): each run decodes its next
    // batch on a second thread while the current one is aggregated
    let decode_ahead = runs.len() < threads;
    let results = on_threads(
        threads,
        runs,
        |(range, before)| -> Result<(S, TableStats)> {
            let mut sink = make();
            let mut local = TableStats::new(spec.table, spec.path.clone());
            let groups = (!range.is_empty()).then_some(range);
            crate::parquet_source::read_parquet_groups(
                spec,
                &plan,
                groups,
                before,
                decode_ahead,
                progress,
                &mut local,
                &mut |row, line| sink.row(row, line),
            )?;
            Ok((sink, local))
        },
    );
    progress.end();
    let mut sinks = Vec::new();
    for r in results {
        let (sink, local) = r?;
        merge_stats(stats, local, 0);
        sinks.push(sink);
    }
    Ok(sinks)
}

/// Threads for reading `spec`: its own setting, else one per core.
fn thread_count(spec: &SourceSpec) -> usize {
    spec.threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1)
}

/// An upper bound of the latest date in a transactions table, read fast
/// from the date field alone; `None` when the fast path does not apply.
pub(crate) fn latest_date_upper_bound(
    spec: &SourceSpec,
    progress: &dyn Progress,
) -> Result<Option<Option<Date>>> {
    match spec.format {
        Format::Parquet => Ok(None),
        Format::Csv => {
            crate::csv_source::latest_date_upper_bound(spec, progress, thread_count(spec))
        }
    }
}

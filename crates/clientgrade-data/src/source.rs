//! What every table reader shares: the row consumer's Outcome and RowSink, Progress, opening a file at an offset, parts run on threads, the parts' row accounting merged.

use std::fs::File;
use std::io::{Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use clientgrade_core::Value;

use crate::reject::{Reject, TableStats};
use crate::{DataError, Result};

/// Reports progress of long steps; the CLI draws a bar, tests and libraries pass [`NoProgress`].
pub trait Progress: Sync {
    /// A step starts; `total` is in bytes (CSV) or rows (Parquet), 0 when unknown.
    fn begin(&self, label: &str, total: u64);
    /// `done` of `total` are finished.
    fn advance_to(&self, done: u64);
    /// The step ended.
    fn end(&self);
}

/// Progress that shows nothing.
pub struct NoProgress;

impl Progress for NoProgress {
    fn begin(&self, _: &str, _: u64) {}
    fn advance_to(&self, _: u64) {}
    fn end(&self) {}
}

/// What the consumer made of one valid row.
pub enum Outcome {
    /// Went into the analysis.
    Used,
    /// Valid but not used, with the reason (e.g. after the as-of date).
    Skipped(&'static str),
    /// Rejected by a domain rule.
    Rejected(Reject),
}

pub(crate) fn open(path: &Path) -> Result<File> {
    File::open(path).map_err(|source| DataError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Open a file positioned at byte `offset`.
pub(crate) fn open_at(path: &Path, offset: u64) -> Result<File> {
    let mut file = open(path)?;
    file.seek(SeekFrom::Start(offset))
        .map_err(|source| DataError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(file)
}

/// A consumer of typed rows that can run on its own thread; one per part
/// of a file read in parallel, merged by the caller in file order.
pub trait RowSink: Send {
    /// Take one valid row (like the `consume` closure of [`read_table`](crate::read_table)).
    /// `line` counts from the start of the sink's part (in a sequential read,
    /// the file's line); a reject the sink returns is moved to the file's
    /// line when the parts are merged.
    fn row(&mut self, row: &[Value<'_>], line: u64) -> Outcome;

    /// The sink read a part of a file whose lines were numbered from 1:
    /// `offset` lines precede it (lines the sink kept move by `offset`).
    fn shift_lines(&mut self, _offset: u64) {}
}

/// Add a chunk's row accounting to the table's; its lines or rows move by `offset`.
pub(crate) fn merge_stats(stats: &mut TableStats, local: TableStats, offset: u64) {
    stats.read += local.read;
    stats.used += local.used;
    stats.rejected += local.rejected;
    for (k, v) in local.skipped {
        *stats.skipped.entry(k).or_insert(0) += v;
    }
    for (k, lines) in local.skipped_lines {
        let mine = stats.skipped_lines.entry(k).or_default();
        mine.extend(lines.into_iter().map(|l| l + offset));
        mine.sort_unstable();
        mine.truncate(crate::reject::KEPT_SKIP_LINES);
    }
    for (k, v) in local.reasons {
        *stats.reasons.entry(k).or_insert(0) += v;
    }
    for mut rej in local.rejects {
        if stats.rejects.len() >= crate::reject::KEPT_REJECTS {
            break;
        }
        rej.line += offset;
        stats.rejects.push(rej);
    }
    for (column, r) in local.repaired {
        let mine = stats.repaired.entry(column).or_default();
        mine.rows += r.rows;
        for line in r.lines {
            if mine.lines.len() < crate::reject::KEPT_REPAIR_LINES {
                mine.lines.push(line + offset);
            }
        }
    }
}

/// Run `job` on every part, on at most `threads` threads (each takes the
/// next part not yet taken); results in part order.
pub(crate) fn on_threads<P: Send, T: Send>(
    threads: usize,
    parts: Vec<P>,
    job: impl Fn(P) -> T + Sync,
) -> Vec<T> {
    let n = parts.len();
    let parts: Vec<Mutex<Option<P>>> = parts.into_iter().map(|p| Mutex::new(Some(p))).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(part) = parts.get(i) else {
                return done;
            };
            let p = part
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .take()
                .expect("each part is taken once");
            done.push((i, job(p)));
        }
    };
    let mut results: Vec<(usize, T)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.clamp(1, n.max(1)))
            .map(|_| scope.spawn(work))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("reading thread"))
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, t)| t).collect()
}

//! A CSV file cut at line ends into parts read on threads, each part kept only if the part before ended exactly at its start.

use std::io::Read;
use std::path::Path;

use clientgrade_core::Value;

use crate::config::SourceSpec;
use crate::csv_records::{LineEnds, Records};
use crate::reject::TableStats;
use crate::source::{merge_stats, on_threads, open_at, Progress, RowSink};
use crate::{DataError, Result};

use super::open::prepare_csv;
use super::sniff::{sniff, Sniffed};
use super::Prepared;

/// How a CSV file is cut into parts read in parallel.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cutting {
    /// Threads reading parts.
    pub(crate) threads: usize,
    /// Bytes per part (default: the data rows shared equally among the threads).
    pub(crate) part_bytes: Option<u64>,
}

/// What one thread made of one part of the file.
struct Part<S> {
    sink: S,
    stats: TableStats,
    /// Where the part started.
    start: u64,
    /// Where its last record ended: the start of the first record at or
    /// after its end bound.
    end: u64,
    /// Line ends from `start` to `end`.
    lines: u64,
}

/// Read the records of a CSV file that start in bytes `start..bound` (the
/// last one may run past `bound`) into a new sink; lines count from 1 at `start`.
fn read_part<S: RowSink>(
    spec: &SourceSpec,
    sniffed: &Sniffed,
    prepared: &Prepared,
    make: &(dyn Fn() -> S + Sync),
    (start, bound): (u64, u64),
    mut progress: impl FnMut(u64),
) -> Result<Part<S>> {
    let mut sink = make();
    let mut stats = TableStats::new(spec.table, spec.path.clone());
    // a small part gets a small buffer (tests cut files into many)
    let buffer = usize::try_from(bound - start).map_or(1 << 20, |b| (b + 4096).min(1 << 20));
    let mut records = Records::new(
        open_at(&spec.path, start)?,
        start,
        1,
        sniffed.delimiter,
        sniffed.ends,
    )
    .with_buffer(buffer);
    let mut consume = |row: &[Value<'_>], line: u64| sink.row(row, line);
    let mut n = 0u64;
    loop {
        let next = records.next(bound).map_err(|source| DataError::Io {
            path: spec.path.clone(),
            source,
        })?;
        let Some(r) = next else { break };
        prepared.process(&r, &mut stats, &mut consume);
        n += 1;
        if n.is_multiple_of(65_536) {
            progress(records.offset());
        }
    }
    progress(records.offset());
    Ok(Part {
        sink,
        stats,
        start,
        end: records.offset(),
        lines: records.line() - 1,
    })
}

/// Read a CSV table in parts on `cutting.threads` threads, one sink per
/// part, in file order. Each part starts at a line start; a part is kept
/// only if the part before it ended exactly where it starts (so no record
/// was cut, whatever the quoting); otherwise it is read again from where
/// the part before really ended. Stats, reject lines and sinks' rows equal
/// a sequential read's.
pub(crate) fn read_csv_in_parts<S: RowSink>(
    spec: &SourceSpec,
    progress: &dyn Progress,
    stats: &mut TableStats,
    make: &(dyn Fn() -> S + Sync),
    cutting: Cutting,
) -> Result<Vec<S>> {
    let sniffed = sniff(spec, stats)?;
    let Some(cut) = cut_csv(spec, &sniffed, stats, cutting)? else {
        return Ok(vec![make()]);
    };
    progress.begin(&format!("reading {}", spec.table), sniffed.total);
    let done = std::sync::atomic::AtomicU64::new(cut.bounds[0]);
    let results = on_threads(cutting.threads, cut.parts(), |range| {
        let mut last = range.0;
        read_part(spec, &sniffed, &cut.prepared, make, range, |at| {
            let total = done.fetch_add(at - last, std::sync::atomic::Ordering::Relaxed);
            progress.advance_to(total + at - last);
            last = at;
        })
    });
    // keep each part that starts where the one before ended; read the others again
    let mut sinks = Vec::with_capacity(results.len());
    let mut at = cut.bounds[0];
    let mut line = cut.first_line;
    for (k, result) in results.into_iter().enumerate() {
        let part = match result {
            Ok(part) if part.start == at => part,
            Ok(_) | Err(_) if k > 0 => {
                let bound = cut.bounds[k + 1].max(at);
                read_part(spec, &sniffed, &cut.prepared, make, (at, bound), |_| {})?
            }
            other => other?,
        };
        let mut sink = part.sink;
        merge_stats(stats, part.stats, line - 1);
        sink.shift_lines(line - 1);
        line += part.lines;
        at = part.end;
        sinks.push(sink);
    }
    progress.end();
    Ok(sinks)
}

/// A CSV file prepared for reading in parts.
pub(super) struct CsvCut {
    pub(super) prepared: Prepared,
    /// Byte offsets: part k is `bounds[k]..bounds[k + 1]`, each starting at a
    /// line start; `bounds[0]` is just after the header.
    pub(super) bounds: Vec<u64>,
    /// The line at `bounds[0]`.
    pub(super) first_line: u64,
}

impl CsvCut {
    /// The byte range of each part.
    pub(super) fn parts(&self) -> Vec<(u64, u64)> {
        self.bounds.windows(2).map(|w| (w[0], w[1])).collect()
    }
}

/// Map the columns, decide the formats and cut the data rows into parts;
/// `None` when the file has no data row.
pub(super) fn cut_csv(
    spec: &SourceSpec,
    sniffed: &Sniffed,
    stats: &mut TableStats,
    cutting: Cutting,
) -> Result<Option<CsvCut>> {
    let opened = prepare_csv(spec, sniffed, stats)?;
    if opened.sample.is_empty() {
        return Ok(None);
    }
    let (start, first_line) = opened.data_start;
    let parts = match cutting.part_bytes {
        Some(b) => (sniffed.total.saturating_sub(start)).div_ceil(b.max(1)),
        None => cutting.threads as u64,
    };
    let bounds = chunk_bounds(&spec.path, start, sniffed.total, parts.max(1), sniffed.ends)?;
    Ok(Some(CsvCut {
        prepared: opened.prepared,
        bounds,
        first_line,
    }))
}

/// Part boundaries: `parts` byte ranges of [start, end), each beginning at
/// a line start (the first after an equal share).
fn chunk_bounds(path: &Path, start: u64, end: u64, parts: u64, ends: LineEnds) -> Result<Vec<u64>> {
    let io = |source| DataError::Io {
        path: path.to_path_buf(),
        source,
    };
    let line_end = match ends {
        LineEnds::Lf => b'\n',
        LineEnds::Cr => b'\r',
    };
    let mut bounds = vec![start];
    let step = (end - start) / parts;
    let mut buf = vec![0u8; 65_536];
    for k in 1..parts {
        let mut at = (start + k * step).max(*bounds.last().unwrap_or(&start));
        if at >= end {
            break;
        }
        let mut file = open_at(path, at)?;
        let mut found = false;
        while !found && at < end {
            let n = file.read(&mut buf).map_err(io)?;
            if n == 0 {
                break;
            }
            match memchr::memchr(line_end, &buf[..n]) {
                Some(p) => {
                    at += p as u64 + 1;
                    found = true;
                    // a CR LF is one line end
                    if ends == LineEnds::Cr {
                        let next = match buf.get(p + 1..n) {
                            Some([b, ..]) => Some(*b),
                            _ => {
                                let mut one = [0u8; 1];
                                let got = file.read(&mut one).map_err(io)?;
                                (got == 1).then_some(one[0])
                            }
                        };
                        if next == Some(b'\n') {
                            at += 1;
                        }
                    }
                }
                None => at += n as u64,
            }
        }
        bounds.push(at.min(end));
    }
    bounds.push(end);
    bounds.dedup();
    Ok(bounds)
}

//! The fast scan of a CSV file's date field for an upper bound of the latest date.

use std::io::Read;
use std::path::Path;

use clientgrade_core::Date;

use crate::config::SourceSpec;
use crate::csv_records::{LineEnds, WHITESPACE};
use crate::reject::TableStats;
use crate::source::{on_threads, open_at, Progress};
use crate::values::{plausible, DateOrder};
use crate::{DataError, Result};

use super::parts::{cut_csv, Cutting};
use super::sniff::sniff;

/// An upper bound of the latest date in a transactions CSV, read fast: only
/// the date field of each line is looked at, in parallel chunks. Every line
/// with a readable date counts, valid or not, so the result is at least the
/// latest date of a valid row; the caller confirms it with the main pass.
/// `None` when the fast path does not apply (whitespace-aligned text, CR line
/// ends, a double quote anywhere in the file, no date column).
pub(crate) fn latest_date_upper_bound(
    spec: &SourceSpec,
    progress: &dyn Progress,
    threads: usize,
) -> Result<Option<Option<Date>>> {
    let mut stats = TableStats::new(spec.table, spec.path.clone());
    let sniffed = sniff(spec, &mut stats)?;
    if sniffed.delimiter == WHITESPACE || sniffed.ends == LineEnds::Cr {
        return Ok(None);
    }
    let cutting = Cutting {
        threads,
        part_bytes: None,
    };
    let Some(cut) = cut_csv(spec, &sniffed, &mut stats, cutting)? else {
        return Ok(Some(None));
    };
    let date_col = 1; // the transactions contract: customer-id, date, …
    let Some(position) = cut.prepared.mapping.positions[date_col] else {
        return Ok(None);
    };
    let order = cut.prepared.converter.formats[date_col].date;
    progress.begin(
        &format!("finding the latest date in {}", spec.table),
        sniffed.total,
    );
    let results = on_threads(threads, cut.parts(), |(from, to)| {
        scan_dates(&spec.path, from, to, sniffed.delimiter, position, order)
    });
    progress.end();
    let mut latest = None;
    for r in results {
        match r? {
            None => return Ok(None),
            Some(d) => latest = latest.max(d),
        }
    }
    Ok(Some(latest))
}

/// The latest readable date in field `position` of the lines in bytes
/// `from..to` (which start and end at line ends); `None` on a double quote.
fn scan_dates(
    path: &Path,
    from: u64,
    to: u64,
    delimiter: u8,
    position: usize,
    order: DateOrder,
) -> Result<Option<Option<Date>>> {
    let io = |source| DataError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = open_at(path, from)?.take(to - from);
    let mut buf = vec![0u8; 4 << 20];
    let mut filled = 0;
    let mut latest: Option<Date> = None;
    loop {
        let n = file.read(&mut buf[filled..]).map_err(io)?;
        let end = filled + n;
        let eof = n == 0;
        // the complete lines in the buffer (all of it at the end of the range)
        let complete = if eof {
            end
        } else {
            match memchr::memrchr(b'\n', &buf[..end]) {
                Some(i) => i + 1,
                None if end < buf.len() => {
                    filled = end;
                    continue;
                }
                None => {
                    // a line longer than the buffer: grow it
                    buf.resize(buf.len() * 2, 0);
                    filled = end;
                    continue;
                }
            }
        };
        let block = &buf[..complete];
        if memchr::memchr(b'"', block).is_some() {
            return Ok(None);
        }
        let mut line_start = 0;
        let ends = memchr::memchr_iter(b'\n', block).chain(std::iter::once(block.len()));
        for line_end in ends {
            let mut line = &block[line_start..line_end];
            line_start = line_end + 1;
            if let [rest @ .., b'\r'] = line {
                line = rest;
            }
            let Some(field) = line.split(|&b| b == delimiter).nth(position) else {
                continue;
            };
            let Ok(text) = std::str::from_utf8(field) else {
                continue;
            };
            if let Some(d) = order.parse(text).filter(|d| plausible(*d)) {
                latest = Some(latest.map_or(d, |l| l.max(d)));
            }
        }
        if eof {
            return Ok(Some(latest));
        }
        buf.copy_within(complete..end, 0);
        filled = end - complete;
    }
}

//! CSV tables: sniffing (BOM, delimiter, line ends), the header, typing records, and reading sequentially or in verified parallel parts.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use clientgrade_core::{Date, Value};

use crate::config::SourceSpec;
use crate::csv_records::{LineEnds, OwnedRecord, Record, Records, WHITESPACE};
use crate::reader::{merge_stats, on_threads, open, open_at, Outcome, Progress, RowSink};
use crate::reject::{Reject, TableStats};
use crate::row::{
    extra_columns, formats, needs_more, required_list, RowConverter, MAX_COLUMNS, MAX_SAMPLE_ROWS,
    SAMPLE_ROWS,
};
use crate::schema::{ColumnSpec, ColumnType, Mapping};
use crate::values::{plausible, DateOrder};
use crate::{DataError, Result};

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

fn delimiter_name(d: u8) -> String {
    match d {
        WHITESPACE => "whitespace".into(),
        b'\t' => "\\t".into(),
        d => (d as char).to_string(),
    }
}

/// Count a delimiter in a header line, outside double quotes.
fn count_outside_quotes(line: &[u8], d: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if b == d && !quoted {
            n += 1;
        }
    }
    n
}

/// What the start of a CSV file says: delimiter, size, line ends, where the
/// header is (after any BOM).
struct Sniffed {
    delimiter: u8,
    total: u64,
    ends: LineEnds,
    /// The header row (below any title rows, crate::layout): its byte
    /// offset in the file and its line.
    header: (u64, u64),
    /// Non-blank lines above the header (title rows).
    header_titles: u64,
}

fn sniff(spec: &SourceSpec, stats: &mut TableStats) -> Result<Sniffed> {
    let path = &spec.path;
    let io = |source| DataError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = open(path)?;
    let total = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut head = Vec::with_capacity(65_536);
    (&mut file)
        .take(65_536)
        .read_to_end(&mut head)
        .map_err(io)?;
    if head.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(DataError::structure(
            path,
            format!(
                "the file is empty; expected a header row naming the columns ({})",
                required_list(spec)
            ),
        ));
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(DataError::structure(
            path,
            "the file is UTF-16 encoded; save it as UTF-8 (with or without BOM)",
        ));
    }
    let bom = if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    // the header may sit below title rows (crate::layout)
    let at = crate::layout::find_header(&head[bom..], spec.rules.header_row)
        .map_err(|m| DataError::structure(path, m))?;
    if at.line > 1 {
        stats.detected.push(format!(
            "header on line {} ({} title lines above it)",
            at.line, at.titles
        ));
    }
    let header_start = bom + at.offset;
    let first_line_end = memchr::memchr2(b'\n', b'\r', &head[header_start..])
        .map_or(head.len(), |p| p + header_start);
    let header_line = &head[header_start..first_line_end];
    if header_line.contains(&0) {
        return Err(DataError::structure(
            path,
            "the header row holds NUL bytes: the file is probably UTF-16 without a byte order \
             mark, or not text; save it as UTF-8",
        ));
    }
    let counts: Vec<(u8, usize)> = DELIMITERS
        .iter()
        .map(|&d| (d, count_outside_quotes(header_line, d)))
        .collect();
    let best = counts
        .iter()
        .copied()
        .max_by_key(|&(d, n)| {
            (
                n,
                std::cmp::Reverse(DELIMITERS.iter().position(|&x| x == d)),
            )
        })
        .unwrap_or((b',', 0));
    let header_text = String::from_utf8_lossy(header_line);
    let whitespace_only = best.1 == 0 && header_text.split_whitespace().count() > 1;
    let delimiter = match spec.delimiter {
        Some(WHITESPACE) => WHITESPACE,
        Some(d @ (b'"' | b'\r' | b'\n')) => {
            return Err(DataError::structure(
                path,
                format!(
                    "the configured delimiter `{}` is a quote or a line end; set another in [{}]",
                    (d as char).escape_default(),
                    spec.table
                ),
            ));
        }
        Some(d) => {
            let own = count_outside_quotes(header_line, d);
            if own == 0 && best.1 > 0 {
                return Err(DataError::structure(
                    path,
                    format!(
                        "the header has no `{}` (the configured delimiter) but {} `{}`; the file \
                         is probably delimited by `{}`: set delimiter = \"{}\" in [{}] or remove \
                         the setting to detect it",
                        delimiter_name(d),
                        best.1,
                        delimiter_name(best.0),
                        delimiter_name(best.0),
                        delimiter_name(best.0),
                        spec.table
                    ),
                ));
            }
            d
        }
        None if whitespace_only => WHITESPACE,
        None => best.0,
    };
    stats
        .detected
        .push(format!("delimiter `{}`", delimiter_name(delimiter)));
    let ends = LineEnds::detect(&head[bom..], delimiter != WHITESPACE);
    if ends == LineEnds::Cr {
        stats.detected.push("lines end with CR".into());
    }
    Ok(Sniffed {
        delimiter,
        total,
        ends,
        header: (header_start as u64, at.line),
        header_titles: at.titles,
    })
}

/// Everything needed to turn a record into a typed row.
struct Prepared {
    width: usize,
    /// The header's names, trimmed.
    headers: Vec<String>,
    mapping: Mapping,
    extra_positions: Vec<usize>,
    converter: RowConverter,
    /// Report-like rows (headings, totals, footers), when the file has them.
    layout: Option<crate::layout::RowLayout>,
}

impl Prepared {
    /// Check, type and hand over one record.
    fn process(
        &self,
        r: &Record<'_>,
        stats: &mut TableStats,
        consume: &mut dyn FnMut(&[Value<'_>], u64) -> Outcome,
    ) {
        let line = r.line;
        if let Some(fault) = r.fault() {
            stats.read += 1;
            stats.reject(Reject {
                line,
                column: "",
                reason: fault.kind.reason().into(),
                value: fault.value.clone(),
            });
            return;
        }
        // rows of report layouts: headings carried down, totals and footers skipped
        let filled;
        let r: Record<'_> = match self.layout.as_ref().map(|l| l.classify(r, stats)) {
            None | Some(crate::layout::Row::Data) => *r,
            Some(crate::layout::Row::Filled(f)) => {
                filled = f;
                filled.view()
            }
            Some(crate::layout::Row::Skipped(_)) => return,
        };
        let specs = self.converter.specs;
        let width = self.width;
        let extra_empty = r.len() > width
            && r.iter()
                .skip(width)
                .all(|f| f.iter().all(u8::is_ascii_whitespace));
        if r.len() != width && !extra_empty {
            stats.read += 1;
            stats.reject(Reject {
                line,
                column: "",
                reason: "wrong number of fields".into(),
                value: format!("{} fields, the header has {width}", r.len()),
            });
            return;
        }
        // Validate the record once; a field is then a slice of it.
        let Some(whole) = std::str::from_utf8(r.bytes()).ok() else {
            return self.process_invalid_utf8(&r, stats, consume);
        };
        let field = |p: usize| whole.get(r.range(p)?);
        let mut raw = [Value::Null; MAX_COLUMNS];
        for (i, p) in self.mapping.positions.iter().enumerate() {
            if let Some(p) = *p {
                raw[i] = field(p).map_or(Value::Null, Value::Text);
            }
        }
        if self.extra_positions.is_empty() {
            self.converter
                .row::<false>(&raw[..specs.len()], line, stats, consume);
        } else {
            let mut all = raw[..specs.len()].to_vec();
            all.extend(
                self.extra_positions
                    .iter()
                    .map(|&p| field(p).map_or(Value::Null, Value::Text)),
            );
            self.converter.row::<false>(&all, line, stats, consume);
        }
    }

    /// [`Prepared::process`] for a record that is not valid UTF-8:
    /// descriptive text (names, managers, service kinds, severities,
    /// attributes) is kept with the bad bytes replaced by U+FFFD, counted per
    /// column with its line; an id, key, date or number with invalid UTF-8
    /// rejects the row.
    #[cold]
    fn process_invalid_utf8(
        &self,
        r: &Record<'_>,
        stats: &mut TableStats,
        consume: &mut dyn FnMut(&[Value<'_>], u64) -> Outcome,
    ) {
        let line = r.line;
        let specs = self.converter.specs;
        let fixed: Vec<Option<String>> = r
            .iter()
            .map(|f| match std::str::from_utf8(f) {
                Ok(_) => None,
                Err(_) => Some(String::from_utf8_lossy(f).into_owned()),
            })
            .collect();
        let bytes = |p: usize| r.get(p).unwrap_or_default();
        let mut raw = [Value::Null; MAX_COLUMNS];
        for (i, p) in self.mapping.positions.iter().enumerate() {
            if let Some(p) = *p {
                match (std::str::from_utf8(bytes(p)), &fixed[p]) {
                    (Ok(s), _) => raw[i] = Value::Text(s),
                    (Err(_), Some(s)) if descriptive(&specs[i]) => {
                        stats.repair(specs[i].key, line);
                        raw[i] = Value::Text(s);
                    }
                    (Err(_), _) => {
                        stats.read += 1;
                        stats.reject(Reject {
                            line,
                            column: specs[i].key,
                            reason: "invalid UTF-8 (save the file as UTF-8)".into(),
                            value: String::from_utf8_lossy(bytes(p)).into_owned(),
                        });
                        return;
                    }
                }
            }
        }
        let mut all = raw[..specs.len()].to_vec();
        for &p in &self.extra_positions {
            all.push(match &fixed[p] {
                Some(s) => {
                    // the header's name: a part's own stats do not hold the
                    // attribute names, and a read in parts must name it alike
                    stats.repair(&self.headers[p], line);
                    Value::Text(s)
                }
                None => std::str::from_utf8(bytes(p)).map_or(Value::Null, Value::Text),
            });
        }
        self.converter.row::<false>(&all, line, stats, consume);
    }
}

/// Whether a column holds descriptive text (kept when repaired), not a key.
fn descriptive(col: &ColumnSpec) -> bool {
    col.ty == ColumnType::Text && !matches!(col.key, "order-id" | "product" | "invoice-id")
}

/// A CSV file opened for reading: its preparation and where its data rows
/// start.
struct Opened {
    prepared: Prepared,
    /// The records after the header, the sampled ones already read.
    records: Records<File>,
    /// The sampled records.
    sample: Vec<OwnedRecord>,
    /// Whether the sample reached the end of the file.
    eof: bool,
    /// Byte offset and line just after the header.
    data_start: (u64, u64),
}

/// Open the file at its header row (below any title rows) and read the
/// header's names, trimmed; the records continue after the header.
fn open_header(
    spec: &SourceSpec,
    sniffed: &Sniffed,
    buffer: usize,
) -> Result<(Records<File>, Vec<String>)> {
    let path = &spec.path;
    let (offset, line) = sniffed.header;
    let file = open_at(path, offset)?;
    let mut records =
        Records::new(file, offset, line, sniffed.delimiter, sniffed.ends).with_buffer(buffer);
    let io = |source| DataError::Io {
        path: path.to_path_buf(),
        source,
    };
    let headers: Vec<String> = match records.next(u64::MAX).map_err(io)? {
        None => {
            return Err(DataError::structure(
                path,
                format!(
                    "the file is empty; expected a header row naming the columns ({})",
                    required_list(spec)
                ),
            ))
        }
        Some(r) => {
            if let Some(f) = r.fault() {
                return Err(DataError::structure(
                    path,
                    format!(
                        "cannot read the header row (line {}): {} (`{}`); fix the header so that \
                         it names the columns",
                        r.line,
                        f.kind.reason(),
                        f.value
                    ),
                ));
            }
            r.iter()
                .map(|h| String::from_utf8_lossy(h).trim().to_string())
                .collect()
        }
    };
    Ok((records, headers))
}

/// The header names of a source (CSV below any title rows, or Parquet's
/// column names), to recognise known exports before reading.
pub(crate) fn read_header(spec: &SourceSpec) -> Result<Vec<String>> {
    if spec.format == crate::config::Format::Parquet {
        return crate::parquet_source::header_names(spec);
    }
    let mut stats = TableStats::new(spec.table, spec.path.clone());
    let sniffed = sniff(spec, &mut stats)?;
    Ok(open_header(spec, &sniffed, 64 << 10)?.1)
}

/// Open the file, read the header, map the columns and decide the formats
/// from a sample.
fn prepare_csv(spec: &SourceSpec, sniffed: &Sniffed, stats: &mut TableStats) -> Result<Opened> {
    let path = &spec.path;
    let buffer = usize::try_from(sniffed.total).map_or(1 << 20, |t| (t + 4096).min(1 << 20));
    let (mut records, headers) = open_header(spec, sniffed, buffer)?;
    let io = |source| DataError::Io {
        path: path.to_path_buf(),
        source,
    };
    let data_start = (records.offset(), records.line());
    let mapping =
        crate::rules::map_source(spec, &headers).map_err(|m| DataError::structure(path, m))?;
    let specs = spec.table.columns();

    // Sample rows until every text date column is decided (or the cap).
    let mut sample: Vec<OwnedRecord> = Vec::new();
    let mut eof = false;
    let field_text = |r: &OwnedRecord, i: usize| -> Option<String> {
        let p = mapping.positions[i]?;
        let s = std::str::from_utf8(r.view().get(p)?).ok()?.trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    let collect = |sample: &[OwnedRecord], i: usize| -> Vec<String> {
        sample.iter().filter_map(|r| field_text(r, i)).collect()
    };
    let mut target = SAMPLE_ROWS;
    loop {
        while sample.len() < target {
            match records.next(u64::MAX).map_err(io)? {
                Some(r) => sample.push(r.keep()),
                None => {
                    eof = true;
                    break;
                }
            }
        }
        if eof || target >= MAX_SAMPLE_ROWS || spec.date_order.is_some() {
            break;
        }
        let date_samples: Vec<Vec<String>> = (0..specs.len())
            .filter(|&i| specs[i].ty == ColumnType::Date)
            .map(|i| collect(&sample, i))
            .collect();
        if !needs_more(&date_samples) {
            break;
        }
        target *= 4;
    }
    let converter = formats(spec, &mapping, &headers, &|i| collect(&sample, i), stats)?;
    let extra_positions = extra_columns(spec, &mapping, &headers, stats);
    // report-like rows and the traps a sample shows (crate::layout, crate::warnings)
    let layout = crate::layout::RowLayout::detect(
        spec.rules.group_heading,
        sniffed.header_titles,
        mapping.positions.get(1).copied().flatten(),
        sample.iter().map(OwnedRecord::view),
    );
    let sampled = crate::warnings::scan_sample(spec, &headers, &mapping, &sample, layout.as_ref());
    stats.warnings.extend(sampled);
    let prepared = Prepared {
        width: headers.len(),
        headers,
        mapping,
        extra_positions,
        converter,
        layout,
    };
    Ok(Opened {
        prepared,
        records,
        sample,
        eof,
        data_start,
    })
}

/// Read a CSV table from start to end.
pub(crate) fn read_csv(
    spec: &SourceSpec,
    progress: &dyn Progress,
    stats: &mut TableStats,
    consume: &mut dyn FnMut(&[Value<'_>], u64) -> Outcome,
) -> Result<()> {
    let sniffed = sniff(spec, stats)?;
    let Opened {
        prepared,
        mut records,
        sample,
        eof,
        ..
    } = prepare_csv(spec, &sniffed, stats)?;
    progress.begin(&format!("reading {}", spec.table), sniffed.total);
    for r in &sample {
        prepared.process(&r.view(), stats, consume);
    }
    drop(sample);
    if !eof {
        let mut n = 0u64;
        loop {
            let next = records.next(u64::MAX).map_err(|source| DataError::Io {
                path: spec.path.clone(),
                source,
            })?;
            let Some(r) = next else { break };
            prepared.process(&r, stats, consume);
            n += 1;
            if n.is_multiple_of(65_536) {
                progress.advance_to(records.offset());
            }
        }
    }
    progress.end();
    Ok(())
}

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
struct CsvCut {
    prepared: Prepared,
    /// Byte offsets: part k is `bounds[k]..bounds[k + 1]`, each starting at a
    /// line start; `bounds[0]` is just after the header.
    bounds: Vec<u64>,
    /// The line at `bounds[0]`.
    first_line: u64,
}

impl CsvCut {
    /// The byte range of each part.
    fn parts(&self) -> Vec<(u64, u64)> {
        self.bounds.windows(2).map(|w| (w[0], w[1])).collect()
    }
}

/// Map the columns, decide the formats and cut the data rows into parts;
/// `None` when the file has no data row.
fn cut_csv(
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

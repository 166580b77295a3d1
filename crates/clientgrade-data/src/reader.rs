//! Reading one table (CSV or Parquet) row by row into typed, validated contract columns.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use clientgrade_core::{Date, Money, Value};

use crate::config::{Format, SourceSpec};
use crate::reject::{Reject, TableStats};
use crate::schema::{ColumnSpec, ColumnType, Mapping};
use crate::values::{
    bounded, detect_date_order, detect_decimal_mark, parse_amount, parse_amount_simple, parse_flag,
    plausible, AmountError, DateDetection, DateOrder, DecimalMark, MarkDetection, Refusal,
};
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

/// How the text of each contract column is read.
#[derive(Clone, Copy, Debug)]
struct ColumnFormat {
    date: DateOrder,
    decimal: DecimalMark,
    /// Dates with a time in UTC or with an offset move to this zone's day.
    zone: Option<crate::timezone::ZoneRule>,
    /// Whether the decimal mark was set or decided by a value (else values
    /// that read differently with either mark are rejected as ambiguous).
    decided: bool,
}

/// Most contract columns of a table (the transactions have 17).
const MAX_COLUMNS: usize = 20;

/// Rows sampled to detect formats; extended while a date column stays ambiguous.
const SAMPLE_ROWS: usize = 1_000;
const MAX_SAMPLE_ROWS: usize = 50_000;

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

/// Convert one raw cell to the contract column's type; the error says why
/// an amount or date is refused (`None`: not a value of the column's type).
/// Text (every CSV cell) takes a short path; typed Parquet values the rest.
#[inline(always)]
fn convert<'a>(
    col: &ColumnSpec,
    raw: Value<'a>,
    fmt: ColumnFormat,
) -> std::result::Result<Value<'a>, Option<Refusal>> {
    let Value::Text(s) = raw else {
        return convert_typed(col, raw);
    };
    // `trim` only when an end may be whitespace (a control or space
    // byte, or the first byte of a non-ASCII character)
    let b = s.as_bytes();
    let clean = |c: u8| c > b' ' && c < 0x80;
    let t = match (b.first(), b.last()) {
        (Some(&f), Some(&l)) if clean(f) && clean(l) => s,
        _ => s.trim(),
    };
    if t.is_empty() {
        return Ok(Value::Null);
    }
    match col.ty {
        ColumnType::Id | ColumnType::Text => Ok(Value::Text(t)),
        ColumnType::Date => match fmt
            .zone
            .map_or_else(|| fmt.date.parse(t), |z| z.local_date(t, fmt.date))
        {
            Some(d) if plausible(d) => Ok(Value::Date(d)),
            Some(_) => Err(Some(Refusal::DateRange)),
            None => Err(None),
        },
        ColumnType::Money | ColumnType::Number => {
            if fmt.decided {
                if let Some(m) = parse_amount_simple(t, fmt.decimal) {
                    return Ok(Value::Money(m));
                }
            }
            parse_amount(t, fmt.decimal, fmt.decided)
                .map(Value::Money)
                .map_err(|e| Some(Refusal::Amount(e)))
        }
        ColumnType::Flag => Ok(Value::Int(i64::from(parse_flag(t)))),
    }
}

/// [`convert`] for a value that is not text (Parquet's typed columns).
#[inline(never)]
fn convert_typed<'a>(
    col: &ColumnSpec,
    raw: Value<'a>,
) -> std::result::Result<Value<'a>, Option<Refusal>> {
    let too_large = Some(Refusal::Amount(AmountError::TooLarge));
    let amount = |m: Money| {
        bounded(m)
            .map(Value::Money)
            .map_err(|e| Some(Refusal::Amount(e)))
    };
    let date = |d: Option<Date>| match d {
        Some(d) if plausible(d) => Ok(Value::Date(d)),
        Some(_) => Err(Some(Refusal::DateRange)),
        None => Err(None),
    };
    match (col.ty, raw) {
        (_, Value::Null) => Ok(Value::Null),
        (_, Value::Float(f)) if f.is_nan() => Err(None),
        (ColumnType::Id | ColumnType::Text, Value::Int(_)) => Ok(raw),
        (ColumnType::Date, Value::Date(d)) => date(Some(d)),
        (ColumnType::Date, Value::Int(i)) => date(DateOrder::Compact.parse(&i.to_string())),
        (ColumnType::Money | ColumnType::Number, Value::Money(m)) => amount(m),
        (ColumnType::Money | ColumnType::Number, Value::Int(i)) => i
            .checked_mul(clientgrade_core::MONEY_SCALE)
            .ok_or(too_large)
            .and_then(|r| amount(Money::from_raw(r))),
        (ColumnType::Money | ColumnType::Number, Value::Float(f)) => {
            Money::from_f64(f).ok_or(too_large).and_then(amount)
        }
        (ColumnType::Flag, Value::Int(i)) => Ok(Value::Int(i64::from(i != 0))),
        _ => Err(None),
    }
}

fn describe(raw: Value<'_>) -> String {
    match raw {
        Value::Null => String::new(),
        Value::Text(s) => s.to_string(),
        Value::Date(d) => d.to_string(),
        Value::Money(m) => m.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
    }
}

/// Converts the raw cells of one row and hands the typed row to the consumer.
pub(crate) struct RowConverter {
    table: crate::schema::TableKind,
    specs: &'static [ColumnSpec],
    formats: Vec<ColumnFormat>,
    mapped: Vec<bool>,
    /// Observed columns: a value that does not parse is ignored, not a reject.
    lenient: Vec<bool>,
}

impl RowConverter {
    /// Reject a row for column `i`: missing (`why` is `None`) or refused.
    #[cold]
    #[inline(never)]
    fn reject(
        &self,
        i: usize,
        why: Option<Option<Refusal>>,
        raw: Value<'_>,
        line: u64,
        stats: &mut TableStats,
    ) {
        let col = &self.specs[i];
        let name = col.key.replace('-', " ");
        let (reason, value) = match why {
            None => (format!("missing {name}"), String::new()),
            Some(Some(e)) => (
                e.reason(col.key, self.formats[i].decimal, self.table.name()),
                describe(raw),
            ),
            Some(None) => (format!("bad {name}"), describe(raw)),
        };
        stats.reject(Reject {
            line,
            column: col.key,
            reason,
            value,
        });
    }

    /// Process one row given its raw cells (`Value::Null` for unmapped columns).
    pub(crate) fn row(
        &self,
        raw: &[Value<'_>],
        line: u64,
        stats: &mut TableStats,
        consume: &mut dyn FnMut(&[Value<'_>], u64) -> Outcome,
    ) {
        stats.read += 1;
        let mut typed = [Value::Null; MAX_COLUMNS];
        for (i, col) in self.specs.iter().enumerate() {
            if !self.mapped[i] {
                continue;
            }
            match convert(col, raw[i], self.formats[i]) {
                Ok(Value::Null) if col.required => {
                    self.reject(i, None, raw[i], line, stats);
                    return;
                }
                Ok(v) => typed[i] = v,
                Err(_) if self.lenient[i] => {}
                Err(why) => {
                    self.reject(i, Some(why), raw[i], line, stats);
                    return;
                }
            }
        }
        let n = self.specs.len();
        let outcome = if raw.len() > n {
            // extra columns (customer attributes) pass through as they are
            let mut all: Vec<Value<'_>> = typed[..n].to_vec();
            all.extend(raw[n..].iter().map(|v| match v {
                Value::Text(s) if s.trim().is_empty() => Value::Null,
                Value::Text(s) => Value::Text(s.trim()),
                other => *other,
            }));
            consume(&all, line)
        } else {
            consume(&typed[..n], line)
        };
        match outcome {
            Outcome::Used => stats.used += 1,
            Outcome::Skipped(why) => stats.skip(why),
            Outcome::Rejected(r) => stats.reject(r),
        }
    }
}

/// Decide each mapped column's format from the user's settings or a sample.
/// `sample(i)` gives the text values sampled for contract column `i`.
pub(crate) fn formats(
    spec: &SourceSpec,
    mapping: &Mapping,
    headers: &[String],
    sample: &dyn Fn(usize) -> Vec<String>,
    stats: &mut TableStats,
) -> Result<RowConverter> {
    let specs = spec.table.columns();
    assert!(
        specs.len() <= MAX_COLUMNS,
        "a table has at most {MAX_COLUMNS} contract columns"
    );
    let mut out = Vec::with_capacity(specs.len());
    let table = spec.table;
    for (i, col) in specs.iter().enumerate() {
        let mut f = ColumnFormat {
            date: spec.date_order.unwrap_or(DateOrder::YearMonthDay),
            decimal: spec.decimal.unwrap_or(DecimalMark::Dot),
            zone: None,
            decided: spec.decimal.is_some(),
        };
        if let Some(p) = mapping.positions[i] {
            let header = &headers[p];
            stats.detected.push(if header.is_empty() {
                format!("{} ← column {} (no name)", col.key, p + 1)
            } else {
                format!("{} ← `{header}`", col.key)
            });
            let values = sample(i);
            if col.ty == ColumnType::Date && spec.date_order.is_none() && !values.is_empty() {
                match detect_date_order(values.iter().map(String::as_str)) {
                    DateDetection::Found(o) => {
                        f.date = o;
                        let shown = values
                            .iter()
                            .find(|v| o.parse(v).is_some())
                            .map_or_else(|| o.pattern().to_string(), |v| o.pattern_like(v));
                        stats.detected.push(format!("{} read as {shown}", col.key));
                    }
                    DateDetection::Ambiguous { example } => {
                        return Err(DataError::structure(
                            &spec.path,
                            format!(
                                "column `{header}` ({}): dates such as `{example}` can be day-first or \
                                 month-first and no value in the first {} rows decides; set \
                                 date-format = \"%d/%m/%Y\" or \"%m/%d/%Y\" in [{table}]",
                                col.key,
                                values.len()
                            ),
                        ));
                    }
                    DateDetection::Unreadable { examples } => {
                        return Err(DataError::structure(
                            &spec.path,
                            format!(
                                "column `{header}` ({}): none of the first {} values is a date \
                                 (e.g. `{}`); map the right column in [{table}.columns] or set \
                                 date-format in [{table}]",
                                col.key,
                                values.len(),
                                examples.join("`, `")
                            ),
                        ));
                    }
                    DateDetection::Empty => {}
                }
            }
            if col.ty == ColumnType::Date {
                // times in UTC or with an offset: counted on the local day (crate::timezone)
                f.zone = zone_of(spec, header, &values, stats);
            }
            if matches!(col.ty, ColumnType::Money | ColumnType::Number)
                && spec.decimal.is_none()
                && !values.is_empty()
            {
                let n = values.len();
                let fix = format!("set decimal = \".\" or \",\" in [{table}]");
                match detect_decimal_mark(values.iter().map(String::as_str)) {
                    MarkDetection::Found(mark) => {
                        f.decimal = mark;
                        f.decided = true;
                        if mark == DecimalMark::Comma {
                            stats
                                .detected
                                .push(format!("{} uses a decimal comma", col.key));
                        }
                    }
                    MarkDetection::Undecided => {}
                    MarkDetection::Ambiguous { example } => {
                        return Err(DataError::structure(
                            &spec.path,
                            format!(
                                "column `{header}` ({}): values such as `{example}` read as a \
                                 thousands separator or as the decimal mark alike, and none of \
                                 the first {n} values decides; {fix}",
                                col.key
                            ),
                        ));
                    }
                    MarkDetection::Split { dot, comma } => {
                        return Err(DataError::structure(
                            &spec.path,
                            format!(
                                "column `{header}` ({}): among the first {n} values as many read \
                                 only with `.` as the decimal mark (e.g. `{dot}`) as only with \
                                 `,` (e.g. `{comma}`); {fix}",
                                col.key
                            ),
                        ));
                    }
                }
            }
        }
        out.push(f);
    }
    Ok(RowConverter {
        table,
        specs,
        formats: out,
        mapped: mapping.positions.iter().map(Option::is_some).collect(),
        lenient: crate::rules::lenient(spec, mapping),
    })
}

/// How a date column's times are read: moved to the analysis time zone's
/// day when they are in UTC (by the header) or carry an offset; noted when
/// no time zone is set.
fn zone_of(
    spec: &SourceSpec,
    header: &str,
    values: &[String],
    stats: &mut TableStats,
) -> Option<crate::timezone::ZoneRule> {
    let utc = crate::timezone::header_says_utc(header);
    let offsets = values
        .iter()
        .take(200)
        .any(|v| crate::timezone::has_offset(v));
    if !utc && !offsets {
        return None;
    }
    let what = if utc { "in UTC" } else { "with a UTC offset" };
    match spec.timezone {
        Some(zone) => {
            stats.detected.push(format!(
                "`{header}`: times {what}, counted on the day in {}",
                zone.name()
            ));
            Some(crate::timezone::ZoneRule {
                zone,
                naive_is_utc: utc,
            })
        }
        None => {
            stats.detected.push(format!(
                "`{header}`: times {what}, counted on the day as written (set timezone in \
                 [analysis] or --timezone to count them on your local day)"
            ));
            None
        }
    }
}

/// Whether any text-typed date column of the sample is still ambiguous.
fn needs_more(sample_dates: &[Vec<String>]) -> bool {
    sample_dates.iter().any(|v| {
        matches!(
            detect_date_order(v.iter().map(String::as_str)),
            DateDetection::Ambiguous { .. }
        )
    })
}

const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The delimiter value meaning "runs of spaces or tabs" (aligned text exports).
pub const WHITESPACE: u8 = b' ';

/// Turns whitespace-aligned text into tab-separated lines, one line for one,
/// so that line numbers stay those of the file.
struct WhitespaceToTabs<R> {
    inner: R,
    line: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
}

impl<R: BufRead> WhitespaceToTabs<R> {
    fn new(inner: R) -> Self {
        WhitespaceToTabs {
            inner,
            line: Vec::new(),
            out: Vec::new(),
            pos: 0,
        }
    }
}

impl<R: BufRead> Read for WhitespaceToTabs<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.pos >= self.out.len() {
            self.line.clear();
            self.out.clear();
            self.pos = 0;
            if self.inner.read_until(b'\n', &mut self.line)? == 0 {
                return Ok(0);
            }
            for (i, field) in self
                .line
                .split(|b| b.is_ascii_whitespace())
                .filter(|f| !f.is_empty())
                .enumerate()
            {
                if i > 0 {
                    self.out.push(b'\t');
                }
                self.out.extend_from_slice(field);
            }
            self.out.push(b'\n');
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

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

pub(crate) fn open(path: &Path) -> Result<File> {
    File::open(path).map_err(|source| DataError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Open a file positioned at byte `offset`.
fn open_at(path: &Path, offset: u64) -> Result<File> {
    let mut file = open(path)?;
    file.seek(SeekFrom::Start(offset))
        .map_err(|source| DataError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(file)
}

/// What the start of a CSV file says: delimiter, BOM, size, quoting.
struct Sniffed {
    delimiter: u8,
    bom: u64,
    total: u64,
    /// Whether the first 64 KB hold a double quote (then a field may span
    /// lines, and the file is not cut into chunks at line ends).
    quoted: bool,
    /// Non-blank lines above it (records to pass over: the CSV reader
    /// skips blank lines and counts neither their lines nor their bytes).
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
    let first_line_end = head[header_start..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(head.len(), |p| p + header_start);
    let header_line = &head[header_start..first_line_end];
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
    Ok(Sniffed {
        delimiter,
        bom: bom as u64,
        total,
        quoted: head.contains(&b'"'),
        header_titles: at.titles,
    })
}

/// A CSV reader over `source` with the sniffed delimiter.
fn csv_reader(
    source: Box<dyn Read + Send>,
    delimiter: u8,
    headers: bool,
) -> csv::Reader<Box<dyn Read + Send>> {
    csv::ReaderBuilder::new()
        .delimiter(if delimiter == WHITESPACE {
            b'\t'
        } else {
            delimiter
        })
        .flexible(true)
        .has_headers(headers)
        .from_reader(source)
}

/// Everything needed to turn a record into a typed row.
struct Prepared {
    width: usize,
    mapping: Mapping,
    extra_positions: Vec<usize>,
    converter: RowConverter,
    /// Report-like rows (headings, totals, footers), when the file has them.
    layout: Option<crate::layout::RowLayout>,
}

impl Prepared {
    /// Check, type and hand over one record found at `line`.
    fn process(
        &self,
        r: &csv::ByteRecord,
        line: u64,
        stats: &mut TableStats,
        consume: &mut dyn FnMut(&[Value<'_>], u64) -> Outcome,
    ) {
        // rows of report layouts: headings carried down, totals and footers skipped
        let filled;
        let r = match self.layout.as_ref().map(|l| l.classify(r, stats)) {
            None | Some(crate::layout::Row::Data) => r,
            Some(crate::layout::Row::Filled(f)) => {
                filled = f;
                &filled
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
        let Some(whole) = std::str::from_utf8(r.as_slice()).ok() else {
            return self.process_invalid_utf8(r, line, stats, consume);
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
                .row(&raw[..specs.len()], line, stats, consume);
        } else {
            let mut all = raw[..specs.len()].to_vec();
            all.extend(
                self.extra_positions
                    .iter()
                    .map(|&p| field(p).map_or(Value::Null, Value::Text)),
            );
            self.converter.row(&all, line, stats, consume);
        }
    }

    /// [`Prepared::process`] for a record that is not valid UTF-8:
    /// descriptive text (names, managers, attributes) is kept with the bad
    /// bytes replaced by U+FFFD, counted per column with its line; an id,
    /// key, date or number with invalid UTF-8 rejects the row.
    #[cold]
    fn process_invalid_utf8(
        &self,
        r: &csv::ByteRecord,
        line: u64,
        stats: &mut TableStats,
        consume: &mut dyn FnMut(&[Value<'_>], u64) -> Outcome,
    ) {
        let specs = self.converter.specs;
        let fixed: Vec<Option<String>> = r
            .iter()
            .map(|f| match std::str::from_utf8(f) {
                Ok(_) => None,
                Err(_) => Some(String::from_utf8_lossy(f).into_owned()),
            })
            .collect();
        let mut raw = [Value::Null; MAX_COLUMNS];
        for (i, p) in self.mapping.positions.iter().enumerate() {
            if let Some(p) = *p {
                match (std::str::from_utf8(&r[p]), &fixed[p]) {
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
                            value: String::from_utf8_lossy(&r[p]).into_owned(),
                        });
                        return;
                    }
                }
            }
        }
        let mut all = raw[..specs.len()].to_vec();
        for (k, &p) in self.extra_positions.iter().enumerate() {
            all.push(match &fixed[p] {
                Some(s) => {
                    let name = stats.extra_columns.get(k).cloned().unwrap_or_default();
                    stats.repair(&name, line);
                    Value::Text(s)
                }
                None => std::str::from_utf8(&r[p]).map_or(Value::Null, Value::Text),
            });
        }
        self.converter.row(&all, line, stats, consume);
    }
}

/// The header record after `titles` title records.
fn header_record(
    reader: &mut csv::Reader<Box<dyn Read + Send>>,
    titles: u64,
    path: &Path,
) -> Result<Vec<String>> {
    let mut record = csv::ByteRecord::new();
    let mut seen = 0;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) if seen >= titles => break,
            Ok(true) => seen += 1,
            Ok(false) => break,
            Err(e) => {
                return Err(DataError::structure(
                    path,
                    format!("cannot read the header row: {e}"),
                ))
            }
        }
    }
    Ok(record
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect())
}

/// The header names of a source (CSV below any title rows, or Parquet's
/// column names), to recognise known exports before reading.
pub(crate) fn read_header(spec: &SourceSpec) -> Result<Vec<String>> {
    if spec.format == Format::Parquet {
        return crate::parquet_source::header_names(spec);
    }
    let mut stats = TableStats::new(spec.table, spec.path.clone());
    let sniffed = sniff(spec, &mut stats)?;
    let file = open_at(&spec.path, sniffed.bom)?;
    let buffered = BufReader::new(file);
    let source: Box<dyn Read + Send> = if sniffed.delimiter == WHITESPACE {
        Box::new(WhitespaceToTabs::new(buffered))
    } else {
        Box::new(buffered)
    };
    let mut reader = csv_reader(source, sniffed.delimiter, false);
    header_record(&mut reader, sniffed.header_titles, &spec.path)
}

/// Whether a column holds descriptive text (kept when repaired), not a key.
fn descriptive(col: &ColumnSpec) -> bool {
    col.ty == ColumnType::Text && !matches!(col.key, "order-id" | "product" | "invoice-id")
}

/// Open the file, read the header, map the columns and decide the formats
/// from a sample. Returns the preparation, the reader positioned after the
/// sampled records, the sampled records and whether the file ended.
#[allow(clippy::type_complexity)] // one private helper's tuple, named at its two call sites
fn prepare_csv(
    spec: &SourceSpec,
    sniffed: &Sniffed,
    stats: &mut TableStats,
) -> Result<(
    Prepared,
    csv::Reader<Box<dyn Read + Send>>,
    Vec<csv::ByteRecord>,
    bool,
)> {
    let path = &spec.path;
    let file = open_at(path, sniffed.bom)?;
    let buffered = BufReader::with_capacity(1 << 20, file);
    let source: Box<dyn Read + Send> = if sniffed.delimiter == WHITESPACE {
        Box::new(WhitespaceToTabs::new(buffered))
    } else {
        Box::new(buffered)
    };
    let mut reader = csv_reader(source, sniffed.delimiter, false);
    let headers = header_record(&mut reader, sniffed.header_titles, path)?;
    let mapping =
        crate::rules::map_source(spec, &headers).map_err(|m| DataError::structure(path, m))?;
    let specs = spec.table.columns();

    // Sample rows until every text date column is decided (or the cap).
    let mut buffered: Vec<csv::ByteRecord> = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut eof = false;
    let field_text = |r: &csv::ByteRecord, i: usize| -> Option<String> {
        let p = mapping.positions[i]?;
        let s = std::str::from_utf8(r.get(p)?).ok()?.trim();
        (!s.is_empty()).then(|| s.to_string())
    };
    let collect = |buffered: &[csv::ByteRecord], i: usize| -> Vec<String> {
        buffered.iter().filter_map(|r| field_text(r, i)).collect()
    };
    let mut target = SAMPLE_ROWS;
    loop {
        while buffered.len() < target {
            match reader.read_byte_record(&mut record) {
                Ok(true) => buffered.push(record.clone()),
                Ok(false) => {
                    eof = true;
                    break;
                }
                Err(e) => return Err(csv_error(path, e)),
            }
        }
        if eof || target >= MAX_SAMPLE_ROWS || spec.date_order.is_some() {
            break;
        }
        let date_samples: Vec<Vec<String>> = (0..specs.len())
            .filter(|&i| specs[i].ty == ColumnType::Date)
            .map(|i| collect(&buffered, i))
            .collect();
        if !needs_more(&date_samples) {
            break;
        }
        target *= 4;
    }
    let converter = formats(spec, &mapping, &headers, &|i| collect(&buffered, i), stats)?;
    let extra_positions = extra_columns(spec, &mapping, &headers, stats);
    // report-like rows and the traps a sample shows (crate::layout, crate::warnings)
    let layout = crate::layout::RowLayout::detect(
        spec.rules.group_heading,
        sniffed.header_titles,
        mapping.positions.get(1).copied().flatten(),
        buffered.iter(),
    );
    let sampled =
        crate::warnings::scan_sample(spec, &headers, &mapping, &buffered, layout.as_ref());
    stats.warnings.extend(sampled);
    let prepared = Prepared {
        width: headers.len(),
        mapping,
        extra_positions,
        converter,
        layout,
    };
    Ok((prepared, reader, buffered, eof))
}

fn read_csv(
    spec: &SourceSpec,
    progress: &dyn Progress,
    stats: &mut TableStats,
    consume: &mut dyn FnMut(&[Value<'_>], u64) -> Outcome,
) -> Result<()> {
    let sniffed = sniff(spec, stats)?;
    let (prepared, mut reader, buffered, eof) = prepare_csv(spec, &sniffed, stats)?;
    progress.begin(&format!("reading {}", spec.table), sniffed.total);
    let line_of = |r: &csv::ByteRecord| r.position().map_or(0, |p| p.line());
    for r in &buffered {
        prepared.process(r, line_of(r), stats, consume);
    }
    drop(buffered);
    if !eof {
        let mut record = csv::ByteRecord::new();
        let mut n = 0u64;
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {
                    prepared.process(&record, line_of(&record), stats, consume);
                    n += 1;
                    if n.is_multiple_of(65_536) {
                        progress.advance_to(record.position().map_or(0, |p| p.byte()));
                    }
                }
                Ok(false) => break,
                Err(e) => return Err(csv_error(&spec.path, e)),
            }
        }
    }
    progress.end();
    Ok(())
}

/// A consumer of typed rows that can run on its own thread; one per chunk
/// of a file read in parallel, merged by the caller in file order.
pub trait RowSink: Send {
    /// Take one valid row (like the `consume` closure of [`read_table`]).
    fn row(&mut self, row: &[Value<'_>], line: u64) -> Outcome;

    /// The sink read a part of a file whose lines were numbered from 1:
    /// `offset` lines precede it (lines the sink kept move by `offset`).
    fn shift_lines(&mut self, _offset: u64) {}
}

/// CSV files at least this large are read in parallel chunks.
pub const PARALLEL_MIN_BYTES: u64 = 16 << 20;

/// Read a table into sinks made by `make`: a large CSV file (no quotes in
/// its first 64 KB, not whitespace-aligned) is cut at line ends into one
/// chunk per core, each read on its own thread into its own sink; anything
/// else is read sequentially into one sink. Sinks come back in file order;
/// `stats` counts every row and rejects carry the file's line numbers, as in
/// a sequential read. `spec.threads` overrides the thread count (and with
/// more than one, the size threshold).
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
    let mut probe = TableStats::new(spec.table, spec.path.clone());
    let sniffed = sniff(spec, &mut probe)?;
    let large = sniffed.total >= PARALLEL_MIN_BYTES || spec.threads.is_some();
    if sniffed.quoted || sniffed.delimiter == WHITESPACE || !large {
        return sequential(stats);
    }
    stats.detected = probe.detected;
    let Some(cut) = cut_csv(spec, &sniffed, stats, threads)? else {
        return Ok(vec![make()]);
    };
    progress.begin(&format!("reading {}", spec.table), sniffed.total);
    let done = std::sync::atomic::AtomicU64::new(cut.bounds[0]);
    let results = on_threads(
        cut.parts(),
        |(start, end)| -> Result<(S, TableStats, u64)> {
            let mut sink = make();
            let mut local = TableStats::new(spec.table, spec.path.clone());
            // the CSV reader's own buffer is the only copy of the bytes
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(sniffed.delimiter)
                .flexible(true)
                .has_headers(false)
                .buffer_capacity(1 << 20)
                .from_reader(open_at(&spec.path, start)?.take(end - start));
            let mut record = csv::ByteRecord::new();
            let mut consume = |row: &[Value<'_>], line: u64| sink.row(row, line);
            let mut last = 0u64;
            loop {
                match reader.read_byte_record(&mut record) {
                    Ok(true) => {
                        let pos = record.position().map_or((0, 0), |p| (p.line(), p.byte()));
                        cut.prepared
                            .process(&record, pos.0, &mut local, &mut consume);
                        if pos.1 - last >= 8 << 20 {
                            let total =
                                done.fetch_add(pos.1 - last, std::sync::atomic::Ordering::Relaxed);
                            progress.advance_to(total + pos.1 - last);
                            last = pos.1;
                        }
                    }
                    Ok(false) => break,
                    Err(e) => return Err(csv_error(&spec.path, e)),
                }
            }
            // the reader counts every line break it passed, blank lines too
            let lines = reader.position().line() - 1;
            Ok((sink, local, lines))
        },
    );
    progress.end();
    // merge in file order; local line numbers start at 1 in each chunk
    let mut sinks = Vec::with_capacity(results.len());
    let mut line_offset = cut.first_line - 1;
    for r in results {
        let (mut sink, local, lines) = r?;
        merge_stats(stats, local, line_offset);
        sink.shift_lines(line_offset);
        line_offset += lines;
        sinks.push(sink);
    }
    Ok(sinks)
}

/// Add a chunk's row accounting to the table's; its lines or rows move by `offset`.
fn merge_stats(stats: &mut TableStats, local: TableStats, offset: u64) {
    stats.read += local.read;
    stats.used += local.used;
    stats.rejected += local.rejected;
    for (k, v) in local.skipped {
        *stats.skipped.entry(k).or_insert(0) += v;
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
    let results = on_threads(runs, |(range, before)| -> Result<(S, TableStats)> {
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
    });
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
}

/// Run `job` on every part, each on its own thread; results in part order.
fn on_threads<P: Send, T: Send>(parts: Vec<P>, job: impl Fn(P) -> T + Sync) -> Vec<T> {
    let job = &job;
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|p| scope.spawn(move || job(p)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("reading thread"))
            .collect()
    })
}

/// An unquoted CSV file prepared for reading in parts.
struct CsvCut {
    prepared: Prepared,
    /// Byte offsets: part k is `bounds[k]..bounds[k + 1]`, each starting at a
    /// line start; `bounds[0]` is the first data row.
    bounds: Vec<u64>,
    /// The line of the first data row.
    first_line: u64,
}

impl CsvCut {
    /// The byte range of each part.
    fn parts(&self) -> Vec<(u64, u64)> {
        self.bounds.windows(2).map(|w| (w[0], w[1])).collect()
    }
}

/// Map the columns, decide the formats and cut the data rows into `threads`
/// parts; `None` when the file has no data row.
fn cut_csv(
    spec: &SourceSpec,
    sniffed: &Sniffed,
    stats: &mut TableStats,
    threads: usize,
) -> Result<Option<CsvCut>> {
    let (prepared, _, buffered, _) = prepare_csv(spec, sniffed, stats)?;
    let Some(first) = buffered.first().and_then(|r| r.position().cloned()) else {
        return Ok(None);
    };
    let start = sniffed.bom + first.byte();
    let bounds = chunk_bounds(&spec.path, start, sniffed.total, threads.max(1))?;
    Ok(Some(CsvCut {
        prepared,
        bounds,
        first_line: first.line(),
    }))
}

/// Chunk boundaries: `threads` byte ranges of [start, end), each beginning at a line start.
fn chunk_bounds(path: &Path, start: u64, end: u64, threads: usize) -> Result<Vec<u64>> {
    let mut file = open(path)?;
    let mut bounds = vec![start];
    let step = (end - start) / threads as u64;
    for k in 1..threads as u64 {
        let mut at = (start + k * step).max(*bounds.last().unwrap_or(&start));
        file.seek(SeekFrom::Start(at))
            .map_err(|source| DataError::Io {
                path: path.to_path_buf(),
                source,
            })?;
        let mut buf = [0u8; 65_536];
        let mut found = false;
        while !found && at < end {
            let n = file.read(&mut buf).map_err(|source| DataError::Io {
                path: path.to_path_buf(),
                source,
            })?;
            if n == 0 {
                break;
            }
            match buf[..n].iter().position(|&b| b == b'\n') {
                Some(p) => {
                    at += p as u64 + 1;
                    found = true;
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

fn csv_error(path: &Path, e: csv::Error) -> DataError {
    match e.kind() {
        csv::ErrorKind::Io(_) => DataError::structure(path, format!("cannot read the file: {e}")),
        _ => DataError::structure(path, format!("cannot parse the file as CSV: {e}")),
    }
}

/// The positions of the columns that are not part of the contract, kept as
/// attributes (customers and prospects tables only); their names go to `stats`.
pub(crate) fn extra_columns(
    spec: &SourceSpec,
    mapping: &Mapping,
    headers: &[String],
    stats: &mut TableStats,
) -> Vec<usize> {
    if !spec.table.keeps_attributes() {
        return Vec::new();
    }
    let extra: Vec<usize> = (0..headers.len())
        .filter(|p| !mapping.positions.contains(&Some(*p)) && !headers[*p].is_empty())
        .collect();
    stats.extra_columns = extra.iter().map(|&p| headers[p].clone()).collect();
    if !extra.is_empty() {
        stats
            .detected
            .push(format!("attributes: {}", stats.extra_columns.join(", ")));
    }
    extra
}

pub(crate) fn required_list(spec: &SourceSpec) -> String {
    spec.table
        .columns()
        .iter()
        .filter(|c| {
            c.required
                || (spec.table == crate::schema::TableKind::Transactions && c.key == "amount")
        })
        .map(|c| c.key.replace('-', " "))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An upper bound of the latest date in a transactions CSV, read fast: only
/// the date field of each line is looked at, in parallel chunks. Every line
/// with a readable date counts, valid or not, so the result is at least the
/// latest date of a valid row; the caller confirms it with the main pass.
/// `None` when the fast path does not apply (Parquet, whitespace-aligned text,
/// a double quote anywhere in the file, no date column).
pub(crate) fn latest_date_upper_bound(
    spec: &SourceSpec,
    progress: &dyn Progress,
) -> Result<Option<Option<Date>>> {
    if spec.format == Format::Parquet {
        return Ok(None);
    }
    let mut stats = TableStats::new(spec.table, spec.path.clone());
    let sniffed = sniff(spec, &mut stats)?;
    if sniffed.quoted || sniffed.delimiter == WHITESPACE {
        return Ok(None);
    }
    let Some(cut) = cut_csv(spec, &sniffed, &mut stats, thread_count(spec))? else {
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
    let results = on_threads(cut.parts(), |(from, to)| {
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
            let line = &block[line_start..line_end];
            line_start = line_end + 1;
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

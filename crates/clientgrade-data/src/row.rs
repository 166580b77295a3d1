//! Typing rows: each mapped cell to its contract column's type, formats decided per column, rejects for bad values.

use clientgrade_core::{Date, Money, Value};

use crate::config::SourceSpec;
use crate::reject::{Reject, TableStats};
use crate::schema::{ColumnSpec, ColumnType, Mapping};
use crate::source::Outcome;
use crate::values::{
    bounded, detect_date_order, detect_decimal_mark, parse_amount, parse_amount_simple, parse_flag,
    plausible, AmountError, DateDetection, DateOrder, DecimalMark, MarkDetection, Refusal,
};
use crate::{DataError, Result};

/// How the text of each contract column is read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ColumnFormat {
    pub(crate) date: DateOrder,
    pub(crate) decimal: DecimalMark,
    /// Dates with a time in UTC or with an offset move to this zone's day.
    pub(crate) zone: Option<crate::timezone::ZoneRule>,
    /// Whether the decimal mark was set or decided by a value (else values
    /// that read differently with either mark are rejected as ambiguous).
    pub(crate) decided: bool,
}

/// Most contract columns of a table (the transactions have 17).
pub(crate) const MAX_COLUMNS: usize = 20;

/// Customer and prospect ids longer than this (in bytes, after trimming) are
/// rejected: in practice a parse error, and too long to show in any output.
pub const MAX_ID_BYTES: usize = 256;

/// Why a customer id such as `1.23457E+11` is rejected: many ids share it.
pub(crate) const EXCEL_SCIENTIFIC_ID: &str =
    "customer id in scientific notation: Excel turned the \
     ids into numbers and dropped digits, so different customers look alike; export the column \
     as text";

/// Whether an id is a number as Excel shows a large one: `1.23457E+11`,
/// `4E+12`, `1,23457E+11` (a digit, decimals, `E`, a signed exponent).
/// Digits are lost, so it can never be told which customer it was.
pub(crate) fn excel_scientific(id: &str) -> bool {
    // this runs on every row's id: most ids start with a letter
    if id
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic())
    {
        return false;
    }
    let t = id.trim();
    let Some((mantissa, exp)) = t.split_once(['E', 'e']) else {
        return false;
    };
    let mantissa = mantissa.strip_prefix('-').unwrap_or(mantissa);
    let (int, frac) = mantissa.split_once(['.', ',']).unwrap_or((mantissa, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let exp_digits = exp.strip_prefix(['+', '-']).filter(|e| digits(e));
    int.len() == 1 && digits(int) && digits(frac) && exp_digits.is_some()
}

/// A cell as the text people wrote or would write: names, managers and
/// attributes of customers and prospects (`None` for no value).
pub(crate) fn cell_text(v: Value<'_>) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Text(s) => Some(s.to_string()),
        Value::Int(i) => Some(i.to_string()),
        Value::Date(d) => Some(d.to_string()),
        Value::Money(m) => Some(m.to_string()),
        Value::Float(f) => Some(f.to_string()),
    }
}

/// Rows sampled to detect formats; extended while a date column stays ambiguous.
pub(crate) const SAMPLE_ROWS: usize = 1_000;
pub(crate) const MAX_SAMPLE_ROWS: usize = 50_000;

/// Convert one raw cell to the contract column's type; the error says why
/// an amount or date is refused (`None`: not a value of the column's type).
/// Text (every CSV cell) takes a short path; typed Parquet values the rest.
/// `TYPED`: the reader hands over typed values (Parquet), so their
/// conversion is inlined; for text (CSV) it stays out of the way.
#[inline(always)]
fn convert<'a, const TYPED: bool>(
    col: &ColumnSpec,
    raw: Value<'a>,
    fmt: ColumnFormat,
) -> std::result::Result<Value<'a>, Option<Refusal>> {
    let Value::Text(s) = raw else {
        return if TYPED {
            convert_typed(col, raw)
        } else {
            convert_typed_apart(col, raw)
        };
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
        ColumnType::Flag => parse_flag(t)
            .map(|f| Value::Int(i64::from(f)))
            .ok_or(Some(Refusal::Flag)),
    }
}

/// [`convert_typed`] as a call of its own (a typed value in a text reader).
#[inline(never)]
fn convert_typed_apart<'a>(
    col: &ColumnSpec,
    raw: Value<'a>,
) -> std::result::Result<Value<'a>, Option<Refusal>> {
    convert_typed(col, raw)
}

/// [`convert`] for a value that is not text (Parquet's typed columns).
#[inline(always)]
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
    pub(crate) specs: &'static [ColumnSpec],
    pub(crate) formats: Vec<ColumnFormat>,
    /// The indices of the mapped columns.
    live: Vec<usize>,
    /// The first column is a mapped customer id (the checks of ids).
    customer_id: bool,
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

    /// Process one row given its raw cells (`Value::Null` for unmapped
    /// columns); `TYPED` when the cells are typed values (Parquet) rather
    /// than text (CSV).
    pub(crate) fn row<const TYPED: bool>(
        &self,
        raw: &[Value<'_>],
        line: u64,
        stats: &mut TableStats,
        consume: &mut dyn FnMut(&[Value<'_>], u64) -> Outcome,
    ) {
        stats.read += 1;
        // a totals row (`Gesamt;31.12.2025;436.556,06`) is never a customer
        if let (true, Some(Value::Text(id))) = (self.customer_id, raw.first()) {
            if crate::layout::may_be_total_label(id) && crate::layout::is_total_label(id) {
                stats.skip_at(crate::layout::TOTAL_LABEL, line);
                return;
            }
            // an id as Excel shows a large number: its digits are lost (the
            // id is the first column read, so this is its first check)
            if excel_scientific(id) {
                stats.reject(Reject {
                    line,
                    column: "customer-id",
                    reason: EXCEL_SCIENTIFIC_ID.into(),
                    value: crate::csv_records::shown(id.trim().as_bytes(), 40),
                });
                return;
            }
        }
        let mut typed = [Value::Null; MAX_COLUMNS];
        for &i in &self.live {
            let col = &self.specs[i];
            match convert::<TYPED>(col, raw[i], self.formats[i]) {
                Ok(Value::Null) if col.required => {
                    self.reject(i, None, raw[i], line, stats);
                    return;
                }
                Ok(Value::Text(id)) if col.ty == ColumnType::Id && id.len() > MAX_ID_BYTES => {
                    stats.reject(Reject {
                        line,
                        column: col.key,
                        reason: format!(
                            "{} too long ({} bytes)",
                            col.key.replace('-', " "),
                            id.len()
                        ),
                        value: crate::csv_records::shown(id.as_bytes(), 40),
                    });
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
            Outcome::Skipped(why) => stats.skip_at(why, line),
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
            stats.mapped.insert(col.key, header.clone());
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
                            .find(|v| o.parse_strict(v).is_some())
                            .map_or_else(|| o.pattern().to_string(), |v| o.pattern_like(v));
                        let year_first = values
                            .iter()
                            .filter(|v| {
                                o != DateOrder::YearMonthDay
                                    && o.parse_strict(v).is_none()
                                    && DateOrder::YearMonthDay.parse_strict(v).is_some()
                            })
                            .count();
                        let shown = match o {
                            DateOrder::DayMonthShortYear | DateOrder::MonthDayShortYear => format!(
                                "{shown} (two-digit years: 00-29 are 2000-2029, 30-99 are \
                                 1930-1999; set date-format if not)"
                            ),
                            DateOrder::ExcelSerial => {
                                "Excel serial day numbers (45292 = 2024-01-01; every value \
                                 is one; set date-format if not)"
                                    .to_string()
                            }
                            _ => shown,
                        };
                        stats.detected.push(if year_first > 0 {
                            format!(
                                "{} read as {shown}, and as %Y-%m-%d where the year comes first                                  ({year_first} of {} sampled values)",
                                col.key,
                                values.len()
                            )
                        } else {
                            format!("{} read as {shown}", col.key)
                        });
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
    for (a, b) in crate::schema::unused_duplicates(headers, mapping) {
        let kept = if table.keeps_attributes() {
            "both kept as attributes"
        } else {
            "neither is used"
        };
        stats.detected.push(format!(
            "columns {} and {} have the same name `{}` ({kept})",
            a + 1,
            b + 1,
            headers[a].trim()
        ));
    }
    Ok(RowConverter {
        table,
        specs,
        formats: out,
        customer_id: specs.first().is_some_and(|c| c.key == "customer-id")
            && mapping.positions.first().is_some_and(Option::is_some),
        live: (0..specs.len())
            .filter(|&i| mapping.positions[i].is_some())
            .collect(),
        lenient: crate::source::lenient(spec, mapping),
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
pub(crate) fn needs_more(sample_dates: &[Vec<String>]) -> bool {
    sample_dates.iter().any(|v| {
        matches!(
            detect_date_order(v.iter().map(String::as_str)),
            DateDetection::Ambiguous { .. }
        )
    })
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

//! Typing rows: each mapped cell to its contract column's type, formats decided per column, rejects for bad values.

use clientgrade_core::{Money, Value};

use crate::config::SourceSpec;
use crate::reader::Outcome;
use crate::reject::{Reject, TableStats};
use crate::schema::{ColumnSpec, ColumnType, Mapping};
use crate::values::{
    detect_date_order, detect_decimal_mark, parse_flag, parse_money, DateDetection, DateOrder,
    DecimalMark,
};
use crate::{DataError, Result};

/// How the text of each contract column is read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ColumnFormat {
    pub(crate) date: DateOrder,
    pub(crate) decimal: DecimalMark,
}

/// Customer ids longer than this (in bytes, after trimming) are rejected:
/// in practice a parse error, and too long to show in any output.
pub const MAX_ID_BYTES: usize = 256;

/// Rows sampled to detect formats; extended while a date column stays ambiguous.
pub(crate) const SAMPLE_ROWS: usize = 1_000;
pub(crate) const MAX_SAMPLE_ROWS: usize = 50_000;

/// Convert one raw cell to the contract column's type.
fn convert<'a>(
    col: &ColumnSpec,
    raw: Value<'a>,
    fmt: ColumnFormat,
) -> std::result::Result<Value<'a>, ()> {
    let raw = match raw {
        Value::Text(s) => {
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
            Value::Text(t)
        }
        Value::Float(f) if !f.is_finite() => return Err(()),
        other => other,
    };
    if raw == Value::Null {
        return Ok(Value::Null);
    }
    match (col.ty, raw) {
        (ColumnType::Id | ColumnType::Text, Value::Text(_) | Value::Int(_)) => Ok(raw),
        (ColumnType::Id | ColumnType::Text, _) => Err(()),
        (ColumnType::Date, Value::Date(_)) => Ok(raw),
        (ColumnType::Date, Value::Text(s)) => fmt.date.parse(s).map(Value::Date).ok_or(()),
        (ColumnType::Date, Value::Int(i)) => DateOrder::Compact
            .parse(&i.to_string())
            .map(Value::Date)
            .ok_or(()),
        (ColumnType::Money | ColumnType::Number, Value::Money(_)) => Ok(raw),
        (ColumnType::Money | ColumnType::Number, Value::Text(s)) => {
            parse_money(s, fmt.decimal).map(Value::Money).ok_or(())
        }
        (ColumnType::Money | ColumnType::Number, Value::Int(i)) => i
            .checked_mul(clientgrade_core::MONEY_SCALE)
            .map(|r| Value::Money(Money::from_raw(r)))
            .ok_or(()),
        (ColumnType::Money | ColumnType::Number, Value::Float(f)) => {
            Money::from_f64(f).map(Value::Money).ok_or(())
        }
        (ColumnType::Flag, Value::Text(s)) => Ok(Value::Int(i64::from(parse_flag(s)))),
        (ColumnType::Flag, Value::Int(i)) => Ok(Value::Int(i64::from(i != 0))),
        _ => Err(()),
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
    pub(crate) specs: &'static [ColumnSpec],
    pub(crate) formats: Vec<ColumnFormat>,
    mapped: Vec<bool>,
}

impl RowConverter {
    /// Process one row given its raw cells (`Value::Null` for unmapped columns).
    pub(crate) fn row(
        &self,
        raw: &[Value<'_>],
        line: u64,
        stats: &mut TableStats,
        consume: &mut dyn FnMut(&[Value<'_>], u64) -> Outcome,
    ) {
        stats.read += 1;
        let mut typed = [Value::Null; 8];
        for (i, col) in self.specs.iter().enumerate() {
            if !self.mapped[i] {
                continue;
            }
            match convert(col, raw[i], self.formats[i]) {
                Ok(Value::Null) if col.required => {
                    stats.reject(Reject {
                        line,
                        column: col.key,
                        reason: format!("missing {}", col.key.replace('-', " ")),
                        value: String::new(),
                    });
                    return;
                }
                Ok(Value::Text(id)) if col.ty == ColumnType::Id && id.len() > MAX_ID_BYTES => {
                    stats.reject(Reject {
                        line,
                        column: col.key,
                        reason: format!("customer id too long ({} bytes)", id.len()),
                        value: crate::csv_records::shown(id.as_bytes(), 40),
                    });
                    return;
                }
                Ok(v) => typed[i] = v,
                Err(()) => {
                    stats.reject(Reject {
                        line,
                        column: col.key,
                        reason: format!("bad {}", col.key.replace('-', " ")),
                        value: describe(raw[i]),
                    });
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
    assert!(specs.len() <= 8, "a table has at most 8 contract columns");
    let mut out = Vec::with_capacity(specs.len());
    let table = spec.table;
    for (i, col) in specs.iter().enumerate() {
        let mut f = ColumnFormat {
            date: spec.date_order.unwrap_or(DateOrder::YearMonthDay),
            decimal: spec.decimal.unwrap_or(DecimalMark::Dot),
        };
        if let Some(p) = mapping.positions[i] {
            let header = &headers[p];
            stats.detected.push(format!("{} ← `{header}`", col.key));
            let values = sample(i);
            if col.ty == ColumnType::Date && spec.date_order.is_none() && !values.is_empty() {
                match detect_date_order(values.iter().map(String::as_str)) {
                    DateDetection::Found(o) => {
                        f.date = o;
                        stats
                            .detected
                            .push(format!("{} read as {}", col.key, o.pattern()));
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
            if matches!(col.ty, ColumnType::Money | ColumnType::Number)
                && spec.decimal.is_none()
                && !values.is_empty()
            {
                f.decimal = detect_decimal_mark(values.iter().map(String::as_str));
                if f.decimal == DecimalMark::Comma {
                    stats
                        .detected
                        .push(format!("{} uses a decimal comma", col.key));
                }
            }
        }
        out.push(f);
    }
    for (a, b) in crate::schema::unused_duplicates(headers, mapping) {
        let kept = if table == crate::schema::TableKind::Customers {
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
        specs,
        formats: out,
        mapped: mapping.positions.iter().map(Option::is_some).collect(),
    })
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
/// customer attributes (customers table only); their names go to `stats`.
pub(crate) fn extra_columns(
    spec: &SourceSpec,
    mapping: &Mapping,
    headers: &[String],
    stats: &mut TableStats,
) -> Vec<usize> {
    if spec.table != crate::schema::TableKind::Customers {
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
        .filter(|c| c.required)
        .map(|c| c.key.replace('-', " "))
        .collect::<Vec<_>>()
        .join(", ")
}

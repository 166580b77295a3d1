//! Reading a Parquet table: only the mapped columns, typed arrays turned into contract values.

use arrow_array::types::*;
use arrow_array::{
    Array, ArrowPrimitiveType, BooleanArray, Date32Array, Date64Array, Decimal128Array,
    Decimal256Array, Decimal32Array, Decimal64Array, DictionaryArray, Float16Array, Float32Array,
    Float64Array, Int16Array, Int32Array, Int64Array, Int8Array, LargeStringArray, PrimitiveArray,
    RecordBatch, StringArray, StringViewArray, UInt16Array, UInt32Array, UInt64Array, UInt8Array,
};
use arrow_schema::{DataType, TimeUnit};
use clientgrade_core::{Date, Money, Value};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ProjectionMask;

use crate::config::SourceSpec;
use crate::reader::{formats, Outcome, Progress};
use crate::reject::TableStats;
use crate::schema::ColumnType;
use crate::{DataError, Result};

/// A string array of any of Arrow's three layouts.
#[derive(Clone, Copy)]
enum Strs<'a> {
    Utf8(&'a StringArray),
    Large(&'a LargeStringArray),
    View(&'a StringViewArray),
}

impl<'a> Strs<'a> {
    fn new(a: &'a dyn Array) -> Option<Strs<'a>> {
        let any = a.as_any();
        Some(match a.data_type() {
            DataType::Utf8 => Strs::Utf8(any.downcast_ref()?),
            DataType::LargeUtf8 => Strs::Large(any.downcast_ref()?),
            DataType::Utf8View => Strs::View(any.downcast_ref()?),
            _ => return None,
        })
    }

    #[inline(always)]
    fn get(&self, i: usize) -> Value<'a> {
        match *self {
            Strs::Utf8(a) if !a.is_null(i) => Value::Text(a.value(i)),
            Strs::Large(a) if !a.is_null(i) => Value::Text(a.value(i)),
            Strs::View(a) if !a.is_null(i) => Value::Text(a.value(i)),
            _ => Value::Null,
        }
    }
}

/// One column of a record batch, downcast once per batch.
enum Col<'a> {
    Str(Strs<'a>),
    /// Dictionary-encoded strings (what pandas writes for a `category`):
    /// the values and each row's key.
    Dict(Strs<'a>, Vec<Option<usize>>),
    /// The common numeric layouts read in place, row by row.
    I64(&'a Int64Array),
    F64(&'a Float64Array),
    Dec128(&'a Decimal128Array, Rescale),
    /// Other integers, floats and timestamps, converted once per batch.
    Vals(Vec<Value<'static>>),
    Date32(&'a Date32Array),
    Date64(&'a Date64Array),
    Bool(&'a BooleanArray),
    /// A column of Arrow type Null: every value is missing.
    Null,
}

/// Integers as values; beyond i64 (UInt64 above 2^63) an infinite float,
/// which amounts reject as too large and ids as bad.
fn ints<T: ArrowPrimitiveType>(a: &PrimitiveArray<T>) -> Vec<Value<'static>>
where
    T::Native: TryInto<i64>,
{
    a.iter()
        .map(|v| match v.map(TryInto::try_into) {
            None => Value::Null,
            Some(Ok(i)) => Value::Int(i),
            Some(Err(_)) => Value::Float(f64::INFINITY),
        })
        .collect()
}

fn floats(v: impl Iterator<Item = Option<f64>>) -> Vec<Value<'static>> {
    v.map(|f| f.map_or(Value::Null, Value::Float)).collect()
}

/// Decimals of any width as exact money; beyond its range an infinite float
/// (rejected as too large to sum).
fn decimals(v: impl Iterator<Item = Option<Option<i128>>>, scale: i8) -> Vec<Value<'static>> {
    let rescale = Rescale::new(scale);
    v.map(|d| d.map_or(Value::Null, |d| decimal_value(rescale, d)))
        .collect()
}

/// A decimal (`None`: beyond 128 bits) as exact money, or an infinite float
/// when it does not fit.
#[inline]
fn decimal_value(rescale: Rescale, d: Option<i128>) -> Value<'static> {
    d.and_then(|d| rescale.money(d))
        .map_or(Value::Float(f64::INFINITY), Value::Money)
}

/// Timestamps as dates: the day of the instant shifted by `offset` seconds
/// (the zone's fixed offset, 0 for UTC and for timestamps without a zone).
fn ts_days<T: ArrowPrimitiveType<Native = i64>>(
    a: &PrimitiveArray<T>,
    per_second: i64,
    offset: i64,
) -> Vec<Value<'static>> {
    let per_day = per_second * 86_400;
    let shift = offset.saturating_mul(per_second);
    a.iter()
        .map(|v| match v {
            None => Value::Null,
            Some(x) => i32::try_from(x.saturating_add(shift).div_euclid(per_day))
                .map_or(Value::Float(f64::NAN), |d| Value::Date(Date::from_days(d))),
        })
        .collect()
}

/// The fixed offset in seconds of a time zone written as `UTC`, `Z`,
/// `+02:00`, `-0530` or `+02`; `None` for named zones (`Europe/Berlin`).
pub(crate) fn zone_offset(tz: &str) -> Option<i64> {
    let t = tz.trim();
    if matches!(
        t.to_ascii_uppercase().as_str(),
        "UTC" | "Z" | "GMT" | "ETC/UTC" | "ETC/GMT" | "UNIVERSAL" | "ZULU"
    ) {
        return Some(0);
    }
    let (sign, rest) = match t.as_bytes().first()? {
        b'+' => (1, &t[1..]),
        b'-' => (-1, &t[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let h: i64 = digits[..2].parse().ok()?;
    let m: i64 = if digits.len() == 4 {
        digits[2..].parse().ok()?
    } else {
        0
    };
    (h <= 23 && m <= 59).then_some(sign * (h * 3600 + m * 60))
}

fn dict<'a, K: ArrowDictionaryKeyType>(a: &'a dyn Array) -> Option<Col<'a>> {
    let d = a.as_any().downcast_ref::<DictionaryArray<K>>()?;
    let values = Strs::new(d.values().as_ref())?;
    Some(Col::Dict(values, d.keys_iter().collect()))
}

impl<'a> Col<'a> {
    fn new(a: &'a dyn Array) -> Option<Col<'a>> {
        let any = a.as_any();
        Some(match a.data_type() {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Col::Str(Strs::new(a)?),
            DataType::Dictionary(k, _) => match k.as_ref() {
                DataType::Int8 => dict::<Int8Type>(a)?,
                DataType::Int16 => dict::<Int16Type>(a)?,
                DataType::Int32 => dict::<Int32Type>(a)?,
                DataType::Int64 => dict::<Int64Type>(a)?,
                DataType::UInt8 => dict::<UInt8Type>(a)?,
                DataType::UInt16 => dict::<UInt16Type>(a)?,
                DataType::UInt32 => dict::<UInt32Type>(a)?,
                DataType::UInt64 => dict::<UInt64Type>(a)?,
                _ => return None,
            },
            DataType::Int8 => Col::Vals(ints(any.downcast_ref::<Int8Array>()?)),
            DataType::Int16 => Col::Vals(ints(any.downcast_ref::<Int16Array>()?)),
            DataType::Int32 => Col::Vals(ints(any.downcast_ref::<Int32Array>()?)),
            DataType::Int64 => Col::I64(any.downcast_ref()?),
            DataType::UInt8 => Col::Vals(ints(any.downcast_ref::<UInt8Array>()?)),
            DataType::UInt16 => Col::Vals(ints(any.downcast_ref::<UInt16Array>()?)),
            DataType::UInt32 => Col::Vals(ints(any.downcast_ref::<UInt32Array>()?)),
            DataType::UInt64 => Col::Vals(ints(any.downcast_ref::<UInt64Array>()?)),
            DataType::Float16 => Col::Vals(floats(
                any.downcast_ref::<Float16Array>()?
                    .iter()
                    .map(|v| v.map(|h| h.to_f64())),
            )),
            DataType::Float32 => Col::Vals(floats(
                any.downcast_ref::<Float32Array>()?
                    .iter()
                    .map(|v| v.map(f64::from)),
            )),
            DataType::Float64 => Col::F64(any.downcast_ref()?),
            DataType::Decimal32(_, s) => Col::Vals(decimals(
                any.downcast_ref::<Decimal32Array>()?
                    .iter()
                    .map(|v| v.map(|d| Some(i128::from(d)))),
                *s,
            )),
            DataType::Decimal64(_, s) => Col::Vals(decimals(
                any.downcast_ref::<Decimal64Array>()?
                    .iter()
                    .map(|v| v.map(|d| Some(i128::from(d)))),
                *s,
            )),
            DataType::Decimal128(_, s) => Col::Dec128(any.downcast_ref()?, Rescale::new(*s)),
            DataType::Decimal256(_, s) => Col::Vals(decimals(
                any.downcast_ref::<Decimal256Array>()?
                    .iter()
                    .map(|v| v.map(|d| d.to_i128())),
                *s,
            )),
            DataType::Date32 => Col::Date32(any.downcast_ref()?),
            DataType::Date64 => Col::Date64(any.downcast_ref()?),
            DataType::Timestamp(unit, tz) => {
                // named zones other than UTC: the UTC day (refused by the plan)
                let offset = tz.as_deref().and_then(zone_offset).unwrap_or(0);
                Col::Vals(match unit {
                    TimeUnit::Second => ts_days(
                        any.downcast_ref::<PrimitiveArray<TimestampSecondType>>()?,
                        1,
                        offset,
                    ),
                    TimeUnit::Millisecond => ts_days(
                        any.downcast_ref::<PrimitiveArray<TimestampMillisecondType>>()?,
                        1_000,
                        offset,
                    ),
                    TimeUnit::Microsecond => ts_days(
                        any.downcast_ref::<PrimitiveArray<TimestampMicrosecondType>>()?,
                        1_000_000,
                        offset,
                    ),
                    TimeUnit::Nanosecond => ts_days(
                        any.downcast_ref::<PrimitiveArray<TimestampNanosecondType>>()?,
                        1_000_000_000,
                        offset,
                    ),
                })
            }
            DataType::Boolean => Col::Bool(any.downcast_ref()?),
            DataType::Null => Col::Null,
            _ => return None,
        })
    }

    #[inline(always)]
    fn get(&self, i: usize) -> Value<'_> {
        match self {
            Col::Str(a) => a.get(i),
            Col::Dict(values, keys) => keys[i].map_or(Value::Null, |k| values.get(k)),
            Col::I64(a) => {
                if a.is_null(i) {
                    Value::Null
                } else {
                    Value::Int(a.value(i))
                }
            }
            Col::F64(a) => {
                if a.is_null(i) {
                    Value::Null
                } else {
                    Value::Float(a.value(i))
                }
            }
            Col::Dec128(a, rescale) => {
                if a.is_null(i) {
                    Value::Null
                } else {
                    decimal_value(*rescale, Some(a.value(i)))
                }
            }
            Col::Vals(v) => v[i],
            Col::Date32(a) => {
                if a.is_null(i) {
                    Value::Null
                } else {
                    Value::Date(Date::from_days(a.value(i)))
                }
            }
            Col::Date64(a) => {
                if a.is_null(i) {
                    Value::Null
                } else {
                    i32::try_from(a.value(i).div_euclid(86_400_000))
                        .map_or(Value::Float(f64::NAN), |d| Value::Date(Date::from_days(d)))
                }
            }
            Col::Bool(a) => {
                if a.is_null(i) {
                    Value::Null
                } else {
                    Value::Int(i64::from(a.value(i)))
                }
            }
            Col::Null => Value::Null,
        }
    }

    fn text(&self, i: usize) -> Option<String> {
        match self.get(i) {
            Value::Text(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        }
    }
}

/// What kind of values an Arrow type holds, for checking a mapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text,
    Int,
    Float,
    Decimal,
    Date,
    Timestamp,
    Bool,
    Null,
    Unreadable,
}

fn kind(t: &DataType) -> Kind {
    match t {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Kind::Text,
        DataType::Dictionary(k, v) => {
            let string_values = matches!(
                v.as_ref(),
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            );
            if k.is_dictionary_key_type() && string_values {
                Kind::Text
            } else {
                Kind::Unreadable
            }
        }
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64 => Kind::Int,
        DataType::Float16 | DataType::Float32 | DataType::Float64 => Kind::Float,
        DataType::Decimal32(..)
        | DataType::Decimal64(..)
        | DataType::Decimal128(..)
        | DataType::Decimal256(..) => Kind::Decimal,
        DataType::Date32 | DataType::Date64 => Kind::Date,
        DataType::Timestamp(..) => Kind::Timestamp,
        DataType::Boolean => Kind::Bool,
        DataType::Null => Kind::Null,
        _ => Kind::Unreadable,
    }
}

/// Why a column of Arrow type `t` cannot be mapped to contract column `col`,
/// with the fix; `None` when it can.
fn refusal(col: &crate::schema::ColumnSpec, t: &DataType) -> Option<String> {
    let k = kind(t);
    let (holds, store) = match col.ty {
        ColumnType::Id => ("ids", "a string or an integer"),
        ColumnType::Text => ("text", "a string"),
        ColumnType::Date => ("dates", "a date, a timestamp or a string"),
        ColumnType::Money | ColumnType::Number => {
            ("numbers", "a decimal, an integer, a float or a string")
        }
        ColumnType::Flag => ("yes/no flags", "a boolean, an integer or a string"),
    };
    let ok = match (col.ty, k) {
        (_, Kind::Unreadable) => false,
        // the amount is required unless quantity × unit price stand in for
        // it (schema.rs), so a mapped amount with no value at all is refused too
        (_, Kind::Null) => !(col.required || col.key == "amount"),
        (_, Kind::Text) => true,
        (ColumnType::Id | ColumnType::Text, Kind::Int) => true,
        (ColumnType::Date, Kind::Int | Kind::Date | Kind::Timestamp) => true,
        (ColumnType::Money | ColumnType::Number, Kind::Int | Kind::Float | Kind::Decimal) => true,
        (ColumnType::Flag, Kind::Bool | Kind::Int) => true,
        _ => false,
    };
    if ok {
        return None;
    }
    Some(match k {
        Kind::Null => "has Arrow type Null: it holds no value at all, and this column is \
                       required; map a column with values"
            .to_string(),
        Kind::Float if matches!(col.ty, ColumnType::Id | ColumnType::Text) => format!(
            "has type {t}, which cannot hold {holds} exactly (pandas writes integer ids with \
             missing values as floats); store it as {store}, e.g. astype(\"Int64\") or \
             astype(str) in pandas"
        ),
        _ => format!("has type {t}, which cannot hold {holds}; store it as {store}"),
    })
}

/// A decimal with `scale` digits after the point, as exact money (rounded
/// half away from zero beyond four decimals).
#[cfg(test)]
fn decimal_to_money(v: i128, scale: i8) -> Option<Money> {
    Rescale::new(scale).money(v)
}

/// A decimal column's scale turned into ten-thousandths, worked out once per
/// column and batch rather than once per value.
#[derive(Clone, Copy)]
enum Rescale {
    /// Multiply by this power of ten (scale ≤ 4).
    Mul(i128),
    /// Divide by this power of ten, rounding half away from zero (scale > 4).
    Div(i128),
    /// The power of ten itself does not fit: every value is out of range.
    OutOfRange,
}

impl Rescale {
    fn new(scale: i8) -> Rescale {
        let scale = i32::from(scale);
        let pow = |e: i32| u32::try_from(e).ok().and_then(|e| 10i128.checked_pow(e));
        match if scale <= 4 {
            pow(4 - scale).map(Rescale::Mul)
        } else {
            pow(scale - 4).map(Rescale::Div)
        } {
            Some(r) => r,
            None => Rescale::OutOfRange,
        }
    }

    #[inline]
    fn money(self, v: i128) -> Option<Money> {
        let raw: i128 = match self {
            Rescale::Mul(m) => v.checked_mul(m)?,
            Rescale::Div(div) => {
                let q = v / div;
                let r = (v % div).abs();
                if r * 2 >= div {
                    q + v.signum()
                } else {
                    q
                }
            }
            Rescale::OutOfRange => return None,
        };
        i64::try_from(raw).ok().map(Money::from_raw)
    }
}

/// How to read a Parquet table: the column mapping, the projection and the
/// formats decided from the first batch.
pub(crate) struct ParquetPlan {
    headers: Vec<String>,
    mapping: crate::schema::Mapping,
    /// The other columns kept as customer attributes (always present).
    extra: Vec<Option<usize>>,
    roots: Vec<usize>,
    converter: crate::reader::RowConverter,
    /// Rows of each row group.
    pub(crate) group_rows: Vec<u64>,
}

fn builder(spec: &SourceSpec) -> Result<ParquetRecordBatchReaderBuilder<std::fs::File>> {
    let path = &spec.path;
    let file = crate::reader::open(path)?;
    if file.metadata().map(|m| m.len()).unwrap_or(0) == 0 {
        return Err(DataError::structure(
            path,
            "the file is empty; expected a Parquet file",
        ));
    }
    ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| not_parquet(spec, e))
}

fn not_parquet(spec: &SourceSpec, e: impl std::fmt::Display) -> DataError {
    DataError::structure(
        &spec.path,
        format!(
            "cannot read it as Parquet (is it a complete Parquet file?): {}",
            crate::error::plain(&e.to_string())
        ),
    )
}

/// The column names of a Parquet file.
pub(crate) fn header_names(spec: &SourceSpec) -> Result<Vec<String>> {
    let builder = builder(spec)?;
    Ok(builder
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect())
}

/// Map the columns, check their types and decide the formats.
pub(crate) fn plan_parquet(spec: &SourceSpec, stats: &mut TableStats) -> Result<ParquetPlan> {
    let path = &spec.path;
    let builder = builder(spec)?;
    let group_rows: Vec<u64> = builder
        .metadata()
        .row_groups()
        .iter()
        .map(|g| u64::try_from(g.num_rows()).unwrap_or(0))
        .collect();
    let schema = builder.schema().clone();
    let headers: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    let mapping =
        crate::rules::map_source(spec, &headers).map_err(|m| DataError::structure(path, m))?;
    let specs = spec.table.columns();
    let mut roots: Vec<usize> = mapping.positions.iter().flatten().copied().collect();
    for (i, p) in mapping.positions.iter().enumerate() {
        if let Some(p) = *p {
            let field = schema.field(p);
            let t = field.data_type();
            if let Some(why) = refusal(&specs[i], t) {
                return Err(DataError::structure(
                    path,
                    format!(
                        "column `{}` (mapped as {} in [{}]) {why}, or map another column in \
                         [{}.columns]",
                        field.name(),
                        specs[i].key,
                        spec.table,
                        spec.table
                    ),
                ));
            }
            if let DataType::Timestamp(_, Some(tz)) = t {
                if zone_offset(tz).is_none() {
                    return Err(DataError::structure(
                        path,
                        format!(
                            "column `{}` ({}) holds timestamps in the time zone `{tz}`, whose \
                             offset changes over the year, so its dates cannot be read without \
                             a zone database; store local dates (Arrow date32) or timestamps \
                             in UTC or with a fixed offset such as +01:00",
                            field.name(),
                            specs[i].key
                        ),
                    ));
                }
            }
        }
    }
    // Customer attributes: every other column of a readable type.
    let readable = |p: usize| {
        let t = schema.field(p).data_type();
        !matches!(kind(t), Kind::Unreadable | Kind::Null)
            && Col::new(arrow_array::new_empty_array(t).as_ref()).is_some()
    };
    let mut extra_mapping = mapping.clone();
    extra_mapping
        .positions
        .extend((0..headers.len()).filter(|p| !readable(*p)).map(Some));
    let extra = crate::reader::extra_columns(spec, &extra_mapping, &headers, stats);
    roots.extend(extra.iter().copied());
    roots.sort_unstable();
    roots.dedup();
    // the first batch decides the formats of text columns
    let mask = ProjectionMask::roots(builder.parquet_schema(), roots.iter().copied());
    let mut reader = builder
        .with_projection(mask)
        .with_batch_size(1000)
        .build()
        .map_err(|e| not_parquet(spec, e))?;
    let first = reader
        .next()
        .transpose()
        .map_err(|e| not_parquet(spec, e))?;
    let converter = match &first {
        Some(batch) => {
            let bschema = batch.schema();
            let cols = columns(&mapping.positions, &headers, batch, &bschema);
            let sample = |i: usize| -> Vec<String> {
                cols[i].as_ref().map_or_else(Vec::new, |c| {
                    (0..batch.num_rows()).filter_map(|r| c.text(r)).collect()
                })
            };
            formats(spec, &mapping, &headers, &sample, stats)?
        }
        None => formats(spec, &mapping, &headers, &|_| Vec::new(), stats)?,
    };
    Ok(ParquetPlan {
        headers,
        mapping,
        extra: extra.into_iter().map(Some).collect(),
        roots,
        converter,
        group_rows,
    })
}

fn columns<'a>(
    positions: &[Option<usize>],
    headers: &[String],
    batch: &'a arrow_array::RecordBatch,
    bschema: &arrow_schema::Schema,
) -> Vec<Option<Col<'a>>> {
    positions
        .iter()
        .map(|p| {
            p.and_then(|p| bschema.index_of(&headers[p]).ok())
                .and_then(|j| Col::new(batch.column(j).as_ref()))
        })
        .collect()
}

/// Read the given row groups (all when `None`); rows are numbered from
/// `first_row + 1`. With `decode_ahead`, a second thread decompresses and
/// decodes the next batches while this one converts and consumes rows.
#[allow(clippy::too_many_arguments)] // one private helper, two call sites
pub(crate) fn read_parquet_groups(
    spec: &SourceSpec,
    plan: &ParquetPlan,
    groups: Option<Vec<usize>>,
    first_row: u64,
    decode_ahead: bool,
    progress: &dyn Progress,
    stats: &mut TableStats,
    consume: &mut dyn FnMut(&[Value<'_>], u64) -> Outcome,
) -> Result<()> {
    let builder = builder(spec)?;
    let mask = ProjectionMask::roots(builder.parquet_schema(), plan.roots.iter().copied());
    let mut builder = builder.with_projection(mask).with_batch_size(8192);
    if let Some(g) = groups {
        builder = builder.with_row_groups(g);
    }
    let reader = builder.build().map_err(|e| not_parquet(spec, e))?;
    let mut row = first_row;
    let mut take = |batch: RecordBatch| {
        consume_batch(plan, &batch, &mut row, stats, consume);
        progress.advance_to(row);
    };
    if !decode_ahead {
        for batch in reader {
            take(batch.map_err(|e| not_parquet(spec, e))?);
        }
        return Ok(());
    }
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel(4);
        scope.spawn(move || {
            for batch in reader {
                let failed = batch.is_err();
                if send.send(batch).is_err() || failed {
                    break;
                }
            }
        });
        // dropping `receive` on an error stops the decoding thread
        for batch in receive {
            take(batch.map_err(|e| not_parquet(spec, e))?);
        }
        Ok(())
    })
}

/// Convert and consume the rows of one batch.
fn consume_batch(
    plan: &ParquetPlan,
    batch: &RecordBatch,
    row: &mut u64,
    stats: &mut TableStats,
    consume: &mut dyn FnMut(&[Value<'_>], u64) -> Outcome,
) {
    let bschema = batch.schema();
    // Mapped columns then attributes, a missing one as a column of nulls, so
    // the row loop below is one plain pass over the columns.
    let cols: Vec<Col<'_>> = columns(&plan.mapping.positions, &plan.headers, batch, &bschema)
        .into_iter()
        .chain(columns(&plan.extra, &plan.headers, batch, &bschema))
        .map(|c| c.unwrap_or(Col::Null))
        .collect();
    let mut raw = vec![Value::Null; cols.len()];
    // only the columns present are filled: the others stay null
    let live: Vec<(usize, &Col<'_>)> = cols
        .iter()
        .enumerate()
        .filter(|(_, c)| !matches!(c, Col::Null))
        .collect();
    for r in 0..batch.num_rows() {
        *row += 1;
        for &(j, c) in &live {
            raw[j] = c.get(r);
        }
        plan.converter.row::<true>(&raw, *row, stats, consume);
    }
}

pub(crate) fn read_parquet(
    spec: &SourceSpec,
    progress: &dyn Progress,
    stats: &mut TableStats,
    consume: &mut dyn FnMut(&[Value<'_>], u64) -> Outcome,
) -> Result<()> {
    let plan = plan_parquet(spec, stats)?;
    progress.begin(
        &format!("reading {}", spec.table),
        plan.group_rows.iter().sum(),
    );
    read_parquet_groups(spec, &plan, None, 0, false, progress, stats, consume)?;
    progress.end();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_become_exact_money() {
        assert_eq!(decimal_to_money(12_345, 2), Some(Money::from_cents(12_345)));
        assert_eq!(
            decimal_to_money(-123_456_789, 6),
            Some(Money::from_raw(-1_234_568))
        );
        assert_eq!(decimal_to_money(7, 0), Some(Money::from_units(7)));
    }
}

//! Reading a Parquet table: only the mapped columns, typed arrays turned into contract values.

use arrow_array::types::*;
use arrow_array::{
    Array, BooleanArray, Date32Array, Date64Array, Decimal128Array, Float32Array, Float64Array,
    Int16Array, Int32Array, Int64Array, Int8Array, LargeStringArray, PrimitiveArray, RecordBatch,
    StringArray, StringViewArray, UInt16Array, UInt32Array, UInt64Array, UInt8Array,
};
use arrow_schema::{DataType, TimeUnit};
use clientgrade_core::{Date, Money, Value};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ProjectionMask;

use crate::config::SourceSpec;
use crate::reader::{formats, Outcome, Progress};
use crate::reject::TableStats;
use crate::{DataError, Result};

/// One column of a record batch, downcast once per batch.
enum Col<'a> {
    Str(&'a StringArray),
    LargeStr(&'a LargeStringArray),
    StrView(&'a StringViewArray),
    I64(Vec<Option<i64>>),
    F64(Vec<Option<f64>>),
    Dec(&'a Decimal128Array, i8),
    Date32(&'a Date32Array),
    Date64(&'a Date64Array),
    /// Timestamps as days since the epoch.
    Days(Vec<Option<i32>>),
    Bool(&'a BooleanArray),
}

fn ints<T: ArrowPrimitiveType>(a: &PrimitiveArray<T>) -> Vec<Option<i64>>
where
    T::Native: TryInto<i64>,
{
    a.iter()
        .map(|v| v.and_then(|x| x.try_into().ok()))
        .collect()
}

fn ts_days<T: ArrowPrimitiveType<Native = i64>>(
    a: &PrimitiveArray<T>,
    per_day: i64,
) -> Vec<Option<i32>> {
    a.iter()
        .map(|v| v.and_then(|x| i32::try_from(x.div_euclid(per_day)).ok()))
        .collect()
}

impl<'a> Col<'a> {
    fn new(a: &'a dyn Array) -> Option<Col<'a>> {
        let any = a.as_any();
        Some(match a.data_type() {
            DataType::Utf8 => Col::Str(any.downcast_ref()?),
            DataType::LargeUtf8 => Col::LargeStr(any.downcast_ref()?),
            DataType::Utf8View => Col::StrView(any.downcast_ref()?),
            DataType::Int8 => Col::I64(ints(any.downcast_ref::<Int8Array>()?)),
            DataType::Int16 => Col::I64(ints(any.downcast_ref::<Int16Array>()?)),
            DataType::Int32 => Col::I64(ints(any.downcast_ref::<Int32Array>()?)),
            DataType::Int64 => Col::I64(ints(any.downcast_ref::<Int64Array>()?)),
            DataType::UInt8 => Col::I64(ints(any.downcast_ref::<UInt8Array>()?)),
            DataType::UInt16 => Col::I64(ints(any.downcast_ref::<UInt16Array>()?)),
            DataType::UInt32 => Col::I64(ints(any.downcast_ref::<UInt32Array>()?)),
            DataType::UInt64 => Col::I64(ints(any.downcast_ref::<UInt64Array>()?)),
            DataType::Float32 => Col::F64(
                any.downcast_ref::<Float32Array>()?
                    .iter()
                    .map(|v| v.map(f64::from))
                    .collect(),
            ),
            DataType::Float64 => Col::F64(any.downcast_ref::<Float64Array>()?.iter().collect()),
            DataType::Decimal128(_, s) => Col::Dec(any.downcast_ref()?, *s),
            DataType::Date32 => Col::Date32(any.downcast_ref()?),
            DataType::Date64 => Col::Date64(any.downcast_ref()?),
            DataType::Timestamp(unit, _) => Col::Days(match unit {
                TimeUnit::Second => ts_days(
                    any.downcast_ref::<PrimitiveArray<TimestampSecondType>>()?,
                    86_400,
                ),
                TimeUnit::Millisecond => ts_days(
                    any.downcast_ref::<PrimitiveArray<TimestampMillisecondType>>()?,
                    86_400_000,
                ),
                TimeUnit::Microsecond => ts_days(
                    any.downcast_ref::<PrimitiveArray<TimestampMicrosecondType>>()?,
                    86_400_000_000,
                ),
                TimeUnit::Nanosecond => ts_days(
                    any.downcast_ref::<PrimitiveArray<TimestampNanosecondType>>()?,
                    86_400_000_000_000,
                ),
            }),
            DataType::Boolean => Col::Bool(any.downcast_ref()?),
            _ => return None,
        })
    }

    fn get(&self, i: usize) -> Value<'_> {
        match self {
            Col::Str(a) => {
                if a.is_null(i) {
                    Value::Null
                } else {
                    Value::Text(a.value(i))
                }
            }
            Col::LargeStr(a) => {
                if a.is_null(i) {
                    Value::Null
                } else {
                    Value::Text(a.value(i))
                }
            }
            Col::StrView(a) => {
                if a.is_null(i) {
                    Value::Null
                } else {
                    Value::Text(a.value(i))
                }
            }
            Col::I64(v) => v[i].map_or(Value::Null, Value::Int),
            Col::F64(v) => v[i].map_or(Value::Null, Value::Float),
            Col::Dec(a, scale) => {
                if a.is_null(i) {
                    return Value::Null;
                }
                decimal_to_money(a.value(i), *scale).map_or(Value::Float(f64::NAN), Value::Money)
            }
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
            Col::Days(v) => v[i].map_or(Value::Null, |d| Value::Date(Date::from_days(d))),
            Col::Bool(a) => {
                if a.is_null(i) {
                    Value::Null
                } else {
                    Value::Int(i64::from(a.value(i)))
                }
            }
        }
    }

    fn text(&self, i: usize) -> Option<String> {
        match self.get(i) {
            Value::Text(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        }
    }
}

/// A decimal with `scale` digits after the point, as exact money (rounded
/// half away from zero beyond four decimals).
fn decimal_to_money(v: i128, scale: i8) -> Option<Money> {
    let scale = i32::from(scale);
    let raw: i128 = if scale <= 4 {
        v.checked_mul(10i128.checked_pow(u32::try_from(4 - scale).ok()?)?)?
    } else {
        let div = 10i128.checked_pow(u32::try_from(scale - 4).ok()?)?;
        let q = v / div;
        let r = (v % div).abs();
        if r * 2 >= div {
            q + v.signum()
        } else {
            q
        }
    };
    i64::try_from(raw).ok().map(Money::from_raw)
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
    DataError::structure(&spec.path, format!("cannot read it as Parquet: {e}"))
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
            let probe = arrow_array::new_empty_array(field.data_type());
            if Col::new(probe.as_ref()).is_none() {
                return Err(DataError::structure(
                    path,
                    format!(
                        "column `{}` ({}) has type {} which clientgrade cannot read; store it as \
                         a string, integer, decimal, float, date or timestamp",
                        field.name(),
                        specs[i].key,
                        field.data_type()
                    ),
                ));
            }
        }
    }
    // Customer attributes: every other column of a readable type.
    let readable = |p: usize| {
        Col::new(arrow_array::new_empty_array(schema.field(p).data_type()).as_ref()).is_some()
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
    let cols = columns(&plan.mapping.positions, &plan.headers, batch, &bschema);
    let extra_cols = columns(&plan.extra, &plan.headers, batch, &bschema);
    let mut raw = vec![Value::Null; cols.len() + extra_cols.len()];
    for r in 0..batch.num_rows() {
        *row += 1;
        for (i, c) in cols.iter().chain(&extra_cols).enumerate() {
            raw[i] = c.as_ref().map_or(Value::Null, |c| c.get(r));
        }
        plan.converter.row(&raw, *row, stats, consume);
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

//! Reading a Parquet table: only the mapped columns, typed arrays turned into contract values.

use arrow_array::types::*;
use arrow_array::{
    Array, BooleanArray, Date32Array, Date64Array, Decimal128Array, Float32Array, Float64Array,
    Int16Array, Int32Array, Int64Array, Int8Array, LargeStringArray, PrimitiveArray, StringArray,
    StringViewArray, UInt16Array, UInt32Array, UInt64Array, UInt8Array,
};
use arrow_schema::{DataType, TimeUnit};
use clientgrade_core::{Date, Money, Value};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ProjectionMask;

use crate::config::SourceSpec;
use crate::reader::{formats, Outcome, Progress};
use crate::reject::TableStats;
use crate::schema::map_columns;
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

pub(crate) fn read_parquet(
    spec: &SourceSpec,
    progress: &dyn Progress,
    stats: &mut TableStats,
    consume: &mut dyn FnMut(&[Value<'_>], u64) -> Outcome,
) -> Result<()> {
    let path = &spec.path;
    let file = crate::reader::open(path)?;
    if file.metadata().map(|m| m.len()).unwrap_or(0) == 0 {
        return Err(DataError::structure(
            path,
            "the file is empty; expected a Parquet file",
        ));
    }
    let not_parquet = |e: parquet::errors::ParquetError| {
        DataError::structure(path, format!("cannot read it as Parquet: {e}"))
    };
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(not_parquet)?;
    let total = u64::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
    let schema = builder.schema().clone();
    let headers: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    let mapping = map_columns(spec.table, &headers, &spec.columns)
        .map_err(|m| DataError::structure(path, m))?;
    let specs = spec.table.columns();
    let mut roots: Vec<usize> = mapping.positions.iter().flatten().copied().collect();
    roots.sort_unstable();
    roots.dedup();
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
    let mask = ProjectionMask::roots(builder.parquet_schema(), roots.iter().copied());
    let reader = builder
        .with_projection(mask)
        .with_batch_size(8192)
        .build()
        .map_err(not_parquet)?;
    let mut converter = None;
    let mut row = 0u64;
    progress.begin(&format!("reading {}", spec.table), total);
    for batch in reader {
        let batch = batch
            .map_err(|e| DataError::structure(path, format!("cannot read it as Parquet: {e}")))?;
        let bschema = batch.schema();
        let cols: Vec<Option<Col<'_>>> = mapping
            .positions
            .iter()
            .map(|p| {
                p.and_then(|p| bschema.index_of(&headers[p]).ok())
                    .and_then(|j| Col::new(batch.column(j).as_ref()))
            })
            .collect();
        if converter.is_none() {
            let n = batch.num_rows().min(1000);
            let sample = |i: usize| -> Vec<String> {
                cols[i]
                    .as_ref()
                    .map_or_else(Vec::new, |c| (0..n).filter_map(|r| c.text(r)).collect())
            };
            converter = Some(formats(spec, &mapping, &headers, &sample, stats)?);
        }
        let conv = converter.as_ref().expect("set above");
        let extra_cols: Vec<Option<Col<'_>>> = extra
            .iter()
            .map(|&p| {
                bschema
                    .index_of(&headers[p])
                    .ok()
                    .and_then(|j| Col::new(batch.column(j).as_ref()))
            })
            .collect();
        let mut raw = vec![Value::Null; specs.len() + extra.len()];
        for r in 0..batch.num_rows() {
            row += 1;
            for (i, c) in cols.iter().chain(&extra_cols).enumerate() {
                raw[i] = c.as_ref().map_or(Value::Null, |c| c.get(r));
            }
            conv.row(&raw, row, stats, consume);
        }
        progress.advance_to(row);
    }
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

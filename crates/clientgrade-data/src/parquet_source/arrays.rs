//! A batch's typed Arrow arrays turned into contract values, row by row, and handed to the row converter.

use arrow_array::types::*;
use arrow_array::{
    Array, ArrowPrimitiveType, BooleanArray, Date32Array, Date64Array, Decimal128Array,
    Decimal256Array, Decimal32Array, Decimal64Array, DictionaryArray, Float16Array, Float32Array,
    Float64Array, Int16Array, Int32Array, Int64Array, Int8Array, LargeStringArray, PrimitiveArray,
    RecordBatch, StringArray, StringViewArray, UInt16Array, UInt32Array, UInt64Array, UInt8Array,
};
use arrow_schema::{DataType, TimeUnit};
use clientgrade_core::{Date, Money, Value};

use crate::reject::TableStats;
use crate::source::Outcome;

use super::ParquetPlan;

/// A string array of any of Arrow's three layouts.
#[derive(Clone, Copy)]
pub(super) enum Strs<'a> {
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
pub(super) enum Col<'a> {
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
    pub(super) fn new(a: &'a dyn Array) -> Option<Col<'a>> {
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

    pub(super) fn text(&self, i: usize) -> Option<String> {
        match self.get(i) {
            Value::Text(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        }
    }
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
pub(super) enum Rescale {
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

pub(super) fn columns<'a>(
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

/// Convert and consume the rows of one batch.
pub(super) fn consume_batch(
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

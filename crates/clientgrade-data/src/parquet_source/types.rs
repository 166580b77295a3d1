//! Which Arrow types a contract column accepts, and the error naming a mapped column of another type.

use arrow_schema::DataType;

use crate::schema::ColumnType;

/// What kind of values an Arrow type holds, for checking a mapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
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

pub(super) fn kind(t: &DataType) -> Kind {
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
pub(super) fn refusal(col: &crate::schema::ColumnSpec, t: &DataType) -> Option<String> {
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

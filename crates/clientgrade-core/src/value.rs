//! One typed table cell, as exchanged between the crates that read, write and generate tables.

use crate::{Date, Money};

/// A typed cell value: what a table writer accepts and a generator produces.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'a> {
    /// No value (an empty CSV field, a Parquet null).
    Null,
    /// Text.
    Text(&'a str),
    /// A calendar date.
    Date(Date),
    /// An exact money amount.
    Money(Money),
    /// A whole number.
    Int(i64),
    /// A measured quantity or ratio.
    Float(f64),
}

/// The type of a column of [`Value`]s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// Text.
    Text,
    /// Dates.
    Date,
    /// Money.
    Money,
    /// Whole numbers.
    Int,
    /// Floating point numbers.
    Float,
}

//! The data contract: the input tables, their columns and the names auto-detected for them.
//!
//! This module holds the types ([`TableKind`], [`ColumnSpec`], [`ColumnType`]);
//! [`tables`] the columns of each table with their aliases and the named
//! column positions derived from them at compile time; [`matching`] a
//! header matched to the contract (aliases, explicit names, the errors).

mod matching;
mod tables;

use std::fmt;

/// One of the input tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TableKind {
    /// Sales lines (required).
    Transactions,
    /// Customer attributes.
    Customers,
    /// Invoices and payments.
    Invoices,
    /// Service effort.
    Service,
    /// Complaints.
    Complaints,
    /// Prospects to score against the ideal customer profile.
    Prospects,
}

impl TableKind {
    /// All tables, in processing order.
    pub const ALL: [TableKind; 6] = [
        TableKind::Transactions,
        TableKind::Customers,
        TableKind::Invoices,
        TableKind::Service,
        TableKind::Complaints,
        TableKind::Prospects,
    ];

    /// Whether the columns outside the contract are kept as attributes
    /// (customers and prospects).
    pub fn keeps_attributes(self) -> bool {
        matches!(self, TableKind::Customers | TableKind::Prospects)
    }

    /// The table's name in config sections, flags and outputs.
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Transactions => "transactions",
            TableKind::Customers => "customers",
            TableKind::Invoices => "invoices",
            TableKind::Service => "service",
            TableKind::Complaints => "complaints",
            TableKind::Prospects => "prospects",
        }
    }

    /// The columns of the table.
    pub fn columns(self) -> &'static [ColumnSpec] {
        match self {
            TableKind::Transactions => TRANSACTIONS,
            TableKind::Customers => CUSTOMERS,
            TableKind::Invoices => INVOICES,
            TableKind::Service => SERVICE,
            TableKind::Complaints => COMPLAINTS,
            TableKind::Prospects => PROSPECTS,
        }
    }

    /// The position of the column with config key `key`.
    pub fn column_index(self, key: &str) -> Option<usize> {
        self.columns().iter().position(|c| c.key == key)
    }
}

impl fmt::Display for TableKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a column's text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    /// A customer identifier.
    Id,
    /// Free text.
    Text,
    /// A date.
    Date,
    /// A money amount.
    Money,
    /// A quantity (hours, units): read with the exact four-decimal parser of
    /// money and carried as its fixed point; the loader converts it to the
    /// unit it sums (thousandths of an hour).
    Number,
    /// A yes/no flag.
    Flag,
}

/// One column of the data contract.
#[derive(Debug)]
pub struct ColumnSpec {
    /// The config key under `[<table>.columns]`.
    pub key: &'static str,
    /// Whether the table cannot be read without it.
    pub required: bool,
    /// How it is read.
    pub ty: ColumnType,
    /// Header names recognised automatically, normalised (lowercase letters
    /// and digits only), most specific first.
    pub aliases: &'static [&'static str],
}

const fn col(
    key: &'static str,
    required: bool,
    ty: ColumnType,
    aliases: &'static [&'static str],
) -> ColumnSpec {
    ColumnSpec {
        key,
        required,
        ty,
        aliases,
    }
}

pub(crate) use matching::unused_duplicates;
pub use matching::{map_columns, normalize, Mapping};
pub(crate) use tables::{complaints, customers, invoices, prospects, service, tx};
use tables::{COMPLAINTS, CUSTOMERS, INVOICES, PROSPECTS, SERVICE, TRANSACTIONS};

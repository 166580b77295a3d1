//! The generated tables, their file stems and columns, and the Sink the rows go to.

use clientgrade_core::{Value, ValueKind};

/// The tables the generator writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SynthTable {
    /// Customer attributes.
    Customers,
    /// Sales lines.
    Transactions,
    /// One invoice per order.
    Invoices,
    /// Service effort.
    Service,
    /// Complaints.
    Complaints,
    /// The planted truth of every customer.
    Truth,
    /// Prospects: attributes drawn from Tier 1's or the rest's distribution.
    Prospects,
    /// Which distribution each prospect was drawn from.
    ProspectTruth,
}

impl SynthTable {
    /// All tables.
    pub const ALL: [SynthTable; 8] = [
        SynthTable::Customers,
        SynthTable::Transactions,
        SynthTable::Invoices,
        SynthTable::Service,
        SynthTable::Complaints,
        SynthTable::Truth,
        SynthTable::Prospects,
        SynthTable::ProspectTruth,
    ];

    /// Whether the table is hidden truth (always written as CSV).
    pub fn is_truth(self) -> bool {
        matches!(self, SynthTable::Truth | SynthTable::ProspectTruth)
    }

    /// File name without extension.
    pub fn stem(self) -> &'static str {
        match self {
            SynthTable::Customers => "customers",
            SynthTable::Transactions => "transactions",
            SynthTable::Invoices => "invoices",
            SynthTable::Service => "service",
            SynthTable::Complaints => "complaints",
            SynthTable::Truth => "truth",
            SynthTable::Prospects => "prospects",
            SynthTable::ProspectTruth => "prospect_truth",
        }
    }

    /// Column names and types (dates are written as text with
    /// [`SynthConfig::day_first`](crate::SynthConfig::day_first)).
    pub fn columns(self) -> &'static [(&'static str, ValueKind)] {
        use ValueKind::*;
        match self {
            SynthTable::Customers => &[
                ("customer_id", Text),
                ("name", Text),
                ("account_manager", Text),
                ("region", Text),
                ("industry", Text),
                ("size", Text),
                ("customer_since", Date),
                ("employees", Int),
                ("acquisition_channel", Text),
                ("years_trading", Int),
                ("ownership", Text),
                ("website_visits", Int),
                ("newsletter", Text),
            ],
            SynthTable::Transactions => &[
                ("customer_id", Text),
                ("date", Date),
                ("invoice_id", Text),
                ("product", Text),
                ("amount", Money),
                ("cost", Money),
                ("discount", Money),
            ],
            SynthTable::Invoices => &[
                ("invoice_id", Text),
                ("customer_id", Text),
                ("issue_date", Date),
                ("due_date", Date),
                ("amount", Money),
                ("paid_date", Date),
                ("written_off", Text),
            ],
            SynthTable::Service => &[
                ("customer_id", Text),
                ("date", Date),
                ("kind", Text),
                ("hours", Money),
                ("cost", Money),
            ],
            SynthTable::Complaints => &[
                ("customer_id", Text),
                ("date", Date),
                ("severity", Text),
                ("resolved_date", Date),
            ],
            SynthTable::Truth => &[
                ("customer_id", Text),
                ("archetype", Text),
                ("expected_tier", Int),
                ("expected_status", Text),
                ("expected_action", Text),
                ("planted_flags", Text),
                ("planned_profit_margin", Float),
                ("planned_growth", Float),
                ("expected_movement", Text),
            ],
            SynthTable::Prospects => &[
                ("prospect_id", Text),
                ("name", Text),
                ("region", Text),
                ("industry", Text),
                ("employees", Int),
                ("acquisition_channel", Text),
                ("years_trading", Int),
                ("ownership", Text),
                ("website_visits", Int),
                ("newsletter", Text),
            ],
            SynthTable::ProspectTruth => &[("prospect_id", Text), ("drawn_from", Text)],
        }
    }
}

/// Where generated rows go (files, memory, a counter).
pub trait Sink {
    /// The sink's error.
    type Error;
    /// Take one row of `table`, values in [`SynthTable::columns`] order.
    fn row(&mut self, table: SynthTable, row: &[Value<'_>]) -> Result<(), Self::Error>;
}

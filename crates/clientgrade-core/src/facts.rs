//! Per-customer facts: the sums one pass over the input tables produces.

use std::sync::Arc;

use crate::{CustomerId, Date, Money};

/// What the input tables say about one customer, summed over the analysis
/// window (and its predecessor, and the customer's lifetime up to as-of).
///
/// Produced by the data crate's single pass; every characteristic and verdict
/// is derived from these numbers and the settings, nothing else.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CustomerFacts {
    /// The customer.
    pub id: Option<CustomerId>,
    /// Name from the customers table, if given.
    pub name: Option<String>,
    /// Account manager from the customers table, if given.
    pub account_manager: Option<String>,
    /// Whether the customers table lists this customer.
    pub listed: bool,
    /// Other columns of the customers table (region, industry, payment
    /// method…): (column name, value), sorted by name, empty values left out.
    /// Names and values are shared: every customer points at one copy of
    /// each column name and of each distinct value.
    pub attributes: Vec<(Arc<str>, Arc<str>)>,
    /// Since when the customers table says it is a customer (acquisition
    /// date), which may lie before the first purchase in the export.
    pub customer_since: Option<Date>,

    /// Net revenue in the window (returns and credits subtract).
    pub revenue: Money,
    /// Net revenue in the previous window.
    pub revenue_previous: Money,
    /// Net revenue per part of the two windows: each window cut into four
    /// parts of (nearly) equal length (quarters of a 12-month window), the
    /// previous window's four first, oldest first
    /// ([`crate::WindowBounds::part`]).
    pub revenue_parts: [Money; 8],
    /// Net revenue up to as-of.
    pub revenue_lifetime: Money,
    /// Sum of non-negative amounts in the window.
    pub gross_sales: Money,
    /// Sum of negative amounts in the window, as a positive number.
    pub returns: Money,
    /// Rows with a negative amount in the window.
    pub return_lines: u64,
    /// Distinct orders (invoice ids, or days without them) of those rows.
    pub returned_orders: u64,
    /// Cost of goods in the window (rows without a cost count as zero).
    pub cost_of_goods: Money,
    /// Cost of goods in the previous window.
    pub cost_of_goods_previous: Money,
    /// Rows with a negative amount in the previous window.
    pub return_lines_previous: u64,
    /// Window rows that had a cost value.
    pub cost_lines: u64,
    /// Discounts given in the window.
    pub discounts: Money,
    /// Distinct window orders with a discount on at least one line.
    pub discounted_orders: u64,
    /// Transaction rows in the window.
    pub lines: u64,
    /// Distinct orders in the window (invoice ids, or purchase days without them).
    pub orders: u64,
    /// Distinct orders in the previous window.
    pub orders_previous: u64,
    /// Distinct orders up to as-of.
    pub orders_lifetime: u64,
    /// Distinct products in the window.
    pub products: u64,
    /// Distinct days with a purchase up to as-of (the unit of the BTYD models).
    pub purchase_days: u64,
    /// The latest purchase days up to as-of (at most 128), ascending: the
    /// customer's buying rhythm (gaps between purchases, seasons).
    pub recent_purchase_days: Vec<Date>,
    /// Purchases on the first purchase day (the BTYD models leave the first
    /// day out of the average repeat value).
    pub first_day_value: Money,
    /// Purchase days after as-of up to the holdout end (for the
    /// calibration/holdout check of the lifetime models; 0 without one).
    pub holdout_purchase_days: u64,
    /// First purchase up to as-of.
    pub first_purchase: Option<Date>,
    /// Last purchase up to as-of.
    pub last_purchase: Option<Date>,

    /// Invoices due in the window.
    pub invoices: u64,
    /// Of those, paid by the as-of date.
    pub invoices_paid: u64,
    /// Of the paid ones, paid on or before the due date.
    pub invoices_paid_on_time: u64,
    /// Sum of days late over paid invoices (early payment counts as zero).
    pub days_late_sum: i64,
    /// Unpaid (and not written off) at as-of, any due date up to as-of.
    pub outstanding: Money,
    /// Of `outstanding`, already past its due date at as-of.
    pub overdue: Money,
    /// Written off, invoices due in the window.
    pub written_off: Money,
    /// Amount of the invoices due in the window (written off included).
    pub invoiced: Money,
    /// Invoices paid after their due date, or unpaid past it at as-of: each
    /// with its days late and amount (at most one entry per such invoice).
    pub late_invoices: Vec<LateInvoice>,

    /// Service events in the window.
    pub service_events: u64,
    /// Service hours in the window, in thousandths of an hour.
    pub service_millihours: i64,
    /// Direct service cost in the window.
    pub service_direct_cost: Money,
    /// Service events in the previous window.
    pub service_events_previous: u64,
    /// Service hours in the previous window, in thousandths of an hour.
    pub service_millihours_previous: i64,
    /// Direct service cost in the previous window.
    pub service_direct_cost_previous: Money,
    /// The latest service event in the two windows, up to as-of (the last
    /// contact besides an order).
    pub last_service: Option<Date>,

    /// Complaints raised in the window.
    pub complaints: u64,
    /// Complaints still open at as-of (raised up to as-of).
    pub complaints_open: u64,
    /// Complaints in the window resolved by as-of.
    pub complaints_resolved: u64,
    /// Sum of days from complaint to resolution over resolved ones.
    pub resolve_days_sum: i64,
}

/// One invoice paid late, or still unpaid past its due date at as-of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LateInvoice {
    /// Days after the due date it was paid (unpaid: days from due date to as-of).
    pub days: i32,
    /// Its amount.
    pub amount: Money,
    /// Still unpaid at as-of.
    pub unpaid: bool,
    /// Due in the window (else earlier, and still unpaid).
    pub in_window: bool,
}

/// Which inputs the facts were built from: decides which verdicts are possible.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Transactions carried a cost-of-goods column.
    pub cost_of_goods: bool,
    /// Transactions carried a discount column.
    pub discounts: bool,
    /// A service-effort table was given.
    pub service: bool,
    /// The service table had hours or a cost column (else only event counts).
    pub service_costed: bool,
    /// An invoices table was given.
    pub invoices: bool,
    /// A complaints table was given.
    pub complaints: bool,
    /// A customers table was given.
    pub customers: bool,
    /// Transactions carried a product column.
    pub products: bool,
}

//! The per-customer table: id, every characteristic, the tier and its evidence, as CSV and Parquet.

use std::path::Path;

use clientgrade_core::{GradedCustomer, Money, Portfolio, Value, ValueKind};
use clientgrade_data::{Column, CsvTableWriter, ParquetTableWriter, TableWriter};

use crate::Result;

/// Columns of `customers.csv` / `customers.parquet`, in order.
pub const CUSTOMER_COLUMNS: &[(&str, ValueKind)] = &[
    ("customer_id", ValueKind::Text),
    ("name", ValueKind::Text),
    ("account_manager", ValueKind::Text),
    ("tier", ValueKind::Int),
    ("tier_name", ValueKind::Text),
    ("tier_reason", ValueKind::Text),
    ("revenue", ValueKind::Money),
    ("revenue_monthly", ValueKind::Money),
    ("revenue_lifetime", ValueKind::Money),
    ("revenue_previous", ValueKind::Money),
    ("growth", ValueKind::Float),
    ("new_in_window", ValueKind::Text),
    ("gross_sales", ValueKind::Money),
    ("returns", ValueKind::Money),
    ("return_rate", ValueKind::Float),
    ("cost_of_goods", ValueKind::Money),
    ("gross_margin", ValueKind::Money),
    ("gross_margin_rate", ValueKind::Float),
    ("discounts", ValueKind::Money),
    ("discount_rate", ValueKind::Float),
    ("service_hours", ValueKind::Float),
    ("service_cost", ValueKind::Money),
    ("return_handling", ValueKind::Money),
    ("cost_to_serve", ValueKind::Money),
    ("profit", ValueKind::Money),
    ("profit_margin", ValueKind::Float),
    ("orders", ValueKind::Int),
    ("orders_per_month", ValueKind::Float),
    ("average_order_value", ValueKind::Money),
    ("products", ValueKind::Int),
    ("first_purchase", ValueKind::Date),
    ("last_purchase", ValueKind::Date),
    ("recency_days", ValueKind::Int),
    ("tenure_days", ValueKind::Int),
    ("invoices", ValueKind::Int),
    ("avg_days_late", ValueKind::Float),
    ("on_time_rate", ValueKind::Float),
    ("outstanding", ValueKind::Money),
    ("overdue", ValueKind::Money),
    ("written_off", ValueKind::Money),
    ("complaints", ValueKind::Int),
    ("complaints_per_order", ValueKind::Float),
    ("complaints_open", ValueKind::Int),
    ("avg_days_to_resolve", ValueKind::Float),
    ("revenue_share", ValueKind::Float),
    ("service_share", ValueKind::Float),
    ("effort_ratio", ValueKind::Float),
];

/// Ratios are written with six decimals so that outputs are stable and readable.
fn ratio(v: Option<f64>) -> Value<'static> {
    match v {
        Some(x) if x.is_finite() => Value::Float((x * 1e6).round() / 1e6 + 0.0),
        Some(x) => Value::Float(x),
        None => Value::Null,
    }
}

/// Money rounded to cents (sums stay exact in the analysis; exports show cents).
fn cents(m: Money) -> Value<'static> {
    Value::Money(m.round_to_cents())
}

fn opt_money(m: Option<Money>) -> Value<'static> {
    m.map_or(Value::Null, cents)
}

fn opt_int(v: Option<u64>) -> Value<'static> {
    v.map_or(Value::Null, |v| Value::Int(v as i64))
}

/// The row of one customer, in [`CUSTOMER_COLUMNS`] order.
pub fn customer_row(g: &GradedCustomer) -> Vec<Value<'_>> {
    let f = &g.facts;
    let c = &g.characteristics;
    vec![
        f.id.as_ref()
            .map_or(Value::Null, |id| Value::Text(id.expose())),
        f.name.as_deref().map_or(Value::Null, Value::Text),
        f.account_manager
            .as_deref()
            .map_or(Value::Null, Value::Text),
        g.tier
            .tier
            .map_or(Value::Null, |t| Value::Int(i64::from(t.number()))),
        g.tier
            .tier
            .map_or(Value::Text("undecided"), |t| Value::Text(t.name())),
        Value::Text(&g.tier.reason),
        cents(c.revenue),
        cents(c.revenue_monthly),
        cents(c.revenue_lifetime),
        cents(c.revenue_previous),
        ratio(c.growth),
        Value::Text(if c.new_in_window { "true" } else { "false" }),
        cents(c.gross_sales),
        cents(c.returns),
        ratio(c.return_rate),
        opt_money(c.cost_of_goods),
        opt_money(c.gross_margin),
        ratio(c.gross_margin_rate),
        cents(c.discounts),
        ratio(c.discount_rate),
        ratio(Some(c.service_hours)),
        cents(c.service_cost),
        cents(c.return_handling),
        cents(c.cost_to_serve),
        opt_money(c.profit),
        ratio(c.profit_margin),
        Value::Int(c.orders as i64),
        ratio(Some(c.orders_per_month)),
        opt_money(c.average_order_value),
        opt_int(c.products),
        c.first_purchase.map_or(Value::Null, Value::Date),
        c.last_purchase.map_or(Value::Null, Value::Date),
        c.recency_days
            .map_or(Value::Null, |d| Value::Int(i64::from(d))),
        c.tenure_days
            .map_or(Value::Null, |d| Value::Int(i64::from(d))),
        opt_int(c.invoices),
        ratio(c.avg_days_late),
        ratio(c.on_time_rate),
        opt_money(c.outstanding),
        opt_money(c.overdue),
        opt_money(c.written_off),
        opt_int(c.complaints),
        ratio(c.complaints_per_order),
        opt_int(c.complaints_open),
        ratio(c.avg_days_to_resolve),
        ratio(Some(c.revenue_share)),
        ratio(c.service_share),
        ratio(c.effort_ratio),
    ]
}

fn columns() -> Vec<Column> {
    CUSTOMER_COLUMNS
        .iter()
        .map(|(n, k)| Column::new(*n, *k))
        .collect()
}

/// Write the per-customer table through `writer`.
fn write_with(mut writer: Box<dyn TableWriter>, portfolio: &Portfolio) -> Result<()> {
    for g in &portfolio.customers {
        writer.write_row(&customer_row(g))?;
    }
    writer.finish()?;
    Ok(())
}

/// Write `customers.csv`.
pub fn write_customers_csv(path: &Path, portfolio: &Portfolio) -> Result<()> {
    write_with(
        Box::new(CsvTableWriter::create(path, &columns())?),
        portfolio,
    )
}

/// Write `customers.parquet`.
pub fn write_customers_parquet(path: &Path, portfolio: &Portfolio) -> Result<()> {
    write_with(
        Box::new(ParquetTableWriter::create(path, &columns())?),
        portfolio,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cents_round_half_even() {
        assert_eq!(
            cents(Money::from_raw(12_345)),
            Value::Money(Money::from_cents(123))
        );
        assert_eq!(
            cents(Money::from_raw(12_350)),
            Value::Money(Money::from_cents(124))
        );
        assert_eq!(
            cents(Money::from_raw(-12_250)),
            Value::Money(Money::from_cents(-122))
        );
        assert_eq!(ratio(Some(0.123_456_7)), Value::Float(0.123_457));
        assert_eq!(ratio(Some(-0.000_000_1)), Value::Float(0.0));
    }
}

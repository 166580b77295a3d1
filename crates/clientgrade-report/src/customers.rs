//! The per-customer table: id, attributes, status, tier and every verdict with its evidence, every characteristic, as CSV and Parquet.

use std::path::Path;

use clientgrade_core::measures::{Characteristic, Getter, CHARACTERISTICS};
use clientgrade_core::movement::{last_contact, usual_gap_days};
use clientgrade_core::{Characteristics, GradedCustomer, Money, Portfolio, Value, ValueKind};
use clientgrade_data::{Column, CsvTableWriter, ParquetTableWriter, Staged, TableWriter};

use crate::Result;

/// Verdict columns of `customers.csv` / `customers.parquet`, after the id,
/// name, manager and attributes and before the characteristics.
pub const VERDICT_COLUMNS: &[(&str, ValueKind)] = &[
    ("status", ValueKind::Text),
    ("status_reason", ValueKind::Text),
    ("tier", ValueKind::Int),
    ("tier_name", ValueKind::Text),
    ("tier_reason", ValueKind::Text),
    ("action", ValueKind::Text),
    ("action_reason", ValueKind::Text),
    ("key_rank", ValueKind::Int),
    ("key_score", ValueKind::Money),
    ("quadrant", ValueKind::Text),
    ("quadrant_action", ValueKind::Text),
    ("abc_class", ValueKind::Text),
    ("rfm_recency", ValueKind::Int),
    ("rfm_frequency", ValueKind::Int),
    ("rfm_monetary", ValueKind::Int),
    ("rfm_segment", ValueKind::Text),
    ("flags", ValueKind::Text),
    ("flag_evidence", ValueKind::Text),
];

/// Columns after the characteristics: the lifetime model's and the
/// rhythm's per-customer figures.
pub const LIFETIME_COLUMNS: &[(&str, ValueKind)] = &[
    ("p_alive", ValueKind::Float),
    ("expected_purchases", ValueKind::Float),
    ("expected_spend", ValueKind::Money),
    ("expected_revenue", ValueKind::Money),
    ("clv_profit", ValueKind::Money),
    ("last_contact", ValueKind::Date),
    ("usual_gap_days", ValueKind::Float),
];

/// Characteristic columns, in order: every characteristic of
/// [`CHARACTERISTICS`] (whose names are also the names the matrix and
/// ranking settings use), then [`LIFETIME_COLUMNS`].
pub fn characteristic_columns() -> impl Iterator<Item = (&'static str, ValueKind)> {
    CHARACTERISTICS
        .iter()
        .map(|c| (c.name, c.kind()))
        .chain(LIFETIME_COLUMNS.iter().copied())
}

/// One characteristic of one customer as a cell: money in cents, ratios with
/// six decimals.
fn characteristic_cell(m: &Characteristic, c: &Characteristics) -> Value<'static> {
    match m.get {
        Getter::Money(f) => opt_money(f(c)),
        Getter::Float(f) => ratio(f(c)),
        Getter::Count(f) => f(c).map_or(Value::Null, Value::Int),
        Getter::Date(f) => f(c).map_or(Value::Null, Value::Date),
        Getter::Text(f) => Value::Text(f(c)),
    }
}

/// `payment history` → `payment_history`.
pub fn slug(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// The customer attributes read from the customers table (region, industry,
/// size …), each as (column name in the table, attribute name), by name. A
/// name that is already a column of the table gets the prefix `attribute_`.
pub fn attribute_columns(p: &Portfolio) -> Vec<(String, String)> {
    let mut names: Vec<&str> = p
        .customers
        .iter()
        .flat_map(|g| g.facts.attributes.iter().map(|(n, _)| &**n))
        .collect();
    names.sort_unstable();
    names.dedup();
    let taken = |n: &str| {
        ["customer_id", "name", "account_manager"]
            .into_iter()
            .chain(
                VERDICT_COLUMNS
                    .iter()
                    .copied()
                    .chain(characteristic_columns())
                    .map(|c| c.0),
            )
            .any(|c| c.eq_ignore_ascii_case(n))
            || n.to_ascii_lowercase().starts_with("key_")
            || n.eq_ignore_ascii_case("lookalike_score")
    };
    names
        .into_iter()
        .map(|n| {
            let col = if taken(n) {
                format!("attribute_{n}")
            } else {
                n.to_string()
            };
            (col, n.to_string())
        })
        .collect()
}

/// Every column of the per-customer table of `p`: id, name, manager,
/// attributes, verdicts, characteristics, then per ranking factor its
/// standing and contribution.
pub fn customer_columns(p: &Portfolio) -> Vec<Column> {
    let mut cols = vec![
        Column::new("customer_id", ValueKind::Text),
        Column::new("name", ValueKind::Text),
        Column::new("account_manager", ValueKind::Text),
    ];
    for (col, _) in attribute_columns(p) {
        cols.push(Column::new(col, ValueKind::Text));
    }
    for (n, k) in VERDICT_COLUMNS
        .iter()
        .copied()
        .chain(characteristic_columns())
    {
        cols.push(Column::new(n, k));
    }
    if has_lookalike(p) {
        cols.push(Column::new("lookalike_score", ValueKind::Float));
    }
    for f in &p.settings.ranking.factors {
        let s = slug(&f.label);
        cols.push(Column::new(format!("key_{s}_standing"), ValueKind::Float));
        cols.push(Column::new(
            format!("key_{s}_contribution"),
            ValueKind::Money,
        ));
    }
    cols
}

/// Whether the per-customer table has a `lookalike_score` column: when a
/// lookalike score was fitted (docs/profile.md).
fn has_lookalike(p: &Portfolio) -> bool {
    p.profile.as_ref().is_some_and(|x| x.quality.is_some())
}

/// Ratios are written with six decimals so that outputs are stable and
/// readable; a value that is not finite is missing (never NaN or inf).
fn ratio(v: Option<f64>) -> Value<'static> {
    match v {
        Some(x) if x.is_finite() => Value::Float((x * 1e6).round() / 1e6 + 0.0),
        _ => Value::Null,
    }
}

/// Money rounded to cents (sums stay exact in the analysis; exports show cents).
fn cents(m: Money) -> Value<'static> {
    Value::Money(m.round_to_cents())
}

fn opt_money(m: Option<Money>) -> Value<'static> {
    m.map_or(Value::Null, cents)
}

/// Text of a customer's flags: names joined by `; `, evidence likewise
/// (followed by the "cannot tell" ones, which are not flags).
pub fn flag_text(g: &GradedCustomer) -> (String, String) {
    let names: Vec<&str> = g.flags.iter().map(|f| f.kind.name()).collect();
    let evidence: Vec<String> = g
        .flags
        .iter()
        .chain(&g.flag_doubts)
        .map(|f| format!("{}: {}", f.kind.name(), f.evidence))
        .collect();
    (names.join("; "), evidence.join("; "))
}

/// The row of one customer, in [`customer_columns`] order; `flags` comes
/// from [`flag_text`], `attributes` from [`attribute_columns`].
pub fn customer_row<'a>(
    p: &'a Portfolio,
    g: &'a GradedCustomer,
    flags: &'a (String, String),
    attributes: &[(String, String)],
) -> Vec<Value<'a>> {
    let f = &g.facts;
    let c = &g.characteristics;
    let matrix = &p.verdicts.matrix;
    let quadrant = g
        .quadrant
        .map(|q| (matrix.name(q), matrix.customer_action(q, g.tier.tier)));
    let mut row = vec![
        f.id.as_ref()
            .map_or(Value::Null, |id| Value::Text(id.expose())),
        f.name.as_deref().map_or(Value::Null, Value::Text),
        f.account_manager
            .as_deref()
            .map_or(Value::Null, Value::Text),
    ];
    for (_, name) in attributes {
        row.push(
            f.attributes
                .iter()
                .find(|(n, _)| **n == **name)
                .map_or(Value::Null, |(_, v)| Value::Text(v)),
        );
    }
    row.extend([
        Value::Text(g.status.name()),
        Value::Text(&g.status_reason),
        g.tier
            .tier
            .map_or(Value::Null, |t| Value::Int(i64::from(t.number()))),
        match g.tier.tier {
            Some(t) => Value::Text(t.name()),
            None if g.status.graded() => Value::Text("undecided"),
            None => Value::Null,
        },
        Value::Text(&g.tier.reason),
        Value::Text(g.action.name()),
        Value::Text(&g.action_reason),
        Value::Int(g.key.rank as i64),
        Money::from_f64(g.key.score).map_or(Value::Null, cents),
        quadrant.map_or(Value::Null, |q| Value::Text(&q.0.short)),
        quadrant.map_or(Value::Null, |q| Value::Text(q.1)),
        Value::Text(g.abc.name()),
        Value::Int(i64::from(g.rfm.r)),
        Value::Int(i64::from(g.rfm.f)),
        Value::Int(i64::from(g.rfm.m)),
        Value::Text(g.rfm.segment.name()),
        Value::Text(&flags.0),
        Value::Text(&flags.1),
    ]);
    row.extend(CHARACTERISTICS.iter().map(|m| characteristic_cell(m, c)));
    row.extend([
        ratio(g.lifetime.and_then(|l| l.p_alive)),
        ratio(g.lifetime.map(|l| l.expected_purchases)),
        g.lifetime
            .and_then(|l| l.expected_spend)
            .and_then(Money::from_f64)
            .map_or(Value::Null, cents),
        g.lifetime
            .and_then(|l| l.expected_revenue)
            .and_then(Money::from_f64)
            .map_or(Value::Null, cents),
        g.lifetime
            .and_then(|l| l.clv_profit)
            .and_then(Money::from_f64)
            .map_or(Value::Null, cents),
        last_contact(f.last_purchase, f.last_service).map_or(Value::Null, Value::Date),
        ratio(usual_gap_days(
            f.first_purchase,
            f.last_purchase,
            f.orders_lifetime,
        )),
    ]);
    if has_lookalike(p) {
        row.push(ratio(g.lookalike));
    }
    for (standing, contribution) in &g.key.factors {
        row.push(ratio(Some(*standing)));
        row.push(Money::from_f64(*contribution).map_or(Value::Null, cents));
    }
    row
}

/// Write the per-customer table through `writer`, up to the rename.
fn write_with(mut writer: Box<dyn TableWriter>, portfolio: &Portfolio) -> Result<Staged> {
    let attributes = attribute_columns(portfolio);
    for g in &portfolio.customers {
        let flags = flag_text(g);
        writer.write_row(&customer_row(portfolio, g, &flags, &attributes))?;
    }
    Ok(writer.stage()?)
}

/// Write `customers.csv`.
pub fn write_customers_csv(path: &Path, portfolio: &Portfolio) -> Result<()> {
    Ok(stage_customers_csv(path, portfolio)?.commit()?)
}

pub(crate) fn stage_customers_csv(path: &Path, portfolio: &Portfolio) -> Result<Staged> {
    let cols = customer_columns(portfolio);
    write_with(
        Box::new(CsvTableWriter::for_spreadsheets(path, &cols)?),
        portfolio,
    )
}

/// Write `customers.parquet`.
pub fn write_customers_parquet(path: &Path, portfolio: &Portfolio) -> Result<()> {
    Ok(stage_customers_parquet(path, portfolio)?.commit()?)
}

pub(crate) fn stage_customers_parquet(path: &Path, portfolio: &Portfolio) -> Result<Staged> {
    let cols = customer_columns(portfolio);
    write_with(
        Box::new(ParquetTableWriter::create(path, &cols)?),
        portfolio,
    )
}

/// Write `actions.csv`: one action per customer, ready for a CRM import,
/// customers in key-rank order.
pub fn write_actions_csv(path: &Path, p: &Portfolio) -> Result<()> {
    Ok(stage_actions_csv(path, p)?.commit()?)
}

pub(crate) fn stage_actions_csv(path: &Path, p: &Portfolio) -> Result<Staged> {
    let cols: Vec<Column> = [
        ("customer_id", ValueKind::Text),
        ("name", ValueKind::Text),
        ("account_manager", ValueKind::Text),
        ("action", ValueKind::Text),
        ("action_reason", ValueKind::Text),
        ("status", ValueKind::Text),
        ("tier", ValueKind::Int),
        ("key_rank", ValueKind::Int),
        ("rfm_segment", ValueKind::Text),
        ("quadrant", ValueKind::Text),
        ("flags", ValueKind::Text),
        ("revenue", ValueKind::Money),
        ("profit", ValueKind::Money),
        ("profit_previous", ValueKind::Money),
    ]
    .iter()
    .chain(if p.movement.is_some() {
        crate::movement::ACTION_MOVEMENT_COLUMNS
    } else {
        &[]
    })
    .map(|(n, k)| Column::new(*n, *k))
    .collect();
    let mut w = CsvTableWriter::for_spreadsheets(path, &cols)?;
    let mut order: Vec<&GradedCustomer> = p.customers.iter().collect();
    order.sort_by_key(|g| g.key.rank);
    let moved = p.movement.as_ref().map(crate::movement::entries_by_id);
    for g in order {
        let f = &g.facts;
        let (flags, _) = flag_text(g);
        let entry = moved
            .as_ref()
            .and_then(|by| by.get(f.id.as_ref().map_or("", |id| id.expose())).copied());
        let lists = entry.map(|e| e.lists.names()).unwrap_or_default();
        let mut row = vec![
            f.id.as_ref()
                .map_or(Value::Null, |id| Value::Text(id.expose())),
            f.name.as_deref().map_or(Value::Null, Value::Text),
            f.account_manager
                .as_deref()
                .map_or(Value::Null, Value::Text),
            Value::Text(g.action.name()),
            Value::Text(&g.action_reason),
            Value::Text(g.status.name()),
            g.tier
                .tier
                .map_or(Value::Null, |t| Value::Int(i64::from(t.number()))),
            Value::Int(g.key.rank as i64),
            Value::Text(g.rfm.segment.name()),
            g.quadrant.map_or(Value::Null, |q| {
                Value::Text(&p.verdicts.matrix.name(q).short)
            }),
            Value::Text(&flags),
            cents(g.characteristics.revenue),
            opt_money(g.characteristics.profit),
            opt_money(g.characteristics.profit_previous),
        ];
        if moved.is_some() {
            row.extend(crate::movement::action_movement_values(entry, &lists));
        }
        w.write_row(&row)?;
    }
    Ok(Box::new(w).stage()?)
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

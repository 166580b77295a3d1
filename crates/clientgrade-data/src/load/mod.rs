//! The single pass: every input table into per-customer facts over the analysis window.

use std::collections::HashMap;

use clientgrade_core::{
    AnalysisWindow, Coverage, CustomerFacts, CustomerId, Date, LateInvoice, Money, Period, Value,
    WindowBounds,
};

use crate::config::SourceSpec;
use crate::distinct::{Distinct, Key, KeySet};
use crate::hash::FoldBuild;
use crate::order_level::{Shape, Shaper};
use crate::reader::{
    latest_date_upper_bound, read_table, read_table_chunked, Outcome, Progress, RowSink,
};
use crate::reject::{Reject, TableStats};
use crate::schema::{complaints, customers, invoices, service, tx, TableKind};
use crate::{DataError, Result};

mod ids;
mod outliers;
mod tables;
mod transactions;

use ids::*;
use outliers::*;
use tables::*;
use transactions::*;

/// The sources of one analysis.
#[derive(Clone, Debug)]
pub struct Sources {
    /// Sales lines (required).
    pub transactions: SourceSpec,
    /// Customer attributes.
    pub customers: Option<SourceSpec>,
    /// Invoices and payments.
    pub invoices: Option<SourceSpec>,
    /// Service effort.
    pub service: Option<SourceSpec>,
    /// Complaints.
    pub complaints: Option<SourceSpec>,
}

impl Sources {
    /// The given sources, in processing order.
    pub fn all(&self) -> Vec<&SourceSpec> {
        let mut v = vec![&self.transactions];
        v.extend(
            [
                &self.customers,
                &self.invoices,
                &self.service,
                &self.complaints,
            ]
            .into_iter()
            .flatten(),
        );
        v
    }
}

/// Where the as-of date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AsOfSource {
    /// Given by the user.
    Given,
    /// The latest transaction date in the data.
    LatestTransaction,
}

/// Per-customer facts and the account of every row read.
#[derive(Debug)]
pub struct Loaded {
    /// One entry per customer with any activity up to as-of, in first-seen order.
    pub facts: Vec<CustomerFacts>,
    /// Which inputs were available.
    pub coverage: Coverage,
    /// The window analysed.
    pub window: AnalysisWindow,
    /// Where the as-of date came from.
    pub as_of_source: AsOfSource,
    /// Row accounting per table, in processing order.
    pub tables: Vec<TableStats>,
    /// Customers listed in the customers table without any activity.
    pub listed_without_activity: u64,
    /// Things the reader should know about the inputs (no customer data).
    pub notes: Vec<String>,
    /// The customers as of the earlier date, when compared.
    pub earlier: Option<EarlierFacts>,
}

/// Per-customer facts as of an earlier date, from the same pass.
#[derive(Debug)]
pub struct EarlierFacts {
    /// The earlier window (same length, ending on the earlier date).
    pub window: AnalysisWindow,
    /// One entry per customer with any activity up to the earlier date.
    pub facts: Vec<CustomerFacts>,
}

const AFTER_AS_OF: &str = "dated after the as-of date";
const BEFORE_WINDOW: &str = "dated before the window";
const BEFORE_PREVIOUS: &str = "dated before the previous window";

/// The latest date of a valid transaction row (in parallel chunks where the
/// file allows, like the main pass).
pub fn latest_transaction_date(spec: &SourceSpec, progress: &dyn Progress) -> Result<Option<Date>> {
    struct Latest(Option<Date>);
    impl RowSink for Latest {
        fn row(&mut self, row: &[Value<'_>], _line: u64) -> Outcome {
            if let Value::Date(d) = row[tx::DATE] {
                self.0 = Some(self.0.map_or(d, |l| l.max(d)));
            }
            Outcome::Used
        }
    }
    let mut stats = TableStats::new(spec.table, spec.path.clone());
    let sinks = read_table_chunked(spec, progress, &mut stats, &|| Latest(None))?;
    Ok(sinks.into_iter().filter_map(|s| s.0).max())
}

/// `sum += v`, remembering in `over` whether the sum went beyond the range
/// of [`Money`] (checked once at the end of a table: the run then stops).
#[inline]
fn add(sum: &mut Money, v: Money, over: &mut bool) {
    let (s, o) = sum.overflowing_add(v);
    *sum = s;
    *over |= o;
}

/// `sum += v` for plain integer sums (days, thousandths of hours).
#[inline]
fn add_i64(sum: &mut i64, v: i64, over: &mut bool) {
    let (s, o) = sum.overflowing_add(v);
    *sum = s;
    *over |= o;
}

/// The error of a table whose sums went beyond the range of [`Money`].
fn sums_overflow(path: &std::path::Path) -> DataError {
    DataError::Inputs(format!(
        "{}: the amounts of one customer add up to more than ±922 trillion, beyond the range \
         of exact money (four decimals), so its sums cannot be computed; check the amount \
         columns (a value in the wrong unit, a placeholder such as 999999999999) or express \
         the amounts in a larger unit (e.g. thousands)",
        path.display()
    ))
}

/// The most the absolute values of one money fact (revenue, cost…) of all
/// customers may add up to, in ten-thousandths: an eighth of `i64::MAX`,
/// about 115 trillion currency units, so that every total, and every
/// difference of up to eight such totals (profit, cost to serve), that the
/// grading computes stays within range.
const MAX_PORTFOLIO_RAW: i128 = (i64::MAX / 8) as i128;

/// Check that the portfolio's sums leave the grading room (see [`MAX_PORTFOLIO_RAW`]).
fn check_headroom(facts: &[CustomerFacts]) -> Result<()> {
    type Get = fn(&CustomerFacts) -> Money;
    let sums: [(&str, Get); 12] = [
        ("lifetime revenue", |f| f.revenue_lifetime),
        ("revenue", |f| f.revenue),
        ("previous-window revenue", |f| f.revenue_previous),
        ("gross sales", |f| f.gross_sales),
        ("returns", |f| f.returns),
        ("cost of goods", |f| f.cost_of_goods),
        ("discounts", |f| f.discounts),
        ("first-day purchases", |f| f.first_day_value),
        ("outstanding invoices", |f| f.outstanding),
        ("overdue invoices", |f| f.overdue),
        ("written-off invoices", |f| f.written_off),
        ("direct service cost", |f| f.service_direct_cost),
    ];
    for (name, get) in sums {
        let total: i128 = facts.iter().map(|f| i128::from(get(f).raw()).abs()).sum();
        if total > MAX_PORTFOLIO_RAW {
            let units = |raw: i128| raw / i128::from(clientgrade_core::MONEY_SCALE);
            return Err(DataError::Inputs(format!(
                "the {name} of all customers adds up to {} currency units (in absolute value), \
                 more than {}, the most clientgrade can total exactly to four decimals; check \
                 the amount columns for values in the wrong unit, or express the amounts in a \
                 larger unit (e.g. thousands)",
                units(total),
                units(MAX_PORTFOLIO_RAW)
            )));
        }
    }
    Ok(())
}

fn money(v: Value<'_>) -> Option<Money> {
    match v {
        Value::Money(m) => Some(m),
        _ => None,
    }
}

fn date(v: Value<'_>) -> Option<Date> {
    match v {
        Value::Date(d) => Some(d),
        _ => None,
    }
}

/// A quantity (a `Number` column, read as a four-decimal fixed point like
/// money) in thousandths, rounded half away from zero: service hours are
/// summed in thousandths of an hour.
fn thousandths(q: Money) -> i64 {
    let r = q.raw();
    r / 10 + (r % 10) / 5
}

/// The exact key of an order or product id.
fn id_key(v: Value<'_>) -> Option<Key<'_>> {
    match v {
        Value::Text(s) => Some(Key::text(s)),
        Value::Int(i) => Some(Key::int(i)),
        _ => None,
    }
}

/// Read every source once and sum per customer.
///
/// `as_of` defaults to the latest transaction date; `months` is the window length.
pub fn load(
    sources: &Sources,
    as_of: Option<Date>,
    months: u32,
    progress: &dyn Progress,
) -> Result<Loaded> {
    load_with_holdout(sources, as_of, months, None, progress)
}

const HOLDOUT: &str = "dated after the as-of date (counted for the holdout check)";

/// [`load`], also counting each customer's purchase days after as-of up to
/// `holdout_end` ([`CustomerFacts::holdout_purchase_days`]).
pub fn load_with_holdout(
    sources: &Sources,
    as_of: Option<Date>,
    months: u32,
    holdout_end: Option<Date>,
    progress: &dyn Progress,
) -> Result<Loaded> {
    load_compared(sources, as_of, months, holdout_end, None, progress)
}

/// The error of a compare date on or after the as-of date.
fn compare_not_before(compare_to: Date, as_of: Date, source: &str) -> DataError {
    DataError::Inputs(format!(
        "--compare-to {compare_to} is not before the as-of date {as_of} ({source}): the \
         comparison grades the data as of an earlier date too; give a date before {as_of}, \
         e.g. {} (one window earlier)",
        as_of.add_months(-12)
    ))
}

/// [`load_with_holdout`], also summing every customer as of the earlier
/// date `compare_to` in the same pass over the rows ([`Loaded::earlier`]).
pub fn load_compared(
    sources: &Sources,
    as_of: Option<Date>,
    months: u32,
    holdout_end: Option<Date>,
    compare_to: Option<Date>,
    progress: &dyn Progress,
) -> Result<Loaded> {
    if let (Some(c), Some(a)) = (compare_to, as_of) {
        if c >= a {
            return Err(compare_not_before(c, a, "given"));
        }
    }
    // transactions: the export recognised and its rules (crate::presets), then
    // the single pass, in parallel chunks where the file and rules allow
    let t = &crate::presets::resolve(&sources.transactions)?;
    let mut notes = Vec::new();
    let TxRead {
        as_of,
        as_of_source,
        tx,
        mut stats,
    } = read_transactions(
        t,
        as_of,
        months,
        holdout_end,
        compare_to,
        progress,
        &mut notes,
    )?;
    if let Some(c) = compare_to.filter(|c| *c >= as_of) {
        return Err(compare_not_before(c, as_of, "the latest transaction date"));
    }
    let window = AnalysisWindow::new(as_of, months);
    let bounds = window.bounds();
    let mut coverage = Coverage::default();
    let mut tables = Vec::new();
    if tx.overflow {
        return Err(sums_overflow(&t.path));
    }
    let (any_cost, has_discount, has_product) = (tx.any_cost, tx.has_discount, tx.has_product);
    let mut shaper = tx.shaper;
    let mut index = tx.index;
    let mut earlier = tx.earlier;
    if stats.used == 0 {
        return Err(DataError::Inputs(format!(
            "{}: no usable transaction up to the as-of date {as_of} ({}); `clientgrade check` \
             with the same inputs lists the rejected rows",
            t.path.display(),
            stats.summary_line()
        )));
    }
    // what the rules did and the decisions the data asks for (crate::warnings)
    let merged = shaper.identity.merged();
    let near = if shaper.identity.fold {
        0
    } else {
        crate::identity::near_duplicates(
            index
                .facts
                .iter()
                .filter_map(|f| f.id.as_ref().map(|id| id.expose())),
        )
    };
    let total: i64 = index
        .facts
        .iter()
        .map(|f| f.revenue_lifetime.raw().max(0))
        .sum();
    let placeholders = index
        .facts
        .iter()
        .filter_map(|f| {
            let id = f.id.as_ref()?.expose();
            let share = f.revenue_lifetime.raw() as f64 / total.max(1) as f64;
            (crate::warnings::is_placeholder(id) && share >= 0.01).then(|| (id.to_string(), share))
        })
        .collect();
    let ids = crate::warnings::IdFindings {
        merged,
        near_duplicates: near,
        placeholders,
    };
    crate::warnings::finish(t, &shaper.obs, ids, &mut stats)?;
    stats.source = t.rules.recognised.map(|p| {
        let how = match t.rules.source {
            crate::rules::SourceChoice::Preset(_) => "read as (source = \"{}\")",
            _ => "recognised from its header (source = \"{}\" forces it, \"none\" reads it as a plain table)",
        };
        format!("{} {}", p.title(), how.replace("{}", p.name()))
    });
    let cost_mapped = stats.maps("cost");
    coverage.cost_of_goods = any_cost;
    if cost_mapped && !any_cost {
        notes.push("the transactions' cost column has no value in the window: margins cannot be computed from it".into());
    }
    coverage.discounts = has_discount || stats.maps("discount");
    coverage.products = has_product || stats.maps("product");
    let transacting = index.facts.len();
    tables.push(stats);

    // the other tables, each folded into the customers found so far
    let zeros = ZeroIds::new(&index);
    let mut fold = Folding {
        index: &mut index,
        earlier: &mut earlier,
        zeros: &zeros,
        bounds,
        as_of,
        notes: &mut notes,
        progress,
    };
    if let Some(s) = &sources.customers {
        coverage.customers = true;
        tables.push(fold_customers(s, &mut fold)?);
    }
    if let Some(s) = &sources.invoices {
        coverage.invoices = true;
        tables.push(fold_invoices(s, &mut fold)?);
    }
    if let Some(s) = &sources.service {
        coverage.service = true;
        let stats = fold_service(s, &mut fold)?;
        coverage.service_costed = stats.maps("hours") || stats.maps("cost");
        tables.push(stats);
    }
    if let Some(s) = &sources.complaints {
        coverage.complaints = true;
        tables.push(fold_complaints(s, &mut fold)?);
    }
    let mut listed_without_activity = 0u64;

    // the customers as of the earlier date: the same people (names, managers,
    // attributes), their own sums, those with activity up to that date
    let earlier = match earlier {
        None => None,
        Some(mut e) => {
            for (i, f) in index.facts.iter().enumerate() {
                let g = e.slot(i);
                g.id = f.id.clone();
                g.name = f.name.clone();
                g.account_manager = f.account_manager.clone();
                g.listed = f.listed;
                g.attributes = f.attributes.clone();
                g.customer_since = f.customer_since;
            }
            let facts: Vec<CustomerFacts> = e.facts.into_iter().filter(has_activity).collect();
            if !facts.iter().any(|f| f.first_purchase.is_some()) {
                let first = index.facts.iter().filter_map(|f| f.first_purchase).min();
                return Err(DataError::Inputs(format!(
                    "--compare-to {}: no purchase on or before that date{}, so there is nothing \
                     to compare with; give a later date",
                    e.as_of,
                    first.map_or_else(String::new, |d| format!(
                        " (the first transaction is dated {d})"
                    ))
                )));
            }
            check_headroom(&facts)?;
            Some(EarlierFacts {
                window: AnalysisWindow::new(e.as_of, months),
                facts,
            })
        }
    };

    let facts: Vec<CustomerFacts> = index
        .facts
        .into_iter()
        .filter(|f| {
            let active = has_activity(f);
            if !active && f.listed {
                listed_without_activity += 1;
            }
            active
        })
        .collect();
    check_headroom(&facts)?;
    for t in &tables {
        for (column, r) in &t.repaired {
            let lines: Vec<String> = r.lines.iter().map(u64::to_string).collect();
            let more = if r.rows > r.lines.len() as u64 {
                ", …"
            } else {
                ""
            };
            notes.push(format!(
                "{}: invalid UTF-8 in column `{column}` on {} rows (line{} {}{more}): kept, the \
                 bad bytes replaced by U+FFFD (\u{fffd}); save the file as UTF-8 to keep them",
                t.table,
                r.rows,
                if r.lines.len() == 1 { "" } else { "s" },
                lines.join(", ")
            ));
        }
    }
    // a material share of rejected rows biases every figure: a decision
    for t in &mut tables {
        let max = sources
            .all()
            .into_iter()
            .find(|s| s.table == t.table)
            .and_then(|s| s.rules.max_rejected_share);
        crate::warnings::ask_rejected_share(t, max);
    }
    let extra = facts.len().saturating_sub(transacting);
    if extra > 0 {
        notes.push(format!(
            "{extra} customers appear in invoices, service or complaints but have no transaction up to the as-of date"
        ));
    }
    if listed_without_activity > 0 {
        notes.push(format!(
            "{listed_without_activity} customers are listed in the customers table without any activity up to the as-of date; they are not graded"
        ));
    }
    Ok(Loaded {
        facts,
        coverage,
        window,
        as_of_source,
        tables,
        listed_without_activity,
        notes,
        earlier,
    })
}

/// Whether a customer has any activity up to as-of (else it is not graded).
fn has_activity(f: &CustomerFacts) -> bool {
    f.first_purchase.is_some()
        || f.revenue_lifetime.raw() != 0
        || f.invoices > 0
        || f.outstanding.raw() != 0
        || f.service_events > 0
        || f.service_events_previous > 0
        || f.complaints > 0
        || f.complaints_open > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_become_thousandths_rounded_half_away_from_zero() {
        for (raw, want) in [
            (15_000, 1_500), // 1.5 h
            (12_344, 1_234),
            (12_345, 1_235),
            (12_349, 1_235),
            (-12_345, -1_235),
            (4, 0),
            (5, 1),
        ] {
            assert_eq!(thousandths(Money::from_raw(raw)), want, "{raw}");
        }
    }
}

//! The single pass: every input table into per-customer facts over the analysis window.

use std::collections::HashMap;

use clientgrade_core::{
    AnalysisWindow, Coverage, CustomerFacts, CustomerId, Date, Money, Period, Value, WindowBounds,
};

use crate::config::SourceSpec;
use crate::distinct::Distinct;
use crate::hash::{hash_str, FxBuild};
use crate::order_level::{Shape, Shaper};
use crate::reader::{
    latest_date_upper_bound, read_table, read_table_chunked, Outcome, Progress, RowSink,
};
use crate::reject::{Reject, TableStats};
use crate::{DataError, Result};

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
            if let Value::Date(d) = row[1] {
                self.0 = Some(self.0.map_or(d, |l| l.max(d)));
            }
            Outcome::Used
        }
    }
    let mut stats = TableStats::new(spec.table, spec.path.clone());
    let sinks = read_table_chunked(spec, progress, &mut stats, &|| Latest(None))?;
    Ok(sinks.into_iter().filter_map(|s| s.0).max())
}

struct Index {
    map: HashMap<Box<str>, u32, FxBuild>,
    facts: Vec<CustomerFacts>,
    buf: String,
    /// The id of the previous lookup and its slot: rows of one customer
    /// often follow each other, and comparing two short strings is cheaper
    /// than hashing and probing.
    last: Option<(String, u32)>,
}

impl Index {
    fn new() -> Index {
        Index {
            map: HashMap::default(),
            facts: Vec::new(),
            buf: String::new(),
            last: None,
        }
    }

    fn slot(&mut self, id: Value<'_>) -> usize {
        let key: &str = match id {
            Value::Text(s) => s,
            Value::Int(i) => {
                use std::fmt::Write;
                self.buf.clear();
                let _ = write!(self.buf, "{i}");
                &self.buf
            }
            _ => unreachable!("ids are text or integers after conversion"),
        };
        if let Some((last, i)) = &self.last {
            if last == key {
                return *i as usize;
            }
        }
        let i = match self.map.get(key) {
            Some(&i) => i,
            None => {
                let i = self.facts.len() as u32;
                self.map.insert(key.into(), i);
                self.facts.push(CustomerFacts {
                    id: Some(CustomerId::new(key)),
                    ..CustomerFacts::default()
                });
                i
            }
        };
        match &mut self.last {
            Some((last, j)) => {
                last.clear();
                last.push_str(key);
                *j = i;
            }
            None => self.last = Some((key.to_string(), i)),
        }
        i as usize
    }
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

fn text_key(v: Value<'_>) -> Option<u64> {
    match v {
        Value::Text(s) => Some(hash_str(s)),
        // Integer ids (Parquet) are hashed as numbers: keys only need to be
        // distinct within one column of one file.
        Value::Int(i) => Some((i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5bd1_e995),
        _ => None,
    }
}

/// The keys behind one customer's distinct counts.
#[derive(Default)]
struct Keys {
    /// Orders (invoice ids, or days without them) of purchases in the window.
    window_orders: Distinct<u64>,
    /// Orders of purchases in the previous window.
    previous_orders: Distinct<u64>,
    /// Orders of purchases up to as-of.
    lifetime_orders: Distinct<u64>,
    /// Days with a purchase up to as-of.
    purchase_days: Distinct<i32>,
    /// Products of window lines.
    products: Distinct<u64>,
    /// Purchase days after as-of up to the holdout end.
    holdout_days: Distinct<i32>,
}

/// The running sums of the transactions table: per-customer facts plus the
/// keys behind the distinct counts. One per reading thread; merged in file
/// order, so the result equals a sequential pass.
struct TxAgg {
    index: Index,
    /// Parallel to `index.facts`.
    keys: Vec<Keys>,
    any_cost: bool,
    has_discount: bool,
    has_product: bool,
    /// The latest date of any valid row seen (also after as-of).
    latest: Option<Date>,
    bounds: WindowBounds,
    holdout_end: Option<Date>,
    /// The source's reading rules, applied row by row (crate::order_level).
    shaper: Shaper,
}

impl TxAgg {
    fn new(bounds: WindowBounds, holdout_end: Option<Date>, spec: &SourceSpec) -> TxAgg {
        TxAgg {
            index: Index::new(),
            keys: Vec::new(),
            any_cost: false,
            has_discount: false,
            has_product: false,
            latest: None,
            bounds,
            holdout_end,
            shaper: Shaper::new(spec, spec.rules.ids_are_emails),
        }
    }

    /// The customer's slot, with room for its keys.
    #[inline]
    fn slot(&mut self, id: Value<'_>) -> usize {
        let i = self.index.slot(id);
        if i == self.keys.len() {
            self.keys.push(Keys::default());
        }
        i
    }

    /// The slot of a row's customer, keyed by the source's identity rule.
    #[inline]
    fn slot_of(&mut self, row: &[Value<'_>]) -> usize {
        let id = self.shaper.key(row);
        let i = self.index.slot(id);
        if i == self.keys.len() {
            self.keys.push(Keys::default());
        }
        self.shaper.identity.note(i, row[0]);
        i
    }

    /// Fold another thread's sums (of a later part of the file) into these.
    fn merge(&mut self, other: TxAgg) {
        let TxAgg {
            index,
            keys,
            shaper: mut theirs,
            ..
        } = other;
        self.shaper.obs.merge(std::mem::take(&mut theirs.obs));
        for (j, (b, k)) in index.facts.into_iter().zip(keys).enumerate() {
            let id = b.id.as_ref().map_or("", |id| id.expose()).to_string();
            let i = self.slot(Value::Text(&id));
            if let Some(ids) = theirs.identity.take(j) {
                self.shaper.identity.extend(i, ids);
            }
            let a = &mut self.index.facts[i];
            a.revenue_lifetime += b.revenue_lifetime;
            a.revenue += b.revenue;
            a.revenue_previous += b.revenue_previous;
            for (x, y) in a.revenue_parts.iter_mut().zip(b.revenue_parts) {
                *x += y;
            }
            a.cost_of_goods_previous += b.cost_of_goods_previous;
            a.return_lines_previous += b.return_lines_previous;
            a.gross_sales += b.gross_sales;
            a.returns += b.returns;
            a.return_lines += b.return_lines;
            a.cost_of_goods += b.cost_of_goods;
            a.cost_lines += b.cost_lines;
            a.discounts += b.discounts;
            a.lines += b.lines;
            match (a.first_purchase, b.first_purchase) {
                (Some(x), Some(y)) if y < x => {
                    a.first_purchase = Some(y);
                    a.first_day_value = b.first_day_value;
                }
                (Some(x), Some(y)) if y == x => a.first_day_value += b.first_day_value,
                (None, Some(y)) => {
                    a.first_purchase = Some(y);
                    a.first_day_value = b.first_day_value;
                }
                _ => {}
            }
            a.last_purchase = a.last_purchase.max(b.last_purchase);
            let ka = &mut self.keys[i];
            ka.window_orders.extend(k.window_orders);
            ka.previous_orders.extend(k.previous_orders);
            ka.lifetime_orders.extend(k.lifetime_orders);
            ka.purchase_days.extend(k.purchase_days);
            ka.products.extend(k.products);
            ka.holdout_days.extend(k.holdout_days);
        }
        self.any_cost |= other.any_cost;
        self.has_discount |= other.has_discount;
        self.has_product |= other.has_product;
        self.latest = self.latest.max(other.latest);
    }

    /// Turn the keys into the distinct counts of each customer.
    fn finish(mut self) -> TxAgg {
        for (f, k) in self.index.facts.iter_mut().zip(&mut self.keys) {
            f.orders = k.window_orders.finish();
            f.orders_previous = k.previous_orders.finish();
            f.orders_lifetime = k.lifetime_orders.finish();
            f.purchase_days = k.purchase_days.finish();
            f.products = k.products.finish();
            f.holdout_purchase_days = k.holdout_days.finish();
        }
        self.keys = Vec::new();
        self
    }
}

impl RowSink for TxAgg {
    fn row(&mut self, row: &[Value<'_>], line: u64) -> Outcome {
        let d = date(row[1]).expect("required date");
        // the source's rules: status, amounts per line or order, the net amount
        let shaped = match self.shaper.shape(row, line) {
            Shape::Use(s) => s,
            Shape::Skip(why) => return Outcome::Skipped(why),
            Shape::Reject(r) => return Outcome::Rejected(r),
        };
        self.latest = self.latest.max(Some(d));
        let period = self.bounds.period(d);
        if period == Period::After {
            if self.holdout_end.is_some_and(|end| d <= end) {
                if shaped.purchase {
                    let i = self.slot_of(row);
                    self.keys[i].holdout_days.push(d.days());
                }
                return Outcome::Skipped(HOLDOUT);
            }
            return Outcome::Skipped(AFTER_AS_OF);
        }
        let amount = shaped.amount;
        let i = self.slot_of(row);
        let key = text_key(row[5]).unwrap_or(0x8000_0000_0000_0000 | d.days() as u32 as u64);
        let f = &mut self.index.facts[i];
        let k = &mut self.keys[i];
        f.revenue_lifetime += amount;
        // A purchase is any line that is not a return or credit: a free line
        // (amount zero) is still a purchase occasion, as in the BTYD literature
        // (a sale refunded in full is not: crate::order_level).
        if shaped.purchase {
            match f.first_purchase {
                Some(first) if first < d => {}
                Some(first) if first == d => f.first_day_value += amount,
                _ => f.first_day_value = amount,
            }
            f.first_purchase = Some(f.first_purchase.map_or(d, |x| x.min(d)));
            k.purchase_days.push(d.days());
            f.last_purchase = Some(f.last_purchase.map_or(d, |x| x.max(d)));
            k.lifetime_orders.push(key);
        }
        if let Some(part) = self.bounds.part(d) {
            f.revenue_parts[part] += amount;
        }
        match period {
            Period::Current => {
                f.revenue += amount;
                f.lines += 1;
                if amount.raw() >= 0 {
                    f.gross_sales += amount;
                    if shaped.purchase {
                        k.window_orders.push(key);
                    }
                } else {
                    f.returns -= amount;
                    f.return_lines += 1;
                }
                if let Some(c) = money(row[3]) {
                    f.cost_of_goods += c;
                    f.cost_lines += 1;
                    self.any_cost = true;
                }
                if let Some(dis) = shaped.discount {
                    f.discounts += dis;
                    self.has_discount = true;
                }
                if let Some(p) = text_key(row[6]) {
                    k.products.push(p);
                    self.has_product = true;
                }
            }
            Period::Previous => {
                f.revenue_previous += amount;
                if amount.raw() >= 0 {
                    k.previous_orders.push(key);
                } else {
                    f.return_lines_previous += 1;
                }
                if let Some(c) = money(row[3]) {
                    f.cost_of_goods_previous += c;
                }
            }
            Period::Earlier | Period::After => {}
        }
        Outcome::Used
    }
}

/// A cell as text: names, managers and other customer attributes.
fn attribute_text(v: Value<'_>) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Text(s) => Some(s.to_string()),
        Value::Int(i) => Some(i.to_string()),
        Value::Date(d) => Some(d.to_string()),
        Value::Money(m) => Some(m.to_string()),
        Value::Float(f) => Some(f.to_string()),
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
    // transactions: the export recognised and its rules (crate::presets), then
    // the single pass, in parallel chunks where the file and rules allow
    let t = &crate::presets::resolve(&sources.transactions)?;
    let pass = |as_of: Date| -> Result<(TxAgg, TableStats)> {
        let bounds = AnalysisWindow::new(as_of, months).bounds();
        let mut stats = TableStats::new(t.table, t.path.clone());
        let sinks = read_table_chunked(t, progress, &mut stats, &|| {
            TxAgg::new(bounds, holdout_end, t)
        })?;
        let mut sinks = sinks.into_iter();
        let mut tx = sinks
            .next()
            .unwrap_or_else(|| TxAgg::new(bounds, holdout_end, t));
        for s in sinks {
            tx.merge(s);
        }
        Ok((tx.finish(), stats))
    };
    let (as_of, as_of_source, tx, mut stats) = match as_of {
        Some(d) => {
            let (tx, stats) = pass(d)?;
            (d, AsOfSource::Given, tx, stats)
        }
        None => {
            // An upper bound of the latest date from the date field alone
            // (or, where that fast scan does not apply, the exact latest date
            // of a valid row); the pass then sees every valid row and confirms
            // it. Only when the latest-dated line was not a valid row does a
            // second pass run, with the exact date.
            let bound = match latest_date_upper_bound(t, progress)? {
                Some(b) => b,
                None => latest_transaction_date(t, progress)?,
            };
            let first = bound.unwrap_or(Date::from_days(0));
            let (tx, stats) = pass(first)?;
            match tx.latest {
                Some(latest) if latest != first => {
                    let (tx, stats) = pass(latest)?;
                    (latest, AsOfSource::LatestTransaction, tx, stats)
                }
                _ => (first, AsOfSource::LatestTransaction, tx, stats),
            }
        }
    };
    let window = AnalysisWindow::new(as_of, months);
    let bounds = window.bounds();
    let mut coverage = Coverage::default();
    let mut tables = Vec::new();
    let mut notes = Vec::new();
    let (any_cost, has_discount, has_product) = (tx.any_cost, tx.has_discount, tx.has_product);
    let mut shaper = tx.shaper;
    let mut index = tx.index;
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
    let cost_mapped = stats.detected.iter().any(|d| d.starts_with("cost ←"));
    coverage.cost_of_goods = any_cost;
    if cost_mapped && !any_cost {
        notes.push("the transactions' cost column has no value in the window: margins cannot be computed from it".into());
    }
    coverage.discounts = has_discount || stats.detected.iter().any(|d| d.starts_with("discount ←"));
    coverage.products = has_product || stats.detected.iter().any(|d| d.starts_with("product ←"));
    let transacting = index.facts.len();
    tables.push(stats);

    // customers
    let mut listed_without_activity = 0u64;
    if let Some(s) = &sources.customers {
        coverage.customers = true;
        let mut stats = TableStats::new(s.table, s.path.clone());
        let mut first_line: HashMap<u32, u64, FxBuild> = HashMap::default();
        let mut attributes: Vec<(usize, Vec<Option<String>>)> = Vec::new();
        read_table(s, progress, &mut stats, &mut |row, line| {
            let i = index.slot(row[0]);
            if let Some(first) = first_line.get(&(i as u32)) {
                return Outcome::Rejected(Reject {
                    line,
                    column: "customer-id",
                    reason: "duplicate customer id".into(),
                    value: format!("first listed on line {first}"),
                });
            }
            first_line.insert(i as u32, line);
            let f = &mut index.facts[i];
            f.listed = true;
            f.name = attribute_text(row[1]);
            f.account_manager = attribute_text(row[2]);
            f.customer_since = date(row[3]);
            if row.len() > 4 {
                attributes.push((i, row[4..].iter().map(|v| attribute_text(*v)).collect()));
            }
            Outcome::Used
        })?;
        for (i, values) in attributes {
            let mut a: Vec<(String, String)> = stats
                .extra_columns
                .iter()
                .zip(values)
                .filter_map(|(n, v)| Some((n.clone(), v?)))
                .collect();
            a.sort();
            index.facts[i].attributes = a;
        }
        tables.push(stats);
    }

    // invoices
    if let Some(s) = &sources.invoices {
        coverage.invoices = true;
        let mut stats = TableStats::new(s.table, s.path.clone());
        read_table(s, progress, &mut stats, &mut |row, line| {
            let due = date(row[1]).expect("required due date");
            let amount = money(row[2]).expect("required amount");
            let issued = date(row[4]).unwrap_or(due);
            let paid = date(row[5]);
            let written_off = matches!(row[6], Value::Int(1));
            if issued > as_of {
                return Outcome::Skipped("issued after the as-of date");
            }
            if let Some(p) = paid {
                if p < issued {
                    return Outcome::Rejected(Reject {
                        line,
                        column: "paid-date",
                        reason: "paid before issued".into(),
                        value: p.to_string(),
                    });
                }
            }
            let i = index.slot(row[0]);
            let f = &mut index.facts[i];
            let paid_by_as_of = paid.filter(|p| *p <= as_of);
            if bounds.period(due) == Period::Current {
                f.invoices += 1;
                if written_off {
                    f.written_off += amount;
                } else if let Some(p) = paid_by_as_of {
                    f.invoices_paid += 1;
                    let late = p.days_since(due);
                    if late <= 0 {
                        f.invoices_paid_on_time += 1;
                    } else {
                        f.days_late_sum += i64::from(late);
                    }
                }
            }
            if !written_off && paid_by_as_of.is_none() {
                f.outstanding += amount;
                if due < as_of {
                    f.overdue += amount;
                }
            }
            Outcome::Used
        })?;
        tables.push(stats);
    }

    // service
    if let Some(s) = &sources.service {
        coverage.service = true;
        let mut stats = TableStats::new(s.table, s.path.clone());
        read_table(s, progress, &mut stats, &mut |row, line| {
            let d = date(row[1]).expect("required date");
            let current = match bounds.period(d) {
                Period::After => return Outcome::Skipped(AFTER_AS_OF),
                Period::Current => true,
                Period::Previous => false,
                Period::Earlier => return Outcome::Skipped(BEFORE_PREVIOUS),
            };
            let hours = money(row[2]);
            if hours.is_some_and(Money::is_negative) {
                return Outcome::Rejected(Reject {
                    line,
                    column: "hours",
                    reason: "negative hours".into(),
                    value: hours.map(|h| h.to_string()).unwrap_or_default(),
                });
            }
            let i = index.slot(row[0]);
            let f = &mut index.facts[i];
            let millihours = hours.map_or(0, |h| h.raw() / 10);
            let cost = money(row[3]).unwrap_or(Money::ZERO);
            if current {
                f.service_events += 1;
                f.service_millihours += millihours;
                f.service_direct_cost += cost;
            } else {
                // the previous window's effort: for what a lapsed customer was worth
                f.service_events_previous += 1;
                f.service_millihours_previous += millihours;
                f.service_direct_cost_previous += cost;
            }
            Outcome::Used
        })?;
        coverage.service_costed = stats
            .detected
            .iter()
            .any(|d| d.starts_with("hours ←") || d.starts_with("cost ←"));
        tables.push(stats);
    }

    // complaints
    if let Some(s) = &sources.complaints {
        coverage.complaints = true;
        let mut stats = TableStats::new(s.table, s.path.clone());
        read_table(s, progress, &mut stats, &mut |row, line| {
            let d = date(row[1]).expect("required date");
            let period = bounds.period(d);
            if period == Period::After {
                return Outcome::Skipped(AFTER_AS_OF);
            }
            let resolved = date(row[2]);
            if let Some(r) = resolved {
                if r < d {
                    return Outcome::Rejected(Reject {
                        line,
                        column: "resolved-date",
                        reason: "resolved before raised".into(),
                        value: r.to_string(),
                    });
                }
            }
            let resolved = resolved.filter(|r| *r <= as_of);
            let open = resolved.is_none();
            if period != Period::Current && !open {
                return Outcome::Skipped(BEFORE_WINDOW);
            }
            let i = index.slot(row[0]);
            let f = &mut index.facts[i];
            if open {
                f.complaints_open += 1;
            }
            if period == Period::Current {
                f.complaints += 1;
                if let Some(r) = resolved {
                    f.complaints_resolved += 1;
                    f.resolve_days_sum += i64::from(r.days_since(d));
                }
            }
            Outcome::Used
        })?;
        tables.push(stats);
    }

    let facts: Vec<CustomerFacts> = index
        .facts
        .into_iter()
        .filter(|f| {
            let active = f.first_purchase.is_some()
                || f.revenue_lifetime.raw() != 0
                || f.invoices > 0
                || f.outstanding.raw() != 0
                || f.service_events > 0
                || f.service_events_previous > 0
                || f.complaints > 0
                || f.complaints_open > 0;
            if !active && f.listed {
                listed_without_activity += 1;
            }
            active
        })
        .collect();
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
    })
}

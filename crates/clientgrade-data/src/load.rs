//! The single pass: every input table into per-customer facts over the analysis window.

use std::collections::HashMap;
use std::sync::Arc;

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
    map: HashMap<Box<str>, u32, FoldBuild>,
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

/// The value of an id made of digits only, without its leading zeros.
fn digits_value(id: &str) -> Option<&str> {
    let t = id.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v = t.trim_start_matches('0');
    Some(if v.is_empty() { "0" } else { v })
}

/// The transactions' ids made of digits, by their value without leading
/// zeros: Excel drops the zeros of `00123` when it saves a file, so another
/// table's `123` is the transactions' `00123` (and the other way round).
struct ZeroIds {
    /// `None`: two transaction ids have this value (`0123` and `123`).
    by_value: HashMap<String, Option<u32>, FoldBuild>,
}

/// Ids of one table that matched the transactions only without leading zeros.
#[derive(Default)]
struct ZeroMatches {
    matched: u64,
    first: u64,
    ambiguous: u64,
    ambiguous_first: u64,
}

impl ZeroIds {
    fn new(index: &Index) -> ZeroIds {
        let mut by_value: HashMap<String, Option<u32>, FoldBuild> = HashMap::default();
        for (i, f) in index.facts.iter().enumerate() {
            let Some(v) = f.id.as_ref().and_then(|id| digits_value(id.expose())) else {
                continue;
            };
            by_value
                .entry(v.to_string())
                .and_modify(|e| *e = None)
                .or_insert(Some(i as u32));
        }
        ZeroIds { by_value }
    }

    /// The slot of a row's customer: its id as written when the
    /// transactions have it, else the transactions' id with the same digits
    /// but for leading zeros when there is exactly one.
    fn slot(&self, index: &mut Index, id: Value<'_>, line: u64, m: &mut ZeroMatches) -> usize {
        let key = match id {
            Value::Text(s) => std::borrow::Cow::Borrowed(s),
            Value::Int(i) => std::borrow::Cow::Owned(i.to_string()),
            _ => return index.slot(id),
        };
        if !index.map.contains_key(key.as_ref()) {
            match digits_value(&key).and_then(|v| self.by_value.get(v)) {
                Some(Some(j)) => {
                    m.matched += 1;
                    if m.first == 0 {
                        m.first = line;
                    }
                    return *j as usize;
                }
                Some(None) => {
                    m.ambiguous += 1;
                    if m.ambiguous_first == 0 {
                        m.ambiguous_first = line;
                    }
                }
                None => {}
            }
        }
        index.slot(id)
    }
}

/// What a table's ids matched without their leading zeros: a note when
/// they matched, a decision when some could be more than one customer.
fn report_zero_matches(m: &ZeroMatches, stats: &mut TableStats, notes: &mut Vec<String>) {
    let table = stats.table;
    if m.matched > 0 {
        notes.push(format!(
            "{table}: {} rows have a customer id that matches a transactions id only without \
             its leading zeros (`123` = `00123`; first on line {}): matched so. The file was \
             likely saved by Excel, which drops leading zeros; export the id column as text",
            m.matched, m.first
        ));
        stats.rules.push(format!(
            "customer ids matched to the transactions without leading zeros: {} rows",
            m.matched
        ));
    }
    if m.ambiguous > 0 {
        stats.warnings.push(crate::warnings::Warning {
            kind: "ids-lost-leading-zeros",
            message: format!(
                "{} rows have a customer id that matches more than one transactions id without \
             leading zeros (`123` = `0123` and `00123`; first on line {}): not matched",
                m.ambiguous, m.ambiguous_first
            ),
            fix: format!(
                "export the id column of the {table} file as text so its ids keep their \
             leading zeros"
            ),
        });
    }
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

/// The exact key of an order or product id.
fn id_key(v: Value<'_>) -> Option<Key<'_>> {
    match v {
        Value::Text(s) => Some(Key::text(s)),
        Value::Int(i) => Some(Key::int(i)),
        _ => None,
    }
}

/// Invoice status values (normalised) that mean written off.
const WRITTEN_OFF_STATUS: &[&str] = &["writtenoff", "writeoff", "baddebt", "uncollectible"];

/// Purchase days kept per customer for its buying rhythm (the latest ones).
const RECENT_PURCHASE_DAYS: usize = 128;

/// The keys behind one customer's distinct counts.
#[derive(Default)]
struct Keys {
    /// Orders (invoice ids, or days without them) of purchases in the window.
    window_orders: KeySet,
    /// Orders of purchases in the previous window.
    previous_orders: KeySet,
    /// Orders of purchases up to as-of.
    lifetime_orders: KeySet,
    /// Days with a purchase up to as-of.
    purchase_days: Distinct<i32>,
    /// Products of window lines.
    products: KeySet,
    /// Window orders with a discount.
    discounted_orders: KeySet,
    /// Window orders of return or credit rows.
    returned_orders: KeySet,
    /// Purchase days after as-of up to the holdout end.
    holdout_days: Distinct<i32>,
}

impl Keys {
    fn extend(&mut self, k: Keys) {
        self.window_orders.extend(k.window_orders);
        self.previous_orders.extend(k.previous_orders);
        self.lifetime_orders.extend(k.lifetime_orders);
        self.purchase_days.extend(k.purchase_days);
        self.products.extend(k.products);
        self.discounted_orders.extend(k.discounted_orders);
        self.returned_orders.extend(k.returned_orders);
        self.holdout_days.extend(k.holdout_days);
    }

    /// Write the distinct counts into `f`; frees the keys.
    fn finish(&mut self, f: &mut CustomerFacts) {
        f.orders = self.window_orders.finish();
        f.orders_previous = self.previous_orders.finish();
        f.orders_lifetime = self.lifetime_orders.finish();
        let days = self.purchase_days.finish_sorted();
        f.purchase_days = days.len() as u64;
        let keep = days.len().saturating_sub(RECENT_PURCHASE_DAYS);
        f.recent_purchase_days = days[keep..].iter().map(|d| Date::from_days(*d)).collect();
        f.products = self.products.finish();
        f.discounted_orders = self.discounted_orders.finish();
        f.returned_orders = self.returned_orders.finish();
        f.holdout_purchase_days = self.holdout_days.finish();
    }
}

/// One transaction row after the source's rules, as the sums need it.
struct TxLine<'a> {
    date: Date,
    amount: Money,
    purchase: bool,
    order: Key<'a>,
    cost: Option<Money>,
    discount: Option<Money>,
    /// The product cell, made a key only for a window line.
    product: Value<'a>,
}

/// Which optional columns a window row carried.
#[derive(Default)]
struct Seen {
    cost: bool,
    discount: bool,
    product: bool,
}

/// Add one row (dated on or before as-of, in `period` of `bounds`) to a
/// customer's sums and keys.
#[inline]
fn add_line(
    f: &mut CustomerFacts,
    k: &mut Keys,
    bounds: &WindowBounds,
    period: Period,
    t: &TxLine<'_>,
    o: &mut bool,
) -> Seen {
    let (d, amount) = (t.date, t.amount);
    let mut seen = Seen::default();
    add(&mut f.revenue_lifetime, amount, o);
    // A purchase is any line that is not a return or credit: a free line
    // (amount zero) is still a purchase occasion, as in the BTYD literature
    // (a sale refunded in full is not: crate::order_level).
    if t.purchase {
        match f.first_purchase {
            Some(first) if first < d => {}
            Some(first) if first == d => add(&mut f.first_day_value, amount, o),
            _ => f.first_day_value = amount,
        }
        f.first_purchase = Some(f.first_purchase.map_or(d, |x| x.min(d)));
        k.purchase_days.push(d.days());
        f.last_purchase = Some(f.last_purchase.map_or(d, |x| x.max(d)));
        k.lifetime_orders.push(t.order);
    }
    if let Some(part) = bounds.part(d) {
        f.revenue_parts[part] += amount;
    }
    match period {
        Period::Current => {
            add(&mut f.revenue, amount, o);
            f.lines += 1;
            if amount.raw() >= 0 {
                add(&mut f.gross_sales, amount, o);
                if t.purchase {
                    k.window_orders.push(t.order);
                }
            } else {
                add(&mut f.returns, -amount, o);
                f.return_lines += 1;
                k.returned_orders.push(t.order);
            }
            if let Some(c) = t.cost {
                add(&mut f.cost_of_goods, c, o);
                f.cost_lines += 1;
                seen.cost = true;
            }
            if let Some(dis) = t.discount {
                add(&mut f.discounts, dis, o);
                seen.discount = true;
                if dis.raw() > 0 && t.purchase {
                    k.discounted_orders.push(t.order);
                }
            }
            if let Some(p) = id_key(t.product) {
                k.products.push(p);
                seen.product = true;
            }
        }
        Period::Previous => {
            add(&mut f.revenue_previous, amount, o);
            if amount.raw() >= 0 {
                k.previous_orders.push(t.order);
            } else {
                f.return_lines_previous += 1;
            }
            if let Some(c) = t.cost {
                add(&mut f.cost_of_goods_previous, c, o);
            }
        }
        Period::Earlier | Period::After => {}
    }
    seen
}

/// Fold the transaction sums of `b` (a later part of the file) into `a`.
fn merge_facts(a: &mut CustomerFacts, b: &CustomerFacts, o: &mut bool) {
    add(&mut a.revenue_lifetime, b.revenue_lifetime, o);
    add(&mut a.revenue, b.revenue, o);
    add(&mut a.revenue_previous, b.revenue_previous, o);
    for (x, y) in a.revenue_parts.iter_mut().zip(b.revenue_parts) {
        add(x, y, o);
    }
    add(&mut a.cost_of_goods_previous, b.cost_of_goods_previous, o);
    a.return_lines_previous += b.return_lines_previous;
    add(&mut a.gross_sales, b.gross_sales, o);
    add(&mut a.returns, b.returns, o);
    a.return_lines += b.return_lines;
    add(&mut a.cost_of_goods, b.cost_of_goods, o);
    a.cost_lines += b.cost_lines;
    add(&mut a.discounts, b.discounts, o);
    a.lines += b.lines;
    match (a.first_purchase, b.first_purchase) {
        (Some(x), Some(y)) if y < x => {
            a.first_purchase = Some(y);
            a.first_day_value = b.first_day_value;
        }
        (Some(x), Some(y)) if y == x => add(&mut a.first_day_value, b.first_day_value, o),
        (None, Some(y)) => {
            a.first_purchase = Some(y);
            a.first_day_value = b.first_day_value;
        }
        _ => {}
    }
    a.last_purchase = a.last_purchase.max(b.last_purchase);
}

/// The sums of a second, earlier as-of date (`--compare-to`), filled from
/// the same rows in the same pass; parallel to the main facts.
struct Earlier {
    bounds: WindowBounds,
    as_of: Date,
    facts: Vec<CustomerFacts>,
    keys: Vec<Keys>,
}

impl Earlier {
    fn new(as_of: Date, months: u32) -> Earlier {
        Earlier {
            bounds: AnalysisWindow::new(as_of, months).bounds(),
            as_of,
            facts: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// The facts of slot `i`, growing the list to it.
    fn slot(&mut self, i: usize) -> &mut CustomerFacts {
        if self.facts.len() <= i {
            self.facts.resize_with(i + 1, CustomerFacts::default);
        }
        &mut self.facts[i]
    }
}

/// The running sums of the transactions table: per-customer facts plus the
/// keys behind the distinct counts. One per reading thread; merged in file
/// order, so the result equals a sequential pass.
struct TxAgg {
    index: Index,
    /// Parallel to `index.facts`.
    keys: Vec<Keys>,
    /// The sums as of an earlier date, when compared.
    earlier: Option<Earlier>,
    any_cost: bool,
    has_discount: bool,
    has_product: bool,
    /// The latest date of any valid row seen (also after as-of).
    latest: Option<Date>,
    /// The first line (row) with that date.
    latest_line: u64,
    /// Rows per day of the plausible range (only while as-of is being
    /// derived from the data; see [`DateSpread`]).
    days: Option<DateSpread>,
    /// Rows dated after this are rejected as far beyond the rest of the data.
    reject_after: Option<Date>,
    bounds: WindowBounds,
    holdout_end: Option<Date>,
    /// The source's reading rules, applied row by row (crate::order_level).
    shaper: Shaper,
    /// Whether a customer's sum went beyond the range of [`Money`].
    overflow: bool,
    /// The amounts of all rows, to find a grand total among them.
    sums: AmountSums,
    /// Rows of this amount are grand totals (found by a first pass).
    total_amount: Option<Money>,
}

/// What finds a grand-total row without a label: the sum of the net amounts
/// of all rows (also those dated after as-of), the largest amount and how
/// many rows carry it.
#[derive(Clone, Copy, Default)]
struct AmountSums {
    rows: u64,
    sum: i128,
    max: i64,
    at_max: u64,
}

/// Why a row whose amount is the sum of all other rows is skipped.
const TOTAL_BY_SUM: &str = "total row (its amount is the sum of all other rows)";

/// Other rows a grand total must sum, at least: one row equal to the sum of
/// one or two others is an ordinary coincidence.
const TOTAL_MIN_OTHERS: u64 = 3;

impl AmountSums {
    fn add(&mut self, amount: Money) {
        let a = amount.raw();
        self.rows += 1;
        self.sum += i128::from(a);
        if self.at_max == 0 || a > self.max {
            self.max = a;
            self.at_max = 1;
        } else if a == self.max {
            self.at_max += 1;
        }
    }

    fn merge(&mut self, o: &AmountSums) {
        if o.at_max == 0 {
            return;
        }
        self.rows += o.rows;
        self.sum += o.sum;
        if self.at_max == 0 || o.max > self.max {
            self.max = o.max;
            self.at_max = o.at_max;
        } else if o.max == self.max {
            self.at_max += o.at_max;
        }
    }

    /// The amount of the grand-total rows: the largest amount when it is
    /// positive and equals, exactly to the cent, the sum of all rows without
    /// it (each row carrying it is a total: a file may repeat its total).
    fn grand_total(&self) -> Option<Money> {
        let others = self.rows.checked_sub(self.at_max)?;
        let rest = self.sum - i128::from(self.max) * i128::from(self.at_max);
        (self.max > 0 && others >= TOTAL_MIN_OTHERS && rest == i128::from(self.max))
            .then(|| Money::from_raw(self.max))
    }
}

impl TxAgg {
    fn new(bounds: WindowBounds, holdout_end: Option<Date>, spec: &SourceSpec) -> TxAgg {
        TxAgg {
            index: Index::new(),
            keys: Vec::new(),
            earlier: None,
            any_cost: false,
            has_discount: false,
            has_product: false,
            latest: None,
            latest_line: 0,
            days: None,
            reject_after: None,
            bounds,
            holdout_end,
            shaper: Shaper::new(spec, spec.rules.ids_are_emails),
            overflow: false,
            sums: AmountSums::default(),
            total_amount: None,
        }
    }

    /// Room for the keys of slot `i` (and its earlier sums).
    #[inline]
    fn grow(&mut self, i: usize) {
        if i == self.keys.len() {
            self.keys.push(Keys::default());
            if let Some(e) = &mut self.earlier {
                e.facts.push(CustomerFacts::default());
                e.keys.push(Keys::default());
            }
        }
    }

    /// The customer's slot, with room for its keys.
    #[inline]
    fn slot(&mut self, id: Value<'_>) -> usize {
        let i = self.index.slot(id);
        self.grow(i);
        i
    }

    /// The slot of a row's customer, keyed by the source's identity rule.
    #[inline]
    fn slot_of(&mut self, row: &[Value<'_>]) -> usize {
        let id = self.shaper.key(row);
        let i = self.index.slot(id);
        self.grow(i);
        self.shaper.identity.note(i, row[0]);
        i
    }

    /// Fold another thread's sums (of a later part of the file) into these.
    fn merge(&mut self, other: TxAgg) {
        let TxAgg {
            index,
            keys,
            earlier: theirs_earlier,
            shaper: mut theirs,
            ..
        } = other;
        self.shaper.obs.merge(std::mem::take(&mut theirs.obs));
        let mut theirs_earlier = theirs_earlier.map(|e| (e.facts.into_iter(), e.keys.into_iter()));
        for (j, (b, k)) in index.facts.into_iter().zip(keys).enumerate() {
            let id = b.id.as_ref().map_or("", |id| id.expose()).to_string();
            let i = self.slot(Value::Text(&id));
            if let Some(ids) = theirs.identity.take(j) {
                self.shaper.identity.extend(i, ids);
            }
            merge_facts(&mut self.index.facts[i], &b, &mut self.overflow);
            self.keys[i].extend(k);
            if let (Some(e), Some((facts, keys))) = (&mut self.earlier, &mut theirs_earlier) {
                if let (Some(fb), Some(kb)) = (facts.next(), keys.next()) {
                    merge_facts(&mut e.facts[i], &fb, &mut self.overflow);
                    e.keys[i].extend(kb);
                }
            }
        }
        self.overflow |= other.overflow;
        self.sums.merge(&other.sums);
        self.any_cost |= other.any_cost;
        self.has_discount |= other.has_discount;
        self.has_product |= other.has_product;
        if other.latest > self.latest {
            self.latest = other.latest;
            self.latest_line = other.latest_line;
        }
        if let (Some(a), Some(b)) = (&mut self.days, &other.days) {
            a.merge(b);
        }
    }

    /// Turn the keys into the distinct counts of each customer.
    fn finish(mut self) -> TxAgg {
        for (f, k) in self.index.facts.iter_mut().zip(&mut self.keys) {
            k.finish(f);
        }
        self.keys = Vec::new();
        if let Some(e) = &mut self.earlier {
            for (f, k) in e.facts.iter_mut().zip(&mut e.keys) {
                k.finish(f);
            }
            e.keys = Vec::new();
        }
        self
    }
}

impl RowSink for TxAgg {
    fn row(&mut self, row: &[Value<'_>], line: u64) -> Outcome {
        let d = date(row[1]).expect("required date");
        if self.reject_after.is_some_and(|r| d > r) {
            return Outcome::Rejected(Reject {
                line,
                column: "date",
                reason: FAR_BEYOND.into(),
                value: d.to_string(),
            });
        }
        // the source's rules: status, amounts per line or order, the net amount
        let shaped = match self.shaper.shape(row, line) {
            Shape::Use(s) => s,
            Shape::Skip(why) => return Outcome::Skipped(why),
            Shape::Reject(r) => return Outcome::Rejected(r),
        };
        self.sums.add(shaped.amount);
        if self.total_amount == Some(shaped.amount) {
            return Outcome::Skipped(TOTAL_BY_SUM);
        }
        if self.latest.is_none_or(|l| d > l) {
            self.latest = Some(d);
            self.latest_line = line;
        }
        if let Some(days) = &mut self.days {
            days.add(d);
        }
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
        let i = self.slot_of(row);
        let t = TxLine {
            date: d,
            amount: shaped.amount,
            purchase: shaped.purchase,
            order: id_key(row[5]).unwrap_or(Key::day(d.days())),
            cost: money(row[3]),
            discount: shaped.discount,
            product: row[6],
        };
        let seen = add_line(
            &mut self.index.facts[i],
            &mut self.keys[i],
            &self.bounds,
            period,
            &t,
            &mut self.overflow,
        );
        self.any_cost |= seen.cost;
        self.has_discount |= seen.discount;
        self.has_product |= seen.product;
        if let Some(e) = &mut self.earlier {
            if d <= e.as_of {
                let p = e.bounds.period(d);
                add_line(
                    &mut e.facts[i],
                    &mut e.keys[i],
                    &e.bounds,
                    p,
                    &t,
                    &mut self.overflow,
                );
            }
        }
        Outcome::Used
    }

    fn shift_lines(&mut self, offset: u64) {
        if self.latest.is_some() {
            self.latest_line += offset;
        }
    }
}

const FAR_BEYOND: &str = "date far beyond the rest of the data";

/// Rows per day over the plausible date range (1900–2100, about 590 KB):
/// where the bulk of the data ends, to tell one mistyped date from the
/// latest day of business.
struct DateSpread {
    counts: Vec<u64>,
}

/// Rows at least, for a date to count as far beyond the rest.
const SPREAD_MIN_ROWS: u64 = 100;
/// How far beyond the 99.9th percentile of dates a date is an outlier.
const FAR_DAYS: i32 = 365;

impl DateSpread {
    fn new() -> DateSpread {
        let n =
            (crate::values::LAST_PLAUSIBLE_DAY - crate::values::FIRST_PLAUSIBLE_DAY + 1) as usize;
        DateSpread { counts: vec![0; n] }
    }

    #[inline]
    fn add(&mut self, d: Date) {
        // readers only hand over plausible dates
        if let Some(c) = self
            .counts
            .get_mut((d.days() - crate::values::FIRST_PLAUSIBLE_DAY) as usize)
        {
            *c += 1;
        }
    }

    fn merge(&mut self, other: &DateSpread) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }

    fn day(i: usize) -> Date {
        Date::from_days(crate::values::FIRST_PLAUSIBLE_DAY + i as i32)
    }

    /// When the latest date lies more than [`FAR_DAYS`] beyond the date that
    /// all but 0.1% of the rows (at least one) are on or before: that date,
    /// the cut-off (rows after it are outliers) and the latest date on or
    /// before the cut-off. `None` with fewer than [`SPREAD_MIN_ROWS`] rows.
    fn outliers(&self) -> Option<(Date, Date, Date)> {
        let n: u64 = self.counts.iter().sum();
        if n < SPREAD_MIN_ROWS {
            return None;
        }
        let rank = n - (n / 1000).max(1);
        let mut seen = 0;
        let p = self.counts.iter().position(|&c| {
            seen += c;
            seen >= rank
        })?;
        let last = self.counts.iter().rposition(|&c| c > 0)?;
        let p_date = Self::day(p);
        let cut = p_date.add_days(FAR_DAYS);
        if Self::day(last) <= cut {
            return None;
        }
        let cut_index = p + FAR_DAYS as usize;
        let as_of = self.counts[..=cut_index].iter().rposition(|&c| c > 0)?;
        Some((p_date, cut, Self::day(as_of)))
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

/// One attribute column's distinct values: each is kept once and shared by
/// every customer that holds it (a region or an industry is written by
/// thousands of customers).
#[derive(Default)]
struct Interner(std::collections::HashSet<Arc<str>, FoldBuild>);

impl Interner {
    /// The shared text of `v` (`None` for no value).
    fn value(&mut self, v: Value<'_>) -> Option<Arc<str>> {
        let owned;
        let s = match v {
            Value::Text(s) => s,
            other => {
                owned = attribute_text(other)?;
                &owned
            }
        };
        if let Some(a) = self.0.get(s) {
            return Some(a.clone());
        }
        let a: Arc<str> = Arc::from(s);
        self.0.insert(a.clone());
        Some(a)
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
    // `spread`: count rows per day (as-of derived from the data);
    // `reject_after`: reject rows dated after it as outliers
    // a grand-total row found by its amount (the sum of all other rows):
    // once found, every pass skips it (and reads the file again to do so)
    let total_amount = std::cell::Cell::new(None);
    let pass =
        |as_of: Date, spread: bool, reject_after: Option<Date>| -> Result<(TxAgg, TableStats)> {
            let bounds = AnalysisWindow::new(as_of, months).bounds();
            loop {
                let mut stats = TableStats::new(t.table, t.path.clone());
                let known_total = total_amount.get();
                let make = || {
                    let mut tx = TxAgg::new(bounds, holdout_end, t);
                    tx.days = spread.then(DateSpread::new);
                    tx.reject_after = reject_after;
                    tx.earlier = compare_to.map(|d| Earlier::new(d, months));
                    tx.total_amount = known_total;
                    tx
                };
                let sinks = read_table_chunked(t, progress, &mut stats, &make)?;
                let mut sinks = sinks.into_iter();
                let mut tx = sinks.next().unwrap_or_else(make);
                for s in sinks {
                    tx.merge(s);
                }
                match tx.sums.grand_total() {
                    Some(m) if total_amount.get().is_none() => total_amount.set(Some(m)),
                    _ => return Ok((tx.finish(), stats)),
                }
            }
        };
    let mut notes = Vec::new();
    let unit = match t.format {
        crate::config::Format::Csv => "line",
        crate::config::Format::Parquet => "row",
    };
    let (as_of, as_of_source, tx, mut stats) = match as_of {
        Some(d) => {
            let (tx, stats) = pass(d, false, None)?;
            (d, AsOfSource::Given, tx, stats)
        }
        None => {
            // An upper bound of the latest date from the date field alone
            // (or, where that fast scan does not apply, the exact latest date
            // of a valid row); the pass then sees every valid row and confirms
            // it. Only when the latest-dated line was not a valid row, or the
            // latest date lies far beyond the rest of the data, does a second
            // pass run, with the exact date.
            let bound = match latest_date_upper_bound(t, progress)? {
                Some(b) => b,
                None => latest_transaction_date(t, progress)?,
            };
            let first = bound.unwrap_or(Date::from_days(0));
            if let (Some(c), Some(b)) = (compare_to, bound) {
                // the bound is at or after the latest date
                if c >= b {
                    return Err(compare_not_before(c, b, "the latest transaction date"));
                }
            }
            let (tx, stats) = pass(first, true, None)?;
            let outliers = tx.days.as_ref().and_then(DateSpread::outliers);
            let (as_of, tx, stats) = match (outliers, tx.latest) {
                (Some((p, cut, as_of)), Some(latest)) => {
                    let latest_line = tx.latest_line;
                    let (tx, stats) = pass(as_of, false, Some(cut))?;
                    let far = stats.reasons.get(FAR_BEYOND).copied().unwrap_or(0);
                    notes.push(format!(
                        "as-of {as_of}: the latest transaction date ({unit} {}) once {far} \
                         rows dated after {cut} were rejected as \"{FAR_BEYOND}\": 99.9% of \
                         the rows are dated on or before {p}, the latest one {latest} ({unit} \
                         {latest_line}); give --as-of (or as-of in [analysis]) to choose the date",
                        tx.latest_line
                    ));
                    (as_of, tx, stats)
                }
                (_, Some(latest)) if latest != first => {
                    let (tx, stats) = pass(latest, false, None)?;
                    (latest, tx, stats)
                }
                _ => (first, tx, stats),
            };
            if tx.reject_after.is_none() && tx.latest.is_some() {
                notes.push(format!(
                    "as-of {as_of}: the latest transaction date, first on {unit} {} of the \
                     transactions",
                    tx.latest_line
                ));
            }
            (as_of, AsOfSource::LatestTransaction, tx, stats)
        }
    };
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
    let zeros = ZeroIds::new(&index);
    if let Some(s) = &sources.customers {
        coverage.customers = true;
        let mut stats = TableStats::new(s.table, s.path.clone());
        let mut first_line: HashMap<u32, u64, FoldBuild> = HashMap::default();
        let mut attributes: Vec<(usize, Vec<Option<Arc<str>>>)> = Vec::new();
        let mut interners: Vec<Interner> = Vec::new();
        let mut zm = ZeroMatches::default();
        read_table(s, progress, &mut stats, &mut |row, line| {
            let i = zeros.slot(&mut index, row[0], line, &mut zm);
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
                if interners.len() < row.len() - 4 {
                    interners.resize_with(row.len() - 4, Interner::default);
                }
                let values = row[4..].iter().zip(&mut interners);
                attributes.push((i, values.map(|(v, t)| t.value(*v)).collect()));
            }
            Outcome::Used
        })?;
        drop(interners);
        let names: Vec<Arc<str>> = stats
            .extra_columns
            .iter()
            .map(|n| Arc::from(n.as_str()))
            .collect();
        for (i, values) in attributes {
            let mut a: Vec<(Arc<str>, Arc<str>)> = names
                .iter()
                .zip(values)
                .filter_map(|(n, v)| Some((n.clone(), v?)))
                .collect();
            a.sort();
            index.facts[i].attributes = a;
        }
        report_zero_matches(&zm, &mut stats, &mut notes);
        tables.push(stats);
    }

    // invoices
    if let Some(s) = &sources.invoices {
        coverage.invoices = true;
        let mut stats = TableStats::new(s.table, s.path.clone());
        let mut over = false;
        // void, cancelled and draft invoices are no debt: left out, counted
        let excluded: Vec<String> = s
            .rules
            .excluded_statuses()
            .into_iter()
            .filter(|x| x != "refunded")
            .collect();
        let mut left_out: std::collections::BTreeMap<String, u64> = Default::default();
        let mut zm = ZeroMatches::default();
        read_table(s, progress, &mut stats, &mut |row, line| {
            let status = match row.get(7) {
                Some(Value::Text(t)) => crate::schema::normalize(t),
                _ => String::new(),
            };
            if !status.is_empty() && excluded.contains(&status) {
                *left_out.entry(status).or_insert(0) += 1;
                return Outcome::Skipped("void, cancelled or draft invoice (status column)");
            }
            let inv = Invoice {
                due: date(row[1]).expect("required due date"),
                amount: money(row[2]).expect("required amount"),
                issued: date(row[4]).unwrap_or_else(|| date(row[1]).expect("required due date")),
                paid: date(row[5]),
                written_off: matches!(row[6], Value::Int(1))
                    || WRITTEN_OFF_STATUS.contains(&status.as_str()),
            };
            if inv.issued > as_of {
                return Outcome::Skipped("issued after the as-of date");
            }
            if let Some(p) = inv.paid {
                if p < inv.issued {
                    return Outcome::Rejected(Reject {
                        line,
                        column: "paid-date",
                        reason: "paid before issued".into(),
                        value: p.to_string(),
                    });
                }
            }
            let i = zeros.slot(&mut index, row[0], line, &mut zm);
            inv.add_to(&mut index.facts[i], &bounds, as_of, &mut over);
            if let Some(e) = &mut earlier {
                if inv.issued <= e.as_of {
                    let (b, a) = (e.bounds, e.as_of);
                    inv.add_to(e.slot(i), &b, a, &mut over);
                }
            }
            Outcome::Used
        })?;
        if over {
            return Err(sums_overflow(&s.path));
        }
        let named = s.columns.iter().any(|(k, _)| k == "status");
        if !left_out.is_empty() && !named {
            let h = crate::warnings::header_of(&stats, "status").unwrap_or_default();
            let n: u64 = left_out.values().sum();
            stats.warnings.push(crate::warnings::Warning {
                kind: "invoice-status",
                message: format!(
                    "the column `{h}` says {}: these {n} invoices are left out (a void, \
                     cancelled or draft invoice is no debt)",
                    crate::warnings::count_list(&left_out)
                ),
                fix: format!(
                    "set [invoices.columns] status = \"{h}\" to confirm (or status-exclude = [...] \
                     for other values), or status = false to count them"
                ),
            });
        }
        report_zero_matches(&zm, &mut stats, &mut notes);
        tables.push(stats);
    }

    // service
    if let Some(s) = &sources.service {
        coverage.service = true;
        let mut stats = TableStats::new(s.table, s.path.clone());
        let mut over = false;
        let mut zm = ZeroMatches::default();
        read_table(s, progress, &mut stats, &mut |row, line| {
            let d = date(row[1]).expect("required date");
            let period = bounds.period(d);
            // the earlier date's windows reach further back
            let earlier_period = earlier
                .as_ref()
                .map(|e| e.bounds.period(d))
                .filter(|p| matches!(p, Period::Current | Period::Previous));
            match period {
                Period::After => return Outcome::Skipped(AFTER_AS_OF),
                Period::Earlier if earlier_period.is_none() => {
                    return Outcome::Skipped(BEFORE_PREVIOUS)
                }
                _ => {}
            }
            let hours = money(row[2]);
            if hours.is_some_and(Money::is_negative) {
                return Outcome::Rejected(Reject {
                    line,
                    column: "hours",
                    reason: "negative hours".into(),
                    value: hours.map(|h| h.to_string()).unwrap_or_default(),
                });
            }
            let i = zeros.slot(&mut index, row[0], line, &mut zm);
            let millihours = hours.map_or(0, |h| h.raw() / 10);
            let cost = money(row[3]).unwrap_or(Money::ZERO);
            add_service(&mut index.facts[i], period, d, millihours, cost, &mut over);
            if let (Some(e), Some(p)) = (&mut earlier, earlier_period) {
                add_service(e.slot(i), p, d, millihours, cost, &mut over);
            }
            Outcome::Used
        })?;
        if over {
            return Err(sums_overflow(&s.path));
        }
        coverage.service_costed = stats
            .detected
            .iter()
            .any(|d| d.starts_with("hours ←") || d.starts_with("cost ←"));
        report_zero_matches(&zm, &mut stats, &mut notes);
        tables.push(stats);
    }

    // complaints
    if let Some(s) = &sources.complaints {
        coverage.complaints = true;
        let mut stats = TableStats::new(s.table, s.path.clone());
        let mut over = false;
        let mut zm = ZeroMatches::default();
        read_table(s, progress, &mut stats, &mut |row, line| {
            let d = date(row[1]).expect("required date");
            if bounds.period(d) == Period::After {
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
            let counts = |bounds: &WindowBounds, as_of: Date| {
                let period = bounds.period(d);
                let open = resolved.is_none_or(|r| r > as_of);
                period != Period::After && (period == Period::Current || open)
            };
            let earlier_counts = earlier.as_ref().is_some_and(|e| counts(&e.bounds, e.as_of));
            if !counts(&bounds, as_of) && !earlier_counts {
                return Outcome::Skipped(BEFORE_WINDOW);
            }
            let i = zeros.slot(&mut index, row[0], line, &mut zm);
            add_complaint(&mut index.facts[i], &bounds, as_of, d, resolved, &mut over);
            if let Some(e) = &mut earlier {
                if earlier_counts {
                    let (b, a) = (e.bounds, e.as_of);
                    add_complaint(e.slot(i), &b, a, d, resolved, &mut over);
                }
            }
            Outcome::Used
        })?;
        if over {
            return Err(sums_overflow(&s.path));
        }
        report_zero_matches(&zm, &mut stats, &mut notes);
        tables.push(stats);
    }

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
        let limit = sources
            .all()
            .into_iter()
            .find(|s| s.table == t.table)
            .and_then(|s| s.rules.max_rejected_share)
            .unwrap_or(crate::rules::DEFAULT_MAX_REJECTED_SHARE);
        if let Some(w) = crate::warnings::rejected_share(t, limit) {
            t.warnings.push(w);
        }
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

/// One invoice row.
struct Invoice {
    due: Date,
    amount: Money,
    issued: Date,
    paid: Option<Date>,
    written_off: bool,
}

impl Invoice {
    /// Add an invoice issued on or before `as_of` to a customer's sums.
    fn add_to(&self, f: &mut CustomerFacts, bounds: &WindowBounds, as_of: Date, over: &mut bool) {
        let paid_by_as_of = self.paid.filter(|p| *p <= as_of);
        let in_window = bounds.period(self.due) == Period::Current;
        if in_window {
            f.invoices += 1;
            add(&mut f.invoiced, self.amount, over);
            if self.written_off {
                add(&mut f.written_off, self.amount, over);
            } else if let Some(p) = paid_by_as_of {
                f.invoices_paid += 1;
                let late = p.days_since(self.due);
                if late <= 0 {
                    f.invoices_paid_on_time += 1;
                } else {
                    add_i64(&mut f.days_late_sum, i64::from(late), over);
                    f.late_invoices.push(LateInvoice {
                        days: late,
                        amount: self.amount,
                        unpaid: false,
                        in_window,
                    });
                }
            }
        }
        if !self.written_off && paid_by_as_of.is_none() {
            add(&mut f.outstanding, self.amount, over);
            if self.due < as_of {
                add(&mut f.overdue, self.amount, over);
                f.late_invoices.push(LateInvoice {
                    days: as_of.days_since(self.due),
                    amount: self.amount,
                    unpaid: true,
                    in_window,
                });
            }
        }
    }
}

/// Add a service event of `period` (the window or the previous one) to a
/// customer's sums.
fn add_service(
    f: &mut CustomerFacts,
    period: Period,
    d: Date,
    millihours: i64,
    cost: Money,
    over: &mut bool,
) {
    match period {
        Period::Current => {
            f.service_events += 1;
            add_i64(&mut f.service_millihours, millihours, over);
            add(&mut f.service_direct_cost, cost, over);
        }
        Period::Previous => {
            // the previous window's effort: for what a lapsed customer was worth
            f.service_events_previous += 1;
            add_i64(&mut f.service_millihours_previous, millihours, over);
            add(&mut f.service_direct_cost_previous, cost, over);
        }
        Period::Earlier | Period::After => return,
    }
    f.last_service = f.last_service.max(Some(d));
}

/// Add a complaint raised on `d` (on or before `as_of`) to a customer's sums.
fn add_complaint(
    f: &mut CustomerFacts,
    bounds: &WindowBounds,
    as_of: Date,
    d: Date,
    resolved: Option<Date>,
    over: &mut bool,
) {
    let period = bounds.period(d);
    let resolved = resolved.filter(|r| *r <= as_of);
    if resolved.is_none() {
        f.complaints_open += 1;
    }
    if period == Period::Current {
        f.complaints += 1;
        if let Some(r) = resolved {
            f.complaints_resolved += 1;
            add_i64(&mut f.resolve_days_sum, i64::from(r.days_since(d)), over);
        }
    }
}

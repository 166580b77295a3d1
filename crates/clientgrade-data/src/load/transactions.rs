//! The transactions pass: per-customer sums and distinct keys, one aggregator per reading thread, merged in file order.

use super::*;

/// Purchase days kept per customer for its buying rhythm (the latest ones).
pub(super) const RECENT_PURCHASE_DAYS: usize = 128;

/// The keys behind one customer's distinct counts.
#[derive(Default)]
pub(super) struct Keys {
    /// Orders (invoice ids, or days without them) of purchases in the window.
    pub(super) window_orders: KeySet,
    /// Orders of purchases in the previous window.
    pub(super) previous_orders: KeySet,
    /// Orders of purchases up to as-of.
    pub(super) lifetime_orders: KeySet,
    /// Days with a purchase up to as-of.
    pub(super) purchase_days: Distinct<i32>,
    /// Products of window lines.
    pub(super) products: KeySet,
    /// Window orders with a discount.
    pub(super) discounted_orders: KeySet,
    /// Window orders of return or credit rows.
    pub(super) returned_orders: KeySet,
    /// Purchase days after as-of up to the holdout end.
    pub(super) holdout_days: Distinct<i32>,
}

impl Keys {
    pub(super) fn extend(&mut self, k: Keys) {
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
    pub(super) fn finish(&mut self, f: &mut CustomerFacts) {
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
pub(super) struct TxLine<'a> {
    pub(super) date: Date,
    pub(super) amount: Money,
    pub(super) purchase: bool,
    pub(super) order: Key<'a>,
    pub(super) cost: Option<Money>,
    pub(super) discount: Option<Money>,
    /// The product cell, made a key only for a window line.
    pub(super) product: Value<'a>,
}

/// Which optional columns a window row carried.
#[derive(Default)]
pub(super) struct Seen {
    pub(super) cost: bool,
    pub(super) discount: bool,
    pub(super) product: bool,
}

/// Add one row (dated on or before as-of, in `period` of `bounds`) to a
/// customer's sums and keys.
#[inline]
pub(super) fn add_line(
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
pub(super) fn merge_facts(a: &mut CustomerFacts, b: &CustomerFacts, o: &mut bool) {
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
pub(super) struct Earlier {
    pub(super) bounds: WindowBounds,
    pub(super) as_of: Date,
    pub(super) facts: Vec<CustomerFacts>,
    pub(super) keys: Vec<Keys>,
}

impl Earlier {
    pub(super) fn new(as_of: Date, months: u32) -> Earlier {
        Earlier {
            bounds: AnalysisWindow::new(as_of, months).bounds(),
            as_of,
            facts: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// The facts of slot `i`, growing the list to it.
    pub(super) fn slot(&mut self, i: usize) -> &mut CustomerFacts {
        if self.facts.len() <= i {
            self.facts.resize_with(i + 1, CustomerFacts::default);
        }
        &mut self.facts[i]
    }
}

/// The running sums of the transactions table: per-customer facts plus the
/// keys behind the distinct counts. One per reading thread; merged in file
/// order, so the result equals a sequential pass.
pub(super) struct TxAgg {
    pub(super) index: Index,
    /// Parallel to `index.facts`.
    pub(super) keys: Vec<Keys>,
    /// The sums as of an earlier date, when compared.
    pub(super) earlier: Option<Earlier>,
    pub(super) any_cost: bool,
    pub(super) has_discount: bool,
    pub(super) has_product: bool,
    /// The latest date of any valid row seen (also after as-of).
    pub(super) latest: Option<Date>,
    /// The first line (row) with that date.
    pub(super) latest_line: u64,
    /// Rows per day of the plausible range (only while as-of is being
    /// derived from the data; see [`DateSpread`]).
    pub(super) days: Option<DateSpread>,
    /// Rows dated after this are rejected as far beyond the rest of the data.
    pub(super) reject_after: Option<Date>,
    pub(super) bounds: WindowBounds,
    pub(super) holdout_end: Option<Date>,
    /// The source's reading rules, applied row by row (crate::order_level).
    pub(super) shaper: Shaper,
    /// Whether a customer's sum went beyond the range of [`Money`].
    pub(super) overflow: bool,
    /// The amounts of all rows, to find a grand total among them.
    pub(super) sums: AmountSums,
    /// Rows of this amount are grand totals (found by a first pass).
    pub(super) total_amount: Option<Money>,
}

impl TxAgg {
    pub(super) fn new(bounds: WindowBounds, holdout_end: Option<Date>, spec: &SourceSpec) -> TxAgg {
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
    pub(super) fn grow(&mut self, i: usize) {
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
    pub(super) fn slot(&mut self, id: Value<'_>) -> usize {
        let i = self.index.slot(id);
        self.grow(i);
        i
    }

    /// The slot of a row's customer, keyed by the source's identity rule.
    #[inline]
    pub(super) fn slot_of(&mut self, row: &[Value<'_>]) -> usize {
        let id = self.shaper.key(row);
        let i = self.index.slot(id);
        self.grow(i);
        self.shaper.identity.note(i, row[tx::CUSTOMER_ID]);
        i
    }

    /// Fold another thread's sums (of a later part of the file) into these.
    pub(super) fn merge(&mut self, other: TxAgg) {
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
    pub(super) fn finish(mut self) -> TxAgg {
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
        let d = date(row[tx::DATE]).expect("required date");
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
            order: id_key(row[tx::ORDER_ID]).unwrap_or(Key::day(d.days())),
            cost: money(row[tx::COST]),
            discount: shaped.discount,
            product: row[tx::PRODUCT],
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

/// The transactions read: the as-of date and where it came from, the sums
/// and the account of the rows.
pub(super) struct TxRead {
    pub(super) as_of: Date,
    pub(super) as_of_source: AsOfSource,
    pub(super) tx: TxAgg,
    pub(super) stats: TableStats,
}

/// Read the transactions `t` (an export's rules resolved) in one pass, or
/// again when the as-of date, derived from the data, turns out later than
/// the first bound or a grand-total row is found by its amount; notes say
/// how the as-of date was chosen.
pub(super) fn read_transactions(
    t: &SourceSpec,
    as_of: Option<Date>,
    months: u32,
    holdout_end: Option<Date>,
    compare_to: Option<Date>,
    progress: &dyn Progress,
    notes: &mut Vec<String>,
) -> Result<TxRead> {
    // transactions: the export recognised and its rules (crate::presets), then
    // the single pass, in parallel chunks where the file and rules allow
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
    let unit = match t.format {
        crate::config::Format::Csv => "line",
        crate::config::Format::Parquet => "row",
    };
    let (as_of, as_of_source, tx, stats) = match as_of {
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
    Ok(TxRead {
        as_of,
        as_of_source,
        tx,
        stats,
    })
}

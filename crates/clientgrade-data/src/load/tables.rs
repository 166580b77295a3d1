//! The other tables (customers, invoices, service, complaints), each folded into the customers found by the transactions.

use std::sync::Arc;

use super::*;

/// Invoice status values (normalised) that mean written off.
pub(super) const WRITTEN_OFF_STATUS: &[&str] =
    &["writtenoff", "writeoff", "baddebt", "uncollectible"];

/// One invoice row.
pub(super) struct Invoice {
    pub(super) due: Date,
    pub(super) amount: Money,
    pub(super) issued: Date,
    pub(super) paid: Option<Date>,
    pub(super) written_off: bool,
}

impl Invoice {
    /// Add an invoice issued on or before `as_of` to a customer's sums.
    pub(super) fn add_to(
        &self,
        f: &mut CustomerFacts,
        bounds: &WindowBounds,
        as_of: Date,
        over: &mut bool,
    ) {
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
pub(super) fn add_service(
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
pub(super) fn add_complaint(
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

/// One attribute column's distinct values: each is kept once and shared by
/// every customer that holds it (a region or an industry is written by
/// thousands of customers).
#[derive(Default)]
pub(super) struct Interner(std::collections::HashSet<Arc<str>, FoldBuild>);

impl Interner {
    /// The shared text of `v` (`None` for no value).
    pub(super) fn value(&mut self, v: Value<'_>) -> Option<Arc<str>> {
        let owned;
        let s = match v {
            Value::Text(s) => s,
            other => {
                owned = crate::row::cell_text(other)?;
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

/// What the other tables fold into: the customers found so far (new ones
/// are added), their sums as of the earlier date, the window and the notes.
pub(super) struct Folding<'a> {
    pub index: &'a mut Index,
    pub earlier: &'a mut Option<Earlier>,
    pub zeros: &'a ZeroIds,
    pub bounds: WindowBounds,
    pub as_of: Date,
    pub notes: &'a mut Vec<String>,
    pub progress: &'a dyn Progress,
}

/// Read table `s` row by row: `each` folds a row found on `line` into `f`,
/// finds its customer through the id matches and sets the flag when a sum
/// leaves the range of money (an error naming the file). Returns the row
/// account and the id matches, to be reported once the table's own findings
/// are in.
fn fold_rows(
    s: &SourceSpec,
    f: &mut Folding<'_>,
    mut each: impl FnMut(&[Value<'_>], u64, &mut Folding<'_>, &mut ZeroMatches, &mut bool) -> Outcome,
) -> Result<(TableStats, ZeroMatches)> {
    let mut stats = TableStats::new(s.table, s.path.clone());
    let mut over = false;
    let mut zm = ZeroMatches::default();
    let progress = f.progress;
    read_table(s, progress, &mut stats, &mut |row, line| {
        each(row, line, f, &mut zm, &mut over)
    })?;
    if over {
        return Err(sums_overflow(&s.path));
    }
    Ok((stats, zm))
}

/// The customers table: names, account managers, first dates, attributes;
/// a customer listed twice is a reject.
pub(super) fn fold_customers(s: &SourceSpec, f: &mut Folding<'_>) -> Result<TableStats> {
    let mut first_line: HashMap<u32, u64, FoldBuild> = HashMap::default();
    let mut attributes: Vec<(usize, Vec<Option<Arc<str>>>)> = Vec::new();
    let mut interners: Vec<Interner> = Vec::new();
    let (mut stats, zm) = fold_rows(s, f, |row, line, f, zm, _| {
        let i = f.zeros.slot(f.index, row[customers::CUSTOMER_ID], line, zm);
        if let Some(first) = first_line.get(&(i as u32)) {
            return Outcome::Rejected(Reject {
                line,
                column: "customer-id",
                reason: "duplicate customer id".into(),
                value: format!("first listed on line {first}"),
            });
        }
        first_line.insert(i as u32, line);
        let c = &mut f.index.facts[i];
        c.listed = true;
        c.name = crate::row::cell_text(row[customers::NAME]);
        c.account_manager = crate::row::cell_text(row[customers::ACCOUNT_MANAGER]);
        c.customer_since = date(row[customers::CUSTOMER_SINCE]);
        let n = TableKind::Customers.columns().len();
        if row.len() > n {
            if interners.len() < row.len() - n {
                interners.resize_with(row.len() - n, Interner::default);
            }
            let values = row[n..].iter().zip(&mut interners);
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
        f.index.facts[i].attributes = a;
    }
    report_zero_matches(&zm, &mut stats, f.notes);
    Ok(stats)
}

/// The invoices table: amounts invoiced, paid on time or late, written
/// off, outstanding; void, cancelled and draft invoices left out.
pub(super) fn fold_invoices(s: &SourceSpec, f: &mut Folding<'_>) -> Result<TableStats> {
    // void, cancelled and draft invoices are no debt: left out, counted
    let rule = crate::order_level::StatusMode::of_invoices(s);
    let why = rule.skip_reason();
    let mut left_out: std::collections::BTreeMap<String, u64> = Default::default();
    let (mut stats, zm) = fold_rows(s, f, |row, line, f, zm, over| {
        let status = match row.get(invoices::STATUS) {
            Some(Value::Text(t)) => crate::schema::normalize(t),
            _ => String::new(),
        };
        if !status.is_empty() && rule.judge(&status).0 {
            *left_out.entry(status).or_insert(0) += 1;
            return Outcome::Skipped(why);
        }
        let inv = Invoice {
            due: date(row[invoices::DUE_DATE]).expect("required due date"),
            amount: money(row[invoices::AMOUNT]).expect("required amount"),
            issued: date(row[invoices::ISSUE_DATE])
                .unwrap_or_else(|| date(row[invoices::DUE_DATE]).expect("required due date")),
            paid: date(row[invoices::PAID_DATE]),
            written_off: matches!(row[invoices::WRITTEN_OFF], Value::Int(1))
                || WRITTEN_OFF_STATUS.contains(&status.as_str()),
        };
        if inv.issued > f.as_of {
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
        let i = f.zeros.slot(f.index, row[invoices::CUSTOMER_ID], line, zm);
        inv.add_to(&mut f.index.facts[i], &f.bounds, f.as_of, over);
        if let Some(e) = f.earlier.as_mut() {
            if inv.issued <= e.as_of {
                let (b, a) = (e.bounds, e.as_of);
                inv.add_to(e.slot(i), &b, a, over);
            }
        }
        Outcome::Used
    })?;
    let named = s.columns.iter().any(|(k, _)| k == "status");
    if !left_out.is_empty() && !named {
        let h = crate::warnings::header_of(&stats, "status").unwrap_or_default();
        let n: u64 = left_out.values().sum();
        stats.warnings.push(crate::reject::Warning {
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
    report_zero_matches(&zm, &mut stats, f.notes);
    Ok(stats)
}

/// The service table: events, hours and direct cost in the window and the
/// previous one.
pub(super) fn fold_service(s: &SourceSpec, f: &mut Folding<'_>) -> Result<TableStats> {
    let (mut stats, zm) = fold_rows(s, f, |row, line, f, zm, over| {
        let d = date(row[service::DATE]).expect("required date");
        let period = f.bounds.period(d);
        // the earlier date's windows reach further back
        let earlier_period = f
            .earlier
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
        let hours = money(row[service::HOURS]);
        if hours.is_some_and(Money::is_negative) {
            return Outcome::Rejected(Reject {
                line,
                column: "hours",
                reason: "negative hours".into(),
                value: hours.map(|h| h.to_string()).unwrap_or_default(),
            });
        }
        let i = f.zeros.slot(f.index, row[service::CUSTOMER_ID], line, zm);
        let millihours = hours.map_or(0, thousandths);
        let cost = money(row[service::COST]).unwrap_or(Money::ZERO);
        add_service(&mut f.index.facts[i], period, d, millihours, cost, over);
        if let (Some(e), Some(p)) = (f.earlier.as_mut(), earlier_period) {
            add_service(e.slot(i), p, d, millihours, cost, over);
        }
        Outcome::Used
    })?;
    report_zero_matches(&zm, &mut stats, f.notes);
    Ok(stats)
}

/// The complaints table: raised in the window, open at as-of, days to resolve.
pub(super) fn fold_complaints(s: &SourceSpec, f: &mut Folding<'_>) -> Result<TableStats> {
    let (mut stats, zm) = fold_rows(s, f, |row, line, f, zm, over| {
        let d = date(row[complaints::DATE]).expect("required date");
        if f.bounds.period(d) == Period::After {
            return Outcome::Skipped(AFTER_AS_OF);
        }
        let resolved = date(row[complaints::RESOLVED_DATE]);
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
        let earlier_counts = f
            .earlier
            .as_ref()
            .is_some_and(|e| counts(&e.bounds, e.as_of));
        if !counts(&f.bounds, f.as_of) && !earlier_counts {
            return Outcome::Skipped(BEFORE_WINDOW);
        }
        let i = f
            .zeros
            .slot(f.index, row[complaints::CUSTOMER_ID], line, zm);
        add_complaint(&mut f.index.facts[i], &f.bounds, f.as_of, d, resolved, over);
        if let Some(e) = f.earlier.as_mut() {
            if earlier_counts {
                let (b, a) = (e.bounds, e.as_of);
                add_complaint(e.slot(i), &b, a, d, resolved, over);
            }
        }
        Outcome::Used
    })?;
    report_zero_matches(&zm, &mut stats, f.notes);
    Ok(stats)
}

//! Trap detectors: layouts that make revenue silently wrong are reported as decisions to take, with the key to set.
//!
//! They look at any transactions file, recognised or not: an amount that
//! repeats on every row of an order, an amount filled only on an order's
//! first row, a status or refund column that is not applied, ids that differ
//! only by case or spaces, and (a stop, not a warning) several currencies
//! without a converted amount or rates. Layout detectors look at the rows
//! sampled to decide the formats; the others count over the whole pass.

use std::collections::HashMap;

use crate::config::SourceSpec;
use crate::csv_records::{OwnedRecord, Record};
use crate::layout::{Carry, Row, RowLayout};
use crate::order_level::Observations;
use crate::reject::{TableStats, Warning};
use crate::rules::{col, AmountLevel};
use crate::schema::Mapping;
use crate::{DataError, Result};

/// Fewest multi-row orders in the sample for a layout verdict.
const MIN_GROUPS: u64 = 3;

#[derive(Default)]
struct Group {
    rows: u64,
    first_amount: Option<String>,
    others_with_amount: u64,
    all_equal: bool,
}

/// Look at the sampled rows for amounts repeated on every row of an order
/// and amounts filled only on an order's first row.
pub(crate) fn scan_sample(
    spec: &SourceSpec,
    headers: &[String],
    mapping: &Mapping,
    sample: &[OwnedRecord],
    layout: Option<&RowLayout>,
) -> Vec<Warning> {
    if spec.table != crate::schema::TableKind::Transactions {
        return Vec::new();
    }
    let pos = |i: usize| mapping.positions[i];
    let Some(amount) = pos(col::AMOUNT) else {
        return Vec::new();
    };
    let mut out = gross_amount(spec, headers, amount);
    if spec.rules.amount_level.is_some() {
        return out;
    }
    let order = pos(col::ORDER_ID);
    let cell = |r: &Record<'_>, p: Option<usize>| -> String {
        p.and_then(|p| r.get(p))
            .map(|f| String::from_utf8_lossy(f).trim().to_string())
            .unwrap_or_default()
    };
    let mut groups: HashMap<String, Group, crate::hash::FoldBuild> = HashMap::default();
    let mut order_of_groups: Vec<String> = Vec::new();
    let mut previous = String::new();
    let mut serial = 0u64;
    let mut carry = Carry::default();
    let mut rows = 0u64;
    for r in sample {
        let r = r.view();
        let filled;
        let r = match layout.map(|l| l.classify_in(&r, &mut carry)) {
            None | Some(Row::Data) => r,
            Some(Row::Filled(f)) => {
                filled = f;
                filled.view()
            }
            Some(Row::Skipped(_)) => continue,
        };
        rows += 1;
        // an order: its id, else consecutive rows of one customer and date
        let key = match order {
            Some(_) => cell(&r, order),
            None => {
                let k = format!(
                    "{}\u{1}{}",
                    cell(&r, pos(col::CUSTOMER_ID)),
                    cell(&r, pos(col::DATE))
                );
                if k != previous {
                    serial += 1;
                    previous = k;
                }
                serial.to_string()
            }
        };
        if key.is_empty() {
            continue;
        }
        let a = cell(&r, Some(amount));
        let g = groups.entry(key.clone()).or_insert_with(|| {
            order_of_groups.push(key);
            Group {
                all_equal: true,
                ..Group::default()
            }
        });
        g.rows += 1;
        if g.rows == 1 {
            g.first_amount = (!a.is_empty()).then_some(a);
        } else if !a.is_empty() {
            g.others_with_amount += 1;
            if g.first_amount.as_deref() != Some(a.as_str()) {
                g.all_equal = false;
            }
        } else {
            g.all_equal = false;
        }
    }
    let multi: Vec<&Group> = groups.values().filter(|g| g.rows >= 2).collect();
    let n = multi.len() as u64;
    if n < MIN_GROUPS {
        return out;
    }
    let repeated = multi
        .iter()
        .filter(|g| g.first_amount.is_some() && g.all_equal)
        .count() as u64;
    let first_only = multi
        .iter()
        .filter(|g| g.first_amount.is_some() && g.others_with_amount == 0)
        .count() as u64;
    let name = &headers[amount];
    let table = spec.table;
    let (unit, set_order) = match order {
        Some(p) => (format!("orders (by `{}`)", headers[p]), String::new()),
        None => (
            "orders (taken as consecutive rows of one customer and date: no order id is mapped)"
                .into(),
            format!(" with [{table}.columns] order-id = \"<order column>\""),
        ),
    };
    if repeated * 2 >= n {
        out.push(Warning {
            kind: "amount-repeated",
            message: format!(
                "the amount `{name}` is the same on every row in {repeated} of {n} {unit} with \
                 several rows, in the first {rows} rows: an order total repeated on each line \
                 is counted once per line"
            ),
            fix: format!(
                "set amount-level = \"order\" in [{table}]{set_order} to take it once per order, \
                 map a line amount instead ([{table}.columns] amount = \"<line amount column>\"), \
                 or set amount-level = \"line\" if each row is a sale of its own"
            ),
        });
    } else if first_only * 2 >= n {
        out.push(Warning {
            kind: "amount-first-row-only",
            message: format!(
                "the amount `{name}` is filled only on the first row in {first_only} of {n} {unit} \
                 with several rows, in the first {rows} rows: it is the order's amount, the other \
                 rows are its lines"
            ),
            fix: format!(
                "set amount-level = \"order\" in [{table}]{set_order}, or amount-level = \"line\" \
                 if the rows without an amount are to be rejected"
            ),
        });
    }
    out
}

/// A total-like amount (`Total`, `order_total`) next to tax or shipping
/// columns is probably gross: a decision, unless `amount-includes` was set.
fn gross_amount(spec: &SourceSpec, headers: &[String], amount: usize) -> Vec<Warning> {
    if spec.rules.user_keys.iter().any(|k| k == "amount-includes") {
        return Vec::new();
    }
    let name = crate::schema::normalize(&headers[amount]);
    if !matches!(
        name.as_str(),
        "total" | "ordertotal" | "grandtotal" | "totalamount" | "invoicetotal" | "totalincltax"
    ) {
        return Vec::new();
    }
    let find = |names: &[&str]| {
        headers
            .iter()
            .find(|h| names.contains(&crate::schema::normalize(h).as_str()))
            .cloned()
    };
    let tax = find(&["tax", "taxes", "taxamount", "taxtotal", "vat"]);
    let shipping = find(&[
        "shipping",
        "shippingamount",
        "shippingtotal",
        "shippingcost",
    ]);
    let parts: Vec<String> = [tax, shipping]
        .into_iter()
        .flatten()
        .map(|h| format!("`{h}`"))
        .collect();
    if parts.is_empty() {
        return Vec::new();
    }
    let table = spec.table;
    vec![Warning {
        kind: "amount-may-include-tax",
        message: format!(
            "the amount `{}` is a total and the file also has {}: tax and shipping are not \
             revenue",
            headers[amount],
            parts.join(" and ")
        ),
        fix: format!(
            "map a net amount ([{table}.columns] amount = \"<subtotal or line amount>\"), or set \
             amount-includes = [\"tax\", \"shipping\"] in [{table}] with [{table}.columns] tax \
             and shipping naming their columns, or amount-includes = [] if the total is net"
        ),
    }]
}

/// The warnings of the whole pass and the description of the rules applied;
/// several currencies without conversion stop the run.
pub(crate) fn finish(
    spec: &SourceSpec,
    obs: &Observations,
    ids: IdFindings,
    stats: &mut TableStats,
) -> Result<()> {
    let IdFindings {
        merged: merged_ids,
        near_duplicates: near_duplicate_ids,
        placeholders,
    } = ids;
    let table = spec.table;
    // several currencies
    let converted = crate::source::applied(spec, "converted-amount");
    if obs.currencies.len() > 1 && !converted && spec.rules.currency_rates.is_empty() {
        let list: Vec<String> = obs
            .currencies
            .iter()
            .map(|(c, n)| format!("{c} ({n} rows)"))
            .collect();
        let hint = match &spec.rules.converted_hint {
            Some(h) => format!("[{table}.columns] converted-amount = \"{h}\""),
            None => format!("[{table}.columns] converted-amount = \"<amount in one currency>\""),
        };
        return Err(DataError::structure(
            &spec.path,
            format!(
                "needs a decision: the amounts are in more than one currency ({}; column `{}`) and \
                 would be added up as if they were one; set {hint}, or give rates: [{table}] \
                 base-currency = \"USD\" and currency-rates = {{ EUR = 1.08, … }}",
                list.join(", "),
                header_of(stats, "currency").unwrap_or_else(|| "currency".into())
            ),
        ));
    }
    if let Some(w) = status_decision(spec, &obs.statuses, stats) {
        stats.warnings.push(w);
    }
    if !crate::source::applied(spec, "refund") && obs.unapplied_refunds.0 > 0 {
        let h = header_of(stats, "refund").unwrap_or_default();
        stats.warnings.push(Warning {
            kind: "refund-not-applied",
            message: format!(
                "the column `{h}` holds refunds on {} rows ({} in all) that are not subtracted",
                obs.unapplied_refunds.0,
                obs.unapplied_refunds.1.to_display_string()
            ),
            fix: format!(
                "set [{table}.columns] refund = \"{h}\" to subtract them (with refunds-include-tax \
                 = true when they include tax), or refund = false"
            ),
        });
    }
    if near_duplicate_ids > 0 {
        stats.warnings.push(Warning {
            kind: "ids-differ-by-case",
            message: format!(
                "{near_duplicate_ids} customer ids differ from another one only by upper/lower case \
                 or spaces and are counted as different customers"
            ),
            fix: format!("set id-case = \"fold\" in [{table}] to count them as one, or id-case = \"exact\""),
        });
    }
    for (id, share) in placeholders {
        let h = header_of(stats, "customer-id").unwrap_or_default();
        stats.warnings.push(Warning {
            kind: "placeholder-id",
            message: format!(
                "the customer id `{id}` (column `{h}`) holds {:.0}% of all revenue: it looks like \
                 a placeholder for guests or unknown buyers, who are counted as one customer",
                share * 100.0
            ),
            fix: format!(
                "name a column that tells them apart, e.g. an e-mail: [{table}.columns] \
                 customer-id = \"<e-mail column>\", or merge-by-email = true with email = \
                 \"<e-mail column>\""
            ),
        });
    }
    stats.rules = describe(spec, obs, merged_ids, stats);
    Ok(())
}

/// The decision a status column found by its name asks for: it holds
/// values the default rules leave out (void, cancelled, draft …) but is not
/// applied. Transactions only: invoices always apply theirs.
pub(crate) fn status_decision(
    spec: &SourceSpec,
    statuses: &std::collections::BTreeMap<String, u64>,
    stats: &TableStats,
) -> Option<Warning> {
    if crate::source::applied(spec, "status") || statuses.is_empty() {
        return None;
    }
    let table = spec.table;
    let h = header_of(stats, "status").unwrap_or_default();
    // invoices apply their status column always (StatusMode::of_invoices)
    let (counted, what) = (
        "these rows are counted as sales",
        "cancelled, voided, failed, draft and refunded rows",
    );
    Some(Warning {
        kind: "status-not-applied",
        message: format!(
            "the column `{h}` says {}, and {counted}",
            count_list(statuses)
        ),
        fix: format!(
            "set [{table}.columns] status = \"{h}\" to leave out {what} (or status-exclude = \
             [...] in [{table}] for other values), or status = false to count them"
        ),
    })
}

/// The rule line of an applied status column: what it leaves out and what it left out.
pub(crate) fn status_rule(
    spec: &SourceSpec,
    statuses: &std::collections::BTreeMap<String, u64>,
    rows: u64,
    stats: &TableStats,
) -> Option<String> {
    if !crate::source::applied(spec, "status") {
        return None;
    }
    let r = &spec.rules;
    let what = match &r.status_include {
        Some(inc) => format!("only {} counted", inc.join(", ")),
        None => format!("left out: {}", r.excluded_statuses().join(", ")),
    };
    let seen = if statuses.is_empty() {
        "none in this file".to_string()
    } else {
        format!("{}; {rows} rows in all", count_list(statuses))
    };
    Some(format!(
        "status {} ({what}): {seen}",
        header_of(stats, "status").map_or_else(String::new, |h| format!("`{h}`"))
    ))
}

/// Add the decision a table asks for when more than its share of rows
/// (`max`, the table's `max-rejected-share`; default
/// [`DEFAULT_MAX_REJECTED_SHARE`](crate::rules::DEFAULT_MAX_REJECTED_SHARE))
/// is rejected. Every table, prospects included.
pub(crate) fn ask_rejected_share(stats: &mut TableStats, max: Option<f64>) {
    let limit = max.unwrap_or(crate::rules::DEFAULT_MAX_REJECTED_SHARE);
    if let Some(w) = rejected_share(stats, limit) {
        stats.warnings.push(w);
    }
}

/// The decision a table asks for when more than `limit` (a share) of its
/// rows are rejected: the figures leave them out, which biases them.
fn rejected_share(stats: &TableStats, limit: f64) -> Option<Warning> {
    if stats.read == 0 || stats.rejected == 0 {
        return None;
    }
    let share = stats.rejected as f64 / stats.read as f64;
    if share <= limit {
        return None;
    }
    let mut reasons: Vec<(&String, &u64)> = stats.reasons.iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let top: Vec<String> = reasons
        .iter()
        .take(2)
        .map(|(r, n)| format!("{n} {r}"))
        .collect();
    let table = stats.table;
    // the share to accept, rounded up to a whole percent
    let accept = (share * 100.0).ceil() / 100.0;
    Some(Warning {
        kind: "rows-rejected",
        message: format!(
            "{} of {} rows ({:.1}%) are rejected ({}{}), more than {:.1}%: every figure leaves \
             them out",
            stats.rejected,
            stats.read,
            share * 100.0,
            top.join(", "),
            if reasons.len() > 2 { ", …" } else { "" },
            limit * 100.0
        ),
        fix: format!(
            "correct the rows (`clientgrade check` lists them with their lines) or accept \
             leaving them out: --max-rejected-share {accept:.2} (or max-rejected-share = \
             {accept:.2} in [{table}])"
        ),
    })
}

/// What the pass found about customer ids.
pub(crate) struct IdFindings {
    /// Raw ids merged into customers sharing an e-mail.
    pub merged: u64,
    /// Ids equal to another but for case or spaces.
    pub near_duplicates: u64,
    /// Placeholder ids (`0`, `guest`, …) and their share of lifetime revenue.
    pub placeholders: Vec<(String, f64)>,
}

/// Whether an id is a placeholder rather than a customer.
pub(crate) fn is_placeholder(id: &str) -> bool {
    matches!(
        crate::schema::normalize(id).as_str(),
        "0" | "" | "guest" | "guests" | "na" | "none" | "null" | "unknown" | "anonymous"
    )
}

/// The header mapped to a contract key (`None` when the column is not
/// there or has no name).
pub(crate) fn header_of(stats: &TableStats, key: &str) -> Option<String> {
    stats.mapped.get(key).filter(|h| !h.is_empty()).cloned()
}

pub(crate) fn count_list(m: &std::collections::BTreeMap<String, u64>) -> String {
    let mut v: Vec<(&String, &u64)> = m.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    v.iter()
        .map(|(k, n)| format!("{k} ({n} rows)"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One line per rule applied, in words.
fn describe(
    spec: &SourceSpec,
    obs: &Observations,
    merged_ids: u64,
    stats: &TableStats,
) -> Vec<String> {
    let r = &spec.rules;
    let h = |key: &str| header_of(stats, key).map(|h| format!("`{h}`"));
    let mut lines = Vec::new();
    let mut layout = Vec::new();
    for (why, n) in &stats.skipped {
        if matches!(
            why.as_str(),
            "group heading row" | "total row" | "title or footer row" | "blank row"
        ) {
            layout.push(format!("{n} {why}s"));
        }
    }
    if r.group_heading {
        lines.push(format!(
            "each group heading is the customer id of the rows below it; skipped {}",
            layout.join(", ")
        ));
    } else if !layout.is_empty() {
        lines.push(format!("skipped {}", layout.join(", ")));
    }
    // the amount
    let amount = if crate::source::applied(spec, "converted-amount") {
        h("converted-amount")
    } else {
        h("amount")
    };
    let mut net = match (&amount, obs.composed > 0) {
        (Some(a), _) => a.clone(),
        (None, true) => format!(
            "{} × {}",
            h("quantity").unwrap_or_else(|| "1".into()),
            h("unit-price").unwrap_or_default()
        ),
        (None, false) => String::new(),
    };
    if r.amount_includes_tax {
        net.push_str(&format!(" − {}", h("tax").unwrap_or_default()));
    }
    if r.amount_includes_shipping {
        net.push_str(&format!(" − {}", h("shipping").unwrap_or_default()));
    }
    if crate::source::applied(spec, "refund") {
        let refund = if crate::source::applied(spec, "converted-refund") {
            h("converted-refund")
        } else {
            h("refund")
        };
        let refund = refund.unwrap_or_default();
        if r.refunds_include_tax {
            net.push_str(&format!(
                " − {refund} less its tax share (× {a} / ({a} + {t}))",
                a = amount.clone().unwrap_or_default(),
                t = h("tax").unwrap_or_default()
            ));
        } else {
            net.push_str(&format!(" − {refund}"));
        }
    }
    if r.amount_level == Some(AmountLevel::Order) {
        lines.push(format!(
            "one amount per order ({}): net = {net}, taken from the order's first row that has it \
             ({} orders)",
            h("order-id").unwrap_or_default(),
            obs.orders_taken
        ));
        if obs.conflicting_amounts > 0 {
            lines.push(format!(
                "{} further rows of an order had a different amount; the first one was kept",
                obs.conflicting_amounts
            ));
        }
    } else if net != amount.clone().unwrap_or_default() {
        lines.push(format!("net amount per row = {net}"));
    }
    if obs.converted > 0 && !r.currency_rates.is_empty() {
        let rates: Vec<String> = r
            .currency_rates
            .iter()
            .map(|(c, v)| format!("{c} {v}"))
            .collect();
        lines.push(format!(
            "{} rows converted to {} with the rates {}",
            obs.converted,
            r.base_currency
                .as_deref()
                .unwrap_or("the reporting currency"),
            rates.join(", ")
        ));
    } else if obs.currencies.len() > 1 {
        lines.push(format!(
            "amounts taken in one currency from {} (the rows were in {})",
            amount.clone().unwrap_or_default(),
            obs.currencies
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if r.discount_is_rate {
        lines.push(format!(
            "{} is a percentage: the concession is {} × {} × rate",
            h("discount").unwrap_or_default(),
            h("quantity").unwrap_or_else(|| "1".into()),
            h("unit-price").unwrap_or_default()
        ));
    }
    if let Some(line) = status_rule(spec, &obs.statuses, obs.status_rows, stats) {
        lines.push(line);
    }
    if obs.fully_refunded > 0 {
        lines.push(format!(
            "{} sales refunded in full are not counted as orders",
            obs.fully_refunded
        ));
    }
    let id = h("customer-id").unwrap_or_default();
    if r.merge_by_email {
        lines.push(format!(
            "customer = {} (case-folded) when the row has one, else {id}: {merged_ids} ids merged \
             into customers sharing an e-mail",
            h("email").unwrap_or_default()
        ));
    } else if r.ids_are_emails || r.id_case == Some(crate::rules::IdCase::Fold) {
        lines.push(format!("customer = {id}, trimmed and case-folded"));
    }
    lines
}

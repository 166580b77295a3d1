//! The rules applied to each transaction row: status, amounts per line or per order, the net amount, identity.
//!
//! A [`Shaper`] turns a typed contract row into what the single pass adds up:
//! the customer key, the net amount, whether the row is a purchase and the
//! concession given, or a skip (status left out) or a reject (no amount).
//! With order amounts (`amount-level = "order"`) the amount of an order id is
//! taken once, from the first row that has it, and a status written on an
//! order's first row holds for its other rows: one small record per order is
//! kept, so memory follows orders, and such files are read by one thread
//! (`Rules::sequential`). Everything else is per row, so parallel parts merge
//! exactly.

use std::collections::{BTreeMap, HashMap};

use clientgrade_core::{Money, Value, MONEY_SCALE};

use crate::config::SourceSpec;
use crate::hash::FoldBuild;
use crate::identity::Identity;
use crate::reject::Reject;
use crate::rules::{col, AmountLevel, IdCase};

/// Why a row with a status that leaves it out is skipped.
pub(crate) const STATUS_LEFT_OUT: &str = "status left out (see the rules)";

/// What the pass adds up for one row.
pub(crate) struct Shaped {
    /// The net amount (0 for the further rows of an order).
    pub amount: Money,
    /// Whether the row is a purchase (not a return, credit or fully refunded sale).
    pub purchase: bool,
    /// The concession given, in money.
    pub discount: Option<Money>,
}

/// The verdict on one row.
pub(crate) enum Shape {
    /// Add it up.
    Use(Shaped),
    /// Valid but left out.
    Skip(&'static str),
    /// Rejected.
    Reject(Reject),
}

/// What was seen while applying the rules (no customer data), merged over
/// reading threads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Observations {
    /// Rows per status value: left out (status applied) or that would be
    /// left out by the defaults (status only observed).
    pub statuses: BTreeMap<String, u64>,
    /// Rows left out for their status (also further rows of such an order).
    pub status_rows: u64,
    /// Rows with a refund that is not applied, and their sum.
    pub unapplied_refunds: (u64, Money),
    /// Rows with an applied refund, and the sum subtracted.
    pub refunds: (u64, Money),
    /// Rows per currency.
    pub currencies: BTreeMap<String, u64>,
    /// Orders whose amount was taken (order amounts).
    pub orders_taken: u64,
    /// Further rows of an order whose amount differed from the one taken.
    pub conflicting_amounts: u64,
    /// Rows or orders whose sale was refunded in full (not purchases).
    pub fully_refunded: u64,
    /// Rows whose amount is quantity × unit price.
    pub composed: u64,
    /// Rows converted to the reporting currency.
    pub converted: u64,
}

impl Observations {
    /// Add another thread's observations.
    pub(crate) fn merge(&mut self, o: Observations) {
        for (k, v) in o.statuses {
            *self.statuses.entry(k).or_insert(0) += v;
        }
        for (k, v) in o.currencies {
            *self.currencies.entry(k).or_insert(0) += v;
        }
        self.status_rows += o.status_rows;
        self.unapplied_refunds.0 += o.unapplied_refunds.0;
        self.unapplied_refunds.1 += o.unapplied_refunds.1;
        self.refunds.0 += o.refunds.0;
        self.refunds.1 += o.refunds.1;
        self.orders_taken += o.orders_taken;
        self.conflicting_amounts += o.conflicting_amounts;
        self.fully_refunded += o.fully_refunded;
        self.composed += o.composed;
        self.converted += o.converted;
    }
}

/// Distinct values remembered per kind (statuses, currencies); more are counted as `other`.
const MAX_KINDS: usize = 32;

fn count(map: &mut BTreeMap<String, u64>, value: &str, fold: fn(&str) -> String) {
    if let Some(n) = map
        .iter_mut()
        .find(|(k, _)| k.eq_ignore_ascii_case(value))
        .map(|(_, n)| n)
    {
        *n += 1;
        return;
    }
    let key = if map.len() < MAX_KINDS {
        fold(value)
    } else {
        "other".into()
    };
    *map.entry(key).or_insert(0) += 1;
}

/// Compare a value with a normalised word (lowercase letters and digits) without allocating.
fn norm_eq(value: &str, word: &str) -> bool {
    let mut w = word.bytes();
    for c in value.chars().filter(|c| c.is_alphanumeric()) {
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if l.is_ascii() => {
                if w.next() != Some(l as u8) {
                    return false;
                }
            }
            _ => return false,
        }
    }
    w.next().is_none()
}

/// How a status column is used: only looked at (found by its name), or
/// applied (named in the config or by a preset).
pub(crate) enum StatusMode {
    Observe,
    Apply {
        exclude: Vec<String>,
        include: Option<Vec<String>>,
    },
}

impl StatusMode {
    /// The status rule of a source (transactions or invoices).
    pub(crate) fn of(spec: &SourceSpec) -> StatusMode {
        if crate::source::applied(spec, "status") {
            StatusMode::Apply {
                exclude: spec.rules.excluded_statuses(),
                include: spec.rules.status_include.clone(),
            }
        } else {
            StatusMode::Observe
        }
    }

    /// The status rule of an invoices table: always applied when the table
    /// has a status column (a void, cancelled or draft invoice is no debt;
    /// found by its name, `check` asks to confirm it), with
    /// `status-include` or `status-exclude` as for transactions, `refunded`
    /// aside (a refunded invoice was paid).
    pub(crate) fn of_invoices(spec: &SourceSpec) -> StatusMode {
        StatusMode::Apply {
            exclude: spec
                .rules
                .excluded_statuses()
                .into_iter()
                .filter(|x| x != "refunded")
                .collect(),
            include: spec.rules.status_include.clone(),
        }
    }

    /// Why a row this rule leaves out is skipped, as counted.
    pub(crate) fn skip_reason(&self) -> &'static str {
        match self {
            StatusMode::Apply {
                include: Some(_), ..
            } => "status not in status-include (status column)",
            _ => "void, cancelled or draft invoice (status column)",
        }
    }

    /// Whether a status value leaves its row out, and whether it is worth
    /// counting (left out, or would be left out by the defaults).
    pub(crate) fn judge(&self, status: &str) -> (bool, bool) {
        match self {
            StatusMode::Observe => (
                false,
                crate::rules::DEFAULT_STATUS_EXCLUDE
                    .iter()
                    .any(|w| norm_eq(status, w)),
            ),
            StatusMode::Apply { exclude, include } => {
                let out = match include {
                    Some(inc) => !inc.iter().any(|w| norm_eq(status, w)),
                    None => exclude.iter().any(|w| norm_eq(status, w)),
                };
                (out, out)
            }
        }
    }
}

/// Count a status value (its first spelling kept, in lowercase).
pub(crate) fn count_status(map: &mut BTreeMap<String, u64>, status: &str) {
    count(map, status, str::to_lowercase);
}

#[derive(Clone, Copy)]
struct OrderState {
    excluded: bool,
    taken: bool,
    purchase: bool,
    first_amount: Money,
}

/// Applies a source's rules to its rows; one per reading thread.
pub(crate) struct Shaper {
    plain: bool,
    order_level: bool,
    status: StatusMode,
    refund_applied: bool,
    refunds_include_tax: bool,
    includes_tax: bool,
    includes_shipping: bool,
    discount_rate: bool,
    converted: bool,
    rates: Option<(BTreeMap<String, f64>, Option<String>)>,
    /// Customer keys: folding and merging by e-mail.
    pub(crate) identity: Identity,
    /// Order ids are compared whole (never by a hash alone), so two orders
    /// never share a record.
    orders: HashMap<Box<str>, OrderState, FoldBuild>,
    /// What was seen.
    pub(crate) obs: Observations,
}

fn money(v: Value<'_>) -> Option<Money> {
    match v {
        Value::Money(m) => Some(m),
        _ => None,
    }
}

fn text(v: Value<'_>) -> Option<&str> {
    match v {
        Value::Text(s) if !s.trim().is_empty() => Some(s.trim()),
        _ => None,
    }
}

/// `a × b` for two four-decimal amounts, rounded half away from zero.
pub(crate) fn mul(a: Money, b: Money) -> Money {
    let p = i128::from(a.raw()) * i128::from(b.raw());
    let s = i128::from(MONEY_SCALE);
    let q = (p.abs() + s / 2) / s;
    Money::from_raw(i64::try_from(q * p.signum()).unwrap_or(i64::MAX))
}

/// `a × num / den`, rounded half away from zero; `a` when `den` is zero.
fn scale(a: Money, num: Money, den: Money) -> Money {
    if den.raw() == 0 {
        return a;
    }
    let p = i128::from(a.raw()) * i128::from(num.raw());
    let d = i128::from(den.raw());
    let q = (p.abs() * 2 + d.abs()) / (d.abs() * 2);
    Money::from_raw(i64::try_from(q * (p.signum() * d.signum())).unwrap_or(i64::MAX))
}

impl Shaper {
    /// The shaper of a (resolved) transactions source.
    pub(crate) fn new(spec: &SourceSpec, fold_ids: bool) -> Shaper {
        let r = &spec.rules;
        let status = StatusMode::of(spec);
        let converted = crate::source::applied(spec, "converted-amount");
        let rates = (!r.currency_rates.is_empty())
            .then(|| (r.currency_rates.clone(), r.base_currency.clone()));
        let fold = match r.id_case {
            Some(IdCase::Fold) => true,
            Some(IdCase::Exact) => false,
            None => fold_ids,
        };
        let plain = r.amount_level != Some(AmountLevel::Order)
            && !r.amount_includes_tax
            && !r.amount_includes_shipping
            && !r.discount_is_rate
            && !converted
            && rates.is_none()
            && !fold
            && !r.merge_by_email;
        Shaper {
            plain,
            order_level: r.amount_level == Some(AmountLevel::Order),
            status,
            refund_applied: crate::source::applied(spec, "refund"),
            refunds_include_tax: r.refunds_include_tax,
            includes_tax: r.amount_includes_tax,
            includes_shipping: r.amount_includes_shipping,
            discount_rate: r.discount_is_rate,
            converted,
            rates,
            identity: Identity::new(fold, r.merge_by_email),
            orders: HashMap::default(),
            obs: Observations::default(),
        }
    }

    /// The customer key of a row.
    pub(crate) fn key<'a>(&'a mut self, row: &[Value<'a>]) -> Value<'a> {
        let email = row.get(col::EMAIL).copied().unwrap_or(Value::Null);
        self.identity.key(row[col::CUSTOMER_ID], email)
    }

    /// Apply the rules to one valid row found at `line`.
    #[inline]
    pub(crate) fn shape(&mut self, row: &[Value<'_>], line: u64) -> Shape {
        if self.plain
            && row.len() > col::STATUS
            && row[col::STATUS..].iter().all(|v| matches!(v, Value::Null))
        {
            // no rule and nothing to observe: the amount as it is
            if let Some(amount) = money(row[col::AMOUNT]) {
                return Shape::Use(Shaped {
                    amount,
                    purchase: amount.raw() >= 0,
                    discount: money(row[col::DISCOUNT]),
                });
            }
        }
        self.shape_by_rules(row, line)
    }

    /// [`Shaper::shape`] for a row that a rule applies to or that carries
    /// something to observe (status, currency, …).
    #[inline(never)]
    fn shape_by_rules(&mut self, row: &[Value<'_>], line: u64) -> Shape {
        let extra = |i: usize| row.get(i).copied().unwrap_or(Value::Null);
        if self.plain
            && row.len() > col::STATUS
            && row[col::STATUS..].iter().all(|v| matches!(v, Value::Null))
        {
            return Shape::Reject(missing_amount(line));
        }
        if let Some(c) = text(extra(col::CURRENCY)) {
            count(&mut self.obs.currencies, c, str::to_ascii_uppercase);
        }
        let status = text(extra(col::STATUS));
        let order = if self.order_level {
            match row[col::ORDER_ID] {
                Value::Text(s) if !s.trim().is_empty() => Some(Box::<str>::from(s.trim())),
                Value::Int(i) => Some(i.to_string().into_boxed_str()),
                _ => None,
            }
        } else {
            None
        };
        let Some(order) = order else {
            if status.is_some_and(|s| self.left_out(s)) {
                self.obs.status_rows += 1;
                return Shape::Skip(STATUS_LEFT_OUT);
            }
            return match self.net(row, line) {
                Ok(Some(s)) => Shape::Use(s),
                Ok(None) => Shape::Reject(missing_amount(line)),
                Err(r) => Shape::Reject(r),
            };
        };
        // order amounts: one record per order id
        let mut st = self.orders.get(&*order).copied().unwrap_or(OrderState {
            excluded: false,
            taken: false,
            purchase: true,
            first_amount: Money::ZERO,
        });
        if let Some(s) = status {
            st.excluded = self.left_out(s);
        }
        let shape = if st.excluded {
            self.obs.status_rows += 1;
            Shape::Skip(STATUS_LEFT_OUT)
        } else if !st.taken && self.has_amount(row) {
            match self.net(row, line) {
                Ok(Some(s)) => {
                    st.taken = true;
                    st.purchase = s.purchase;
                    st.first_amount = money(row[col::AMOUNT]).unwrap_or(Money::ZERO);
                    self.obs.orders_taken += 1;
                    Shape::Use(s)
                }
                // the order's amount is on another row
                Ok(None) => Shape::Use(Shaped {
                    amount: Money::ZERO,
                    purchase: true,
                    discount: money(row[col::DISCOUNT]),
                }),
                Err(r) => Shape::Reject(r),
            }
        } else {
            if let Some(a) = money(row[col::AMOUNT]) {
                if a != st.first_amount {
                    self.obs.conflicting_amounts += 1;
                }
            }
            Shape::Use(Shaped {
                amount: Money::ZERO,
                purchase: st.purchase,
                discount: None,
            })
        };
        self.orders.insert(order, st);
        shape
    }

    /// Whether a row carries an order amount of its own (order amounts are
    /// never composed from a line's quantity and price).
    fn has_amount(&self, row: &[Value<'_>]) -> bool {
        money(row[col::AMOUNT]).is_some()
            || (self.converted
                && money(
                    row.get(col::CONVERTED_AMOUNT)
                        .copied()
                        .unwrap_or(Value::Null),
                )
                .is_some())
    }

    /// Whether a status value leaves its row out (counted either way).
    fn left_out(&mut self, status: &str) -> bool {
        let (out, seen) = self.status.judge(status);
        if seen {
            count_status(&mut self.obs.statuses, status);
        }
        out
    }

    /// The net amount of a row; `Ok(None)` when it has no amount.
    fn net(&mut self, row: &[Value<'_>], line: u64) -> Result<Option<Shaped>, Reject> {
        let get = |i: usize| money(row.get(i).copied().unwrap_or(Value::Null));
        let qty = get(col::QUANTITY);
        let price = get(col::UNIT_PRICE);
        let discount = get(col::DISCOUNT);
        let gross_lines = price.map(|p| mul(qty.unwrap_or(Money::from_units(1)), p));
        let hundred = Money::from_units(100);
        // the concession, in money
        let concession = match (self.discount_rate, discount) {
            (true, Some(rate)) => match (gross_lines, money(row[col::AMOUNT])) {
                (Some(g), _) => Some(scale(g, rate, hundred)),
                (None, Some(a)) if rate < hundred => Some(scale(a, rate, hundred - rate)),
                _ => None,
            },
            (_, d) => d,
        };
        let (mut base, mut refund) = if self.converted && get(col::CONVERTED_AMOUNT).is_some() {
            let conv = get(col::CONVERTED_AMOUNT).unwrap_or(Money::ZERO);
            let refund = match (
                get(col::CONVERTED_REFUND),
                get(col::REFUND),
                money(row[col::AMOUNT]),
            ) {
                (Some(r), _, _) => Some(r),
                (None, Some(r), Some(a)) => Some(scale(r, conv, a)),
                (None, r, _) => r,
            };
            self.obs.converted += 1;
            (conv, refund)
        } else if let Some(a) = money(row[col::AMOUNT]) {
            (a, get(col::REFUND))
        } else if let Some(g) = gross_lines {
            self.obs.composed += 1;
            let net = match (self.discount_rate, discount) {
                (true, Some(rate)) => g - scale(g, rate, hundred),
                (false, Some(d)) => g - d,
                _ => g,
            };
            (net, get(col::REFUND))
        } else {
            return Ok(None);
        };
        if let Some((rates, base_currency)) = &self.rates {
            if let Some(c) = text(row.get(col::CURRENCY).copied().unwrap_or(Value::Null)) {
                let is_base = base_currency
                    .as_deref()
                    .is_some_and(|b| b.eq_ignore_ascii_case(c));
                if !is_base {
                    let Some((_, rate)) = rates.iter().find(|(k, _)| k.eq_ignore_ascii_case(c))
                    else {
                        return Err(Reject {
                            line,
                            column: "currency",
                            reason: "no rate for the currency".into(),
                            value: c.to_string(),
                        });
                    };
                    base = base.mul_f64(*rate);
                    refund = refund.map(|r| r.mul_f64(*rate));
                    self.obs.converted += 1;
                }
            }
        }
        let tax = get(col::TAX);
        if self.includes_tax {
            base -= tax.unwrap_or(Money::ZERO);
        }
        if self.includes_shipping {
            base -= get(col::SHIPPING).unwrap_or(Money::ZERO);
        }
        let mut fully_refunded = false;
        if let Some(r) = refund.map(Money::abs).filter(|r| r.raw() != 0) {
            if self.refund_applied {
                let r = match (self.refunds_include_tax, tax) {
                    (true, Some(t)) => scale(r, base, base + t).round_to_cents(),
                    _ => r,
                };
                self.obs.refunds.0 += 1;
                self.obs.refunds.1 += r;
                fully_refunded = base.raw() > 0 && r >= base;
                base -= r;
            } else {
                self.obs.unapplied_refunds.0 += 1;
                self.obs.unapplied_refunds.1 += r;
            }
        }
        if fully_refunded {
            self.obs.fully_refunded += 1;
        }
        Ok(Some(Shaped {
            amount: base,
            purchase: base.raw() >= 0 && !fully_refunded,
            discount: concession,
        }))
    }
}

fn missing_amount(line: u64) -> Reject {
    Reject {
        line,
        column: "amount",
        reason: "missing amount".into(),
        value: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_and_shares_round_half_away_from_zero() {
        let m = |s: &str| crate::values::parse_money(s, crate::values::DecimalMark::Dot).unwrap();
        assert_eq!(mul(m("3"), m("19.99")), m("59.97"));
        assert_eq!(mul(m("0.5"), m("0.0001")), m("0.0001"));
        assert_eq!(mul(m("-0.5"), m("0.0001")), m("-0.0001"));
        // a refund of 54.00 incl. 8% tax on a 100.00 order with 8.00 tax: 50.00 net
        assert_eq!(scale(m("54"), m("100"), m("108")), m("50"));
        assert_eq!(scale(m("1"), m("1"), m("3")), m("0.3333"));
        assert_eq!(scale(m("5"), m("1"), Money::ZERO), m("5"));
    }

    #[test]
    fn status_words_compare_normalised() {
        assert!(norm_eq("Voided", "voided"));
        assert!(norm_eq(" CANCELLED ", "cancelled"));
        assert!(norm_eq("checkout-draft", "checkoutdraft"));
        assert!(!norm_eq("partially_refunded", "refunded"));
        assert!(!norm_eq("refund", "refunded"));
    }
}

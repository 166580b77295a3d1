//! Red flags of troublesome customers, each with the evidence that raised it.

use crate::evidence::{money, percent, times};
use crate::measures::median;
use crate::tails::binomial_upper;
use crate::{Characteristics, CustomerFacts, FlagSettings};

/// A kind of red flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FlagKind {
    /// Takes far more service effort than its revenue would justify.
    ConsumesEffort,
    /// Gets far more discount than its peers.
    DemandsConcessions,
    /// Pays late, or not at all.
    PaysLate,
    /// Complains persistently.
    Complains,
    /// Returns a lot.
    Returns,
}

impl FlagKind {
    /// All kinds.
    pub const ALL: [FlagKind; 5] = [
        FlagKind::ConsumesEffort,
        FlagKind::DemandsConcessions,
        FlagKind::PaysLate,
        FlagKind::Complains,
        FlagKind::Returns,
    ];

    /// The name used in outputs.
    pub fn name(self) -> &'static str {
        match self {
            FlagKind::ConsumesEffort => "consumes effort",
            FlagKind::DemandsConcessions => "demands concessions",
            FlagKind::PaysLate => "pays late",
            FlagKind::Complains => "complains",
            FlagKind::Returns => "returns a lot",
        }
    }
}

/// A raised flag with its evidence.
#[derive(Clone, Debug, PartialEq)]
pub struct Flag {
    /// Which flag.
    pub kind: FlagKind,
    /// The values and thresholds behind it.
    pub evidence: String,
}

/// Portfolio figures the flags compare a customer against.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Peers {
    /// Median discount rate of customers with discounts data.
    pub median_discount_rate: Option<f64>,
    /// All complaints over all orders in the window.
    pub complaints_per_order: Option<f64>,
    /// All returns over all gross sales in the window.
    pub return_rate: Option<f64>,
    /// Share of window orders with a return or credit.
    pub return_order_share: Option<f64>,
    /// Share of window orders with a discount.
    pub discounted_order_share: Option<f64>,
    /// Share of window invoices paid (or still unpaid) more than the grace days late.
    pub late_invoice_share: Option<f64>,
}

/// Window orders with a return or credit (by order id; a credit note with
/// its own id counts as one), at most the window's orders.
fn returned_orders(f: &CustomerFacts) -> u64 {
    f.returned_orders.min(f.orders)
}

/// Window invoices more than `grace` days late, and the amount-weighted
/// average days late of all window invoices (days within the grace count as
/// on time).
fn lateness(f: &CustomerFacts, grace: f64) -> (u64, Option<f64>) {
    let late: Vec<_> = f
        .late_invoices
        .iter()
        .filter(|l| l.in_window && f64::from(l.days) > grace)
        .collect();
    let weighted: f64 = late
        .iter()
        .map(|l| l.amount.to_f64().max(0.0) * f64::from(l.days))
        .sum();
    let total = f.invoiced.to_f64();
    (late.len() as u64, (total > 0.0).then(|| weighted / total))
}

/// The peer figures of a portfolio.
pub fn peers(all: &[(&CustomerFacts, &Characteristics)], s: &FlagSettings) -> Peers {
    let discounts: Vec<f64> = all.iter().filter_map(|(_, c)| c.discount_rate).collect();
    let complaints: u64 = all.iter().filter_map(|(_, c)| c.complaints).sum();
    let orders: u64 = all.iter().map(|(_, c)| c.orders).sum();
    let any_complaints = all.iter().any(|(_, c)| c.complaints.is_some());
    let returns: f64 = all.iter().map(|(_, c)| c.returns.to_f64()).sum();
    let gross: f64 = all.iter().map(|(_, c)| c.gross_sales.to_f64()).sum();
    let share = |k: u64, n: u64| (n > 0).then(|| k as f64 / n as f64);
    let returned: u64 = all.iter().map(|(f, _)| returned_orders(f)).sum();
    let discounted: u64 = all.iter().map(|(f, _)| f.discounted_orders).sum();
    let any_discounts = all.iter().any(|(_, c)| c.discount_rate.is_some());
    let invoices: u64 = all.iter().map(|(f, _)| f.invoices).sum();
    let late: u64 = all
        .iter()
        .map(|(f, _)| lateness(f, s.late_grace_days).0)
        .sum();
    Peers {
        median_discount_rate: median(&discounts),
        complaints_per_order: (any_complaints && orders > 0)
            .then(|| complaints as f64 / orders as f64),
        return_rate: (gross > 0.0).then(|| returns / gross),
        return_order_share: share(returned, orders),
        discounted_order_share: share(discounted, orders).filter(|_| any_discounts),
        late_invoice_share: share(late, invoices),
    }
}

/// Whether `k` events in `n` chances stand out from the portfolio's share
/// `p0`: at least `min` chances and a one-sided binomial p-value below the
/// significance. Returns the p-value when it was computed.
fn stands_out(k: u64, n: u64, p0: f64, s: &FlagSettings) -> (bool, f64) {
    let p = binomial_upper(k, n, p0);
    (n >= s.min_events && p < s.significance, p)
}

/// Why a large rate is not a flag: too few events to tell it from the portfolio.
fn cannot_tell(k: u64, n: u64, unit: &str, p0: f64, p: f64, s: &FlagSettings) -> String {
    format!(
        "cannot tell: {k} of {n} {unit} vs {} across customers (a flag needs ≥ {} {unit} and a \
         binomial p-value below {}; here {})",
        percent(p0),
        s.min_events,
        s.significance,
        if n < s.min_events {
            "too few".to_string()
        } else {
            format!("{p:.3}")
        }
    )
}

/// The flags of one customer, and the flags whose rate is high but whose
/// evidence is too thin to tell ("cannot tell", not raised).
pub fn flags(
    f: &CustomerFacts,
    c: &Characteristics,
    peers: &Peers,
    s: &FlagSettings,
) -> (Vec<Flag>, Vec<Flag>) {
    let mut out = Vec::new();
    let mut doubts = Vec::new();
    if let Some(r) = c.effort_ratio.filter(|r| *r >= s.effort_ratio) {
        out.push(Flag {
            kind: FlagKind::ConsumesEffort,
            evidence: if r.is_finite() {
                format!(
                    "{} of service effort for {} of revenue ({} ≥ {})",
                    percent(c.service_share.unwrap_or(0.0)),
                    percent(c.revenue_share),
                    times(r),
                    times(s.effort_ratio)
                )
            } else {
                // service without revenue: the ratio has no number (never ∞)
                format!(
                    "{} of service effort and no revenue in the window (flag at ≥ {})",
                    percent(c.service_share.unwrap_or(0.0)),
                    times(s.effort_ratio)
                )
            },
        });
    }
    if let (Some(d), Some(m)) = (c.discount_rate, peers.median_discount_rate) {
        let line = (m * s.discount_vs_median).max(s.discount_min);
        if d >= line {
            let (k, n) = (f.discounted_orders, f.orders);
            let p0 = peers.discounted_order_share.unwrap_or(0.0);
            // a deal seeker may get discounts as often as others, only larger
            // ones: the rate carries the flag once it rests on at least
            // `min-events` orders and more than one discounted order
            let (_, p) = stands_out(k, n, p0, s);
            let yes = n >= s.min_events && k >= 2;
            let rate = format!(
                "discount rate {} vs peers' median {} (flag at ≥ {})",
                percent(d),
                percent(m),
                percent(line)
            );
            let flag = Flag {
                kind: FlagKind::DemandsConcessions,
                evidence: if yes {
                    format!(
                        "{rate}; discounts on {k} of {n} orders vs {} across customers",
                        percent(p0)
                    )
                } else {
                    format!(
                        "{rate}, but cannot tell: discounts on {k} of {n} orders (a flag needs \
                         ≥ {} orders and more than one discounted; p-value against the \
                         portfolio's {} of orders: {p:.3})",
                        s.min_events,
                        percent(p0)
                    )
                },
            };
            if yes {
                out.push(flag);
            } else {
                doubts.push(flag);
            }
        }
    }
    let mut late = Vec::new();
    let mut late_doubt = None;
    let (k, weighted) = lateness(f, s.late_grace_days);
    if let Some(w) = weighted.filter(|w| *w >= s.late_days) {
        let n = f.invoices;
        let p0 = peers.late_invoice_share.unwrap_or(0.0);
        let (yes, p) = stands_out(k, n, p0, s);
        let text = format!(
            "{k} of {n} invoices more than {:.0} days late, {w:.0} days late on average weighted by amount (flag at ≥ {:.0})",
            s.late_grace_days, s.late_days
        );
        if yes {
            late.push(format!("{text}; {} late across customers", percent(p0)));
        } else {
            late_doubt = Some(format!(
                "{text}, but {}",
                cannot_tell(k, n, "invoices", p0, p, s)
            ));
        }
    }
    if let Some(w) = c.written_off.filter(|w| w.raw() > 0) {
        late.push(format!("{} written off", money(w)));
    }
    let long_overdue = f
        .late_invoices
        .iter()
        .filter(|l| l.unpaid && f64::from(l.days) > s.late_days.max(s.late_grace_days))
        .fold(crate::Money::ZERO, |a, l| a + l.amount);
    if long_overdue.raw() > 0 {
        let line = c.revenue.to_f64() * s.overdue_share;
        if long_overdue.to_f64() >= line {
            late.push(format!(
                "{} unpaid more than {:.0} days past due (flag at ≥ {} of window revenue)",
                money(long_overdue),
                s.late_days.max(s.late_grace_days),
                percent(s.overdue_share)
            ));
        }
    }
    if !late.is_empty() {
        out.push(Flag {
            kind: FlagKind::PaysLate,
            evidence: late.join("; "),
        });
    } else if let Some(d) = late_doubt {
        doubts.push(Flag {
            kind: FlagKind::PaysLate,
            evidence: d,
        });
    }
    if let (Some(n), Some(rate), Some(peer)) = (
        c.complaints,
        c.complaints_per_order,
        peers.complaints_per_order,
    ) {
        let line = peer * s.complaints_vs_rate;
        if n >= s.complaints_min && rate >= line {
            out.push(Flag {
                kind: FlagKind::Complains,
                evidence: format!(
                    "{n} complaints, {:.2} per order vs {:.2} across customers (flag at ≥ {} and ≥ {:.2} per order)",
                    rate, peer, s.complaints_min, line
                ),
            });
        }
    }
    if let (Some(r), Some(peer)) = (c.return_rate, peers.return_rate) {
        let line = (peer * s.returns_vs_rate).max(s.returns_min);
        if r >= line {
            let (k, n) = (returned_orders(f), f.orders);
            let p0 = peers.return_order_share.unwrap_or(0.0);
            let (yes, p) = stands_out(k, n, p0, s);
            let rate = format!(
                "returns {} of gross sales vs {} across customers (flag at ≥ {})",
                percent(r),
                percent(peer),
                percent(line)
            );
            let flag = Flag {
                kind: FlagKind::Returns,
                evidence: if yes {
                    format!(
                        "{rate}; returns on {k} of {n} orders vs {} across customers",
                        percent(p0)
                    )
                } else {
                    format!("{rate}, but {}", cannot_tell(k, n, "orders", p0, p, s))
                },
            };
            if yes {
                out.push(flag);
            } else {
                doubts.push(flag);
            }
        }
    }
    (out, doubts)
}

#[cfg(test)]
mod tests {
    use super::FlagKind;
    use crate::testkit::{background, find, graded, steady};
    use crate::{Coverage, CustomerFacts, LateInvoice, Money};

    /// Grade `who` among 40 ordinary customers; its flags raised and its
    /// "cannot tell" doubts must be exactly `raised` and `doubted`.
    fn check(who: CustomerFacts, raised: &[FlagKind], doubted: &[FlagKind]) {
        let id = who.id.as_ref().unwrap().expose().to_string();
        let mut all = background(40);
        for f in &mut all {
            // four invoices each, paid on time
            f.invoices = 4;
            f.invoiced = Money::from_units(400);
        }
        all.push(who);
        let coverage = Coverage {
            cost_of_goods: true,
            service: true,
            service_costed: true,
            invoices: true,
            ..Coverage::default()
        };
        let p = graded(all, coverage);
        let g = find(&p, &id);
        let kinds = |v: &[super::Flag]| v.iter().map(|f| f.kind).collect::<Vec<_>>();
        assert_eq!(kinds(&g.flags), raised, "raised: {:?}", g.flags);
        assert_eq!(
            kinds(&g.flag_doubts),
            doubted,
            "doubts: {:?}",
            g.flag_doubts
        );
    }

    fn invoice(days: i32, amount: i64, unpaid: bool) -> LateInvoice {
        LateInvoice {
            days,
            amount: Money::from_units(amount),
            unpaid,
            in_window: true,
        }
    }

    #[test]
    fn an_ordinary_customer_raises_nothing() {
        check(steady("X", 3_000, 3_000, 8, 2_400), &[], &[]);
    }

    #[test]
    fn returns_on_many_orders_flag_but_on_two_orders_cannot_tell() {
        // returns of 30% of gross sales where the portfolio returns nothing
        let mut many = steady("X", 3_000, 3_000, 10, 2_400);
        many.returns = Money::from_units(1_000);
        many.gross_sales = Money::from_units(4_000);
        many.returned_orders = 6;
        check(many, &[FlagKind::Returns], &[]);
        let mut few = steady("X", 3_000, 3_000, 2, 2_400);
        few.returns = Money::from_units(1_000);
        few.gross_sales = Money::from_units(4_000);
        few.returned_orders = 1;
        check(few, &[], &[FlagKind::Returns]);
    }

    #[test]
    fn late_payment_needs_enough_late_invoices_but_a_write_off_is_enough() {
        let late = |n: u64| {
            let mut f = steady("X", 3_000, 3_000, 8, 2_400);
            f.invoices = n;
            f.invoiced = Money::from_units(100 * n as i64);
            f.late_invoices = (0..n).map(|_| invoice(60, 100, false)).collect();
            f
        };
        // every one of 6 invoices 60 days late where nobody else is late
        check(late(6), &[FlagKind::PaysLate], &[]);
        // one invoice 60 days late: too few to tell
        check(late(1), &[], &[FlagKind::PaysLate]);
        // nothing late, but an amount written off
        let mut w = steady("X", 3_000, 3_000, 8, 2_400);
        w.invoices = 4;
        w.invoiced = Money::from_units(2_000);
        w.written_off = Money::from_units(500);
        check(w, &[FlagKind::PaysLate], &[]);
    }

    #[test]
    fn days_within_the_grace_count_as_on_time() {
        let mut f = steady("X", 3_000, 3_000, 8, 2_400);
        f.invoices = 6;
        f.invoiced = Money::from_units(600);
        // 5 days late is the default grace: on time
        f.late_invoices = (0..6).map(|_| invoice(5, 100, false)).collect();
        check(f, &[], &[]);
    }

    #[test]
    fn service_far_beyond_the_revenue_share_consumes_effort() {
        let mut f = steady("X", 3_000, 3_000, 8, 2_000);
        f.service_events = 30;
        f.service_millihours = 200_000;
        check(f, &[FlagKind::ConsumesEffort], &[]);
    }
}

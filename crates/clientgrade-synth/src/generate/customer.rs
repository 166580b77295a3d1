//! One customer's rows over a span of time: order dates, lines, returns, invoices and service.

use clientgrade_core::{Date, Money, Value};

use crate::plan::{gamma_mean, Plan, PROMOTION_MONTHS, SEASONS};
use crate::Rng;

use super::{cents, DateCell, Sink, SynthConfig, SynthTable, Writer};

/// Years from the middle of the window to `d` (negative before it).
fn years_from_mid(d: Date, mid: Date) -> f64 {
    f64::from(d.days_since(mid)) / 365.25
}

/// The order dates of one customer, month by month.
fn order_dates(p: &Plan, rng: &mut Rng, from: Date, to: Date, mid: Date) -> Vec<Date> {
    let mut dates = Vec::new();
    if to < from {
        return dates;
    }
    let (mut y, mut m, _) = from.ymd();
    loop {
        let first = Date::from_ymd(y, m, 1).expect("valid month");
        if first > to {
            break;
        }
        let last = first.add_months(1).add_days(-1);
        let (lo, hi) = (first.max(from), last.min(to));
        if lo <= hi {
            let covered = f64::from(hi.days_since(lo) + 1);
            let month_days = f64::from(last.days_since(first) + 1);
            let t = years_from_mid(lo.add_days(hi.days_since(lo) / 2), mid);
            let rate = if p.promotions {
                if PROMOTION_MONTHS.contains(&m) && rng.chance(0.45) {
                    1.0 + rng.poisson(1.5) as f64
                } else {
                    0.0
                }
            } else {
                p.orders_per_year / 12.0
                    * SEASONS[p.industry][m as usize - 1]
                    * p.growth.powf(p.count_share * t)
                    * gamma_mean(rng, 1.0, p.burst)
            };
            let n = if p.promotions {
                (rate * covered / month_days).round() as u32
            } else {
                rng.poisson(rate * covered / month_days)
            };
            let span = i64::from(hi.days_since(lo));
            for _ in 0..n {
                dates.push(lo.add_days(rng.range(0, span) as i32));
            }
        }
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    dates
}

/// The fixed dates of one generation run.
pub(super) struct Ctx<'c> {
    pub(super) config: &'c SynthConfig,
    pub(super) as_of: Date,
    pub(super) window_start: Date,
    pub(super) previous_start: Date,
    pub(super) mid: Date,
}

/// The rows of one customer following plan `p` from `from` to `to` (both
/// inclusive): its orders (the Poisson months plus `extra` dates), their
/// lines, returns, invoices and the service that follows them, and the
/// service of account care in each window. Returns the order dates and the
/// orders in the window.
#[allow(clippy::too_many_arguments)] // reason: one customer's whole context
pub(super) fn segment<S: Sink>(
    w: &mut Writer<'_, S>,
    ctx: &Ctx<'_>,
    p: &Plan,
    rng: &mut Rng,
    id: &str,
    (from, to): (Date, Date),
    extra: &[Date],
    order_no: &mut u64,
) -> Result<(Vec<Date>, u32), S::Error> {
    let (config, as_of, window_start, previous_start, mid) = (
        ctx.config,
        ctx.as_of,
        ctx.window_start,
        ctx.previous_start,
        ctx.mid,
    );
    let id = id.to_string();
    let mut dates = order_dates(p, rng, from, to, mid);
    dates.extend_from_slice(extra);
    if p.promotions && !dates.iter().any(|d| *d > window_start) {
        // a deal-seeker always has its last promotion inside the window
        let month = window_start.add_months(rng.range(1, 11) as i32);
        dates.push(month.min(as_of));
    }
    dates.sort();
    let mut win_orders = 0u32;
    let order_value = p.annual / p.orders_per_year.max(0.5);
    let promo_value = p.annual / 4.0;
    for &d in &dates {
        *order_no += 1;
        let order = format!("SO{order_no:08}");
        let in_window = d > window_start;
        let t = years_from_mid(d, mid);
        let mean = if p.promotions {
            promo_value
        } else {
            order_value * p.growth.powf((1.0 - p.count_share) * t)
        };
        let sigma = p.value_sigma;
        let value = rng.lognormal(mean * (-sigma * sigma / 2.0).exp(), sigma);
        let lines = 1 + rng.poisson(1.5).min(5) as usize;
        let weights: Vec<f64> = (0..lines).map(|_| rng.uniform(0.5, 1.5)).collect();
        let wsum: f64 = weights.iter().sum();
        let mut order_total = Money::ZERO;
        let mut order_cost = Money::ZERO;
        let mut first_line = (Money::ZERO, Money::ZERO, 0u32);
        let date = w.date(d);
        for (k, wgt) in weights.iter().enumerate() {
            let amount = cents(value * wgt / wsum).max(Money::from_cents(1));
            let cost = cents(amount.to_f64() * (1.0 - p.gross_margin) * rng.uniform(0.9, 1.1));
            let discount = cents(amount.to_f64() * p.discount_rate / (1.0 - p.discount_rate));
            let product_no = rng.range(1, 400) as u32;
            let product = format!("P{product_no:04}");
            if k == 0 {
                first_line = (amount, cost, product_no);
            }
            order_total += amount;
            order_cost += cost;
            w.row(
                SynthTable::Transactions,
                &[
                    Value::Text(&id),
                    date.value(),
                    Value::Text(&order),
                    Value::Text(&product),
                    Value::Money(amount),
                    Value::Money(cost),
                    Value::Money(discount),
                ],
            )?;
            if config.messy > 0.0 && rng.chance(config.messy) {
                let kind = rng.range(0, 2) as usize;
                w.summary.messy[kind] += 1;
                let amount_text = amount.to_string();
                let row: [Value<'_>; 7] = match kind {
                    0 => [
                        Value::Text(&id),
                        Value::Text("2025-13-45"),
                        Value::Text(&order),
                        Value::Text(&product),
                        Value::Text(&amount_text),
                        Value::Null,
                        Value::Null,
                    ],
                    1 => [
                        Value::Text(&id),
                        date.value(),
                        Value::Text(&order),
                        Value::Text(&product),
                        Value::Text("12,3x"),
                        Value::Null,
                        Value::Null,
                    ],
                    _ => [
                        Value::Null,
                        date.value(),
                        Value::Text(&order),
                        Value::Text(&product),
                        Value::Text(&amount_text),
                        Value::Null,
                        Value::Null,
                    ],
                };
                w.row(SynthTable::Transactions, &row)?;
            }
        }
        if in_window {
            win_orders += 1;
        }
        // A return some days later: part of the first line, or for
        // planted returners most of the order.
        if rng.chance(p.return_rate) {
            let rd = d.add_days(rng.range(3, 20) as i32);
            if rd <= as_of {
                let (share, base) = if p.returns_whole_orders {
                    (rng.uniform(0.6, 1.0), (order_total, order_cost))
                } else {
                    (rng.uniform(0.3, 1.0), (first_line.0, first_line.1))
                };
                let amount = -cents(base.0.to_f64() * share);
                let cost = -cents(base.1.to_f64() * share);
                let product = format!("P{:04}", first_line.2);
                let rdate = w.date(rd);
                w.row(
                    SynthTable::Transactions,
                    &[
                        Value::Text(&id),
                        rdate.value(),
                        Value::Text(&order),
                        Value::Text(&product),
                        Value::Money(amount),
                        Value::Money(cost),
                        Value::Money(Money::ZERO),
                    ],
                )?;
            }
        }
        // The invoice of the order.
        let due = d.add_days(30);
        let mut paid =
            Some(due.add_days(rng.range(p.pay_delay.0, p.pay_delay.1) as i32)).map(|x| x.max(d));
        if rng.chance(p.unpaid) {
            paid = None;
        }
        let paid = paid.filter(|x| *x <= as_of);
        let written_off = paid.is_none() && as_of.days_since(due) > 120 && rng.chance(0.5);
        // Service that follows the order, in proportion to its value.
        if p.one_visit_hours.is_none() && p.activity_share > 0.0 {
            let per_order =
                (p.events_per_year * p.activity_share / p.orders_per_year.max(0.5)).min(10.0);
            let cost = p.service_share * p.activity_share * value;
            // a customer whose effort is most of its margin has at least
            // one ticket on every order
            let events = if p.service_share >= 0.3 {
                1 + rng.poisson((per_order - 1.0).max(0.0))
            } else {
                rng.poisson(per_order)
            };
            let per_order = if p.service_share >= 0.3 {
                per_order.max(1.0)
            } else {
                per_order
            };
            for _ in 0..events {
                let sd = d.add_days(rng.range(0, 10) as i32).min(as_of);
                let hours = rng.lognormal(
                    cost / (per_order * config.hourly_rate) * (-0.08f64).exp(),
                    0.4,
                );
                let hours = ((hours * 4.0).round() / 4.0).max(0.25);
                let kind = *rng.pick(&["delivery", "installation", "ticket", "rework"]);
                let sdate = w.date(sd);
                w.row(
                    SynthTable::Service,
                    &[
                        Value::Text(&id),
                        sdate.value(),
                        Value::Text(kind),
                        Value::Money(cents(hours)),
                        Value::Null,
                    ],
                )?;
            }
        }
        let (issue, due_cell) = (w.date(d), w.date(due));
        let paid_cell = paid.map(|x| w.date(x));
        w.row(
            SynthTable::Invoices,
            &[
                Value::Text(&order),
                Value::Text(&id),
                issue.value(),
                due_cell.value(),
                Value::Money(order_total),
                paid_cell.as_ref().map_or(Value::Null, DateCell::value),
                Value::Text(if written_off { "yes" } else { "no" }),
            ],
        )?;
    }

    // Service effort in each of the two windows: a Poisson number of
    // events whose expected cost is the planned share of the expected
    // revenue; hours are log-normal, visits carry direct cost.
    for (w_first, w_last) in [
        (previous_start.add_days(1), window_start),
        (window_start.add_days(1), as_of),
    ] {
        let lo = w_first.max(from);
        let hi = w_last.min(to);
        if hi < lo {
            continue;
        }
        let current = w_first > window_start;
        if let (Some(hours), true) = (p.one_visit_hours, current) {
            let d = lo.add_days(rng.range(0, i64::from(hi.days_since(lo))) as i32);
            let date = w.date(d);
            w.row(
                SynthTable::Service,
                &[
                    Value::Text(&id),
                    date.value(),
                    Value::Text("visit"),
                    Value::Money(cents(hours)),
                    Value::Null,
                ],
            )?;
            continue;
        }
        let years = f64::from(hi.days_since(lo) + 1) / 365.25;
        let t = years_from_mid(lo.add_days(hi.days_since(lo) / 2), mid);
        let care = 1.0 - p.activity_share;
        let expected_cost = p.service_share * care * p.annual * p.growth.powf(t) * years;
        let expected_events = if p.one_visit_hours.is_some() {
            0.3 * years
        } else {
            (p.events_per_year * care).max(0.5) * years
        };
        let events = rng.poisson(expected_events);
        for _ in 0..events {
            let d = lo.add_days(rng.range(0, i64::from(hi.days_since(lo))) as i32);
            let (hours, direct) = if p.one_visit_hours.is_some() {
                (rng.uniform(0.25, 1.0), 0.0)
            } else {
                let mean_h =
                    expected_cost * (1.0 - p.direct_share) / (expected_events * config.hourly_rate);
                let h = rng.lognormal(mean_h * (-0.08f64).exp(), 0.4);
                let direct = if p.direct_share > 0.0 {
                    expected_cost * p.direct_share / expected_events * rng.lognormal(0.956, 0.3)
                } else {
                    0.0
                };
                (h, direct)
            };
            let hours = ((hours * 4.0).round() / 4.0).max(0.25);
            let kind = if direct > 0.0 {
                "visit"
            } else {
                *rng.pick(&["ticket", "call", "email", "rework"])
            };
            let date = w.date(d);
            w.row(
                SynthTable::Service,
                &[
                    Value::Text(&id),
                    date.value(),
                    Value::Text(kind),
                    Value::Money(cents(hours)),
                    if direct > 0.0 {
                        Value::Money(cents(direct))
                    } else {
                        Value::Null
                    },
                ],
            )?;
        }
    }
    Ok((dates, win_orders))
}

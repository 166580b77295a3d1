//! Why a customer moved: one line with the numbers that changed.

use super::{Move, Snapshot};
use crate::evidence::{money, percent};
use crate::{Date, Status, Tier};

pub(super) fn state_text(s: &Snapshot) -> String {
    match (s.status, s.tier) {
        (Status::Lapsed | Status::Lost, _) => s.status.name().to_string(),
        (_, Some(t)) => format!("Tier {}", t.number()),
        (_, None) => "no tier".to_string(),
    }
}

fn opt_percent(v: Option<f64>) -> String {
    v.map_or_else(|| "n/a".into(), percent)
}

/// `×3.0` for a ratio, or the change in percent when small.
fn factor(before: f64, after: f64) -> String {
    if before > 0.0 {
        let r = after / before;
        if !(0.5..=2.0).contains(&r) {
            return format!("×{r:.1}");
        }
        let pct = (r - 1.0) * 100.0;
        return format!("{pct:+.0}%");
    }
    "from none".into()
}

/// The changes behind a movement, the most telling first.
fn drivers(b: &Snapshot, a: &Snapshot) -> Vec<String> {
    let mut v = Vec::new();
    if b.profit_margin.is_some() || a.profit_margin.is_some() {
        v.push(format!(
            "margin {} → {}",
            opt_percent(b.profit_margin),
            opt_percent(a.profit_margin)
        ));
    }
    let (rb, ra) = (b.revenue.to_f64(), a.revenue.to_f64());
    v.push(format!(
        "revenue {} → {} ({})",
        money(b.revenue),
        money(a.revenue),
        factor(rb, ra)
    ));
    let (hb, ha) = (b.service_hours, a.service_hours);
    if (hb > 0.0 || ha > 0.0) && (ha >= hb * 1.5 || ha <= hb / 1.5) {
        v.push(format!(
            "service hours {} → {} ({})",
            hours(hb),
            hours(ha),
            factor(hb, ha)
        ));
    }
    let (ob, oa) = (b.orders as f64, a.orders as f64);
    if oa >= ob * 1.3 || oa <= ob / 1.3 {
        v.push(format!("orders {} → {}", b.orders, a.orders));
    }
    if let (Some(pb), Some(pa)) = (b.p_alive, a.p_alive) {
        if (pb - pa).abs() >= 0.1 {
            v.push(format!("P(alive) {} → {}", chance(pb), chance(pa)));
        }
    }
    v
}

fn hours(h: f64) -> String {
    if (h - h.round()).abs() < 0.05 {
        format!("{h:.0}")
    } else {
        format!("{h:.1}")
    }
}

/// A probability as a whole percentage: `57%`, `< 1%`, `> 99%`.
pub fn chance(p: f64) -> String {
    if p < 0.005 {
        "< 1%".into()
    } else if p > 0.995 {
        "> 99%".into()
    } else {
        format!("{:.0}%", p * 100.0)
    }
}

fn since(d: Option<Date>, as_of: Date) -> String {
    d.map_or_else(
        || "no purchase on record".into(),
        |d| {
            format!(
                "last purchase {d} ({} days before {as_of})",
                as_of.days_since(d)
            )
        },
    )
}

/// Why a customer moved, in one line with the numbers.
pub(super) fn reason(
    b: Option<&Snapshot>,
    a: Option<&Snapshot>,
    m: Move,
    before_as_of: Date,
    after_as_of: Date,
) -> String {
    match (b, a) {
        (Some(b), Some(a)) if b.status.graded() && a.status.graded() => {
            let head = match m {
                Move::Same => format!("{}, unchanged", state_text(a)),
                _ => format!("{} → {}", state_text(b), state_text(a)),
            };
            let mut d = drivers(b, a);
            if a.tier == Some(Tier::Ideal) && b.tier != Some(Tier::Ideal) {
                if let Some(g) = a.growth {
                    d.push(format!("growth {}", signed_percent(g)));
                }
            }
            format!("{head}: {}", d.join(", "))
        }
        (Some(b), Some(a)) if a.status.graded() => format!(
            "{} → {}: bought again after {}; now {} orders, revenue {}, margin {}",
            state_text(b),
            state_text(a),
            since(b.last_purchase, before_as_of),
            a.orders,
            money(a.revenue),
            opt_percent(a.profit_margin)
        ),
        (Some(b), Some(a)) => {
            let head = match m {
                Move::Same => format!("{}, unchanged", state_text(a)),
                _ => format!("{} → {}", state_text(b), state_text(a)),
            };
            let was = if b.status.graded() {
                format!(
                    "; revenue {} in the window to {before_as_of}{}",
                    money(b.revenue),
                    b.profit
                        .map_or_else(String::new, |p| format!(", profit {}", money(p)))
                )
            } else {
                String::new()
            };
            let alive = match (b.p_alive, a.p_alive) {
                (Some(x), Some(y)) => format!("; P(alive) {} → {}", chance(x), chance(y)),
                _ => String::new(),
            };
            format!("{head}: {}{was}{alive}", since(a.last_purchase, after_as_of))
        }
        (None, Some(a)) => match m {
            Move::New => format!(
                "new: {}; {}, revenue {}, margin {}",
                a.first_purchase.map_or_else(
                    || "no purchase yet".to_string(),
                    |d| format!("first purchase {d}")
                ),
                state_text(a),
                money(a.revenue),
                opt_percent(a.profit_margin)
            ),
            _ => format!(
                "only in the later results: {}, on or before the earlier as-of date {before_as_of}, \
                 yet not in the earlier results (a different export?)",
                a.first_purchase.map_or_else(
                    || "no purchase on record".to_string(),
                    |d| format!("first purchase {d}")
                )
            ),
        },
        (Some(b), None) => match m {
            Move::Lost => format!(
                "{} → gone: no activity on record up to {after_as_of}",
                state_text(b)
            ),
            _ => format!(
                "only in the earlier results ({}, revenue {}): not in the later results \
                 (a different export?)",
                state_text(b),
                money(b.revenue)
            ),
        },
        (None, None) => String::new(),
    }
}

fn signed_percent(v: f64) -> String {
    let p = percent(v);
    if v > 0.0 {
        format!("+{p}")
    } else {
        p
    }
}

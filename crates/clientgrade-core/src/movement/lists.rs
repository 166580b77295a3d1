//! The lists that matter: good customers slipping away, new Tier 1, won back, key customers who need a call, managers whose portfolios slipped.

use std::collections::BTreeMap;

use super::{Entry, ManagerSlip, Move, MovementSettings, Snapshot};
use crate::{Date, Money, Tier};

/// Whether a customer still buying lost at least `profit-drop` of its
/// profit, and the loss is more than the noise of its orders: its revenue
/// fell with the whole growth interval below zero, or its margin itself
/// fell by that share (a margin does not halve by order counts alone).
fn profit_fell(b: &Snapshot, a: &Snapshot, s: &MovementSettings) -> bool {
    let halved = match (b.profit, a.profit) {
        (Some(x), Some(y)) if x.raw() > 0 => (x - y).to_f64() >= s.profit_drop * x.to_f64(),
        _ => false,
    };
    let revenue_fell = a.growth_high.is_some_and(|h| h < 0.0);
    let margin_fell = matches!(
        (b.profit_margin, a.profit_margin),
        (Some(mb), Some(ma)) if mb > 0.0 && ma <= (1.0 - s.profit_drop) * mb
    );
    halved && (revenue_fell || margin_fell)
}

/// Put one entry on its lists.
pub(super) fn mark(e: &mut Entry, after_as_of: Date, s: &MovementSettings) {
    let good_before = e
        .before
        .as_ref()
        .is_some_and(|b| b.status.graded() && matches!(b.tier, Some(Tier::Ideal | Tier::Good)));
    let alive_drop = match (&e.before, &e.after) {
        (Some(b), Some(a)) => match (b.p_alive, a.p_alive) {
            (Some(x), Some(y)) => x - y >= s.p_alive_drop,
            _ => false,
        },
        _ => false,
    };
    // fell out of the good tiers, stopped buying, or (not moving up) lost
    // much of its profit beyond the noise of its orders
    let fell = match (&e.before, &e.after) {
        (Some(b), Some(a)) if a.status.graded() => {
            matches!(a.tier, Some(Tier::BreakEven | Tier::Loser))
                || e.movement != Move::Up && profit_fell(b, a, s)
        }
        _ => matches!(e.movement, Move::Lapsed | Move::Lost),
    };
    if good_before && (fell || alive_drop) {
        e.lists.slipping = true;
        let p = |s: &Option<Snapshot>| {
            s.as_ref()
                .filter(|s| s.status.graded())
                .and_then(|s| s.profit)
                .unwrap_or(Money::ZERO)
        };
        e.at_stake = p(&e.before).max(p(&e.after)).max(Money::ZERO);
    }
    if let Some(a) = &e.after {
        if a.tier == Some(Tier::Ideal)
            && a.status.graded()
            && e.before
                .as_ref()
                .is_none_or(|b| b.tier != Some(Tier::Ideal) || !b.status.graded())
            && e.movement != Move::NotCompared
        {
            e.lists.new_tier1 = true;
        }
        e.lists.won_back = e.movement == Move::WonBack;
        if a.key && a.status.graded() {
            let mut why = Vec::new();
            if let Some(n) = a.complaints_open.filter(|n| *n > 0) {
                why.push(format!(
                    "{n} complaint{} open",
                    if n == 1 { "" } else { "s" }
                ));
            }
            if let (Some(last), Some(gap)) = (a.last_contact, a.usual_gap_days) {
                let quiet = f64::from(after_as_of.days_since(last));
                if gap > 0.0 && quiet > s.no_contact_gaps * gap {
                    why.push(format!(
                        "no order or service contact for {quiet:.0} days ({:.1}× its usual {gap:.0} days between orders; last on {last})",
                        quiet / gap
                    ));
                }
            }
            if !why.is_empty() {
                e.lists.key_attention = true;
                e.attention = Some(why.join("; "));
            }
        }
    }
}

/// Account managers whose portfolios slipped (their customers' profit
/// fell, and some of them are slipping away), with what is at stake.
pub(super) fn managers(entries: &[Entry]) -> Vec<ManagerSlip> {
    let mut by: BTreeMap<&str, ManagerSlip> = BTreeMap::new();
    let total: f64 = entries
        .iter()
        .filter_map(|e| e.after.as_ref())
        .map(|a| a.revenue.to_f64().max(0.0))
        .sum();
    for e in entries {
        let Some(m) = e.latest().account_manager.as_deref() else {
            continue;
        };
        let s = by.entry(m).or_insert_with(|| ManagerSlip {
            manager: m.to_string(),
            customers: 0,
            slipping: 0,
            at_stake: Money::ZERO,
            profit_before: Money::ZERO,
            profit_after: Money::ZERO,
            revenue_after: Money::ZERO,
            revenue_share_after: 0.0,
        });
        if let Some(b) = &e.before {
            s.profit_before += b.profit.unwrap_or(Money::ZERO);
        }
        if let Some(a) = &e.after {
            s.customers += 1;
            s.profit_after += a.profit.unwrap_or(Money::ZERO);
            s.revenue_after += a.revenue;
        }
        if e.lists.slipping {
            s.slipping += 1;
            s.at_stake += e.at_stake;
        }
    }
    let mut v: Vec<ManagerSlip> = by
        .into_values()
        .filter(|s| s.slipping > 0 && s.profit_after < s.profit_before)
        .map(|mut s| {
            s.revenue_share_after = if total > 0.0 {
                s.revenue_after.to_f64().max(0.0) / total
            } else {
                0.0
            };
            s
        })
        .collect();
    v.sort_by(|a, b| {
        b.at_stake
            .cmp(&a.at_stake)
            .then_with(|| a.manager.cmp(&b.manager))
    });
    v
}

//! The customers an owner asks about first: who loses money, which key customers are slipping, who is worth winning back.

use clientgrade_core::rhythm::Judgement;
use clientgrade_core::{Action, GradedCustomer, Money, Portfolio, Status, Tier, KEY_SHARE};

/// Money losers worth naming, and the rest summed up.
#[derive(Clone, Debug, PartialEq)]
pub struct Losers {
    /// Positions in `Portfolio::customers`, largest loss first.
    pub named: Vec<usize>,
    /// Tier 4 customers not named: count and their loss (positive).
    pub rest: (u64, Money),
    /// All Tier 4 customers: count and their loss (positive).
    pub all: (u64, Money),
    /// The smallest loss named (the rest lose less each).
    pub smallest_named: Money,
}

/// Losers named at least (when there are that many) and at most.
pub const LOSERS_MIN: usize = 10;
/// See [`LOSERS_MIN`].
pub const LOSERS_MAX: usize = 50;
/// Share of the total Tier 4 loss the named losers cover before the list stops.
pub const LOSERS_COVER: f64 = 0.80;

/// Tier 4 customers by loss: every one up to the point where the named ones
/// make [`LOSERS_COVER`] of the total loss (at least [`LOSERS_MIN`], at most
/// [`LOSERS_MAX`]); ties broken by id.
pub fn losers(p: &Portfolio) -> Losers {
    let mut order: Vec<usize> = (0..p.customers.len())
        .filter(|&i| p.customers[i].tier.tier == Some(Tier::Loser))
        .collect();
    let loss = |i: usize| -p.customers[i].characteristics.profit.unwrap_or(Money::ZERO);
    order.sort_by(|&a, &b| {
        loss(b)
            .cmp(&loss(a))
            .then_with(|| p.customers[a].facts.id.cmp(&p.customers[b].facts.id))
    });
    let total: Money = order.iter().map(|&i| loss(i)).sum();
    let mut named = Vec::new();
    let mut covered = Money::ZERO;
    for &i in &order {
        let enough = named.len() >= LOSERS_MIN && covered.to_f64() >= LOSERS_COVER * total.to_f64();
        if enough || named.len() >= LOSERS_MAX {
            break;
        }
        covered += loss(i);
        named.push(i);
    }
    let smallest_named = named.last().map_or(Money::ZERO, |&i| loss(i));
    Losers {
        rest: ((order.len() - named.len()) as u64, total - covered),
        all: (order.len() as u64, total),
        named,
        smallest_named,
    }
}

/// Whether a customer is among the key customers (top [`KEY_SHARE`] by rank).
pub fn is_key(p: &Portfolio, g: &GradedCustomer) -> bool {
    let n = p.customers.len();
    n > 0 && (g.key.rank as f64) <= (n as f64 * KEY_SHARE).ceil()
}

/// Key customers who bought in the window but are slipping away: the win-back
/// action (overdue by their own rhythm or season, with P(alive) agreeing), or
/// more likely gone than alive by the lifetime model when their own rhythm
/// cannot tell (too few gaps; never a seasonal buyer, whose P(alive) ignores
/// its season, nor one in its first year); largest revenue first.
pub fn key_at_risk(p: &Portfolio) -> Vec<usize> {
    let mut v: Vec<usize> = (0..p.customers.len())
        .filter(|&i| {
            let g = &p.customers[i];
            g.status.graded()
                && is_key(p, g)
                && (g.action == Action::WinBack
                    || (g.rhythm.judgement == Judgement::TooFewGaps
                        && g.lifetime.and_then(|l| l.p_alive).is_some_and(|p| p < 0.5)))
        })
        .collect();
    v.sort_by(|&a, &b| {
        let (x, y) = (&p.customers[a], &p.customers[b]);
        y.characteristics
            .revenue
            .cmp(&x.characteristics.revenue)
            .then_with(|| x.facts.id.cmp(&y.facts.id))
    });
    v
}

/// Lapsed customers worth winning back, most previous-window profit first
/// (previous revenue when profit is unknown).
pub fn win_back(p: &Portfolio) -> Vec<usize> {
    let mut v: Vec<usize> = (0..p.customers.len())
        .filter(|&i| {
            let g = &p.customers[i];
            g.status == Status::Lapsed && g.action == Action::WinBack
        })
        .collect();
    let worth = |i: usize| {
        let c = &p.customers[i].characteristics;
        c.profit_previous.unwrap_or(c.revenue_previous)
    };
    v.sort_by(|&a, &b| {
        worth(b)
            .cmp(&worth(a))
            .then_with(|| p.customers[a].facts.id.cmp(&p.customers[b].facts.id))
    });
    v
}

/// Where a money loser's money goes, in a few words: its service, goods
/// sold below cost, its returns (the largest first).
pub fn loss_driver(g: &GradedCustomer) -> String {
    use crate::format::pct as percent;
    let c = &g.characteristics;
    let revenue = c.revenue.to_f64();
    if revenue <= 0.0 {
        return "no net revenue".into();
    }
    let gross = c.gross_margin.map_or(0.0, |m| m.to_f64());
    let mut parts: Vec<(f64, String)> = Vec::new();
    let service = c.service_cost.to_f64();
    if service > 0.0 {
        parts.push((
            service,
            format!("service {} of revenue", percent(service / revenue)),
        ));
    }
    if gross < 0.0 {
        parts.push((
            -gross,
            format!(
                "sold below cost ({} gross margin)",
                percent(gross / revenue)
            ),
        ));
    }
    let handling = c.return_handling.to_f64();
    if handling > 0.0 {
        parts.push((
            handling,
            format!("return handling {} of revenue", percent(handling / revenue)),
        ));
    }
    parts.sort_by(|a, b| b.0.total_cmp(&a.0));
    let text: Vec<String> = parts.into_iter().map(|p| p.1).collect();
    if text.is_empty() {
        "n/a".into()
    } else {
        text.join("; ")
    }
}

/// A probability for a reader: `57%`, `< 1%`, `> 99%`; `n/a` when not finite.
pub fn chance(p: f64) -> String {
    if !p.is_finite() {
        "n/a".into()
    } else if p < 0.005 {
        "< 1%".into()
    } else if p > 0.995 {
        "> 99%".into()
    } else {
        format!("{:.0}%", p * 100.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clientgrade_core::{
        grade, AnalysisWindow, Coverage, CustomerFacts, CustomerId, Date, Settings,
    };

    fn loser(id: &str, loss: i64) -> CustomerFacts {
        CustomerFacts {
            id: Some(CustomerId::new(id)),
            revenue: Money::from_units(1_000),
            cost_of_goods: Money::from_units(1_000 + loss),
            first_purchase: Date::from_ymd(2023, 1, 5),
            last_purchase: Date::from_ymd(2025, 11, 5),
            ..CustomerFacts::default()
        }
    }

    #[test]
    fn chances_read_plainly() {
        assert_eq!(chance(0.000_04), "< 1%");
        assert_eq!(chance(0.571), "57%");
        assert_eq!(chance(0.999), "> 99%");
        assert_eq!(chance(f64::NAN), "n/a");
    }

    #[test]
    fn losers_are_named_largest_first_until_most_of_the_loss_is_covered() {
        // one big loser and 30 small ones: the big one covers 80% alone, yet
        // at least ten are named; the rest are summed up
        let mut facts = vec![loser("BIG", 10_000)];
        facts.extend((0..30).map(|i| loser(&format!("S{i:02}"), 50 + i)));
        let w = AnalysisWindow::new(Date::from_ymd(2025, 12, 31).unwrap(), 12);
        let c = Coverage {
            cost_of_goods: true,
            ..Coverage::default()
        };
        let p = grade(facts, c, &Settings::default(), w);
        let l = losers(&p);
        assert_eq!(l.all.0, 31);
        assert_eq!(l.named.len(), LOSERS_MIN);
        let id = |i: usize| {
            p.customers[i]
                .facts
                .id
                .as_ref()
                .unwrap()
                .expose()
                .to_string()
        };
        assert_eq!(id(l.named[0]), "BIG");
        assert_eq!(id(l.named[1]), "S29");
        assert_eq!(l.rest.0, 21);
        let named: Money = l
            .named
            .iter()
            .map(|&i| -p.customers[i].characteristics.profit.unwrap())
            .sum();
        assert_eq!(named + l.rest.1, l.all.1);
        assert_eq!(l.smallest_named, Money::from_units(71));
    }
}

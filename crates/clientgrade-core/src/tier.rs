//! Tiers 1–4 from profitability after cost to serve, each with its evidence.

use std::fmt;

use crate::evidence::{money, percent, times};
use crate::growth::GrowthCall;
use crate::{Characteristics, Coverage, TierRules};

/// A customer's tier (SPEC §3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// Ideal: highly profitable, growing or bringing new business.
    Ideal = 1,
    /// Good: profitable, easy to serve.
    Good = 2,
    /// Break-even: thin margin after the cost to serve (or, with unpriced
    /// service, more than its share of effort).
    BreakEven = 3,
    /// Money loser.
    Loser = 4,
}

impl Tier {
    /// All tiers, best first.
    pub const ALL: [Tier; 4] = [Tier::Ideal, Tier::Good, Tier::BreakEven, Tier::Loser];

    /// 1 to 4.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The short name: `ideal`, `good`, `break-even`, `money loser`.
    pub fn name(self) -> &'static str {
        match self {
            Tier::Ideal => "ideal",
            Tier::Good => "good",
            Tier::BreakEven => "break-even",
            Tier::Loser => "money loser",
        }
    }

    /// What to do with customers of this tier, in a few words.
    pub fn action(self) -> &'static str {
        match self {
            Tier::Ideal => "focus: grow and protect",
            Tier::Good => "serve well as opportunities arise",
            Tier::BreakEven => "reduce cost to serve or reprice; stop acquiring more like them",
            Tier::Loser => "reprice, change terms or phase out",
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tier {} ({})", self.number(), self.name())
    }
}

/// A tier verdict: the tier, or why none could be decided, with the evidence.
#[derive(Clone, Debug, PartialEq)]
pub struct TierVerdict {
    /// The tier; `None` when the inputs cannot decide it.
    pub tier: Option<Tier>,
    /// The values and thresholds that decided it, in one sentence.
    pub reason: String,
}

/// Why no tier can be decided for anybody with these inputs, if that is so.
pub fn undecidable(coverage: &Coverage, assumed_margin: Option<f64>) -> Option<&'static str> {
    (!coverage.cost_of_goods && assumed_margin.is_none()).then_some(
        "no cost of goods: map a cost column in transactions or set \
         costs.assumed-gross-margin, so profit can be computed",
    )
}

/// The growth estimate and its interval: `+12.0% (90% interval −18.0% to +55.0%)`.
pub fn growth_text(c: &Characteristics, confidence: f64) -> String {
    let signed = |v: f64| {
        if v > 0.0 {
            format!("+{}", percent(v))
        } else {
            percent(v)
        }
    };
    let what = match (c.growth, c.growth_note) {
        (Some(g), _) => signed(g),
        (None, Some(note)) => note.to_string(),
        (None, None) => "n/a".into(),
    };
    match (c.growth_low, c.growth_high) {
        (Some(lo), Some(hi)) => format!(
            "{what} ({:.0}% interval {} to {})",
            confidence * 100.0,
            signed(lo),
            signed(hi)
        ),
        // the upper end overflowed: the interval has no finite bound there
        (Some(lo), None) => format!(
            "{what} ({:.0}% interval from {}, too wide to bound above)",
            confidence * 100.0,
            signed(lo)
        ),
        _ => what,
    }
}

/// Decide one customer's tier under the rules (customers who bought in the
/// window; lapsed and lost customers get a status instead).
pub fn assign_tier(c: &Characteristics, coverage: &Coverage, rules: &TierRules) -> TierVerdict {
    let Some(profit) = c.profit else {
        return TierVerdict {
            tier: None,
            reason: "undecided: no cost of goods, so profit is unknown".into(),
        };
    };
    // The evidence adds up: profit = gross margin − service − return handling.
    let handling = if c.return_handling.raw() != 0 {
        format!(" − return handling {}", money(c.return_handling))
    } else {
        String::new()
    };
    let basis = format!(
        "profit {} on revenue {} (gross margin {} − service {}{handling})",
        money(profit),
        money(c.revenue),
        c.gross_margin.map_or_else(|| "n/a".into(), money),
        money(c.service_cost)
    );
    let no_service = if coverage.service {
        ""
    } else {
        "; service effort not assessed (no service table)"
    };
    if profit.is_negative() {
        return TierVerdict {
            tier: Some(Tier::Loser),
            reason: format!("loses money: {basis}{no_service}"),
        };
    }
    if c.revenue.raw() <= 0 {
        return TierVerdict {
            tier: Some(Tier::BreakEven),
            reason: format!("no net revenue in the window: {basis}"),
        };
    }
    let margin = c.profit_margin.unwrap_or(0.0);
    if margin < rules.tier2_min_margin {
        let took = if c.service_cost.raw() > 0 && c.effort_in_profit {
            format!(
                "; service took {} of revenue",
                percent(c.service_cost.to_f64() / c.revenue.to_f64())
            )
        } else {
            String::new()
        };
        return TierVerdict {
            tier: Some(Tier::BreakEven),
            reason: format!(
                "break-even: profit margin {} < {}{took}; {basis}{no_service}",
                percent(margin),
                percent(rules.tier2_min_margin)
            ),
        };
    }
    // Effort decides on its own only where profit cannot show it: service
    // recorded without hours or cost. Priced service is inside profit already.
    if !c.effort_in_profit && c.service_events >= rules.effort_min_events {
        if let Some(r) = c.effort_ratio.filter(|r| *r > rules.max_effort_ratio) {
            return TierVerdict {
                tier: Some(Tier::BreakEven),
                reason: format!(
                    "consumes more than its share of effort: {} service events, {} of all events for {} \
                     of revenue ({} > {}); service is not priced, so profit does not show it; {basis}",
                    c.service_events,
                    percent(c.service_share.unwrap_or(0.0)),
                    percent(c.revenue_share),
                    times(r),
                    times(rules.max_effort_ratio)
                ),
            };
        }
    }
    let confidence = rules.growth_confidence;
    let threshold = percent(rules.tier1_min_growth);
    let growth = growth_text(c, confidence);
    let high = margin >= rules.tier1_high_margin;
    let big_enough = profit.to_f64() >= rules.tier1_min_profit;
    if margin >= rules.tier1_min_margin && big_enough {
        let since = c
            .customer_since
            .map_or_else(String::new, |d| format!(" (customer since {d})"));
        let why = match c.growth_call {
            _ if c.new_in_window => Some(format!("new business{since}")),
            GrowthCall::Growing => Some(format!(
                "revenue growing: {growth}, all of it ≥ {threshold}"
            )),
            GrowthCall::CannotTell if high => Some(format!(
                "a profit margin ≥ {} carries it while growth cannot be told from noise: {growth} spans {threshold}",
                percent(rules.tier1_high_margin)
            )),
            GrowthCall::NoHistory if high => Some(format!(
                "a profit margin ≥ {} carries it; growth not measurable (no previous window in the data)",
                percent(rules.tier1_high_margin)
            )),
            _ => None,
        };
        if let Some(why) = why {
            return TierVerdict {
                tier: Some(Tier::Ideal),
                reason: format!(
                    "ideal: profit margin {} ≥ {} and {why}; {basis}{no_service}",
                    percent(margin),
                    percent(rules.tier1_min_margin)
                ),
            };
        }
    }
    let why_not_ideal = if margin < rules.tier1_min_margin {
        format!(
            "profit margin {} (Tier 1 needs {})",
            percent(margin),
            percent(rules.tier1_min_margin)
        )
    } else if !big_enough {
        format!(
            "profit below the Tier 1 minimum of {}",
            rules.tier1_min_profit
        )
    } else if c.growth_call == GrowthCall::NotGrowing {
        format!(
            "profit margin {} but revenue not growing: {growth}, all of it below {threshold}",
            percent(margin)
        )
    } else if c.growth_call == GrowthCall::NoHistory {
        format!(
            "profit margin {} but growth not measurable (no previous window in the data), and \
             Tier 1 without proven growth needs a margin of {}",
            percent(margin),
            percent(rules.tier1_high_margin)
        )
    } else {
        format!(
            "profit margin {} but growth cannot be told from noise: {growth} spans {threshold}, and \
             Tier 1 without proven growth needs a margin of {}",
            percent(margin),
            percent(rules.tier1_high_margin)
        )
    };
    TierVerdict {
        tier: Some(Tier::Good),
        reason: format!("good: {why_not_ideal}; {basis}{no_service}"),
    }
}

#[cfg(test)]
mod tests {
    use crate::{
        grade, Action, AnalysisWindow, Coverage, CustomerFacts, CustomerId, Date, Money, Settings,
        Status, Tier,
    };

    fn d(s: &str) -> Option<Date> {
        Date::parse_iso(s)
    }

    /// A customer buying in both windows since 2021: revenue before and now,
    /// spread evenly over the quarters, `orders` orders in each window, cost of goods now.
    fn steady(id: &str, before: i64, now: i64, orders: u64, cost: i64) -> CustomerFacts {
        let q = |v: i64| Money::from_units(v / 4);
        CustomerFacts {
            id: Some(CustomerId::new(id)),
            revenue: Money::from_units(now),
            revenue_previous: Money::from_units(before),
            revenue_parts: [
                q(before),
                q(before),
                q(before),
                q(before),
                q(now),
                q(now),
                q(now),
                q(now),
            ],
            cost_of_goods: Money::from_units(cost),
            gross_sales: Money::from_units(now),
            orders,
            orders_previous: orders,
            orders_lifetime: 3 * orders,
            first_purchase: d("2021-02-01"),
            last_purchase: d("2025-12-01"),
            purchase_days: 3 * orders,
            ..CustomerFacts::default()
        }
    }

    fn portfolio(facts: Vec<CustomerFacts>, service_costed: bool) -> crate::Portfolio {
        let coverage = Coverage {
            cost_of_goods: true,
            service: true,
            service_costed,
            ..Coverage::default()
        };
        let w = AnalysisWindow::new(Date::from_ymd(2025, 12, 31).unwrap(), 12);
        grade(facts, coverage, &Settings::default(), w)
    }

    fn find<'a>(p: &'a crate::Portfolio, id: &str) -> &'a crate::GradedCustomer {
        p.customers
            .iter()
            .find(|g| g.facts.id.as_ref().unwrap().expose() == id)
            .unwrap()
    }

    #[test]
    fn a_growth_interval_without_an_upper_bound_reads_plainly() {
        let p = portfolio(vec![steady("A", 1_000, 1_500, 8, 500)], true);
        let mut c = find(&p, "A").characteristics.clone();
        (c.growth, c.growth_low, c.growth_high) = (Some(2.0), Some(-1.0), None);
        let text = super::growth_text(&c, 0.9);
        assert_eq!(
            text,
            "+200.0% (90% interval from -100.0%, too wide to bound above)"
        );
    }

    #[test]
    fn one_visit_on_a_small_customer_with_a_healthy_margin_is_not_break_even() {
        // regression: the effort rule counted service twice (in profit and as
        // a share of effort), making this Tier 3 at a 19% margin after the visit
        let mut small = steady("SMALL", 2_000, 2_000, 2, 1_500);
        small.service_events = 1;
        small.service_millihours = 2_000;
        let big = steady("BIG", 100_000, 100_000, 50, 85_000);
        let p = portfolio(vec![big, small], true);
        let g = find(&p, "SMALL");
        assert_eq!(g.characteristics.profit, Some(Money::from_units(380)));
        assert!(g.characteristics.effort_ratio.unwrap() > 2.0);
        assert_eq!(g.tier.tier, Some(Tier::Good), "{}", g.tier.reason);
    }

    #[test]
    fn unpriced_service_decides_effort_by_events_but_never_on_one_visit() {
        let mut heavy = steady("HEAVY", 10_000, 10_000, 10, 8_000);
        heavy.service_events = 12;
        let mut once = steady("ONCE", 1_000, 1_000, 2, 800);
        once.service_events = 1;
        let mut big = steady("BIG", 100_000, 100_000, 50, 80_000);
        big.service_events = 3;
        let p = portfolio(vec![heavy, once, big], false);
        let g = find(&p, "HEAVY");
        assert_eq!(g.tier.tier, Some(Tier::BreakEven), "{}", g.tier.reason);
        assert!(
            g.tier.reason.contains("service is not priced"),
            "{}",
            g.tier.reason
        );
        assert_eq!(find(&p, "ONCE").tier.tier, Some(Tier::Good));
    }

    #[test]
    fn noisy_growth_does_not_promote_and_a_high_margin_carries() {
        let lumpy = |f: &mut CustomerFacts, parts: [i64; 8]| {
            f.revenue_parts = parts.map(Money::from_units);
        };
        // 25% margin, +40% on four orders a year: noise, not proven growth
        let mut lucky = steady("LUCKY", 10_000, 14_000, 4, 10_500);
        lumpy(&mut lucky, [2_500, 5_000, 0, 2_500, 3_500, 0, 7_000, 3_500]);
        // 35% margin, −5% on four orders a year: growth cannot be told, the margin carries it
        let mut rich = steady("RICH", 10_000, 9_500, 4, 6_175);
        lumpy(&mut rich, [5_000, 0, 2_500, 2_500, 2_375, 2_375, 4_750, 0]);
        // 35% margin, clearly halved on 200 orders a year: not ideal
        let mut fading = steady("FADING", 200_000, 100_000, 200, 65_000);
        lumpy(
            &mut fading,
            [
                50_000, 52_000, 48_000, 50_000, 25_000, 26_000, 24_000, 25_000,
            ],
        );
        let p = portfolio(vec![lucky, rich, fading], true);
        let g = find(&p, "LUCKY");
        assert_eq!(g.tier.tier, Some(Tier::Good), "{}", g.tier.reason);
        assert!(
            g.tier.reason.contains("growth cannot be told from noise"),
            "{}",
            g.tier.reason
        );
        let g = find(&p, "RICH");
        assert_eq!(g.tier.tier, Some(Tier::Ideal), "{}", g.tier.reason);
        assert!(g.tier.reason.contains("carries it"), "{}", g.tier.reason);
        let g = find(&p, "FADING");
        assert_eq!(g.tier.tier, Some(Tier::Good), "{}", g.tier.reason);
        assert!(
            g.tier.reason.contains("revenue not growing"),
            "{}",
            g.tier.reason
        );
    }

    #[test]
    fn customers_without_a_purchase_in_the_window_get_a_status_and_no_tier() {
        let mut was_good = steady("WAS-GOOD", 10_000, 0, 0, 0);
        was_good.last_purchase = d("2024-09-01");
        was_good.cost_of_goods_previous = Money::from_units(8_000);
        was_good.revenue_parts[4..].fill(Money::ZERO);
        let mut was_bad = was_good.clone();
        was_bad.id = Some(CustomerId::new("WAS-BAD"));
        was_bad.cost_of_goods_previous = Money::from_units(10_500);
        let mut gone = was_good.clone();
        gone.id = Some(CustomerId::new("GONE"));
        gone.last_purchase = d("2023-03-01");
        gone.revenue_previous = Money::ZERO;
        gone.revenue_parts = [Money::ZERO; 8];
        let active = steady("ACTIVE", 10_000, 10_000, 10, 8_000);
        let p = portfolio(vec![was_good, was_bad, gone, active], true);
        let g = find(&p, "WAS-GOOD");
        assert_eq!(
            (g.status, g.tier.tier, g.action),
            (Status::Lapsed, None, Action::WinBack)
        );
        assert!(
            g.action_reason
                .contains("profit 2,000.00 on revenue 10,000.00"),
            "{}",
            g.action_reason
        );
        let g = find(&p, "WAS-BAD");
        assert_eq!(
            (g.status, g.tier.tier, g.action),
            (Status::Lapsed, None, Action::LetGo)
        );
        let g = find(&p, "GONE");
        assert_eq!(
            (g.status, g.tier.tier, g.action),
            (Status::Lost, None, Action::LetGo)
        );
        assert_eq!(p.status(Status::Lapsed).customers, 2);
        assert_eq!(p.status(Status::Lapsed).win_back, 1);
        assert_eq!(p.buyers(), 1);
        assert_eq!(p.tiers.iter().map(|t| t.customers).sum::<u64>(), 1);
    }
}

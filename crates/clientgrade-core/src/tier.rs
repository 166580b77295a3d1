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

//! Tiers 1–4 from profitability after cost to serve, each with its evidence.

use std::fmt;

use crate::evidence::{money, percent, times};
use crate::{Characteristics, Coverage, TierRules};

/// A customer's tier (SPEC §3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// Ideal: highly profitable, growing or new.
    Ideal = 1,
    /// Good: profitable, easy to serve.
    Good = 2,
    /// Break-even: thin margin or more than its share of effort.
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

/// Decide one customer's tier under the rules.
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
        return TierVerdict {
            tier: Some(Tier::BreakEven),
            reason: format!(
                "break-even: profit margin {} < {}; {basis}{no_service}",
                percent(margin),
                percent(rules.tier2_min_margin)
            ),
        };
    }
    if let Some(r) = c.effort_ratio.filter(|r| *r > rules.max_effort_ratio) {
        return TierVerdict {
            tier: Some(Tier::BreakEven),
            reason: format!(
                "consumes more than its share: {} of service effort for {} of revenue \
                 ({} > {}); {basis}",
                percent(c.service_share.unwrap_or(0.0)),
                percent(c.revenue_share),
                times(r),
                times(rules.max_effort_ratio)
            ),
        };
    }
    let growing = match c.growth {
        Some(g) if g >= rules.tier1_min_growth => Some(format!(
            "revenue grew {} ≥ {}",
            percent(g),
            percent(rules.tier1_min_growth)
        )),
        None if c.new_in_window => Some("new business in the window".into()),
        _ => None,
    };
    let big_enough = profit.to_f64() >= rules.tier1_min_profit;
    if margin >= rules.tier1_min_margin && big_enough {
        if let Some(growing) = growing {
            return TierVerdict {
                tier: Some(Tier::Ideal),
                reason: format!(
                    "ideal: profit margin {} ≥ {} and {growing}; {basis}{no_service}",
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
    } else {
        format!(
            "profit margin {} but revenue growth {} (Tier 1 needs {})",
            percent(margin),
            c.growth.map_or_else(|| "n/a".into(), percent),
            percent(rules.tier1_min_growth)
        )
    };
    let effort = c.effort_ratio.map_or_else(String::new, |r| {
        format!(", effort {} of its revenue share", times(r))
    });
    TierVerdict {
        tier: Some(Tier::Good),
        reason: format!("good: {why_not_ideal}{effort}; {basis}{no_service}"),
    }
}

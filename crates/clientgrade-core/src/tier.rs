//! Tiers 1–4 from profitability after cost to serve, each with its evidence.

use std::fmt;

use crate::evidence::{money, percent, times};
use crate::growth::GrowthCall;
use crate::{Characteristics, Coverage, Money, TierRules};

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

/// Portfolio figures the tier rules measure a customer against, so that
/// "highly profitable" means highly profitable for this business.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TierBasis {
    /// The buyers' revenue-weighted profit margin (their profit over their
    /// revenue), when profit is known.
    pub portfolio_margin: Option<f64>,
    /// Tier 1's lowest profit per full window: `tier1-min-profit` or the
    /// `tier1-profit-percentile` of profitable buyers, whichever is higher.
    pub min_profit: f64,
    /// Whether `min_profit` is the percentile (not `tier1-min-profit`).
    pub min_profit_is_percentile: bool,
    /// The lowest profit per full window of the top `tier1-top-profit-share`
    /// of profitable buyers.
    pub top_profit: Option<f64>,
    /// All service events of the buyers in the window.
    pub service_events: u64,
    /// The assumed gross margin, when cost of goods is not measured.
    pub assumed_margin: Option<f64>,
}

/// Profit per full window: a customer that joined during the window is
/// scaled to the whole window (from at least a quarter of it, so a few days
/// are never blown up).
pub fn profit_per_window(c: &Characteristics) -> Option<f64> {
    let p = c.profit?.to_f64();
    Some(p / c.exposure[1].clamp(0.25, 1.0))
}

/// The value at share `q` of sorted values (nearest rank below).
fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let k = ((sorted.len() - 1) as f64 * q.clamp(0.0, 1.0)).floor() as usize;
    Some(sorted[k])
}

/// The tier basis of the customers who bought in the window.
pub fn tier_basis(
    buyers: &[&Characteristics],
    rules: &TierRules,
    assumed: Option<f64>,
) -> TierBasis {
    let (mut revenue, mut profit) = (0.0, 0.0);
    let mut known = false;
    let mut profitable: Vec<f64> = Vec::new();
    let mut events = 0u64;
    for c in buyers {
        events += c.service_events;
        if let (Some(p), true) = (c.profit, c.revenue.raw() > 0) {
            known = true;
            revenue += c.revenue.to_f64();
            profit += p.to_f64();
            if let Some(r) = profit_per_window(c).filter(|r| *r > 0.0) {
                profitable.push(r);
            }
        }
    }
    profitable.sort_by(f64::total_cmp);
    let percentile = (rules.tier1_profit_percentile > 0.0)
        .then(|| quantile(&profitable, rules.tier1_profit_percentile))
        .flatten();
    let (min_profit, min_profit_is_percentile) = match percentile {
        Some(p) if p > rules.tier1_min_profit => (p, true),
        _ => (rules.tier1_min_profit, false),
    };
    TierBasis {
        portfolio_margin: (known && revenue > 0.0).then(|| profit / revenue),
        min_profit,
        min_profit_is_percentile,
        top_profit: (rules.tier1_top_profit_share > 0.0)
            .then(|| quantile(&profitable, 1.0 - rules.tier1_top_profit_share))
            .flatten(),
        service_events: events,
        assumed_margin: assumed,
    }
}

/// The growth estimate and its interval, as a change in the revenue rate:
/// `+12.0% (90% interval −18.0% to +55.0%)`; for a customer that existed
/// in only part of the previous window, per day as a customer.
pub fn growth_text(c: &Characteristics, confidence: f64) -> String {
    let signed = |v: f64| {
        if v > 0.0 {
            format!("+{}", percent(v))
        } else {
            percent(v)
        }
    };
    let per_day = if c.exposure[0] > 0.0 && c.exposure[0] < 0.999 {
        format!(
            " in revenue per day as a customer ({:.0} of {} days before the window)",
            c.exposure[0] * f64::from(c.window_days),
            c.window_days
        )
    } else {
        String::new()
    };
    let what = match (c.growth, c.growth_note) {
        (Some(g), _) => format!("{}{per_day}", signed(g)),
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

/// Why growth cannot be measured, in words, with the revenue on both sides.
fn no_history_text(c: &Characteristics) -> String {
    if c.growth_note == Some(crate::growth::SHORT_HISTORY) {
        format!(
            "growth not measurable: a customer for only {:.0} days of the previous window \
             (revenue {} there), too short a start to compare with {} over the {} days of this one",
            c.exposure[0] * f64::from(c.window_days),
            money(c.revenue_previous),
            money(c.revenue),
            c.window_days
        )
    } else {
        "growth not measurable (no previous window in the data)".into()
    }
}

/// The lower end of a Poisson mean given `n` events, one-sided at `z`
/// (Wilson–Hilferty; exact enough from one event on).
fn poisson_lower(n: u64, z: f64) -> f64 {
    if n == 0 {
        return 0.0;
    }
    let n = n as f64;
    (n * (1.0 - 1.0 / (9.0 * n) - z / (3.0 * n.sqrt())).powi(3)).max(0.0)
}

/// Decide one customer's tier under the rules (customers who bought in the
/// window; lapsed and lost customers get a status instead).
pub fn assign_tier(
    c: &Characteristics,
    coverage: &Coverage,
    rules: &TierRules,
    basis: &TierBasis,
) -> TierVerdict {
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
    let assumed = match basis.assumed_margin.filter(|_| c.margin_assumed) {
        Some(m) => format!(
            "; gross margin ASSUMED at {} of list price for everyone (costs.assumed-gross-margin), \
             not measured: margins differ only by discounts and service",
            percent(m)
        ),
        None => String::new(),
    };
    let basis_text = format!(
        "profit {} on revenue {} (gross margin {} − service {}{handling}){assumed}",
        money(profit),
        money(c.revenue),
        c.gross_margin.map_or_else(|| "n/a".into(), money),
        money(c.service_cost)
    );
    let basis_text = &basis_text;
    let unpriced = coverage.service && !c.effort_in_profit;
    let no_service = if !coverage.service {
        String::new() + "; service effort not assessed (no service table)"
    } else if unpriced && c.service_events > 0 {
        format!(
            "; {} service events not priced, so not in profit (set costs.cost-per-service-event)",
            c.service_events
        )
    } else {
        String::new()
    };
    if profit.is_negative() {
        return TierVerdict {
            tier: Some(Tier::Loser),
            reason: format!("loses money: {basis_text}{no_service}"),
        };
    }
    if c.revenue.raw() <= 0 {
        return TierVerdict {
            tier: Some(Tier::BreakEven),
            reason: format!("no net revenue in the window: {basis_text}"),
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
                "break-even: profit margin {} < {}{took}; {basis_text}{no_service}",
                percent(margin),
                percent(rules.tier2_min_margin)
            ),
        };
    }
    // Effort decides on its own only where profit cannot show it: service
    // recorded without hours or cost. Priced service is inside profit
    // already. Events are counts, so a profitable customer is sent to Tier 3
    // only when its excess over its revenue's share of them is clear beyond
    // chance: the lower confidence bound of its events (Poisson) is still
    // more than `max-effort-ratio` times what its revenue share would bring.
    if unpriced && c.service_events >= rules.effort_min_events && basis.service_events > 0 {
        let expected = basis.service_events as f64 * c.revenue_share;
        let z = crate::tails::normal_quantile(rules.effort_confidence);
        let low = poisson_lower(c.service_events, z);
        if expected > 0.0 && low / expected > rules.max_effort_ratio {
            return TierVerdict {
                tier: Some(Tier::BreakEven),
                reason: format!(
                    "consumes clearly more than its share of effort: {} service events where its {} of \
                     revenue would bring {:.1}; at least {} as many ({:.0}% sure) > {}; events are \
                     counted, not priced (no hours or cost), so profit does not show them and a short \
                     call counts like a long visit: set costs.cost-per-service-event or record hours; {basis_text}",
                    c.service_events,
                    percent(c.revenue_share),
                    expected,
                    times(low / expected),
                    rules.effort_confidence * 100.0,
                    times(rules.max_effort_ratio)
                ),
            };
        }
    }
    let confidence = rules.growth_confidence;
    let threshold = percent(rules.tier1_min_growth);
    let growth = growth_text(c, confidence);
    let rate = profit_per_window(c).unwrap_or(0.0);
    let portfolio = basis.portfolio_margin;
    let assumed_margin = basis.assumed_margin.is_some() && c.margin_assumed;
    // highly profitable for this business: by margin (measured margins
    // only; an assumed one is the same for everyone) or by size
    let high_bar = rules
        .tier1_high_margin
        .max(portfolio.unwrap_or(0.0) * rules.tier1_high_margin_vs_portfolio);
    let high = !assumed_margin && margin >= high_bar;
    // the normal margins of the business: within the same factor below the
    // portfolio's as "high" is above it (40% → from 32%)
    let normal_floor = portfolio.map(|p| p / rules.tier1_high_margin_vs_portfolio.max(1.0));
    let top =
        basis.top_profit.is_some_and(|t| rate >= t) && normal_floor.is_none_or(|f| margin >= f);
    let big_enough = rate >= basis.min_profit;
    let repeat = c.orders >= rules.tier1_min_orders;
    let high_text = || match portfolio {
        Some(p) if p * rules.tier1_high_margin_vs_portfolio > rules.tier1_high_margin => format!(
            "a profit margin ≥ {} ({} the portfolio's {})",
            percent(high_bar),
            times(rules.tier1_high_margin_vs_portfolio),
            percent(p)
        ),
        _ => format!("a profit margin ≥ {}", percent(high_bar)),
    };
    let top_text = || {
        format!(
            "a profit of {} per window among the top {} of profitable customers (≥ {}) at a normal \
             margin for this business (≥ {}, the portfolio's {} / {})",
            money(Money::from_f64(rate).unwrap_or(profit)),
            percent(rules.tier1_top_profit_share),
            money(Money::from_f64(basis.top_profit.unwrap_or(0.0)).unwrap_or(Money::ZERO)),
            normal_floor.map_or_else(|| "n/a".into(), percent),
            portfolio.map_or_else(|| "n/a".into(), percent),
            rules.tier1_high_margin_vs_portfolio.max(1.0)
        )
    };
    let carries = |what: String, g: &str| format!("{what} carries it while {g}");
    let unclear = match c.growth_call {
        GrowthCall::CannotTell => Some(format!(
            "growth cannot be told from noise: {growth} spans {threshold}"
        )),
        GrowthCall::NoHistory => Some(no_history_text(c)),
        _ => None,
    };
    if margin >= rules.tier1_min_margin && big_enough && repeat {
        let since = c
            .customer_since
            .map_or_else(String::new, |d| format!(" (customer since {d})"));
        let why = match (c.growth_call, &unclear) {
            _ if c.new_in_window => Some(format!(
                "new business{since} with {} orders already",
                c.orders
            )),
            (GrowthCall::Growing, _) => Some(format!(
                "revenue growing: {growth}, all of it ≥ {threshold}"
            )),
            (_, Some(u)) if high => Some(carries(high_text(), u)),
            (_, Some(u)) if top => Some(carries(top_text(), u)),
            _ => None,
        };
        if let Some(why) = why {
            return TierVerdict {
                tier: Some(Tier::Ideal),
                reason: format!(
                    "ideal: profit margin {} ≥ {} and {why}; {basis_text}{no_service}",
                    percent(margin),
                    percent(rules.tier1_min_margin)
                ),
            };
        }
    }
    let profit_bar = if basis.min_profit_is_percentile {
        format!(
            "{} (the {} percentile of profitable customers' profit)",
            money(Money::from_f64(basis.min_profit).unwrap_or(Money::ZERO)),
            ordinal(rules.tier1_profit_percentile)
        )
    } else {
        money(Money::from_f64(basis.min_profit).unwrap_or(Money::ZERO))
    };
    let scaled = if c.exposure[1] < 0.999 {
        " per full window"
    } else {
        ""
    };
    let why_not_ideal = if margin < rules.tier1_min_margin {
        format!(
            "profit margin {} (Tier 1 needs {})",
            percent(margin),
            percent(rules.tier1_min_margin)
        )
    } else if !repeat {
        format!(
            "{} order{} in the window: too few to show a habit or growth (Tier 1 needs {})",
            c.orders,
            if c.orders == 1 { "" } else { "s" },
            rules.tier1_min_orders
        )
    } else if !big_enough {
        format!(
            "profit {}{scaled} below Tier 1's minimum of {profit_bar}",
            money(Money::from_f64(rate).unwrap_or(profit))
        )
    } else if c.growth_call == GrowthCall::NotGrowing {
        format!(
            "profit margin {} but revenue not growing: {growth}, all of it below {threshold}",
            percent(margin)
        )
    } else {
        let u = unclear.unwrap_or_else(|| format!("growth {growth}"));
        let size = match basis.top_profit {
            Some(t) => format!(
                " or a profit among the top {} (≥ {})",
                percent(rules.tier1_top_profit_share),
                money(Money::from_f64(t).unwrap_or(Money::ZERO))
            ),
            None => String::new(),
        };
        let by_margin = if assumed_margin {
            "an assumed margin cannot single it out".to_string()
        } else {
            high_text()
        };
        format!(
            "profit margin {} but {u}, and Tier 1 without proven growth needs {by_margin}{size}",
            percent(margin)
        )
    };
    TierVerdict {
        tier: Some(Tier::Good),
        reason: format!("good: {why_not_ideal}; {basis_text}{no_service}"),
    }
}

/// `0.5` → `50th`.
fn ordinal(q: f64) -> String {
    let n = (q * 100.0).round() as i64;
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests;

//! Analysis settings: cost rates and tier thresholds, with documented defaults.

use serde::Deserialize;

use crate::Money;

/// How service effort and returns turn into money.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, default)]
pub struct CostSettings {
    /// Cost of one hour of service effort (default 60).
    pub hourly_rate: f64,
    /// Cost of a service event that has neither hours nor a cost (default 0).
    pub cost_per_service_event: f64,
    /// Handling cost of one returned line (default 0).
    pub return_handling_cost: f64,
    /// Gross margin to assume when transactions carry no cost column (as a
    /// fraction, e.g. 0.3). Unset: without costs, tiers are not decided.
    pub assumed_gross_margin: Option<f64>,
}

impl Default for CostSettings {
    fn default() -> Self {
        CostSettings {
            hourly_rate: 60.0,
            cost_per_service_event: 0.0,
            return_handling_cost: 0.0,
            assumed_gross_margin: None,
        }
    }
}

impl CostSettings {
    /// The hourly rate as money.
    pub fn hourly_rate_money(&self) -> Money {
        Money::from_f64(self.hourly_rate).unwrap_or(Money::ZERO)
    }
}

/// Thresholds of the default tier rules (SPEC §3.1).
///
/// - Tier 4, money loser: profit below zero.
/// - Tier 3, break-even: profit margin below `tier2-min-margin`, or service
///   effort share above `max-effort-ratio` times revenue share.
/// - Tier 1, ideal: profit margin at least `tier1-min-margin` and revenue
///   growth at least `tier1-min-growth` (or new in the window), and profit at
///   least `tier1-min-profit`.
/// - Tier 2, good: every other profitable customer.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, default)]
pub struct TierRules {
    /// Lowest profit margin of Tier 1 (default 0.20).
    pub tier1_min_margin: f64,
    /// Lowest revenue growth over the previous window of Tier 1 (default 0.10).
    pub tier1_min_growth: f64,
    /// Lowest profit of Tier 1 in currency units (default 0: off).
    pub tier1_min_profit: f64,
    /// Lowest profit margin of Tier 2; below it a profitable customer is
    /// break-even, Tier 3 (default 0.05).
    pub tier2_min_margin: f64,
    /// Highest ratio of service-effort share to revenue share before a
    /// customer counts as consuming more than its share, Tier 3 (default 2.0).
    pub max_effort_ratio: f64,
}

impl Default for TierRules {
    fn default() -> Self {
        TierRules {
            tier1_min_margin: 0.20,
            tier1_min_growth: 0.10,
            tier1_min_profit: 0.0,
            tier2_min_margin: 0.05,
            max_effort_ratio: 2.0,
        }
    }
}

/// Everything the pure analysis needs besides the facts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    /// Cost rates.
    pub costs: CostSettings,
    /// Tier thresholds.
    pub tiers: TierRules,
}

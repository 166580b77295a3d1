//! Analysis settings: cost rates and tier thresholds, with documented defaults.

use crate::Money;

/// How service effort and returns turn into money.
#[derive(Clone, Debug, PartialEq)]
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

/// Thresholds of the default tier rules (SPEC §3.1); docs/tiers.md explains them with an example.
///
/// Only customers who bought in the window (status new or active) get a tier.
/// - Tier 4, money loser: profit below zero.
/// - Tier 3, break-even: profit margin below `tier2-min-margin`; or, only
///   when service effort is not priced (so profit cannot show it), at least
///   `effort-min-events` service events and a share of them clearly (at
///   `effort-confidence`) above `max-effort-ratio` times the revenue share.
/// - Tier 1, ideal: profit margin at least `tier1-min-margin`, at least
///   `tier1-min-orders` orders in the window, profit (per full window) at
///   least `tier1-min-profit` and the `tier1-profit-percentile` of profitable
///   customers, and one of: new in the window; growth whose
///   `growth-confidence` interval lies at or above `tier1-min-growth`; or,
///   while growth cannot be told, highly profitable for this business: a
///   measured profit margin of at least `tier1-high-margin` and
///   `tier1-high-margin-vs-portfolio` times the portfolio's, or a profit
///   among the top `tier1-top-profit-share` at a normal margin for the business (at
///   least the portfolio's divided by `tier1-high-margin-vs-portfolio`).
/// - Tier 2, good: every other profitable customer.
#[derive(Clone, Debug, PartialEq)]
pub struct TierRules {
    /// Lowest profit margin of Tier 1 (default 0.20).
    pub tier1_min_margin: f64,
    /// Profit margin that carries Tier 1 on its own when growth cannot be
    /// told from noise (default 0.30).
    pub tier1_high_margin: f64,
    /// Revenue growth over the previous window that counts as growing (default 0.10).
    pub tier1_min_growth: f64,
    /// Confidence of the two-sided growth interval (default 0.80: each
    /// call, growing or not growing, is 90% sure on its side).
    pub growth_confidence: f64,
    /// Lowest profit of Tier 1 in currency units (default 0: off).
    pub tier1_min_profit: f64,
    /// Tier 1 needs a profit (per full window) at least this percentile of
    /// the profitable customers' (default 0.25: the lowest quarter is too
    /// small to be ideal; 0: off).
    pub tier1_profit_percentile: f64,
    /// Fewest orders in the window for Tier 1 (default 2): one order shows
    /// neither growth nor a habit.
    pub tier1_min_orders: u64,
    /// "Highly profitable" by margin needs this many times the portfolio's
    /// revenue-weighted profit margin, besides `tier1-high-margin` (default 1.25).
    pub tier1_high_margin_vs_portfolio: f64,
    /// "Highly profitable" by size: among this top share of profitable
    /// customers by profit, at a normal margin: at least the portfolio's divided
    /// by `tier1-high-margin-vs-portfolio` (default 0.10).
    pub tier1_top_profit_share: f64,
    /// Unpriced service only: how sure the excess of service events must be
    /// (one-sided) before it makes a profitable customer Tier 3 (default 0.95).
    pub effort_confidence: f64,
    /// Lowest profit margin of Tier 2; below it a profitable customer is
    /// break-even, Tier 3 (default 0.05).
    pub tier2_min_margin: f64,
    /// Unpriced service only: highest ratio of service-event share to
    /// revenue share before a customer counts as consuming more than its
    /// share, Tier 3 (default 2.0).
    pub max_effort_ratio: f64,
    /// Unpriced service only: fewest service events in the window for the
    /// effort rule to apply (default 3), so one visit never decides a tier.
    pub effort_min_events: u64,
}

impl Default for TierRules {
    fn default() -> Self {
        TierRules {
            tier1_min_margin: 0.20,
            tier1_high_margin: 0.30,
            tier1_min_growth: 0.10,
            growth_confidence: 0.80,
            tier1_min_profit: 0.0,
            tier1_profit_percentile: 0.25,
            tier1_min_orders: 2,
            tier1_high_margin_vs_portfolio: 1.25,
            tier1_top_profit_share: 0.10,
            effort_confidence: 0.95,
            tier2_min_margin: 0.05,
            max_effort_ratio: 2.0,
            effort_min_events: 3,
        }
    }
}

/// ABC class boundaries (cumulative revenue shares).
#[derive(Clone, Debug, PartialEq)]
pub struct ParetoSettings {
    /// Class A: the customers making up this share of revenue (default 0.80).
    pub abc_a: f64,
    /// Class B: up to this cumulative share (default 0.95).
    pub abc_b: f64,
}

impl Default for ParetoSettings {
    fn default() -> Self {
        ParetoSettings {
            abc_a: 0.80,
            abc_b: 0.95,
        }
    }
}

/// Concentration alerts.
#[derive(Clone, Debug, PartialEq)]
pub struct ConcentrationSettings {
    /// Alert for every customer with at least this share of revenue (default 0.10).
    pub customer_alert: f64,
    /// Alert for every account manager with at least this share of revenue (default 0.25).
    pub manager_alert: f64,
}

impl Default for ConcentrationSettings {
    fn default() -> Self {
        ConcentrationSettings {
            customer_alert: 0.10,
            manager_alert: 0.25,
        }
    }
}

/// RFM cut-offs; each unset dimension uses quintiles of the data.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RfmSettings {
    /// Four ascending day counts: recency up to the first is score 5 … above the last is 1.
    pub recency_cuts: Option<[f64; 4]>,
    /// Four ascending order counts: frequency above the last is score 5.
    pub frequency_cuts: Option<[f64; 4]>,
    /// Four ascending lifetime revenues: monetary above the last is score 5.
    pub monetary_cuts: Option<[f64; 4]>,
}

/// Red-flag thresholds, relative to peers where that makes sense.
#[derive(Clone, Debug, PartialEq)]
pub struct FlagSettings {
    /// Consumes effort: service share at least this many times revenue share (default 3).
    pub effort_ratio: f64,
    /// Demands concessions: discount rate at least this many times the peers' median (default 2) …
    pub discount_vs_median: f64,
    /// … and at least this rate (default 0.05).
    pub discount_min: f64,
    /// Pays late: average days late at least this (default 30), or anything
    /// written off, or overdue at least `overdue-share` of window revenue.
    pub late_days: f64,
    /// See `late-days` (default 0.10).
    pub overdue_share: f64,
    /// Complains: at least this many complaints in the window (default 3) …
    pub complaints_min: u64,
    /// … and complaints per order at least this many times the portfolio's (default 3).
    pub complaints_vs_rate: f64,
    /// Returns a lot: return rate at least this many times the portfolio's (default 2) …
    pub returns_vs_rate: f64,
    /// … and at least this rate (default 0.10).
    pub returns_min: f64,
    /// Pays late: days after the due date that still count as on time (default 5).
    pub late_grace_days: f64,
    /// Returns, concessions and late payment are flagged only on at least this
    /// many orders (invoices) of the customer in the window (default 3) …
    pub min_events: u64,
    /// … and when the customer's count stands out from the portfolio's share
    /// by a one-sided binomial test at this level (default 0.01).
    pub significance: f64,
}

impl Default for FlagSettings {
    fn default() -> Self {
        FlagSettings {
            effort_ratio: 3.0,
            discount_vs_median: 2.0,
            discount_min: 0.05,
            late_days: 30.0,
            overdue_share: 0.10,
            complaints_min: 3,
            complaints_vs_rate: 3.0,
            returns_vs_rate: 2.0,
            returns_min: 0.10,
            late_grace_days: 5.0,
            min_events: 3,
            significance: 0.01,
        }
    }
}

/// A quadrant's name and action.
#[derive(Clone, Debug, PartialEq)]
pub struct QuadrantText {
    /// Short name.
    pub name: String,
    /// What to do with its customers.
    pub action: String,
}

fn q(name: &str, action: &str) -> QuadrantText {
    QuadrantText {
        name: name.into(),
        action: action.into(),
    }
}

/// Where an axis is split into low and high.
#[derive(Clone, Debug, PartialEq)]
pub enum Split {
    /// A fixed value.
    Value(f64),
    /// `median`, `mean` or a percentile such as `p75`.
    Named(String),
}

impl Default for Split {
    fn default() -> Self {
        Split::Named("median".into())
    }
}

/// The customer grading matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixSettings {
    /// Characteristic on the X axis (default `revenue`).
    pub x: String,
    /// Characteristic on the Y axis (default `profit_margin`).
    pub y: String,
    /// Split of X (default `median`).
    pub split_x: Split,
    /// Split of Y (default `median`).
    pub split_y: Split,
    /// When X is a customer attribute (e.g. `region`): the values that count as high.
    pub good_x: Option<Vec<String>>,
    /// When Y is a customer attribute: the values that count as high.
    pub good_y: Option<Vec<String>>,
    /// High X, high Y.
    pub high_high: QuadrantText,
    /// High X, low Y.
    pub high_low: QuadrantText,
    /// Low X, high Y.
    pub low_high: QuadrantText,
    /// Low X, low Y.
    pub low_low: QuadrantText,
}

impl Default for MatrixSettings {
    fn default() -> Self {
        MatrixSettings {
            x: "revenue".into(),
            y: "profit_margin".into(),
            split_x: Split::default(),
            split_y: Split::default(),
            good_x: None,
            good_y: None,
            high_high: q(
                "stars",
                "protect and grow: key-account care, first call on capacity",
            ),
            high_low: q(
                "volume, thin margin",
                "reprice, review discounts, cut the cost to serve",
            ),
            low_high: q(
                "hidden gems",
                "grow the share of wallet: cross-sell, more contact",
            ),
            low_low: q(
                "marginal",
                "serve at the lowest cost; stop acquiring more like them",
            ),
        }
    }
}

/// One factor of the key-customer ranking.
#[derive(Clone, Debug, PartialEq)]
pub struct RankingFactor {
    /// A label for the evidence, e.g. `payment history`.
    pub label: String,
    /// The characteristic it reads.
    pub characteristic: String,
    /// Its weight (default 1).
    pub weight: f64,
    /// Whether more is better (default true; false for burdens).
    pub higher_is_better: bool,
}

/// The most factors the ranking takes (SPEC §3.3).
pub const MAX_RANKING_FACTORS: usize = 5;

/// Key-customer ranking: turnover adjusted by weighted factors.
#[derive(Clone, Debug, PartialEq)]
pub struct RankingSettings {
    /// At most five factors.
    pub factors: Vec<RankingFactor>,
}

impl Default for RankingSettings {
    fn default() -> Self {
        let f = |label: &str, characteristic: &str, higher_is_better| RankingFactor {
            label: label.into(),
            characteristic: characteristic.into(),
            weight: 1.0,
            higher_is_better,
        };
        RankingSettings {
            factors: vec![
                f("payment history", "on_time_rate", true),
                f("service burden", "effort_ratio", false),
                f("growth potential", "growth", true),
                f("margin", "profit_margin", true),
                f("loyalty", "tenure_days", true),
            ],
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
    /// ABC classes.
    pub pareto: ParetoSettings,
    /// Concentration alerts.
    pub concentration: ConcentrationSettings,
    /// RFM cut-offs.
    pub rfm: RfmSettings,
    /// Red-flag thresholds.
    pub flags: FlagSettings,
    /// The grading matrix.
    pub matrix: MatrixSettings,
    /// The key-customer ranking.
    pub ranking: RankingSettings,
    /// Lifetime value horizon and discounting.
    pub lifetime: crate::LifetimeSettings,
    /// Thresholds of the movement lists.
    pub movement: crate::movement::MovementSettings,
    /// The ideal customer profile.
    pub profile: crate::ProfileSettings,
}

impl Settings {
    /// Check what the types cannot: characteristic names, splits, the number of
    /// ranking factors. The message names the key and the fix.
    pub fn validate(&self) -> Result<(), String> {
        use crate::measures::is_measure;
        let list = || {
            crate::measures::measure_names()
                .collect::<Vec<_>>()
                .join(", ")
        };
        for (key, name, good, good_key) in [
            ("matrix.x", &self.matrix.x, &self.matrix.good_x, "good-x"),
            ("matrix.y", &self.matrix.y, &self.matrix.good_y, "good-y"),
        ] {
            if !is_measure(name) && good.is_none() {
                return Err(format!(
                    "{key}: `{name}` is not a characteristic; use one of {}; for a customer \
                     attribute such as region, list the values that count as high in matrix.{good_key}",
                    list()
                ));
            }
        }
        for (key, split) in [
            ("matrix.split-x", &self.matrix.split_x),
            ("matrix.split-y", &self.matrix.split_y),
        ] {
            if let Split::Named(s) = split {
                if parse_percentile(s).is_none() && s != "mean" {
                    return Err(format!(
                        "{key}: `{s}` is not a split; use \"median\", \"mean\", a percentile such as \"p75\", or a number"
                    ));
                }
            }
        }
        let n = self.ranking.factors.len();
        if n > MAX_RANKING_FACTORS {
            return Err(format!(
                "ranking.factors: {n} factors given, at most {MAX_RANKING_FACTORS} are allowed: \
                 with more, each factor's weight becomes too small to explain a rank and \
                 factors start to count the same thing twice; remove {}",
                n - MAX_RANKING_FACTORS
            ));
        }
        for f in &self.ranking.factors {
            if !is_measure(&f.characteristic) {
                return Err(format!(
                    "ranking.factors: `{}` is not a characteristic; use one of {}",
                    f.characteristic,
                    list()
                ));
            }
            if !(f.weight.is_finite() && f.weight > 0.0) {
                return Err(format!(
                    "ranking.factors: the weight of `{}` must be a positive number",
                    f.label
                ));
            }
        }
        self.profile.validate()?;
        let t = &self.tiers;
        if !(0.5..1.0).contains(&t.growth_confidence) {
            return Err(
                "tiers.growth-confidence: the confidence of the growth interval, between 0.5 and 1, e.g. 0.90"
                    .into(),
            );
        }
        if t.tier1_high_margin < t.tier1_min_margin {
            return Err(format!(
                "tiers.tier1-high-margin ({}) must be at least tiers.tier1-min-margin ({}): it is the margin that carries Tier 1 without proven growth",
                t.tier1_high_margin, t.tier1_min_margin
            ));
        }
        let l = &self.lifetime;
        if !(l.horizon_weeks > 0.0 && l.horizon_weeks <= 520.0) {
            return Err("lifetime.horizon-weeks: must be between 0 and 520".into());
        }
        if !(0.0..1.0).contains(&l.discount_rate) {
            return Err("lifetime.discount-rate: a yearly rate between 0 and 1, e.g. 0.10".into());
        }
        if !(0.0 < self.pareto.abc_a
            && self.pareto.abc_a < self.pareto.abc_b
            && self.pareto.abc_b <= 1.0)
        {
            return Err("pareto: need 0 < abc-a < abc-b ≤ 1".into());
        }
        Ok(())
    }
}

/// `median` is p50; `p75` is 0.75.
pub fn parse_percentile(s: &str) -> Option<f64> {
    if s == "median" {
        return Some(0.5);
    }
    let p: f64 = s.strip_prefix('p')?.parse().ok()?;
    (0.0..=100.0).contains(&p).then_some(p / 100.0)
}

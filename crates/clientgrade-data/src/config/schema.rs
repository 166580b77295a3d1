//! The config file's settings sections as written: serde structs mirroring the TOML (kebab-case keys, unknown keys refused), every key optional, each laid over core's settings.
//!
//! Core's settings types know nothing of files; their `Default`s are the
//! only defaults. A section here holds only what the file says (`None`: the
//! key is not in the file) and `Config::apply` lays them over a
//! `Settings`. The field names and their order are the keys and the order
//! the "valid keys" lists of the error messages show.

use clientgrade_core::movement::MovementSettings;
use clientgrade_core::{
    ConcentrationSettings, CostSettings, FlagSettings, LifetimeSettings, MatrixSettings,
    ParetoSettings, ProfileSettings, RankingFactor, RankingSettings, RfmSettings, TierRules,
};
use serde::Deserialize;

/// One `[section]` of settings: the struct of optional keys and its `apply`,
/// which sets every key the file gives on core's struct and leaves the rest.
macro_rules! section {
    ($(#[$m:meta])* $name:ident => $core:ty { $($(#[$fm:meta])* $field:ident: $ty:ty,)* }) => {
        $(#[$m])*
        #[derive(Clone, Debug, Default, Deserialize)]
        #[serde(rename_all = "kebab-case", deny_unknown_fields)]
        pub struct $name {
            $($(#[$fm])* pub $field: Option<$ty>,)*
        }

        impl $name {
            /// Set the keys the file gives; the others keep their value.
            pub fn apply(&self, s: &mut $core) {
                $(if let Some(v) = &self.$field {
                    s.$field = v.clone().into();
                })*
            }
        }
    };
}

section! {
    /// `[costs]` (core: [`CostSettings`]).
    CostsSection => CostSettings {
        /// `hourly-rate`.
        hourly_rate: f64,
        /// `cost-per-service-event`.
        cost_per_service_event: f64,
        /// `return-handling-cost`.
        return_handling_cost: f64,
        /// `assumed-gross-margin`.
        assumed_gross_margin: f64,
    }
}

section! {
    /// `[tiers]` (core: [`TierRules`]).
    TiersSection => TierRules {
        /// `tier1-min-margin`.
        tier1_min_margin: f64,
        /// `tier1-high-margin`.
        tier1_high_margin: f64,
        /// `tier1-min-growth`.
        tier1_min_growth: f64,
        /// `growth-confidence`.
        growth_confidence: f64,
        /// `tier1-min-profit`.
        tier1_min_profit: f64,
        /// `tier1-profit-percentile`.
        tier1_profit_percentile: f64,
        /// `tier1-min-orders`.
        tier1_min_orders: u64,
        /// `tier1-high-margin-vs-portfolio`.
        tier1_high_margin_vs_portfolio: f64,
        /// `tier1-top-profit-share`.
        tier1_top_profit_share: f64,
        /// `effort-confidence`.
        effort_confidence: f64,
        /// `tier2-min-margin`.
        tier2_min_margin: f64,
        /// `max-effort-ratio`.
        max_effort_ratio: f64,
        /// `effort-min-events`.
        effort_min_events: u64,
    }
}

section! {
    /// `[pareto]` (core: [`ParetoSettings`]).
    ParetoSection => ParetoSettings {
        /// `abc-a`.
        abc_a: f64,
        /// `abc-b`.
        abc_b: f64,
    }
}

section! {
    /// `[concentration]` (core: [`ConcentrationSettings`]).
    ConcentrationSection => ConcentrationSettings {
        /// `customer-alert`.
        customer_alert: f64,
        /// `manager-alert`.
        manager_alert: f64,
    }
}

section! {
    /// `[rfm]` (core: [`RfmSettings`]).
    RfmSection => RfmSettings {
        /// `recency-cuts`.
        recency_cuts: [f64; 4],
        /// `frequency-cuts`.
        frequency_cuts: [f64; 4],
        /// `monetary-cuts`.
        monetary_cuts: [f64; 4],
    }
}

section! {
    /// `[flags]` (core: [`FlagSettings`]).
    FlagsSection => FlagSettings {
        /// `effort-ratio`.
        effort_ratio: f64,
        /// `discount-vs-median`.
        discount_vs_median: f64,
        /// `discount-min`.
        discount_min: f64,
        /// `late-days`.
        late_days: f64,
        /// `overdue-share`.
        overdue_share: f64,
        /// `complaints-min`.
        complaints_min: u64,
        /// `complaints-vs-rate`.
        complaints_vs_rate: f64,
        /// `returns-vs-rate`.
        returns_vs_rate: f64,
        /// `returns-min`.
        returns_min: f64,
        /// `late-grace-days`.
        late_grace_days: f64,
        /// `min-events`.
        min_events: u64,
        /// `significance`.
        significance: f64,
    }
}

/// Where an axis is split, as written: a number or a name (the name of
/// this enum appears in serde's message, which `describe_toml_error` reads).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Split {
    /// A fixed value.
    Value(f64),
    /// `median`, `mean` or a percentile such as `p75`.
    Named(String),
}

impl From<Split> for clientgrade_core::Split {
    fn from(s: Split) -> Self {
        match s {
            Split::Value(v) => clientgrade_core::Split::Value(v),
            Split::Named(n) => clientgrade_core::Split::Named(n),
        }
    }
}

/// A quadrant's name and action, as written (both keys required).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct QuadrantText {
    /// Short name.
    pub name: String,
    /// What to do with its customers.
    pub action: String,
}

impl From<QuadrantText> for clientgrade_core::QuadrantText {
    fn from(q: QuadrantText) -> Self {
        clientgrade_core::QuadrantText {
            name: q.name,
            action: q.action,
        }
    }
}

section! {
    /// `[matrix]` (core: [`MatrixSettings`]).
    MatrixSection => MatrixSettings {
        /// `x`.
        x: String,
        /// `y`.
        y: String,
        /// `split-x`.
        split_x: Split,
        /// `split-y`.
        split_y: Split,
        /// `good-x`.
        good_x: Vec<String>,
        /// `good-y`.
        good_y: Vec<String>,
        /// `high-high`.
        high_high: QuadrantText,
        /// `high-low`.
        high_low: QuadrantText,
        /// `low-high`.
        low_high: QuadrantText,
        /// `low-low`.
        low_low: QuadrantText,
    }
}

/// One `[[ranking.factors]]` entry as written.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct FactorEntry {
    /// A label for the evidence, e.g. `payment history`.
    pub label: String,
    /// The characteristic it reads.
    pub characteristic: String,
    /// Its weight (default 1: the default of an entry, which only a file has).
    #[serde(default = "one")]
    pub weight: f64,
    /// Whether more is better (default true).
    #[serde(default = "yes")]
    pub higher_is_better: bool,
}

fn one() -> f64 {
    1.0
}

fn yes() -> bool {
    true
}

/// `[ranking]` (core: [`RankingSettings`]): the factors replace the
/// default five as a whole.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RankingSection {
    /// `[[ranking.factors]]`.
    pub factors: Option<Vec<FactorEntry>>,
}

impl RankingSection {
    /// Replace the factors when the file lists them.
    pub fn apply(&self, s: &mut RankingSettings) {
        if let Some(factors) = &self.factors {
            s.factors = factors
                .iter()
                .map(|f| RankingFactor {
                    label: f.label.clone(),
                    characteristic: f.characteristic.clone(),
                    weight: f.weight,
                    higher_is_better: f.higher_is_better,
                })
                .collect();
        }
    }
}

section! {
    /// `[lifetime]` (core: [`LifetimeSettings`]).
    LifetimeSection => LifetimeSettings {
        /// `enabled`.
        enabled: bool,
        /// `horizon-weeks`.
        horizon_weeks: f64,
        /// `discount-rate`.
        discount_rate: f64,
    }
}

section! {
    /// `[movement]` (core: [`MovementSettings`]).
    MovementSection => MovementSettings {
        /// `p-alive-drop`.
        p_alive_drop: f64,
        /// `profit-drop`.
        profit_drop: f64,
        /// `no-contact-gaps`.
        no_contact_gaps: f64,
    }
}

section! {
    /// `[profile]` (core: [`ProfileSettings`]).
    ProfileSection => ProfileSettings {
        /// `enabled`.
        enabled: bool,
        /// `folds`.
        folds: usize,
        /// `bins`.
        bins: usize,
        /// `min-support`.
        min_support: u64,
        /// `confidence`.
        confidence: f64,
        /// `significance`.
        significance: f64,
        /// `min-auc`.
        min_auc: f64,
        /// `ignore`.
        ignore: Vec<String>,
    }
}

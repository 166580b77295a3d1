//! The domain of clientgrade: customers, characteristics and verdicts.
//!
//! Pure and deterministic: no I/O, no clock (the as-of date is an input), no
//! file formats. The data crate turns input tables into [`CustomerFacts`];
//! [`grade`] turns facts into characteristics and tiers with their evidence.
//!
//! ```
//! use clientgrade_core::*;
//!
//! let as_of = Date::parse_iso("2025-12-31").unwrap();
//! let window = AnalysisWindow::new(as_of, 12);
//! let facts = CustomerFacts {
//!     id: Some(CustomerId::new("C1")),
//!     revenue: Money::from_units(1_000),
//!     cost_of_goods: Money::from_units(1_200),
//!     first_purchase: Date::parse_iso("2023-05-02"),
//!     last_purchase: Date::parse_iso("2025-11-20"),
//!     ..CustomerFacts::default()
//! };
//! let coverage = Coverage { cost_of_goods: true, ..Coverage::default() };
//! let portfolio = grade(vec![facts], coverage, &Settings::default(), window);
//! assert_eq!(portfolio.customers[0].status, Status::Active);
//! assert_eq!(portfolio.customers[0].tier.tier, Some(Tier::Loser));
//! assert!(portfolio.customers[0].tier.reason.starts_with("loses money: profit -200.00"));
//! ```

mod action;
mod analysis;
mod characteristics;
pub mod concentration;
mod date;
pub mod evidence;
mod facts;
pub mod flags;
pub mod growth;
mod id;
mod lifetime;
pub mod matrix;
pub mod measures;
mod money;
pub mod movement;
pub mod parallel;
pub mod pareto;
pub mod profile;
pub mod ranking;
pub mod rfm;
pub mod rhythm;
mod settings;
pub mod special;
mod status;
pub mod tails;
#[cfg(test)]
mod testkit;
mod tier;
mod value;
mod window;

pub use action::{recommend, Action, ActionInput, ActionReason, PreviousWorth, KEY_SHARE};
pub use analysis::{grade, GradedCustomer, Portfolio, PortfolioVerdicts, StatusTotals, TierTotals};
pub use characteristics::{
    characteristics, customer_start, portfolio_totals, service_cost, service_priced,
    Characteristics, PortfolioTotals,
};
pub use date::{days_in_month, is_leap, Date};
pub use facts::{Coverage, CustomerFacts, LateInvoice};
pub use id::CustomerId;
pub use lifetime::{CustomerLifetime, Holdout, Lifetime, LifetimeSettings, ModelFit, Scorecard};
pub use money::{Money, MONEY_SCALE};
pub use profile::{Profile, ProfileSettings, Prospect, ProspectTable};
pub use settings::{
    parse_percentile, ConcentrationSettings, CostSettings, FlagSettings, MatrixSettings,
    ParetoSettings, QuadrantText, RankingFactor, RankingSettings, RfmSettings, Settings, Split,
    TierRules, MAX_RANKING_FACTORS,
};
pub use status::{lifecycle, Status};
pub use tier::{
    assign_tier, growth_text, profit_per_window, tier_basis, Tier, TierBasis, TierVerdict,
};
pub use value::{Value, ValueKind};
pub use window::{AnalysisWindow, Period, WindowBounds};

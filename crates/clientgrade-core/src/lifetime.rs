//! Lifetime-value results (probability alive, expected purchases and value, CLV) as plain data.
//!
//! The models live in `clientgrade-btyd`; the caller fits them and attaches
//! the results here, so that core stays free of numerics and I/O.

/// Horizon and discounting of the lifetime values.
#[derive(Clone, Debug, PartialEq)]
pub struct LifetimeSettings {
    /// Whether to fit the models at all (default true).
    pub enabled: bool,
    /// Horizon of expected purchases and CLV, in weeks (default 52).
    pub horizon_weeks: f64,
    /// Yearly discount rate of the CLV (default 0.10).
    pub discount_rate: f64,
}

impl Default for LifetimeSettings {
    fn default() -> Self {
        LifetimeSettings {
            enabled: true,
            horizon_weeks: 52.0,
            discount_rate: 0.10,
        }
    }
}

/// A fitted model, for the record.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelFit {
    /// `BG/NBD` or `Gamma–Gamma`.
    pub model: &'static str,
    /// (name, estimate, standard error).
    pub params: Vec<(&'static str, f64, Option<f64>)>,
    /// Log-likelihood at the estimates.
    pub log_likelihood: f64,
    /// Optimiser iterations.
    pub iterations: usize,
    /// Largest gradient component of the mean log-likelihood at the end.
    pub gradient_norm: f64,
    /// Whether the optimiser converged.
    pub converged: bool,
    /// Customers it was fitted on.
    pub customers: usize,
}

/// Predicted against actual purchases per customer: the one scorecard type
/// (`clientgrade-btyd`'s `scorecard` computes it, [`Holdout`] carries it).
#[derive(Clone, Debug, PartialEq)]
pub struct Scorecard {
    /// Customers compared.
    pub customers: usize,
    /// Pearson correlation of predicted and actual purchases per customer.
    pub correlation: f64,
    /// Mean absolute error per customer.
    pub mae: f64,
    /// Sum of predicted purchases.
    pub predicted_total: f64,
    /// Sum of actual purchases.
    pub actual_total: f64,
    /// By calibration frequency (0, 1, …, 6, and 7+): customers, mean
    /// predicted, mean actual.
    pub by_frequency: Vec<(String, usize, f64, f64)>,
}

/// Predicted against actual purchase days after as-of: the calibration/holdout check.
#[derive(Clone, Debug, PartialEq)]
pub struct Holdout {
    /// Last day of the holdout period.
    pub end: crate::Date,
    /// Its length in weeks.
    pub weeks: f64,
    /// Predicted against actual purchase days per customer.
    pub scorecard: Scorecard,
}

/// The lifetime models of a portfolio.
#[derive(Clone, Debug, PartialEq)]
pub struct Lifetime {
    /// The purchase model.
    pub bgnbd: ModelFit,
    /// The spend model (absent with too few repeat buyers).
    pub gamma_gamma: Option<ModelFit>,
    /// The settings used.
    pub settings: LifetimeSettings,
    /// What the reader should know (e.g. why values are missing).
    pub notes: Vec<String>,
    /// The calibration/holdout check, when a holdout end was given.
    pub holdout: Option<Holdout>,
}

/// One customer's lifetime figures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CustomerLifetime {
    /// Probability of still being a customer at as-of; `None` for a
    /// one-time buyer (one purchase day), for which BG/NBD gives 1 by
    /// construction (it assumes nobody leaves before a repeat purchase).
    pub p_alive: Option<f64>,
    /// Expected purchase days over the horizon.
    pub expected_purchases: f64,
    /// Expected revenue of a future purchase (Gamma–Gamma).
    pub expected_spend: Option<f64>,
    /// Discounted expected revenue over the horizon.
    pub expected_revenue: Option<f64>,
    /// Lifetime value in profit: the discounted expected revenue times the
    /// customer's gross margin rate, minus its cost to serve per order times
    /// the discounted expected orders (`None` without cost of goods).
    pub clv_profit: Option<f64>,
}

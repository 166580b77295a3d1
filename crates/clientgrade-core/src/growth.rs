//! Growth judged with its uncertainty: a quasi-Poisson rate ratio of revenue between the two windows, with a portfolio-moderated dispersion.
//!
//! One customer's revenue in the eight parts of the two windows (quarters
//! of a 12-month window) is modelled as `E[y_k] = μ_w · s_k · e_k`: one
//! revenue rate per window `μ_w`, the portfolio's seasonal pattern `s_k`
//! (12-month windows only) and the share `e_k` of the part the customer
//! existed in (from its first purchase or customer-since date, and the
//! start of the data). The growth estimate is `μ_now / μ_before − 1`, which
//! for a customer present in both windows is plain revenue growth. When the
//! customer's start is its first purchase, that purchase is left out (it is
//! there by definition, not by chance: counting it would fake a decline for
//! every customer acquired late in the previous window); when a window then
//! has no revenue, half an average order is added to both windows (the
//! usual continuity correction for a rate ratio).
//!
//! Its uncertainty is quasi-Poisson: `Var(y_k) = φ · E[y_k]`, so
//! `Var(log μ̂_w) = φ / Y_w` with `Y_w` the window's revenue. The dispersion
//! `φ` (in money: for orders arriving at random it is the mean order value
//! times `1 + cv²` of order values) is the customer's Pearson χ² over its
//! `d` degrees of freedom (up to six), expressed per average order
//! (`k = φ / m`). Six quarters say little about one customer's noise, so
//! `k` is moderated towards the portfolio the way limma moderates variances
//! (Smyth 2004): the portfolio's `k₀` and its weight `d₀` are estimated from
//! the spread of all customers' `log k`, and `k̃ = (d₀ k₀ + d k) / (d₀ + d)`.
//! When customers differ much in their noise, `d₀` is small and each keeps
//! its own. The interval is `exp(log ρ̂ ± t·√(k̃ m (1/Y_before + 1/Y_now))) − 1`
//! with `t` the Student quantile on `d₀ + d` degrees of freedom.

use crate::special::{digamma, trigamma, trigamma_inverse};
use crate::tails::student_quantile;
use crate::{Date, Money, WindowBounds};

/// What the growth interval says against the Tier 1 growth threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GrowthCall {
    /// The whole interval lies at or above the threshold.
    Growing,
    /// The whole interval lies below the threshold.
    NotGrowing,
    /// The interval spans the threshold: noise cannot be told from growth.
    CannotTell,
    /// No part of the previous window to compare with (new, or the data
    /// starts inside the window).
    NoHistory,
    /// No net revenue in the window.
    NoRevenue,
}

impl GrowthCall {
    /// The name used in outputs.
    pub fn name(self) -> &'static str {
        match self {
            GrowthCall::Growing => "growing",
            GrowthCall::NotGrowing => "not growing",
            GrowthCall::CannotTell => "cannot tell",
            GrowthCall::NoHistory => "no history",
            GrowthCall::NoRevenue => "no revenue",
        }
    }
}

/// One customer's growth: the estimate, its interval and the call.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Growth {
    /// Revenue rate now over the rate before, minus one.
    pub estimate: Option<f64>,
    /// Lower end of the interval (`None` also when it is not finite).
    pub low: Option<f64>,
    /// Upper end of the interval (`None` also when it is not finite: too
    /// wide to bound).
    pub high: Option<f64>,
    /// What the interval says against the threshold.
    pub call: GrowthCall,
    /// Why there is an interval but no estimate: one window had nothing to
    /// compare (the interval then rests on half an order on both sides).
    pub note: Option<&'static str>,
}

/// The portfolio-level inputs of every customer's growth judgement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GrowthBasis {
    /// Seasonal multipliers of the four parts of a window (mean 1); all 1
    /// unless the window is 12 months long.
    pub season: [f64; 4],
    /// The portfolio's typical dispersion per average order (`k₀`), the prior
    /// each customer's own is moderated towards.
    pub dispersion: f64,
    /// The degrees of freedom the prior is worth (`d₀`; infinite when all
    /// customers look alike).
    pub prior_df: f64,
    /// The earliest transaction in the data: parts before it are not exposure.
    pub data_start: Option<Date>,
}

impl Default for GrowthBasis {
    fn default() -> Self {
        GrowthBasis {
            season: [1.0; 4],
            dispersion: 1.0,
            prior_df: DEFAULT_PRIOR_DF,
            data_start: None,
        }
    }
}

/// The prior's degrees of freedom when the portfolio is too small to
/// estimate them (fewer than [`MIN_FOR_PRIOR`] customers who bought in both windows).
pub const DEFAULT_PRIOR_DF: f64 = 4.0;
/// Customers needed to estimate the prior.
pub const MIN_FOR_PRIOR: usize = 20;

/// The share of each of the eight parts during which the customer existed
/// and the data covered it.
pub fn exposures(bounds: &WindowBounds, start: Option<Date>, data_start: Option<Date>) -> [f64; 8] {
    let from = match (start, data_start) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let mut e = [1.0; 8];
    if let Some(from) = from {
        for (k, x) in e.iter_mut().enumerate() {
            let (first, last) = bounds.part_days(k);
            *x = if from <= first {
                1.0
            } else if from > last {
                0.0
            } else {
                f64::from(last.days_since(from) + 1) / f64::from(last.days_since(first) + 1)
            };
        }
    }
    e
}

/// Fewest parts (quarters of a 12-month window) of the previous window a
/// customer must have existed in for its rate there to be compared: less is
/// a start-up period, not a rate.
pub const MIN_PREVIOUS_PARTS: f64 = 1.0;

/// Why growth is not measured for a customer of only a few weeks before the window.
pub const SHORT_HISTORY: &str =
    "a customer for less than a quarter of the previous window: too short to compare";

/// Whether the customer existed in less than [`MIN_PREVIOUS_PARTS`] of the previous window.
pub fn short_history(e: &[f64; 8]) -> bool {
    let before: f64 = e[..4].iter().sum();
    before > 0.0 && before < MIN_PREVIOUS_PARTS
}

/// The two-rate fit of one customer's parts.
struct Fit {
    y_before: f64,
    y_now: f64,
    s_before: f64,
    s_now: f64,
    pearson: f64,
    df: f64,
}

/// The acquisition purchase to leave out: its part and its value.
pub type Acquisition = Option<(usize, Money)>;

fn fit(parts: &[Money; 8], acquisition: Acquisition, e: &[f64; 8], season: &[f64; 4]) -> Fit {
    let mut parts = *parts;
    if let Some((k, v)) = acquisition {
        parts[k] -= v;
    }
    let y: Vec<f64> = parts.iter().map(|m| m.to_f64().max(0.0)).collect();
    let w: Vec<f64> = (0..8).map(|k| season[k % 4] * e[k]).collect();
    let (y_before, y_now) = (y[..4].iter().sum::<f64>(), y[4..].iter().sum::<f64>());
    let (s_before, s_now) = (w[..4].iter().sum::<f64>(), w[4..].iter().sum::<f64>());
    let mut pearson = 0.0;
    let mut observed = 0usize;
    for k in 0..8 {
        if e[k] <= 0.0 {
            continue;
        }
        observed += 1;
        let (total, s) = if k < 4 {
            (y_before, s_before)
        } else {
            (y_now, s_now)
        };
        let fitted = total / s * w[k];
        if fitted > 0.0 {
            pearson += (y[k] - fitted).powi(2) / fitted;
        }
    }
    Fit {
        y_before,
        y_now,
        s_before,
        s_now,
        pearson,
        df: observed.saturating_sub(2) as f64,
    }
}

/// A customer's own dispersion per average order and its degrees of
/// freedom, when it bought in both windows.
pub fn dispersion_index(
    parts: &[Money; 8],
    acquisition: Acquisition,
    e: &[f64; 8],
    season: &[f64; 4],
    orders: u64,
) -> Option<(f64, f64)> {
    let f = fit(parts, acquisition, e, season);
    if f.y_before <= 0.0 || f.y_now <= 0.0 || f.df < 1.0 || short_history(e) {
        return None;
    }
    let orders = orders.saturating_sub(u64::from(acquisition.is_some()));
    let per_order = (f.y_before + f.y_now) / orders.max(1) as f64;
    Some((f.pearson / f.df / per_order, f.df))
}

/// Judge one customer's growth against `threshold` with a two-sided
/// interval of `confidence` (e.g. 0.90).
pub fn judge(
    parts: &[Money; 8],
    acquisition: Acquisition,
    e: &[f64; 8],
    orders: u64,
    basis: &GrowthBasis,
    confidence: f64,
    threshold: f64,
) -> Growth {
    let f = fit(parts, acquisition, e, &basis.season);
    let none = |call| Growth {
        estimate: None,
        low: None,
        high: None,
        call,
        note: None,
    };
    if f.s_now <= 0.0 || (f.y_now <= 0.0 && acquisition.is_none_or(|(k, _)| k < 4)) {
        return none(GrowthCall::NoRevenue);
    }
    if f.s_before <= 0.0 {
        return none(GrowthCall::NoHistory);
    }
    if short_history(e) {
        // a few weeks of a start-up period say nothing about the rate
        // before: extrapolating them to a year fakes growth or decline
        return Growth {
            note: Some(SHORT_HISTORY),
            ..none(GrowthCall::NoHistory)
        };
    }
    let orders = orders.saturating_sub(u64::from(acquisition.is_some()));
    if f.y_before + f.y_now <= 0.0 || orders == 0 {
        return none(GrowthCall::CannotTell);
    }
    let per_order = (f.y_before + f.y_now) / orders as f64;
    // a window without revenue: half an average order on both sides
    let half = if f.y_before <= 0.0 || f.y_now <= 0.0 {
        per_order / 2.0
    } else {
        0.0
    };
    let (y_before, y_now) = (f.y_before + half, f.y_now + half);
    let ratio = (y_now / f.s_now) / (y_before / f.s_before);
    let own = if f.df >= 1.0 {
        (f.pearson / f.df / per_order).max(FLOOR)
    } else {
        basis.dispersion
    };
    let d0 = basis.prior_df;
    let k = if d0.is_infinite() {
        basis.dispersion
    } else {
        (d0 * basis.dispersion + f.df * own) / (d0 + f.df)
    };
    let phi = k * per_order;
    let se = (phi * (1.0 / y_before + 1.0 / y_now)).sqrt();
    let z = student_quantile(0.5 + confidence.clamp(0.5, 0.999) / 2.0, d0 + f.df);
    let (low, high) = (
        (ratio.ln() - z * se).exp() - 1.0,
        (ratio.ln() + z * se).exp() - 1.0,
    );
    let call = if low >= threshold {
        GrowthCall::Growing
    } else if high < threshold {
        GrowthCall::NotGrowing
    } else {
        GrowthCall::CannotTell
    };
    let note = match (half > 0.0, acquisition.is_some_and(|(k, _)| k < 4)) {
        (false, _) => None,
        (true, true) => Some("only its first purchase in the previous window"),
        (true, false) => Some("no revenue in the previous window"),
    };
    // an interval too wide for a number (e^709 and beyond) has no bound
    // there, never an infinite one
    let finite = |v: f64| Some(v).filter(|v| v.is_finite());
    Growth {
        estimate: (half == 0.0).then_some(ratio - 1.0).and_then(finite),
        low: finite(low),
        high: finite(high),
        call,
        note,
    }
}

/// The portfolio basis from every customer's parts, exposures and orders
/// (`months`: the window length; seasons only for 12-month windows).
pub fn basis(
    customers: &[([Money; 8], Acquisition, [f64; 8], u64)],
    months: u32,
    data_start: Option<Date>,
) -> GrowthBasis {
    let mut season = [1.0; 4];
    if months == 12 {
        let mut sums = [0.0; 4];
        for (parts, _, e, _) in customers {
            if e.iter().all(|x| *x >= 1.0) {
                for k in 0..8 {
                    sums[k % 4] += parts[k].to_f64().max(0.0);
                }
            }
        }
        let total: f64 = sums.iter().sum();
        if total > 0.0 && sums.iter().all(|s| *s > 0.0) {
            for k in 0..4 {
                season[k] = 4.0 * sums[k] / total;
            }
        }
    }
    let ks: Vec<(f64, f64)> = customers
        .iter()
        .filter_map(|(parts, a, e, orders)| dispersion_index(parts, *a, e, &season, *orders))
        .filter(|(k, _)| k.is_finite())
        .map(|(k, df)| (k.max(FLOOR), df))
        .collect();
    let (dispersion, prior_df) = prior(&ks);
    GrowthBasis {
        season,
        dispersion,
        prior_df,
        data_start,
    }
}

/// The smallest dispersion per order taken from one customer (a perfectly
/// regular customer would otherwise claim to have no noise at all).
const FLOOR: f64 = 0.01;

/// The portfolio prior `(k₀, d₀)` from every customer's `(k, d)`: limma's
/// moment estimates on `log k` (Smyth 2004, section 6.2).
fn prior(ks: &[(f64, f64)]) -> (f64, f64) {
    if ks.len() < MIN_FOR_PRIOR {
        let mut v: Vec<f64> = ks.iter().map(|k| k.0).collect();
        v.sort_by(f64::total_cmp);
        let k0 = if v.is_empty() { 1.0 } else { v[v.len() / 2] };
        return (k0, DEFAULT_PRIOR_DF);
    }
    let n = ks.len() as f64;
    let e: Vec<f64> = ks
        .iter()
        .map(|(k, d)| k.ln() - digamma(d / 2.0) + (d / 2.0).ln())
        .collect();
    let mean = e.iter().sum::<f64>() / n;
    let spread = e.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)
        - ks.iter().map(|(_, d)| trigamma(d / 2.0)).sum::<f64>() / n;
    if spread > 0.0 {
        let d0 = 2.0 * trigamma_inverse(spread);
        ((mean + digamma(d0 / 2.0) - (d0 / 2.0).ln()).exp(), d0)
    } else {
        (mean.exp(), f64::INFINITY)
    }
}

#[cfg(test)]
mod tests;

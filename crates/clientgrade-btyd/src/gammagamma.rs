//! Gamma–Gamma spend model (Fader, Hardie & Lee 2005): average transaction value of repeat buyers.

use crate::fit::{compress, fit, Fit, Likelihood};
use crate::special::{digamma, ln_gamma};

/// A repeat buyer's spend: `x` repeat transactions with average value `m`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spend {
    /// Repeat transactions (> 0).
    pub x: f64,
    /// Their average value (> 0).
    pub m: f64,
}

/// Gamma–Gamma parameters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GammaGamma {
    /// Shape of the per-transaction value.
    pub p: f64,
    /// Shape of the customer's scale distribution.
    pub q: f64,
    /// Scale of the customer's scale distribution.
    pub gamma: f64,
}

struct Model;

impl Likelihood for Model {
    type Obs = Spend;
    const NAMES: &'static [&'static str] = &["p", "q", "gamma"];

    fn ll_grad(th: &[f64], s: &Spend) -> (f64, Vec<f64>) {
        let (p, q, g) = (th[0], th[1], th[2]);
        let (x, m) = (s.x, s.m);
        let px = p * x;
        let ll = ln_gamma(px + q) - ln_gamma(px) - ln_gamma(q)
            + q * g.ln()
            + (px - 1.0) * m.ln()
            + px * x.ln()
            - (px + q) * (g + x * m).ln();
        let dp = x * (digamma(px + q) - digamma(px) + m.ln() + x.ln() - (g + x * m).ln());
        let dq = digamma(px + q) - digamma(q) + g.ln() - (g + x * m).ln();
        let dg = q / g - (px + q) / (g + x * m);
        (ll, vec![dp, dq, dg])
    }
}

impl GammaGamma {
    /// Fit by maximum likelihood on repeat buyers (x > 0, m > 0; others are ignored).
    pub fn fit(spend: &[Spend]) -> (GammaGamma, Fit) {
        let usable: Vec<Spend> = spend
            .iter()
            .copied()
            .filter(|s| s.x > 0.0 && s.m > 0.0)
            .collect();
        let data = compress(&usable, |s| (s.x.to_bits(), s.m.to_bits()));
        let f = fit::<Model>(&data, &[1.0, 1.0, 1.0]);
        (
            GammaGamma {
                p: f.params[0],
                q: f.params[1],
                gamma: f.params[2],
            },
            f,
        )
    }

    /// Expected average transaction value of a customer with `x` repeat
    /// transactions averaging `m` (the population mean for x = 0).
    pub fn expected_value(&self, x: f64, m: f64) -> f64 {
        (self.p * (self.gamma + x * m)) / (self.p * x + self.q - 1.0)
    }
}

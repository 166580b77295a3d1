//! BG/NBD (Fader, Hardie & Lee 2005): repeat purchases, dropout after each purchase.

use crate::fit::{compress, fit, Fit, Likelihood};
use crate::special::{digamma, hyp2f1, ln_gamma};
use crate::Customer;

/// BG/NBD parameters: purchase rates Gamma(r, α), dropout probabilities Beta(a, b).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BgNbd {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Scale of the purchase-rate distribution (in the data's time unit).
    pub alpha: f64,
    /// Beta parameter a of the dropout probability.
    pub a: f64,
    /// Beta parameter b of the dropout probability.
    pub b: f64,
}

struct Model;

impl Likelihood for Model {
    type Obs = Customer;
    const NAMES: &'static [&'static str] = &["r", "alpha", "a", "b"];

    fn ll_grad(p: &[f64], c: &Customer) -> (f64, Vec<f64>) {
        let (r, alpha, a, b) = (p[0], p[1], p[2], p[3]);
        let (x, tx, t) = (c.x, c.t_x, c.t);
        let ln_a1 = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln();
        let ln_a2 = ln_gamma(a + b) + ln_gamma(b + x) - ln_gamma(b) - ln_gamma(a + b + x);
        let ln_a3 = -(r + x) * (alpha + t).ln();
        let d_a1 = [
            digamma(r + x) - digamma(r) + alpha.ln(),
            r / alpha,
            0.0,
            0.0,
        ];
        let d_a2 = [
            0.0,
            0.0,
            digamma(a + b) - digamma(a + b + x),
            digamma(a + b) + digamma(b + x) - digamma(b) - digamma(a + b + x),
        ];
        let d_a3 = [-(alpha + t).ln(), -(r + x) / (alpha + t), 0.0, 0.0];
        let (ln_mix, d_mix) = if x > 0.0 {
            let ln_a4 = a.ln() - (b + x - 1.0).ln() - (r + x) * (alpha + tx).ln();
            let d_a4 = [
                -(alpha + tx).ln(),
                -(r + x) / (alpha + tx),
                1.0 / a,
                -1.0 / (b + x - 1.0),
            ];
            let m = ln_a3.max(ln_a4);
            let (e3, e4) = ((ln_a3 - m).exp(), (ln_a4 - m).exp());
            let (w3, w4) = (e3 / (e3 + e4), e4 / (e3 + e4));
            let d: Vec<f64> = (0..4).map(|i| w3 * d_a3[i] + w4 * d_a4[i]).collect();
            (m + (e3 + e4).ln(), d)
        } else {
            (ln_a3, d_a3.to_vec())
        };
        let grad = (0..4).map(|i| d_a1[i] + d_a2[i] + d_mix[i]).collect();
        (ln_a1 + ln_a2 + ln_mix, grad)
    }
}

impl BgNbd {
    /// From the fitted parameter vector (r, α, a, b).
    pub fn from_params(p: &[f64]) -> BgNbd {
        BgNbd {
            r: p[0],
            alpha: p[1],
            a: p[2],
            b: p[3],
        }
    }

    /// Fit by maximum likelihood; identical customers are compressed first.
    pub fn fit(customers: &[Customer]) -> (BgNbd, Fit) {
        let data = compress(customers, Customer::key);
        let f = fit::<Model>(&data, &[1.0, 1.0, 1.0, 1.0]);
        (BgNbd::from_params(&f.params), f)
    }

    /// ln L of one customer.
    pub fn log_likelihood(&self, c: &Customer) -> f64 {
        Model::ll_grad(&[self.r, self.alpha, self.a, self.b], c).0
    }

    /// Probability that the customer is still alive at the end of its observation.
    pub fn p_alive(&self, c: &Customer) -> f64 {
        if c.x == 0.0 {
            return 1.0;
        }
        let ln_ratio = (self.a / (self.b + c.x - 1.0)).ln()
            + (self.r + c.x) * ((self.alpha + c.t) / (self.alpha + c.t_x)).ln();
        1.0 / (1.0 + ln_ratio.exp())
    }

    /// Expected purchases in the next `t` time units, given the history;
    /// `None` when the hypergeometric series does not converge.
    pub fn expected_purchases(&self, t: f64, c: &Customer) -> Option<f64> {
        let (r, alpha, a, b) = (self.r, self.alpha, self.a, self.b);
        let (x, tx, tt) = (c.x, c.t_x, c.t);
        let z = t / (alpha + tt + t);
        let f = hyp2f1(r + x, b + x, a + b + x - 1.0, z)?;
        let head = (a + b + x - 1.0) / (a - 1.0);
        let body = 1.0 - ((alpha + tt) / (alpha + tt + t)).powf(r + x) * f;
        let denom = if x > 0.0 {
            1.0 + (a / (b + x - 1.0)) * ((alpha + tt) / (alpha + tx)).powf(r + x)
        } else {
            1.0
        };
        Some(head * body / denom)
    }
}

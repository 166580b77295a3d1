//! Pareto/NBD (Schmittlein, Morrison & Colombo 1987): purchases at rate λ, lifetimes exponential with rate μ.

use crate::fit::{compress, fit_total, parallel_sum, Fit};
use crate::special::{hyp2f1, ln_gamma};
use crate::Customer;

/// Pareto/NBD parameters: λ ~ Gamma(r, α), μ ~ Gamma(s, β).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParetoNbd {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Scale of the purchase-rate distribution.
    pub alpha: f64,
    /// Shape of the dropout-rate distribution.
    pub s: f64,
    /// Scale of the dropout-rate distribution.
    pub beta: f64,
}

/// ln L of one customer (Fader & Hardie's 2005 note on the Pareto/NBD),
/// evaluated in log space; `None` when the hypergeometric series fails.
fn log_likelihood(p: &[f64], c: &Customer) -> Option<f64> {
    let (r, alpha, s, beta) = (p[0], p[1], p[2], p[3]);
    let (x, tx, t) = (c.x, c.t_x, c.t);
    let rsx = r + s + x;
    let head = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln() + s * beta.ln();
    let l1 = -(r + x) * (alpha + t).ln() - s * (beta + t).ln();
    // A0 with the larger of α and β as the base, so that the series argument stays in [0, 1)
    let (base, b_arg) = if alpha >= beta {
        (alpha, s + 1.0)
    } else {
        (beta, r + x)
    };
    let diff = (alpha - beta).abs();
    let f_tx = hyp2f1(rsx, b_arg, rsx + 1.0, diff / (base + tx))?;
    let f_t = hyp2f1(rsx, b_arg, rsx + 1.0, diff / (base + t))?;
    let l2 = f_tx.ln() - rsx * (base + tx).ln();
    let l3 = f_t.ln() - rsx * (base + t).ln();
    // A0 = e^l2 − e^l3 ≥ 0; L = e^head (e^l1 + s/(r+s+x) A0)
    let m = l1.max(l2);
    let a0 = (l2 - m).exp() - (l3 - m).exp();
    let inner = (l1 - m).exp() + s / rsx * a0.max(0.0);
    Some(head + m + inner.ln())
}

impl ParetoNbd {
    /// Fit by maximum likelihood. The gradient is by central differences:
    /// the derivatives of ₂F₁ in its parameters have no closed form.
    pub fn fit(customers: &[Customer]) -> (ParetoNbd, Fit) {
        let data = compress(customers, Customer::key);
        let total: f64 = data.iter().map(|d| d.1).sum();
        let ll = |theta: &[f64]| -> f64 {
            let chunk = |range: std::ops::Range<usize>| -> (f64, Vec<f64>) {
                let mut sum = 0.0;
                for (c, w) in &data[range] {
                    sum += w * log_likelihood(theta, c).unwrap_or(f64::NEG_INFINITY);
                }
                (sum, Vec::new())
            };
            parallel_sum(data.len(), 0, &chunk).0
        };
        let sum = |theta: &[f64]| -> (f64, Vec<f64>) {
            let v = ll(theta);
            let g = (0..theta.len())
                .map(|i| {
                    let h = 1e-6 * theta[i].abs().max(1e-3);
                    let mut up = theta.to_vec();
                    let mut down = theta.to_vec();
                    up[i] += h;
                    down[i] -= h;
                    (ll(&up) - ll(&down)) / (2.0 * h)
                })
                .collect();
            (v, g)
        };
        let f = fit_total(
            &["r", "alpha", "s", "beta"],
            &sum,
            total,
            &[1.0, 1.0, 1.0, 1.0],
        );
        let p = &f.params;
        (
            ParetoNbd {
                r: p[0],
                alpha: p[1],
                s: p[2],
                beta: p[3],
            },
            f,
        )
    }

    /// ln L of one customer.
    pub fn log_likelihood(&self, c: &Customer) -> Option<f64> {
        log_likelihood(&[self.r, self.alpha, self.s, self.beta], c)
    }

    /// Probability that the customer is still alive at the end of its observation.
    pub fn p_alive(&self, c: &Customer) -> Option<f64> {
        let (r, alpha, s, beta) = (self.r, self.alpha, self.s, self.beta);
        let alive = ln_gamma(r + c.x) - ln_gamma(r) + r * alpha.ln() + s * beta.ln()
            - (r + c.x) * (alpha + c.t).ln()
            - s * (beta + c.t).ln();
        Some((alive - self.log_likelihood(c)?).exp().min(1.0))
    }

    /// Expected purchases in the next `t` time units, given the history
    /// (needs s > 1 for a finite mean lifetime term; `None` otherwise).
    pub fn expected_purchases(&self, t: f64, c: &Customer) -> Option<f64> {
        let (r, alpha, s, beta) = (self.r, self.alpha, self.s, self.beta);
        if (s - 1.0).abs() < 1e-12 {
            return None;
        }
        let rate = (r + c.x) * (beta + c.t) / ((alpha + c.t) * (s - 1.0));
        let lifetime = 1.0 - ((beta + c.t) / (beta + c.t + t)).powf(s - 1.0);
        Some(self.p_alive(c)? * rate * lifetime)
    }
}

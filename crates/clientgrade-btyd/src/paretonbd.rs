//! Pareto/NBD (Schmittlein, Morrison & Colombo 1987): purchases at rate λ, lifetimes exponential with rate μ.

use crate::fit::{compress, fit_total, parallel_sum, Fit};
use crate::special::{digamma, hyp2f1_grad, ln_gamma};
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
/// evaluated in log space, and its gradient over (r, α, s, β): analytic,
/// with the derivatives of ₂F₁ in its parameters from its series. `None`
/// when the hypergeometric series fails.
fn ll_grad(p: &[f64], c: &Customer) -> Option<(f64, [f64; 4])> {
    let (r, alpha, s, beta) = (p[0], p[1], p[2], p[3]);
    let (x, tx, t) = (c.x, c.t_x, c.t);
    let rsx = r + s + x;
    let head = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln() + s * beta.ln();
    let d_head = [
        digamma(r + x) - digamma(r) + alpha.ln(),
        r / alpha,
        beta.ln(),
        s / beta,
    ];
    let l1 = -(r + x) * (alpha + t).ln() - s * (beta + t).ln();
    let d_l1 = [
        -(alpha + t).ln(),
        -(r + x) / (alpha + t),
        -(beta + t).ln(),
        -s / (beta + t),
    ];
    // A0 with the larger of α and β as the base, so that the series argument stays in [0, 1)
    let alpha_base = alpha >= beta;
    let (base, b_arg) = if alpha_base {
        (alpha, s + 1.0)
    } else {
        (beta, r + x)
    };
    let diff = (alpha - beta).abs();
    // l(u) = ln ₂F₁(rsx, B; rsx + 1; diff/(base+u)) − rsx ln(base + u), and its gradient
    let term = |u: f64| -> Option<(f64, [f64; 4])> {
        let z = diff / (base + u);
        let [f, fa, fb, fc, fz] = hyp2f1_grad(rsx, b_arg, rsx + 1.0, z)?;
        // ∂z/∂α and ∂z/∂β
        let (dz_alpha, dz_beta) = if alpha_base {
            ((u + beta) / (alpha + u).powi(2), -1.0 / (alpha + u))
        } else {
            (-1.0 / (beta + u), (u + alpha) / (beta + u).powi(2))
        };
        let ln_base = (base + u).ln();
        // B = s + 1 (α ≥ β) or r + x (α < β); A = rsx and C = rsx + 1 move with r and s
        let (db_r, db_s) = if alpha_base { (0.0, 1.0) } else { (1.0, 0.0) };
        let (dbase_alpha, dbase_beta) = if alpha_base { (1.0, 0.0) } else { (0.0, 1.0) };
        let d = [
            (fa + fb * db_r + fc) / f - ln_base,
            fz * dz_alpha / f - rsx * dbase_alpha / (base + u),
            (fa + fb * db_s + fc) / f - ln_base,
            fz * dz_beta / f - rsx * dbase_beta / (base + u),
        ];
        Some((f.ln() - rsx * ln_base, d))
    };
    let (l2, d_l2) = term(tx)?;
    let (l3, d_l3) = term(t)?;
    // L = e^head (e^l1 + k (e^l2 − e^l3)), k = s / (r + s + x)
    let k = s / rsx;
    let dk = [-s / (rsx * rsx), 0.0, 1.0 / rsx - s / (rsx * rsx), 0.0];
    let m = l1.max(l2);
    let (e1, e2, e3) = ((l1 - m).exp(), (l2 - m).exp(), (l3 - m).exp());
    let a0 = (e2 - e3).max(0.0);
    let inner = e1 + k * a0;
    let mut g = [0.0; 4];
    for i in 0..4 {
        let d_inner = e1 * d_l1[i] + k * (e2 * d_l2[i] - e3 * d_l3[i]) + a0 * dk[i];
        g[i] = d_head[i] + d_inner / inner;
    }
    Some((head + m + inner.ln(), g))
}

fn log_likelihood(p: &[f64], c: &Customer) -> Option<f64> {
    ll_grad(p, c).map(|v| v.0)
}

impl ParetoNbd {
    /// Fit by maximum likelihood with the analytic gradient.
    pub fn fit(customers: &[Customer]) -> (ParetoNbd, Fit) {
        let data = compress(customers, Customer::key);
        let total: f64 = data.iter().map(|d| d.1).sum();
        let sum = |theta: &[f64]| -> (f64, Vec<f64>) {
            let chunk = |range: std::ops::Range<usize>| -> (f64, Vec<f64>) {
                let mut ll = 0.0;
                let mut g = vec![0.0; 4];
                for (c, w) in &data[range] {
                    match ll_grad(theta, c) {
                        Some((l, gi)) => {
                            ll += w * l;
                            for (a, b) in g.iter_mut().zip(gi) {
                                *a += w * b;
                            }
                        }
                        None => ll = f64::NEG_INFINITY,
                    }
                }
                (ll, g)
            };
            parallel_sum(data.len(), 4, &chunk)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_analytic_gradient_matches_finite_differences() {
        let customers = [
            Customer {
                x: 0.0,
                t_x: 0.0,
                t: 38.86,
            },
            Customer {
                x: 2.0,
                t_x: 30.43,
                t: 38.86,
            },
            Customer {
                x: 7.0,
                t_x: 12.0,
                t: 20.0,
            },
        ];
        // both branches: α < β and α ≥ β
        for p in [[0.553, 10.578, 0.606, 11.669], [0.4, 12.0, 0.9, 5.0]] {
            for c in &customers {
                let (_, g) = ll_grad(&p, c).unwrap();
                for i in 0..4 {
                    let h = 1e-6 * p[i];
                    let mut up = p;
                    let mut down = p;
                    up[i] += h;
                    down[i] -= h;
                    let num = (log_likelihood(&up, c).unwrap() - log_likelihood(&down, c).unwrap())
                        / (2.0 * h);
                    assert!(
                        (g[i] - num).abs() < 1e-6 * num.abs().max(1.0),
                        "{p:?} {c:?} {i}: {} vs {num}",
                        g[i]
                    );
                }
            }
        }
    }
}

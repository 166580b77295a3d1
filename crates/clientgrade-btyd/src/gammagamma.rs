//! Gamma–Gamma spend model (Fader, Hardie & Lee 2005): average transaction value of repeat buyers.

use std::collections::BTreeMap;

use crate::fit::{compress, fit_total, parallel_sum, Fit, Likelihood};
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
    // The per-customer form: the reference the table-driven fit is tested against.
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
        // index the distinct x; keep ln m per row (it does not depend on θ)
        let mut xs: BTreeMap<u64, u32> = BTreeMap::new();
        let rows: Vec<(u32, f64, f64, f64, f64)> = data
            .iter()
            .map(|(s, w)| {
                let n = xs.len() as u32;
                let xi = *xs.entry(s.x.to_bits()).or_insert(n);
                (xi, s.x, s.m, s.m.ln(), *w)
            })
            .collect();
        let mut x_values = vec![0.0; xs.len()];
        for (bits, i) in xs {
            x_values[i as usize] = f64::from_bits(bits);
        }
        let total: f64 = rows.iter().map(|r| r.4).sum();
        let sum = |th: &[f64]| -> (f64, Vec<f64>) {
            let (p, q, g) = (th[0], th[1], th[2]);
            // per x: lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln γ + px ln x, and derivatives
            let per_x: Vec<(f64, f64, f64)> = x_values
                .iter()
                .map(|&x| {
                    let px = p * x;
                    let c =
                        ln_gamma(px + q) - ln_gamma(px) - ln_gamma(q) + q * g.ln() + px * x.ln();
                    let dp = x * (digamma(px + q) - digamma(px) + x.ln());
                    let dq = digamma(px + q) - digamma(q) + g.ln();
                    (c, dp, dq)
                })
                .collect();
            let chunk = |range: std::ops::Range<usize>| -> (f64, Vec<f64>) {
                let (mut ll, mut dp, mut dq, mut dg) = (0.0, 0.0, 0.0, 0.0);
                for &(xi, x, m, ln_m, w) in &rows[range] {
                    let (c, cp, cq) = per_x[xi as usize];
                    let px = p * x;
                    let ln_gxm = (g + x * m).ln();
                    ll += w * (c + (px - 1.0) * ln_m - (px + q) * ln_gxm);
                    dp += w * (cp + x * ln_m - x * ln_gxm);
                    dq += w * (cq - ln_gxm);
                    dg += w * (q / g - (px + q) / (g + x * m));
                }
                (ll, vec![dp, dq, dg])
            };
            parallel_sum(rows.len(), 3, &chunk)
        };
        let f = fit_total(Model::NAMES, &sum, total, &[1.0, 1.0, 1.0]);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fit_maximises_the_per_customer_likelihood() {
        // at the fitted parameters the per-customer gradient sums to about zero
        let spend: Vec<Spend> = (1..200)
            .map(|i| Spend {
                x: f64::from(i % 7 + 1),
                m: 10.0 + f64::from(i % 13) * 3.5,
            })
            .collect();
        let (m, f) = GammaGamma::fit(&spend);
        assert!(f.converged, "{f:?}");
        let mut g = [0.0; 3];
        let mut ll = 0.0;
        for s in &spend {
            let (l, gi) = Model::ll_grad(&[m.p, m.q, m.gamma], s);
            ll += l;
            for i in 0..3 {
                g[i] += gi[i];
            }
        }
        assert!(
            (ll - f.log_likelihood).abs() < 1e-8,
            "{ll} vs {}",
            f.log_likelihood
        );
        let th = [m.p, m.q, m.gamma];
        for i in 0..3 {
            assert!(
                (g[i] * th[i] / spend.len() as f64).abs() < 1e-6,
                "{i}: {}",
                g[i]
            );
        }
    }
}

//! BG/NBD (Fader, Hardie & Lee 2005): repeat purchases, dropout after each purchase.

use std::collections::BTreeMap;

use crate::fit::{compress, fit_total, parallel_sum, Fit, Likelihood};
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
    // The per-customer form: the reference the table-driven fit is tested against.
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

/// Customers compressed and indexed by their distinct x, T and t_x values.
struct Prepared {
    xs: Vec<f64>,
    ts: Vec<f64>,
    txs: Vec<f64>,
    /// (x index, T index, t_x index, weight)
    rows: Vec<(u32, u32, u32, f64)>,
    /// MBG/NBD: dropout possible at time zero too.
    modified: bool,
}

fn index_of(values: &mut BTreeMap<u64, u32>, v: f64) -> u32 {
    let n = values.len() as u32;
    *values.entry(v.to_bits()).or_insert(n)
}

fn ordered(values: BTreeMap<u64, u32>) -> Vec<f64> {
    let mut v = vec![0.0; values.len()];
    for (bits, i) in values {
        v[i as usize] = f64::from_bits(bits);
    }
    v
}

/// Σ_{k<x} ln(z + k) and Σ_{k<x} 1/(z + k): lnΓ(z + x) − lnΓ(z) and its
/// derivative, exactly and cheaply for a whole number x.
fn rising(z: f64, x: f64) -> (f64, f64) {
    if x.fract() != 0.0 || x > 10_000.0 {
        return (ln_gamma(z + x) - ln_gamma(z), digamma(z + x) - digamma(z));
    }
    let mut l = 0.0;
    let mut d = 0.0;
    for k in 0..x as u32 {
        let v = z + f64::from(k);
        l += v.ln();
        d += 1.0 / v;
    }
    (l, d)
}

impl Prepared {
    fn new(customers: &[Customer], modified: bool) -> Prepared {
        let data = compress(customers, Customer::key);
        let (mut xs, mut ts, mut txs) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
        let rows = data
            .iter()
            .map(|(c, w)| {
                (
                    index_of(&mut xs, c.x),
                    index_of(&mut ts, c.t),
                    index_of(&mut txs, c.t_x),
                    *w,
                )
            })
            .collect();
        Prepared {
            xs: ordered(xs),
            ts: ordered(ts),
            txs: ordered(txs),
            rows,
            modified,
        }
    }

    /// Total ln L and gradient over (r, α, a, b).
    fn ll_grad(&self, p: &[f64]) -> (f64, Vec<f64>) {
        let (r, alpha, a, b) = (p[0], p[1], p[2], p[3]);
        // per x: the A1·A2 terms and the constant part of ln A4, with derivatives
        struct PerX {
            base: f64,
            d_base: [f64; 4],
            c4: f64,
            d_c4_b: f64,
            rx: f64,
        }
        let per_x: Vec<PerX> = self
            .xs
            .iter()
            .map(|&x| {
                // MBG/NBD counts one more dropout opportunity: x + 1 in the
                // beta terms, and the A4 term for every customer
                let xb = dropout_count(x, self.modified);
                let (l1, d1) = rising(r, x);
                let (lb, db) = rising(b, xb);
                let (lab, dab) = rising(a + b, xb);
                let base = l1 + r * alpha.ln() + lb - lab;
                let d_base = [d1 + alpha.ln(), r / alpha, -dab, db - dab];
                let (c4, d_c4_b) = if self.modified || x > 0.0 {
                    (a.ln() - (b + xb - 1.0).ln(), -1.0 / (b + xb - 1.0))
                } else {
                    (f64::NEG_INFINITY, 0.0)
                };
                PerX {
                    base,
                    d_base,
                    c4,
                    d_c4_b,
                    rx: r + x,
                }
            })
            .collect();
        let ln_t: Vec<(f64, f64)> = self
            .ts
            .iter()
            .map(|t| ((alpha + t).ln(), 1.0 / (alpha + t)))
            .collect();
        let ln_tx: Vec<(f64, f64)> = self
            .txs
            .iter()
            .map(|t| ((alpha + t).ln(), 1.0 / (alpha + t)))
            .collect();
        let chunk = |range: std::ops::Range<usize>| -> (f64, Vec<f64>) {
            let mut ll = 0.0;
            let mut g = [0.0f64; 4];
            for &(xi, ti, txi, w) in &self.rows[range] {
                let px = &per_x[xi as usize];
                let (lt, it) = ln_t[ti as usize];
                let ln_a3 = -px.rx * lt;
                let d3 = [-lt, -px.rx * it, 0.0, 0.0];
                let (mix, dm) = if px.c4.is_finite() {
                    let (ltx, itx) = ln_tx[txi as usize];
                    let ln_a4 = px.c4 - px.rx * ltx;
                    let d4 = [-ltx, -px.rx * itx, 1.0 / a, px.d_c4_b];
                    // ln(A3 + A4) = max + ln(1 + e^(min − max)): one exp, one ln_1p
                    let (hi, lo) = if ln_a3 >= ln_a4 {
                        (ln_a3, ln_a4)
                    } else {
                        (ln_a4, ln_a3)
                    };
                    let e = (lo - hi).exp();
                    let w_hi = 1.0 / (1.0 + e);
                    let (w3, w4) = if ln_a3 >= ln_a4 {
                        (w_hi, 1.0 - w_hi)
                    } else {
                        (1.0 - w_hi, w_hi)
                    };
                    (
                        hi + e.ln_1p(),
                        [
                            w3 * d3[0] + w4 * d4[0],
                            w3 * d3[1] + w4 * d4[1],
                            w4 * d4[2],
                            w4 * d4[3],
                        ],
                    )
                } else {
                    (ln_a3, d3)
                };
                ll += w * (px.base + mix);
                for i in 0..4 {
                    g[i] += w * (px.d_base[i] + dm[i]);
                }
            }
            (ll, g.to_vec())
        };
        parallel_sum(self.rows.len(), 4, &chunk)
    }
}

/// Fit the table-driven likelihood; `modified` for MBG/NBD.
fn fit_variant(customers: &[Customer], modified: bool) -> Fit {
    let prepared = Prepared::new(customers, modified);
    let total: f64 = prepared.rows.iter().map(|r| r.3).sum();
    let sum = |theta: &[f64]| prepared.ll_grad(theta);
    fit_total(Model::NAMES, &sum, total, &[1.0, 1.0, 1.0, 1.0])
}

/// The dropout opportunities behind x repeat purchases: x for BG/NBD, one
/// more for MBG/NBD (the first purchase counts too). The BG/NBD formulas
/// with x replaced by this in the beta terms give the MBG/NBD ones.
fn dropout_count(x: f64, modified: bool) -> f64 {
    if modified {
        x + 1.0
    } else {
        x
    }
}

/// P(alive) of BG/NBD (`modified` false) or MBG/NBD.
fn p_alive_of(p: [f64; 4], modified: bool, c: &Customer) -> f64 {
    let [r, alpha, a, b] = p;
    if !modified && c.x == 0.0 {
        return 1.0;
    }
    let xb = dropout_count(c.x, modified);
    let ln_ratio = (a / (b + xb - 1.0)).ln() + (r + c.x) * ((alpha + c.t) / (alpha + c.t_x)).ln();
    1.0 / (1.0 + ln_ratio.exp())
}

/// Conditional expected purchases of BG/NBD (`modified` false) or MBG/NBD.
fn expected_of(p: [f64; 4], modified: bool, t: f64, c: &Customer) -> Option<f64> {
    let [r, alpha, a, b] = p;
    let (x, tx, tt) = (c.x, c.t_x, c.t);
    let xb = dropout_count(x, modified);
    let z = t / (alpha + tt + t);
    let f = hyp2f1(r + x, b + xb, a + b + xb - 1.0, z)?;
    let head = (a + b + xb - 1.0) / (a - 1.0);
    let body = 1.0 - ((alpha + tt) / (alpha + tt + t)).powf(r + x) * f;
    let denom = if modified || x > 0.0 {
        1.0 + (a / (b + xb - 1.0)) * ((alpha + tt) / (alpha + tx)).powf(r + x)
    } else {
        1.0
    };
    Some(head * body / denom)
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

    /// Fit by maximum likelihood; identical customers are compressed first,
    /// and the terms that depend only on x, T or t_x are computed once per
    /// distinct value at each evaluation.
    pub fn fit(customers: &[Customer]) -> (BgNbd, Fit) {
        let f = fit_variant(customers, false);
        (BgNbd::from_params(&f.params), f)
    }

    /// ln L of one customer.
    pub fn log_likelihood(&self, c: &Customer) -> f64 {
        Model::ll_grad(&[self.r, self.alpha, self.a, self.b], c).0
    }

    /// Probability that the customer is still alive at the end of its observation.
    pub fn p_alive(&self, c: &Customer) -> f64 {
        p_alive_of([self.r, self.alpha, self.a, self.b], false, c)
    }

    /// Expected purchases in the next `t` time units, given the history;
    /// `None` when the hypergeometric series does not converge.
    pub fn expected_purchases(&self, t: f64, c: &Customer) -> Option<f64> {
        expected_of([self.r, self.alpha, self.a, self.b], false, t, c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_driven_likelihood_equals_the_per_customer_one() {
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
                x: 2.0,
                t_x: 30.43,
                t: 38.86,
            },
            Customer {
                x: 7.0,
                t_x: 12.0,
                t: 20.0,
            },
            Customer {
                x: 1.0,
                t_x: 1.71,
                t: 30.0,
            },
        ];
        let p = [0.243, 4.414, 0.793, 2.426];
        let (ll, g) = Prepared::new(&customers, false).ll_grad(&p);
        let mut want = 0.0;
        let mut want_g = [0.0; 4];
        for c in &customers {
            let (l, gi) = Model::ll_grad(&p, c);
            want += l;
            for i in 0..4 {
                want_g[i] += gi[i];
            }
        }
        assert!((ll - want).abs() < 1e-9, "{ll} vs {want}");
        for i in 0..4 {
            assert!(
                (g[i] - want_g[i]).abs() < 1e-9,
                "{i}: {} vs {}",
                g[i],
                want_g[i]
            );
        }
    }
}

/// MBG/NBD (Batislam, Denizel & Filiztekin 2007): like BG/NBD, but a
/// customer can also drop out right after the first purchase, so customers
/// without repeat purchases are not all counted alive.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MbgNbd {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Scale of the purchase-rate distribution (in the data's time unit).
    pub alpha: f64,
    /// Beta parameter a of the dropout probability.
    pub a: f64,
    /// Beta parameter b of the dropout probability.
    pub b: f64,
}

impl MbgNbd {
    /// Fit by maximum likelihood (compressed, table-driven like [`BgNbd::fit`]).
    pub fn fit(customers: &[Customer]) -> (MbgNbd, Fit) {
        let f = fit_variant(customers, true);
        let p = &f.params;
        (
            MbgNbd {
                r: p[0],
                alpha: p[1],
                a: p[2],
                b: p[3],
            },
            f,
        )
    }

    /// Probability that the customer is still alive at the end of its observation.
    pub fn p_alive(&self, c: &Customer) -> f64 {
        p_alive_of([self.r, self.alpha, self.a, self.b], true, c)
    }

    /// Expected purchases in the next `t` time units, given the history.
    pub fn expected_purchases(&self, t: f64, c: &Customer) -> Option<f64> {
        expected_of([self.r, self.alpha, self.a, self.b], true, t, c)
    }
}

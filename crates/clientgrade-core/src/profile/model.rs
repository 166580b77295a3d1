//! The lookalike model: L2-penalised logistic regression on attribute levels, the penalty and its honesty from k-fold cross-validation, Platt calibration.
//!
//! Each attribute enters as one weight per level (no reference level: the
//! penalty keeps them identifiable and pulls rare levels towards zero, the
//! portfolio's average). Only attributes whose G-test survives Holm's
//! adjustment on the fitting data enter, so an attribute without signal
//! gets a weight of exactly zero; inside cross-validation that choice is
//! made again on each fold's training part, so the cross-validated AUC
//! pays for it.

use std::collections::BTreeMap;

use super::stats::{auc, g_test, holm};
use crate::tails::chi_square_sf;

/// Penalties tried by cross-validation (in units of one customer's log-likelihood).
pub const PENALTIES: [f64; 7] = [100.0, 30.0, 10.0, 3.0, 1.0, 0.3, 0.1];

/// The fitting data: per customer the level of each candidate attribute and
/// whether it is Tier 1.
pub struct Data<'a> {
    /// Levels, one per candidate attribute, per customer.
    pub codes: &'a [Vec<u16>],
    /// Tier 1 or not, per customer.
    pub tier1: &'a [bool],
    /// Number of levels of each candidate attribute.
    pub levels: &'a [usize],
    /// Per candidate attribute and level: too rare for a weight of its own
    /// (held at zero by a prohibitive penalty).
    pub thin: &'a [Vec<bool>],
}

/// The penalty that holds a thin level's weight at zero.
const THIN_PENALTY: f64 = 1e6;

/// A fitted model.
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    /// The candidate attributes in the model.
    pub selection: Vec<usize>,
    /// Intercept (log-odds).
    pub intercept: f64,
    /// Per selected attribute, the weight (log-odds) of each level.
    pub weights: Vec<Vec<f64>>,
}

impl Fit {
    /// The linear predictor of one customer's levels.
    pub fn eta(&self, codes: &[u16]) -> f64 {
        self.intercept
            + self
                .selection
                .iter()
                .zip(&self.weights)
                .map(|(a, w)| w[usize::from(codes[*a])])
                .sum::<f64>()
    }
}

fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + (-x).exp())
    } else {
        let e = x.exp();
        e / (1.0 + e)
    }
}

/// `ln(1 + e^x)` without overflow.
fn softplus(x: f64) -> f64 {
    if x > 30.0 {
        x
    } else {
        x.exp().ln_1p()
    }
}

/// Solve `h x = g` for a symmetric positive definite `h` (row-major, `n × n`)
/// by Cholesky; `g` becomes `x`. False when `h` is not positive definite.
fn solve_spd(h: &mut [f64], n: usize, g: &mut [f64]) -> bool {
    for j in 0..n {
        let mut d = h[j * n + j];
        for k in 0..j {
            d -= h[j * n + k] * h[j * n + k];
        }
        if d <= 1e-300 || !d.is_finite() {
            return false;
        }
        let d = d.sqrt();
        h[j * n + j] = d;
        for i in j + 1..n {
            let mut s = h[i * n + j];
            for k in 0..j {
                s -= h[i * n + k] * h[j * n + k];
            }
            h[i * n + j] = s / d;
        }
    }
    for i in 0..n {
        let mut s = g[i];
        for k in 0..i {
            s -= h[i * n + k] * g[k];
        }
        g[i] = s / h[i * n + i];
    }
    for i in (0..n).rev() {
        let mut s = g[i];
        for k in i + 1..n {
            s -= h[k * n + i] * g[k];
        }
        g[i] = s / h[i * n + i];
    }
    true
}

/// Customers with the same levels, counted: (levels, Tier 1, rest).
type Patterns = Vec<(Vec<u16>, f64, f64)>;

fn patterns(data: &Data<'_>, rows: &[usize], selection: &[usize]) -> Patterns {
    let mut map: BTreeMap<Vec<u16>, (f64, f64)> = BTreeMap::new();
    for &r in rows {
        let key: Vec<u16> = selection.iter().map(|a| data.codes[r][*a]).collect();
        let e = map.entry(key).or_insert((0.0, 0.0));
        if data.tier1[r] {
            e.0 += 1.0;
        } else {
            e.1 += 1.0;
        }
    }
    map.into_iter().map(|(k, (a, b))| (k, a, b)).collect()
}

/// Fit the penalised model on `rows` with the attributes `selection`;
/// `start` warm-starts Newton's method from a fit with the same selection.
pub fn fit(
    data: &Data<'_>,
    rows: &[usize],
    selection: &[usize],
    penalty: f64,
    start: Option<&Fit>,
) -> Fit {
    let pats = patterns(data, rows, selection);
    let offsets: Vec<usize> = selection
        .iter()
        .scan(1usize, |at, a| {
            let o = *at;
            *at += data.levels[*a];
            Some(o)
        })
        .collect();
    let p = 1 + selection.iter().map(|a| data.levels[*a]).sum::<usize>();
    let mut penalties = vec![penalty; p];
    for (o, a) in offsets.iter().zip(selection) {
        for (l, thin) in data.thin[*a].iter().enumerate() {
            if *thin {
                penalties[o + l] = THIN_PENALTY;
            }
        }
    }
    let (pos, all): (f64, f64) = pats
        .iter()
        .fold((0.0, 0.0), |(p, n), (_, a, b)| (p + a, n + a + b));
    let mut beta = vec![0.0; p];
    match start {
        Some(s) if s.selection == selection => {
            beta[0] = s.intercept;
            for (i, w) in s.weights.iter().enumerate() {
                beta[offsets[i]..offsets[i] + w.len()].copy_from_slice(w);
            }
        }
        _ => {
            let rate = ((pos + 0.5) / (all + 1.0)).clamp(1e-6, 1.0 - 1e-6);
            beta[0] = (rate / (1.0 - rate)).ln();
        }
    }
    let index = |k: &[u16]| -> Vec<usize> {
        k.iter()
            .zip(&offsets)
            .map(|(l, o)| o + usize::from(*l))
            .collect()
    };
    let idx: Vec<Vec<usize>> = pats.iter().map(|(k, _, _)| index(k)).collect();
    let objective = |b: &[f64]| -> f64 {
        let mut f = 0.0;
        for (j, (_, a, c)) in pats.iter().enumerate() {
            let eta = b[0] + idx[j].iter().map(|i| b[*i]).sum::<f64>();
            f += a * softplus(-eta) + c * softplus(eta);
        }
        f + 0.5
            * b[1..]
                .iter()
                .zip(&penalties[1..])
                .map(|(w, l)| l * w * w)
                .sum::<f64>()
    };
    let mut current = objective(&beta);
    for _ in 0..100 {
        let mut g = vec![0.0; p];
        let mut h = vec![0.0; p * p];
        for (j, (_, a, c)) in pats.iter().enumerate() {
            let eta = beta[0] + idx[j].iter().map(|i| beta[*i]).sum::<f64>();
            let mu = sigmoid(eta);
            let resid = a - (a + c) * mu;
            let w = (a + c) * mu * (1.0 - mu);
            let active: Vec<usize> = std::iter::once(0).chain(idx[j].iter().copied()).collect();
            for &u in &active {
                g[u] += resid;
                for &v in &active {
                    h[u * p + v] += w;
                }
            }
        }
        for i in 1..p {
            g[i] -= penalties[i] * beta[i];
            h[i * p + i] += penalties[i];
        }
        h[0] += 1e-9;
        let mut step = g;
        if !solve_spd(&mut h, p, &mut step) {
            break;
        }
        let mut t = 1.0;
        let mut improved = false;
        for _ in 0..30 {
            let trial: Vec<f64> = beta.iter().zip(&step).map(|(b, s)| b + t * s).collect();
            let f = objective(&trial);
            if f <= current + 1e-12 * current.abs().max(1.0) {
                let change = step.iter().map(|s| (t * s).abs()).fold(0.0, f64::max);
                beta = trial;
                improved = current - f > 1e-12 * current.abs().max(1.0) || change > 1e-9;
                current = f;
                break;
            }
            t /= 2.0;
        }
        if !improved {
            break;
        }
    }
    Fit {
        selection: selection.to_vec(),
        intercept: beta[0],
        weights: offsets
            .iter()
            .zip(selection)
            .map(|(o, a)| beta[*o..*o + data.levels[*a]].to_vec())
            .collect(),
    }
}

/// The candidate attributes whose G-test of Tier 1 against the rest on
/// `rows` survives Holm's adjustment at `significance`, with every
/// candidate's adjusted p-value.
pub fn select(data: &Data<'_>, rows: &[usize], significance: f64) -> (Vec<usize>, Vec<f64>) {
    let p: Vec<f64> = (0..data.levels.len())
        .map(|a| {
            let mut table = vec![(0u64, 0u64); data.levels[a]];
            for &r in rows {
                let l = usize::from(data.codes[r][a]);
                if data.tier1[r] {
                    table[l].0 += 1;
                } else {
                    table[l].1 += 1;
                }
            }
            let (g, df) = g_test(&table);
            chi_square_sf(g, df)
        })
        .collect();
    let adjusted = holm(&p);
    let chosen = (0..p.len())
        .filter(|a| adjusted[*a] < significance)
        .collect();
    (chosen, adjusted)
}

/// What cross-validation found.
#[derive(Clone, Debug)]
pub struct CrossValidation {
    /// Folds used.
    pub folds: usize,
    /// The penalty with the smallest out-of-fold deviance.
    pub penalty: f64,
    /// Each customer's linear predictor from the model fitted without its fold.
    pub out_of_fold: Vec<f64>,
    /// The AUC of each fold's held-out customers.
    pub fold_aucs: Vec<f64>,
    /// The AUC of all out-of-fold predictions and its DeLong standard error.
    pub auc: (f64, f64),
    /// Platt calibration of the out-of-fold predictor: P = σ(a + b η).
    pub calibration: (f64, f64),
}

/// The fold of each customer: round robin within Tier 1 and within the
/// rest, in the given (deterministic) order, so every fold holds both.
pub fn folds_of(tier1: &[bool], k: usize) -> Vec<usize> {
    let (mut i1, mut i0) = (0usize, 0usize);
    tier1
        .iter()
        .map(|t| {
            let c = if *t { &mut i1 } else { &mut i0 };
            let f = *c % k;
            *c += 1;
            f
        })
        .collect()
}

/// k-fold cross-validation over the penalties, the attribute choice made
/// again inside each fold.
pub fn cross_validate(data: &Data<'_>, k: usize, significance: f64) -> CrossValidation {
    let n = data.tier1.len();
    let fold = folds_of(data.tier1, k);
    let mut oof: Vec<Vec<f64>> = vec![vec![0.0; n]; PENALTIES.len()];
    for f in 0..k {
        let train: Vec<usize> = (0..n).filter(|i| fold[*i] != f).collect();
        let test: Vec<usize> = (0..n).filter(|i| fold[*i] == f).collect();
        let (chosen, _) = select(data, &train, significance);
        let mut previous: Option<Fit> = None;
        for (j, penalty) in PENALTIES.iter().enumerate() {
            let m = fit(data, &train, &chosen, *penalty, previous.as_ref());
            for &i in &test {
                oof[j][i] = m.eta(&data.codes[i]);
            }
            previous = Some(m);
        }
    }
    let deviance = |eta: &[f64]| -> f64 {
        eta.iter()
            .zip(data.tier1)
            .map(|(e, t)| if *t { softplus(-e) } else { softplus(*e) })
            .sum()
    };
    // the strongest penalty unless a weaker one is clearly better
    let mut best = 0;
    let mut best_dev = deviance(&oof[0]);
    for (j, eta) in oof.iter().enumerate().skip(1) {
        let d = deviance(eta);
        if d < best_dev - 1e-9 {
            best = j;
            best_dev = d;
        }
    }
    let out_of_fold = oof.swap_remove(best);
    let fold_aucs = (0..k)
        .filter_map(|f| {
            let (s, t): (Vec<f64>, Vec<bool>) = (0..n)
                .filter(|i| fold[*i] == f)
                .map(|i| (out_of_fold[i], data.tier1[i]))
                .unzip();
            auc(&s, &t).map(|a| a.0)
        })
        .collect();
    let pooled = auc(&out_of_fold, data.tier1).unwrap_or((0.5, 0.0));
    CrossValidation {
        folds: k,
        penalty: PENALTIES[best],
        calibration: platt(&out_of_fold, data.tier1),
        out_of_fold,
        fold_aucs,
        auc: pooled,
    }
}

/// Platt scaling: the logistic fit of Tier 1 on the out-of-fold predictor,
/// `(a, b)` of P = σ(a + b η) (a whisker of penalty keeps it finite).
pub fn platt(eta: &[f64], tier1: &[bool]) -> (f64, f64) {
    let (mut a, mut b) = (0.0f64, 1.0f64);
    let pos = tier1.iter().filter(|t| **t).count() as f64;
    let n = tier1.len() as f64;
    if n > 0.0 && pos > 0.0 && pos < n {
        a = (pos / (n - pos)).ln();
        b = 0.0;
    }
    let ridge = 1e-6;
    let objective = |a: f64, b: f64| -> f64 {
        eta.iter()
            .zip(tier1)
            .map(|(e, t)| {
                let z = a + b * e;
                if *t {
                    softplus(-z)
                } else {
                    softplus(z)
                }
            })
            .sum::<f64>()
            + 0.5 * ridge * b * b
    };
    let mut current = objective(a, b);
    for _ in 0..100 {
        let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, ridge, 0.0, ridge);
        for (e, t) in eta.iter().zip(tier1) {
            let mu = sigmoid(a + b * e);
            let r = f64::from(u8::from(*t)) - mu;
            let w = mu * (1.0 - mu);
            ga += r;
            gb += r * e;
            haa += w;
            hab += w * e;
            hbb += w * e * e;
        }
        gb -= ridge * b;
        let det = haa * hbb - hab * hab;
        if det <= 0.0 || !det.is_finite() {
            break;
        }
        let (da, db) = ((hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det);
        let mut t = 1.0;
        let mut moved = false;
        for _ in 0..30 {
            let f = objective(a + t * da, b + t * db);
            if f <= current {
                moved = (t * da).abs().max((t * db).abs()) > 1e-10;
                a += t * da;
                b += t * db;
                current = f;
                break;
            }
            t /= 2.0;
        }
        if !moved {
            break;
        }
    }
    (a, b)
}

/// The calibrated probability of a linear predictor.
pub fn calibrated(calibration: (f64, f64), eta: f64) -> f64 {
    sigmoid(calibration.0 + calibration.1 * eta)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Customers of one two-level attribute: `(level, Tier 1, rest)` counts.
    fn table(cells: &[(u16, usize, usize)]) -> (Vec<Vec<u16>>, Vec<bool>) {
        let mut codes = Vec::new();
        let mut y = Vec::new();
        for (l, a, b) in cells {
            for _ in 0..*a {
                codes.push(vec![*l]);
                y.push(true);
            }
            for _ in 0..*b {
                codes.push(vec![*l]);
                y.push(false);
            }
        }
        (codes, y)
    }

    #[test]
    fn a_weak_penalty_recovers_the_log_odds_of_a_table() {
        // level 0: 30 of 100 Tier 1; level 1: 10 of 100
        let (codes, y) = table(&[(0, 30, 70), (1, 10, 90)]);
        let data = Data {
            codes: &codes,
            tier1: &y,
            levels: &[2],
            thin: &[vec![false, false]],
        };
        let rows: Vec<usize> = (0..y.len()).collect();
        let m = fit(&data, &rows, &[0], 1e-6, None);
        let p0 = 1.0 / (1.0 + (-m.eta(&[0])).exp());
        let p1 = 1.0 / (1.0 + (-m.eta(&[1])).exp());
        assert!(
            (p0 - 0.3).abs() < 1e-6 && (p1 - 0.1).abs() < 1e-6,
            "{p0} {p1}"
        );
        // a strong penalty pulls both levels towards the common rate
        let s = fit(&data, &rows, &[0], 100.0, None);
        let d = s.weights[0][0] - s.weights[0][1];
        assert!(
            d > 0.0 && d < (0.3f64 / 0.7 / (0.1 / 0.9)).ln() * 0.7,
            "{d}"
        );
    }

    #[test]
    fn separation_stays_finite_under_the_penalty() {
        // three customers with level 1, all Tier 1
        let (codes, y) = table(&[(0, 20, 180), (1, 3, 0)]);
        let data = Data {
            codes: &codes,
            tier1: &y,
            levels: &[2],
            thin: &[vec![false, false]],
        };
        let rows: Vec<usize> = (0..y.len()).collect();
        let m = fit(&data, &rows, &[0], 1.0, None);
        assert!(
            m.weights[0].iter().all(|w| w.is_finite() && w.abs() < 5.0),
            "{m:?}"
        );
    }

    #[test]
    fn folds_hold_both_kinds_in_turn() {
        let y = [true, false, true, false, false, true, false];
        assert_eq!(folds_of(&y, 3), [0, 0, 1, 1, 2, 2, 0]);
    }

    #[test]
    fn platt_scaling_recovers_slope_and_intercept() {
        // eta on a grid, Tier 1 in exact proportion σ(-1 + 2 eta) (with many copies)
        let mut eta = Vec::new();
        let mut y = Vec::new();
        for i in 0..21 {
            let e = -1.0 + 0.1 * f64::from(i);
            let p = sigmoid(-1.0 + 2.0 * e);
            let pos = (p * 1000.0).round() as usize;
            for k in 0..1000 {
                eta.push(e);
                y.push(k < pos);
            }
        }
        let (a, b) = platt(&eta, &y);
        assert!((a + 1.0).abs() < 0.01 && (b - 2.0).abs() < 0.02, "{a} {b}");
    }
}

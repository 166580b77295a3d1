//! Maximum-likelihood fitting shared by the models: compression, BFGS in log-parameters, standard errors.

use crate::optimize::{bfgs, invert, newton, Objective};

/// The result of fitting a model.
#[derive(Clone, Debug, PartialEq)]
pub struct Fit {
    /// Parameter names, in order.
    pub names: &'static [&'static str],
    /// Maximum-likelihood estimates.
    pub params: Vec<f64>,
    /// Total log-likelihood at the estimates.
    pub log_likelihood: f64,
    /// Standard errors from the inverse observed information (`None` when
    /// the Hessian is not invertible there).
    pub std_errors: Option<Vec<f64>>,
    /// Optimiser iterations (BFGS, then damped Newton when BFGS stalls).
    pub iterations: usize,
    /// Largest gradient component of the mean log-likelihood per log-parameter.
    pub gradient_norm: f64,
    /// Whether the optimiser met its tolerance. A fit that did not is
    /// reported as such, never as NaN.
    pub converged: bool,
}

/// Something whose parameters can be fitted: per-observation log-likelihood
/// and its gradient with respect to the (positive) parameters.
pub trait Likelihood {
    /// One observation (already compressed: identical rows carry a weight).
    type Obs;
    /// Parameter names.
    const NAMES: &'static [&'static str];
    /// ln L of one observation, and ∂ ln L / ∂θ.
    fn ll_grad(theta: &[f64], o: &Self::Obs) -> (f64, Vec<f64>);
}

/// Fit by maximising Σ wᵢ ln Lᵢ over θ > 0, searching in ln θ from `start`.
pub fn fit<L: Likelihood>(data: &[(L::Obs, f64)], start: &[f64]) -> Fit {
    let total_weight: f64 = data.iter().map(|d| d.1).sum::<f64>().max(1.0);
    let sum = |theta: &[f64]| -> (f64, Vec<f64>) {
        let mut ll = 0.0;
        let mut g = vec![0.0; theta.len()];
        for (o, w) in data {
            let (l, gi) = L::ll_grad(theta, o);
            ll += w * l;
            for (a, b) in g.iter_mut().zip(gi) {
                *a += w * b;
            }
        }
        (ll, g)
    };
    let objective = |phi: &[f64]| -> (f64, Vec<f64>) {
        let theta: Vec<f64> = phi.iter().map(|p| p.exp()).collect();
        if theta.iter().any(|t| !t.is_finite() || *t <= 0.0) {
            return (f64::INFINITY, vec![0.0; phi.len()]);
        }
        let (ll, g) = sum(&theta);
        // minimise −ll / n; chain rule for θ = e^φ
        let grad = g
            .iter()
            .zip(&theta)
            .map(|(gi, t)| -gi * t / total_weight)
            .collect();
        (-ll / total_weight, grad)
    };
    let phi0: Vec<f64> = start.iter().map(|s| s.ln()).collect();
    // Tolerance on the mean log-likelihood's gradient per log-parameter:
    // tighter than the published estimates' precision by orders of
    // magnitude, and reachable in double precision.
    let mut m = bfgs(&objective, &phi0, 1e-8, 60);
    let bfgs_iterations = m.iterations;
    if !m.converged {
        m = newton(&objective, &m.x, 1e-8, 100);
        m.iterations += bfgs_iterations;
    }
    let params: Vec<f64> = m.x.iter().map(|p| p.exp()).collect();
    let (ll, _) = sum(&params);
    Fit {
        names: L::NAMES,
        std_errors: std_errors(&sum, &params),
        params,
        log_likelihood: ll,
        iterations: m.iterations,
        gradient_norm: m.gradient_norm,
        converged: m.converged && ll.is_finite(),
    }
}

/// Standard errors: square roots of the diagonal of the inverse of the
/// observed information (−Hessian of ln L, by central differences of the
/// analytic gradient).
fn std_errors(sum: &Objective<'_>, theta: &[f64]) -> Option<Vec<f64>> {
    let n = theta.len();
    let mut info = vec![vec![0.0; n]; n];
    for j in 0..n {
        let h = 1e-5 * theta[j].abs().max(1e-3);
        let mut up = theta.to_vec();
        let mut down = theta.to_vec();
        up[j] += h;
        down[j] -= h;
        let (_, gu) = sum(&up);
        let (_, gd) = sum(&down);
        for i in 0..n {
            info[i][j] = -(gu[i] - gd[i]) / (2.0 * h);
        }
    }
    // symmetrise: average the two finite-difference estimates of each pair
    let sym: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| 0.5 * (info[i][j] + info[j][i])).collect())
        .collect();
    let info = sym;
    let cov = invert(&info)?;
    (0..n)
        .map(|i| (cov[i][i] > 0.0).then(|| cov[i][i].sqrt()))
        .collect()
}

/// Group identical observations, keeping a deterministic order.
pub fn compress<T: Clone, K: Ord>(rows: &[T], key: impl Fn(&T) -> K) -> Vec<(T, f64)> {
    let mut keyed: Vec<(K, &T)> = rows.iter().map(|r| (key(r), r)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out: Vec<(T, f64)> = Vec::new();
    let mut last: Option<K> = None;
    for (k, r) in keyed {
        if last.as_ref() == Some(&k) {
            if let Some(l) = out.last_mut() {
                l.1 += 1.0;
            }
        } else {
            out.push((r.clone(), 1.0));
            last = Some(k);
        }
    }
    out
}

//! Maximum-likelihood fitting shared by the models: compression, BFGS in log-parameters, standard errors.

use clientgrade_core::ModelFit;

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

impl Fit {
    /// The fit for the record, as the portfolio keeps it: `model` names it
    /// (`BG/NBD`, `Gamma–Gamma`), `customers` it was fitted on; each
    /// parameter with its standard error when there is one. The only place
    /// a fit becomes a [`ModelFit`].
    pub fn record(&self, model: &'static str, customers: usize) -> ModelFit {
        ModelFit {
            model,
            params: self
                .names
                .iter()
                .enumerate()
                .map(|(i, n)| (*n, self.params[i], self.std_errors.as_ref().map(|s| s[i])))
                .collect(),
            log_likelihood: self.log_likelihood,
            iterations: self.iterations,
            gradient_norm: self.gradient_norm,
            converged: self.converged,
            customers,
        }
    }

    /// Whether every estimate and the log-likelihood are finite numbers.
    pub fn is_finite(&self) -> bool {
        self.params.iter().all(|v| v.is_finite()) && self.log_likelihood.is_finite()
    }
}

/// A model's per-observation log-likelihood and its gradient with respect to
/// the (positive) parameters: the plain reference form that the fast,
/// table-driven sums are tested against, and what single customers are
/// scored with.
pub trait Likelihood {
    /// One observation (already compressed: identical rows carry a weight).
    type Obs;
    /// Parameter names.
    const NAMES: &'static [&'static str];
    /// ln L of one observation, and ∂ ln L / ∂θ.
    fn ll_grad(theta: &[f64], o: &Self::Obs) -> (f64, Vec<f64>);
}

/// Fit given the total log-likelihood and its gradient (`sum`), over
/// `total_weight` observations, searching in ln θ from `start`.
pub fn fit_total(
    names: &'static [&'static str],
    sum: &Objective<'_>,
    total_weight: f64,
    start: &[f64],
) -> Fit {
    let total_weight = total_weight.max(1.0);
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
        names,
        std_errors: std_errors(sum, &params),
        params,
        log_likelihood: ll,
        iterations: m.iterations,
        gradient_norm: m.gradient_norm,
        converged: m.converged && ll.is_finite(),
    }
}

/// Sum `f` over `n` items split into a fixed number of chunks (so the
/// floating-point result does not depend on the machine's core count),
/// processed on up to that many threads and added in chunk order.
pub fn parallel_sum(
    n: usize,
    dims: usize,
    f: &(dyn Fn(std::ops::Range<usize>) -> (f64, Vec<f64>) + Sync),
) -> (f64, Vec<f64>) {
    const CHUNKS: usize = 8;
    const SERIAL_BELOW: usize = 20_000;
    let bounds: Vec<std::ops::Range<usize>> = (0..CHUNKS)
        .map(|c| c * n / CHUNKS..(c + 1) * n / CHUNKS)
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |t| t.get())
        .min(CHUNKS);
    let parts: Vec<(f64, Vec<f64>)> = if n < SERIAL_BELOW || threads == 1 {
        bounds.into_iter().map(f).collect()
    } else {
        clientgrade_core::parallel::on_threads(threads, bounds, f)
    };
    let mut ll = 0.0;
    let mut g = vec![0.0; dims];
    for (l, gi) in parts {
        ll += l;
        for (a, b) in g.iter_mut().zip(gi) {
            *a += b;
        }
    }
    (ll, g)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn fit(std_errors: Option<Vec<f64>>) -> Fit {
        Fit {
            names: &["r", "alpha"],
            params: vec![0.25, 4.5],
            log_likelihood: -9582.4,
            std_errors,
            iterations: 17,
            gradient_norm: 3e-9,
            converged: true,
        }
    }

    #[test]
    fn a_record_pairs_each_parameter_with_its_name_and_standard_error() {
        let m = fit(Some(vec![0.01, 0.2])).record("BG/NBD", 2357);
        assert_eq!(m.model, "BG/NBD");
        assert_eq!(
            m.params,
            [("r", 0.25, Some(0.01)), ("alpha", 4.5, Some(0.2))]
        );
        assert_eq!(
            (
                m.log_likelihood,
                m.iterations,
                m.gradient_norm,
                m.converged,
                m.customers
            ),
            (-9582.4, 17, 3e-9, true, 2357)
        );
        let without = fit(None).record("Gamma–Gamma", 946);
        assert_eq!(without.params, [("r", 0.25, None), ("alpha", 4.5, None)]);
    }

    #[test]
    fn a_fit_with_a_nan_estimate_or_likelihood_is_not_finite() {
        assert!(fit(None).is_finite());
        let mut f = fit(None);
        f.params[1] = f64::NAN;
        assert!(!f.is_finite());
        let mut f = fit(None);
        f.log_likelihood = f64::NEG_INFINITY;
        assert!(!f.is_finite());
    }
}

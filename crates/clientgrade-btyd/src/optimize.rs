//! BFGS minimisation with a backtracking line search, for smooth log-likelihoods with analytic gradients.

/// An objective: its value and gradient at a point.
pub type Objective<'a> = dyn Fn(&[f64]) -> (f64, Vec<f64>) + 'a;

/// The outcome of a minimisation.
#[derive(Clone, Debug, PartialEq)]
pub struct Minimum {
    /// The point reached.
    pub x: Vec<f64>,
    /// The objective there.
    pub value: f64,
    /// The gradient's largest absolute component there.
    pub gradient_norm: f64,
    /// Iterations used.
    pub iterations: usize,
    /// Whether the gradient fell below the tolerance.
    pub converged: bool,
}

/// Minimise `f` (returning value and gradient) from `x0` by BFGS.
///
/// Stops when the largest gradient component is below `tol` or after
/// `max_iter` iterations. A non-finite value is treated as +∞ by the line
/// search, so the search stays where the objective is defined.
pub fn bfgs(f: &Objective<'_>, x0: &[f64], tol: f64, max_iter: usize) -> Minimum {
    let n = x0.len();
    let mut x = x0.to_vec();
    let (mut fx, mut g) = f(&x);
    let mut h = identity(n);
    let norm = |g: &[f64]| g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let mut iterations = 0;
    while iterations < max_iter && norm(&g) > tol {
        iterations += 1;
        // direction p = −H g
        let mut p: Vec<f64> = (0..n)
            .map(|i| -(0..n).map(|j| h[i][j] * g[j]).sum::<f64>())
            .collect();
        let mut slope: f64 = p.iter().zip(&g).map(|(a, b)| a * b).sum();
        if slope >= 0.0 {
            // not a descent direction: restart from steepest descent
            h = identity(n);
            p = g.iter().map(|v| -v).collect();
            slope = -g.iter().map(|v| v * v).sum::<f64>();
        }
        let mut step = 1.0;
        let mut accepted = None;
        for _ in 0..60 {
            let xn: Vec<f64> = x.iter().zip(&p).map(|(a, b)| a + step * b).collect();
            let (fnew, gnew) = f(&xn);
            if fnew.is_finite() && fnew <= fx + 1e-4 * step * slope {
                accepted = Some((xn, fnew, gnew));
                break;
            }
            step *= 0.5;
        }
        let Some((xn, fnew, gnew)) = accepted else {
            break;
        };
        let s: Vec<f64> = xn.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = gnew.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy: f64 = s.iter().zip(&y).map(|(a, b)| a * b).sum();
        if sy > 1e-12 {
            // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
            let rho = 1.0 / sy;
            let hy: Vec<f64> = (0..n)
                .map(|i| (0..n).map(|j| h[i][j] * y[j]).sum())
                .collect();
            let yhy: f64 = y.iter().zip(&hy).map(|(a, b)| a * b).sum();
            for i in 0..n {
                for j in 0..n {
                    h[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j])
                        + (rho * rho * yhy + rho) * s[i] * s[j];
                }
            }
        }
        x = xn;
        fx = fnew;
        g = gnew;
    }
    let gradient_norm = norm(&g);
    Minimum {
        x,
        value: fx,
        gradient_norm,
        iterations,
        converged: gradient_norm <= tol,
    }
}

/// Polish a minimum by damped Newton steps (Levenberg–Marquardt): the
/// Hessian comes from central differences of the analytic gradient, so each
/// iteration costs 2n + 1 evaluations; for the few parameters of these models
/// that converges where BFGS crawls along a ridge.
pub fn newton(f: &Objective<'_>, x0: &[f64], tol: f64, max_iter: usize) -> Minimum {
    let n = x0.len();
    let mut x = x0.to_vec();
    let (mut fx, mut g) = f(&x);
    let norm = |g: &[f64]| g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let mut lambda = 1e-6;
    let mut iterations = 0;
    while iterations < max_iter && norm(&g) > tol {
        iterations += 1;
        let mut h = vec![vec![0.0; n]; n];
        for j in 0..n {
            let e = 1e-5 * x[j].abs().max(1.0);
            let mut up = x.clone();
            let mut down = x.clone();
            up[j] += e;
            down[j] -= e;
            let (gu, gd) = (f(&up).1, f(&down).1);
            for i in 0..n {
                h[i][j] = (gu[i] - gd[i]) / (2.0 * e);
            }
        }
        let mut improved = false;
        for _ in 0..30 {
            let damped: Vec<Vec<f64>> = (0..n)
                .map(|i| {
                    (0..n)
                        .map(|j| {
                            0.5 * (h[i][j] + h[j][i])
                                + if i == j {
                                    lambda * (1.0 + h[i][i].abs())
                                } else {
                                    0.0
                                }
                        })
                        .collect()
                })
                .collect();
            let Some(inv) = invert(&damped) else {
                lambda *= 10.0;
                continue;
            };
            let xn: Vec<f64> = (0..n)
                .map(|i| x[i] - (0..n).map(|j| inv[i][j] * g[j]).sum::<f64>())
                .collect();
            let (fnew, gnew) = f(&xn);
            // Near the optimum the decrease falls below the rounding noise of
            // a sum over many customers; a step that keeps the value within
            // that noise and shrinks the gradient is progress too.
            let noise = 1e-12 * fx.abs().max(1.0);
            let better = fnew < fx || (fnew <= fx + noise && norm(&gnew) < norm(&g));
            if fnew.is_finite() && better {
                x = xn;
                fx = fnew;
                g = gnew;
                lambda = (lambda / 10.0).max(1e-12);
                improved = true;
                break;
            }
            lambda *= 10.0;
        }
        if !improved {
            break;
        }
    }
    let gradient_norm = norm(&g);
    Minimum {
        x,
        value: fx,
        gradient_norm,
        iterations,
        converged: gradient_norm <= tol,
    }
}

fn identity(n: usize) -> Vec<Vec<f64>> {
    (0..n)
        .map(|i| (0..n).map(|j| f64::from(u8::from(i == j))).collect())
        .collect()
}

/// Invert a small symmetric positive-definite matrix (Gauss–Jordan with
/// partial pivoting); `None` when singular.
pub fn invert(m: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = m.len();
    let mut a: Vec<Vec<f64>> = m
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut r = row.clone();
            r.extend((0..n).map(|j| f64::from(u8::from(i == j))));
            r
        })
        .collect();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-300 {
            return None;
        }
        a.swap(col, pivot);
        let d = a[col][col];
        for v in a[col].iter_mut() {
            *v /= d;
        }
        for r in 0..n {
            if r != col {
                let factor = a[r][col];
                if factor != 0.0 {
                    let pivot_row = a[col].clone();
                    for (v, p) in a[r].iter_mut().zip(pivot_row) {
                        *v -= factor * p;
                    }
                }
            }
        }
    }
    Some(a.into_iter().map(|r| r[n..].to_vec()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Rosenbrock function and its gradient: minimum 0 at (1, 1).
    fn rosenbrock(x: &[f64]) -> (f64, Vec<f64>) {
        let (a, b) = (x[0], x[1]);
        let v = (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2);
        let g = vec![
            -2.0 * (1.0 - a) - 400.0 * a * (b - a * a),
            200.0 * (b - a * a),
        ];
        (v, g)
    }

    #[test]
    fn minimises_the_rosenbrock_function() {
        let m = bfgs(&rosenbrock, &[-1.2, 1.0], 1e-10, 1_000);
        assert!(m.converged);
        assert!(
            (m.x[0] - 1.0).abs() < 1e-8 && (m.x[1] - 1.0).abs() < 1e-8,
            "{:?}",
            m.x
        );
    }

    #[test]
    fn newton_polishes_rosenbrock() {
        let m = newton(&rosenbrock, &[-1.2, 1.0], 1e-10, 200);
        assert!(m.converged, "{m:?}");
        assert!((m.x[0] - 1.0).abs() < 1e-8);
    }

    #[test]
    fn inverts() {
        let inv = invert(&[vec![4.0, 7.0], vec![2.0, 6.0]]).unwrap();
        assert!((inv[0][0] - 0.6).abs() < 1e-12 && (inv[0][1] + 0.7).abs() < 1e-12);
        assert!((inv[1][0] + 0.2).abs() < 1e-12 && (inv[1][1] - 0.4).abs() < 1e-12);
        assert!(invert(&[vec![1.0, 2.0], vec![2.0, 4.0]]).is_none());
    }
}

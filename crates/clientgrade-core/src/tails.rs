//! Tail probabilities for the evidence tests: incomplete beta, Student t and binomial tails.

use crate::special::ln_gamma;

/// The regularised incomplete beta function `I_x(a, b)` (continued fraction,
/// Numerical Recipes §6.4).
pub fn incomplete_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front =
        (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        (front * beta_fraction(x, a, b) / a).clamp(0.0, 1.0)
    } else {
        (1.0 - front * beta_fraction(1.0 - x, b, a) / b).clamp(0.0, 1.0)
    }
}

/// Below this, a denominator of the continued fraction counts as zero.
const TINY: f64 = 1e-300;

/// `v`, kept away from zero (the modified Lentz method).
fn nonzero(v: f64) -> f64 {
    if v.abs() < TINY {
        TINY
    } else {
        v
    }
}

/// One step of the modified Lentz method with partial numerator `aa`:
/// updates `d` and `c` and returns the factor the fraction is multiplied by.
fn lentz_step(aa: f64, d: &mut f64, c: &mut f64) -> f64 {
    *d = 1.0 / nonzero(1.0 + aa * *d);
    *c = nonzero(1.0 + aa / *c);
    *d * *c
}

fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / nonzero(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..500 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        // the even and the odd step of the fraction
        h *= lentz_step(m * (b - m) * x / ((qam + m2) * (a + m2)), &mut d, &mut c);
        let delta = lentz_step(
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
            &mut d,
            &mut c,
        );
        h *= delta;
        if (delta - 1.0).abs() < 1e-14 {
            break;
        }
    }
    h
}

/// `P(T > t)` for Student's t with `df` degrees of freedom.
pub fn student_upper(t: f64, df: f64) -> f64 {
    if !t.is_finite() {
        return if t > 0.0 { 0.0 } else { 1.0 };
    }
    let half = 0.5 * incomplete_beta(df / (df + t * t), df / 2.0, 0.5);
    if t >= 0.0 {
        half
    } else {
        1.0 - half
    }
}

/// `P(X ≥ k)` for `X ~ Binomial(n, p)`: how surprising `k` or more events in
/// `n` chances are when each has probability `p`.
pub fn binomial_upper(k: u64, n: u64, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    incomplete_beta(p, k as f64, (n - k + 1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tails_match_known_values() {
        // t with 1 df is Cauchy: P(T > 1) = 1/4
        assert!((student_upper(1.0, 1.0) - 0.25).abs() < 1e-9);
        // t with 10 df: P(T > 2.228) = 0.025
        assert!((student_upper(2.228_138_9, 10.0) - 0.025).abs() < 1e-6);
        assert!((student_upper(-2.228_138_9, 10.0) - 0.975).abs() < 1e-6);
        // Binomial(10, 0.5): P(X ≥ 8) = 56/1024
        assert!((binomial_upper(8, 10, 0.5) - 56.0 / 1024.0).abs() < 1e-12);
        // Binomial(3, 0.1): P(X ≥ 1) = 1 − 0.9³
        assert!((binomial_upper(1, 3, 0.1) - (1.0 - 0.729)).abs() < 1e-12);
        assert_eq!(binomial_upper(0, 3, 0.1), 1.0);
        assert_eq!(binomial_upper(4, 3, 0.1), 0.0);
    }
}

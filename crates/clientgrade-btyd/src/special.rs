//! Special functions: the Gauss hypergeometric function 2F1 (log-gamma and digamma are core's).

/// ln Γ: the one implementation, in `clientgrade-core`, shared with the evidence tests.
pub use clientgrade_core::special::ln_gamma;

/// ψ: the one implementation, in `clientgrade-core`, shared with the growth judgement.
pub use clientgrade_core::special::digamma;

/// ₂F₁(a, b; c; z) for 0 ≤ z < 1 by its power series, summed until the terms
/// stop mattering; `None` if it has not converged after 100,000 terms.
pub fn hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    if !(0.0..1.0).contains(&z) {
        return None;
    }
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 0..100_000 {
        let n = f64::from(n);
        term *= (a + n) * (b + n) / ((c + n) * (n + 1.0)) * z;
        sum += term;
        if term.abs() <= 1e-15 * sum.abs() {
            return Some(sum);
        }
    }
    None
}

/// ₂F₁(a, b; c; z) and its derivatives in a, b, c and z, for 0 ≤ z < 1, from
/// the power series differentiated term by term: with tₙ the n-th term,
/// ∂tₙ/∂a = tₙ Σ_{k<n} 1/(a+k) (likewise b), ∂tₙ/∂c = −tₙ Σ_{k<n} 1/(c+k),
/// ∂tₙ/∂z = n tₙ / z. `None` if it has not converged after 100,000 terms.
pub fn hyp2f1_grad(a: f64, b: f64, c: f64, z: f64) -> Option<[f64; 5]> {
    if !(0.0..1.0).contains(&z) {
        return None;
    }
    let (mut t, mut f) = (1.0, 1.0);
    let (mut sa, mut sb, mut sc) = (0.0, 0.0, 0.0);
    let (mut da, mut db, mut dc, mut dz) = (0.0, 0.0, 0.0, 0.0);
    for n in 0..100_000 {
        let k = f64::from(n);
        t *= (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
        sa += 1.0 / (a + k);
        sb += 1.0 / (b + k);
        sc += 1.0 / (c + k);
        f += t;
        da += t * sa;
        db += t * sb;
        dc -= t * sc;
        if z > 0.0 {
            dz += (k + 1.0) * t / z;
        }
        let small = |term: f64, total: f64| term.abs() <= 1e-15 * total.abs().max(1e-300);
        if small(t, f)
            && small(t * sa, da)
            && small(t * sb, db)
            && small(t * sc, dc)
            && small((k + 1.0) * t, dz * z)
        {
            return Some([f, da, db, dc, dz]);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyp2f1_derivatives_match_finite_differences() {
        let (a, b, c, z) = (1.3, 2.2, 3.9, 0.43);
        let g = hyp2f1_grad(a, b, c, z).unwrap();
        assert!((g[0] - hyp2f1(a, b, c, z).unwrap()).abs() < 1e-14);
        let h = 1e-6;
        let num = [
            (hyp2f1(a + h, b, c, z).unwrap() - hyp2f1(a - h, b, c, z).unwrap()) / (2.0 * h),
            (hyp2f1(a, b + h, c, z).unwrap() - hyp2f1(a, b - h, c, z).unwrap()) / (2.0 * h),
            (hyp2f1(a, b, c + h, z).unwrap() - hyp2f1(a, b, c - h, z).unwrap()) / (2.0 * h),
            (hyp2f1(a, b, c, z + h).unwrap() - hyp2f1(a, b, c, z - h).unwrap()) / (2.0 * h),
        ];
        for i in 0..4 {
            assert!(
                (g[i + 1] - num[i]).abs() < 1e-7 * num[i].abs().max(1.0),
                "{i}: {} vs {}",
                g[i + 1],
                num[i]
            );
        }
    }

    #[test]
    fn hyp2f1_matches_closed_forms() {
        // 2F1(1, 1; 2; z) = −ln(1 − z) / z
        let z: f64 = 0.47;
        assert!((hyp2f1(1.0, 1.0, 2.0, z).unwrap() + (1.0 - z).ln() / z).abs() < 1e-13);
        // 2F1(a, b; b; z) = (1 − z)^−a
        assert!((hyp2f1(2.5, 3.0, 3.0, 0.3).unwrap() - 0.7f64.powf(-2.5)).abs() < 1e-12);
        assert_eq!(hyp2f1(1.0, 1.0, 2.0, 1.0), None);
    }
}

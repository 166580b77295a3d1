//! Distributions for the evidence tests: normal and Student quantiles; incomplete beta and gamma; Student t, binomial and χ² tails.

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

/// The standard normal quantile (Acklam's rational approximation, relative
/// error below 1.2e-9).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let p = p.clamp(1e-300, 1.0 - 1e-16);
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.024_25 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.024_25 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// The Student t quantile with `df` degrees of freedom (Cornish–Fisher
/// expansion around the normal; the normal itself for infinite `df`).
pub fn student_quantile(p: f64, df: f64) -> f64 {
    let z = normal_quantile(p);
    if !df.is_finite() || df > 1e6 {
        return z;
    }
    let df = df.max(1.0);
    let (z3, z5, z7) = (z.powi(3), z.powi(5), z.powi(7));
    z + (z3 + z) / (4.0 * df)
        + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * df * df)
        + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * df.powi(3))
}

/// The upper regularised incomplete gamma function `Q(s, x)`: a series
/// below `x < s + 1`, a continued fraction above (Numerical Recipes §6.2).
pub fn gamma_q(s: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let front = (-x + s * x.ln() - ln_gamma(s)).exp();
    if x < s + 1.0 {
        let (mut sum, mut term, mut a) = (1.0 / s, 1.0 / s, s);
        for _ in 0..1_000 {
            a += 1.0;
            term *= x / a;
            sum += term;
            if term.abs() < sum.abs() * 1e-15 {
                break;
            }
        }
        (1.0 - sum * front).clamp(0.0, 1.0)
    } else {
        let tiny = 1e-300;
        let mut b = x + 1.0 - s;
        let mut c = 1.0 / tiny;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..1_000 {
            let an = -(i as f64) * (i as f64 - s);
            b += 2.0;
            d = an * d + b;
            if d.abs() < tiny {
                d = tiny;
            }
            c = b + an / c;
            if c.abs() < tiny {
                c = tiny;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < 1e-15 {
                break;
            }
        }
        (front * h).clamp(0.0, 1.0)
    }
}

/// P(χ² with `df` degrees of freedom ≥ `x`); 1 without degrees of freedom.
pub fn chi_square_sf(x: f64, df: u32) -> f64 {
    if df == 0 {
        return 1.0;
    }
    gamma_q(f64::from(df) / 2.0, x / 2.0)
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

    #[test]
    fn normal_and_student_quantiles_match_tables() {
        assert!((normal_quantile(0.95) - 1.644_853_6).abs() < 1e-6);
        assert!((normal_quantile(0.975) - 1.959_964).abs() < 1e-6);
        assert!((normal_quantile(0.5)).abs() < 1e-12);
        assert!((normal_quantile(0.01) + 2.326_348).abs() < 1e-6);
        // t quantiles: 95% with 6 and 30 degrees of freedom
        assert!((student_quantile(0.95, 6.0) - 1.943).abs() < 0.01);
        assert!((student_quantile(0.95, 30.0) - 1.697).abs() < 0.002);
    }

    fn close_to(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn chi_square_tail_matches_tables() {
        // critical values: df 1 at 3.841 → 0.05; df 4 at 9.488 → 0.05; df 10 at 23.209 → 0.01
        assert!(close_to(chi_square_sf(3.841_459, 1), 0.05, 1e-6));
        assert!(close_to(chi_square_sf(9.487_729, 4), 0.05, 1e-6));
        assert!(close_to(chi_square_sf(23.209_25, 10), 0.01, 1e-6));
        assert!(close_to(chi_square_sf(0.0, 3), 1.0, 1e-12));
        assert!(chi_square_sf(400.0, 3) < 1e-80);
        assert!(close_to(ln_gamma(5.0), 24f64.ln(), 1e-12));
        assert!(close_to(
            ln_gamma(0.5),
            std::f64::consts::PI.sqrt().ln(),
            1e-12
        ));
    }
}

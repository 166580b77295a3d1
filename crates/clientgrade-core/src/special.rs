//! Special functions: ln Γ, ψ and its derivatives, the one copy the evidence tests (tails.rs, profile/stats.rs), the growth judgement and the lifetime models (clientgrade-btyd) share.

/// ln |Γ(x)| (Lanczos approximation, g = 7, n = 9; relative error below
/// 1e-14 over the range the models and tests use). Below 0.5 by the
/// reflection Γ(x)Γ(1−x) = π / sin(πx), so negative non-integers work too;
/// the poles (0, −1, −2 …) give +∞.
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).abs().ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// ψ(x) = d/dx ln Γ(x) for x > 0: recurrence up to x ≥ 10, then the asymptotic series.
pub fn digamma(mut x: f64) -> f64 {
    let mut result = 0.0;
    while x < 10.0 {
        result -= 1.0 / x;
        x += 1.0;
    }
    let f = 1.0 / (x * x);
    result + x.ln()
        - 0.5 / x
        - f * (1.0 / 12.0 - f * (1.0 / 120.0 - f * (1.0 / 252.0 - f * (1.0 / 240.0 - f / 132.0))))
}

/// ψ′(x), the trigamma function, for x > 0.
pub fn trigamma(mut x: f64) -> f64 {
    let mut r = 0.0;
    while x < 6.0 {
        r += 1.0 / (x * x);
        x += 1.0;
    }
    let f = 1.0 / (x * x);
    r + 1.0 / x + f / 2.0 + f / x * (1.0 / 6.0 - f * (1.0 / 30.0 - f * (1.0 / 42.0 - f / 30.0)))
}

/// ψ″(x), the tetragamma function, for x > 0.
pub fn tetragamma(mut x: f64) -> f64 {
    let mut r = 0.0;
    while x < 6.0 {
        r -= 2.0 / (x * x * x);
        x += 1.0;
    }
    let f = 1.0 / (x * x);
    r - f - f / x - f * f * (0.5 - f * (1.0 / 6.0 - f * (1.0 / 6.0 - f * 3.0 / 10.0)))
}

/// The x with ψ′(x) = y (limma's Newton iteration).
pub fn trigamma_inverse(y: f64) -> f64 {
    if y > 1e7 {
        return 1.0 / y.sqrt();
    }
    if y < 1e-6 {
        return 1.0 / y;
    }
    let mut x = 0.5 + 1.0 / y;
    for _ in 0..50 {
        let tri = trigamma(x);
        let step = tri * (1.0 - tri / y) / tetragamma(x);
        x += step;
        if -step / x < 1e-8 {
            break;
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(x: f64, want: f64, tolerance: f64) {
        let got = ln_gamma(x);
        assert!(
            (got - want).abs() <= tolerance,
            "ln Γ({x}) = {got}, want {want}"
        );
    }

    #[test]
    fn ln_gamma_matches_known_values() {
        check(1.0, 0.0, 1e-14);
        check(2.0, 0.0, 1e-14);
        check(5.0, 24f64.ln(), 1e-13);
        check(0.5, std::f64::consts::PI.sqrt().ln(), 1e-13);
        check(100.5, 361.435_540_467_777_6, 1e-10);
        check(0.01, 4.599_479_878_042_022, 1e-12);
        // Γ(171) = 170!: ln by summing the logs
        let ln_170_factorial: f64 = (1..=170).map(|k| f64::from(k).ln()).sum();
        check(171.0, ln_170_factorial, 1e-9);
    }

    #[test]
    fn ln_gamma_of_a_negative_non_integer_is_the_log_of_the_absolute_value() {
        // Γ(−0.5) = −2√π, Γ(−1.5) = 4√π / 3: the signs differ, the logs of
        // the absolute values are finite (core's former copy gave NaN here)
        let root_pi = std::f64::consts::PI.sqrt();
        check(-0.5, (2.0 * root_pi).ln(), 1e-13);
        check(-1.5, (4.0 * root_pi / 3.0).ln(), 1e-13);
    }

    #[test]
    fn ln_gamma_satisfies_the_recurrence() {
        // ln Γ(x + 1) = ln x + ln Γ(x), across both branches
        for x in [0.1, 0.3, 0.49, 0.51, 1.7, 3.25, 12.5, 47.0] {
            check(
                x + 1.0,
                x.ln() + ln_gamma(x),
                1e-12 * (1.0 + ln_gamma(x).abs()),
            );
        }
    }

    #[test]
    fn polygamma_functions_match_known_values() {
        // ψ(1) = −γ, ψ′(1) = π²/6, ψ″(1) = −2ζ(3)
        assert!((digamma(1.0) + 0.577_215_664_901_532_9).abs() < 1e-13);
        assert!((digamma(0.5) + 0.577_215_664_901_532_9 + 2.0 * 2f64.ln()).abs() < 1e-13);
        assert!((digamma(10.0) - 2.251_752_589_066_721).abs() < 1e-13);
        assert!((trigamma(1.0) - std::f64::consts::PI.powi(2) / 6.0).abs() < 1e-9);
        assert!((tetragamma(1.0) + 2.0 * 1.202_056_903_2).abs() < 1e-8);
        for x in [0.3, 1.0, 2.5, 10.0] {
            assert!((trigamma_inverse(trigamma(x)) - x).abs() < 1e-6, "{x}");
        }
    }
}

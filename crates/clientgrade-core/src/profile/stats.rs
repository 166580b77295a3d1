//! The statistics of the profile: Wilson and ratio intervals, the G-test with Holm's adjustment, AUC with DeLong's interval.

use crate::tails::normal_quantile;

/// The two-sided normal quantile of `confidence` (0.95 → 1.96).
pub fn z_of(confidence: f64) -> f64 {
    normal_quantile(0.5 + confidence.clamp(0.0, 0.999_999) / 2.0)
}

/// Wilson's interval of the proportion `k / n` (Wilson 1927): good even for
/// a handful of cases or a share near 0 or 1. `(0, 1)` when `n` is 0.
pub fn wilson(k: u64, n: u64, z: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let (k, n) = (k as f64, n as f64);
    let p = k / n;
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / (1.0 + z2 / n);
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// The ratio of two independent proportions `(a / n1) / (c / n0)` with its
/// interval on the log scale (Katz et al. 1978). With a zero count, half a
/// case is added to both counts (and one to both totals) so that the
/// estimate and the interval stay finite. `None` when a total is zero.
pub fn ratio_interval(a: u64, n1: u64, c: u64, n0: u64, z: f64) -> Option<(f64, f64, f64)> {
    if n1 == 0 || n0 == 0 {
        return None;
    }
    let (mut a, mut n1, mut c, mut n0) = (a as f64, n1 as f64, c as f64, n0 as f64);
    if a == 0.0 || c == 0.0 {
        a += 0.5;
        c += 0.5;
        n1 += 1.0;
        n0 += 1.0;
    }
    let log_ratio = (a / n1).ln() - (c / n0).ln();
    let se = (1.0 / a - 1.0 / n1 + 1.0 / c - 1.0 / n0).max(0.0).sqrt();
    Some((
        log_ratio.exp(),
        (log_ratio - z * se).exp(),
        (log_ratio + z * se).exp(),
    ))
}

/// The G statistic (likelihood-ratio chi-square) of a 2 × L table given as
/// (Tier 1, rest) counts per level, with its degrees of freedom (levels
/// with no customer at all do not count).
pub fn g_test(table: &[(u64, u64)]) -> (f64, u32) {
    let rows: Vec<(f64, f64)> = table
        .iter()
        .filter(|(a, b)| a + b > 0)
        .map(|(a, b)| (*a as f64, *b as f64))
        .collect();
    let t1: f64 = rows.iter().map(|r| r.0).sum();
    let t0: f64 = rows.iter().map(|r| r.1).sum();
    let n = t1 + t0;
    if rows.len() < 2 || t1 == 0.0 || t0 == 0.0 {
        return (0.0, 0);
    }
    let term = |o: f64, e: f64| if o > 0.0 { o * (o / e).ln() } else { 0.0 };
    let g: f64 = rows
        .iter()
        .map(|(a, b)| {
            let s = a + b;
            term(*a, s * t1 / n) + term(*b, s * t0 / n)
        })
        .sum();
    ((2.0 * g).max(0.0), rows.len() as u32 - 1)
}

/// Holm's step-down adjustment of p-values (Holm 1979): controls the chance
/// of any false call among them, without assuming independence.
pub fn holm(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
    let mut out = vec![1.0; m];
    let mut running = 0.0f64;
    for (k, &i) in order.iter().enumerate() {
        let adjusted = ((m - k) as f64 * p[i]).min(1.0);
        running = running.max(adjusted);
        out[i] = running;
    }
    out
}

/// The area under the ROC curve of `scores` for the cases where `positive`
/// is true (ties count one half), with DeLong's standard error (DeLong,
/// DeLong & Clarke-Pearson 1988). `None` without both kinds of case.
pub fn auc(scores: &[f64], positive: &[bool]) -> Option<(f64, f64)> {
    let pos: Vec<f64> = scores
        .iter()
        .zip(positive)
        .filter(|(_, p)| **p)
        .map(|(s, _)| *s)
        .collect();
    let mut neg: Vec<f64> = scores
        .iter()
        .zip(positive)
        .filter(|(_, p)| !**p)
        .map(|(s, _)| *s)
        .collect();
    if pos.is_empty() || neg.is_empty() {
        return None;
    }
    let mut pos_sorted = pos.clone();
    pos_sorted.sort_by(f64::total_cmp);
    neg.sort_by(f64::total_cmp);
    // share of `sorted` below x, ties one half
    let placement = |sorted: &[f64], x: f64| {
        let below = sorted.partition_point(|v| *v < x);
        let upto = sorted.partition_point(|v| *v <= x);
        (below as f64 + 0.5 * (upto - below) as f64) / sorted.len() as f64
    };
    let v10: Vec<f64> = pos.iter().map(|x| placement(&neg, *x)).collect();
    let v01: Vec<f64> = neg
        .iter()
        .map(|y| 1.0 - placement(&pos_sorted, *y))
        .collect();
    let a = v10.iter().sum::<f64>() / v10.len() as f64;
    let var = |v: &[f64]| {
        if v.len() < 2 {
            return 0.0;
        }
        let m = v.iter().sum::<f64>() / v.len() as f64;
        v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (v.len() - 1) as f64
    };
    let se = (var(&v10) / v10.len() as f64 + var(&v01) / v01.len() as f64).sqrt();
    Some((a, se))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn wilson_matches_published_values() {
        // Newcombe (1998), table I: 81/263 → 0.2553 to 0.3662; 0/10 → 0 to 0.2775
        let (lo, hi) = wilson(81, 263, z_of(0.95));
        assert!(
            close(lo, 0.2553, 5e-4) && close(hi, 0.3662, 5e-4),
            "{lo} {hi}"
        );
        let (lo, hi) = wilson(0, 10, z_of(0.95));
        assert!(
            close(lo, 0.0, 1e-12) && close(hi, 0.2775, 5e-4),
            "{lo} {hi}"
        );
    }

    #[test]
    fn the_ratio_interval_is_katz_on_the_log_scale() {
        // 30/100 vs 10/100: ratio 3, se = sqrt(1/30 - 1/100 + 1/10 - 1/100)
        let (r, lo, hi) = ratio_interval(30, 100, 10, 100, 1.959_964).unwrap();
        let se = (1.0f64 / 30.0 - 0.01 + 0.1 - 0.01).sqrt();
        assert!(close(r, 3.0, 1e-12));
        assert!(close(lo, (3.0f64.ln() - 1.959_964 * se).exp(), 1e-9));
        assert!(close(hi, (3.0f64.ln() + 1.959_964 * se).exp(), 1e-9));
        // three customers, all in Tier 1: a finite, wide interval
        let (r, lo, hi) = ratio_interval(3, 300, 0, 2_000, 1.96).unwrap();
        assert!(
            r.is_finite() && lo < r && r < hi && hi / lo > 20.0,
            "{lo} {r} {hi}"
        );
    }

    #[test]
    fn the_g_test_of_a_table_without_association_is_zero() {
        assert_eq!(g_test(&[(10, 40), (20, 80)]), (0.0, 1));
        let (g, df) = g_test(&[(30, 70), (10, 90), (0, 0)]);
        assert_eq!(df, 1);
        // by hand: 2 Σ O ln(O/E) with E = 20/80 per row of 100
        let want = 2.0
            * (30.0 * (30.0f64 / 20.0).ln()
                + 70.0 * (70.0f64 / 80.0).ln()
                + 10.0 * (10.0f64 / 20.0).ln()
                + 90.0 * (90.0f64 / 80.0).ln());
        assert!(close(g, want, 1e-9));
    }

    #[test]
    fn holm_steps_down_and_stays_monotone() {
        let adj = holm(&[0.01, 0.04, 0.03, 0.005]);
        for (got, want) in adj.iter().zip([0.03, 0.06, 0.06, 0.02]) {
            assert!(close(*got, want, 1e-12), "{adj:?}");
        }
    }

    #[test]
    fn auc_counts_ties_as_half_and_delong_matches_by_hand() {
        let (a, _) = auc(&[0.9, 0.8, 0.7, 0.1], &[true, true, false, false]).unwrap();
        assert_eq!(a, 1.0);
        let (a, _) = auc(&[0.5, 0.5], &[true, false]).unwrap();
        assert_eq!(a, 0.5);
        // pos {3, 1}, neg {2, 0}: pairs (3>2, 3>0, 1<2, 1>0) → 3/4
        let (a, se) = auc(&[3.0, 1.0, 2.0, 0.0], &[true, true, false, false]).unwrap();
        assert_eq!(a, 0.75);
        // V10 = {1, 0.5}, V01 = {0.5, 1}: var 0.125 each; se² = 0.125/2 + 0.125/2
        assert!(close(se, 0.125f64.sqrt(), 1e-12));
        assert!(auc(&[1.0], &[true]).is_none());
    }
}

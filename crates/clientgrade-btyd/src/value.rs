//! Customer lifetime value over a horizon, with discounting, from BG/NBD and Gamma–Gamma.

use clientgrade_core::Scorecard;

use crate::{BgNbd, Customer};

/// Discounted expected revenue over `horizon` time units from now: the
/// horizon is cut into `steps` equal periods; the purchases expected in each
/// (the difference of the cumulative expectations) are valued at
/// `expected_value` and discounted by `(1 + rate_per_period)^k` at the end of
/// period k. `None` when an expectation cannot be computed.
pub fn clv(
    model: &BgNbd,
    c: &Customer,
    expected_value: f64,
    horizon: f64,
    steps: u32,
    rate_per_period: f64,
) -> Option<f64> {
    let dt = horizon / f64::from(steps.max(1));
    let mut previous = 0.0;
    let mut total = 0.0;
    for k in 1..=steps.max(1) {
        let cumulative = model.expected_purchases(dt * f64::from(k), c)?;
        total += (cumulative - previous) * expected_value / (1.0 + rate_per_period).powi(k as i32);
        previous = cumulative;
    }
    Some(total)
}

/// Compare predicted and actual holdout purchases, with each customer's
/// calibration frequency for the breakdown.
pub fn scorecard(rows: &[(f64, f64, f64)]) -> Scorecard {
    let n = rows.len() as f64;
    let mean = |f: fn(&(f64, f64, f64)) -> f64| rows.iter().map(f).sum::<f64>() / n;
    let (mp, ma) = (mean(|r| r.1), mean(|r| r.2));
    let (mut sxy, mut sxx, mut syy, mut abs) = (0.0, 0.0, 0.0, 0.0);
    for (_, p, a) in rows {
        sxy += (p - mp) * (a - ma);
        sxx += (p - mp) * (p - mp);
        syy += (a - ma) * (a - ma);
        abs += (p - a).abs();
    }
    let mut by_frequency = Vec::new();
    for k in 0..=7u32 {
        let class: Vec<&(f64, f64, f64)> = rows
            .iter()
            .filter(|r| {
                if k == 7 {
                    r.0 >= 7.0
                } else {
                    r.0 == f64::from(k)
                }
            })
            .collect();
        if class.is_empty() {
            continue;
        }
        let m = class.len() as f64;
        by_frequency.push((
            if k == 7 {
                "7+".to_string()
            } else {
                k.to_string()
            },
            class.len(),
            class.iter().map(|r| r.1).sum::<f64>() / m,
            class.iter().map(|r| r.2).sum::<f64>() / m,
        ));
    }
    Scorecard {
        customers: rows.len(),
        correlation: sxy / (sxx * syy).sqrt(),
        mae: abs / n,
        predicted_total: rows.iter().map(|r| r.1).sum(),
        actual_total: rows.iter().map(|r| r.2).sum(),
        by_frequency,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clv_without_discount_is_expected_purchases_times_value() {
        let m = BgNbd {
            r: 0.243,
            alpha: 4.414,
            a: 0.793,
            b: 2.426,
        };
        let c = Customer {
            x: 2.0,
            t_x: 30.43,
            t: 38.86,
        };
        let e = m.expected_purchases(39.0, &c).unwrap();
        let v = clv(&m, &c, 10.0, 39.0, 13, 0.0).unwrap();
        assert!((v - 10.0 * e).abs() < 1e-9);
        assert!(clv(&m, &c, 10.0, 39.0, 13, 0.01).unwrap() < v);
    }

    #[test]
    fn scorecard_of_a_perfect_prediction() {
        let s = scorecard(&[(0.0, 0.0, 0.0), (1.0, 1.0, 1.0), (8.0, 3.0, 3.0)]);
        assert!((s.correlation - 1.0).abs() < 1e-12);
        assert_eq!(s.mae, 0.0);
        assert_eq!(s.by_frequency.len(), 3);
        assert_eq!(s.by_frequency[2].0, "7+");
    }
}

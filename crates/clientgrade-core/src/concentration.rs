//! Concentration risk: top-N shares, the Herfindahl–Hirschman index, and exposure per account manager.

use std::collections::BTreeMap;

use crate::Money;

/// HHI bands of the US merger guidelines (2023): below 1,000 unconcentrated,
/// 1,000 to 1,800 moderately, above 1,800 highly concentrated.
pub fn hhi_band(hhi: f64) -> &'static str {
    if hhi > 1_800.0 {
        "highly concentrated"
    } else if hhi >= 1_000.0 {
        "moderately concentrated"
    } else {
        "unconcentrated"
    }
}

/// Shares of the largest one, five and ten contributors.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TopShares {
    /// Largest one.
    pub top1: Option<f64>,
    /// Largest five.
    pub top5: Option<f64>,
    /// Largest ten.
    pub top10: Option<f64>,
}

/// Top-1/5/10 shares of the positive total (negative values count as zero);
/// `None` when nothing is positive.
pub fn top_shares(values: &[Money]) -> TopShares {
    let mut pos: Vec<i64> = values.iter().map(|v| v.raw().max(0)).collect();
    pos.sort_unstable_by(|a, b| b.cmp(a));
    let total: i128 = pos.iter().map(|v| i128::from(*v)).sum();
    let share = |k: usize| {
        (total > 0)
            .then(|| pos.iter().take(k).map(|v| i128::from(*v)).sum::<i128>() as f64 / total as f64)
    };
    TopShares {
        top1: share(1),
        top5: share(5),
        top10: share(10),
    }
}

/// Herfindahl–Hirschman index on a 0–10,000 scale: the sum of squared
/// percentage shares of the positive total.
pub fn hhi(values: &[Money]) -> Option<f64> {
    let total: f64 = values.iter().map(|v| v.raw().max(0) as f64).sum();
    (total > 0.0).then(|| {
        values
            .iter()
            .map(|v| {
                let s = 100.0 * v.raw().max(0) as f64 / total;
                s * s
            })
            .sum()
    })
}

/// What leaves with one account manager.
#[derive(Clone, Debug, PartialEq)]
pub struct ManagerExposure {
    /// The manager (`(none)` for customers without one).
    pub manager: String,
    /// Their customers.
    pub customers: u64,
    /// Of those, customers in ABC class A (the largest by revenue).
    pub class_a_customers: u64,
    /// Their customers' revenue.
    pub revenue: Money,
    /// Share of the positive revenue total.
    pub revenue_share: Option<f64>,
    /// Their customers' profit.
    pub profit: Money,
    /// Share of total profit (when it is positive).
    pub profit_share: Option<f64>,
    /// Whether the revenue share is at or above the alert threshold.
    pub alert: bool,
}

/// Exposure per account manager, largest revenue first (then name).
/// `rows` are (manager, revenue, profit, is in ABC class A).
pub fn manager_exposure(
    rows: &[(Option<&str>, Money, Money, bool)],
    alert_share: f64,
) -> Vec<ManagerExposure> {
    let positive: i128 = rows.iter().map(|r| i128::from(r.1.raw().max(0))).sum();
    let total_profit: Money = rows.iter().map(|r| r.2).sum();
    let mut by: BTreeMap<&str, (u64, u64, Money, Money)> = BTreeMap::new();
    for (m, rev, profit, class_a) in rows {
        let e = by.entry(m.unwrap_or("(none)")).or_default();
        e.0 += 1;
        e.1 += u64::from(*class_a);
        e.2 += *rev;
        e.3 += *profit;
    }
    let mut out: Vec<ManagerExposure> = by
        .into_iter()
        .map(|(m, (n, k, rev, profit))| {
            let revenue_share = (positive > 0).then(|| rev.raw().max(0) as f64 / positive as f64);
            ManagerExposure {
                manager: m.to_string(),
                customers: n,
                class_a_customers: k,
                revenue: rev,
                revenue_share,
                profit,
                profit_share: (total_profit.raw() > 0)
                    .then(|| profit.to_f64() / total_profit.to_f64()),
                alert: revenue_share.is_some_and(|s| s >= alert_share),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.revenue
            .cmp(&a.revenue)
            .then_with(|| a.manager.cmp(&b.manager))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(v: &[i64]) -> Vec<Money> {
        v.iter().map(|u| Money::from_units(*u)).collect()
    }

    #[test]
    fn hhi_of_hand_computed_portfolios() {
        // one customer: 100² = 10,000
        assert_eq!(hhi(&m(&[5])), Some(10_000.0));
        // four equal: 4 × 25² = 2,500
        assert_eq!(hhi(&m(&[1, 1, 1, 1])), Some(2_500.0));
        // 50/30/20: 2,500 + 900 + 400 = 3,800; a negative customer counts as zero
        let h = hhi(&m(&[50, 30, 20, -10])).unwrap();
        assert!((h - 3_800.0).abs() < 1e-9);
        assert_eq!(hhi_band(3_800.0), "highly concentrated");
        assert_eq!(hhi_band(1_000.0), "moderately concentrated");
        assert_eq!(hhi_band(999.9), "unconcentrated");
        assert_eq!(hhi(&m(&[0, -1])), None);
    }

    #[test]
    fn top_shares_and_managers() {
        let t = top_shares(&m(&[10, 40, 30, 20]));
        assert_eq!(t.top1, Some(0.4));
        assert_eq!(t.top5, Some(1.0));
        let rows = vec![
            (
                Some("Berger"),
                Money::from_units(60),
                Money::from_units(10),
                true,
            ),
            (
                Some("Okafor"),
                Money::from_units(30),
                Money::from_units(-5),
                false,
            ),
            (None, Money::from_units(10), Money::from_units(5), false),
        ];
        let e = manager_exposure(&rows, 0.25);
        assert_eq!(e[0].manager, "Berger");
        assert_eq!(e[0].revenue_share, Some(0.6));
        assert_eq!(e[0].profit_share, Some(1.0));
        assert!(e[0].alert && e[1].alert && !e[2].alert);
        assert_eq!(e[2].manager, "(none)");
        assert_eq!(e[0].class_a_customers, 1);
    }
}

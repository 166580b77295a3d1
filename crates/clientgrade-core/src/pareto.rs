//! Pareto analysis: top-20% shares, Lorenz curves and Gini, ABC classes and the whale curve.

use crate::Money;

/// Points of a curve of cumulative shares, at most 101 of them (every
/// percent of customers), so that 100,000 customers stay a small output.
pub type CurvePoints = Vec<(f64, f64)>;

/// Concentration of one measure (revenue, profit or service effort).
#[derive(Clone, Debug, PartialEq)]
pub struct Pareto {
    /// Customers counted: the base of every share (the customers who bought
    /// in the window, in the portfolio's verdicts).
    pub customers: usize,
    /// Customers in the top 20% (at least one).
    pub top_customers: usize,
    /// Share of the total from the top 20% of customers by value; `None`
    /// when the total is not positive.
    pub top_share: Option<f64>,
    /// Gini coefficient (0 = all equal, 1 = one has all); `None` when it
    /// cannot be computed, with the reason in `gini_note`.
    pub gini: Option<f64>,
    /// Why there is no Gini coefficient, when there is none.
    pub gini_note: Option<&'static str>,
    /// Customers whose value was below zero and counted as zero (net
    /// returns or credits in revenue); always 0 for [`pareto_net`].
    pub below_zero: usize,
    /// Lorenz curve: customers sorted from smallest to largest value,
    /// (cumulative share of customers, cumulative share of the total).
    pub lorenz: CurvePoints,
}

fn sample_curve(cum: &[f64], total: f64) -> CurvePoints {
    let n = cum.len();
    if n == 0 || total == 0.0 {
        return Vec::new();
    }
    let steps = n.min(100);
    (0..=steps)
        .map(|k| {
            let idx = (k * n + steps / 2) / steps; // customers counted
            let y = if idx == 0 { 0.0 } else { cum[idx - 1] / total };
            (round6(idx as f64 / n as f64), round6(y))
        })
        .collect()
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6 + 0.0
}

/// Pareto figures of one measure that cannot be negative in a meaningful
/// way (revenue, service effort): a value below zero (a customer who
/// returned more than it bought in the window) counts as zero and is
/// counted in `below_zero`, so that one credit does not leave the Gini
/// coefficient undefined.
pub fn pareto(values: &[f64]) -> Pareto {
    let below_zero = values.iter().filter(|v| **v < 0.0).count();
    let clipped: Vec<f64> = values.iter().map(|v| v.max(0.0)).collect();
    let mut p = pareto_net(&clipped);
    p.below_zero = below_zero;
    p
}

/// Pareto figures of a measure whose negative values matter (profit): the
/// top share is of the net total, and there is no Gini coefficient when
/// some value is negative (the whale curve shows those customers).
pub fn pareto_net(values: &[f64]) -> Pareto {
    let n = values.len();
    let mut asc: Vec<f64> = values.to_vec();
    asc.sort_by(|a, b| a.total_cmp(b));
    let total: f64 = asc.iter().sum();
    let top = n.div_ceil(5).max(usize::from(n > 0));
    let top_sum: f64 = asc.iter().rev().take(top).sum();
    let mut cum = Vec::with_capacity(n);
    let mut run = 0.0;
    for v in &asc {
        run += v;
        cum.push(run);
    }
    let gini_note = if n == 0 {
        Some("no customers")
    } else if asc.first().is_some_and(|v| *v < 0.0) {
        Some("some customers are below zero (the whale curve shows them)")
    } else if total <= 0.0 {
        Some("the total is zero")
    } else {
        None
    };
    let gini = gini_note.is_none().then(|| {
        let weighted: f64 = asc
            .iter()
            .enumerate()
            .map(|(i, v)| (i + 1) as f64 * v)
            .sum();
        2.0 * weighted / (n as f64 * total) - (n as f64 + 1.0) / n as f64
    });
    Pareto {
        customers: n,
        top_customers: top,
        top_share: (total > 0.0).then(|| top_sum / total),
        gini,
        gini_note,
        below_zero: 0,
        lorenz: sample_curve(&cum, total),
    }
}

/// ABC class of a customer by its cumulative share of revenue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AbcClass {
    /// The customers that make up the first `a` share (80%).
    A,
    /// The next ones, up to the `b` share (95%).
    B,
    /// The rest, and every customer without positive value.
    C,
}

impl AbcClass {
    /// `A`, `B` or `C`.
    pub fn name(self) -> &'static str {
        match self {
            AbcClass::A => "A",
            AbcClass::B => "B",
            AbcClass::C => "C",
        }
    }
}

/// ABC classes, in the order of `values`. Customers are taken from the
/// largest value down (ties by position); a customer belongs to A while the
/// cumulative share before it is below `a`, so the one that crosses `a` is
/// still A; likewise B up to `b`.
pub fn abc_classes(values: &[Money], a: f64, b: f64) -> Vec<AbcClass> {
    let total: i128 = values
        .iter()
        .filter(|v| v.raw() > 0)
        .map(|v| i128::from(v.raw()))
        .sum();
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&i, &j| values[j].cmp(&values[i]).then(i.cmp(&j)));
    let mut out = vec![AbcClass::C; values.len()];
    let mut before: i128 = 0;
    for i in order {
        let v = values[i].raw();
        if v <= 0 || total == 0 {
            break;
        }
        let share_before = before as f64 / total as f64;
        out[i] = if share_before < a {
            AbcClass::A
        } else if share_before < b {
            AbcClass::B
        } else {
            AbcClass::C
        };
        before += i128::from(v);
    }
    out
}

/// The whale curve: cumulative profit with customers sorted from most to
/// least profitable.
#[derive(Clone, Debug, PartialEq)]
pub struct Whale {
    /// Customers on the curve (the base of its shares).
    pub customers: usize,
    /// Total profit of all customers.
    pub total: Money,
    /// The highest cumulative profit.
    pub peak: Money,
    /// Customers up to the peak (the profitable ones).
    pub peak_customers: usize,
    /// `peak / total`: e.g. 1.5 means the profitable customers earn 150% of
    /// what the company keeps; `None` when the total is not positive.
    pub peak_share: Option<f64>,
    /// What the customers after the peak give back: `peak − total`.
    pub given_back: Money,
    /// (cumulative share of customers, cumulative profit / total profit);
    /// empty when the total is not positive.
    pub points: CurvePoints,
}

/// The whale curve of `profits`.
pub fn whale(profits: &[Money]) -> Whale {
    let mut desc: Vec<Money> = profits.to_vec();
    desc.sort_by(|a, b| b.cmp(a));
    let mut run = Money::ZERO;
    let mut peak = Money::ZERO;
    let mut peak_customers = 0;
    let mut cum = Vec::with_capacity(desc.len());
    for (i, p) in desc.iter().enumerate() {
        run += *p;
        cum.push(run.to_f64());
        if run > peak {
            peak = run;
            peak_customers = i + 1;
        }
    }
    let total = run;
    let positive = total.raw() > 0;
    Whale {
        customers: desc.len(),
        total,
        peak,
        peak_customers,
        peak_share: positive.then(|| peak.to_f64() / total.to_f64()),
        given_back: peak - total,
        points: if positive {
            sample_curve(&cum, total.to_f64())
        } else {
            Vec::new()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gini_of_hand_computed_cases() {
        assert_eq!(pareto(&[1.0, 1.0, 1.0, 1.0]).gini, Some(0.0));
        // one of four has everything: 2·4·1/(4·1) − 5/4 = 0.75
        assert_eq!(pareto(&[0.0, 0.0, 0.0, 1.0]).gini, Some(0.75));
        // 1,2,3,4: 2·(1+4+9+16)/(4·10) − 5/4 = 0.25
        let g = pareto(&[4.0, 1.0, 3.0, 2.0]).gini.unwrap();
        assert!((g - 0.25).abs() < 1e-12);
        // profit: a loser leaves no Gini, and says why
        let net = pareto_net(&[-1.0, 3.0]);
        assert_eq!(net.gini, None);
        assert!(net.gini_note.unwrap().contains("below zero"));
        assert_eq!(net.top_share, Some(1.5));
        assert_eq!(pareto_net(&[0.0, 0.0]).gini_note, Some("the total is zero"));
        assert_eq!(pareto(&[]).gini_note, Some("no customers"));
    }

    #[test]
    fn one_credit_counts_as_zero_and_keeps_the_gini() {
        // the audit's case: one customer with a credit of −2.89 made revenue's
        // Gini n/a; it counts as zero now, and is counted
        let p = pareto(&[-2.89, 0.0, 0.0, 1.0]);
        assert_eq!(p.gini, Some(0.75));
        assert_eq!(p.gini_note, None);
        assert_eq!(p.below_zero, 1);
        assert_eq!(p.top_share, Some(1.0));
        assert_eq!(p.lorenz.last(), Some(&(1.0, 1.0)));
        assert_eq!(pareto(&[1.0, 2.0]).below_zero, 0);
    }

    #[test]
    fn top_twenty_percent_share() {
        // ten customers: the top two of 10,9,…,1 bring 19 of 55
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        let p = pareto(&v);
        assert_eq!(p.top_customers, 2);
        assert!((p.top_share.unwrap() - 19.0 / 55.0).abs() < 1e-12);
        assert_eq!(p.lorenz.first(), Some(&(0.0, 0.0)));
        assert_eq!(p.lorenz.last(), Some(&(1.0, 1.0)));
        assert_eq!(p.lorenz.len(), 11);
        assert_eq!(p.lorenz[5], (0.5, round6(15.0 / 55.0)));
        // three customers: the top one (ceil of 0.6)
        assert_eq!(pareto(&[1.0, 1.0, 2.0]).top_customers, 1);
    }

    #[test]
    fn abc_classes_include_the_customer_that_crosses_the_line() {
        let m = |v: &[i64]| v.iter().map(|u| Money::from_units(*u)).collect::<Vec<_>>();
        // shares 50, 30, 10, 5, 5: A = 50 (0 before) and 30 (50 before);
        // the 10 has 80 before → B; the first 5 has 90 before → B; the last 5 has 95 → C
        let c = abc_classes(&m(&[5, 50, 10, 30, 5]), 0.8, 0.95);
        use AbcClass::*;
        assert_eq!(c, vec![B, A, B, A, C]);
        assert_eq!(abc_classes(&m(&[0, -3]), 0.8, 0.95), vec![C, C]);
    }

    #[test]
    fn whale_curve_peak_and_give_back() {
        let m = |v: &[i64]| v.iter().map(|u| Money::from_units(*u)).collect::<Vec<_>>();
        // profits 100, 50, -30, -20: peak 150 after 2, total 100, 150%, 50 given back
        let w = whale(&m(&[-30, 100, -20, 50]));
        assert_eq!(w.peak, Money::from_units(150));
        assert_eq!(w.peak_customers, 2);
        assert_eq!(w.total, Money::from_units(100));
        assert_eq!(w.customers, 4);
        assert_eq!(w.peak_share, Some(1.5));
        assert_eq!(w.given_back, Money::from_units(50));
        assert_eq!(w.points[2], (0.5, 1.5));
        assert_eq!(w.points.last(), Some(&(1.0, 1.0)));
        let lossy = whale(&m(&[-5, 2]));
        assert_eq!(lossy.peak_share, None);
        assert!(lossy.points.is_empty());
    }
}

//! Key-customer ranking: turnover adjusted by up to five weighted factors, each contribution shown.

use crate::measures::measure;
use crate::{Characteristics, RankingFactor};

/// One customer's key score and its breakdown.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyScore {
    /// 1 = the most important customer.
    pub rank: usize,
    /// Turnover adjusted by the factors.
    pub score: f64,
    /// Per factor, in settings order: the customer's normalised standing
    /// (0 = worst, 1 = best among customers; 0.5 when it has no value) and
    /// the amount it adds to or takes from the turnover.
    pub factors: Vec<(f64, f64)>,
}

/// A factor left out because no customer has a value for it.
#[derive(Clone, Debug, PartialEq)]
pub struct UnusedFactor {
    /// Its label.
    pub label: String,
    /// Why.
    pub reason: String,
}

/// Standing of each value among the others: the share of customers with a
/// worse value, ties counted half (mid-rank), scaled to 0–1.
fn standings(values: &[Option<f64>], higher_is_better: bool) -> Vec<f64> {
    let mut present: Vec<f64> = values.iter().flatten().copied().collect();
    present.sort_by(|a, b| a.total_cmp(b));
    let n = present.len();
    values
        .iter()
        .map(|v| match v {
            None => 0.5,
            Some(_) if n <= 1 => 0.5,
            Some(v) => {
                let below = present.partition_point(|x| x < v);
                let equal = present.partition_point(|x| x <= v) - below;
                let mid = below as f64 + (equal as f64 - 1.0) / 2.0;
                let s = mid / (n - 1) as f64;
                if higher_is_better {
                    s
                } else {
                    1.0 - s
                }
            }
        })
        .collect()
}

/// Rank all customers. The score is `turnover × Σ wᵢ(0.5 + sᵢ) / Σ wᵢ`, where
/// `sᵢ` is the standing on factor i (0–1), so the multiplier lies between
/// 0.5 and 1.5 and an average customer on every factor keeps its turnover;
/// factor i contributes `turnover × wᵢ(sᵢ − 0.5) / Σ wᵢ`. Turnover is the
/// window revenue (zero when negative). Ties rank by position.
pub fn rank(
    all: &[&Characteristics],
    factors: &[RankingFactor],
) -> (Vec<KeyScore>, Vec<UnusedFactor>) {
    let mut used: Vec<(usize, Vec<f64>)> = Vec::new();
    let mut unused = Vec::new();
    for (i, f) in factors.iter().enumerate() {
        let values: Vec<Option<f64>> = all
            .iter()
            .map(|c| measure(c, &f.characteristic).filter(|v| v.is_finite()))
            .collect();
        if values.iter().all(Option::is_none) {
            unused.push(UnusedFactor {
                label: f.label.clone(),
                reason: format!("no customer has a value for {}", f.characteristic),
            });
            continue;
        }
        used.push((i, standings(&values, f.higher_is_better)));
    }
    let wsum: f64 = used.iter().map(|(i, _)| factors[*i].weight).sum();
    let mut scores: Vec<KeyScore> = all
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let turnover = c.revenue.to_f64().max(0.0);
            let mut parts = vec![(0.5, 0.0); factors.len()];
            let mut score = turnover;
            for (i, st) in &used {
                let contribution = turnover * factors[*i].weight * (st[k] - 0.5) / wsum;
                parts[*i] = (st[k], contribution);
                score += contribution;
            }
            KeyScore {
                rank: 0,
                score,
                factors: parts,
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].score.total_cmp(&scores[a].score).then(a.cmp(&b)));
    for (r, i) in order.into_iter().enumerate() {
        scores[i].rank = r + 1;
    }
    (scores, unused)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standings_use_mid_ranks() {
        let s = standings(&[Some(1.0), Some(2.0), Some(2.0), Some(3.0), None], true);
        assert_eq!(s, vec![0.0, 0.5, 0.5, 1.0, 0.5]);
        let s = standings(&[Some(1.0), Some(3.0)], false);
        assert_eq!(s, vec![1.0, 0.0]);
    }
}

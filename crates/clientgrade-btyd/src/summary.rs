//! From dated purchases to the BTYD summary: repeat purchases, recency, age and average repeat value.

/// One customer's summary in a chosen time unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Customer {
    /// Repeat purchases in the calibration period (purchase days after the first, minus nothing).
    pub x: f64,
    /// Time from the first to the last purchase.
    pub t_x: f64,
    /// Time from the first purchase to the end of calibration.
    pub t: f64,
}

impl Customer {
    /// A key for grouping identical customers.
    pub fn key(&self) -> (u64, u64, u64) {
        (self.x.to_bits(), self.t_x.to_bits(), self.t.to_bits())
    }
}

/// A customer's calibration summary with spend.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// Frequency, recency and age.
    pub customer: Customer,
    /// Average value of the repeat purchases (0 without any).
    pub repeat_value: f64,
}

/// Summarise one customer's purchases, given as (day number, amount) in any
/// order: purchases on the same day merge into one (amounts summed), days
/// after `calibration_end` are ignored, times are divided by `days_per_unit`
/// (7 for weeks). `None` when there is no purchase by `calibration_end`.
pub fn summarize(
    purchases: &[(i32, f64)],
    calibration_end: i32,
    days_per_unit: f64,
) -> Option<Summary> {
    let mut days: Vec<(i32, f64)> = purchases
        .iter()
        .copied()
        .filter(|(d, _)| *d <= calibration_end)
        .collect();
    days.sort_by_key(|d| d.0);
    let mut merged: Vec<(i32, f64)> = Vec::new();
    for (d, v) in days {
        match merged.last_mut() {
            Some(last) if last.0 == d => last.1 += v,
            _ => merged.push((d, v)),
        }
    }
    let first = merged.first()?.0;
    let last = merged.last()?.0;
    let repeats = &merged[1..];
    Some(Summary {
        customer: Customer {
            x: repeats.len() as f64,
            t_x: f64::from(last - first) / days_per_unit,
            t: f64::from(calibration_end - first) / days_per_unit,
        },
        repeat_value: if repeats.is_empty() {
            0.0
        } else {
            repeats.iter().map(|r| r.1).sum::<f64>() / repeats.len() as f64
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_day_purchases_merge_and_later_ones_are_ignored() {
        let s = summarize(
            &[(10, 5.0), (3, 1.0), (3, 2.0), (17, 7.0), (40, 100.0)],
            31,
            7.0,
        )
        .unwrap();
        assert_eq!(
            s.customer,
            Customer {
                x: 2.0,
                t_x: 2.0,
                t: 4.0
            }
        );
        assert_eq!(s.repeat_value, 6.0);
        assert_eq!(summarize(&[(40, 1.0)], 31, 7.0), None);
    }
}

//! Rows that are not business: a grand-total row found by its amount, dates far beyond the rest of the data.

use super::*;

/// What finds a grand-total row without a label: the sum of the net amounts
/// of all rows (also those dated after as-of), the largest amount and how
/// many rows carry it.
#[derive(Clone, Copy, Default)]
pub(super) struct AmountSums {
    pub(super) rows: u64,
    pub(super) sum: i128,
    pub(super) max: i64,
    pub(super) at_max: u64,
}

/// Why a row whose amount is the sum of all other rows is skipped.
pub(super) const TOTAL_BY_SUM: &str = "total row (its amount is the sum of all other rows)";

/// Other rows a grand total must sum, at least: one row equal to the sum of
/// one or two others is an ordinary coincidence.
pub(super) const TOTAL_MIN_OTHERS: u64 = 3;

impl AmountSums {
    pub(super) fn add(&mut self, amount: Money) {
        let a = amount.raw();
        self.rows += 1;
        self.sum += i128::from(a);
        if self.at_max == 0 || a > self.max {
            self.max = a;
            self.at_max = 1;
        } else if a == self.max {
            self.at_max += 1;
        }
    }

    pub(super) fn merge(&mut self, o: &AmountSums) {
        if o.at_max == 0 {
            return;
        }
        self.rows += o.rows;
        self.sum += o.sum;
        if self.at_max == 0 || o.max > self.max {
            self.max = o.max;
            self.at_max = o.at_max;
        } else if o.max == self.max {
            self.at_max += o.at_max;
        }
    }

    /// The amount of the grand-total rows: the largest amount when it is
    /// positive and equals, exactly to the cent, the sum of all rows without
    /// it (each row carrying it is a total: a file may repeat its total).
    pub(super) fn grand_total(&self) -> Option<Money> {
        let others = self.rows.checked_sub(self.at_max)?;
        let rest = self.sum - i128::from(self.max) * i128::from(self.at_max);
        (self.max > 0 && others >= TOTAL_MIN_OTHERS && rest == i128::from(self.max))
            .then(|| Money::from_raw(self.max))
    }
}

pub(super) const FAR_BEYOND: &str = "date far beyond the rest of the data";

/// Rows per day over the plausible date range (1900–2100, about 590 KB):
/// where the bulk of the data ends, to tell one mistyped date from the
/// latest day of business.
pub(super) struct DateSpread {
    pub(super) counts: Vec<u64>,
}

/// Rows at least, for a date to count as far beyond the rest.
pub(super) const SPREAD_MIN_ROWS: u64 = 100;
/// How far beyond the 99.9th percentile of dates a date is an outlier.
pub(super) const FAR_DAYS: i32 = 365;

impl DateSpread {
    pub(super) fn new() -> DateSpread {
        let n =
            (crate::values::LAST_PLAUSIBLE_DAY - crate::values::FIRST_PLAUSIBLE_DAY + 1) as usize;
        DateSpread { counts: vec![0; n] }
    }

    #[inline]
    pub(super) fn add(&mut self, d: Date) {
        // readers only hand over plausible dates
        if let Some(c) = self
            .counts
            .get_mut((d.days() - crate::values::FIRST_PLAUSIBLE_DAY) as usize)
        {
            *c += 1;
        }
    }

    pub(super) fn merge(&mut self, other: &DateSpread) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
    }

    pub(super) fn day(i: usize) -> Date {
        Date::from_days(crate::values::FIRST_PLAUSIBLE_DAY + i as i32)
    }

    /// When the latest date lies more than [`FAR_DAYS`] beyond the date that
    /// all but 0.1% of the rows (at least one) are on or before: that date,
    /// the cut-off (rows after it are outliers) and the latest date on or
    /// before the cut-off. `None` with fewer than [`SPREAD_MIN_ROWS`] rows.
    pub(super) fn outliers(&self) -> Option<(Date, Date, Date)> {
        let n: u64 = self.counts.iter().sum();
        if n < SPREAD_MIN_ROWS {
            return None;
        }
        let rank = n - (n / 1000).max(1);
        let mut seen = 0;
        let p = self.counts.iter().position(|&c| {
            seen += c;
            seen >= rank
        })?;
        let last = self.counts.iter().rposition(|&c| c > 0)?;
        let p_date = Self::day(p);
        let cut = p_date.add_days(FAR_DAYS);
        if Self::day(last) <= cut {
            return None;
        }
        let cut_index = p + FAR_DAYS as usize;
        let as_of = self.counts[..=cut_index].iter().rposition(|&c| c > 0)?;
        Some((p_date, cut, Self::day(as_of)))
    }
}

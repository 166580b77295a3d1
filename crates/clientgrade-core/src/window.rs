//! The analysis window: which dates count, given an as-of date.

use crate::Date;

/// The months up to and including the as-of date that an analysis looks at.
///
/// The window holds the dates `d` with `start < d ≤ as_of`, where `start` is
/// `as_of` minus `months` calendar months; the previous window, used for
/// growth, is the same length immediately before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnalysisWindow {
    /// The last day that counts; later rows are ignored and counted.
    pub as_of: Date,
    /// Length in calendar months (at least 1).
    pub months: u32,
}

/// Where a date falls relative to an [`AnalysisWindow`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// After the as-of date: not used.
    After,
    /// Inside the window.
    Current,
    /// Inside the window before the current one.
    Previous,
    /// Before both windows: counts only towards lifetime figures.
    Earlier,
}

impl AnalysisWindow {
    /// A window of `months` months ending on `as_of`.
    pub fn new(as_of: Date, months: u32) -> AnalysisWindow {
        AnalysisWindow {
            as_of,
            months: months.max(1),
        }
    }

    /// The day before the window's first day.
    pub fn start_exclusive(&self) -> Date {
        self.as_of.add_months(-(self.months as i32))
    }

    /// The first day of the window.
    pub fn first_day(&self) -> Date {
        self.start_exclusive().add_days(1)
    }

    /// The day before the previous window's first day.
    pub fn previous_start_exclusive(&self) -> Date {
        self.as_of.add_months(-2 * self.months as i32)
    }

    /// Where `d` falls.
    pub fn period(&self, d: Date) -> Period {
        self.bounds().period(d)
    }

    /// The window's boundaries computed once, for classifying many dates.
    pub fn bounds(&self) -> WindowBounds {
        WindowBounds {
            as_of: self.as_of,
            start: self.start_exclusive(),
            previous: self.previous_start_exclusive(),
        }
    }
}

/// The precomputed boundaries of an [`AnalysisWindow`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowBounds {
    as_of: Date,
    start: Date,
    previous: Date,
}

impl WindowBounds {
    /// Where `d` falls.
    #[inline]
    pub fn period(&self, d: Date) -> Period {
        if d > self.as_of {
            Period::After
        } else if d > self.start {
            Period::Current
        } else if d > self.previous {
            Period::Previous
        } else {
            Period::Earlier
        }
    }
}

impl WindowBounds {
    /// The part of the two windows that `d` falls in: each window is cut
    /// into four parts of (nearly) equal length in days — quarters of a
    /// 12-month window — numbered 0–3 in the previous window and 4–7 in the
    /// current one, oldest first; `None` outside both windows.
    #[inline]
    pub fn part(&self, d: Date) -> Option<usize> {
        if d > self.as_of || d <= self.previous {
            return None;
        }
        let (base, lo, hi) = if d > self.start {
            (4, self.start, self.as_of)
        } else {
            (0, self.previous, self.start)
        };
        let len = i64::from(hi.days_since(lo));
        let offset = i64::from(d.days_since(lo) - 1);
        Some(base + (offset * 4 / len) as usize)
    }

    /// The first and last day (both inclusive) of part `k` (0–7).
    pub fn part_days(&self, k: usize) -> (Date, Date) {
        let (lo, hi) = if k >= 4 {
            (self.start, self.as_of)
        } else {
            (self.previous, self.start)
        };
        let j = (k % 4) as i64;
        let len = i64::from(hi.days_since(lo));
        let first = (j * len + 3) / 4;
        let end = ((j + 1) * len + 3) / 4;
        (lo.add_days(first as i32 + 1), lo.add_days(end as i32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_half_open_month_windows() {
        let w = AnalysisWindow::new(Date::parse_iso("2025-12-31").unwrap(), 12);
        let p = |s| w.period(Date::parse_iso(s).unwrap());
        assert_eq!(p("2026-01-01"), Period::After);
        assert_eq!(p("2025-12-31"), Period::Current);
        assert_eq!(p("2025-01-01"), Period::Current);
        assert_eq!(p("2024-12-31"), Period::Previous);
        assert_eq!(p("2024-01-01"), Period::Previous);
        assert_eq!(p("2023-12-31"), Period::Earlier);
        assert_eq!(w.first_day().to_string(), "2025-01-01");
    }

    #[test]
    fn parts_cover_both_windows_without_gaps() {
        for (as_of, months) in [("2025-12-31", 12), ("2024-03-31", 12), ("2025-06-15", 6)] {
            let w = AnalysisWindow::new(Date::parse_iso(as_of).unwrap(), months);
            let b = w.bounds();
            let mut day = w.previous_start_exclusive().add_days(1);
            for k in 0..8 {
                let (first, last) = b.part_days(k);
                assert_eq!(first, day, "part {k} of {as_of}");
                assert!(last >= first);
                for d in first.days()..=last.days() {
                    assert_eq!(b.part(Date::from_days(d)), Some(k));
                }
                day = last.add_days(1);
            }
            assert_eq!(day, w.as_of.add_days(1));
            assert_eq!(b.part(w.as_of.add_days(1)), None);
            assert_eq!(b.part(w.previous_start_exclusive()), None);
        }
        // a 12-month window ending on 2025-12-31 is cut into calendar quarters
        let b = AnalysisWindow::new(Date::parse_iso("2025-12-31").unwrap(), 12).bounds();
        assert_eq!(b.part_days(4).0.to_string(), "2025-01-01");
        assert_eq!(b.part_days(7).1.to_string(), "2025-12-31");
    }
}

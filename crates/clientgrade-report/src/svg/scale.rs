//! Numbers to chart positions and tick values: round steps computed by index, the drawn range of an axis, tick and figure text.

use super::MAX_TICKS;

pub(super) fn fmt_pct(v: f64) -> String {
    let pct = v * 100.0;
    if pct.abs() >= 10_000.0 {
        format!("{}%", compact(pct))
    } else {
        format!("{pct:.0}%")
    }
}

/// Round tick values between `lo` and `hi`, at most [`MAX_TICKS`], computed
/// by index (never by adding a step in a loop, which can run without end when
/// the step is lost in the magnitude of the bounds). Empty for non-finite or
/// reversed bounds.
pub fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) || hi < lo {
        return Vec::new();
    }
    let span = hi / 2.0 - lo / 2.0; // half the span: finite for any finite bounds
    if span <= 0.0 {
        return vec![lo];
    }
    let raw = 2.0 * (span / (MAX_TICKS - 2) as f64);
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).ceil();
    let last = (hi / step).floor();
    if !(step.is_finite() && step > 0.0 && first.is_finite() && last >= first) {
        return vec![lo, hi];
    }
    let n = ((last - first).min(MAX_TICKS as f64) as usize + 1).min(MAX_TICKS);
    (0..n)
        .map(|k| (first + k as f64) * step)
        .filter(|v| v.is_finite())
        .collect()
}

/// Where `v` falls between `lo` and `hi`, from 0 to 1 (0 for anything not
/// finite); computed on halves so that no finite bounds overflow.
pub(super) fn frac(v: f64, lo: f64, hi: f64) -> f64 {
    let f = (v / 2.0 - lo / 2.0) / (hi / 2.0 - lo / 2.0);
    if f.is_finite() {
        f.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// How an axis's numbers are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ticks {
    /// Percentages of a fraction (0.25 → `25%`).
    Percent,
    /// Amounts and counts, compact (`25k`, `1.2M`).
    Plain,
}

/// The `q` quantile of `sorted` (finite values, not empty); never overflows.
pub(super) fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    let (a, b, t) = (sorted[lo], sorted[hi], pos - lo as f64);
    // b - a overflows for values of opposite sign near the limits of f64
    [a + (b - a) * t, a * (1.0 - t) + b * t]
        .into_iter()
        .find(|v| v.is_finite())
        .unwrap_or(a)
}

/// A round step (1, 2, 2.5, 5 × a power of ten) that cuts `lo..hi` (finite,
/// `lo < hi`) into about five parts; `None` when none is finite. Works on
/// halves, so that no finite bounds overflow.
fn nice_step(lo: f64, hi: f64) -> Option<f64> {
    let span = hi - lo;
    let (raw, scale) = if span.is_finite() {
        ((span / 5.0).max(1e-12), 1.0)
    } else {
        (((hi / 2.0 - lo / 2.0) / 5.0).max(1e-12), 2.0)
    };
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    Some(nice * mag * scale).filter(|s| s.is_finite() && *s > 0.0)
}

/// Where `v` falls from `lo` (0) to `hi` (1), unclamped (below 0 or above 1
/// outside the range); computed on halves so that no finite bounds overflow.
pub(super) fn position(v: f64, lo: f64, hi: f64) -> f64 {
    (v / 2.0 - lo / 2.0) / (hi / 2.0 - lo / 2.0)
}

/// The drawn range of a linear axis: the middle of the values (the 3rd to
/// the 99.5th percentile, so that a long tail does not squeeze the rest),
/// widened to the split and rounded out to whole steps; always finite with
/// `lo < hi`.
pub(super) fn linear_range(
    values: &[f64],
    split: Option<f64>,
    (q_lo, q_hi): (f64, f64),
) -> (f64, f64) {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return (0.0, 1.0);
    }
    v.sort_by(f64::total_cmp);
    let (mut lo, mut hi) = (quantile(&v, q_lo), quantile(&v, q_hi));
    if let Some(s) = split.filter(|s| s.is_finite()) {
        lo = lo.min(s);
        hi = hi.max(s);
    }
    if hi - lo < 1e-9 {
        // widened by one, or by a relative amount where one is lost in the magnitude
        let pad = (lo.abs().max(hi.abs()) * 1e-6).max(1.0);
        return (lo - pad, hi + pad);
    }
    let Some(step) = nice_step(lo, hi) else {
        return (lo, hi);
    };
    let rounded = ((lo / step).floor() * step, (hi / step).ceil() * step);
    if rounded.0.is_finite() && rounded.1.is_finite() && rounded.0 < rounded.1 {
        rounded
    } else {
        (lo, hi)
    }
}

pub(super) fn tick_text(v: f64, ticks: Ticks, step: f64) -> String {
    match ticks {
        Ticks::Percent if !(v * 100.0).is_finite() || (v * 100.0).abs() >= 10_000.0 => fmt_pct(v),
        Ticks::Percent if step < 0.01 => format!("{:.1}%", v * 100.0),
        Ticks::Percent => format!("{:.0}%", v * 100.0),
        // round ticks read without a trailing `.0`: 1M, not 1.0M
        Ticks::Plain if v == 0.0 => "0".into(),
        Ticks::Plain => compact(v).replace(".0M", "M").replace(".0B", "B"),
    }
}

/// At most [`MAX_TICKS`] of `v`: every k-th, from the first.
fn thin(v: Vec<f64>) -> Vec<f64> {
    if v.len() <= MAX_TICKS {
        return v;
    }
    let every = v.len().div_ceil(MAX_TICKS);
    v.into_iter().step_by(every).collect()
}

/// Tick values of an axis (finite bounds, `lo < hi`), at most
/// [`MAX_TICKS`]: whole steps on a linear axis, computed by index; 1, 2, 5 ×
/// powers of ten on a log axis (decades only when they are enough; every
/// k-th decade when there are more than [`MAX_TICKS`]).
pub(super) fn tick_values(lo: f64, hi: f64, log: bool) -> (Vec<f64>, f64) {
    if log {
        let (a, b) = (lo.floor() as i32, hi.ceil() as i32);
        let within = |v: &f64| v.log10() >= lo - 1e-9 && v.log10() <= hi + 1e-9;
        let decades: Vec<f64> = (a..=b).map(|k| 10f64.powi(k)).filter(within).collect();
        if decades.len() >= 3 {
            return (thin(decades), 1.0);
        }
        let v: Vec<f64> = (a..=b)
            .flat_map(|k| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(k)))
            .filter(within)
            .collect();
        return (thin(v), 1.0);
    }
    let Some(step) = nice_step(lo, hi) else {
        return (vec![lo, hi], 1.0);
    };
    let (first, last) = ((lo / step).ceil(), (hi / step + 1e-6).floor());
    if !(first.is_finite() && last.is_finite() && last >= first) {
        return (vec![lo, hi], step);
    }
    let n = (last - first).min(4.0 * MAX_TICKS as f64) as usize + 1;
    let v: Vec<f64> = (0..n)
        .map(|k| (first + k as f64) * step)
        .filter(|x| x.is_finite())
        .map(|x| if x.abs() < step * 1e-9 { 0.0 } else { x })
        .collect();
    (thin(v), step)
}

/// 1234567 → `1.2M`, 0.25 → `0.25`, 3e15 → `3.0e15`; `n/a` when not finite.
pub fn compact(v: f64) -> String {
    let a = v.abs();
    if !v.is_finite() {
        "n/a".into()
    } else if a >= 1e12 {
        format!("{v:.1e}")
    } else if a >= 1e9 {
        format!("{:.1}B", v / 1e9)
    } else if a >= 1e6 {
        format!("{:.1}M", v / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}k", v / 1e3)
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else if a >= 1.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_compacts() {
        assert_eq!(compact(1_234_567.0), "1.2M");
        assert_eq!(compact(25_000.0), "25k");
        assert_eq!(compact(0.25), "0.25");
        assert_eq!(compact(3e15), "3.0e15");
        assert_eq!(compact(f64::NAN), "n/a");
    }

    #[test]
    fn ticks_are_few_round_and_computed_by_index() {
        assert_eq!(
            ticks(0.0, 1.0),
            [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert_eq!(ticks(0.0, 1.5), [0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5]);
        // the whale axis of issue 17: ~2e9 wide, once ticks 10 apart
        let t = ticks(-0.1, 2.1e9);
        assert!((2..=MAX_TICKS).contains(&t.len()), "{t:?}");
        for (lo, hi) in [
            (0.0, 1e-300),
            (-1e308, 1e308),
            (f64::MIN, f64::MAX),
            (1e15, 1e15 + 0.5),
            (-5.0, -5.0),
            (3.0, 1.0),
            (f64::NAN, 1.0),
            (0.0, f64::INFINITY),
        ] {
            let t = ticks(lo, hi);
            assert!(t.len() <= MAX_TICKS, "{lo}..{hi}: {t:?}");
            assert!(t.iter().all(|v| v.is_finite()), "{lo}..{hi}: {t:?}");
        }
    }
}

//! The allowed range of every number setting: NaN, infinity and values outside their meaning refused with the line, the key, the value and the range.

use clientgrade_core::Settings;

/// An allowed range of a number setting.
#[derive(Clone, Copy)]
struct Range {
    lo: f64,
    lo_incl: bool,
    hi: f64,
    hi_incl: bool,
}

const fn closed(lo: f64, hi: f64) -> Range {
    Range {
        lo,
        lo_incl: true,
        hi,
        hi_incl: true,
    }
}

/// Greater than `lo`, at most `hi`.
const fn above(lo: f64, hi: f64) -> Range {
    Range {
        lo,
        lo_incl: false,
        hi,
        hi_incl: true,
    }
}

/// At least `lo`, less than `hi`.
const fn below(lo: f64, hi: f64) -> Range {
    Range {
        lo,
        lo_incl: true,
        hi,
        hi_incl: false,
    }
}

impl Range {
    fn contains(self, v: f64) -> bool {
        v.is_finite()
            && (if self.lo_incl {
                v >= self.lo
            } else {
                v > self.lo
            })
            && (if self.hi_incl {
                v <= self.hi
            } else {
                v < self.hi
            })
    }

    fn describe(self) -> String {
        let lo = if self.lo_incl { "from" } else { "greater than" };
        let hi = if self.hi_incl {
            "to"
        } else {
            "up to (not including)"
        };
        format!("{lo} {} {hi} {}", self.lo, self.hi)
    }
}

/// The number settings with their allowed ranges (docs/configuration.md
/// lists the same): (section, key, range, what it is).
type NumberRule = (&'static str, &'static str, f64, Range, &'static str);

/// `v` as written in TOML (`nan`, `inf`, `-inf`, or the number).
fn toml_number(v: f64) -> String {
    if v.is_nan() {
        "nan".into()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        v.to_string()
    }
}

/// The line of `key` in `[section]` of the text, if found.
fn line_of(text: &str, section: &str, key: &str) -> Option<usize> {
    let mut current = String::new();
    for (n, l) in text.lines().enumerate() {
        let l = l.trim();
        if l.starts_with('[') {
            current = l.trim_matches(|c| c == '[' || c == ']').trim().to_string();
            continue;
        }
        if current == section {
            if let Some((k, _)) = l.split_once('=') {
                if k.trim().trim_matches('"') == key {
                    return Some(n + 1);
                }
            }
        }
    }
    None
}

/// Refuse numbers outside their meaningful range (NaN and infinity
/// included), naming the line, the key, the value and the range.
pub(super) fn check_numbers(s: &Settings, text: &str) -> std::result::Result<(), String> {
    let (c, t, f) = (&s.costs, &s.tiers, &s.flags);
    let mut rules: Vec<NumberRule> = vec![
        (
            "costs",
            "hourly-rate",
            c.hourly_rate,
            closed(0.0, 1e6),
            "the cost of one hour of service effort",
        ),
        (
            "costs",
            "cost-per-service-event",
            c.cost_per_service_event,
            closed(0.0, 1e9),
            "a cost per service event",
        ),
        (
            "costs",
            "return-handling-cost",
            c.return_handling_cost,
            closed(0.0, 1e9),
            "a cost per returned line",
        ),
        (
            "tiers",
            "tier1-min-margin",
            t.tier1_min_margin,
            closed(-1.0, 1.0),
            "a profit margin as a fraction, e.g. 0.20",
        ),
        (
            "tiers",
            "tier2-min-margin",
            t.tier2_min_margin,
            closed(-1.0, 1.0),
            "a profit margin as a fraction, e.g. 0.05",
        ),
        (
            "tiers",
            "tier1-min-growth",
            t.tier1_min_growth,
            closed(-1.0, 1000.0),
            "a growth rate as a fraction, e.g. 0.10",
        ),
        (
            "tiers",
            "tier1-high-margin",
            t.tier1_high_margin,
            closed(-1.0, 1.0),
            "a profit margin as a fraction, e.g. 0.30",
        ),
        (
            "tiers",
            "growth-confidence",
            t.growth_confidence,
            above(0.0, 0.999),
            "the confidence of the growth interval, e.g. 0.80",
        ),
        (
            "tiers",
            "tier1-min-profit",
            t.tier1_min_profit,
            closed(-1e12, 1e12),
            "a profit in currency units",
        ),
        (
            "tiers",
            "tier1-profit-percentile",
            t.tier1_profit_percentile,
            closed(0.0, 1.0),
            "a share of profitable customers, e.g. 0.5 for the median (0: off)",
        ),
        (
            "tiers",
            "tier1-high-margin-vs-portfolio",
            t.tier1_high_margin_vs_portfolio,
            closed(0.0, 100.0),
            "a multiple of the portfolio's profit margin, e.g. 1.25",
        ),
        (
            "tiers",
            "tier1-top-profit-share",
            t.tier1_top_profit_share,
            closed(0.0, 1.0),
            "a share of profitable customers, e.g. 0.10 (0: off)",
        ),
        (
            "tiers",
            "effort-confidence",
            t.effort_confidence,
            above(0.5, 0.999),
            "a one-sided confidence, e.g. 0.95",
        ),
        (
            "tiers",
            "max-effort-ratio",
            t.max_effort_ratio,
            above(0.0, 1000.0),
            "a ratio of shares, e.g. 2",
        ),
        (
            "pareto",
            "abc-a",
            s.pareto.abc_a,
            above(0.0, 1.0),
            "a share of revenue, e.g. 0.80",
        ),
        (
            "pareto",
            "abc-b",
            s.pareto.abc_b,
            above(0.0, 1.0),
            "a share of revenue, e.g. 0.95",
        ),
        (
            "concentration",
            "customer-alert",
            s.concentration.customer_alert,
            above(0.0, 1.0),
            "a share of revenue, e.g. 0.10",
        ),
        (
            "concentration",
            "manager-alert",
            s.concentration.manager_alert,
            above(0.0, 1.0),
            "a share of revenue, e.g. 0.25",
        ),
        (
            "flags",
            "effort-ratio",
            f.effort_ratio,
            above(0.0, 1000.0),
            "a ratio of shares, e.g. 3",
        ),
        (
            "flags",
            "discount-vs-median",
            f.discount_vs_median,
            above(0.0, 1000.0),
            "a multiple of the median, e.g. 2",
        ),
        (
            "flags",
            "discount-min",
            f.discount_min,
            closed(0.0, 1.0),
            "a discount rate as a fraction, e.g. 0.05",
        ),
        (
            "flags",
            "late-days",
            f.late_days,
            closed(0.0, 36_500.0),
            "days late on average",
        ),
        (
            "flags",
            "overdue-share",
            f.overdue_share,
            closed(0.0, 1000.0),
            "a share of window revenue, e.g. 0.10",
        ),
        (
            "flags",
            "complaints-vs-rate",
            f.complaints_vs_rate,
            above(0.0, 1000.0),
            "a multiple of the portfolio's rate, e.g. 3",
        ),
        (
            "flags",
            "returns-vs-rate",
            f.returns_vs_rate,
            above(0.0, 1000.0),
            "a multiple of the portfolio's rate, e.g. 2",
        ),
        (
            "flags",
            "returns-min",
            f.returns_min,
            closed(0.0, 1.0),
            "a return rate as a fraction, e.g. 0.10",
        ),
        (
            "flags",
            "late-grace-days",
            f.late_grace_days,
            closed(0.0, 365.0),
            "days after the due date still counted as on time",
        ),
        (
            "flags",
            "significance",
            f.significance,
            above(0.0, 0.5),
            "a p-value level, e.g. 0.01",
        ),
        (
            "lifetime",
            "horizon-weeks",
            s.lifetime.horizon_weeks,
            above(0.0, 520.0),
            "weeks ahead",
        ),
        (
            "lifetime",
            "discount-rate",
            s.lifetime.discount_rate,
            below(0.0, 1.0),
            "a yearly rate as a fraction, e.g. 0.10",
        ),
        (
            "movement",
            "p-alive-drop",
            s.movement.p_alive_drop,
            above(0.0, 1.0),
            "a drop in probability, e.g. 0.25 for 25 points",
        ),
        (
            "movement",
            "profit-drop",
            s.movement.profit_drop,
            above(0.0, 1.0),
            "a share of the earlier window's profit, e.g. 0.5",
        ),
        (
            "movement",
            "no-contact-gaps",
            s.movement.no_contact_gaps,
            above(0.0, 1000.0),
            "a multiple of the customer's usual days between orders, e.g. 2",
        ),
    ];
    if let Some(m) = c.assumed_gross_margin {
        rules.push((
            "costs",
            "assumed-gross-margin",
            m,
            below(-1.0, 1.0),
            "a gross margin as a fraction of revenue, e.g. 0.3",
        ));
    }
    for (key, split) in [
        ("split-x", &s.matrix.split_x),
        ("split-y", &s.matrix.split_y),
    ] {
        if let clientgrade_core::Split::Value(v) = split {
            rules.push(("matrix", key, *v, closed(-1e15, 1e15), "a split value"));
        }
    }
    for factor in &s.ranking.factors {
        rules.push((
            "ranking.factors",
            "weight",
            factor.weight,
            above(0.0, 1e6),
            "a factor's weight",
        ));
    }
    let at = |section: &str, key: &str| {
        line_of(text, section, key).map_or(String::new(), |n| format!("line {n}: "))
    };
    for (section, key, v, range, what) in rules {
        if !range.contains(v) {
            let why = if v.is_finite() {
                "is outside the allowed range"
            } else {
                "is not a number"
            };
            return Err(format!(
                "{}[{section}] {key} = {} {why}: expected {what}, {}",
                at(section, key),
                toml_number(v),
                range.describe()
            ));
        }
    }
    if s.pareto.abc_a >= s.pareto.abc_b {
        return Err(format!(
            "{}[pareto] abc-a = {} must be below abc-b = {}: class A is the first share of \
                 revenue, class B goes on up to abc-b",
            at("pareto", "abc-a"),
            s.pareto.abc_a,
            s.pareto.abc_b
        ));
    }
    let r = &s.rfm;
    for (key, cuts, lo) in [
        ("recency-cuts", r.recency_cuts, 0.0),
        ("frequency-cuts", r.frequency_cuts, 0.0),
        ("monetary-cuts", r.monetary_cuts, -1e15),
    ] {
        let Some(cuts) = cuts else { continue };
        let finite = cuts.iter().all(|v| v.is_finite() && *v >= lo && *v <= 1e15);
        if !finite || cuts.windows(2).any(|w| w[0] > w[1]) {
            let shown: Vec<String> = cuts.iter().map(|v| toml_number(*v)).collect();
            return Err(format!(
                "{}[rfm] {key} = [{}] must be four ascending numbers{}",
                at("rfm", key),
                shown.join(", "),
                if lo == 0.0 { " of 0 or more" } else { "" }
            ));
        }
    }
    Ok(())
}

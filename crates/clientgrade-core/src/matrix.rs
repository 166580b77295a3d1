//! The customer grading matrix: two characteristics, split into four named quadrants with actions.

use crate::measures::{characteristic, is_measure, percentile};
use crate::settings::{parse_percentile, MatrixSettings, QuadrantText, Split};
use crate::{Characteristics, CustomerFacts, Tier};

/// One of the four quadrants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Quadrant {
    /// High X, high Y.
    HighHigh,
    /// High X, low Y.
    HighLow,
    /// Low X, high Y.
    LowHigh,
    /// Low X, low Y.
    LowLow,
}

impl Quadrant {
    /// All quadrants.
    pub const ALL: [Quadrant; 4] = [
        Quadrant::HighHigh,
        Quadrant::HighLow,
        Quadrant::LowHigh,
        Quadrant::LowLow,
    ];

    /// Its configured name and action.
    pub fn text(self, s: &MatrixSettings) -> &QuadrantText {
        match self {
            Quadrant::HighHigh => &s.high_high,
            Quadrant::HighLow => &s.high_low,
            Quadrant::LowHigh => &s.low_high,
            Quadrant::LowLow => &s.low_low,
        }
    }

    /// `high-high`, `high-low`, … as in the config.
    pub fn key(self) -> &'static str {
        match self {
            Quadrant::HighHigh => "high-high",
            Quadrant::HighLow => "high-low",
            Quadrant::LowHigh => "low-high",
            Quadrant::LowLow => "low-low",
        }
    }
}

/// A quadrant as it is shown: its name and action, resolved from the
/// settings and where the axes were split.
#[derive(Clone, Debug, PartialEq)]
pub struct QuadrantName {
    /// Its name: the configured one when the split is a judgement the user
    /// made (see [`MatrixSplit::judged`]), otherwise what the split means,
    /// e.g. `revenue at or above the median (22,072.20), margin below the
    /// median (22.2%)`.
    pub name: String,
    /// A short form for chart corners and table cells: `higher revenue,
    /// lower margin`, or the configured name.
    pub short: String,
    /// What to do with its customers.
    pub action: String,
}

/// Where the axes were split, and what the quadrants are called.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixSplit {
    /// The characteristic (or attribute) on the X axis: the configured one,
    /// or the one it fell back to (see `fallback`).
    pub x_axis: String,
    /// The characteristic (or attribute) on the Y axis.
    pub y_axis: String,
    /// X split value (`None` when no customer has both values, or X is an attribute).
    pub x: Option<f64>,
    /// Y split value.
    pub y: Option<f64>,
    /// When X is a customer attribute: the values that count as high.
    pub good_x: Option<Vec<String>>,
    /// When Y is a customer attribute: the values that count as high.
    pub good_y: Option<Vec<String>>,
    /// Customers who bought in the window without an X or Y value, not placed.
    pub unplaced: usize,
    /// Lapsed and lost customers, not placed (nothing bought in the window).
    pub not_bought: usize,
    /// Why a configured axis was replaced, or why no customer could be
    /// placed; `None` when the configured axes were used.
    pub fallback: Option<String>,
    /// Whether the quadrant names are the configured judgements: both
    /// splits are thresholds the user chose (a number, or the good values
    /// of an attribute), or the user named the quadrants. A split at the
    /// median (mean, percentile) only ranks customers against each other,
    /// so its quadrants are named by what the split means.
    pub judged: bool,
    /// The quadrants' names and actions, in [`Quadrant::ALL`] order.
    pub quadrants: [QuadrantName; 4],
}

impl MatrixSplit {
    /// The name and action of quadrant `q`.
    pub fn name(&self, q: Quadrant) -> &QuadrantName {
        &self.quadrants[q as usize]
    }

    /// The action for one customer of quadrant `q` with tier `tier`:
    /// consistent with its tier when the quadrants are not the user's
    /// judgement (a Tier-1 customer whose margin is only below the median
    /// is not told to reprice).
    pub fn customer_action(&self, q: Quadrant, tier: Option<Tier>) -> &str {
        if self.judged {
            return &self.name(q).action;
        }
        let default_axes = self.x_axis == "revenue" && self.y_axis == "profit_margin";
        match tier {
            Some(t @ (Tier::BreakEven | Tier::Loser)) => t.action(),
            Some(_) if default_axes => match q {
                Quadrant::HighHigh => "protect and grow: key-account care, first call on capacity",
                Quadrant::HighLow => {
                    "keep and grow: profitable, its margin is only below the median"
                }
                Quadrant::LowHigh => "grow the share of wallet: cross-sell, more contact",
                Quadrant::LowLow => {
                    "serve well at a low cost: profitable, only below the median on both axes"
                }
            },
            Some(t) => t.action(),
            None => &self.name(q).action,
        }
    }
}

fn split_value(values: &[f64], split: &Split) -> Option<f64> {
    match split {
        Split::Value(v) => Some(*v),
        Split::Named(s) if s == "mean" => {
            (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
        }
        Split::Named(s) => percentile(values, parse_percentile(s)?),
    }
}

/// A relative split in words (`the median`, `the 75th percentile`);
/// `None` for a fixed value.
fn split_words(split: &Split) -> Option<String> {
    match split {
        Split::Value(_) => None,
        Split::Named(s) if s == "median" => Some("the median".into()),
        Split::Named(s) if s == "mean" => Some("the mean".into()),
        Split::Named(s) => Some(match parse_percentile(s) {
            Some(p) => {
                let n = (p * 100.0).round() as u32;
                let suffix = match (n % 10, n % 100) {
                    (1, x) if x != 11 => "st",
                    (2, x) if x != 12 => "nd",
                    (3, x) if x != 13 => "rd",
                    _ => "th",
                };
                format!("the {n}{suffix} percentile")
            }
            None => format!("`{s}`"),
        }),
    }
}

/// A characteristic in a word or two, for quadrant names.
fn noun(name: &str) -> String {
    match name {
        "revenue" => "revenue".into(),
        "revenue_monthly" => "monthly revenue".into(),
        "profit_margin" => "margin".into(),
        "gross_margin_rate" => "gross margin".into(),
        "growth" => "growth".into(),
        "orders" => "orders".into(),
        "orders_per_month" => "orders per month".into(),
        "effort_ratio" => "effort ratio".into(),
        _ if is_measure(name) => crate::measures::label(name).to_lowercase(),
        _ => name.replace('_', " "),
    }
}

/// A split value as a reader expects it: money with separators, fractions
/// as percentages.
pub fn value_text(name: &str, v: f64) -> String {
    use crate::evidence::{percent, times};
    use crate::measures::{unit, Unit};
    if !v.is_finite() {
        return "n/a".into();
    }
    match unit(name) {
        Unit::Money => {
            crate::Money::from_f64(v).map_or_else(|| "n/a".into(), |m| m.to_display_string())
        }
        Unit::Fraction => percent(v),
        Unit::Times => times(v),
        Unit::Number if v.fract() == 0.0 => format!("{v:.0}"),
        Unit::Number => format!("{v:.1}"),
    }
}

/// Why no customer has a value of characteristic `name`: the input it needs.
pub fn missing_reason(name: &str) -> String {
    let needs = match name {
        "cost_of_goods"
        | "gross_margin"
        | "gross_margin_rate"
        | "profit"
        | "profit_margin"
        | "profit_previous"
        | "profit_margin_previous" => {
            "it needs cost of goods (no cost data: map a cost column with [transactions.columns] \
             cost, or set costs.assumed-gross-margin)"
        }
        "invoices" | "avg_days_late" | "on_time_rate" | "outstanding" | "overdue"
        | "written_off" => "it needs an invoices table ([invoices] path)",
        "complaints" | "complaints_per_order" | "complaints_open" | "avg_days_to_resolve" => {
            "it needs a complaints table ([complaints] path)"
        }
        "service_share" | "effort_ratio" => "it needs a service table ([service] path)",
        "products" => "it needs a product column in transactions",
        "discount_rate" => "it needs a discount column in transactions",
        "growth" => "it needs revenue in both windows",
        _ if is_measure(name) => "no customer who bought in the window has a value",
        _ => "no customer has this attribute (a column of the customers table)",
    };
    format!("{} has no value: {needs}", noun(name))
}

/// Axes tried, in order, in place of a configured axis that no customer
/// has a value for (the first with values and not on the other axis).
pub const FALLBACK_AXES: [&str; 3] = ["revenue", "growth", "orders"];

/// One side of an axis in words: `revenue at or above the median (22,072.20)`.
fn side(
    name: &str,
    split: &Split,
    at: Option<f64>,
    good: &Option<Vec<String>>,
    high: bool,
) -> (String, String) {
    let n = noun(name);
    if let Some(g) = good {
        let list = if g.is_empty() {
            "(none)".to_string()
        } else {
            g.join(", ")
        };
        return if high {
            (format!("{n} {list}"), format!("{n} {list}"))
        } else {
            (format!("{n} not {list}"), format!("other {n}"))
        };
    }
    let value = at.map_or_else(|| "n/a".into(), |v| value_text(name, v));
    let short = format!("{} {n}", if high { "higher" } else { "lower" });
    let how = if high { "at or above" } else { "below" };
    let long = match split_words(split) {
        Some(w) => format!("{n} {how} {w} ({value})"),
        None => format!("{n} {how} {value}"),
    };
    (long, short)
}

/// Name every quadrant from the split (see [`MatrixSplit::judged`]).
fn names(
    s: &MatrixSettings,
    axes: (&str, &str),
    at: (Option<f64>, Option<f64>),
    good: (&Option<Vec<String>>, &Option<Vec<String>>),
    judged: bool,
) -> [QuadrantName; 4] {
    let default_axes = axes == ("revenue", "profit_margin");
    Quadrant::ALL.map(|q| {
        let t = q.text(s);
        if judged {
            return QuadrantName {
                name: t.name.clone(),
                short: t.name.clone(),
                action: t.action.clone(),
            };
        }
        let (hx, hy) = match q {
            Quadrant::HighHigh => (true, true),
            Quadrant::HighLow => (true, false),
            Quadrant::LowHigh => (false, true),
            Quadrant::LowLow => (false, false),
        };
        let (xl, xs) = side(axes.0, &s.split_x, at.0, good.0, hx);
        let (yl, ys) = side(axes.1, &s.split_y, at.1, good.1, hy);
        let action = if default_axes {
            match q {
                Quadrant::HighHigh => "protect and grow: key-account care, first call on capacity",
                Quadrant::HighLow => {
                    "keep the profitable ones (Tier 1–2): their margin is only below the median; \
                     reprice or cut the cost to serve of the Tier 3–4 ones"
                }
                Quadrant::LowHigh => "grow the share of wallet: cross-sell, more contact",
                Quadrant::LowLow => {
                    "serve at a low cost; stop acquiring more like the Tier 3–4 ones"
                }
            }
            .to_string()
        } else {
            "act on each customer's tier: a split at the median (mean, percentile) only ranks \
             customers against each other"
                .to_string()
        };
        QuadrantName {
            name: format!("{xl}, {yl}"),
            short: format!("{xs}, {ys}"),
            action,
        }
    })
}

/// A customer attribute by name: `account_manager`, or a column of the
/// customers table (exact name first, then ignoring case and punctuation).
pub fn attribute<'a>(f: &'a CustomerFacts, name: &str) -> Option<&'a str> {
    if name == "account_manager" {
        return f.account_manager.as_deref();
    }
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    f.attributes
        .iter()
        .find(|(n, _)| **n == *name)
        .or_else(|| f.attributes.iter().find(|(n, _)| norm(n) == norm(name)))
        .map(|(_, v)| &**v)
}

enum Axis {
    Number(f64),
    High(bool),
}

fn axis(
    c: &Characteristics,
    f: &CustomerFacts,
    name: &str,
    good: &Option<Vec<String>>,
) -> Option<Axis> {
    if let Some(m) = characteristic(name).filter(|m| m.is_measure()) {
        return m.number(c).filter(|v| v.is_finite()).map(Axis::Number);
    }
    let v = attribute(f, name)?.trim();
    let good = good.as_deref().unwrap_or(&[]);
    Some(Axis::High(
        good.iter().any(|g| g.trim().eq_ignore_ascii_case(v)),
    ))
}

/// Place the customers who bought in the window (`bought`; lapsed and lost
/// customers have no window to judge): a number at or above the split
/// counts as high; an attribute counts as high when its value is in the
/// good set. A configured axis that no such customer has a value for (a
/// margin without cost data) is replaced by the first of
/// [`FALLBACK_AXES`] that has values, and `fallback` says why.
pub fn place(
    all: &[(&CustomerFacts, &Characteristics)],
    bought: &[bool],
    s: &MatrixSettings,
) -> (Vec<Option<Quadrant>>, MatrixSplit) {
    let has_values = |name: &str, good: &Option<Vec<String>>| {
        all.iter()
            .zip(bought)
            .any(|((f, c), b)| *b && axis(c, f, name, good).is_some())
    };
    let mut why: Vec<String> = Vec::new();
    let mut pick = |name: &str,
                    good: &Option<Vec<String>>,
                    other: &str|
     -> (String, Option<Vec<String>>, bool) {
        if has_values(name, good) {
            return (name.to_string(), good.clone(), false);
        }
        let swap = FALLBACK_AXES
            .iter()
            .find(|a| **a != name && **a != other && has_values(a, &None));
        match swap {
            Some(a) => {
                why.push(format!(
                    "{}, so {} is shown instead",
                    missing_reason(name),
                    noun(a)
                ));
                (a.to_string(), None, true)
            }
            None => {
                why.push(missing_reason(name));
                (name.to_string(), good.clone(), false)
            }
        }
    };
    let (x_name, good_x, x_swapped) = pick(&s.x, &s.good_x, &s.y);
    let (y_name, good_y, y_swapped) = pick(&s.y, &s.good_y, &x_name);
    let fallback = (!why.is_empty()).then(|| why.join("; "));
    let xy: Vec<Option<(Axis, Axis)>> = all
        .iter()
        .zip(bought)
        .map(|((f, c), b)| {
            if !*b {
                return None;
            }
            Some((axis(c, f, &x_name, &good_x)?, axis(c, f, &y_name, &good_y)?))
        })
        .collect();
    let nums = |pick: fn(&(Axis, Axis)) -> &Axis| -> Vec<f64> {
        xy.iter()
            .flatten()
            .filter_map(|p| match pick(p) {
                Axis::Number(v) => Some(*v),
                Axis::High(_) => None,
            })
            .collect()
    };
    let x_numeric = is_measure(&x_name);
    let y_numeric = is_measure(&y_name);
    let default_split = Split::default();
    let split_x = if x_swapped {
        &default_split
    } else {
        &s.split_x
    };
    let split_y = if y_swapped {
        &default_split
    } else {
        &s.split_y
    };
    let sx = if x_numeric {
        split_value(&nums(|p| &p.0), split_x)
    } else {
        None
    };
    let sy = if y_numeric {
        split_value(&nums(|p| &p.1), split_y)
    } else {
        None
    };
    let high = |a: &Axis, split: Option<f64>| -> Option<bool> {
        match a {
            Axis::Number(v) => Some(*v >= split?),
            Axis::High(h) => Some(*h),
        }
    };
    let quadrants = xy
        .iter()
        .map(|p| {
            let (x, y) = p.as_ref()?;
            Some(match (high(x, sx)?, high(y, sy)?) {
                (true, true) => Quadrant::HighHigh,
                (true, false) => Quadrant::HighLow,
                (false, true) => Quadrant::LowHigh,
                (false, false) => Quadrant::LowLow,
            })
        })
        .collect::<Vec<_>>();
    let not_bought = bought.iter().filter(|b| !**b).count();
    let unplaced = quadrants.iter().filter(|q| q.is_none()).count() - not_bought;
    let good_x = (!x_numeric).then(|| good_x.unwrap_or_default());
    let good_y = (!y_numeric).then(|| good_y.unwrap_or_default());
    let absolute = |numeric: bool, split: &Split| !numeric || matches!(split, Split::Value(_));
    let own_names = Quadrant::ALL
        .iter()
        .any(|q| q.text(s) != q.text(&MatrixSettings::default()));
    let judged = !x_swapped
        && !y_swapped
        && (own_names || (absolute(x_numeric, split_x) && absolute(y_numeric, split_y)));
    let quadrant_names = names(
        &MatrixSettings {
            split_x: split_x.clone(),
            split_y: split_y.clone(),
            ..s.clone()
        },
        (&x_name, &y_name),
        (sx, sy),
        (&good_x, &good_y),
        judged,
    );
    (
        quadrants,
        MatrixSplit {
            x_axis: x_name,
            y_axis: y_name,
            x: sx,
            y: sy,
            good_x,
            good_y,
            unplaced,
            not_bought,
            fallback,
            judged,
            quadrants: quadrant_names,
        },
    )
}

#[cfg(test)]
mod tests;

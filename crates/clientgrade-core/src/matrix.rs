//! The customer grading matrix: two characteristics, split into four named quadrants with actions.

use crate::measures::{is_measure, measure, percentile};
use crate::settings::{parse_percentile, MatrixSettings, QuadrantText, Split};
use crate::{Characteristics, CustomerFacts};

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

/// Where the axes were split.
#[derive(Clone, Debug, PartialEq)]
pub struct MatrixSplit {
    /// X split value (`None` when no customer has both values, or X is an attribute).
    pub x: Option<f64>,
    /// Y split value.
    pub y: Option<f64>,
    /// When X is a customer attribute: the values that count as high.
    pub good_x: Option<Vec<String>>,
    /// When Y is a customer attribute: the values that count as high.
    pub good_y: Option<Vec<String>>,
    /// Customers without an X or Y value, not placed.
    pub unplaced: usize,
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
        .find(|(n, _)| n == name)
        .or_else(|| f.attributes.iter().find(|(n, _)| norm(n) == norm(name)))
        .map(|(_, v)| v.as_str())
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
    if is_measure(name) {
        return measure(c, name).filter(|v| v.is_finite()).map(Axis::Number);
    }
    let v = attribute(f, name)?.trim();
    let good = good.as_deref().unwrap_or(&[]);
    Some(Axis::High(
        good.iter().any(|g| g.trim().eq_ignore_ascii_case(v)),
    ))
}

/// Place every customer: a number at or above the split counts as high; an
/// attribute counts as high when its value is in the good set.
pub fn place(
    all: &[(&CustomerFacts, &Characteristics)],
    s: &MatrixSettings,
) -> (Vec<Option<Quadrant>>, MatrixSplit) {
    let xy: Vec<Option<(Axis, Axis)>> = all
        .iter()
        .map(|(f, c)| Some((axis(c, f, &s.x, &s.good_x)?, axis(c, f, &s.y, &s.good_y)?)))
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
    let x_numeric = is_measure(&s.x);
    let y_numeric = is_measure(&s.y);
    let sx = if x_numeric {
        split_value(&nums(|p| &p.0), &s.split_x)
    } else {
        None
    };
    let sy = if y_numeric {
        split_value(&nums(|p| &p.1), &s.split_y)
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
    let unplaced = quadrants.iter().filter(|q| q.is_none()).count();
    (
        quadrants,
        MatrixSplit {
            x: sx,
            y: sy,
            good_x: (!x_numeric).then(|| s.good_x.clone().unwrap_or_default()),
            good_y: (!y_numeric).then(|| s.good_y.clone().unwrap_or_default()),
            unplaced,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        characteristics, AnalysisWindow, Coverage, Date, Money, PortfolioTotals, Settings,
    };

    fn customer(revenue: i64, region: Option<&str>) -> (CustomerFacts, Characteristics) {
        let f = CustomerFacts {
            revenue: Money::from_units(revenue),
            attributes: region
                .map(|r| vec![("Region".to_string(), r.to_string())])
                .unwrap_or_default(),
            ..CustomerFacts::default()
        };
        let w = AnalysisWindow::new(Date::from_ymd(2025, 12, 31).unwrap(), 12);
        let c = characteristics(
            &f,
            &Coverage::default(),
            &Settings::default(),
            &w,
            &PortfolioTotals::default(),
        );
        (f, c)
    }

    #[test]
    fn numeric_and_categorical_axes() {
        let data = [
            customer(10, Some("North")),
            customer(20, Some("south")),
            customer(30, None),
            customer(40, Some("West")),
        ];
        let pairs: Vec<(&CustomerFacts, &Characteristics)> =
            data.iter().map(|(f, c)| (f, c)).collect();
        let s = MatrixSettings {
            x: "revenue".into(),
            y: "region".into(),
            good_y: Some(vec!["north".into(), "West".into()]),
            ..MatrixSettings::default()
        };
        let (q, split) = place(&pairs, &s);
        // median revenue of the placed customers (10, 20, 40) is 20: at or above is high
        assert_eq!(split.x, Some(20.0));
        assert_eq!(split.unplaced, 1);
        assert_eq!(
            q,
            vec![
                Some(Quadrant::LowHigh),
                Some(Quadrant::HighLow),
                None,
                Some(Quadrant::HighHigh)
            ]
        );
        let s = MatrixSettings {
            split_x: Split::Named("mean".into()),
            y: "revenue".into(),
            split_y: Split::Value(25.0),
            ..MatrixSettings::default()
        };
        let (q, split) = place(&pairs, &s);
        assert_eq!(split.x, Some(25.0));
        assert_eq!(q[0], Some(Quadrant::LowLow));
        assert_eq!(q[3], Some(Quadrant::HighHigh));
    }
}

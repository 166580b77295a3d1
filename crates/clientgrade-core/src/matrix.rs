//! The customer grading matrix: two characteristics, split into four named quadrants with actions.

use crate::measures::{measure, percentile};
use crate::settings::{parse_percentile, MatrixSettings, QuadrantText, Split};
use crate::Characteristics;

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
    /// X split value (`None` when no customer has both values).
    pub x: Option<f64>,
    /// Y split value.
    pub y: Option<f64>,
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

/// Place every customer: a value at or above the split counts as high.
pub fn place(all: &[&Characteristics], s: &MatrixSettings) -> (Vec<Option<Quadrant>>, MatrixSplit) {
    let xy: Vec<Option<(f64, f64)>> = all
        .iter()
        .map(|c| {
            Some((measure(c, &s.x)?, measure(c, &s.y)?))
                .filter(|(x, y)| x.is_finite() && y.is_finite())
        })
        .collect();
    let xs: Vec<f64> = xy.iter().flatten().map(|p| p.0).collect();
    let ys: Vec<f64> = xy.iter().flatten().map(|p| p.1).collect();
    let sx = split_value(&xs, &s.split_x);
    let sy = split_value(&ys, &s.split_y);
    let quadrants = xy
        .iter()
        .map(|p| {
            let (x, y) = (*p)?;
            let (hx, hy) = (x >= sx?, y >= sy?);
            Some(match (hx, hy) {
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
            unplaced,
        },
    )
}

//! A customer's buying rhythm: its own gaps between purchases, a yearly season, and whether it is overdue.
//!
//! "Going quiet" is judged against the customer itself, with the uncertainty
//! of what its few gaps can tell: a gap is overdue only when a gap that long
//! is improbable under the customer's own gaps (a log-normal with both
//! parameters estimated, so the predictive is a Student t). A customer in its
//! first year, or with fewer than [`MIN_GAPS`] gaps, is never called quiet by
//! its rhythm. A customer whose purchases cluster in the same part of the
//! year in at least two years is seasonal and is judged by its season (the
//! lifetime models do not know seasons).

use crate::tails::student_upper;
use crate::Date;

/// Gaps needed before a customer's own rhythm can call it overdue.
pub const MIN_GAPS: usize = 3;
/// A current gap is overdue when a gap at least that long has a
/// probability below this under the customer's own gaps.
pub const OVERDUE_TAIL: f64 = 0.01;
/// The spread of log gaps is taken as at least this (a rhythm is never
/// assumed steadier than about ±20%, which a few equal gaps would suggest).
pub const MIN_LOG_SD: f64 = 0.2;
/// Purchases cluster in a season when the Rayleigh test of their days of the
/// year rejects "spread over the year" at this level …
pub const SEASON_P: f64 = 0.01;
/// … at least this share of them lies within a quarter year of the centre …
pub const SEASON_SHARE: f64 = 0.8;
/// … and they fall in this many different years at least.
pub const SEASON_YEARS: usize = 2;
/// Days after its usual season's end before a seasonal customer's season counts as missed.
pub const SEASON_GRACE: i32 = 30;
/// Days of history looked at for a season (four years).
const SEASON_HISTORY: i32 = 1461;
const YEAR: f64 = 365.25;

/// A recurring yearly buying season.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Season {
    /// Day of the year (0 = 1 January) around which it buys.
    pub center: i32,
    /// Days either side of the centre its purchases fall in.
    pub half_width: i32,
    /// Different years with a purchase in the season.
    pub years: usize,
    /// Purchase days looked at (the last four years).
    pub purchases: usize,
    /// The Rayleigh test's p-value for "no season".
    pub p_value: f64,
}

/// How the customer stands against its own rhythm at as-of.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Judgement {
    /// No purchase on record.
    NoPurchase,
    /// A customer for less than a year: too new to call quiet.
    FirstYear {
        /// Days since it became a customer.
        days: i32,
    },
    /// Too few gaps to know its rhythm: cannot tell.
    TooFewGaps,
    /// The current gap is within its rhythm.
    Usual {
        /// Probability of a gap at least this long under its own gaps.
        tail: f64,
    },
    /// The current gap is improbably long for it.
    Overdue {
        /// Probability of a gap at least this long under its own gaps.
        tail: f64,
    },
    /// Seasonal, and this season is not missed (bought in it, or not over yet).
    InSeason {
        /// Whether it bought in the current season already.
        bought: bool,
        /// Centre of the next season expected.
        next: Date,
    },
    /// Seasonal, and this season passed without a purchase.
    SeasonMissed {
        /// The end of the missed season (with its grace).
        ended: Date,
    },
}

/// A customer's rhythm.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rhythm {
    /// Days since the last purchase.
    pub recency: Option<i32>,
    /// Gaps between the purchase days looked at.
    pub gaps: usize,
    /// The median of those gaps, in days.
    pub median_gap: Option<f64>,
    /// The yearly season, if it has one.
    pub season: Option<Season>,
    /// The judgement.
    pub judgement: Judgement,
}

fn day_of_year(d: Date) -> i32 {
    let (y, _, _) = d.ymd();
    Date::from_ymd(y, 1, 1).map_or(0, |j| d.days_since(j))
}

/// Signed distance in days from the day of the year `center` to `d`'s, in (−½ year, ½ year].
fn offset(d: Date, center: i32) -> f64 {
    let diff = f64::from(day_of_year(d) - center).rem_euclid(YEAR);
    if diff > YEAR / 2.0 {
        diff - YEAR
    } else {
        diff
    }
}

/// The season of purchase days (ascending), if they have one.
pub fn season(days: &[Date], as_of: Date) -> Option<Season> {
    let from = as_of.add_days(-SEASON_HISTORY);
    let d: Vec<Date> = days
        .iter()
        .copied()
        .filter(|x| *x > from && *x <= as_of)
        .collect();
    let n = d.len();
    if n < 3 || d[n - 1].days_since(d[0]) < 300 {
        return None;
    }
    let tau = std::f64::consts::TAU;
    let (c, s) = d.iter().fold((0.0, 0.0), |(c, s), x| {
        let a = tau * f64::from(day_of_year(*x)) / YEAR;
        (c + a.cos(), s + a.sin())
    });
    let nn = n as f64;
    let r = c.hypot(s);
    // Rayleigh test with the small-sample correction (Zar, Biostatistical Analysis, 27.4)
    let p_value = ((1.0 + 4.0 * nn + 4.0 * (nn * nn - r * r)).sqrt() - (1.0 + 2.0 * nn))
        .exp()
        .min(1.0);
    if p_value >= SEASON_P {
        return None;
    }
    let center = ((s.atan2(c) / tau * YEAR).rem_euclid(YEAR)).round() as i32 % 365;
    let near: Vec<(Date, f64)> = d
        .iter()
        .map(|x| (*x, offset(*x, center)))
        .filter(|(_, o)| o.abs() <= YEAR / 4.0)
        .collect();
    if (near.len() as f64) < SEASON_SHARE * nn {
        return None;
    }
    let mut years: Vec<i64> = near
        .iter()
        .map(|(x, o)| ((f64::from(x.days()) - o) / YEAR).round() as i64)
        .collect();
    years.sort_unstable();
    years.dedup();
    if years.len() < SEASON_YEARS {
        return None;
    }
    let half_width = near.iter().map(|(_, o)| o.abs()).fold(0.0, f64::max).ceil() as i32;
    Some(Season {
        center,
        half_width: half_width.max(14),
        years: years.len(),
        purchases: n,
        p_value,
    })
}

/// The centre of the latest season that has started by `as_of`.
fn current_center(center: i32, half_width: i32, as_of: Date) -> Date {
    let (y, _, _) = as_of.ymd();
    let mut c = Date::from_ymd(y + 1, 1, 1).map_or(as_of, |j| j.add_days(center));
    while c.add_days(-half_width) > as_of {
        c = c.add_months(-12);
    }
    c
}

/// Median of sorted values.
fn median_sorted(v: &[f64]) -> Option<f64> {
    let n = v.len();
    (n > 0).then(|| {
        if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        }
    })
}

/// The rhythm of a customer from its latest purchase days (ascending), its
/// first purchase and customer-since date, at `as_of`.
pub fn rhythm(
    days: &[Date],
    first_purchase: Option<Date>,
    customer_since: Option<Date>,
    as_of: Date,
) -> Rhythm {
    let last = days.last().copied();
    let recency = last.map(|l| as_of.days_since(l));
    let gaps: Vec<f64> = days
        .windows(2)
        .map(|w| f64::from(w[1].days_since(w[0])))
        .filter(|g| *g > 0.0)
        .collect();
    let mut sorted = gaps.clone();
    sorted.sort_by(f64::total_cmp);
    let season = season(days, as_of);
    let base = Rhythm {
        recency,
        gaps: gaps.len(),
        median_gap: median_sorted(&sorted),
        season,
        judgement: Judgement::NoPurchase,
    };
    let (Some(last), Some(r)) = (last, recency) else {
        return base;
    };
    if let Some(s) = season {
        let c = current_center(s.center, s.half_width, as_of);
        let start = c.add_days(-s.half_width);
        let ended = c.add_days(s.half_width + SEASON_GRACE);
        let judgement = if last >= start {
            Judgement::InSeason {
                bought: true,
                next: c.add_months(12),
            }
        } else if as_of <= ended {
            Judgement::InSeason {
                bought: false,
                next: c,
            }
        } else {
            Judgement::SeasonMissed { ended }
        };
        return Rhythm { judgement, ..base };
    }
    let start = [first_purchase, customer_since, Some(days[0])]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(last);
    let tenure = as_of.days_since(start);
    if tenure < 365 {
        return Rhythm {
            judgement: Judgement::FirstYear { days: tenure },
            ..base
        };
    }
    if gaps.len() < MIN_GAPS {
        return Rhythm {
            judgement: Judgement::TooFewGaps,
            ..base
        };
    }
    let n = gaps.len() as f64;
    let logs: Vec<f64> = gaps.iter().map(|g| g.ln()).collect();
    let mean = logs.iter().sum::<f64>() / n;
    let var = logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let sd = var.sqrt().max(MIN_LOG_SD);
    let tail = if r <= 0 {
        1.0
    } else {
        let t = (f64::from(r).ln() - mean) / (sd * (1.0 + 1.0 / n).sqrt());
        student_upper(t, n - 1.0)
    };
    let judgement = if tail < OVERDUE_TAIL {
        Judgement::Overdue { tail }
    } else {
        Judgement::Usual { tail }
    };
    Rhythm { judgement, ..base }
}

/// "14 Apr": a day of the year as a day and month.
pub fn day_month(doy: i32) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let d =
        Date::from_ymd(2001, 1, 1).map_or(Date::from_days(0), |j| j.add_days(doy.rem_euclid(365)));
    let (_, m, day) = d.ymd();
    format!("{day} {}", MONTHS[(m as usize - 1).min(11)])
}

fn chance(p: f64) -> String {
    if p < 0.001 {
        "under 0.1%".into()
    } else {
        format!("{:.1}%", p * 100.0)
    }
}

impl Season {
    /// "buys seasonally, around 14 Apr (± 30 days) in 3 years".
    pub fn text(&self) -> String {
        format!(
            "buys seasonally, around {} (± {} days) in {} years",
            day_month(self.center),
            self.half_width,
            self.years
        )
    }
}

impl Rhythm {
    /// Whether its rhythm says it is going quiet: overdue by its own gaps,
    /// or its season missed.
    pub fn overdue(&self) -> bool {
        matches!(
            self.judgement,
            Judgement::Overdue { .. } | Judgement::SeasonMissed { .. }
        )
    }

    /// Whether the lifetime models' P(alive) should not be read at face value (a seasonal buyer).
    pub fn seasonal(&self) -> bool {
        self.season.is_some()
    }

    /// The evidence, in words.
    pub fn text(&self) -> String {
        let since = self
            .recency
            .map_or_else(String::new, |r| format!("last purchase {r} days ago"));
        let usual = match self.median_gap {
            Some(m) => format!("its median gap is {m:.0} days over {} gaps", self.gaps),
            None => "no gap between purchases yet".into(),
        };
        match self.judgement {
            Judgement::NoPurchase => "no purchase on record".into(),
            Judgement::FirstYear { days } => format!(
                "{since}; a customer for {days} days, under a year: too new to call quiet"
            ),
            Judgement::TooFewGaps => format!(
                "{since}; {} gaps between purchases, too few (under {MIN_GAPS}) to tell its rhythm",
                self.gaps
            ),
            Judgement::Usual { tail } => format!(
                "{since}, within its rhythm ({usual}; a gap this long happens {} of the time)",
                chance(tail)
            ),
            Judgement::Overdue { tail } => format!(
                "{since}, overdue by its own rhythm ({usual}; a gap this long happens {} of the time, flag under {})",
                chance(tail),
                chance(OVERDUE_TAIL)
            ),
            Judgement::InSeason { bought, next } => {
                let s = self.season.map_or_else(String::new, |s| s.text());
                if bought {
                    format!("{s}; {since}, in this season; next season around {next}")
                } else {
                    format!("{s}; {since}; its season (around {next}) is not over yet")
                }
            }
            Judgement::SeasonMissed { ended } => {
                let s = self.season.map_or_else(String::new, |s| s.text());
                format!("{s}; {since}: this year's season ended {ended} without a purchase")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn a_spring_buyer_is_seasonal_and_two_orders_are_not() {
        let days: Vec<Date> = [
            "2023-03-20",
            "2023-04-11",
            "2023-05-02",
            "2024-03-28",
            "2024-04-19",
            "2025-04-02",
            "2025-04-30",
        ]
        .iter()
        .map(|s| d(s))
        .collect();
        let s = season(&days, d("2025-12-31")).expect("seasonal");
        assert_eq!(s.years, 3);
        assert!(
            day_month(s.center).ends_with("Apr"),
            "{}",
            day_month(s.center)
        );
        let r = rhythm(&days, Some(days[0]), None, d("2025-12-31"));
        assert!(
            matches!(r.judgement, Judgement::InSeason { bought: true, .. }),
            "{r:?}"
        );
        assert!(!r.overdue());
        // a year later without a purchase in spring 2026, the season is missed
        let r = rhythm(&days, Some(days[0]), None, d("2026-07-15"));
        assert!(r.overdue(), "{r:?}");
        // two orders a year apart are no season
        assert!(season(&[d("2024-04-10"), d("2025-04-12")], d("2025-12-31")).is_none());
    }

    #[test]
    fn a_steady_buyer_is_overdue_only_after_an_improbably_long_gap() {
        // about every 30 days with noise, for two years
        let mut days = Vec::new();
        let mut x = d("2023-11-01");
        for (i, jitter) in [
            0, 9, -6, 4, 12, -3, 7, -8, 2, 5, -4, 11, -7, 3, 8, -5, 1, 6, -2, 10,
        ]
        .iter()
        .enumerate()
        {
            x = x.add_days(30 + jitter - (i as i32 % 3));
            days.push(x);
        }
        let last = *days.last().unwrap();
        let at = |gap: i32| rhythm(&days, Some(days[0]), None, last.add_days(gap));
        assert!(
            matches!(at(45).judgement, Judgement::Usual { .. }),
            "{:?}",
            at(45)
        );
        assert!(at(150).overdue(), "{:?}", at(150));
        // under a year as a customer: never overdue
        let young = &days[days.len() - 6..];
        let r = rhythm(young, Some(young[0]), None, last.add_days(150));
        assert!(matches!(r.judgement, Judgement::FirstYear { .. }), "{r:?}");
    }
}

//! Customer and prospect attributes with planted Tier-1 skews and pure noise, and the exact likelihood ratio of the two distributions.
//!
//! The customers planted as Tier 1 (the ideal kind, and those planted
//! rising into Tier 1 in the window) draw their attributes from Tier 1's
//! distribution, every other customer from the rest's. Prospects are drawn from one or the
//! other, and `prospect_truth.csv` says which; [`log_likelihood_ratio`]
//! gives the best ranking any model could achieve, the reference the tests
//! hold the lookalike score to. The draws use their own random streams, so
//! the other tables are the same as without attributes.

use crate::Rng;

/// Whose distribution a row's attributes are drawn from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Tier 1 (ideal customers).
    Tier1,
    /// Everybody else.
    Rest,
}

/// A text attribute: its values and their probabilities in Tier 1 and the rest.
struct Categorical {
    name: &'static str,
    values: &'static [&'static str],
    tier1: &'static [f64],
    rest: &'static [f64],
}

/// A whole-number attribute: log-normal, rounded, at least 1.
struct Count {
    name: &'static str,
    /// ln of the median for Tier 1 and the rest.
    mu: (f64, f64),
    sigma: f64,
}

const CHANNEL: Categorical = Categorical {
    name: "acquisition_channel",
    values: &[
        "Referral",
        "Trade fair",
        "Web search",
        "Cold call",
        "Marketplace",
    ],
    tier1: &[0.34, 0.22, 0.20, 0.10, 0.14],
    rest: &[0.14, 0.18, 0.30, 0.22, 0.16],
};
const OWNERSHIP: Categorical = Categorical {
    name: "ownership",
    values: &[
        "Family-owned",
        "Independent",
        "Group subsidiary",
        "Partnership",
    ],
    tier1: &[0.35, 0.30, 0.20, 0.15],
    rest: &[0.35, 0.30, 0.20, 0.15],
};
const NEWSLETTER: Categorical = Categorical {
    name: "newsletter",
    values: &["yes", "no"],
    tier1: &[0.4, 0.6],
    rest: &[0.4, 0.6],
};
/// Tier 1: median 90 employees; the rest: 40.
const EMPLOYEES: Count = Count {
    name: "employees",
    mu: (4.499_809_670_330_265, 3.688_879_454_113_936),
    sigma: 1.0,
};
/// Tier 1: median 16 years; the rest: 11.
const YEARS: Count = Count {
    name: "years_trading",
    mu: (2.772_588_722_239_781, 2.397_895_272_798_371),
    sigma: 0.6,
};
/// Noise: median 25 visits for everybody.
const VISITS: Count = Count {
    name: "website_visits",
    mu: (3.218_875_824_868_201, 3.218_875_824_868_201),
    sigma: 1.0,
};

/// Regions and industries of prospects: uniform, like the customers'.
pub const PROSPECT_REGIONS: [&str; 5] = ["North", "South", "East", "West", "Central"];

/// The attribute columns added to the customers table, in order.
pub const COLUMNS: [&str; 6] = [
    "employees",
    "acquisition_channel",
    "years_trading",
    "ownership",
    "website_visits",
    "newsletter",
];

/// The attributes planted with a Tier-1 skew; the others are noise.
pub const PLANTED: [&str; 3] = ["employees", "acquisition_channel", "years_trading"];

/// One row's drawn attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawn {
    /// Employees.
    pub employees: i64,
    /// Acquisition channel.
    pub channel: &'static str,
    /// Years trading.
    pub years: i64,
    /// Ownership (noise).
    pub ownership: &'static str,
    /// Website visits (noise).
    pub visits: i64,
    /// Newsletter subscriber (noise).
    pub newsletter: &'static str,
}

fn pick_weighted(rng: &mut Rng, values: &'static [&'static str], p: &[f64]) -> &'static str {
    let u = rng.f64();
    let mut acc = 0.0;
    for (v, w) in values.iter().zip(p) {
        acc += w;
        if u < acc {
            return v;
        }
    }
    values[values.len() - 1]
}

fn draw_count(rng: &mut Rng, c: &Count, class: Class) -> i64 {
    let mu = match class {
        Class::Tier1 => c.mu.0,
        Class::Rest => c.mu.1,
    };
    (mu + c.sigma * rng.normal()).exp().round().max(1.0) as i64
}

fn draw_text(rng: &mut Rng, c: &Categorical, class: Class) -> &'static str {
    pick_weighted(
        rng,
        c.values,
        match class {
            Class::Tier1 => c.tier1,
            Class::Rest => c.rest,
        },
    )
}

/// Draw one row's attributes from `class`'s distribution.
pub fn draw(rng: &mut Rng, class: Class) -> Drawn {
    Drawn {
        employees: draw_count(rng, &EMPLOYEES, class),
        channel: draw_text(rng, &CHANNEL, class),
        years: draw_count(rng, &YEARS, class),
        ownership: draw_text(rng, &OWNERSHIP, class),
        visits: draw_count(rng, &VISITS, class),
        newsletter: draw_text(rng, &NEWSLETTER, class),
    }
}

/// The complementary error function (Numerical Recipes' Chebyshev fit,
/// relative error below 1.2e-7).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

/// P(Z > z) for a standard normal Z.
fn upper(z: f64) -> f64 {
    0.5 * erfc(z / std::f64::consts::SQRT_2)
}

/// The probability that a rounded log-normal count equals `k`.
fn count_mass(c: &Count, class: Class, k: i64) -> f64 {
    let mu = match class {
        Class::Tier1 => c.mu.0,
        Class::Rest => c.mu.1,
    };
    let z = |x: f64| (x.ln() - mu) / c.sigma;
    let hi = upper(z(k as f64 + 0.5));
    let lo = if k <= 1 {
        1.0
    } else {
        upper(z(k as f64 - 0.5))
    };
    (lo - hi).max(1e-300)
}

fn text_mass(c: &Categorical, class: Class, v: &str) -> f64 {
    let p = match class {
        Class::Tier1 => c.tier1,
        Class::Rest => c.rest,
    };
    c.values
        .iter()
        .position(|x| *x == v)
        .map_or(1e-300, |i| p[i])
}

/// The exact log-likelihood ratio ln P(attributes | Tier 1) / P(attributes |
/// rest) of a row's written attributes (`(column, value)`; noise columns and
/// region or industry add nothing). `None` when a planted value is missing
/// or unreadable.
pub fn log_likelihood_ratio(row: &[(&str, &str)]) -> Option<f64> {
    let value = |name: &str| row.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let mut llr = 0.0;
    for c in [&EMPLOYEES, &YEARS, &VISITS] {
        let k: i64 = value(c.name)?.trim().parse().ok()?;
        llr += count_mass(c, Class::Tier1, k).ln() - count_mass(c, Class::Rest, k).ln();
    }
    for c in [&CHANNEL, &OWNERSHIP, &NEWSLETTER] {
        let v = value(c.name)?;
        llr += text_mass(c, Class::Tier1, v).ln() - text_mass(c, Class::Rest, v).ln();
    }
    Some(llr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_masses_sum_to_one_and_noise_has_no_likelihood_ratio() {
        for class in [Class::Tier1, Class::Rest] {
            let total: f64 = (1..200_000).map(|k| count_mass(&EMPLOYEES, class, k)).sum();
            assert!((total - 1.0).abs() < 1e-4, "{total}");
        }
        assert!((upper(1.959_964) - 0.025).abs() < 1e-7);
        let a = log_likelihood_ratio(&[
            ("employees", "40"),
            ("acquisition_channel", "Web search"),
            ("years_trading", "11"),
            ("ownership", "Independent"),
            ("website_visits", "25"),
            ("newsletter", "yes"),
        ])
        .unwrap();
        let b = log_likelihood_ratio(&[
            ("employees", "40"),
            ("acquisition_channel", "Web search"),
            ("years_trading", "11"),
            ("ownership", "Partnership"),
            ("website_visits", "900"),
            ("newsletter", "no"),
        ])
        .unwrap();
        assert!((a - b).abs() < 1e-9, "noise changes nothing: {a} {b}");
        // a large firm found by referral looks like Tier 1
        let c = log_likelihood_ratio(&[
            ("employees", "400"),
            ("acquisition_channel", "Referral"),
            ("years_trading", "30"),
            ("ownership", "Independent"),
            ("website_visits", "25"),
            ("newsletter", "yes"),
        ])
        .unwrap();
        assert!(c > a + 2.0, "{c} vs {a}");
    }

    #[test]
    fn draws_follow_their_class() {
        let mut rng = Rng::new(5);
        let n = 20_000;
        let share = |class: Class, rng: &mut Rng| {
            (0..n)
                .filter(|_| draw(rng, class).channel == "Referral")
                .count() as f64
                / n as f64
        };
        assert!((share(Class::Tier1, &mut rng) - 0.34).abs() < 0.015);
        assert!((share(Class::Rest, &mut rng) - 0.14).abs() < 0.015);
    }
}

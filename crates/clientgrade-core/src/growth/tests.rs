//! Tests of growth judged with its uncertainty: a quasi-Poisson rate ratio of revenue between the two windows, with a portfolio-moderated dispersion.

use super::*;
use crate::AnalysisWindow;

fn parts(v: [i64; 8]) -> [Money; 8] {
    v.map(Money::from_units)
}

#[test]
fn the_prior_is_strong_when_customers_look_alike_and_weak_when_they_differ() {
    // 200 customers whose k scatter only as χ²₆/6 around 1.5 would
    let mut x: u64 = 7;
    let mut chi = || {
        let mut s = 0.0;
        for _ in 0..6 {
            // a normal variate from twelve uniforms
            let z: f64 = (0..12)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (x >> 11) as f64 / (1u64 << 53) as f64
                })
                .sum::<f64>()
                - 6.0;
            s += z * z;
        }
        s / 6.0
    };
    let alike: Vec<(f64, f64)> = (0..200).map(|_| (1.5 * chi(), 6.0)).collect();
    let (k0, d0) = prior(&alike);
    assert!((k0 - 1.5).abs() < 0.2 && d0 > 20.0, "{k0} {d0}");
    // the same, but each customer's true k anywhere from 0.3 to 8
    let differ: Vec<(f64, f64)> = (0..200)
        .map(|i| ((0.3 + 7.7 * f64::from(i) / 199.0) * chi(), 6.0))
        .collect();
    let (_, d0) = prior(&differ);
    assert!(d0 < 6.0, "{d0}");
}

#[test]
fn a_steady_customer_present_in_both_windows_has_plain_revenue_growth() {
    let e = [1.0; 8];
    let g = judge(
        &parts([100, 100, 100, 100, 110, 110, 110, 110]),
        None,
        &e,
        40,
        &GrowthBasis::default(),
        0.9,
        0.10,
    );
    assert!((g.estimate.unwrap() - 0.10).abs() < 1e-12);
    // 40 orders of 20 each, Poisson-like: the interval is wide
    assert_eq!(g.call, GrowthCall::CannotTell);
    assert!(g.low.unwrap() < 0.0 && g.high.unwrap() > 0.2, "{g:?}");
}

#[test]
fn an_interval_too_wide_for_a_number_has_no_bound_rather_than_inf() {
    // very lumpy orders across the portfolio and two orders of its own:
    // the upper end of the interval is e^(more than 709)
    let basis = GrowthBasis {
        dispersion: 1e6,
        prior_df: f64::INFINITY,
        ..GrowthBasis::default()
    };
    let g = judge(
        &parts([100, 0, 0, 0, 0, 0, 0, 300]),
        None,
        &[1.0; 8],
        2,
        &basis,
        0.9,
        0.10,
    );
    assert!(g.estimate.is_some_and(f64::is_finite), "{g:?}");
    assert_eq!(g.high, None, "{g:?}");
    assert!(g.low.is_none_or(f64::is_finite), "{g:?}");
    assert_eq!(g.call, GrowthCall::CannotTell, "{g:?}");
}

#[test]
fn strong_growth_on_many_orders_is_told_from_noise_and_a_collapse_too() {
    let e = [1.0; 8];
    let basis = GrowthBasis::default();
    // 400 orders of 10 each, revenue doubled
    let g = judge(
        &parts([300, 300, 300, 300, 600, 600, 600, 600]),
        None,
        &e,
        400,
        &basis,
        0.9,
        0.10,
    );
    assert_eq!(g.call, GrowthCall::Growing, "{g:?}");
    let g = judge(
        &parts([600, 600, 600, 600, 300, 300, 300, 300]),
        None,
        &e,
        400,
        &basis,
        0.9,
        0.10,
    );
    assert_eq!(g.call, GrowthCall::NotGrowing, "{g:?}");
    // the same doubling on 8 large orders cannot be told
    let g = judge(
        &parts([300, 300, 300, 300, 600, 600, 600, 600]),
        None,
        &e,
        8,
        &basis,
        0.9,
        0.10,
    );
    assert_eq!(g.call, GrowthCall::CannotTell, "{g:?}");
}

#[test]
fn exposure_removes_the_growth_a_late_start_fakes() {
    let w = AnalysisWindow::new(Date::parse_iso("2025-12-31").unwrap(), 12);
    let b = w.bounds();
    // started at the beginning of the previous window's last quarter
    let start = b.part_days(3).0;
    let e = exposures(&b, Some(start), None);
    assert_eq!(&e[..3], &[0.0, 0.0, 0.0]);
    assert_eq!(e[3], 1.0);
    // the same rate in every quarter it existed: no growth, though
    // window revenue is four times the previous window's
    let g = judge(
        &parts([0, 0, 0, 100, 100, 100, 100, 100]),
        None,
        &e,
        50,
        &GrowthBasis::default(),
        0.9,
        0.10,
    );
    assert!(g.estimate.unwrap().abs() < 1e-12, "{g:?}");
    let new = exposures(&b, Some(Date::parse_iso("2025-03-01").unwrap()), None);
    assert_eq!(&new[..4], &[0.0; 4]);
    let g = judge(
        &parts([0, 0, 0, 0, 50, 100, 100, 100]),
        Some((4, Money::from_units(50))),
        &new,
        10,
        &GrowthBasis::default(),
        0.9,
        0.1,
    );
    assert_eq!(g.call, GrowthCall::NoHistory);
}

#[test]
fn a_few_weeks_before_the_window_are_not_a_rate_to_compare() {
    // regression (audit 1.8): joined on 6 December 2024 with a burst of
    // five orders (1,500), then 3,150 over 2025 on 21 orders: the rate of
    // its first 26 days, made a year, read as "not growing −82%"
    let w = AnalysisWindow::new(Date::parse_iso("2025-12-31").unwrap(), 12);
    let b = w.bounds();
    let e = exposures(&b, Date::parse_iso("2024-12-06"), None);
    assert!(short_history(&e));
    let p = parts([0, 0, 0, 1_500, 700, 850, 650, 950]);
    let g = judge(
        &p,
        Some((3, Money::from_units(300))),
        &e,
        26,
        &GrowthBasis::default(),
        0.8,
        0.1,
    );
    assert_eq!(g.call, GrowthCall::NoHistory, "{g:?}");
    assert_eq!(g.note, Some(SHORT_HISTORY));
    assert_eq!((g.estimate, g.low, g.high), (None, None, None));
    // a quarter and more of the previous window is a rate: judged
    let e = exposures(&b, Date::parse_iso("2024-09-20"), None);
    assert!(!short_history(&e));
    let g = judge(
        &parts([0, 0, 100, 1_500, 700, 850, 650, 950]),
        Some((2, Money::from_units(100))),
        &e,
        27,
        &GrowthBasis::default(),
        0.8,
        0.1,
    );
    assert_ne!(g.call, GrowthCall::NoHistory, "{g:?}");
}

#[test]
fn the_acquisition_purchase_fakes_no_decline_and_an_empty_window_no_certainty() {
    let w = AnalysisWindow::new(Date::parse_iso("2025-12-31").unwrap(), 12);
    let b = w.bounds();
    // acquired with a 600 order on 10 August 2024, one 600 order in 2025
    let e = exposures(&b, Date::parse_iso("2024-08-10"), None);
    let p = parts([0, 0, 600, 0, 0, 600, 0, 0]);
    let basis = GrowthBasis::default();
    // counting the acquisition order, its rate "fell" by more than half
    let counted = judge(&p, None, &e, 2, &basis, 0.9, 0.1);
    assert!(counted.estimate.unwrap() < -0.5, "{counted:?}");
    // leaving it out, nothing can be told either way
    let g = judge(
        &p,
        Some((2, Money::from_units(600))),
        &e,
        2,
        &basis,
        0.9,
        0.1,
    );
    assert_eq!(g.call, GrowthCall::CannotTell, "{g:?}");
    assert!(g.low.unwrap() < -0.5 && g.high.unwrap() > 1.0, "{g:?}");
    assert_eq!(g.estimate, None);
    assert_eq!(
        g.note,
        Some("only its first purchase in the previous window")
    );
    // back after a whole empty previous window, with twelve orders: growing
    let g = judge(
        &parts([0, 0, 0, 0, 300, 300, 300, 300]),
        None,
        &[1.0; 8],
        12,
        &basis,
        0.9,
        0.1,
    );
    assert_eq!(g.call, GrowthCall::Growing, "{g:?}");
}

#[test]
fn the_portfolio_basis_finds_the_season_and_a_dispersion() {
    // 20 customers buying twice as much in the last quarter, with noise
    let customers: Vec<([Money; 8], Acquisition, [f64; 8], u64)> = (0..20)
        .map(|i| {
            let n = 50 + i;
            (
                parts([n, n + 3, n - 2, 2 * n, n - 1, n + 2, n, 2 * n + 1]),
                None,
                [1.0; 8],
                10,
            )
        })
        .collect();
    let b = basis(&customers, 12, None);
    assert!((b.season[3] / b.season[0] - 2.0).abs() < 0.05, "{b:?}");
    assert!(b.dispersion > 0.0 && b.dispersion < 1.0, "{b:?}");
    assert_eq!(basis(&customers, 6, None).season, [1.0; 4]);
}

/// The example of docs/tiers.md, computed by the code it describes.
#[test]
fn the_worked_example_of_docs_tiers_md() {
    let parts = [6_000, 5_500, 7_000, 6_500, 7_500, 8_000, 6_000, 9_500].map(Money::from_units);
    let basis = GrowthBasis {
        dispersion: 1.2,
        prior_df: 4.0,
        ..GrowthBasis::default()
    };
    let g = judge(&parts, None, &[1.0; 8], 30, &basis, 0.80, 0.10);
    let r = |v: Option<f64>| (v.unwrap() * 1000.0).round() / 10.0;
    assert_eq!(r(g.estimate), 24.0);
    assert_eq!((r(g.low), r(g.high)), (-14.2, 79.2), "{g:?}");
    assert_eq!(g.call, GrowthCall::CannotTell);
    let steady_rise = [6_000, 6_200, 5_800, 6_000, 8_800, 9_000, 9_200, 9_000];
    let g = judge(
        &steady_rise.map(Money::from_units),
        None,
        &[1.0; 8],
        120,
        &basis,
        0.80,
        0.10,
    );
    assert_eq!((r(g.estimate), r(g.low), r(g.high)), (50.0, 25.5, 79.3));
    assert_eq!(g.call, GrowthCall::Growing);
    let decline = [9_000, 9_500, 8_500, 9_000, 5_000, 5_200, 4_800, 5_000];
    let g = judge(
        &decline.map(Money::from_units),
        None,
        &[1.0; 8],
        100,
        &basis,
        0.80,
        0.10,
    );
    assert_eq!((r(g.estimate), r(g.low), r(g.high)), (-44.4, -54.6, -32.1));
    assert_eq!(g.call, GrowthCall::NotGrowing);
}

//! Tests of the customer grading matrix: two characteristics, split into four named quadrants with actions.

use super::*;
use crate::{characteristics, AnalysisWindow, Coverage, Date, Money, PortfolioTotals, Settings};

fn customer(revenue: i64, region: Option<&str>) -> (CustomerFacts, Characteristics) {
    let f = CustomerFacts {
        revenue: Money::from_units(revenue),
        attributes: region
            .map(|r| vec![("Region".into(), r.into())])
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
    let pairs: Vec<(&CustomerFacts, &Characteristics)> = data.iter().map(|(f, c)| (f, c)).collect();
    let s = MatrixSettings {
        x: "revenue".into(),
        y: "region".into(),
        good_y: Some(vec!["north".into(), "West".into()]),
        ..MatrixSettings::default()
    };
    let (q, split) = place(&pairs, &[true; 4], &s);
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
    let (q, split) = place(&pairs, &[true; 4], &s);
    assert_eq!(split.x, Some(25.0));
    assert_eq!(q[0], Some(Quadrant::LowLow));
    assert_eq!(q[3], Some(Quadrant::HighHigh));
}

fn costed(revenue: i64, margin: f64) -> (CustomerFacts, Characteristics) {
    let f = CustomerFacts {
        revenue: Money::from_units(revenue),
        cost_of_goods: Money::from_units(revenue).mul_f64(1.0 - margin),
        ..CustomerFacts::default()
    };
    let w = AnalysisWindow::new(Date::from_ymd(2025, 12, 31).unwrap(), 12);
    let cov = Coverage {
        cost_of_goods: true,
        ..Coverage::default()
    };
    let c = characteristics(
        &f,
        &cov,
        &Settings::default(),
        &w,
        &PortfolioTotals::default(),
    );
    (f, c)
}

#[test]
fn a_median_split_is_named_by_what_it_means_not_judged() {
    // the audit's case: margins 34%, 36%, 40%, 42%; the median is 38%, so a
    // 34% customer is below the median, not "thin margin → reprice"
    let data = [
        costed(400, 0.34),
        costed(300, 0.36),
        costed(200, 0.40),
        costed(100, 0.42),
    ];
    let pairs: Vec<(&CustomerFacts, &Characteristics)> = data.iter().map(|(f, c)| (f, c)).collect();
    let (q, split) = place(&pairs, &[true; 4], &MatrixSettings::default());
    assert!(!split.judged);
    assert_eq!(q[0], Some(Quadrant::HighLow));
    let hl = split.name(Quadrant::HighLow);
    assert_eq!(
        hl.name,
        "revenue at or above the median (250.00), margin below the median (38.0%)"
    );
    assert_eq!(hl.short, "higher revenue, lower margin");
    assert!(!hl.name.contains("thin"));
    // a profitable Tier-1 customer there is kept, a Tier-4 one is repriced
    let keep = split.customer_action(Quadrant::HighLow, Some(Tier::Ideal));
    assert!(keep.starts_with("keep and grow"), "{keep}");
    assert!(!keep.contains("reprice"));
    assert_eq!(
        split.customer_action(Quadrant::HighLow, Some(Tier::Loser)),
        Tier::Loser.action()
    );
    // thresholds the user chose make the configured names apply
    let fixed = MatrixSettings {
        split_x: Split::Value(250.0),
        split_y: Split::Value(0.05),
        ..MatrixSettings::default()
    };
    let (_, split) = place(&pairs, &[true; 4], &fixed);
    assert!(split.judged);
    assert_eq!(split.name(Quadrant::HighLow).name, "volume, thin margin");
    assert_eq!(
        split.customer_action(Quadrant::HighLow, Some(Tier::Ideal)),
        "reprice, review discounts, cut the cost to serve"
    );
    // so do names the user wrote, and a percentile is said in words
    let named = MatrixSettings {
        split_y: Split::Named("p75".into()),
        ..MatrixSettings::default()
    };
    let (_, split) = place(&pairs, &[true; 4], &named);
    assert!(split
        .name(Quadrant::LowLow)
        .name
        .ends_with("margin below the 75th percentile (40.5%)"));
    let mut own = MatrixSettings::default();
    own.high_low.name = "big, cheap".into();
    let (_, split) = place(&pairs, &[true; 4], &own);
    assert!(split.judged);
    assert_eq!(split.name(Quadrant::HighLow).short, "big, cheap");
}

#[test]
fn without_cost_data_the_margin_axis_falls_back_and_says_why() {
    let data = [
        customer(10, None),
        customer(20, None),
        customer(30, None),
        customer(40, None),
    ];
    let pairs: Vec<(&CustomerFacts, &Characteristics)> = data.iter().map(|(f, c)| (f, c)).collect();
    // the fourth customer did not buy in the window: never placed
    let (q, split) = place(
        &pairs,
        &[true, true, true, false],
        &MatrixSettings::default(),
    );
    assert_eq!(split.x_axis, "revenue");
    assert_eq!(split.y_axis, "orders");
    let why = split.fallback.as_deref().unwrap();
    assert!(
        why.starts_with("margin has no value: it needs cost of goods"),
        "{why}"
    );
    assert!(why.contains("costs.assumed-gross-margin"), "{why}");
    assert!(why.ends_with("so orders is shown instead"), "{why}");
    assert_eq!(split.not_bought, 1);
    assert_eq!(split.unplaced, 0);
    assert_eq!(q[3], None);
    assert!(q[..3].iter().all(Option::is_some));
    assert!(!split.judged);
    // an attribute nobody has falls back too, and the reason says so
    let s = MatrixSettings {
        x: "region".into(),
        good_x: Some(vec!["North".into()]),
        ..MatrixSettings::default()
    };
    let (_, split) = place(&pairs, &[true; 4], &s);
    assert_eq!(
        (split.x_axis.as_str(), split.y_axis.as_str()),
        ("revenue", "orders")
    );
    assert!(split.good_x.is_none());
    let why = split.fallback.unwrap();
    assert!(
        why.starts_with("region has no value: no customer has this attribute"),
        "{why}"
    );
}

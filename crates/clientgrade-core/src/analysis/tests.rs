//! Tests of the whole pure analysis: facts in, graded customers and tier totals out.

use super::*;
use crate::{Date, Money};

fn customer(i: usize, revenue: i64, previous: i64, last: Date) -> CustomerFacts {
    CustomerFacts {
        id: Some(crate::CustomerId::new(&format!("C{i:03}"))),
        revenue: Money::from_units(revenue),
        revenue_previous: Money::from_units(previous),
        cost_of_goods: Money::from_units(revenue * 6 / 10),
        first_purchase: Date::from_ymd(2023, 3, 1 + (i % 27) as u32),
        last_purchase: Some(last),
        ..CustomerFacts::default()
    }
}

#[test]
fn pareto_abc_and_concentration_count_the_customers_who_bought_in_the_window() {
    // audit 3.5: 8,142 lapsed and lost customers with no revenue in the
    // window made "the top 20% bring 86.5%"; among the buyers it was 74.8%
    let revenues = [9_850, 4_120, 3_310, 2_045, 1_980, 1_204, 877, 640, 415, 233];
    let mut all: Vec<CustomerFacts> = revenues
        .iter()
        .enumerate()
        .map(|(i, r)| {
            customer(
                i,
                *r,
                r * 9 / 10,
                Date::from_ymd(2025, 6, 1 + i as u32).unwrap(),
            )
        })
        .collect();
    for i in 0..40 {
        // lapsed (bought in the previous window) and lost ones
        let last = Date::from_ymd(2024 - (i % 2) as i32, 4 + (i % 7) as u32, 9).unwrap();
        all.push(customer(100 + i, 0, 150 + 13 * i as i64, last));
    }
    let cov = Coverage {
        cost_of_goods: true,
        ..Coverage::default()
    };
    let w = AnalysisWindow::new(Date::from_ymd(2025, 12, 31).unwrap(), 12);
    let p = grade(all, cov, &Settings::default(), w);
    assert_eq!(p.buyers(), 10);
    let pr = &p.verdicts.pareto_revenue;
    assert_eq!(pr.customers, 10);
    assert_eq!(pr.top_customers, 2);
    let total: i64 = revenues.iter().sum();
    let want = (9_850 + 4_120) as f64 / total as f64;
    assert!(
        (pr.top_share.unwrap() - want).abs() < 1e-9,
        "{:?} vs {want}",
        pr.top_share
    );
    assert!(pr.gini.is_some());
    assert_eq!(p.verdicts.whale.as_ref().unwrap().customers, 10);
    assert_eq!(p.verdicts.matrix.not_bought, 40);
    // the lapsed and lost are class C and never placed in the matrix
    for g in p.customers.iter().filter(|g| !g.status.graded()) {
        assert_eq!(g.abc, AbcClass::C);
        assert!(g.quadrant.is_none());
    }
}

#[test]
fn the_rfm_recency_score_agrees_with_the_status() {
    let check = |status: Status, raw: u8, want: u8| {
        assert_eq!(status_recency(status, raw), want, "{status:?} scored {raw}");
    };
    check(Status::Active, 1, 3);
    check(Status::New, 5, 5);
    check(Status::Lapsed, 5, 2);
    check(Status::Lapsed, 1, 1);
    check(Status::Lost, 4, 1);
}

/// Forty ordinary buyers, one lapsed customer that was profitable and one
/// lost one, graded with `coverage` changed by `cover`.
fn mixed(cover: impl FnOnce(&mut Coverage), settings: &Settings) -> Portfolio {
    let mut facts = crate::testkit::background(40);
    let mut lapsed = crate::testkit::steady("LAPSED", 5_000, 0, 0, 0);
    lapsed.cost_of_goods_previous = Money::from_units(3_000);
    lapsed.last_purchase = crate::testkit::d("2024-09-01");
    facts.push(lapsed);
    let mut lost = crate::testkit::steady("LOST", 0, 0, 0, 0);
    lost.last_purchase = crate::testkit::d("2022-01-01");
    facts.push(lost);
    let mut coverage = Coverage {
        cost_of_goods: true,
        ..Coverage::default()
    };
    cover(&mut coverage);
    let w = AnalysisWindow::new(Date::from_ymd(2025, 12, 31).unwrap(), 12);
    grade(facts, coverage, settings, w)
}

#[test]
fn totals_by_tier_and_by_status_add_up_to_the_whole() {
    let p = mixed(|_| {}, &Settings::default());
    assert_eq!(p.buyers(), 40);
    let by_tier: u64 = p.tiers.iter().map(|t| t.customers).sum::<u64>() + p.undecided.customers;
    assert_eq!(by_tier, 40, "every buyer has a tier or is undecided");
    assert_eq!(p.total.customers, 42, "the total counts every customer");
    let revenue: Money = p.customers.iter().map(|g| g.characteristics.revenue).sum();
    assert_eq!(p.total.revenue, revenue);
    let statuses: u64 = p.statuses.iter().map(|s| s.customers).sum();
    assert_eq!(statuses, 42);
    assert_eq!(
        (
            p.status(Status::Lapsed).customers,
            p.status(Status::Lost).customers
        ),
        (1, 1)
    );
    // the lapsed one was worth 2,000 profit at 40%: won back, and counted so
    assert_eq!(p.status(Status::Lapsed).win_back, 1);
    assert_eq!(
        p.status(Status::Lapsed).win_back_profit_previous,
        Money::from_units(2_000)
    );
    assert_eq!(crate::testkit::find(&p, "LOST").action, Action::LetGo);
    // a customer with nothing up to as-of scores the lowest RFM
    assert_eq!(crate::testkit::find(&p, "LOST").rfm.r, 1);
}

#[test]
fn the_notes_say_what_was_assumed_or_missing() {
    let none = mixed(|_| {}, &Settings::default());
    assert_eq!(none.notes.len(), 1, "{:?}", none.notes);
    assert!(
        none.notes[0].starts_with("no service table"),
        "{:?}",
        none.notes
    );
    let unpriced = mixed(|c| c.service = true, &Settings::default());
    assert!(
        unpriced.notes[0].contains("neither hours nor cost"),
        "{:?}",
        unpriced.notes
    );
    let priced = mixed(
        |c| (c.service, c.service_costed) = (true, true),
        &Settings::default(),
    );
    assert!(priced.notes.is_empty(), "{:?}", priced.notes);
    let mut assumed = Settings::default();
    assumed.costs.assumed_gross_margin = Some(0.25);
    let p = mixed(
        |c| (c.service, c.service_costed, c.cost_of_goods) = (true, true, false),
        &assumed,
    );
    assert_eq!(p.notes.len(), 1, "{:?}", p.notes);
    assert!(
        p.notes[0].contains("assumed at 75.0% of list price"),
        "{:?}",
        p.notes
    );
}

#[test]
fn concentration_alerts_name_buyers_over_the_share_only() {
    let mut facts = crate::testkit::background(20);
    // one buyer with about half the revenue; a lapsed one larger still before
    facts.push(crate::testkit::steady("BIG", 60_000, 60_000, 10, 45_000));
    let mut gone = crate::testkit::steady("GONE", 500_000, 0, 0, 0);
    gone.last_purchase = crate::testkit::d("2024-09-01");
    facts.push(gone);
    let p = crate::testkit::portfolio(facts, false);
    let alerted: Vec<String> = p
        .verdicts
        .alerts
        .iter()
        .map(|&i| crate::testkit::id_of(&p.customers[i]).to_string())
        .collect();
    assert_eq!(alerted, ["BIG"]);
}

#[test]
fn actions_are_reconsidered_once_p_alive_is_known() {
    // a profitable weekly buyer silent for 120 days: going quiet while no
    // model says otherwise, kept once P(alive) says it is still there
    let as_of = Date::from_ymd(2025, 12, 31).unwrap();
    let mut quiet = crate::testkit::steady("QUIET", 20_000, 20_000, 40, 12_000);
    quiet.recent_purchase_days = (0..60)
        .rev()
        .map(|k| as_of.add_days(-120 - 7 * k))
        .collect();
    quiet.last_purchase = quiet.recent_purchase_days.last().copied();
    let mut facts = crate::testkit::background(40);
    facts.push(quiet);
    let mut p = crate::testkit::portfolio(facts, false);
    let g = crate::testkit::find(&p, "QUIET");
    assert!(
        g.tier.tier.is_some_and(|t| t.number() <= 2),
        "{}",
        g.tier.reason
    );
    assert_eq!(g.action, Action::WinBack, "{}", g.action_reason);
    let at = crate::testkit::position(&p, "QUIET");
    p.customers[at].lifetime = Some(crate::CustomerLifetime {
        p_alive: Some(0.9),
        expected_purchases: 10.0,
        expected_spend: None,
        expected_revenue: None,
        clv_profit: None,
    });
    p.reconsider_actions();
    let g = crate::testkit::find(&p, "QUIET");
    assert_ne!(g.action, Action::WinBack, "{}", g.action_reason);
}

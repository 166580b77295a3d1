//! Tests of movement between two as-of dates: each customer's tier and status before and after, why it moved, the transition matrix and the lists that matter (SPEC §3.10).

use super::*;

fn snap(id: &str, status: Status, tier: Option<u8>, profit: i64) -> Snapshot {
    Snapshot {
        id: CustomerId::new(id),
        name: None,
        account_manager: Some("M".into()),
        status,
        tier: tier.map(|t| Tier::ALL[usize::from(t - 1)]),
        key: false,
        revenue: Money::from_units(1_000),
        profit: Some(Money::from_units(profit)),
        profit_margin: Some(profit as f64 / 1_000.0),
        service_hours: 0.0,
        orders: 10,
        growth: None,
        growth_high: None,
        p_alive: None,
        first_purchase: Date::from_ymd(2022, 1, 1),
        last_purchase: Date::from_ymd(2025, 12, 1),
        last_contact: Date::from_ymd(2025, 12, 1),
        usual_gap_days: Some(30.0),
        complaints_open: Some(0),
        action: "focus".into(),
        action_reason: String::new(),
    }
}

fn dates() -> (Date, Date, u32) {
    (
        Date::from_ymd(2024, 12, 31).unwrap(),
        Date::from_ymd(2025, 12, 31).unwrap(),
        12,
    )
}

#[test]
fn every_pair_of_states_gets_one_movement() {
    use Status::*;
    let d = dates().0;
    let m = |b: Option<Snapshot>, a: Option<Snapshot>| {
        classify(b.as_ref(), a.as_ref(), d, Origin::SamePass)
    };
    let s = |st, t| Some(snap("X", st, t, 100));
    assert_eq!(m(s(Active, Some(1)), s(Active, Some(3))), Move::Down);
    assert_eq!(m(s(Active, Some(3)), s(Active, Some(1))), Move::Up);
    assert_eq!(m(s(New, Some(2)), s(Active, Some(2))), Move::Same);
    assert_eq!(m(None, s(New, Some(2))), Move::New);
    assert_eq!(m(s(Active, Some(2)), s(Lapsed, None)), Move::Lapsed);
    assert_eq!(m(s(Lapsed, None), s(Active, Some(2))), Move::WonBack);
    assert_eq!(m(s(Lost, None), s(Active, Some(4))), Move::WonBack);
    assert_eq!(m(s(Lapsed, None), s(Lost, None)), Move::Lost);
    assert_eq!(m(s(Lapsed, None), s(Lapsed, None)), Move::Same);
    assert_eq!(m(s(Lost, None), s(Lost, None)), Move::Same);
    assert_eq!(m(s(Active, Some(2)), None), Move::Lost);
    // from two folders: one side only is not compared unless it is truly new
    let f = |b: Option<Snapshot>, a: Option<Snapshot>| {
        classify(b.as_ref(), a.as_ref(), d, Origin::Folders)
    };
    assert_eq!(f(s(Active, Some(2)), None), Move::NotCompared);
    assert_eq!(f(None, s(Active, Some(2))), Move::NotCompared);
    let mut fresh = snap("X", New, Some(2), 100);
    fresh.first_purchase = Date::from_ymd(2025, 3, 1);
    assert_eq!(f(None, Some(fresh)), Move::New);
}

#[test]
fn the_matrix_cells_agree_with_the_movement_of_their_customers() {
    use Status::*;
    let d = dates().0;
    let sides = [
        None,
        Some(snap("X", Active, Some(1), 1)),
        Some(snap("X", Active, Some(2), 1)),
        Some(snap("X", New, Some(3), 1)),
        Some(snap("X", Active, Some(4), 1)),
        Some(snap("X", Active, None, 1)),
        Some(snap("X", Lapsed, None, 1)),
        Some(snap("X", Lost, None, 1)),
    ];
    for b in &sides {
        for a in &sides {
            if b.is_none() && a.is_none() {
                continue;
            }
            let want = classify(b.as_ref(), a.as_ref(), d, Origin::SamePass);
            let got = State::of(b.as_ref()).movement_to(State::of(a.as_ref()));
            assert_eq!(
                got,
                want,
                "{:?} → {:?}",
                State::of(b.as_ref()),
                State::of(a.as_ref())
            );
        }
    }
}

#[test]
fn the_reason_gives_the_numbers_that_moved() {
    let mut b = snap("A", Status::Active, Some(1), 310);
    b.service_hours = 10.0;
    let mut a = snap("A", Status::Active, Some(3), 40);
    a.service_hours = 30.0;
    a.revenue = Money::from_units(950);
    let (d0, d1, _) = dates();
    let r = reason(Some(&b), Some(&a), Move::Down, d0, d1);
    assert_eq!(
        r,
        "Tier 1 → Tier 3: margin 31.0% → 4.0%, revenue 1,000.00 → 950.00 (-5%), service hours 10 → 30 (×3.0)"
    );
}

#[test]
fn counts_add_up_on_both_sides_and_lists_are_ranked_by_what_is_at_stake() {
    use Status::*;
    let before = vec![
        snap("A", Active, Some(1), 300),
        snap("B", Active, Some(2), 150),
        snap("C", Active, Some(2), 120),
        snap("D", Lapsed, None, 0),
        snap("E", Active, Some(4), -50),
    ];
    let mut after = vec![
        snap("A", Active, Some(3), 30),
        snap("B", Lapsed, None, 0),
        snap("C", Active, Some(2), 130),
        snap("D", Active, Some(2), 90),
        snap("F", New, Some(1), 400),
    ];
    after[2].key = true;
    after[2].complaints_open = Some(2);
    // the new customer has no manager: the manager's customers' profit fell
    after[4].account_manager = None;
    let m = compare(
        before,
        after,
        dates(),
        Origin::SamePass,
        &MovementSettings::default(),
    );
    assert_eq!(m.customers, (5, 5));
    let rows: u64 = m.matrix[..7].iter().flatten().map(|f| f.customers).sum();
    let cols: u64 = m
        .matrix
        .iter()
        .flat_map(|r| &r[..7])
        .map(|f| f.customers)
        .sum();
    assert_eq!((rows, cols), (5, 5));
    assert_eq!(
        m.matrix[State::Tier1 as usize][State::Tier3 as usize].customers,
        1
    );
    assert_eq!(
        m.matrix[State::Absent as usize][State::Tier1 as usize].customers,
        1
    );
    let ids = |v: &[usize]| -> Vec<String> {
        v.iter()
            .map(|&i| m.entries[i].id().expose().to_string())
            .collect()
    };
    assert_eq!(ids(&m.slipping), ["A", "B"]);
    assert_eq!(m.entries[m.slipping[0]].at_stake, Money::from_units(300));
    assert_eq!(ids(&m.new_tier1), ["F"]);
    assert_eq!(ids(&m.won_back), ["D"]);
    assert_eq!(ids(&m.key_attention), ["C"]);
    assert_eq!(
        m.entries[m.key_attention[0]].attention.as_deref(),
        Some("2 complaints open")
    );
    assert_eq!(m.managers.len(), 1);
    assert_eq!(m.managers[0].slipping, 2);
    assert_eq!(m.managers[0].at_stake, Money::from_units(450));
    let moved: u64 = m.moves.iter().map(|f| f.customers).sum();
    assert_eq!(moved, 6);
    assert_eq!(
        m.moves[Move::Down as usize].profit_before,
        Money::from_units(300)
    );
    assert_eq!(
        m.moves[Move::Down as usize].profit_after,
        Money::from_units(30)
    );
}

#[test]
fn a_key_customer_quiet_for_more_than_twice_its_rhythm_needs_a_call() {
    let mut a = snap("K", Status::Active, Some(2), 100);
    a.key = true;
    a.last_contact = Date::from_ymd(2025, 10, 1);
    a.last_purchase = a.last_contact;
    a.usual_gap_days = Some(20.0);
    let m = compare(
        vec![snap("K", Status::Active, Some(2), 100)],
        vec![a],
        dates(),
        Origin::SamePass,
        &MovementSettings::default(),
    );
    assert_eq!(
        m.entries[0].attention.as_deref(),
        Some("no order or service contact for 91 days (4.5× its usual 20 days between orders; last on 2025-10-01)")
    );
    // a service visit last week is contact: no call needed
    let mut a = snap("K", Status::Active, Some(2), 100);
    a.key = true;
    a.last_purchase = Date::from_ymd(2025, 10, 1);
    a.last_contact = Date::from_ymd(2025, 12, 24);
    a.usual_gap_days = Some(20.0);
    let m = compare(
        vec![],
        vec![a],
        dates(),
        Origin::SamePass,
        &MovementSettings::default(),
    );
    assert!(m.key_attention.is_empty());
}

#[test]
fn a_tier_1_customer_at_tier_2_with_its_profit_intact_is_not_slipping() {
    let set = MovementSettings::default();
    let b = snap("T", Status::Active, Some(1), 310);
    let a = snap("T", Status::Active, Some(2), 290);
    let m = compare(vec![b.clone()], vec![a], dates(), Origin::SamePass, &set);
    assert_eq!(m.entries[0].movement, Move::Down);
    assert!(m.slipping.is_empty());
    // its profit fell by more than half: slipping, though still Tier 2
    let a = snap("T", Status::Active, Some(2), 150);
    let m = compare(vec![b], vec![a], dates(), Origin::SamePass, &set);
    assert_eq!(m.slipping, [0]);
    assert_eq!(m.entries[0].at_stake, Money::from_units(310));
    // a customer that moved up is not slipping for its profit alone
    let b = snap("U", Status::Active, Some(2), 400);
    let a = snap("U", Status::Active, Some(1), 150);
    let m = compare(vec![b], vec![a], dates(), Origin::SamePass, &set);
    assert_eq!(m.entries[0].movement, Move::Up);
    assert!(m.slipping.is_empty());
}

#[test]
fn half_the_profit_gone_by_the_noise_of_a_few_orders_is_not_slipping() {
    // seven orders a year, then three, at the same margin: the revenue
    // halved, but its growth interval still reaches above zero
    let set = MovementSettings::default();
    let mut b = snap("N", Status::Active, Some(2), 300);
    b.orders = 7;
    let mut a = snap("N", Status::Active, Some(2), 135);
    a.revenue = Money::from_units(450);
    a.profit_margin = Some(0.30);
    a.orders = 3;
    a.growth = Some(-0.55);
    a.growth_high = Some(0.20);
    let m = compare(
        vec![b.clone()],
        vec![a.clone()],
        dates(),
        Origin::SamePass,
        &set,
    );
    assert!(m.slipping.is_empty(), "{:?}", m.entries[0]);
    // the same fall, proven by its interval (many orders): slipping
    a.growth_high = Some(-0.30);
    let m = compare(
        vec![b.clone()],
        vec![a.clone()],
        dates(),
        Origin::SamePass,
        &set,
    );
    assert_eq!(m.slipping, [0]);
    // or its margin fell by half whatever the orders did
    a.growth_high = Some(0.20);
    a.revenue = Money::from_units(900);
    a.profit_margin = Some(0.15);
    let m = compare(vec![b], vec![a], dates(), Origin::SamePass, &set);
    assert_eq!(m.slipping, [0]);
}

#[test]
fn a_drop_in_p_alive_puts_a_good_customer_on_the_slipping_list() {
    let mut b = snap("P", Status::Active, Some(2), 100);
    b.p_alive = Some(0.95);
    let mut a = snap("P", Status::Active, Some(2), 120);
    a.p_alive = Some(0.60);
    let m = compare(
        vec![b.clone()],
        vec![a.clone()],
        dates(),
        Origin::SamePass,
        &MovementSettings::default(),
    );
    assert_eq!(m.slipping, [0]);
    assert_eq!(m.entries[0].movement, Move::Same);
    assert_eq!(m.entries[0].at_stake, Money::from_units(120));
    a.p_alive = Some(0.80);
    let m = compare(
        vec![b],
        vec![a],
        dates(),
        Origin::SamePass,
        &MovementSettings::default(),
    );
    assert!(m.slipping.is_empty());
}

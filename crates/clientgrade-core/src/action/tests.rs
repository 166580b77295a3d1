//! Tests of one recommended action per customer, from its status, tier, RFM segment, quadrant, rank and flags.

use super::*;

/// A steady weekly buyer that bought five days ago: not overdue.
fn steady() -> &'static Rhythm {
    use std::sync::OnceLock;
    static R: OnceLock<Rhythm> = OnceLock::new();
    R.get_or_init(|| {
        let as_of = crate::Date::from_ymd(2025, 12, 31).unwrap();
        let days: Vec<crate::Date> = (0..80).rev().map(|k| as_of.add_days(-5 - 4 * k)).collect();
        crate::rhythm::rhythm(&days, days.first().copied(), None, as_of)
    })
}

fn input<'a>(tier: Tier, rank: usize, class_a: bool, flags: &'a [Flag]) -> ActionInput<'a> {
    ActionInput {
        status: Status::Active,
        previous: PreviousWorth {
            revenue: Money::from_units(200_000),
            profit: Some(Money::from_units(6_000)),
            min_margin: 0.05,
        },
        tier: Some(tier),
        segment: Segment::Champions,
        quadrant: None,
        rank: (rank, 1_000),
        class_a,
        single_event: false,
        rhythm: steady(),
        p_alive: Some(0.95),
        flags,
    }
}

#[test]
fn a_large_break_even_customer_is_repriced_not_referred_elsewhere() {
    // regression (audit 1.9): the largest customer at a 3% margin was
    // told "stop acquiring, refer elsewhere"
    let (a, why) = recommend(&input(Tier::BreakEven, 1, true, &[]));
    assert_eq!(a, Action::Reprice, "{why}");
    assert!(why.contains("rank 1 of 1000"), "{why}");
    let (a, _) = recommend(&input(Tier::BreakEven, 900, false, &[]));
    assert_eq!(a, Action::StopAcquiring);
}

#[test]
fn the_reason_carries_its_parts_and_the_sentence_stays_as_written() {
    let flags = [
        Flag {
            kind: FlagKind::Returns,
            evidence: "returns 48.0% of gross sales".into(),
        },
        Flag {
            kind: FlagKind::Complains,
            evidence: "3 complaints".into(),
        },
    ];
    let (a, why) = recommend(&input(Tier::Ideal, 300, false, &flags));
    assert_eq!(a, Action::FixTerms);
    assert_eq!(why.main(), "ideal: profitable and growing or new");
    assert_eq!(why.flags(), [FlagKind::Returns, FlagKind::Complains]);
    assert_eq!(
        why.fix(),
        Some(
            "worth focus, but fix first: returns a lot (agree return terms, stop free \
             returns), before investing more"
        )
    );
    // the sentence of customers.csv and actions.csv, as before the parts
    assert_eq!(
        why.text(),
        "ideal: profitable and growing or new; flags: returns a lot, complains; worth \
         focus, but fix first: returns a lot (agree return terms, stop free returns), \
         before investing more"
    );
    // no flag: the main reason alone
    let (_, why) = recommend(&input(Tier::Ideal, 300, false, &[]));
    assert_eq!(
        (why.text(), why.flags(), why.fix()),
        ("ideal: profitable and growing or new", &[][..], None)
    );
    // a gone customer lists its flags but gets no fix
    let mut gone = input(Tier::Ideal, 300, false, &flags);
    gone.status = Status::Lost;
    let (a, why) = recommend(&gone);
    assert_eq!(a, Action::LetGo);
    assert_eq!(why.fix(), None);
    assert!(
        why.text().ends_with("; flags: returns a lot, complains"),
        "{why}"
    );
}

#[test]
fn a_material_flag_changes_the_action_and_says_what_to_fix() {
    // regression (audit 1.10): serial returners in Tier 1 were "focus"
    let returns = [Flag {
        kind: FlagKind::Returns,
        evidence: "returns 48.0% of gross sales".into(),
    }];
    let (a, why) = recommend(&input(Tier::Ideal, 300, false, &returns));
    assert_eq!(a, Action::FixTerms, "{why}");
    assert!(why.contains("agree return terms"), "{why}");
    // without the flag: focus
    assert_eq!(
        recommend(&input(Tier::Ideal, 300, false, &[])).0,
        Action::Focus
    );
    // a flag that the priced tier already weighs leaves the action alone
    let complains = [Flag {
        kind: FlagKind::Complains,
        evidence: "9 complaints".into(),
    }];
    assert_eq!(
        recommend(&input(Tier::Ideal, 300, false, &complains)).0,
        Action::Focus
    );
    // a money loser stays phase out whatever its flags
    assert_eq!(
        recommend(&input(Tier::Loser, 300, false, &returns)).0,
        Action::PhaseOut
    );
}

#[test]
fn a_loss_on_a_single_order_is_not_a_reason_to_phase_out() {
    // regression (audit 1.11): first-time buyers who returned their only
    // order were told "phase out"
    let mut one = input(Tier::Loser, 900, false, &[]);
    one.single_event = true;
    let (a, why) = recommend(&one);
    assert_eq!(a, Action::Serve, "{why}");
    assert!(why.contains("only order"), "{why}");
    // a second order or repeated service effort is a pattern
    one.single_event = false;
    assert_eq!(recommend(&one).0, Action::PhaseOut);
}

/// A weekly buyer for a year and a half whose last purchase was
/// `silent` days before as-of.
fn weekly(silent: i32) -> Rhythm {
    let as_of = crate::Date::from_ymd(2025, 12, 31).unwrap();
    let days: Vec<crate::Date> = (0..80)
        .rev()
        .map(|k| as_of.add_days(-silent - 7 * k))
        .collect();
    crate::rhythm::rhythm(&days, days.first().copied(), None, as_of)
}

/// A buyer every late November for seven years, the last one this year.
fn yearly() -> Rhythm {
    let days: Vec<crate::Date> = (2019..=2025)
        .map(|y| crate::Date::from_ymd(y, 11, 20).unwrap())
        .collect();
    let as_of = crate::Date::from_ymd(2025, 12, 31).unwrap();
    crate::rhythm::rhythm(&days, days.first().copied(), None, as_of)
}

/// One case of the decision table: the input as `shape` leaves it, the
/// action expected and a phrase its reason must contain.
fn check<'a>(name: &str, shape: impl FnOnce(&mut ActionInput<'a>), action: Action, says: &str) {
    let mut i = input(Tier::Good, 500, false, &[]);
    shape(&mut i);
    let (a, why) = recommend(&i);
    assert_eq!(a, action, "{name}: {why}");
    assert!(why.contains(says), "{name}: {why:?} lacks {says:?}");
}

#[test]
fn every_row_of_the_decision_table() {
    let quiet = weekly(120);
    assert!(quiet.overdue(), "{}", quiet.text());
    let season = yearly();
    assert!(season.seasonal() && !season.overdue(), "{}", season.text());
    let returns = [Flag {
        kind: FlagKind::Returns,
        evidence: "returns 40% of gross sales".into(),
    }];
    let lapsed = |i: &mut ActionInput<'_>| i.status = Status::Lapsed;
    // gone customers: by what they were worth in the previous window
    check(
        "lost",
        |i| i.status = Status::Lost,
        Action::LetGo,
        "nothing bought in two windows",
    );
    check(
        "lapsed, was profitable",
        |i| {
            lapsed(i);
            i.previous.min_margin = 0.02;
        },
        Action::WinBack,
        "(margin 3.0%): reach out",
    );
    check(
        "lapsed, margin under the lowest of Tier 2",
        lapsed,
        Action::LetGo,
        "was break-even before",
    );
    check(
        "lapsed, lost money",
        |i| {
            lapsed(i);
            i.previous.profit = Some(Money::from_units(-500));
        },
        Action::LetGo,
        "lost money before",
    );
    check(
        "lapsed, profit unknown",
        |i| {
            lapsed(i);
            i.previous.profit = None;
        },
        Action::WinBack,
        "profit unknown without cost of goods",
    );
    check(
        "lapsed, nothing before",
        |i| {
            lapsed(i);
            i.previous = PreviousWorth {
                revenue: Money::ZERO,
                profit: None,
                min_margin: 0.05,
            };
        },
        Action::LetGo,
        "without revenue",
    );
    // graded customers: by tier, size and rhythm
    check(
        "loser",
        |i| i.tier = Some(Tier::Loser),
        Action::PhaseOut,
        "reprice or change terms",
    );
    check(
        "break-even key customer",
        |i| {
            i.tier = Some(Tier::BreakEven);
            i.rank = (100, 1_000);
        },
        Action::Reprice,
        "key customer, rank 100 of 1000",
    );
    check(
        "break-even just outside the key share",
        |i| {
            i.tier = Some(Tier::BreakEven);
            i.rank = (101, 1_000);
        },
        Action::StopAcquiring,
        "acquire no more like it",
    );
    check(
        "break-even class A",
        |i| {
            i.tier = Some(Tier::BreakEven);
            i.class_a = true;
        },
        Action::Reprice,
        "class A by revenue",
    );
    check(
        "ideal",
        |i| i.tier = Some(Tier::Ideal),
        Action::Focus,
        "ideal",
    );
    check(
        "good key customer",
        |i| i.rank = (3, 1_000),
        Action::Focus,
        "rank 3 of 1000",
    );
    check(
        "good in the top quadrant",
        |i| i.quadrant = Some((Quadrant::HighHigh, "stars")),
        Action::Focus,
        "in the stars quadrant",
    );
    check("good", |_| {}, Action::Serve, "not a key customer");
    check(
        "good with a material flag",
        |i| i.flags = &returns,
        Action::Serve,
        "fix: returns a lot (agree return terms",
    );
    // going quiet: overdue by its rhythm and not contradicted by P(alive)
    check(
        "ideal going quiet",
        |i| {
            i.tier = Some(Tier::Ideal);
            i.rhythm = &quiet;
            i.p_alive = Some(0.3);
        },
        Action::WinBack,
        "profitable (ideal) but going quiet",
    );
    check(
        "overdue but the model says alive",
        |i| {
            i.rhythm = &quiet;
            i.p_alive = Some(0.8);
        },
        Action::Serve,
        "not a key customer",
    );
    check(
        "overdue, no model fitted",
        |i| {
            i.rhythm = &quiet;
            i.p_alive = None;
        },
        Action::WinBack,
        "going quiet",
    );
    check(
        "a seasonal customer's season is said",
        |i| i.rhythm = &season,
        Action::Serve,
        "; buys seasonally, around",
    );
    // undecided tier: by RFM segment, and key customers going quiet
    check(
        "undecided champion",
        |i| i.tier = None,
        Action::Focus,
        "RFM segment",
    );
    check(
        "undecided, at risk",
        |i| {
            i.tier = None;
            i.segment = Segment::AtRisk;
        },
        Action::Serve,
        "tier undecided",
    );
    check(
        "undecided key customer going quiet",
        |i| {
            i.tier = None;
            i.segment = Segment::AtRisk;
            i.rank = (1, 1_000);
            i.rhythm = &quiet;
            i.p_alive = Some(0.2);
        },
        Action::WinBack,
        "key customer (rank 1 of 1000) but going quiet",
    );
}

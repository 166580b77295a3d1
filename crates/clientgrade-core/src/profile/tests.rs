//! Tests of the profile on planted data: skews found with their intervals, noise and rare values not shouted, honest AUC, calibrated scores.

use super::*;
use crate::CustomerId;

/// SplitMix64: reproducible test data.
struct Rng(u64);

impl Rng {
    fn f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        let (u, v) = (self.f64().max(1e-300), self.f64());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    fn pick(&mut self, probs: &[f64]) -> usize {
        let u = self.f64();
        let mut acc = 0.0;
        for (i, p) in probs.iter().enumerate() {
            acc += p;
            if u < acc {
                return i;
            }
        }
        probs.len() - 1
    }
}

const CHANNELS: [&str; 4] = ["Referral", "Trade fair", "Web", "Cold call"];
const T1_CHANNEL: [f64; 4] = [0.40, 0.30, 0.20, 0.10];
const REST_CHANNEL: [f64; 4] = [0.15, 0.25, 0.30, 0.30];
const REGIONS: [&str; 4] = ["North", "South", "East", "West"];

/// Attributes of one customer or prospect drawn from Tier 1's (or the
/// rest's) distribution: `channel` and `employees` planted, `region` and
/// `visits` noise.
fn draw(rng: &mut Rng, tier1: bool, signal: bool) -> Vec<(Arc<str>, Arc<str>)> {
    let planted = tier1 && signal;
    let channel = CHANNELS[rng.pick(if planted { &T1_CHANNEL } else { &REST_CHANNEL })];
    let mu = if planted { 4.2 } else { 3.4 };
    let employees = (mu + rng.normal()).exp().round().max(1.0);
    let region = REGIONS[rng.pick(&[0.25; 4])];
    let visits = (rng.f64() * 200.0).round();
    let mut a: Vec<(Arc<str>, Arc<str>)> = vec![
        ("channel".into(), channel.into()),
        ("employees".into(), employees.to_string().into()),
        ("region".into(), region.into()),
        ("visits".into(), visits.to_string().into()),
    ];
    a.sort();
    a
}

struct Sample {
    tiers: Vec<Option<Tier>>,
    attributes: Vec<Vec<(Arc<str>, Arc<str>)>>,
}

impl Sample {
    fn new(n: usize, seed: u64, signal: bool) -> Sample {
        let mut rng = Rng(seed);
        let mut tiers = Vec::new();
        let mut attributes = Vec::new();
        for i in 0..n {
            let t1 = rng.f64() < 0.15;
            attributes.push(draw(&mut rng, t1, signal));
            tiers.push(if i % 10 == 9 {
                None // lapsed or lost: no tier, not learnt from
            } else if t1 {
                Some(Tier::Ideal)
            } else {
                Some([Tier::Good, Tier::BreakEven, Tier::Loser][i % 3])
            });
        }
        Sample { tiers, attributes }
    }

    fn members(&self) -> Vec<Member<'_>> {
        self.tiers
            .iter()
            .zip(&self.attributes)
            .map(|(t, a)| Member {
                tier: *t,
                attributes: a,
            })
            .collect()
    }
}

fn attribute<'a>(p: &'a Profile, name: &str) -> &'a AttributeProfile {
    p.attributes.iter().find(|a| a.name == name).unwrap()
}

#[test]
fn planted_skews_are_found_and_noise_carries_no_signal_and_no_weight() {
    let s = Sample::new(3_000, 7, true);
    let p = learn(&s.members(), None, &ProfileSettings::default());
    assert!(p.distinguishes, "{}", p.statement);
    assert!(p
        .statement
        .starts_with("The attributes tell Tier 1 apart: cross-validated AUC"));
    let q = p.quality.as_ref().unwrap();
    assert!(q.auc.value > 0.65 && q.auc.low > 0.6, "{q:?}");
    assert_eq!(q.fold_aucs.len(), 5);
    assert!(q.fold_sd > 0.0 && q.fold_sd < 0.08, "{q:?}");
    assert_eq!(q.attributes, ["channel", "employees"]);
    for noise in ["region", "visits"] {
        let a = attribute(&p, noise);
        assert!(!a.signal && !a.in_score, "{noise}: p {}", a.p_adjusted);
        assert!(a
            .values
            .iter()
            .all(|v| v.weight == Some(0.0) && v.call == Call::Unclear));
    }
    let ch = attribute(&p, "channel");
    assert!(ch.signal && ch.in_score && ch.p_adjusted < 1e-6);
    let referral = ch.values.iter().find(|v| v.label == "Referral").unwrap();
    assert_eq!(referral.call, Call::Over);
    // planted lift 0.40 / 0.15 = 2.67: inside the interval
    assert!(
        referral.lift.low < 2.67 && 2.67 < referral.lift.high,
        "{referral:?}"
    );
    assert!(referral.weight.unwrap() > 0.3);
    let cold = ch.values.iter().find(|v| v.label == "Cold call").unwrap();
    assert_eq!(cold.call, Call::Under);
    assert!(cold.weight.unwrap() < -0.3);
    // the strongest over-represented values come first: large firms or referrals
    let over = p.over_represented();
    assert!(!over.is_empty());
    assert!(over.windows(2).all(|w| w[0].1.lift.low >= w[1].1.lift.low));
    assert!(matches!(over[0].0.name.as_str(), "channel" | "employees"));
    let emp = attribute(&p, "employees");
    assert!(matches!(emp.kind, Some(AttributeKind::Number { .. })));
    assert_eq!(emp.values.len(), 5, "five quantile bins");
    let top = emp.values.last().unwrap();
    assert!(
        top.label.ends_with("or more") && top.call == Call::Over,
        "{top:?}"
    );
    // every customer with a tier is scored out of fold, the others by the model
    assert!(p.lookalike.iter().all(Option::is_some));
}

#[test]
fn scores_are_calibrated_and_rank_tier1_like_prospects_first() {
    let s = Sample::new(4_000, 11, true);
    let mut rng = Rng(99);
    let truth: Vec<bool> = (0..2_000).map(|_| rng.f64() < 0.3).collect();
    let table = ProspectTable {
        attributes: ["channel", "employees", "region", "visits"]
            .map(String::from)
            .to_vec(),
        prospects: truth
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let a = draw(&mut rng, *t, true);
                Prospect {
                    id: CustomerId::new(&format!("P{i}")),
                    name: None,
                    values: ["channel", "employees", "region", "visits"]
                        .iter()
                        .map(|n| attribute_value(&a, n).map(str::to_string))
                        .collect(),
                }
            })
            .collect(),
    };
    let p = learn(&s.members(), Some(&table), &ProfileSettings::default());
    assert_eq!(p.prospects.len(), 2_000);
    // calibration: out-of-fold scores of the customers with a tier average
    // the Tier-1 rate, overall and in the top and bottom halves
    let graded: Vec<(f64, bool)> = s
        .tiers
        .iter()
        .zip(&p.lookalike)
        .filter_map(|(t, l)| Some(((*l)?, (*t)? == Tier::Ideal)))
        .collect();
    let mut sorted = graded.clone();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    for part in [
        &sorted[..],
        &sorted[..sorted.len() / 2],
        &sorted[sorted.len() / 2..],
    ] {
        let predicted = part.iter().map(|x| x.0).sum::<f64>() / part.len() as f64;
        let observed = part.iter().filter(|x| x.1).count() as f64 / part.len() as f64;
        assert!(
            (predicted - observed).abs() < 0.02,
            "{predicted} vs {observed}"
        );
    }
    // the prospects from Tier 1's distribution rank above the others
    let scores: Vec<f64> = {
        let mut v = vec![0.0; 2_000];
        for s in &p.prospects {
            v[s.position] = s.score;
        }
        v
    };
    let (a, _) = stats::auc(&scores, &truth).unwrap();
    assert!(a > 0.7, "prospect AUC {a}");
    // ranks: 1 first, ascending, ties share a rank
    assert_eq!(p.prospects[0].rank, 1);
    assert!(p.prospects.windows(2).all(|w| w[0].rank <= w[1].rank
        && (w[0].rank == w[1].rank) == ((w[0].score * 1e6).round() == (w[1].score * 1e6).round())));
    let best = &p.prospects[0];
    assert!(best.reasons.starts_with("raise: "), "{}", best.reasons);
    assert!(!best.reasons.contains("region") && !best.reasons.contains("visits"));
    let worst = p.prospects.last().unwrap();
    assert!(worst.reasons.contains("lower: "), "{}", worst.reasons);
}

#[test]
fn without_signal_every_score_is_the_base_rate_and_says_so() {
    let s = Sample::new(2_000, 3, false);
    let table = ProspectTable {
        attributes: vec!["channel".into()],
        prospects: (0..5)
            .map(|i| Prospect {
                id: CustomerId::new(&format!("P{i}")),
                name: None,
                values: vec![Some(CHANNELS[i % 4].to_string())],
            })
            .collect(),
    };
    let p = learn(&s.members(), Some(&table), &ProfileSettings::default());
    assert!(!p.distinguishes);
    assert!(
        p.statement
            .starts_with("The attributes cannot tell Tier 1 apart"),
        "{}",
        p.statement
    );
    assert!(p.statement.contains(&percent(p.base_rate)));
    assert!(p.lookalike.iter().all(|l| *l == Some(p.base_rate)));
    assert!(p
        .prospects
        .iter()
        .all(|s| s.score == p.base_rate && s.rank == 1));
    assert!(p.prospects[0]
        .reasons
        .starts_with("the attributes do not distinguish Tier 1 (cross-validated AUC"));
    assert!(p.over_represented().is_empty() && p.under_represented().is_empty());
}

#[test]
fn a_rare_value_all_in_tier1_is_pooled_and_not_shouted() {
    let mut s = Sample::new(3_000, 5, true);
    // three Tier-1 customers with a channel nobody else has
    let mut planted = 0;
    for (t, a) in s.tiers.iter().zip(s.attributes.iter_mut()) {
        if *t == Some(Tier::Ideal) && planted < 3 {
            a[0].1 = "Golf club".into();
            planted += 1;
        }
    }
    let p = learn(&s.members(), None, &ProfileSettings::default());
    let ch = attribute(&p, "channel");
    assert!(ch.values.iter().all(|v| v.label != "Golf club"));
    let other = ch
        .values
        .iter()
        .find(|v| v.label.starts_with("other values"))
        .unwrap();
    assert_eq!((other.tier1, other.rest), (3, 0));
    assert_eq!(other.call, Call::Unclear, "{other:?}");
    assert!(
        other.lift.high / other.lift.low > 20.0,
        "a wide interval: {other:?}"
    );
    // held by fewer than min-support customers: no weight of its own
    assert_eq!(other.weight, Some(0.0));
}

#[test]
fn values_the_customers_never_had_give_no_evidence_and_are_counted() {
    let s = Sample::new(2_000, 13, true);
    let table = ProspectTable {
        attributes: vec!["channel".into(), "employees".into()],
        prospects: vec![
            Prospect {
                id: CustomerId::new("A"),
                name: None,
                values: vec![Some("Carrier pigeon".into()), Some("lots".into())],
            },
            Prospect {
                id: CustomerId::new("B"),
                name: None,
                values: vec![Some("referral".into()), Some("800".into())],
            },
            Prospect {
                id: CustomerId::new("C"),
                name: None,
                values: vec![Some("Carrier pigeon".into()), None],
            },
        ],
    };
    let p = learn(&s.members(), Some(&table), &ProfileSettings::default());
    assert!(p.distinguishes);
    assert_eq!(p.not_in_prospects, ["region", "visits"]);
    assert_eq!(
        p.quality.as_ref().unwrap().candidates,
        ["channel", "employees"]
    );
    assert_eq!(
        p.prospect_notes,
        [
            "channel: 2 prospects with a value no customer with a tier has: no evidence from it",
            "employees: 1 prospect with a value that is not a number (read as not given): no evidence from it",
            "employees: 1 prospect with no value: no evidence from it",
        ]
    );
    let a = p.prospects.iter().find(|s| s.position == 0).unwrap();
    assert!(
        a.reasons
            .contains("channel 'Carrier pigeon' is not seen among customers with a tier"),
        "{}",
        a.reasons
    );
    let b = p.prospects.iter().find(|s| s.position == 1).unwrap();
    assert_eq!(b.rank, 1, "a large referral is the best lookalike");
    assert!(b.reasons.contains("channel Referral"), "{}", b.reasons);
    // C has no evidence at all: the score of a typical customer
    let c = p.prospects.iter().find(|s| s.position == 2).unwrap();
    assert!(
        c.reasons
            .starts_with("no evidence: none of the scored attributes"),
        "{}",
        c.reasons
    );
}

#[test]
fn too_few_or_no_attributes_say_why() {
    let s = Sample::new(60, 17, true);
    let p = learn(&s.members(), None, &ProfileSettings::default());
    assert!(
        p.statement
            .starts_with("Too few customers to learn a score from"),
        "{}",
        p.statement
    );
    assert!(p.quality.is_none() && p.lookalike.iter().all(Option::is_none));
    assert!(!p.attributes.is_empty(), "the values are still described");
    let table = ProspectTable {
        attributes: vec!["channel".into()],
        prospects: ["P1", "P2"]
            .iter()
            .map(|id| Prospect {
                id: CustomerId::new(id),
                name: None,
                values: vec![Some("Referral".into())],
            })
            .collect(),
    };
    let p = learn(&s.members(), Some(&table), &ProfileSettings::default());
    for ps in &p.prospects {
        assert_eq!((ps.score, ps.rank), (p.base_rate, 1));
        assert!(
            ps.reasons
                .starts_with("no score, base rate: too few customers to learn a score from: "),
            "{}",
            ps.reasons
        );
        assert!(
            ps.reasons.ends_with("at least 10 of each are needed"),
            "{}",
            ps.reasons
        );
    }

    let bare: Vec<(Arc<str>, Arc<str>)> = Vec::new();
    let members: Vec<Member<'_>> = (0..50)
        .map(|i| Member {
            tier: Some(if i % 5 == 0 { Tier::Ideal } else { Tier::Good }),
            attributes: &bare,
        })
        .collect();
    let p = learn(&members, None, &ProfileSettings::default());
    assert!(p
        .unavailable
        .as_deref()
        .unwrap()
        .starts_with("the customers table has no attribute columns"));
}

#[test]
fn the_same_customers_give_the_same_profile() {
    let s = Sample::new(1_500, 23, true);
    let a = learn(&s.members(), None, &ProfileSettings::default());
    let b = learn(&s.members(), None, &ProfileSettings::default());
    assert_eq!(a.lookalike, b.lookalike);
    assert_eq!(a.attributes, b.attributes);
    assert_eq!(a.statement, b.statement);
}

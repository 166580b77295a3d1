//! The report's view model: the aggregates report.html shows that are not a field of the Portfolio, computed once here and written to summary.json too.
//!
//! [`View::of`] builds them from the graded portfolio; the HTML renders them
//! and [`View::add_to_summary`] writes them into `summary.json` (keys in
//! docs/outputs.md), so that every figure of the report is also in
//! summary.json and no renderer computes its own.

use clientgrade_core::matrix::Quadrant;
use clientgrade_core::rfm::{fm_score, Segment};
use clientgrade_core::{Action, GradedCustomer, Money, Portfolio, Tier};
use serde_json::{json, Value as Json};

/// One cell of the RFM map: customers with this recency score and this
/// frequency–monetary score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RfmCell {
    /// Recency score, 1 to 5 (5 = most recent).
    pub recency: u8,
    /// Frequency–monetary score, 1 to 5.
    pub fm: u8,
    /// The segment the cell is named by.
    pub segment: Segment,
    /// Customers in the cell.
    pub customers: u64,
}

/// A band of the probability of still buying.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PAliveBand {
    /// Its lower end (included).
    pub from: f64,
    /// Its upper end (excluded; the last band includes 1).
    pub to: f64,
    /// Its name in the report.
    pub label: &'static str,
    /// Customers with a P(alive) in it.
    pub customers: u64,
}

/// The P(alive) bands of the report, lowest first.
const BANDS: [(f64, f64, &str); 4] = [
    (0.0, 0.25, "below 25%"),
    (0.25, 0.5, "25–50%"),
    (0.5, 0.75, "50–75%"),
    (0.75, 1.01, "75% and more"),
];

/// Below this P(alive) a customer is more likely gone than still buying.
pub const LIKELY_GONE: f64 = 0.5;

/// The lifetime figures of the report, over the customers with a P(alive)
/// (repeat buyers: a one-time buyer has none, see `CustomerLifetime`).
#[derive(Clone, Debug, PartialEq)]
pub struct LifetimeView {
    /// Customers with a P(alive).
    pub customers: u64,
    /// Whether any of them has an expected revenue (the spend model fitted).
    pub revenue_known: bool,
    /// Their discounted expected revenue (0 for a customer without one).
    pub expected_revenue: f64,
    /// Whether any of them has a lifetime value in profit (cost of goods known).
    pub in_profit: bool,
    /// Their lifetime value in profit.
    pub clv_profit: f64,
    /// Those more likely gone than still buying (P(alive) below [`LIKELY_GONE`]).
    pub likely_gone: u64,
    /// Per tier (1 to 4): lifetime value in profit when `in_profit`, else
    /// expected revenue.
    pub value_by_tier: [f64; 4],
    /// The same for lapsed and lost customers.
    pub value_lapsed_and_lost: f64,
    /// Customers per P(alive) band.
    pub p_alive_bands: [PAliveBand; 4],
}

/// The report's figures that the portfolio does not hold as they are.
#[derive(Clone, Debug, PartialEq)]
pub struct View {
    /// The R × FM map: row 0 is recency 5, column 0 is frequency–monetary 1.
    pub rfm_map: [[RfmCell; 5]; 5],
    /// Customers per quadrant (in [`Quadrant::ALL`] order) and tier (1 to 4).
    pub quadrant_tiers: [[u64; 4]; 4],
    /// Lifetime figures, when the models were fitted and some customer has a
    /// P(alive).
    pub lifetime: Option<LifetimeView>,
    /// Customers raising at least one red flag: (customers, revenue, profit).
    pub flagged: (u64, Money, Money),
    /// Customers needing action (phase out, win back, or a red flag):
    /// positions in `p.customers`, most revenue first (then by id).
    pub needing_action: Vec<usize>,
    /// Money losers worth naming and the rest ([`crate::attention::losers`]).
    pub losers: crate::attention::Losers,
    /// Key customers at risk ([`crate::attention::key_at_risk`]), in the
    /// report's order.
    pub key_at_risk: Vec<usize>,
    /// Lapsed customers worth winning back ([`crate::attention::win_back`]).
    pub win_back: Vec<usize>,
    /// Their revenue in the previous window.
    pub win_back_revenue_previous: Money,
}

/// Customers raising any flag, or told to phase out or to win back.
pub const NEEDING_ACTION_RULE: &str =
    "customers with the action phase out or win back, or raising a red flag";

impl View {
    /// Compute the figures from the graded portfolio.
    pub fn of(p: &Portfolio) -> Self {
        let back = crate::attention::win_back(p);
        Self {
            rfm_map: rfm_map(p),
            quadrant_tiers: quadrant_tiers(p),
            lifetime: lifetime(p),
            flagged: group(p, |g| !g.flags.is_empty()),
            needing_action: needing_action(p),
            losers: crate::attention::losers(p),
            key_at_risk: crate::attention::key_at_risk(p),
            win_back: back.clone(),
            win_back_revenue_previous: back
                .iter()
                .map(|&i| p.customers[i].characteristics.revenue_previous)
                .sum(),
        }
    }

    /// Customers in quadrant `q` and tier `t`.
    pub fn quadrant_tier(&self, q: Quadrant, t: Tier) -> u64 {
        let qi = Quadrant::ALL.iter().position(|x| *x == q).unwrap_or(0);
        self.quadrant_tiers[qi][usize::from(t.number() - 1)]
    }

    /// Write the figures into `summary.json` (`j` as built by
    /// [`crate::summary_json`]): `verdicts.rfm.map`,
    /// `verdicts.matrix.quadrants[].customers_by_tier`,
    /// `verdicts.any_flag`, `verdicts.needing_action`, `verdicts.money_losers`,
    /// `verdicts.slipping` and
    /// `verdicts.lifetime.repeat_buyers`.
    pub fn add_to_summary(&self, p: &Portfolio, j: &mut Json) {
        let v = &mut j["verdicts"];
        if let Some(rfm) = v.get_mut("rfm").and_then(Json::as_object_mut) {
            let map: Vec<Json> = self
                .rfm_map
                .iter()
                .flatten()
                .map(|c| {
                    json!({"recency": c.recency, "frequency_monetary": c.fm,
                           "segment": c.segment.name(), "customers": c.customers})
                })
                .collect();
            rfm.insert("map".into(), json!(map));
        }
        if let Some(qs) = v
            .get_mut("matrix")
            .and_then(|m| m.get_mut("quadrants"))
            .and_then(Json::as_array_mut)
        {
            for (q, counts) in qs.iter_mut().zip(&self.quadrant_tiers) {
                if let Some(q) = q.as_object_mut() {
                    q.insert("customers_by_tier".into(), json!(counts));
                }
            }
        }
        if let Some(o) = v.as_object_mut() {
            let (c, r, pr) = self.flagged;
            o.insert(
                "any_flag".into(),
                json!({"customers": c, "revenue": crate::json_values::money_json(r), "profit": crate::headline::profit_json(p, pr)}),
            );
            let l = &self.losers;
            o.insert(
                "money_losers".into(),
                json!({"customers": l.all.0, "loss": crate::headline::profit_json(p, l.all.1),
                       "named": l.named.len(),
                       "not_named": {"customers": l.rest.0, "loss": crate::headline::profit_json(p, l.rest.1)},
                       "smallest_named_loss": (!l.named.is_empty()).then(|| crate::headline::profit_json(p, l.smallest_named))}),
            );
            o.insert(
                "slipping".into(),
                json!({"key_customers_at_risk": self.key_at_risk.len(),
                       "win_back": self.win_back.len(),
                       "win_back_revenue_previous": crate::json_values::money_json(self.win_back_revenue_previous)}),
            );
            o.insert(
                "needing_action".into(),
                json!({"customers": self.needing_action.len(), "rule": NEEDING_ACTION_RULE}),
            );
        }
        if let (Some(l), Some(lj)) = (
            &self.lifetime,
            v.get_mut("lifetime").and_then(Json::as_object_mut),
        ) {
            // + 0.0: an empty sum is -0.0
            let number = |x: f64| x.is_finite().then_some(x + 0.0);
            lj.insert(
                "repeat_buyers".into(),
                json!({
                    "rule": "customers with a P(alive): one-time buyers have none and are not counted here; value is clv_profit when the cost of goods is known, else expected revenue",
                    "customers": l.customers,
                    "expected_revenue": l.revenue_known.then(|| number(l.expected_revenue)),
                    "clv_profit": l.in_profit.then(|| number(l.clv_profit)),
                    "likely_lost": l.likely_gone,
                    "value_is": if l.in_profit { "clv_profit" } else { "expected_revenue" },
                    "value_by_tier": Tier::ALL.iter().zip(l.value_by_tier).map(|(t, v)| json!({"tier": t.number(), "value": number(v)})).collect::<Vec<_>>(),
                    "value_lapsed_and_lost": number(l.value_lapsed_and_lost),
                    "p_alive_bands": l.p_alive_bands.iter().map(|b| json!({"from": b.from, "to": b.to.min(1.0), "label": b.label, "customers": b.customers})).collect::<Vec<_>>(),
                }),
            );
        }
    }
}

fn needing_action(p: &Portfolio) -> Vec<usize> {
    let mut v: Vec<usize> = (0..p.customers.len())
        .filter(|&i| {
            let g = &p.customers[i];
            matches!(g.action, Action::PhaseOut | Action::WinBack) || !g.flags.is_empty()
        })
        .collect();
    v.sort_by(|&a, &b| {
        let (a, b) = (&p.customers[a], &p.customers[b]);
        b.characteristics
            .revenue
            .cmp(&a.characteristics.revenue)
            .then_with(|| a.facts.id.cmp(&b.facts.id))
    });
    v
}

/// Counts and money of the customers selected by `pick`.
pub(crate) fn group<F: Fn(&clientgrade_core::GradedCustomer) -> bool>(
    p: &Portfolio,
    pick: F,
) -> (u64, Money, Money) {
    p.customers
        .iter()
        .filter(|g| pick(g))
        .fold((0, Money::ZERO, Money::ZERO), |a, g| {
            (
                a.0 + 1,
                a.1 + g.characteristics.revenue,
                a.2 + g.characteristics.profit.unwrap_or(Money::ZERO),
            )
        })
}

fn rfm_map(p: &Portfolio) -> [[RfmCell; 5]; 5] {
    let mut counts = [[0u64; 5]; 5];
    for g in &p.customers {
        let (r, fm) = (g.rfm.r, fm_score(g.rfm.f, g.rfm.m));
        if (1..=5).contains(&r) && (1..=5).contains(&fm) {
            counts[usize::from(5 - r)][usize::from(fm - 1)] += 1;
        }
    }
    std::array::from_fn(|row| {
        std::array::from_fn(|col| {
            let (recency, fm) = (5 - row as u8, col as u8 + 1);
            RfmCell {
                recency,
                fm,
                segment: Segment::of(recency, fm),
                customers: counts[row][col],
            }
        })
    })
}

fn quadrant_tiers(p: &Portfolio) -> [[u64; 4]; 4] {
    let mut counts = [[0u64; 4]; 4];
    for g in &p.customers {
        let (Some(q), Some(t)) = (g.quadrant, g.tier.tier) else {
            continue;
        };
        if let Some(qi) = Quadrant::ALL.iter().position(|x| *x == q) {
            counts[qi][usize::from(t.number() - 1)] += 1;
        }
    }
    counts
}

fn lifetime(p: &Portfolio) -> Option<LifetimeView> {
    p.lifetime.as_ref()?;
    // (customer, P(alive), expected revenue, lifetime value in profit)
    let values: Vec<(&GradedCustomer, f64, f64, Option<f64>)> = p
        .customers
        .iter()
        .filter_map(|g| {
            let v = g.lifetime?;
            v.p_alive
                .map(|p_alive| (g, p_alive, v.expected_revenue.unwrap_or(0.0), v.clv_profit))
        })
        .collect();
    if values.is_empty() {
        return None;
    }
    let in_profit = values.iter().any(|v| v.3.is_some());
    let value = |x: &(&GradedCustomer, f64, f64, Option<f64>)| {
        if in_profit {
            x.3.unwrap_or(0.0)
        } else {
            x.2
        }
    };
    let value_by_tier = Tier::ALL.map(|t| {
        values
            .iter()
            .filter(|x| x.0.tier.tier == Some(t))
            .map(value)
            .sum()
    });
    let value_lapsed_and_lost = values
        .iter()
        .filter(|x| !x.0.status.graded())
        .map(value)
        .sum();
    let p_alive_bands = BANDS.map(|(from, to, label)| PAliveBand {
        from,
        to,
        label,
        customers: values.iter().filter(|v| v.1 >= from && v.1 < to).count() as u64,
    });
    Some(LifetimeView {
        customers: values.len() as u64,
        revenue_known: p
            .customers
            .iter()
            .any(|g| g.lifetime.is_some_and(|l| l.expected_revenue.is_some())),
        expected_revenue: values.iter().map(|v| v.2).sum(),
        in_profit,
        clv_profit: values.iter().filter_map(|v| v.3).sum(),
        likely_gone: values.iter().filter(|v| v.1 < LIKELY_GONE).count() as u64,
        value_by_tier,
        value_lapsed_and_lost,
        p_alive_bands,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clientgrade_core::{
        grade, AnalysisWindow, Coverage, CustomerFacts, CustomerId, Date, Settings,
    };

    /// Customers of every size and age: losers, break-even, profitable.
    fn portfolio() -> Portfolio {
        let facts: Vec<CustomerFacts> = (0..40i64)
            .map(|i| CustomerFacts {
                id: Some(CustomerId::new(&format!("C{i:02}"))),
                revenue: Money::from_units(1_000 + 250 * i),
                // every fourth loses money
                cost_of_goods: Money::from_units(if i % 4 == 0 {
                    1_100 + 250 * i
                } else {
                    600 + 20 * i
                }),
                orders: (1 + i % 7) as u64,
                orders_lifetime: (1 + i % 9) as u64,
                revenue_lifetime: Money::from_units(2_000 + 300 * i),
                first_purchase: Date::from_ymd(2022, 1, 5),
                last_purchase: Date::from_ymd(2025, 1 + (i % 12) as u32, 5),
                ..CustomerFacts::default()
            })
            .collect();
        let w = AnalysisWindow::new(Date::from_ymd(2025, 12, 31).unwrap(), 12);
        let c = Coverage {
            cost_of_goods: true,
            ..Coverage::default()
        };
        grade(facts, c, &Settings::default(), w)
    }

    #[test]
    fn the_figures_count_every_customer_once_and_go_to_summary_json() {
        let p = portfolio();
        let v = View::of(&p);
        // the RFM map: each cell counts its customers, the map all of them
        for row in &v.rfm_map {
            for c in row {
                let n = p
                    .customers
                    .iter()
                    .filter(|g| g.rfm.r == c.recency && fm_score(g.rfm.f, g.rfm.m) == c.fm)
                    .count() as u64;
                assert_eq!(c.customers, n, "{c:?}");
                assert_eq!(c.segment, Segment::of(c.recency, c.fm));
            }
        }
        let mapped: u64 = v.rfm_map.iter().flatten().map(|c| c.customers).sum();
        assert_eq!(mapped, p.customers.len() as u64);
        assert_eq!((v.rfm_map[0][0].recency, v.rfm_map[0][0].fm), (5, 1));
        // quadrant × tier: every customer with both, once
        let placed = p
            .customers
            .iter()
            .filter(|g| g.quadrant.is_some() && g.tier.tier.is_some())
            .count() as u64;
        assert!(placed > 0);
        assert_eq!(v.quadrant_tiers.iter().flatten().sum::<u64>(), placed);
        // needing action: most revenue first, each with a reason to act
        assert!(!v.needing_action.is_empty());
        for w in v.needing_action.windows(2) {
            let r = |i: usize| p.customers[i].characteristics.revenue;
            assert!(r(w[0]) >= r(w[1]));
        }
        // no lifetime model: no lifetime figures
        assert_eq!(v.lifetime, None);

        let run = crate::RunInfo {
            tables: &[],
            as_of_source: clientgrade_data::AsOfSource::Given,
            listed_without_activity: 0,
            notes: &[],
            lifetime_not_fitted: None,
        };
        let j = crate::summary_json(&run, &p);
        let map = j["verdicts"]["rfm"]["map"].as_array().unwrap();
        assert_eq!(map.len(), 25);
        assert_eq!(
            map.iter()
                .map(|c| c["customers"].as_u64().unwrap())
                .sum::<u64>(),
            mapped
        );
        assert_eq!(map[0]["segment"], v.rfm_map[0][0].segment.name());
        let by_tier: u64 = j["verdicts"]["matrix"]["quadrants"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|q| q["customers_by_tier"].as_array().unwrap().clone())
            .map(|n| n.as_u64().unwrap())
            .sum();
        assert_eq!(by_tier, placed);
        assert_eq!(
            j["verdicts"]["needing_action"]["customers"],
            v.needing_action.len()
        );
        assert_eq!(j["verdicts"]["any_flag"]["customers"], v.flagged.0);
        let losers = &j["verdicts"]["money_losers"];
        assert_eq!(losers["customers"], p.tier(Tier::Loser).customers);
        assert_eq!(
            losers["named"].as_u64().unwrap() + losers["not_named"]["customers"].as_u64().unwrap(),
            p.tier(Tier::Loser).customers
        );
        assert_eq!(
            j["verdicts"]["slipping"]["win_back"],
            p.status(clientgrade_core::Status::Lapsed).win_back
        );
    }
}

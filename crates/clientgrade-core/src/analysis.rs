//! The whole pure analysis: facts in, graded customers and tier totals out.

use crate::action::{recommend, Action, ActionInput, ActionReason, PreviousWorth};
use crate::concentration::{hhi, manager_exposure, top_shares, ManagerExposure, TopShares};
use crate::flags::{flags, peers, Flag};
use crate::matrix::{place, MatrixSplit, Quadrant};
use crate::pareto::{abc_classes, pareto, pareto_net, whale, AbcClass, Pareto, Whale};
use crate::ranking::{rank, KeyScore, UnusedFactor};
use crate::rfm::{
    fm_score, quintile_cuts, score_higher_better, score_lower_better, Cuts, Rfm, Segment,
};
use crate::rhythm::{rhythm, Rhythm};
use crate::status::lifecycle;
use crate::tier::undecidable;
use crate::{
    assign_tier, characteristics, portfolio_totals, tier_basis, AnalysisWindow, Characteristics,
    Coverage, CustomerFacts, Date, Money, PortfolioTotals, Settings, Status, Tier, TierVerdict,
};

/// One customer with its characteristics and verdicts.
#[derive(Clone, Debug)]
pub struct GradedCustomer {
    /// The facts it was graded from.
    pub facts: CustomerFacts,
    /// Its characteristics.
    pub characteristics: Characteristics,
    /// Its lifecycle status.
    pub status: Status,
    /// Why (with P(alive) once the lifetime models are attached).
    pub status_reason: String,
    /// Its tier and the evidence (no tier for lapsed and lost customers).
    pub tier: TierVerdict,
    /// ABC class by window revenue.
    pub abc: AbcClass,
    /// Grading-matrix quadrant (`None` without both axis values).
    pub quadrant: Option<Quadrant>,
    /// Key-customer rank and score breakdown.
    pub key: KeyScore,
    /// RFM scores and segment.
    pub rfm: Rfm,
    /// Its buying rhythm (own gaps, season, overdue or not).
    pub rhythm: Rhythm,
    /// Red flags.
    pub flags: Vec<Flag>,
    /// Flags whose rate is high but whose evidence cannot tell it from the
    /// portfolio (too few orders or invoices): said, not raised.
    pub flag_doubts: Vec<Flag>,
    /// The recommended action.
    pub action: Action,
    /// Why: the sentence and its parts.
    pub action_reason: ActionReason,
    /// Lifetime figures, when the models were fitted.
    pub lifetime: Option<crate::CustomerLifetime>,
    /// How much it looks like a Tier-1 customer (probability), once the
    /// profile is attached ([`crate::profile::attach`]).
    pub lookalike: Option<f64>,
}

/// Portfolio-level verdicts: Pareto, whale curve, concentration, cut-offs.
///
/// Pareto, Lorenz, the whale curve, ABC classes and the top-N shares are
/// over the customers who bought in the window (new and active: the
/// customers of the tier table); lapsed and lost customers bought nothing
/// there and are class C.
#[derive(Clone, Debug)]
pub struct PortfolioVerdicts {
    /// Pareto of window revenue.
    pub pareto_revenue: Pareto,
    /// Pareto of profit (when profit is known).
    pub pareto_profit: Option<Pareto>,
    /// Pareto of service cost (when service effort is known).
    pub pareto_service: Option<Pareto>,
    /// The whale curve (when profit is known).
    pub whale: Option<Whale>,
    /// Top-1/5/10 shares of revenue.
    pub revenue_top: TopShares,
    /// Top-1/5/10 shares of profit (when profit is known).
    pub profit_top: Option<TopShares>,
    /// Herfindahl–Hirschman index of revenue (0–10,000).
    pub hhi: Option<f64>,
    /// Positions (in `Portfolio::customers`) of customers at or above the alert share.
    pub alerts: Vec<usize>,
    /// Exposure per account manager (empty without managers).
    pub managers: Vec<ManagerExposure>,
    /// Where the matrix axes were split.
    pub matrix: MatrixSplit,
    /// RFM cut-offs used: recency days, frequency (orders), monetary (lifetime revenue).
    pub rfm_cuts: [Cuts; 3],
    /// Ranking factors left out.
    pub unused_factors: Vec<UnusedFactor>,
}

/// Customers, revenue, profit and cost to serve of one tier.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TierTotals {
    /// Customers in the tier.
    pub customers: u64,
    /// Their window revenue.
    pub revenue: Money,
    /// Their profit (zero when undecided).
    pub profit: Money,
    /// Their cost to serve.
    pub cost_to_serve: Money,
}

/// Customers and money of one lifecycle status.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StatusTotals {
    /// Customers with the status.
    pub customers: u64,
    /// Their window revenue.
    pub revenue: Money,
    /// Their window profit (zero when unknown).
    pub profit: Money,
    /// Their previous-window revenue.
    pub revenue_previous: Money,
    /// Their previous-window profit (zero when unknown).
    pub profit_previous: Money,
    /// Of them, customers to win back.
    pub win_back: u64,
    /// The previous-window profit of those.
    pub win_back_profit_previous: Money,
}

/// The graded portfolio.
#[derive(Clone, Debug)]
pub struct Portfolio {
    /// The window graded.
    pub window: AnalysisWindow,
    /// What inputs were available.
    pub coverage: Coverage,
    /// Customers, by window revenue descending, then id.
    pub customers: Vec<GradedCustomer>,
    /// Totals per tier, index 0 = Tier 1.
    pub tiers: [TierTotals; 4],
    /// Customers who bought in the window but whose tier cannot be decided.
    pub undecided: TierTotals,
    /// Totals per lifecycle status, in [`Status::ALL`] order.
    pub statuses: [StatusTotals; 4],
    /// All customers.
    pub total: TierTotals,
    /// Portfolio totals used for shares.
    pub shares_basis: PortfolioTotals,
    /// Why tiers could not be decided at all, if so.
    pub undecidable: Option<&'static str>,
    /// Things the reader should know about the inputs (no customer data).
    pub notes: Vec<String>,
    /// Portfolio-level verdicts.
    pub verdicts: PortfolioVerdicts,
    /// The settings it was graded with (axis names, quadrant texts, factors).
    pub settings: Settings,
    /// The lifetime models, when fitted (attached by the caller).
    pub lifetime: Option<crate::Lifetime>,
    /// Movement since an earlier date, when compared (attached by the caller).
    pub movement: Option<crate::movement::Movement>,
    /// The ideal customer profile, when learnt ([`crate::profile::attach`]).
    pub profile: Option<crate::Profile>,
}

/// Grade every customer.
pub fn grade(
    mut facts: Vec<CustomerFacts>,
    coverage: Coverage,
    settings: &Settings,
    window: AnalysisWindow,
) -> Portfolio {
    let totals = portfolio_totals(&facts, &coverage, settings, &window);
    facts.sort_by(|a, b| b.revenue.cmp(&a.revenue).then_with(|| a.id.cmp(&b.id)));
    let mut tiers = [TierTotals::default(); 4];
    let mut undecided = TierTotals::default();
    let mut total = TierTotals::default();
    let measured: Vec<(CustomerFacts, Characteristics, (Status, String))> = facts
        .into_iter()
        .map(|f| {
            let c = characteristics(&f, &coverage, settings, &window, &totals);
            let status = lifecycle(&c, &window);
            (f, c, status)
        })
        .collect();
    let assumed = settings
        .costs
        .assumed_gross_margin
        .filter(|_| !coverage.cost_of_goods);
    let buyers: Vec<&Characteristics> = measured
        .iter()
        .filter(|(_, _, (s, _))| s.graded())
        .map(|(_, c, _)| c)
        .collect();
    let basis = tier_basis(&buyers, &settings.tiers, assumed);
    let graded: Vec<Graded> = measured
        .into_iter()
        .map(|(f, c, (status, status_reason))| {
            let t = if status.graded() {
                assign_tier(&c, &coverage, &settings.tiers, &basis)
            } else {
                TierVerdict {
                    tier: None,
                    reason: format!(
                        "no tier: {} (only customers who bought in the window are graded)",
                        status.name()
                    ),
                }
            };
            let slot = match t.tier {
                Some(tier) => Some(&mut tiers[usize::from(tier.number() - 1)]),
                None if status.graded() => Some(&mut undecided),
                None => None,
            };
            for s in slot.into_iter().chain([&mut total]) {
                s.customers += 1;
                s.revenue += c.revenue;
                s.profit += c.profit.unwrap_or(Money::ZERO);
                s.cost_to_serve += c.cost_to_serve;
            }
            Graded {
                facts: f,
                characteristics: c,
                status,
                status_reason,
                tier: t,
            }
        })
        .collect();
    let (customers, verdicts) = judge(graded, &coverage, settings, window.as_of);
    let mut statuses = [StatusTotals::default(); 4];
    for g in &customers {
        let s = &mut statuses[g.status as usize];
        let c = &g.characteristics;
        s.customers += 1;
        s.revenue += c.revenue;
        s.profit += c.profit.unwrap_or(Money::ZERO);
        s.revenue_previous += c.revenue_previous;
        s.profit_previous += c.profit_previous.unwrap_or(Money::ZERO);
        if g.action == Action::WinBack && !g.status.graded() {
            s.win_back += 1;
            s.win_back_profit_previous += c.profit_previous.unwrap_or(Money::ZERO);
        }
    }
    let mut notes = Vec::new();
    if !coverage.cost_of_goods {
        if let Some(m) = settings.costs.assumed_gross_margin {
            notes.push(format!(
                "no cost column: cost of goods assumed at {:.1}% of list price (net revenue plus \
                 discounts; costs.assumed-gross-margin), the same for everyone: tiers rest on this \
                 assumption, and margins differ only by discounts and service",
                (1.0 - m) * 100.0
            ));
        }
    }
    if !coverage.service {
        notes.push(
            "no service table: cost to serve excludes service effort, and Tier 3 \
             'more than its share of effort' is not assessed"
                .into(),
        );
    } else if !coverage.service_costed && settings.costs.cost_per_service_event == 0.0 {
        notes.push(
            "the service table has neither hours nor cost: set costs.cost-per-service-event \
             to price service events"
                .into(),
        );
    }
    Portfolio {
        window,
        coverage,
        customers,
        tiers,
        undecided,
        statuses,
        total,
        shares_basis: totals,
        undecidable: undecidable(&coverage, settings.costs.assumed_gross_margin),
        notes,
        verdicts,
        settings: settings.clone(),
        lifetime: None,
        movement: None,
        profile: None,
    }
}

/// One customer after the tier, before the portfolio-relative verdicts.
struct Graded {
    facts: CustomerFacts,
    characteristics: Characteristics,
    status: Status,
    status_reason: String,
    tier: TierVerdict,
}

/// Every verdict beyond the tier, for all customers at once (most are
/// relative to the portfolio).
fn judge(
    graded: Vec<Graded>,
    coverage: &Coverage,
    settings: &Settings,
    as_of: Date,
) -> (Vec<GradedCustomer>, PortfolioVerdicts) {
    let chars: Vec<&Characteristics> = graded.iter().map(|g| &g.characteristics).collect();
    let n = graded.len();
    let bought: Vec<bool> = graded.iter().map(|g| g.status.graded()).collect();
    let revenues: Vec<Money> = chars.iter().map(|c| c.revenue).collect();
    // the base of Pareto, ABC and concentration: the customers who bought in the window
    let of_buyers = |v: &[Money]| -> Vec<Money> {
        v.iter()
            .zip(&bought)
            .filter(|(_, b)| **b)
            .map(|(m, _)| *m)
            .collect()
    };
    let buyer_chars: Vec<&Characteristics> = chars
        .iter()
        .zip(&bought)
        .filter(|(_, b)| **b)
        .map(|(c, _)| *c)
        .collect();
    let profit_known = !buyer_chars.is_empty() && buyer_chars.iter().all(|c| c.profit.is_some());
    let profits: Vec<Money> = chars
        .iter()
        .map(|c| c.profit.unwrap_or(Money::ZERO))
        .collect();
    let buyer_revenues = of_buyers(&revenues);
    let buyer_profits = of_buyers(&profits);
    let mut buyer_abc = abc_classes(
        &buyer_revenues,
        settings.pareto.abc_a,
        settings.pareto.abc_b,
    )
    .into_iter();
    let abc: Vec<AbcClass> = bought
        .iter()
        .map(|b| {
            if *b {
                buyer_abc.next().unwrap_or(AbcClass::C)
            } else {
                AbcClass::C
            }
        })
        .collect();
    let pairs: Vec<(&CustomerFacts, &Characteristics)> = graded
        .iter()
        .map(|g| (&g.facts, &g.characteristics))
        .collect();
    let (quadrants, matrix) = place(&pairs, &bought, &settings.matrix);
    let (keys, unused_factors) = rank(&chars, &settings.ranking.factors);

    // RFM over each customer's history up to as-of.
    let recency: Vec<Option<f64>> = chars
        .iter()
        .map(|c| c.recency_days.map(f64::from))
        .collect();
    let frequency: Vec<f64> = graded
        .iter()
        .map(|g| g.facts.orders_lifetime as f64)
        .collect();
    let monetary: Vec<f64> = graded
        .iter()
        .map(|g| g.facts.revenue_lifetime.to_f64())
        .collect();
    let buyers = |v: &[f64]| -> Vec<f64> {
        v.iter()
            .zip(&recency)
            .filter(|(_, r)| r.is_some())
            .map(|(x, _)| *x)
            .collect()
    };
    let rfm_cuts = [
        settings.rfm.recency_cuts.unwrap_or_else(|| {
            quintile_cuts(&recency.iter().flatten().copied().collect::<Vec<_>>())
        }),
        settings
            .rfm
            .frequency_cuts
            .unwrap_or_else(|| quintile_cuts(&buyers(&frequency))),
        settings
            .rfm
            .monetary_cuts
            .unwrap_or_else(|| quintile_cuts(&buyers(&monetary))),
    ];
    let peer = peers(&pairs, &settings.flags);
    let mut customers = Vec::with_capacity(n);
    for (k, (g, key)) in graded.into_iter().zip(keys).enumerate() {
        let (f, c, t) = (g.facts, g.characteristics, g.tier);
        let rfm = match c.recency_days {
            Some(days) => {
                let r = status_recency(g.status, score_lower_better(f64::from(days), &rfm_cuts[0]));
                let fq = score_higher_better(frequency[k], &rfm_cuts[1]);
                let m = score_higher_better(monetary[k], &rfm_cuts[2]);
                Rfm {
                    r,
                    f: fq,
                    m,
                    segment: Segment::of(r, fm_score(fq, m)),
                }
            }
            None => Rfm {
                r: 1,
                f: 1,
                m: 1,
                segment: Segment::Lost,
            },
        };
        let (fl, doubts) = flags(&f, &c, &peer, &settings.flags);
        let quadrant = quadrants[k];
        let rh = rhythm(
            &f.recent_purchase_days,
            f.first_purchase,
            f.customer_since,
            as_of,
        );
        let mut g = GradedCustomer {
            facts: f,
            characteristics: c,
            status: g.status,
            status_reason: g.status_reason,
            tier: t,
            abc: abc[k],
            quadrant,
            key,
            rfm,
            rhythm: rh,
            flags: fl,
            flag_doubts: doubts,
            action: Action::Serve,
            action_reason: ActionReason::default(),
            lifetime: None,
            lookalike: None,
        };
        (g.action, g.action_reason) = recommend_for(&g, n, settings, &matrix);
        customers.push(g);
    }
    let positive: f64 = buyer_revenues.iter().map(|r| r.to_f64().max(0.0)).sum();
    let alerts = (0..n)
        .filter(|&i| {
            bought[i]
                && positive > 0.0
                && revenues[i].to_f64() / positive >= settings.concentration.customer_alert
        })
        .collect();
    let managers = if customers.iter().any(|g| g.facts.account_manager.is_some()) {
        let rows: Vec<_> = customers
            .iter()
            .map(|g| {
                (
                    g.facts.account_manager.as_deref(),
                    g.characteristics.revenue,
                    g.characteristics.profit.unwrap_or(Money::ZERO),
                    g.abc == AbcClass::A,
                )
            })
            .collect();
        manager_exposure(&rows, settings.concentration.manager_alert)
    } else {
        Vec::new()
    };
    let to_f = |v: &[Money]| v.iter().map(|m| m.to_f64()).collect::<Vec<_>>();
    let service: Vec<f64> = customers
        .iter()
        .filter(|g| g.status.graded())
        .map(|g| g.characteristics.service_cost.to_f64())
        .collect();
    let verdicts = PortfolioVerdicts {
        pareto_revenue: pareto(&to_f(&buyer_revenues)),
        pareto_profit: profit_known.then(|| pareto_net(&to_f(&buyer_profits))),
        pareto_service: (coverage.service && service.iter().any(|v| *v > 0.0))
            .then(|| pareto(&service)),
        whale: profit_known.then(|| whale(&buyer_profits)),
        revenue_top: top_shares(&buyer_revenues),
        profit_top: profit_known.then(|| top_shares(&buyer_profits)),
        hhi: hhi(&buyer_revenues),
        alerts,
        managers,
        matrix,
        rfm_cuts,
        unused_factors,
    };
    (customers, verdicts)
}

/// The recency score kept consistent with the lifecycle status: quintiles
/// of all customers' recency can put a customer who bought last month among
/// the lowest fifth (when most buy weekly), which would call a new or active
/// customer "Lost". A customer who bought in the window scores at least 3, a
/// lapsed one at most 2, a lost one 1.
pub fn status_recency(status: Status, r: u8) -> u8 {
    match status {
        Status::New | Status::Active => r.max(3),
        Status::Lapsed => r.clamp(1, 2),
        Status::Lost => 1,
    }
}

/// The action of a graded customer among `n`, from its verdicts (and its
/// P(alive) once the lifetime models are attached).
fn recommend_for(
    g: &GradedCustomer,
    n: usize,
    settings: &Settings,
    matrix: &MatrixSplit,
) -> (Action, ActionReason) {
    let c = &g.characteristics;
    recommend(&ActionInput {
        status: g.status,
        previous: PreviousWorth {
            revenue: c.revenue_previous,
            profit: c.profit_previous,
            min_margin: settings.tiers.tier2_min_margin,
        },
        tier: g.tier.tier,
        segment: g.rfm.segment,
        quadrant: g.quadrant.map(|q| (q, matrix.name(q).short.as_str())),
        rank: (g.key.rank, n),
        class_a: g.abc == AbcClass::A,
        single_event: g.facts.orders_lifetime <= 1 && c.service_events <= 1,
        rhythm: &g.rhythm,
        p_alive: g.lifetime.and_then(|l| l.p_alive),
        flags: &g.flags,
    })
}

impl Portfolio {
    /// Decide the actions again once the lifetime models are attached: an
    /// overdue customer is going quiet only if its P(alive) agrees.
    pub fn reconsider_actions(&mut self) {
        let n = self.customers.len();
        let settings = self.settings.clone();
        let matrix = self.verdicts.matrix.clone();
        for g in &mut self.customers {
            (g.action, g.action_reason) = recommend_for(g, n, &settings, &matrix);
        }
    }

    /// Totals of one tier.
    pub fn tier(&self, t: Tier) -> &TierTotals {
        &self.tiers[usize::from(t.number() - 1)]
    }

    /// Totals of one lifecycle status.
    pub fn status(&self, s: Status) -> &StatusTotals {
        &self.statuses[s as usize]
    }

    /// Customers who bought in the window (new or active): the ones with a tier.
    pub fn buyers(&self) -> u64 {
        self.status(Status::New).customers + self.status(Status::Active).customers
    }
}

#[cfg(test)]
mod tests;

//! The whole pure analysis: facts in, graded customers and tier totals out.

use crate::tier::undecidable;
use crate::{
    assign_tier, characteristics, portfolio_totals, AnalysisWindow, Characteristics, Coverage,
    CustomerFacts, Money, PortfolioTotals, Settings, Tier, TierVerdict,
};

/// One customer with its characteristics and verdicts.
#[derive(Clone, Debug)]
pub struct GradedCustomer {
    /// The facts it was graded from.
    pub facts: CustomerFacts,
    /// Its characteristics.
    pub characteristics: Characteristics,
    /// Its tier and the evidence.
    pub tier: TierVerdict,
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
    /// Customers without a tier.
    pub undecided: TierTotals,
    /// All customers.
    pub total: TierTotals,
    /// Portfolio totals used for shares.
    pub shares_basis: PortfolioTotals,
    /// Why tiers could not be decided at all, if so.
    pub undecidable: Option<&'static str>,
    /// Things the reader should know about the inputs (no customer data).
    pub notes: Vec<String>,
}

/// Grade every customer.
pub fn grade(
    mut facts: Vec<CustomerFacts>,
    coverage: Coverage,
    settings: &Settings,
    window: AnalysisWindow,
) -> Portfolio {
    let totals = portfolio_totals(&facts, &coverage, settings);
    facts.sort_by(|a, b| b.revenue.cmp(&a.revenue).then_with(|| a.id.cmp(&b.id)));
    let mut tiers = [TierTotals::default(); 4];
    let mut undecided = TierTotals::default();
    let mut total = TierTotals::default();
    let customers: Vec<GradedCustomer> = facts
        .into_iter()
        .map(|f| {
            let c = characteristics(&f, &coverage, settings, &window, &totals);
            let t = assign_tier(&c, &coverage, &settings.tiers);
            let slot = match t.tier {
                Some(tier) => &mut tiers[usize::from(tier.number() - 1)],
                None => &mut undecided,
            };
            for s in [slot, &mut total] {
                s.customers += 1;
                s.revenue += c.revenue;
                s.profit += c.profit.unwrap_or(Money::ZERO);
                s.cost_to_serve += c.cost_to_serve;
            }
            GradedCustomer {
                facts: f,
                characteristics: c,
                tier: t,
            }
        })
        .collect();
    let mut notes = Vec::new();
    if !coverage.cost_of_goods {
        if let Some(m) = settings.costs.assumed_gross_margin {
            notes.push(format!(
                "no cost column: cost of goods assumed at {:.1}% of revenue (costs.assumed-gross-margin)",
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
        total,
        shares_basis: totals,
        undecidable: undecidable(&coverage, settings.costs.assumed_gross_margin),
        notes,
    }
}

impl Portfolio {
    /// Totals of one tier.
    pub fn tier(&self, t: Tier) -> &TierTotals {
        &self.tiers[usize::from(t.number() - 1)]
    }
}

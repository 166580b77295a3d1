//! One customer at one as-of date as movement sees it: the snapshot taken from a grading, its last contact, its usual gap, and whether a rank is a key customer's.

use crate::{CustomerId, Date, GradedCustomer, Money, Portfolio, Status, Tier, KEY_SHARE};

/// One customer at one as-of date: what movement looks at.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// The customer.
    pub id: CustomerId,
    /// Its name, if known.
    pub name: Option<String>,
    /// Its account manager, if known.
    pub account_manager: Option<String>,
    /// Lifecycle status.
    pub status: Status,
    /// Tier (`None`: lapsed, lost, or undecided).
    pub tier: Option<Tier>,
    /// Among the key customers (top 10% by rank).
    pub key: bool,
    /// Window revenue.
    pub revenue: Money,
    /// Window profit, when known.
    pub profit: Option<Money>,
    /// Window profit margin.
    pub profit_margin: Option<f64>,
    /// Service hours in the window.
    pub service_hours: f64,
    /// Orders in the window.
    pub orders: u64,
    /// Revenue growth over the previous window.
    pub growth: Option<f64>,
    /// The upper end of its growth interval (docs/tiers.md): below zero,
    /// the revenue fell beyond the noise of its orders.
    pub growth_high: Option<f64>,
    /// Probability that it still buys (lifetime model), when fitted.
    pub p_alive: Option<f64>,
    /// First purchase up to as-of.
    pub first_purchase: Option<Date>,
    /// Last purchase up to as-of.
    pub last_purchase: Option<Date>,
    /// Last order or service contact up to as-of.
    pub last_contact: Option<Date>,
    /// Its usual days between orders (lifetime span over orders − 1).
    pub usual_gap_days: Option<f64>,
    /// Complaints open at as-of (`None` without a complaints table).
    pub complaints_open: Option<u64>,
    /// Its recommended action.
    pub action: String,
    /// Why.
    pub action_reason: String,
}

/// The last order or service contact of a customer.
pub fn last_contact(last_purchase: Option<Date>, last_service: Option<Date>) -> Option<Date> {
    last_purchase.max(last_service)
}

/// Usual days between orders: the span from first to last purchase over
/// the orders in it minus one; `None` with fewer than two orders.
pub fn usual_gap_days(
    first: Option<Date>,
    last: Option<Date>,
    orders_lifetime: u64,
) -> Option<f64> {
    match (first, last) {
        (Some(a), Some(b)) if orders_lifetime >= 2 => {
            Some(f64::from(b.days_since(a)) / (orders_lifetime - 1) as f64)
        }
        _ => None,
    }
}

impl Snapshot {
    /// The snapshot of one graded customer of `p`.
    pub fn of(p: &Portfolio, g: &GradedCustomer) -> Snapshot {
        let f = &g.facts;
        let c = &g.characteristics;
        let n = p.customers.len();
        Snapshot {
            id: f.id.clone().unwrap_or_else(|| CustomerId::new("")),
            name: f.name.clone(),
            account_manager: f.account_manager.clone(),
            status: g.status,
            tier: g.tier.tier,
            key: is_key_rank(g.key.rank, n),
            revenue: c.revenue,
            profit: c.profit,
            profit_margin: c.profit_margin,
            service_hours: c.service_hours,
            orders: c.orders,
            growth: c.growth,
            growth_high: c.growth_high,
            p_alive: g.lifetime.and_then(|l| l.p_alive),
            first_purchase: c.first_purchase,
            last_purchase: c.last_purchase,
            last_contact: last_contact(f.last_purchase, f.last_service),
            usual_gap_days: usual_gap_days(f.first_purchase, f.last_purchase, f.orders_lifetime),
            complaints_open: c.complaints_open,
            action: g.action.name().to_string(),
            action_reason: g.action_reason.text().to_string(),
        }
    }

    /// Every customer of a graded portfolio.
    pub fn all(p: &Portfolio) -> Vec<Snapshot> {
        p.customers.iter().map(|g| Snapshot::of(p, g)).collect()
    }

    pub(super) fn worth(&self) -> Money {
        self.profit.unwrap_or(self.revenue)
    }
}

/// Whether key rank `rank` (1 = first) of `n` customers is a key customer.
pub fn is_key_rank(rank: usize, n: usize) -> bool {
    n > 0 && rank >= 1 && (rank as f64) <= (n as f64 * KEY_SHARE).ceil()
}

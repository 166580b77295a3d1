//! Characteristics: the per-customer measures derived from the facts.

use crate::{AnalysisWindow, Coverage, CustomerFacts, Date, Money, Settings};

/// Every characteristic of one customer over the analysis window.
///
/// Ratios are fractions (0.25 is 25%); `None` means "cannot be computed"
/// (no denominator, or the input that would give it was not provided).
#[derive(Clone, Debug, PartialEq)]
pub struct Characteristics {
    /// Net revenue in the window.
    pub revenue: Money,
    /// Window revenue per month of the window.
    pub revenue_monthly: Money,
    /// Net revenue up to as-of.
    pub revenue_lifetime: Money,
    /// Net revenue in the previous window.
    pub revenue_previous: Money,
    /// `revenue / revenue_previous − 1`; `None` when there was no previous revenue.
    pub growth: Option<f64>,
    /// Whether the first purchase lies inside the window.
    pub new_in_window: bool,
    /// Positive amounts in the window.
    pub gross_sales: Money,
    /// Returned amounts in the window (positive).
    pub returns: Money,
    /// `returns / gross_sales`.
    pub return_rate: Option<f64>,
    /// Cost of goods (from the cost column, or the assumed margin).
    pub cost_of_goods: Option<Money>,
    /// `revenue − cost_of_goods`.
    pub gross_margin: Option<Money>,
    /// `gross_margin / revenue`.
    pub gross_margin_rate: Option<f64>,
    /// Discounts given.
    pub discounts: Money,
    /// `discounts / (gross_sales + discounts)`: share of list price conceded.
    pub discount_rate: Option<f64>,
    /// Service hours.
    pub service_hours: f64,
    /// Service cost: hours × hourly rate + direct cost + events without either × event cost.
    pub service_cost: Money,
    /// Returned lines × return handling cost.
    pub return_handling: Money,
    /// `service_cost + return_handling + discounts`: what serving the customer
    /// costs beyond the goods (discounts are already out of net revenue).
    pub cost_to_serve: Money,
    /// `gross_margin − service_cost − return_handling`.
    pub profit: Option<Money>,
    /// `profit / revenue`.
    pub profit_margin: Option<f64>,
    /// Distinct orders in the window.
    pub orders: u64,
    /// Orders per month of the window.
    pub orders_per_month: f64,
    /// `revenue / orders`.
    pub average_order_value: Option<Money>,
    /// Distinct products bought in the window (if products were given).
    pub products: Option<u64>,
    /// First purchase up to as-of.
    pub first_purchase: Option<Date>,
    /// Last purchase up to as-of.
    pub last_purchase: Option<Date>,
    /// Days from the last purchase to as-of.
    pub recency_days: Option<i32>,
    /// Days from the first purchase to as-of.
    pub tenure_days: Option<i32>,
    /// Invoices due in the window.
    pub invoices: Option<u64>,
    /// Mean days late over paid invoices due in the window.
    pub avg_days_late: Option<f64>,
    /// Share of paid invoices paid by their due date.
    pub on_time_rate: Option<f64>,
    /// Unpaid at as-of.
    pub outstanding: Option<Money>,
    /// Unpaid and past due at as-of.
    pub overdue: Option<Money>,
    /// Written off, invoices due in the window.
    pub written_off: Option<Money>,
    /// Complaints raised in the window.
    pub complaints: Option<u64>,
    /// `complaints / orders`.
    pub complaints_per_order: Option<f64>,
    /// Complaints open at as-of.
    pub complaints_open: Option<u64>,
    /// Mean days to resolve a complaint.
    pub avg_days_to_resolve: Option<f64>,
    /// Share of the portfolio's positive revenue.
    pub revenue_share: f64,
    /// Share of the portfolio's service cost.
    pub service_share: Option<f64>,
    /// `service_share / revenue_share`: above 1, the customer takes more effort
    /// than its revenue would justify.
    pub effort_ratio: Option<f64>,
}

/// Portfolio totals that shares are measured against.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PortfolioTotals {
    /// Sum of positive window revenues.
    pub positive_revenue: Money,
    /// Sum of service costs.
    pub service_cost: Money,
}

/// Service cost of one customer's facts under the settings.
pub fn service_cost(f: &CustomerFacts, coverage: &Coverage, s: &Settings) -> Money {
    let hours = Money::from_raw(f.service_millihours.saturating_mul(10))
        .mul_f64(s.costs.hourly_rate_money().to_f64());
    let per_event = if coverage.service_costed {
        Money::ZERO
    } else {
        Money::from_f64(s.costs.cost_per_service_event * f.service_events as f64)
            .unwrap_or(Money::ZERO)
    };
    hours + f.service_direct_cost + per_event
}

fn ratio(a: f64, b: f64) -> Option<f64> {
    (b != 0.0 && a.is_finite() && b.is_finite()).then(|| a / b)
}

/// Derive the characteristics of one customer.
pub fn characteristics(
    f: &CustomerFacts,
    coverage: &Coverage,
    settings: &Settings,
    window: &AnalysisWindow,
    totals: &PortfolioTotals,
) -> Characteristics {
    let months = window.months as f64;
    let revenue = f.revenue;
    let cost_of_goods = if coverage.cost_of_goods {
        Some(f.cost_of_goods)
    } else {
        settings
            .costs
            .assumed_gross_margin
            .map(|m| revenue.mul_f64(1.0 - m))
    };
    let gross_margin = cost_of_goods.map(|c| revenue - c);
    let service_cost = service_cost(f, coverage, settings);
    let return_handling = Money::from_f64(settings.costs.return_handling_cost)
        .unwrap_or(Money::ZERO)
        .mul_f64(f.return_lines as f64);
    let profit = gross_margin.map(|g| g - service_cost - return_handling);
    let rev = revenue.to_f64();
    let revenue_share = if totals.positive_revenue.raw() > 0 && revenue.raw() > 0 {
        revenue.to_f64() / totals.positive_revenue.to_f64()
    } else {
        0.0
    };
    let service_share = (coverage.service && totals.service_cost.raw() > 0)
        .then(|| service_cost.to_f64() / totals.service_cost.to_f64());
    let effort_ratio = service_share.and_then(|s| {
        if revenue_share > 0.0 {
            Some(s / revenue_share)
        } else if s > 0.0 {
            Some(f64::INFINITY)
        } else {
            None
        }
    });
    let paid = f.invoices_paid;
    Characteristics {
        revenue,
        revenue_monthly: revenue.mul_f64(1.0 / months),
        revenue_lifetime: f.revenue_lifetime,
        revenue_previous: f.revenue_previous,
        growth: (f.revenue_previous.raw() > 0).then(|| rev / f.revenue_previous.to_f64() - 1.0),
        new_in_window: f
            .first_purchase
            .is_some_and(|d| d > window.start_exclusive()),
        gross_sales: f.gross_sales,
        returns: f.returns,
        return_rate: ratio(f.returns.to_f64(), f.gross_sales.to_f64()),
        cost_of_goods,
        gross_margin,
        gross_margin_rate: gross_margin.and_then(|g| ratio(g.to_f64(), rev).filter(|_| rev > 0.0)),
        discounts: f.discounts,
        discount_rate: coverage
            .discounts
            .then(|| ratio(f.discounts.to_f64(), (f.gross_sales + f.discounts).to_f64()))
            .flatten(),
        service_hours: f.service_millihours as f64 / 1000.0,
        service_cost,
        return_handling,
        cost_to_serve: service_cost + return_handling + f.discounts,
        profit,
        profit_margin: profit.and_then(|p| ratio(p.to_f64(), rev).filter(|_| rev > 0.0)),
        orders: f.orders,
        orders_per_month: f.orders as f64 / months,
        average_order_value: (f.orders > 0).then(|| revenue.mul_f64(1.0 / f.orders as f64)),
        products: coverage.products.then_some(f.products),
        first_purchase: f.first_purchase,
        last_purchase: f.last_purchase,
        recency_days: f.last_purchase.map(|d| window.as_of.days_since(d)),
        tenure_days: f.first_purchase.map(|d| window.as_of.days_since(d)),
        invoices: coverage.invoices.then_some(f.invoices),
        avg_days_late: coverage
            .invoices
            .then(|| ratio(f.days_late_sum as f64, paid as f64))
            .flatten(),
        on_time_rate: coverage
            .invoices
            .then(|| ratio(f.invoices_paid_on_time as f64, paid as f64))
            .flatten(),
        outstanding: coverage.invoices.then_some(f.outstanding),
        overdue: coverage.invoices.then_some(f.overdue),
        written_off: coverage.invoices.then_some(f.written_off),
        complaints: coverage.complaints.then_some(f.complaints),
        complaints_per_order: coverage
            .complaints
            .then(|| ratio(f.complaints as f64, f.orders as f64))
            .flatten(),
        complaints_open: coverage.complaints.then_some(f.complaints_open),
        avg_days_to_resolve: coverage
            .complaints
            .then(|| ratio(f.resolve_days_sum as f64, f.complaints_resolved as f64))
            .flatten(),
        revenue_share,
        service_share,
        effort_ratio,
    }
}

/// The totals over all customers' facts.
pub fn portfolio_totals(
    facts: &[CustomerFacts],
    coverage: &Coverage,
    settings: &Settings,
) -> PortfolioTotals {
    let mut t = PortfolioTotals::default();
    for f in facts {
        if f.revenue.raw() > 0 {
            t.positive_revenue += f.revenue;
        }
        t.service_cost += service_cost(f, coverage, settings);
    }
    t
}

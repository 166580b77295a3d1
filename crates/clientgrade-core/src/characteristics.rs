//! Characteristics: the per-customer measures derived from the facts.

use crate::growth::{self, GrowthBasis, GrowthCall};
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
    /// Revenue growth over the previous window, per day the customer
    /// existed in each (plain `revenue / revenue_previous − 1` for a customer
    /// present all along); `None` without revenue in both windows.
    pub growth: Option<f64>,
    /// Lower end of the growth interval (see [`crate::growth`]).
    pub growth_low: Option<f64>,
    /// Upper end of the growth interval.
    pub growth_high: Option<f64>,
    /// What the growth interval says against the Tier 1 growth threshold.
    pub growth_call: GrowthCall,
    /// Why there is a growth interval but no estimate, if so.
    pub growth_note: Option<&'static str>,
    /// Since when it is a customer: the customers table's customer-since
    /// date or the first purchase, whichever is earlier.
    pub customer_since: Option<Date>,
    /// Whether it became a customer inside the window.
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
    /// Gross margin in the previous window.
    pub gross_margin_previous: Option<Money>,
    /// Service cost in the previous window.
    pub service_cost_previous: Money,
    /// Profit in the previous window, computed like `profit`.
    pub profit_previous: Option<Money>,
    /// `profit_previous / revenue_previous`.
    pub profit_margin_previous: Option<f64>,
    /// Service events in the window.
    pub service_events: u64,
    /// Distinct orders in the window.
    pub orders: u64,
    /// Distinct orders in the previous window.
    pub orders_previous: u64,
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
    /// Share of the portfolio's service cost (of its service events when
    /// service is not priced: no hours, no cost, no cost per event).
    pub service_share: Option<f64>,
    /// `service_share / revenue_share`: above 1, the customer takes more effort
    /// than its revenue would justify.
    pub effort_ratio: Option<f64>,
    /// Whether service effort is priced, and so already inside profit.
    pub effort_in_profit: bool,
    /// Share of the previous window and of the window during which it was
    /// a customer and the data covered it (1.0 = all of it).
    pub exposure: [f64; 2],
    /// Days in the window (the previous window is as long).
    pub window_days: i32,
    /// Whether cost of goods is assumed (`costs.assumed-gross-margin`, the
    /// same rate for everyone) rather than measured.
    pub margin_assumed: bool,
}

/// Portfolio totals that shares are measured against.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PortfolioTotals {
    /// Sum of positive window revenues.
    pub positive_revenue: Money,
    /// Sum of service costs.
    pub service_cost: Money,
    /// Sum of service events.
    pub service_events: u64,
    /// What every customer's growth judgement is measured against.
    pub growth: GrowthBasis,
}

/// Service cost from hours, direct cost and events under the settings.
fn priced(millihours: i64, direct: Money, events: u64, coverage: &Coverage, s: &Settings) -> Money {
    let hours = Money::from_raw(millihours.saturating_mul(10))
        .mul_f64(s.costs.hourly_rate_money().to_f64());
    let per_event = if coverage.service_costed {
        Money::ZERO
    } else {
        Money::from_f64(s.costs.cost_per_service_event * events as f64).unwrap_or(Money::ZERO)
    };
    hours + direct + per_event
}

/// Service cost of one customer's facts under the settings.
pub fn service_cost(f: &CustomerFacts, coverage: &Coverage, s: &Settings) -> Money {
    priced(
        f.service_millihours,
        f.service_direct_cost,
        f.service_events,
        coverage,
        s,
    )
}

/// Whether service effort is priced (hours or cost columns, or a cost per
/// event), so that profit already carries it.
pub fn service_priced(coverage: &Coverage, s: &Settings) -> bool {
    coverage.service && (coverage.service_costed || s.costs.cost_per_service_event > 0.0)
}

/// The acquisition purchase to leave out of the growth judgement: the first
/// purchase, when it is what tells the customer's start (no earlier
/// customer-since date) and it is not simply the first day of the data.
pub fn acquisition(
    f: &CustomerFacts,
    bounds: &crate::WindowBounds,
    data_start: Option<Date>,
) -> growth::Acquisition {
    let first = f.first_purchase?;
    if f.customer_since.is_some_and(|s| s < first) || data_start.is_some_and(|d| first <= d) {
        return None;
    }
    Some((bounds.part(first)?, f.first_day_value))
}

/// The customer's start for the growth judgement and tenure: the earlier of
/// its customer-since date and its first purchase.
pub fn customer_start(f: &CustomerFacts) -> Option<Date> {
    match (f.customer_since, f.first_purchase) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
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
    // An assumed margin is a margin on list price: the goods cost the same
    // whatever discount was given, so a discount comes out of the margin.
    let cost_of = |revenue: Money, discounts: Money, cost: Money| {
        if coverage.cost_of_goods {
            Some(cost)
        } else {
            settings
                .costs
                .assumed_gross_margin
                .map(|m| (revenue + discounts).mul_f64(1.0 - m))
        }
    };
    let cost_of_goods = cost_of(revenue, f.discounts, f.cost_of_goods);
    let gross_margin = cost_of_goods.map(|c| revenue - c);
    let service_cost = service_cost(f, coverage, settings);
    let handling = |lines: u64| {
        Money::from_f64(settings.costs.return_handling_cost)
            .unwrap_or(Money::ZERO)
            .mul_f64(lines as f64)
    };
    let return_handling = handling(f.return_lines);
    let profit = gross_margin.map(|g| g - service_cost - return_handling);
    let gross_margin_previous = cost_of(f.revenue_previous, Money::ZERO, f.cost_of_goods_previous)
        .map(|c| f.revenue_previous - c);
    let service_cost_previous = priced(
        f.service_millihours_previous,
        f.service_direct_cost_previous,
        f.service_events_previous,
        coverage,
        settings,
    );
    let profit_previous = gross_margin_previous
        .map(|g| g - service_cost_previous - handling(f.return_lines_previous));
    let rev = revenue.to_f64();
    let revenue_share = if totals.positive_revenue.raw() > 0 && revenue.raw() > 0 {
        revenue.to_f64() / totals.positive_revenue.to_f64()
    } else {
        0.0
    };
    let effort_in_profit = service_priced(coverage, settings);
    let service_share = if effort_in_profit {
        (totals.service_cost.raw() > 0)
            .then(|| service_cost.to_f64() / totals.service_cost.to_f64())
    } else {
        (coverage.service && totals.service_events > 0)
            .then(|| f.service_events as f64 / totals.service_events as f64)
    };
    let effort_ratio = service_share.and_then(|s| {
        if revenue_share > 0.0 {
            Some(s / revenue_share)
        } else if s > 0.0 {
            Some(f64::INFINITY)
        } else {
            None
        }
    });
    let start = customer_start(f);
    let bounds = window.bounds();
    let exposed = growth::exposures(&bounds, start, totals.growth.data_start);
    let growth = growth::judge(
        &f.revenue_parts,
        acquisition(f, &bounds, totals.growth.data_start),
        &exposed,
        f.orders + f.orders_previous,
        &totals.growth,
        settings.tiers.growth_confidence,
        settings.tiers.tier1_min_growth,
    );
    let paid = f.invoices_paid;
    Characteristics {
        revenue,
        revenue_monthly: revenue.mul_f64(1.0 / months),
        revenue_lifetime: f.revenue_lifetime,
        revenue_previous: f.revenue_previous,
        growth: growth.estimate,
        growth_low: growth.low,
        growth_high: growth.high,
        growth_call: growth.call,
        growth_note: growth.note,
        customer_since: start,
        new_in_window: start.is_some_and(|d| d > window.start_exclusive()),
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
        gross_margin_previous,
        service_cost_previous,
        profit_previous,
        profit_margin_previous: profit_previous.and_then(|p| {
            ratio(p.to_f64(), f.revenue_previous.to_f64()).filter(|_| f.revenue_previous.raw() > 0)
        }),
        service_events: f.service_events,
        orders: f.orders,
        orders_previous: f.orders_previous,
        orders_per_month: f.orders as f64 / months,
        average_order_value: (f.orders > 0).then(|| revenue.mul_f64(1.0 / f.orders as f64)),
        products: coverage.products.then_some(f.products),
        first_purchase: f.first_purchase,
        last_purchase: f.last_purchase,
        recency_days: f.last_purchase.map(|d| window.as_of.days_since(d)),
        tenure_days: start.map(|d| window.as_of.days_since(d)),
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
        effort_in_profit,
        exposure: [
            exposed[..4].iter().sum::<f64>() / 4.0,
            exposed[4..].iter().sum::<f64>() / 4.0,
        ],
        window_days: window.as_of.days_since(window.start_exclusive()),
        margin_assumed: !coverage.cost_of_goods && settings.costs.assumed_gross_margin.is_some(),
    }
}

/// The totals over all customers' facts, and the basis of their growth
/// judgements.
pub fn portfolio_totals(
    facts: &[CustomerFacts],
    coverage: &Coverage,
    settings: &Settings,
    window: &AnalysisWindow,
) -> PortfolioTotals {
    let mut t = PortfolioTotals::default();
    for f in facts {
        if f.revenue.raw() > 0 {
            t.positive_revenue += f.revenue;
        }
        t.service_cost += service_cost(f, coverage, settings);
        t.service_events += f.service_events;
    }
    let data_start = facts.iter().filter_map(|f| f.first_purchase).min();
    let bounds = window.bounds();
    let parts: Vec<_> = facts
        .iter()
        .map(|f| {
            (
                f.revenue_parts,
                acquisition(f, &bounds, data_start),
                growth::exposures(&bounds, customer_start(f), data_start),
                f.orders + f.orders_previous,
            )
        })
        .collect();
    t.growth = growth::basis(&parts, window.months, data_start);
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{d, steady};

    /// One customer's characteristics: `shape` sets its facts, `cover` the
    /// tables given, `set` the settings; graded alone as of 2025-12-31
    /// over twelve months.
    fn of(
        shape: impl FnOnce(&mut CustomerFacts),
        cover: impl FnOnce(&mut Coverage),
        set: impl FnOnce(&mut Settings),
    ) -> Characteristics {
        let mut f = steady("A", 9_000, 10_000, 5, 6_000);
        shape(&mut f);
        let mut coverage = Coverage {
            cost_of_goods: true,
            ..Coverage::default()
        };
        cover(&mut coverage);
        let mut settings = Settings::default();
        set(&mut settings);
        let window = AnalysisWindow::new(Date::from_ymd(2025, 12, 31).unwrap(), 12);
        let facts = [f];
        let totals = portfolio_totals(&facts, &coverage, &settings, &window);
        characteristics(&facts[0], &coverage, &settings, &window, &totals)
    }

    fn money(units: i64) -> Money {
        Money::from_units(units)
    }

    #[test]
    fn profit_is_margin_less_service_and_return_handling() {
        let c = of(
            |f| {
                f.service_millihours = 10_500; // 10.5 hours
                f.service_direct_cost = money(100);
                f.service_events = 4;
                f.return_lines = 3;
            },
            |cv| {
                cv.service = true;
                cv.service_costed = true;
            },
            |s| s.costs.return_handling_cost = 20.0,
        );
        assert_eq!(c.gross_margin, Some(money(4_000)));
        // 10.5 h × 60 + 100 direct; events are not priced when service is costed
        assert_eq!(c.service_cost, money(730));
        assert_eq!(c.return_handling, money(60));
        assert_eq!(c.profit, Some(money(4_000 - 730 - 60)));
        assert_eq!(c.profit_margin, Some(0.321));
        assert!(c.effort_in_profit);
        assert_eq!(c.service_hours, 10.5);
    }

    #[test]
    fn unpriced_events_cost_their_rate_only_without_hours_or_costs() {
        let c = of(
            |f| f.service_events = 4,
            |cv| cv.service = true,
            |s| s.costs.cost_per_service_event = 25.0,
        );
        assert_eq!(c.service_cost, money(100));
        assert!(c.effort_in_profit);
        let c = of(|f| f.service_events = 4, |cv| cv.service = true, |_| {});
        assert_eq!(c.service_cost, Money::ZERO);
        assert!(
            !c.effort_in_profit,
            "events without a price are not in profit"
        );
        assert_eq!(
            c.service_share,
            Some(1.0),
            "the share counts events instead"
        );
    }

    #[test]
    fn an_assumed_margin_is_on_list_price_so_discounts_come_out_of_it() {
        let c = of(
            |f| f.discounts = money(1_000),
            |cv| {
                cv.cost_of_goods = false;
                cv.discounts = true;
            },
            |s| s.costs.assumed_gross_margin = Some(0.3),
        );
        // goods cost 70% of 11,000 list price; margin 10,000 − 7,700
        assert_eq!(c.cost_of_goods, Some(money(7_700)));
        assert_eq!(c.gross_margin, Some(money(2_300)));
        assert!(c.margin_assumed);
        assert_eq!(c.discount_rate, Some(1_000.0 / 11_000.0));
        assert_eq!(c.cost_to_serve, money(1_000));
        // without a cost column and without an assumed margin there is no profit
        let c = of(|_| {}, |cv| cv.cost_of_goods = false, |_| {});
        assert_eq!(
            (c.cost_of_goods, c.profit, c.profit_margin),
            (None, None, None)
        );
        assert!(!c.margin_assumed);
    }

    #[test]
    fn a_ratio_without_its_denominator_or_its_table_is_missing() {
        let c = of(
            |f| {
                f.revenue = money(-200);
                f.gross_sales = Money::ZERO;
                f.orders = 0;
            },
            |cv| cv.invoices = true,
            |_| {},
        );
        assert_eq!(c.return_rate, None, "no gross sales");
        assert_eq!(c.profit_margin, None, "no positive revenue");
        assert_eq!(c.gross_margin_rate, None);
        assert_eq!(c.average_order_value, None, "no order");
        assert_eq!(c.avg_days_late, None, "no paid invoice");
        assert_eq!(c.invoices, Some(0), "invoices given: zero, not missing");
        assert_eq!(c.revenue_share, 0.0);
        // tables not given: missing, not zero
        let c = of(|_| {}, |_| {}, |_| {});
        assert_eq!(
            (c.invoices, c.outstanding, c.complaints),
            (None, None, None)
        );
        assert_eq!(
            (c.products, c.discount_rate, c.service_share),
            (None, None, None)
        );
    }

    #[test]
    fn payments_and_complaints_are_averaged_over_what_they_count() {
        let c = of(
            |f| {
                f.invoices = 5;
                f.invoices_paid = 4;
                f.invoices_paid_on_time = 3;
                f.days_late_sum = 30;
                f.complaints = 2;
                f.complaints_resolved = 1;
                f.resolve_days_sum = 9;
            },
            |cv| {
                cv.invoices = true;
                cv.complaints = true;
            },
            |_| {},
        );
        assert_eq!(c.on_time_rate, Some(0.75));
        assert_eq!(c.avg_days_late, Some(7.5));
        assert_eq!(c.complaints_per_order, Some(0.4));
        assert_eq!(c.avg_days_to_resolve, Some(9.0));
    }

    #[test]
    fn a_customer_starts_at_its_earlier_date_and_is_new_only_inside_the_window() {
        let c = of(|f| f.customer_since = d("2019-05-01"), |_| {}, |_| {});
        assert_eq!(c.customer_since, d("2019-05-01"));
        assert!(!c.new_in_window);
        assert_eq!(
            c.tenure_days,
            Some(
                Date::from_ymd(2025, 12, 31)
                    .unwrap()
                    .days_since(d("2019-05-01").unwrap())
            )
        );
        let c = of(
            |f| {
                f.customer_since = d("2025-06-01");
                f.first_purchase = d("2025-03-01");
            },
            |_| {},
            |_| {},
        );
        assert_eq!(
            c.customer_since,
            d("2025-03-01"),
            "the first purchase is earlier"
        );
        assert!(c.new_in_window);
    }
}

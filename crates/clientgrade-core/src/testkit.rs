//! Test helpers of the grading rules: customers with a given shape, a portfolio graded around them.

use crate::{grade, AnalysisWindow, Coverage, CustomerFacts, CustomerId, Date, Money, Settings};

pub(crate) fn d(s: &str) -> Option<Date> {
    Date::parse_iso(s)
}

/// A customer buying in both windows since 2021: revenue before and now,
/// spread evenly over the quarters, `orders` orders in each window, cost of goods now.
pub(crate) fn steady(id: &str, before: i64, now: i64, orders: u64, cost: i64) -> CustomerFacts {
    let q = |v: i64| Money::from_units(v / 4);
    CustomerFacts {
        id: Some(CustomerId::new(id)),
        revenue: Money::from_units(now),
        revenue_previous: Money::from_units(before),
        revenue_parts: [
            q(before),
            q(before),
            q(before),
            q(before),
            q(now),
            q(now),
            q(now),
            q(now),
        ],
        cost_of_goods: Money::from_units(cost),
        gross_sales: Money::from_units(now),
        orders,
        orders_previous: orders,
        orders_lifetime: 3 * orders,
        first_purchase: d("2021-02-01"),
        last_purchase: d("2025-12-01"),
        purchase_days: 3 * orders,
        ..CustomerFacts::default()
    }
}

/// `n` ordinary customers around them: 1,000 to 6,000 a year at 18–26%
/// gross margin, flat with noise, 3 to 14 orders (a deterministic spread).
pub(crate) fn background(n: usize) -> Vec<CustomerFacts> {
    (0..n)
        .map(|k| {
            let x = (k * 37 % 100) as i64;
            let now = 1_000 + 50 * x + 13 * (k as i64 % 7);
            let before = now * (95 + (k as i64 * 11 % 13)) / 100;
            let margin = 18 + (k as i64 * 7 % 9);
            let mut f = steady(
                &format!("BG{k:03}"),
                before,
                now,
                3 + (k as u64 * 5 % 12),
                now * (100 - margin) / 100,
            );
            f.revenue_parts[4 + k % 4] += Money::from_units(now / 10);
            f.revenue_parts[4 + (k + 2) % 4] -= Money::from_units(now / 10);
            f
        })
        .collect()
}

pub(crate) fn portfolio(facts: Vec<CustomerFacts>, service_costed: bool) -> crate::Portfolio {
    let coverage = Coverage {
        cost_of_goods: true,
        service: true,
        service_costed,
        ..Coverage::default()
    };
    graded(facts, coverage)
}

/// `facts` graded with `coverage` as of 2025-12-31, twelve months, default settings.
pub(crate) fn graded(facts: Vec<CustomerFacts>, coverage: Coverage) -> crate::Portfolio {
    let w = AnalysisWindow::new(Date::from_ymd(2025, 12, 31).unwrap(), 12);
    grade(facts, coverage, &Settings::default(), w)
}

/// A graded customer's id.
pub(crate) fn id_of(g: &crate::GradedCustomer) -> &str {
    g.facts.id.as_ref().unwrap().expose()
}

/// The position of customer `id` in the portfolio.
pub(crate) fn position(p: &crate::Portfolio, id: &str) -> usize {
    p.customers.iter().position(|g| id_of(g) == id).unwrap()
}

pub(crate) fn find<'a>(p: &'a crate::Portfolio, id: &str) -> &'a crate::GradedCustomer {
    &p.customers[position(p, id)]
}

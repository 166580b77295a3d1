//! The latent parameters of each planted customer: its archetype's margins, growth, ordering rhythm, seasonality and service.

use clientgrade_core::Date;

use crate::{Archetype, Rng};

/// A change of a customer's behaviour: from `resume` on it follows `next`.
#[derive(Clone)]
pub(crate) struct Change {
    /// The last day of the first regime (its last order, when `gap`).
    pub(crate) stop: Date,
    /// The first day of the second regime (its first order, when `gap`).
    pub(crate) resume: Date,
    /// Whether it bought nothing between the two (a customer won back).
    pub(crate) gap: bool,
    /// The parameters from `resume` on.
    pub(crate) next: Box<Plan>,
}

/// One customer's latent parameters, drawn before any row is written.
#[derive(Clone)]
pub(crate) struct Plan {
    pub(crate) archetype: Archetype,
    /// Acquisition date (the customers table's `customer_since`).
    pub(crate) start: Date,
    /// Last day it buys (lapsed and lost customers).
    pub(crate) stop: Option<Date>,
    /// Acquired inside the window.
    pub(crate) new: bool,
    /// Expected revenue per year at the middle of the window.
    pub(crate) annual: f64,
    /// Expected orders per year at the middle of the window.
    pub(crate) orders_per_year: f64,
    /// Yearly growth factor of revenue (1.0 = flat).
    pub(crate) growth: f64,
    /// Share of the growth carried by the number of orders (the rest by their value).
    pub(crate) count_share: f64,
    /// Log-scale spread of order values.
    pub(crate) value_sigma: f64,
    /// Shape of the monthly gamma factor of the order rate (smaller = burstier).
    pub(crate) burst: f64,
    /// Index into the seasonal profiles.
    pub(crate) industry: usize,
    pub(crate) gross_margin: f64,
    /// Expected service cost over expected revenue.
    pub(crate) service_share: f64,
    /// Expected service events per year.
    pub(crate) events_per_year: f64,
    /// Share of the service cost that is direct cost (travel, parts) on visits.
    pub(crate) direct_share: f64,
    /// Share of the service cost that follows the orders (deliveries,
    /// installations, order problems); the rest is account care over time.
    pub(crate) activity_share: f64,
    /// Small customers: exactly one visit of this many hours in the window.
    pub(crate) one_visit_hours: Option<f64>,
    /// Deal-seekers buy only in promotion months.
    pub(crate) promotions: bool,
    pub(crate) discount_rate: f64,
    pub(crate) return_rate: f64,
    /// Payment delay after the due date, in days (uniform range).
    pub(crate) pay_delay: (i64, i64),
    pub(crate) unpaid: f64,
    pub(crate) complaints_per_order: f64,
    /// At least this many complaints in the window.
    pub(crate) min_complaints: u32,
    /// Returns take back whole orders (else part of one line).
    pub(crate) returns_whole_orders: bool,
    /// The red flags this customer was built to raise, by name.
    pub(crate) planted: Vec<&'static str>,
    /// Expected profit margin after the cost to serve (in the previous
    /// window for lapsed customers).
    pub(crate) profit_margin: f64,
    /// A change of behaviour in the window (planted movements).
    pub(crate) change: Option<Change>,
}

pub(crate) const INDUSTRIES: [&str; 6] = [
    "Manufacturing",
    "Retail",
    "Healthcare",
    "Construction",
    "Hospitality",
    "Logistics",
];
/// Monthly order-rate multipliers (January first) per industry, mean 1.
pub(crate) const SEASONS: [[f64; 12]; 6] = [
    // manufacturing: summer and Christmas shutdowns
    [
        1.0, 1.05, 1.1, 1.05, 1.05, 1.0, 0.8, 0.7, 1.1, 1.15, 1.1, 0.9,
    ],
    // retail: stocking up for the autumn and Christmas
    [
        0.6, 0.7, 0.85, 0.9, 0.9, 0.85, 0.85, 1.0, 1.2, 1.35, 1.5, 1.3,
    ],
    // healthcare: flat
    [
        1.05, 1.0, 1.0, 1.0, 0.95, 1.0, 0.95, 0.95, 1.0, 1.05, 1.05, 1.0,
    ],
    // construction: the building season
    [0.5, 0.6, 0.9, 1.2, 1.35, 1.4, 1.3, 1.25, 1.2, 1.0, 0.7, 0.6],
    // hospitality: summer
    [
        0.7, 0.7, 0.85, 1.0, 1.25, 1.4, 1.45, 1.35, 1.0, 0.85, 0.7, 0.7,
    ],
    // logistics: peak season in November
    [
        0.9, 0.85, 0.95, 0.95, 0.95, 0.95, 0.9, 0.95, 1.0, 1.15, 1.35, 1.1,
    ],
];
/// Months with a promotion (deal-seekers buy only then).
pub(crate) const PROMOTION_MONTHS: [u32; 4] = [3, 6, 9, 11];

/// Gamma-distributed with the given mean and shape.
pub(crate) fn gamma_mean(rng: &mut Rng, mean: f64, shape: f64) -> f64 {
    rng.gamma(shape, shape / mean)
}

pub(crate) fn plan(archetype: Archetype, rng: &mut Rng, as_of: Date) -> Plan {
    let months_ago = |rng: &mut Rng, lo: f64, hi: f64| {
        let m = rng.uniform(lo, hi);
        as_of
            .add_months(-(m as i32))
            .add_days(-rng.range(0, 27) as i32)
    };
    let mut p = Plan {
        archetype,
        start: months_ago(rng, 25.0, 60.0),
        stop: None,
        new: false,
        annual: rng.lognormal(22_000.0, 0.9),
        orders_per_year: gamma_mean(rng, 14.0, 2.0).max(3.0),
        growth: rng.uniform(0.92, 1.08),
        count_share: rng.uniform(0.4, 0.9),
        value_sigma: rng.uniform(0.3, 0.8),
        burst: rng.uniform(3.0, 12.0),
        industry: (rng.next_u64() % INDUSTRIES.len() as u64) as usize,
        gross_margin: 0.0,
        service_share: rng.uniform(0.02, 0.10),
        events_per_year: 0.0,
        direct_share: if rng.chance(0.4) {
            rng.uniform(0.05, 0.2)
        } else {
            0.0
        },
        activity_share: rng.uniform(0.4, 0.9),
        one_visit_hours: None,
        promotions: false,
        discount_rate: rng.uniform(0.0, 0.05),
        return_rate: rng.uniform(0.0, 0.03),
        pay_delay: (-10, 3),
        unpaid: 0.0,
        complaints_per_order: 0.02,
        min_complaints: 0,
        returns_whole_orders: false,
        planted: Vec::new(),
        profit_margin: 0.0,
        change: None,
    };
    let new = |rng: &mut Rng, p: &mut Plan| {
        p.start = months_ago(rng, 1.0, 11.0);
        p.new = true;
        p.growth = 1.0;
        // a new customer's effort is onboarding: it follows its orders
        p.activity_share = rng.uniform(0.8, 0.95);
    };
    match archetype {
        Archetype::Ideal => {
            p.annual = rng.lognormal(35_000.0, 0.9);
            p.orders_per_year = gamma_mean(rng, 18.0, 2.5).max(3.0);
            p.profit_margin = rng.uniform(0.32, 0.48);
            p.service_share = rng.uniform(0.02, 0.08);
            p.complaints_per_order = 0.005;
            if rng.chance(0.35) {
                new(rng, &mut p);
            } else {
                p.growth = rng.uniform(1.15, 1.8);
            }
        }
        Archetype::Good => {
            p.profit_margin = rng.uniform(0.10, 0.22);
            if rng.chance(0.1) {
                // new, but not profitable enough to be ideal
                new(rng, &mut p);
                p.profit_margin = rng.uniform(0.10, 0.17);
            }
        }
        Archetype::Fading => {
            p.annual = rng.lognormal(30_000.0, 0.8);
            p.orders_per_year = gamma_mean(rng, 20.0, 2.5).max(4.0);
            p.profit_margin = rng.uniform(0.32, 0.45);
            p.service_share = rng.uniform(0.02, 0.06);
            p.growth = rng.uniform(0.4, 0.65);
        }
        Archetype::Small => {
            p.annual = rng.lognormal(5_000.0, 0.35);
            p.orders_per_year = rng.uniform(4.0, 8.0);
            p.value_sigma = rng.uniform(0.3, 0.5);
            p.profit_margin = rng.uniform(0.10, 0.22);
            let hours = (rng.uniform(1.0, 3.0) * 2.0).round() / 2.0;
            p.one_visit_hours = Some(hours);
            p.service_share = hours * 60.0 / p.annual;
            p.direct_share = 0.0;
            p.activity_share = 0.0;
        }
        Archetype::Dominant => {
            p.orders_per_year = 52.0;
            p.value_sigma = 0.3;
            p.burst = 20.0;
            p.profit_margin = rng.uniform(0.10, 0.13);
            p.service_share = rng.uniform(0.03, 0.05);
            p.growth = rng.uniform(0.97, 1.03);
            p.start = months_ago(rng, 48.0, 60.0);
        }
        Archetype::BreakEven => {
            p.annual = rng.lognormal(15_000.0, 0.8);
            p.orders_per_year = gamma_mean(rng, 16.0, 3.0).max(4.0);
            p.profit_margin = rng.uniform(-0.005, 0.015);
            p.service_share = rng.uniform(0.02, 0.05);
            p.pay_delay = (-5, 15);
            p.complaints_per_order = 0.05;
            p.return_rate = rng.uniform(0.02, 0.08);
        }
        Archetype::MoneyLoser => {
            // Always a late payer; each other trouble planted by chance and
            // recorded, so that the red flags can be checked against it.
            p.annual = rng.lognormal(8_000.0, 0.8);
            p.orders_per_year = gamma_mean(rng, 12.0, 3.0).max(3.0);
            p.growth = rng.uniform(0.85, 1.1);
            p.pay_delay = (20, 90);
            p.unpaid = 0.12;
            // its effort comes with its orders: tickets, rework, returns
            p.activity_share = rng.uniform(0.7, 0.95);
            p.planted.push("pays late");
            if rng.chance(0.7) {
                // loses through service effort
                p.profit_margin = rng.uniform(-0.45, -0.22);
                p.service_share = rng.uniform(0.35, 0.6);
                p.planted.push("consumes effort");
            } else {
                // loses on price: sold below cost, little service
                p.profit_margin = rng.uniform(-0.18, -0.07);
                p.service_share = rng.uniform(0.005, 0.02);
            }
            if rng.chance(0.6) {
                p.complaints_per_order = 0.5;
                p.min_complaints = 3;
                p.planted.push("complains");
            }
            if rng.chance(0.4) {
                p.return_rate = 0.5;
                p.returns_whole_orders = true;
                p.planted.push("returns a lot");
            }
            if rng.chance(0.1) {
                new(rng, &mut p);
            }
        }
        Archetype::DealSeeker => {
            p.annual = rng.lognormal(4_000.0, 0.6);
            p.profit_margin = rng.uniform(0.0, 0.015);
            p.service_share = rng.uniform(0.005, 0.015);
            p.discount_rate = rng.uniform(0.25, 0.35);
            p.planted.push("demands concessions");
            p.start = months_ago(rng, 14.0, 30.0);
            p.orders_per_year = 4.5;
            p.promotions = true;
            p.growth = 1.0;
            p.complaints_per_order = 0.10;
            p.return_rate = rng.uniform(0.02, 0.06);
        }
        Archetype::Lapsed | Archetype::LapsedLoser => {
            p.stop = Some(months_ago(rng, 13.0, 23.0));
            p.growth = 1.0;
            if archetype == Archetype::Lapsed {
                p.profit_margin = rng.uniform(0.12, 0.40);
            } else {
                p.profit_margin = rng.uniform(-0.40, -0.15);
                p.service_share = rng.uniform(0.35, 0.55);
                p.pay_delay = (10, 60);
            }
        }
        Archetype::Lost => {
            p.start = months_ago(rng, 40.0, 60.0);
            p.stop = Some(months_ago(rng, 25.0, 33.0));
            p.growth = 1.0;
            p.profit_margin = rng.uniform(-0.1, 0.3);
        }
        Archetype::Slipping | Archetype::Rising | Archetype::WonBack => {
            p.growth = 1.0;
            p.profit_margin = rng.uniform(0.12, 0.35);
            if archetype == Archetype::Rising {
                // a regular buyer: its growth shows through the noise of its orders
                p.profit_margin = rng.uniform(0.08, 0.15);
                p.orders_per_year = p.orders_per_year.max(10.0);
            } else if archetype == Archetype::Slipping {
                // a regular buyer: with three orders a year nobody can tell
                // a good customer from a lucky one
                p.orders_per_year = p.orders_per_year.max(8.0);
            }
        }
    }
    finish(&mut p, rng);
    if matches!(
        archetype,
        Archetype::Slipping | Archetype::Rising | Archetype::WonBack
    ) {
        change(&mut p, rng, as_of);
    }
    p
}

/// The second regime of a planted movement, which begins early in the
/// window: one year before the last day of data, plus up to two months.
fn change(p: &mut Plan, rng: &mut Rng, as_of: Date) {
    let year_before = as_of.add_months(-12);
    let mut q = p.clone();
    let at = year_before.add_days(rng.range(1, 60) as i32);
    let (stop, resume, gap) = match p.archetype {
        Archetype::Slipping => {
            // price pressure, or service effort out of hand: the margin
            // after the cost to serve goes below zero; it buys somewhat less
            q.annual = p.annual * rng.uniform(0.6, 1.0);
            q.profit_margin = rng.uniform(-0.15, 0.0);
            if rng.chance(0.5) {
                q.service_share = rng.uniform(0.30, 0.50);
                q.activity_share = rng.uniform(0.7, 0.95);
            }
            (at.add_days(-1), at, false)
        }
        Archetype::Rising => {
            // a better mix and more volume
            let more = rng.uniform(1.5, 2.2);
            q.annual = p.annual * more;
            q.orders_per_year = p.orders_per_year * more.sqrt();
            q.profit_margin = rng.uniform(0.35, 0.50);
            q.service_share = rng.uniform(0.02, 0.06);
            (at.add_days(-1), at, false)
        }
        _ => {
            // won back: its last order 25 to 35 months ago, back early in the window
            p.start = as_of
                .add_months(-(rng.uniform(40.0, 60.0) as i32))
                .add_days(-rng.range(0, 27) as i32);
            let last = as_of
                .add_months(-(rng.uniform(25.0, 35.0) as i32))
                .add_days(-rng.range(0, 27) as i32);
            q.start = p.start;
            q.profit_margin = rng.uniform(0.10, 0.17);
            (last, year_before.add_days(rng.range(30, 120) as i32), true)
        }
    };
    finish(&mut q, rng);
    p.change = Some(Change {
        stop,
        resume,
        gap,
        next: Box::new(q),
    });
}

/// The parameters that follow from the margin and service share: gross
/// margin and the number of service events.
fn finish(p: &mut Plan, rng: &mut Rng) {
    let archetype = p.archetype;
    p.gross_margin = p.profit_margin + p.service_share;
    if p.one_visit_hours.is_none() {
        // several events a year of a few hours each, more for bigger customers
        let cost = p.service_share * p.annual * (1.0 - p.direct_share);
        p.events_per_year = (cost / (60.0 * rng.uniform(1.5, 4.0))).clamp(0.5, 60.0);
        // customers whose effort decides their tier need it often, not in one lump
        let heavy = p.service_share >= 0.3
            || matches!(archetype, Archetype::BreakEven | Archetype::MoneyLoser);
        if heavy {
            let floor = if p.service_share >= 0.3 {
                rng.uniform(20.0, 50.0)
            } else {
                rng.uniform(8.0, 20.0)
            };
            p.events_per_year = p.events_per_year.max(floor);
        }
    }
}

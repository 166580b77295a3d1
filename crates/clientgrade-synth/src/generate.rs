//! The generator: plans each customer from its archetype, then writes its rows to every table.

use clientgrade_core::{Date, Money, Value, ValueKind};

use crate::{Archetype, Rng};

/// The tables the generator writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SynthTable {
    /// Customer attributes.
    Customers,
    /// Sales lines.
    Transactions,
    /// One invoice per order.
    Invoices,
    /// Service effort.
    Service,
    /// Complaints.
    Complaints,
    /// `customer_id,archetype,expected_tier,planted_flags`.
    Truth,
}

impl SynthTable {
    /// All tables.
    pub const ALL: [SynthTable; 6] = [
        SynthTable::Customers,
        SynthTable::Transactions,
        SynthTable::Invoices,
        SynthTable::Service,
        SynthTable::Complaints,
        SynthTable::Truth,
    ];

    /// File name without extension.
    pub fn stem(self) -> &'static str {
        match self {
            SynthTable::Customers => "customers",
            SynthTable::Transactions => "transactions",
            SynthTable::Invoices => "invoices",
            SynthTable::Service => "service",
            SynthTable::Complaints => "complaints",
            SynthTable::Truth => "truth",
        }
    }

    /// Column names and types.
    pub fn columns(self) -> &'static [(&'static str, ValueKind)] {
        use ValueKind::*;
        match self {
            SynthTable::Customers => &[
                ("customer_id", Text),
                ("name", Text),
                ("account_manager", Text),
                ("region", Text),
                ("industry", Text),
                ("acquired", Date),
            ],
            SynthTable::Transactions => &[
                ("customer_id", Text),
                ("date", Date),
                ("invoice_id", Text),
                ("product", Text),
                ("amount", Money),
                ("cost", Money),
                ("discount", Money),
            ],
            SynthTable::Invoices => &[
                ("invoice_id", Text),
                ("customer_id", Text),
                ("issue_date", Date),
                ("due_date", Date),
                ("amount", Money),
                ("paid_date", Date),
                ("written_off", Text),
            ],
            SynthTable::Service => &[
                ("customer_id", Text),
                ("date", Date),
                ("kind", Text),
                ("hours", Money),
                ("cost", Money),
            ],
            SynthTable::Complaints => &[
                ("customer_id", Text),
                ("date", Date),
                ("severity", Text),
                ("resolved_date", Date),
            ],
            SynthTable::Truth => &[
                ("customer_id", Text),
                ("archetype", Text),
                ("expected_tier", Int),
                ("planted_flags", Text),
            ],
        }
    }
}

/// Where generated rows go (files, memory, a counter).
pub trait Sink {
    /// The sink's error.
    type Error;
    /// Take one row of `table`, values in [`SynthTable::columns`] order.
    fn row(&mut self, table: SynthTable, row: &[Value<'_>]) -> Result<(), Self::Error>;
}

/// What to generate.
#[derive(Clone, Debug)]
pub struct SynthConfig {
    /// Number of customers (about 150 transaction rows each).
    pub customers: u64,
    /// Random seed.
    pub seed: u64,
    /// The last day of data.
    pub as_of: Date,
    /// Hourly rate the service effort is priced at (must match the analysis's
    /// `costs.hourly-rate` for the planted tiers to hold).
    pub hourly_rate: f64,
    /// Share of extra corrupted transaction rows (bad dates, bad amounts,
    /// missing ids), for testing rejects; 0 for clean data.
    pub messy: f64,
}

impl SynthConfig {
    /// Clean data for `customers` customers ending 2025-12-31, hourly rate 60.
    pub fn new(customers: u64, seed: u64) -> SynthConfig {
        SynthConfig {
            customers,
            seed,
            as_of: Date::from_ymd(2025, 12, 31).expect("valid date"),
            hourly_rate: 60.0,
            messy: 0.0,
        }
    }
}

/// What was generated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SynthSummary {
    rows: [u64; 6],
    /// Corrupted transaction rows written, by kind: bad date, bad amount, missing customer id.
    pub messy: [u64; 3],
    /// Customers per archetype, in [`Archetype::ALL`] order.
    pub archetypes: [u64; 6],
}

impl SynthSummary {
    /// Rows written to `table` (corrupted rows included).
    pub fn rows(&self, table: SynthTable) -> u64 {
        self.rows[table as usize]
    }
}

/// One customer's plan, drawn before any row is written.
struct Plan {
    archetype: Archetype,
    /// Revenue per year in the current window.
    annual: f64,
    /// Current-window revenue over previous-window revenue, minus one.
    growth: f64,
    /// First day of business.
    start: Date,
    orders_per_year: f64,
    gross_margin: f64,
    /// Target profit margin after the cost of service.
    profit_margin: f64,
    discount_rate: f64,
    return_rate: f64,
    /// Payment delay after the due date, in days (uniform range).
    pay_delay: (i64, i64),
    unpaid: f64,
    complaints_per_order: f64,
    /// At least this many complaints in the window.
    min_complaints: u32,
    /// Returns take back whole orders (else part of one line).
    returns_whole_orders: bool,
    /// The red flags this customer was built to raise, by name.
    planted: Vec<&'static str>,
}

const MANAGERS: [&str; 8] = [
    "A. Berger",
    "B. Okafor",
    "C. Lindqvist",
    "D. Moreau",
    "E. Tanaka",
    "F. Novak",
    "G. Silva",
    "H. Walsh",
];
const REGIONS: [&str; 5] = ["North", "South", "East", "West", "Central"];
const INDUSTRIES: [&str; 6] = [
    "Manufacturing",
    "Retail",
    "Healthcare",
    "Construction",
    "Hospitality",
    "Logistics",
];
const NAME_A: [&str; 12] = [
    "Northwind",
    "Blue Ridge",
    "Harbor",
    "Summit",
    "Redwood",
    "Silverline",
    "Granite",
    "Maple",
    "Oakfield",
    "Brightwater",
    "Ironbridge",
    "Westgate",
];
const NAME_B: [&str; 10] = [
    "Tools", "Foods", "Clinics", "Builders", "Hotels", "Freight", "Supplies", "Works", "Traders",
    "Systems",
];
const NAME_C: [&str; 5] = ["Ltd", "GmbH", "Inc", "& Co", "AG"];

fn plan(archetype: Archetype, rng: &mut Rng, as_of: Date) -> Plan {
    let months_ago = |rng: &mut Rng, lo: f64, hi: f64| {
        let m = rng.uniform(lo, hi);
        as_of
            .add_months(-(m as i32))
            .add_days(-rng.range(0, 27) as i32)
    };
    let mut p = Plan {
        archetype,
        annual: 0.0,
        growth: 0.0,
        start: months_ago(rng, 25.0, 48.0),
        orders_per_year: rng.uniform(8.0, 30.0),
        gross_margin: 0.0,
        profit_margin: 0.0,
        discount_rate: rng.uniform(0.0, 0.05),
        return_rate: rng.uniform(0.0, 0.03),
        pay_delay: (-10, 3),
        unpaid: 0.0,
        complaints_per_order: 0.02,
        min_complaints: 0,
        returns_whole_orders: false,
        planted: Vec::new(),
    };
    match archetype {
        Archetype::Ideal => {
            p.annual = rng.lognormal(40_000.0, 0.8);
            p.orders_per_year = rng.uniform(12.0, 40.0);
            p.gross_margin = rng.uniform(0.38, 0.50);
            p.profit_margin = rng.uniform(0.28, p.gross_margin - 0.03);
            if rng.chance(0.3) {
                p.start = months_ago(rng, 2.0, 10.0);
            } else {
                p.growth = rng.uniform(0.6, 1.2);
            }
            p.complaints_per_order = 0.005;
        }
        Archetype::Good => {
            p.annual = rng.lognormal(25_000.0, 0.9);
            p.gross_margin = rng.uniform(0.16, 0.22);
            p.profit_margin = rng.uniform(0.09, 0.13);
            p.growth = rng.uniform(-0.10, 0.10);
        }
        Archetype::Dominant => {
            p.orders_per_year = 52.0;
            p.gross_margin = rng.uniform(0.15, 0.20);
            p.profit_margin = rng.uniform(0.10, 0.13);
            p.growth = rng.uniform(-0.05, 0.05);
            p.start = months_ago(rng, 40.0, 48.0);
        }
        Archetype::BreakEven => {
            p.annual = rng.lognormal(15_000.0, 0.8);
            p.gross_margin = rng.uniform(0.12, 0.22);
            p.profit_margin = rng.uniform(0.01, 0.035);
            p.growth = rng.uniform(-0.15, 0.10);
            p.pay_delay = (-5, 15);
            p.complaints_per_order = 0.05;
            p.return_rate = rng.uniform(0.02, 0.08);
        }
        Archetype::MoneyLoser => {
            // Always a late payer; each other trouble planted by chance and
            // recorded, so that the red flags can be checked against it.
            p.annual = rng.lognormal(8_000.0, 0.8);
            p.growth = rng.uniform(-0.20, 0.10);
            p.pay_delay = (20, 90);
            p.unpaid = 0.12;
            p.planted.push("pays late");
            if rng.chance(0.7) {
                // loses through service effort
                p.gross_margin = rng.uniform(0.15, 0.25);
                p.profit_margin = rng.uniform(-0.40, -0.20);
                p.planted.push("consumes effort");
            } else {
                // loses on price: sold below cost, little service
                p.gross_margin = rng.uniform(-0.15, -0.05);
                p.profit_margin = p.gross_margin - rng.uniform(0.01, 0.03);
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
        }
        Archetype::DealSeeker => {
            p.annual = rng.lognormal(4_000.0, 0.7);
            p.gross_margin = rng.uniform(0.06, 0.12);
            p.profit_margin = rng.uniform(0.005, 0.035);
            p.discount_rate = rng.uniform(0.25, 0.35);
            p.planted.push("demands concessions");
            p.start = months_ago(rng, 14.0, 30.0);
            p.orders_per_year = rng.uniform(6.0, 12.0);
            p.complaints_per_order = 0.10;
            p.return_rate = rng.uniform(0.02, 0.06);
        }
    }
    p
}

fn cents(x: f64) -> Money {
    Money::from_cents((x * 100.0).round() as i64)
}

struct Writer<'s, S: Sink> {
    sink: &'s mut S,
    summary: SynthSummary,
}

impl<S: Sink> Writer<'_, S> {
    fn row(&mut self, t: SynthTable, row: &[Value<'_>]) -> Result<(), S::Error> {
        self.summary.rows[t as usize] += 1;
        self.sink.row(t, row)
    }
}

/// Generate the tables for `config` into `sink`.
pub fn generate<S: Sink>(config: &SynthConfig, sink: &mut S) -> Result<SynthSummary, S::Error> {
    let root = Rng::new(config.seed);
    let as_of = config.as_of;
    let window_start = as_of.add_months(-12);
    let previous_start = as_of.add_months(-24);
    // Plans first: the dominant customer is sized against everybody else.
    let mut plans: Vec<Plan> = (0..config.customers)
        .map(|i| {
            let mut rng = root.fork(i * 2);
            let archetype = if i == 0 {
                Archetype::Dominant
            } else {
                let u = rng.f64();
                match u {
                    u if u < 0.15 => Archetype::Ideal,
                    u if u < 0.55 => Archetype::Good,
                    u if u < 0.70 => Archetype::BreakEven,
                    u if u < 0.85 => Archetype::MoneyLoser,
                    _ => Archetype::DealSeeker,
                }
            };
            plan(archetype, &mut rng, as_of)
        })
        .collect();
    if let Some((first, rest)) = plans.split_first_mut() {
        let others: f64 = rest.iter().map(|p| p.annual).sum();
        first.annual = (others * 0.2).max(50_000.0);
    }
    let mut w = Writer {
        sink,
        summary: SynthSummary::default(),
    };
    let mut order_no = 0u64;
    for (i, p) in plans.iter().enumerate() {
        let mut rng = root.fork(i as u64 * 2 + 1);
        w.summary.archetypes[p.archetype as usize] += 1;
        let id = format!("C{:06}", i + 1);
        let manager = if p.archetype == Archetype::Dominant
            || (p.archetype == Archetype::Ideal && rng.chance(0.5))
        {
            MANAGERS[0]
        } else {
            *rng.pick(&MANAGERS[1..])
        };
        let name = format!(
            "{} {} {} {}",
            rng.pick(&NAME_A),
            rng.pick(&NAME_B),
            i + 1,
            rng.pick(&NAME_C)
        );
        let region = *rng.pick(&REGIONS);
        let industry = *rng.pick(&INDUSTRIES);
        w.row(
            SynthTable::Customers,
            &[
                Value::Text(&id),
                Value::Text(&name),
                Value::Text(manager),
                Value::Text(region),
                Value::Text(industry),
                Value::Date(p.start),
            ],
        )?;

        // Orders: regular cadence, or promotion bursts for deal-seekers.
        let mut order_dates: Vec<Date> = Vec::new();
        if p.archetype == Archetype::DealSeeker {
            let span = as_of.days_since(p.start).max(1);
            let bursts = rng.range(2, 4);
            for b in 0..bursts {
                // The last burst always falls inside the window.
                let start = if b == bursts - 1 {
                    window_start.add_days(rng.range(1, 330) as i32)
                } else {
                    p.start.add_days(rng.range(0, i64::from(span)) as i32)
                };
                for _ in 0..rng.range(2, 4) {
                    let d = start.add_days(rng.range(0, 20) as i32);
                    if d <= as_of {
                        order_dates.push(d);
                    }
                }
            }
            order_dates.sort();
        } else {
            let gap = 365.0 / p.orders_per_year;
            let mut d = p.start.add_days((rng.f64() * gap) as i32);
            while d <= as_of {
                order_dates.push(d);
                d = d.add_days((gap * rng.uniform(0.7, 1.3)).max(1.0) as i32);
            }
        }
        let (mut win_revenue, mut win_cost, mut win_orders) = (0.0f64, 0.0f64, 0u32);
        for &d in &order_dates {
            order_no += 1;
            let order = format!("SO{order_no:08}");
            let in_window = d > window_start;
            let rate = if in_window || p.archetype == Archetype::DealSeeker {
                p.annual
            } else {
                p.annual / (1.0 + p.growth)
            };
            let value = rate / p.orders_per_year * rng.lognormal(1.0, 0.3);
            let lines = rng.range(1, 4);
            let weights: Vec<f64> = (0..lines).map(|_| rng.uniform(0.5, 1.5)).collect();
            let wsum: f64 = weights.iter().sum();
            let mut order_total = Money::ZERO;
            let mut order_cost = Money::ZERO;
            let mut first_line = (Money::ZERO, Money::ZERO, 0u32);
            for (k, wgt) in weights.iter().enumerate() {
                let amount = cents(value * wgt / wsum).max(Money::from_cents(1));
                let cost =
                    cents(amount.to_f64() * (1.0 - p.gross_margin) * rng.uniform(0.97, 1.03));
                let discount = cents(amount.to_f64() * p.discount_rate / (1.0 - p.discount_rate));
                let product_no = rng.range(1, 400) as u32;
                let product = format!("P{product_no:04}");
                if k == 0 {
                    first_line = (amount, cost, product_no);
                }
                order_total += amount;
                order_cost += cost;
                if in_window {
                    win_revenue += amount.to_f64();
                    win_cost += cost.to_f64();
                }
                w.row(
                    SynthTable::Transactions,
                    &[
                        Value::Text(&id),
                        Value::Date(d),
                        Value::Text(&order),
                        Value::Text(&product),
                        Value::Money(amount),
                        Value::Money(cost),
                        Value::Money(discount),
                    ],
                )?;
                if config.messy > 0.0 && rng.chance(config.messy) {
                    let kind = rng.range(0, 2) as usize;
                    w.summary.messy[kind] += 1;
                    let amount_text = amount.to_string();
                    let row: [Value<'_>; 7] = match kind {
                        0 => [
                            Value::Text(&id),
                            Value::Text("2025-13-45"),
                            Value::Text(&order),
                            Value::Text(&product),
                            Value::Text(&amount_text),
                            Value::Null,
                            Value::Null,
                        ],
                        1 => [
                            Value::Text(&id),
                            Value::Date(d),
                            Value::Text(&order),
                            Value::Text(&product),
                            Value::Text("12,3x"),
                            Value::Null,
                            Value::Null,
                        ],
                        _ => [
                            Value::Null,
                            Value::Date(d),
                            Value::Text(&order),
                            Value::Text(&product),
                            Value::Text(&amount_text),
                            Value::Null,
                            Value::Null,
                        ],
                    };
                    w.row(SynthTable::Transactions, &row)?;
                }
            }
            if in_window {
                win_orders += 1;
            }
            // A return some days later: part of the first line, or for
            // planted returners most of the order.
            if rng.chance(p.return_rate) {
                let rd = d.add_days(rng.range(3, 20) as i32);
                if rd <= as_of {
                    let (share, base) = if p.returns_whole_orders {
                        (rng.uniform(0.6, 1.0), (order_total, order_cost))
                    } else {
                        (rng.uniform(0.3, 1.0), (first_line.0, first_line.1))
                    };
                    let amount = -cents(base.0.to_f64() * share);
                    let cost = -cents(base.1.to_f64() * share);
                    let product = format!("P{:04}", first_line.2);
                    if rd > window_start {
                        win_revenue += amount.to_f64();
                        win_cost += cost.to_f64();
                    }
                    w.row(
                        SynthTable::Transactions,
                        &[
                            Value::Text(&id),
                            Value::Date(rd),
                            Value::Text(&order),
                            Value::Text(&product),
                            Value::Money(amount),
                            Value::Money(cost),
                            Value::Money(Money::ZERO),
                        ],
                    )?;
                }
            }
            // The invoice of the order.
            let due = d.add_days(30);
            let mut paid = Some(due.add_days(rng.range(p.pay_delay.0, p.pay_delay.1) as i32))
                .map(|x| x.max(d));
            if rng.chance(p.unpaid) {
                paid = None;
            }
            let paid = paid.filter(|x| *x <= as_of);
            let written_off = paid.is_none() && as_of.days_since(due) > 120 && rng.chance(0.5);
            w.row(
                SynthTable::Invoices,
                &[
                    Value::Text(&order),
                    Value::Text(&id),
                    Value::Date(d),
                    Value::Date(due),
                    Value::Money(order_total),
                    paid.map_or(Value::Null, Value::Date),
                    Value::Text(if written_off { "yes" } else { "no" }),
                ],
            )?;
        }

        // Service effort priced to land the planted profit margin on the
        // realised window revenue and cost of goods.
        let gross = win_revenue - win_cost;
        let target = (gross - p.profit_margin * win_revenue).max(0.0);
        let direct = if rng.chance(0.4) {
            target * rng.uniform(0.05, 0.2)
        } else {
            0.0
        };
        let hours_total = (target - direct) / config.hourly_rate;
        let events = ((hours_total / rng.uniform(0.8, 3.0)).round() as i64).max(1);
        let weights: Vec<f64> = (0..events).map(|_| rng.uniform(0.5, 1.5)).collect();
        let wsum: f64 = weights.iter().sum();
        let mut direct_left = cents(direct);
        for (k, wgt) in weights.iter().enumerate() {
            let d = window_start
                .add_days(rng.range(1, i64::from(as_of.days_since(window_start))) as i32);
            let hours = Money::from_raw(((hours_total * wgt / wsum) * 100.0).round() as i64 * 100);
            let cost = if k == 0 {
                std::mem::replace(&mut direct_left, Money::ZERO)
            } else {
                Money::ZERO
            };
            let kind = if cost.raw() > 0 {
                "visit"
            } else {
                *rng.pick(&["ticket", "call", "email", "rework"])
            };
            w.row(
                SynthTable::Service,
                &[
                    Value::Text(&id),
                    Value::Date(d),
                    Value::Text(kind),
                    Value::Money(hours),
                    if cost.raw() > 0 {
                        Value::Money(cost)
                    } else {
                        Value::Null
                    },
                ],
            )?;
        }
        // Some service history before the window (ignored by a 12-month analysis).
        for _ in 0..rng.range(0, 3) {
            let d = previous_start.add_days(rng.range(1, 360) as i32);
            if d >= p.start {
                let hours = Money::from_raw(rng.range(5, 30) * 1_000);
                w.row(
                    SynthTable::Service,
                    &[
                        Value::Text(&id),
                        Value::Date(d),
                        Value::Text("call"),
                        Value::Money(hours),
                        Value::Null,
                    ],
                )?;
            }
        }

        // Complaints.
        let n = rng
            .poisson(p.complaints_per_order * f64::from(win_orders))
            .max(p.min_complaints);
        for _ in 0..n {
            let d = window_start
                .add_days(rng.range(1, i64::from(as_of.days_since(window_start))) as i32);
            let slow = p.archetype == Archetype::MoneyLoser;
            let resolved = d.add_days(rng.range(1, if slow { 60 } else { 20 }) as i32);
            let severity = *rng.pick(&["low", "medium", "high"]);
            w.row(
                SynthTable::Complaints,
                &[
                    Value::Text(&id),
                    Value::Date(d),
                    Value::Text(severity),
                    if resolved <= as_of {
                        Value::Date(resolved)
                    } else {
                        Value::Null
                    },
                ],
            )?;
        }

        w.row(
            SynthTable::Truth,
            &[
                Value::Text(&id),
                Value::Text(p.archetype.name()),
                Value::Int(i64::from(p.archetype.expected_tier().number())),
                Value::Text(&p.planted.join("; ")),
            ],
        )?;
    }
    Ok(w.summary)
}

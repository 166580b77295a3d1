//! The generator: plans each customer from its archetype's latent parameters, then simulates its rows with realistic noise.
//!
//! Orders arrive month by month as a Poisson count whose rate carries the
//! customer's own seasonality (by industry), its true growth and a monthly
//! gamma factor (bursts: more variable than Poisson); order values are
//! log-normal with a per-customer spread; service effort is a Poisson number
//! of events with log-normal hours. The truth table records the latent
//! parameters (expected profit margin, true growth), never the realised ones:
//! one year of noise can hide growth or fake it, and the analysis has to see
//! through that.

use clientgrade_core::{Date, Money, Tier, Value, ValueKind};

use crate::attributes::{draw, Class, PROSPECT_REGIONS};
use crate::plan::{gamma_mean, plan, Plan, INDUSTRIES, PROMOTION_MONTHS, SEASONS};
use crate::{Archetype, Rng};

/// The tables the generator writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
    /// The planted truth of every customer.
    Truth,
    /// Prospects: attributes drawn from Tier 1's or the rest's distribution.
    Prospects,
    /// Which distribution each prospect was drawn from.
    ProspectTruth,
}

impl SynthTable {
    /// All tables.
    pub const ALL: [SynthTable; 8] = [
        SynthTable::Customers,
        SynthTable::Transactions,
        SynthTable::Invoices,
        SynthTable::Service,
        SynthTable::Complaints,
        SynthTable::Truth,
        SynthTable::Prospects,
        SynthTable::ProspectTruth,
    ];

    /// Whether the table is hidden truth (always written as CSV).
    pub fn is_truth(self) -> bool {
        matches!(self, SynthTable::Truth | SynthTable::ProspectTruth)
    }

    /// File name without extension.
    pub fn stem(self) -> &'static str {
        match self {
            SynthTable::Customers => "customers",
            SynthTable::Transactions => "transactions",
            SynthTable::Invoices => "invoices",
            SynthTable::Service => "service",
            SynthTable::Complaints => "complaints",
            SynthTable::Truth => "truth",
            SynthTable::Prospects => "prospects",
            SynthTable::ProspectTruth => "prospect_truth",
        }
    }

    /// Column names and types (dates are written as text with
    /// [`SynthConfig::day_first`]).
    pub fn columns(self) -> &'static [(&'static str, ValueKind)] {
        use ValueKind::*;
        match self {
            SynthTable::Customers => &[
                ("customer_id", Text),
                ("name", Text),
                ("account_manager", Text),
                ("region", Text),
                ("industry", Text),
                ("size", Text),
                ("customer_since", Date),
                ("employees", Int),
                ("acquisition_channel", Text),
                ("years_trading", Int),
                ("ownership", Text),
                ("website_visits", Int),
                ("newsletter", Text),
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
                ("expected_status", Text),
                ("expected_action", Text),
                ("planted_flags", Text),
                ("planned_profit_margin", Float),
                ("planned_growth", Float),
                ("expected_movement", Text),
            ],
            SynthTable::Prospects => &[
                ("prospect_id", Text),
                ("name", Text),
                ("region", Text),
                ("industry", Text),
                ("employees", Int),
                ("acquisition_channel", Text),
                ("years_trading", Int),
                ("ownership", Text),
                ("website_visits", Int),
                ("newsletter", Text),
            ],
            SynthTable::ProspectTruth => &[("prospect_id", Text), ("drawn_from", Text)],
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
    /// Number of customers (about 80 transaction rows each).
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
    /// Write dates as day-first text (`31/12/2025`) instead of typed dates.
    pub day_first: bool,
    /// Prospects to write (default: half the customers, at least 100).
    pub prospects: u64,
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
            day_first: false,
            prospects: (customers / 2).max(100),
        }
    }
}

/// What was generated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SynthSummary {
    rows: [u64; 8],
    /// Corrupted transaction rows written, by kind: bad date, bad amount, missing customer id.
    pub messy: [u64; 3],
    /// Customers per archetype, in [`Archetype::ALL`] order.
    pub archetypes: [u64; 14],
}

impl SynthSummary {
    /// Rows written to `table` (corrupted rows included).
    pub fn rows(&self, table: SynthTable) -> u64 {
        self.rows[table as usize]
    }
}

/// Share of customers planted with a movement in the last year (slipping,
/// rising into Tier 1, won back), taken from every other kind alike.
const MOVERS: f64 = 0.12;
/// Share of prospects drawn from Tier 1's attribute distribution.
const PROSPECT_TIER1_SHARE: f64 = 0.3;
/// Seeds of the attribute streams, apart from the customers' rows.
const ATTRIBUTE_STREAM: u64 = 0xA77B_0000_5EED_0001;
const PROSPECT_STREAM: u64 = 0x9805_9EC7_5EED_0002;

/// Months of history the export holds before as-of: older rows are not
/// written (the customers table still says since when each one buys).
const EXPORT_MONTHS: i32 = 36;

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
/// The account manager whose portfolio is planted to slip: half the
/// slipping customers are theirs.
pub const SLIPPING_MANAGER: &str = MANAGERS[5];
const REGIONS: [&str; 5] = ["North", "South", "East", "West", "Central"];
const SIZES: [&str; 4] = ["1-9", "10-49", "50-249", "250+"];
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

fn cents(x: f64) -> Money {
    Money::from_cents((x * 100.0).round() as i64)
}

/// A date cell: typed, or day-first text.
enum DateCell {
    Typed(Date),
    Text(String),
}

impl DateCell {
    fn value(&self) -> Value<'_> {
        match self {
            DateCell::Typed(d) => Value::Date(*d),
            DateCell::Text(s) => Value::Text(s),
        }
    }
}

struct Writer<'s, S: Sink> {
    sink: &'s mut S,
    summary: SynthSummary,
    day_first: bool,
}

impl<S: Sink> Writer<'_, S> {
    fn row(&mut self, t: SynthTable, row: &[Value<'_>]) -> Result<(), S::Error> {
        self.summary.rows[t as usize] += 1;
        self.sink.row(t, row)
    }

    fn date(&self, d: Date) -> DateCell {
        if self.day_first {
            let (y, m, day) = d.ymd();
            DateCell::Text(format!("{day:02}/{m:02}/{y}"))
        } else {
            DateCell::Typed(d)
        }
    }
}

/// Years from the middle of the window to `d` (negative before it).
fn years_from_mid(d: Date, mid: Date) -> f64 {
    f64::from(d.days_since(mid)) / 365.25
}

/// The order dates of one customer, month by month.
fn order_dates(p: &Plan, rng: &mut Rng, from: Date, to: Date, mid: Date) -> Vec<Date> {
    let mut dates = Vec::new();
    if to < from {
        return dates;
    }
    let (mut y, mut m, _) = from.ymd();
    loop {
        let first = Date::from_ymd(y, m, 1).expect("valid month");
        if first > to {
            break;
        }
        let last = first.add_months(1).add_days(-1);
        let (lo, hi) = (first.max(from), last.min(to));
        if lo <= hi {
            let covered = f64::from(hi.days_since(lo) + 1);
            let month_days = f64::from(last.days_since(first) + 1);
            let t = years_from_mid(lo.add_days(hi.days_since(lo) / 2), mid);
            let rate = if p.promotions {
                if PROMOTION_MONTHS.contains(&m) && rng.chance(0.45) {
                    1.0 + rng.poisson(1.5) as f64
                } else {
                    0.0
                }
            } else {
                p.orders_per_year / 12.0
                    * SEASONS[p.industry][m as usize - 1]
                    * p.growth.powf(p.count_share * t)
                    * gamma_mean(rng, 1.0, p.burst)
            };
            let n = if p.promotions {
                (rate * covered / month_days).round() as u32
            } else {
                rng.poisson(rate * covered / month_days)
            };
            let span = i64::from(hi.days_since(lo));
            for _ in 0..n {
                dates.push(lo.add_days(rng.range(0, span) as i32));
            }
        }
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    dates
}

/// The fixed dates of one generation run.
struct Ctx<'c> {
    config: &'c SynthConfig,
    as_of: Date,
    window_start: Date,
    previous_start: Date,
    mid: Date,
}

/// The rows of one customer following plan `p` from `from` to `to` (both
/// inclusive): its orders (the Poisson months plus `extra` dates), their
/// lines, returns, invoices and the service that follows them, and the
/// service of account care in each window. Returns the order dates and the
/// orders in the window.
#[allow(clippy::too_many_arguments)] // reason: one customer's whole context
fn segment<S: Sink>(
    w: &mut Writer<'_, S>,
    ctx: &Ctx<'_>,
    p: &Plan,
    rng: &mut Rng,
    id: &str,
    (from, to): (Date, Date),
    extra: &[Date],
    order_no: &mut u64,
) -> Result<(Vec<Date>, u32), S::Error> {
    let (config, as_of, window_start, previous_start, mid) = (
        ctx.config,
        ctx.as_of,
        ctx.window_start,
        ctx.previous_start,
        ctx.mid,
    );
    let id = id.to_string();
    let mut dates = order_dates(p, rng, from, to, mid);
    dates.extend_from_slice(extra);
    if p.promotions && !dates.iter().any(|d| *d > window_start) {
        // a deal-seeker always has its last promotion inside the window
        let month = window_start.add_months(rng.range(1, 11) as i32);
        dates.push(month.min(as_of));
    }
    dates.sort();
    let mut win_orders = 0u32;
    let order_value = p.annual / p.orders_per_year.max(0.5);
    let promo_value = p.annual / 4.0;
    for &d in &dates {
        *order_no += 1;
        let order = format!("SO{order_no:08}");
        let in_window = d > window_start;
        let t = years_from_mid(d, mid);
        let mean = if p.promotions {
            promo_value
        } else {
            order_value * p.growth.powf((1.0 - p.count_share) * t)
        };
        let sigma = p.value_sigma;
        let value = rng.lognormal(mean * (-sigma * sigma / 2.0).exp(), sigma);
        let lines = 1 + rng.poisson(1.5).min(5) as usize;
        let weights: Vec<f64> = (0..lines).map(|_| rng.uniform(0.5, 1.5)).collect();
        let wsum: f64 = weights.iter().sum();
        let mut order_total = Money::ZERO;
        let mut order_cost = Money::ZERO;
        let mut first_line = (Money::ZERO, Money::ZERO, 0u32);
        let date = w.date(d);
        for (k, wgt) in weights.iter().enumerate() {
            let amount = cents(value * wgt / wsum).max(Money::from_cents(1));
            let cost = cents(amount.to_f64() * (1.0 - p.gross_margin) * rng.uniform(0.9, 1.1));
            let discount = cents(amount.to_f64() * p.discount_rate / (1.0 - p.discount_rate));
            let product_no = rng.range(1, 400) as u32;
            let product = format!("P{product_no:04}");
            if k == 0 {
                first_line = (amount, cost, product_no);
            }
            order_total += amount;
            order_cost += cost;
            w.row(
                SynthTable::Transactions,
                &[
                    Value::Text(&id),
                    date.value(),
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
                        date.value(),
                        Value::Text(&order),
                        Value::Text(&product),
                        Value::Text("12,3x"),
                        Value::Null,
                        Value::Null,
                    ],
                    _ => [
                        Value::Null,
                        date.value(),
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
                let rdate = w.date(rd);
                w.row(
                    SynthTable::Transactions,
                    &[
                        Value::Text(&id),
                        rdate.value(),
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
        let mut paid =
            Some(due.add_days(rng.range(p.pay_delay.0, p.pay_delay.1) as i32)).map(|x| x.max(d));
        if rng.chance(p.unpaid) {
            paid = None;
        }
        let paid = paid.filter(|x| *x <= as_of);
        let written_off = paid.is_none() && as_of.days_since(due) > 120 && rng.chance(0.5);
        // Service that follows the order, in proportion to its value.
        if p.one_visit_hours.is_none() && p.activity_share > 0.0 {
            let per_order =
                (p.events_per_year * p.activity_share / p.orders_per_year.max(0.5)).min(10.0);
            let cost = p.service_share * p.activity_share * value;
            // a customer whose effort is most of its margin has at least
            // one ticket on every order
            let events = if p.service_share >= 0.3 {
                1 + rng.poisson((per_order - 1.0).max(0.0))
            } else {
                rng.poisson(per_order)
            };
            let per_order = if p.service_share >= 0.3 {
                per_order.max(1.0)
            } else {
                per_order
            };
            for _ in 0..events {
                let sd = d.add_days(rng.range(0, 10) as i32).min(as_of);
                let hours = rng.lognormal(
                    cost / (per_order * config.hourly_rate) * (-0.08f64).exp(),
                    0.4,
                );
                let hours = ((hours * 4.0).round() / 4.0).max(0.25);
                let kind = *rng.pick(&["delivery", "installation", "ticket", "rework"]);
                let sdate = w.date(sd);
                w.row(
                    SynthTable::Service,
                    &[
                        Value::Text(&id),
                        sdate.value(),
                        Value::Text(kind),
                        Value::Money(cents(hours)),
                        Value::Null,
                    ],
                )?;
            }
        }
        let (issue, due_cell) = (w.date(d), w.date(due));
        let paid_cell = paid.map(|x| w.date(x));
        w.row(
            SynthTable::Invoices,
            &[
                Value::Text(&order),
                Value::Text(&id),
                issue.value(),
                due_cell.value(),
                Value::Money(order_total),
                paid_cell.as_ref().map_or(Value::Null, DateCell::value),
                Value::Text(if written_off { "yes" } else { "no" }),
            ],
        )?;
    }

    // Service effort in each of the two windows: a Poisson number of
    // events whose expected cost is the planned share of the expected
    // revenue; hours are log-normal, visits carry direct cost.
    for (w_first, w_last) in [
        (previous_start.add_days(1), window_start),
        (window_start.add_days(1), as_of),
    ] {
        let lo = w_first.max(from);
        let hi = w_last.min(to);
        if hi < lo {
            continue;
        }
        let current = w_first > window_start;
        if let (Some(hours), true) = (p.one_visit_hours, current) {
            let d = lo.add_days(rng.range(0, i64::from(hi.days_since(lo))) as i32);
            let date = w.date(d);
            w.row(
                SynthTable::Service,
                &[
                    Value::Text(&id),
                    date.value(),
                    Value::Text("visit"),
                    Value::Money(cents(hours)),
                    Value::Null,
                ],
            )?;
            continue;
        }
        let years = f64::from(hi.days_since(lo) + 1) / 365.25;
        let t = years_from_mid(lo.add_days(hi.days_since(lo) / 2), mid);
        let care = 1.0 - p.activity_share;
        let expected_cost = p.service_share * care * p.annual * p.growth.powf(t) * years;
        let expected_events = if p.one_visit_hours.is_some() {
            0.3 * years
        } else {
            (p.events_per_year * care).max(0.5) * years
        };
        let events = rng.poisson(expected_events);
        for _ in 0..events {
            let d = lo.add_days(rng.range(0, i64::from(hi.days_since(lo))) as i32);
            let (hours, direct) = if p.one_visit_hours.is_some() {
                (rng.uniform(0.25, 1.0), 0.0)
            } else {
                let mean_h =
                    expected_cost * (1.0 - p.direct_share) / (expected_events * config.hourly_rate);
                let h = rng.lognormal(mean_h * (-0.08f64).exp(), 0.4);
                let direct = if p.direct_share > 0.0 {
                    expected_cost * p.direct_share / expected_events * rng.lognormal(0.956, 0.3)
                } else {
                    0.0
                };
                (h, direct)
            };
            let hours = ((hours * 4.0).round() / 4.0).max(0.25);
            let kind = if direct > 0.0 {
                "visit"
            } else {
                *rng.pick(&["ticket", "call", "email", "rework"])
            };
            let date = w.date(d);
            w.row(
                SynthTable::Service,
                &[
                    Value::Text(&id),
                    date.value(),
                    Value::Text(kind),
                    Value::Money(cents(hours)),
                    if direct > 0.0 {
                        Value::Money(cents(direct))
                    } else {
                        Value::Null
                    },
                ],
            )?;
        }
    }
    Ok((dates, win_orders))
}

/// Generate the tables for `config` into `sink`.
pub fn generate<S: Sink>(config: &SynthConfig, sink: &mut S) -> Result<SynthSummary, S::Error> {
    let root = Rng::new(config.seed);
    let as_of = config.as_of;
    let window_start = as_of.add_months(-12);
    let previous_start = as_of.add_months(-24);
    let export_start = as_of.add_months(-EXPORT_MONTHS).add_days(1);
    let mid = as_of.add_days(-182);
    // Plans first: the dominant customer is sized against everybody else.
    // The planted movements come from a stream of their own, so every other
    // customer keeps the rows it would have without them.
    let movers = root.fork(u64::MAX);
    let mut plans: Vec<Plan> = (0..config.customers)
        .map(|i| {
            let mut rng = root.fork(i * 2);
            let mut moves = movers.fork(i);
            let archetype = if i == 0 {
                Archetype::Dominant
            } else {
                let u = rng.f64();
                match u {
                    u if u < 0.12 => Archetype::Ideal,
                    u if u < 0.45 => Archetype::Good,
                    u if u < 0.49 => Archetype::Fading,
                    u if u < 0.59 => Archetype::Small,
                    u if u < 0.70 => Archetype::BreakEven,
                    u if u < 0.81 => Archetype::MoneyLoser,
                    u if u < 0.88 => Archetype::DealSeeker,
                    u if u < 0.94 => Archetype::Lapsed,
                    u if u < 0.96 => Archetype::LapsedLoser,
                    _ => Archetype::Lost,
                }
            };
            let archetype = match moves.f64() {
                _ if i == 0 => archetype,
                u if u < MOVERS * 0.4 => Archetype::Slipping,
                u if u < MOVERS * 0.75 => Archetype::Rising,
                u if u < MOVERS => Archetype::WonBack,
                _ => archetype,
            };
            plan(archetype, &mut rng, as_of)
        })
        .collect();
    if let Some((first, rest)) = plans.split_first_mut() {
        let others: f64 = rest
            .iter()
            .filter(|p| p.stop.is_none())
            .map(|p| p.annual)
            .sum();
        first.annual = (others * 0.2).max(50_000.0);
        let cost = first.service_share * first.annual * (1.0 - first.direct_share);
        first.events_per_year = (cost / (60.0 * 3.0)).clamp(0.5, 60.0);
    }
    let mut w = Writer {
        sink,
        summary: SynthSummary::default(),
        day_first: config.day_first,
    };
    let ctx = Ctx {
        config,
        as_of,
        window_start,
        previous_start,
        mid,
    };
    let mut order_no = 0u64;
    let attribute_root = Rng::new(config.seed ^ ATTRIBUTE_STREAM);
    for (i, p) in plans.iter().enumerate() {
        let mut rng = root.fork(i as u64 * 2 + 1);
        w.summary.archetypes[p.archetype as usize] += 1;
        let id = format!("C{:06}", i + 1);
        let manager = if p.archetype == Archetype::Dominant
            || (p.archetype == Archetype::Ideal && rng.chance(0.5))
        {
            MANAGERS[0]
        } else if p.archetype == Archetype::Slipping && rng.chance(0.5) {
            // a portfolio that slips: half the slipping customers are one manager's
            SLIPPING_MANAGER
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
        let size = if p.archetype == Archetype::Small {
            SIZES[0]
        } else {
            *rng.pick(&SIZES)
        };
        let since = w.date(p.start);
        // Tier 1's attributes go with the planted Tier-1 kinds: the ideal
        // customers and those planted rising into Tier 1 in the window
        let a = draw(
            &mut attribute_root.fork(i as u64),
            if p.archetype.expected_tier() == Some(Tier::Ideal) {
                Class::Tier1
            } else {
                Class::Rest
            },
        );
        w.row(
            SynthTable::Customers,
            &[
                Value::Text(&id),
                Value::Text(&name),
                Value::Text(manager),
                Value::Text(region),
                Value::Text(INDUSTRIES[p.industry]),
                Value::Text(size),
                since.value(),
                Value::Int(a.employees),
                Value::Text(a.channel),
                Value::Int(a.years),
                Value::Text(a.ownership),
                Value::Int(a.visits),
                Value::Text(a.newsletter),
            ],
        )?;

        // Orders: the acquisition order, a Poisson count per month, and for
        // customers who stop, a last order on the day they stop; a planted
        // movement changes the plan early in the window (or, for a customer
        // won back, resumes it after a gap with an order on its first day).
        let from = p.start.max(export_start);
        let to = p.stop.unwrap_or(as_of).min(as_of);
        let mut first = Vec::new();
        if p.start >= export_start {
            first.push(p.start);
        }
        let (dates, win_orders, last_plan) = match &p.change {
            None => {
                if let Some(stop) = p.stop.filter(|s| *s >= export_start) {
                    first.push(stop);
                }
                let (d, n) = segment(
                    &mut w,
                    &ctx,
                    p,
                    &mut rng,
                    &id,
                    (from, to),
                    &first,
                    &mut order_no,
                )?;
                (d, n, p)
            }
            Some(c) => {
                if c.gap && c.stop >= export_start {
                    first.push(c.stop);
                }
                let (mut d, n) = segment(
                    &mut w,
                    &ctx,
                    p,
                    &mut rng,
                    &id,
                    (from, c.stop.min(to)),
                    &first,
                    &mut order_no,
                )?;
                let resume: Vec<Date> = if c.gap { vec![c.resume] } else { Vec::new() };
                let (d2, n2) = segment(
                    &mut w,
                    &ctx,
                    &c.next,
                    &mut rng,
                    &id,
                    (c.resume.max(from), to),
                    &resume,
                    &mut order_no,
                )?;
                d.extend(d2);
                (d, n + n2, &*c.next)
            }
        };

        // Complaints in the window.
        let n = if win_orders > 0 {
            rng.poisson(last_plan.complaints_per_order * f64::from(win_orders))
                .max(last_plan.min_complaints)
        } else {
            0
        };
        for _ in 0..n {
            let d = window_start
                .add_days(rng.range(1, i64::from(as_of.days_since(window_start))) as i32);
            let slow = p.archetype == Archetype::MoneyLoser;
            let resolved = d.add_days(rng.range(1, if slow { 60 } else { 20 }) as i32);
            let severity = *rng.pick(&["low", "medium", "high"]);
            let (raised, closed) = (w.date(d), w.date(resolved));
            w.row(
                SynthTable::Complaints,
                &[
                    Value::Text(&id),
                    raised.value(),
                    Value::Text(severity),
                    if resolved <= as_of {
                        closed.value()
                    } else {
                        Value::Null
                    },
                ],
            )?;
        }

        // The status is a fact of the rows, not of the plan: a customer who
        // happened to buy nothing in the window has lapsed, whatever its kind.
        let last = dates.last().copied();
        let status = match last {
            Some(d) if d > window_start && p.new => "new",
            Some(d) if d > window_start => "active",
            Some(d) if d > previous_start => "lapsed",
            _ => "lost",
        };
        let planned = match p.archetype {
            Archetype::Lapsed | Archetype::LapsedLoser => "lapsed",
            Archetype::Lost => "lost",
            _ if p.new => "new",
            _ => "active",
        };
        let as_planned = status == planned;
        // a step in revenue for a planted rise or slip, else the plan's trend
        let planned_growth = match &p.change {
            Some(c) if !c.gap => c.next.annual / p.annual,
            Some(_) => 1.0,
            None => p.growth,
        };
        w.row(
            SynthTable::Truth,
            &[
                Value::Text(&id),
                Value::Text(p.archetype.name()),
                p.archetype
                    .expected_tier()
                    .filter(|_| as_planned)
                    // one order in the window shows no habit and no growth:
                    // nobody can tell an ideal customer from it yet
                    .map(|t| match t {
                        Tier::Ideal if win_orders < 2 => Tier::Good,
                        t => t,
                    })
                    .map_or(Value::Null, |t| Value::Int(i64::from(t.number()))),
                Value::Text(status),
                p.archetype
                    .expected_action()
                    .filter(|_| as_planned)
                    .map_or(Value::Null, Value::Text),
                Value::Text(&p.planted.join("; ")),
                Value::Float((last_plan.profit_margin * 1e4).round() / 1e4),
                Value::Float(((planned_growth - 1.0) * 1e4).round() / 1e4),
                p.archetype
                    .expected_movement()
                    .or(p.new.then_some("new"))
                    .map_or(Value::Null, Value::Text),
            ],
        )?;
    }
    prospects(config, &mut w)?;
    Ok(w.summary)
}

/// The prospects: each drawn from Tier 1's attribute distribution (a share
/// of [`PROSPECT_TIER1_SHARE`]) or the rest's, with a name, a region and an
/// industry (uniform, like the customers'); the truth says which.
fn prospects<S: Sink>(config: &SynthConfig, w: &mut Writer<'_, S>) -> Result<(), S::Error> {
    let root = Rng::new(config.seed ^ PROSPECT_STREAM);
    for k in 0..config.prospects {
        let mut rng = root.fork(k);
        let class = if rng.chance(PROSPECT_TIER1_SHARE) {
            Class::Tier1
        } else {
            Class::Rest
        };
        let id = format!("P{:06}", k + 1);
        let name = format!(
            "{} {} {} {}",
            rng.pick(&NAME_A),
            rng.pick(&NAME_B),
            k + 1,
            rng.pick(&NAME_C)
        );
        let region = *rng.pick(&PROSPECT_REGIONS);
        let industry = *rng.pick(&INDUSTRIES);
        let a = draw(&mut rng, class);
        w.row(
            SynthTable::Prospects,
            &[
                Value::Text(&id),
                Value::Text(&name),
                Value::Text(region),
                Value::Text(industry),
                Value::Int(a.employees),
                Value::Text(a.channel),
                Value::Int(a.years),
                Value::Text(a.ownership),
                Value::Int(a.visits),
                Value::Text(a.newsletter),
            ],
        )?;
        w.row(
            SynthTable::ProspectTruth,
            &[
                Value::Text(&id),
                Value::Text(match class {
                    Class::Tier1 => "tier1",
                    Class::Rest => "rest",
                }),
            ],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each customer's archetype and planted attributes.
    #[derive(Default)]
    struct Attributes {
        channel: Vec<String>,
        employees: Vec<i64>,
        kind: Vec<String>,
    }

    impl Sink for Attributes {
        type Error = std::convert::Infallible;
        fn row(&mut self, table: SynthTable, row: &[Value<'_>]) -> Result<(), Self::Error> {
            match (table, row) {
                (SynthTable::Customers, [.., Value::Int(e), Value::Text(c), _, _, _, _]) => {
                    self.employees.push(*e);
                    self.channel.push(c.to_string());
                }
                (SynthTable::Truth, [_, Value::Text(k), ..]) => self.kind.push(k.to_string()),
                _ => {}
            }
            Ok(())
        }
    }

    #[test]
    fn every_planted_tier1_kind_draws_tier1_attributes() {
        let mut a = Attributes::default();
        generate(&SynthConfig::new(4_000, 3), &mut a).unwrap();
        assert_eq!(a.kind.len(), a.channel.len());
        // referral share and mean ln(employees) of one kind: Tier 1's
        // distribution has 34% and ln 90 = 4.50, the rest's 14% and ln 40 = 3.69
        let of = |kind: &str| {
            let rows: Vec<usize> = (0..a.kind.len()).filter(|i| a.kind[*i] == kind).collect();
            let n = rows.len() as f64;
            let referral = rows.iter().filter(|i| a.channel[**i] == "Referral").count();
            let ln_employees: f64 = rows.iter().map(|i| (a.employees[*i] as f64).ln()).sum();
            (rows.len(), referral as f64 / n, ln_employees / n)
        };
        for kind in Archetype::ALL {
            let (n, referral, ln_employees) = of(kind.name());
            if n < 100 {
                continue;
            }
            // about 4 standard errors from the other distribution
            let tier1 = kind.expected_tier() == Some(Tier::Ideal);
            assert_eq!(
                referral > 0.24,
                tier1,
                "{}: referral share {referral:.3} of {n}",
                kind.name()
            );
            assert_eq!(
                ln_employees > 4.1,
                tier1,
                "{}: mean ln(employees) {ln_employees:.2} of {n}",
                kind.name()
            );
        }
        assert!(of("rising").0 >= 100, "enough rising customers to tell");
    }
}

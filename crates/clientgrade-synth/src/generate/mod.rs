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
//!
//! This module holds the configuration, the summary, the shared names and
//! the row writer, and [`generate`], the walk over all customers;
//! [`tables`] the tables and their columns (and the [`Sink`] they go to);
//! [`customer`] one customer's rows over a span of time; [`prospects`] the
//! prospects table.

mod customer;
mod prospects;
mod tables;

use clientgrade_core::{Date, Money, Tier, Value};

use crate::attributes::{draw, Class};
use crate::plan::{plan, Plan, INDUSTRIES};
use crate::{Archetype, Rng};

use customer::{segment, Ctx};
use prospects::prospects;
pub use tables::{Sink, SynthTable};

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

/// A made-up company name with its number: `Granite Traders 301 Inc`
/// (the three parts drawn in this order, so the stream stays as it was).
fn company_name(rng: &mut Rng, number: u64) -> String {
    let a = rng.pick(&NAME_A);
    let b = rng.pick(&NAME_B);
    let c = rng.pick(&NAME_C);
    format!("{a} {b} {number} {c}")
}

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
        let name = company_name(&mut rng, i as u64 + 1);
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

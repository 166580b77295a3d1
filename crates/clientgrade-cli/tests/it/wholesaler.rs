//! A second, independently shaped dataset: a B2B wholesaler's exports written by their own code path (not clientgrade-synth), and the verdicts recovered from them.
//!
//! Shape, unlike the synthetic generator: 2,000 clients, about 65,000
//! invoice lines over exactly two years ending 30 June (windows not on
//! calendar years); ordering as a weekly Bernoulli process (regular, less
//! variable than Poisson) with one global seasonal wave; growth as a step
//! change at a random date (not a smooth trend); gamma-distributed order
//! values; service priced at 75 an hour with travel costs on visits; a
//! `;`-separated client list with day-first `dd/mm/yyyy` dates, invoice lines
//! with `dd.mm.yyyy` dates and decimal commas, a service log and complaints,
//! mapped through a config file as a new user would.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::helpers::{bin, folder, read_csv, run};

/// xorshift64*: this dataset's own random numbers.
struct Rand(u64);

impl Rand {
    fn u(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.u()
    }
    /// Gamma with shape 2 and the given mean: the sum of two exponentials.
    fn gamma2(&mut self, mean: f64) -> f64 {
        let (a, b) = (self.u().max(1e-12), self.u().max(1e-12));
        -(a * b).ln() * mean / 2.0
    }
}

/// Days since 1970-01-01 of a civil date, and back (Howard Hinnant's algorithms).
fn days(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

fn dotted(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{d:02}.{m:02}.{y}")
}

fn slashed(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{d:02}/{m:02}/{y}")
}

/// 1234.5 → `1.234,50`.
fn comma(v: f64) -> String {
    let cents = (v * 100.0).round() as i64;
    let (sign, cents) = if cents < 0 {
        ("-", -cents)
    } else {
        ("", cents)
    };
    let units = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in units.chars().enumerate() {
        if i > 0 && (units.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    format!("{sign}{grouped},{:02}", cents % 100)
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Kind {
    /// Highly profitable and stepping up, or new: Tier 1.
    Star,
    /// Profitable and flat: Tier 2.
    Steady,
    /// One or two orders a quarter, one visit: Tier 2.
    Tiny,
    /// Highly profitable but stepping down hard: Tier 2.
    Shrinking,
    /// Thin margin after the cost to serve: Tier 3 (or 4).
    Thin,
    /// Service eats more than the margin: Tier 4.
    Drain,
    /// Stopped in the previous window after profitable business: win back.
    GoneGood,
    /// Stopped in the previous window after losing money: let go.
    GoneBad,
    /// Only an old service call in the previous window, no purchase: let go.
    Dormant,
}

impl Kind {
    fn tier(self) -> Option<&'static str> {
        match self {
            Kind::Star => Some("1"),
            Kind::Steady | Kind::Tiny | Kind::Shrinking => Some("2"),
            Kind::Thin => Some("3"),
            Kind::Drain => Some("4"),
            _ => None,
        }
    }
}

const HOURLY: f64 = 75.0;

struct Files {
    clients: String,
    lines: String,
    service: String,
    complaints: String,
    /// client → (kind, planned action)
    truth: BTreeMap<String, (Kind, Option<&'static str>)>,
}

/// Write the wholesaler's exports; `start` and `end` bound the two years.
fn write(seed: u64, dir: &Path) -> Files {
    let start = days(2023, 7, 1);
    let end = days(2025, 6, 30);
    let window = days(2024, 6, 30); // last day of the previous window
    let mut r = Rand(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut f = Files {
        clients: "Client No;Client;Sector;Region;Size;Rep;Client since\n".into(),
        lines: "Invoice;Date;Client No;Item;Qty;Net;Cost\n".into(),
        service: "Client No;Date;Type;Duration (h);Travel cost\n".into(),
        complaints: "Client No;Opened;Closed;Severity\n".into(),
        truth: BTreeMap::new(),
    };
    let sectors = ["Horeca", "Retail", "Trades", "Care", "Offices"];
    let regions = ["Nord", "Süd", "Ost", "West"];
    let reps = ["Kowalski", "Amrani", "Brandt", "Costa", "Dahl", "Evers"];
    let mut invoice = 40_000u64;
    for i in 0..2_000u32 {
        let id = format!("K-{:05}", 10_000 + i * 7);
        let u = r.u();
        let kind = match u {
            u if u < 0.12 => Kind::Star,
            u if u < 0.52 => Kind::Steady,
            u if u < 0.60 => Kind::Tiny,
            u if u < 0.63 => Kind::Shrinking,
            u if u < 0.75 => Kind::Thin,
            u if u < 0.85 => Kind::Drain,
            u if u < 0.92 => Kind::GoneGood,
            u if u < 0.95 => Kind::GoneBad,
            _ => Kind::Dormant,
        };
        // orders a year, profit margin, service share of revenue
        let (per_year, margin, service) = match kind {
            Kind::Star => (
                r.between(6.0, 25.0),
                r.between(0.26, 0.42),
                r.between(0.01, 0.04),
            ),
            Kind::Steady => (
                r.between(4.0, 16.0),
                r.between(0.08, 0.20),
                r.between(0.02, 0.06),
            ),
            Kind::Tiny => (r.between(4.0, 8.0), r.between(0.10, 0.20), 0.0),
            Kind::Shrinking => (
                r.between(8.0, 24.0),
                r.between(0.30, 0.40),
                r.between(0.01, 0.03),
            ),
            Kind::Thin => (
                r.between(5.0, 18.0),
                r.between(-0.01, 0.02),
                r.between(0.03, 0.06),
            ),
            Kind::Drain => (
                r.between(5.0, 18.0),
                r.between(-0.50, -0.20),
                r.between(0.35, 0.6),
            ),
            Kind::GoneGood => (
                r.between(4.0, 16.0),
                r.between(0.12, 0.30),
                r.between(0.02, 0.05),
            ),
            Kind::GoneBad => (
                r.between(5.0, 16.0),
                r.between(-0.40, -0.15),
                r.between(0.3, 0.5),
            ),
            Kind::Dormant => (0.0, 0.0, 0.0),
        };
        let mean_order = if kind == Kind::Tiny {
            r.between(600.0, 1_500.0)
        } else {
            r.between(150.0, 2_500.0)
        };
        // a tiny client's margin is after its one visit (about 2¼ hours and travel)
        let gross = if kind == Kind::Tiny {
            margin + (2.25 * HOURLY + 40.0) / (per_year * mean_order)
        } else {
            margin + service
        };
        // since when: old clients from 2012, new stars inside the window
        let new = kind == Kind::Star && r.u() < 0.4;
        let since = if new {
            window + 1 + (r.u() * 300.0) as i64
        } else {
            days(2012, 1, 1) + (r.u() * 4_000.0) as i64
        };
        // growth as a step at a random day of the two years
        let (step_day, factor) = match kind {
            Kind::Star if !new => (start + 120 + (r.u() * 360.0) as i64, r.between(1.4, 2.5)),
            Kind::Shrinking => (start + 120 + (r.u() * 360.0) as i64, r.between(0.35, 0.6)),
            Kind::Steady | Kind::Thin | Kind::Drain | Kind::Tiny => {
                (start + (r.u() * 700.0) as i64, r.between(0.9, 1.1))
            }
            _ => (end, 1.0),
        };
        let stop = match kind {
            Kind::GoneGood | Kind::GoneBad => start + 60 + (r.u() * 270.0) as i64,
            Kind::Dormant => start,
            _ => end,
        };
        let first = since.max(start);
        let _ = writeln!(
            f.clients,
            "{id};{} {};{};{};{};{};{}",
            ["Großhandel", "Bäckerei", "Hotel", "Praxis", "Bau"][i as usize % 5],
            i,
            sectors[(r.u() * 5.0) as usize % 5],
            regions[(r.u() * 4.0) as usize % 4],
            ["klein", "mittel", "groß"][(r.u() * 3.0) as usize % 3],
            reps[(r.u() * 6.0) as usize % 6],
            slashed(since)
        );
        // weekly ordering with a seasonal wave; the first order on the first day
        let mut orders: Vec<(i64, f64)> = Vec::new();
        if kind != Kind::Dormant {
            if new {
                orders.push((first, r.gamma2(mean_order)));
            }
            let mut week = first;
            while week <= stop.min(end) {
                let season = 1.0 + 0.25 * (2.0 * std::f64::consts::PI * week as f64 / 365.25).sin();
                let rate = per_year * if week >= step_day { factor } else { 1.0 } * season / 52.0;
                if r.u() < rate.min(0.95) {
                    let day = (week + (r.u() * 5.0) as i64).min(stop.min(end));
                    let value =
                        r.gamma2(mean_order * if week >= step_day { factor.sqrt() } else { 1.0 });
                    orders.push((day, value));
                }
                week += 7;
            }
            if matches!(kind, Kind::GoneGood | Kind::GoneBad) {
                orders.push((stop, r.gamma2(mean_order)));
            }
        }
        let mut revenue_by_window = [0.0f64; 2];
        for &(day, value) in &orders {
            invoice += 1;
            let lines = 1 + usize::from(r.u() < 0.5) + usize::from(r.u() < 0.2);
            for k in 0..lines {
                let net = (value / lines as f64 * r.between(0.6, 1.4)).max(1.0);
                let cost = net * (1.0 - gross) * r.between(0.92, 1.08);
                let qty = 1 + (r.u() * 20.0) as u32;
                let _ = writeln!(
                    f.lines,
                    "R{invoice};{};{id};A-{:04};{qty};{};{}",
                    dotted(day),
                    (invoice as usize * 31 + k * 7) % 3_000,
                    comma(net),
                    comma(cost)
                );
                revenue_by_window[usize::from(day > window)] += net;
            }
        }
        // service: visits and calls in each window, priced to the planned share
        for (w, (lo, hi)) in [(start, window), (window + 1, end)].into_iter().enumerate() {
            let (lo, hi) = (lo.max(first), hi.min(stop));
            if kind == Kind::Dormant && w == 0 {
                let _ = writeln!(f.service, "{id};{};call;0,5;", dotted(lo + 30));
                continue;
            }
            if hi < lo || revenue_by_window[w] <= 0.0 {
                continue;
            }
            if kind == Kind::Tiny {
                if w == 1 {
                    let hours = r.between(1.5, 3.0);
                    let travel = r.between(20.0, 60.0);
                    let _ = writeln!(
                        f.service,
                        "{id};{};visit;{};{}",
                        dotted(lo + ((hi - lo) as f64 * r.u()) as i64),
                        comma((hours * 4.0).round() / 4.0),
                        comma(travel)
                    );
                }
                continue;
            }
            // cost follows the realised revenue of the window, spread over
            // a handful to dozens of entries
            let cost = service * revenue_by_window[w] * r.between(0.85, 1.15);
            let entries = ((cost / (HOURLY * 2.5)).round() as i64).clamp(1, 80);
            for _ in 0..entries {
                let share = cost / entries as f64 * r.between(0.5, 1.5);
                let visit = r.u() < 0.3;
                let travel = if visit { share * 0.2 } else { 0.0 };
                let hours = ((share - travel) / HOURLY * 4.0).round() / 4.0;
                let _ = writeln!(
                    f.service,
                    "{id};{};{};{};{}",
                    dotted(lo + ((hi - lo) as f64 * r.u()) as i64),
                    if visit { "visit" } else { "call" },
                    comma(hours.max(0.25)),
                    if visit { comma(travel) } else { String::new() }
                );
            }
        }
        // complaints: drains complain, a few others too
        let complaints = match kind {
            Kind::Drain => 2 + (r.u() * 4.0) as i64,
            _ if r.u() < 0.1 => 1,
            _ => 0,
        };
        for _ in 0..complaints {
            let opened = (window + 1 + (r.u() * 360.0) as i64).min(end);
            let closed = opened + 3 + (r.u() * 40.0) as i64;
            let _ = writeln!(
                f.complaints,
                "{id};{};{};{}",
                slashed(opened),
                if closed <= end {
                    slashed(closed)
                } else {
                    String::new()
                },
                ["niedrig", "mittel", "hoch"][(r.u() * 3.0) as usize % 3]
            );
        }
        let action = match kind {
            Kind::Drain => Some("phase out"),
            Kind::GoneGood => Some("win back"),
            Kind::GoneBad | Kind::Dormant => Some("let go"),
            _ => None,
        };
        f.truth.insert(id, (kind, action));
    }
    let mut truth = String::from("customer_id,kind,expected_tier,expected_action\n");
    for (id, (kind, action)) in &f.truth {
        let _ = writeln!(
            truth,
            "{id},{kind:?},{},{}",
            kind.tier().unwrap_or(""),
            action.unwrap_or("")
        );
    }
    for (name, text) in [
        ("truth.csv", &truth),
        ("clients.csv", &f.clients),
        ("invoice_lines.csv", &f.lines),
        ("service_log.csv", &f.service),
        ("complaints.csv", &f.complaints),
    ] {
        std::fs::write(dir.join(name), text).unwrap();
    }
    std::fs::write(
        dir.join("clientgrade.toml"),
        r#"[analysis]
as-of = "2025-06-30"

[costs]
hourly-rate = 75

[transactions]
path = "invoice_lines.csv"

[transactions.columns]
customer-id = "Client No"
amount = "Net"
cost = "Cost"
order-id = "Invoice"
product = "Item"

[customers]
path = "clients.csv"

[customers.columns]
customer-id = "Client No"
name = "Client"
account-manager = "Rep"

[service]
path = "service_log.csv"

[service.columns]
customer-id = "Client No"
hours = "Duration (h)"
cost = "Travel cost"

[complaints]
path = "complaints.csv"

[complaints.columns]
customer-id = "Client No"
date = "Opened"
resolved-date = "Closed"
"#,
    )
    .unwrap();
    f
}

#[test]
fn a_wholesalers_exports_get_the_verdicts_they_were_built_with() {
    let dir = folder("wholesaler");
    let files = write(2025, &dir);
    let lines = files.lines.lines().count() - 1;
    assert!((55_000..80_000).contains(&lines), "{lines} invoice lines");
    let out = dir.join("out");
    let o = run(bin()
        .arg("analyze")
        .arg("--config")
        .arg(dir.join("clientgrade.toml"))
        .arg("--out")
        .arg(&out));
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(stdout.contains("rejected 0"), "{stdout}");
    let rows = read_csv(&out.join("customers.csv"));
    let by_id: BTreeMap<&str, _> = rows
        .iter()
        .map(|r| (r["customer_id"].as_str(), r))
        .collect();
    // the client list's attributes and since-date come through
    let first = &rows[0];
    for column in ["Sector", "Region", "Size"] {
        assert!(!first[column].is_empty(), "{column} missing");
    }
    // (planted, as expected) per kind, for tiers and for actions
    let mut tiers: BTreeMap<Kind, (u32, u32)> = BTreeMap::new();
    let mut actions: BTreeMap<Kind, (u32, u32)> = BTreeMap::new();
    for (id, (kind, action)) in &files.truth {
        let g = by_id[id.as_str()];
        let bought = matches!(g["status"].as_str(), "new" | "active");
        if let (Some(want), true) = (kind.tier(), bought) {
            let e = tiers.entry(*kind).or_default();
            e.0 += 1;
            let ok = g["tier"] == want || (want == "3" && g["tier"] == "4");
            e.1 += u32::from(ok);
        }
        if let Some(want) = action {
            let gone = matches!(kind, Kind::GoneGood | Kind::GoneBad | Kind::Dormant);
            if gone {
                let expected = if *kind == Kind::Dormant {
                    "lost"
                } else {
                    "lapsed"
                };
                assert_eq!(g["status"], expected, "{id}");
                assert!(g["tier"].is_empty(), "{id}");
            }
            let e = actions.entry(*kind).or_default();
            e.0 += 1;
            e.1 += u32::from(g["action"] == *want);
        }
    }
    let mut report = String::new();
    for (k, (n, ok)) in &tiers {
        let _ = writeln!(
            report,
            "tier {k:?}: {ok} of {n} ({:.1}%)",
            100.0 * f64::from(*ok) / f64::from(*n)
        );
    }
    for (k, (n, ok)) in &actions {
        let _ = writeln!(
            report,
            "action {k:?}: {ok} of {n} ({:.1}%)",
            100.0 * f64::from(*ok) / f64::from(*n)
        );
    }
    println!("{report}");
    let rate = |m: &BTreeMap<Kind, (u32, u32)>, k: Kind| {
        let (n, ok) = m[&k];
        f64::from(ok) / f64::from(n)
    };
    assert_eq!(tiers[&Kind::Drain].0, tiers[&Kind::Drain].1, "{report}");
    assert_eq!(
        actions[&Kind::Dormant].0,
        actions[&Kind::Dormant].1,
        "{report}"
    );
    for k in [Kind::Star, Kind::Steady, Kind::Tiny, Kind::Thin] {
        assert!(rate(&tiers, k) >= 0.90, "{k:?}\n{report}");
    }
    for k in [Kind::GoneGood, Kind::GoneBad] {
        assert!(rate(&actions, k) >= 0.90, "{k:?}\n{report}");
    }
}

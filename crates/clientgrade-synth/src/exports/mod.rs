//! Files laid out like the exports owners have (Shopify, WooCommerce, QuickBooks, Stripe, Xero), with per-customer truth.
//!
//! Each generator writes one CSV file exactly as the vendor documents its
//! export (docs/sources.md), traps included, and the truth behind it: every
//! customer's net revenue of 2025 to the cent and number of 2025 orders, on
//! the local day in New York. Customers buy from January 2024 to the last
//! evening of 2025; one excluded order falls in 2026 so that only counted
//! sales may set the as-of date.

mod quickbooks;
mod shopify;
mod stripe;
mod woocommerce;
mod xero;

use clientgrade_core::Date;

use crate::rng::Rng;

/// A vendor export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    /// Shopify "Export orders".
    Shopify,
    /// WooCommerce Customer/Order CSV Export, one row per item.
    WooCommerce,
    /// QuickBooks Online "Sales by Customer Detail".
    QuickBooks,
    /// Stripe payments export.
    Stripe,
    /// Xero invoices export.
    Xero,
}

impl Export {
    /// All five.
    pub const ALL: [Export; 5] = [
        Export::Shopify,
        Export::WooCommerce,
        Export::QuickBooks,
        Export::Stripe,
        Export::Xero,
    ];

    /// The `source = "…"` name of its preset.
    pub fn name(self) -> &'static str {
        match self {
            Export::Shopify => "shopify",
            Export::WooCommerce => "woocommerce",
            Export::QuickBooks => "quickbooks",
            Export::Stripe => "stripe",
            Export::Xero => "xero",
        }
    }

    /// The export called `name`.
    pub fn from_name(name: &str) -> Option<Export> {
        Export::ALL.into_iter().find(|e| e.name() == name)
    }

    /// The file name the vendor gives it.
    pub fn file_name(self) -> &'static str {
        match self {
            Export::Shopify => "orders_export.csv",
            Export::WooCommerce => "woocommerce-orders.csv",
            Export::QuickBooks => "Sales by Customer Detail.csv",
            Export::Stripe => "unified_payments.csv",
            Export::Xero => "Invoices.csv",
        }
    }
}

/// What one customer truly bought.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerTruth {
    /// The id the export's rules should give it (case-folded e-mail, name…).
    pub customer: String,
    /// Net revenue of 2025 in cents.
    pub revenue_2025_cents: i64,
    /// Orders of 2025 (counted, not refunded in full).
    pub orders_2025: u64,
}

/// A generated export and its truth.
pub struct ExportFile {
    /// The file's text.
    pub csv: String,
    /// One entry per customer with a counted sale up to 2025-12-31, sorted.
    pub truth: Vec<CustomerTruth>,
}

/// Generate an export of about `customers` customers.
pub fn generate_export(export: Export, customers: usize, seed: u64) -> ExportFile {
    let people = people(customers, seed);
    let mut rng = Rng::new(seed).fork(0xE7 + export as u64);
    let (csv, mut truth) = match export {
        Export::Shopify => shopify::write(&people, &mut rng),
        Export::WooCommerce => woocommerce::write(&people, &mut rng),
        Export::QuickBooks => quickbooks::write(&people, &mut rng),
        Export::Stripe => stripe::write(&people, &mut rng),
        Export::Xero => xero::write(&people, &mut rng),
    };
    truth.sort_by(|a, b| a.customer.cmp(&b.customer));
    ExportFile { csv, truth }
}

/// A buyer.
pub(crate) struct Person {
    pub index: usize,
    pub first: String,
    pub last: String,
    /// Lowercase e-mail.
    pub email: String,
    /// Company or display name (unique).
    pub company: String,
    /// Orders placed, in date order.
    pub orders: Vec<When>,
}

/// A local time in New York.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct When {
    pub date: Date,
    /// Seconds after local midnight (3:00 to 23:59:59: no DST ambiguity).
    pub secs: i64,
}

impl When {
    /// `YYYY-MM-DD HH:MM:SS`.
    pub fn local(self) -> String {
        format!("{} {}", self.date, hms(self.secs))
    }

    /// `YYYY-MM-DD HH:MM:SS -0500` (Shopify).
    pub fn with_offset(self) -> String {
        format!("{} {:+03}00", self.local(), ny_offset(self.date))
    }

    /// The same instant in UTC, `YYYY-MM-DD HH:MM:SS` (Stripe).
    pub fn utc(self) -> String {
        let t = i64::from(self.date.days()) * 86_400 + self.secs - ny_offset(self.date) * 3600;
        let d = Date::from_days(t.div_euclid(86_400) as i32);
        format!("{d} {}", hms(t.rem_euclid(86_400)))
    }

    /// Whether it is in 2025.
    pub fn in_2025(self) -> bool {
        self.date.ymd().0 == 2025
    }

    /// Whether it is on or before 2025-12-31 (what the analysis can see).
    pub fn counted_period(self) -> bool {
        self.date.ymd().0 <= 2025
    }
}

fn hms(secs: i64) -> String {
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

/// New York's offset from UTC in hours on a day, for times after 3:00:
/// summer time from the second Sunday of March to the first Sunday of November.
pub(crate) fn ny_offset(d: Date) -> i64 {
    let (y, _, _) = d.ymd();
    let sunday_on_or_after = |m: u32, day: u32| {
        let x = Date::from_ymd(y, m, day).expect("valid");
        // 1970-01-01 was a Thursday: weekday 0 = Sunday
        let wd = (x.days() + 4).rem_euclid(7);
        x.add_days((7 - wd) % 7)
    };
    let start = sunday_on_or_after(3, 8);
    let end = sunday_on_or_after(11, 1);
    if d >= start && d < end {
        -4
    } else {
        -5
    }
}

/// `1234` cents → `12.34`.
pub(crate) fn cents(c: i64) -> String {
    let sign = if c < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", c.abs() / 100, c.abs() % 100)
}

/// `123456` cents → `1,234.56`.
pub(crate) fn cents_thousands(c: i64) -> String {
    let s = cents(c.abs());
    let (int, frac) = s.split_once('.').expect("two decimals");
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{}{out}.{frac}", if c < 0 { "-" } else { "" })
}

/// `round(c × bp / 10000)` half away from zero (basis points).
pub(crate) fn pct(c: i64, bp: i64) -> i64 {
    let p = c * bp;
    (p.abs() + 5_000) / 10_000 * p.signum()
}

/// A CSV file being written (RFC 4180 quoting).
#[derive(Default)]
pub(crate) struct Csv {
    pub out: String,
    /// Quote every field (report exports do).
    pub quote_all: bool,
}

impl Csv {
    pub fn row<S: AsRef<str>>(&mut self, fields: &[S]) {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            let f = f.as_ref();
            if self.quote_all || f.contains([',', '"', '\n']) {
                self.out.push('"');
                self.out.push_str(&f.replace('"', "\"\""));
                self.out.push('"');
            } else {
                self.out.push_str(f);
            }
        }
        self.out.push('\n');
    }
}

/// Products: (name, unit price in cents).
pub(crate) const PRODUCTS: [(&str, i64); 10] = [
    ("Linen Shirt", 5_900),
    ("Wool Scarf", 3_450),
    ("Canvas Tote", 1_999),
    ("Leather Belt", 4_500),
    ("Cotton Socks", 1_250),
    ("Rain Jacket", 12_900),
    ("Silk Tie", 3_999),
    ("Denim Jeans", 8_900),
    ("Sun Hat", 2_750),
    ("Gift Card", 5_000),
];

const FIRST: [&str; 16] = [
    "Anna", "Ben", "Carla", "David", "Emma", "Felix", "Grace", "Hugo", "Iris", "Jonas", "Kate",
    "Liam", "Mia", "Noah", "Olga", "Paul",
];
const LAST: [&str; 16] = [
    "Smith", "Jones", "Brown", "Miller", "Davis", "Garcia", "Wilson", "Moore", "Taylor", "Thomas",
    "White", "Harris", "Martin", "Clark", "Lewis", "Walker",
];

/// The buyers and when they order; the first buys on the last evening of
/// 2025 (which sets the as-of date), and orders run from 2024-01-01.
fn people(n: usize, seed: u64) -> Vec<Person> {
    let mut rng = Rng::new(seed).fork(0x5EED);
    let start = Date::from_ymd(2024, 1, 1).expect("valid");
    (0..n.max(2))
        .map(|i| {
            let first = rng.pick(&FIRST).to_string();
            let last = rng.pick(&LAST).to_string();
            let email = format!("{}.{}{}@example.com", first, last, i).to_lowercase();
            let company = format!("{last} & {first} Trading {i}");
            let rate = rng.lognormal(3.0, 0.8).min(30.0);
            let count = 1 + rng.poisson(rate) as usize;
            let mut orders: Vec<When> = (0..count)
                .map(|_| When {
                    date: start.add_days(rng.range(0, 730) as i32),
                    secs: rng.range(3 * 3600, 86_399),
                })
                .collect();
            if i == 0 {
                orders.push(When {
                    date: Date::from_ymd(2025, 12, 31).expect("valid"),
                    secs: 21 * 3600 + 30 * 60,
                });
            }
            orders.sort();
            Person {
                index: i,
                first,
                last,
                email,
                company,
                orders,
            }
        })
        .collect()
}

/// An e-mail as the customer typed it this time: sometimes capitalised.
pub(crate) fn typed_email(p: &Person, rng: &mut Rng) -> String {
    if p.index % 4 == 1 && rng.chance(0.5) {
        let mut cs = p.email.chars();
        let head: String = cs
            .next()
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_default();
        format!("{head}{}", cs.as_str()).replace("@example.com", "@Example.com")
    } else {
        p.email.clone()
    }
}

/// Truth accumulated per customer.
#[derive(Default)]
pub(crate) struct Tally {
    map: std::collections::BTreeMap<String, (i64, u64)>,
}

impl Tally {
    /// A counted sale of `net` cents at `when`; `order` says whether it
    /// counts as an order (a purchase, not refunded in full).
    pub fn add(&mut self, customer: &str, when: When, net: i64, order: bool) {
        if !when.counted_period() {
            return;
        }
        let e = self.map.entry(customer.to_string()).or_insert((0, 0));
        if when.in_2025() {
            e.0 += net;
            e.1 += u64::from(order);
        }
    }

    pub fn finish(self) -> Vec<CustomerTruth> {
        self.map
            .into_iter()
            .map(|(customer, (r, o))| CustomerTruth {
                customer,
                revenue_2025_cents: r,
                orders_2025: o,
            })
            .collect()
    }
}

/// A day in 2026, for one order that must not count.
pub(crate) fn in_2026() -> When {
    When {
        date: Date::from_ymd(2026, 1, 1).expect("valid"),
        secs: 10 * 3600,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_york_offsets_follow_the_us_rule() {
        let d = |y, m, day| Date::from_ymd(y, m, day).unwrap();
        assert_eq!(ny_offset(d(2025, 1, 15)), -5);
        assert_eq!(ny_offset(d(2025, 3, 8)), -5);
        assert_eq!(ny_offset(d(2025, 3, 9)), -4);
        assert_eq!(ny_offset(d(2025, 11, 1)), -4);
        assert_eq!(ny_offset(d(2025, 11, 2)), -5);
        assert_eq!(ny_offset(d(2024, 3, 10)), -4);
        let w = When {
            date: d(2025, 12, 31),
            secs: 21 * 3600 + 30 * 60,
        };
        assert_eq!(w.utc(), "2026-01-01 02:30:00");
        assert_eq!(w.with_offset(), "2025-12-31 21:30:00 -0500");
    }

    #[test]
    fn every_export_has_truth_and_the_same_seed_gives_the_same_file() {
        for e in Export::ALL {
            let a = generate_export(e, 40, 7);
            let b = generate_export(e, 40, 7);
            assert_eq!(a.csv, b.csv, "{e:?}");
            assert!(a.truth.len() >= 30, "{e:?}: {}", a.truth.len());
            assert!(a.truth.iter().any(|t| t.orders_2025 > 0));
        }
        assert_eq!(cents_thousands(123_456), "1,234.56");
        assert_eq!(cents(-5), "-0.05");
        assert_eq!(pct(1_999, 800), 160);
    }
}

//! Stripe payments export: one row per charge, UTC times, failed charges, refunds on the charge's row, several currencies.

use super::{cents, in_2026, typed_email, Csv, CustomerTruth, Person, Tally, When};
use crate::rng::Rng;

const HEADER: &[&str] = &[
    "id",
    "Created date (UTC)",
    "Amount",
    "Amount Refunded",
    "Currency",
    "Captured",
    "Converted Amount",
    "Converted Amount Refunded",
    "Converted Currency",
    "Decline Reason",
    "Description",
    "Fee",
    "Refunded date (UTC)",
    "Statement Descriptor",
    "Status",
    "Seller Message",
    "Taxes On Fee",
    "Card ID",
    "Customer ID",
    "Customer Description",
    "Customer Email",
    "Invoice ID",
    "Transfer",
];

/// Plans in cents of the customer's currency.
const PLANS: [(&str, i64); 4] = [
    ("Starter plan", 1_900),
    ("Team plan", 4_900),
    ("Business plan", 14_900),
    ("Workshop seat", 29_500),
];

/// A customer's currency and its rate to USD in basis points.
fn currency(p: &Person) -> (&'static str, i64) {
    match p.index % 10 {
        3 | 7 => ("eur", 10_850),
        5 => ("gbp", 12_700),
        _ => ("usd", 10_000),
    }
}

pub(super) fn write(people: &[Person], rng: &mut Rng) -> (String, Vec<CustomerTruth>) {
    let mut csv = Csv::default();
    csv.row(HEADER);
    let mut tally = Tally::default();
    let mut charges: Vec<(When, &Person)> = people
        .iter()
        .flat_map(|p| p.orders.iter().map(move |w| (*w, p)))
        .collect();
    charges.push((in_2026(), &people[1]));
    charges.sort_by_key(|(w, p)| (*w, p.index));
    let last = charges.len() - 1;
    for (k, (when, p)) in charges.into_iter().enumerate() {
        let (cur, rate) = currency(p);
        let (plan, price) = *rng.pick(&PLANS);
        // the day's rate moves a little around the customer's
        let day_rate = rate + rng.range(-150, 150) * i64::from(cur != "usd");
        let converted = (price * day_rate + 5_000) / 10_000;
        let roll = rng.f64();
        let status = if k == last {
            "Failed"
        } else if (p.index == 0 && when.date.ymd() == (2025, 12, 31)) || roll < 0.82 {
            "Paid"
        } else if roll < 0.88 {
            "Refunded"
        } else {
            "Failed"
        };
        let partial = status == "Paid" && rng.chance(0.08);
        let refunded = match status {
            "Refunded" => price,
            _ if partial => price / 4,
            _ => 0,
        };
        let converted_refunded = (refunded * day_rate + 5_000) / 10_000;
        if status == "Paid" {
            tally.add(&p.email, when, converted - converted_refunded, true);
        }
        // one person, several customer ids (one per checkout), one e-mail
        let id_no = p.index * 3 + (k % (1 + p.index % 3));
        let fee = (converted * 290 + 5_000) / 10_000 + 30;
        csv.row(&[
            format!("ch_{:08x}{k:06}", p.index * 7919),
            when.utc(),
            cents(price),
            cents(refunded),
            cur.to_string(),
            (status != "Failed").to_string(),
            if status == "Failed" {
                "0.00".into()
            } else {
                cents(converted)
            },
            cents(converted_refunded),
            "usd".into(),
            if status == "Failed" {
                "card_declined".into()
            } else {
                String::new()
            },
            plan.to_string(),
            if status == "Failed" {
                "0.00".into()
            } else {
                cents(fee)
            },
            if refunded > 0 {
                when.utc()
            } else {
                String::new()
            },
            "LEAFTHREAD".into(),
            status.to_string(),
            if status == "Failed" {
                "The bank did not return any further details with this decline.".into()
            } else {
                "Payment complete.".into()
            },
            "0.00".into(),
            format!("card_{:06}", p.index),
            format!("cus_{id_no:08}"),
            format!("{} {}", p.first, p.last),
            typed_email(p, rng),
            String::new(),
            String::new(),
        ]);
    }
    (csv.out, tally.finish())
}

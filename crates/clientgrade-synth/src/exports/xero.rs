//! Xero invoices export: one row per invoice line, the invoice total incl. tax on every line, discount as a percentage.

use super::{cents, in_2026, pct, Csv, CustomerTruth, Person, Tally, When, PRODUCTS};
use crate::rng::Rng;

const HEADER: &[&str] = &[
    "ContactName",
    "EmailAddress",
    "POAddressLine1",
    "POCity",
    "POPostalCode",
    "POCountry",
    "InvoiceNumber",
    "Reference",
    "InvoiceDate",
    "DueDate",
    "Total",
    "TaxTotal",
    "InvoiceAmountPaid",
    "InvoiceAmountDue",
    "InventoryItemCode",
    "Description",
    "Quantity",
    "UnitAmount",
    "Discount",
    "LineAmount",
    "AccountCode",
    "TaxType",
    "TaxAmount",
    "TrackingName1",
    "TrackingOption1",
    "Currency",
    "Type",
    "Sent",
    "Status",
];

fn dmy(w: When) -> String {
    let (y, m, d) = w.date.ymd();
    format!("{d:02}/{m:02}/{y}")
}

pub(super) fn write(people: &[Person], rng: &mut Rng) -> (String, Vec<CustomerTruth>) {
    let mut csv = Csv::default();
    csv.row(HEADER);
    let mut tally = Tally::default();
    let mut invoices: Vec<(When, &Person)> = people
        .iter()
        .flat_map(|p| p.orders.iter().map(move |w| (*w, p)))
        .collect();
    invoices.push((in_2026(), &people[1]));
    invoices.sort_by_key(|(w, p)| (*w, p.index));
    let last = invoices.len() - 1;
    for (k, (when, p)) in invoices.into_iter().enumerate() {
        let number = format!("INV-{:04}", k + 1);
        let n_lines = 1 + rng.poisson(1.0) as usize;
        // (product, quantity, discount % in basis points, line amount)
        let lines: Vec<(usize, i64, i64, i64)> = (0..n_lines)
            .map(|_| {
                let i = rng.range(0, PRODUCTS.len() as i64 - 1) as usize;
                let q = rng.range(1, 12);
                let d = if rng.chance(0.25) {
                    *rng.pick(&[500, 1_000, 1_500])
                } else {
                    0
                };
                let gross = PRODUCTS[i].1 * q;
                (i, q, d, gross - pct(gross, d))
            })
            .collect();
        let net: i64 = lines.iter().map(|l| l.3).sum();
        let taxes: Vec<i64> = lines.iter().map(|l| pct(l.3, 1_000)).collect();
        let tax: i64 = taxes.iter().sum();
        let total = net + tax;
        let roll = rng.f64();
        let status = if k == last {
            "Draft"
        } else if p.index == 0 && when.date.ymd() == (2025, 12, 31) {
            "Awaiting Payment"
        } else if roll < 0.62 {
            "Paid"
        } else if roll < 0.80 {
            "Awaiting Payment"
        } else if roll < 0.85 {
            "Awaiting Approval"
        } else if roll < 0.93 {
            "Draft"
        } else {
            "Voided"
        };
        if matches!(status, "Paid" | "Awaiting Payment" | "Awaiting Approval") {
            tally.add(&p.company, when, net, true);
        }
        let paid = if status == "Paid" { total } else { 0 };
        let due = When {
            date: when.date.add_days(30),
            secs: 0,
        };
        for (j, (i, q, d, amount)) in lines.iter().enumerate() {
            csv.row(&[
                p.company.clone(),
                p.email.clone(),
                "12 George St".into(),
                "Sydney".into(),
                "2000".into(),
                "AU".into(),
                number.clone(),
                format!("PO {}", 100 + k),
                dmy(when),
                dmy(due),
                cents(total),
                cents(tax),
                cents(paid),
                cents(total - paid),
                format!("ITEM-{i:02}"),
                PRODUCTS[*i].0.to_string(),
                format!("{q}.0000"),
                cents(PRODUCTS[*i].1),
                if *d > 0 { cents(*d) } else { String::new() },
                cents(*amount),
                "200".into(),
                "GST on Income".into(),
                cents(taxes[j]),
                String::new(),
                String::new(),
                "AUD".into(),
                "Sales invoice".into(),
                if status == "Draft" {
                    "Not Sent".into()
                } else {
                    "Sent".into()
                },
                status.to_string(),
            ]);
        }
    }
    (csv.out, tally.finish())
}

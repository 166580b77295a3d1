//! Shopify "Export orders": one row per line item, order fields on the first row only.

use super::{cents, in_2026, pct, typed_email, Csv, CustomerTruth, Person, Tally, When, PRODUCTS};
use crate::rng::Rng;

const HEADER: &[&str] = &[
    "Name",
    "Email",
    "Financial Status",
    "Paid at",
    "Fulfillment Status",
    "Fulfilled at",
    "Accepts Marketing",
    "Currency",
    "Subtotal",
    "Shipping",
    "Taxes",
    "Total",
    "Discount Code",
    "Discount Amount",
    "Shipping Method",
    "Created at",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Lineitem compare at price",
    "Lineitem sku",
    "Lineitem requires shipping",
    "Lineitem taxable",
    "Lineitem fulfillment status",
    "Billing Name",
    "Billing City",
    "Billing Country",
    "Notes",
    "Cancelled at",
    "Payment Method",
    "Refunded Amount",
    "Vendor",
    "Id",
    "Tags",
    "Risk Level",
    "Source",
];

/// Tax rate in basis points.
const TAX_BP: i64 = 800;

pub(super) fn write(people: &[Person], rng: &mut Rng) -> (String, Vec<CustomerTruth>) {
    let mut csv = Csv::default();
    csv.row(HEADER);
    let mut tally = Tally::default();
    let mut number = 1000;
    let mut orders: Vec<(When, &Person)> = people
        .iter()
        .flat_map(|p| p.orders.iter().map(move |w| (*w, p)))
        .collect();
    orders.push((in_2026(), &people[1]));
    orders.sort_by_key(|(w, p)| (*w, p.index));
    let last = orders.len() - 1;
    for (k, (when, p)) in orders.into_iter().enumerate() {
        number += 1;
        let n_lines = 1 + rng.poisson(0.8) as usize;
        let lines: Vec<(usize, i64)> = (0..n_lines)
            .map(|_| {
                (
                    rng.range(0, PRODUCTS.len() as i64 - 1) as usize,
                    rng.range(1, 4),
                )
            })
            .collect();
        let goods: i64 = lines.iter().map(|(i, q)| PRODUCTS[*i].1 * q).sum();
        let discount = if rng.chance(0.2) {
            pct(goods, 1_000)
        } else {
            0
        };
        let subtotal = goods - discount;
        let shipping = if subtotal >= 10_000 { 0 } else { 800 };
        let taxes = pct(subtotal, TAX_BP);
        let total = subtotal + shipping + taxes;
        // the last order (in 2026) is voided: it must not move the as-of date
        let roll = rng.f64();
        let status = if k == last {
            "voided"
        } else if (p.index == 0 && when.date.ymd() == (2025, 12, 31)) || roll < 0.72 {
            "paid"
        } else if roll < 0.76 {
            "pending"
        } else if roll < 0.84 {
            "partially_refunded"
        } else if roll < 0.92 {
            "refunded"
        } else {
            "voided"
        };
        // a partial refund gives back one unit of the first line, with its tax
        let refunded_goods = if status == "partially_refunded" {
            PRODUCTS[lines[0].0].1.min(subtotal / 2)
        } else {
            0
        };
        let refunded = match status {
            "partially_refunded" => refunded_goods + pct(refunded_goods, TAX_BP),
            "refunded" => total,
            _ => 0,
        };
        if matches!(status, "paid" | "pending" | "partially_refunded") {
            tally.add(&p.email, when, subtotal - refunded_goods, true);
        }
        let email = typed_email(p, rng);
        let created = when.with_offset();
        for (j, (i, q)) in lines.iter().enumerate() {
            let (name, price) = PRODUCTS[*i];
            let first = j == 0;
            let order_field = |v: String| if first { v } else { String::new() };
            csv.row(&[
                format!("#{number}"),
                email.clone(),
                order_field(status.into()),
                order_field(if status == "pending" {
                    String::new()
                } else {
                    created.clone()
                }),
                order_field("fulfilled".into()),
                order_field(created.clone()),
                order_field("no".into()),
                order_field("USD".into()),
                order_field(cents(subtotal)),
                order_field(cents(shipping)),
                order_field(cents(taxes)),
                order_field(cents(total)),
                order_field(if discount > 0 {
                    "WELCOME10".into()
                } else {
                    String::new()
                }),
                order_field(cents(discount)),
                order_field("Standard".into()),
                created.clone(),
                q.to_string(),
                name.into(),
                cents(price),
                String::new(),
                format!("SKU-{i:03}"),
                "true".into(),
                "true".into(),
                "fulfilled".into(),
                order_field(format!("{} {}", p.first, p.last)),
                order_field("Brooklyn".into()),
                order_field("US".into()),
                String::new(),
                order_field(if status == "voided" {
                    created.clone()
                } else {
                    String::new()
                }),
                order_field("Shopify Payments".into()),
                order_field(cents(refunded)),
                "Leaf".into(),
                order_field(format!("{}", 7_400_000_000u64 + number)),
                String::new(),
                order_field("Low".into()),
                order_field("web".into()),
            ]);
        }
    }
    (csv.out, tally.finish())
}

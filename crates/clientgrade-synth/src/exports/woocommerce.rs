//! WooCommerce Customer/Order CSV Export, "one row per item": order totals repeated on every item row.

use super::{cents, in_2026, pct, typed_email, Csv, CustomerTruth, Person, Tally, When, PRODUCTS};
use crate::rng::Rng;

const HEADER: &[&str] = &[
    "order_id",
    "order_number",
    "date",
    "status",
    "shipping_total",
    "shipping_tax_total",
    "fee_total",
    "fee_tax_total",
    "tax_total",
    "discount_total",
    "order_total",
    "refunded_total",
    "order_currency",
    "payment_method",
    "shipping_method",
    "customer_id",
    "billing_first_name",
    "billing_last_name",
    "billing_company",
    "billing_email",
    "billing_phone",
    "billing_city",
    "billing_country",
    "customer_note",
    "item_name",
    "item_sku",
    "item_quantity",
    "item_tax",
    "item_total",
    "item_refunded",
    "item_refunded_qty",
    "item_meta",
    "shipping_items",
    "fee_items",
    "tax_items",
    "coupons",
    "order_notes",
    "download_permissions_granted",
];

pub(super) fn write(people: &[Person], rng: &mut Rng) -> (String, Vec<CustomerTruth>) {
    let mut csv = Csv::default();
    csv.row(HEADER);
    let mut tally = Tally::default();
    let mut orders: Vec<(When, &Person)> = people
        .iter()
        .flat_map(|p| p.orders.iter().map(move |w| (*w, p)))
        .collect();
    orders.push((in_2026(), &people[1]));
    orders.sort_by_key(|(w, p)| (*w, p.index));
    let last = orders.len() - 1;
    for (k, (when, p)) in orders.into_iter().enumerate() {
        let id = 5000 + k;
        let n_lines = 1 + rng.poisson(1.2) as usize;
        let coupon = rng.chance(0.2);
        let lines: Vec<(usize, i64, i64)> = (0..n_lines)
            .map(|_| {
                let i = rng.range(0, PRODUCTS.len() as i64 - 1) as usize;
                let q = rng.range(1, 4);
                let gross = PRODUCTS[i].1 * q;
                let total = if coupon {
                    gross - pct(gross, 1_000)
                } else {
                    gross
                };
                (i, q, total)
            })
            .collect();
        let roll = rng.f64();
        let status = if k == last {
            "failed"
        } else if (p.index == 0 && when.date.ymd() == (2025, 12, 31)) || roll < 0.62 {
            "completed"
        } else if roll < 0.74 {
            "processing"
        } else if roll < 0.81 {
            "cancelled"
        } else if roll < 0.87 {
            "failed"
        } else if roll < 0.93 {
            "refunded"
        } else {
            "pending"
        };
        let partial = matches!(status, "completed" | "processing") && rng.chance(0.1);
        // refunds per item: the second line in full, or half of a single line
        let refunds: Vec<i64> = lines
            .iter()
            .enumerate()
            .map(|(j, l)| match (status, partial, n_lines) {
                ("refunded", _, _) => l.2,
                (_, true, 1) => l.2 / 2,
                (_, true, _) if j == 1 => l.2,
                _ => 0,
            })
            .collect();
        let items: i64 = lines.iter().map(|l| l.2).sum();
        let tax = pct(items, 800);
        let shipping = if items >= 10_000 { 0 } else { 800 };
        let total = items + tax + shipping;
        let refunded: i64 = refunds.iter().map(|r| r + pct(*r, 800)).sum();
        let discount: i64 = if coupon {
            lines.iter().map(|l| PRODUCTS[l.0].1 * l.1 - l.2).sum()
        } else {
            0
        };
        if matches!(status, "completed" | "processing") {
            let net: i64 = items - refunds.iter().sum::<i64>();
            tally.add(&p.email, when, net, true);
        }
        let guest = p.index % 3 == 2;
        let email = typed_email(p, rng);
        for (j, (i, q, t)) in lines.iter().enumerate() {
            csv.row(&[
                id.to_string(),
                id.to_string(),
                when.local(),
                status.to_string(),
                cents(shipping),
                "0.00".into(),
                "0.00".into(),
                "0.00".into(),
                cents(tax),
                cents(discount),
                cents(total),
                cents(refunded),
                "USD".into(),
                "stripe".into(),
                "Flat rate".into(),
                if guest {
                    "0".into()
                } else {
                    (100 + p.index).to_string()
                },
                p.first.clone(),
                p.last.clone(),
                String::new(),
                email.clone(),
                "555-0100".into(),
                "Brooklyn".into(),
                "US".into(),
                String::new(),
                PRODUCTS[*i].0.into(),
                format!("SKU-{i:03}"),
                q.to_string(),
                cents(pct(*t, 800)),
                cents(*t),
                cents(refunds[j]),
                if refunds[j] > 0 {
                    "1".into()
                } else {
                    "0".into()
                },
                String::new(),
                "method:Flat rate|total:8.00".into(),
                String::new(),
                "code:US-NY-TAX|total:".to_string() + &cents(tax),
                if coupon {
                    "code:save10".into()
                } else {
                    String::new()
                },
                String::new(),
                "0".into(),
            ]);
        }
    }
    (csv.out, tally.finish())
}

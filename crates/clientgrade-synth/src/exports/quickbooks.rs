//! QuickBooks Online report "Sales by Customer Detail" exported to CSV: titles, customer headings, totals, footer.

use super::{cents_thousands, Csv, CustomerTruth, Person, Tally, When, PRODUCTS};
use crate::rng::Rng;

pub(super) fn write(people: &[Person], rng: &mut Rng) -> (String, Vec<CustomerTruth>) {
    let mut csv = Csv {
        quote_all: true,
        ..Csv::default()
    };
    // headings and totals padded to the full width, or written as one cell
    let padded = people[0].orders.len().is_multiple_of(2);
    let short = |mut v: Vec<String>| {
        if !padded {
            v.truncate(1);
        }
        v
    };
    csv.row(&["Sales by Customer Detail"]);
    csv.row(&["Leaf & Thread, Inc."]);
    csv.row(&["January 1, 2024 - December 31, 2025"]);
    csv.out.push('\n');
    let width = 10;
    csv.row(&[
        "",
        "Date",
        "Transaction Type",
        "Num",
        "Product/Service",
        "Memo/Description",
        "Qty",
        "Sales Price",
        "Amount",
        "Balance",
    ]);
    let mut tally = Tally::default();
    let mut sorted: Vec<&Person> = people.iter().collect();
    sorted.sort_by(|a, b| a.company.cmp(&b.company));
    let mut num = 1000;
    let mut grand = 0i64;
    // transactions numbered in date order across customers, listed per customer
    let mut nums = std::collections::BTreeMap::new();
    let mut all: Vec<(When, usize)> = people
        .iter()
        .flat_map(|p| p.orders.iter().map(move |w| (*w, p.index)))
        .collect();
    all.sort();
    for (w, i) in &all {
        num += 1;
        nums.insert((*w, *i), num);
    }
    for p in sorted {
        let rows: Vec<When> = p
            .orders
            .iter()
            .copied()
            .filter(|w| w.counted_period())
            .collect();
        if rows.is_empty() {
            continue;
        }
        let mut heading = vec![String::new(); width];
        heading[0] = p.company.clone();
        csv.row(&short(heading));
        let mut balance = 0i64;
        for w in rows {
            let n = nums[&(w, p.index)];
            let credit = p.index % 7 == 3 && rng.chance(0.3) && p.index != 0;
            let kind = if credit {
                "Credit Memo"
            } else if rng.chance(0.7) {
                "Invoice"
            } else {
                "Sales Receipt"
            };
            let n_lines = if credit {
                1
            } else {
                1 + rng.poisson(0.7) as usize
            };
            let mut order_total = 0;
            for _ in 0..n_lines {
                let i = rng.range(0, PRODUCTS.len() as i64 - 1) as usize;
                let q = rng.range(1, 25);
                let (name, price) = PRODUCTS[i];
                let amount = if credit { -price } else { price * q };
                let qty = if credit { 1 } else { q };
                balance += amount;
                order_total += amount;
                csv.row(&[
                    String::new(),
                    format!(
                        "{:02}/{:02}/{}",
                        w.date.ymd().1,
                        w.date.ymd().2,
                        w.date.ymd().0
                    ),
                    kind.to_string(),
                    n.to_string(),
                    name.to_string(),
                    format!("{name}, as ordered"),
                    format!("{qty}.00"),
                    cents_thousands(price),
                    cents_thousands(amount),
                    cents_thousands(balance),
                ]);
            }
            tally.add(&p.company, w, order_total, !credit);
        }
        grand += balance;
        let mut total = vec![String::new(); width];
        total[0] = format!("Total for {}", p.company);
        total[8] = format!("${}", cents_thousands(balance));
        csv.row(&short(total));
    }
    let mut total = vec![String::new(); width];
    total[0] = "TOTAL".into();
    total[8] = format!("${}", cents_thousands(grand));
    csv.row(&total);
    csv.out.push('\n');
    csv.out.push('\n');
    csv.row(&["Accrual Basis  Monday, January 5, 2026  09:12 AM GMT-05:00"]);
    (csv.out, tally.finish())
}

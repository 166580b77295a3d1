//! Values read exactly: distinct counts of realistic ids, numbers, dates, money bounds, encodings.

use std::collections::BTreeSet;

use clientgrade_core::Date;
use clientgrade_data::{load, NoProgress};

use crate::{file, tx};

/// 100k+ realistic invoice ids of one customer (with the pair that collided
/// under the old hash, prefixes, suffixes, digits only, ids longer than 15
/// bytes, ids that differ only in case or in a trailing space inside quotes
/// would be trimmed, so not used) give the exact distinct count, read in one
/// part and in several.
#[test]
fn order_counts_are_exact_for_100k_realistic_ids() {
    let mut ids: Vec<String> = Vec::new();
    for n in 1..=110_000u32 {
        ids.push(format!("INV{n:06}"));
    }
    for n in (0..40_000u32).step_by(3) {
        ids.push(format!("SO-2025-{n:06}"));
        ids.push(format!("{n}"));
        ids.push(format!("RE{n}/B"));
        ids.push(format!("inv{n:06}"));
        ids.push(format!("INVOICE-2025-{n:010}-DE"));
    }
    ids.push("INV100612".into());
    ids.push("INV100699".into());
    let distinct: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    assert!(distinct.len() > 160_000);
    let mut csv = String::from("customer_id,date,invoice_id,product,amount\n");
    let mut products = BTreeSet::new();
    for (i, id) in ids.iter().enumerate() {
        let day = 1 + (i % 28);
        let product = format!("P{:05}", i % 50_000);
        products.insert(product.clone());
        csv.push_str(&format!("C1,2025-03-{day:02},{id},{product},1.00\n"));
        if i % 7 == 0 {
            // a second line of the same order
            csv.push_str(&format!("C1,2025-03-{day:02},{id},{product},2.00\n"));
        }
    }
    let path = file("distinct_ids", "t.csv", csv.as_bytes());
    for threads in [1, 2, 5] {
        let mut spec = tx(path.clone());
        spec.threads = Some(threads);
        let l = load(
            &crate::tx_only(spec),
            Date::from_ymd(2025, 12, 31),
            12,
            &NoProgress,
        )
        .unwrap();
        assert_eq!(l.facts.len(), 1);
        let f = &l.facts[0];
        assert_eq!(f.orders, distinct.len() as u64, "{threads} threads");
        assert_eq!(
            f.orders_lifetime,
            distinct.len() as u64,
            "{threads} threads"
        );
        assert_eq!(f.products, products.len() as u64, "{threads} threads");
        assert_eq!(f.purchase_days, 28);
    }
}

//! What the lifetime model assumes (a steady purchase rate) and the customers whose measured trend contradicts it.

use crate::format::num;
use clientgrade_core::Portfolio;

/// What the lifetime model assumes, said next to every lifetime value.
pub(crate) const STEADY_RATE: &str = "the lifetime model (BG/NBD) assumes each customer keeps \
     a steady purchase rate while it is a customer: it does not use the growth measured between \
     the two windows";

/// Customers with a lifetime value whose measured trend contradicts the
/// steady rate the model assumes: (declining, growing) positions in
/// `p.customers`, most expected purchases first. Declining: the whole growth
/// interval lies below zero; growing: the whole interval lies above zero.
pub(crate) fn trend_contradicts_steady_rate(p: &Portfolio) -> (Vec<usize>, Vec<usize>) {
    let mut down = Vec::new();
    let mut up = Vec::new();
    for (i, g) in p.customers.iter().enumerate() {
        if g.lifetime.is_none() || !g.status.graded() {
            continue;
        }
        let c = &g.characteristics;
        match (c.growth_low, c.growth_high) {
            (_, Some(hi)) if hi < 0.0 => down.push(i),
            (Some(lo), _) if lo > 0.0 => up.push(i),
            _ => {}
        }
    }
    let expected = |i: &usize| {
        p.customers[*i]
            .lifetime
            .map_or(0.0, |l| l.expected_purchases)
    };
    for v in [&mut down, &mut up] {
        v.sort_by(|a, b| expected(b).total_cmp(&expected(a)).then(a.cmp(b)));
    }
    (down, up)
}

/// One sentence on the customers whose trend contradicts the model.
pub(crate) fn steady_rate_text(p: &Portfolio) -> String {
    let (down, up) = trend_contradicts_steady_rate(p);
    let sum = |v: &[usize]| -> f64 {
        v.iter()
            .filter_map(|i| p.customers[*i].lifetime.map(|l| l.expected_purchases))
            .sum()
    };
    let mut t = STEADY_RATE.to_string();
    if down.is_empty() && up.is_empty() {
        t.push_str("; no customer's measured growth contradicts it (no growth interval lies wholly above or below zero)");
        return t;
    }
    if !down.is_empty() {
        t.push_str(&format!(
            "; {} measurably declining (the whole growth interval below zero): their {} expected purchases are likely too many",
            crate::format::plural(down.len() as u64, "customer is", "customers are"),
            num(sum(&down), 0)
        ));
    }
    if !up.is_empty() {
        t.push_str(&format!(
            "; {} measurably growing (the whole interval above zero): their {} expected purchases are likely too few",
            crate::format::plural(up.len() as u64, "customer is", "customers are"),
            num(sum(&up), 0)
        ));
    }
    let conf = p.settings.tiers.growth_confidence;
    t.push_str(&format!(
        " (the growth intervals are {} intervals: about 1 steady customer in {} falls wholly on \
         each side by chance)",
        crate::format::pct(conf),
        num(2.0 / (1.0 - conf).max(1e-9), 0)
    ));
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use clientgrade_core::Money;
    use clientgrade_core::{
        grade, AnalysisWindow, Coverage, CustomerFacts, CustomerId, CustomerLifetime, Date,
        Settings,
    };

    #[test]
    fn lifetime_values_say_the_model_assumes_a_steady_rate_and_who_contradicts_it() {
        // audit 3.7: declining clients were predicted 59 purchases and made
        // 20, with nothing on the page saying the model ignores the trend
        let all: Vec<CustomerFacts> = (0..6)
            .map(|i| CustomerFacts {
                id: Some(CustomerId::new(&format!("K{i}"))),
                revenue: Money::from_units(2_000 + 317 * i),
                revenue_previous: Money::from_units(2_400 - 211 * i),
                first_purchase: Date::from_ymd(2023, 2, 3 + i as u32),
                last_purchase: Date::from_ymd(2025, 10, 2 + i as u32),
                ..CustomerFacts::default()
            })
            .collect();
        let w = AnalysisWindow::new(Date::from_ymd(2025, 12, 31).unwrap(), 12);
        let mut p = grade(all, Coverage::default(), &Settings::default(), w);
        // measured growth intervals: two wholly below zero, one wholly above,
        // the rest spanning zero
        let intervals = [
            (-0.71, -0.22),
            (-0.48, -0.05),
            (0.12, 0.93),
            (-0.30, 0.41),
            (-0.02, 0.10),
            (-0.6, 0.0),
        ];
        for (g, (lo, hi)) in p.customers.iter_mut().zip(intervals) {
            g.characteristics.growth_low = Some(lo);
            g.characteristics.growth_high = Some(hi);
            g.lifetime = Some(CustomerLifetime {
                p_alive: Some(0.93),
                expected_purchases: 10.0 + 10.0 * hi.abs(),
                expected_spend: None,
                expected_revenue: None,
                clv_profit: None,
            });
        }
        let (down, up) = trend_contradicts_steady_rate(&p);
        let id = |i: &usize| p.customers[*i].characteristics.growth_high.unwrap();
        assert_eq!(down.iter().map(id).collect::<Vec<_>>(), [-0.22, -0.05]);
        assert_eq!(up.len(), 1);
        let t = steady_rate_text(&p);
        assert!(
            t.starts_with(
                "the lifetime model (BG/NBD) assumes each customer keeps a steady purchase rate"
            ),
            "{t}"
        );
        assert!(t.contains("2 customers are measurably declining"), "{t}");
        assert!(
            t.contains("their 23 expected purchases are likely too many"),
            "{t}"
        );
        assert!(t.contains("1 customer is measurably growing"), "{t}");
    }
}

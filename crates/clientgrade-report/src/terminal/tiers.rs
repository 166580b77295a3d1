//! The tier table's rows, the customers per status and the one-sentence takeaway.

use std::fmt::Write;

use super::{pct, plural, share, thousands};
use clientgrade_core::{Money, Portfolio, Status, Tier, TierTotals};

/// One row of the tier table: shares of the customers who bought in the
/// window (`base`), so that the tiers add up to 100%.
pub(super) fn tier_line(
    label: &str,
    t: &TierTotals,
    base: Option<&TierTotals>,
    known: bool,
) -> String {
    // rows outside the customers who bought in the window carry no share
    let of = |part: f64, whole: f64| match base {
        Some(_) if whole > 0.0 => pct(part / whole),
        Some(_) => "n/a".into(),
        None => String::new(),
    };
    format!(
        "  {label:<22} {:>9} {:>7} {:>16} {:>7} {:>15} {:>7}",
        thousands(t.customers),
        base.map_or_else(String::new, |b| of(t.customers as f64, b.customers as f64)),
        t.revenue.to_display_string(),
        base.map_or_else(String::new, |b| share(t.revenue, b.revenue)),
        if known {
            t.profit.to_display_string()
        } else {
            "unknown".into()
        },
        match base {
            Some(b) if known => share(t.profit, b.profit),
            Some(_) => "n/a".into(),
            None => String::new(),
        },
    )
    .trim_end()
    .to_string()
}

/// One plain sentence from the tier and status totals; profit only where
/// it is known.
pub fn takeaway(p: &Portfolio, view: &crate::view::View) -> Option<String> {
    let n = p.buyers();
    if n == 0 {
        return None;
    }
    let known = crate::headline::profit_known(p);
    let mut line = match p.undecidable {
        Some(why) => {
            let revenue = crate::headline::headline(p).buyers.revenue;
            format!(
                "{} bought {} in the window, but tiers cannot be decided: {why}",
                plural(n, "customer", "customers"),
                revenue.to_display_string()
            )
        }
        None => {
            let (t1, t2, t4) = (p.tier(Tier::Ideal), p.tier(Tier::Good), p.tier(Tier::Loser));
            let good = t1.customers + t2.customers;
            let buyers_profit: Money =
                Tier::ALL.iter().map(|t| p.tier(*t).profit).sum::<Money>() + p.undecided.profit;
            let mut l = format!(
                "Of the {} who bought in the window, {} (Tiers 1–2) earn {} of their profit",
                plural(n, "customer", "customers"),
                pct(good as f64 / n as f64),
                share(t1.profit + t2.profit, buyers_profit)
            );
            if t4.customers > 0 {
                l.push_str(&format!(
                    "; {} ({}) lose you {}",
                    thousands(t4.customers),
                    pct(t4.customers as f64 / n as f64),
                    (-t4.profit).to_display_string()
                ));
            }
            l
        }
    };
    let lapsed = p.status(Status::Lapsed);
    if lapsed.customers > 0 {
        let worth = if known {
            format!(
                "they made {} profit in the previous window",
                lapsed.win_back_profit_previous.to_display_string()
            )
        } else {
            let revenue = view.win_back_revenue_previous;
            format!(
                "they bought {} in the previous window (their profit is not known: no costs given)",
                revenue.to_display_string()
            )
        };
        line.push_str(&format!(
            ". {} lapsed (nothing bought in the window); {} of them {} worth winning back: {worth}",
            plural(lapsed.customers, "customer", "customers"),
            thousands(lapsed.win_back),
            if lapsed.win_back == 1 { "is" } else { "are" },
        ));
    }
    if !line.ends_with('.') {
        line.push('.');
    }
    Some(line)
}

/// Customers per lifecycle status.
pub(super) fn status_lines(p: &Portfolio) -> String {
    let known = crate::headline::profit_known(p);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\nCustomers by status (only new and active ones get a tier)"
    );
    for st in Status::ALL {
        let t = p.status(st);
        let what = match st {
            Status::New => format!(
                "became customers in the window; revenue {}",
                t.revenue.to_display_string()
            ),
            Status::Active => format!("bought in the window; revenue {}", t.revenue.to_display_string()),
            Status::Lapsed if known => format!(
                "nothing in the window, bought in the previous one (profit {} there); {} to win back",
                t.profit_previous.to_display_string(),
                thousands(t.win_back)
            ),
            Status::Lapsed => format!(
                "nothing in the window, bought in the previous one (revenue {} there, profit not known: no costs given); {} to win back",
                t.revenue_previous.to_display_string(),
                thousands(t.win_back)
            ),
            Status::Lost => "nothing in this window nor the previous one: let go".to_string(),
        };
        let _ = writeln!(
            s,
            "  {:<8} {:>9}  {what}",
            st.name(),
            thousands(t.customers)
        );
    }
    s
}

//! The tier table's rows and the customers per status.

use std::fmt::Write;

use crate::format::{pct, share, thousands};
use clientgrade_core::{Portfolio, Status, TierTotals};

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

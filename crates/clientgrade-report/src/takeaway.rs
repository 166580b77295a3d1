//! The one-sentence takeaway the terminal summary and report.html open with: who earns the profit, who loses it, who is worth winning back.
//!
//! Above the view model and below the renderers: it reads the portfolio,
//! [`crate::headline`] and the [`View`], and writes through
//! [`crate::format`].

use crate::format::{pct, plural, share, thousands};
use crate::headline::{headline, profit_known};
use crate::view::View;
use clientgrade_core::{Money, Portfolio, Status, Tier};

/// One plain sentence from the tier and status totals; profit only where
/// it is known.
pub fn takeaway(p: &Portfolio, view: &View) -> Option<String> {
    let n = p.buyers();
    if n == 0 {
        return None;
    }
    let known = profit_known(p);
    let mut line = match p.undecidable {
        Some(why) => {
            let revenue = headline(p).buyers.revenue;
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

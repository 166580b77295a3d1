//! Lifecycle status: new, active, lapsed or lost, from when a customer bought, with its evidence.

use std::fmt;

use crate::evidence::{money, percent};
use crate::{AnalysisWindow, Characteristics};

/// Where a customer stands in its lifecycle at the as-of date (SPEC §3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Became a customer inside the window and bought in it.
    New,
    /// Bought in the window, a customer from before it.
    Active,
    /// Nothing in the window; bought in the previous window.
    Lapsed,
    /// Nothing in the window nor in the previous one.
    Lost,
}

impl Status {
    /// All statuses.
    pub const ALL: [Status; 4] = [Status::New, Status::Active, Status::Lapsed, Status::Lost];

    /// The name used in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Active => "active",
            Status::Lapsed => "lapsed",
            Status::Lost => "lost",
        }
    }

    /// Whether customers of this status get a tier (they bought in the window).
    pub fn graded(self) -> bool {
        matches!(self, Status::New | Status::Active)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The status of one customer and the evidence for it, in one sentence.
pub fn lifecycle(c: &Characteristics, window: &AnalysisWindow) -> (Status, String) {
    let start = window.start_exclusive();
    let previous = window.previous_start_exclusive();
    let since = c
        .customer_since
        .map_or_else(String::new, |d| format!(", customer since {d}"));
    match c.last_purchase {
        Some(last) if last > start => {
            if c.new_in_window {
                (
                    Status::New,
                    format!(
                        "new: customer since {} (inside the window from {}), last purchase {last}",
                        c.customer_since.map_or_else(|| "n/a".into(), |d| d.to_string()),
                        window.first_day()
                    ),
                )
            } else {
                (
                    Status::Active,
                    format!("active: last purchase {last}, in the window{since}"),
                )
            }
        }
        Some(last) if last > previous => {
            let worth = match c.profit_previous {
                Some(p) => format!(
                    "; previous window: profit {} on revenue {}{}",
                    money(p),
                    money(c.revenue_previous),
                    c.profit_margin_previous
                        .map_or_else(String::new, |m| format!(" (margin {})", percent(m)))
                ),
                None => format!(
                    "; previous window: revenue {} (profit unknown without cost of goods)",
                    money(c.revenue_previous)
                ),
            };
            (
                Status::Lapsed,
                format!(
                    "lapsed: no purchase in the window; last purchase {last} ({} days before as-of), in the previous window{worth}",
                    window.as_of.days_since(last)
                ),
            )
        }
        Some(last) => (
            Status::Lost,
            format!(
                "lost: no purchase in the window nor the previous one; last purchase {last} ({} days before as-of){since}",
                window.as_of.days_since(last)
            ),
        ),
        None if c.new_in_window => (
            Status::New,
            format!(
                "new: customer since {} (inside the window), no purchase yet",
                c.customer_since.map_or_else(|| "n/a".into(), |d| d.to_string())
            ),
        ),
        None => (
            Status::Lost,
            format!(
                "lost: no purchase on record up to as-of (only invoices, service or complaints){since}"
            ),
        ),
    }
}

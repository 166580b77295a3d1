//! Red flags of troublesome customers, each with the evidence that raised it.

use crate::evidence::{money, percent, times};
use crate::measures::median;
use crate::{Characteristics, FlagSettings};

/// A kind of red flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FlagKind {
    /// Takes far more service effort than its revenue would justify.
    ConsumesEffort,
    /// Gets far more discount than its peers.
    DemandsConcessions,
    /// Pays late, or not at all.
    PaysLate,
    /// Complains persistently.
    Complains,
    /// Returns a lot.
    Returns,
}

impl FlagKind {
    /// All kinds.
    pub const ALL: [FlagKind; 5] = [
        FlagKind::ConsumesEffort,
        FlagKind::DemandsConcessions,
        FlagKind::PaysLate,
        FlagKind::Complains,
        FlagKind::Returns,
    ];

    /// The name used in outputs.
    pub fn name(self) -> &'static str {
        match self {
            FlagKind::ConsumesEffort => "consumes effort",
            FlagKind::DemandsConcessions => "demands concessions",
            FlagKind::PaysLate => "pays late",
            FlagKind::Complains => "complains",
            FlagKind::Returns => "returns a lot",
        }
    }
}

/// A raised flag with its evidence.
#[derive(Clone, Debug, PartialEq)]
pub struct Flag {
    /// Which flag.
    pub kind: FlagKind,
    /// The values and thresholds behind it.
    pub evidence: String,
}

/// Portfolio figures the flags compare a customer against.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Peers {
    /// Median discount rate of customers with discounts data.
    pub median_discount_rate: Option<f64>,
    /// All complaints over all orders in the window.
    pub complaints_per_order: Option<f64>,
    /// All returns over all gross sales in the window.
    pub return_rate: Option<f64>,
}

/// The peer figures of a portfolio.
pub fn peers(all: &[&Characteristics]) -> Peers {
    let discounts: Vec<f64> = all.iter().filter_map(|c| c.discount_rate).collect();
    let complaints: u64 = all.iter().filter_map(|c| c.complaints).sum();
    let orders: u64 = all.iter().map(|c| c.orders).sum();
    let any_complaints = all.iter().any(|c| c.complaints.is_some());
    let returns: f64 = all.iter().map(|c| c.returns.to_f64()).sum();
    let gross: f64 = all.iter().map(|c| c.gross_sales.to_f64()).sum();
    Peers {
        median_discount_rate: median(&discounts),
        complaints_per_order: (any_complaints && orders > 0)
            .then(|| complaints as f64 / orders as f64),
        return_rate: (gross > 0.0).then(|| returns / gross),
    }
}

/// The flags of one customer.
pub fn flags(c: &Characteristics, peers: &Peers, s: &FlagSettings) -> Vec<Flag> {
    let mut out = Vec::new();
    if let Some(r) = c.effort_ratio.filter(|r| *r >= s.effort_ratio) {
        out.push(Flag {
            kind: FlagKind::ConsumesEffort,
            evidence: if r.is_finite() {
                format!(
                    "{} of service effort for {} of revenue ({} ≥ {})",
                    percent(c.service_share.unwrap_or(0.0)),
                    percent(c.revenue_share),
                    times(r),
                    times(s.effort_ratio)
                )
            } else {
                // service without revenue: the ratio has no number (never ∞)
                format!(
                    "{} of service effort and no revenue in the window (flag at ≥ {})",
                    percent(c.service_share.unwrap_or(0.0)),
                    times(s.effort_ratio)
                )
            },
        });
    }
    if let (Some(d), Some(m)) = (c.discount_rate, peers.median_discount_rate) {
        let line = (m * s.discount_vs_median).max(s.discount_min);
        if d >= line {
            out.push(Flag {
                kind: FlagKind::DemandsConcessions,
                evidence: format!(
                    "discount rate {} vs peers' median {} (flag at ≥ {})",
                    percent(d),
                    percent(m),
                    percent(line)
                ),
            });
        }
    }
    let mut late = Vec::new();
    if let Some(d) = c.avg_days_late.filter(|d| *d >= s.late_days) {
        late.push(format!(
            "pays {d:.0} days late on average (flag at ≥ {:.0})",
            s.late_days
        ));
    }
    if let Some(w) = c.written_off.filter(|w| w.raw() > 0) {
        late.push(format!("{} written off", money(w)));
    }
    if let Some(o) = c.overdue.filter(|o| o.raw() > 0) {
        let line = c.revenue.to_f64() * s.overdue_share;
        if o.to_f64() >= line {
            late.push(format!(
                "{} overdue (flag at ≥ {} of window revenue)",
                money(o),
                percent(s.overdue_share)
            ));
        }
    }
    if !late.is_empty() {
        out.push(Flag {
            kind: FlagKind::PaysLate,
            evidence: late.join("; "),
        });
    }
    if let (Some(n), Some(rate), Some(peer)) = (
        c.complaints,
        c.complaints_per_order,
        peers.complaints_per_order,
    ) {
        let line = peer * s.complaints_vs_rate;
        if n >= s.complaints_min && rate >= line {
            out.push(Flag {
                kind: FlagKind::Complains,
                evidence: format!(
                    "{n} complaints, {:.2} per order vs {:.2} across customers (flag at ≥ {} and ≥ {:.2} per order)",
                    rate, peer, s.complaints_min, line
                ),
            });
        }
    }
    if let (Some(r), Some(peer)) = (c.return_rate, peers.return_rate) {
        let line = (peer * s.returns_vs_rate).max(s.returns_min);
        if r >= line {
            out.push(Flag {
                kind: FlagKind::Returns,
                evidence: format!(
                    "returns {} of gross sales vs {} across customers (flag at ≥ {})",
                    percent(r),
                    percent(peer),
                    percent(line)
                ),
            });
        }
    }
    out
}

//! One recommended action per customer, from its tier, RFM segment, quadrant, rank and flags.

use crate::flags::Flag;
use crate::matrix::Quadrant;
use crate::rfm::Segment;
use crate::Tier;

/// What to do with a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// Invest: best service, account planning, growth.
    Focus,
    /// Keep serving well; no special effort.
    Serve,
    /// Stop acquiring more like them; refer elsewhere.
    StopAcquiring,
    /// Reprice, change terms, or let go.
    PhaseOut,
    /// A valuable customer going quiet: reach out.
    WinBack,
}

impl Action {
    /// All actions.
    pub const ALL: [Action; 5] = [
        Action::Focus,
        Action::Serve,
        Action::StopAcquiring,
        Action::PhaseOut,
        Action::WinBack,
    ];

    /// The name used in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Action::Focus => "focus",
            Action::Serve => "serve as opportunities arise",
            Action::StopAcquiring => "stop acquiring, refer elsewhere",
            Action::PhaseOut => "phase out",
            Action::WinBack => "win back",
        }
    }
}

/// Share of customers (by key rank) treated as key customers.
pub const KEY_SHARE: f64 = 0.10;

/// Everything the recommendation looks at.
pub struct ActionInput<'a> {
    /// The tier, if decided.
    pub tier: Option<Tier>,
    /// The RFM segment.
    pub segment: Segment,
    /// The matrix quadrant and its configured name.
    pub quadrant: Option<(Quadrant, &'a str)>,
    /// Key rank (1 = most important) and the number of customers.
    pub rank: (usize, usize),
    /// Days since the last purchase.
    pub recency_days: Option<i32>,
    /// The customer's usual days between orders (lifetime span over orders − 1).
    pub usual_gap_days: Option<f64>,
    /// The raised flags.
    pub flags: &'a [Flag],
}

/// Days without a purchase after which a customer without a usual rhythm counts as lapsing.
pub const LAPSE_DAYS: f64 = 90.0;

/// Quiet by RFM segment *and* overdue by its own rhythm: more than twice its
/// usual gap between orders (or [`LAPSE_DAYS`] without one) since the last
/// purchase. RFM alone is relative: with frequent buyers, the lowest recency
/// quintile may have bought last week.
fn lapsing(i: &ActionInput<'_>) -> bool {
    let quiet_segment = matches!(
        i.segment,
        Segment::AtRisk
            | Segment::CantLoseThem
            | Segment::AboutToSleep
            | Segment::Hibernating
            | Segment::Lost
    );
    let overdue = match (i.recency_days, i.usual_gap_days) {
        (Some(r), Some(gap)) => f64::from(r) > (2.0 * gap).max(14.0),
        (Some(r), None) => f64::from(r) > LAPSE_DAYS,
        (None, _) => false,
    };
    quiet_segment && overdue
}

/// The action and the reason for it, in one sentence.
pub fn recommend(i: &ActionInput<'_>) -> (Action, String) {
    let (rank, n) = i.rank;
    let key = n > 0 && (rank as f64) <= (n as f64 * KEY_SHARE).ceil();
    let flags = if i.flags.is_empty() {
        String::new()
    } else {
        let names: Vec<&str> = i.flags.iter().map(|f| f.kind.name()).collect();
        format!("; flags: {}", names.join(", "))
    };
    let since = match (i.recency_days, i.usual_gap_days) {
        (Some(d), Some(g)) => format!(", last purchase {d} days ago, usually every {g:.0} days"),
        (Some(d), None) => format!(", last purchase {d} days ago"),
        _ => String::new(),
    };
    let (action, why) = match i.tier {
        Some(Tier::Loser) => (
            Action::PhaseOut,
            "loses money after the cost to serve: reprice or change terms, else let go".to_string(),
        ),
        Some(Tier::BreakEven) => (
            Action::StopAcquiring,
            "break-even after the cost to serve: serve at lower cost, acquire no more like it"
                .to_string(),
        ),
        Some(Tier::Ideal | Tier::Good) if lapsing(i) => (
            Action::WinBack,
            format!(
                "profitable ({}) but {}{since}",
                i.tier.map_or("", Tier::name),
                i.segment.name()
            ),
        ),
        Some(Tier::Ideal) => (
            Action::Focus,
            "ideal: profitable and growing or new".to_string(),
        ),
        Some(Tier::Good) if key => (
            Action::Focus,
            format!("profitable key customer (rank {rank} of {n})"),
        ),
        Some(Tier::Good) if matches!(i.quadrant, Some((Quadrant::HighHigh, _))) => (
            Action::Focus,
            format!(
                "profitable, in the {} quadrant",
                i.quadrant.map_or("", |q| q.1)
            ),
        ),
        Some(Tier::Good) => (Action::Serve, "profitable, not a key customer".to_string()),
        None if matches!(i.segment, Segment::Champions | Segment::Loyal) => (
            Action::Focus,
            format!("tier undecided; RFM segment {}", i.segment.name()),
        ),
        None if key && lapsing(i) => (
            Action::WinBack,
            format!(
                "tier undecided; key customer (rank {rank} of {n}) but {}{since}",
                i.segment.name()
            ),
        ),
        None => (
            Action::Serve,
            format!("tier undecided; RFM segment {}", i.segment.name()),
        ),
    };
    (action, format!("{why}{flags}"))
}

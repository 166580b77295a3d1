//! One recommended action per customer, from its status, tier, RFM segment, quadrant, rank and flags.

use crate::evidence::{money, percent};
use crate::flags::{Flag, FlagKind};
use crate::matrix::Quadrant;
use crate::rfm::Segment;
use crate::rhythm::Rhythm;
use crate::{Money, Status, Tier};

/// What to do with a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// Invest: best service, account planning, growth.
    Focus,
    /// Keep serving well; no special effort.
    Serve,
    /// Stop acquiring more like them; refer elsewhere.
    StopAcquiring,
    /// A break-even customer too large to send away: reprice or serve it
    /// at lower cost.
    Reprice,
    /// Worth focus, but a material flag (returns, concessions, late
    /// payment) must be fixed first.
    FixTerms,
    /// Reprice, change terms, or let go.
    PhaseOut,
    /// A valuable customer going quiet, or gone: reach out.
    WinBack,
    /// Gone and not worth chasing: no effort.
    LetGo,
}

impl Action {
    /// All actions.
    pub const ALL: [Action; 8] = [
        Action::Focus,
        Action::FixTerms,
        Action::Serve,
        Action::StopAcquiring,
        Action::Reprice,
        Action::PhaseOut,
        Action::WinBack,
        Action::LetGo,
    ];

    /// The name used in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Action::Focus => "focus",
            Action::Serve => "serve as opportunities arise",
            Action::StopAcquiring => "stop acquiring, refer elsewhere",
            Action::Reprice => "reprice or reduce cost to serve",
            Action::FixTerms => "fix terms, then focus",
            Action::PhaseOut => "phase out",
            Action::WinBack => "win back",
            Action::LetGo => "let go",
        }
    }
}

/// Share of customers (by key rank) treated as key customers.
pub const KEY_SHARE: f64 = 0.10;

/// What a lapsed customer was worth in the previous window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PreviousWorth {
    /// Its revenue there.
    pub revenue: Money,
    /// Its profit there (`None` without cost of goods).
    pub profit: Option<Money>,
    /// The lowest profit margin of a profitable (Tier 2) customer: below it,
    /// it was break-even and is not worth winning back.
    pub min_margin: f64,
}

/// Everything the recommendation looks at.
pub struct ActionInput<'a> {
    /// The lifecycle status.
    pub status: Status,
    /// What it was worth in the previous window.
    pub previous: PreviousWorth,
    /// The tier, if decided.
    pub tier: Option<Tier>,
    /// The RFM segment.
    pub segment: Segment,
    /// The matrix quadrant and its configured name.
    pub quadrant: Option<(Quadrant, &'a str)>,
    /// Key rank (1 = most important) and the number of customers.
    pub rank: (usize, usize),
    /// Its buying rhythm: own gaps, season, and whether it is overdue.
    pub rhythm: &'a Rhythm,
    /// P(alive) from the fitted lifetime model, when fitted.
    pub p_alive: Option<f64>,
    /// In ABC class A by window revenue (the customers making up most of it).
    pub class_a: bool,
    /// Its record is a single event: at most one order up to as-of and at
    /// most one service contact in the window.
    pub single_event: bool,
    /// The raised flags.
    pub flags: &'a [Flag],
}

/// Below this P(alive) the fitted lifetime model agrees that an overdue customer is going quiet.
pub const QUIET_P_ALIVE: f64 = 0.5;

/// Going quiet: overdue by its own rhythm (a gap improbably long for it, or
/// its yearly season missed) and, for a customer without a season, not
/// contradicted by the fitted lifetime model (P(alive) below
/// [`QUIET_P_ALIVE`] when fitted). A customer in its first year, or whose few
/// gaps cannot tell its rhythm, is never called quiet; the lifetime models do
/// not know seasons, so a seasonal customer is judged by its season alone.
fn lapsing(i: &ActionInput<'_>) -> bool {
    if !i.rhythm.overdue() {
        return false;
    }
    i.rhythm.seasonal() || i.p_alive.is_none_or(|p| p < QUIET_P_ALIVE)
}

/// Why a customer is going quiet, in words.
fn quiet_text(i: &ActionInput<'_>) -> String {
    let alive = match i.p_alive {
        Some(p) if i.rhythm.seasonal() => format!(
            "; P(alive) {} (BG/NBD, which does not model seasons)",
            percent(p)
        ),
        Some(p) => format!("; P(alive) {}", percent(p)),
        None => String::new(),
    };
    format!("going quiet: {}{alive}", i.rhythm.text())
}

/// What to fix first for a material flag: the behaviour that makes a
/// profitable customer worth less than its tier says.
fn fix(kind: FlagKind) -> Option<&'static str> {
    match kind {
        FlagKind::Returns => Some("agree return terms, stop free returns"),
        FlagKind::DemandsConcessions => Some("hold prices, cap discounts"),
        FlagKind::PaysLate => Some("tighten payment terms (prepayment, dunning)"),
        // complaints and effort are handled through the service they cost,
        // which the tier already weighs when it is priced
        FlagKind::Complains | FlagKind::ConsumesEffort => None,
    }
}

/// The material flags and their fixes: `returns a lot: agree return terms …`.
fn material(flags: &[Flag]) -> Vec<String> {
    flags
        .iter()
        .filter_map(|f| fix(f.kind).map(|x| format!("{} ({x})", f.kind.name())))
        .collect()
}

/// Why an action was recommended: the sentence written to customers.csv and
/// actions.csv ([`ActionReason::text`], also what the value derefs to) and
/// its parts, so that no reader has to parse the sentence back.
///
/// The sentence is `main`, then `; flags: ` and the flags' names when any
/// is raised, then `; ` and `fix` when a material flag must be fixed first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActionReason {
    text: String,
    main: String,
    flags: Vec<FlagKind>,
    fix: Option<String>,
}

impl ActionReason {
    /// A reason from its parts; the sentence is built from them.
    pub fn new(main: String, flags: Vec<FlagKind>, fix: Option<String>) -> Self {
        let mut text = main.clone();
        if !flags.is_empty() {
            let names: Vec<&str> = flags.iter().map(|k| k.name()).collect();
            text.push_str("; flags: ");
            text.push_str(&names.join(", "));
        }
        if let Some(x) = &fix {
            text.push_str("; ");
            text.push_str(x);
        }
        Self {
            text,
            main,
            flags,
            fix,
        }
    }

    /// The whole sentence, as in customers.csv and actions.csv.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The reason itself (with the buying season when it matters), without
    /// the flags and the fix.
    pub fn main(&self) -> &str {
        &self.main
    }

    /// The raised flags the sentence lists.
    pub fn flags(&self) -> &[FlagKind] {
        &self.flags
    }

    /// What to fix first, for a material flag (`fix: …` or `worth focus,
    /// but fix first: …`).
    pub fn fix(&self) -> Option<&str> {
        self.fix.as_deref()
    }
}

impl std::ops::Deref for ActionReason {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for ActionReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// The action and the reason for it, in one sentence with its parts.
pub fn recommend(i: &ActionInput<'_>) -> (Action, ActionReason) {
    let (action, main) = recommend_tier(i);
    let flags: Vec<FlagKind> = i.flags.iter().map(|f| f.kind).collect();
    // A material flag (returns, concessions, late payment) makes a
    // profitable customer worth less than its tier shows: do not invest
    // before it is fixed.
    let m = material(i.flags);
    let (action, fix) = if !i.status.graded() || m.is_empty() {
        (action, None)
    } else {
        match action {
            Action::Focus => (
                Action::FixTerms,
                Some(format!(
                    "worth focus, but fix first: {}, before investing more",
                    m.join("; ")
                )),
            ),
            Action::Serve => (Action::Serve, Some(format!("fix: {}", m.join("; ")))),
            _ => (action, None),
        }
    };
    (action, ActionReason::new(main, flags, fix))
}

/// The action and its main reason (the season included, the flags not).
fn recommend_tier(i: &ActionInput<'_>) -> (Action, String) {
    let (rank, n) = i.rank;
    let key = n > 0 && (rank as f64) <= (n as f64 * KEY_SHARE).ceil();
    if !i.status.graded() {
        return gone(i);
    }
    let (action, why) = match i.tier {
        // one order is one event: a loss on it (a returned first order, a
        // first job that ran over) cannot show a customer that loses money
        Some(Tier::Loser) if i.single_event => (
            Action::Serve,
            "lost money on its only order so far: one order cannot tell a money loser from bad \
             luck; watch the next one before changing terms"
                .to_string(),
        ),
        Some(Tier::Loser) => (
            Action::PhaseOut,
            "loses money after the cost to serve: reprice or change terms, else let go".to_string(),
        ),
        Some(Tier::BreakEven) if key || i.class_a => (
            Action::Reprice,
            format!(
                "break-even after the cost to serve but too large to send away ({}): reprice or serve \
                 at lower cost before anything else",
                if key {
                    format!("key customer, rank {rank} of {n}")
                } else {
                    "class A by revenue".to_string()
                }
            ),
        ),
        Some(Tier::BreakEven) => (
            Action::StopAcquiring,
            "break-even after the cost to serve: serve at lower cost, acquire no more like it"
                .to_string(),
        ),
        Some(Tier::Ideal | Tier::Good) if lapsing(i) => (
            Action::WinBack,
            format!(
                "profitable ({}) but {}",
                i.tier.map_or("", Tier::name),
                quiet_text(i)
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
                "tier undecided; key customer (rank {rank} of {n}) but {}",
                quiet_text(i)
            ),
        ),
        None => (
            Action::Serve,
            format!("tier undecided; RFM segment {}", i.segment.name()),
        ),
    };
    let season = if i.rhythm.seasonal() && action != Action::WinBack {
        format!("; {}", i.rhythm.text())
    } else {
        String::new()
    };
    (action, format!("{why}{season}"))
}

/// Lapsed customers worth their previous window's profit are won back; the
/// rest, and lost customers, are let go.
fn gone(i: &ActionInput<'_>) -> (Action, String) {
    let p = &i.previous;
    if i.status == Status::Lost {
        return (
            Action::LetGo,
            "lost: nothing bought in two windows; no effort unless they come back".into(),
        );
    }
    match p.profit {
        Some(profit) => {
            let margin = profit.ratio(p.revenue).filter(|_| p.revenue.raw() > 0);
            let worth = format!(
                "profit {} on revenue {} in the previous window{}",
                money(profit),
                money(p.revenue),
                margin.map_or_else(String::new, |m| format!(" (margin {})", percent(m)))
            );
            if profit.raw() > 0 && margin.is_some_and(|m| m >= p.min_margin) {
                (Action::WinBack, format!("lapsed, was worth {worth}: reach out"))
            } else if profit.is_negative() {
                (Action::LetGo, format!("lapsed, lost money before: {worth}"))
            } else {
                (Action::LetGo, format!("lapsed, was break-even before: {worth}"))
            }
        }
        None if p.revenue.raw() > 0 => (
            Action::WinBack,
            format!(
                "lapsed, bought {} in the previous window (profit unknown without cost of goods): reach out",
                money(p.revenue)
            ),
        ),
        None => (
            Action::LetGo,
            "lapsed without revenue in the previous window".into(),
        ),
    }
}

#[cfg(test)]
mod tests;

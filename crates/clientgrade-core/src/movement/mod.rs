//! Movement between two as-of dates: each customer's tier and status before and after, why it moved, the transition matrix and the lists that matter (SPEC §3.10).
//!
//! Both sides are [`Snapshot`]s, one per customer: from two gradings of the
//! same pass (`analyze --compare-to`) or read back from two result folders
//! (`compare`). [`compare`] matches them by id; everything here is pure.

use std::collections::BTreeMap;

use crate::{CustomerId, Date, Money, Status, Tier};

mod lists;
mod reason;
mod snapshot;

use lists::{managers, mark};
pub use reason::chance;
use reason::reason;
pub use snapshot::{is_key_rank, last_contact, usual_gap_days, Snapshot};

/// Thresholds of the movement lists (`[movement]` in the config file).
#[derive(Clone, Debug, PartialEq)]
pub struct MovementSettings {
    /// A Tier 1–2 customer whose probability of being alive fell by at
    /// least this much (0.25 = 25 points) is slipping away, even while it
    /// keeps its tier (default 0.25).
    pub p_alive_drop: f64,
    /// A Tier 1–2 customer still buying whose window profit fell by at
    /// least this share is slipping away, even while it keeps a good tier,
    /// when the fall is beyond chance: its revenue fell with the whole
    /// growth interval below zero, or its margin itself fell by this share
    /// (default 0.5; a customer with a few orders can halve its profit by the
    /// noise of its orders alone, and a Tier 1 customer that drops to Tier 2
    /// at the margin threshold with its profit intact is not slipping).
    pub profit_drop: f64,
    /// A key customer with no order or service contact for longer than this
    /// many of its usual intervals between orders needs a call (default 2:
    /// a steady buyer is quiet for longer than one usual interval about a
    /// third of the time by chance alone).
    pub no_contact_gaps: f64,
}

impl Default for MovementSettings {
    fn default() -> Self {
        MovementSettings {
            p_alive_drop: 0.25,
            profit_drop: 0.5,
            no_contact_gaps: 2.0,
        }
    }
}

/// How a customer moved from one date to the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Move {
    /// A better tier.
    Up,
    /// A worse tier.
    Down,
    /// The same tier (or the same lapsed or lost status).
    Same,
    /// Not a customer at the earlier date.
    New,
    /// Bought in the earlier window, nothing in the later one.
    Lapsed,
    /// Bought again after a window without purchases.
    WonBack,
    /// Gone: nothing bought in two windows (or no longer in the data).
    Lost,
    /// On one side only, and the other side's data should have had it
    /// (results of different exports): not compared.
    NotCompared,
}

impl Move {
    /// All movements, in output order.
    pub const ALL: [Move; 8] = [
        Move::Up,
        Move::Down,
        Move::Same,
        Move::New,
        Move::Lapsed,
        Move::WonBack,
        Move::Lost,
        Move::NotCompared,
    ];

    /// The name used in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Move::Up => "up",
            Move::Down => "down",
            Move::Same => "same",
            Move::New => "new",
            Move::Lapsed => "lapsed",
            Move::WonBack => "won back",
            Move::Lost => "lost",
            Move::NotCompared => "not compared",
        }
    }
}

/// A row or column of the transition matrix: a tier, or a status without one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum State {
    /// Tier 1.
    Tier1,
    /// Tier 2.
    Tier2,
    /// Tier 3.
    Tier3,
    /// Tier 4.
    Tier4,
    /// Bought in the window, tier not decided.
    NoTier,
    /// Lapsed.
    Lapsed,
    /// Lost.
    Lost,
    /// Not in that side's customers.
    Absent,
}

impl State {
    /// All states, in matrix order.
    pub const ALL: [State; 8] = [
        State::Tier1,
        State::Tier2,
        State::Tier3,
        State::Tier4,
        State::NoTier,
        State::Lapsed,
        State::Lost,
        State::Absent,
    ];

    /// The state of one side.
    pub fn of(s: Option<&Snapshot>) -> State {
        match s {
            None => State::Absent,
            Some(s) => match (s.status, s.tier) {
                (Status::Lapsed, _) => State::Lapsed,
                (Status::Lost, _) => State::Lost,
                (_, Some(Tier::Ideal)) => State::Tier1,
                (_, Some(Tier::Good)) => State::Tier2,
                (_, Some(Tier::BreakEven)) => State::Tier3,
                (_, Some(Tier::Loser)) => State::Tier4,
                (_, None) => State::NoTier,
            },
        }
    }

    /// The label used in outputs.
    pub fn name(self) -> &'static str {
        match self {
            State::Tier1 => "Tier 1",
            State::Tier2 => "Tier 2",
            State::Tier3 => "Tier 3",
            State::Tier4 => "Tier 4",
            State::NoTier => "no tier",
            State::Lapsed => "lapsed",
            State::Lost => "lost",
            State::Absent => "absent",
        }
    }
}

impl State {
    /// The movement of a customer that goes from `self` to `to` (the
    /// transition matrix's colour): what [`compare`] calls it when both
    /// sides come from the same pass.
    pub fn movement_to(self, to: State) -> Move {
        use State::*;
        let graded = |s: State| matches!(s, Tier1 | Tier2 | Tier3 | Tier4 | NoTier);
        match (self, to) {
            (Absent, Absent) => Move::Same,
            (Absent, _) => Move::New,
            (_, Absent) => Move::Lost,
            (a, b) if graded(a) && graded(b) => {
                if a == NoTier || b == NoTier || a == b {
                    Move::Same
                } else if b < a {
                    Move::Up
                } else {
                    Move::Down
                }
            }
            (_, b) if graded(b) => Move::WonBack,
            (a, b) if a == b => Move::Same,
            (_, Lapsed) => Move::Lapsed,
            _ => Move::Lost,
        }
    }
}

/// Customers and money of a group of movements (a matrix cell, a movement kind).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Flow {
    /// Customers.
    pub customers: u64,
    /// Their window revenue at the earlier date.
    pub revenue_before: Money,
    /// Their window revenue at the later date.
    pub revenue_after: Money,
    /// Their window profit at the earlier date (unknown counts as zero).
    pub profit_before: Money,
    /// Their window profit at the later date.
    pub profit_after: Money,
}

impl Flow {
    fn add(&mut self, e: &Entry) {
        self.customers += 1;
        if let Some(b) = &e.before {
            self.revenue_before += b.revenue;
            self.profit_before += b.profit.unwrap_or(Money::ZERO);
        }
        if let Some(a) = &e.after {
            self.revenue_after += a.revenue;
            self.profit_after += a.profit.unwrap_or(Money::ZERO);
        }
    }
}

/// The lists a customer is on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lists {
    /// A good customer slipping away.
    pub slipping: bool,
    /// A new Tier-1 customer.
    pub new_tier1: bool,
    /// Won back.
    pub won_back: bool,
    /// A key customer with open complaints or no recent contact.
    pub key_attention: bool,
}

impl Lists {
    /// The names of the lists, joined by `; `.
    pub fn names(&self) -> String {
        let mut v = Vec::new();
        if self.slipping {
            v.push("slipping away");
        }
        if self.new_tier1 {
            v.push("new Tier 1");
        }
        if self.won_back {
            v.push("won back");
        }
        if self.key_attention {
            v.push("key customer needs a call");
        }
        v.join("; ")
    }
}

/// One customer's movement.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// At the earlier date (`None`: not in those customers).
    pub before: Option<Snapshot>,
    /// At the later date.
    pub after: Option<Snapshot>,
    /// How it moved.
    pub movement: Move,
    /// Why, with the numbers.
    pub reason: String,
    /// The lists it is on.
    pub lists: Lists,
    /// Profit at stake when it is slipping: the larger of its window profit
    /// before and after (zero otherwise).
    pub at_stake: Money,
    /// Why it is on the key-customer list.
    pub attention: Option<String>,
}

impl Entry {
    /// The customer's id.
    pub fn id(&self) -> &CustomerId {
        &self
            .after
            .as_ref()
            .or(self.before.as_ref())
            .expect("a side")
            .id
    }

    /// The snapshot of the later date, else the earlier one.
    pub fn latest(&self) -> &Snapshot {
        self.after
            .as_ref()
            .or(self.before.as_ref())
            .expect("a side")
    }
}

/// What an account manager's portfolio lost between the dates.
#[derive(Clone, Debug, PartialEq)]
pub struct ManagerSlip {
    /// The manager.
    pub manager: String,
    /// Customers with the manager at the later date.
    pub customers: u64,
    /// Of the manager's customers, those slipping away.
    pub slipping: u64,
    /// Their profit at stake.
    pub at_stake: Money,
    /// Window profit of the manager's customers at the earlier date.
    pub profit_before: Money,
    /// ... and at the later date.
    pub profit_after: Money,
    /// Window revenue of the manager's customers at the later date: what
    /// walks out if the manager leaves and the customers follow.
    pub revenue_after: Money,
    /// Its share of all revenue at the later date.
    pub revenue_share_after: f64,
}

/// How the two sides were produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// One pass over the same data, graded at two dates: a customer missing
    /// at the earlier date was not yet one; missing at the later date, gone.
    SamePass,
    /// Two result folders, possibly of different exports: a customer on one
    /// side only is new when it first bought after the earlier date, and
    /// not compared otherwise.
    Folders,
}

/// The movement of a whole portfolio between two dates.
#[derive(Clone, Debug, PartialEq)]
pub struct Movement {
    /// The earlier as-of date.
    pub before_as_of: Date,
    /// The later as-of date.
    pub after_as_of: Date,
    /// Window length of both sides, in months.
    pub window_months: u32,
    /// How the sides were produced.
    pub origin: Origin,
    /// One entry per customer on either side: the larger window revenue of
    /// the two sides first, then id.
    pub entries: Vec<Entry>,
    /// Customers at the earlier and the later date.
    pub customers: (u64, u64),
    /// `matrix[from][to]`, rows and columns in [`State::ALL`] order.
    pub matrix: [[Flow; 8]; 8],
    /// Per movement, in [`Move::ALL`] order.
    pub moves: [Flow; 8],
    /// Good customers slipping away (positions in `entries`), most profit at stake first.
    pub slipping: Vec<usize>,
    /// New Tier-1 customers, most profit first.
    pub new_tier1: Vec<usize>,
    /// Won back, most profit first.
    pub won_back: Vec<usize>,
    /// Key customers with open complaints or no recent contact, most profit first.
    pub key_attention: Vec<usize>,
    /// Account managers whose customers slipped, most profit at stake first.
    pub managers: Vec<ManagerSlip>,
    /// What could not be compared, and anything else the reader should know.
    pub notes: Vec<String>,
    /// The thresholds of the lists.
    pub settings: MovementSettings,
}

/// Compare two sides customer by customer.
pub fn compare(
    before: Vec<Snapshot>,
    after: Vec<Snapshot>,
    (before_as_of, after_as_of, window_months): (Date, Date, u32),
    origin: Origin,
    settings: &MovementSettings,
) -> Movement {
    let customers = (before.len() as u64, after.len() as u64);
    let mut pairs: BTreeMap<CustomerId, (Option<Snapshot>, Option<Snapshot>)> = BTreeMap::new();
    for s in before {
        let id = s.id.clone();
        pairs.entry(id).or_default().0 = Some(s);
    }
    for s in after {
        let id = s.id.clone();
        pairs.entry(id).or_default().1 = Some(s);
    }
    let mut entries: Vec<Entry> = pairs
        .into_values()
        .map(|(b, a)| {
            let movement = classify(b.as_ref(), a.as_ref(), before_as_of, origin);
            let reason = reason(b.as_ref(), a.as_ref(), movement, before_as_of, after_as_of);
            Entry {
                before: b,
                after: a,
                movement,
                reason,
                lists: Lists::default(),
                at_stake: Money::ZERO,
                attention: None,
            }
        })
        .collect();
    let size = |e: &Entry| {
        let r = |s: &Option<Snapshot>| s.as_ref().map_or(Money::ZERO, |s| s.revenue);
        r(&e.before).max(r(&e.after))
    };
    entries.sort_by(|x, y| size(y).cmp(&size(x)).then_with(|| x.id().cmp(y.id())));
    let mut matrix = [[Flow::default(); 8]; 8];
    let mut moves = [Flow::default(); 8];
    for e in &mut entries {
        let (from, to) = (State::of(e.before.as_ref()), State::of(e.after.as_ref()));
        matrix[from as usize][to as usize].add(e);
        moves[e.movement as usize].add(e);
        mark(e, after_as_of, settings);
    }
    let by = |pred: fn(&Entry) -> bool, key: fn(&Entry) -> Money, entries: &[Entry]| {
        let mut v: Vec<usize> = (0..entries.len()).filter(|&i| pred(&entries[i])).collect();
        v.sort_by(|&a, &b| {
            key(&entries[b])
                .cmp(&key(&entries[a]))
                .then_with(|| entries[a].id().cmp(entries[b].id()))
        });
        v
    };
    let now = |e: &Entry| e.after.as_ref().map_or(Money::ZERO, Snapshot::worth);
    let slipping = by(|e| e.lists.slipping, |e| e.at_stake, &entries);
    let new_tier1 = by(|e| e.lists.new_tier1, now, &entries);
    let won_back = by(|e| e.lists.won_back, now, &entries);
    let key_attention = by(|e| e.lists.key_attention, now, &entries);
    let managers = managers(&entries);
    let mut notes = Vec::new();
    let not_compared = moves[Move::NotCompared as usize].customers;
    if not_compared > 0 {
        let only_after = entries
            .iter()
            .filter(|e| e.movement == Move::NotCompared && e.before.is_none())
            .count();
        notes.push(format!(
            "{not_compared} customers are on one side only and were not compared: {} only in \
             the later results though they bought on or before the earlier as-of date {before_as_of}, \
             {} only in the earlier results; the two result folders come from different data \
             (another export, other filters): movement.csv lists them (movement = not compared)",
            only_after,
            not_compared as usize - only_after
        ));
    }
    Movement {
        before_as_of,
        after_as_of,
        window_months,
        origin,
        entries,
        customers,
        matrix,
        moves,
        slipping,
        new_tier1,
        won_back,
        key_attention,
        managers,
        notes,
        settings: settings.clone(),
    }
}

/// The movement of one customer.
fn classify(
    b: Option<&Snapshot>,
    a: Option<&Snapshot>,
    before_as_of: Date,
    origin: Origin,
) -> Move {
    match (b, a) {
        (None, None) => Move::NotCompared,
        (None, Some(a)) => match origin {
            Origin::SamePass => Move::New,
            Origin::Folders if a.first_purchase.is_some_and(|d| d > before_as_of) => Move::New,
            Origin::Folders => Move::NotCompared,
        },
        (Some(_), None) => match origin {
            Origin::SamePass => Move::Lost,
            Origin::Folders => Move::NotCompared,
        },
        (Some(b), Some(a)) => {
            let (bg, ag) = (b.status.graded(), a.status.graded());
            match (bg, ag) {
                (true, true) => match (b.tier, a.tier) {
                    (Some(x), Some(y)) if y < x => Move::Up,
                    (Some(x), Some(y)) if y > x => Move::Down,
                    _ => Move::Same,
                },
                (false, true) => Move::WonBack,
                (_, false) if a.status == Status::Lapsed => {
                    if b.status == Status::Lapsed {
                        Move::Same
                    } else {
                        Move::Lapsed
                    }
                }
                _ => {
                    if b.status == Status::Lost {
                        Move::Same
                    } else {
                        Move::Lost
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;

//! The planted customer archetypes, with the tier, lifecycle status and action each one should get.

use clientgrade_core::Tier;

/// A kind of customer the generator plants, with a known expected verdict.
///
/// Each archetype is defined by latent parameters (its expected profit
/// margin after the cost to serve, its true growth, when it buys), not by
/// the rows it happens to produce: the rows carry realistic noise, and the
/// analysis has to see through it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Archetype {
    /// Highly profitable (30%+ after the cost to serve) and growing, or new: Tier 1.
    Ideal,
    /// Solid margin (8–22%), steady: Tier 2 (some are new in the window).
    Good,
    /// Highly profitable but clearly shrinking: Tier 2, not ideal.
    Fading,
    /// A few orders a year and one service visit, healthy margin after it: Tier 2.
    Small,
    /// Positive but thin profit after the cost of serving it: Tier 3.
    BreakEven,
    /// Costs more to serve than it earns; pays late, complains, returns: Tier 4.
    MoneyLoser,
    /// Buys only in promotions at deep discounts, in short bursts: Tier 3.
    DealSeeker,
    /// One customer with about a sixth of all revenue, profitable: Tier 2.
    Dominant,
    /// Was profitable in the previous window, bought nothing in this one: win back.
    Lapsed,
    /// Lost money in the previous window, bought nothing in this one: let go.
    LapsedLoser,
    /// Bought nothing in either window: let go.
    Lost,
    /// Good or ideal a year ago, then its margin collapsed (price pressure
    /// or service effort out of hand) early in the window: Tier 3 or 4 now,
    /// a good customer slipping away.
    Slipping,
    /// Good a year ago, then a better mix and more volume early in the
    /// window: grew into Tier 1.
    Rising,
    /// Stopped buying more than two years ago, came back early in the
    /// window: won back (Tier 2 now).
    WonBack,
}

impl Archetype {
    /// All archetypes.
    pub const ALL: [Archetype; 14] = [
        Archetype::Ideal,
        Archetype::Good,
        Archetype::Fading,
        Archetype::Small,
        Archetype::BreakEven,
        Archetype::MoneyLoser,
        Archetype::DealSeeker,
        Archetype::Dominant,
        Archetype::Lapsed,
        Archetype::LapsedLoser,
        Archetype::Lost,
        Archetype::Slipping,
        Archetype::Rising,
        Archetype::WonBack,
    ];

    /// The name written to `truth.csv`.
    pub fn name(self) -> &'static str {
        match self {
            Archetype::Ideal => "ideal",
            Archetype::Good => "good",
            Archetype::Fading => "fading",
            Archetype::Small => "small",
            Archetype::BreakEven => "break-even",
            Archetype::MoneyLoser => "money-loser",
            Archetype::DealSeeker => "deal-seeker",
            Archetype::Dominant => "dominant",
            Archetype::Lapsed => "lapsed",
            Archetype::LapsedLoser => "lapsed-loser",
            Archetype::Lost => "lost",
            Archetype::Slipping => "slipping",
            Archetype::Rising => "rising",
            Archetype::WonBack => "won-back",
        }
    }

    /// Parse a name written by [`Archetype::name`].
    pub fn from_name(s: &str) -> Option<Archetype> {
        Archetype::ALL.into_iter().find(|a| a.name() == s)
    }

    /// The tier the default rules should give it; `None` for customers
    /// without a purchase in the window (they get a status, not a tier).
    pub fn expected_tier(self) -> Option<Tier> {
        match self {
            Archetype::Ideal | Archetype::Rising => Some(Tier::Ideal),
            Archetype::Good
            | Archetype::Fading
            | Archetype::Small
            | Archetype::Dominant
            | Archetype::WonBack => Some(Tier::Good),
            Archetype::BreakEven | Archetype::DealSeeker | Archetype::Slipping => {
                Some(Tier::BreakEven)
            }
            Archetype::MoneyLoser => Some(Tier::Loser),
            Archetype::Lapsed | Archetype::LapsedLoser | Archetype::Lost => None,
        }
    }

    /// The action the default rules should give it, where the archetype
    /// decides it on its own.
    pub fn expected_action(self) -> Option<&'static str> {
        match self {
            Archetype::MoneyLoser => Some("phase out"),
            Archetype::Lapsed => Some("win back"),
            Archetype::LapsedLoser | Archetype::Lost => Some("let go"),
            _ => None,
        }
    }

    /// The movement planted between one year before the last day of data
    /// and that day (what `analyze --compare-to` that date should find);
    /// `new` customers get theirs from the plan, not the archetype.
    pub fn expected_movement(self) -> Option<&'static str> {
        match self {
            Archetype::Slipping => Some("down"),
            Archetype::Rising => Some("up"),
            Archetype::WonBack => Some("won back"),
            Archetype::Lapsed | Archetype::LapsedLoser => Some("lapsed"),
            Archetype::Lost => Some("lost"),
            _ => None,
        }
    }
}

//! The planted customer archetypes and the tier each one should get.

use clientgrade_core::Tier;

/// A kind of customer the generator plants, with a known expected tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Archetype {
    /// High margin, light to serve, growing or new: Tier 1.
    Ideal,
    /// Solid margin, modest effort, stable: Tier 2.
    Good,
    /// Positive but thin profit after the cost of serving it: Tier 3.
    BreakEven,
    /// Costs more to serve than it earns; pays late, complains, returns: Tier 4.
    MoneyLoser,
    /// Buys only in promotions at deep discounts, in short bursts: Tier 3.
    DealSeeker,
    /// One customer with about a sixth of all revenue, profitable: Tier 2.
    Dominant,
}

impl Archetype {
    /// All archetypes.
    pub const ALL: [Archetype; 6] = [
        Archetype::Ideal,
        Archetype::Good,
        Archetype::BreakEven,
        Archetype::MoneyLoser,
        Archetype::DealSeeker,
        Archetype::Dominant,
    ];

    /// The name written to `truth.csv`.
    pub fn name(self) -> &'static str {
        match self {
            Archetype::Ideal => "ideal",
            Archetype::Good => "good",
            Archetype::BreakEven => "break-even",
            Archetype::MoneyLoser => "money-loser",
            Archetype::DealSeeker => "deal-seeker",
            Archetype::Dominant => "dominant",
        }
    }

    /// Parse a name written by [`Archetype::name`].
    pub fn from_name(s: &str) -> Option<Archetype> {
        Archetype::ALL.into_iter().find(|a| a.name() == s)
    }

    /// The tier the default rules should give it.
    pub fn expected_tier(self) -> Tier {
        match self {
            Archetype::Ideal => Tier::Ideal,
            Archetype::Good | Archetype::Dominant => Tier::Good,
            Archetype::BreakEven | Archetype::DealSeeker => Tier::BreakEven,
            Archetype::MoneyLoser => Tier::Loser,
        }
    }
}

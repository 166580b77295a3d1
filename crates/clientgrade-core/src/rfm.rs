//! RFM: recency, frequency and monetary scores 1–5 and the conventional named segments.

/// Cut-offs of one RFM dimension: four values splitting customers into five
/// score bands, ascending.
pub type Cuts = [f64; 4];

/// Quintile cut-offs of `values` by the nearest-rank method: the values at
/// the 20th, 40th, 60th and 80th percentiles. Ties share a score, so a band
/// may be empty when many customers have the same value.
pub fn quintile_cuts(values: &[f64]) -> Cuts {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(|a, b| a.total_cmp(b));
    if v.is_empty() {
        return [0.0; 4];
    }
    let n = v.len();
    let at = |p: usize| v[(p * n).div_ceil(100).clamp(1, n) - 1];
    [at(20), at(40), at(60), at(80)]
}

/// Score 1–5 where a higher value is better: one plus the cut-offs the value exceeds.
pub fn score_higher_better(v: f64, cuts: &Cuts) -> u8 {
    1 + cuts.iter().filter(|c| v > **c).count() as u8
}

/// Score 1–5 where a lower value is better (recency in days): the most recent get 5.
pub fn score_lower_better(v: f64, cuts: &Cuts) -> u8 {
    5 - cuts.iter().filter(|c| v > **c).count() as u8
}

/// The conventional RFM segments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Segment {
    /// Bought recently, buy often and spend the most.
    Champions,
    /// Buy often and spend well, recently enough.
    Loyal,
    /// Recent, with average frequency.
    PotentialLoyalist,
    /// Bought most recently, only once or twice.
    New,
    /// Recent, but bought little.
    Promising,
    /// Average recency and frequency.
    NeedAttention,
    /// Below average recency, low frequency.
    AboutToSleep,
    /// Bought often, but long ago.
    AtRisk,
    /// The best customers once, gone quiet.
    CantLoseThem,
    /// Long ago, little, rarely.
    Hibernating,
    /// The lowest recency and frequency.
    Lost,
}

impl Segment {
    /// All segments, best first.
    pub const ALL: [Segment; 11] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::PotentialLoyalist,
        Segment::New,
        Segment::Promising,
        Segment::NeedAttention,
        Segment::AboutToSleep,
        Segment::AtRisk,
        Segment::CantLoseThem,
        Segment::Hibernating,
        Segment::Lost,
    ];

    /// The conventional name.
    pub fn name(self) -> &'static str {
        match self {
            Segment::Champions => "Champions",
            Segment::Loyal => "Loyal",
            Segment::PotentialLoyalist => "Potential Loyalist",
            Segment::New => "New",
            Segment::Promising => "Promising",
            Segment::NeedAttention => "Need Attention",
            Segment::AboutToSleep => "About to Sleep",
            Segment::AtRisk => "At Risk",
            Segment::CantLoseThem => "Can't Lose Them",
            Segment::Hibernating => "Hibernating",
            Segment::Lost => "Lost",
        }
    }

    /// The segment of a recency score and a combined frequency–monetary score
    /// (both 1–5), on the usual recency × frequency grid: every one of the 25
    /// cells belongs to exactly one segment.
    pub fn of(r: u8, fm: u8) -> Segment {
        match (r, fm) {
            (5, 4..=5) => Segment::Champions,
            (3..=4, 4..=5) => Segment::Loyal,
            (4..=5, 2..=3) => Segment::PotentialLoyalist,
            (5, _) => Segment::New,
            (4, _) => Segment::Promising,
            (3, 3) => Segment::NeedAttention,
            (3, _) => Segment::AboutToSleep,
            (1..=2, 5) => Segment::CantLoseThem,
            (1..=2, 3..=4) => Segment::AtRisk,
            (2, _) => Segment::Hibernating,
            _ => Segment::Lost,
        }
    }
}

/// One customer's RFM scores and segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rfm {
    /// Recency score, 5 = most recent.
    pub r: u8,
    /// Frequency score.
    pub f: u8,
    /// Monetary score.
    pub m: u8,
    /// The segment.
    pub segment: Segment,
}

/// `(f + m) / 2` rounded half up: the frequency–monetary score of the grid.
pub fn fm_score(f: u8, m: u8) -> u8 {
    (f + m).div_ceil(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_and_scores_on_tied_data() {
        // four customers tie at the bottom: they share score 1 and score 2 stays empty
        let v = [1.0, 1.0, 1.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
        let c = quintile_cuts(&v);
        assert_eq!(c, [1.0, 1.0, 3.0, 5.0]);
        let s: Vec<u8> = v.iter().map(|x| score_higher_better(*x, &c)).collect();
        assert_eq!(s, vec![1, 1, 1, 1, 3, 3, 4, 4, 5, 5]);
        // recency: fewest days is best
        let days = [5.0, 10.0, 20.0, 40.0, 80.0];
        let rc = quintile_cuts(&days);
        assert_eq!(rc, [5.0, 10.0, 20.0, 40.0]);
        let r: Vec<u8> = days.iter().map(|x| score_lower_better(*x, &rc)).collect();
        assert_eq!(r, vec![5, 4, 3, 2, 1]);
    }

    #[test]
    fn every_grid_cell_has_one_segment_and_all_segments_occur() {
        let mut seen = std::collections::BTreeSet::new();
        for r in 1..=5 {
            for fm in 1..=5 {
                seen.insert(Segment::of(r, fm));
            }
        }
        assert_eq!(seen.len(), Segment::ALL.len());
        assert_eq!(Segment::of(5, 5), Segment::Champions);
        assert_eq!(Segment::of(1, 5), Segment::CantLoseThem);
        assert_eq!(Segment::of(1, 1), Segment::Lost);
        assert_eq!(Segment::of(5, 1), Segment::New);
        assert_eq!(fm_score(4, 5), 5);
        assert_eq!(fm_score(1, 2), 2);
    }
}

//! Exact distinct counts per customer with little memory and no hashing per row.
//!
//! Each customer keeps its keys (order ids, days, products) in a plain vector:
//! a key equal to the last one pushed is skipped (lines of one order, or of
//! one day, usually follow each other), other keys are appended, and the
//! vector is sorted and deduplicated whenever it has grown by half since the
//! last time. The vector holds at most 1.5× the distinct keys (plus a small
//! floor; its allocation may be up to twice its length), each push is
//! amortised O(log n), and the memory touched per row is the customer's own
//! vector rather than a random slot of one large table.

/// The distinct values pushed, counted exactly.
#[derive(Clone, Debug, Default)]
pub(crate) struct Distinct<T> {
    items: Vec<T>,
    /// `items[..clean]` is sorted and has no duplicates.
    clean: usize,
}

/// Vectors shorter than this are left to grow before the first compaction.
const FLOOR: usize = 8;

impl<T: Ord + Copy> Distinct<T> {
    /// Add a value.
    #[inline]
    pub(crate) fn push(&mut self, v: T) {
        if self.items.last() == Some(&v) {
            return;
        }
        if self.items.len() >= FLOOR && self.items.len() >= self.clean + self.clean / 2 {
            self.compact();
            if self.items.last() == Some(&v) {
                return;
            }
        }
        self.items.push(v);
    }

    fn compact(&mut self) {
        self.items.sort_unstable();
        self.items.dedup();
        self.clean = self.items.len();
    }

    /// Add every value of another set.
    pub(crate) fn extend(&mut self, other: Distinct<T>) {
        for v in other.items {
            self.push(v);
        }
    }

    /// How many distinct values were pushed; frees the memory.
    pub(crate) fn finish(&mut self) -> u64 {
        self.compact();
        let n = self.items.len() as u64;
        *self = Distinct {
            items: Vec::new(),
            clean: 0,
        };
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_exactly_whatever_the_order() {
        // a small deterministic shuffle of 0..1000 with every value four times
        let mut x: u64 = 1;
        let values: Vec<u64> = (0..4000)
            .map(|_| {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (x >> 33) % 1000
            })
            .collect();
        let mut d = Distinct::default();
        for &v in &values {
            d.push(v);
        }
        let expect: std::collections::BTreeSet<u64> = values.iter().copied().collect();
        assert!(d.items.len() <= expect.len() * 3 / 2 + FLOOR + 1);
        assert_eq!(d.finish(), expect.len() as u64);
        assert_eq!(d.finish(), 0, "finish empties the set");
    }

    #[test]
    fn repeats_and_merges() {
        let mut a = Distinct::default();
        for v in [5, 5, 5, 3, 5, 3, 3, 9] {
            a.push(v);
        }
        let mut b = Distinct::default();
        for v in [9, 1, 1] {
            b.push(v);
        }
        a.extend(b);
        assert_eq!(a.finish(), 4); // 1, 3, 5, 9
        let mut e: Distinct<i32> = Distinct::default();
        assert_eq!(e.finish(), 0);
    }
}

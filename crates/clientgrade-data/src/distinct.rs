//! Exact distinct counts per customer with little memory and no hashing per row.
//!
//! Counts compare full keys, never hashes alone ([`KeySet`]): a short id is
//! packed into its own 8- or 16-byte key, a longer one is kept whole beside
//! its hash, so two different ids always count twice.
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
#[derive(Clone, Debug)]
pub(crate) struct Distinct<T> {
    items: Vec<T>,
    /// `items[..clean]` is sorted and has no duplicates.
    clean: usize,
}

impl<T> Default for Distinct<T> {
    fn default() -> Self {
        Distinct {
            items: Vec::new(),
            clean: 0,
        }
    }
}

/// Vectors shorter than this are left to grow before the first compaction.
const FLOOR: usize = 8;

impl<T: Ord> Distinct<T> {
    /// Add a value.
    #[inline]
    pub(crate) fn push(&mut self, v: T) {
        if self.items.last() == Some(&v) {
            return;
        }
        self.make_room();
        if self.items.last() == Some(&v) {
            return;
        }
        self.items.push(v);
    }

    /// Compact when the vector has grown by half since the last time.
    #[inline]
    fn make_room(&mut self) {
        if self.items.len() >= FLOOR && self.items.len() >= self.clean + self.clean / 2 {
            self.compact();
        }
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

    /// The distinct values pushed, ascending; frees the memory.
    pub(crate) fn finish_sorted(&mut self) -> Vec<T> {
        self.compact();
        self.clean = 0;
        std::mem::take(&mut self.items)
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

/// Tags in the top two bits of a narrow key.
const NARROW_DAY: u64 = 1 << 62;
const NARROW_INT: u64 = 2 << 62;
/// Tag in the top four bits of a wide integer key.
const WIDE_INT: u128 = 1 << 124;

/// Longest text kept in a wide key: 15 bytes plus its length fill 16 bytes.
const WIDE: usize = 15;
/// Longest text packed into a narrow key: ten 6-bit codes.
const NARROW: usize = 10;

/// The 6-bit code of each byte allowed in a narrow key (`0`–`9`, `A`–`Z`,
/// `a`–`z`, `-`: codes 1–63); 0 for every other byte.
const CODES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = 1 + i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 26 {
        t[b'A' as usize + i] = 11 + i as u8;
        t[b'a' as usize + i] = 37 + i as u8;
        i += 1;
    }
    t[b'-' as usize] = 63;
    t
};

/// A text longer than [`WIDE`] bytes, whole, ordered by its hash first.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct LongKey {
    hash: u64,
    bytes: Box<[u8]>,
}

/// The distinct ids (orders, products) of one customer, counted exactly.
///
/// Every key is the id itself in one of three exact forms, chosen by the
/// id's content alone (so one id always takes the same form):
/// - narrow, a `u64`: texts of up to ten characters among `0-9 A-Z a-z -`
///   packed as 6-bit codes (nearly every real invoice, order or product id,
///   e.g. `SO00000001`, `INV100612`, `P0165`), days (orders without an id)
///   and integers from 0 to 2^62 − 1, each kind under its own tag;
/// - wide, a `u128`: other texts of up to 15 bytes (bytes plus length) and
///   other integers;
/// - long: longer texts kept whole beside their hash, sorted by the hash and
///   told apart by their bytes when hashes are equal.
///
/// Equal keys mean equal ids, so the count is exact, never a hash count.
#[derive(Debug, Default)]
pub(crate) struct KeySet {
    narrow: Distinct<u64>,
    /// Wide and long keys (one pointer while there are none).
    other: Option<Box<(Distinct<u128>, Distinct<LongKey>)>>,
}

/// A key ready to be pushed into [`KeySet`]s: encoded once per row, pushed
/// into several sets (lifetime and window orders).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Key<'a> {
    /// See [`KeySet`].
    Narrow(u64),
    /// See [`KeySet`].
    Wide(u128),
    /// A text longer than [`WIDE`] bytes.
    Long(&'a [u8]),
}

impl<'a> Key<'a> {
    /// A text id.
    #[inline]
    pub(crate) fn text(s: &'a str) -> Key<'a> {
        let b = s.as_bytes();
        if b.len() <= NARROW {
            let mut k = 0u64;
            let mut ok = true;
            for (i, &c) in b.iter().enumerate() {
                let code = CODES[c as usize];
                ok &= code != 0;
                k |= u64::from(code) << (6 * i);
            }
            if ok {
                return Key::Narrow(k);
            }
        }
        if b.len() > WIDE {
            return Key::Long(b);
        }
        let mut w = [0u8; 16];
        w[..b.len()].copy_from_slice(b);
        w[WIDE] = b.len() as u8;
        Key::Wide(u128::from_le_bytes(w))
    }

    /// An integer id.
    #[inline]
    pub(crate) fn int(i: i64) -> Key<'a> {
        if (0..1 << 62).contains(&i) {
            Key::Narrow(NARROW_INT | i as u64)
        } else {
            Key::Wide(WIDE_INT | u128::from(i as u64))
        }
    }

    /// A day (the order key of a line without an order id).
    #[inline]
    pub(crate) fn day(days: i32) -> Key<'a> {
        Key::Narrow(NARROW_DAY | u64::from(days as u32))
    }
}

impl KeySet {
    /// Add a key.
    #[inline]
    pub(crate) fn push(&mut self, key: Key<'_>) {
        match key {
            Key::Narrow(k) => self.narrow.push(k),
            other => self.push_other(other),
        }
    }

    /// [`KeySet::push`] for a wide or long key.
    #[inline(never)]
    fn push_other(&mut self, key: Key<'_>) {
        match key {
            Key::Narrow(k) => self.narrow.push(k),
            Key::Wide(k) => self.other.get_or_insert_default().0.push(k),
            Key::Long(b) => {
                let hash = crate::hash::hash_bytes(b);
                let long = &mut self.other.get_or_insert_default().1;
                if long
                    .items
                    .last()
                    .is_some_and(|k| k.hash == hash && *k.bytes == *b)
                {
                    return;
                }
                long.push(LongKey {
                    hash,
                    bytes: b.into(),
                });
            }
        }
    }

    /// Add every key of another set.
    pub(crate) fn extend(&mut self, other: KeySet) {
        self.narrow.extend(other.narrow);
        if let Some(o) = other.other {
            let (wide, long) = *o;
            let mine = self.other.get_or_insert_default();
            mine.0.extend(wide);
            mine.1.extend(long);
        }
    }

    /// How many distinct keys were pushed; frees the memory.
    pub(crate) fn finish(&mut self) -> u64 {
        let n = self.narrow.finish()
            + self
                .other
                .as_mut()
                .map_or(0, |o| o.0.finish() + o.1.finish());
        self.other = None;
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distinct texts of every length from 1 to 40, integers and days, each
    /// pushed several times in a scrambled order, count once each; so do ids
    /// that differ only in length (a trailing NUL), in case, or in one byte.
    #[test]
    fn key_sets_count_every_distinct_key_once() {
        let mut texts: Vec<String> = Vec::new();
        for len in 1..=40usize {
            for k in 0..50u32 {
                let s = format!("{k:0>len$}");
                texts.push(s[s.len() - len..].to_string());
            }
        }
        texts.extend([
            "A".into(),
            "A\0".into(),
            "a".into(),
            "A\0\0".into(),
            "a/".into(),
        ]);
        texts.extend(["-".into(), "--".into(), "0".into(), "00".into(), "é".into()]);
        texts.push("INV100612".into());
        texts.push("INV100699".into());
        let mut set = KeySet::default();
        let mut x: u64 = 7;
        for _ in 0..4 {
            for t in &texts {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                set.push(Key::text(&texts[(x >> 33) as usize % texts.len()]));
                set.push(Key::text(t));
                // 40 distinct integers: small ones (narrow), negative and huge ones (wide)
                let l = t.len() as i64;
                set.push(Key::int(if l % 2 == 0 { l - 20 } else { i64::MAX - l }));
                set.push(Key::day(t.len() as i32));
            }
        }
        // each form is taken: narrow, wide (a NUL, a slash, 11 to 15 bytes), long
        assert!(matches!(Key::text("INV100612"), Key::Narrow(_)));
        assert!(matches!(Key::text("RE12/B"), Key::Wide(_)));
        assert!(matches!(Key::text("SO-2025-000123"), Key::Wide(_)));
        assert!(matches!(Key::text("INVOICE-2025-000123"), Key::Long(_)));
        assert!(matches!(Key::int(-1), Key::Wide(_)));
        assert!(matches!(Key::int(1 << 62), Key::Wide(_)));
        assert_ne!(Key::int(5), Key::day(5));
        assert_ne!(Key::text("5"), Key::int(5));
        let distinct: std::collections::BTreeSet<&String> = texts.iter().collect();
        // 40 lengths give 40 distinct integers and 40 days (1..=40)
        assert_eq!(set.finish(), distinct.len() as u64 + 40 + 40);
    }

    /// Long keys whose hashes are all equal are still told apart by their
    /// bytes: a count can never rest on the hash alone.
    #[test]
    fn equal_hashes_are_broken_by_the_full_key() {
        let mut d: Distinct<LongKey> = Distinct::default();
        for round in 0..3 {
            for i in 0..1000u32 {
                d.push(LongKey {
                    hash: 42,
                    bytes: format!("INVOICE-{:012}", (i * 7 + round) % 1000)
                        .into_bytes()
                        .into(),
                });
            }
        }
        assert_eq!(d.finish(), 1000);
    }

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

//! A small, fast, deterministic, well-mixing hash for the aggregation's hash tables.
//!
//! The mixing step is the folded multiply of wyhash and foldhash: the 128-bit
//! product of two 64-bit words with its halves xor-ed together, so that every
//! input bit reaches every output bit. The seed is fixed: the same key hashes
//! the same on every run and machine, which keeps the aggregation
//! deterministic. Nothing here decides a count on its own: hash tables compare
//! full keys, and distinct counts compare full keys (distinct.rs).

use std::hash::{BuildHasherDefault, Hasher};

/// The constants of wyhash (odd, with balanced bits).
const P0: u64 = 0xa076_1d64_78bd_642f;
const P1: u64 = 0xe703_7ed1_a0b4_28db;
const P2: u64 = 0x8ebc_6af0_9c88_c6e3;

/// The fixed seed.
const SEED: u64 = 0x2d35_8dcc_aa6c_78a5;

/// The 128-bit product of `a` and `b`, its halves xor-ed.
#[inline]
fn fold(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

#[inline]
fn read8(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

#[inline]
fn read4(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[at..at + 4]);
    u64::from(u32::from_le_bytes(w))
}

/// Hash `bytes` starting from `seed` (wyhash's structure: short inputs are
/// read as two overlapping words, long ones in 16-byte blocks).
#[inline]
fn hash_with(bytes: &[u8], seed: u64) -> u64 {
    let len = bytes.len();
    let mut s = seed ^ fold(seed ^ P0, (len as u64) ^ P1);
    let (a, b) = if len <= 16 {
        if len >= 8 {
            (read8(bytes, 0), read8(bytes, len - 8))
        } else if len >= 4 {
            (read4(bytes, 0), read4(bytes, len - 4))
        } else if len > 0 {
            let a = (u64::from(bytes[0]) << 16)
                | (u64::from(bytes[len / 2]) << 8)
                | u64::from(bytes[len - 1]);
            (a, 0)
        } else {
            (0, 0)
        }
    } else {
        let mut i = 0;
        while len - i > 16 {
            s = fold(read8(bytes, i) ^ P1, read8(bytes, i + 8) ^ s);
            i += 16;
        }
        (read8(bytes, len - 16), read8(bytes, len - 8))
    };
    fold(P1 ^ len as u64, fold(a ^ P1, b ^ s) ^ P2)
}

/// A 64-bit hash of a byte string.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    hash_with(bytes, SEED)
}

/// [`Hasher`] over [`hash_bytes`]: whole strings in one step, integers in one
/// folded multiply.
#[derive(Clone, Copy)]
pub struct FoldHasher {
    hash: u64,
}

impl Default for FoldHasher {
    fn default() -> FoldHasher {
        FoldHasher { hash: SEED }
    }
}

impl Hasher for FoldHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.hash = hash_with(bytes, self.hash);
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.hash = fold(self.hash ^ i, P0);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Build hasher for `HashMap`/`HashSet`.
pub type FoldBuild = BuildHasherDefault<FoldHasher>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::hash::BuildHasher;

    /// The ids that collided under the multiply-rotate hash used before, and
    /// every length from 0 to 40 (each read path) stay apart; hashes are stable.
    #[test]
    fn realistic_ids_do_not_collide_and_hashes_are_stable() {
        assert_ne!(hash_bytes(b"INV100612"), hash_bytes(b"INV100699"));
        let mut seen: HashSet<String, FoldBuild> = HashSet::default();
        for i in 0..300_000u32 {
            seen.insert(format!("INV{i:06}"));
            seen.insert(format!("{i}"));
            seen.insert(format!("SO-2025-{i:08}-X"));
            seen.insert(format!("C{i}"));
            seen.insert("x".repeat(i as usize % 41));
        }
        let n = seen.len();
        let hashes: HashSet<u64> = seen.iter().map(|s| hash_bytes(s.as_bytes())).collect();
        assert_eq!(hashes.len(), seen.len(), "a 64-bit collision among {n} ids");
        // the same input, the same hash, on every run and machine
        assert_eq!(hash_bytes(b"INV100612"), hash_bytes(b"INV100612"));
        let b = FoldBuild::default();
        assert_eq!(
            b.hash_one("C000001"),
            FoldBuild::default().hash_one("C000001")
        );
    }

    /// Keys that differ in one bit anywhere flip about half the output bits
    /// (the old hash left the low bits of keys that differ in their last
    /// byte unchanged, which crowds hash-table buckets).
    #[test]
    fn one_bit_changes_about_half_the_bits() {
        let base = *b"C0000001SO0000001";
        for len in [1usize, 3, 4, 7, 8, 9, 15, 16, 17] {
            let mut total = 0u32;
            let mut n = 0u32;
            for byte in 0..len {
                for bit in 0..8 {
                    let mut k = base;
                    k[byte] ^= 1 << bit;
                    let d = (hash_bytes(&base[..len]) ^ hash_bytes(&k[..len])).count_ones();
                    assert!(
                        (8..=56).contains(&d),
                        "len {len} byte {byte} bit {bit}: {d}"
                    );
                    total += d;
                    n += 1;
                }
            }
            let mean = f64::from(total) / f64::from(n);
            assert!((26.0..=38.0).contains(&mean), "len {len}: {mean}");
        }
    }
}

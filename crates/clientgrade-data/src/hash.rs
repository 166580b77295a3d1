//! A small, fast, deterministic hasher for the per-customer hash tables.

use std::hash::{BuildHasherDefault, Hasher};

/// The multiply-rotate hash rustc uses (FxHash): fast on short keys, the same
/// on every run, which keeps the aggregation deterministic and cheap.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Build hasher for `HashMap`/`HashSet`.
pub type FxBuild = BuildHasherDefault<FxHasher>;

/// A 64-bit hash of a string, for distinct counts of order ids and products.
///
/// Counts are per customer, so only two ids of the same customer could
/// collide; with a 64-bit hash that is vanishingly rare, not impossible.
pub fn hash_str(s: &str) -> u64 {
    // Two rounds with different seeds folded together spread short keys well.
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.write_u64(s.len() as u64);
    let a = h.finish();
    a ^ (a >> 29).wrapping_mul(0xbf58_476d_1ce4_e5b9)
}

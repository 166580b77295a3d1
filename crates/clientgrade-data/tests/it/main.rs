//! Integration tests of the data crate: every kind of bad input, formats, Parquet.

mod audit;
mod bad_input;
mod compare;
mod documented_defaults;
mod exports;
mod formats;
mod hostile;
mod parallel;
mod parquet_types;
mod prospects;
mod reading;
mod robustness;
mod rules;
mod values;

use std::path::PathBuf;

use clientgrade_core::Date;
use clientgrade_data::{load, Loaded, NoProgress, Result, SourceSpec, Sources, TableKind};

/// A fresh folder for one test.
pub fn folder(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("data-it")
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Write `text` to `name` in a fresh folder for test `test`; returns the path.
pub fn file(test: &str, name: &str, bytes: &[u8]) -> PathBuf {
    let p = folder(test).join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Transactions as the only source.
pub fn tx_only(spec: SourceSpec) -> Sources {
    Sources {
        transactions: spec,
        customers: None,
        invoices: None,
        service: None,
        complaints: None,
    }
}

/// Load transactions only, as of 2025-12-31, 12 months.
pub fn load_tx(spec: SourceSpec) -> Result<Loaded> {
    load(
        &tx_only(spec),
        Date::from_ymd(2025, 12, 31),
        12,
        &NoProgress,
    )
}

/// A detected transactions source.
pub fn tx(path: PathBuf) -> SourceSpec {
    SourceSpec::detect(TableKind::Transactions, path)
}

/// xorshift64*: a small deterministic generator for property tests.
pub struct Rng(pub u64);

impl Rng {
    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1)
    }

    /// True with probability `p` percent.
    pub fn chance(&mut self, p: u64) -> bool {
        self.below(100) < p
    }

    /// One of `items`.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

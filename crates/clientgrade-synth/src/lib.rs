//! Realistic synthetic customer data with planted archetypes and known ground truth.
//!
//! [`generate`] writes five related tables (customers, transactions, invoices,
//! service, complaints), a truth table, and prospects with their hidden
//! truth ([`attributes`]: planted Tier-1 skews and noise) through a [`Sink`], one customer at
//! a time, so any size streams in constant memory. The same seed gives the
//! same rows. Every customer is planted as an [`Archetype`] whose expected
//! tier under the default rules is written to the truth table.
//!
//! ```
//! use clientgrade_core::Value;
//! use clientgrade_synth::{generate, Sink, SynthConfig, SynthTable};
//!
//! struct Count(u64);
//! impl Sink for Count {
//!     type Error = std::convert::Infallible;
//!     fn row(&mut self, t: SynthTable, _: &[Value<'_>]) -> Result<(), Self::Error> {
//!         if t == SynthTable::Transactions { self.0 += 1 }
//!         Ok(())
//!     }
//! }
//! let mut sink = Count(0);
//! let summary = generate(&SynthConfig::new(50, 1), &mut sink).unwrap();
//! assert_eq!(summary.rows(SynthTable::Transactions), sink.0);
//! ```

mod archetype;
pub mod attributes;
pub mod btyd;
pub mod exports;
mod generate;
mod plan;
mod rng;

pub use archetype::Archetype;
pub use generate::{generate, Sink, SynthConfig, SynthSummary, SynthTable, SLIPPING_MANAGER};
pub use rng::Rng;

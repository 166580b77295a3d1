//! The terminal summary printed at the end of `analyze` and `demo`.
//!
//! `summary` puts the parts in reading order; `inputs` says what was read and
//! what needs a decision; `tiers` writes the tier and status tables;
//! `attention` lists the customers to act on first. How figures and
//! lists are written is [`crate::format`], shared with report.html and the
//! other text outputs.

mod attention;
mod inputs;
mod summary;
mod tiers;

pub use inputs::{decision_lines, input_lines, source_lines};
pub use summary::terminal_summary;

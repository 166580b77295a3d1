//! The terminal summary printed at the end of `analyze` and `demo`.
//!
//! `summary` puts the parts in reading order; `inputs` says what was read and
//! what needs a decision; `tiers` writes the tier and status tables and the
//! takeaway; `attention` lists the customers to act on first; `format` is how
//! figures and lists are written, shared with report.html and the other
//! text outputs.

mod attention;
mod format;
mod inputs;
mod summary;
mod tiers;

pub(crate) use format::{
    id_text, id_width, more_line, num, pct, plural, share, thousands, LIST_ITEMS,
};
pub use inputs::{decision_lines, input_lines, source_lines};
pub use summary::terminal_summary;
pub use tiers::takeaway;

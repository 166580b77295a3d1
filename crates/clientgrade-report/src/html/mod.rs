//! `report.html`: one self-contained file (inline CSS and SVG, no script, no external request) a business owner reads.
//!
//! This module owns the limits of its own sections (dots in the matrix, rows
//! of the customer table); the pieces every page shares (the style sheet, list
//! and text limits, shortened text, `… and N more`, tier colours and swatches)
//! are [`crate::html_parts`]. `page` is the frame (head, section order,
//! footer), and each other module renders one section.

mod concentration;
mod flags;
mod inputs;
mod key_customers;
mod lifetime;
mod matrix;
mod page;
mod pareto;
mod rfm;
mod tiers;

pub(crate) use page::render;
pub use page::report_html;

use crate::html_parts::{
    id, m, more, plain, short, swatch, tier_colour, LIST_ITEMS, STYLE, TEXT_CHARS,
};

/// Customers drawn in the matrix scatter at most (the largest by revenue,
/// then an even sample of the rest), so a 100,000-customer report stays light.
pub const MAX_DOTS: usize = 4_000;
/// Rows of the per-customer table.
pub const TABLE_ROWS: usize = 50;

//! The key customers section: the table of the customers ranked first.

use super::{id, m, short, tier_colour, TABLE_ROWS};
use crate::markup::Html;
use crate::text::{ID_CHARS, NAME_CHARS};
use clientgrade_core::{GradedCustomer, Portfolio, Tier};

pub(super) fn table_section(o: &mut Html, p: &Portfolio) {
    crate::markup::html!(o, "<section id=\"customers\"><h2>Key customers</h2><p class=\"takeaway\">The {} most important customers by revenue adjusted for payment, effort, growth, margin and loyalty.</p>", TABLE_ROWS.min(p.customers.len()));
    let mut order: Vec<&GradedCustomer> = p.customers.iter().collect();
    order.sort_by_key(|g| g.key.rank);
    o.raw("<table><tr><th class=\"n\">rank</th><th>customer</th><th>tier</th><th>action</th><th>quadrant</th><th>segment</th><th>flags</th><th class=\"n\">revenue</th><th class=\"n\">profit</th></tr>");
    for g in order.iter().take(TABLE_ROWS) {
        let flags: Vec<&str> = g.flags.iter().map(|f| f.kind.name()).collect();
        crate::markup::html!(o, "<tr><td class=\"n\">{}</td><td>{} {}</td><td><span class=\"swatch\" style=\"background:{}\"></span>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>", g.key.rank, short(id(g), ID_CHARS), short(g.facts.name.as_deref().unwrap_or(""), NAME_CHARS), tier_colour(g.tier.tier), g.tier.tier.map_or("undecided", Tier::name), g.action.name(), g.quadrant.map_or_else(String::new, |q| short(&p.verdicts.matrix.name(q).short, NAME_CHARS)), g.rfm.segment.name(), &flags.join(", "), m(g.characteristics.revenue), g.characteristics.profit.map_or_else(|| "n/a".into(), m));
    }
    o.raw("</table></section>");
}

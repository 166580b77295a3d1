//! The customers to act on first, as terminal lists: money losers, key customers slipping away, lapsed customers worth winning back.

use std::fmt::Write;

use crate::format::{id_text, id_width, plural, thousands, LIST_ITEMS};
use crate::text::{shown, ID_CHARS};
use clientgrade_core::{Money, Portfolio};

/// The customers to act on first: money losers by loss, key customers
/// slipping away, lapsed customers worth winning back.
pub(super) fn attention_lines(p: &Portfolio, view: &crate::view::View, top: usize) -> String {
    use crate::attention::loss_driver;
    let mut s = String::new();
    // customers named per list: --top, at least 5, at most LIST_ITEMS
    let named = top.clamp(5, LIST_ITEMS);
    let l = &view.losers;
    let (risk, back) = (&view.key_at_risk, &view.win_back);
    // one id and name width for the three lists, from what they show
    let listed: Vec<usize> = l
        .named
        .iter()
        .take(named)
        .chain(risk.iter().take(named))
        .chain(back.iter().take(named))
        .copied()
        .collect();
    let w = id_width(listed.iter().map(|&i| id_text(p, i)));
    let nw = listed
        .iter()
        .map(|&i| {
            shown(p.customers[i].facts.name.as_deref().unwrap_or(""), 30)
                .chars()
                .count()
        })
        .max()
        .unwrap_or(0);
    let id = |i: usize| {
        let g = &p.customers[i];
        let name = shown(g.facts.name.as_deref().unwrap_or(""), 30);
        let id = shown(id_text(p, i), ID_CHARS);
        if nw == 0 {
            format!("{id:<w$}")
        } else {
            format!("{id:<w$} {name:<nw$}")
        }
    };
    if l.all.0 > 0 {
        let _ = writeln!(
            s,
            "\nWho loses you money: {}, {} in all (largest losses first)",
            plural(l.all.0, "customer", "customers"),
            l.all.1.to_display_string()
        );
        for &i in l.named.iter().take(named) {
            let g = &p.customers[i];
            let _ = writeln!(
                s,
                "  {} loses {:>14} on revenue {:>14}  ({})",
                id(i),
                (-g.characteristics.profit.unwrap_or(Money::ZERO)).to_display_string(),
                g.characteristics.revenue.to_display_string(),
                loss_driver(g)
            );
        }
        let listed = l.named.len().min(named) as u64;
        if l.all.0 > listed {
            let _ = writeln!(
                s,
                "  … and {} more: customers.csv has every one (tier = 4)",
                thousands(l.all.0 - listed)
            );
        }
    }
    if !risk.is_empty() {
        let _ = writeln!(
            s,
            "\nKey customers slipping away: {} (top 10% by rank, overdue by their own rhythm or season, or P(alive) < 50% when their rhythm cannot tell)",
            thousands(risk.len() as u64)
        );
        for &i in risk.iter().take(named) {
            let g = &p.customers[i];
            let _ = writeln!(
                s,
                "  {} revenue {:>14}, last purchase {}{}",
                id(i),
                g.characteristics.revenue.to_display_string(),
                g.characteristics
                    .last_purchase
                    .map_or_else(|| "n/a".into(), |d| d.to_string()),
                g.lifetime
                    .and_then(|l| l.p_alive)
                    .map_or_else(String::new, |p| format!(
                        ", P(alive) {}",
                        crate::attention::chance(p)
                    ))
            );
        }
        if risk.len() > named {
            let _ = writeln!(
                s,
                "  … and {} more: actions.csv has every one (action = win back)",
                thousands((risk.len() - named) as u64)
            );
        }
    }
    if !back.is_empty() {
        let known = crate::headline::profit_known(p);
        let _ = writeln!(
            s,
            "\nLapsed customers worth winning back: {} ({})",
            thousands(back.len() as u64),
            if known {
                "most profit in the previous window first"
            } else {
                "profit unknown without cost data: most revenue in the previous window first"
            }
        );
        for &i in back.iter().take(named) {
            let c = &p.customers[i].characteristics;
            let _ = writeln!(
                s,
                "  {} previous window: {}revenue {:>14}, last purchase {}",
                id(i),
                c.profit_previous.map_or_else(String::new, |m| format!(
                    "profit {:>12} on ",
                    m.to_display_string()
                )),
                c.revenue_previous.to_display_string(),
                c.last_purchase
                    .map_or_else(|| "n/a".into(), |d| d.to_string())
            );
        }
        if back.len() > named {
            let _ = writeln!(
                s,
                "  … and {} more: actions.csv has every one (action = win back, status = lapsed)",
                thousands((back.len() - named) as u64)
            );
        }
    }
    s
}

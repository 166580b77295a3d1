//! The terminal summary printed at the end of `analyze` and `demo`.

use std::fmt::Write;

use clientgrade_core::evidence::percent;
use clientgrade_core::{Money, Portfolio, Status, Tier, TierTotals};
use clientgrade_data::{AsOfSource, TableStats};

use crate::text::{shown, ID_CHARS, NAME_CHARS};
use crate::RunInfo;

/// Items of a list printed at most (alerts, notes); the rest are counted.
pub(crate) const LIST_ITEMS: usize = 20;

/// `  … and N more (summary.json lists them all)` after a cut list.
pub(crate) fn more_line(s: &mut String, total: usize) {
    if total > LIST_ITEMS {
        let _ = writeln!(
            s,
            "  … and {} more (summary.json lists them all)",
            thousands((total - LIST_ITEMS) as u64)
        );
    }
}

/// A fraction as a percentage (`0.3421` → `34.2%`), `n/a` when not finite.
pub(crate) fn pct(v: f64) -> String {
    if v.is_finite() {
        percent(v)
    } else {
        "n/a".into()
    }
}

/// A number with `decimals` decimals, `n/a` when not finite.
pub(crate) fn num(v: f64, decimals: usize) -> String {
    if v.is_finite() {
        format!("{v:.decimals$}")
    } else {
        "n/a".into()
    }
}

/// `part` as a percentage of `whole`, `n/a` when `whole` is not positive.
pub(crate) fn share(part: Money, whole: Money) -> String {
    if whole.raw() > 0 {
        pct(part.to_f64() / whole.to_f64())
    } else {
        "n/a".into()
    }
}

/// A count with thousands separators: 1234567 → `1,234,567`.
pub(crate) fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One line per table: `read N, used M, rejected K (reason: count…)`.
pub fn input_lines(tables: &[TableStats]) -> String {
    let mut s = String::new();
    for t in tables {
        let file = t.path.file_name().map_or_else(
            || t.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let _ = writeln!(
            s,
            "  {:<13} {}: {}",
            t.table.name(),
            shown(&file, NAME_CHARS),
            t.summary_line()
        );
    }
    s
}

/// The known export recognised and the reading rules applied to a table.
pub fn source_lines(t: &TableStats) -> String {
    let mut s = String::new();
    if let Some(src) = &t.source {
        let _ = writeln!(s, "  {}: {src}", t.table.name());
    }
    if !t.rules.is_empty() && t.source.is_none() {
        let _ = writeln!(s, "  {} rules:", t.table.name());
    }
    for r in t.rules.iter().take(LIST_ITEMS) {
        let _ = writeln!(s, "    - {r}");
    }
    more_line(&mut s, t.rules.len());
    s
}

/// The decisions the data needs, with the key to set; empty when none.
pub fn decision_lines(tables: &[TableStats]) -> String {
    let all: Vec<(&TableStats, &clientgrade_data::Warning)> = tables
        .iter()
        .flat_map(|t| t.warnings.iter().map(move |w| (t, w)))
        .collect();
    if all.is_empty() {
        return String::new();
    }
    let mut s = format!("\nNeeds a decision ({})\n", all.len());
    for (t, w) in all.iter().take(LIST_ITEMS) {
        let _ = writeln!(s, "  - {}: {}", t.table.name(), w.message);
        let _ = writeln!(s, "    fix: {}", w.fix);
    }
    more_line(&mut s, all.len());
    s
}

fn tier_line(label: &str, t: &TierTotals, p: &Portfolio) -> String {
    let buyers = p.buyers();
    format!(
        "  {label:<22} {:>9} {:>7} {:>16} {:>7} {:>15} {:>7}",
        thousands(t.customers),
        if buyers > 0 {
            pct(t.customers as f64 / buyers as f64)
        } else {
            "n/a".into()
        },
        t.revenue.to_display_string(),
        share(t.revenue, p.total.revenue),
        t.profit.to_display_string(),
        share(t.profit, p.total.profit),
    )
}

/// The whole summary (customer ids and names of the top customers included:
/// it is printed to the user's terminal, never logged).
pub fn terminal_summary(run: &RunInfo<'_>, p: &Portfolio, out_dir: &str, top: usize) -> String {
    let mut s = String::new();
    let w = &p.window;
    let _ = writeln!(
        s,
        "clientgrade: {} customers graded over {} months, {} to {} (as-of: {})",
        thousands(p.total.customers),
        w.months,
        w.first_day(),
        w.as_of,
        match run.as_of_source {
            AsOfSource::Given => "given",
            AsOfSource::LatestTransaction => "latest transaction date",
        }
    );
    let _ = writeln!(s, "\nInputs");
    s.push_str(&input_lines(run.tables));
    for t in run.tables {
        s.push_str(&source_lines(t));
    }
    s.push_str(&decision_lines(run.tables));
    s.push_str(&status_lines(p));
    if let Some(why) = p.undecidable {
        let _ = writeln!(s, "\nTiers cannot be decided: {why}");
        let _ = writeln!(
            s,
            "  {} customers, revenue {}",
            thousands(p.total.customers),
            p.total.revenue.to_display_string()
        );
    } else {
        let _ = writeln!(
            s,
            "\nTiers                  {:>9} {:>7} {:>16} {:>7} {:>15} {:>7}",
            "customers", "share", "revenue", "share", "profit", "share"
        );
        for t in Tier::ALL {
            s.push_str(&tier_line(&t.to_string(), p.tier(t), p));
            s.push('\n');
        }
        if p.undecided.customers > 0 {
            s.push_str(&tier_line("undecided", &p.undecided, p));
            s.push('\n');
        }
        let mut buyers = p.undecided;
        for t in Tier::ALL {
            let x = p.tier(t);
            buyers.customers += x.customers;
            buyers.revenue += x.revenue;
            buyers.profit += x.profit;
            buyers.cost_to_serve += x.cost_to_serve;
        }
        s.push_str(&tier_line("bought in the window", &buyers, p));
        s.push('\n');
        if let Some(line) = takeaway(p) {
            let _ = writeln!(s, "\n{line}");
        }
        let _ = writeln!(s, "\nWhat to do");
        for t in Tier::ALL.into_iter().filter(|t| p.tier(*t).customers > 0) {
            let _ = writeln!(s, "  {:<22} {}", t.to_string(), t.action());
        }
        s.push_str(&attention_lines(p, top));
    }
    if let Some(m) = &p.movement {
        s.push_str(&crate::movement::movement_lines(m, top));
    }
    if !p.customers.is_empty() {
        let _ = writeln!(s, "\nTop customers by revenue");
        for (i, g) in p.customers.iter().take(top).enumerate() {
            let id = shown(g.facts.id.as_ref().map_or("", |id| id.expose()), ID_CHARS);
            let name = shown(g.facts.name.as_deref().unwrap_or(""), 34);
            let tier = g
                .tier
                .tier
                .map_or_else(|| "undecided".to_string(), |t| t.to_string());
            let _ = writeln!(
                s,
                "  {:>2}. {:<10} {:<34} {:>16} {:>7}  {}",
                i + 1,
                id,
                name,
                g.characteristics.revenue.to_display_string(),
                share(g.characteristics.revenue, p.total.revenue),
                tier
            );
        }
    }
    s.push_str(&crate::verdicts::verdicts_text(p, top.min(5)));
    s.push_str(&crate::profile::profile_lines(p));
    let rejects = crate::summary::rejects_notes(run.tables);
    let notes: Vec<&String> = run.notes.iter().chain(&rejects).chain(&p.notes).collect();
    if !notes.is_empty() {
        let _ = writeln!(s, "\nNotes");
        for n in notes.iter().take(LIST_ITEMS) {
            let _ = writeln!(s, "  - {n}");
        }
        more_line(&mut s, notes.len());
    }
    let _ = writeln!(
        s,
        "\nOutput: {out_dir} (report.html, customers.csv, customers.parquet, actions.csv, summary.json, rejects.csv{})",
        match (p.movement.is_some(), p.profile.as_ref().is_some_and(|x| x.prospect_table.is_some())) {
            (true, true) => ", movement.csv, prospects.csv",
            (true, false) => ", movement.csv",
            (false, true) => ", prospects.csv",
            (false, false) => "",
        }
    );
    s
}

/// One plain sentence from the tier and status totals.
pub fn takeaway(p: &Portfolio) -> Option<String> {
    let n = p.buyers();
    if n == 0 || p.undecidable.is_some() {
        return None;
    }
    let (t1, t2, t4) = (p.tier(Tier::Ideal), p.tier(Tier::Good), p.tier(Tier::Loser));
    let good = t1.customers + t2.customers;
    let mut line = format!(
        "Of the {} customers who bought in the window, {} (Tiers 1–2) earn {} of your profit",
        thousands(n),
        pct(good as f64 / n as f64),
        share(t1.profit + t2.profit, p.total.profit)
    );
    if t4.customers > 0 {
        line.push_str(&format!(
            "; {} ({}) lose you {}",
            thousands(t4.customers),
            pct(t4.customers as f64 / n as f64),
            (-t4.profit).to_display_string()
        ));
    }
    let lapsed = p.status(Status::Lapsed);
    if lapsed.customers > 0 {
        line.push_str(&format!(
            ". {} customers lapsed (nothing bought in the window); {} of them are worth winning back: they made {} profit in the previous window",
            thousands(lapsed.customers),
            thousands(lapsed.win_back),
            lapsed.win_back_profit_previous.to_display_string()
        ));
    }
    line.push('.');
    Some(line)
}

/// Customers per lifecycle status.
fn status_lines(p: &Portfolio) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\nCustomers by status (only new and active ones get a tier)"
    );
    for st in Status::ALL {
        let t = p.status(st);
        let what = match st {
            Status::New => format!(
                "became customers in the window; revenue {}",
                t.revenue.to_display_string()
            ),
            Status::Active => format!("bought in the window; revenue {}", t.revenue.to_display_string()),
            Status::Lapsed => format!(
                "nothing in the window, bought in the previous one (profit {} there); {} to win back",
                t.profit_previous.to_display_string(),
                thousands(t.win_back)
            ),
            Status::Lost => "nothing in this window nor the previous one: let go".to_string(),
        };
        let _ = writeln!(
            s,
            "  {:<8} {:>9}  {what}",
            st.name(),
            thousands(t.customers)
        );
    }
    s
}

/// The customers to act on first: money losers by loss, key customers
/// slipping away, lapsed customers worth winning back.
fn attention_lines(p: &Portfolio, top: usize) -> String {
    use crate::attention::{key_at_risk, losers, loss_driver, win_back};
    let mut s = String::new();
    // customers named per list: --top, at least 5, at most LIST_ITEMS
    let named = top.clamp(5, LIST_ITEMS);
    let id = |i: usize| {
        let g = &p.customers[i];
        (
            shown(g.facts.id.as_ref().map_or("", |id| id.expose()), ID_CHARS),
            shown(g.facts.name.as_deref().unwrap_or(""), 30),
        )
    };
    let l = losers(p);
    if l.all.0 > 0 {
        let _ = writeln!(
            s,
            "\nWho loses you money: {} customers, {} in all (largest losses first)",
            thousands(l.all.0),
            l.all.1.to_display_string()
        );
        for &i in l.named.iter().take(named) {
            let (cid, name) = id(i);
            let g = &p.customers[i];
            let _ = writeln!(
                s,
                "  {:<10} {:<30} loses {:>14} on revenue {:>14}  ({})",
                cid,
                name,
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
    let risk = key_at_risk(p);
    if !risk.is_empty() {
        let _ = writeln!(
            s,
            "\nKey customers slipping away: {} (top 10% by rank, quiet for longer than usual or P(alive) < 50%)",
            thousands(risk.len() as u64)
        );
        for &i in risk.iter().take(named) {
            let (cid, name) = id(i);
            let g = &p.customers[i];
            let _ = writeln!(
                s,
                "  {:<10} {:<30} revenue {:>14}, last purchase {}{}",
                cid,
                name,
                g.characteristics.revenue.to_display_string(),
                g.characteristics
                    .last_purchase
                    .map_or_else(|| "n/a".into(), |d| d.to_string()),
                g.lifetime.map_or_else(String::new, |l| format!(
                    ", P(alive) {}",
                    crate::attention::chance(l.p_alive)
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
    let back = win_back(p);
    if !back.is_empty() {
        let _ = writeln!(
            s,
            "\nLapsed customers worth winning back: {} (most profit in the previous window first)",
            thousands(back.len() as u64)
        );
        for &i in back.iter().take(named) {
            let (cid, name) = id(i);
            let c = &p.customers[i].characteristics;
            let _ = writeln!(
                s,
                "  {:<10} {:<30} previous window: profit {:>12} on revenue {:>14}, last purchase {}",
                cid,
                name,
                c.profit_previous
                    .map_or_else(|| "n/a".into(), |m| m.to_display_string()),
                c.revenue_previous.to_display_string(),
                c.last_purchase.map_or_else(|| "n/a".into(), |d| d.to_string())
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

#[cfg(test)]
mod tests {
    use super::*;
    use clientgrade_data::{TableKind, Warning};

    #[test]
    fn decisions_and_rules_stop_after_list_items_with_a_count() {
        let mut t = TableStats::new(TableKind::Transactions, "t.csv".into());
        t.warnings = (0..LIST_ITEMS + 7)
            .map(|i| Warning {
                kind: "placeholder-id",
                message: format!("the customer id `g{i}` looks like a placeholder"),
                fix: "name a column that tells them apart".into(),
            })
            .collect();
        t.rules = (0..LIST_ITEMS + 3).map(|i| format!("rule {i}")).collect();
        let d = decision_lines(std::slice::from_ref(&t));
        assert!(d.contains(&format!("Needs a decision ({})", LIST_ITEMS + 7)));
        assert_eq!(d.matches("    fix: ").count(), LIST_ITEMS);
        assert!(
            d.ends_with("  … and 7 more (summary.json lists them all)\n"),
            "{d}"
        );
        let r = source_lines(&t);
        assert_eq!(r.matches("    - rule ").count(), LIST_ITEMS);
        assert!(
            r.ends_with("  … and 3 more (summary.json lists them all)\n"),
            "{r}"
        );
    }
}

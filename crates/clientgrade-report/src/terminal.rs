//! The terminal summary printed at the end of `analyze` and `demo`.

use std::fmt::Write;

use clientgrade_core::evidence::percent;
use clientgrade_core::{Money, Portfolio, Tier, TierTotals};
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

fn tier_line(label: &str, t: &TierTotals, p: &Portfolio) -> String {
    format!(
        "  {label:<22} {:>9} {:>7} {:>16} {:>7} {:>15} {:>7}",
        thousands(t.customers),
        if p.total.customers > 0 {
            pct(t.customers as f64 / p.total.customers as f64)
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
        s.push_str(&tier_line("all customers", &p.total, p));
        s.push('\n');
        if let Some(line) = takeaway(p) {
            let _ = writeln!(s, "\n{line}");
        }
        let _ = writeln!(s, "\nWhat to do");
        for t in Tier::ALL.into_iter().filter(|t| p.tier(*t).customers > 0) {
            let _ = writeln!(s, "  {:<22} {}", t.to_string(), t.action());
        }
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
        "\nOutput: {out_dir} (report.html, customers.csv, customers.parquet, actions.csv, summary.json, rejects.csv)"
    );
    s
}

/// One plain sentence from the tier totals.
pub fn takeaway(p: &Portfolio) -> Option<String> {
    let n = p.total.customers;
    if n == 0 || p.undecidable.is_some() {
        return None;
    }
    let (t1, t2, t4) = (p.tier(Tier::Ideal), p.tier(Tier::Good), p.tier(Tier::Loser));
    let good = t1.customers + t2.customers;
    let mut line = format!(
        "{} of your customers (Tiers 1–2) earn {} of your profit",
        pct(good as f64 / n as f64),
        share(t1.profit + t2.profit, p.total.profit)
    );
    if t4.customers > 0 {
        line.push_str(&format!(
            "; {} lose you {}",
            pct(t4.customers as f64 / n as f64),
            (-t4.profit).to_display_string()
        ));
    }
    line.push('.');
    Some(line)
}

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

/// One row of the tier table: shares of the customers who bought in the
/// window (`base`), so that the tiers add up to 100%.
fn tier_line(label: &str, t: &TierTotals, base: Option<&TierTotals>, known: bool) -> String {
    // rows outside the customers who bought in the window carry no share
    let of = |part: f64, whole: f64| match base {
        Some(_) if whole > 0.0 => pct(part / whole),
        Some(_) => "n/a".into(),
        None => String::new(),
    };
    format!(
        "  {label:<22} {:>9} {:>7} {:>16} {:>7} {:>15} {:>7}",
        thousands(t.customers),
        base.map_or_else(String::new, |b| of(t.customers as f64, b.customers as f64)),
        t.revenue.to_display_string(),
        base.map_or_else(String::new, |b| share(t.revenue, b.revenue)),
        if known {
            t.profit.to_display_string()
        } else {
            "unknown".into()
        },
        match base {
            Some(b) if known => share(t.profit, b.profit),
            Some(_) => "n/a".into(),
            None => String::new(),
        },
    )
    .trim_end()
    .to_string()
}

/// Width of an id column: the longest id shown, at least 10 characters and
/// at most [`ID_CHARS`].
pub(crate) fn id_width<'a>(ids: impl Iterator<Item = &'a str>) -> usize {
    ids.map(|i| shown(i, ID_CHARS).chars().count())
        .max()
        .unwrap_or(0)
        .clamp(10, ID_CHARS)
}

/// A customer's id as shown, for the positions `i` of `p.customers`.
pub(crate) fn id_text(p: &Portfolio, i: usize) -> &str {
    p.customers[i]
        .facts
        .id
        .as_ref()
        .map_or("", |id| id.expose())
}

/// `1 customer`, `2 customers`: a count with its noun.
pub(crate) fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// The window's money reconciled, and what is unknown.
fn money_lines(p: &Portfolio) -> String {
    use crate::headline::{headline, reconciliation, reconciliation_notes, unknown_costs};
    let h = headline(p);
    let mut s = format!(
        "\nMoney in the window (every customer: {})\n  {}\n",
        thousands(h.all.customers),
        reconciliation(&h, &h.all)
    );
    for n in reconciliation_notes(p, &h)
        .into_iter()
        .chain(unknown_costs(p))
    {
        let _ = writeln!(s, "  - {n}");
    }
    s
}

/// The whole summary (customer ids and names of the top customers included:
/// it is printed to the user's terminal, never logged).
pub fn terminal_summary(run: &RunInfo<'_>, p: &Portfolio, out_dir: &str, top: usize) -> String {
    // the figures the report shows too, computed the same way
    let view = crate::view::View::of(p);
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
    let caveats = crate::caveats::caveats(run.tables);
    if caveats.biased() {
        // before any figure: the figures are biased until these are decided
        let _ = writeln!(s, "\n{}", caveats.biased_headline());
        s.push_str(decision_lines(run.tables).trim_start_matches('\n'));
    }
    if !caveats.incomplete.is_empty() {
        let _ = writeln!(s, "\nThe figures are incomplete");
        for m in &caveats.incomplete {
            let _ = writeln!(s, "  - {m}");
        }
    }
    let _ = writeln!(s, "\nInputs");
    s.push_str(&input_lines(run.tables));
    for t in run.tables {
        s.push_str(&source_lines(t));
    }
    s.push_str(&status_lines(p));
    s.push_str(&money_lines(p));
    let known = crate::headline::profit_known(p);
    if let Some(why) = p.undecidable {
        let _ = writeln!(s, "\nTiers cannot be decided: {why}");
        let _ = writeln!(
            s,
            "  {}, revenue {}",
            plural(p.total.customers, "customer", "customers"),
            p.total.revenue.to_display_string()
        );
        if let Some(line) = takeaway(p, &view) {
            let _ = writeln!(s, "\n{line}");
        }
    } else {
        let _ = writeln!(
            s,
            "\nTiers                  {:>9} {:>7} {:>16} {:>7} {:>15} {:>7}",
            "customers", "share", "revenue", "share", "profit", "share"
        );
        if let Some(mg) = p
            .settings
            .costs
            .assumed_gross_margin
            .filter(|_| !p.coverage.cost_of_goods)
        {
            let _ = writeln!(
                s,
                "  (profit ASSUMED: gross margin {:.1}% of list price for everyone, costs.assumed-gross-margin;\n   \
                 tiers differ by profit size, growth, discounts and service, not by margin)",
                mg * 100.0
            );
        }
        let mut buyers = p.undecided;
        for t in Tier::ALL {
            let x = p.tier(t);
            buyers.customers += x.customers;
            buyers.revenue += x.revenue;
            buyers.profit += x.profit;
            buyers.cost_to_serve += x.cost_to_serve;
        }
        for t in Tier::ALL {
            s.push_str(&tier_line(&t.to_string(), p.tier(t), Some(&buyers), known));
            s.push('\n');
        }
        if p.undecided.customers > 0 {
            s.push_str(&tier_line("undecided", &p.undecided, Some(&buyers), known));
            s.push('\n');
        }
        s.push_str(&tier_line(
            "bought in the window",
            &buyers,
            Some(&buyers),
            known,
        ));
        s.push('\n');
        let others = TierTotals {
            customers: p.total.customers - buyers.customers,
            revenue: p.total.revenue - buyers.revenue,
            profit: p.total.profit - buyers.profit,
            cost_to_serve: p.total.cost_to_serve - buyers.cost_to_serve,
        };
        if others.revenue.raw() != 0 || others.profit.raw() != 0 {
            // the lapsed and lost customers' credits: the difference to the headline
            s.push_str(&tier_line("lapsed and lost", &others, None, known));
            s.push('\n');
            s.push_str(&tier_line("every customer", &p.total, None, known));
            s.push('\n');
            let _ = writeln!(
                s,
                "  (lapsed and lost: credits, returns or service of customers who bought nothing in the window; \
                 the headline counts them, the tiers do not)"
            );
        }
        if let Some(line) = takeaway(p, &view) {
            let _ = writeln!(s, "\n{line}");
        }
        let _ = writeln!(s, "\nWhat to do");
        for t in Tier::ALL.into_iter().filter(|t| p.tier(*t).customers > 0) {
            let _ = writeln!(s, "  {:<22} {}", t.to_string(), t.action());
        }
    }
    s.push_str(&attention_lines(p, &view, top));
    if let Some(m) = &p.movement {
        s.push_str(&crate::movement::movement_lines(m, top));
    }
    if !p.customers.is_empty() {
        let _ = writeln!(s, "\nTop customers by revenue");
        let shown_top = p.customers.len().min(top);
        let w = id_width((0..shown_top).map(|i| id_text(p, i)));
        let nw = (0..shown_top)
            .map(|i| {
                shown(p.customers[i].facts.name.as_deref().unwrap_or(""), 34)
                    .chars()
                    .count()
            })
            .max()
            .unwrap_or(0);
        for (i, g) in p.customers.iter().take(top).enumerate() {
            let id = shown(id_text(p, i), ID_CHARS);
            let name = shown(g.facts.name.as_deref().unwrap_or(""), 34);
            let tier = g
                .tier
                .tier
                .map_or_else(|| "undecided".to_string(), |t| t.to_string());
            let _ = writeln!(
                s,
                "  {:>2}. {id:<w$} {name:<nw$} {:>16} {:>7}  {}",
                i + 1,
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
    if caveats.biased() {
        // again at the end, where a reader of a long summary looks last
        let _ = writeln!(s, "\n{}", caveats.biased_headline());
        s.push_str(decision_lines(run.tables).trim_start_matches('\n'));
    }
    s
}

/// One plain sentence from the tier and status totals; profit only where
/// it is known.
pub fn takeaway(p: &Portfolio, view: &crate::view::View) -> Option<String> {
    let n = p.buyers();
    if n == 0 {
        return None;
    }
    let known = crate::headline::profit_known(p);
    let mut line = match p.undecidable {
        Some(why) => {
            let revenue = crate::headline::headline(p).buyers.revenue;
            format!(
                "{} bought {} in the window, but tiers cannot be decided: {why}",
                plural(n, "customer", "customers"),
                revenue.to_display_string()
            )
        }
        None => {
            let (t1, t2, t4) = (p.tier(Tier::Ideal), p.tier(Tier::Good), p.tier(Tier::Loser));
            let good = t1.customers + t2.customers;
            let buyers_profit: Money =
                Tier::ALL.iter().map(|t| p.tier(*t).profit).sum::<Money>() + p.undecided.profit;
            let mut l = format!(
                "Of the {} who bought in the window, {} (Tiers 1–2) earn {} of their profit",
                plural(n, "customer", "customers"),
                pct(good as f64 / n as f64),
                share(t1.profit + t2.profit, buyers_profit)
            );
            if t4.customers > 0 {
                l.push_str(&format!(
                    "; {} ({}) lose you {}",
                    thousands(t4.customers),
                    pct(t4.customers as f64 / n as f64),
                    (-t4.profit).to_display_string()
                ));
            }
            l
        }
    };
    let lapsed = p.status(Status::Lapsed);
    if lapsed.customers > 0 {
        let worth = if known {
            format!(
                "they made {} profit in the previous window",
                lapsed.win_back_profit_previous.to_display_string()
            )
        } else {
            let revenue = view.win_back_revenue_previous;
            format!(
                "they bought {} in the previous window (their profit is not known: no costs given)",
                revenue.to_display_string()
            )
        };
        line.push_str(&format!(
            ". {} lapsed (nothing bought in the window); {} of them {} worth winning back: {worth}",
            plural(lapsed.customers, "customer", "customers"),
            thousands(lapsed.win_back),
            if lapsed.win_back == 1 { "is" } else { "are" },
        ));
    }
    if !line.ends_with('.') {
        line.push('.');
    }
    Some(line)
}

/// Customers per lifecycle status.
fn status_lines(p: &Portfolio) -> String {
    let known = crate::headline::profit_known(p);
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
            Status::Lapsed if known => format!(
                "nothing in the window, bought in the previous one (profit {} there); {} to win back",
                t.profit_previous.to_display_string(),
                thousands(t.win_back)
            ),
            Status::Lapsed => format!(
                "nothing in the window, bought in the previous one (revenue {} there, profit not known: no costs given); {} to win back",
                t.revenue_previous.to_display_string(),
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
fn attention_lines(p: &Portfolio, view: &crate::view::View, top: usize) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use clientgrade_data::{TableKind, Warning};

    #[test]
    fn long_ids_keep_the_columns_aligned_and_counts_of_one_are_singular() {
        use clientgrade_core::{grade, AnalysisWindow, Coverage, CustomerFacts, CustomerId, Date};
        // audit section 4: e-mail ids longer than 10 characters pushed the
        // revenue column right, line by line
        let ids = [
            "david.watson@example.com",
            "ap@gamma.example",
            "C17",
            "m.okafor-lindqvist@example.org",
        ];
        let mut all: Vec<CustomerFacts> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| CustomerFacts {
                id: Some(CustomerId::new(id)),
                revenue: Money::from_units(5_400 - 1_130 * i as i64),
                revenue_previous: Money::from_units(4_100 - 730 * i as i64),
                first_purchase: Date::from_ymd(2023, 5, 3 + i as u32),
                last_purchase: Date::from_ymd(2025, 9, 12 + i as u32),
                ..CustomerFacts::default()
            })
            .collect();
        // one lapsed customer with a credit dated in the window
        all.push(CustomerFacts {
            id: Some(CustomerId::new("returns.only@example.com")),
            revenue: Money::from_raw(-28_900),
            revenue_previous: Money::from_units(310),
            first_purchase: Date::from_ymd(2023, 8, 1),
            last_purchase: Date::from_ymd(2024, 6, 1),
            ..CustomerFacts::default()
        });
        let mut settings = clientgrade_core::Settings::default();
        settings.costs.assumed_gross_margin = Some(0.35);
        let window = AnalysisWindow::new(Date::from_ymd(2025, 12, 31).unwrap(), 12);
        let p = grade(all, Coverage::default(), &settings, window);
        let run = RunInfo {
            tables: &[],
            as_of_source: AsOfSource::Given,
            listed_without_activity: 0,
            notes: &[],
            lifetime_not_fitted: None,
        };
        let s = terminal_summary(&run, &p, "out", 10);
        let top: Vec<&str> = s
            .split("Top customers by revenue\n")
            .nth(1)
            .unwrap()
            .lines()
            .take_while(|l| !l.is_empty())
            .collect();
        assert_eq!(top.len(), 5, "{s}");
        // the revenue column ends at the same character in every line
        let ends: Vec<usize> = top
            .iter()
            .map(|l| {
                let r = l.find(" Tier").or_else(|| l.find(" undecided")).unwrap();
                l[..r].trim_end().chars().count()
            })
            .collect();
        assert!(ends.windows(2).all(|w| w[0] == w[1]), "{top:#?}");
        assert!(s.contains("1 customer lapsed"), "{s}");
        assert!(s.contains("1 of them is worth winning back"), "{s}");
        assert!(
            s.contains("the 1 lapsed or lost customer adds revenue -2.89"),
            "{s}"
        );
        assert!(!s.contains(" 1 customers"), "{s}");
        // the tier table's extra rows explain the difference to the headline
        assert!(s.contains("  lapsed and lost "), "{s}");
        assert!(
            s.contains("the headline counts them, the tiers do not"),
            "{s}"
        );
    }

    #[test]
    fn a_decision_not_taken_is_said_before_the_figures_and_again_at_the_end() {
        use clientgrade_core::{grade, AnalysisWindow, Coverage, CustomerFacts, CustomerId, Date};
        let mut t = TableStats::new(TableKind::Transactions, "orders.csv".into());
        t.read = 1_204;
        t.used = 1_204;
        t.warnings.push(Warning {
            kind: "status-not-applied",
            message: "the column `order_status` says cancelled (87 rows), and these rows are counted as sales".into(),
            fix: "set [transactions.columns] status = \"order_status\"".into(),
        });
        let facts = CustomerFacts {
            id: Some(CustomerId::new("C-104")),
            revenue: Money::from_units(1_318),
            first_purchase: Date::from_ymd(2024, 3, 2),
            last_purchase: Date::from_ymd(2025, 10, 9),
            ..CustomerFacts::default()
        };
        let window = AnalysisWindow::new(Date::from_ymd(2025, 12, 31).unwrap(), 12);
        let p = grade(
            vec![facts],
            Coverage::default(),
            &clientgrade_core::Settings::default(),
            window,
        );
        let tables = [t];
        let run = RunInfo {
            tables: &tables,
            as_of_source: AsOfSource::Given,
            listed_without_activity: 0,
            notes: &[],
            lifetime_not_fitted: None,
        };
        let s = terminal_summary(&run, &p, "out", 10);
        let headline = "The figures are biased until you decide 1 thing";
        assert_eq!(s.matches(headline).count(), 2, "{s}");
        let first = s.find(headline).unwrap();
        assert!(first < s.find("Money in the window").unwrap(), "{s}");
        let last = s.rfind(headline).unwrap();
        assert!(last > s.find("\nOutput: ").unwrap(), "{s}");
        assert!(
            s[last..].contains("fix: set [transactions.columns] status"),
            "{s}"
        );
    }

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

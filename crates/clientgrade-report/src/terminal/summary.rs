//! The terminal summary printed at the end of `analyze` and `demo`: its parts in reading order.

use std::fmt::Write;

use super::attention::attention_lines;
use super::inputs::{decision_lines, input_lines, source_lines};
use super::tiers::{status_lines, tier_line};
use crate::format::{id_text, id_width, more_line, plural, share, thousands, LIST_ITEMS};
use crate::takeaway::takeaway;
use crate::text::{shown, ID_CHARS};
use crate::view::View;
use crate::RunInfo;
use clientgrade_core::{Portfolio, Tier, TierTotals};
use clientgrade_data::AsOfSource;

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
/// it is printed to the user's terminal, never logged). `view` is
/// [`View::of`] `p`: the figures the report shows too, computed once for
/// both.
pub fn terminal_summary(
    run: &RunInfo<'_>,
    p: &Portfolio,
    view: &View,
    out_dir: &str,
    top: usize,
) -> String {
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
        if let Some(line) = takeaway(p, view) {
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
        if let Some(line) = takeaway(p, view) {
            let _ = writeln!(s, "\n{line}");
        }
        let _ = writeln!(s, "\nWhat to do");
        for t in Tier::ALL.into_iter().filter(|t| p.tier(*t).customers > 0) {
            let _ = writeln!(s, "  {:<22} {}", t.to_string(), t.action());
        }
    }
    s.push_str(&attention_lines(p, view, top));
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
    let rejects = crate::caveats::rejects_notes(run.tables);
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

#[cfg(test)]
mod tests {
    use super::*;
    use clientgrade_core::Money;
    use clientgrade_data::{TableKind, TableStats, Warning};

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
        let s = terminal_summary(&run, &p, &View::of(&p), "out", 10);
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
        let s = terminal_summary(&run, &p, &View::of(&p), "out", 10);
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
}

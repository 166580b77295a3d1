//! The red flags section: flag counts and the customers that need action, with the reason, its fix and the evidence.

use super::{id, m, short, TEXT_CHARS};
use crate::markup::Html;
use crate::svg::{bars, colour};
use crate::text::{ID_CHARS, NAME_CHARS};
use crate::view::group;
use crate::view::View;
use clientgrade_core::flags::FlagKind;
use clientgrade_core::{GradedCustomer, Portfolio};

pub(super) fn flags_section(o: &mut Html, p: &Portfolio, view: &View) {
    crate::markup::html!(
        o,
        "<section id=\"flags\"><h2>Red flags and customers needing action</h2>"
    );
    let flagged = view.flagged;
    crate::markup::html!(
        o,
        "<p class=\"takeaway\">{} at least one red flag; {}.</p>",
        crate::format::plural(flagged.0, "customer raises", "customers raise"),
        if crate::headline::profit_known(p) {
            format!("together they make {} of profit", m(flagged.2))
        } else {
            "their profit is not known (no costs given)".to_string()
        }
    );
    let rows: Vec<(String, f64, &str, String)> = FlagKind::ALL
        .iter()
        .map(|k| {
            let (c, _, pr) = group(p, |g| g.flags.iter().any(|f| f.kind == *k));
            (
                k.name().to_string(),
                c as f64,
                colour::LOSER,
                format!(
                    "{c} customers, profit {}",
                    crate::headline::profit_text(p, pr)
                ),
            )
        })
        .collect();
    o.push(&bars(
        "flags",
        "Customers per red flag",
        "Number of customers raising each red flag, with their profit.",
        &rows,
    ));
    let urgent: Vec<&GradedCustomer> = view
        .needing_action
        .iter()
        .map(|&i| &p.customers[i])
        .collect();
    crate::markup::html!(o, "<table><tr><th>customer</th><th>action</th><th>why</th><th>flags and evidence</th><th class=\"n\">revenue</th></tr>");
    for g in urgent.iter().take(30) {
        let evidence: Vec<String> = g
            .flags
            .iter()
            .map(|f| format!("{}: {}", f.kind.name(), f.evidence))
            .collect();
        // the reason without its list of flags (the next column has them
        // with their evidence), with what to fix first
        let why = match g.action_reason.fix() {
            Some(fix) => format!("{}; {fix}", g.action_reason.main()),
            None => g.action_reason.main().to_string(),
        };
        crate::markup::html!(
            o,
            "<tr><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
            short(id(g), ID_CHARS),
            short(g.facts.name.as_deref().unwrap_or(""), NAME_CHARS),
            g.action.name(),
            short(&why, TEXT_CHARS),
            short(&evidence.join("; "), TEXT_CHARS),
            m(g.characteristics.revenue)
        );
    }
    crate::markup::html!(o, "</table><p class=\"muted\">{} customers need action in all; the 30 with the most revenue are listed; actions.csv has every one.</p></section>", urgent.len());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::report_html;
    use crate::RunInfo;
    use clientgrade_core::flags::Flag;
    use clientgrade_core::Money;
    use clientgrade_core::{
        grade, ActionReason, AnalysisWindow, Coverage, CustomerFacts, CustomerId, Date, Settings,
    };

    fn loser(id: &str, loss: i64) -> CustomerFacts {
        CustomerFacts {
            id: Some(CustomerId::new(id)),
            revenue: Money::from_units(1_000 + loss),
            cost_of_goods: Money::from_units(1_000 + 2 * loss),
            first_purchase: Date::from_ymd(2023, 1, 5),
            last_purchase: Date::from_ymd(2025, 11, 5),
            ..CustomerFacts::default()
        }
    }

    #[test]
    fn the_action_list_shows_the_reason_and_its_fix_from_the_parts_not_the_flags() {
        let facts: Vec<CustomerFacts> = (0..5).map(|i| loser(&format!("L{i}"), 100 + i)).collect();
        let w = AnalysisWindow::new(Date::from_ymd(2025, 12, 31).unwrap(), 12);
        let c = Coverage {
            cost_of_goods: true,
            ..Coverage::default()
        };
        let mut p = grade(facts, c, &Settings::default(), w);
        let g = &mut p.customers[0];
        g.flags = vec![Flag {
            kind: FlagKind::Returns,
            evidence: "returns 40% of its orders".into(),
        }];
        g.action_reason = ActionReason::new(
            "the main reason".into(),
            vec![FlagKind::Returns],
            Some("fix: agree return terms".into()),
        );
        assert_eq!(
            g.action_reason.text(),
            "the main reason; flags: returns a lot; fix: agree return terms"
        );
        let run = RunInfo {
            tables: &[],
            as_of_source: clientgrade_data::AsOfSource::Given,
            listed_without_activity: 0,
            notes: &[],
            lifetime_not_fitted: None,
        };
        let html = report_html(&run, &p);
        assert!(
            html.contains("<td>the main reason; fix: agree return terms</td><td>returns a lot: returns 40% of its orders</td>"),
            "{}",
            &html[html.find("the main reason").unwrap_or(0)..][..300]
        );
    }
}

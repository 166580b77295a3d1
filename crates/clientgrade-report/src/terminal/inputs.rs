//! What was read, the rules applied to each table and the decisions the data needs, as terminal lines.

use std::fmt::Write;

use crate::format::{more_line, LIST_ITEMS};
use crate::text::{shown, NAME_CHARS};
use clientgrade_data::TableStats;

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

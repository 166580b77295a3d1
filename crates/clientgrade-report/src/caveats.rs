//! What keeps the figures from being trusted: decisions not taken (the figures are biased), a material share of rejected rows (incomplete), and rejected rows rejects.csv could not list.

use clientgrade_data::{TableStats, Warning};
use serde_json::{json, Value as Json};

use crate::format::{pct, thousands};

/// Rejected rows above this share of a table's rows make the figures incomplete.
pub const MATERIAL_REJECTS: f64 = 0.01;

/// Reasons of rejected rows named at most in a message.
const REASONS_SHOWN: usize = 3;

/// The caveats of a run.
#[derive(Clone, Debug)]
pub struct Caveats<'a> {
    /// Decisions the data needs: until taken, the figures are biased.
    pub decisions: Vec<(&'a TableStats, &'a Warning)>,
    /// One sentence per table whose rejected rows are a material share.
    pub incomplete: Vec<String>,
}

impl Caveats<'_> {
    /// Whether some decision is not taken.
    pub fn biased(&self) -> bool {
        !self.decisions.is_empty()
    }

    /// Whether there is nothing to warn about.
    pub fn is_empty(&self) -> bool {
        self.decisions.is_empty() && self.incomplete.is_empty()
    }

    /// The `figures` part of `summary.json`.
    pub fn json(&self) -> Json {
        json!({
            "biased_until_decided": self.biased(),
            "decisions": self.decisions.iter().map(|(t, w)| json!({
                "table": t.table.name(), "kind": w.kind, "message": w.message, "fix": w.fix,
            })).collect::<Vec<_>>(),
            "incomplete": !self.incomplete.is_empty(),
            "incomplete_reasons": self.incomplete,
            "material_rejected_share": MATERIAL_REJECTS,
        })
    }

    /// The headline of the biased warning: `the figures are biased until
    /// you decide 1 thing`.
    pub fn biased_headline(&self) -> String {
        let n = self.decisions.len();
        format!(
            "The figures are biased until you decide {} {}: {}",
            thousands(n as u64),
            if n == 1 { "thing" } else { "things" },
            "every figure below counts the rows as they are read; set the key named in each fix and run again"
        )
    }
}

/// The caveats of the tables read.
pub fn caveats(tables: &[TableStats]) -> Caveats<'_> {
    let decisions = tables
        .iter()
        .flat_map(|t| t.warnings.iter().map(move |w| (t, w)))
        .collect();
    let incomplete = tables
        .iter()
        .filter(|t| t.read > 0 && t.rejected as f64 > MATERIAL_REJECTS * t.read as f64)
        .map(|t| {
            let mut reasons: Vec<(&String, &u64)> = t.reasons.iter().collect();
            reasons.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
            let mut named: Vec<String> = reasons
                .iter()
                .take(REASONS_SHOWN)
                .map(|(k, v)| format!("{}: {}", crate::text::shorten(k, 80), thousands(**v)))
                .collect();
            if reasons.len() > REASONS_SHOWN {
                named.push(format!("{} more reasons", reasons.len() - REASONS_SHOWN));
            }
            format!(
                "{} of the {} rows of the {} table ({}) were rejected ({}): the figures leave \
                 them out; rejects.csv lists them with their line, fix them and run again",
                thousands(t.rejected),
                thousands(t.read),
                t.table.name(),
                pct(t.rejected as f64 / t.read as f64),
                named.join(", ")
            )
        })
        .collect();
    Caveats {
        decisions,
        incomplete,
    }
}

/// Rejected rows of `t` listed in rejects.csv, and those only counted.
pub(crate) fn rejects_listed(t: &TableStats) -> (u64, u64) {
    let listed = (t.rejects.len() as u64).min(t.rejected);
    (listed, t.rejected - listed)
}

/// One note per table whose rejected rows are not all listed in rejects.csv.
pub(crate) fn rejects_notes(tables: &[TableStats]) -> Vec<String> {
    tables
        .iter()
        .filter_map(|t| {
            let (listed, left_out) = rejects_listed(t);
            (left_out > 0).then(|| {
                format!(
                    "rejects.csv lists the first {} of the {} rejected rows of {}; the other {} \
                     are counted by reason only (at most {} rejected rows per table are kept, so \
                     that memory stays bounded): fix the causes of the first ones and run again",
                    thousands(listed),
                    thousands(t.rejected),
                    t.table.name(),
                    thousands(left_out),
                    thousands(clientgrade_data::KEPT_REJECTS as u64),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clientgrade_data::{Reject, TableKind};

    #[test]
    fn a_material_share_of_rejected_rows_makes_the_figures_incomplete() {
        let mut t = TableStats::new(TableKind::Transactions, "sales.csv".into());
        t.read = 308;
        for line in 0..103 {
            t.reject(Reject {
                line,
                column: "date",
                reason: "bad date".into(),
                value: "2025-04-03".into(),
            });
        }
        t.used = 205;
        let c = caveats(std::slice::from_ref(&t));
        assert!(!c.biased());
        assert_eq!(
            c.incomplete,
            vec!["103 of the 308 rows of the transactions table (33.4%) were rejected (bad date: 103): the figures leave them out; rejects.csv lists them with their line, fix them and run again"]
        );
        assert_eq!(c.json()["incomplete"], true);
        // one bad row in a thousand is not material
        t.read = 103 * 100;
        assert!(caveats(std::slice::from_ref(&t)).incomplete.is_empty());
    }

    #[test]
    fn a_decision_not_taken_makes_the_figures_biased() {
        let mut t = TableStats::new(TableKind::Transactions, "orders.csv".into());
        t.warnings.push(Warning {
            kind: "status-not-applied",
            message: "the column `order_status` says cancelled (3262 rows), and these rows are counted as sales".into(),
            fix: "set [transactions.columns] status = \"order_status\"".into(),
        });
        let c = caveats(std::slice::from_ref(&t));
        assert!(c.biased());
        assert!(c
            .biased_headline()
            .starts_with("The figures are biased until you decide 1 thing:"));
        let j = c.json();
        assert_eq!(j["biased_until_decided"], true);
        assert_eq!(j["decisions"][0]["kind"], "status-not-applied");
    }
}

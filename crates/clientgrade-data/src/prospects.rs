//! The prospects table: a prospect id, perhaps a name, and attributes matched by name to the customers' attribute columns.

use std::collections::HashMap;

use clientgrade_core::{CustomerId, Prospect, ProspectTable};

use crate::config::SourceSpec;
use crate::reader::{read_table, Outcome, Progress};
use crate::reject::{Reject, TableStats};
use crate::schema::{normalize, prospects, TableKind};
use crate::{DataError, Result};

fn quoted(names: &[String]) -> String {
    if names.is_empty() {
        return "none".into();
    }
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// For each prospect column, the customers' attribute it matches: the same
/// name in any case, else the same letters and digits (`Years trading` ↔
/// `years_trading`); each customer attribute taken once.
fn match_columns(
    prospect_columns: &[String],
    customer_attributes: &[String],
) -> Vec<Option<usize>> {
    let mut taken = vec![false; customer_attributes.len()];
    let mut out = vec![None; prospect_columns.len()];
    for pass in 0..2 {
        for (p, col) in prospect_columns.iter().enumerate() {
            if out[p].is_some() {
                continue;
            }
            let found = customer_attributes.iter().enumerate().position(|(c, a)| {
                !taken[c]
                    && if pass == 0 {
                        a.trim().eq_ignore_ascii_case(col.trim())
                    } else {
                        !normalize(a).is_empty() && normalize(a) == normalize(col)
                    }
            });
            if let Some(c) = found {
                taken[c] = true;
                out[p] = Some(c);
            }
        }
    }
    out
}

/// Read the prospects file and match its attribute columns to the
/// customers' (`customer_attributes`, their column names). A row without a
/// prospect id, or repeating one, is a counted reject; a file none of whose
/// columns is a customer attribute stops with both lists.
pub fn read_prospects(
    spec: &SourceSpec,
    customer_attributes: &[String],
    progress: &dyn Progress,
) -> Result<(ProspectTable, TableStats)> {
    let mut stats = TableStats::new(spec.table, spec.path.clone());
    let mut first_line: HashMap<String, u64, crate::hash::FoldBuild> = HashMap::default();
    let mut rows: Vec<(String, Option<String>, Vec<Option<String>>)> = Vec::new();
    read_table(spec, progress, &mut stats, &mut |row, line| {
        let Some(id) = crate::row::cell_text(row[prospects::PROSPECT_ID]) else {
            return Outcome::Rejected(Reject {
                line,
                column: "prospect-id",
                reason: "missing prospect id".into(),
                value: String::new(),
            });
        };
        if let Some(first) = first_line.get(&id) {
            return Outcome::Rejected(Reject {
                line,
                column: "prospect-id",
                reason: "duplicate prospect id".into(),
                value: format!("first listed on line {first}"),
            });
        }
        first_line.insert(id.clone(), line);
        rows.push((
            id,
            crate::row::cell_text(row[prospects::NAME]),
            row[TableKind::Prospects.columns().len()..]
                .iter()
                .map(|v| crate::row::cell_text(*v))
                .collect(),
        ));
        Outcome::Used
    })?;
    let columns = stats.extra_columns.clone();
    if customer_attributes.is_empty() {
        return Err(DataError::structure(
            &spec.path,
            format!(
                "prospects are scored by the customers' attributes, and the customers have none; \
                 give a customers table (--customers) with attribute columns such as industry or \
                 region, named like the prospects' columns ({})",
                quoted(&columns)
            ),
        ));
    }
    let matched = match_columns(&columns, customer_attributes);
    if matched.iter().all(Option::is_none) {
        return Err(DataError::structure(
            &spec.path,
            format!(
                "no column matches a customer attribute: the prospects have {}; the customers \
                 have {}; rename the prospects' columns to the customers' attribute names (case \
                 does not matter)",
                if columns.is_empty() {
                    "only the prospect id and name".to_string()
                } else {
                    quoted(&columns)
                },
                quoted(customer_attributes)
            ),
        ));
    }
    let mut attributes = Vec::new();
    let mut keep = Vec::new();
    let mut ignored = Vec::new();
    for (p, m) in matched.iter().enumerate() {
        match m {
            Some(c) => {
                attributes.push(customer_attributes[*c].clone());
                keep.push(p);
                if customer_attributes[*c] != columns[p] {
                    stats.detected.push(format!(
                        "`{}` read as the customers' `{}`",
                        columns[p], customer_attributes[*c]
                    ));
                }
            }
            None => ignored.push(columns[p].clone()),
        }
    }
    if !ignored.is_empty() {
        stats.detected.push(format!(
            "not a customer attribute, not used: {}",
            ignored.join(", ")
        ));
    }
    let prospects = rows
        .into_iter()
        .map(|(id, name, values)| Prospect {
            id: CustomerId::new(&id),
            name,
            values: keep
                .iter()
                .map(|p| values.get(*p).cloned().flatten())
                .collect(),
        })
        .collect();
    // a material share of rejected prospects leaves the ranking incomplete:
    // a decision, as for every other table
    crate::warnings::ask_rejected_share(&mut stats, spec.rules.max_rejected_share);
    Ok((
        ProspectTable {
            attributes,
            prospects,
        },
        stats,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn columns_match_by_name_in_any_case_then_by_letters() {
        let m = match_columns(
            &s(&["Industry", "Years trading", "colour", "REGION"]),
            &s(&["industry", "region", "years_trading"]),
        );
        assert_eq!(m, [Some(0), Some(2), None, Some(1)]);
        // an exact match wins over a looser one met first
        let m = match_columns(
            &s(&["years-trading", "Years_Trading"]),
            &s(&["years_trading"]),
        );
        assert_eq!(m, [None, Some(0)]);
    }
}

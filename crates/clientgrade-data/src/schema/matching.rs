//! A header matched to the contract: normalised names, aliases and explicit names, missing and ambiguous columns.

use super::{ColumnSpec, TableKind};

/// A header name reduced to lowercase letters and digits, for matching.
pub fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Which source column feeds each contract column of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    /// For each [`ColumnSpec`] of the table, the source column's position.
    pub positions: Vec<Option<usize>>,
}

/// Map a table's header to its contract columns.
///
/// `explicit` holds `(key, header)` pairs from the config file; the other
/// columns are found through their aliases. Returns the structural error
/// message when a required column is missing or an explicit name is absent.
pub fn map_columns(
    table: TableKind,
    headers: &[String],
    explicit: &[(String, String)],
) -> Result<Mapping, String> {
    let specs = table.columns();
    let mut positions = vec![None; specs.len()];
    let mut taken = vec![false; headers.len()];
    // keys mapped by position (`amount = "#4"`): two columns of one name
    let mut by_position = vec![false; specs.len()];
    for (key, header) in explicit {
        let Some(i) = table.column_index(key) else {
            return Err(format!(
                "[{table}.columns] has no key `{key}`; valid keys: {}",
                key_list(table)
            ));
        };
        let position = header
            .trim()
            .strip_prefix('#')
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|n| (1..=headers.len()).contains(n))
            .map(|n| n - 1);
        let found = headers
            .iter()
            .position(|h| h == header)
            .or_else(|| position.inspect(|_| by_position[i] = true))
            .or_else(|| {
                headers
                    .iter()
                    .position(|h| h.trim().eq_ignore_ascii_case(header.trim()))
            });
        match found {
            Some(p) => {
                positions[i] = Some(p);
                taken[p] = true;
            }
            None => {
                return Err(format!(
                    "the config maps {key} to column `{header}`, which this file does not have; \
                     columns found: {}",
                    header_list(headers)
                ))
            }
        }
    }
    let normalized: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    for (i, spec) in specs.iter().enumerate() {
        if positions[i].is_some() {
            continue;
        }
        'aliases: for alias in spec.aliases {
            for (p, n) in normalized.iter().enumerate() {
                if !taken[p] && n == alias {
                    positions[i] = Some(p);
                    taken[p] = true;
                    break 'aliases;
                }
            }
        }
    }
    for (i, spec) in specs.iter().enumerate() {
        if by_position[i] {
            continue;
        }
        if let Some(p) = positions[i] {
            let exact = explicit
                .iter()
                .any(|(k, h)| k == spec.key && headers[p] == *h);
            ambiguous(table, spec, headers, &normalized, p, exact, &positions)?;
        }
    }
    let missing = missing_roles(table, &positions);
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
        let fixes: Vec<String> = missing
            .iter()
            .map(|k| format!("{k} = \"<column name>\""))
            .collect();
        let (what, them) = if missing.len() == 1 {
            ("no column for", "the column")
        } else {
            ("no columns for", "them")
        };
        return Err(format!(
            "{what} {} (required in {table}); columns found: {}; name {them} in the config: \
             [{table}.columns] {}",
            and_list(&names),
            header_list(headers),
            and_list(&fixes)
        ));
    }
    Ok(Mapping { positions })
}

/// The error when the column at `p`, chosen for `spec`, cannot be told
/// apart from another: same name (trimmed, any case), or for a column found
/// by its alias the same normalised name. `exact`: the config named it
/// exactly, so only an identical name is ambiguous. Columns in `positions`
/// (mapped to another contract column) do not count.
fn ambiguous(
    table: TableKind,
    spec: &ColumnSpec,
    headers: &[String],
    normalized: &[String],
    p: usize,
    exact: bool,
    positions: &[Option<usize>],
) -> Result<(), String> {
    let same = |q: usize| {
        if exact {
            headers[q] == headers[p]
        } else {
            headers[q].trim().eq_ignore_ascii_case(headers[p].trim())
                || normalized[q] == normalized[p]
        }
    };
    // a twin the config gave to another column is settled
    let Some(q) = (0..headers.len()).find(|&q| q != p && same(q) && !positions.contains(&Some(q)))
    else {
        return Ok(());
    };
    let (a, b) = (p.min(q), p.max(q));
    let what = spec.key.replace('-', " ");
    if headers[a] == headers[b] {
        Err(format!(
            "columns {} and {} are both named `{}`, so the {what} column is ambiguous; map \
             it by position: [{table}.columns] {} = \"#{}\" (or \"#{}\"), or rename one of \
             them in the file",
            a + 1,
            b + 1,
            headers[a],
            spec.key,
            a + 1,
            b + 1
        ))
    } else {
        Err(format!(
            "columns {} (`{}`) and {} (`{}`) could both be the {what} column; name the one to \
             use in the config: [{table}.columns] {} = \"{}\"",
            a + 1,
            headers[a],
            b + 1,
            headers[b],
            spec.key,
            headers[p]
        ))
    }
}

/// Pairs of columns (positions) with the same name, trimmed and in any
/// case, neither of them mapped: worth a note, not an error.
pub(crate) fn unused_duplicates(headers: &[String], mapping: &Mapping) -> Vec<(usize, usize)> {
    let used = |p: usize| mapping.positions.contains(&Some(p));
    let mut pairs = Vec::new();
    for a in 0..headers.len() {
        let name = headers[a].trim();
        if name.is_empty() || used(a) {
            continue;
        }
        let earlier = (0..a).any(|e| headers[e].trim().eq_ignore_ascii_case(name));
        if earlier {
            continue;
        }
        if let Some(b) = (a + 1..headers.len())
            .find(|&b| !used(b) && headers[b].trim().eq_ignore_ascii_case(name))
        {
            pairs.push((a, b));
        }
    }
    pairs
}

/// The required roles no column was found for, all of them at once. The
/// transactions' amount may instead come from `converted-amount` or from
/// `quantity` × `unit-price`.
fn missing_roles(table: TableKind, positions: &[Option<usize>]) -> Vec<&'static str> {
    let specs = table.columns();
    let has = |key: &str| {
        table
            .column_index(key)
            .is_some_and(|i| positions[i].is_some())
    };
    let mut missing: Vec<&'static str> = specs
        .iter()
        .enumerate()
        .filter(|(i, s)| s.required && positions[*i].is_none())
        .map(|(_, s)| s.key)
        .collect();
    if table == TableKind::Transactions
        && !has("amount")
        && !has("converted-amount")
        && !has("unit-price")
    {
        missing.push("amount");
    }
    missing.sort_by_key(|k| table.column_index(k));
    missing
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn header_list(headers: &[String]) -> String {
    if headers.is_empty() {
        return "none".into();
    }
    headers
        .iter()
        .map(|h| format!("`{h}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn key_list(table: TableKind) -> String {
    table
        .columns()
        .iter()
        .map(|c| c.key)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn common_names_are_detected() {
        let m = map_columns(
            TableKind::Transactions,
            &h(&[
                "Invoice Date",
                "Customer ID",
                "Net Amount",
                "COGS",
                "Invoice No",
            ]),
            &[],
        )
        .unwrap();
        assert_eq!(
            m.positions,
            [
                vec![Some(1), Some(0), Some(2), Some(3), None, Some(4), None],
                vec![None; 10]
            ]
            .concat()
        );
    }

    #[test]
    fn a_column_named_twice_for_a_role_is_an_error_naming_both_positions() {
        let e = map_columns(
            TableKind::Transactions,
            &h(&["customer_id", "date", "Amount", "note", " Amount "]),
            &[],
        );
        assert_eq!(
            e.unwrap_err(),
            "columns 3 (`Amount`) and 5 (` Amount `) could both be the amount column; name the \
             one to use in the config: [transactions.columns] amount = \"Amount\""
        );
        // names that only normalise alike are as ambiguous for detection
        let e = map_columns(
            TableKind::Transactions,
            &h(&["Customer ID", "date", "amount", "customer_id"]),
            &[],
        );
        assert_eq!(
            e.unwrap_err(),
            "columns 1 (`Customer ID`) and 4 (`customer_id`) could both be the customer id \
             column; name the one to use in the config: [transactions.columns] customer-id = \
             \"Customer ID\""
        );
        // the config's exact name settles it; identical names cannot be settled
        let explicit = [("amount".to_string(), "Amount".to_string())];
        let m = map_columns(
            TableKind::Transactions,
            &h(&["customer_id", "date", "Amount", "amount"]),
            &explicit,
        )
        .unwrap();
        assert_eq!(m.positions[2], Some(2));
        let e = map_columns(
            TableKind::Transactions,
            &h(&["customer_id", "Amount", "date", "Amount"]),
            &explicit,
        );
        assert_eq!(
            e.unwrap_err(),
            "columns 2 and 4 are both named `Amount`, so the amount column is ambiguous; map it \
             by position: [transactions.columns] amount = \"#2\" (or \"#4\"), or rename one of \
             them in the file"
        );
        // mapped by position: the second `Amount` (audit: gross first, net second)
        let explicit = vec![("amount".to_string(), "#4".to_string())];
        let m = map_columns(
            TableKind::Transactions,
            &h(&["customer_id", "Amount", "date", "Amount"]),
            &explicit,
        )
        .unwrap();
        let amount = TableKind::Transactions.column_index("amount").unwrap();
        assert_eq!(m.positions[amount], Some(3));
    }

    #[test]
    fn unused_duplicate_names_are_found_for_a_note() {
        let headers = h(&[
            "customer_id",
            "date",
            "amount",
            "Note",
            "x",
            "note",
            "NOTE",
            "",
            "",
        ]);
        let m = map_columns(TableKind::Transactions, &headers, &[]).unwrap();
        assert_eq!(unused_duplicates(&headers, &m), vec![(3, 5)]);
    }

    #[test]
    fn every_missing_role_is_named_in_one_message() {
        let m = map_columns(TableKind::Transactions, &h(&["a", "b"]), &[]);
        assert_eq!(
            m.unwrap_err(),
            "no columns for `customer-id`, `date` and `amount` (required in transactions); \
             columns found: `a`, `b`; name them in the config: [transactions.columns] \
             customer-id = \"<column name>\", date = \"<column name>\" and amount = \"<column name>\""
        );
        // the amount may come from quantity × unit price
        assert!(map_columns(
            TableKind::Transactions,
            &h(&["customer", "date", "qty", "unit price"]),
            &[]
        )
        .is_ok());
    }

    #[test]
    fn explicit_mapping_wins_and_missing_required_names_the_fix() {
        let m = map_columns(
            TableKind::Transactions,
            &h(&["kd", "tag", "eur"]),
            &[
                ("customer-id".into(), "kd".into()),
                ("date".into(), "tag".into()),
            ],
        );
        assert_eq!(
            m.unwrap_err(),
            "no column for `amount` (required in transactions); columns found: `kd`, `tag`, `eur`; \
             name the column in the config: [transactions.columns] amount = \"<column name>\""
        );
    }
}

//! prospects.csv: every prospect in rank order with its score, reasons and attributes.

use crate::Result;
use clientgrade_core::{Portfolio, Value, ValueKind};
use clientgrade_data::{Column, CsvTableWriter, Staged, TableWriter};
use std::path::Path;

/// Write `prospects.csv`: every prospect in rank order with its score,
/// rank, reasons and attributes. Nothing without a prospects file.
pub fn write_prospects_csv(path: &Path, p: &Portfolio) -> Result<()> {
    if let Some(staged) = stage_prospects_csv(path, p)? {
        staged.commit()?;
    }
    Ok(())
}

/// prospects.csv completed under a temporary name beside `path` (written
/// for spreadsheets: formula-like text neutralised), or nothing when no
/// prospects were scored.
pub(crate) fn stage_prospects_csv(path: &Path, p: &Portfolio) -> Result<Option<Staged>> {
    let Some(pr) = &p.profile else {
        return Ok(None);
    };
    let Some(t) = &pr.prospect_table else {
        return Ok(None);
    };
    let named = t.prospects.iter().any(|x| x.name.is_some());
    let mut cols = vec![Column::new("prospect_id", ValueKind::Text)];
    if named {
        cols.push(Column::new("name", ValueKind::Text));
    }
    for (n, k) in [
        ("score", ValueKind::Float),
        ("rank", ValueKind::Int),
        ("reasons", ValueKind::Text),
    ] {
        cols.push(Column::new(n, k));
    }
    for a in &t.attributes {
        let taken = ["prospect_id", "name", "score", "rank", "reasons"]
            .iter()
            .any(|c| c.eq_ignore_ascii_case(a));
        cols.push(Column::new(
            if taken {
                format!("attribute_{a}")
            } else {
                a.clone()
            },
            ValueKind::Text,
        ));
    }
    let mut w = CsvTableWriter::for_spreadsheets(path, &cols)?;
    for ps in &pr.prospects {
        let x = &t.prospects[ps.position];
        let mut row = vec![Value::Text(x.id.expose())];
        if named {
            row.push(x.name.as_deref().map_or(Value::Null, Value::Text));
        }
        row.push(Value::Float((ps.score * 1e6).round() / 1e6 + 0.0));
        row.push(Value::Int(ps.rank as i64));
        row.push(Value::Text(&ps.reasons));
        for v in &x.values {
            row.push(v.as_deref().map_or(Value::Null, Value::Text));
        }
        w.write_row(&row)?;
    }
    Ok(Some(Box::new(w).stage()?))
}

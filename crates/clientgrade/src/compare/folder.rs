//! Reading a result folder of `analyze` back: summary.json and the customers.csv columns compare needs, every unreadable row said.

use std::collections::BTreeSet;
use std::path::Path;

use clientgrade_core::movement::{is_key_rank, Snapshot};
use clientgrade_core::{CustomerId, Date, Money, Status, Tier};
use clientgrade_report::movement::FORMAT_VERSION;
use serde_json::Value as Json;

use super::input;
use crate::Error;

/// One result folder, read back.
pub(super) struct Side {
    /// The folder as the user gave it.
    pub(super) shown: String,
    /// Its summary.json.
    pub(super) summary: Json,
    /// Its as-of date.
    pub(super) as_of: Date,
    /// Its customers, as compare needs them.
    pub(super) customers: Vec<Snapshot>,
    /// Rows that could not be read, with line and reason.
    pub(super) unreadable: Vec<String>,
    /// Customer ids seen more than once (the first row of each is kept).
    pub(super) duplicates: u64,
}

/// Read `dir/summary.json` and `dir/customers.csv`.
pub(super) fn read_side(dir: &Path, which: &str) -> Result<Side, Error> {
    let shown = dir.display().to_string();
    if !dir.is_dir() {
        return Err(input(format!(
            "{which} folder {shown}: not found; give a folder written by `clientgrade analyze --out`"
        )));
    }
    let path = dir.join("summary.json");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        input(format!(
            "{}: cannot read it ({e}); {which} must be a folder written by `clientgrade analyze --out`",
            path.display()
        ))
    })?;
    let summary: Json = serde_json::from_str(&text).map_err(|e| {
        input(format!(
            "{}: not a clientgrade summary (line {}: {e}); {which} must be a folder written by \
             `clientgrade analyze --out`",
            path.display(),
            e.line()
        ))
    })?;
    let version = summary["clientgrade_version"].as_str().map_or_else(
        || "an older clientgrade".to_string(),
        |v| format!("clientgrade {v}"),
    );
    match summary["format_version"].as_u64() {
        Some(v) if v == u64::from(FORMAT_VERSION) => {}
        Some(v) => {
            return Err(input(format!(
                "{}: results of format {v} (written by {version}), but this clientgrade ({}) \
                 compares format {FORMAT_VERSION}: run `clientgrade analyze` on that data again \
                 with this version",
                path.display(),
                env!("CARGO_PKG_VERSION")
            )))
        }
        None => {
            return Err(input(format!(
                "{}: written by {version} before result folders had a format version, so its \
                 customers.csv lacks what compare needs (last contact, usual interval) and its \
                 settings are not recorded; run `clientgrade analyze` on that data again with \
                 this version ({})",
                path.display(),
                env!("CARGO_PKG_VERSION")
            )))
        }
    }
    let as_of = summary["as_of"]
        .as_str()
        .and_then(Date::parse_iso)
        .ok_or_else(|| input(format!("{}: no as_of date", path.display())))?;
    let (customers, unreadable, duplicates) = read_customers(&dir.join("customers.csv"))?;
    Ok(Side {
        shown,
        summary,
        as_of,
        customers,
        unreadable,
        duplicates,
    })
}

/// The columns compare reads from customers.csv.
const NEEDED: [&str; 21] = [
    "customer_id",
    "name",
    "account_manager",
    "status",
    "tier",
    "action",
    "action_reason",
    "key_rank",
    "revenue",
    "profit",
    "profit_margin",
    "service_hours",
    "orders",
    "growth",
    "first_purchase",
    "last_purchase",
    "complaints_open",
    "last_contact",
    "usual_gap_days",
    "p_alive",
    "growth_high",
];

/// The raw text of a spreadsheet-safe cell: one leading `'` before a
/// formula-like start is taken off again (docs/outputs.md).
fn raw_text(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => s,
    }
}

/// An exact decimal (`-1234.5`, up to four decimals) as money.
fn parse_money(s: &str) -> Option<Money> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.is_empty()
        || frac.len() > 4
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut raw: i64 = int.parse::<i64>().ok()?.checked_mul(10_000)?;
    let f = format!("{frac:0<4}");
    raw = raw.checked_add(f.parse::<i64>().ok()?)?;
    Some(Money::from_raw(if neg { -raw } else { raw }))
}

type Customers = (Vec<Snapshot>, Vec<String>, u64);

fn read_customers(path: &Path) -> Result<Customers, Error> {
    let mut r = csv::Reader::from_path(path).map_err(|e| {
        input(format!(
            "{}: cannot read it ({e}); the folder must hold the customers.csv of `clientgrade analyze`",
            path.display()
        ))
    })?;
    let headers = r
        .headers()
        .map_err(|e| input(format!("{}: cannot read its header ({e})", path.display())))?
        .clone();
    let mut at = [0usize; NEEDED.len()];
    for (k, name) in NEEDED.iter().enumerate() {
        at[k] = headers.iter().position(|h| h == *name).ok_or_else(|| {
            input(format!(
                "{}: no column `{name}`; compare needs the customers.csv that `clientgrade \
                 analyze` writes, unchanged",
                path.display()
            ))
        })?;
    }
    // every row is read, or said: a row that is not valid CSV or UTF-8 is
    // listed with its line like a row with a bad value
    let mut rows: Vec<(u64, csv::StringRecord)> = Vec::new();
    let mut bad = Vec::new();
    for rec in r.records() {
        match rec {
            Ok(rec) => rows.push((rec.position().map_or(0, |p| p.line()), rec)),
            Err(e) => bad.push((
                e.position().map_or(0, |p| p.line()),
                match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "not valid UTF-8".to_string(),
                    csv::ErrorKind::UnequalLengths { .. } => {
                        "not as many fields as the header".to_string()
                    }
                    _ => "not readable as CSV".to_string(),
                },
            )),
        }
    }
    let n = rows.len();
    let mut out = Vec::with_capacity(n);
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut duplicates = 0;
    for (line, rec) in &rows {
        match snapshot(rec, &at, n) {
            Ok(s) => {
                if seen.insert(s.id.expose().to_string()) {
                    out.push(s);
                } else {
                    duplicates += 1;
                }
            }
            Err(why) => bad.push((*line, why)),
        }
    }
    bad.sort();
    let bad = bad
        .into_iter()
        .map(|(line, why)| format!("line {line}: {why}"))
        .collect();
    Ok((out, bad, duplicates))
}

fn snapshot(
    rec: &csv::StringRecord,
    at: &[usize; NEEDED.len()],
    n: usize,
) -> Result<Snapshot, String> {
    let cell = |k: usize| rec.get(at[k]).unwrap_or("");
    let text = |k: usize| {
        let v = raw_text(cell(k));
        (!v.is_empty()).then(|| v.to_string())
    };
    let bad = |k: usize| format!("`{}` in column {}", cell(k), NEEDED[k]);
    let num = |k: usize| -> Result<Option<f64>, String> {
        let v = cell(k);
        if v.is_empty() {
            return Ok(None);
        }
        v.parse::<f64>().map(Some).map_err(|_| bad(k))
    };
    let money = |k: usize| -> Result<Option<Money>, String> {
        let v = cell(k);
        if v.is_empty() {
            return Ok(None);
        }
        parse_money(v).map(Some).ok_or_else(|| bad(k))
    };
    let date = |k: usize| -> Result<Option<Date>, String> {
        let v = cell(k);
        if v.is_empty() {
            return Ok(None);
        }
        Date::parse_iso(v).map(Some).ok_or_else(|| bad(k))
    };
    let id = text(0).ok_or_else(|| "no customer id".to_string())?;
    let status = Status::ALL
        .into_iter()
        .find(|s| s.name() == cell(3))
        .ok_or_else(|| bad(3))?;
    let tier = match num(4)? {
        None => None,
        Some(t) => Some(
            Tier::ALL
                .into_iter()
                .find(|x| f64::from(x.number()) == t)
                .ok_or_else(|| bad(4))?,
        ),
    };
    let rank = num(7)?.ok_or_else(|| bad(7))?;
    Ok(Snapshot {
        id: CustomerId::new(&id),
        name: text(1),
        account_manager: text(2),
        status,
        tier,
        key: rank >= 1.0 && is_key_rank(rank as usize, n),
        revenue: money(8)?.ok_or_else(|| bad(8))?,
        profit: money(9)?,
        profit_margin: num(10)?,
        service_hours: num(11)?.unwrap_or(0.0),
        orders: num(12)?.unwrap_or(0.0) as u64,
        growth: num(13)?,
        growth_high: num(20)?,
        p_alive: num(19)?,
        first_purchase: date(14)?,
        last_purchase: date(15)?,
        last_contact: date(17)?,
        usual_gap_days: num(18)?,
        complaints_open: num(16)?.map(|v| v as u64),
        action: cell(5).to_string(),
        action_reason: raw_text(cell(6)).to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_read_back_exactly() {
        assert_eq!(parse_money("-1234.5"), Some(Money::from_raw(-12_345_000)));
        assert_eq!(parse_money("0.0001"), Some(Money::from_raw(1)));
        assert_eq!(parse_money("12"), Some(Money::from_units(12)));
        assert_eq!(parse_money("1e3"), None);
        assert_eq!(parse_money("1.23456"), None);
        assert_eq!(parse_money(""), None);
    }

    #[test]
    fn neutralised_cells_read_back_raw() {
        assert_eq!(raw_text("'=HYPERLINK(1)"), "=HYPERLINK(1)");
        assert_eq!(raw_text("'plain"), "'plain");
        assert_eq!(raw_text("-12.50"), "-12.50");
    }
}

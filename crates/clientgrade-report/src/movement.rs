//! Movement outputs: movement.csv, the `movement` block of summary.json, the terminal lines and the movement columns of actions.csv.

use std::collections::HashMap;
use std::fmt::Write;
use std::path::Path;

use clientgrade_core::evidence::percent;
use clientgrade_core::movement::{chance, Entry, Flow, Move, Movement, Origin, Snapshot, State};
use clientgrade_core::{Money, Value, ValueKind};
use clientgrade_data::{Column, CsvTableWriter, Staged, TableWriter};
use serde_json::{json, Value as Json};

use crate::format::thousands;
use crate::json_values::{money_json, share_json};
use crate::text::{shown, ID_CHARS};
use crate::Result;

/// Version of the layout of the result folder (`summary.json`,
/// `customers.csv`): `compare` reads only folders of this version.
pub const FORMAT_VERSION: u32 = 2;

fn tier_value(s: Option<&Snapshot>) -> Value<'static> {
    s.and_then(|s| s.tier)
        .map_or(Value::Null, |t| Value::Int(i64::from(t.number())))
}

fn status_value(s: Option<&Snapshot>) -> Value<'static> {
    s.map_or(Value::Null, |s| Value::Text(s.status.name()))
}

fn cents(m: Money) -> Value<'static> {
    Value::Money(m.round_to_cents())
}

fn ratio(v: Option<f64>) -> Value<'static> {
    match v {
        Some(x) if x.is_finite() => Value::Float((x * 1e6).round() / 1e6 + 0.0),
        _ => Value::Null,
    }
}

/// The columns of `movement.csv`.
pub const MOVEMENT_COLUMNS: &[(&str, ValueKind)] = &[
    ("customer_id", ValueKind::Text),
    ("name", ValueKind::Text),
    ("account_manager", ValueKind::Text),
    ("tier_before", ValueKind::Int),
    ("tier_after", ValueKind::Int),
    ("status_before", ValueKind::Text),
    ("status_after", ValueKind::Text),
    ("movement", ValueKind::Text),
    ("reason", ValueKind::Text),
    ("lists", ValueKind::Text),
    ("profit_at_stake", ValueKind::Money),
    ("revenue_before", ValueKind::Money),
    ("revenue_after", ValueKind::Money),
    ("profit_before", ValueKind::Money),
    ("profit_after", ValueKind::Money),
    ("p_alive_before", ValueKind::Float),
    ("p_alive_after", ValueKind::Float),
    ("attention", ValueKind::Text),
];

/// Write `movement.csv`: one row per customer on either side.
pub fn write_movement_csv(path: &Path, m: &Movement) -> Result<()> {
    Ok(stage_movement_csv(path, m)?.commit()?)
}

/// `movement.csv` completed under a temporary name beside `path`.
pub fn stage_movement_csv(path: &Path, m: &Movement) -> Result<Staged> {
    let cols: Vec<Column> = MOVEMENT_COLUMNS
        .iter()
        .map(|(n, k)| Column::new(*n, *k))
        .collect();
    let mut w = CsvTableWriter::for_spreadsheets(path, &cols)?;
    for e in &m.entries {
        let (b, a) = (e.before.as_ref(), e.after.as_ref());
        let s = e.latest();
        let lists = e.lists.names();
        let money_of = |s: Option<&Snapshot>, f: fn(&Snapshot) -> Option<Money>| {
            s.and_then(f).map_or(Value::Null, cents)
        };
        w.write_row(&[
            Value::Text(s.id.expose()),
            s.name.as_deref().map_or(Value::Null, Value::Text),
            s.account_manager
                .as_deref()
                .map_or(Value::Null, Value::Text),
            tier_value(b),
            tier_value(a),
            status_value(b),
            status_value(a),
            Value::Text(e.movement.name()),
            Value::Text(&e.reason),
            Value::Text(&lists),
            if e.lists.slipping {
                cents(e.at_stake)
            } else {
                Value::Null
            },
            money_of(b, |s| Some(s.revenue)),
            money_of(a, |s| Some(s.revenue)),
            money_of(b, |s| s.profit),
            money_of(a, |s| s.profit),
            ratio(b.and_then(|s| s.p_alive)),
            ratio(a.and_then(|s| s.p_alive)),
            e.attention.as_deref().map_or(Value::Null, Value::Text),
        ])?;
    }
    Ok(Box::new(w).stage()?)
}

/// Columns `actions.csv` gains when a comparison was made.
pub const ACTION_MOVEMENT_COLUMNS: &[(&str, ValueKind)] = &[
    ("movement", ValueKind::Text),
    ("movement_reason", ValueKind::Text),
    ("lists", ValueKind::Text),
    ("profit_at_stake", ValueKind::Money),
];

/// Each customer's entry by id.
pub fn entries_by_id(m: &Movement) -> HashMap<&str, &Entry> {
    m.entries.iter().map(|e| (e.id().expose(), e)).collect()
}

/// The movement cells of one `actions.csv` row (empty when the customer has
/// no entry); `lists` holds the list names, from [`Entry::lists`].
pub fn action_movement_values<'a>(e: Option<&'a Entry>, lists: &'a str) -> [Value<'a>; 4] {
    match e {
        None => [Value::Null, Value::Null, Value::Null, Value::Null],
        Some(e) => [
            Value::Text(e.movement.name()),
            Value::Text(&e.reason),
            Value::Text(lists),
            if e.lists.slipping {
                cents(e.at_stake)
            } else {
                Value::Null
            },
        ],
    }
}

/// `actions.csv` of a `compare`, completed under a temporary name: the
/// later side's customers with their action and movement, those on the
/// lists first (most at stake first).
pub fn stage_movement_actions_csv(path: &Path, m: &Movement) -> Result<Staged> {
    let mut cols: Vec<Column> = [
        ("customer_id", ValueKind::Text),
        ("name", ValueKind::Text),
        ("account_manager", ValueKind::Text),
        ("action", ValueKind::Text),
        ("action_reason", ValueKind::Text),
        ("status", ValueKind::Text),
        ("tier", ValueKind::Int),
        ("revenue", ValueKind::Money),
        ("profit", ValueKind::Money),
    ]
    .iter()
    .map(|(n, k)| Column::new(*n, *k))
    .collect();
    cols.extend(
        ACTION_MOVEMENT_COLUMNS
            .iter()
            .map(|(n, k)| Column::new(*n, *k)),
    );
    let mut w = CsvTableWriter::for_spreadsheets(path, &cols)?;
    let mut order: Vec<usize> = Vec::new();
    for list in [&m.slipping, &m.key_attention, &m.new_tier1, &m.won_back] {
        for &i in list {
            if !order.contains(&i) {
                order.push(i);
            }
        }
    }
    let listed: std::collections::HashSet<usize> = order.iter().copied().collect();
    order.extend((0..m.entries.len()).filter(|i| !listed.contains(i)));
    for i in order {
        let e = &m.entries[i];
        let Some(a) = &e.after else { continue };
        let lists = e.lists.names();
        let mut row = vec![
            Value::Text(a.id.expose()),
            a.name.as_deref().map_or(Value::Null, Value::Text),
            a.account_manager
                .as_deref()
                .map_or(Value::Null, Value::Text),
            Value::Text(&a.action),
            Value::Text(&a.action_reason),
            Value::Text(a.status.name()),
            tier_value(Some(a)),
            cents(a.revenue),
            a.profit.map_or(Value::Null, cents),
        ];
        row.extend(action_movement_values(Some(e), &lists));
        w.write_row(&row)?;
    }
    Ok(Box::new(w).stage()?)
}

fn flow_json(f: &Flow) -> serde_json::Map<String, Json> {
    let mut o = serde_json::Map::new();
    o.insert("customers".into(), json!(f.customers));
    o.insert("revenue_before".into(), money_json(f.revenue_before));
    o.insert("revenue_after".into(), money_json(f.revenue_after));
    o.insert("profit_before".into(), money_json(f.profit_before));
    o.insert("profit_after".into(), money_json(f.profit_after));
    o.insert(
        "profit_change".into(),
        money_json(f.profit_after - f.profit_before),
    );
    o
}

/// The profit lost by customers who moved down or stopped, and gained by
/// those who moved up, are new or came back: (lost, gained), both positive
/// when they go the way their name says.
pub fn profit_moved(m: &Movement) -> (Money, Money) {
    let f = |k: Move| m.moves[k as usize];
    let lost: Money = [Move::Down, Move::Lapsed, Move::Lost]
        .into_iter()
        .map(|k| f(k).profit_before - f(k).profit_after)
        .sum();
    let gained: Money = [Move::Up, Move::New, Move::WonBack]
        .into_iter()
        .map(|k| f(k).profit_after - f(k).profit_before)
        .sum();
    (lost, gained)
}

/// The `movement` block of `summary.json`.
pub fn movement_json(m: &Movement) -> Json {
    let states: Vec<&str> = State::ALL.iter().map(|s| s.name()).collect();
    let counts: Vec<Vec<u64>> = m
        .matrix
        .iter()
        .map(|row| row.iter().map(|f| f.customers).collect())
        .collect();
    let mut transitions = Vec::new();
    for (i, row) in m.matrix.iter().enumerate() {
        for (j, f) in row.iter().enumerate() {
            if f.customers > 0 {
                let mut o = flow_json(f);
                o.insert("from".into(), json!(State::ALL[i].name()));
                o.insert("to".into(), json!(State::ALL[j].name()));
                transitions.push(Json::Object(o));
            }
        }
    }
    let movements: Vec<Json> = Move::ALL
        .iter()
        .map(|&k| {
            let mut o = flow_json(&m.moves[k as usize]);
            o.insert("movement".into(), json!(k.name()));
            Json::Object(o)
        })
        .collect();
    let list =
        |v: &[usize], money: Money| json!({"customers": v.len(), "profit": money_json(money)});
    let after_profit = |v: &[usize]| -> Money {
        v.iter()
            .filter_map(|&i| m.entries[i].after.as_ref()?.profit)
            .sum()
    };
    let at_stake: Money = m.slipping.iter().map(|&i| m.entries[i].at_stake).sum();
    let (lost, gained) = profit_moved(m);
    json!({
        "before_as_of": m.before_as_of.to_string(),
        "after_as_of": m.after_as_of.to_string(),
        "window_months": m.window_months,
        "origin": match m.origin {
            Origin::SamePass => "the same data graded at both dates",
            Origin::Folders => "two result folders",
        },
        "customers_before": m.customers.0,
        "customers_after": m.customers.1,
        "states": states,
        "matrix": counts,
        "transitions": transitions,
        "movements": movements,
        "profit_lost": money_json(lost),
        "profit_gained": money_json(gained),
        "lists": {
            "slipping": {"customers": m.slipping.len(), "profit_at_stake": money_json(at_stake)},
            "new_tier1": list(&m.new_tier1, after_profit(&m.new_tier1)),
            "won_back": list(&m.won_back, after_profit(&m.won_back)),
            "key_attention": list(&m.key_attention, after_profit(&m.key_attention)),
        },
        "managers": m.managers.iter().map(|s| json!({
            "manager": s.manager,
            "customers": s.customers,
            "slipping": s.slipping,
            "profit_at_stake": money_json(s.at_stake),
            "profit_before": money_json(s.profit_before),
            "profit_after": money_json(s.profit_after),
            "revenue_after": money_json(s.revenue_after),
            "revenue_share_after": share_json(Some(s.revenue_share_after)),
        })).collect::<Vec<_>>(),
        "settings": {
            "p_alive_drop": m.settings.p_alive_drop,
            "no_contact_gaps": m.settings.no_contact_gaps,
        },
        "notes": m.notes,
    })
}

fn who(s: &Snapshot) -> String {
    format!(
        "{:<10} {:<26}",
        shown(s.id.expose(), ID_CHARS),
        shown(s.name.as_deref().unwrap_or(""), 26)
    )
}

/// The movement part of the terminal summary.
pub fn movement_lines(m: &Movement, top: usize) -> String {
    let mut s = String::new();
    let top = top.max(5);
    let _ = writeln!(
        s,
        "\nMovement from {} to {} ({}-month windows, the same rules)",
        m.before_as_of, m.after_as_of, m.window_months
    );
    // the matrix, rows and columns that hold anybody
    let used: Vec<usize> = (0..8)
        .filter(|&k| (0..8).any(|o| m.matrix[k][o].customers + m.matrix[o][k].customers > 0))
        .collect();
    let _ = write!(s, "  {:<16}", "before \\ after");
    for &j in &used {
        let _ = write!(s, "{:>9}", State::ALL[j].name());
    }
    s.push('\n');
    for &i in &used {
        let _ = write!(s, "  {:<16}", State::ALL[i].name());
        for &j in &used {
            let _ = write!(s, "{:>9}", thousands(m.matrix[i][j].customers));
        }
        s.push('\n');
    }
    let parts: Vec<String> = Move::ALL
        .iter()
        .filter(|k| m.moves[**k as usize].customers > 0)
        .map(|k| format!("{} {}", k.name(), thousands(m.moves[*k as usize].customers)))
        .collect();
    let _ = writeln!(s, "  {}", parts.join(", "));
    let (lost, gained) = profit_moved(m);
    let _ = writeln!(
        s,
        "  Yearly profit lost by customers who moved down or stopped: {}; gained from those who moved up, are new or came back: {}",
        lost.to_display_string(),
        gained.to_display_string()
    );
    let entry_line = |s: &mut String, e: &Entry, tail: String| {
        let _ = writeln!(s, "  {} {tail}", who(e.latest()));
    };
    if !m.slipping.is_empty() {
        let at_stake: Money = m.slipping.iter().map(|&i| m.entries[i].at_stake).sum();
        let _ = writeln!(
            s,
            "\nGood customers slipping away: {}, profit at stake {} (Tier 1–2 before, now Tier 3–4, stopped, {:.0}% or more of its profit gone beyond the noise of its orders, or P(alive) down {:.0} points or more; most at stake first)",
            thousands(m.slipping.len() as u64),
            at_stake.to_display_string(),
            m.settings.profit_drop * 100.0,
            m.settings.p_alive_drop * 100.0
        );
        for &i in m.slipping.iter().take(top) {
            let e = &m.entries[i];
            entry_line(
                &mut s,
                e,
                format!(
                    "at stake {:>12}  {}",
                    e.at_stake.to_display_string(),
                    e.reason
                ),
            );
        }
        more(
            &mut s,
            m.slipping.len(),
            top,
            "lists contains \"slipping away\"",
        );
    }
    for (title, list, what) in [
        ("New Tier-1 customers", &m.new_tier1, "new Tier 1"),
        ("Won back", &m.won_back, "won back"),
    ] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n{title}: {}", thousands(list.len() as u64));
        for &i in list.iter().take(top) {
            let e = &m.entries[i];
            entry_line(&mut s, e, e.reason.clone());
        }
        more(
            &mut s,
            list.len(),
            top,
            &format!("lists contains \"{what}\""),
        );
    }
    if !m.key_attention.is_empty() {
        let _ = writeln!(
            s,
            "\nKey customers who need a call: {} (open complaints, or no order or service contact for more than {}× their usual interval)",
            thousands(m.key_attention.len() as u64),
            m.settings.no_contact_gaps
        );
        for &i in m.key_attention.iter().take(top) {
            let e = &m.entries[i];
            entry_line(&mut s, e, e.attention.clone().unwrap_or_default());
        }
        more(
            &mut s,
            m.key_attention.len(),
            top,
            "lists contains \"key customer needs a call\"",
        );
    }
    if !m.managers.is_empty() {
        let _ = writeln!(
            s,
            "\nAccount managers whose customers slipped (most profit at stake first)"
        );
        for g in m.managers.iter().take(top) {
            let _ = writeln!(
                s,
                "  {:<20} {} slipping, profit at stake {}; profit {} → {}; if they leave, revenue {} ({}) walks out with their {} customers",
                shown(&g.manager, 20),
                thousands(g.slipping),
                g.at_stake.to_display_string(),
                g.profit_before.to_display_string(),
                g.profit_after.to_display_string(),
                g.revenue_after.to_display_string(),
                percent(g.revenue_share_after),
                thousands(g.customers)
            );
        }
    }
    for n in &m.notes {
        let _ = writeln!(s, "  note: {n}");
    }
    s
}

fn more(s: &mut String, n: usize, shown: usize, filter: &str) {
    if n > shown {
        let _ = writeln!(
            s,
            "  … and {} more: movement.csv has every one ({filter})",
            thousands((n - shown) as u64)
        );
    }
}

/// P(alive) before and after, when both are known.
pub fn p_alive_text(e: &Entry) -> String {
    match (
        e.before.as_ref().and_then(|s| s.p_alive),
        e.after.as_ref().and_then(|s| s.p_alive),
    ) {
        (Some(x), Some(y)) => format!("{} → {}", chance(x), chance(y)),
        (None, Some(y)) => chance(y),
        _ => "n/a".into(),
    }
}

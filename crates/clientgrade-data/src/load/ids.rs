//! Which customer a row of any table belongs to: the index of ids, and ids matched without their leading zeros.

use super::*;

pub(super) struct Index {
    pub(super) map: HashMap<Box<str>, u32, FoldBuild>,
    pub(super) facts: Vec<CustomerFacts>,
    pub(super) buf: String,
    /// The id of the previous lookup and its slot: rows of one customer
    /// often follow each other, and comparing two short strings is cheaper
    /// than hashing and probing.
    pub(super) last: Option<(String, u32)>,
}

impl Index {
    pub(super) fn new() -> Index {
        Index {
            map: HashMap::default(),
            facts: Vec::new(),
            buf: String::new(),
            last: None,
        }
    }

    pub(super) fn slot(&mut self, id: Value<'_>) -> usize {
        let key: &str = match id {
            Value::Text(s) => s,
            Value::Int(i) => {
                use std::fmt::Write;
                self.buf.clear();
                let _ = write!(self.buf, "{i}");
                &self.buf
            }
            _ => unreachable!("ids are text or integers after conversion"),
        };
        if let Some((last, i)) = &self.last {
            if last == key {
                return *i as usize;
            }
        }
        let i = match self.map.get(key) {
            Some(&i) => i,
            None => {
                let i = self.facts.len() as u32;
                self.map.insert(key.into(), i);
                self.facts.push(CustomerFacts {
                    id: Some(CustomerId::new(key)),
                    ..CustomerFacts::default()
                });
                i
            }
        };
        match &mut self.last {
            Some((last, j)) => {
                last.clear();
                last.push_str(key);
                *j = i;
            }
            None => self.last = Some((key.to_string(), i)),
        }
        i as usize
    }
}

/// The value of an id made of digits only, without its leading zeros.
pub(super) fn digits_value(id: &str) -> Option<&str> {
    let t = id.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v = t.trim_start_matches('0');
    Some(if v.is_empty() { "0" } else { v })
}

/// The transactions' ids made of digits, by their value without leading
/// zeros: Excel drops the zeros of `00123` when it saves a file, so another
/// table's `123` is the transactions' `00123` (and the other way round).
pub(super) struct ZeroIds {
    /// `None`: two transaction ids have this value (`0123` and `123`).
    pub(super) by_value: HashMap<String, Option<u32>, FoldBuild>,
}

/// Ids of one table that matched the transactions only without leading zeros.
#[derive(Default)]
pub(super) struct ZeroMatches {
    pub(super) matched: u64,
    pub(super) first: u64,
    pub(super) ambiguous: u64,
    pub(super) ambiguous_first: u64,
}

impl ZeroIds {
    pub(super) fn new(index: &Index) -> ZeroIds {
        let mut by_value: HashMap<String, Option<u32>, FoldBuild> = HashMap::default();
        for (i, f) in index.facts.iter().enumerate() {
            let Some(v) = f.id.as_ref().and_then(|id| digits_value(id.expose())) else {
                continue;
            };
            by_value
                .entry(v.to_string())
                .and_modify(|e| *e = None)
                .or_insert(Some(i as u32));
        }
        ZeroIds { by_value }
    }

    /// The slot of a row's customer: its id as written when the
    /// transactions have it, else the transactions' id with the same digits
    /// but for leading zeros when there is exactly one.
    pub(super) fn slot(
        &self,
        index: &mut Index,
        id: Value<'_>,
        line: u64,
        m: &mut ZeroMatches,
    ) -> usize {
        let key = match id {
            Value::Text(s) => std::borrow::Cow::Borrowed(s),
            Value::Int(i) => std::borrow::Cow::Owned(i.to_string()),
            _ => return index.slot(id),
        };
        if !index.map.contains_key(key.as_ref()) {
            match digits_value(&key).and_then(|v| self.by_value.get(v)) {
                Some(Some(j)) => {
                    m.matched += 1;
                    if m.first == 0 {
                        m.first = line;
                    }
                    return *j as usize;
                }
                Some(None) => {
                    m.ambiguous += 1;
                    if m.ambiguous_first == 0 {
                        m.ambiguous_first = line;
                    }
                }
                None => {}
            }
        }
        index.slot(id)
    }
}

/// What a table's ids matched without their leading zeros: a note when
/// they matched, a decision when some could be more than one customer.
pub(super) fn report_zero_matches(
    m: &ZeroMatches,
    stats: &mut TableStats,
    notes: &mut Vec<String>,
) {
    let table = stats.table;
    if m.matched > 0 {
        notes.push(format!(
            "{table}: {} rows have a customer id that matches a transactions id only without \
             its leading zeros (`123` = `00123`; first on line {}): matched so. The file was \
             likely saved by Excel, which drops leading zeros; export the id column as text",
            m.matched, m.first
        ));
        stats.rules.push(format!(
            "customer ids matched to the transactions without leading zeros: {} rows",
            m.matched
        ));
    }
    if m.ambiguous > 0 {
        stats.warnings.push(crate::reject::Warning {
            kind: "ids-lost-leading-zeros",
            message: format!(
                "{} rows have a customer id that matches more than one transactions id without \
             leading zeros (`123` = `0123` and `00123`; first on line {}): not matched",
                m.ambiguous, m.ambiguous_first
            ),
            fix: format!(
                "export the id column of the {table} file as text so its ids keep their \
             leading zeros"
            ),
        });
    }
}

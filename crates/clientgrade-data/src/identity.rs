//! Who a row belongs to: e-mails trimmed and case-folded, customer ids merged when they share an e-mail.

use std::collections::HashMap;

use clientgrade_core::Value;

use crate::distinct::{Key, KeySet};
use crate::hash::FoldBuild;

/// `text` trimmed, lowercased, inner runs of whitespace made one space;
/// borrowed when it is already in that form.
pub(crate) fn fold<'a>(text: &'a str, buf: &'a mut String) -> &'a str {
    let t = text.trim();
    let clean = t
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase() && b != b'\t')
        && !t.contains("  ");
    if clean {
        return t;
    }
    buf.clear();
    for (i, word) in t.split_whitespace().enumerate() {
        if i > 0 {
            buf.push(' ');
        }
        buf.extend(word.chars().flat_map(char::to_lowercase));
    }
    buf
}

/// Ids compared without case and spaces: `ACME Corp`, `acme corp` and
/// `AcmeCorp` are one key.
pub(crate) fn loose_key(id: &str) -> String {
    id.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// How many ids differ from another only by case or spaces.
pub(crate) fn near_duplicates<'a>(ids: impl Iterator<Item = &'a str>) -> u64 {
    let mut groups: HashMap<String, u64, FoldBuild> = HashMap::default();
    for id in ids {
        *groups.entry(loose_key(id)).or_insert(0) += 1;
    }
    groups.values().filter(|n| **n > 1).sum()
}

/// The identity rule of a source, applied row by row.
pub(crate) struct Identity {
    /// Fold the customer id (e-mails, or `id-case = "fold"`).
    pub fold: bool,
    /// Customer = e-mail when the row has one.
    pub merge_by_email: bool,
    buf: String,
    /// Per customer slot (merge mode): the raw ids merged into it.
    ids: Vec<KeySet>,
}

impl Identity {
    pub(crate) fn new(fold: bool, merge_by_email: bool) -> Identity {
        Identity {
            fold,
            merge_by_email,
            buf: String::new(),
            ids: Vec::new(),
        }
    }

    /// The customer key of a row from its customer id and e-mail.
    pub(crate) fn key<'a>(&'a mut self, id: Value<'a>, email: Value<'a>) -> Value<'a> {
        if self.merge_by_email {
            if let Value::Text(e) = email {
                if !e.trim().is_empty() {
                    return Value::Text(fold(e, &mut self.buf));
                }
            }
        }
        match id {
            Value::Text(t) if self.fold => Value::Text(fold(t, &mut self.buf)),
            other => other,
        }
    }

    /// Remember that the raw id `id` went to customer `slot` (merge mode).
    pub(crate) fn note(&mut self, slot: usize, id: Value<'_>) {
        if !self.merge_by_email {
            return;
        }
        let key = match id {
            Value::Text(t) => Key::text(t.trim()),
            Value::Int(i) => Key::int(i),
            _ => return,
        };
        if self.ids.len() <= slot {
            self.ids.resize_with(slot + 1, KeySet::default);
        }
        self.ids[slot].push(key);
    }

    /// The raw ids of a slot, to merge into another thread's identity.
    pub(crate) fn take(&mut self, slot: usize) -> Option<KeySet> {
        self.ids.get_mut(slot).map(std::mem::take)
    }

    /// Add raw ids (from another thread) to a slot.
    pub(crate) fn extend(&mut self, slot: usize, ids: KeySet) {
        if !self.merge_by_email {
            return;
        }
        if self.ids.len() <= slot {
            self.ids.resize_with(slot + 1, KeySet::default);
        }
        self.ids[slot].extend(ids);
    }

    /// Raw ids that were merged into another's customer (ids − customers
    /// with ids), over all customers.
    pub(crate) fn merged(&mut self) -> u64 {
        self.ids
            .iter_mut()
            .map(|d| d.finish().saturating_sub(1))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_trims_lowercases_and_joins_spaces() {
        let mut buf = String::new();
        assert_eq!(
            fold(" Jane.Doe@Example.COM ", &mut buf),
            "jane.doe@example.com"
        );
        assert_eq!(fold("ACME  Corp", &mut buf), "acme corp");
        let mut b2 = String::new();
        let s = "plain@example.com";
        assert!(
            std::ptr::eq(fold(s, &mut b2), s),
            "already folded: borrowed"
        );
    }

    #[test]
    fn near_duplicates_count_every_member_of_a_group() {
        let ids = ["Acme Corp", "acme corp", "ACMECORP", "Other", "other2"];
        assert_eq!(near_duplicates(ids.into_iter()), 3);
        assert_eq!(near_duplicates(["a", "b"].into_iter()), 0);
    }

    #[test]
    fn merging_by_email_counts_the_extra_ids() {
        let mut id = Identity::new(false, true);
        assert_eq!(
            id.key(Value::Text("cus_1"), Value::Text("Ann@X.com")),
            Value::Text("ann@x.com")
        );
        assert_eq!(
            id.key(Value::Text("cus_9"), Value::Null),
            Value::Text("cus_9")
        );
        id.note(0, Value::Text("cus_1"));
        id.note(0, Value::Text("cus_2"));
        id.note(0, Value::Text("cus_1"));
        id.note(1, Value::Text("cus_9"));
        assert_eq!(id.merged(), 1);
    }
}

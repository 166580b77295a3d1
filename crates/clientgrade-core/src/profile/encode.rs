//! Attribute values to levels: numbers into quantile bins, text values shared by too few customers pooled, a missing value a level of its own.

use std::collections::BTreeMap;

/// The label of the level of customers without a value.
pub const NOT_GIVEN: &str = "(not given)";

/// Most values of a text attribute with a level of their own (the most
/// common ones); the others are pooled with the rare ones.
pub const MAX_LEVELS: usize = 20;

/// How an attribute is read.
#[derive(Clone, Debug, PartialEq)]
pub enum AttributeKind {
    /// Text values, each value a level (rare ones pooled).
    Text,
    /// Numbers, binned at these edges (bin `i` holds `edges[i-1] ≤ v < edges[i]`).
    Number {
        /// Ascending bin edges.
        edges: Vec<f64>,
    },
}

/// Why a value gives no evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Issue {
    /// A text value no customer with a tier has.
    Unseen,
    /// A number attribute whose value does not read as a number.
    NotANumber,
    /// No value, and no customer with a tier lacks one.
    Missing,
}

/// The levels of one attribute, learnt from the customers with a tier.
#[derive(Clone, Debug)]
pub struct Encoder {
    /// The attribute's name (the customers' column name).
    pub name: String,
    /// Text or binned number.
    pub kind: AttributeKind,
    /// Label of each level, in display order.
    pub labels: Vec<String>,
    /// Text values (lowercase) → level; rare values map to the pooled level.
    lookup: BTreeMap<String, usize>,
    /// The level of a missing value, when customers lack one.
    not_given: Option<usize>,
    /// The level pooling values held by fewer than `min-support` customers.
    pub other: Option<usize>,
    /// Per level: held by fewer than `min-support` customers with a tier (a
    /// small pool of rare values, or few without a value), so it gets no
    /// weight of its own.
    pub thin: Vec<bool>,
}

/// A number as people write it in a table: `1200`, `-3.5`, `1,200`,
/// `1,200.50`, `12%` (as 12); `None` for anything else.
pub fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim().trim_end_matches('%').trim();
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-' | b'+' | b'e' | b'E'))
    {
        return None;
    }
    let plain: String = if t.contains(',') {
        // only thousands groups: 1,234 or 12,345,678.9
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        let digits = int.trim_start_matches(['-', '+']);
        let groups: Vec<&str> = digits.split(',').collect();
        let ok = !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..]
                .iter()
                .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
        if !ok {
            return None;
        }
        let sign = &int[..int.len() - digits.len()];
        let mut p = format!("{sign}{}", groups.concat());
        if t.contains('.') {
            p.push('.');
            p.push_str(frac);
        }
        p
    } else {
        t.to_string()
    };
    plain.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A bin edge or bound as written in a label: whole numbers with thousands
/// separators, others with up to three significant decimals.
fn number_text(v: f64, whole: bool) -> String {
    if whole {
        let n = v.round() as i64;
        let digits = n.unsigned_abs().to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        if n < 0 {
            format!("-{out}")
        } else {
            out
        }
    } else {
        let s = format!("{:.3}", v);
        let s = s.trim_end_matches('0').trim_end_matches('.');
        s.to_string()
    }
}

/// Quantile edges of `sorted` (ascending) for `bins` bins, each bin with at
/// least `min_support` values where possible (small bins merge with their
/// smaller neighbour).
fn quantile_edges(sorted: &[f64], bins: usize, min_support: u64) -> Vec<f64> {
    let n = sorted.len();
    let mut edges: Vec<f64> = Vec::new();
    for k in 1..bins {
        let v = sorted[(k * n / bins).min(n - 1)];
        if v > sorted[0] && edges.last().is_none_or(|l| v > *l) {
            edges.push(v);
        }
    }
    loop {
        if edges.is_empty() {
            break;
        }
        let counts = bin_counts(sorted, &edges);
        let (smallest, count) = counts
            .iter()
            .enumerate()
            .min_by_key(|(i, c)| (**c, *i))
            .map(|(i, c)| (i, *c))
            .expect("at least one bin");
        if count >= min_support {
            break;
        }
        // merge with the smaller neighbour: drop the edge between them
        let edge = if smallest == 0 {
            0
        } else if smallest == counts.len() - 1 || counts[smallest - 1] <= counts[smallest + 1] {
            smallest - 1
        } else {
            smallest
        };
        edges.remove(edge);
    }
    edges
}

fn bin_of(edges: &[f64], v: f64) -> usize {
    edges.partition_point(|e| *e <= v)
}

fn bin_counts(sorted: &[f64], edges: &[f64]) -> Vec<u64> {
    let mut c = vec![0u64; edges.len() + 1];
    for v in sorted {
        c[bin_of(edges, *v)] += 1;
    }
    c
}

fn bin_labels(edges: &[f64], whole: bool) -> Vec<String> {
    let t = |v: f64| number_text(v, whole);
    let mut labels = Vec::with_capacity(edges.len() + 1);
    labels.push(format!("under {}", t(edges[0])));
    for w in edges.windows(2) {
        labels.push(if whole {
            if w[1] - 1.0 > w[0] {
                format!("{} to {}", t(w[0]), t(w[1] - 1.0))
            } else {
                t(w[0])
            }
        } else {
            format!("{} to under {}", t(w[0]), t(w[1]))
        });
    }
    labels.push(format!("{} or more", t(edges[edges.len() - 1])));
    labels
}

impl Encoder {
    /// Learn the levels of attribute `name` from the values of the
    /// customers with a tier. `Err` says why the attribute cannot be used.
    pub fn build(
        name: &str,
        values: &[Option<&str>],
        bins: usize,
        min_support: u64,
    ) -> Result<Encoder, String> {
        let given: Vec<&str> = values
            .iter()
            .flatten()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .collect();
        if given.is_empty() {
            return Err("no customer with a tier has a value".into());
        }
        let numbers: Vec<f64> = given.iter().filter_map(|v| parse_number(v)).collect();
        let mut distinct = numbers.clone();
        distinct.sort_by(f64::total_cmp);
        distinct.dedup();
        let numeric = numbers.len() * 10 >= given.len() * 9 && distinct.len() >= 2 * bins.max(2);
        let enc = if numeric {
            let mut sorted = numbers;
            sorted.sort_by(f64::total_cmp);
            let edges = quantile_edges(&sorted, bins.max(2), min_support);
            if edges.is_empty() {
                return Err(format!(
                    "its numbers do not split into groups of at least {min_support} customers"
                ));
            }
            let whole = sorted.iter().all(|v| v.fract() == 0.0);
            let mut labels = bin_labels(&edges, whole);
            let missing = values.len() - sorted.len();
            let not_given = (missing > 0).then(|| {
                labels.push(NOT_GIVEN.into());
                labels.len() - 1
            });
            Encoder {
                name: name.to_string(),
                kind: AttributeKind::Number { edges },
                labels,
                lookup: BTreeMap::new(),
                not_given,
                other: None,
                thin: Vec::new(),
            }
        } else {
            // spelling counts per value, compared without case
            let mut seen: BTreeMap<String, BTreeMap<&str, u64>> = BTreeMap::new();
            for v in &given {
                *seen
                    .entry(v.to_lowercase())
                    .or_default()
                    .entry(v)
                    .or_insert(0) += 1;
            }
            let mut common: Vec<(u64, String, String)> = Vec::new();
            let mut rare: Vec<String> = Vec::new();
            for (key, spellings) in &seen {
                let support: u64 = spellings.values().sum();
                if support >= min_support {
                    let shown = spellings
                        .iter()
                        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                        .map(|(s, _)| s.to_string())
                        .unwrap_or_default();
                    common.push((support, key.clone(), shown));
                } else {
                    rare.push(key.clone());
                }
            }
            if common.is_empty() {
                return Err(if seen.len() * 2 > given.len() && seen.len() > 20 {
                    format!(
                        "looks like an identifier: {} different values among {} customers",
                        seen.len(),
                        given.len()
                    )
                } else {
                    format!("no value is held by at least {min_support} customers with a tier")
                });
            }
            common.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            // beyond the most common values, the rest pool: the model stays small
            for (_, key, _) in common.drain(MAX_LEVELS.min(common.len())..) {
                rare.push(key);
            }
            let mut labels: Vec<String> = Vec::new();
            let mut lookup = BTreeMap::new();
            for (i, (_, key, shown)) in common.iter().enumerate() {
                lookup.insert(key.clone(), i);
                labels.push(shown.clone());
            }
            let other = (!rare.is_empty()).then(|| {
                labels.push(format!(
                    "other values ({} {})",
                    rare.len(),
                    if rare.len() == 1 { "value" } else { "values" }
                ));
                labels.len() - 1
            });
            if let Some(o) = other {
                for key in rare {
                    lookup.insert(key, o);
                }
            }
            let missing = values.len() - given.len();
            let not_given = (missing > 0).then(|| {
                labels.push(NOT_GIVEN.into());
                labels.len() - 1
            });
            Encoder {
                name: name.to_string(),
                kind: AttributeKind::Text,
                labels,
                lookup,
                not_given,
                other,
                thin: Vec::new(),
            }
        };
        let mut enc = enc;
        let mut support = vec![0u64; enc.labels.len()];
        for v in values {
            if let (Some(l), _) = enc.code(*v) {
                support[l] += 1;
            }
        }
        if support.iter().filter(|s| **s >= min_support).count() < 2 {
            return Err(format!(
                "fewer than two values are held by at least {min_support} customers with a tier"
            ));
        }
        enc.thin = support.iter().map(|s| *s < min_support).collect();
        Ok(enc)
    }

    /// The level of a value, or why it has none (then it gives no evidence).
    /// A number attribute's unreadable value counts as not given.
    pub fn code(&self, raw: Option<&str>) -> (Option<usize>, Option<Issue>) {
        let v = raw.map(str::trim).filter(|v| !v.is_empty());
        let missing = |issue: Issue| match self.not_given {
            Some(l) => (Some(l), (issue != Issue::Missing).then_some(issue)),
            None => (None, Some(issue)),
        };
        let Some(v) = v else {
            return missing(Issue::Missing);
        };
        match &self.kind {
            AttributeKind::Number { edges } => match parse_number(v) {
                Some(x) => (Some(bin_of(edges, x)), None),
                None => missing(Issue::NotANumber),
            },
            AttributeKind::Text => match self.lookup.get(&v.to_lowercase()) {
                Some(l) => (Some(*l), None),
                None => (None, Some(Issue::Unseen)),
            },
        }
    }

    /// Levels.
    pub fn levels(&self) -> usize {
        self.labels.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_people_write_them() {
        assert_eq!(parse_number("1200"), Some(1200.0));
        assert_eq!(parse_number(" 1,200 "), Some(1200.0));
        assert_eq!(parse_number("-12,345,678.5"), Some(-12_345_678.5));
        assert_eq!(parse_number("12%"), Some(12.0));
        assert_eq!(parse_number("1,2"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("n/a"), None);
        assert_eq!(parse_number("10-49"), None);
    }

    #[test]
    fn numbers_fall_into_quantile_bins_with_readable_labels() {
        let values: Vec<String> = (1..=100).map(|v| v.to_string()).collect();
        let mut refs: Vec<Option<&str>> = values.iter().map(|s| Some(s.as_str())).collect();
        refs.push(None);
        let e = Encoder::build("employees", &refs, 4, 10).unwrap();
        assert_eq!(
            e.kind,
            AttributeKind::Number {
                edges: vec![26.0, 51.0, 76.0]
            }
        );
        assert_eq!(
            e.labels,
            ["under 26", "26 to 50", "51 to 75", "76 or more", NOT_GIVEN]
        );
        assert_eq!(e.code(Some("25")), (Some(0), None));
        assert_eq!(e.code(Some("26")), (Some(1), None));
        assert_eq!(e.code(Some("5000")), (Some(3), None));
        assert_eq!(e.code(None), (Some(4), None));
        assert_eq!(e.code(Some("many")), (Some(4), Some(Issue::NotANumber)));
    }

    #[test]
    fn small_bins_merge_with_their_smaller_neighbour() {
        // sixty zeros and 1..=40: quantile edges 1 and 21 leave two bins of 20
        let mut values: Vec<String> = vec!["0".to_string(); 60];
        values.extend((1..=40).map(|v| v.to_string()));
        let refs: Vec<Option<&str>> = values.iter().map(|s| Some(s.as_str())).collect();
        let e = Encoder::build("x", &refs, 5, 10).unwrap();
        assert_eq!(
            e.kind,
            AttributeKind::Number {
                edges: vec![1.0, 21.0]
            }
        );
        let e = Encoder::build("x", &refs, 5, 30).unwrap();
        assert_eq!(e.kind, AttributeKind::Number { edges: vec![1.0] });
        assert_eq!(e.labels, ["under 1", "1 or more"]);
    }

    #[test]
    fn rare_text_values_pool_and_unseen_ones_give_no_evidence() {
        let mut values = vec!["Retail"; 30];
        values.extend(vec!["retail"; 5]);
        values.extend(vec!["Wholesale"; 20]);
        values.extend(["Mining", "Fishing", "Fishing"]);
        let refs: Vec<Option<&str>> = values.iter().map(|s| Some(*s)).collect();
        let e = Encoder::build("industry", &refs, 5, 10).unwrap();
        assert_eq!(e.kind, AttributeKind::Text);
        assert_eq!(e.labels, ["Retail", "Wholesale", "other values (2 values)"]);
        assert_eq!(e.code(Some("RETAIL")), (Some(0), None));
        assert_eq!(e.code(Some("fishing")), (Some(2), None));
        assert_eq!(e.code(Some("Space")), (None, Some(Issue::Unseen)));
        assert_eq!(e.code(None), (None, Some(Issue::Missing)));
    }

    #[test]
    fn only_the_most_common_values_keep_a_level_of_their_own() {
        let values: Vec<String> = (0..30)
            .flat_map(|k| std::iter::repeat_n(format!("city {k:02}"), 40 - k))
            .collect();
        let refs: Vec<Option<&str>> = values.iter().map(|s| Some(s.as_str())).collect();
        let e = Encoder::build("city", &refs, 5, 10).unwrap();
        assert_eq!(e.levels(), MAX_LEVELS + 1);
        assert_eq!(e.labels[0], "city 00");
        assert_eq!(e.labels[MAX_LEVELS], "other values (10 values)");
        assert_eq!(e.code(Some("city 29")), (Some(MAX_LEVELS), None));
    }

    #[test]
    fn identifiers_and_constant_columns_are_refused_with_the_reason() {
        let ids: Vec<String> = (0..200).map(|i| format!("x{i}@mail.com")).collect();
        let refs: Vec<Option<&str>> = ids.iter().map(|s| Some(s.as_str())).collect();
        let why = Encoder::build("email", &refs, 5, 10).unwrap_err();
        assert!(why.starts_with("looks like an identifier"), "{why}");
        let same = vec![Some("yes"); 50];
        let why = Encoder::build("vip", &same, 5, 10).unwrap_err();
        assert!(why.starts_with("fewer than two values"), "{why}");
    }
}

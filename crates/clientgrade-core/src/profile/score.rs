//! Lookalike scores: the fitted score, each prospect scored, ranked and explained, and the values that gave no evidence counted.

use super::encode::{Encoder, Issue};
use super::model::Fit;
use super::{display, Profile};
use crate::CustomerId;

/// One scored prospect.
#[derive(Clone, Debug, PartialEq)]
pub struct ProspectScore {
    /// Its position in the prospects file (0-based, data rows).
    pub position: usize,
    /// Probability of looking like Tier 1.
    pub score: f64,
    /// 1 = most like Tier 1; equal scores share a rank.
    pub rank: u64,
    /// The values that raise or lower the score, in words.
    pub reasons: String,
}

/// A prospect as read: its id, name and the values of the shared attributes.
#[derive(Clone, Debug, PartialEq)]
pub struct Prospect {
    /// Its identifier.
    pub id: CustomerId,
    /// Its name, when the file has one.
    pub name: Option<String>,
    /// The values of [`ProspectTable::attributes`], in that order.
    pub values: Vec<Option<String>>,
}

/// The prospects file, matched to the customers' attributes.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ProspectTable {
    /// Attribute names (as the customers spell them).
    pub attributes: Vec<String>,
    /// The prospects, in file order.
    pub prospects: Vec<Prospect>,
}

/// A score with its explanation.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    /// Probability of looking like Tier 1.
    pub score: f64,
    /// The values that raise or lower it, in words.
    pub reasons: String,
    /// Values that gave no evidence, per kind (attribute, issue).
    pub issues: Vec<(String, Issue)>,
}

/// The fitted score.
#[derive(Clone, Debug)]
pub(super) struct Scorer {
    /// One per candidate attribute.
    pub(super) encoders: Vec<Encoder>,
    pub(super) fit: Fit,
    /// Per selected attribute, the customers' average level weight.
    pub(super) typical: Vec<f64>,
    pub(super) calibration: (f64, f64),
    pub(super) distinguishes: bool,
    pub(super) base_rate: f64,
    /// Said in every reason when the attributes do not tell Tier 1 apart.
    pub(super) no_signal_reason: String,
}

/// `×2.4` or `×0.55`.
pub fn odds_text(log_odds: f64) -> String {
    let m = log_odds.exp();
    if m >= 1.0 {
        format!("×{m:.1}")
    } else {
        format!("×{m:.2}")
    }
}

/// Score the prospects (or say why they all get the base rate), rank them
/// and count the values that gave no evidence.
pub(super) fn finish_prospects(profile: &mut Profile, prospects: Option<&ProspectTable>) {
    let Some(table) = prospects else {
        return;
    };
    let mut scored: Vec<(usize, Scored)> = Vec::with_capacity(table.prospects.len());
    for (pos, p) in table.prospects.iter().enumerate() {
        let attrs: Vec<(String, String)> = table
            .attributes
            .iter()
            .zip(&p.values)
            .filter_map(|(n, v)| Some((n.clone(), v.clone()?)))
            .collect();
        let s = profile.explain(&attrs).unwrap_or_else(|| Scored {
            score: profile.base_rate,
            reasons: {
                let why = profile
                    .statement
                    .split(". ")
                    .next()
                    .unwrap_or_default()
                    .trim_end_matches('.')
                    .trim_start_matches("No profile: ");
                let mut c = why.chars();
                let why = c
                    .next()
                    .map_or(String::new(), |f| f.to_lowercase().chain(c).collect());
                format!("no score, base rate: {why}")
            },
            issues: Vec::new(),
        });
        scored.push((pos, s));
    }
    // counts of values without evidence, per attribute and kind
    let mut counts: std::collections::BTreeMap<(String, &'static str), u64> = Default::default();
    for (_, s) in &scored {
        for (a, issue) in &s.issues {
            let what = match issue {
                Issue::Unseen => "a value no customer with a tier has",
                Issue::NotANumber => "a value that is not a number (read as not given)",
                Issue::Missing => "no value",
            };
            *counts.entry((a.clone(), what)).or_insert(0) += 1;
        }
    }
    profile.prospect_notes = counts
        .into_iter()
        .map(|((a, what), n)| {
            format!(
                "{}: {n} {} with {what}: no evidence from it",
                display(&a),
                if n == 1 { "prospect" } else { "prospects" }
            )
        })
        .collect();
    let key = |s: f64| (s * 1e6).round() as i64;
    scored.sort_by(|a, b| key(b.1.score).cmp(&key(a.1.score)).then(a.0.cmp(&b.0)));
    let mut rank = 0u64;
    let mut previous: Option<i64> = None;
    profile.prospects = scored
        .into_iter()
        .enumerate()
        .map(|(k, (position, s))| {
            if previous != Some(key(s.score)) {
                rank = k as u64 + 1;
                previous = Some(key(s.score));
            }
            ProspectScore {
                position,
                score: s.score,
                rank,
                reasons: s.reasons,
            }
        })
        .collect();
}

impl Profile {
    /// Score one set of attribute values (customer or prospect) with the
    /// final model and say why; `None` when no score was fitted.
    pub fn explain<N: AsRef<str>, V: AsRef<str>>(&self, attributes: &[(N, V)]) -> Option<Scored> {
        let sc = self.scorer.as_ref()?;
        let mut issues = Vec::new();
        let mut terms: Vec<(f64, String)> = Vec::new();
        let mut evidence = false;
        let mut logit = sc.calibration.0
            + sc.calibration.1 * (sc.fit.intercept + sc.typical.iter().sum::<f64>());
        for (a, enc) in sc.encoders.iter().enumerate() {
            let raw = attributes
                .iter()
                .find(|(n, _)| n.as_ref().eq_ignore_ascii_case(&enc.name))
                .map(|(_, v)| v.as_ref());
            let (level, issue) = enc.code(raw);
            let in_score = sc.fit.selection.iter().position(|s| *s == a);
            if let Some(i) = issue {
                if in_score.is_some() || i != Issue::Missing {
                    issues.push((enc.name.clone(), i));
                }
            }
            let (Some(l), Some(s)) = (level, in_score) else {
                continue;
            };
            if enc.thin[l] {
                // too rare among the customers for a weight of its own
                continue;
            }
            evidence = true;
            let c = sc.calibration.1 * (sc.fit.weights[s][l] - sc.typical[s]);
            logit += c;
            terms.push((c, format!("{} {}", display(&enc.name), enc.labels[l])));
        }
        if !sc.distinguishes {
            return Some(Scored {
                score: sc.base_rate,
                reasons: sc.no_signal_reason.clone(),
                issues,
            });
        }
        let score = 1.0 / (1.0 + (-logit).exp());
        let threshold = 1.1f64.ln();
        terms.retain(|(c, _)| c.abs() >= threshold);
        terms.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()).then(a.1.cmp(&b.1)));
        terms.truncate(4);
        let list = |up: bool| -> Vec<String> {
            terms
                .iter()
                .filter(|(c, _)| (*c > 0.0) == up)
                .enumerate()
                .map(|(k, (c, what))| {
                    if k == 0 {
                        format!("{what} (odds {})", odds_text(*c))
                    } else {
                        format!("{what} ({})", odds_text(*c))
                    }
                })
                .collect()
        };
        let (raise, lower) = (list(true), list(false));
        let mut parts = Vec::new();
        if !raise.is_empty() {
            parts.push(format!("raise: {}", raise.join(", ")));
        }
        if !lower.is_empty() {
            parts.push(format!("lower: {}", lower.join(", ")));
        }
        if parts.is_empty() {
            parts.push(if evidence {
                "typical: no value moves the odds by 10% or more".to_string()
            } else {
                "no evidence: none of the scored attributes has a usable value".to_string()
            });
        }
        let unseen: Vec<String> = issues
            .iter()
            .filter(|(n, i)| {
                *i == Issue::Unseen && sc.fit.selection.iter().any(|s| sc.encoders[*s].name == *n)
            })
            .map(|(n, _)| {
                let v = attributes
                    .iter()
                    .find(|(a, _)| a.as_ref().eq_ignore_ascii_case(n))
                    .map_or("", |(_, v)| v.as_ref());
                format!(
                    "{} '{}' is not seen among customers with a tier",
                    display(n),
                    v.trim()
                )
            })
            .collect();
        if !unseen.is_empty() {
            parts.push(format!("no evidence: {}", unseen.join(", ")));
        }
        Some(Scored {
            score,
            reasons: parts.join("; "),
            issues,
        })
    }
}

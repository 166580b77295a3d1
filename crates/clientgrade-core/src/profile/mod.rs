//! The ideal customer profile (SPEC §3.9): which attribute values Tier-1 customers have in common, with their intervals, and an explained, calibrated lookalike score for prospects and customers whose quality is measured by cross-validation.
//!
//! Fitted on the customers with a tier (Tier 1 against Tiers 2–4); lapsed
//! and lost customers have no tier and are left out, as are customers whose
//! tier cannot be decided. docs/profile.md explains the method and how to
//! read the numbers.

mod describe;
pub mod encode;
pub mod model;
mod score;
pub mod stats;

use std::sync::Arc;

use crate::evidence::percent;
use crate::{Portfolio, Tier};
use describe::describe;
use encode::{AttributeKind, Encoder};
use model::{calibrated, cross_validate, fit, select, CrossValidation, Data, Fit};
use score::{finish_prospects, Scorer};
pub use score::{odds_text, Prospect, ProspectScore, ProspectTable, Scored};
use stats::z_of;

/// Fewest Tier-1 customers, and fewest other customers with a tier, to fit a model.
pub const MIN_CLASS: u64 = 10;

/// `[profile]`: how the ideal customer profile is learnt.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileSettings {
    /// Whether to learn the profile at all (default true).
    pub enabled: bool,
    /// Folds of the cross-validation (default 5).
    pub folds: usize,
    /// Bins of a number attribute, at its quantiles (default 5).
    pub bins: usize,
    /// Fewest customers with a tier holding a text value for it to be a
    /// value of its own; rarer values are pooled (default 10).
    pub min_support: u64,
    /// Confidence of the intervals (default 0.95).
    pub confidence: f64,
    /// Family-wise error of the attribute tests, Holm-adjusted (default 0.05).
    pub significance: f64,
    /// Cross-validated AUC below which the attributes are said not to tell
    /// Tier 1 apart, even when its interval excludes 0.5 (default 0.60).
    pub min_auc: f64,
    /// Attributes left out (e.g. an e-mail or phone column), any case.
    pub ignore: Vec<String>,
}

impl Default for ProfileSettings {
    fn default() -> Self {
        ProfileSettings {
            enabled: true,
            folds: 5,
            bins: 5,
            min_support: 10,
            confidence: 0.95,
            significance: 0.05,
            min_auc: 0.60,
            ignore: Vec::new(),
        }
    }
}

impl ProfileSettings {
    /// Check the ranges; the message names the key.
    pub fn validate(&self) -> Result<(), String> {
        if !(2..=20).contains(&self.folds) {
            return Err(format!(
                "profile.folds: {} folds; use 2 to 20 (default 5)",
                self.folds
            ));
        }
        if !(2..=20).contains(&self.bins) {
            return Err(format!(
                "profile.bins: {} bins; use 2 to 20 (default 5)",
                self.bins
            ));
        }
        if self.min_support == 0 {
            return Err("profile.min-support: use at least 1 (default 10)".into());
        }
        for (key, v, default) in [
            ("confidence", self.confidence, "0.95"),
            ("significance", self.significance, "0.05"),
        ] {
            if !(v > 0.0 && v < 1.0) {
                return Err(format!(
                    "profile.{key}: {v} is not a share strictly between 0 and 1 (default {default})"
                ));
            }
        }
        if !(0.5..=1.0).contains(&self.min_auc) {
            return Err(format!(
                "profile.min-auc: {} is not between 0.5 and 1 (default 0.6)",
                self.min_auc
            ));
        }
        Ok(())
    }
}

/// How a value stands among Tier-1 customers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Call {
    /// More common in Tier 1: its whole lift interval lies above 1, in an
    /// attribute that carries a signal.
    Over,
    /// Less common in Tier 1: its whole lift interval lies below 1.
    Under,
    /// Not told from chance.
    Unclear,
}

impl Call {
    /// `over-represented`, `under-represented`, `not clear`.
    pub fn name(self) -> &'static str {
        match self {
            Call::Over => "over-represented",
            Call::Under => "under-represented",
            Call::Unclear => "not clear",
        }
    }
}

/// An estimate with its interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    /// The estimate.
    pub value: f64,
    /// Lower end of the interval.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

/// One value (or bin) of an attribute among the customers with a tier.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueProfile {
    /// `Manufacturing`, `50 to 249`, `other values (3 values)`, `(not given)`.
    pub label: String,
    /// Tier-1 customers with it.
    pub tier1: u64,
    /// Other customers with a tier with it.
    pub rest: u64,
    /// Its share among Tier-1 customers (Wilson interval).
    pub tier1_share: Estimate,
    /// Its share among the other customers with a tier (Wilson interval).
    pub rest_share: Estimate,
    /// Tier-1 share over the others' share (log-scale interval).
    pub lift: Estimate,
    /// Over- or under-represented, or not clear.
    pub call: Call,
    /// What it does to the score: log-odds against a typical customer
    /// (`None` when it is not in the score).
    pub weight: Option<f64>,
}

/// One attribute of the customers table.
#[derive(Clone, Debug, PartialEq)]
pub struct AttributeProfile {
    /// Its name (the customers' column).
    pub name: String,
    /// Text or binned number; `None` when it could not be used.
    pub kind: Option<AttributeKind>,
    /// Why it could not be used.
    pub skipped: Option<String>,
    /// Its values, in display order.
    pub values: Vec<ValueProfile>,
    /// G statistic of Tier 1 against the rest over its values.
    pub g: f64,
    /// Its degrees of freedom.
    pub df: u32,
    /// The test's p-value.
    pub p_value: f64,
    /// Holm-adjusted over the attributes.
    pub p_adjusted: f64,
    /// Whether it carries a signal (adjusted p below `significance`).
    pub signal: bool,
    /// Whether it is in the score.
    pub in_score: bool,
}

/// How well the attributes tell Tier 1 apart, measured on the customers.
#[derive(Clone, Debug, PartialEq)]
pub struct Quality {
    /// Cross-validation folds.
    pub folds: usize,
    /// The penalty cross-validation chose.
    pub penalty: f64,
    /// Out-of-fold AUC with its DeLong interval.
    pub auc: Estimate,
    /// The AUC of each fold.
    pub fold_aucs: Vec<f64>,
    /// Their standard deviation.
    pub fold_sd: f64,
    /// Platt calibration `(a, b)`: P = σ(a + b · model log-odds).
    pub calibration: (f64, f64),
    /// The attributes the score could use (shared with the prospects).
    pub candidates: Vec<String>,
    /// The attributes in the score.
    pub attributes: Vec<String>,
}

/// The ideal customer profile and the lookalike scores.
#[derive(Clone, Debug)]
pub struct Profile {
    /// The settings it was learnt with.
    pub settings: ProfileSettings,
    /// Tier-1 customers.
    pub tier1: u64,
    /// Customers in Tiers 2–4.
    pub rest: u64,
    /// Customers without a tier (lapsed, lost, undecided): not learnt from.
    pub without_tier: u64,
    /// Tier-1 share of the customers with a tier.
    pub base_rate: f64,
    /// Why there is no profile at all (no attributes, no tiers).
    pub unavailable: Option<String>,
    /// Per attribute, its values among Tier 1 and the rest.
    pub attributes: Vec<AttributeProfile>,
    /// The cross-validated quality of the score (`None` with too few customers).
    pub quality: Option<Quality>,
    /// Whether the attributes tell Tier 1 apart (else every score is the base rate).
    pub distinguishes: bool,
    /// The plain statement of how far the attributes tell Tier 1 apart.
    pub statement: String,
    /// Customers' attributes the prospects file lacks (not in the score).
    pub not_in_prospects: Vec<String>,
    /// Per customer (in the order given), its lookalike score: out-of-fold
    /// for customers with a tier, so that its own tier does not raise it.
    pub lookalike: Vec<Option<f64>>,
    /// The prospects file as read, when one was given.
    pub prospect_table: Option<ProspectTable>,
    /// Scored prospects in rank order (positions in `prospect_table`).
    pub prospects: Vec<ProspectScore>,
    /// What the prospects' values could not tell, counted.
    pub prospect_notes: Vec<String>,
    scorer: Option<Scorer>,
}

fn display(name: &str) -> String {
    name.replace('_', " ")
}

fn attribute_value<'a, N: AsRef<str>, V: AsRef<str>>(
    attrs: &'a [(N, V)],
    name: &str,
) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n.as_ref() == name)
        .map(|(_, v)| v.as_ref())
}

/// One customer as the profile sees it: its tier and its attributes.
#[derive(Clone, Copy, Debug)]
pub struct Member<'a> {
    /// Its tier (`None`: lapsed, lost or undecided, not learnt from).
    pub tier: Option<Tier>,
    /// Its attributes: (column name, value).
    pub attributes: &'a [(Arc<str>, Arc<str>)],
}

/// Learn the profile of a graded portfolio (with its settings), score the
/// prospects, and attach both: `p.profile`, and each customer's lookalike score.
pub fn attach(p: &mut Portfolio, prospects: Option<&ProspectTable>) {
    if !p.settings.profile.enabled {
        if prospects.is_some() {
            p.notes.push(
                "prospects not scored: the profile is switched off ([profile] enabled = false)"
                    .into(),
            );
        }
        return;
    }
    let members: Vec<Member<'_>> = p
        .customers
        .iter()
        .map(|g| Member {
            tier: g.tier.tier,
            attributes: &g.facts.attributes,
        })
        .collect();
    let profile = learn(&members, prospects, &p.settings.profile);
    for (g, l) in p.customers.iter_mut().zip(&profile.lookalike) {
        g.lookalike = *l;
    }
    p.profile = Some(profile);
}

/// Learn the profile from the customers and score the prospects.
pub fn learn(
    customers: &[Member<'_>],
    prospects: Option<&ProspectTable>,
    settings: &ProfileSettings,
) -> Profile {
    let training: Vec<usize> = (0..customers.len())
        .filter(|i| customers[*i].tier.is_some())
        .collect();
    let tier1_of: Vec<bool> = training
        .iter()
        .map(|i| customers[*i].tier == Some(Tier::Ideal))
        .collect();
    let n1 = tier1_of.iter().filter(|t| **t).count() as u64;
    let n0 = tier1_of.len() as u64 - n1;
    let base_rate = if n1 + n0 > 0 {
        n1 as f64 / (n1 + n0) as f64
    } else {
        0.0
    };
    let mut names: Vec<&str> = customers
        .iter()
        .flat_map(|g| g.attributes.iter().map(|(n, _)| &**n))
        .filter(|n| !settings.ignore.iter().any(|i| i.eq_ignore_ascii_case(n)))
        .collect();
    names.sort_unstable();
    names.dedup();
    let mut profile = Profile {
        settings: settings.clone(),
        tier1: n1,
        rest: n0,
        without_tier: (customers.len() - training.len()) as u64,
        base_rate,
        unavailable: None,
        attributes: Vec::new(),
        quality: None,
        distinguishes: false,
        statement: String::new(),
        not_in_prospects: Vec::new(),
        lookalike: vec![None; customers.len()],
        prospect_table: prospects.cloned(),
        prospects: Vec::new(),
        prospect_notes: Vec::new(),
        scorer: None,
    };
    if names.is_empty() {
        let why = "the customers table has no attribute columns (industry, region, size …): \
                   add them to learn what Tier-1 customers have in common";
        profile.unavailable = Some(why.into());
        profile.statement = format!("No profile: {why}.");
        return profile;
    }
    if n1 == 0 || n0 == 0 {
        let why = if n1 + n0 == 0 {
            "no customer has a tier (see why in the tiers), so there is no Tier 1 to learn from"
                .to_string()
        } else if n1 == 0 {
            "no customer is in Tier 1".to_string()
        } else {
            "every customer with a tier is in Tier 1".to_string()
        };
        profile.unavailable = Some(why.clone());
        profile.statement = if n1 + n0 == 0 {
            format!("No profile: {why}.")
        } else {
            format!("No profile: {why}, so there is nothing to compare.")
        };
        return profile;
    }
    let z = z_of(settings.confidence);

    // the profile: every attribute's values among Tier 1 and the rest
    let (attributes, encoders, tested) =
        describe(customers, &training, &tier1_of, &names, settings);
    profile.attributes = attributes;

    // the score: on the attributes the prospects also have
    let shared = |name: &str| prospects.is_none_or(|p| p.attributes.iter().any(|a| a == name));
    profile.not_in_prospects = tested
        .iter()
        .map(|a| names[*a])
        .filter(|n| !shared(n))
        .map(str::to_string)
        .collect();
    let candidates: Vec<usize> = tested
        .iter()
        .copied()
        .filter(|a| shared(names[*a]))
        .collect();
    if n1 < MIN_CLASS || n0 < MIN_CLASS {
        profile.statement = format!(
            "Too few customers to learn a score from: {n1} in Tier 1 and {n0} in Tiers 2–4; \
             at least {MIN_CLASS} of each are needed. The values below are described, not scored."
        );
        finish_prospects(&mut profile, prospects);
        return profile;
    }
    if candidates.is_empty() {
        profile.statement = if prospects.is_some() {
            "No usable attribute is shared by the customers and the prospects: nothing to score."
                .into()
        } else {
            "No attribute could be used (see why for each): nothing to score.".into()
        };
        finish_prospects(&mut profile, prospects);
        return profile;
    }
    let encs: Vec<Encoder> = candidates
        .iter()
        .map(|a| {
            encoders[*a]
                .clone()
                .expect("tested attributes have encoders")
        })
        .collect();
    let codes: Vec<Vec<u16>> = training
        .iter()
        .map(|i| {
            encs.iter()
                .map(|e| {
                    let v = attribute_value(customers[*i].attributes, &e.name);
                    e.code(v).0.expect("customers with a tier have a level") as u16
                })
                .collect()
        })
        .collect();
    let levels: Vec<usize> = encs.iter().map(Encoder::levels).collect();
    let thin: Vec<Vec<bool>> = encs.iter().map(|e| e.thin.clone()).collect();
    let data = Data {
        codes: &codes,
        tier1: &tier1_of,
        levels: &levels,
        thin: &thin,
    };
    let k = settings.folds.min(n1 as usize).min(n0 as usize);
    let cv = cross_validate(&data, k, settings.significance);
    let all: Vec<usize> = (0..training.len()).collect();
    let (chosen, _) = select(&data, &all, settings.significance);
    let final_fit = fit(&data, &all, &chosen, cv.penalty, None);
    let typical: Vec<f64> = final_fit
        .selection
        .iter()
        .zip(&final_fit.weights)
        .map(|(a, w)| codes.iter().map(|c| w[usize::from(c[*a])]).sum::<f64>() / codes.len() as f64)
        .collect();
    let quality = quality(&cv, z, &encs, &final_fit);
    let (a_low, a_high) = (quality.auc.low, quality.auc.high);
    profile.distinguishes = !final_fit.selection.is_empty()
        && a_low > 0.5
        && quality.auc.value >= settings.min_auc
        && cv.calibration.1 > 0.0;
    let auc_text = format!(
        "cross-validated AUC {:.2} ({:.0}% interval {:.2} to {:.2}; {} folds, fold SD {:.2})",
        quality.auc.value,
        settings.confidence * 100.0,
        a_low,
        a_high,
        quality.folds,
        quality.fold_sd
    );
    profile.statement = if profile.distinguishes {
        format!(
            "The attributes tell Tier 1 apart: {auc_text}. An AUC is the chance that a Tier-1 \
             customer scores above another customer: 0.5 is a coin toss, 1 is perfect."
        )
    } else if final_fit.selection.is_empty() {
        format!(
            "The attributes cannot tell Tier 1 apart: none carries a signal (G-test, \
             Holm-adjusted), so a score has nothing to go on. Every score is the base rate, {}.",
            percent(base_rate)
        )
    } else {
        format!(
            "The attributes cannot tell Tier 1 apart: {auc_text}, too close to 0.5, a coin toss. \
             Every score is the base rate, {}.",
            percent(base_rate)
        )
    };
    // the weights the score gives each value, against a typical customer
    for (j, a) in candidates.iter().enumerate() {
        let ap = &mut profile.attributes[*a];
        match final_fit.selection.iter().position(|s| *s == j) {
            Some(s) if profile.distinguishes => {
                ap.in_score = true;
                let thin = &encoders[*a].as_ref().expect("a candidate").thin;
                for (l, v) in ap.values.iter_mut().enumerate() {
                    v.weight = Some(if thin[l] {
                        0.0
                    } else {
                        cv.calibration.1 * (final_fit.weights[s][l] - typical[s])
                    });
                }
            }
            _ => {
                for v in &mut ap.values {
                    v.weight = Some(0.0);
                }
            }
        }
    }
    profile.scorer = Some(Scorer {
        encoders: encs,
        fit: final_fit,
        typical,
        calibration: cv.calibration,
        distinguishes: profile.distinguishes,
        base_rate,
        no_signal_reason: format!(
            "the attributes do not distinguish Tier 1 (cross-validated AUC {:.2}): base rate",
            quality.auc.value
        ),
    });
    // customers: out of fold when they have a tier, else from the final model
    for (k, i) in training.iter().enumerate() {
        profile.lookalike[*i] = Some(if profile.distinguishes {
            calibrated(cv.calibration, cv.out_of_fold[k])
        } else {
            base_rate
        });
    }
    for (i, g) in customers.iter().enumerate() {
        if g.tier.is_none() {
            profile.lookalike[i] = profile.explain(g.attributes).map(|s| s.score);
        }
    }
    profile.quality = Some(quality);
    finish_prospects(&mut profile, prospects);
    profile
}

fn quality(cv: &CrossValidation, z: f64, encs: &[Encoder], final_fit: &Fit) -> Quality {
    let (a, se) = cv.auc;
    let m = cv.fold_aucs.iter().sum::<f64>() / cv.fold_aucs.len().max(1) as f64;
    let sd = if cv.fold_aucs.len() > 1 {
        (cv.fold_aucs.iter().map(|x| (x - m) * (x - m)).sum::<f64>()
            / (cv.fold_aucs.len() - 1) as f64)
            .sqrt()
    } else {
        0.0
    };
    Quality {
        folds: cv.folds,
        penalty: cv.penalty,
        auc: Estimate {
            value: a,
            low: (a - z * se).max(0.0),
            high: (a + z * se).min(1.0),
        },
        fold_aucs: cv.fold_aucs.clone(),
        fold_sd: sd,
        calibration: cv.calibration,
        candidates: encs.iter().map(|e| e.name.clone()).collect(),
        attributes: final_fit
            .selection
            .iter()
            .map(|a| encs[*a].name.clone())
            .collect(),
    }
}

impl Profile {}

#[cfg(test)]
mod tests;

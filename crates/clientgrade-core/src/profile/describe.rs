//! The attribute profile: each attribute's values among Tier 1 and the rest, with lift intervals, a G-test per attribute and Holm's correction across them.

use super::encode::Encoder;
use super::stats::{g_test, holm, ratio_interval, wilson, z_of};
use super::{
    attribute_value, AttributeProfile, Call, Estimate, Member, Profile, ProfileSettings,
    ValueProfile,
};
use crate::tails::chi_square_sf;

/// Every attribute of `names` described over the customers with a tier
/// (`training`, Tier 1 or not in `tier1_of`): its profile, its encoder when
/// it could be encoded, and the positions of the encoded (tested) ones.
pub(super) fn describe(
    customers: &[Member<'_>],
    training: &[usize],
    tier1_of: &[bool],
    names: &[&str],
    settings: &ProfileSettings,
) -> (Vec<AttributeProfile>, Vec<Option<Encoder>>, Vec<usize>) {
    let n1 = tier1_of.iter().filter(|t| **t).count() as u64;
    let n0 = tier1_of.len() as u64 - n1;
    let z = z_of(settings.confidence);
    let mut attributes = Vec::new();
    let mut encoders: Vec<Option<Encoder>> = Vec::new();
    for name in names {
        let values: Vec<Option<&str>> = training
            .iter()
            .map(|i| attribute_value(customers[*i].attributes, name))
            .collect();
        match Encoder::build(name, &values, settings.bins, settings.min_support) {
            Ok(enc) => {
                let mut table = vec![(0u64, 0u64); enc.levels()];
                for (v, t) in values.iter().zip(tier1_of) {
                    if let (Some(l), _) = enc.code(*v) {
                        if *t {
                            table[l].0 += 1;
                        } else {
                            table[l].1 += 1;
                        }
                    }
                }
                let (g, df) = g_test(&table);
                let values = table
                    .iter()
                    .zip(&enc.labels)
                    .map(|((a, c), label)| value_profile(label, *a, n1, *c, n0, z))
                    .collect();
                attributes.push(AttributeProfile {
                    name: name.to_string(),
                    kind: Some(enc.kind.clone()),
                    skipped: None,
                    values,
                    g,
                    df,
                    p_value: chi_square_sf(g, df),
                    p_adjusted: 1.0,
                    signal: false,
                    in_score: false,
                });
                encoders.push(Some(enc));
            }
            Err(why) => {
                attributes.push(AttributeProfile {
                    name: name.to_string(),
                    kind: None,
                    skipped: Some(why),
                    values: Vec::new(),
                    g: 0.0,
                    df: 0,
                    p_value: 1.0,
                    p_adjusted: 1.0,
                    signal: false,
                    in_score: false,
                });
                encoders.push(None);
            }
        }
    }
    let tested: Vec<usize> = (0..names.len())
        .filter(|a| encoders[*a].is_some())
        .collect();
    let adjusted = holm(
        &tested
            .iter()
            .map(|a| attributes[*a].p_value)
            .collect::<Vec<_>>(),
    );
    for (k, a) in tested.iter().enumerate() {
        let ap = &mut attributes[*a];
        ap.p_adjusted = adjusted[k];
        ap.signal = adjusted[k] < settings.significance;
        let thin = encoders[*a].as_ref().map_or(Vec::new(), |e| e.thin.clone());
        for (l, v) in ap.values.iter_mut().enumerate() {
            v.call = if !ap.signal || thin.get(l).copied().unwrap_or(true) {
                Call::Unclear
            } else if v.lift.low > 1.0 {
                Call::Over
            } else if v.lift.high < 1.0 {
                Call::Under
            } else {
                Call::Unclear
            };
        }
    }
    (attributes, encoders, tested)
}

fn value_profile(label: &str, a: u64, n1: u64, c: u64, n0: u64, z: f64) -> ValueProfile {
    let share = |k: u64, n: u64| {
        let (low, high) = wilson(k, n, z);
        Estimate {
            value: if n > 0 { k as f64 / n as f64 } else { 0.0 },
            low,
            high,
        }
    };
    let (value, low, high) = ratio_interval(a, n1, c, n0, z).unwrap_or((1.0, 0.0, f64::INFINITY));
    ValueProfile {
        label: label.to_string(),
        tier1: a,
        rest: c,
        tier1_share: share(a, n1),
        rest_share: share(c, n0),
        lift: Estimate { value, low, high },
        call: Call::Unclear,
        weight: None,
    }
}

impl Profile {
    /// The attribute values over-represented in Tier 1, strongest first (by
    /// the lower end of the lift interval: the conservative strength).
    pub fn over_represented(&self) -> Vec<(&AttributeProfile, &ValueProfile)> {
        let mut v: Vec<(&AttributeProfile, &ValueProfile)> = self
            .attributes
            .iter()
            .flat_map(|a| a.values.iter().map(move |v| (a, v)))
            .filter(|(_, v)| v.call == Call::Over)
            .collect();
        v.sort_by(|a, b| {
            b.1.lift
                .low
                .total_cmp(&a.1.lift.low)
                .then(a.0.name.cmp(&b.0.name))
        });
        v
    }

    /// The values under-represented in Tier 1, strongest first (by the
    /// upper end of the lift interval).
    pub fn under_represented(&self) -> Vec<(&AttributeProfile, &ValueProfile)> {
        let mut v: Vec<(&AttributeProfile, &ValueProfile)> = self
            .attributes
            .iter()
            .flat_map(|a| a.values.iter().map(move |v| (a, v)))
            .filter(|(_, v)| v.call == Call::Under)
            .collect();
        v.sort_by(|a, b| {
            a.1.lift
                .high
                .total_cmp(&b.1.lift.high)
                .then(a.0.name.cmp(&b.0.name))
        });
        v
    }
}

//! The ideal customer profile in summary.json: `ideal_profile`, every attribute and value with its lift and interval.

use super::{growth_candidates, id_of, LISTED};
use crate::json_values::share_json;
use clientgrade_core::profile::encode::AttributeKind;
use clientgrade_core::profile::{AttributeProfile, ValueProfile};
use clientgrade_core::Portfolio;
use serde_json::{json, Value as Json};

fn value_json(v: &ValueProfile) -> Json {
    json!({
        "value": v.label,
        "tier1_customers": v.tier1,
        "other_customers": v.rest,
        "tier1_share": share_json(Some(v.tier1_share.value)),
        "tier1_share_low": share_json(Some(v.tier1_share.low)),
        "tier1_share_high": share_json(Some(v.tier1_share.high)),
        "other_share": share_json(Some(v.rest_share.value)),
        "other_share_low": share_json(Some(v.rest_share.low)),
        "other_share_high": share_json(Some(v.rest_share.high)),
        "lift": share_json(Some(v.lift.value)),
        "lift_low": share_json(Some(v.lift.low)),
        "lift_high": share_json(Some(v.lift.high)),
        "call": v.call.name(),
        "weight": share_json(v.weight),
    })
}

fn attribute_json(a: &AttributeProfile) -> Json {
    let (kind, edges) = match &a.kind {
        Some(AttributeKind::Text) => ("text", Json::Null),
        Some(AttributeKind::Number { edges }) => (
            "number",
            json!(edges
                .iter()
                .map(|e| share_json(Some(*e)))
                .collect::<Vec<_>>()),
        ),
        None => ("unused", Json::Null),
    };
    json!({
        "name": a.name,
        "kind": kind,
        "bin_edges": edges,
        "skipped": a.skipped,
        "g_statistic": share_json(Some(a.g)),
        "degrees_of_freedom": a.df,
        "p_value": share_json(Some(a.p_value)),
        "p_adjusted": share_json(Some(a.p_adjusted)),
        "signal": a.signal,
        "in_score": a.in_score,
        "values": a.values.iter().map(value_json).collect::<Vec<_>>(),
    })
}

fn listed_json(rows: &[(&AttributeProfile, &ValueProfile)]) -> Json {
    json!(rows
        .iter()
        .map(|(a, v)| json!({
            "attribute": a.name,
            "value": v.label,
            "tier1_share": share_json(Some(v.tier1_share.value)),
            "other_share": share_json(Some(v.rest_share.value)),
            "lift": share_json(Some(v.lift.value)),
            "lift_low": share_json(Some(v.lift.low)),
            "lift_high": share_json(Some(v.lift.high)),
        }))
        .collect::<Vec<_>>())
}

/// `ideal_profile` of summary.json (`null` when the profile is switched off).
pub fn profile_json(p: &Portfolio) -> Json {
    let Some(pr) = &p.profile else {
        return Json::Null;
    };
    let quality = pr.quality.as_ref().map(|q| {
        json!({
            "auc": share_json(Some(q.auc.value)),
            "auc_low": share_json(Some(q.auc.low)),
            "auc_high": share_json(Some(q.auc.high)),
            "confidence": pr.settings.confidence,
            "method": "out-of-fold predictions of k-fold cross-validation (the attribute choice and the penalty made inside the folds); DeLong interval",
            "folds": q.folds,
            "fold_aucs": q.fold_aucs.iter().map(|a| share_json(Some(*a))).collect::<Vec<_>>(),
            "fold_sd": share_json(Some(q.fold_sd)),
            "penalty": q.penalty,
            "calibration": {"intercept": share_json(Some(q.calibration.0)), "slope": share_json(Some(q.calibration.1))},
            "candidate_attributes": q.candidates,
            "attributes_in_score": q.attributes,
        })
    });
    let no_signal: Vec<&str> = pr
        .attributes
        .iter()
        .filter(|a| a.kind.is_some() && !a.signal)
        .map(|a| a.name.as_str())
        .collect();
    let candidates: Vec<Json> = growth_candidates(p)
        .into_iter()
        .take(LISTED)
        .map(|g| {
            json!({
                "customer_id": id_of(g),
                "lookalike_score": share_json(g.lookalike),
            })
        })
        .collect();
    json!({
        "rule": "Tier 1 against Tiers 2–4, among the customers with a tier; lapsed, lost and undecided customers are left out (docs/profile.md)",
        "tier1_customers": pr.tier1,
        "other_customers_with_a_tier": pr.rest,
        "customers_without_a_tier": pr.without_tier,
        "base_rate": share_json(Some(pr.base_rate)),
        "unavailable": pr.unavailable,
        "distinguishes_tier1": pr.distinguishes,
        "statement": pr.statement,
        "quality": quality,
        "over_represented": listed_json(&pr.over_represented()),
        "under_represented": listed_json(&pr.under_represented()),
        "no_signal": no_signal,
        "attributes": pr.attributes.iter().map(attribute_json).collect::<Vec<_>>(),
        "not_in_prospects": pr.not_in_prospects,
        "prospects": pr.prospect_table.as_ref().map(|t| json!({
            "file": "prospects.csv",
            "scored": t.prospects.len(),
            "notes": pr.prospect_notes,
        })),
        "tier2_lookalikes": candidates,
    })
}

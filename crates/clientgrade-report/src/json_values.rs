//! JSON values of figures: money rounded to cents, fractions to six decimals, null when unknown.
//!
//! A leaf: it depends on nothing in the crate, so summary.json, the view
//! model and every section's JSON write a figure the same way.

use clientgrade_core::Money;
use serde_json::{json, Value as Json};

/// Money as a JSON number rounded to cents.
pub fn money_json(m: Money) -> Json {
    let s = m.to_cents_string();
    s.parse::<f64>().map_or(Json::Null, |v| json!(v))
}

/// A fraction as a JSON number with six decimals, or null.
pub fn share_json(v: Option<f64>) -> Json {
    match v {
        Some(x) if x.is_finite() => json!((x * 1e6).round() / 1e6 + 0.0),
        _ => Json::Null,
    }
}

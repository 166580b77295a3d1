//! Characteristics by name, as numbers: what matrix axes, ranking factors and flags refer to.

use crate::Characteristics;

/// Names of the numeric characteristics, as written in the config file and
/// as the columns of `customers.csv`.
pub const MEASURES: &[&str] = &[
    "revenue",
    "revenue_monthly",
    "revenue_lifetime",
    "revenue_previous",
    "growth",
    "growth_low",
    "growth_high",
    "gross_sales",
    "returns",
    "return_rate",
    "cost_of_goods",
    "gross_margin",
    "gross_margin_rate",
    "discounts",
    "discount_rate",
    "service_hours",
    "service_cost",
    "cost_to_serve",
    "profit",
    "profit_margin",
    "profit_previous",
    "profit_margin_previous",
    "orders",
    "orders_previous",
    "orders_per_month",
    "average_order_value",
    "products",
    "recency_days",
    "tenure_days",
    "invoices",
    "avg_days_late",
    "on_time_rate",
    "outstanding",
    "overdue",
    "written_off",
    "complaints",
    "complaints_per_order",
    "complaints_open",
    "avg_days_to_resolve",
    "revenue_share",
    "service_share",
    "effort_ratio",
];

/// The value of characteristic `name`; `None` when the customer has none
/// (or the name is unknown: check it with [`is_measure`] first).
pub fn measure(c: &Characteristics, name: &str) -> Option<f64> {
    let m = |v: crate::Money| Some(v.to_f64());
    match name {
        "revenue" => m(c.revenue),
        "revenue_monthly" => m(c.revenue_monthly),
        "revenue_lifetime" => m(c.revenue_lifetime),
        "revenue_previous" => m(c.revenue_previous),
        "growth" => c.growth,
        "growth_low" => c.growth_low,
        "growth_high" => c.growth_high,
        "gross_sales" => m(c.gross_sales),
        "returns" => m(c.returns),
        "return_rate" => c.return_rate,
        "cost_of_goods" => c.cost_of_goods.map(|v| v.to_f64()),
        "gross_margin" => c.gross_margin.map(|v| v.to_f64()),
        "gross_margin_rate" => c.gross_margin_rate,
        "discounts" => m(c.discounts),
        "discount_rate" => c.discount_rate,
        "service_hours" => Some(c.service_hours),
        "service_cost" => m(c.service_cost),
        "cost_to_serve" => m(c.cost_to_serve),
        "profit" => c.profit.map(|v| v.to_f64()),
        "profit_margin" => c.profit_margin,
        "profit_previous" => c.profit_previous.map(|v| v.to_f64()),
        "profit_margin_previous" => c.profit_margin_previous,
        "orders" => Some(c.orders as f64),
        "orders_previous" => Some(c.orders_previous as f64),
        "orders_per_month" => Some(c.orders_per_month),
        "average_order_value" => c.average_order_value.map(|v| v.to_f64()),
        "products" => c.products.map(|v| v as f64),
        "recency_days" => c.recency_days.map(f64::from),
        "tenure_days" => c.tenure_days.map(f64::from),
        "invoices" => c.invoices.map(|v| v as f64),
        "avg_days_late" => c.avg_days_late,
        "on_time_rate" => c.on_time_rate,
        "outstanding" => c.outstanding.map(|v| v.to_f64()),
        "overdue" => c.overdue.map(|v| v.to_f64()),
        "written_off" => c.written_off.map(|v| v.to_f64()),
        "complaints" => c.complaints.map(|v| v as f64),
        "complaints_per_order" => c.complaints_per_order,
        "complaints_open" => c.complaints_open.map(|v| v as f64),
        "avg_days_to_resolve" => c.avg_days_to_resolve,
        "revenue_share" => Some(c.revenue_share),
        "service_share" => c.service_share,
        "effort_ratio" => c.effort_ratio,
        _ => None,
    }
    .filter(|v| !v.is_nan())
}

/// Whether `name` is a numeric characteristic.
pub fn is_measure(name: &str) -> bool {
    MEASURES.contains(&name)
}

/// What a characteristic's numbers are, for showing them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Currency amounts.
    Money,
    /// Fractions shown as percentages (0.25 is 25%).
    Fraction,
    /// Times (a ratio of two shares).
    Times,
    /// Counts, days, hours.
    Number,
}

/// The unit of characteristic `name`.
pub fn unit(name: &str) -> Unit {
    match name {
        "revenue"
        | "revenue_monthly"
        | "revenue_lifetime"
        | "revenue_previous"
        | "gross_sales"
        | "returns"
        | "cost_of_goods"
        | "gross_margin"
        | "discounts"
        | "service_cost"
        | "cost_to_serve"
        | "profit"
        | "profit_previous"
        | "average_order_value"
        | "outstanding"
        | "overdue"
        | "written_off" => Unit::Money,
        "growth"
        | "growth_low"
        | "growth_high"
        | "return_rate"
        | "gross_margin_rate"
        | "discount_rate"
        | "profit_margin"
        | "profit_margin_previous"
        | "on_time_rate"
        | "revenue_share"
        | "service_share" => Unit::Fraction,
        "effort_ratio" => Unit::Times,
        _ => Unit::Number,
    }
}

/// A characteristic's name as a reader says it: `profit_margin` →
/// `Profit margin`, `revenue` → `Revenue in the window`.
pub fn label(name: &str) -> String {
    let fixed = match name {
        "revenue" => "Revenue in the window",
        "revenue_monthly" => "Revenue per month",
        "revenue_lifetime" => "Revenue to date",
        "revenue_previous" => "Revenue in the previous window",
        "growth" => "Revenue growth",
        "gross_margin_rate" => "Gross margin",
        "profit_margin" => "Profit margin after the cost to serve",
        "profit" => "Profit after the cost to serve",
        "effort_ratio" => "Service effort share ÷ revenue share",
        "recency_days" => "Days since the last purchase",
        "tenure_days" => "Days as a customer",
        "avg_days_late" => "Average days paid late",
        "on_time_rate" => "Invoices paid on time",
        _ => "",
    };
    if !fixed.is_empty() {
        return fixed.into();
    }
    let mut s = name.replace('_', " ");
    if let Some(first) = s.get(..1) {
        let up = first.to_uppercase();
        s.replace_range(..1, &up);
    }
    s
}

/// The median of the finite values (mean of the two middle ones).
pub fn median(values: &[f64]) -> Option<f64> {
    percentile(values, 0.5)
}

/// The `p` quantile (0–1) of the finite values, linear between ranks.
pub fn percentile(values: &[f64], p: f64) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let pos = p.clamp(0.0, 1.0) * (v.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    Some(v[lo] + (v[hi] - v[lo]) * (pos - lo as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(percentile(&[0.0, 10.0], 0.9), Some(9.0));
        assert_eq!(median(&[f64::NAN]), None);
    }

    #[test]
    fn labels_and_units() {
        assert_eq!(
            label("profit_margin"),
            "Profit margin after the cost to serve"
        );
        assert_eq!(label("complaints_per_order"), "Complaints per order");
        assert_eq!(unit("profit_margin"), Unit::Fraction);
        assert_eq!(unit("revenue"), Unit::Money);
        assert_eq!(unit("orders"), Unit::Number);
        for m in MEASURES {
            assert!(!label(m).is_empty());
        }
    }
}

//! Characteristics by name: the one table of their names, kinds, units and labels, and their values as numbers (what matrix axes, ranking factors and flags refer to).

use crate::{Characteristics, Date, Money, ValueKind};

/// How a characteristic is read from [`Characteristics`]; the variant is its
/// kind of value, so the table cannot say one kind and give another.
#[derive(Clone, Copy)]
pub enum Getter {
    /// An amount of money.
    Money(fn(&Characteristics) -> Option<Money>),
    /// A fraction, ratio, rate or other real number.
    Float(fn(&Characteristics) -> Option<f64>),
    /// A count of things or of days.
    Count(fn(&Characteristics) -> Option<i64>),
    /// A date.
    Date(fn(&Characteristics) -> Option<Date>),
    /// A word from a fixed set.
    Text(fn(&Characteristics) -> &'static str),
}

/// One characteristic: its name (in the config file and as a column of
/// `customers.csv`), how it reads, its unit and reader's label.
#[derive(Clone, Copy)]
pub struct Characteristic {
    /// Name, as written in the config file and `customers.csv`.
    pub name: &'static str,
    /// How the value is read.
    pub get: Getter,
    /// Unit, for showing it.
    pub unit: Unit,
    /// A label other than the name spelled out, if any (see [`label`]).
    label: Option<&'static str>,
}

impl Characteristic {
    const fn new(name: &'static str, get: Getter, unit: Unit) -> Self {
        Self {
            name,
            get,
            unit,
            label: None,
        }
    }

    /// Whether it is a number (a measure) the matrix axes, ranking factors
    /// and flags may refer to: every characteristic but dates and words.
    pub const fn is_measure(&self) -> bool {
        !matches!(self.get, Getter::Date(_) | Getter::Text(_))
    }

    const fn labelled(mut self, label: &'static str) -> Self {
        self.label = Some(label);
        self
    }

    /// The kind of value of its column.
    pub const fn kind(&self) -> ValueKind {
        match self.get {
            Getter::Money(_) => ValueKind::Money,
            Getter::Float(_) => ValueKind::Float,
            Getter::Count(_) => ValueKind::Int,
            Getter::Date(_) => ValueKind::Date,
            Getter::Text(_) => ValueKind::Text,
        }
    }

    /// Its value for one customer as a number; `None` for a date or a word,
    /// and when the customer has none.
    pub fn number(&self, c: &Characteristics) -> Option<f64> {
        match self.get {
            Getter::Money(f) => f(c).map(Money::to_f64),
            Getter::Float(f) => f(c),
            Getter::Count(f) => f(c).map(|v| v as f64),
            Getter::Date(_) | Getter::Text(_) => None,
        }
        .filter(|v| !v.is_nan())
    }
}

const fn money(name: &'static str, get: fn(&Characteristics) -> Option<Money>) -> Characteristic {
    Characteristic::new(name, Getter::Money(get), Unit::Money)
}

const fn fraction(name: &'static str, get: fn(&Characteristics) -> Option<f64>) -> Characteristic {
    Characteristic::new(name, Getter::Float(get), Unit::Fraction)
}

const fn real(name: &'static str, get: fn(&Characteristics) -> Option<f64>) -> Characteristic {
    Characteristic::new(name, Getter::Float(get), Unit::Number)
}

const fn count(name: &'static str, get: fn(&Characteristics) -> Option<i64>) -> Characteristic {
    Characteristic::new(name, Getter::Count(get), Unit::Number)
}

const fn date(name: &'static str, get: fn(&Characteristics) -> Option<Date>) -> Characteristic {
    Characteristic::new(name, Getter::Date(get), Unit::Number)
}

const fn word(name: &'static str, get: fn(&Characteristics) -> &'static str) -> Characteristic {
    Characteristic::new(name, Getter::Text(get), Unit::Number)
}

/// Every characteristic, in the order of the columns of `customers.csv`:
/// the one list of their names, kinds, units and labels.
pub const CHARACTERISTICS: &[Characteristic] = &[
    money("revenue", |c| Some(c.revenue)).labelled("Revenue in the window"),
    money("revenue_monthly", |c| Some(c.revenue_monthly)).labelled("Revenue per month"),
    money("revenue_lifetime", |c| Some(c.revenue_lifetime)).labelled("Revenue to date"),
    money("revenue_previous", |c| Some(c.revenue_previous))
        .labelled("Revenue in the previous window"),
    fraction("growth", |c| c.growth).labelled("Revenue growth"),
    fraction("growth_low", |c| c.growth_low),
    fraction("growth_high", |c| c.growth_high),
    word("growth_call", |c| c.growth_call.name()),
    word("new_in_window", |c| {
        if c.new_in_window {
            "true"
        } else {
            "false"
        }
    }),
    money("gross_sales", |c| Some(c.gross_sales)),
    money("returns", |c| Some(c.returns)),
    fraction("return_rate", |c| c.return_rate),
    money("cost_of_goods", |c| c.cost_of_goods),
    money("gross_margin", |c| c.gross_margin),
    fraction("gross_margin_rate", |c| c.gross_margin_rate).labelled("Gross margin"),
    money("discounts", |c| Some(c.discounts)),
    fraction("discount_rate", |c| c.discount_rate),
    real("service_hours", |c| Some(c.service_hours)),
    money("service_cost", |c| Some(c.service_cost)),
    money("return_handling", |c| Some(c.return_handling)),
    money("cost_to_serve", |c| Some(c.cost_to_serve)),
    money("profit", |c| c.profit).labelled("Profit after the cost to serve"),
    fraction("profit_margin", |c| c.profit_margin)
        .labelled("Profit margin after the cost to serve"),
    money("profit_previous", |c| c.profit_previous),
    fraction("profit_margin_previous", |c| c.profit_margin_previous),
    count("orders", |c| Some(c.orders as i64)),
    count("orders_previous", |c| Some(c.orders_previous as i64)),
    real("orders_per_month", |c| Some(c.orders_per_month)),
    money("average_order_value", |c| c.average_order_value),
    count("products", |c| c.products.map(|v| v as i64)),
    date("first_purchase", |c| c.first_purchase),
    date("last_purchase", |c| c.last_purchase),
    date("customer_since", |c| c.customer_since),
    count("recency_days", |c| c.recency_days.map(i64::from))
        .labelled("Days since the last purchase"),
    count("tenure_days", |c| c.tenure_days.map(i64::from)).labelled("Days as a customer"),
    count("invoices", |c| c.invoices.map(|v| v as i64)),
    real("avg_days_late", |c| c.avg_days_late).labelled("Average days paid late"),
    fraction("on_time_rate", |c| c.on_time_rate).labelled("Invoices paid on time"),
    money("outstanding", |c| c.outstanding),
    money("overdue", |c| c.overdue),
    money("written_off", |c| c.written_off),
    count("complaints", |c| c.complaints.map(|v| v as i64)),
    real("complaints_per_order", |c| c.complaints_per_order),
    count("complaints_open", |c| c.complaints_open.map(|v| v as i64)),
    real("avg_days_to_resolve", |c| c.avg_days_to_resolve),
    fraction("revenue_share", |c| Some(c.revenue_share)),
    fraction("service_share", |c| c.service_share),
    Characteristic::new(
        "effort_ratio",
        Getter::Float(|c| c.effort_ratio),
        Unit::Times,
    )
    .labelled("Service effort share ÷ revenue share"),
];

/// The characteristic called `name`, if there is one.
pub fn characteristic(name: &str) -> Option<&'static Characteristic> {
    CHARACTERISTICS.iter().find(|c| c.name == name)
}

/// Names of the numeric characteristics (the measures), in table order.
pub fn measure_names() -> impl Iterator<Item = &'static str> {
    CHARACTERISTICS
        .iter()
        .filter(|c| c.is_measure())
        .map(|c| c.name)
}

/// The value of characteristic `name`; `None` when the customer has none
/// (or the name is not a measure: check it with [`is_measure`] first).
pub fn measure(c: &Characteristics, name: &str) -> Option<f64> {
    characteristic(name).and_then(|m| m.number(c))
}

/// Whether `name` is a numeric characteristic.
pub fn is_measure(name: &str) -> bool {
    characteristic(name).is_some_and(Characteristic::is_measure)
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

/// The unit of characteristic `name` (a number, when it is not one).
pub fn unit(name: &str) -> Unit {
    characteristic(name).map_or(Unit::Number, |m| m.unit)
}

/// A characteristic's name as a reader says it: `profit_margin` →
/// `Profit margin after the cost to serve`, `revenue` → `Revenue in the window`,
/// otherwise the name spelled out (`complaints_per_order` → `Complaints per order`).
pub fn label(name: &str) -> String {
    if let Some(fixed) = characteristic(name).and_then(|m| m.label) {
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
        for m in measure_names() {
            assert!(!label(m).is_empty());
        }
    }

    #[test]
    fn every_characteristic_has_one_name() {
        let mut names: Vec<&str> = CHARACTERISTICS.iter().map(|c| c.name).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(
            names.len(),
            before,
            "a name appears twice in CHARACTERISTICS"
        );
        assert!(!is_measure("growth_call") && !is_measure("first_purchase"));
        assert!(is_measure("effort_ratio") && !is_measure("no_such_thing"));
        // every numeric column of customers.csv, as docs/configuration.md says
        assert!(is_measure("return_handling"));
    }

    #[test]
    fn measures_read_their_own_field() {
        let p =
            crate::testkit::portfolio(vec![crate::testkit::steady("A", 900, 1_000, 4, 700)], false);
        let mut c = p.customers[0].characteristics.clone();
        assert_eq!(measure(&c, "revenue"), Some(1_000.0));
        assert_eq!(measure(&c, "orders"), Some(4.0));
        c.complaints_per_order = Some(0.25);
        c.recency_days = Some(17);
        c.profit = None;
        assert_eq!(measure(&c, "complaints_per_order"), Some(0.25));
        assert_eq!(measure(&c, "recency_days"), Some(17.0));
        assert_eq!(measure(&c, "profit"), None);
        assert_eq!(measure(&c, "first_purchase"), None);
        c.growth = Some(f64::NAN);
        assert_eq!(measure(&c, "growth"), None, "NaN is never a value");
    }
}

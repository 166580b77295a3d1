//! The window's money reconciled (revenue − cost of goods − service − return handling = profit), and what is unknown and why.

use clientgrade_core::{Money, Portfolio};

/// Why profit (and cost of goods) is unknown, with the keys that make it known.
pub const NO_COST_DATA: &str = "not known: no costs given — map a cost column \
     ([transactions.columns] cost = \"…\") or set costs.assumed-gross-margin (e.g. 0.3) in the config";

/// Whether profit is known: a cost column, or an assumed gross margin.
pub fn profit_known(p: &Portfolio) -> bool {
    p.coverage.cost_of_goods || p.settings.costs.assumed_gross_margin.is_some()
}

/// A profit figure for a reader: the amount, or `unknown` when there is no
/// cost data.
pub fn profit_text(p: &Portfolio, m: Money) -> String {
    if profit_known(p) {
        m.to_display_string()
    } else {
        "unknown".into()
    }
}

/// A profit sum for JSON: null when profit is unknown (no cost data).
pub(crate) fn profit_json(p: &Portfolio, m: Money) -> serde_json::Value {
    if profit_known(p) {
        crate::json_values::money_json(m)
    } else {
        serde_json::Value::Null
    }
}

/// The money of a group of customers in the window.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct MoneyLine {
    /// Customers.
    pub customers: u64,
    /// Net revenue (after discounts and returns).
    pub revenue: Money,
    /// Discounts given (already out of net revenue).
    pub discounts: Money,
    /// Cost of goods (zero when unknown).
    pub cost_of_goods: Money,
    /// Service cost.
    pub service: Money,
    /// Return handling.
    pub return_handling: Money,
    /// `revenue − cost_of_goods − service − return_handling` (zero when unknown).
    pub profit: Money,
}

impl MoneyLine {
    fn add(&mut self, c: &clientgrade_core::Characteristics) {
        self.customers += 1;
        self.revenue += c.revenue;
        self.discounts += c.discounts;
        self.cost_of_goods += c.cost_of_goods.unwrap_or(Money::ZERO);
        self.service += c.service_cost;
        self.return_handling += c.return_handling;
        self.profit += c.profit.unwrap_or(Money::ZERO);
    }

    /// Service, return handling and discounts: `cost_to_serve` of customers.csv.
    pub fn cost_to_serve(&self) -> Money {
        self.service + self.return_handling + self.discounts
    }
}

/// The headline money: every customer, split into those who bought in the
/// window (the tier table) and the lapsed and lost ones (credits, service).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Headline {
    /// Every customer.
    pub all: MoneyLine,
    /// Customers who bought in the window.
    pub buyers: MoneyLine,
    /// Lapsed and lost customers: credits and service dated in the window.
    pub others: MoneyLine,
    /// Whether profit and cost of goods are known.
    pub profit_known: bool,
}

impl MoneyLine {
    /// The line for `summary.json`: cost of goods and profit are null when
    /// they are unknown (no cost data), never zero.
    pub fn json(&self, profit_known: bool) -> serde_json::Value {
        use crate::json_values::money_json;
        let known = |m: Money| {
            if profit_known {
                money_json(m)
            } else {
                serde_json::Value::Null
            }
        };
        serde_json::json!({
            "customers": self.customers,
            "revenue": money_json(self.revenue),
            "discounts_already_out_of_revenue": money_json(self.discounts),
            "cost_of_goods": known(self.cost_of_goods),
            "service": money_json(self.service),
            "return_handling": money_json(self.return_handling),
            "service_and_returns": money_json(self.service + self.return_handling),
            "profit": known(self.profit),
        })
    }
}

impl Headline {
    /// The `money` part of `summary.json`: every customer, the customers who
    /// bought in the window (the tier table) and the lapsed and lost ones,
    /// each reconciling as revenue − cost of goods − service − return
    /// handling = profit.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "rule": "profit = revenue - cost_of_goods - service - return_handling; revenue is net of discounts and returns, so discounts are not subtracted again",
            "profit_known": self.profit_known,
            "profit_unknown_reason": (!self.profit_known).then_some(NO_COST_DATA),
            "every_customer": self.all.json(self.profit_known),
            "bought_in_window": self.buyers.json(self.profit_known),
            "lapsed_and_lost": self.others.json(self.profit_known),
        })
    }
}

/// Sum the money of the window.
pub fn headline(p: &Portfolio) -> Headline {
    let mut h = Headline {
        all: MoneyLine::default(),
        buyers: MoneyLine::default(),
        others: MoneyLine::default(),
        profit_known: profit_known(p),
    };
    for g in &p.customers {
        h.all.add(&g.characteristics);
        if g.status.graded() {
            h.buyers.add(&g.characteristics);
        } else {
            h.others.add(&g.characteristics);
        }
    }
    h
}

/// The money of each tier (index 0 = Tier 1) and of the customers who
/// bought in the window without a tier.
pub fn by_tier(p: &Portfolio) -> ([MoneyLine; 4], MoneyLine) {
    let mut tiers = [MoneyLine::default(); 4];
    let mut undecided = MoneyLine::default();
    for g in p.customers.iter().filter(|g| g.status.graded()) {
        match g.tier.tier {
            Some(t) => tiers[usize::from(t.number() - 1)].add(&g.characteristics),
            None => undecided.add(&g.characteristics),
        }
    }
    (tiers, undecided)
}

fn money(m: Money) -> String {
    m.to_display_string()
}

/// The reconciliation in one line: `revenue 100.00 − cost of goods 60.00 −
/// service 10.00 − return handling 0.00 = profit 30.00`, or what is unknown.
pub fn reconciliation(h: &Headline, line: &MoneyLine) -> String {
    if h.profit_known {
        format!(
            "revenue {} − cost of goods {} − service {} − return handling {} = profit {}",
            money(line.revenue),
            money(line.cost_of_goods),
            money(line.service),
            money(line.return_handling),
            money(line.profit)
        )
    } else {
        format!(
            "revenue {}; cost of goods and profit {NO_COST_DATA}",
            money(line.revenue)
        )
    }
}

/// What else a reader needs to reconcile the figures: discounts, the
/// cost to serve, and the lapsed and lost customers' part.
pub fn reconciliation_notes(p: &Portfolio, h: &Headline) -> Vec<String> {
    let mut v = Vec::new();
    if p.coverage.discounts {
        v.push(format!(
            "revenue is net of {} of discounts given: they are already out of revenue, so profit \
             does not subtract them again; the cost_to_serve column of customers.csv \
             (service + return handling + discounts) counts them: {}",
            money(h.all.discounts),
            money(h.all.cost_to_serve())
        ));
    }
    let others = |n: u64| {
        if n == 1 {
            "the 1 lapsed or lost customer adds".to_string()
        } else {
            format!(
                "the {} lapsed and lost customers add",
                crate::format::thousands(n)
            )
        }
    };
    if h.others.customers > 0 && (h.others.revenue.raw() != 0 || h.others.profit.raw() != 0) {
        v.push(if h.profit_known {
            format!(
                "the {} customers who bought in the window (the tier table) make revenue {} and \
                 profit {}; {} revenue {} and profit {} \
                 (credits, returns or service dated in the window)",
                crate::format::thousands(h.buyers.customers),
                money(h.buyers.revenue),
                money(h.buyers.profit),
                others(h.others.customers),
                money(h.others.revenue),
                money(h.others.profit)
            )
        } else {
            format!(
                "the {} customers who bought in the window make revenue {}; {} {} \
                 (credits or returns dated in the window)",
                crate::format::thousands(h.buyers.customers),
                money(h.buyers.revenue),
                others(h.others.customers),
                money(h.others.revenue)
            )
        });
    }
    v
}

/// Costs that are not counted, each with the key that counts them.
pub fn unknown_costs(p: &Portfolio) -> Vec<String> {
    let c = &p.coverage;
    let s = &p.settings.costs;
    let mut v = Vec::new();
    // without any cost data the reconciliation line says so, with the keys
    if let (false, Some(m)) = (c.cost_of_goods, s.assumed_gross_margin) {
        v.push(format!(
            "cost of goods is assumed at {} of revenue for every customer \
             (costs.assumed-gross-margin = {m}): margins and profit are estimates",
            crate::format::pct(1.0 - m)
        ));
    }
    if !c.service {
        v.push(
            "service is not counted: there is no service table (add one with [service] path)"
                .into(),
        );
    } else if !c.service_costed && s.cost_per_service_event == 0.0 {
        v.push(
            "service events are not priced: the service table has neither hours nor cost \
             (set costs.cost-per-service-event)"
                .into(),
        );
    }
    let returned = p
        .customers
        .iter()
        .any(|g| g.characteristics.returns.raw() > 0);
    if returned && s.return_handling_cost == 0.0 {
        v.push(
            "handling returns costs nothing in these figures (set costs.return-handling-cost \
             to the cost of one returned line)"
                .into(),
        );
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use clientgrade_core::{
        grade, AnalysisWindow, Coverage, CustomerFacts, CustomerId, Date, Settings,
    };

    fn facts(id: &str, revenue: i64, cost: i64, last: (i32, u32, u32)) -> CustomerFacts {
        CustomerFacts {
            id: Some(CustomerId::new(id)),
            revenue: Money::from_units(revenue),
            cost_of_goods: Money::from_units(cost),
            first_purchase: Date::from_ymd(2023, 1, 5),
            last_purchase: Date::from_ymd(last.0, last.1, last.2),
            ..CustomerFacts::default()
        }
    }

    fn window() -> AnalysisWindow {
        AnalysisWindow::new(Date::from_ymd(2025, 12, 31).unwrap(), 12)
    }

    #[test]
    fn the_headline_reconciles_and_names_the_lapsed_part() {
        let mut lapsed = facts("L", 0, 0, (2024, 6, 1));
        // a credit dated in the window of a customer who bought nothing there
        lapsed.revenue = Money::from_raw(-28_900);
        let all = vec![facts("A", 1_000, 600, (2025, 11, 1)), lapsed];
        let cov = Coverage {
            cost_of_goods: true,
            ..Coverage::default()
        };
        let p = grade(all, cov, &Settings::default(), window());
        let h = headline(&p);
        assert!(h.profit_known);
        assert_eq!(h.all.revenue, h.buyers.revenue + h.others.revenue);
        assert_eq!(
            h.all.profit,
            h.all.revenue - h.all.cost_of_goods - h.all.service - h.all.return_handling
        );
        assert_eq!(h.all.profit, p.total.profit);
        assert_eq!(
            reconciliation(&h, &h.all),
            "revenue 997.11 − cost of goods 600.00 − service 0.00 − return handling 0.00 = profit 397.11"
        );
        let notes = reconciliation_notes(&p, &h).join("\n");
        assert!(
            notes.contains("make revenue 1,000.00 and profit 400.00; the 1 lapsed or lost customer adds revenue -2.89 and profit -2.89"),
            "{notes}"
        );
    }

    #[test]
    fn without_cost_data_profit_is_unknown_with_the_key_that_makes_it_known() {
        let p = grade(
            vec![facts("A", 1_000, 0, (2025, 11, 1))],
            Coverage::default(),
            &Settings::default(),
            window(),
        );
        let h = headline(&p);
        assert!(!h.profit_known);
        assert_eq!(profit_text(&p, h.all.profit), "unknown");
        let r = reconciliation(&h, &h.all);
        assert!(
            r.contains("cost of goods and profit not known: no costs given"),
            "{r}"
        );
        assert!(r.contains("costs.assumed-gross-margin"), "{r}");
        assert!(
            !r.contains("0.00 profit") && !r.contains("profit 0.00"),
            "{r}"
        );
        let u = unknown_costs(&p).join("\n");
        assert!(u.contains("no service table"), "{u}");
    }
}

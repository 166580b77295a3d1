//! Fitting BG/NBD and Gamma–Gamma on the graded customers and attaching their lifetime figures.

use clientgrade_btyd::{clv, scorecard, BgNbd, Customer, GammaGamma, Spend};
use clientgrade_core::{CustomerLifetime, Date, Holdout, Lifetime, Portfolio};

/// Fewest customers with purchases to fit the purchase model.
const MIN_CUSTOMERS: usize = 30;
/// Fewest repeat buyers to fit the spend model.
const MIN_REPEAT_BUYERS: usize = 20;

/// The models could not be fitted: `why` becomes a note, and is returned
/// for summary.json and the report.
fn not_fitted(p: &mut Portfolio, why: String) -> Option<String> {
    p.notes.push(format!(
        "lifetime values (BG/NBD, Gamma–Gamma) not computed: {why}"
    ));
    Some(why)
}

/// Fit the models (time in weeks, up to as-of) and attach per-customer
/// values; with `holdout_end`, compare predicted and actual purchase days
/// after as-of. Returns why the models could not be fitted, when they
/// could not (no value is ever NaN or infinite: such a figure is left out
/// and counted in the notes).
pub(crate) fn attach(p: &mut Portfolio, holdout_end: Option<Date>) -> Option<String> {
    let settings = p.settings.lifetime.clone();
    if !settings.enabled {
        return None;
    }
    let as_of = p.window.as_of;
    // (position, summary, average repeat value)
    let rows: Vec<(usize, Customer, Option<f64>)> = p
        .customers
        .iter()
        .enumerate()
        .filter_map(|(i, g)| {
            let f = &g.facts;
            let (first, last) = (f.first_purchase?, f.last_purchase?);
            let x = f.purchase_days.saturating_sub(1) as f64;
            let c = Customer {
                x,
                t_x: f64::from(last.days_since(first)) / 7.0,
                t: f64::from(as_of.days_since(first)) / 7.0,
            };
            let repeat = (x > 0.0).then(|| (f.revenue_lifetime - f.first_day_value).to_f64() / x);
            Some((i, c, repeat))
        })
        .collect();
    let mut notes = Vec::new();
    if rows.len() < MIN_CUSTOMERS {
        return not_fitted(
            p,
            format!(
                "{} customers with purchases, the models need at least {MIN_CUSTOMERS}",
                rows.len()
            ),
        );
    }
    if rows.iter().all(|r| r.1.x == 0.0) {
        return not_fitted(
            p,
            format!(
                "none of the {} customers bought on more than one day; the purchase model learns \
                 how often customers come back from their repeat purchases, so it cannot be \
                 fitted without any",
                rows.len()
            ),
        );
    }
    let customers: Vec<Customer> = rows.iter().map(|r| r.1).collect();
    let (bg, bg_fit) = BgNbd::fit(&customers);
    if !bg_fit.is_finite() {
        return not_fitted(
            p,
            "the purchase model (BG/NBD) fit ended on numbers that are not finite".into(),
        );
    }
    let spend: Vec<Spend> = rows
        .iter()
        .filter_map(|r| {
            Some(Spend {
                x: r.1.x,
                m: r.2.filter(|m| *m > 0.0)?,
            })
        })
        .collect();
    let gg = (spend.len() >= MIN_REPEAT_BUYERS).then(|| GammaGamma::fit(&spend));
    let gg_finite = gg.as_ref().is_none_or(|(_, f)| f.is_finite());
    if !gg_finite {
        notes.push(
            "the spend model (Gamma–Gamma) fit ended on numbers that are not finite: CLV not computed"
                .into(),
        );
    }
    if gg.is_none() {
        notes.push(format!(
            "no spend model: {} repeat buyers with a positive average, at least {MIN_REPEAT_BUYERS} needed; CLV not computed",
            spend.len()
        ));
    }
    if !bg_fit.converged {
        notes.push("the BG/NBD fit did not converge: lifetime figures are not reported".into());
    }
    let gg_usable = gg
        .as_ref()
        .filter(|(m, f)| gg_finite && f.converged && m.q > 1.0)
        .map(|g| g.0);
    if gg_finite && gg.as_ref().is_some_and(|(m, f)| !f.converged || m.q <= 1.0) {
        notes.push(
            "the Gamma–Gamma fit did not converge or has q ≤ 1 (no finite mean): CLV not computed"
                .into(),
        );
    }
    if bg_fit.converged {
        let months = (settings.horizon_weeks / (52.0 / 12.0)).round().max(1.0) as u32;
        let per_period = (1.0 + settings.discount_rate)
            .powf(settings.horizon_weeks / 52.0 / f64::from(months))
            - 1.0;
        let one = |c: &Customer, repeat: &Option<f64>| {
            let expected = bg
                .expected_purchases(settings.horizon_weeks, c)
                .filter(|v| v.is_finite())?;
            let p_alive = Some(bg.p_alive(c)).filter(|v| v.is_finite())?;
            // BG/NBD: nobody drops out before a repeat purchase, so x = 0 gives 1
            let p_alive = (c.x > 0.0).then_some(p_alive);
            let value = gg_usable
                .map(|m| m.expected_value(c.x, repeat.filter(|v| *v > 0.0).unwrap_or(0.0)));
            let value = value.filter(|v| v.is_finite() && *v > 0.0);
            Some(CustomerLifetime {
                p_alive,
                expected_purchases: expected,
                expected_spend: value,
                expected_revenue: value
                    .and_then(|v| clv(&bg, c, v, settings.horizon_weeks, months, per_period))
                    .filter(|v| v.is_finite()),
                clv_profit: None,
            })
        };
        // each customer on its own: split over the cores, same values in the same order
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = rows.len().div_ceil(threads).max(1);
        let values: Vec<Option<CustomerLifetime>> =
            clientgrade_core::parallel::on_threads(threads, rows.chunks(chunk).collect(), |part| {
                part.iter().map(|(_, c, r)| one(c, r)).collect::<Vec<_>>()
            })
            .into_iter()
            .flatten()
            .collect();
        let mut missing = 0;
        for ((i, _, _), v) in rows.iter().zip(values) {
            if v.is_some() {
                p.customers[*i].lifetime = v;
            } else {
                missing += 1;
            }
        }
        if missing > 0 {
            notes.push(format!(
                "{missing} customers have no lifetime figures: the model gave no finite value for them"
            ));
        }
        in_profit(p);
        for g in &mut p.customers {
            if let Some(l) = &g.lifetime {
                let Some(p_alive) = l.p_alive else {
                    g.status_reason.push_str(
                        "; P(alive) not estimated for a one-time buyer (BG/NBD assumes nobody \
                         leaves before a repeat purchase)",
                    );
                    continue;
                };
                let pct = clientgrade_core::evidence::percent(p_alive);
                let text = match g.rhythm.season {
                    Some(s) => format!(
                        "; P(alive) {pct} from BG/NBD, which does not model seasons: it {}, so it is judged by its season",
                        s.text()
                    ),
                    None => format!("; P(alive) {pct}"),
                };
                g.status_reason.push_str(&text);
            }
        }
        p.reconsider_actions();
    }
    let holdout = holdout_end.filter(|_| bg_fit.converged).map(|end| {
        let weeks = f64::from(end.days_since(as_of)) / 7.0;
        let rows: Vec<(f64, f64, f64)> = rows
            .iter()
            .filter_map(|(i, c, _)| {
                let predicted = bg.expected_purchases(weeks, c).filter(|v| v.is_finite())?;
                Some((
                    c.x,
                    predicted,
                    p.customers[*i].facts.holdout_purchase_days as f64,
                ))
            })
            .collect();
        Holdout {
            end,
            weeks,
            scorecard: scorecard(&rows),
        }
    });
    p.lifetime = Some(Lifetime {
        bgnbd: bg_fit.record("BG/NBD", customers.len()),
        gamma_gamma: gg
            .as_ref()
            .map(|(_, f)| f.record("Gamma–Gamma", spend.len())),
        settings,
        notes,
        holdout,
    });
    None
}

/// Lifetime value in profit: the discounted expected revenue times the
/// customer's gross margin rate, minus its cost to serve per order (service
/// and return handling; discounts are already out of revenue) for each
/// expected order, discounted alike: `expected revenue × (margin − cost per
/// order / expected spend)`. The margin rate and the cost per order are the
/// window's, else the previous window's (lapsed customers), else the
/// portfolio's margin and no cost.
fn in_profit(p: &mut Portfolio) {
    let (revenue, margin): (f64, f64) = p
        .customers
        .iter()
        .filter_map(|g| {
            let c = &g.characteristics;
            Some((c.revenue.to_f64(), c.gross_margin?.to_f64()))
        })
        .fold((0.0, 0.0), |a, b| (a.0 + b.0, a.1 + b.1));
    let portfolio_margin = (revenue > 0.0).then(|| margin / revenue);
    for g in &mut p.customers {
        let c = &g.characteristics;
        let Some(l) = &mut g.lifetime else { continue };
        let (Some(expected), Some(spend)) = (l.expected_revenue, l.expected_spend) else {
            continue;
        };
        let window = c
            .gross_margin_rate
            .filter(|_| c.revenue.raw() > 0)
            .map(|m| {
                let per_order =
                    (c.service_cost + c.return_handling).to_f64() / c.orders.max(1) as f64;
                (m, per_order)
            });
        let previous = c
            .gross_margin_previous
            .filter(|_| c.revenue_previous.raw() > 0)
            .map(|g| {
                (
                    g.to_f64() / c.revenue_previous.to_f64(),
                    c.service_cost_previous.to_f64() / c.orders_previous.max(1) as f64,
                )
            });
        let Some((margin, per_order)) = window
            .or(previous)
            .or_else(|| portfolio_margin.map(|m| (m, 0.0)))
        else {
            continue;
        };
        if c.gross_margin.is_none() {
            continue;
        }
        // a product too large for a number is left out, never infinite
        l.clv_profit = Some(expected * (margin - per_order / spend)).filter(|v| v.is_finite());
    }
}

#[cfg(test)]
mod tests {
    use clientgrade_core::{
        grade, AnalysisWindow, Coverage, CustomerFacts, CustomerId, Money, Settings,
    };

    use super::*;

    /// `n` customers with purchases in 2025, each on `days` purchase days.
    fn portfolio(n: usize, days: u64, settings: &Settings) -> Portfolio {
        let as_of = Date::from_ymd(2025, 12, 31).unwrap();
        let facts = (0..n)
            .map(|i| {
                let first = Date::from_ymd(2025, 1, 1 + (i % 28) as u32).unwrap();
                let last = if days > 1 {
                    Date::from_ymd(2025, 11, 1 + (i % 28) as u32).unwrap()
                } else {
                    first
                };
                CustomerFacts {
                    id: Some(CustomerId::new(&format!("C{i:03}"))),
                    revenue: Money::from_units(100 * days as i64),
                    revenue_lifetime: Money::from_units(100 * days as i64),
                    first_day_value: Money::from_units(100),
                    orders: days,
                    orders_lifetime: days,
                    lines: days,
                    purchase_days: days,
                    first_purchase: Some(first),
                    last_purchase: Some(last),
                    ..CustomerFacts::default()
                }
            })
            .collect();
        grade(
            facts,
            Coverage::default(),
            settings,
            AnalysisWindow::new(as_of, 12),
        )
    }

    #[test]
    fn switched_off_models_are_neither_fitted_nor_noted() {
        let mut settings = Settings::default();
        settings.lifetime.enabled = false;
        let mut p = portfolio(3, 2, &settings);
        let notes = p.notes.clone();
        assert_eq!(attach(&mut p, None), None);
        assert!(p.lifetime.is_none());
        assert_eq!(p.notes, notes);
    }

    #[test]
    fn too_few_customers_are_said_and_noted() {
        let mut p = portfolio(29, 3, &Settings::default());
        let why = attach(&mut p, None).expect("not fitted");
        assert_eq!(
            why,
            "29 customers with purchases, the models need at least 30"
        );
        assert!(p.lifetime.is_none());
        assert_eq!(
            p.notes.last().unwrap(),
            &format!("lifetime values (BG/NBD, Gamma–Gamma) not computed: {why}")
        );
        assert!(p.customers.iter().all(|g| g.lifetime.is_none()));
    }

    #[test]
    fn one_time_buyers_alone_cannot_teach_the_purchase_model() {
        let mut p = portfolio(40, 1, &Settings::default());
        let why = attach(&mut p, None).expect("not fitted");
        assert!(
            why.starts_with("none of the 40 customers bought on more than one day"),
            "{why}"
        );
        assert!(p.lifetime.is_none());
    }

    #[test]
    fn a_fit_that_does_not_converge_is_recorded_and_gives_no_values() {
        // sixty customers alike (four purchase days each, nearly the same
        // dates): nothing to tell the population's spread from, so the
        // estimates run off; the generated data of tests/it converge
        let mut p = portfolio(60, 4, &Settings::default());
        assert_eq!(attach(&mut p, None), None);
        let l = p.lifetime.as_ref().expect("recorded");
        assert_eq!(l.bgnbd.model, "BG/NBD");
        assert_eq!(l.bgnbd.customers, 60);
        assert!(!l.bgnbd.converged);
        assert_eq!(l.gamma_gamma.as_ref().map(|g| g.customers), Some(60));
        assert!(l.notes.contains(
            &"the BG/NBD fit did not converge: lifetime figures are not reported".into()
        ));
        assert!(l.holdout.is_none(), "no holdout end given");
        assert!(p.customers.iter().all(|g| g.lifetime.is_none()));
    }
}

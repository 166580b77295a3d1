//! Generated data through the library: lifetime models fitted and checked on a holdout, movement, prospects scored, outputs identical run to run.

use std::path::Path;

use clientgrade::{Analysis, NoProgress, RunSettings, SourceSpec, TableKind};
use clientgrade_core::Date;

use crate::{folder, write_tables};

fn settings(dir: &Path) -> RunSettings {
    let spec = |t: TableKind| SourceSpec::detect(t, dir.join(format!("{}.csv", t.name())));
    let mut s = RunSettings::new(spec(TableKind::Transactions));
    s.sources.customers = Some(spec(TableKind::Customers));
    s.sources.invoices = Some(spec(TableKind::Invoices));
    s.sources.service = Some(spec(TableKind::Service));
    s.sources.complaints = Some(spec(TableKind::Complaints));
    s.prospects = Some(spec(TableKind::Prospects));
    s
}

fn customer_csv(a: &Analysis, name: &str) -> Vec<u8> {
    let out = folder(name);
    clientgrade::write(a, &out).unwrap();
    std::fs::read(out.join("customers.csv")).unwrap()
}

#[test]
fn the_lifetime_models_are_fitted_and_checked_on_the_holdout() {
    let dir = folder("generated-holdout");
    let truth = write_tables(&dir, 400, 7);
    let as_of = truth.as_of.add_months(-6);
    let mut s = settings(&dir);
    s.as_of = Some(as_of);
    s.holdout_end = Some(truth.as_of);
    let a = clientgrade::run(&s, &mut NoProgress).unwrap();
    assert_eq!(a.lifetime_not_fitted, None);
    let l = a.portfolio.lifetime.as_ref().expect("models fitted");

    // the purchase model is fitted on every customer with a purchase by as-of
    let buyers: Vec<_> = a
        .portfolio
        .customers
        .iter()
        .filter(|g| g.facts.first_purchase.is_some() && g.facts.last_purchase.is_some())
        .collect();
    assert_eq!(l.bgnbd.model, "BG/NBD");
    assert_eq!(l.bgnbd.customers, buyers.len());
    let names: Vec<&str> = l.bgnbd.params.iter().map(|p| p.0).collect();
    assert_eq!(names, ["r", "alpha", "a", "b"]);
    assert!(l.bgnbd.converged);
    let gg = l.gamma_gamma.as_ref().expect("spend model");
    assert_eq!(gg.model, "Gamma–Gamma");

    // the holdout compares each buyer's predicted purchase days with the
    // days counted after as-of up to the holdout end
    let h = l.holdout.as_ref().expect("holdout check");
    assert_eq!(h.end, truth.as_of);
    assert_eq!(h.weeks, f64::from(truth.as_of.days_since(as_of)) / 7.0);
    let card = &h.scorecard;
    assert_eq!(card.customers, buyers.len());
    let actual: u64 = buyers.iter().map(|g| g.facts.holdout_purchase_days).sum();
    assert!(actual > 0);
    assert_eq!(card.actual_total, actual as f64);
    let per_class: usize = card.by_frequency.iter().map(|c| c.1).sum();
    assert_eq!(per_class, card.customers);
    assert!(card.correlation > 0.3, "{}", card.correlation);

    // per customer: P(alive) only after a repeat purchase, always a probability
    for g in &buyers {
        let v = g.lifetime.expect("a finite value for every buyer here");
        assert_eq!(v.p_alive.is_some(), g.facts.purchase_days > 1);
        assert!(v.p_alive.is_none_or(|p| (0.0..=1.0).contains(&p)));
        assert!(v.expected_purchases >= 0.0);
    }

    // summary.json carries the same scorecard
    let out = folder("generated-holdout-out");
    clientgrade::write(&a, &out).unwrap();
    let summary = std::fs::read_to_string(out.join("summary.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&summary).unwrap();
    let held = &json["verdicts"]["lifetime"]["holdout"];
    assert_eq!(held["customers"], card.customers);
    assert_eq!(held["actual_total"], card.actual_total);
    assert_eq!(held["end"], truth.as_of.to_string());
}

#[test]
fn movement_and_prospects_come_with_the_run_and_outputs_repeat_byte_for_byte() {
    let dir = folder("generated-movement");
    let truth = write_tables(&dir, 300, 11);
    let mut s = settings(&dir);
    s.compare_to = Some(truth.as_of.add_months(-12));
    let a = clientgrade::run(&s, &mut NoProgress).unwrap();

    let m = a.movement().expect("movement");
    assert_eq!(m.before_as_of, truth.as_of.add_months(-12));
    assert_eq!(m.after_as_of, truth.as_of);
    assert!(m.customers.0 > 0 && m.customers.1 > 0);
    assert!(!m.entries.is_empty());

    let profile = a.profile().expect("profile");
    let table = profile.prospect_table.as_ref().expect("prospects read");
    assert_eq!(table.prospects.len() as u64, truth.prospects);
    let prospects = a.loaded.tables.last().unwrap();
    assert_eq!(prospects.table, TableKind::Prospects);
    assert_eq!(prospects.used, truth.prospects);

    let again = clientgrade::run(&s, &mut NoProgress).unwrap();
    assert_eq!(
        customer_csv(&a, "repeat-1"),
        customer_csv(&again, "repeat-2")
    );
}

#[test]
fn a_run_without_a_date_is_as_of_the_latest_transaction() {
    let dir = folder("generated-latest");
    let truth = write_tables(&dir, 120, 3);
    let a = clientgrade::run(&settings(&dir), &mut NoProgress).unwrap();
    assert!(a.portfolio.window.as_of <= truth.as_of);
    assert!(a.portfolio.window.as_of > Date::from_ymd(2025, 11, 30).unwrap());
    assert_eq!(a.portfolio.window.months, 12);
}

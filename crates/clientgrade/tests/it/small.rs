//! The small hand-made data set: the library writes what the command writes, byte for byte, and reports its steps.

use std::sync::atomic::Ordering;

use clientgrade::{NoProgress, STEPS};
use clientgrade_core::Tier;

use crate::{cli_data, cli_golden, folder, from_config, Recorder};

#[test]
fn run_and_write_give_the_commands_golden_outputs() {
    let settings = from_config(&cli_data("small/clientgrade.toml"));
    let a = clientgrade::run(&settings, &mut NoProgress).unwrap();
    let out = folder("golden");
    clientgrade::write(&a, &out).unwrap();
    for name in ["customers.csv", "summary.json"] {
        let got = std::fs::read(out.join(name)).unwrap();
        let want = std::fs::read(cli_golden("small").join(name)).unwrap();
        assert!(got == want, "{name} differs from the command's golden file");
    }
    // the figures behind them, as the README of the data set computes them by hand
    let tier = |id: &str| {
        a.portfolio
            .customers
            .iter()
            .find(|g| g.facts.id.as_ref().is_some_and(|i| i.expose() == id))
            .and_then(|g| g.tier.tier)
    };
    assert_eq!(tier("A1"), Some(Tier::Ideal));
    assert_eq!(tier("C3"), Some(Tier::Loser));
    assert_eq!(tier("D4"), Some(Tier::BreakEven));
    assert_eq!(a.portfolio.total.customers, 6);
    let t = &a.loaded.tables[0];
    assert_eq!((t.read, t.used, t.rejected), (16, 12, 3));
    assert_eq!(a.decisions(), 0);
    // six customers are too few for the lifetime models: said, never NaN
    assert_eq!(
        a.lifetime_not_fitted.as_deref(),
        Some("6 customers with purchases, the models need at least 30")
    );
    assert!(a.portfolio.lifetime.is_none());
    assert!(a.movement().is_none());
}

#[test]
fn the_terminal_summary_names_the_output_folder_and_the_figures() {
    let settings = from_config(&cli_data("small/clientgrade.toml"));
    let a = clientgrade::run(&settings, &mut NoProgress).unwrap();
    let s = a.terminal_summary("some-folder", 10);
    assert!(
        s.starts_with("clientgrade: 6 customers graded over 12 months"),
        "{s}"
    );
    assert!(s.contains("some-folder"), "{s}");
    assert!(s.contains(
        "transactions  transactions.csv: read 16, used 12, rejected 3 (bad amount: 1, bad date: 1, \
         missing customer id: 1), skipped 1 (dated after the as-of date)"
    ));
}

#[test]
fn the_report_figures_are_built_once_for_the_files_and_the_summary() {
    let settings = from_config(&cli_data("small/clientgrade.toml"));
    let a = clientgrade::run(&settings, &mut NoProgress).unwrap();
    let first: *const clientgrade_report::view::View = a.view();
    clientgrade::write(&a, &folder("view-once")).unwrap();
    let _ = a.terminal_summary("out", 10);
    // write and the summary used the one view, computed from the portfolio
    assert!(std::ptr::eq(first, a.view()));
    assert!(*a.view() == clientgrade_report::view::View::of(&a.portfolio));
}

#[test]
fn progress_hears_every_step_in_order_and_each_reading_step() {
    let mut settings = from_config(&cli_data("small/clientgrade.toml"));
    let mut p = Recorder::default();
    let a = clientgrade::run(&settings, &mut p).unwrap();
    let names: Vec<&str> = p.steps.iter().map(|s| s.0).collect();
    assert_eq!(
        names,
        [STEPS[0], STEPS[1], STEPS[2], STEPS[5]],
        "no earlier date, so neither its grading nor movement"
    );
    assert_eq!(p.steps, a.timings);
    // five tables read, each a step of the bar that begins and ends
    let begun = p.begun.load(Ordering::Relaxed);
    assert!(begun >= 5, "{begun}");
    assert_eq!(begun, p.ended.load(Ordering::Relaxed));

    settings.compare_to = clientgrade_core::Date::from_ymd(2025, 6, 30);
    let mut p = Recorder::default();
    let a = clientgrade::run(&settings, &mut p).unwrap();
    let names: Vec<&str> = p.steps.iter().map(|s| s.0).collect();
    assert_eq!(names, STEPS);
    let m = a.movement().expect("movement with an earlier date");
    assert_eq!(m.before_as_of.to_string(), "2025-06-30");
    assert_eq!(m.after_as_of.to_string(), "2025-12-31");
}

#[test]
fn check_reads_what_run_reads_and_grades_nothing() {
    let mut settings = from_config(&cli_data("small/clientgrade.toml"));
    // an earlier date that is not earlier stops a run, but check reads
    // without it (as `clientgrade check` always has)
    settings.compare_to = settings.as_of;
    let mut p = Recorder::default();
    let loaded = clientgrade::check(&settings, &mut p).unwrap();
    let names: Vec<&str> = p.steps.iter().map(|s| s.0).collect();
    assert_eq!(names, [STEPS[0]]);
    assert!(loaded.earlier.is_none());
    assert_eq!(loaded.facts.len(), 6);
    let e = clientgrade::run(&settings, &mut NoProgress).unwrap_err();
    assert!(e.is_input());
    assert!(
        e.to_string().contains("is not before the as-of date"),
        "{e}"
    );

    settings.compare_to = None;
    let a = clientgrade::run(&settings, &mut NoProgress).unwrap();
    assert_eq!(a.loaded.tables.len(), loaded.tables.len());
    for (x, y) in a.loaded.tables.iter().zip(&loaded.tables) {
        assert_eq!(
            (x.table, x.read, x.used, &x.skipped, x.rejected),
            (y.table, y.read, y.used, &y.skipped, y.rejected)
        );
    }
}

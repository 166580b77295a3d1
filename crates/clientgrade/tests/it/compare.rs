//! Two result folders written by the library compared by the library: who moved, and the folders refused when they cannot be compared.

use std::path::{Path, PathBuf};

use clientgrade::NoProgress;
use clientgrade_core::movement::{Move, MovementSettings};
use clientgrade_core::Date;

use crate::{cli_data, folder, from_config};

/// The small data set graded as of `as_of`, written into a fresh folder.
fn results(name: &str, as_of: Date, months: u32) -> PathBuf {
    let mut s = from_config(&cli_data("small/clientgrade.toml"));
    s.as_of = Some(as_of);
    s.months = months;
    let a = clientgrade::run(&s, &mut NoProgress).unwrap();
    let out = folder(name);
    clientgrade::write(&a, &out).unwrap();
    out
}

fn day(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd(y, m, d).unwrap()
}

fn moved(c: &clientgrade::Comparison, id: &str) -> Move {
    c.movement
        .entries
        .iter()
        .find(|e| e.id().expose() == id)
        .map(|e| e.movement)
        .unwrap()
}

#[test]
fn folders_compared_give_the_movement_of_a_same_pass_run() {
    let old = results("cmp-old", day(2025, 6, 30), 12);
    let new = results("cmp-new", day(2025, 12, 31), 12);
    let c = clientgrade::compare_folders(&old, &new, &MovementSettings::default(), false).unwrap();
    assert_eq!(
        (c.old_as_of, c.new_as_of),
        (day(2025, 6, 30), day(2025, 12, 31))
    );
    assert_eq!(c.movement.customers, (6, 6));

    // the same two dates in one pass (analyze --compare-to) move the same customers
    let mut s = from_config(&cli_data("small/clientgrade.toml"));
    s.compare_to = Some(day(2025, 6, 30));
    let a = clientgrade::run(&s, &mut NoProgress).unwrap();
    let same_pass = a.movement().unwrap();
    for e in &same_pass.entries {
        assert_eq!(
            moved(&c, e.id().expose()),
            e.movement,
            "{}",
            e.id().expose()
        );
    }

    let out = folder("cmp-out");
    clientgrade::write_comparison(&c, &out).unwrap();
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["old"]["folder"], "cmp-old");
    assert_eq!(summary["new"]["as_of"], "2025-12-31");
    assert!(out.join("movement.csv").is_file());
}

#[test]
fn folders_that_cannot_be_compared_are_refused_with_the_reason() {
    let old = results("cmp-refused-old", day(2025, 6, 30), 12);
    let new = results("cmp-refused-new", day(2025, 12, 31), 6);
    let settings = MovementSettings::default();
    let shown = |p: &Path| p.display().to_string();

    let e = clientgrade::compare_folders(&new, &old, &settings, false).unwrap_err();
    assert!(e.is_input());
    assert!(
        e.to_string().starts_with(&format!(
            "{} is as of 2025-12-31, after {} (as of 2025-06-30): give the earlier results first",
            shown(&new),
            shown(&old)
        )),
        "{e}"
    );

    let e = clientgrade::compare_folders(&old, &new, &settings, false).unwrap_err();
    assert!(e.to_string().contains("window: 12 → 6 months"), "{e}");
    let c = clientgrade::compare_folders(&old, &new, &settings, true).unwrap();
    assert!(
        c.movement.notes[0].starts_with("graded with different settings (window: 12 → 6 months)")
    );

    let e = clientgrade::write_comparison(&c, &old).unwrap_err();
    assert!(e.to_string().contains("is the OLD folder"), "{e}");
    let missing = old.join("nope");
    let e = clientgrade::compare_folders(&missing, &new, &settings, false).unwrap_err();
    assert!(e
        .to_string()
        .starts_with(&format!("OLD folder {}: not found", shown(&missing))));
}

//! Movement between two result folders of `analyze` (what `clientgrade compare OLD NEW` runs), matched by customer id, with what cannot be compared said plainly.

mod folder;

use std::path::{Path, PathBuf};

use clientgrade_core::movement::{compare, Movement, MovementSettings, Origin};
use clientgrade_core::Date;
use clientgrade_data::DataError;
use clientgrade_report::movement::{movement_json, FORMAT_VERSION};
use clientgrade_report::write_compare_outputs;
use serde_json::{json, Value as Json};

use self::folder::{read_side, Side};
use crate::Error;

fn input(msg: String) -> Error {
    DataError::Inputs(msg).into()
}

/// Two result folders compared: who moved, with the notes on what could not
/// be compared, and the comparison's summary.json.
#[derive(Debug)]
pub struct Comparison {
    /// The earlier folder as given.
    pub old: PathBuf,
    /// The later folder as given.
    pub new: PathBuf,
    /// The earlier folder's as-of date.
    pub old_as_of: Date,
    /// The later folder's as-of date.
    pub new_as_of: Date,
    /// The movement, its notes first saying what could not be compared.
    pub movement: Movement,
    /// The comparison's summary.json.
    pub summary: Json,
}

/// Refuse an output folder that is one of the two compared: its
/// summary.json, actions.csv and report.html would be replaced.
pub fn refuse_comparing_into(out: &Path, old: &Path, new: &Path) -> Result<(), Error> {
    for (name, dir) in [("OLD", old), ("NEW", new)] {
        if same_folder(out, dir) {
            return Err(input(format!(
                "--out {} is the {name} folder: compare would replace its summary.json, \
                 actions.csv and report.html; give another folder, e.g. --out clientgrade-compare",
                out.display()
            )));
        }
    }
    Ok(())
}

/// Compare the result folders `old` (earlier) and `new` (later) of
/// `clientgrade analyze`, customers matched by id, the lists' thresholds from
/// `settings`. Folders graded with different tier rules, costs or window are
/// refused unless `allow_different_settings` (the notes then say so).
pub fn compare_folders(
    old: &Path,
    new: &Path,
    settings: &MovementSettings,
    allow_different_settings: bool,
) -> Result<Comparison, Error> {
    let (old_dir, new_dir) = (old, new);
    let old = read_side(old_dir, "OLD")?;
    let new = read_side(new_dir, "NEW")?;
    if old.as_of > new.as_of {
        return Err(input(format!(
            "{} is as of {}, after {} (as of {}): give the earlier results first: \
             clientgrade compare {} {}",
            old.shown, old.as_of, new.shown, new.as_of, new.shown, old.shown
        )));
    }
    let mut notes = Vec::new();
    let differences = setting_differences(&old.summary, &new.summary);
    let (hard, soft): (Vec<&Difference>, Vec<&Difference>) =
        differences.iter().partition(|d| d.decides_tiers);
    if !hard.is_empty() {
        let list: Vec<String> = hard.iter().map(|d| d.text.clone()).collect();
        if !allow_different_settings {
            return Err(input(format!(
                "{} and {} were graded with different settings, so their tiers and statuses \
                 cannot be compared (a customer could move because the rules moved): {}; grade \
                 both with the same config file, or pass --allow-different-settings to compare \
                 anyway (the outputs then say so)",
                old.shown,
                new.shown,
                list.join("; ")
            )));
        }
        notes.push(format!(
            "graded with different settings ({}): movements may come from the rules, not the \
             customers",
            list.join("; ")
        ));
    }
    for d in soft {
        notes.push(d.text.clone());
    }
    for (what, key) in [
        ("cost of goods", "cost_of_goods"),
        ("a service table", "service"),
    ] {
        let has = |s: &Side| s.summary["coverage"][key].as_bool().unwrap_or(false);
        if has(&old) != has(&new) {
            let (with, without) = if has(&old) {
                (&old, &new)
            } else {
                (&new, &old)
            };
            notes.push(format!(
                "{} had {what}, {} had not: {}",
                with.shown,
                without.shown,
                if key == "cost_of_goods" {
                    "tiers were decided on one side only, so only statuses can be compared"
                } else {
                    "profit and tiers count service effort on one side only"
                }
            ));
        }
    }
    if old.as_of == new.as_of {
        notes.push(format!(
            "both folders are as of {}: any movement comes from different data or settings, \
             not from time",
            old.as_of
        ));
    }
    for side in [&old, &new] {
        if !side.unreadable.is_empty() {
            notes.push(format!(
                "{}: {} of customers.csv could not be read and {} not compared ({}{})",
                side.shown,
                match side.unreadable.len() {
                    1 => "1 row".to_string(),
                    n => format!("{n} rows"),
                },
                if side.unreadable.len() == 1 {
                    "is"
                } else {
                    "are"
                },
                side.unreadable
                    .iter()
                    .take(5)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; "),
                if side.unreadable.len() > 5 {
                    "; …"
                } else {
                    ""
                }
            ));
        }
        if side.duplicates > 0 {
            notes.push(format!(
                "{}: {} customer ids appear more than once in customers.csv; the first row of \
                 each was compared",
                side.shown, side.duplicates
            ));
        }
    }
    let window = old.summary["window_months"]
        .as_u64()
        .map_or(crate::DEFAULT_WINDOW_MONTHS, |m| m as u32);
    let (old_summary, old_as_of) = (old.summary, old.as_of);
    let (new_summary, new_as_of) = (new.summary, new.as_of);
    let mut m = compare(
        old.customers,
        new.customers,
        (old.as_of, new.as_of, window),
        Origin::Folders,
        settings,
    );
    notes.append(&mut m.notes);
    m.notes = notes;

    let side_json = |summary: &Json, as_of: Date, p: &Path, n: u64| {
        json!({
            "folder": name(p),
            "as_of": as_of.to_string(),
            "clientgrade_version": summary["clientgrade_version"],
            "customers": n,
        })
    };
    let summary = json!({
        "format_version": FORMAT_VERSION,
        "clientgrade_version": env!("CARGO_PKG_VERSION"),
        "old": side_json(&old_summary, old_as_of, old_dir, m.customers.0),
        "new": side_json(&new_summary, new_as_of, new_dir, m.customers.1),
        "setting_differences": differences.iter().map(|d| d.text.clone()).collect::<Vec<_>>(),
        "movement": movement_json(&m),
    });
    Ok(Comparison {
        old: old_dir.to_path_buf(),
        new: new_dir.to_path_buf(),
        old_as_of,
        new_as_of,
        movement: m,
        summary,
    })
}

/// The folder's last name, as the outputs show it.
fn name(p: &Path) -> String {
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Write movement.csv, actions.csv, summary.json and report.html of `c` into
/// `out` (refused when `out` is one of the compared folders).
pub fn write_comparison(c: &Comparison, out: &Path) -> Result<(), Error> {
    refuse_comparing_into(out, &c.old, &c.new)?;
    write_compare_outputs(out, &c.movement, &c.summary, (&name(&c.old), &name(&c.new)))?;
    Ok(())
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// A difference between the settings of the two folders.
struct Difference {
    text: String,
    /// Whether it changes tiers or statuses (else only P(alive) or key ranks).
    decides_tiers: bool,
}

/// Every setting that differs, as `key: old → new`.
fn setting_differences(old: &Json, new: &Json) -> Vec<Difference> {
    let mut v = Vec::new();
    let (a, b) = (&old["settings"], &new["settings"]);
    let show = |j: &Json| match j {
        Json::Null => "unset".to_string(),
        j => j.to_string(),
    };
    if a["window_months"] != b["window_months"] {
        v.push(Difference {
            text: format!(
                "window: {} → {} months",
                show(&a["window_months"]),
                show(&b["window_months"])
            ),
            decides_tiers: true,
        });
    }
    for (section, decides) in [("tiers", true), ("costs", true), ("lifetime", false)] {
        let keys: std::collections::BTreeSet<&String> = a[section]
            .as_object()
            .into_iter()
            .chain(b[section].as_object())
            .flat_map(|o| o.keys())
            .collect();
        for k in keys {
            if a[section][k] != b[section][k] {
                v.push(Difference {
                    text: format!(
                        "[{section}] {k}: {} → {}",
                        show(&a[section][k]),
                        show(&b[section][k])
                    ),
                    decides_tiers: decides,
                });
            }
        }
    }
    if a["ranking"] != b["ranking"] {
        v.push(Difference {
            text: "the key-customer ranking factors differ: key customers are ranked differently"
                .into(),
            decides_tiers: false,
        });
    }
    v
}

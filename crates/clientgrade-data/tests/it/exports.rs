//! The five vendor exports, generated from their documented layouts, read with no configuration: truth recovered.

use std::collections::BTreeMap;

use clientgrade_data::{load, Loaded, NoProgress, Zone};
use clientgrade_synth::exports::{generate_export, Export, ExportFile};

use crate::{file, tx, tx_only};

/// Load a generated export as a user would: no config, New York time.
fn read(name: &str, e: &ExportFile, export: Export) -> Loaded {
    let p = file(name, export.file_name(), e.csv.as_bytes());
    let mut spec = tx(p);
    spec.timezone = Some(Zone::parse("America/New_York").unwrap());
    load(&tx_only(spec), None, 12, &NoProgress).unwrap_or_else(|err| panic!("{name}: {err}"))
}

/// Per customer: (revenue in cents, orders).
fn per_customer(l: &Loaded) -> BTreeMap<String, (i64, u64)> {
    l.facts
        .iter()
        .map(|f| {
            let cents: i64 = f
                .revenue
                .to_cents_string()
                .replace('.', "")
                .parse()
                .unwrap();
            (
                f.id.as_ref().unwrap().expose().to_string(),
                (cents, f.orders),
            )
        })
        .collect()
}

/// Compare with the truth: the same customers, ≥ 95% exact to the cent
/// with the right order count, the total within 0.5%.
pub fn assert_truth(name: &str, got: &BTreeMap<String, (i64, u64)>, e: &ExportFile) {
    let want: BTreeMap<&str, (i64, u64)> = e
        .truth
        .iter()
        .map(|t| (t.customer.as_str(), (t.revenue_2025_cents, t.orders_2025)))
        .collect();
    let invented: Vec<&String> = got
        .keys()
        .filter(|k| !want.contains_key(k.as_str()))
        .collect();
    let lost: Vec<&&str> = want.keys().filter(|k| !got.contains_key(**k)).collect();
    assert!(
        invented.is_empty() && lost.is_empty(),
        "{name}: {} customers invented (e.g. {:?}), {} lost (e.g. {:?})",
        invented.len(),
        invented.first(),
        lost.len(),
        lost.first()
    );
    let exact = want.iter().filter(|(k, v)| got[**k] == **v).count();
    let wrong: Vec<String> = want
        .iter()
        .filter(|(k, v)| got[**k] != **v)
        .take(5)
        .map(|(k, v)| format!("{k}: want {v:?}, got {:?}", got[*k]))
        .collect();
    assert!(
        exact * 100 >= want.len() * 95,
        "{name}: {exact} of {} exact; {wrong:?}",
        want.len()
    );
    let total_want: i64 = want.values().map(|v| v.0).sum();
    let total_got: i64 = got.values().map(|v| v.0).sum();
    assert!(
        (total_got - total_want).abs() * 200 <= total_want.abs(),
        "{name}: total {total_got} vs {total_want}"
    );
}

#[test]
fn every_export_is_read_right_with_no_configuration() {
    for export in Export::ALL {
        for seed in [1, 2, 3] {
            let name = format!("export-{}-{seed}", export.name());
            let e = generate_export(export, 150, seed);
            let l = read(&name, &e, export);
            assert_eq!(l.window.as_of.to_string(), "2025-12-31", "{name}");
            let t = &l.tables[0];
            assert!(t.source.is_some(), "{name}: not recognised");
            assert!(t.warnings.is_empty(), "{name}: {:?}", t.warnings);
            assert_truth(&name, &per_customer(&l), &e);
        }
    }
}

//! The five vendor exports through the binary: right with no config, loud with the preset off.

use std::collections::HashMap;
use std::path::Path;

use clientgrade_synth::exports::{generate_export, Export};

use crate::helpers::{bin, folder, read_csv, run};

/// Per customer (revenue in cents, orders) from customers.csv.
fn graded(out: &Path) -> HashMap<String, (i64, u64)> {
    read_csv(&out.join("customers.csv"))
        .into_iter()
        .map(|r| {
            let cents: i64 = r["revenue"].replace('.', "").parse().unwrap();
            (
                r["customer_id"].clone(),
                (cents, r["orders"].parse().unwrap()),
            )
        })
        .collect()
}

#[test]
fn analyze_reads_each_export_right_with_no_config() {
    for export in Export::ALL {
        for seed in [11, 12] {
            let name = format!("export-{}-{seed}", export.name());
            let dir = folder(&name);
            let e = generate_export(export, 200, seed);
            let file = dir.join(export.file_name());
            std::fs::write(&file, &e.csv).unwrap();
            let out = dir.join("out");
            let o = run(bin()
                .arg("analyze")
                .arg("--transactions")
                .arg(&file)
                .args(["--timezone", "America/New_York"])
                .arg("--out")
                .arg(&out));
            let stdout = String::from_utf8(o.stdout).unwrap();
            assert!(
                stdout.contains("recognised from its header"),
                "{name}:\n{stdout}"
            );
            assert!(!stdout.contains("Needs a decision"), "{name}:\n{stdout}");
            let got = graded(&out);
            let want: HashMap<&str, (i64, u64)> = e
                .truth
                .iter()
                .map(|t| (t.customer.as_str(), (t.revenue_2025_cents, t.orders_2025)))
                .collect();
            assert_eq!(got.len(), want.len(), "{name}: customers split or invented");
            assert!(
                got.keys().all(|k| want.contains_key(k.as_str())),
                "{name}: a customer that does not exist"
            );
            let exact = want.iter().filter(|(k, v)| got[**k] == **v).count();
            assert!(
                exact * 100 >= want.len() * 95,
                "{name}: {exact} of {}",
                want.len()
            );
            let (tw, tg): (i64, i64) = (
                want.values().map(|v| v.0).sum(),
                got.values().map(|v| v.0).sum(),
            );
            assert!((tg - tw).abs() * 200 <= tw.abs(), "{name}: {tg} vs {tw}");
            let summary: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap())
                    .unwrap();
            assert_eq!(summary["as_of"], "2025-12-31", "{name}");
            let input = &summary["inputs"][0];
            assert!(
                input["source"].as_str().unwrap().contains(export.name()),
                "{name}: {input}"
            );
            assert!(!input["rules"].as_array().unwrap().is_empty(), "{name}");
        }
    }
}

#[test]
fn check_with_the_preset_off_exits_non_zero_and_names_the_decisions() {
    // what each export's traps look like to a reader that does not know it
    // exit 3: needs a decision; 2: stopped (mixed currencies, no customer column)
    let expect: [(Export, u8, &[&str]); 5] = [
        (
            Export::Shopify,
            3,
            &[
                "amount-level = \"order\"",
                "status = \"Financial Status\"",
                "refund = \"Refunded Amount\"",
            ],
        ),
        (
            Export::WooCommerce,
            3,
            &[
                "is the same on every row",
                "status = \"status\"",
                "refund = \"refunded_total\"",
                "the customer id `0`",
            ],
        ),
        (Export::QuickBooks, 2, &["group-heading = \"customer-id\""]),
        (
            Export::Stripe,
            2,
            &[
                "more than one currency",
                "converted-amount = \"Converted Amount\"",
            ],
        ),
        (
            Export::Xero,
            3,
            &["is the same on every row", "status = \"Status\""],
        ),
    ];
    for (export, code, needles) in expect {
        for seed in [21, 22] {
            let name = format!("export-off-{}-{seed}", export.name());
            let dir = folder(&name);
            let file = dir.join(export.file_name());
            std::fs::write(&file, generate_export(export, 120, seed).csv).unwrap();
            std::fs::write(dir.join("cg.toml"), "[transactions]\nsource = \"none\"\n").unwrap();
            let o = bin()
                .arg("check")
                .arg("--config")
                .arg(dir.join("cg.toml"))
                .arg("--transactions")
                .arg(&file)
                .args(["--timezone", "America/New_York"])
                .output()
                .unwrap();
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            assert_eq!(o.status.code(), Some(i32::from(code)), "{name}:\n{text}");
            assert!(
                text.contains("Needs a decision") || text.contains("error:"),
                "{name}:\n{text}"
            );
            for n in needles {
                assert!(text.contains(n), "{name}: `{n}` missing in\n{text}");
            }
        }
    }
}

#[test]
fn generate_export_writes_the_file_and_its_truth_and_the_zone_comes_from_the_config() {
    let dir = folder("export-generate");
    run(bin()
        .args([
            "generate",
            "--export",
            "stripe",
            "--customers",
            "80",
            "--seed",
            "5",
        ])
        .arg("--out")
        .arg(&dir));
    let truth = read_csv(&dir.join("truth.csv"));
    assert!(truth.len() > 60);
    // the time zone from [analysis] instead of --timezone: the same customers
    std::fs::write(
        dir.join("cg.toml"),
        "[analysis]\ntimezone = \"America/New_York\"\n",
    )
    .unwrap();
    let out = dir.join("out");
    run(bin()
        .arg("analyze")
        .arg("--config")
        .arg(dir.join("cg.toml"))
        .arg("--transactions")
        .arg(dir.join("unified_payments.csv"))
        .arg("--out")
        .arg(&out));
    let got = graded(&out);
    let exact = truth
        .iter()
        .filter(|t| {
            let cents: i64 = t["revenue_2025"].replace('.', "").parse().unwrap();
            got.get(&t["customer"]) == Some(&(cents, t["orders_2025"].parse().unwrap()))
        })
        .count();
    assert_eq!(got.len(), truth.len());
    assert!(
        exact * 100 >= truth.len() * 95,
        "{exact} of {}",
        truth.len()
    );
    // a zone that does not exist is refused with the fix
    let o = bin()
        .arg("check")
        .arg("--transactions")
        .arg(dir.join("unified_payments.csv"))
        .args(["--timezone", "New York"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains(
        "--timezone: `New York` is not a time zone; use an IANA name such as \"America/New_York\""
    ));
}

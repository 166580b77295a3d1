//! What the end-to-end tests share: running the binary, folders and fixtures, generated data, reading CSV outputs, the output names.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_clientgrade"))
}

pub(crate) fn folder(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cli-it")
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

pub(crate) fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("run clientgrade");
    assert!(
        out.status.success(),
        "clientgrade failed ({:?}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub(crate) fn read_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

pub(crate) fn analyze_small(out: &Path) -> Output {
    run(bin()
        .arg("analyze")
        .arg("--config")
        .arg(fixture("small/clientgrade.toml"))
        .arg("--out")
        .arg(out))
}

/// The report is one offline file whose sections are there and whose
/// headline numbers equal summary.json's.
pub(crate) fn check_report(out: &Path, summary: &serde_json::Value) {
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    for section in [
        "summary",
        "tiers",
        "matrix",
        "pareto",
        "concentration",
        "rfm",
        "lifetime",
        "flags",
        "customers",
    ] {
        assert!(
            html.contains(&format!("<section id=\"{section}\">")),
            "section {section} missing"
        );
    }
    assert!(!html.contains("<script"), "the report needs no script");
    for external in ["src=\"http", "href=\"http", "url(http", "@import"] {
        assert!(!html.contains(external), "external reference {external}");
    }
    let shown = |key: &str| -> String {
        let at = html
            .find(&format!("data-summary=\"{key}\">"))
            .unwrap_or_else(|| panic!("{key} not shown"));
        let rest = &html[at..];
        let start = rest.find('>').unwrap() + 1;
        let end = rest.find('<').unwrap();
        rest[start..end].replace(',', "")
    };
    assert_eq!(shown("customers"), summary["customers"].to_string());
    assert_eq!(
        shown("revenue").parse::<f64>().unwrap(),
        summary["totals"]["revenue"].as_f64().unwrap()
    );
    assert_eq!(
        shown("profit").parse::<f64>().unwrap(),
        summary["totals"]["profit"].as_f64().unwrap()
    );
    // audit 3.8: the tiles add up (revenue − cost of goods − service and
    // returns = profit) and match summary.json's money
    let tile = |k: &str| shown(k).parse::<f64>().unwrap();
    let all = &summary["money"]["every_customer"];
    assert_eq!(
        tile("cost_of_goods"),
        all["cost_of_goods"].as_f64().unwrap()
    );
    assert_eq!(
        tile("service_and_returns"),
        all["service_and_returns"].as_f64().unwrap()
    );
    assert!(
        (tile("revenue") - tile("cost_of_goods") - tile("service_and_returns") - tile("profit"))
            .abs()
            < 0.005
    );
    for (i, tier) in summary["tiers"].as_array().unwrap().iter().enumerate() {
        assert_eq!(
            shown(&format!("tier{}-customers", i + 1)),
            tier["customers"].to_string()
        );
    }
    assert!(html.matches("<svg").count() >= 8, "charts missing");
}

pub(crate) fn generate(dir: &Path, customers: u32, format: &str) {
    generate_seeded(dir, customers, 11, format);
}

pub(crate) fn generate_seeded(dir: &Path, customers: u32, seed: u64, format: &str) {
    run(bin()
        .args([
            "generate",
            "--customers",
            &customers.to_string(),
            "--seed",
            &seed.to_string(),
            "--format",
            format,
        ])
        .arg("--out")
        .arg(dir));
}

/// The tables `generate` writes, in the order of their flags.
pub(crate) const TABLES: [&str; 6] = [
    "transactions",
    "customers",
    "invoices",
    "service",
    "complaints",
    "prospects",
];

/// `--table data/table.ext` for each of `tables`.
pub(crate) fn table_args(data: &Path, ext: &str, tables: &[&str]) -> Vec<std::ffi::OsString> {
    let mut v = Vec::new();
    for t in tables {
        v.push(format!("--{t}").into());
        v.push(data.join(format!("{t}.{ext}")).into_os_string());
    }
    v
}

pub(crate) fn analyze_generated(data: &Path, ext: &str, out: &Path) {
    let mut cmd = bin();
    cmd.arg("analyze").args(table_args(data, ext, &TABLES));
    run(cmd.arg("--out").arg(out));
}
/// The worst case of issue 17: 42 customers whose profits are ±1,000,000 and
/// sum to 0.01, so the whale curve peaks at 2.1 billion percent.
pub(crate) fn whale_file(dir: &Path) -> std::path::PathBuf {
    let mut t = String::from("customer,date,amount,cost\n");
    for i in 0..21 {
        t.push_str(&format!("W{i:02},2025-06-01,1000000.00,0\n"));
    }
    for i in 0..20 {
        t.push_str(&format!("L{i:02},2025-06-01,0.01,1000000.01\n"));
    }
    t.push_str("L20,2025-06-01,0.01,1000000.00\n");
    let p = dir.join("whales.csv");
    std::fs::write(&p, t).unwrap();
    p
}

pub(crate) const OUTPUTS: [&str; 6] = [
    "actions.csv",
    "customers.csv",
    "customers.parquet",
    "rejects.csv",
    "report.html",
    "summary.json",
];

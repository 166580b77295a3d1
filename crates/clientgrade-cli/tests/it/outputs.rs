//! Outputs under hostile data: bounded size, shortened echoes, atomic files, no NaN, no leaked paths.

use std::path::Path;

use super::{bin, folder, run};

/// report.html stays under this whatever the data (docs/outputs.md).
const REPORT_BOUND: u64 = 2 * 1024 * 1024;

/// The worst case of issue 17: 42 customers whose profits are ±1,000,000 and
/// sum to 0.01, so the whale curve peaks at 2.1 billion percent.
fn whale_file(dir: &Path) -> std::path::PathBuf {
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

#[test]
fn issue_17_the_whale_axis_of_a_near_zero_total_gives_a_small_report() {
    let dir = folder("whale-axis");
    let file = whale_file(&dir);
    let out = dir.join("out");
    run(bin()
        .arg("analyze")
        .arg("--transactions")
        .arg(&file)
        .arg("--out")
        .arg(&out));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["totals"]["profit"], 0.01);
    let size = std::fs::metadata(out.join("report.html")).unwrap().len();
    assert!(size < REPORT_BOUND, "report.html is {size} bytes");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("id=\"whale-t\""), "the whale curve is drawn");
}

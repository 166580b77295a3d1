//! Imperfect inputs end to end: no cost column (tiers undecided, with the reason), corrupted rows counted as rejects, day-first dates detected.

use crate::helpers::{bin, folder, read_csv, run};

#[test]
fn without_costs_tiers_are_undecided_and_the_reason_is_given() {
    let dir = folder("no-costs");
    let p = dir.join("sales.csv");
    std::fs::write(&p, "customer,date,amount\nA,2025-01-01,3\nB,2025-02-01,5\n").unwrap();
    let o = run(bin()
        .arg("analyze")
        .arg("--transactions")
        .arg(&p)
        .arg("--out")
        .arg(dir.join("out")));
    let s = String::from_utf8(o.stdout).unwrap();
    assert!(
        s.contains("Tiers cannot be decided: no cost of goods"),
        "{s}"
    );
    let rows = read_csv(&dir.join("out/customers.csv"));
    assert!(rows
        .iter()
        .all(|r| r["tier"].is_empty() && r["tier_name"] == "undecided"));
}

#[test]
fn every_corrupted_generated_row_is_counted_as_rejected() {
    let dir = folder("messy");
    let data = dir.join("data");
    let g = run(bin()
        .args([
            "generate",
            "--customers",
            "200",
            "--seed",
            "5",
            "--messy",
            "0.02",
        ])
        .arg("--out")
        .arg(&data));
    let g = String::from_utf8(g.stdout).unwrap();
    let line = g.lines().find(|l| l.contains("corrupted")).unwrap();
    let n: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|t| t.parse().ok())
        .collect();
    assert_eq!(n.len(), 3, "{line}");
    assert!(n.iter().all(|&k| k > 0));
    let out = dir.join("out");
    run(bin()
        .arg("analyze")
        .args(["--max-rejected-share", "1"])
        .arg("--transactions")
        .arg(data.join("transactions.csv"))
        .arg("--out")
        .arg(&out));
    let summary: String = std::fs::read_to_string(out.join("summary.json")).unwrap();
    for (reason, count) in ["bad date", "bad amount", "missing customer id"]
        .iter()
        .zip(&n)
    {
        assert!(
            summary.contains(&format!("\"{reason}\": {count}")),
            "{reason}: {count} expected in {summary}"
        );
    }
    let rejects = read_csv(&out.join("rejects.csv"));
    assert_eq!(rejects.len() as u64, n.iter().sum::<u64>());
}

#[test]
fn day_first_dates_are_detected_and_shown_in_their_own_format() {
    let dir = folder("day-first");
    let data = dir.join("data");
    run(bin()
        .args([
            "generate",
            "--customers",
            "120",
            "--seed",
            "3",
            "--day-first",
        ])
        .arg("--out")
        .arg(&data));
    let head = std::fs::read_to_string(data.join("transactions.csv")).unwrap();
    let first_date = head.lines().nth(1).unwrap().split(',').nth(1).unwrap();
    assert_eq!(first_date.as_bytes()[2], b'/', "{first_date}");
    let o = bin()
        .arg("check")
        .arg("--transactions")
        .arg(data.join("transactions.csv"))
        .arg("--customers")
        .arg(data.join("customers.csv"))
        .output()
        .unwrap();
    let s = String::from_utf8(o.stdout).unwrap();
    assert_eq!(o.status.code(), Some(0), "{s}");
    // the column is dd/mm/yyyy, and check says so (not %d.%m.%Y)
    assert!(s.contains("date read as %d/%m/%Y"), "{s}");
    assert!(s.contains("customer-since read as %d/%m/%Y"), "{s}");
}

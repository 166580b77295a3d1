//! Exit codes and decisions: a structural error exits 2 naming the fix, a refused setting, check's rejects, and a decision not taken (exit 3 unless accepted).

use crate::helpers::{bin, fixture, folder, run, OUTPUTS};

#[test]
fn a_structural_error_exits_2_naming_file_column_and_fix() {
    let dir = folder("structural");
    let p = dir.join("sales.csv");
    std::fs::write(&p, "client,day,total\nA,2025-01-01,3\n").unwrap();
    let o = bin()
        .arg("analyze")
        .arg("--transactions")
        .arg(&p)
        .arg("--out")
        .arg(dir.join("out"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(
        err,
        format!(
            "error: {}: no column for `date` (required in transactions); columns found: `client`, \
             `day`, `total`; name the column in the config: [transactions.columns] date = \"<column name>\"\n",
            p.display()
        )
    );
}

#[test]
fn a_sixth_ranking_factor_is_refused_with_the_reason() {
    let dir = folder("six-factors");
    let mut toml = String::from("[transactions]\npath = \"t.csv\"\n");
    for c in [
        "on_time_rate",
        "effort_ratio",
        "growth",
        "profit_margin",
        "tenure_days",
        "orders",
    ] {
        toml.push_str(&format!(
            "[[ranking.factors]]\nlabel = \"{c}\"\ncharacteristic = \"{c}\"\n"
        ));
    }
    std::fs::write(dir.join("cg.toml"), toml).unwrap();
    std::fs::write(dir.join("t.csv"), "customer,date,amount\nA,2025-01-01,3\n").unwrap();
    let o = bin()
        .arg("check")
        .arg("--config")
        .arg(dir.join("cg.toml"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("ranking.factors: 6 factors given, at most 5 are allowed: with more, each factor's weight becomes too small to explain a rank"),
        "{err}"
    );
    let o = bin()
        .args(["check", "--matrix-y", "margin"])
        .arg("--transactions")
        .arg(dir.join("t.csv"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr)
        .unwrap()
        .starts_with("error: matrix.y: `margin` is not a characteristic; use one of revenue, "));
}

#[test]
fn check_reports_rejects_and_exits_1() {
    let o = bin()
        .arg("check")
        .arg("--config")
        .arg(fixture("small/clientgrade.toml"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let s = String::from_utf8(o.stdout).unwrap();
    assert!(s.contains("line 14: bad date in date: `31.02.2025`"), "{s}");
    assert!(
        s.contains("line 15: missing customer id in customer-id"),
        "{s}"
    );
}
/// Audit 3.9: analyze ran with an unresolved "Needs a decision" (cancelled
/// orders counted as sales) and exited 0, with the decision printed only at
/// the top. Now it writes every output, says so before the figures and again
/// at the end, marks summary.json and the report, and exits with 3 unless
/// --accept-undecided acknowledges it.
#[test]
fn analyze_with_a_decision_not_taken_exits_3_unless_accepted() {
    let dir = folder("undecided");
    run(bin()
        .args([
            "generate",
            "--export",
            "shopify",
            "--customers",
            "40",
            "--seed",
            "9",
        ])
        .arg("--out")
        .arg(&dir));
    std::fs::write(dir.join("cg.toml"), "[transactions]\nsource = \"none\"\n").unwrap();
    let analyze = |out: &str, accept: bool| {
        let mut c = bin();
        c.arg("analyze")
            .arg("--config")
            .arg(dir.join("cg.toml"))
            .arg("--transactions")
            .arg(dir.join("orders_export.csv"))
            .arg("--out")
            .arg(dir.join(out));
        if accept {
            c.arg("--accept-undecided");
        }
        c.output().unwrap()
    };
    let o = analyze("out", false);
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(3), "{stdout}\n{stderr}");
    assert!(stderr.contains("--accept-undecided"), "{stderr}");
    // before the first figure and again after the last line of the summary
    let headline = "The figures are biased until you decide";
    assert_eq!(stdout.matches(headline).count(), 2, "{stdout}");
    assert!(stdout.find(headline) < stdout.find("Customers by status"));
    assert!(stdout.rfind(headline) > stdout.find("\nOutput: "));
    assert!(stdout.contains("status = \"Financial Status\""), "{stdout}");
    // every output is written, and each says the figures are biased
    for f in OUTPUTS {
        assert!(dir.join("out").join(f).is_file(), "{f} missing");
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["figures"]["biased_until_decided"], true);
    assert!(summary["figures"]["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["kind"] == "status-not-applied"));
    let html = std::fs::read_to_string(dir.join("out/report.html")).unwrap();
    let banner = html
        .find("<div class=\"caveat\" id=\"caveats\">")
        .expect("banner");
    assert!(banner < html.find("data-summary=\"revenue\"").unwrap());
    assert!(html[banner..].contains(headline));
    // acknowledged: the same outputs, exit 0, and the banner stays
    let o = analyze("accepted", true);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains(headline));
    assert_eq!(
        std::fs::read(dir.join("accepted/summary.json")).unwrap(),
        std::fs::read(dir.join("out/summary.json")).unwrap()
    );
}

/// Audit 2.6: analyze graded everyone on two thirds of the rows and exited 0.
/// A material share of rejected rows is a decision, in check, analyze (last
/// line, exit 3) and the report, until accepted.
#[test]
fn a_material_share_of_rejected_rows_needs_a_decision_in_analyze_too() {
    let dir = folder("rejected-share");
    let tx = dir.join("sales.csv");
    let mut t = String::from("Customer,Date,Amount\n");
    for i in 0..120u32 {
        // 3 of 120 rows (2.5%) have an amount that is not one
        let amount = if i % 40 == 7 {
            "n/a".to_string()
        } else {
            format!("{}.{:02}", 20 + (i * 37) % 300, (i * 13) % 100)
        };
        t.push_str(&format!(
            "C{:03},2025-{:02}-{:02},{amount}\n",
            i % 17,
            1 + i % 12,
            1 + (i * 7) % 28
        ));
    }
    std::fs::write(&tx, t).unwrap();
    let out = dir.join("out");
    let analyze = |extra: &[&str]| {
        bin()
            .arg("analyze")
            .args(extra)
            .arg("--transactions")
            .arg(&tx)
            .args(["--as-of", "2025-12-31", "--out"])
            .arg(&out)
            .output()
            .unwrap()
    };
    let o = analyze(&[]);
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert_eq!(o.status.code(), Some(3), "{stdout}");
    assert!(
        stdout.contains("3 of 120 rows (2.5%) are rejected (3 bad amount)"),
        "{stdout}"
    );
    // said before the figures and again at the end, and in the report's banner
    let headline = "The figures are biased until you decide";
    assert_eq!(stdout.matches(headline).count(), 2, "{stdout}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<div class=\"caveat\" id=\"caveats\">"));
    assert!(html.contains("3 of 120 rows (2.5%) are rejected"));
    let o = bin()
        .arg("check")
        .arg("--transactions")
        .arg(&tx)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3));
    // accepted: analyze exits 0, check 1 (rows rejected)
    assert_eq!(
        analyze(&["--max-rejected-share", "0.03"]).status.code(),
        Some(0)
    );
    let o = bin()
        .args(["check", "--max-rejected-share", "0.03", "--transactions"])
        .arg(&tx)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
}

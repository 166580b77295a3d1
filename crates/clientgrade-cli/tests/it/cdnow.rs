//! The lifetime models on the raw CDNOW sample reproduce the published estimates.

use std::path::Path;

use crate::helpers::{bin, folder, read_csv, run};

#[test]
fn analyze_on_the_raw_cdnow_sample_reproduces_the_published_model_estimates() {
    // The CDNOW sample has no header row: give it one, as a user would.
    let dir = folder("cdnow");
    let raw = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../clientgrade-btyd/tests/data/cdnow/CDNOW_sample.txt"),
    )
    .unwrap();
    let file = dir.join("cdnow.txt");
    std::fs::write(
        &file,
        format!("customer_id sample date quantity amount\n{raw}"),
    )
    .unwrap();
    run(bin()
        .arg("analyze")
        .arg("--transactions")
        .arg(&file)
        .args(["--as-of", "1997-09-30", "--holdout-end", "1998-06-30"])
        .arg("--out")
        .arg(dir.join("out")));
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/summary.json")).unwrap())
            .unwrap();
    let l = &s["verdicts"]["lifetime"];
    let est = |model: &str, i: usize| l[model]["parameters"][i]["estimate"].as_f64().unwrap();
    assert_eq!(l["bg_nbd"]["customers"], 2357);
    assert_eq!(l["bg_nbd"]["converged"], true);
    // BG/NBD: r 0.243, α 4.414, a 0.793, b 2.426, LL −9582.4 (Fader, Hardie & Lee 2005)
    for (i, want) in [0.243, 4.414, 0.793, 2.426].iter().enumerate() {
        assert!(
            (est("bg_nbd", i) - want).abs() < 0.0005,
            "bg_nbd {i}: {}",
            est("bg_nbd", i)
        );
    }
    assert!((l["bg_nbd"]["log_likelihood"].as_f64().unwrap() + 9582.4).abs() < 0.05);
    // Gamma–Gamma on the 946 repeat buyers: p 6.25, q 3.74, γ 15.44; LL −4055.9177 (CLVTools' reference)
    assert_eq!(l["gamma_gamma"]["customers"], 946);
    for (i, want) in [6.25, 3.74, 15.44].iter().enumerate() {
        assert!(
            (est("gamma_gamma", i) - want).abs() < 0.005,
            "gamma_gamma {i}: {}",
            est("gamma_gamma", i)
        );
    }
    assert!((l["gamma_gamma"]["log_likelihood"].as_f64().unwrap() + 4055.9177).abs() < 0.001);
    // the calibration/holdout check: weeks 40–78, published correlation 0.626
    let h = &l["holdout"];
    assert_eq!(h["actual_total"], 1882.0);
    assert!(
        (h["correlation"].as_f64().unwrap() - 0.626).abs() < 0.0005,
        "{h}"
    );
    // every repeat buyer has a probability alive, every customer a CLV; a
    // one-time buyer's P(alive) (1 by construction in BG/NBD) is not shown
    let rows = read_csv(&dir.join("out/customers.csv"));
    assert_eq!(rows.len(), 2357);
    let one_time = rows.iter().filter(|r| r["p_alive"].is_empty()).count();
    assert!(one_time > 1000 && one_time < 2357, "{one_time}");
    for r in &rows {
        if r["p_alive"].is_empty() {
            assert!(r["status_reason"].contains("not estimated for a one-time buyer"));
        } else {
            let p: f64 = r["p_alive"].parse().unwrap();
            assert!((0.0..=1.0).contains(&p));
        }
        assert!(!r["expected_revenue"].is_empty());
        // no cost of goods: the lifetime value in profit is not pretended
        assert!(r["clv_profit"].is_empty());
    }
    // the report's lifetime figures are summary.json's (verdicts.lifetime.
    // repeat_buyers), which agree with customers.csv
    let rb = &l["repeat_buyers"];
    let repeat: Vec<_> = rows.iter().filter(|r| !r["p_alive"].is_empty()).collect();
    assert_eq!(rb["customers"], repeat.len());
    let revenue: f64 = repeat
        .iter()
        .map(|r| r["expected_revenue"].parse::<f64>().unwrap())
        .sum();
    let json_revenue = rb["expected_revenue"].as_f64().unwrap();
    assert!(
        (json_revenue - revenue).abs() < 0.01 * repeat.len() as f64,
        "{json_revenue} {revenue}"
    );
    let bands: Vec<u64> = rb["p_alive_bands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["customers"].as_u64().unwrap())
        .collect();
    assert_eq!(bands.iter().sum::<u64>(), repeat.len() as u64);
    let below = |x: f64| {
        repeat
            .iter()
            .filter(|r| r["p_alive"].parse::<f64>().unwrap() < x)
            .count() as u64
    };
    assert_eq!(bands[0] + bands[1], below(0.5));
    assert_eq!(rb["likely_lost"], below(0.5));
    let html = std::fs::read_to_string(dir.join("out/report.html")).unwrap();
    let money = |v: f64| {
        clientgrade_core::Money::from_f64(v)
            .unwrap()
            .to_display_string()
    };
    assert!(
        html.contains(&format!(
            "expected to bring {} of revenue",
            money(json_revenue)
        )),
        "the report's expected revenue is not summary.json's"
    );
    assert!(html.contains(&format!("; {} of them are more likely gone", below(0.5))));
    for (b, label) in bands
        .iter()
        .zip(["below 25%", "25–50%", "50–75%", "75% and more"])
    {
        assert!(
            html.contains(&format!(">{label}</text>"))
                && html.contains(&format!(">{b} customers<")),
            "band {label}: {b}"
        );
    }
}

//! The ideal customer profile end to end: planted skews found, noise ignored, prospects ranked within 0.03 AUC of the generator's exact likelihood ratio (seeds 11 and 12), deterministic ranks, bad prospect files.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use clientgrade_synth::attributes::{log_likelihood_ratio, COLUMNS, PLANTED};

use crate::helpers::{bin, folder, generate_seeded, read_csv, run};

/// The AUC of `scores` for the cases marked true (ties count one half).
fn auc(scores: &[f64], positive: &[bool]) -> f64 {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|a, b| scores[*a].total_cmp(&scores[*b]));
    // mid-ranks, then Mann–Whitney
    let mut ranks = vec![0.0; scores.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && scores[idx[j + 1]] == scores[idx[i]] {
            j += 1;
        }
        for k in i..=j {
            ranks[idx[k]] = (i + j) as f64 / 2.0 + 1.0;
        }
        i = j + 1;
    }
    let n1 = positive.iter().filter(|p| **p).count() as f64;
    let n0 = positive.len() as f64 - n1;
    let r1: f64 = ranks
        .iter()
        .zip(positive)
        .filter(|(_, p)| **p)
        .map(|(r, _)| r)
        .sum();
    (r1 - n1 * (n1 + 1.0) / 2.0) / (n1 * n0)
}

fn analyze_with_prospects(data: &Path, out: &Path) -> std::process::Output {
    let mut cmd = bin();
    cmd.arg("analyze").args(crate::helpers::table_args(
        data,
        "csv",
        &crate::helpers::TABLES,
    ));
    run(cmd.arg("--out").arg(out))
}

/// The AUC of the lookalike scores in `out`'s prospects.csv and of the
/// generator's exact likelihood ratio, for the prospects drawn from Tier 1.
fn prospect_aucs(data: &Path, out: &Path) -> (f64, f64) {
    let truth: HashMap<String, bool> = read_csv(&data.join("prospect_truth.csv"))
        .into_iter()
        .map(|r| (r["prospect_id"].clone(), r["drawn_from"] == "tier1"))
        .collect();
    let scored = read_csv(&out.join("prospects.csv"));
    assert_eq!(scored.len(), truth.len(), "every prospect scored");
    let (mut ours, mut best, mut label) = (Vec::new(), Vec::new(), Vec::new());
    let mut last_rank = 0u64;
    for r in &scored {
        let rank: u64 = r["rank"].parse().unwrap();
        assert!(rank >= last_rank, "prospects.csv is in rank order");
        last_rank = rank;
        ours.push(r["score"].parse::<f64>().unwrap());
        let row: Vec<(&str, &str)> = COLUMNS.iter().map(|c| (*c, r[*c].as_str())).collect();
        best.push(log_likelihood_ratio(&row).expect("planted values readable"));
        label.push(truth[&r["prospect_id"]]);
        assert!(!r["reasons"].is_empty());
    }
    (auc(&ours, &label), auc(&best, &label))
}

#[test]
fn prospects_rank_within_003_auc_of_the_exact_likelihood_ratio() {
    let base = folder("profile-planted");
    let data = base.join("data");
    generate_seeded(&data, 3_000, 11, "csv");
    let (out, again) = (base.join("out"), base.join("again"));
    let o = analyze_with_prospects(&data, &out);
    analyze_with_prospects(&data, &again);

    // ranks are deterministic: the same prospects.csv, byte for byte
    let a = std::fs::read(out.join("prospects.csv")).unwrap();
    let b = std::fs::read(again.join("prospects.csv")).unwrap();
    assert!(a == b, "prospects.csv differs between two runs");

    // The reference is the planted class (ideal and rising customers draw
    // Tier 1's attributes); the profile learns the graded Tier 1, which
    // also holds good customers lucky in their window and misses some
    // planted ones: the bound holds all the same (seed 11: 0.7912
    // against 0.8026; seed 12: 0.8043 against 0.8109).
    let (got, reference) = prospect_aucs(&data, &out);
    let other = base.join("seed-12");
    generate_seeded(&other.join("data"), 3_000, 12, "csv");
    analyze_with_prospects(&other.join("data"), &other.join("out"));
    for (seed, (got, reference)) in [
        (11, (got, reference)),
        (12, prospect_aucs(&other.join("data"), &other.join("out"))),
    ] {
        eprintln!("seed {seed}: prospect AUC {got:.4}, exact likelihood ratio {reference:.4}");
        assert!(
            got >= reference - 0.03,
            "seed {seed}: prospect AUC {got:.4} more than 0.03 below the best achievable {reference:.4}"
        );
    }
    assert!(
        reference > 0.7,
        "the planted skew is strong enough to matter: {reference}"
    );

    // the profile: planted attributes carry a signal and are in the score;
    // noise attributes carry none and weigh nothing
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let p = &summary["ideal_profile"];
    assert_eq!(p["distinguishes_tier1"], true, "{}", p["statement"]);
    let q = &p["quality"];
    let (auc_cv, low, high) = (
        q["auc"].as_f64().unwrap(),
        q["auc_low"].as_f64().unwrap(),
        q["auc_high"].as_f64().unwrap(),
    );
    assert!(low < auc_cv && auc_cv < high && low > 0.6, "{q}");
    assert_eq!(q["fold_aucs"].as_array().unwrap().len(), 5);
    assert!(q["fold_sd"].as_f64().unwrap() > 0.0);
    let attrs = p["attributes"].as_array().unwrap();
    let attr = |name: &str| {
        attrs
            .iter()
            .find(|a| a["name"] == name)
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    for name in PLANTED {
        let a = attr(name);
        assert!(a["signal"] == true && a["in_score"] == true, "{name}: {a}");
    }
    for name in [
        "ownership",
        "website_visits",
        "newsletter",
        "region",
        "industry",
    ] {
        let a = attr(name);
        assert_eq!(a["signal"], false, "{name} has no planted signal: {a}");
        for v in a["values"].as_array().unwrap() {
            let w = v["weight"].as_f64().unwrap_or(0.0);
            assert!(w.abs() < 0.05, "{name} {}: weight {w}", v["value"]);
        }
    }
    // the strongest over-represented values are planted ones, with intervals
    let over = p["over_represented"].as_array().unwrap();
    assert!(over.len() >= 3);
    for v in &over[..3] {
        assert!(PLANTED.contains(&v["attribute"].as_str().unwrap()), "{v}");
        assert!(v["lift_low"].as_f64().unwrap() > 1.0);
    }
    // customers: a lookalike score for everyone graded; the Tier-2 growth
    // candidates are the Tier-2 customers with the highest scores
    let customers = read_csv(&out.join("customers.csv"));
    assert!(customers
        .iter()
        .filter(|c| !c["tier"].is_empty())
        .all(|c| c["lookalike_score"].parse::<f64>().is_ok()));
    let best_tier2 = customers
        .iter()
        .filter(|c| c["tier"] == "2")
        .map(|c| c["lookalike_score"].parse::<f64>().unwrap())
        .fold(0.0, f64::max);
    let listed = p["tier2_lookalikes"].as_array().unwrap();
    assert_eq!(listed[0]["lookalike_score"].as_f64().unwrap(), best_tier2);
    // …and it says so where the owner reads it
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(
        stdout.contains("Ideal customer profile: Tier 1 ("),
        "{stdout}"
    );
    assert!(stdout.contains("The attributes tell Tier 1 apart: cross-validated AUC"));
    assert!(stdout.contains("No signal: industry, newsletter, ownership, region, website visits"));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<section id=\"profile\">"));
    let shown = html
        .split("data-summary=\"profile-auc\">")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap();
    assert_eq!(shown, format!("{auc_cv:.2}"));
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// A small portfolio: 40 customers, every fourth one Tier 1 (a 30% margin
/// and new in the window), the others Tier 2; customers have `industry`.
fn small_portfolio(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let mut tx = String::from("customer_id,date,amount,cost\n");
    let mut cu = String::from("customer_id,customer_since,industry\n");
    for i in 0..40 {
        let ideal = i % 4 == 0;
        let cost = if ideal { 60 } else { 88 };
        tx.push_str(&format!(
            "C{i},2025-03-01,100,{cost}\nC{i},2025-09-01,100,{cost}\n"
        ));
        let since = if ideal { "2025-02-01" } else { "2020-01-01" };
        let industry = if (i / 4) % 2 == 0 {
            "Retail"
        } else {
            "Wholesale"
        };
        cu.push_str(&format!("C{i},{since},{industry}\n"));
    }
    (
        write(dir, "transactions.csv", &tx),
        write(dir, "customers.csv", &cu),
    )
}

fn analyze_prospects(dir: &Path, prospects: &Path) -> std::process::Output {
    let (tx, cu) = small_portfolio(dir);
    bin()
        .arg("analyze")
        .arg("--transactions")
        .arg(tx)
        .arg("--customers")
        .arg(cu)
        .arg("--prospects")
        .arg(prospects)
        .arg("--out")
        .arg(dir.join("out"))
        .output()
        .unwrap()
}

#[test]
fn bad_prospect_rows_are_counted_and_unseen_values_said() {
    let dir = folder("profile-bad-rows");
    let p = write(
        &dir,
        "prospects.csv",
        "Prospect ID,Industry,colour\nP1,Retail,red\n,Retail,blue\nP2,Mining,red\nP1,Wholesale,green\nP3,,red\n",
    );
    let o = analyze_prospects(&dir, &p);
    // 2 of 5 rejected is more than max-rejected-share, as for any table
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(
        stdout.contains("prospects: 2 of 5 rows (40.0%) are rejected"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "prospects     prospects.csv: read 5, used 3, rejected 2 (duplicate prospect id: 1, missing prospect id: 1)"
        ),
        "{stdout}"
    );
    let rejects = read_csv(&dir.join("out/rejects.csv"));
    let lines: Vec<(&str, &str)> = rejects
        .iter()
        .filter(|r| r["table"] == "prospects")
        .map(|r| (r["line"].as_str(), r["reason"].as_str()))
        .collect();
    assert_eq!(
        lines,
        [("3", "missing prospect id"), ("5", "duplicate prospect id")]
    );
    let scored = read_csv(&dir.join("out/prospects.csv"));
    assert_eq!(scored.len(), 3);
    // `Industry` is the customers' `industry`; `colour` is not used
    assert!(scored[0].contains_key("industry") && !scored[0].contains_key("colour"));
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/summary.json")).unwrap())
            .unwrap();
    let notes: Vec<&str> = summary["ideal_profile"]["prospects"]["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        notes.contains(
            &"industry: 1 prospect with a value no customer with a tier has: no evidence from it"
        ),
        "{notes:?}"
    );
    let read_as = summary["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["table"] == "prospects")
        .unwrap()["read_as"]
        .to_string();
    assert!(
        read_as.contains("not a customer attribute, not used: colour"),
        "{read_as}"
    );
}

#[test]
fn a_prospects_file_without_a_customer_attribute_names_both_sides() {
    let dir = folder("profile-no-match");
    let p = write(&dir, "prospects.csv", "id,sector,town\nP1,Retail,Oslo\n");
    let o = analyze_prospects(&dir, &p);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("prospects.csv: no column matches a customer attribute: the prospects have `sector`, `town`; the customers have `industry`; rename the prospects' columns"),
        "{err}"
    );
}

#[test]
fn an_empty_prospects_file_is_a_clear_error_and_a_header_alone_scores_nothing() {
    let dir = folder("profile-empty");
    let p = write(&dir, "prospects.csv", "");
    let o = analyze_prospects(&dir, &p);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("prospects.csv: the file is empty"), "{err}");

    let dir = folder("profile-header-only");
    let p = write(&dir, "prospects.csv", "prospect_id,industry\n");
    let o = analyze_prospects(&dir, &p);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(
        stdout.contains("Prospects: 0 scored into prospects.csv"),
        "{stdout}"
    );
    assert_eq!(read_csv(&dir.join("out/prospects.csv")).len(), 0);
}

#[test]
fn attributes_that_cannot_tell_tier1_apart_give_every_prospect_the_base_rate() {
    // half of Tier 1 and half of the rest are in retail: no signal
    let dir = folder("profile-no-signal");
    let p = write(
        &dir,
        "prospects.csv",
        "prospect_id,industry\nP1,Retail\nP2,Wholesale\n",
    );
    let o = analyze_prospects(&dir, &p);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(
        stdout.contains("The attributes cannot tell Tier 1 apart"),
        "{stdout}"
    );
    let scored = read_csv(&dir.join("out/prospects.csv"));
    for r in &scored {
        assert_eq!(r["score"], "0.25", "the base rate: 10 of 40");
        assert_eq!(r["rank"], "1");
        assert!(r["reasons"].starts_with("the attributes do not distinguish Tier 1"));
    }
    let customers = read_csv(&dir.join("out/customers.csv"));
    assert!(customers.iter().all(|c| c["lookalike_score"] == "0.25"));
}

#[test]
fn check_reads_the_prospects_too() {
    let dir = folder("profile-check");
    let (tx, cu) = small_portfolio(&dir);
    let p = write(
        &dir,
        "prospects.csv",
        "prospect_id,industry\nP1,Retail\n,Retail\n",
    );
    let o = Command::new(env!("CARGO_BIN_EXE_clientgrade"))
        .arg("check")
        .arg("--transactions")
        .arg(tx)
        .arg("--customers")
        .arg(cu)
        .arg("--prospects")
        .arg(p)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(3),
        "half the rows rejected: a decision"
    );
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(stdout.contains("line 3: missing prospect id"), "{stdout}");
    assert!(
        stdout.contains("--max-rejected-share 0.50 (or max-rejected-share = 0.50 in [prospects])"),
        "{stdout}"
    );
    let o = Command::new(env!("CARGO_BIN_EXE_clientgrade"))
        .arg("check")
        .arg("--transactions")
        .arg(dir.join("transactions.csv"))
        .arg("--customers")
        .arg(dir.join("customers.csv"))
        .arg("--prospects")
        .arg(dir.join("prospects.csv"))
        .arg("--max-rejected-share")
        .arg("0.5")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "accepted: a rejected row, exit 1");
}

#[test]
fn a_switched_off_profile_says_the_prospects_were_not_scored() {
    let dir = folder("profile-off");
    let (tx, cu) = small_portfolio(&dir);
    let p = write(&dir, "prospects.csv", "prospect_id,industry\nP1,Retail\n");
    let config = write(&dir, "clientgrade.toml", "[profile]\nenabled = false\n");
    let o = run(bin()
        .arg("analyze")
        .arg("--config")
        .arg(config)
        .arg("--transactions")
        .arg(tx)
        .arg("--customers")
        .arg(cu)
        .arg("--prospects")
        .arg(p)
        .arg("--out")
        .arg(dir.join("out")));
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(
        stdout.contains(
            "prospects not scored: the profile is switched off ([profile] enabled = false)"
        ),
        "{stdout}"
    );
    assert!(!dir.join("out/prospects.csv").exists());
    let header = std::fs::read_to_string(dir.join("out/customers.csv")).unwrap();
    assert!(!header.lines().next().unwrap().contains("lookalike_score"));
}

//! Going quiet, judged by each customer's own rhythm and season: seasonal and new customers are not sent to "win back".

use super::{bin, fixture, folder, read_csv, run};

fn kind(id: &str) -> String {
    id.trim_end_matches(|c: char| c.is_ascii_digit())
        .to_string()
}

#[test]
fn win_back_follows_the_customers_own_rhythm_not_a_quiet_rfm_segment() {
    // tests/data/lifecycle/gen_rhythm.py: 40 steady buyers, 10 spring-only buyers (2023-2025),
    // 10 customers new in 2025 whose last order was 25-45 days ago, one steady buyer that stopped
    let out = folder("rhythm");
    run(bin()
        .arg("analyze")
        .arg("--transactions")
        .arg(fixture("lifecycle/rhythm.csv"))
        .arg("--as-of")
        .arg("2025-12-31")
        .arg("--out")
        .arg(&out));
    let rows = read_csv(&out.join("customers.csv"));
    let of = |k: &str| -> Vec<_> {
        rows.iter()
            .filter(|r| kind(&r["customer_id"]) == k)
            .collect()
    };
    for r in of("SPRING") {
        assert_ne!(r["action"], "win back", "{r:?}");
        assert!(r["action_reason"].contains("buys seasonally"), "{r:?}");
        assert!(
            r["status_reason"].contains("does not model seasons"),
            "{r:?}"
        );
    }
    for r in of("NEW") {
        assert_eq!(r["status"], "new");
        assert_ne!(r["action"], "win back", "{r:?}");
    }
    let steady = of("S");
    assert_eq!(steady.len(), 40);
    let quiet = steady.iter().filter(|r| r["action"] == "win back").count();
    assert!(quiet <= 2, "{quiet} of 40 steady buyers told to win back");
    let stopped = of("STOPPED");
    assert_eq!(stopped[0]["action"], "win back", "{:?}", stopped[0]);
    assert!(stopped[0]["action_reason"].contains("overdue by its own rhythm"));
}

//! Going quiet, judged by each customer's own rhythm and season: seasonal and new customers are not sent to "win back".

use crate::helpers::{bin, fixture, folder, read_csv, run};

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
    // RFM segments agree with the status: no buyer of the window is "Lost",
    // "Hibernating" or "At Risk", no lapsed customer "Loyal" or "Champions"
    for r in &rows {
        let seg = r["rfm_segment"].as_str();
        match r["status"].as_str() {
            "new" | "active" => assert!(
                !["Lost", "Hibernating", "At Risk", "Can't Lose Them"].contains(&seg),
                "{r:?}"
            ),
            _ => assert!(
                ![
                    "Champions",
                    "Loyal",
                    "Potential Loyalist",
                    "New",
                    "Promising"
                ]
                .contains(&seg),
                "{r:?}"
            ),
        }
    }
    let steady = of("S");
    assert_eq!(steady.len(), 40);
    let quiet = steady.iter().filter(|r| r["action"] == "win back").count();
    assert!(quiet <= 2, "{quiet} of 40 steady buyers told to win back");
    let stopped = of("STOPPED");
    assert_eq!(stopped[0]["action"], "win back", "{:?}", stopped[0]);
    assert!(stopped[0]["action_reason"].contains("overdue by its own rhythm"));
}

#[test]
fn flags_need_enough_events_to_stand_out_and_void_invoices_are_no_debt() {
    // tests/data/lifecycle/gen_flags.py: regular buyers, one-order returners (some with a coupon),
    // serial returners, deal seekers, late payers, early payers with one invoice a few days
    // overdue at as-of, and customers with void invoices (Status = Void, no paid date)
    let (sales, invoices) = (
        fixture("lifecycle/flags_sales.csv"),
        fixture("lifecycle/flags_invoices.csv"),
    );
    let checked = bin()
        .arg("check")
        .arg("--transactions")
        .arg(&sales)
        .arg("--invoices")
        .arg(&invoices)
        .arg("--as-of")
        .arg("2025-12-31")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&checked.stdout);
    assert_eq!(checked.status.code(), Some(3), "{said}");
    assert!(said.contains("says void (10 rows)"), "{said}");
    assert!(
        said.contains("skipped 10 (void, cancelled or draft invoice"),
        "{said}"
    );
    let out = folder("flags");
    run(bin()
        .arg("analyze")
        .arg("--transactions")
        .arg(&sales)
        .arg("--invoices")
        .arg(&invoices)
        .arg("--as-of")
        .arg("2025-12-31")
        // the status column's decision is the one check asked for above:
        // void invoices are already left out, so the figures are accepted
        .arg("--accept-undecided")
        .arg("--out")
        .arg(&out));
    let rows = read_csv(&out.join("customers.csv"));
    let of = |k: &str| -> Vec<_> {
        rows.iter()
            .filter(|r| kind(&r["customer_id"]) == k)
            .collect()
    };
    let flagged = |r: &std::collections::HashMap<String, String>, f: &str| {
        r["flags"].split("; ").any(|x| x == f)
    };
    // one order, returned (and a coupon): not a flag, said to be undecidable
    for r in of("ONCE") {
        // one purchase day: BG/NBD would say P(alive) 100%, so it is not estimated
        assert_eq!(r["p_alive"], "", "{r:?}");
        assert!(
            r["status_reason"].contains("not estimated for a one-time buyer"),
            "{r:?}"
        );
        assert!(!flagged(r, "returns a lot"), "{r:?}");
        assert!(!flagged(r, "demands concessions"), "{r:?}");
        assert!(r["flag_evidence"].contains("cannot tell"), "{r:?}");
    }
    for r in of("REG") {
        assert!(!flagged(r, "returns a lot"), "{r:?}");
        assert!(!flagged(r, "pays late"), "{r:?}");
    }
    let serial = of("SERIAL");
    assert!(
        serial
            .iter()
            .filter(|r| flagged(r, "returns a lot"))
            .count()
            >= 3
    );
    let haggle = of("HAGGLE");
    assert!(
        haggle
            .iter()
            .filter(|r| flagged(r, "demands concessions"))
            .count()
            >= 5
    );
    // a few days past due over the holidays, or a void invoice, is not paying late
    for r in of("HOLIDAY").into_iter().chain(of("VOIDED")) {
        assert!(!flagged(r, "pays late"), "{r:?}");
    }
    for r in of("LATE") {
        assert!(flagged(r, "pays late"), "{r:?}");
        assert!(r["flag_evidence"].contains("weighted by amount"), "{r:?}");
    }
}

//! What people see stays bounded and harmless: a small report on a huge whale axis, long ids and control characters shortened, megabyte values, lists that stop, markup escaped.

use std::path::Path;

use crate::helpers::{bin, folder, generate, run, table_args, whale_file, TABLES};

/// report.html stays under this whatever the data (docs/outputs.md).
const REPORT_BOUND: u64 = 2 * 1024 * 1024;

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

/// Lines of `text` longer than the terminal guard allows, or with a control
/// character other than the line end.
fn unsafe_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.chars().count() > 400 || l.chars().any(|c| c.is_control()))
        .map(|l| l.chars().take(80).collect())
        .collect()
}

#[test]
fn long_ids_and_control_characters_are_shortened_and_made_visible_for_people() {
    let dir = folder("echoes");
    // 250 characters: under the reader's id limit, over what a person needs
    let long_id = format!("ID{}", "7".repeat(248));
    let tx = dir.join("t.csv");
    std::fs::write(
        &tx,
        format!(
            "customer,date,amount\n{long_id},2025-03-01,500\nB,2025-03-02,20\nB,2025-04-02,\u{1b}[2J12\n"
        ),
    )
    .unwrap();
    let customers = dir.join("c.csv");
    std::fs::write(
        &customers,
        format!(
            "customer_id,name,account_manager\n{long_id},\u{1b}]0;pwned\u{7}Evil\u{202e}Corp,\u{1b}[31mRed\nB,Bee,Ann\n"
        ),
    )
    .unwrap();
    let out = dir.join("out");
    let o = run(bin()
        .arg("analyze")
        .args(["--max-rejected-share", "1"])
        .arg("--transactions")
        .arg(&tx)
        .arg("--customers")
        .arg(&customers)
        .arg("--out")
        .arg(&out));
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(
        unsafe_lines(&stdout).is_empty(),
        "{:?}",
        unsafe_lines(&stdout)
    );
    assert!(!stdout.contains(&long_id), "the whole id is printed");
    assert!(stdout.contains(&format!("{}…", &long_id[..39])), "{stdout}");
    assert!(
        stdout.contains("\\u{1b}]0;pwned\\u{7}Evil\\u{202e}Corp"),
        "{stdout}"
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(!html.contains(&long_id), "the whole id is in report.html");
    assert!(!html.contains('\u{1b}') && !html.contains('\u{202e}'));
    // the data keeps the whole values
    let csv = std::fs::read_to_string(out.join("customers.csv")).unwrap();
    assert!(csv.contains(&long_id) && csv.contains("\u{1b}]0;pwned\u{7}Evil\u{202e}Corp"));
    let json = std::fs::read_to_string(out.join("summary.json")).unwrap();
    assert!(json.contains(&long_id));

    // check echoes the rejected value made visible and short
    let o = bin()
        .arg("check")
        .args(["--max-rejected-share", "1"])
        .arg("--transactions")
        .arg(&tx)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(unsafe_lines(&stdout).is_empty(), "{stdout}");
    assert!(stdout.contains("`\\u{1b}[2J12`"), "{stdout}");
}

#[test]
fn a_megabyte_value_never_floods_the_terminal() {
    let dir = folder("megabyte");
    let huge = "9".repeat(1 << 20);
    let tx = dir.join("t.csv");
    std::fs::write(
        &tx,
        format!(
            "customer,date,amount\n{huge},2025-03-01,5\nA,2025-03-01,{huge}x\nB,2025-03-02,7\n"
        ),
    )
    .unwrap();
    for cmd in ["check", "analyze"] {
        let o = bin()
            .arg(cmd)
            .args(["--max-rejected-share", "1"])
            .arg("--transactions")
            .arg(&tx)
            .arg("--out")
            .arg(dir.join("out"))
            .output()
            .unwrap();
        let (stdout, stderr) = (
            String::from_utf8(o.stdout).unwrap(),
            String::from_utf8(o.stderr).unwrap(),
        );
        assert!(o.status.code().is_some_and(|c| c <= 2), "{cmd}: {stderr}");
        assert!(
            stdout.len() < 20_000,
            "{cmd}: {} bytes on stdout",
            stdout.len()
        );
        assert!(
            stderr.len() < 2_000,
            "{cmd}: {} bytes on stderr",
            stderr.len()
        );
        assert!(unsafe_lines(&stdout).is_empty(), "{cmd}");
    }
    let html = std::fs::read_to_string(dir.join("out/report.html")).unwrap();
    assert!(html.len() < 200_000, "report.html: {} bytes", html.len());
}

#[test]
fn issue_13_sections_shorten_ids_and_stop_their_lists() {
    let dir = folder("attention");
    // a money loser and a lapsed customer with 250-character ids, 29 more
    // lapsed customers worth winning back, ten profitable active ones
    let loser = format!("LOSS{}", "8".repeat(246));
    let lapsed = format!("LAPS{}", "9".repeat(246));
    let mut t = String::from("customer,date,amount,cost\n");
    t.push_str(&format!("{loser},2025-05-01,100,400\n"));
    t.push_str(&format!("{lapsed},2024-03-01,5000,100\n"));
    for i in 0..29 {
        t.push_str(&format!("LAP{i:02},2024-03-01,{},100\n", 1_000 + i));
    }
    for i in 0..10 {
        t.push_str(&format!("ACT{i:02},2025-{:02}-01,500,100\n", 1 + i % 6));
    }
    let tx = dir.join("t.csv");
    std::fs::write(&tx, t).unwrap();
    let customers = dir.join("c.csv");
    std::fs::write(
        &customers,
        format!(
            "customer_id,name\n{loser},\u{1b}]0;pwned\u{7}{}\n",
            "N".repeat(500)
        ),
    )
    .unwrap();
    let out = dir.join("out");
    let o = run(bin()
        .arg("analyze")
        .arg("--transactions")
        .arg(&tx)
        .arg("--customers")
        .arg(&customers)
        .args(["--top", "100", "--out"])
        .arg(&out));
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(unsafe_lines(&stdout).is_empty(), "{stdout}");
    for id in [&loser, &lapsed] {
        assert!(!stdout.contains(id.as_str()), "a whole id on the terminal");
        assert!(stdout.contains(&format!("{}…", &id[..39])), "{stdout}");
    }
    // the lapsed list stops after 20 customers with a count of the rest
    let section: Vec<&str> = stdout
        .split("Lapsed customers worth winning back: 30")
        .nth(1)
        .expect("the lapsed section")
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert_eq!(section.len(), 21, "{section:#?}");
    assert!(
        section[20].starts_with("  … and 10 more"),
        "{}",
        section[20]
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    for id in [&loser, &lapsed] {
        assert!(!html.contains(id.as_str()), "a whole id in report.html");
        assert!(html.contains(&format!("{}…", &id[..39])));
    }
    assert!(
        !html.contains(&"N".repeat(100)),
        "a whole name in report.html"
    );
    assert!(!html.contains('\u{1b}') && !html.contains('\u{7}'));
    assert!(html.contains("id=\"losers\"") && html.contains("id=\"slipping\""));
}

/// Markup characters a customer's data may carry into the report.
const PAYLOAD: &str = "<script>\"&'";

/// `PAYLOAD` appended to every id, name, account manager and attribute value
/// (region, industry, ownership, acquisition channel) of every generated
/// table, quoted as CSV.
fn inject_markup(data: &Path) {
    for entry in std::fs::read_dir(data).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "csv") {
            continue;
        }
        let mut r = csv::Reader::from_path(&path).unwrap();
        let head = r.headers().unwrap().clone();
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        let mut w = csv::Writer::from_path(&path).unwrap();
        w.write_record(&head).unwrap();
        for row in rows {
            let row: Vec<String> = head
                .iter()
                .zip(row.iter())
                .map(|(h, v)| match h {
                    "customer_id"
                    | "prospect_id"
                    | "name"
                    | "account_manager"
                    | "region"
                    | "industry"
                    | "ownership"
                    | "acquisition_channel" => format!("{v}{PAYLOAD}"),
                    _ => v.to_string(),
                })
                .collect();
            w.write_record(&row).unwrap();
        }
        w.flush().unwrap();
    }
}

#[test]
fn markup_in_ids_names_managers_and_attributes_is_escaped_everywhere_in_the_reports() {
    let dir = folder("markup-injection");
    let data = dir.join("data");
    generate(&data, 300, "csv");
    inject_markup(&data);
    let analyze = |out: &Path, as_of: &str| {
        let mut cmd = bin();
        cmd.arg("analyze").args(table_args(&data, "csv", &TABLES));
        run(cmd
            .args(["--as-of", as_of, "--compare-to", "2025-03-31"])
            .arg("--out")
            .arg(out));
    };
    let (before, after) = (dir.join("before"), dir.join("after"));
    analyze(&before, "2025-06-30");
    analyze(&after, "2025-12-31");
    let cmp = dir.join("cmp");
    run(bin()
        .arg("compare")
        .arg(&before)
        .arg(&after)
        .arg("--out")
        .arg(&cmp));
    for report in [after.join("report.html"), cmp.join("report.html")] {
        let html = std::fs::read_to_string(&report).unwrap();
        // the report has no script of its own: any `<script` came from the data
        assert!(
            !html.contains("<script"),
            "{}: raw <script> from the data",
            report.display()
        );
        assert!(
            !html.contains("\"&'"),
            "{}: raw quote, ampersand or apostrophe",
            report.display()
        );
        let escaped = html.matches("&lt;script&gt;&quot;&amp;&#39;").count();
        assert!(
            escaped > 50,
            "{}: the data shows escaped {escaped} times",
            report.display()
        );
    }
    // the sections that show data all drew some: ids, names, managers, values
    let html = std::fs::read_to_string(after.join("report.html")).unwrap();
    for needle in [
        "Berger&lt;script&gt;",
        "C000001&lt;script&gt;",
        "Ltd&lt;script&gt;",
        "Construction&lt;script&gt;&quot;&amp;&#39;",
    ] {
        assert!(html.contains(needle), "{needle} is not in report.html");
    }
}

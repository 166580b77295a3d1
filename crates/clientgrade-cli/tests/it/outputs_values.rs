//! No output holds NaN or inf, formulas are neutralised in spreadsheet CSVs, rejects beyond the kept ones are said, no absolute path leaks.

use std::path::Path;

use crate::helpers::{bin, fixture, folder, read_csv, run, whale_file, OUTPUTS};

/// Words that mean a number was not finite.
fn non_finite_words(text: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| matches!(w.to_lowercase().as_str(), "nan" | "inf" | "infinity"))
        .map(str::to_string)
        .collect();
    if text.contains('∞') {
        found.push("∞".into());
    }
    found
}

/// Every number of every Float64 column of a Parquet file is finite.
fn parquet_floats_finite(path: &Path) -> Result<(), String> {
    use arrow_array::{Array, Float64Array};
    let file = std::fs::File::open(path).unwrap();
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    for batch in reader {
        let batch = batch.unwrap();
        for (i, col) in batch.columns().iter().enumerate() {
            if let Some(f) = col.as_any().downcast_ref::<Float64Array>() {
                if let Some(v) = f.iter().flatten().find(|v| !v.is_finite()) {
                    return Err(format!("{}: {v}", batch.schema().field(i).name()));
                }
            }
        }
    }
    Ok(())
}

/// Run analyze with `inputs` into `out` and check that no output says NaN or inf.
fn no_non_finite_anywhere(name: &str, inputs: &[&std::ffi::OsStr], out: &Path) -> String {
    let o = run(bin().arg("analyze").args(inputs).arg("--out").arg(out));
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert_eq!(
        non_finite_words(&stdout),
        Vec::<String>::new(),
        "{name}: terminal"
    );
    for f in OUTPUTS.iter().filter(|f| !f.ends_with(".parquet")) {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        assert_eq!(non_finite_words(&text), Vec::<String>::new(), "{name}: {f}");
    }
    parquet_floats_finite(&out.join("customers.parquet")).unwrap();
    stdout
}

#[test]
fn issue_12_10_without_repeat_buyers_the_lifetime_model_says_why_and_nothing_is_nan() {
    let dir = folder("no-repeat");
    let mut t = String::from("customer,date,amount,cost\n");
    for i in 0..60 {
        t.push_str(&format!(
            "C{i:03},2025-{:02}-{:02},{}.50,{}\n",
            1 + i % 12,
            1 + i % 27,
            100 + i,
            50 + i
        ));
    }
    let none = dir.join("none.csv");
    std::fs::write(&none, &t).unwrap();
    let flag = std::ffi::OsStr::new("--transactions");
    let out = dir.join("out");
    let stdout = no_non_finite_anywhere("no repeat", &[flag, none.as_os_str()], &out);
    let why = "none of the 60 customers bought on more than one day";
    assert!(stdout.contains(why), "{stdout}");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let l = &summary["verdicts"]["lifetime"];
    assert_eq!(l["fitted"], false);
    assert!(l["reason"].as_str().unwrap().starts_with(why), "{l}");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains(&format!("Lifetime values cannot be computed: {why}")));
    let rows = read_csv(&out.join("customers.csv"));
    assert!(rows.iter().all(|r| {
        [
            "p_alive",
            "expected_spend",
            "expected_revenue",
            "clv_profit",
        ]
        .iter()
        .all(|c| r[*c].is_empty())
    }));

    // one repeat buyer: the fit does not converge, and still nothing is NaN
    t.push_str("C000,2025-12-20,10,5\n");
    let one = dir.join("one.csv");
    std::fs::write(&one, &t).unwrap();
    let out = dir.join("out-one");
    no_non_finite_anywhere("one repeat", &[flag, one.as_os_str()], &out);
    // the extreme profits of issue 17, and the hand-made fixture
    let whales = whale_file(&dir);
    let out = dir.join("out-whales");
    no_non_finite_anywhere("whales", &[flag, whales.as_os_str()], &out);
    // lapsed customers served in the window: service without revenue (an
    // effort ratio without a denominator)
    let mut t = String::from("customer,date,amount,cost\n");
    let mut service = String::from("customer_id,date,kind,hours\n");
    for i in 0..40 {
        t.push_str(&format!(
            "A{i:02},2025-{:02}-03,{},50\n",
            1 + i % 12,
            200 + i
        ));
        t.push_str(&format!("A{i:02},2024-{:02}-03,150,50\n", 1 + i % 12));
        service.push_str(&format!("A{i:02},2025-02-01,visit,1\n"));
    }
    for i in 0..5 {
        t.push_str(&format!("GONE{i},2024-06-03,900,100\n"));
        service.push_str(&format!("GONE{i},2025-09-01,visit,40\n"));
    }
    let (tx, sv) = (dir.join("lapsed.csv"), dir.join("service.csv"));
    std::fs::write(&tx, t).unwrap();
    std::fs::write(&sv, service).unwrap();
    let out = dir.join("out-lapsed-served");
    let args = [
        flag,
        tx.as_os_str(),
        std::ffi::OsStr::new("--service"),
        sv.as_os_str(),
        std::ffi::OsStr::new("--as-of"),
        std::ffi::OsStr::new("2025-12-31"),
    ];
    no_non_finite_anywhere("lapsed and served", &args, &out);
    let rows = read_csv(&out.join("customers.csv"));
    let gone = rows.iter().find(|r| r["customer_id"] == "GONE0").unwrap();
    assert_eq!(gone["status"], "lapsed", "{gone:?}");
    assert!(gone["flags"].contains("consumes effort"), "{gone:?}");
    let small = fixture("small/clientgrade.toml");
    let config = std::ffi::OsStr::new("--config");
    let out = dir.join("out-small");
    no_non_finite_anywhere("small", &[config, small.as_os_str()], &out);
}

#[test]
fn issue_12_11_rejects_beyond_the_kept_ones_are_said_plainly() {
    let dir = folder("many-rejects");
    let kept = 100_000; // clientgrade_data::KEPT_REJECTS
    let bad = kept + 2_345;
    let mut t = String::with_capacity(30 * bad);
    t.push_str("customer,date,amount\nA,2025-01-01,3\nB,2025-02-01,4\n");
    for i in 0..bad {
        t.push_str(&format!("C{i},2025-01-01,x\n"));
    }
    let tx = dir.join("t.csv");
    std::fs::write(&tx, t).unwrap();
    let out = dir.join("out");
    let o = run(bin()
        .arg("analyze")
        .args(["--max-rejected-share", "1"])
        .arg("--transactions")
        .arg(&tx)
        .arg("--out")
        .arg(&out));
    let stdout = String::from_utf8(o.stdout).unwrap();
    let note = "rejects.csv lists the first 100,000 of the 102,345 rejected rows of transactions; \
                the other 2,345 are counted by reason only";
    assert!(stdout.contains(note), "{stdout}");
    let rejects = std::fs::read_to_string(out.join("rejects.csv")).unwrap();
    assert_eq!(rejects.lines().count(), kept + 1);
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let input = &summary["inputs"][0];
    assert_eq!(input["rejected"], bad);
    assert_eq!(input["rejected_listed_in_rejects_csv"], kept);
    assert_eq!(input["rejected_not_listed"], bad - kept);
    assert!(summary["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n.as_str().unwrap().starts_with(note)));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains(note));
}

/// The `column` of every row of a Parquet file, as text.
fn parquet_text(path: &Path, column: &str) -> Vec<String> {
    use arrow_array::{Array, StringArray};
    let file = std::fs::File::open(path).unwrap();
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let mut v = Vec::new();
    for batch in reader {
        let batch = batch.unwrap();
        let col = batch.column_by_name(column).unwrap();
        let s = col.as_any().downcast_ref::<StringArray>().unwrap();
        v.extend((0..s.len()).map(|i| s.value(i).to_string()));
    }
    v
}

#[test]
fn issue_12_13_formulas_are_neutralised_in_spreadsheet_csvs_and_kept_in_parquet_and_json() {
    let dir = folder("formulas");
    let evil = "=HYPERLINK(\"http://x.invalid\",\"click\")";
    let tx = dir.join("t.csv");
    std::fs::write(
        &tx,
        "customer,date,amount,cost\n\
         \"=HYPERLINK(\"\"http://x.invalid\"\",\"\"click\"\")\",2025-03-01,900,100\n\
         @SUM(1),2025-03-02,500,100\n\
         -12.50,2025-03-03,300,100\n\
         R1,2025-03-04,-12.50,0\n\
         B,2025-03-05,=1+2,0\n",
    )
    .unwrap();
    let customers = dir.join("c.csv");
    std::fs::write(
        &customers,
        "customer_id,name,account_manager,@region\n@SUM(1),+49 30 1234,-Ann,=2+3\nR1,Returns Ltd,Tab,North\n",
    )
    .unwrap();
    let out = dir.join("out");
    run(bin()
        .arg("analyze")
        .args(["--max-rejected-share", "1"])
        .arg("--transactions")
        .arg(&tx)
        .arg("--customers")
        .arg(&customers)
        .arg("--out")
        .arg(&out));
    let rows = read_csv(&out.join("customers.csv"));
    let ids: Vec<&str> = rows.iter().map(|r| r["customer_id"].as_str()).collect();
    assert!(ids.contains(&format!("'{evil}").as_str()), "{ids:?}");
    assert!(ids.contains(&"'@SUM(1)") && ids.contains(&"-12.50") && ids.contains(&"R1"));
    let at = rows
        .iter()
        .find(|r| r["customer_id"] == "'@SUM(1)")
        .unwrap();
    assert_eq!(at["name"], "'+49 30 1234");
    assert_eq!(at["account_manager"], "'-Ann");
    // a customer attribute: its column name comes from the data as well
    assert_eq!(at["'@region"], "'=2+3", "{at:?}");
    let header = std::fs::read_to_string(out.join("customers.csv")).unwrap();
    let header = header.lines().next().unwrap();
    assert!(
        header
            .split(',')
            .all(|c| !c.starts_with(['=', '+', '-', '@'])),
        "{header}"
    );
    let r1 = rows.iter().find(|r| r["customer_id"] == "R1").unwrap();
    assert_eq!(r1["revenue"], "-12.50", "a negative amount stays a number");
    let actions = read_csv(&out.join("actions.csv"));
    assert!(actions
        .iter()
        .any(|r| r["customer_id"] == format!("'{evil}")));
    assert!(actions
        .iter()
        .all(|r| !r["customer_id"].starts_with(['=', '@'])));
    let rejects = read_csv(&out.join("rejects.csv"));
    assert_eq!(rejects.len(), 1);
    assert_eq!(rejects[0]["value"], "'=1+2");
    // Parquet and JSON keep the raw values
    let pq = parquet_text(&out.join("customers.parquet"), "customer_id");
    assert!(pq.contains(&evil.to_string()) && pq.contains(&"@SUM(1)".to_string()));
    assert!(parquet_text(&out.join("customers.parquet"), "@region").contains(&"=2+3".to_string()));
    let json = std::fs::read_to_string(out.join("summary.json")).unwrap();
    let summary: serde_json::Value = serde_json::from_str(&json).unwrap();
    let top: Vec<&str> = summary["verdicts"]["ranking"]["top_10"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["customer_id"].as_str().unwrap())
        .collect();
    assert!(top.contains(&evil) && top.contains(&"@SUM(1)"), "{top:?}");
}

#[test]
fn issue_12_14_no_absolute_path_in_rejects_csv_or_summary_json() {
    let dir = folder("paths");
    let data = dir.join("private-folder");
    std::fs::create_dir_all(&data).unwrap();
    let tx = data.join("sales.csv");
    std::fs::write(
        &tx,
        "customer,date,amount\nA,2025-01-01,3\nB,2025-02-01,x\n",
    )
    .unwrap();
    std::fs::write(
        data.join("cg.toml"),
        "[transactions]\npath = \"sales.csv\"\n",
    )
    .unwrap();
    let absolute = dir.canonicalize().unwrap();
    let file_column = |out: &Path| read_csv(&out.join("rejects.csv"))[0]["file"].clone();
    let no_absolute = |out: &Path| {
        for f in ["rejects.csv", "summary.json"] {
            let text = std::fs::read_to_string(out.join(f)).unwrap();
            assert!(!text.contains(absolute.to_str().unwrap()), "{f}: {text}");
        }
    };
    // an absolute --transactions, and an absolute --config, from elsewhere:
    // a folder beside the data (the temp dir may hold the target dir, and so
    // the data, when CARGO_TARGET_DIR is under it)
    let elsewhere = dir.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let out = dir.join("out-abs");
    run(bin()
        .current_dir(&elsewhere)
        .arg("analyze")
        .args(["--max-rejected-share", "1"])
        .arg("--transactions")
        .arg(absolute.join("private-folder/sales.csv"))
        .arg("--out")
        .arg(&out));
    assert_eq!(file_column(&out), "sales.csv");
    no_absolute(&out);
    let out = dir.join("out-config");
    run(bin()
        .current_dir(&elsewhere)
        .arg("analyze")
        .args(["--max-rejected-share", "1"])
        .arg("--config")
        .arg(absolute.join("private-folder/cg.toml"))
        .arg("--out")
        .arg(&out));
    assert_eq!(file_column(&out), "sales.csv");
    no_absolute(&out);
    // an absolute path under the working directory: relative to it
    let out = dir.join("out-under");
    run(bin()
        .current_dir(&absolute)
        .arg("analyze")
        .args(["--max-rejected-share", "1"])
        .arg("--transactions")
        .arg(absolute.join("private-folder/sales.csv"))
        .arg("--out")
        .arg(&out));
    assert_eq!(file_column(&out), "private-folder/sales.csv");
    // a relative path: as the user typed it
    let out = dir.join("out-rel");
    run(bin()
        .current_dir(&absolute)
        .args([
            "analyze",
            "--max-rejected-share",
            "1",
            "--transactions",
            "private-folder/../private-folder/sales.csv",
        ])
        .arg("--out")
        .arg(&out));
    assert_eq!(
        file_column(&out),
        "private-folder/../private-folder/sales.csv"
    );
    no_absolute(&out);
}

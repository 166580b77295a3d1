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

/// Run `args` with standard output (or error) closed before the command
/// writes: it must end quietly with `code`.
fn closed_pipe(args: &[std::ffi::OsString], close_stderr: bool, code: i32) {
    use std::process::Stdio;
    let mut cmd = bin();
    cmd.args(args).stdin(Stdio::null());
    if close_stderr {
        cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    } else {
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    }
    let mut child = cmd.spawn().unwrap();
    // close our end of the pipe at once, as `head` does after its lines
    if close_stderr {
        drop(child.stderr.take());
    } else {
        drop(child.stdout.take());
    }
    let o = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
}

#[test]
fn issue_12_7_a_closed_pipe_ends_quietly_with_the_commands_exit_code() {
    let dir = folder("broken-pipe");
    let tx = dir.join("t.csv");
    let mut t = String::from("customer,date,amount\n");
    for i in 0..200 {
        t.push_str(&format!(
            "C{i},2025-03-01,{}\n",
            if i % 3 == 0 { "x" } else { "5" }
        ));
    }
    std::fs::write(&tx, t).unwrap();
    let os = |s: &str| std::ffi::OsString::from(s);
    let (tx, out, data, demo) = (
        tx.into_os_string(),
        dir.join("out").into_os_string(),
        dir.join("data").into_os_string(),
        dir.join("demo").into_os_string(),
    );
    // a third of the rows are bad on purpose: accepted (else exit 3)
    let check = [
        os("check"),
        os("--max-rejected-share"),
        os("1"),
        os("--transactions"),
        tx.clone(),
    ];
    let analyze = [
        os("analyze"),
        os("--max-rejected-share"),
        os("1"),
        os("--transactions"),
        tx.clone(),
        os("--timings"),
        os("--out"),
        out,
    ];
    let generate = [
        os("generate"),
        os("--customers"),
        os("20"),
        os("--out"),
        data,
    ];
    let demo = [os("demo"), os("--customers"), os("60"), os("--out"), demo];
    let broken = [
        os("check"),
        os("--transactions"),
        dir.join("none.csv").into_os_string(),
    ];
    let help = [os("--help")];
    // a vendor export (generate --export) and check's "Needs a decision" (exit 3)
    let export_dir = dir.join("export");
    let export = [
        os("generate"),
        os("--export"),
        os("shopify"),
        os("--customers"),
        os("30"),
        os("--out"),
        export_dir.clone().into_os_string(),
    ];
    run(bin().args(&export));
    std::fs::write(
        export_dir.join("cg.toml"),
        "[transactions]\nsource = \"none\"\n",
    )
    .unwrap();
    let decision = [
        os("check"),
        os("--config"),
        export_dir.join("cg.toml").into_os_string(),
        os("--transactions"),
        export_dir.join("orders_export.csv").into_os_string(),
    ];
    for close_stderr in [false, true] {
        closed_pipe(&export, close_stderr, 0);
        closed_pipe(&decision, close_stderr, 3);
        closed_pipe(&check, close_stderr, 1);
        closed_pipe(&analyze, close_stderr, 0);
        closed_pipe(&generate, close_stderr, 0);
        closed_pipe(&demo, close_stderr, 0);
        closed_pipe(&broken, close_stderr, 2);
        closed_pipe(&help, close_stderr, 0);
    }
}

/// Every name in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

const OUTPUTS: [&str; 6] = [
    "actions.csv",
    "customers.csv",
    "customers.parquet",
    "rejects.csv",
    "report.html",
    "summary.json",
];

#[cfg(unix)]
#[test]
fn issue_17_symlinks_at_output_names_are_replaced_and_their_targets_untouched() {
    let dir = folder("symlinks");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let data = dir.join("data");
    // every output name and every generated table a symlink to a precious file
    let precious = dir.join("precious.txt");
    std::fs::write(&precious, "keep me").unwrap();
    std::fs::create_dir_all(&data).unwrap();
    for name in OUTPUTS {
        std::os::unix::fs::symlink(&precious, out.join(name)).unwrap();
    }
    for name in ["transactions.csv", "truth.csv"] {
        std::os::unix::fs::symlink(&precious, data.join(name)).unwrap();
    }
    run(bin()
        .args(["generate", "--customers", "40", "--out"])
        .arg(&data));
    run(bin()
        .arg("analyze")
        .arg("--transactions")
        .arg(data.join("transactions.csv"))
        .arg("--out")
        .arg(&out));
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep me");
    for name in OUTPUTS {
        let m = std::fs::symlink_metadata(out.join(name)).unwrap();
        assert!(m.is_file(), "{name} is still a symlink");
    }
    assert_eq!(names(&out), OUTPUTS, "no temporary file left behind");
    assert!(
        names(&data).iter().all(|n| !n.starts_with('.')),
        "{:?}",
        names(&data)
    );
    // generate --export writes its file and truth.csv the same way
    let export = dir.join("export");
    std::fs::create_dir_all(&export).unwrap();
    for name in ["orders_export.csv", "truth.csv"] {
        std::os::unix::fs::symlink(&precious, export.join(name)).unwrap();
    }
    run(bin()
        .args([
            "generate",
            "--export",
            "shopify",
            "--customers",
            "30",
            "--out",
        ])
        .arg(&export));
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep me");
    assert_eq!(names(&export), ["orders_export.csv", "truth.csv"]);
    for name in names(&export) {
        let m = std::fs::symlink_metadata(export.join(&name)).unwrap();
        assert!(m.is_file(), "{name} is still a symlink");
    }
}

#[test]
fn issue_12_8_a_failed_run_leaves_the_previous_outputs_and_no_temporary_files() {
    let dir = folder("atomic-run");
    let out = dir.join("out");
    let tx = dir.join("t.csv");
    std::fs::write(
        &tx,
        "customer,date,amount\nA,2025-01-01,3\nB,2025-02-01,5\n",
    )
    .unwrap();
    let analyze = || {
        bin()
            .arg("analyze")
            .arg("--transactions")
            .arg(&tx)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap()
    };
    assert!(analyze().status.success());
    let before: Vec<Vec<u8>> = OUTPUTS
        .iter()
        .filter(|n| **n != "report.html")
        .map(|n| std::fs::read(out.join(n)).unwrap())
        .collect();
    // new data, and an output that cannot be replaced: the run fails
    std::fs::write(
        &tx,
        "customer,date,amount\nA,2025-01-01,30\nC,2025-02-01,5\n",
    )
    .unwrap();
    std::fs::remove_file(out.join("report.html")).unwrap();
    std::fs::create_dir(out.join("report.html")).unwrap();
    std::fs::write(out.join("report.html/keep"), "x").unwrap();
    let o = analyze();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("report.html: cannot write: a folder has this name"),
        "{err}"
    );
    let after: Vec<Vec<u8>> = OUTPUTS
        .iter()
        .filter(|n| **n != "report.html")
        .map(|n| std::fs::read(out.join(n)).unwrap())
        .collect();
    assert!(before == after, "the previous outputs changed");
    assert_eq!(names(&out), OUTPUTS, "temporary files left behind");
}

#[test]
fn issue_12_9_an_output_folder_holding_an_input_is_refused_before_reading() {
    let dir = folder("out-over-input");
    let out = dir.join("results");
    std::fs::create_dir_all(&out).unwrap();
    let sales = "customer,date,amount\nA,2025-01-01,3\n";
    let tx = dir.join("t.csv");
    std::fs::write(&tx, sales).unwrap();
    let people = "customer_id,name\nA,Alpha\n";
    let inside = out.join("customers.csv");
    std::fs::write(&inside, people).unwrap();
    // the customers table inside the output folder, reached through `..`
    let roundabout = out.join("../results/customers.csv");
    let o = bin()
        .arg("analyze")
        .arg("--transactions")
        .arg(&tx)
        .arg("--customers")
        .arg(&roundabout)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(
        err,
        format!(
            "error: {}: --out {} would overwrite this input (the customers table) with its \
             customers.csv; choose another output folder with --out, or move the input out of it\n",
            roundabout.display(),
            out.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&inside).unwrap(), people);
    assert_eq!(names(&out), ["customers.csv"], "nothing written");

    // the sales file saved as summary.json, and a config file named report.html
    let json = out.join("summary.json");
    std::fs::write(&json, sales).unwrap();
    let o = bin()
        .arg("analyze")
        .arg("--transactions")
        .arg(&json)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr)
        .unwrap()
        .contains("(the transactions table) with its summary.json"));
    let config = out.join("report.html");
    std::fs::write(
        &config,
        format!("[transactions]\npath = \"{}\"\n", tx.display()),
    )
    .unwrap();
    let o = bin()
        .arg("analyze")
        .arg("--config")
        .arg(&config)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr)
        .unwrap()
        .contains("(the config file) with its report.html"));
    assert_eq!(std::fs::read_to_string(&json).unwrap(), sales);

    // through a symlinked folder: the same folder, refused as well
    #[cfg(unix)]
    {
        let alias = dir.join("alias");
        std::os::unix::fs::symlink(&out, &alias).unwrap();
        let o = bin()
            .arg("analyze")
            .arg("--transactions")
            .arg(&tx)
            .arg("--customers")
            .arg(&inside)
            .arg("--out")
            .arg(&alias)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2));
    }
    // a folder holding no input is fine
    run(bin()
        .arg("analyze")
        .arg("--transactions")
        .arg(&tx)
        .arg("--customers")
        .arg(&inside)
        .arg("--out")
        .arg(dir.join("elsewhere")));
}

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
    let rows = super::read_csv(&out.join("customers.csv"));
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
    let rows = super::read_csv(&out.join("customers.csv"));
    let gone = rows.iter().find(|r| r["customer_id"] == "GONE0").unwrap();
    assert_eq!(gone["status"], "lapsed", "{gone:?}");
    assert!(gone["flags"].contains("consumes effort"), "{gone:?}");
    let small = super::fixture("small/clientgrade.toml");
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

#[test]
fn issue_12_11_a_run_that_stops_points_to_no_file_it_did_not_write() {
    let dir = folder("all-rejected");
    let tx = dir.join("t.csv");
    std::fs::write(
        &tx,
        "customer,date,amount\nA,2025-01-01,x\nB,2025-02-01,y\n",
    )
    .unwrap();
    let out = dir.join("out");
    let o = bin()
        .arg("analyze")
        .arg("--transactions")
        .arg(&tx)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(!out.exists(), "nothing is written");
    assert!(!err.contains("rejects.csv"), "{err}");
    assert!(
        err.contains("`clientgrade check` with the same inputs lists the rejected rows"),
        "{err}"
    );
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
    let rows = super::read_csv(&out.join("customers.csv"));
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
    let actions = super::read_csv(&out.join("actions.csv"));
    assert!(actions
        .iter()
        .any(|r| r["customer_id"] == format!("'{evil}")));
    assert!(actions
        .iter()
        .all(|r| !r["customer_id"].starts_with(['=', '@'])));
    let rejects = super::read_csv(&out.join("rejects.csv"));
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
    let file_column = |out: &Path| super::read_csv(&out.join("rejects.csv"))[0]["file"].clone();
    let no_absolute = |out: &Path| {
        for f in ["rejects.csv", "summary.json"] {
            let text = std::fs::read_to_string(out.join(f)).unwrap();
            assert!(!text.contains(absolute.to_str().unwrap()), "{f}: {text}");
        }
    };
    // an absolute --transactions, and an absolute --config, from elsewhere
    let out = dir.join("out-abs");
    run(bin()
        .current_dir(std::env::temp_dir())
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
        .current_dir(std::env::temp_dir())
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
    super::generate(&data, 300, "csv");
    inject_markup(&data);
    let analyze = |out: &Path, as_of: &str| {
        let mut cmd = bin();
        cmd.arg("analyze")
            .args(super::table_args(&data, "csv", &super::TABLES));
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

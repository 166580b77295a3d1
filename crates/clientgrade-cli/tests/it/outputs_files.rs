//! Outputs are whole or absent: a closed pipe ends quietly, symlinks are replaced, a failed run leaves the previous outputs, no output replaces an input.

use std::path::Path;

use crate::helpers::{bin, folder, run, OUTPUTS};

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

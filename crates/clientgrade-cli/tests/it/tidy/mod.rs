//! Rules of the codebase checked as tests: file headers, the crate dependency direction, and (modules.rs) no cycle between a crate's modules.

use std::path::{Path, PathBuf};

mod modules;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The workspace's crates: the folders of crates/ with a Cargo.toml, sorted.
fn crate_dirs() -> Vec<PathBuf> {
    let mut crates: Vec<PathBuf> = std::fs::read_dir(root().join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("Cargo.toml").exists())
        .collect();
    crates.sort();
    assert!(crates.len() >= 6);
    crates
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_rust_file_opens_with_a_module_doc_line() {
    let mut files = Vec::new();
    rust_files(&root().join("crates"), &mut files);
    assert!(files.len() > 20);
    let bad: Vec<String> = files
        .iter()
        .filter(|p| !std::fs::read_to_string(p).unwrap().starts_with("//! "))
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        bad.is_empty(),
        "files without a leading `//!` line: {bad:?}"
    );
}

#[test]
fn crates_depend_only_downwards() {
    // crate → internal crates it may depend on (normal dependencies)
    let allowed: &[(&str, &[&str])] = &[
        ("clientgrade-core", &[]),
        ("clientgrade-btyd", &["clientgrade-core"]),
        ("clientgrade-synth", &["clientgrade-core"]),
        ("clientgrade-data", &["clientgrade-core"]),
        (
            "clientgrade-report",
            &["clientgrade-core", "clientgrade-data"],
        ),
        // the library that runs the whole analysis
        (
            "clientgrade",
            &[
                "clientgrade-btyd",
                "clientgrade-core",
                "clientgrade-data",
                "clientgrade-report",
            ],
        ),
        // the command: the analysis only through `clientgrade`, never the models
        (
            "clientgrade-cli",
            &[
                "clientgrade",
                "clientgrade-core",
                "clientgrade-data",
                "clientgrade-report",
                "clientgrade-synth",
            ],
        ),
    ];
    let mut crates: Vec<String> = std::fs::read_dir(root().join("crates"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| root().join("crates").join(n).join("Cargo.toml").is_file())
        .collect();
    crates.sort();
    let mut listed: Vec<String> = allowed.iter().map(|(k, _)| k.to_string()).collect();
    listed.sort();
    assert_eq!(
        crates, listed,
        "every crate has its allowed dependencies listed here"
    );
    for (krate, ok) in allowed {
        let manifest =
            std::fs::read_to_string(root().join("crates").join(krate).join("Cargo.toml")).unwrap();
        let deps = manifest
            .split("[dependencies]")
            .nth(1)
            .unwrap_or("")
            .split("\n[")
            .next()
            .unwrap_or("");
        for line in deps.lines() {
            let name = line.split(['.', '=', ' ']).next().unwrap_or("");
            if name == "clientgrade" || name.starts_with("clientgrade-") {
                assert!(ok.contains(&name), "{krate} must not depend on {name}");
            }
        }
    }
}

/// Core's settings are the domain, not a file format: the config file's
/// schema lives in clientgrade-data (config/schema.rs), so core depends on
/// no serialisation crate and a change of the file cannot reach the grading
/// types.
#[test]
fn core_depends_on_no_serialisation_crate() {
    let manifest = std::fs::read_to_string(
        root()
            .join("crates")
            .join("clientgrade-core")
            .join("Cargo.toml"),
    )
    .unwrap();
    for line in manifest.lines() {
        let name = line.split(['.', '=', ' ']).next().unwrap_or("");
        assert!(
            !matches!(name, "serde" | "serde_json" | "toml"),
            "clientgrade-core must not depend on {name}: file schemas belong in clientgrade-data"
        );
    }
}

#[test]
fn shared_helpers_are_written_once() {
    // in core, used by the crates above it (core may depend on none of them)
    let mut files = Vec::new();
    rust_files(&root().join("crates"), &mut files);
    let sources: Vec<(String, String)> = files
        .iter()
        .map(|p| {
            let name = p.strip_prefix(root()).unwrap_or(p).display().to_string();
            (name, std::fs::read_to_string(p).unwrap())
        })
        .collect();
    let holding = |found: &dyn Fn(&str) -> bool| -> Vec<&str> {
        sources
            .iter()
            .filter(|(_, text)| found(text))
            .map(|(name, _)| name.as_str())
            .collect()
    };
    for (name, home) in [
        ("ln_gamma(", "clientgrade-core/src/special.rs"),
        ("digamma(", "clientgrade-core/src/special.rs"),
        ("trigamma(", "clientgrade-core/src/special.rs"),
        ("normal_quantile(", "clientgrade-core/src/tails.rs"),
        ("on_threads<", "clientgrade-core/src/parallel.rs"),
    ] {
        let definition = ["fn ", name].concat(); // not itself a match
        let defining = holding(&|text| text.contains(&definition));
        assert_eq!(defining.len(), 1, "{name} {defining:?}");
        assert!(defining[0].ends_with(home), "{name} {defining:?}");
    }
    // work split over threads goes through core::parallel::on_threads
    let spawning = holding(&|text| {
        text.contains(&["available_", "parallelism"].concat())
            && text.contains(&["thread::", "scope"].concat())
    });
    assert!(spawning.is_empty(), "threads split by hand: {spawning:?}");
}

/// The names under `[section]` of a Cargo.toml (one `name = …` or
/// `name.workspace = true` per line).
fn dependency_names(toml: &str, section: &str) -> Vec<String> {
    let mut inside = false;
    let mut names = Vec::new();
    for line in toml.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            inside = t == section;
            continue;
        }
        if inside && !t.is_empty() && !t.starts_with('#') {
            let name = t.split(['=', '.', ' ']).next().unwrap_or("");
            names.push(name.to_string());
        }
    }
    names
}

/// Every normal dependency of every crate is used by its code (what
/// `cargo machete` checks): a dependency nothing names only costs build time.
#[test]
fn every_dependency_is_used() {
    let mut unused = Vec::new();
    for dir in crate_dirs() {
        let toml = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        let mut files = Vec::new();
        rust_files(&dir.join("src"), &mut files);
        let code: String = files
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        for name in dependency_names(&toml, "[dependencies]") {
            let ident = name.replace('-', "_");
            let used = code.match_indices(&ident).any(|(i, _)| {
                let before = code[..i].chars().next_back();
                let after = code[i + ident.len()..].chars().next();
                let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                !word(before) && !word(after)
            });
            if !used {
                unused.push(format!("{}: {name}", dir.display()));
            }
        }
    }
    assert!(unused.is_empty(), "dependencies no code uses: {unused:?}");
}

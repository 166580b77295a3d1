//! Errors of the library: each names the file and says whether the inputs are at fault.

use clientgrade::{Error, NoProgress, RunSettings, SourceSpec, TableKind};

use crate::{cli_data, folder, from_config};

#[test]
fn a_missing_file_is_named() {
    let missing = folder("missing").join("sales.csv");
    let settings = RunSettings::new(SourceSpec::detect(TableKind::Transactions, &missing));
    let e = clientgrade::run(&settings, &mut NoProgress).unwrap_err();
    assert!(matches!(e, Error::Data(_)));
    assert!(e.is_input());
    assert!(
        e.to_string()
            .starts_with(&format!("{}: cannot read the file", missing.display())),
        "{e}"
    );
    let e = clientgrade::check(&settings, &mut NoProgress).unwrap_err();
    assert!(
        e.to_string().contains(&missing.display().to_string()),
        "{e}"
    );
}

#[test]
fn a_file_without_the_needed_columns_is_named_with_the_fix() {
    let readme = cli_data("small/README.md");
    let settings = RunSettings::new(SourceSpec::detect(TableKind::Transactions, &readme));
    let e = clientgrade::run(&settings, &mut NoProgress).unwrap_err();
    assert!(e.is_input());
    let text = e.to_string();
    assert!(text.starts_with(&readme.display().to_string()), "{text}");
    assert!(text.contains("[transactions.columns]"), "{text}");
}

#[test]
fn a_folder_that_cannot_be_written_is_named_and_is_not_the_inputs_fault() {
    let settings = from_config(&cli_data("small/clientgrade.toml"));
    let a = clientgrade::run(&settings, &mut NoProgress).unwrap();
    let dir = folder("unwritable");
    let file = dir.join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let out = file.join("out");
    let e = clientgrade::write(&a, &out).unwrap_err();
    assert!(matches!(e, Error::Report(_)));
    assert!(!e.is_input());
    assert!(
        e.to_string()
            .starts_with(&format!("{}: cannot write", out.display())),
        "{e}"
    );
}

#[test]
fn write_refuses_to_replace_an_input_and_writes_nothing() {
    let dir = folder("overwrite");
    let small = cli_data("small");
    for f in ["transactions.csv", "customers.csv"] {
        std::fs::copy(small.join(f), dir.join(f)).unwrap();
    }
    let mut settings = RunSettings::new(SourceSpec::detect(
        TableKind::Transactions,
        dir.join("transactions.csv"),
    ));
    settings.sources.customers = Some(SourceSpec::detect(
        TableKind::Customers,
        dir.join("customers.csv"),
    ));
    let before = std::fs::read(dir.join("customers.csv")).unwrap();
    let e = clientgrade::refuse_overwriting_inputs(&dir, &settings).unwrap_err();
    assert!(e
        .to_string()
        .contains("would overwrite this input (the customers table)"));
    let a = clientgrade::run(&settings, &mut NoProgress).unwrap();
    let e = clientgrade::write(&a, &dir).unwrap_err();
    assert!(e.is_input());
    assert_eq!(
        e.to_string(),
        format!(
            "{}: --out {} would overwrite this input (the customers table) with its \
             customers.csv; choose another output folder with --out, or move the input out of it",
            dir.join("customers.csv").display(),
            dir.display()
        )
    );
    assert_eq!(std::fs::read(dir.join("customers.csv")).unwrap(), before);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["customers.csv", "transactions.csv"]);
}

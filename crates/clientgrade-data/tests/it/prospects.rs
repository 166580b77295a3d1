//! The prospects table: configured columns and delimiter, Parquet, attribute matching, rejects, the `[profile]` section.

use clientgrade_core::{Value, ValueKind};
use clientgrade_data::{
    read_prospects, Column, Config, NoProgress, ParquetTableWriter, SourceSpec, TableKind,
    TableWriter,
};

use crate::folder;

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn the_config_names_the_id_column_and_the_delimiter() {
    let dir = folder("prospects-config");
    std::fs::write(
        dir.join("leads.txt"),
        "Lead;Firma;Employees;Sector\nL-1;Alpha;12;Retail\nL-2;Beta;;Wholesale\nL-1;Gamma;3;Retail\n",
    )
    .unwrap();
    let config_path = dir.join("clientgrade.toml");
    let config = Config::parse(
        "[prospects]\npath = \"leads.txt\"\ndelimiter = \";\"\n\n[prospects.columns]\nprospect-id = \"Lead\"\nname = \"Firma\"\n",
        &config_path,
    )
    .unwrap();
    let spec = config
        .source(TableKind::Prospects, None, &config_path)
        .unwrap()
        .unwrap();
    assert_eq!(spec.delimiter, Some(b';'));
    let (table, stats) = read_prospects(
        &spec,
        &names(&["employees", "industry", "sector"]),
        &NoProgress,
    )
    .unwrap();
    assert_eq!(table.attributes, ["employees", "sector"]);
    assert_eq!((stats.read, stats.used, stats.rejected), (3, 2, 1));
    assert_eq!(stats.rejects[0].line, 4);
    assert_eq!(stats.rejects[0].reason, "duplicate prospect id");
    assert_eq!(stats.rejects[0].value, "first listed on line 2");
    let p = &table.prospects[1];
    assert_eq!(p.id.expose(), "L-2");
    assert_eq!(p.name.as_deref(), Some("Beta"));
    assert_eq!(p.values, [None, Some("Wholesale".to_string())]);
    assert!(stats
        .detected
        .iter()
        .any(|d| d == "`Employees` read as the customers' `employees`"));
}

#[test]
fn a_material_share_of_rejected_prospects_is_a_decision() {
    // half the prospects without an id were left out of the ranking with
    // exit 0; as for every other table, more than max-rejected-share asks
    let dir = folder("prospects-rejected-share");
    let mut csv = String::from("prospect_id,industry\n");
    for k in 0..10 {
        let id = if k % 4 == 0 {
            String::new()
        } else {
            format!("P{k}")
        };
        csv.push_str(&format!("{id},Retail\n"));
    }
    std::fs::write(dir.join("prospects.csv"), &csv).unwrap();
    let config_path = dir.join("clientgrade.toml");
    let read = |toml: &str| {
        let config = Config::parse(toml, &config_path).unwrap();
        let spec = config
            .source(TableKind::Prospects, None, &config_path)
            .unwrap()
            .unwrap();
        read_prospects(&spec, &names(&["industry"]), &NoProgress)
            .unwrap()
            .1
    };
    let stats = read("[prospects]\npath = \"prospects.csv\"\n");
    assert_eq!((stats.read, stats.rejected), (10, 3));
    let kinds: Vec<&str> = stats.warnings.iter().map(|w| w.kind).collect();
    assert_eq!(kinds, ["rows-rejected"]);
    assert!(
        stats.warnings[0].message.contains("3 of 10 rows (30.0%)"),
        "{}",
        stats.warnings[0].message
    );
    assert!(
        stats.warnings[0]
            .fix
            .contains("max-rejected-share = 0.30 in [prospects]"),
        "{}",
        stats.warnings[0].fix
    );
    // accepted in the table's section: no decision left
    let stats = read("[prospects]\npath = \"prospects.csv\"\nmax-rejected-share = 0.3\n");
    assert!(stats.warnings.is_empty(), "{:?}", stats.warnings);
}

#[test]
fn profile_settings_are_checked_with_the_key_named() {
    let path = std::path::Path::new("clientgrade.toml");
    let e = Config::parse("[profile]\nfolds = 1\n", path).unwrap_err();
    assert!(
        e.to_string()
            .contains("profile.folds: 1 folds; use 2 to 20"),
        "{e}"
    );
    let e = Config::parse("[profile]\nmin-auc = 0.4\n", path).unwrap_err();
    assert!(e.to_string().contains("profile.min-auc"), "{e}");
    let e = Config::parse("[profile]\nbin = 4\n", path).unwrap_err();
    assert!(e.to_string().contains("did you mean `bins`?"), "{e}");
    let e = Config::parse("[prospects.columns]\nprospect = \"x\"\n", path).unwrap_err();
    assert!(e.to_string().contains("did you mean `prospect-id`?"), "{e}");
    let c = Config::parse(
        "[profile]\nfolds = 10\nignore = [\"email\"]\nmin-support = 25\n",
        path,
    )
    .unwrap();
    let s = c.settings().profile;
    assert_eq!((s.folds, s.min_support), (10, 25));
    assert_eq!(s.ignore, ["email"]);
}

#[test]
fn parquet_prospects_keep_numbers_as_written() {
    let dir = folder("prospects-parquet");
    let path = dir.join("prospects.parquet");
    let cols = vec![
        Column::new("prospect_id", ValueKind::Text),
        Column::new("employees", ValueKind::Int),
        Column::new("Region", ValueKind::Text),
    ];
    let mut w = ParquetTableWriter::create(&path, &cols).unwrap();
    w.write_row(&[Value::Text("P1"), Value::Int(250), Value::Text("North")])
        .unwrap();
    w.write_row(&[Value::Null, Value::Int(3), Value::Text("South")])
        .unwrap();
    Box::new(w).finish().unwrap();
    let spec = SourceSpec::detect(TableKind::Prospects, &path);
    let (table, stats) =
        read_prospects(&spec, &names(&["region", "employees"]), &NoProgress).unwrap();
    assert_eq!(table.attributes, ["employees", "region"]);
    assert_eq!(
        table.prospects[0].values,
        [Some("250".to_string()), Some("North".to_string())]
    );
    assert_eq!((stats.read, stats.used, stats.rejected), (2, 1, 1));
    assert_eq!(stats.rejects[0].reason, "missing prospect id");
}

#[test]
fn without_customer_attributes_the_message_says_what_to_give() {
    let dir = folder("prospects-no-customers");
    let path = dir.join("p.csv");
    std::fs::write(&path, "prospect_id,industry\nP1,Retail\n").unwrap();
    let spec = SourceSpec::detect(TableKind::Prospects, &path);
    let e = read_prospects(&spec, &[], &NoProgress)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("p.csv: prospects are scored by the customers' attributes, and the customers have none; give a customers table (--customers) with attribute columns"),
        "{e}"
    );
    // no id column at all: the usual missing-column message
    std::fs::write(&path, "industry\nRetail\n").unwrap();
    let e = read_prospects(&spec, &names(&["industry"]), &NoProgress)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("no column for `prospect-id` (required in prospects)"),
        "{e}"
    );
}

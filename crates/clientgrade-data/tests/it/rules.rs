//! The reading rules any export can use (docs/configuration.md, "Exports"), and the warnings that fire without them.

use std::collections::BTreeMap;
use std::path::Path;

use clientgrade_core::Date;
use clientgrade_data::{load, Config, Loaded, NoProgress, Result, TableKind};
use clientgrade_synth::exports::{generate_export, Export};

use crate::{file, tx_only};

/// Load `csv` with the `[transactions]` keys of `toml`, as of 2025-12-31.
fn load_with(test: &str, toml: &str, csv: &str) -> Result<Loaded> {
    let p = file(test, "t.csv", csv.as_bytes());
    let cfg_path = p.with_file_name("cg.toml");
    let config = Config::parse(toml, &cfg_path)?;
    let spec = config
        .source(TableKind::Transactions, Some(&p), &cfg_path)?
        .expect("a source");
    load(
        &tx_only(spec),
        Date::from_ymd(2025, 12, 31),
        12,
        &NoProgress,
    )
}

/// Revenue (as written in customers.csv) and orders per customer.
fn facts(l: &Loaded) -> BTreeMap<String, (String, u64)> {
    l.facts
        .iter()
        .map(|f| {
            (
                f.id.as_ref().unwrap().expose().to_string(),
                (f.revenue.to_cents_string(), f.orders),
            )
        })
        .collect()
}

fn kinds(l: &Loaded) -> Vec<&'static str> {
    l.tables[0].warnings.iter().map(|w| w.kind).collect()
}

const REPEATED: &str = "order,customer,date,total\n\
    1,A,2025-01-01,100\n1,A,2025-01-01,100\n1,A,2025-01-01,100\n\
    2,B,2025-02-01,50\n2,B,2025-02-01,50\n\
    3,A,2025-03-01,30\n3,A,2025-03-01,30\n";

#[test]
fn an_order_total_on_every_row_is_a_decision_and_amount_level_order_takes_it_once() {
    let l = load_with("repeated-off", "", REPEATED).unwrap();
    assert_eq!(kinds(&l), ["amount-repeated"]);
    assert_eq!(facts(&l)["A"].0, "360.00");
    let l = load_with(
        "repeated-on",
        "[transactions]\namount-level = \"order\"\n",
        REPEATED,
    )
    .unwrap();
    assert!(kinds(&l).is_empty());
    let f = facts(&l);
    assert_eq!(f["A"], ("130.00".into(), 2));
    assert_eq!(f["B"], ("50.00".into(), 1));
    assert!(
        l.tables[0].rules[0].starts_with("one amount per order (`order`)"),
        "{:?}",
        l.tables[0].rules
    );
    // a user who says every row is a sale is not asked again
    let l = load_with(
        "repeated-line",
        "[transactions]\namount-level = \"line\"\n",
        REPEATED,
    )
    .unwrap();
    assert!(kinds(&l).is_empty());
}

#[test]
fn an_amount_on_the_first_row_only_is_a_decision() {
    let csv = "order,customer,date,total,status\n\
        1,A,2025-01-01,100,voided\n1,A,2025-01-01,,\n\
        2,B,2025-02-01,50,paid\n2,B,2025-02-01,,\n2,B,2025-02-01,,\n\
        3,A,2025-03-01,30,paid\n3,A,2025-03-01,,\n";
    let l = load_with("first-row", "", csv).unwrap();
    assert!(
        kinds(&l).contains(&"amount-first-row-only"),
        "{:?}",
        kinds(&l)
    );
    assert!(kinds(&l).contains(&"status-not-applied"));
    assert_eq!(l.tables[0].reasons["missing amount"], 4);
    // order amounts and the status from the order's first row hold for its other rows
    let l = load_with(
        "first-row-on",
        "[transactions]\namount-level = \"order\"\n[transactions.columns]\nstatus = \"status\"\n",
        csv,
    )
    .unwrap();
    assert!(kinds(&l).is_empty(), "{:?}", kinds(&l));
    assert_eq!(l.tables[0].skipped["status left out (see the rules)"], 2);
    let f = facts(&l);
    assert_eq!(f["A"], ("30.00".into(), 1));
    assert_eq!(f["B"], ("50.00".into(), 1));
}

#[test]
fn statuses_are_excluded_by_default_words_or_by_the_lists_given() {
    let csv = "customer,date,amount,state\nA,2025-01-01,10,Completed\nA,2025-01-02,20,CANCELLED\n\
        A,2025-01-03,40,on-hold\nB,2025-01-04,5,Failed\n";
    let l = load_with(
        "status-default",
        "[transactions.columns]\nstatus = \"state\"\n",
        csv,
    )
    .unwrap();
    assert_eq!(facts(&l)["A"].0, "50.00");
    assert!(
        !facts(&l).contains_key("B"),
        "only left-out rows: no customer"
    );
    let l = load_with(
        "status-exclude",
        "[transactions]\nstatus-exclude = [\"on-hold\", \"failed\"]\n[transactions.columns]\nstatus = \"state\"\n",
        csv,
    )
    .unwrap();
    assert_eq!(facts(&l)["A"].0, "30.00");
    let l = load_with(
        "status-include",
        "[transactions]\nstatus-include = [\"completed\"]\n[transactions.columns]\nstatus = \"state\"\n",
        csv,
    )
    .unwrap();
    assert_eq!(facts(&l)["A"].0, "10.00");
    // a status column unused by decision: no warning
    let l = load_with(
        "status-false",
        "[transactions.columns]\nstatus = false\n",
        "customer,date,amount,status\nA,2025-01-01,10,cancelled\n",
    )
    .unwrap();
    assert!(kinds(&l).is_empty());
    assert_eq!(facts(&l)["A"].0, "10.00");
}

#[test]
fn ids_differing_only_by_case_or_spaces_are_a_decision_and_fold_merges_them() {
    let csv = "customer,date,amount\nAcme Corp,2025-01-01,10\nACME  corp,2025-01-02,20\nacme corp,2025-01-03,5\nZeta,2025-01-04,1\n";
    let l = load_with("ids-off", "", csv).unwrap();
    assert_eq!(kinds(&l), ["ids-differ-by-case"]);
    assert!(l.tables[0].warnings[0]
        .message
        .starts_with("3 customer ids"));
    let l = load_with("ids-fold", "[transactions]\nid-case = \"fold\"\n", csv).unwrap();
    assert!(kinds(&l).is_empty());
    assert_eq!(facts(&l)["acme corp"].0, "35.00");
    // e-mails used as ids are folded without being asked
    let csv = "email,date,amount\nAnn@X.com,2025-01-01,10\n ann@x.com,2025-01-02,20\n";
    let l = load_with("ids-email", "", csv).unwrap();
    assert_eq!(facts(&l)["ann@x.com"].0, "30.00");
    assert!(l.tables[0]
        .rules
        .iter()
        .any(|r| r.contains("trimmed and case-folded")));
}

#[test]
fn ids_sharing_an_email_merge_and_are_counted() {
    let csv = "customer,date,amount,email\ncus_1,2025-01-01,10,ann@x.com\ncus_2,2025-01-02,20,ANN@x.com\n\
        cus_3,2025-01-03,5,bo@x.com\ncus_4,2025-01-04,7,\n";
    let l = load_with("merge", "[transactions]\nmerge-by-email = true\n", csv).unwrap();
    let f = facts(&l);
    assert_eq!(f["ann@x.com"].0, "30.00");
    assert_eq!(f["cus_4"].0, "7.00");
    assert!(
        l.tables[0]
            .rules
            .iter()
            .any(|r| r.contains(": 1 ids merged")),
        "{:?}",
        l.tables[0].rules
    );
}

const MIXED: &str =
    "customer,date,amount,currency\nA,2025-01-01,10,USD\nA,2025-01-02,20,EUR\nB,2025-01-03,5,GBP\n";

#[test]
fn mixed_currencies_stop_unless_converted_or_rated() {
    let e = load_with("currency-mixed", "", MIXED)
        .unwrap_err()
        .to_string();
    assert!(e.contains("needs a decision: the amounts are in more than one currency (EUR (1 rows), GBP (1 rows), USD (1 rows)"), "{e}");
    assert!(e.contains("currency-rates"), "{e}");
    let l = load_with(
        "currency-rates",
        "[transactions]\nbase-currency = \"USD\"\ncurrency-rates = { EUR = 1.1 }\n",
        MIXED,
    )
    .unwrap();
    assert_eq!(facts(&l)["A"].0, "32.00");
    assert_eq!(
        l.tables[0].reasons["no rate for the currency"], 1,
        "GBP has no rate"
    );
    let csv = "customer,date,amount,currency,amount usd\nA,2025-01-01,10,USD,10\nA,2025-01-02,20,EUR,21.70\n";
    let l = load_with(
        "currency-converted",
        "[transactions.columns]\nconverted-amount = \"amount usd\"\n",
        csv,
    )
    .unwrap();
    assert_eq!(facts(&l)["A"].0, "31.70");
}

#[test]
fn net_amounts_are_composed_from_the_parts_given() {
    // quantity × unit price − discount when there is no amount
    let csv =
        "customer,date,qty,unit price,discount\nA,2025-01-01,3,10.00,5\nA,2025-01-02,,4.50,\n";
    assert_eq!(
        facts(&load_with("compose", "", csv).unwrap())["A"].0,
        "29.50"
    );
    // a discount given as a percentage
    let csv = "customer,date,qty,unit price,discount\nA,2025-01-01,2,50.00,10\n";
    let l = load_with(
        "compose-rate",
        "[transactions]\ndiscount-is-rate = true\n",
        csv,
    )
    .unwrap();
    assert_eq!(facts(&l)["A"].0, "90.00");
    assert_eq!(l.facts[0].discounts.to_cents_string(), "10.00");
    // a gross amount less tax and shipping, a refund less its tax share
    let csv = "customer,date,total,tax,shipping,refunded\nA,2025-01-01,118.00,8.00,10.00,54.00\n";
    let l = load_with(
        "compose-gross",
        "[transactions]\namount-includes = [\"tax\", \"shipping\"]\nrefunds-include-tax = true\n[transactions.columns]\nrefund = \"refunded\"\n",
        csv,
    )
    .unwrap();
    assert_eq!(facts(&l)["A"].0, "50.00");
    // an unused refund column is a decision; refund = false takes it
    let csv = "customer,date,amount,refunded\nA,2025-01-01,100,30\n";
    assert_eq!(
        kinds(&load_with("refund-off", "", csv).unwrap()),
        ["refund-not-applied"]
    );
    let l = load_with(
        "refund-false",
        "[transactions.columns]\nrefund = false\n",
        csv,
    )
    .unwrap();
    assert!(kinds(&l).is_empty());
    // a detected column set to false is not read
    let csv = "customer,date,amount,discount\nA,2025-01-01,100,15\n";
    let l = load_with(
        "discount-false",
        "[transactions.columns]\ndiscount = false\n",
        csv,
    )
    .unwrap();
    assert_eq!(l.facts[0].discounts.to_cents_string(), "0.00");
}

#[test]
fn report_layouts_find_their_header_and_carry_headings() {
    let csv = "Sales report\nAll customers, 2025\n\n,date,amount\nAcme,,\n,2025-01-02,10\n,2025-01-03,20\nTotal for Acme,,30\nZeta,,\n,2025-02-01,5\nTotal for Zeta,,5\nTOTAL,,35\n";
    let e = load_with("heading-off", "", csv).unwrap_err().to_string();
    assert!(e.contains("set group-heading = \"customer-id\""), "{e}");
    let l = load_with(
        "heading-on",
        "[transactions]\ngroup-heading = \"customer-id\"\n",
        csv,
    )
    .unwrap();
    let f = facts(&l);
    assert_eq!(
        (f["Acme"].0.as_str(), f["Zeta"].0.as_str()),
        ("30.00", "5.00")
    );
    let t = &l.tables[0];
    assert_eq!((t.read, t.used, t.skipped_total()), (8, 3, 5));
    assert!(
        t.detected[0].starts_with("header on line 4"),
        "{:?}",
        t.detected
    );
    // header-row names the line when detection cannot
    let csv = "a,b\nc,d\ncustomer,date,amount\nA,2025-01-01,3\n";
    let l = load_with("header-row", "[transactions]\nheader-row = 3\n", csv).unwrap();
    assert_eq!(facts(&l)["A"].0, "3.00");
}

#[test]
fn a_known_export_can_be_forced_or_switched_off() {
    let e = generate_export(Export::Xero, 30, 4);
    let p = file("xero-none", "Invoices.csv", e.csv.as_bytes());
    let cfg = Config::parse("[transactions]\nsource = \"none\"\n", Path::new("cg.toml")).unwrap();
    let spec = cfg
        .source(TableKind::Transactions, Some(&p), Path::new("cg.toml"))
        .unwrap()
        .unwrap();
    let l = load(
        &tx_only(spec),
        Date::from_ymd(2025, 12, 31),
        12,
        &NoProgress,
    )
    .unwrap();
    assert!(l.tables[0].source.is_none());
    assert!(kinds(&l).contains(&"amount-repeated"));
    // forcing a preset on a file without its columns names what is missing
    let p = file("force", "t.csv", b"customer,date,amount\nA,2025-01-01,3\n");
    let cfg = Config::parse(
        "[transactions]\nsource = \"shopify\"\n",
        Path::new("cg.toml"),
    )
    .unwrap();
    let spec = cfg
        .source(TableKind::Transactions, Some(&p), Path::new("cg.toml"))
        .unwrap()
        .unwrap();
    let err = load(&tx_only(spec), None, 12, &NoProgress)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("source = \"shopify\", but the file has no column for customer-id (email)"),
        "{err}"
    );
    let bad =
        Config::parse("[transactions]\nsource = \"sap\"\n", Path::new("cg.toml")).unwrap_err();
    assert!(
        bad.to_string().contains("`sap` is not a known export"),
        "{bad}"
    );
}

#[test]
fn line_level_exports_read_in_parallel_equal_a_sequential_read() {
    for export in [Export::WooCommerce, Export::Stripe] {
        let e = generate_export(export, 300, 9);
        let p = file(
            &format!("par-{}", export.name()),
            export.file_name(),
            e.csv.as_bytes(),
        );
        let read = |threads: usize| {
            let mut spec = crate::tx(p.clone());
            spec.threads = Some(threads);
            spec.timezone = Some(clientgrade_data::Zone::parse("America/New_York").unwrap());
            load(&tx_only(spec), None, 12, &NoProgress).unwrap()
        };
        let (one, three) = (read(1), read(3));
        assert_eq!(facts(&one), facts(&three), "{export:?}");
        assert_eq!(one.tables, three.tables, "{export:?}");
    }
}

#[test]
fn a_placeholder_id_holding_many_buyers_is_a_decision() {
    let csv = "customer_id,date,amount,email\n0,2025-01-01,10,a@x.com\n0,2025-01-02,20,b@x.com\n7,2025-01-03,5,c@x.com\n";
    let l = load_with("placeholder", "", csv).unwrap();
    assert_eq!(kinds(&l), ["placeholder-id"]);
    assert!(l.tables[0].warnings[0].message.contains("`0`"));
    let l = load_with(
        "placeholder-email",
        "[transactions.columns]\ncustomer-id = \"email\"\n",
        csv,
    )
    .unwrap();
    assert!(kinds(&l).is_empty());
    assert_eq!(l.facts.len(), 3);
}

#[test]
fn a_total_next_to_tax_and_shipping_columns_is_a_decision() {
    let csv = "customer,date,total,taxes,shipping\nA,2025-01-01,118.00,8.00,10.00\n";
    assert_eq!(
        kinds(&load_with("gross-off", "", csv).unwrap()),
        ["amount-may-include-tax"]
    );
    let l = load_with(
        "gross-on",
        "[transactions]\namount-includes = [\"tax\", \"shipping\"]\n[transactions.columns]\ntax = \"taxes\"\nshipping = \"shipping\"\n",
        csv,
    )
    .unwrap();
    assert!(kinds(&l).is_empty());
    assert_eq!(facts(&l)["A"].0, "100.00");
    let l = load_with("gross-net", "[transactions]\namount-includes = []\n", csv).unwrap();
    assert!(kinds(&l).is_empty());
    assert_eq!(facts(&l)["A"].0, "118.00");
}

#[test]
fn order_amounts_are_not_composed_from_the_lines_of_the_order() {
    // the order's amount is on its first row; its other rows have a quantity and a price
    let csv = "order,customer,date,subtotal,qty,price\n1,A,2025-01-01,,2,10\n1,A,2025-01-01,45.00,1,25\n1,A,2025-01-01,,1,5\n";
    let e = load_with(
        "order-no-amount",
        "[transactions]\namount-level = \"order\"\n",
        csv,
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("amount-level = \"order\" takes the order's amount from a column"),
        "{e}"
    );
    let l = load_with(
        "order-no-compose",
        "[transactions]\namount-level = \"order\"\ndiscount-is-rate = true\n[transactions.columns]\namount = \"subtotal\"\n",
        csv,
    )
    .unwrap();
    assert_eq!(facts(&l)["A"], ("45.00".into(), 1));
}

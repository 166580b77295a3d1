//! Regressions from the independent audit of reading real owners' files: reads that were silently wrong.

use clientgrade_core::{CustomerFacts, Date};
use clientgrade_data::{load, Config, Loaded, NoProgress, Result, Sources, TableKind};

use crate::folder;

/// Write `files` (name, text) into a fresh folder and load them with the
/// config `toml` (its sections name the paths), as of 2025-12-31.
fn load_files(test: &str, toml: &str, files: &[(&str, &str)]) -> Result<Loaded> {
    let dir = folder(test);
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let cfg_path = dir.join("clientgrade.toml");
    std::fs::write(&cfg_path, toml).unwrap();
    let config = Config::parse(toml, &cfg_path)?;
    let source = |t: TableKind| config.source(t, None, &cfg_path);
    let sources = Sources {
        transactions: source(TableKind::Transactions)?.expect("transactions"),
        customers: source(TableKind::Customers)?,
        invoices: source(TableKind::Invoices)?,
        service: source(TableKind::Service)?,
        complaints: source(TableKind::Complaints)?,
    };
    load(&sources, Date::from_ymd(2025, 12, 31), 12, &NoProgress)
}

fn fact<'a>(l: &'a Loaded, id: &str) -> &'a CustomerFacts {
    l.facts
        .iter()
        .find(|f| f.id.as_ref().is_some_and(|i| i.expose() == id))
        .unwrap_or_else(|| panic!("no customer {id}"))
}

fn table(l: &Loaded, t: TableKind) -> &clientgrade_data::TableStats {
    l.tables.iter().find(|s| s.table == t).expect("table read")
}

fn kinds(l: &Loaded, t: TableKind) -> Vec<&'static str> {
    table(l, t).warnings.iter().map(|w| w.kind).collect()
}

// 1.5: void invoices counted as overdue debt (repro services_void_invoices)

const SALES: &str = "Client,Date,Amount\nAcme,2025-03-01,100\nBolt,2025-03-02,200\n";
const INVOICES: &str = "Invoice #,Client,Date,Due Date,Total,Paid Date,Status\n\
    1,Acme,2025-03-01,2025-03-31,100.00,2025-03-20,Paid\n\
    2,Acme,2025-04-01,2025-05-01,500.00,,Void\n\
    3,Bolt,2025-03-02,2025-04-01,200.00,,Written off\n\
    4,Bolt,2025-05-02,2025-06-01,80.00,,Open\n";

#[test]
fn an_invoices_status_column_is_a_status_not_a_written_off_flag() {
    let toml = "[transactions]\npath = \"sales.csv\"\n[invoices]\npath = \"invoices.csv\"\n";
    let l = load_files(
        "void-invoices-observed",
        toml,
        &[("sales.csv", SALES), ("invoices.csv", INVOICES)],
    )
    .unwrap();
    let inv = table(&l, TableKind::Invoices);
    assert!(
        inv.detected.iter().any(|d| d == "status ← `Status`"),
        "{:?}",
        inv.detected
    );
    assert!(
        !inv.detected.iter().any(|d| d.starts_with("written-off ←")),
        "{:?}",
        inv.detected
    );
    // found by its name: the void invoice is already left out (no debt), and
    // check asks to confirm the column
    assert_eq!(kinds(&l, TableKind::Invoices), ["invoice-status"]);
    let w = &inv.warnings[0];
    assert!(w.message.contains("left out"), "{}", w.message);
    assert!(
        w.fix.contains("[invoices.columns] status = \"Status\""),
        "{}",
        w.fix
    );
    assert_eq!(fact(&l, "Acme").overdue.to_cents_string(), "0.00");

    // named: the same reading, no decision left
    let toml = format!("{toml}[invoices.columns]\nstatus = \"Status\"\n");
    let l = load_files(
        "void-invoices-applied",
        &toml,
        &[("sales.csv", SALES), ("invoices.csv", INVOICES)],
    )
    .unwrap();
    let inv = table(&l, TableKind::Invoices);
    assert!(inv.warnings.is_empty(), "{:?}", inv.warnings);
    assert_eq!((inv.read, inv.used), (4, 3));
    assert_eq!(
        inv.skipped["void, cancelled or draft invoice (status column)"],
        1
    );
    let acme = fact(&l, "Acme");
    assert_eq!(acme.overdue.to_cents_string(), "0.00");
    assert_eq!(acme.outstanding.to_cents_string(), "0.00");
    let bolt = fact(&l, "Bolt");
    assert_eq!(bolt.written_off.to_cents_string(), "200.00");
    assert_eq!(bolt.overdue.to_cents_string(), "80.00");
}

#[test]
fn an_invoices_status_include_list_is_applied_not_ignored() {
    // [invoices] status-include was accepted and then ignored: an invoice
    // "Pending approval" counted as owed although the list leaves it out
    let invoices = format!("{INVOICES}5,Acme,2025-05-03,2025-06-02,900.00,,Pending approval\n");
    let toml = "[transactions]\npath = \"sales.csv\"\n[invoices]\npath = \"invoices.csv\"\n\
                status-include = [\"paid\", \"open\", \"written off\"]\n\
                [invoices.columns]\nstatus = \"Status\"\n";
    let l = load_files(
        "invoices-status-include",
        toml,
        &[("sales.csv", SALES), ("invoices.csv", &invoices)],
    )
    .unwrap();
    let inv = table(&l, TableKind::Invoices);
    assert_eq!((inv.read, inv.used), (5, 3), "{:?}", inv.skipped);
    assert_eq!(
        inv.skipped["status not in status-include (status column)"], 2,
        "the void and the pending invoice"
    );
    assert_eq!(fact(&l, "Acme").overdue.to_cents_string(), "0.00");
    assert_eq!(fact(&l, "Bolt").written_off.to_cents_string(), "200.00");
    // status-exclude names other values to leave out
    let toml = "[transactions]\npath = \"sales.csv\"\n[invoices]\npath = \"invoices.csv\"\n\
                status-exclude = [\"void\", \"pending approval\"]\n\
                [invoices.columns]\nstatus = \"Status\"\n";
    let l = load_files(
        "invoices-status-exclude",
        toml,
        &[("sales.csv", SALES), ("invoices.csv", &invoices)],
    )
    .unwrap();
    let inv = table(&l, TableKind::Invoices);
    assert_eq!((inv.read, inv.used), (5, 3), "{:?}", inv.skipped);
    assert_eq!(fact(&l, "Acme").outstanding.to_cents_string(), "0.00");
}

#[test]
fn a_written_off_column_is_found_by_its_name_and_holds_yes_or_no() {
    let inv = "Client,Due Date,Amount,Bad debt\nAcme,2025-03-31,100,yes\nAcme,2025-04-30,50,no\n\
               Bolt,2025-03-31,70,\nBolt,2025-04-30,20,paid\n";
    let toml = "[transactions]\npath = \"sales.csv\"\n[invoices]\npath = \"invoices.csv\"\n";
    let l = load_files(
        "written-off-flag",
        toml,
        &[("sales.csv", SALES), ("invoices.csv", inv)],
    )
    .unwrap();
    let t = table(&l, TableKind::Invoices);
    assert!(t.detected.iter().any(|d| d == "written-off ← `Bad debt`"));
    assert_eq!(fact(&l, "Acme").written_off.to_cents_string(), "100.00");
    assert_eq!(fact(&l, "Acme").overdue.to_cents_string(), "50.00");
    // `paid` is not a yes/no value: a reject that says so, never read as "no"
    assert_eq!(t.rejected, 1);
    assert_eq!(t.rejects[0].line, 5);
    assert!(
        t.rejects[0]
            .reason
            .starts_with("bad written off: neither yes nor no"),
        "{}",
        t.rejects[0].reason
    );
}

// 2.1: totals rows with a date became customers (repro totals_rows, totals_rows_en)

const TX_ONLY: &str = "[transactions]\npath = \"sales.csv\"\n";
const TOTALS_DE: &str = include_str!("../data/audit/totals_de.csv");
const TOTALS_EN: &str = include_str!("../data/audit/totals_en.csv");

/// The sum of the amounts in cents of the rows of `text` (`;` or `,`
/// separated, amount in the third column) whose id is not a totals label.
fn sum_of_customer_rows(text: &str, sep: char, comma: bool) -> i64 {
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(sep).collect();
            let id = f[0].trim();
            let amount = if comma {
                f[2].replace('.', "").replace(',', ".")
            } else {
                f[2].to_string()
            };
            (id.chars().all(|c| c.is_ascii_digit()) && !id.is_empty())
                .then(|| (amount.parse::<f64>().unwrap() * 100.0).round() as i64)
        })
        .sum()
}

fn lifetime_cents(l: &Loaded) -> i64 {
    l.facts
        .iter()
        .map(|f| {
            f.revenue_lifetime
                .to_cents_string()
                .replace('.', "")
                .parse::<i64>()
                .unwrap()
        })
        .sum()
}

#[test]
fn totals_rows_with_a_date_are_skipped_with_their_lines_never_customers() {
    let l = load_files("totals-de", TX_ONLY, &[("sales.csv", TOTALS_DE)]).unwrap();
    assert!(
        l.facts.iter().all(|f| f
            .id
            .as_ref()
            .unwrap()
            .expose()
            .chars()
            .all(|c| c.is_ascii_digit())),
        "a totals row became a customer"
    );
    assert_eq!(l.facts.len(), 30);
    assert_eq!(
        lifetime_cents(&l),
        sum_of_customer_rows(TOTALS_DE, ';', true)
    );
    let t = table(&l, TableKind::Transactions);
    // `Summe;;…` (line 311) and `Gesamt;31.12.2025;…` (line 312)
    let why = "total row (a totals word in the customer id)";
    assert_eq!(t.skipped[why], 2);
    assert_eq!(t.skipped_lines[why], [311, 312]);
    assert!(
        t.summary_line().contains("lines 311, 312"),
        "{}",
        t.summary_line()
    );
    // `;;436.556,06;` has no id: rejected with its line, as before
    assert_eq!(t.rejected, 1);
    assert_eq!(t.rejects[0].line, 310);
    assert_eq!(t.read, t.used + t.rejected + t.skipped_total());

    let l = load_files("totals-en", TX_ONLY, &[("sales.csv", TOTALS_EN)]).unwrap();
    assert_eq!(l.facts.len(), 30);
    assert_eq!(
        lifetime_cents(&l),
        sum_of_customer_rows(TOTALS_EN, ',', false)
    );
    let t = table(&l, TableKind::Transactions);
    assert_eq!(t.skipped_total(), 2);
    assert_eq!(t.rejected, 0);
}

#[test]
fn a_row_whose_amount_is_the_sum_of_all_others_is_a_total_whatever_its_label() {
    // the grand total under an id that looks like a customer's, dated, in
    // the middle of the file, and once more at the bottom
    let mut lines: Vec<&str> = TOTALS_EN.lines().collect();
    let total = lines.pop().unwrap().split(',').nth(2).unwrap().to_string();
    lines.pop();
    let mut text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    text.insert(150, format!("99999,2025-06-30,{total},"));
    text.push(format!("00001,2025-12-31,{total},"));
    let text = text.join("\n") + "\n";
    let l = load_files("total-by-sum", TX_ONLY, &[("sales.csv", &text)]).unwrap();
    let t = table(&l, TableKind::Transactions);
    let why = "total row (its amount is the sum of all other rows)";
    assert_eq!(t.skipped_lines[why], [151, 311], "{:?}", t.skipped);
    assert!(l
        .facts
        .iter()
        .all(|f| f.id.as_ref().unwrap().expose() != "99999"));
    assert_eq!(
        lifetime_cents(&l),
        sum_of_customer_rows(TOTALS_EN, ',', false)
    );
    assert_eq!(l.facts.len(), 30);
}

#[test]
fn a_large_sale_equal_to_two_others_is_not_a_total() {
    let text =
        "Customer,Date,Amount\nA,2025-02-03,120.50\nB,2025-03-04,79.50\nC,2025-05-06,200.00\n";
    let l = load_files("not-a-total", TX_ONLY, &[("sales.csv", text)]).unwrap();
    assert_eq!(l.facts.len(), 3);
    assert_eq!(table(&l, TableKind::Transactions).skipped_total(), 0);
    // a customer called Total Wine is a customer
    let text = "Customer,Date,Amount\nTotal Wine,2025-02-03,120.50\nSummers Ltd,2025-03-04,79.50\n";
    let l = load_files("total-wine", TX_ONLY, &[("sales.csv", text)]).unwrap();
    assert_eq!(l.facts.len(), 2);
}

// 2.3: Excel scientific ids merged 30 customers into one (repro excel_scientific_ids)

#[test]
fn ids_in_scientific_notation_are_rejected_never_merged() {
    // 12-digit ids as Excel shows them: two customers would look alike
    let text = "Customer,Date,Amount\n123456789012,2025-02-03,120.50\n1.23457E+11,2025-03-04,79.50\n\
                1.23457E+11,2025-04-05,310.00\n987654321098,2025-05-06,45.10\n9,87654E+11,2025-06-07,12.00\n\
                4E+12,2025-07-08,19.99\n";
    let l = load_files("excel-ids", TX_ONLY, &[("sales.csv", text)]);
    // `9,87654E+11` splits into two fields: a wrong number of fields
    let l = l.unwrap();
    let t = table(&l, TableKind::Transactions);
    let sci: Vec<u64> = t
        .rejects
        .iter()
        .filter(|r| r.reason.starts_with("customer id in scientific notation"))
        .map(|r| r.line)
        .collect();
    assert_eq!(sci, [3, 4, 7]);
    assert!(t.rejects[0].reason.contains("export the column as text"));
    let mut ids: Vec<&str> = l
        .facts
        .iter()
        .map(|f| f.id.as_ref().unwrap().expose())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ["123456789012", "987654321098"]);
    assert_eq!(t.read, t.used + t.rejected + t.skipped_total());
}

#[test]
fn a_file_of_scientific_ids_stops_with_the_reason() {
    let text =
        "Customer,Date,Amount\n1.23457E+11,2025-03-04,79.50\n1.23457E+11,2025-04-05,310.00\n";
    let Err(e) = load_files("excel-ids-all", TX_ONLY, &[("sales.csv", text)]) else {
        panic!("30 customers read as one");
    };
    let e = e.to_string();
    assert!(e.contains("customer id in scientific notation"), "{e}");
    assert!(e.contains("rejected 2"), "{e}");
}

// 2.4: ids that lost their leading zeros in the customers table (repro leading_zeros)

#[test]
fn customer_ids_without_their_leading_zeros_are_matched_and_said() {
    let toml = "[transactions]\npath = \"sales.csv\"\n[customers]\npath = \"customers.csv\"\n";
    let l = load_files(
        "leading-zeros",
        toml,
        &[
            ("sales.csv", include_str!("../data/audit/zeros_sales.csv")),
            (
                "customers.csv",
                include_str!("../data/audit/zeros_customers.csv"),
            ),
        ],
    )
    .unwrap();
    assert_eq!(l.listed_without_activity, 0);
    assert_eq!(l.facts.len(), 30);
    // `1,Firma 1,S` is the customer 00001 of the transactions
    let f = fact(&l, "00001");
    assert_eq!(f.name.as_deref(), Some("Firma 1"));
    assert!(f.listed);
    assert!(l.facts.iter().all(|f| f.listed && f.name.is_some()));
    let note = l
        .notes
        .iter()
        .find(|n| n.contains("leading zeros"))
        .expect("said");
    assert!(
        note.contains("30 rows") && note.contains("line 2"),
        "{note}"
    );
    assert!(note.contains("export the id column as text"), "{note}");
}

#[test]
fn an_id_that_matches_two_ids_without_zeros_is_not_matched_and_asks() {
    let sales = "Customer,Date,Amount\n0123,2025-02-03,120.50\n00123,2025-03-04,79.50\n\
                 00077,2025-04-05,310.00\n";
    let customers = "Customer,Name\n123,Alpha\n77,Beta\n";
    let toml = "[transactions]\npath = \"sales.csv\"\n[customers]\npath = \"customers.csv\"\n";
    let l = load_files(
        "leading-zeros-two",
        toml,
        &[("sales.csv", sales), ("customers.csv", customers)],
    )
    .unwrap();
    assert_eq!(fact(&l, "00077").name.as_deref(), Some("Beta"));
    assert_eq!(fact(&l, "0123").name, None);
    assert_eq!(fact(&l, "00123").name, None);
    assert_eq!(l.listed_without_activity, 1);
    assert_eq!(kinds(&l, TableKind::Customers), ["ids-lost-leading-zeros"]);
    let w = &table(&l, TableKind::Customers).warnings[0];
    assert!(w.message.contains("first on line 2"), "{}", w.message);
}

// 2.5: negative amounts `-$152.85`, `$(152.85)`, `- 150.33` were rejected, credits dropped (repro negative_forms)

#[test]
fn credits_in_every_negative_form_are_read_and_revenue_matches_the_truth() {
    let l = load_files(
        "negative-forms",
        TX_ONLY,
        &[(
            "sales.csv",
            include_str!("../data/audit/negatives_sales.csv"),
        )],
    )
    .unwrap();
    let t = table(&l, TableKind::Transactions);
    assert_eq!(
        (t.read, t.used, t.rejected),
        (308, 308, 0),
        "{:?}",
        t.reasons
    );
    // the generator's truth: each customer's net revenue of 2025
    let truth = include_str!("../data/audit/negatives_truth.csv");
    for row in truth.lines().skip(1) {
        let (id, revenue) = row.split_once(',').unwrap();
        assert_eq!(
            fact(&l, id).revenue.to_cents_string(),
            revenue,
            "customer {id}"
        );
    }
}

// 2.6: ISO dates mixed with 3/4/2025 were all rejected (repro mixed_dates)

#[test]
fn iso_dates_are_read_in_a_month_first_column() {
    let l = load_files(
        "mixed-dates",
        TX_ONLY,
        &[(
            "sales.csv",
            include_str!("../data/audit/mixed_dates_sales.csv"),
        )],
    )
    .unwrap();
    let t = table(&l, TableKind::Transactions);
    assert_eq!(
        (t.read, t.used, t.rejected),
        (308, 308, 0),
        "{:?}",
        t.reasons
    );
    let note = t
        .detected
        .iter()
        .find(|d| d.starts_with("date read as"))
        .unwrap();
    assert!(
        note.starts_with("date read as %m/%d/%Y, and as %Y-%m-%d"),
        "{note}"
    );
    let truth = include_str!("../data/audit/mixed_dates_truth.csv");
    for row in truth.lines().skip(1) {
        let (id, revenue) = row.split_once(',').unwrap();
        assert_eq!(
            fact(&l, id).revenue.to_cents_string(),
            revenue,
            "customer {id}"
        );
    }
    // year-first dates decide nothing: day-first or month-first still has to be told
    let text = "Customer,Date,Amount\nA,2025-03-14,10\nB,03/04/2025,20\nC,2025-05-06,30\n";
    let Err(e) = load_files("mixed-dates-ambiguous", TX_ONLY, &[("sales.csv", text)]) else {
        panic!("03/04/2025 read without knowing the order");
    };
    assert!(e.to_string().contains("dates such as `03/04/2025`"), "{e}");
}

// 2.7: two-digit years and Excel serial dates stopped with the wrong cause (repro excel_serial_dates)

#[test]
fn excel_serial_dates_are_read_when_every_value_is_one() {
    let l = load_files(
        "excel-serial",
        TX_ONLY,
        &[("sales.csv", include_str!("../data/audit/serial_sales.csv"))],
    )
    .unwrap();
    let t = table(&l, TableKind::Transactions);
    assert_eq!((t.read, t.used, t.rejected), (308, 308, 0));
    assert!(t
        .detected
        .iter()
        .any(|d| d.starts_with("date read as Excel serial day numbers")));
    let truth = include_str!("../data/audit/serial_truth.csv");
    for row in truth.lines().skip(1) {
        let (id, revenue) = row.split_once(',').unwrap();
        assert_eq!(
            fact(&l, id).revenue.to_cents_string(),
            revenue,
            "customer {id}"
        );
    }
    // day numbers are not dates: the run stops, naming the values
    let text = "Customer,Date,Amount\nA,3,10\nB,17,20\nC,28,30\n";
    let Err(e) = load_files("not-serial", TX_ONLY, &[("sales.csv", text)]) else {
        panic!("day numbers read as dates");
    };
    assert!(
        e.to_string()
            .contains("none of the first 3 values is a date"),
        "{e}"
    );
}

#[test]
fn two_digit_years_are_read_with_the_stated_pivot() {
    let text =
        "Kunde;Datum;Betrag\n00017;04.03.25;10,50\n00018;28.12.24;12,00\n00019;15.01.99;3,00\n\
                00017;31.12.29;1,00\n";
    let l = load_files("short-years", TX_ONLY, &[("sales.csv", text)]).unwrap();
    let t = table(&l, TableKind::Transactions);
    let note = t
        .detected
        .iter()
        .find(|d| d.starts_with("date read as"))
        .unwrap();
    assert!(
        note.contains("%d.%m.%y (two-digit years: 00-29 are 2000-2029"),
        "{note}"
    );
    // 31.12.29 is 2029: after as-of
    assert_eq!(t.skipped["dated after the as-of date"], 1);
    assert_eq!(fact(&l, "00017").first_purchase, Date::from_ymd(2025, 3, 4));
    assert_eq!(
        fact(&l, "00018").first_purchase,
        Date::from_ymd(2024, 12, 28)
    );
    assert_eq!(
        fact(&l, "00019").first_purchase,
        Date::from_ymd(1999, 1, 15)
    );
    // the user's date-format with %y is accepted
    let toml = "[transactions]\npath = \"sales.csv\"\ndate-format = \"%d.%m.%y\"\n";
    let l = load_files("short-years-set", toml, &[("sales.csv", text)]).unwrap();
    assert_eq!(fact(&l, "00017").first_purchase, Date::from_ymd(2025, 3, 4));
    // 03/04/25 alone cannot tell day from month
    let text = "Customer,Date,Amount\nA,03/04/25,10\nB,05/06/25,20\n";
    let Err(e) = load_files("short-years-ambiguous", TX_ONLY, &[("sales.csv", text)]) else {
        panic!("read without knowing the order");
    };
    assert!(e.to_string().contains("dates such as `03/04/25`"), "{e}");
}

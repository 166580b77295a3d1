//! The config file's messages in the user's terms: type errors, ranges, a missing file.

use super::*;

#[test]
fn windows_parse() {
    assert_eq!(parse_window("12m"), Ok(12));
    assert_eq!(parse_window("6 months"), Ok(6));
    assert_eq!(parse_window("2y"), Ok(24));
    assert!(parse_window("0m").is_err());
    assert!(parse_window("soon").is_err());
}

fn refused(text: &str) -> String {
    Config::parse(text, Path::new("cg.toml"))
        .unwrap_err()
        .to_string()
}

/// Type errors say which key expected what and what it got, in words.
#[test]
fn type_errors_are_said_in_the_users_terms() {
    for (text, want) in [
        (
            "[costs]\nhourly-rate = \"60\"\n",
            "line 2: key `hourly-rate` in [costs] expects a number, got the text \"60\"",
        ),
        (
            "[flags]\ncomplaints-min = -1\n",
            "line 2: key `complaints-min` in [flags] expects a whole number of 0 or more, got -1",
        ),
        (
            "[flags]\ncomplaints-min = 2.5\n",
            "line 2: key `complaints-min` in [flags] expects a whole number of 0 or more, got 2.5",
        ),
        (
            "[rfm]\nrecency-cuts = [1, 2]\n",
            "line 2: key `recency-cuts` in [rfm] expects a list of 4 numbers in brackets, e.g. \
             [1, 2, 3, 4], got 2 values",
        ),
        (
            "[lifetime]\nenabled = \"yes\"\n",
            "line 2: key `enabled` in [lifetime] expects true or false, got the text \"yes\"",
        ),
        (
            "[matrix]\nx = 3\n",
            "line 2: key `x` in [matrix] expects a text in quotes, got 3",
        ),
        (
            "[matrix]\nsplit-x = true\n",
            "line 2: key `split-x` in [matrix] expects \"median\", \"mean\", a percentile such \
             as \"p75\", or a number",
        ),
        (
            "[[ranking.factors]]\ncharacteristic = \"growth\"\n",
            "line 1: missing key `label` in [ranking.factors]",
        ),
        (
            "[costs]\nhourly-rate = 60\nhourly-rate = 70\n",
            "line 3: key `hourly-rate` in [costs] is given twice",
        ),
        (
            "costs = 5\n",
            "line 1: key `costs` expects a section (a table), got 5",
        ),
        (
            "[costs]\nhourly-rate = { a = 1 }\n",
            "line 2: key `hourly-rate` in [costs] expects a number, got a table",
        ),
    ] {
        let got = refused(text);
        assert_eq!(got, format!("cg.toml: {want}"), "{text}");
        assert!(
            !got.contains("f64") && !got.contains("invalid type"),
            "{got}"
        );
    }
}

/// NaN, infinity and numbers outside their meaning are refused with the
/// line, the key, the value and the allowed range.
#[test]
fn numbers_outside_their_range_are_refused() {
    assert_eq!(
        refused("[costs]\nassumed-gross-margin = nan\n"),
        "cg.toml: line 2: [costs] assumed-gross-margin = nan is not a number: expected a \
         gross margin as a fraction of revenue, e.g. 0.3, from -1 up to (not including) 1"
    );
    assert_eq!(
        refused("[costs]\nassumed-gross-margin = 1.0\n"),
        "cg.toml: line 2: [costs] assumed-gross-margin = 1 is outside the allowed range: \
         expected a gross margin as a fraction of revenue, e.g. 0.3, from -1 up to (not \
         including) 1"
    );
    assert_eq!(
        refused("# rates\n[costs]\nhourly-rate = -5\n"),
        "cg.toml: line 3: [costs] hourly-rate = -5 is outside the allowed range: expected \
         the cost of one hour of service effort, from 0 to 1000000"
    );
    assert_eq!(
        refused("[lifetime]\nhorizon-weeks = inf\n"),
        "cg.toml: line 2: [lifetime] horizon-weeks = inf is not a number: expected weeks \
         ahead, greater than 0 to 520"
    );
    assert_eq!(
        refused("[movement]\np-alive-drop = 25\n"),
        "cg.toml: line 2: [movement] p-alive-drop = 25 is outside the allowed range: \
         expected a drop in probability, e.g. 0.25 for 25 points, greater than 0 to 1"
    );
    assert_eq!(
        refused("[pareto]\nabc-a = 0.9\nabc-b = 0.8\n"),
        "cg.toml: line 2: [pareto] abc-a = 0.9 must be below abc-b = 0.8: class A is the \
         first share of revenue, class B goes on up to abc-b"
    );
    assert_eq!(
        refused("[rfm]\nrecency-cuts = [30, 20, 40, 50]\n"),
        "cg.toml: line 2: [rfm] recency-cuts = [30, 20, 40, 50] must be four ascending \
         numbers of 0 or more"
    );
    assert_eq!(
        refused("[[ranking.factors]]\nlabel = \"x\"\ncharacteristic = \"growth\"\nweight = -inf\n"),
        "cg.toml: line 4: [ranking.factors] weight = -inf is not a number: expected a \
         factor's weight, greater than 0 to 1000000"
    );
    // every number key: nan is refused naming its section and key
    for (section, key) in [
        ("costs", "hourly-rate"),
        ("costs", "cost-per-service-event"),
        ("costs", "return-handling-cost"),
        ("tiers", "tier1-min-margin"),
        ("tiers", "tier2-min-margin"),
        ("tiers", "tier1-min-growth"),
        ("tiers", "tier1-high-margin"),
        ("tiers", "growth-confidence"),
        ("tiers", "tier1-min-profit"),
        ("tiers", "max-effort-ratio"),
        ("pareto", "abc-a"),
        ("pareto", "abc-b"),
        ("concentration", "customer-alert"),
        ("concentration", "manager-alert"),
        ("flags", "effort-ratio"),
        ("flags", "discount-vs-median"),
        ("flags", "discount-min"),
        ("flags", "late-days"),
        ("flags", "overdue-share"),
        ("flags", "complaints-vs-rate"),
        ("flags", "returns-vs-rate"),
        ("flags", "returns-min"),
        ("flags", "late-grace-days"),
        ("flags", "significance"),
        ("lifetime", "discount-rate"),
        ("movement", "p-alive-drop"),
        ("movement", "profit-drop"),
        ("movement", "no-contact-gaps"),
        ("matrix", "split-y"),
    ] {
        let got = refused(&format!("[{section}]\n{key} = nan\n"));
        assert!(
            got.starts_with(&format!(
                "cg.toml: line 2: [{section}] {key} = nan is not a number: expected "
            )),
            "{got}"
        );
    }
    // the defaults and the documented example values pass
    assert!(Config::parse("", Path::new("cg.toml")).is_ok());
    assert!(Config::parse(
        "[costs]\nassumed-gross-margin = -0.5\nhourly-rate = 0\n[rfm]\nmonetary-cuts = [-10, 0, 0, 5]\n",
        Path::new("cg.toml")
    )
    .is_ok());
}

#[test]
fn a_missing_config_file_is_said_once() {
    let e = Config::load(Path::new("/no/such/folder/cg.toml")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "/no/such/folder/cg.toml: cannot read the file: no such file; check the path"
    );
}

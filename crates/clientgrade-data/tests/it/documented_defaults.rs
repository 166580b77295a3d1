//! The settings block of docs/configuration.md says it lists the defaults: parsed, it must give exactly the code's defaults.

use std::path::Path;

use clientgrade_core::Settings;
use clientgrade_data::Config;

/// The first ```toml block of docs/configuration.md, without the sections
/// that are examples rather than defaults (the input tables, prospects, the
/// one ranking factor shown of five).
fn documented_settings_block() -> String {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/configuration.md"),
    )
    .expect("docs/configuration.md is part of the repository");
    let start = doc.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let end = start + doc[start..].find("```").expect("the block ends");
    let mut kept = String::new();
    let mut skipping = false;
    for line in doc[start..end].lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            let section = trimmed
                .split(']')
                .next()
                .unwrap_or("")
                .trim_start_matches('[');
            skipping = matches!(
                section,
                "analysis"
                    | "prospects"
                    | "prospects.columns"
                    | "transactions"
                    | "transactions.columns"
                    | "ranking.factors"
            );
        }
        if !skipping {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    kept
}

#[test]
fn the_documented_settings_are_the_defaults() {
    let block = documented_settings_block();
    for section in [
        "[costs]",
        "[tiers]",
        "[flags]",
        "[matrix]",
        "[lifetime]",
        "[movement]",
        "[profile]",
    ] {
        assert!(
            block.contains(section),
            "docs/configuration.md lost its {section} section"
        );
    }
    let config = Config::parse(&block, Path::new("docs/configuration.md"))
        .unwrap_or_else(|e| panic!("the documented block does not parse: {e}"));
    let documented = config.settings();
    let code = Settings::default();
    // Section by section, so that a failure names the section that drifted.
    assert_eq!(
        documented.costs, code.costs,
        "[costs] in docs/configuration.md differs from the code's defaults"
    );
    assert_eq!(
        documented.tiers, code.tiers,
        "[tiers] in docs/configuration.md differs from the code's defaults"
    );
    assert_eq!(documented.pareto, code.pareto, "[pareto]");
    assert_eq!(
        documented.concentration, code.concentration,
        "[concentration]"
    );
    assert_eq!(documented.rfm, code.rfm, "[rfm]");
    assert_eq!(
        documented.flags, code.flags,
        "[flags] in docs/configuration.md differs from the code's defaults"
    );
    assert_eq!(
        documented.matrix, code.matrix,
        "[matrix] in docs/configuration.md differs from the code's defaults"
    );
    assert_eq!(documented.lifetime, code.lifetime, "[lifetime]");
    assert_eq!(documented.movement, code.movement, "[movement]");
    assert_eq!(documented.profile, code.profile, "[profile]");
}

#[test]
fn a_changed_documented_value_is_caught() {
    // The comparison above is not vacuous: one documented number changed
    // gives settings that differ from the defaults.
    let block =
        documented_settings_block().replace("tier2-min-margin = 0.05", "tier2-min-margin = 0.06");
    let config = Config::parse(&block, Path::new("docs/configuration.md")).unwrap();
    assert_ne!(config.settings().tiers, Settings::default().tiers);
}

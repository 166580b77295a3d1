//! `clientgrade check`: read every source as `analyze` would and report, without writing anything.

use std::process::ExitCode;

use anyhow::Result;
use clientgrade_data::load;
use clientgrade_report::input_lines;

use crate::args::SourceArgs;
use crate::progress::Bar;
use crate::settings::resolve;

/// Rejected rows shown per table.
const SHOWN: usize = 10;

/// Exit code when the data needs a decision before its figures can be trusted.
const EXIT_DECISION: u8 = 3;

pub fn run(a: &SourceArgs) -> Result<ExitCode> {
    let r = resolve(a)?;
    let bar = Bar::new();
    let mut loaded = load(&r.sources, r.as_of, r.months, &bar)?;
    if let Some(spec) = &r.prospects {
        let attributes = crate::analyze::customer_attributes(&loaded);
        let (_, stats) = clientgrade_data::read_prospects(spec, &attributes, &bar)?;
        loaded.tables.push(stats);
    }
    drop(bar);
    println!(
        "as-of {}, window {} months from {}: {} customers",
        loaded.window.as_of,
        loaded.window.months,
        loaded.window.first_day(),
        loaded.facts.len()
    );
    print!("{}", input_lines(&loaded.tables));
    let mut rejected = 0;
    for t in &loaded.tables {
        println!("  {} read as: {}", t.table.name(), t.detected.join("; "));
        print!("{}", clientgrade_report::source_lines(t));
        rejected += t.rejected;
        for r in t.rejects.iter().take(SHOWN) {
            println!(
                "    line {}: {}{}{}",
                r.line,
                r.reason,
                if r.column.is_empty() {
                    String::new()
                } else {
                    format!(" in {}", r.column)
                },
                if r.value.is_empty() {
                    String::new()
                } else {
                    format!(": `{}`", r.value)
                }
            );
        }
        if t.rejects.len() > SHOWN {
            println!("    … {} more rejected rows", t.rejected - SHOWN as u64);
        }
    }
    for n in &loaded.notes {
        println!("  note: {n}");
    }
    print!("{}", clientgrade_report::decision_lines(&loaded.tables));
    let decisions: usize = loaded.tables.iter().map(|t| t.warnings.len()).sum();
    Ok(if decisions > 0 {
        ExitCode::from(EXIT_DECISION)
    } else if rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

//! `clientgrade demo`: generate a realistic dataset, analyse it, and show how well the planted truth was found.

use std::collections::HashMap;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clientgrade_core::Settings;
use clientgrade_data::{SourceSpec, Sources, TableKind};
use clientgrade_synth::{Archetype, SynthConfig};

use crate::analyze::{analyze, summary};
use crate::args::{DemoArgs, FileFormat};
use crate::generate::write_dataset;
use crate::output::{errln, out, outln};
use crate::settings::Resolved;

pub fn run(a: &DemoArgs) -> Result<ExitCode> {
    let data = a.out.join("data");
    let config = SynthConfig::new(a.customers, a.seed);
    errln(&format!(
        "generating {} customers (seed {}) into {} …",
        a.customers,
        a.seed,
        data.display()
    ));
    write_dataset(&config, &data, FileFormat::Csv)?;
    let spec = |t: TableKind| SourceSpec::detect(t, data.join(format!("{}.csv", t.name())));
    let resolved = Resolved {
        sources: Sources {
            transactions: spec(TableKind::Transactions),
            customers: Some(spec(TableKind::Customers)),
            invoices: Some(spec(TableKind::Invoices)),
            service: Some(spec(TableKind::Service)),
            complaints: Some(spec(TableKind::Complaints)),
        },
        settings: Settings::default(),
        as_of: None,
        months: 12,
        holdout_end: None,
    };
    let done = analyze(&resolved, &a.out, false)?;
    out(&summary(&done, &a.out, 10))?;
    let portfolio = &done.portfolio;

    // How many planted archetypes got their expected tier.
    let truth = std::fs::read_to_string(data.join("truth.csv")).context("reading truth.csv")?;
    let graded: HashMap<&str, u8> = portfolio
        .customers
        .iter()
        .filter_map(|g| Some((g.facts.id.as_ref()?.expose(), g.tier.tier?.number())))
        .collect();
    let mut per: Vec<(Archetype, u64, u64)> = Archetype::ALL.iter().map(|a| (*a, 0, 0)).collect();
    for line in truth.lines().skip(1) {
        let mut f = line.split(',');
        let (Some(id), Some(arch)) = (f.next(), f.next()) else {
            continue;
        };
        let Some(arch) = Archetype::from_name(arch) else {
            continue;
        };
        let slot = &mut per[arch as usize];
        slot.1 += 1;
        if graded.get(id) == Some(&arch.expected_tier().number()) {
            slot.2 += 1;
        }
    }
    outln("\nPlanted archetypes found (the demo data knows the truth)")?;
    for (arch, n, ok) in per.iter().filter(|p| p.1 > 0) {
        outln(&format!(
            "  {:<12} {:>5} customers, {:>5.1}% graded {}",
            arch.name(),
            n,
            100.0 * *ok as f64 / *n as f64,
            arch.expected_tier()
        ))?;
    }
    outln("\nNext: clientgrade analyze --transactions your-sales.csv --out results")?;
    Ok(ExitCode::SUCCESS)
}

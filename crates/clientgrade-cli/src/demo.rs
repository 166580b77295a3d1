//! `clientgrade demo`: generate a realistic dataset, analyse it, and show how well the planted truth was found.

use std::collections::HashMap;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clientgrade::RunSettings;
use clientgrade_data::{SourceSpec, TableKind};
use clientgrade_synth::{Archetype, SynthConfig};

use crate::analyze::{analyze, summary};
use crate::args::{DemoArgs, FileFormat};
use crate::generate::write_dataset;
use crate::output::{errln, out, outln};

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
    let mut settings = RunSettings::new(spec(TableKind::Transactions));
    settings.sources.customers = Some(spec(TableKind::Customers));
    settings.sources.invoices = Some(spec(TableKind::Invoices));
    settings.sources.service = Some(spec(TableKind::Service));
    settings.sources.complaints = Some(spec(TableKind::Complaints));
    settings.prospects = Some(spec(TableKind::Prospects));
    // the generator plants its movements in the last year
    settings.compare_to = Some(config.as_of.add_months(-12));
    let done = analyze(&settings, &a.out, false)?;
    out(&summary(&done, &a.out, 10))?;
    let portfolio = &done.portfolio;

    // How many planted archetypes got their expected verdict: the tier for
    // customers who bought in the window (Tier 3 or 4 for break-even kinds),
    // the action for lapsed and lost ones.
    let truth = std::fs::read_to_string(data.join("truth.csv")).context("reading truth.csv")?;
    let graded: HashMap<&str, (Option<u8>, &str)> = portfolio
        .customers
        .iter()
        .filter_map(|g| {
            Some((
                g.facts.id.as_ref()?.expose(),
                (g.tier.tier.map(|t| t.number()), g.action.name()),
            ))
        })
        .collect();
    // (archetype, planted with a verdict, as expected)
    let mut per: Vec<(Archetype, u64, u64)> = Archetype::ALL.iter().map(|a| (*a, 0, 0)).collect();
    for line in truth.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (Some(id), Some(arch), Some(tier), Some(action)) =
            (f.first(), f.get(1), f.get(2), f.get(4))
        else {
            continue;
        };
        let Some(arch) = Archetype::from_name(arch) else {
            continue;
        };
        let Some(&(got_tier, got_action)) = graded.get(id) else {
            continue;
        };
        let slot = &mut per[arch as usize];
        let ok = match (tier.parse::<u8>().ok(), *action) {
            (Some(want), _) => got_tier == Some(want) || (want == 3 && got_tier == Some(4)),
            (None, want) if arch.expected_tier().is_none() && !want.is_empty() => {
                got_action == want
            }
            // planted active, but its rows hold no purchase in the window
            _ => continue,
        };
        slot.1 += 1;
        slot.2 += u64::from(ok);
    }
    outln(
        "\nPlanted archetypes found (the demo data knows the truth; the rows carry realistic noise)",
    )?;
    for (arch, n, ok) in per.iter().filter(|p| p.1 > 0) {
        let what = match (arch.expected_tier(), arch.expected_action()) {
            (Some(t), _) if t == clientgrade_core::Tier::BreakEven => {
                format!("graded {t} or Tier 4")
            }
            (Some(t), _) => format!("graded {t}"),
            (None, Some(a)) => format!("lapsed or lost, action {a}"),
            (None, None) => "lapsed or lost".to_string(),
        };
        outln(&format!(
            "  {:<12} {:>5} {:<10} {:>5.1}% {what}",
            arch.name(),
            n,
            if *n == 1 { "customer," } else { "customers," },
            100.0 * *ok as f64 / *n as f64,
        ))?;
    }
    if let Some(m) = &portfolio.movement {
        movement_found(m, &truth)?;
    }
    outln("\nNext: clientgrade analyze --transactions your-sales.csv --out results")?;
    Ok(ExitCode::SUCCESS)
}

/// How many planted movements `--compare-to` found: a slip on the list of
/// good customers slipping away, a rise as a move up into Tier 1, a customer
/// won back on that list, lapsed, lost and new as those movements.
fn movement_found(m: &clientgrade_core::movement::Movement, truth: &str) -> Result<()> {
    use clientgrade_core::movement::{Move, Snapshot};
    let by = clientgrade_report::movement::entries_by_id(m);
    let mut per: Vec<(&str, &str, u64, u64)> = vec![
        ("down", "on the list of good customers slipping away", 0, 0),
        ("up", "moved up into Tier 1", 0, 0),
        ("won back", "won back", 0, 0),
        ("lapsed", "lapsed", 0, 0),
        ("lost", "lost", 0, 0),
        ("new", "new", 0, 0),
    ];
    for line in truth.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (Some(id), Some(planted)) = (f.first(), f.get(8)) else {
            continue;
        };
        let (Some(e), Some(slot)) = (by.get(id), per.iter_mut().find(|p| p.0 == *planted)) else {
            continue;
        };
        let tier1 =
            e.after.as_ref().and_then(|a: &Snapshot| a.tier) == Some(clientgrade_core::Tier::Ideal);
        let ok = match *planted {
            "down" => e.lists.slipping,
            "up" => e.movement == Move::Up && tier1,
            "won back" => e.movement == Move::WonBack,
            "lapsed" => e.movement == Move::Lapsed,
            "lost" => e.movement == Move::Lost,
            _ => e.movement == Move::New,
        };
        slot.2 += 1;
        slot.3 += u64::from(ok);
    }
    outln(&format!(
        "\nPlanted movements found (graded as of {} and {}: analyze --compare-to)",
        m.before_as_of, m.after_as_of
    ))?;
    for (name, what, n, ok) in per.into_iter().filter(|p| p.2 > 0) {
        outln(&format!(
            "  {name:<12} {n:>5} {:<10} {:>5.1}% {what}",
            if n == 1 { "customer," } else { "customers," },
            100.0 * ok as f64 / n as f64
        ))?;
    }
    Ok(())
}

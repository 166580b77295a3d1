//! `clientgrade compare OLD NEW`: the two result folders compared by the library, the outputs written, the movement printed.

use std::process::ExitCode;

use anyhow::Result;
use clientgrade_report::movement::movement_lines;

use crate::args::CompareArgs;

pub fn run(a: &CompareArgs) -> Result<ExitCode> {
    clientgrade::refuse_comparing_into(&a.out, &a.old, &a.new)?;
    let file = crate::settings::config_file(a.config.as_deref())?;
    let settings = clientgrade::resolve_settings(file.as_ref(), &Default::default())?.movement;
    let c = clientgrade::compare_folders(&a.old, &a.new, &settings, a.allow_different_settings)?;
    clientgrade::write_comparison(&c, &a.out)?;
    let m = &c.movement;
    crate::output::out(&format!(
        "clientgrade compare: {} ({} customers, as of {}) → {} ({} customers, as of {})\n{}\nOutput: {} (report.html, movement.csv, actions.csv, summary.json)\n",
        a.old.display(),
        m.customers.0,
        c.old_as_of,
        a.new.display(),
        m.customers.1,
        c.new_as_of,
        movement_lines(m, a.top),
        a.out.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

//! `clientgrade check`: read every source as `analyze` would and report, without writing anything.

use std::fmt::Write;
use std::process::ExitCode;

use anyhow::Result;
use clientgrade_report::input_lines;
use clientgrade_report::text::{shown, NAME_CHARS};

use crate::args::SourceArgs;
use crate::output::out;
use crate::progress::Bar;
use crate::settings::{overrides, resolve};

/// Rejected rows shown per table.
const SHOWN: usize = 10;
/// Characters of one "read as" entry shown at most.
const DETECTED_CHARS: usize = 120;
/// "read as" entries shown per table at most.
const DETECTED_SHOWN: usize = 20;

/// Exit code when the data needs a decision before its figures can be trusted.
pub(crate) const EXIT_DECISION: u8 = 3;

pub fn run(a: &SourceArgs) -> Result<ExitCode> {
    let r = resolve(&overrides(a, None, None), a.config.as_deref())?;
    let mut bar = Bar::new(false);
    let loaded = clientgrade::check(&r, &mut bar)?;
    drop(bar);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "as-of {}, window {} months from {}: {} customers",
        loaded.window.as_of,
        loaded.window.months,
        loaded.window.first_day(),
        loaded.facts.len()
    );
    s.push_str(&input_lines(&loaded.tables));
    let mut rejected = 0;
    for t in &loaded.tables {
        let detected: Vec<String> = t
            .detected
            .iter()
            .take(DETECTED_SHOWN)
            .map(|d| shown(d, DETECTED_CHARS))
            .collect();
        let _ = write!(s, "  {} read as: {}", t.table.name(), detected.join("; "));
        if t.detected.len() > DETECTED_SHOWN {
            let _ = write!(s, "; … and {} more", t.detected.len() - DETECTED_SHOWN);
        }
        s.push('\n');
        s.push_str(&clientgrade_report::source_lines(t));
        rejected += t.rejected;
        for r in t.rejects.iter().take(SHOWN) {
            let _ = writeln!(
                s,
                "    line {}: {}{}{}",
                r.line,
                shown(&r.reason, NAME_CHARS),
                if r.column.is_empty() {
                    String::new()
                } else {
                    format!(" in {}", r.column)
                },
                if r.value.is_empty() {
                    String::new()
                } else {
                    format!(": `{}`", shown(&r.value, NAME_CHARS))
                }
            );
        }
        if t.rejected > SHOWN as u64 {
            let _ = writeln!(s, "    … {} more rejected rows", t.rejected - SHOWN as u64);
        }
    }
    for n in loaded.notes.iter().take(SHOWN) {
        let _ = writeln!(s, "  note: {n}");
    }
    if loaded.notes.len() > SHOWN {
        let _ = writeln!(s, "  … and {} more notes", loaded.notes.len() - SHOWN);
    }
    s.push_str(&clientgrade_report::decision_lines(&loaded.tables));
    out(&s)?;
    let decisions = clientgrade::decisions(&loaded);
    Ok(if decisions > 0 {
        ExitCode::from(EXIT_DECISION)
    } else if rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

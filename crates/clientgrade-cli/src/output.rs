//! Printing to the terminal: text made safe (control characters visible, long lines cut) and a closed pipe ending output quietly.
//!
//! `clientgrade check … | head` closes standard output early: the rest of the
//! output is dropped without a panic or a message, and the command still
//! exits with its own code. Other write failures are errors.

use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use clientgrade_report::text::for_terminal;

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);

fn write_to(mut w: impl Write, closed: &AtomicBool, s: &str) -> std::io::Result<()> {
    if closed.load(Ordering::Relaxed) {
        return Ok(());
    }
    let safe = for_terminal(s);
    match w.write_all(safe.as_bytes()).and_then(|()| w.flush()) {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => {
            closed.store(true, Ordering::Relaxed);
            Ok(())
        }
        other => other,
    }
}

/// Print `s` to standard output; a closed pipe is not an error.
pub fn out(s: &str) -> anyhow::Result<()> {
    write_to(std::io::stdout().lock(), &STDOUT_CLOSED, s)
        .map_err(|e| anyhow::anyhow!("cannot write to standard output: {e}"))
}

/// Print `s` and a line end to standard output.
pub fn outln(s: &str) -> anyhow::Result<()> {
    out(&format!("{s}\n"))
}

/// Print `s` and a line end to standard error; failures are ignored (there
/// is nowhere left to report them).
pub fn errln(s: &str) {
    let _ = write_to(std::io::stderr().lock(), &STDERR_CLOSED, &format!("{s}\n"));
}

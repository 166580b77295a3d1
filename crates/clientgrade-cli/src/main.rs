//! The `clientgrade` command: parse arguments, run one subcommand, map errors to exit codes.

mod analyze;
mod args;
mod check;
mod compare;
mod demo;
mod generate;
mod output;
mod progress;
mod settings;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

/// Exit code of a problem with the user's inputs or arguments.
const EXIT_INPUT: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(a) => analyze::run(&a),
        Command::Check(a) => check::run(&a),
        Command::Compare(a) => compare::run(&a),
        Command::Demo(a) => demo::run(&a),
        Command::Generate(a) => generate::run(&a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let input = e.chain().any(|c| {
                c.downcast_ref::<clientgrade_data::DataError>()
                    .is_some_and(is_input_error)
                    || c.downcast_ref::<clientgrade::Error>()
                        .is_some_and(clientgrade::Error::is_input)
            });
            output::errln(&format!("error: {e:#}"));
            ExitCode::from(if input { EXIT_INPUT } else { 1 })
        }
    }
}

fn is_input_error(e: &clientgrade_data::DataError) -> bool {
    !matches!(e, clientgrade_data::DataError::Write { .. })
}

//! End-to-end tests of the `clientgrade` binary: golden outputs, determinism, tier recovery, exit codes.

mod cdnow;
mod decisions;
mod exports;
mod golden;
mod helpers;
mod inputs;
mod lifecycle;
mod movement;
mod outputs_files;
mod outputs_text;
mod outputs_values;
mod profile;
mod recovery;
mod tidy;
mod wholesaler;

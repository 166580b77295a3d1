//! The one error type of a run: reading (with the file, column or key and the fix) or writing.

use clientgrade_data::DataError;
use clientgrade_report::ReportError;

/// Why a run or its outputs failed. Both kinds print as the underlying
/// error does (they are transparent), so the message names the file and
/// the fix exactly as the reader or writer said it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The inputs or the settings: a file that cannot be read, a structure
    /// that cannot be used, an invalid setting (or writing a table failed).
    #[error(transparent)]
    Data(#[from] DataError),
    /// Writing the outputs failed.
    #[error(transparent)]
    Report(#[from] ReportError),
}

impl Error {
    /// Whether the problem lies in the user's inputs or settings (the
    /// command exits with 2 then), rather than in writing the outputs.
    pub fn is_input(&self) -> bool {
        matches!(self, Error::Data(e) if !matches!(e, DataError::Write { .. }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_problems_are_the_inputs_and_writing_problems_are_not() {
        assert!(Error::from(DataError::Inputs("no transactions".into())).is_input());
        let write = DataError::Write {
            path: "out/customers.csv".into(),
            message: "disk full".into(),
        };
        assert!(!Error::from(write).is_input());
        let io = ReportError::Io {
            path: "out".into(),
            source: std::io::Error::other("read-only"),
        };
        assert!(!Error::from(io).is_input());
    }

    #[test]
    fn the_message_is_the_underlying_one() {
        let e = DataError::Inputs("--as-of: not a date".into());
        assert_eq!(Error::from(e).to_string(), "--as-of: not a date");
    }
}

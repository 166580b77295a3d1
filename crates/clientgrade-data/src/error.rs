//! The data crate's one error type: structural problems that stop a run.

use std::path::PathBuf;

/// A structural problem with the inputs or the configuration.
///
/// Every message names the file (and column or key where there is one) and
/// says how to fix it. A bad row is never an error: it is a counted reject.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// A file could not be opened or read.
    #[error("{path}: cannot read the file: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file's structure is unusable (empty, no header, wrong encoding,
    /// wrong delimiter, missing required column, undecidable date format...).
    #[error("{path}: {message}")]
    Structure {
        /// The file.
        path: PathBuf,
        /// What is wrong and the fix.
        message: String,
    },
    /// The configuration file is invalid.
    #[error("{path}: {message}")]
    Config {
        /// The configuration file.
        path: PathBuf,
        /// What is wrong and the fix.
        message: String,
    },
    /// The inputs together cannot be analysed (e.g. no usable transaction).
    #[error("{0}")]
    Inputs(String),
    /// Writing an output failed.
    #[error("{path}: cannot write: {message}")]
    Write {
        /// The output file.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

impl DataError {
    /// A structural error about `path`.
    pub fn structure(path: impl Into<PathBuf>, message: impl Into<String>) -> DataError {
        DataError::Structure {
            path: path.into(),
            message: message.into(),
        }
    }

    /// A write error about `path`.
    pub fn write(path: impl Into<PathBuf>, message: impl std::fmt::Display) -> DataError {
        DataError::Write {
            path: path.into(),
            message: message.to_string(),
        }
    }
}

/// Result with [`DataError`].
pub type Result<T, E = DataError> = std::result::Result<T, E>;

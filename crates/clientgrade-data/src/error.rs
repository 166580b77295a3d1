//! The data crate's one error type: structural problems that stop a run.

use std::path::PathBuf;

/// A structural problem with the inputs or the configuration.
///
/// Every message names the file (and column or key where there is one) and
/// says how to fix it. A bad row is never an error: it is a counted reject.
/// The message is complete on its own: the operating system's error is told
/// once, in words, and not repeated as a source (which error chains such as
/// anyhow's `{:#}` would print a second time).
#[derive(Debug)]
pub enum DataError {
    /// A file could not be opened or read.
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file's structure is unusable (empty, no header, wrong encoding,
    /// wrong delimiter, missing required column, undecidable date format...).
    Structure {
        /// The file.
        path: PathBuf,
        /// What is wrong and the fix.
        message: String,
    },
    /// The configuration file is invalid.
    Config {
        /// The configuration file.
        path: PathBuf,
        /// What is wrong and the fix.
        message: String,
    },
    /// The inputs together cannot be analysed (e.g. no usable transaction).
    Inputs(String),
    /// Writing an output failed.
    Write {
        /// The output file.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

impl std::fmt::Display for DataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DataError::Io { path, source } => {
                write!(
                    f,
                    "{}: cannot read the file: {}",
                    path.display(),
                    io_words(source)
                )
            }
            DataError::Structure { path, message } | DataError::Config { path, message } => {
                write!(f, "{}: {message}", path.display())
            }
            DataError::Inputs(message) => f.write_str(message),
            DataError::Write { path, message } => {
                write!(f, "{}: cannot write: {message}", path.display())
            }
        }
    }
}

impl std::error::Error for DataError {}

/// An I/O error in words: the common cases said plainly, others without the
/// `(os error N)` code.
pub(crate) fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file; check the path".into(),
        PermissionDenied => "permission denied".into(),
        IsADirectory => "it is a folder, not a file".into(),
        InvalidData => "it is not text in UTF-8; save it as UTF-8".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error ") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// A library's error message without its decoration: no `Parquet error:`
/// or `External error:` prefix, no `(os error N)` code.
pub(crate) fn plain(message: &str) -> String {
    let mut m = message.trim();
    for prefix in [
        "Parquet error: ",
        "Arrow error: ",
        "External error: ",
        "External: ",
    ] {
        while let Some(r) = m.strip_prefix(prefix) {
            m = r.trim_start();
        }
    }
    let mut out = m.to_string();
    while let Some(i) = out.find(" (os error ") {
        let end = out[i..].find(')').map_or(out.len(), |j| i + j + 1);
        out.replace_range(i..end, "");
    }
    out
}

impl DataError {
    /// A structural error about `path`.
    pub fn structure(path: impl Into<PathBuf>, message: impl Into<String>) -> DataError {
        DataError::Structure {
            path: path.into(),
            message: message.into(),
        }
    }

    /// A write error about `path` (the library's message in plain words).
    pub fn write(path: impl Into<PathBuf>, message: impl std::fmt::Display) -> DataError {
        DataError::Write {
            path: path.into(),
            message: plain(&message.to_string()),
        }
    }
}

/// Result with [`DataError`].
pub type Result<T, E = DataError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    /// The operating system's error is told once, in words.
    #[test]
    fn io_errors_are_said_once_in_words() {
        let e = DataError::Io {
            path: "sales.csv".into(),
            source: std::fs::File::open("/no/such/dir/sales.csv").unwrap_err(),
        };
        assert_eq!(
            e.to_string(),
            "sales.csv: cannot read the file: no such file; check the path"
        );
        assert!(std::error::Error::source(&e).is_none());
        let other = std::io::Error::from_raw_os_error(28); // ENOSPC
        assert!(
            !io_words(&other).contains("os error"),
            "{}",
            io_words(&other)
        );
    }
}

//! Input tables to per-customer facts: sources, column mapping, formats, rejects and the single pass.
//!
//! The only crate of clientgrade that knows file formats. [`load`] reads the
//! transactions and the optional customers, invoices, service and complaints
//! tables (CSV or Parquet) once each and sums them per customer into
//! [`clientgrade_core::CustomerFacts`]. Every row is used, skipped with a
//! reason, or rejected with its line number ([`TableStats`]); structural
//! problems stop with a [`DataError`] that names the file, the column and the fix.
//!
//! ```no_run
//! use clientgrade_data::{load, NoProgress, Sources, SourceSpec, TableKind};
//!
//! let sources = Sources {
//!     transactions: SourceSpec::detect(TableKind::Transactions, "sales.csv"),
//!     customers: None,
//!     invoices: None,
//!     service: None,
//!     complaints: None,
//! };
//! let loaded = load(&sources, None, 12, &NoProgress)?;
//! println!("{} customers", loaded.facts.len());
//! # Ok::<(), clientgrade_data::DataError>(())
//! ```

mod config;
mod csv_records;
mod csv_source;
mod distinct;
mod error;
#[doc(hidden)]
pub mod fuzzing;
mod hash;
mod identity;
mod layout;
mod load;
mod order_level;
mod parquet_source;
pub mod presets;
mod prospects;
mod reader;
mod reject;
mod row;
pub mod rules;
mod schema;
mod source;
mod timezone;
mod values;
mod warnings;
mod write;

pub use config::schema as config_schema;
pub use config::{
    parse_as_of, parse_window, AnalysisConfig, ColumnChoice, Config, Format, SourceSpec,
    TableConfig,
};
pub use error::{DataError, Result};
pub use load::{
    latest_transaction_date, load, load_compared, load_with_holdout, AsOfSource, EarlierFacts,
    Loaded, Sources,
};
pub use prospects::read_prospects;
pub use reader::{
    read_csv_in_parts, read_table, read_table_chunked, NoProgress, Outcome, Progress, RowSink,
    PARALLEL_MIN_BYTES,
};
pub use reject::{Reject, Repaired, TableStats, Warning, KEPT_REJECTS, KEPT_REPAIR_LINES};
pub use row::MAX_ID_BYTES;
pub use rules::{Preset, Rules};
pub use schema::{map_columns, normalize, ColumnSpec, ColumnType, Mapping, TableKind};
pub use timezone::Zone;
pub use values::{
    detect_date_order, detect_decimal_mark, parse_money, plausible, AmountError, DateDetection,
    DateOrder, DecimalMark, MarkDetection, FIRST_PLAUSIBLE_DAY, LAST_PLAUSIBLE_DAY,
    MAX_AMOUNT_UNITS,
};
pub use write::{
    commit_all, formula_like, write_atomic, AtomicFile, Column, CsvTableWriter, ParquetTableWriter,
    Staged, TableWriter,
};

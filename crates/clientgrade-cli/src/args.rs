//! Command-line arguments, parsed into plain values before anything runs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Who are my real customers? Grades every customer from sales, invoices,
/// service effort and complaints, with the evidence behind each verdict.
#[derive(Debug, Parser)]
#[command(name = "clientgrade", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Grade the customers of your own data and write the outputs (exit 3
    /// when the data needs a decision, as in `check`).
    Analyze(AnalyzeArgs),
    /// Validate sources and configuration and report what would be rejected
    /// (exit 0: clean, 1: some rows rejected, 2: structural problem,
    /// 3: the data needs a decision, e.g. an order total repeated on every line).
    Check(SourceArgs),
    /// Generate a realistic dataset and analyse it: the zero-configuration tour.
    Demo(DemoArgs),
    /// Generate realistic multi-table data with planted archetypes and truth.csv.
    Generate(GenerateArgs),
    /// Movement between two result folders of `analyze` (an earlier and a
    /// later one): who moved up or down a tier, lapsed, came back, is new.
    Compare(CompareArgs),
}

/// Where the input tables are and how to read them.
#[derive(Debug, Args)]
pub struct SourceArgs {
    /// Sales lines: customer id, date, amount (CSV or Parquet).
    #[arg(long, value_name = "FILE")]
    pub transactions: Option<PathBuf>,
    /// Customer attributes: customer id, name, account manager.
    #[arg(long, value_name = "FILE")]
    pub customers: Option<PathBuf>,
    /// Invoices and payments: customer id, due date, amount, paid date.
    #[arg(long, value_name = "FILE")]
    pub invoices: Option<PathBuf>,
    /// Service effort: customer id, date, hours, cost.
    #[arg(long, value_name = "FILE")]
    pub service: Option<PathBuf>,
    /// Complaints: customer id, date, resolved date.
    #[arg(long, value_name = "FILE")]
    pub complaints: Option<PathBuf>,
    /// Prospects to score against the ideal customer profile: a prospect id
    /// and attribute columns named like the customers' (industry, region …).
    #[arg(long, value_name = "FILE")]
    pub prospects: Option<PathBuf>,
    /// TOML configuration: column names, formats, costs, tier thresholds.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Last day that counts, YYYY-MM-DD (default: the latest transaction date).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Window length, e.g. 12m or 1y (default: 12m).
    #[arg(long, value_name = "LENGTH")]
    pub window: Option<String>,
    /// Time zone the sales are counted in, an IANA name such as
    /// America/New_York: times in UTC or with an offset move to its day.
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,
    /// Share of each table's rows (0 to 1) that may be rejected before the
    /// run needs a decision (exit code 3); default 0.01, or
    /// max-rejected-share in the table's section of the config.
    #[arg(long, value_name = "SHARE")]
    pub max_rejected_share: Option<f64>,
    /// Characteristic on the grading matrix's X axis (default: revenue).
    #[arg(long, value_name = "NAME")]
    pub matrix_x: Option<String>,
    /// Characteristic on the grading matrix's Y axis (default: profit_margin).
    #[arg(long, value_name = "NAME")]
    pub matrix_y: Option<String>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    #[command(flatten)]
    pub sources: SourceArgs,
    /// Output folder (created if missing).
    #[arg(long, value_name = "DIR", default_value = "clientgrade-out")]
    pub out: PathBuf,
    /// Customers listed in the terminal summary.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// Check the lifetime model on the purchases after --as-of up to this
    /// date: predicted against actual purchase days per customer.
    #[arg(long, value_name = "DATE")]
    pub holdout_end: Option<String>,
    /// Print the seconds each step took (reading, grading, lifetime model,
    /// outputs) to stderr.
    #[arg(long)]
    pub timings: bool,
    /// Grade as of this earlier date too, YYYY-MM-DD (same window length,
    /// same rules, the same pass over the data) and write movement.csv: who
    /// moved up or down a tier, lapsed, came back or is new, and why.
    #[arg(long, value_name = "DATE")]
    pub compare_to: Option<String>,
    /// Exit with 0 even when the data needs a decision (see `check`): you
    /// accept that the figures count those rows as they are read. Without
    /// it, analyze writes every output and exits with code 3.
    #[arg(long)]
    pub accept_undecided: bool,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The earlier result folder (written by `clientgrade analyze --out`).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later result folder.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Output folder for movement.csv, actions.csv, summary.json and report.html.
    #[arg(long, value_name = "DIR", default_value = "clientgrade-compare")]
    pub out: PathBuf,
    /// Customers listed per list in the terminal summary.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: usize,
    /// TOML configuration: its `[movement]` section sets the lists' thresholds.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Compare even when the two folders were graded with different tier
    /// rules, costs or window (the outputs say so).
    #[arg(long)]
    pub allow_different_settings: bool,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Customers to generate.
    #[arg(long, value_name = "N", default_value_t = 2_000)]
    pub customers: u64,
    /// Random seed.
    #[arg(long, value_name = "S", default_value_t = 42)]
    pub seed: u64,
    /// Output folder: the generated data goes to DIR/data.
    #[arg(long, value_name = "DIR", default_value = "clientgrade-demo")]
    pub out: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FileFormat {
    Csv,
    Parquet,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Customers to generate (about 80 transaction rows each).
    #[arg(long, value_name = "N")]
    pub customers: u64,
    /// Random seed.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Output folder.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// File format of the tables (truth.csv is always CSV).
    #[arg(long, value_enum, default_value_t = FileFormat::Csv)]
    pub format: FileFormat,
    /// Last day of data, YYYY-MM-DD.
    #[arg(long, value_name = "DATE", default_value = "2025-12-31")]
    pub as_of: String,
    /// Share of extra corrupted transaction rows (0–1), to exercise rejects.
    #[arg(long, value_name = "RATE", default_value_t = 0.0)]
    pub messy: f64,
    /// Instead of the five tables: one file laid out like a vendor's export
    /// (shopify, woocommerce, quickbooks, stripe, xero) and truth.csv with
    /// each customer's 2025 net revenue and orders.
    #[arg(long, value_name = "VENDOR")]
    pub export: Option<String>,
    /// Write dates day-first (31/12/2025), as many European exports do (CSV only).
    #[arg(long)]
    pub day_first: bool,
}

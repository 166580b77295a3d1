//! The reading rules of a source: layout, amount level and net amount, status, identity, currencies.
//!
//! They come from the `[transactions]` section of the config (read in
//! config/rules.rs) or from a recognised export (presets.rs); the config wins
//! key by key. The rules are decided before the file is read, so that every
//! reading thread applies the same ones (order_level.rs applies them row by
//! row; source.rs maps a source's header under them).

use std::collections::BTreeMap;

/// Positions of the transactions' contract columns.
pub(crate) use crate::schema::tx as col;

/// Whether the source is matched against the known exports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SourceChoice {
    /// Recognise a known export from the header (default).
    #[default]
    Auto,
    /// Read it as a plain table.
    None,
    /// Read it as this export whatever the header says.
    Preset(Preset),
}

/// An export clientgrade knows, by name (its header signature, columns and
/// rules are in presets.rs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// Shopify "Export orders".
    Shopify,
    /// WooCommerce Customer/Order CSV Export, one row per item.
    WooCommerce,
    /// QuickBooks Online report "Sales by Customer Detail".
    QuickBooks,
    /// Stripe payments export (unified payments).
    Stripe,
    /// Xero "Export invoices".
    Xero,
}

impl Preset {
    /// Every preset, in the order they are tried.
    pub const ALL: [Preset; 5] = [
        Preset::Shopify,
        Preset::WooCommerce,
        Preset::QuickBooks,
        Preset::Stripe,
        Preset::Xero,
    ];

    /// The name used in `source = "…"`.
    pub fn name(self) -> &'static str {
        match self {
            Preset::Shopify => "shopify",
            Preset::WooCommerce => "woocommerce",
            Preset::QuickBooks => "quickbooks",
            Preset::Stripe => "stripe",
            Preset::Xero => "xero",
        }
    }

    /// The preset called `name`.
    pub fn from_name(name: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.name() == name)
    }

    /// The accepted names, for messages.
    pub(crate) fn names() -> String {
        Preset::ALL
            .iter()
            .map(|p| format!("\"{}\"", p.name()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// What it is, in words.
    pub fn title(self) -> &'static str {
        match self {
            Preset::Shopify => "a Shopify orders export",
            Preset::WooCommerce => "a WooCommerce order export (one row per item)",
            Preset::QuickBooks => "a QuickBooks Online \"Sales by Customer Detail\" report",
            Preset::Stripe => "a Stripe payments export",
            Preset::Xero => "a Xero invoices export",
        }
    }
}

/// Whether each row carries its own amount or the order's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountLevel {
    /// Every row is a sale line with its own amount.
    Line,
    /// The amount is the order's: taken once per order id.
    Order,
}

/// How customer ids are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdCase {
    /// As written (after trimming).
    Exact,
    /// Trimmed, lowercased, inner runs of spaces made one.
    Fold,
}

/// The resolved reading rules of one source.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rules {
    /// Known-export recognition.
    pub source: SourceChoice,
    /// The export recognised or forced (set when the source is resolved).
    pub recognised: Option<Preset>,
    /// 1-based line of the header row (default: the first line with two names).
    pub header_row: Option<u64>,
    /// A row with only its first cell filled is a heading whose text is the
    /// customer id of the rows below it (read from the first column).
    pub group_heading: bool,
    /// Line or order amounts; `None`: lines, not decided by the user.
    pub amount_level: Option<AmountLevel>,
    /// The amount includes tax: the tax column is subtracted.
    pub amount_includes_tax: bool,
    /// The amount includes shipping: the shipping column is subtracted.
    pub amount_includes_shipping: bool,
    /// The refund includes tax: only its share `amount / (amount + tax)` is subtracted.
    pub refunds_include_tax: bool,
    /// The discount column is a percentage of quantity × unit price.
    pub discount_is_rate: bool,
    /// Status values (normalised) that leave a row out; `None`: the defaults.
    pub status_exclude: Option<Vec<String>>,
    /// Status values (normalised) that alone count; others are left out.
    pub status_include: Option<Vec<String>>,
    /// Case of customer ids; `None`: folded when the id column holds e-mails.
    pub id_case: Option<IdCase>,
    /// Customer = the e-mail when the row has one (ids sharing it merge).
    pub merge_by_email: bool,
    /// Rates to the reporting currency: 1 unit of the currency = rate units.
    pub currency_rates: BTreeMap<String, f64>,
    /// The reporting currency (rate 1) when rates are given.
    pub base_currency: Option<String>,
    /// Contract keys the user set to `false`: never mapped.
    pub unmapped: Vec<String>,
    /// The customer id column holds e-mails (found when the source is resolved).
    pub ids_are_emails: bool,
    /// A column that looks like an amount in one currency (for messages).
    pub converted_hint: Option<String>,
    /// The rule keys the config set (a preset leaves them as they are).
    pub user_keys: Vec<String>,
    /// Rows rejected beyond this share need a decision; `None`:
    /// [`DEFAULT_MAX_REJECTED_SHARE`].
    pub max_rejected_share: Option<f64>,
}

/// The share of a table's rows that may be rejected before the run needs a
/// decision: beyond it the figures leave out enough to mislead.
pub const DEFAULT_MAX_REJECTED_SHARE: f64 = 0.01;

/// Status values left out unless the config says otherwise (normalised:
/// lowercase letters and digits).
pub const DEFAULT_STATUS_EXCLUDE: &[&str] = &[
    "cancelled",
    "canceled",
    "void",
    "voided",
    "failed",
    "draft",
    "refunded",
    "declined",
    "deleted",
    "expired",
    "rejected",
];

impl Rules {
    /// Whether a file with these rules must be read by one thread: per-order
    /// state (order amounts, statuses on the first row) and carried headings
    /// do not survive a cut between two rows of one order or group.
    pub fn sequential(&self) -> bool {
        self.amount_level == Some(AmountLevel::Order) || self.group_heading
    }

    /// The status values that leave a row out.
    pub fn excluded_statuses(&self) -> Vec<String> {
        self.status_exclude.clone().unwrap_or_else(|| {
            DEFAULT_STATUS_EXCLUDE
                .iter()
                .map(|s| s.to_string())
                .collect()
        })
    }
}

//! The reading rules of a source: layout, amount level and net amount, status, identity, currencies.
//!
//! They come from the `[transactions]` section of the config or from a
//! recognised export (crate::presets); the config wins key by key. The rules
//! are decided before the file is read, so that every reading thread applies
//! the same ones (crate::order_level applies them row by row).

use std::collections::BTreeMap;

use crate::config::TableConfig;
use crate::schema::{map_columns, Mapping, TableKind};

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
    Preset(crate::presets::Preset),
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
    pub recognised: Option<crate::presets::Preset>,
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

    /// Read the rule keys of a table section; errors are `(key, message)`.
    pub(crate) fn from_config(
        table: TableKind,
        s: &TableConfig,
    ) -> std::result::Result<Rules, (&'static str, String)> {
        let mut r = Rules {
            header_row: s.header_row,
            user_keys: s.rule_keys(),
            ..Rules::default()
        };
        if s.header_row == Some(0) {
            return Err(("header-row", "lines are counted from 1".into()));
        }
        if let Some(m) = s.max_rejected_share {
            if !(0.0..=1.0).contains(&m) {
                return Err((
                    "max-rejected-share",
                    format!("{m} is not a share; use a number from 0 to 1 (0.05 = 5% of the rows)"),
                ));
            }
            r.max_rejected_share = Some(m);
        }
        if let Some(src) = &s.source {
            if table != TableKind::Transactions {
                return Err((
                    "source",
                    format!("applies to [transactions] only, not to [{table}]"),
                ));
            }
            r.source = match src.trim().to_ascii_lowercase().as_str() {
                "auto" => SourceChoice::Auto,
                "none" => SourceChoice::None,
                name => SourceChoice::Preset(crate::presets::Preset::from_name(name).ok_or_else(
                    || {
                        (
                            "source",
                            format!(
                                "`{src}` is not a known export; use \"auto\", \"none\", {}",
                                crate::presets::Preset::names()
                            ),
                        )
                    },
                )?),
            };
        }
        let transactions_only = |key: &'static str, set: bool| {
            if set && table != TableKind::Transactions {
                Err((
                    key,
                    format!("applies to [transactions] only, not to [{table}]"),
                ))
            } else {
                Ok(())
            }
        };
        if let Some(g) = &s.group_heading {
            transactions_only("group-heading", true)?;
            if g != "customer-id" {
                return Err((
                    "group-heading",
                    format!("`{g}` is not supported; the heading can only be \"customer-id\""),
                ));
            }
            r.group_heading = true;
        }
        if let Some(l) = &s.amount_level {
            transactions_only("amount-level", true)?;
            r.amount_level = Some(match l.as_str() {
                "line" => AmountLevel::Line,
                "order" => AmountLevel::Order,
                _ => {
                    return Err((
                        "amount-level",
                        format!("`{l}` is not a level; use \"line\" or \"order\""),
                    ))
                }
            });
        }
        for part in s.amount_includes.iter().flatten() {
            transactions_only("amount-includes", true)?;
            match part.as_str() {
                "tax" => r.amount_includes_tax = true,
                "shipping" => r.amount_includes_shipping = true,
                _ => {
                    return Err((
                        "amount-includes",
                        format!(
                            "`{part}` is not a part of an amount; use \"tax\" and/or \"shipping\""
                        ),
                    ))
                }
            }
        }
        transactions_only("refunds-include-tax", s.refunds_include_tax.is_some())?;
        r.refunds_include_tax = s.refunds_include_tax.unwrap_or(false);
        transactions_only("discount-is-rate", s.discount_is_rate.is_some())?;
        r.discount_is_rate = s.discount_is_rate.unwrap_or(false);
        let norm = |v: &Vec<String>| v.iter().map(|x| crate::schema::normalize(x)).collect();
        // statuses: of sales and of invoices
        let status_table = |key: &'static str, set: bool| {
            if set && !matches!(table, TableKind::Transactions | TableKind::Invoices) {
                Err((
                    key,
                    format!("applies to [transactions] and [invoices] only, not to [{table}]"),
                ))
            } else {
                Ok(())
            }
        };
        status_table("status-exclude", s.status_exclude.is_some())?;
        r.status_exclude = s.status_exclude.as_ref().map(norm);
        status_table("status-include", s.status_include.is_some())?;
        r.status_include = s.status_include.as_ref().map(norm);
        if let Some(c) = &s.id_case {
            transactions_only("id-case", true)?;
            r.id_case = Some(match c.as_str() {
                "exact" => IdCase::Exact,
                "fold" => IdCase::Fold,
                _ => {
                    return Err((
                        "id-case",
                        format!("`{c}` is not a choice; use \"fold\" or \"exact\""),
                    ))
                }
            });
        }
        transactions_only("merge-by-email", s.merge_by_email.is_some())?;
        r.merge_by_email = s.merge_by_email.unwrap_or(false);
        if let Some(rates) = &s.currency_rates {
            transactions_only("currency-rates", true)?;
            for (c, v) in rates {
                if !(v.is_finite() && *v > 0.0) {
                    return Err((
                        "currency-rates",
                        format!("the rate of {c} must be a positive number"),
                    ));
                }
                r.currency_rates.insert(c.trim().to_ascii_uppercase(), *v);
            }
        }
        transactions_only("base-currency", s.base_currency.is_some())?;
        r.base_currency = s
            .base_currency
            .as_ref()
            .map(|c| c.trim().to_ascii_uppercase());
        Ok(r)
    }
}

/// Roles that are only looked at (and warned about) when found by their
/// name, and applied when named in the config or by a preset.
const OBSERVED: &[usize] = &[col::STATUS, col::REFUND];

/// Map a source's header: the explicit and detected columns, less the keys
/// set to `false` and the helper roles no rule asks for; with a group
/// heading, the customer id is the first column.
pub(crate) fn map_source(
    spec: &crate::config::SourceSpec,
    headers: &[String],
) -> std::result::Result<Mapping, String> {
    let r = &spec.rules;
    let mut explicit = spec.columns.clone();
    if r.group_heading
        && spec.table == TableKind::Transactions
        && !explicit.iter().any(|(k, _)| k == "customer-id")
    {
        if let Some(first) = headers.first() {
            explicit.push(("customer-id".into(), first.clone()));
        }
    }
    let mut mapping =
        map_columns(spec.table, headers, &explicit).map_err(|e| with_hints(spec, headers, e))?;
    for key in &r.unmapped {
        if let Some(i) = spec.table.column_index(key) {
            mapping.positions[i] = None;
        }
    }
    if spec.table != TableKind::Transactions {
        return Ok(mapping);
    }
    let is_explicit = |i: usize| {
        let key = spec.table.columns()[i].key;
        explicit.iter().any(|(k, _)| k == key)
    };
    let amount_mapped = mapping.positions[col::AMOUNT].is_some();
    for i in col::STATUS..spec.table.columns().len() {
        if mapping.positions[i].is_none() || is_explicit(i) {
            continue;
        }
        let needed = match i {
            col::STATUS | col::REFUND | col::CURRENCY => true,
            col::EMAIL => r.merge_by_email,
            col::TAX => r.amount_includes_tax || r.refunds_include_tax,
            col::SHIPPING => r.amount_includes_shipping,
            col::QUANTITY | col::UNIT_PRICE => !amount_mapped || r.discount_is_rate,
            _ => false,
        };
        if !needed {
            mapping.positions[i] = None;
        }
    }
    if r.amount_level == Some(AmountLevel::Order)
        && mapping.positions[col::AMOUNT].is_none()
        && mapping.positions[col::CONVERTED_AMOUNT].is_none()
    {
        return Err(
            "amount-level = \"order\" takes the order's amount from a column: name it in \
             [transactions.columns] amount = \"<order amount column>\""
                .into(),
        );
    }
    if mapping.positions[col::AMOUNT].is_none()
        && mapping.positions[col::UNIT_PRICE].is_none()
        && mapping.positions[col::CONVERTED_AMOUNT].is_none()
    {
        return Err(format!(
            "no column for `amount` (required in transactions; it was set to false); \
             columns found: {}",
            headers
                .iter()
                .map(|h| format!("`{h}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(mapping)
}

/// Which contract columns are read leniently: observed roles found by
/// their name (a value that does not parse is ignored, not a reject).
pub(crate) fn lenient(spec: &crate::config::SourceSpec, mapping: &Mapping) -> Vec<bool> {
    let n = spec.table.columns().len();
    (0..n)
        .map(|i| {
            spec.table == TableKind::Transactions
                && OBSERVED.contains(&i)
                && mapping.positions[i].is_some()
                && !spec
                    .columns
                    .iter()
                    .any(|(k, _)| k == spec.table.columns()[i].key)
        })
        .collect()
}

/// Whether a role of the transactions is applied (named in the config or by
/// a preset) rather than only observed.
pub(crate) fn applied(spec: &crate::config::SourceSpec, key: &str) -> bool {
    spec.columns.iter().any(|(k, _)| k == key)
}

/// Add what the layout suggests to a missing-column message.
fn with_hints(spec: &crate::config::SourceSpec, headers: &[String], message: String) -> String {
    let mut m = message;
    if spec.table == TableKind::Transactions
        && headers.first().is_some_and(|h| h.is_empty())
        && m.contains("`customer-id`")
    {
        m.push_str(
            "; the first column has no name: if it holds group headings (a customer's name on a \
             row of its own, its sales on the rows below), set group-heading = \"customer-id\" in \
             [transactions]",
        );
    }
    m
}

//! A table section's rule keys read into `Rules` (known export, layout, amounts, status, identity, currencies), with the key at fault when one is wrong.

use super::TableConfig;
use crate::rules::{AmountLevel, IdCase, Preset, Rules, SourceChoice};
use crate::schema::TableKind;

impl Rules {
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
                name => SourceChoice::Preset(Preset::from_name(name).ok_or_else(|| {
                    (
                        "source",
                        format!(
                            "`{src}` is not a known export; use \"auto\", \"none\", {}",
                            Preset::names()
                        ),
                    )
                })?),
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

//! Known exports (Shopify, WooCommerce, QuickBooks, Stripe, Xero): recognised from their header, read with their rules.
//!
//! A preset is only a set of column names and rules, the same ones a user
//! could write in `[transactions]`; whatever the config says wins key by
//! key. docs/sources.md has the documented layout each preset relies on.

use crate::config::SourceSpec;
pub use crate::rules::Preset;
use crate::rules::{AmountLevel, SourceChoice};
use crate::schema::{normalize, TableKind};
use crate::{DataError, Result};

type Columns = &'static [(&'static str, &'static [&'static str])];

impl Preset {
    /// Header names (normalised) that together identify the export.
    fn signature(self) -> &'static [&'static str] {
        match self {
            Preset::Shopify => &[
                "name",
                "email",
                "financialstatus",
                "subtotal",
                "total",
                "createdat",
                "lineitemquantity",
                "lineitemname",
            ],
            Preset::WooCommerce => &[
                "orderid",
                "status",
                "ordertotal",
                "itemname",
                "itemtotal",
                "billingemail",
            ],
            Preset::QuickBooks => &["date", "transactiontype", "num", "amount", "balance"],
            Preset::Stripe => &[
                "id",
                "amount",
                "amountrefunded",
                "currency",
                "convertedamount",
                "status",
                "customerid",
            ],
            Preset::Xero => &[
                "contactname",
                "invoicenumber",
                "invoicedate",
                "lineamount",
                "unitamount",
                "status",
            ],
        }
    }

    /// Contract key → the export's header names (normalised, first found wins).
    fn columns(self) -> Columns {
        match self {
            Preset::Shopify => &[
                ("customer-id", &["email"]),
                ("date", &["createdat"]),
                ("amount", &["subtotal"]),
                ("order-id", &["name"]),
                ("product", &["lineitemname", "lineitemsku"]),
                ("status", &["financialstatus"]),
                ("refund", &["refundedamount"]),
                ("tax", &["taxes"]),
                ("discount", &["discountamount"]),
                ("currency", &["currency"]),
            ],
            Preset::WooCommerce => &[
                ("customer-id", &["billingemail"]),
                ("date", &["date", "orderdate"]),
                ("amount", &["itemtotal"]),
                ("refund", &["itemrefunded"]),
                ("order-id", &["orderid", "ordernumber"]),
                ("product", &["itemname", "itemsku"]),
                ("status", &["status"]),
                ("currency", &["ordercurrency", "currency"]),
            ],
            Preset::QuickBooks => &[
                ("date", &["date"]),
                ("amount", &["amount"]),
                ("order-id", &["num"]),
                ("product", &["productservice", "productservicefullname"]),
            ],
            Preset::Stripe => &[
                ("customer-id", &["customerid"]),
                ("email", &["customeremail"]),
                ("date", &["createddateutc", "createdutc", "created"]),
                ("amount", &["amount"]),
                ("currency", &["currency"]),
                ("converted-amount", &["convertedamount"]),
                ("refund", &["amountrefunded"]),
                ("converted-refund", &["convertedamountrefunded"]),
                ("status", &["status"]),
                ("order-id", &["id"]),
            ],
            Preset::Xero => &[
                ("customer-id", &["contactname"]),
                ("date", &["invoicedate"]),
                ("amount", &["lineamount"]),
                ("order-id", &["invoicenumber"]),
                ("product", &["description", "inventoryitemcode"]),
                ("discount", &["discount"]),
                ("quantity", &["quantity"]),
                ("unit-price", &["unitamount"]),
                ("status", &["status"]),
                ("currency", &["currency"]),
            ],
        }
    }

    /// Set the preset's rules where the user set nothing.
    fn rules(self, r: &mut crate::rules::Rules) {
        let free = |r: &crate::rules::Rules, key: &str| !r.user_keys.iter().any(|k| k == key);
        match self {
            Preset::Shopify => {
                if free(r, "amount-level") {
                    r.amount_level = Some(AmountLevel::Order);
                }
                if free(r, "refunds-include-tax") {
                    r.refunds_include_tax = true;
                }
            }
            Preset::WooCommerce => {
                if free(r, "status-exclude") {
                    let mut ex = r.excluded_statuses();
                    ex.extend(["pending", "checkoutdraft", "autodraft", "trash"].map(String::from));
                    r.status_exclude = Some(ex);
                }
            }
            Preset::QuickBooks => {
                if free(r, "group-heading") {
                    r.group_heading = true;
                }
            }
            Preset::Stripe => {
                if free(r, "merge-by-email") {
                    r.merge_by_email = true;
                }
            }
            Preset::Xero => {
                if free(r, "discount-is-rate") {
                    r.discount_is_rate = true;
                }
            }
        }
    }

    /// Whether a header is this export's.
    fn matches(self, normalized: &[String]) -> bool {
        self.signature()
            .iter()
            .all(|s| normalized.iter().any(|h| h == s))
    }
}

/// The source as it will be read: the export recognised (or forced) from
/// its header, its columns and rules merged under the user's, and the facts
/// the rules need from the header (e-mail ids). Tables other than the
/// transactions are returned as they are.
pub(crate) fn resolve(spec: &SourceSpec) -> Result<SourceSpec> {
    let mut eff = spec.clone();
    if spec.table != TableKind::Transactions {
        return Ok(eff);
    }
    let headers = crate::reader::read_header(spec)?;
    let normalized: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    let preset = match spec.rules.source {
        SourceChoice::None => None,
        SourceChoice::Preset(p) => Some(p),
        SourceChoice::Auto => Preset::ALL.into_iter().find(|p| p.matches(&normalized)),
    };
    if let Some(p) = preset {
        let user = |key: &str| {
            spec.columns.iter().any(|(k, _)| k == key)
                || spec.rules.unmapped.iter().any(|k| k == key)
        };
        let mut missing = Vec::new();
        for (key, names) in p.columns() {
            if user(key) {
                continue;
            }
            let found = names
                .iter()
                .find_map(|n| normalized.iter().position(|h| h == n));
            match found {
                Some(i) => eff.columns.push((key.to_string(), headers[i].clone())),
                None if matches!(*key, "customer-id" | "date" | "amount") => {
                    missing.push(format!("{key} ({})", names.join(" or ")))
                }
                None => {}
            }
        }
        if !missing.is_empty() {
            return Err(DataError::structure(
                &spec.path,
                format!(
                    "source = \"{}\", but the file has no column for {}; name them in \
                     [transactions.columns] or set source = \"none\"",
                    p.name(),
                    missing.join(", ")
                ),
            ));
        }
        p.rules(&mut eff.rules);
        eff.rules.recognised = Some(p);
    }
    // facts from the header the rules need
    let mapping = crate::source::map_source(&eff, &headers)
        .map_err(|m| DataError::structure(&spec.path, m))?;
    let id = mapping.positions[crate::rules::col::CUSTOMER_ID];
    eff.rules.ids_are_emails = id.is_some_and(|p| {
        let n = normalize(&headers[p]);
        n.contains("email") || n.contains("mail")
    });
    if let Ok(all) = crate::schema::map_columns(spec.table, &headers, &[]) {
        eff.rules.converted_hint =
            all.positions[crate::rules::col::CONVERTED_AMOUNT].map(|p| headers[p].clone());
    }
    Ok(eff)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| normalize(s)).collect()
    }

    #[test]
    fn each_export_is_told_from_its_header() {
        let shopify = norm(&[
            "Name",
            "Email",
            "Financial Status",
            "Subtotal",
            "Total",
            "Created at",
            "Lineitem quantity",
            "Lineitem name",
        ]);
        let found: Vec<Preset> = Preset::ALL
            .into_iter()
            .filter(|p| p.matches(&shopify))
            .collect();
        assert_eq!(found, [Preset::Shopify]);
        let plain = norm(&["customer", "date", "amount", "status"]);
        assert!(Preset::ALL.iter().all(|p| !p.matches(&plain)));
        for p in Preset::ALL {
            assert_eq!(Preset::from_name(p.name()), Some(p));
        }
    }
}

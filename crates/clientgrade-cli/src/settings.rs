//! Resolving arguments and the config file into the settings and sources of one run.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use clientgrade::RunSettings;
use clientgrade_data::{
    parse_as_of, parse_window, Config, DataError, SourceSpec, Sources, TableKind,
};

use crate::args::SourceArgs;

/// Layer the flags over the config file over the defaults.
pub fn resolve(a: &SourceArgs) -> Result<RunSettings> {
    let config_path = a
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from("clientgrade.toml"));
    let config = match &a.config {
        Some(p) => Config::load(p)?,
        None => Config::default(),
    };
    let source = |table: TableKind, flag: &Option<PathBuf>| -> Result<Option<SourceSpec>> {
        Ok(config.source(table, flag.as_deref(), &config_path)?)
    };
    let Some(transactions) = source(TableKind::Transactions, &a.transactions)? else {
        bail!(DataError::Inputs(
            "no transactions: pass --transactions FILE or set path in [transactions] of the config file".into()
        ));
    };
    let timezone = match &a.timezone {
        Some(z) => Some(
            clientgrade_data::Zone::parse(z)
                .map_err(|m| DataError::Inputs(format!("--timezone: {m}")))?,
        ),
        None => config.timezone(&config_path)?,
    };
    let max_rejected = match a.max_rejected_share {
        Some(m) if !(0.0..=1.0).contains(&m) => bail!(DataError::Inputs(format!(
            "--max-rejected-share: {m} is not a share; use a number from 0 to 1 (0.05 = 5% of the rows)"
        ))),
        m => m,
    };
    let zoned = |s: Option<SourceSpec>| {
        s.map(|mut s| {
            s.timezone = timezone;
            if max_rejected.is_some() {
                s.rules.max_rejected_share = max_rejected;
            }
            s
        })
    };
    let mut transactions = transactions;
    transactions.timezone = timezone;
    if max_rejected.is_some() {
        transactions.rules.max_rejected_share = max_rejected;
    }
    let sources = Sources {
        transactions,
        customers: zoned(source(TableKind::Customers, &a.customers)?),
        invoices: zoned(source(TableKind::Invoices, &a.invoices)?),
        service: zoned(source(TableKind::Service, &a.service)?),
        complaints: zoned(source(TableKind::Complaints, &a.complaints)?),
    };
    let prospects = source(TableKind::Prospects, &a.prospects)?;
    let as_of = match &a.as_of {
        Some(s) => Some(parse_as_of(s).map_err(|m| DataError::Inputs(format!("--as-of: {m}")))?),
        None => config.as_of(&config_path)?,
    };
    let months = match &a.window {
        Some(s) => parse_window(s).map_err(|m| DataError::Inputs(format!("--window: {m}")))?,
        None => config.window_months(&config_path)?.unwrap_or(12),
    };
    Ok(RunSettings {
        sources,
        prospects,
        settings: {
            let mut s = config.settings();
            if let Some(x) = &a.matrix_x {
                s.matrix.x = x.clone();
            }
            if let Some(y) = &a.matrix_y {
                s.matrix.y = y.clone();
            }
            s.validate().map_err(DataError::Inputs)?;
            s
        },
        as_of,
        months,
        holdout_end: None,
        compare_to: config.compare_to(&config_path)?,
        config: a.config.clone(),
    })
}

/// A display form of a path for messages.
pub fn shown(p: &Path) -> String {
    p.display().to_string()
}

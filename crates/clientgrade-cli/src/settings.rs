//! The command's arguments as the overrides of one run: the library's `RunSettings::resolve` decides every setting.

use std::path::Path;

use clientgrade::{ConfigFile, Overrides, RunSettings};

use crate::args::SourceArgs;

/// The flags of `check` and `analyze` that set a run's settings (the two
/// dates only `analyze` takes come as `holdout_end` and `compare_to`).
pub fn overrides(a: &SourceArgs, holdout_end: Option<&str>, compare_to: Option<&str>) -> Overrides {
    Overrides {
        transactions: a.transactions.clone(),
        customers: a.customers.clone(),
        invoices: a.invoices.clone(),
        service: a.service.clone(),
        complaints: a.complaints.clone(),
        prospects: a.prospects.clone(),
        as_of: a.as_of.clone(),
        window: a.window.clone(),
        timezone: a.timezone.clone(),
        max_rejected_share: a.max_rejected_share,
        matrix_x: a.matrix_x.clone(),
        matrix_y: a.matrix_y.clone(),
        holdout_end: holdout_end.map(str::to_string),
        compare_to: compare_to.map(str::to_string),
    }
}

/// The config file of `--config`, read and validated.
pub fn config_file(path: Option<&Path>) -> Result<Option<ConfigFile>, clientgrade::DataError> {
    path.map(ConfigFile::load).transpose()
}

/// Resolve the flags, the config file and the defaults into a run's settings.
pub fn resolve(flags: &Overrides, config: Option<&Path>) -> anyhow::Result<RunSettings> {
    let file = config_file(config)?;
    Ok(RunSettings::resolve(file.as_ref(), flags)?)
}

/// A display form of a path for messages.
pub fn shown(p: &Path) -> String {
    p.display().to_string()
}

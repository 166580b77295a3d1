//! The prospects table and its truth: prospects drawn from Tier 1's attribute distribution or the rest's.

use clientgrade_core::Value;

use crate::attributes::{draw, Class, PROSPECT_REGIONS};
use crate::plan::INDUSTRIES;
use crate::Rng;

use super::{
    company_name, Sink, SynthConfig, SynthTable, Writer, PROSPECT_STREAM, PROSPECT_TIER1_SHARE,
};

/// The prospects: each drawn from Tier 1's attribute distribution (a share
/// of [`PROSPECT_TIER1_SHARE`]) or the rest's, with a name, a region and an
/// industry (uniform, like the customers'); the truth says which.
pub(super) fn prospects<S: Sink>(
    config: &SynthConfig,
    w: &mut Writer<'_, S>,
) -> Result<(), S::Error> {
    let root = Rng::new(config.seed ^ PROSPECT_STREAM);
    for k in 0..config.prospects {
        let mut rng = root.fork(k);
        let class = if rng.chance(PROSPECT_TIER1_SHARE) {
            Class::Tier1
        } else {
            Class::Rest
        };
        let id = format!("P{:06}", k + 1);
        let name = company_name(&mut rng, k + 1);
        let region = *rng.pick(&PROSPECT_REGIONS);
        let industry = *rng.pick(&INDUSTRIES);
        let a = draw(&mut rng, class);
        w.row(
            SynthTable::Prospects,
            &[
                Value::Text(&id),
                Value::Text(&name),
                Value::Text(region),
                Value::Text(industry),
                Value::Int(a.employees),
                Value::Text(a.channel),
                Value::Int(a.years),
                Value::Text(a.ownership),
                Value::Int(a.visits),
                Value::Text(a.newsletter),
            ],
        )?;
        w.row(
            SynthTable::ProspectTruth,
            &[
                Value::Text(&id),
                Value::Text(match class {
                    Class::Tier1 => "tier1",
                    Class::Rest => "rest",
                }),
            ],
        )?;
    }
    Ok(())
}

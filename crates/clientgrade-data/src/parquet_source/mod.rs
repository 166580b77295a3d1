//! Reading a Parquet table: only the mapped columns, typed arrays turned into contract values.
//!
//! This module holds the plan (columns mapped, projection, formats from the
//! first batch) and the reading of row groups, with decoding ahead on a
//! second thread; [`arrays`] turns a batch's typed arrays into contract
//! values row by row; [`types`] says which Arrow types a contract column
//! accepts.

mod arrays;
mod types;

use arrow_array::RecordBatch;
use arrow_schema::DataType;
use clientgrade_core::Value;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ProjectionMask;

use crate::config::SourceSpec;
use crate::reject::TableStats;
use crate::row::formats;
use crate::source::{Outcome, Progress};
use crate::{DataError, Result};

use arrays::{columns, consume_batch, zone_offset, Col};
use types::{kind, refusal, Kind};

/// How to read a Parquet table: the column mapping, the projection and the
/// formats decided from the first batch.
pub(crate) struct ParquetPlan {
    headers: Vec<String>,
    mapping: crate::schema::Mapping,
    /// The other columns kept as customer attributes (always present).
    extra: Vec<Option<usize>>,
    roots: Vec<usize>,
    converter: crate::row::RowConverter,
    /// Rows of each row group.
    pub(crate) group_rows: Vec<u64>,
}

fn builder(spec: &SourceSpec) -> Result<ParquetRecordBatchReaderBuilder<std::fs::File>> {
    let path = &spec.path;
    let file = crate::source::open(path)?;
    if file.metadata().map(|m| m.len()).unwrap_or(0) == 0 {
        return Err(DataError::structure(
            path,
            "the file is empty; expected a Parquet file",
        ));
    }
    ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| not_parquet(spec, e))
}

fn not_parquet(spec: &SourceSpec, e: impl std::fmt::Display) -> DataError {
    DataError::structure(
        &spec.path,
        format!(
            "cannot read it as Parquet (is it a complete Parquet file?): {}",
            crate::error::plain(&e.to_string())
        ),
    )
}

/// The column names of a Parquet file.
pub(crate) fn header_names(spec: &SourceSpec) -> Result<Vec<String>> {
    let builder = builder(spec)?;
    Ok(builder
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect())
}

/// Map the columns, check their types and decide the formats.
pub(crate) fn plan_parquet(spec: &SourceSpec, stats: &mut TableStats) -> Result<ParquetPlan> {
    let path = &spec.path;
    let builder = builder(spec)?;
    let group_rows: Vec<u64> = builder
        .metadata()
        .row_groups()
        .iter()
        .map(|g| u64::try_from(g.num_rows()).unwrap_or(0))
        .collect();
    let schema = builder.schema().clone();
    let headers: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    let mapping =
        crate::source::map_source(spec, &headers).map_err(|m| DataError::structure(path, m))?;
    let specs = spec.table.columns();
    let mut roots: Vec<usize> = mapping.positions.iter().flatten().copied().collect();
    for (i, p) in mapping.positions.iter().enumerate() {
        if let Some(p) = *p {
            let field = schema.field(p);
            let t = field.data_type();
            if let Some(why) = refusal(&specs[i], t) {
                return Err(DataError::structure(
                    path,
                    format!(
                        "column `{}` (mapped as {} in [{}]) {why}, or map another column in \
                         [{}.columns]",
                        field.name(),
                        specs[i].key,
                        spec.table,
                        spec.table
                    ),
                ));
            }
            if let DataType::Timestamp(_, Some(tz)) = t {
                if zone_offset(tz).is_none() {
                    return Err(DataError::structure(
                        path,
                        format!(
                            "column `{}` ({}) holds timestamps in the time zone `{tz}`, whose \
                             offset changes over the year, so its dates cannot be read without \
                             a zone database; store local dates (Arrow date32) or timestamps \
                             in UTC or with a fixed offset such as +01:00",
                            field.name(),
                            specs[i].key
                        ),
                    ));
                }
            }
        }
    }
    // Customer attributes: every other column of a readable type.
    let readable = |p: usize| {
        let t = schema.field(p).data_type();
        !matches!(kind(t), Kind::Unreadable | Kind::Null)
            && Col::new(arrow_array::new_empty_array(t).as_ref()).is_some()
    };
    let mut extra_mapping = mapping.clone();
    extra_mapping
        .positions
        .extend((0..headers.len()).filter(|p| !readable(*p)).map(Some));
    let extra = crate::row::extra_columns(spec, &extra_mapping, &headers, stats);
    roots.extend(extra.iter().copied());
    roots.sort_unstable();
    roots.dedup();
    // the first batch decides the formats of text columns
    let mask = ProjectionMask::roots(builder.parquet_schema(), roots.iter().copied());
    let mut reader = builder
        .with_projection(mask)
        .with_batch_size(1000)
        .build()
        .map_err(|e| not_parquet(spec, e))?;
    let first = reader
        .next()
        .transpose()
        .map_err(|e| not_parquet(spec, e))?;
    let converter = match &first {
        Some(batch) => {
            let bschema = batch.schema();
            let cols = columns(&mapping.positions, &headers, batch, &bschema);
            let sample = |i: usize| -> Vec<String> {
                cols[i].as_ref().map_or_else(Vec::new, |c| {
                    (0..batch.num_rows()).filter_map(|r| c.text(r)).collect()
                })
            };
            formats(spec, &mapping, &headers, &sample, stats)?
        }
        None => formats(spec, &mapping, &headers, &|_| Vec::new(), stats)?,
    };
    Ok(ParquetPlan {
        headers,
        mapping,
        extra: extra.into_iter().map(Some).collect(),
        roots,
        converter,
        group_rows,
    })
}

/// Read the given row groups (all when `None`); rows are numbered from
/// `first_row + 1`. With `decode_ahead`, a second thread decompresses and
/// decodes the next batches while this one converts and consumes rows.
#[allow(clippy::too_many_arguments)] // one private helper, two call sites
pub(crate) fn read_parquet_groups(
    spec: &SourceSpec,
    plan: &ParquetPlan,
    groups: Option<Vec<usize>>,
    first_row: u64,
    decode_ahead: bool,
    progress: &dyn Progress,
    stats: &mut TableStats,
    consume: &mut dyn FnMut(&[Value<'_>], u64) -> Outcome,
) -> Result<()> {
    let builder = builder(spec)?;
    let mask = ProjectionMask::roots(builder.parquet_schema(), plan.roots.iter().copied());
    let mut builder = builder.with_projection(mask).with_batch_size(8192);
    if let Some(g) = groups {
        builder = builder.with_row_groups(g);
    }
    let reader = builder.build().map_err(|e| not_parquet(spec, e))?;
    let mut row = first_row;
    let mut take = |batch: RecordBatch| {
        consume_batch(plan, &batch, &mut row, stats, consume);
        progress.advance_to(row);
    };
    if !decode_ahead {
        for batch in reader {
            take(batch.map_err(|e| not_parquet(spec, e))?);
        }
        return Ok(());
    }
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel(4);
        scope.spawn(move || {
            for batch in reader {
                let failed = batch.is_err();
                if send.send(batch).is_err() || failed {
                    break;
                }
            }
        });
        // dropping `receive` on an error stops the decoding thread
        for batch in receive {
            take(batch.map_err(|e| not_parquet(spec, e))?);
        }
        Ok(())
    })
}

pub(crate) fn read_parquet(
    spec: &SourceSpec,
    progress: &dyn Progress,
    stats: &mut TableStats,
    consume: &mut dyn FnMut(&[Value<'_>], u64) -> Outcome,
) -> Result<()> {
    let plan = plan_parquet(spec, stats)?;
    progress.begin(
        &format!("reading {}", spec.table),
        plan.group_rows.iter().sum(),
    );
    read_parquet_groups(spec, &plan, None, 0, false, progress, stats, consume)?;
    progress.end();
    Ok(())
}

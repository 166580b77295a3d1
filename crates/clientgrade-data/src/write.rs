//! Writing tables of typed values as CSV or Parquet (exports and generated data).

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{
    Date32Builder, Decimal128Builder, Float64Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use clientgrade_core::{Value, ValueKind};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

use crate::{DataError, Result};

/// A column of an output table.
#[derive(Clone, Debug)]
pub struct Column {
    /// Header name.
    pub name: String,
    /// Value type.
    pub kind: ValueKind,
}

impl Column {
    /// A column.
    pub fn new(name: impl Into<String>, kind: ValueKind) -> Column {
        Column {
            name: name.into(),
            kind,
        }
    }
}

/// Something that takes rows of typed values and writes a file.
pub trait TableWriter {
    /// Append one row (one value per column, in column order).
    fn write_row(&mut self, row: &[Value<'_>]) -> Result<()>;
    /// Flush and close the file.
    fn finish(self: Box<Self>) -> Result<()>;
}

fn create(path: &Path) -> Result<BufWriter<File>> {
    File::create(path)
        .map(|f| BufWriter::with_capacity(1 << 20, f))
        .map_err(|e| DataError::write(path, e))
}

/// CSV with a header row; dates ISO, money with 2–4 decimals, empty for null.
pub struct CsvTableWriter {
    path: PathBuf,
    inner: csv::Writer<BufWriter<File>>,
    fields: Vec<String>,
}

impl CsvTableWriter {
    /// Create the file and write the header.
    pub fn create(path: &Path, columns: &[Column]) -> Result<CsvTableWriter> {
        let mut inner = csv::WriterBuilder::new().from_writer(create(path)?);
        inner
            .write_record(columns.iter().map(|c| c.name.as_str()))
            .map_err(|e| DataError::write(path, e))?;
        Ok(CsvTableWriter {
            path: path.to_path_buf(),
            inner,
            fields: vec![String::new(); columns.len()],
        })
    }
}

impl TableWriter for CsvTableWriter {
    fn write_row(&mut self, row: &[Value<'_>]) -> Result<()> {
        use std::fmt::Write;
        for (f, v) in self.fields.iter_mut().zip(row) {
            f.clear();
            let _ = match v {
                Value::Null => Ok(()),
                Value::Text(s) => f.write_str(s),
                Value::Date(d) => write!(f, "{d}"),
                Value::Money(m) => write!(f, "{m}"),
                Value::Int(i) => write!(f, "{i}"),
                Value::Float(x) => write!(f, "{x}"),
            };
        }
        self.inner
            .write_record(&self.fields)
            .map_err(|e| DataError::write(&self.path, e))
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        self.inner
            .flush()
            .map_err(|e| DataError::write(&self.path, e))
    }
}

enum Builder {
    Text(StringBuilder),
    Date(Date32Builder),
    Money(Decimal128Builder),
    Int(Int64Builder),
    Float(Float64Builder),
}

const ROWS_PER_BATCH: usize = 65_536;

/// Parquet (zstd): text as UTF-8, dates as Date32, money as Decimal128(38, 4).
pub struct ParquetTableWriter {
    path: PathBuf,
    schema: SchemaRef,
    builders: Vec<Builder>,
    rows: usize,
    batch_rows: usize,
    writer: ArrowWriter<BufWriter<File>>,
}

impl ParquetTableWriter {
    /// Create the file (row groups of up to 1,048,576 rows).
    pub fn create(path: &Path, columns: &[Column]) -> Result<ParquetTableWriter> {
        ParquetTableWriter::with_row_group_rows(path, columns, 1 << 20)
    }

    /// Create the file with row groups of up to `rows` rows (readers split
    /// work by row group).
    pub fn with_row_group_rows(
        path: &Path,
        columns: &[Column],
        rows: usize,
    ) -> Result<ParquetTableWriter> {
        let fields: Vec<Field> = columns
            .iter()
            .map(|c| {
                let t = match c.kind {
                    ValueKind::Text => DataType::Utf8,
                    ValueKind::Date => DataType::Date32,
                    ValueKind::Money => DataType::Decimal128(38, 4),
                    ValueKind::Int => DataType::Int64,
                    ValueKind::Float => DataType::Float64,
                };
                Field::new(c.name.clone(), t, true)
            })
            .collect();
        let schema = Arc::new(Schema::new(fields));
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_created_by("clientgrade".into())
            .set_max_row_group_row_count(Some(rows.max(1)))
            .build();
        let writer = ArrowWriter::try_new(create(path)?, schema.clone(), Some(props))
            .map_err(|e| DataError::write(path, e))?;
        let mut w = ParquetTableWriter {
            path: path.to_path_buf(),
            schema,
            builders: Vec::new(),
            rows: 0,
            batch_rows: rows.max(1),
            writer,
        };
        w.builders = w.new_builders();
        Ok(w)
    }

    fn new_builders(&self) -> Vec<Builder> {
        self.schema
            .fields()
            .iter()
            .map(|f| match f.data_type() {
                DataType::Utf8 => Builder::Text(StringBuilder::new()),
                DataType::Date32 => Builder::Date(Date32Builder::new()),
                DataType::Decimal128(..) => Builder::Money(
                    Decimal128Builder::new()
                        .with_precision_and_scale(38, 4)
                        .expect("valid precision and scale"),
                ),
                DataType::Int64 => Builder::Int(Int64Builder::new()),
                _ => Builder::Float(Float64Builder::new()),
            })
            .collect()
    }

    fn flush(&mut self) -> Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let fresh = self.new_builders();
        let arrays: Vec<ArrayRef> = std::mem::replace(&mut self.builders, fresh)
            .into_iter()
            .map(|b| -> ArrayRef {
                match b {
                    Builder::Text(mut b) => Arc::new(b.finish()),
                    Builder::Date(mut b) => Arc::new(b.finish()),
                    Builder::Money(mut b) => Arc::new(b.finish()),
                    Builder::Int(mut b) => Arc::new(b.finish()),
                    Builder::Float(mut b) => Arc::new(b.finish()),
                }
            })
            .collect();
        let batch = RecordBatch::try_new(self.schema.clone(), arrays)
            .map_err(|e| DataError::write(&self.path, e))?;
        self.writer
            .write(&batch)
            .map_err(|e| DataError::write(&self.path, e))?;
        self.rows = 0;
        Ok(())
    }
}

impl TableWriter for ParquetTableWriter {
    fn write_row(&mut self, row: &[Value<'_>]) -> Result<()> {
        for (b, v) in self.builders.iter_mut().zip(row) {
            match (b, *v) {
                (Builder::Text(b), Value::Text(s)) => b.append_value(s),
                (Builder::Text(b), Value::Int(i)) => b.append_value(i.to_string()),
                (Builder::Text(b), _) => b.append_null(),
                (Builder::Date(b), Value::Date(d)) => b.append_value(d.days()),
                (Builder::Date(b), _) => b.append_null(),
                (Builder::Money(b), Value::Money(m)) => b.append_value(i128::from(m.raw())),
                (Builder::Money(b), _) => b.append_null(),
                (Builder::Int(b), Value::Int(i)) => b.append_value(i),
                (Builder::Int(b), _) => b.append_null(),
                (Builder::Float(b), Value::Float(x)) => b.append_value(x),
                (Builder::Float(b), _) => b.append_null(),
            }
        }
        self.rows += 1;
        if self.rows >= ROWS_PER_BATCH.min(self.batch_rows) {
            self.flush()?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        self.flush()?;
        let path = self.path.clone();
        self.writer
            .close()
            .map(|_| ())
            .map_err(|e| DataError::write(&path, e))
    }
}

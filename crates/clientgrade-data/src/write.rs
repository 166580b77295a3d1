//! Writing tables of typed values as CSV or Parquet (exports and generated data), every file atomically.
//!
//! Every output goes through [`AtomicFile`]: it is written under a hidden
//! temporary name in its destination's folder and renamed over the
//! destination only when complete. An interrupted or failed run leaves the
//! previous file as it was (and, on an error, no temporary file); a symlink
//! at the destination is replaced, never followed, so its target is untouched.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
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

/// A file being written under a temporary name beside its destination.
///
/// [`AtomicFile::commit`] renames it over the destination; dropped without
/// a commit (an error on the way), the temporary file is removed.
pub struct AtomicFile {
    file: Option<File>,
    tmp: PathBuf,
    dest: PathBuf,
}

/// Temporary names taken by this process so far.
static TEMPORARIES: AtomicU64 = AtomicU64::new(0);

impl AtomicFile {
    /// Start writing `dest`: a new, empty temporary file in the same folder
    /// (`.NAME.PID-N.tmp`). Nothing happens to `dest` until the commit.
    pub fn create(dest: &Path) -> Result<AtomicFile> {
        let name = dest
            .file_name()
            .ok_or_else(|| DataError::write(dest, "not a file name"))?
            .to_string_lossy();
        let dir = dest.parent().filter(|d| !d.as_os_str().is_empty());
        loop {
            let n = TEMPORARIES.fetch_add(1, Ordering::Relaxed);
            let tmp_name = format!(".{name}.{}-{n}.tmp", std::process::id());
            let tmp = dir.map_or_else(|| PathBuf::from(&tmp_name), |d| d.join(&tmp_name));
            // create_new: never opens an existing file or follows a symlink
            match OpenOptions::new().write(true).create_new(true).open(&tmp) {
                Ok(file) => {
                    return Ok(AtomicFile {
                        file: Some(file),
                        tmp,
                        dest: dest.to_path_buf(),
                    })
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(DataError::write(dest, e)),
            }
        }
    }

    /// The destination.
    pub fn dest(&self) -> &Path {
        &self.dest
    }

    /// Close the complete temporary file; the rename is left to
    /// [`Staged::commit`], so that several files can be completed first and
    /// then renamed together.
    pub fn stage(mut self) -> Result<Staged> {
        let file = self.file.take().expect("an open file until staged");
        let staged = Staged {
            tmp: std::mem::take(&mut self.tmp),
            dest: std::mem::take(&mut self.dest),
            done: false,
        };
        drop(file);
        Ok(staged)
    }

    /// Close the complete file and rename it over the destination.
    pub fn commit(self) -> Result<()> {
        self.stage()?.commit()
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.as_mut().expect("open").write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.as_mut().expect("open").flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// A complete file under its temporary name, waiting to be renamed over its
/// destination; removed when dropped without [`Staged::commit`].
pub struct Staged {
    tmp: PathBuf,
    dest: PathBuf,
    done: bool,
}

impl Staged {
    /// Rename the file over its destination (a symlink there is replaced,
    /// its target untouched).
    pub fn commit(mut self) -> Result<()> {
        std::fs::rename(&self.tmp, &self.dest).map_err(|e| DataError::write(&self.dest, e))?;
        self.done = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Write `bytes` to `dest` atomically.
pub fn write_atomic(dest: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = AtomicFile::create(dest)?;
    f.write_all(bytes).map_err(|e| DataError::write(dest, e))?;
    f.commit()
}

/// Commit every staged file, in order. A destination that is a folder is
/// refused before anything is renamed; a failure stops the renames (the
/// files not yet renamed are removed).
pub fn commit_all(staged: Vec<Staged>) -> Result<()> {
    for s in &staged {
        if std::fs::symlink_metadata(&s.dest).is_ok_and(|m| m.is_dir()) {
            return Err(DataError::write(
                &s.dest,
                "a folder has this name; move it away or choose another output folder",
            ));
        }
    }
    staged.into_iter().try_for_each(Staged::commit)
}

/// Something that takes rows of typed values and writes a file.
pub trait TableWriter {
    /// Append one row (one value per column, in column order).
    fn write_row(&mut self, row: &[Value<'_>]) -> Result<()>;
    /// Complete the file under its temporary name (see [`AtomicFile::stage`]).
    fn stage(self: Box<Self>) -> Result<Staged>;
    /// Complete the file and rename it over its destination.
    fn finish(self: Box<Self>) -> Result<()> {
        self.stage()?.commit()
    }
}

fn create(path: &Path) -> Result<BufWriter<AtomicFile>> {
    AtomicFile::create(path).map(|f| BufWriter::with_capacity(1 << 20, f))
}

/// The temporary file under a buffered writer, flushed.
fn unbuffer(path: &Path, w: BufWriter<AtomicFile>) -> Result<AtomicFile> {
    w.into_inner()
        .map_err(|e| DataError::write(path, e.into_error()))
}

/// Whether a spreadsheet could run `text` as a formula: it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return and is not a plain number
/// (`-12.50` stays a number).
pub fn formula_like(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if !matches!(first, '=' | '+' | '-' | '@' | '\t' | '\r') {
        return false;
    }
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let plain_number = !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit());
    !plain_number
}

/// CSV with a header row; dates ISO, money with 2–4 decimals, empty for null.
pub struct CsvTableWriter {
    path: PathBuf,
    inner: csv::Writer<BufWriter<AtomicFile>>,
    fields: Vec<String>,
    neutralise: bool,
}

impl CsvTableWriter {
    /// Create the file and write the header; text is written as it is
    /// (generated data, files meant to be read back).
    pub fn create(path: &Path, columns: &[Column]) -> Result<CsvTableWriter> {
        CsvTableWriter::open(path, columns, false)
    }

    /// Create a file meant to be opened in a spreadsheet: a text cell or a
    /// column name that could run as a formula ([`formula_like`]) is written
    /// with a leading `'`, so the spreadsheet shows it as text. Numbers, money and dates
    /// are never changed (a negative amount stays a number).
    pub fn for_spreadsheets(path: &Path, columns: &[Column]) -> Result<CsvTableWriter> {
        CsvTableWriter::open(path, columns, true)
    }

    fn open(path: &Path, columns: &[Column], neutralise: bool) -> Result<CsvTableWriter> {
        let mut inner = csv::WriterBuilder::new().from_writer(create(path)?);
        // a column name can come from the data too (customer attributes)
        let header = columns.iter().map(|c| {
            if neutralise && formula_like(&c.name) {
                format!("'{}", c.name)
            } else {
                c.name.clone()
            }
        });
        inner
            .write_record(header)
            .map_err(|e| DataError::write(path, e))?;
        Ok(CsvTableWriter {
            path: path.to_path_buf(),
            inner,
            fields: vec![String::new(); columns.len()],
            neutralise,
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
                Value::Text(s) if self.neutralise && formula_like(s) => {
                    f.push('\'');
                    f.write_str(s)
                }
                Value::Text(s) => f.write_str(s),
                Value::Date(d) => write!(f, "{d}"),
                Value::Money(m) => write!(f, "{m}"),
                Value::Int(i) => write!(f, "{i}"),
                // a number that is not finite is written as missing, never NaN or inf
                Value::Float(x) if !x.is_finite() => Ok(()),
                Value::Float(x) => write!(f, "{x}"),
            };
        }
        self.inner
            .write_record(&self.fields)
            .map_err(|e| DataError::write(&self.path, e))
    }

    fn stage(self: Box<Self>) -> Result<Staged> {
        let path = self.path;
        let buffered = self
            .inner
            .into_inner()
            .map_err(|e| DataError::write(&path, e.error()))?;
        unbuffer(&path, buffered)?.stage()
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
    writer: ArrowWriter<BufWriter<AtomicFile>>,
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
                (Builder::Float(b), Value::Float(x)) if x.is_finite() => b.append_value(x),
                (Builder::Float(b), _) => b.append_null(),
            }
        }
        self.rows += 1;
        if self.rows >= ROWS_PER_BATCH.min(self.batch_rows) {
            self.flush()?;
        }
        Ok(())
    }

    fn stage(mut self: Box<Self>) -> Result<Staged> {
        self.flush()?;
        let path = self.path;
        let buffered = self
            .writer
            .into_inner()
            .map_err(|e| DataError::write(&path, e))?;
        unbuffer(&path, buffered)?.stage()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder for one test.
    fn folder(name: &str) -> PathBuf {
        let d = std::env::temp_dir()
            .join(format!("clientgrade-write-{}", std::process::id()))
            .join(name);
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    /// Names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    fn columns() -> Vec<Column> {
        vec![
            Column::new("id", ValueKind::Text),
            Column::new("amount", ValueKind::Money),
        ]
    }

    #[test]
    fn a_complete_file_replaces_the_old_one_and_leaves_no_temporary() {
        let dir = folder("complete");
        let dest = dir.join("out.csv");
        std::fs::write(&dest, "old").unwrap();
        write_atomic(&dest, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "new");
        let mut w = Box::new(CsvTableWriter::create(&dest, &columns()).unwrap());
        w.write_row(&[Value::Text("A"), Value::Null]).unwrap();
        w.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&dest).unwrap(), "id,amount\nA,\n");
        assert_eq!(names(&dir), ["out.csv"]);
    }

    #[test]
    fn a_failure_mid_write_leaves_the_old_file_and_no_temporary() {
        let dir = folder("failure");
        for (name, parquet) in [("t.csv", false), ("t.parquet", true)] {
            let dest = dir.join(name);
            std::fs::write(&dest, "previous run").unwrap();
            let mut w: Box<dyn TableWriter> = if parquet {
                Box::new(ParquetTableWriter::create(&dest, &columns()).unwrap())
            } else {
                Box::new(CsvTableWriter::create(&dest, &columns()).unwrap())
            };
            for i in 0..100_000 {
                w.write_row(&[Value::Text("A"), Value::Int(i)]).unwrap();
            }
            // an error on the way: the writer is dropped unfinished
            drop(w);
            assert_eq!(std::fs::read_to_string(&dest).unwrap(), "previous run");
        }
        // staged but not committed (another output failed): removed as well
        let dest = dir.join("s.json");
        let mut f = AtomicFile::create(&dest).unwrap();
        f.write_all(b"{}").unwrap();
        drop(f.stage().unwrap());
        assert!(!dest.exists());
        assert_eq!(names(&dir), ["t.csv", "t.parquet"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_at_the_destination_is_replaced_not_followed() {
        let dir = folder("symlink");
        let target = dir.join("precious.txt");
        std::fs::write(&target, "keep me").unwrap();
        let link = dir.join("rejects.csv");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let mut w = Box::new(CsvTableWriter::create(&link, &columns()).unwrap());
        w.write_row(&[Value::Text("A"), Value::Null]).unwrap();
        w.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
        assert!(!std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&link).unwrap(), "id,amount\nA,\n");
        assert_eq!(names(&dir), ["precious.txt", "rejects.csv"]);
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_neutralised_and_numbers_stay_numbers() {
        for f in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1 555 0100",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "-",
            "+",
            "-1e5",
            "--1",
            "-1.",
            "-.5",
        ] {
            assert!(formula_like(f), "{f:?}");
        }
        for n in ["", "plain", "A=1", " =1", "-12.50", "+7", "-0", "12", "1.5"] {
            assert!(!formula_like(n), "{n:?}");
        }
        let dir = folder("formulas");
        let dest = dir.join("c.csv");
        let cols = vec![
            Column::new("id", ValueKind::Text),
            Column::new("amount", ValueKind::Money),
            Column::new("share", ValueKind::Float),
        ];
        let row = |id| {
            [
                Value::Text(id),
                Value::Money(clientgrade_core::Money::from_cents(-1250)),
                Value::Float(-0.5),
            ]
        };
        let mut w = Box::new(CsvTableWriter::for_spreadsheets(&dest, &cols).unwrap());
        for id in ["=1+1", "@x", "-12.50", "ok"] {
            w.write_row(&row(id)).unwrap();
        }
        w.finish().unwrap();
        assert_eq!(
            std::fs::read_to_string(&dest).unwrap(),
            "id,amount,share\n'=1+1,-12.50,-0.5\n'@x,-12.50,-0.5\n-12.50,-12.50,-0.5\nok,-12.50,-0.5\n"
        );
        // files meant to be read back keep the raw text
        let mut w = Box::new(CsvTableWriter::create(&dest, &cols).unwrap());
        w.write_row(&row("=1+1")).unwrap();
        w.finish().unwrap();
        assert!(std::fs::read_to_string(&dest).unwrap().contains("\n=1+1,"));
    }

    #[test]
    fn a_destination_that_cannot_be_replaced_is_an_error_and_leaves_nothing() {
        let dir = folder("directory");
        let dest = dir.join("report.html");
        std::fs::create_dir(&dest).unwrap();
        std::fs::write(dest.join("inside"), "x").unwrap();
        let e = write_atomic(&dest, b"<html>").unwrap_err().to_string();
        assert!(
            e.starts_with(&format!("{}: cannot write", dest.display())),
            "{e}"
        );
        assert_eq!(names(&dir), ["report.html"]);
    }
}
